//! Rendering, the cache, prefetch, cancellation and text search through the worker.

mod common;

use common::{doc, spec};
use pdf::{
    DocumentRef, ImageFormat, PdfError, PdfWorker, RenderRequest, Rotation, ViewTicket,
    WorkerConfig,
};
use scans::ScanColour;

fn own_worker(cache_bytes: usize, prefetch_pages: u32) -> PdfWorker {
    let w = PdfWorker::start(WorkerConfig {
        cache_bytes,
        prefetch_pages,
        ..WorkerConfig::default()
    });
    assert!(
        w.library().is_ok(),
        "these tests need pdfium: {:?}",
        w.library()
    );
    w
}

#[test]
fn a_page_renders_at_the_requested_width_in_each_format() {
    let w = common::worker();
    let d = doc(
        "formats",
        scans::scanned_pdf(&spec("Formats", 1, ScanColour::Colour, 72)),
    );
    let jpeg = w
        .render_blocking(d.clone(), RenderRequest::view(1, 1280))
        .expect("jpeg");
    assert_eq!((jpeg.width, jpeg.height), (1280, 1656));
    assert_eq!(&jpeg.bytes[..2], &[0xFF, 0xD8]);
    assert_eq!(jpeg.mime(), "image/jpeg");
    let png = w
        .render_blocking(
            d.clone(),
            RenderRequest {
                format: ImageFormat::Png,
                ..RenderRequest::view(1, 300)
            },
        )
        .expect("png");
    assert_eq!(&png.bytes[1..4], b"PNG");
    let webp = w
        .render_blocking(
            d,
            RenderRequest {
                format: ImageFormat::WebpLossless,
                ..RenderRequest::view(1, 300)
            },
        )
        .expect("webp");
    assert_eq!(&webp.bytes[8..12], b"WEBP");
}

#[test]
fn rotation_swaps_the_sides() {
    let d = doc(
        "rotate",
        scans::scanned_pdf(&spec("Rotate", 1, ScanColour::Colour, 72)),
    );
    let r = common::worker()
        .render_blocking(
            d,
            RenderRequest {
                rotation: Rotation::Clockwise90,
                ..RenderRequest::view(1, 792)
            },
        )
        .expect("rotated");
    assert_eq!((r.width, r.height), (792, 612));
}

#[test]
fn the_second_request_comes_from_the_cache_and_next_pages_are_prefetched() {
    let w = own_worker(64 * 1024 * 1024, 2);
    let d = doc(
        "prefetch",
        scans::scanned_pdf(&spec("Prefetch", 4, ScanColour::Colour, 72)),
    );
    let first = w
        .render_blocking(d.clone(), RenderRequest::view(1, 640))
        .expect("page 1");
    assert!(!first.from_cache);
    let again = w
        .render_blocking(d.clone(), RenderRequest::view(1, 640))
        .expect("page 1 again");
    assert!(again.from_cache);
    assert_eq!(first.bytes, again.bytes);
    // Pages 2 and 3 were queued for prefetch after page 1; by the time they are asked
    // for, they are in the cache (the stats request runs after the queued prefetches).
    let _ = w.stats_blocking();
    let stats = loop {
        let s = w.stats_blocking().expect("stats");
        if s.prefetched >= 2 {
            break s;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(stats.prefetched, 2);
    assert!(
        w.render_blocking(d.clone(), RenderRequest::view(2, 640))
            .expect("page 2")
            .from_cache
    );
    assert!(
        w.render_blocking(d, RenderRequest::view(3, 640))
            .expect("page 3")
            .from_cache
    );
}

#[test]
fn the_cache_never_exceeds_its_bound() {
    let bound = 200 * 1024;
    let w = own_worker(bound, 1);
    let d = doc(
        "bound",
        scans::scanned_pdf(&spec("Bound", 6, ScanColour::Colour, 72)),
    );
    for page in 1..=6 {
        for width in [400, 640, 900] {
            w.render_blocking(d.clone(), RenderRequest::view(page, width))
                .expect("render");
        }
    }
    let stats = w.stats_blocking().expect("stats").cache;
    assert!(stats.peak_bytes <= bound, "{stats:?}");
    assert!(stats.evictions > 0, "{stats:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_view_requests_are_cancelled() {
    let w = own_worker(16 * 1024 * 1024, 0);
    let d = doc(
        "flip",
        scans::scanned_pdf(&spec("Flip", 8, ScanColour::Colour, 72)),
    );
    // Occupy the worker so the flips queue up behind it.
    let busy = {
        let w = w.clone();
        let d = d.clone();
        tokio::spawn(async move { w.inspect(d).await })
    };
    let mut flips = Vec::new();
    for generation in 1..=8u64 {
        let req = RenderRequest {
            ticket: Some(ViewTicket {
                view: 7,
                generation,
            }),
            ..RenderRequest::view(generation as u32, 700)
        };
        let (w, d) = (w.clone(), d.clone());
        flips.push(tokio::spawn(async move { w.render(d, req).await }));
    }
    let mut results = Vec::new();
    for f in flips {
        results.push(f.await.expect("join"));
    }
    busy.await.expect("join").expect("inspect");
    let last = results.pop().expect("eight results");
    assert_eq!(last.expect("the newest flip renders").width, 700);
    let cancelled = results
        .iter()
        .filter(|r| matches!(r, Err(PdfError::Cancelled)))
        .count();
    assert!(cancelled >= 1, "{results:?}");
    assert!(
        results
            .iter()
            .all(|r| r.is_ok() || matches!(r, Err(PdfError::Cancelled)))
    );
}

#[test]
fn cancel_view_drops_its_queued_requests() {
    let w = own_worker(16 * 1024 * 1024, 0);
    w.cancel_view(3, 5);
    let d = doc(
        "cancel",
        scans::scanned_pdf(&spec("Cancel", 1, ScanColour::Colour, 40)),
    );
    let req = RenderRequest {
        ticket: Some(ViewTicket {
            view: 3,
            generation: 5,
        }),
        ..RenderRequest::view(1, 200)
    };
    assert_eq!(w.render_blocking(d, req), Err(PdfError::Cancelled));
}

#[test]
fn text_search_finds_hits_with_rectangles_on_the_right_page() {
    let mut s = spec("Relevé bancaire", 3, ScanColour::Colour, 40);
    s.lines = (1..=9)
        .map(|i| format!("Line {i}: transfer to account 00{i}"))
        .collect();
    s.lines.push("Passport ZX123456 seen".into());
    let d = doc("search", scans::scanned_pdf(&s));
    let results = common::worker()
        .search_blocking(d.clone(), "zx123456")
        .expect("search");
    assert_eq!(results.hits.len(), 1, "{results:?}");
    let hit = &results.hits[0];
    assert_eq!(hit.page, 3);
    assert_eq!(hit.text, "ZX123456");
    let r = hit.rects[0];
    assert!(
        r.left > 72.0 && r.left < 400.0 && r.width > 20.0 && r.height > 5.0,
        "{r:?}"
    );
    assert!(r.top > 100.0 && r.top < 792.0, "{r:?}");
    let titles = common::worker()
        .search_blocking(d.clone(), "relevé")
        .expect("search");
    assert_eq!(
        titles.hits.iter().map(|h| h.page).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert!(
        common::worker()
            .search_blocking(d, "absent words")
            .expect("search")
            .hits
            .is_empty()
    );
}

#[test]
fn documents_on_disk_render_and_close() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.pdf");
    std::fs::write(
        &path,
        scans::scanned_pdf(&spec("Disk", 2, ScanColour::Greyscale, 60)),
    )
    .expect("write");
    let d = DocumentRef::path(&path);
    let w = common::worker();
    let info = w.info_blocking(d.clone()).expect("info");
    assert_eq!(info.page_count, 2);
    let thumb = w
        .render_blocking(d.clone(), RenderRequest::thumbnail(2, 160))
        .expect("thumbnail");
    assert_eq!(thumb.width, 160);
    w.close_document(d.clone());
    assert!(
        w.render_blocking(d, RenderRequest::thumbnail(2, 160))
            .is_ok()
    );
}

#[test]
fn a_thumbnail_shows_the_whole_page_like_a_view_does() {
    let d = doc(
        "thumb-vs-view",
        scans::scanned_pdf(&spec("Thumb", 1, ScanColour::Colour, 72)),
    );
    let png = |purpose| {
        let req = RenderRequest {
            format: ImageFormat::Png,
            purpose,
            ..RenderRequest::view(1, 120)
        };
        let page = common::worker()
            .render_blocking(d.clone(), req)
            .expect("render");
        image::load_from_memory(&page.bytes).expect("png").to_rgb8()
    };
    let (thumb, view) = (png(pdf::Purpose::Thumbnail), png(pdf::Purpose::View));
    assert_eq!(thumb.dimensions(), view.dimensions());
    // Compare the mean colour of a 4 x 4 grid of blocks: the same page, whatever the
    // rendering settings (a thumbnail showing only a corner of the page would differ).
    let blocks = |img: &image::RgbImage| -> Vec<f64> {
        let (w, h) = img.dimensions();
        let mut out = vec![0.0; 16 * 3];
        for (x, y, p) in img.enumerate_pixels() {
            let b = ((y * 4 / h) * 4 + x * 4 / w) as usize;
            for c in 0..3 {
                out[b * 3 + c] += f64::from(p[c]) / f64::from(w * h / 16);
            }
        }
        out
    };
    let worst = blocks(&thumb)
        .iter()
        .zip(blocks(&view))
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    assert!(
        worst < 10.0,
        "a block of the thumbnail differs from the view by {worst}"
    );
}
