// TEMPORARY probe. Not to be committed.
use pdfium_render::prelude::*;
use std::time::Instant;
fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
fn stats(name: &str, mut v: Vec<f64>) {
    v.sort_by(f64::total_cmp);
    println!("{name:28} min {:6.2} med {:6.2}", v[0], v[v.len() / 2]);
}
fn main() {
    let f = std::env::args().nth(1).unwrap();
    let _l = pdf::library::pdfium_lock();
    let (pdfium, _) = pdf::library::bind(&pdf::LibrarySearch::standard()).unwrap();
    let (w, h) = (1280i32, 1656i32);
    let n = 30;
    let names = [
        "fixed",
        "matrix",
        "fixed noannot",
        "matrix noannot",
        "fixed smooth",
        "matrix smooth",
        "fixed nolimit",
    ];
    let mut times: Vec<Vec<f64>> = vec![vec![]; names.len()];
    let mut outs: Vec<Vec<u8>> = vec![vec![]; names.len()];
    for _ in 0..n {
        for (i, name) in names.iter().enumerate() {
            let doc = pdfium.load_pdf_from_file(&f, None).unwrap();
            let page = doc.pages().get(0).unwrap();
            let mut out = vec![255u8; (w * h * 4) as usize];
            let t = Instant::now();
            let mut bm = PdfBitmap::from_bytes(w, h, PdfBitmapFormat::BGRx, &mut out).unwrap();
            let mut cfg = PdfRenderConfig::new()
                .set_fixed_size(w, h)
                .set_format(PdfBitmapFormat::BGRx)
                .set_reverse_byte_order(false)
                .limit_render_image_cache_size(!name.contains("nolimit"))
                .set_image_smoothing(name.contains("smooth"))
                .render_annotations(!name.contains("noannot"))
                .clear_before_rendering(false);
            if name.starts_with("matrix") {
                cfg = cfg
                    .render_form_data(false)
                    .scale_page_width_by_factor(w as f32 / page.width().value)
                    .scale_page_height_by_factor(h as f32 / page.height().value);
            }
            page.render_into_bitmap_with_config(&mut bm, &cfg).unwrap();
            drop(bm);
            times[i].push(ms(t));
            outs[i] = out;
        }
    }
    for (i, name) in names.iter().enumerate() {
        let d = outs[i].iter().zip(&outs[0]).filter(|(a, b)| a != b).count();
        stats(&format!("{name} diff={d}"), times[i].clone());
    }
}
