// TEMPORARY probe: breakdown of time to first page. Not to be committed.
use pdf::encode::{self, Bgrx};
use pdfium_render::prelude::*;
use std::time::Instant;

fn med(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![];
    for seed in 0..8u64 {
        let spec = scans::ScanSpec {
            title: format!("Passeport / Passport {seed}"),
            lines: vec![
                "Nom / Name: TREMBLAY, Élise".into(),
                format!("No: ZX12345{seed}"),
            ],
            pages: 1,
            colour: scans::ScanColour::Colour,
            dpi: 150,
            seed,
            text_layer: true,
        };
        let p = dir.path().join(format!("s{seed}.pdf"));
        std::fs::write(&p, scans::scanned_pdf(&spec)).unwrap();
        files.push(p);
    }
    if let Some(keep) = std::env::args().nth(1) {
        std::fs::copy(&files[0], keep).unwrap();
    }
    let _l = pdf::library::pdfium_lock();
    let (pdfium, _) = pdf::library::bind(&pdf::LibrarySearch::standard()).unwrap();
    let variants: Vec<(&str, Box<dyn Fn(PdfRenderConfig) -> PdfRenderConfig>)> = vec![
        ("current", Box::new(|c| c)),
        (
            "no annot",
            Box::new(|c: PdfRenderConfig| c.render_annotations(false)),
        ),
        (
            "no form",
            Box::new(|c: PdfRenderConfig| c.render_form_data(false)),
        ),
        (
            "no form+annot",
            Box::new(|c: PdfRenderConfig| c.render_form_data(false).render_annotations(false)),
        ),
        (
            "no clear",
            Box::new(|c: PdfRenderConfig| c.clear_before_rendering(false)),
        ),
        (
            "smooth",
            Box::new(|c: PdfRenderConfig| c.set_image_smoothing(true)),
        ),
        (
            "BGR",
            Box::new(|c: PdfRenderConfig| c.set_format(PdfBitmapFormat::BGR)),
        ),
        (
            "no limit cache",
            Box::new(|c: PdfRenderConfig| c.limit_render_image_cache_size(false)),
        ),
    ];
    for (name, v) in &variants {
        let (mut load, mut page_t, mut objs, mut render, mut copy, mut enc, mut total) =
            (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
        for _ in 0..3 {
            for f in &files {
                let t = Instant::now();
                let doc = pdfium.load_pdf_from_file(f, None).unwrap();
                let _ = doc.pages().len();
                load.push(ms(t));
                let t1 = Instant::now();
                let page = doc.pages().get(0).unwrap();
                page_t.push(ms(t1));
                let t1 = Instant::now();
                let mut n = 0;
                for o in page.objects().iter() {
                    n += 1;
                    if let Some(i) = o.as_image_object() {
                        let _ = i.width();
                        let _ = i.horizontal_dpi();
                        let _ = o.bounds();
                    }
                }
                let _ = n;
                objs.push(ms(t1));
                let t1 = Instant::now();
                let cfg = PdfRenderConfig::new()
                    .set_fixed_size(1280, 1656)
                    .set_format(PdfBitmapFormat::BGRx)
                    .set_reverse_byte_order(false)
                    .limit_render_image_cache_size(true)
                    .set_image_smoothing(false)
                    .render_annotations(true);
                let cfg = v(cfg);
                let bm = page.render_with_config(&cfg).unwrap();
                render.push(ms(t1));
                let t1 = Instant::now();
                let raw = bm.as_raw_bytes();
                let (w, h) = (bm.width() as u32, bm.height() as u32);
                let b = if *name == "BGR" {
                    Bgrx {
                        width: w,
                        height: h,
                        data: raw
                            .chunks_exact(3)
                            .flat_map(|p| [p[0], p[1], p[2], 255])
                            .collect(),
                    }
                } else {
                    Bgrx::from_strided(w, h, raw.len() / h as usize, raw).unwrap()
                };
                copy.push(ms(t1));
                let t1 = Instant::now();
                let j = encode::jpeg(&b, 80).unwrap();
                enc.push(ms(t1));
                drop(bm);
                drop(page);
                drop(doc);
                total.push(ms(t));
                let _ = j;
            }
        }
        println!(
            "{name:16} load {:5.2} page {:5.2} objs {:5.2} render {:6.2} copy {:5.2} jpeg {:5.2} total {:6.2}",
            med(load),
            med(page_t),
            med(objs),
            med(render),
            med(copy),
            med(enc),
            med(total)
        );
    }
}
