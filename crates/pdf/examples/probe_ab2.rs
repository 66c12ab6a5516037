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
fn minflt() -> u64 { let s = std::fs::read_to_string("/proc/self/stat").unwrap(); let after = &s[s.rfind(')').unwrap()+2..]; after.split(' ').nth(7).unwrap().parse().unwrap() }
fn main() {
    let f = std::env::args().nth(1).unwrap();
    let _l = pdf::library::pdfium_lock();
    let (pdfium, _) = pdf::library::bind(&pdf::LibrarySearch::standard()).unwrap();
    let (w, h) = (1280i32, 1656i32);
    let n = 30;
    let names = [
        "pdfium bitmap+copy",
        "pdfium bitmap",
        "fresh vec",
        "reused vec",
        "reused vec+pdfium clear",
        "fresh vec zeroed+fill",
    ];
    let mut times: Vec<Vec<f64>> = vec![vec![]; names.len()];
    let mut reused = vec![0u8; (w * h * 4) as usize];
    let mut sum = 0u8;
    let mut faults = vec![0u64; names.len()];
    for round in 0..2 {
    for (i, _name) in names.iter().enumerate() {
        for _ in 0..n {
            let doc = pdfium.load_pdf_from_file(&f, None).unwrap();
            let page = doc.pages().get(0).unwrap();
            let cfg = PdfRenderConfig::new()
                .set_fixed_size(w, h)
                .set_format(PdfBitmapFormat::BGRx)
                .set_reverse_byte_order(false)
                .limit_render_image_cache_size(true)
                .set_image_smoothing(false);
            let f0 = minflt();
            let t = Instant::now();
            match i {
                0 | 1 => {
                    let bm = page.render_with_config(&cfg).unwrap();
                    if i == 0 {
                        let v = bm.as_raw_bytes();
                        sum = sum.wrapping_add(v[1000]);
                    }
                }
                2 => {
                    let mut out = Vec::with_capacity((w * h * 4) as usize);
                    out.resize((w * h * 4) as usize, 255u8);
                    let mut bm =
                        PdfBitmap::from_bytes(w, h, PdfBitmapFormat::BGRx, &mut out).unwrap();
                    page.render_into_bitmap_with_config(
                        &mut bm,
                        &cfg.clear_before_rendering(false),
                    )
                    .unwrap();
                    drop(bm);
                    sum = sum.wrapping_add(out[1000]);
                }
                3 => {
                    reused.fill(255);
                    let mut bm =
                        PdfBitmap::from_bytes(w, h, PdfBitmapFormat::BGRx, &mut reused).unwrap();
                    page.render_into_bitmap_with_config(
                        &mut bm,
                        &cfg.clear_before_rendering(false),
                    )
                    .unwrap();
                    drop(bm);
                    sum = sum.wrapping_add(reused[1000]);
                }
                4 => {
                    let mut bm =
                        PdfBitmap::from_bytes(w, h, PdfBitmapFormat::BGRx, &mut reused).unwrap();
                    page.render_into_bitmap_with_config(&mut bm, &cfg).unwrap();
                    drop(bm);
                    sum = sum.wrapping_add(reused[1000]);
                }
                _ => {
                    let mut out = vec![0u8; (w * h * 4) as usize];
                    out.fill(255);
                    let mut bm =
                        PdfBitmap::from_bytes(w, h, PdfBitmapFormat::BGRx, &mut out).unwrap();
                    page.render_into_bitmap_with_config(
                        &mut bm,
                        &cfg.clear_before_rendering(false),
                    )
                    .unwrap();
                    drop(bm);
                    sum = sum.wrapping_add(out[1000]);
                }
            }
            if round == 1 { times[i].push(ms(t)); faults[i] += minflt() - f0; }
        }
    }}
    for (i, name) in names.iter().enumerate() {
        stats(name, times[i].clone()); println!("   faults/iter {}", faults[i] / n as u64);
    }
    println!("{sum}");
    let mut v = vec![];
    for _ in 0..n {
        let t = Instant::now();
        let mut x = Vec::<u8>::with_capacity((w * h * 4) as usize);
        x.resize((w * h * 4) as usize, 255);
        std::hint::black_box(&mut x);
        v.push(ms(t));
    }
    stats("fresh 8.5MB fill", v);
    let mut v = vec![];
    for _ in 0..n {
        let t = Instant::now();
        reused.fill(255);
        std::hint::black_box(&mut reused);
        v.push(ms(t));
    }
    stats("reused fill", v);
}
