//! Bad input gets a clear error or a bounded result in bounded time, never a crash or a
//! hang: corrupt, truncated, zero-byte, password-protected, not-a-PDF with a `.pdf`
//! name, very many pages, huge page sizes, image bombs (also hidden deep in nested
//! forms), content-stream bombs.
//!
//! Every document here goes through the sandboxed render helper, as the app's do.

mod common;

use std::time::{Duration, Instant};

use common::{doc, isolated_worker as worker, spec};
use pdf::{DocumentRef, Limits, PdfError, RenderRequest};
use scans::ScanColour;

fn within<T>(limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(
        start.elapsed() < limit,
        "took {:?}, limit {limit:?}",
        start.elapsed()
    );
    out
}

#[test]
fn corrupt_files_give_a_corrupt_error() {
    for seed in 0..5 {
        let r = worker().render_blocking(
            doc(&format!("corrupt{seed}"), scans::corrupt_pdf(seed)),
            RenderRequest::view(1, 800),
        );
        assert!(
            matches!(r, Err(PdfError::Corrupt { .. })),
            "seed {seed}: {r:?}"
        );
    }
}

#[test]
fn truncated_files_give_an_error_or_a_readable_page() {
    let spec = spec("Truncated", 3, ScanColour::Colour, 60);
    for keep in [0.0, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99] {
        let bytes = scans::truncated_pdf(&spec, keep);
        let d = doc(&format!("truncated{keep}"), bytes);
        let r = within(Duration::from_secs(10), || {
            worker().render_blocking(d.clone(), RenderRequest::view(1, 600))
        });
        match r {
            Ok(page) => assert!(page.width == 600 && page.height > 0),
            Err(e) => assert!(
                matches!(
                    e,
                    PdfError::Corrupt { .. }
                        | PdfError::EmptyFile
                        | PdfError::Render { .. }
                        | PdfError::PageOutOfRange { .. }
                ),
                "keep {keep}: {e:?}"
            ),
        }
        let report = worker()
            .inspect_blocking(d)
            .expect("inspect never fails on a document problem");
        assert!(report.page_count.is_some() || !report.flags.is_empty());
    }
}

#[test]
fn a_zero_byte_file_is_empty() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("empty.pdf");
    std::fs::write(&path, b"").expect("write");
    assert_eq!(
        worker().info_blocking(DocumentRef::path(&path)),
        Err(PdfError::EmptyFile)
    );
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let r = worker().info_blocking(DocumentRef::path("/nonexistent/dossier/x.pdf"));
    match r {
        Err(e @ PdfError::Io { .. }) => {
            assert!(e.to_string().contains("/nonexistent/dossier/x.pdf"))
        }
        other => panic!("expected Io, got {other:?}"),
    }
}

#[test]
fn password_protected_documents_need_the_right_password() {
    let bytes = scans::encrypted_pdf(&spec("Protected", 1, ScanColour::Colour, 60), "s3cret");
    let plain = doc("encrypted", bytes.clone());
    assert_eq!(
        worker().render_blocking(plain, RenderRequest::view(1, 400)),
        Err(PdfError::PasswordRequired)
    );
    let wrong = doc("encrypted", bytes.clone()).with_password("nope");
    assert_eq!(
        worker().info_blocking(wrong).map(|i| i.page_count),
        Err(PdfError::WrongPassword)
    );
    let right = doc("encrypted", bytes).with_password("s3cret");
    let page = worker()
        .render_blocking(right.clone(), RenderRequest::view(1, 400))
        .expect("opens with its password");
    assert_eq!(page.width, 400);
    let hits = worker()
        .search_blocking(right, "Protected")
        .expect("search");
    assert_eq!(hits.hits.len(), 1);
}

#[test]
fn a_jpeg_with_a_pdf_name_is_not_a_pdf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("scan.pdf");
    std::fs::write(&path, scans::not_a_pdf(1)).expect("write");
    let r = worker().render_blocking(DocumentRef::path(&path), RenderRequest::view(1, 400));
    assert_eq!(
        r,
        Err(PdfError::NotAPdf {
            detected: "a JPEG image".into()
        })
    );
    let text = doc("text", b"Dear officer, please find attached...".to_vec());
    assert_eq!(
        worker().info_blocking(text),
        Err(PdfError::NotAPdf {
            detected: "a text file".into()
        })
    );
}

#[test]
fn very_many_pages_open_quickly_and_render_any_page() {
    let d = doc("many", scans::many_pages_pdf(5000, 9));
    let info = within(Duration::from_secs(10), || {
        worker().info_blocking(d.clone())
    })
    .expect("info");
    assert_eq!(info.page_count, 5000);
    assert_eq!(info.page_sizes.len(), 5000);
    let last = worker()
        .render_blocking(d.clone(), RenderRequest::view(5000, 300))
        .expect("last page");
    assert_eq!(last.width, 300);
    assert_eq!(
        worker().render_blocking(d, RenderRequest::view(5001, 300)),
        Err(PdfError::PageOutOfRange {
            page: 5001,
            pages: 5000
        })
    );
}

#[test]
fn huge_pages_are_rendered_within_the_pixel_limits() {
    let limits = Limits::default();
    for side in [14_400.0, 200_000.0] {
        let d = doc(&format!("huge{side}"), scans::huge_page_pdf(side, 4));
        let page = within(Duration::from_secs(10), || {
            worker().render_blocking(d, RenderRequest::view(1, 100_000))
        })
        .expect("huge page renders clamped");
        assert!(page.width <= limits.max_side && page.height <= limits.max_side);
        assert!(u64::from(page.width) * u64::from(page.height) <= limits.max_pixels);
    }
}

#[test]
fn an_image_bomb_is_refused_before_it_is_decoded() {
    // 20,000 x 20,000 grey pixels: 400 MB once decompressed, about 400 KB on disk.
    let d = doc("bomb", scans::image_bomb_pdf(20_000, 1));
    let r = within(Duration::from_secs(5), || {
        worker().render_blocking(d.clone(), RenderRequest::view(1, 1280))
    });
    assert!(
        matches!(r, Err(PdfError::PageTooHeavy { page: 1, .. })),
        "{r:?}"
    );
    let report = within(Duration::from_secs(5), || worker().inspect_blocking(d)).expect("inspect");
    assert!(report.has("unreadable_pages"), "{report:?}");
}

#[test]
fn an_image_bomb_five_forms_deep_is_refused_within_5_s() {
    for depth in [1, 5, 12] {
        let d = doc(
            &format!("nested-bomb-{depth}"),
            scans::nested_image_bomb_pdf(20_000, depth, 3),
        );
        let r = within(Duration::from_secs(5), || {
            worker().render_blocking(d.clone(), RenderRequest::view(1, 1280))
        });
        assert!(
            matches!(&r, Err(PdfError::PageTooHeavy { page: 1, reason }) if reason.contains("megapixels")),
            "depth {depth}: {r:?}"
        );
    }
}

#[test]
fn a_content_stream_bomb_is_refused_before_pdfium_parses_it() {
    // 128 MB of drawing instructions from about 130 KB on disk.
    let bytes = scans::content_bomb_pdf(128, 5);
    assert!(bytes.len() < 1 << 20, "{} bytes", bytes.len());
    let d = doc("content-bomb", bytes);
    let r = within(Duration::from_secs(5), || {
        worker().render_blocking(d.clone(), RenderRequest::view(1, 800))
    });
    assert!(matches!(r, Err(PdfError::DocumentTooHeavy { .. })), "{r:?}");
    let report = within(Duration::from_secs(5), || worker().inspect_blocking(d)).expect("inspect");
    assert!(report.has("corrupt"), "{report:?}");
}

#[test]
fn a_large_but_allowed_image_renders_in_bounded_time() {
    // 10,000 x 10,000: under the declared-pixel limit, so it is decoded and scaled.
    let d = doc("big-image", scans::image_bomb_pdf(10_000, 2));
    let page = within(Duration::from_secs(20), || {
        worker().render_blocking(d, RenderRequest::view(1, 800))
    })
    .expect("renders");
    assert_eq!(page.width, 800);
}

#[test]
fn garbage_after_a_pdf_header_never_crashes() {
    let mut state = 0x1234_5678_u64;
    for i in 0..40 {
        let mut bytes = b"%PDF-1.4\n".to_vec();
        for _ in 0..(i * 97 % 3000) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            bytes.push((state & 0xFF) as u8);
        }
        let r = worker().render_blocking(
            doc(&format!("garbage{i}"), bytes),
            RenderRequest::view(1, 200),
        );
        assert!(r.is_err(), "garbage {i} rendered?");
    }
}

#[test]
fn an_empty_search_is_an_invalid_request() {
    let d = doc(
        "search-empty",
        scans::scanned_pdf(&spec("S", 1, ScanColour::Colour, 40)),
    );
    assert!(matches!(
        worker().search_blocking(d, "  "),
        Err(PdfError::InvalidRequest { .. })
    ));
}
