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
    let n = 25;
    let mut reference: Option<Vec<u8>> = None;
    for round in 0..2 {
        for limited in [true, false] {
            for form in [true, false] {
                for k in [1i32, 2, 4, 8] {
                    let mut v = vec![];
                    let mut first = vec![];
                    let mut out = vec![0u8; (w * h * 4) as usize];
                    for _ in 0..n {
                        let doc = pdfium.load_pdf_from_file(&f, None).unwrap();
                        let page = doc.pages().get(0).unwrap();
                        let t = Instant::now();
                        let strip = (h as u32).div_ceil(16).div_ceil(k as u32) as i32 * 16;
                        let mut y = 0;
                        let mut i = 0;
                        while y < h {
                            let sh = strip.min(h - y);
                            let buf = &mut out[(y * w * 4) as usize..((y + sh) * w * 4) as usize];
                            buf.fill(255);
                            let mut bm =
                                PdfBitmap::from_bytes(w, sh, PdfBitmapFormat::BGRx, buf).unwrap();
                            let mut cfg = PdfRenderConfig::new()
                                .set_fixed_size(w, h)
                                .set_format(PdfBitmapFormat::BGRx)
                                .set_reverse_byte_order(false)
                                .limit_render_image_cache_size(limited)
                                .set_image_smoothing(false)
                                .clear_before_rendering(false)
                                .set_origin(0, -y);
                            if !form {
                                cfg = cfg
                                    .render_form_data(false)
                                    .scale_page_width_by_factor(w as f32 / page.width().value)
                                    .scale_page_height_by_factor(h as f32 / page.height().value)
                                    .translate(PdfPoints::new(0.0), PdfPoints::new(0.0))
                                    .unwrap();
                            }
                            page.render_into_bitmap_with_config(&mut bm, &cfg).unwrap();
                            if i == 0 {
                                first.push(ms(t));
                            }
                            y += sh;
                            i += 1;
                        }
                        v.push(ms(t));
                    }
                    if round == 1 && form && k == 1 && limited {
                        reference = Some(out.clone());
                    }
                    let same = reference
                        .as_ref()
                        .map(|r| {
                            if r == &out {
                                "same".to_string()
                            } else {
                                format!(
                                    "DIFF {}",
                                    r.iter().zip(&out).filter(|(a, b)| a != b).count()
                                )
                            }
                        })
                        .unwrap_or_default();
                    stats(&format!("lim={limited} form={form} k={k} {same}"), v);
                    stats("   first strip", first);
                }
            }
        }
    }
}
