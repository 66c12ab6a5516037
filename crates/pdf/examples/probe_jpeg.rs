// TEMPORARY probe. Not to be committed.
use pdf::encode::{self, Bgrx};
use pdfium_render::prelude::*;
use std::time::Instant;
fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
fn stats(name: &str, mut v: Vec<f64>) {
    v.sort_by(f64::total_cmp);
    println!("{name:24} min {:6.2} med {:6.2}", v[0], v[v.len() / 2]);
}
fn main() {
    let f = std::env::args().nth(1).unwrap();
    let _l = pdf::library::pdfium_lock();
    let (pdfium, _) = pdf::library::bind(&pdf::LibrarySearch::standard()).unwrap();
    let doc = pdfium.load_pdf_from_file(&f, None).unwrap();
    let page = doc.pages().get(0).unwrap();
    let base = || {
        PdfRenderConfig::new()
            .set_fixed_size(1280, 1656)
            .set_format(PdfBitmapFormat::BGRx)
            .set_reverse_byte_order(false)
            .limit_render_image_cache_size(true)
            .set_image_smoothing(false)
    };
    let cfg = base();
    let bm = page.render_with_config(&cfg).unwrap();
    let raw = bm.as_raw_bytes();
    let b = Bgrx::from_strided(1280, 1656, 5120, raw).unwrap();
    let n = 30;
    let mut v = vec![];
    for _ in 0..n {
        let t = Instant::now();
        let _ = encode::jpeg(&b, 80).unwrap();
        v.push(ms(t));
    }
    stats("jpeg split", v);
    let mut v = vec![];
    for _ in 0..n {
        let t = Instant::now();
        let mut out = Vec::new();
        let mut e = jpeg_encoder::Encoder::new(&mut out, 80);
        e.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
        e.encode(&b.data, 1280, 1656, jpeg_encoder::ColorType::Bgra)
            .unwrap();
        v.push(ms(t));
    }
    stats("jpeg single", v);
    let mut v = vec![];
    for _ in 0..n {
        let t = Instant::now();
        let mut out = Vec::new();
        let mut e = jpeg_encoder::Encoder::new(&mut out, 80);
        e.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
        e.set_optimized_huffman_tables(false);
        e.encode(&b.data, 1280, 1656, jpeg_encoder::ColorType::Bgra)
            .unwrap();
        v.push(ms(t));
    }
    stats("jpeg single q80", v);
    for (name, c) in [
        ("render current", base()),
        ("render noform", base().render_form_data(false)),
        (
            "render noform noannot",
            base().render_form_data(false).render_annotations(false),
        ),
        ("render noclear", base().clear_before_rendering(false)),
        (
            "render nolimit",
            base().limit_render_image_cache_size(false),
        ),
        ("render smooth", base().set_image_smoothing(true)),
    ] {
        let mut v = vec![];
        for _ in 0..n {
            let t = Instant::now();
            let bm = page.render_with_config(&c).unwrap();
            v.push(ms(t));
            drop(bm);
        }
        stats(name, v);
    }
    let mut v = vec![];
    for _ in 0..n {
        let t = Instant::now();
        let _ = bm.as_raw_bytes();
        v.push(ms(t));
    }
    stats("as_raw_bytes", v);
    let mut v = vec![];
    for _ in 0..n {
        let t = Instant::now();
        let x = vec![255u8; 1280 * 1656 * 4];
        std::hint::black_box(&x);
        v.push(ms(t));
    }
    stats("memset 255", v);
    let mut v = vec![];
    for _ in 0..n {
        let t = Instant::now();
        let p = doc.pages().get(0).unwrap();
        v.push(ms(t));
        drop(p);
    }
    stats("page get", v);
    let mut v = vec![];
    for _ in 0..n {
        let t = Instant::now();
        let d = pdfium.load_pdf_from_file(&f, None).unwrap();
        let p = d.pages().get(0).unwrap();
        v.push(ms(t));
        drop(p);
        drop(d);
    }
    stats("load+page", v);
}
