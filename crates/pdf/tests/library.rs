//! A missing or unusable pdfium library is an error value, never a panic, and the
//! worker still starts (its own process: nothing here loads a real library).

use pdf::{LibrarySearch, PdfError, PdfWorker, RenderRequest, WorkerConfig};

#[test]
fn a_worker_without_a_library_answers_every_request_with_what_to_do() {
    let config = WorkerConfig {
        library: LibrarySearch::only(vec!["/nonexistent/libpdfium.so".into()]),
        ..WorkerConfig::default()
    };
    let worker = PdfWorker::start(config);
    let err = worker.library().expect_err("no library there");
    assert!(matches!(err, PdfError::LibraryMissing { .. }));
    assert!(err.to_string().contains("install-pdfium.sh"));
    let r = worker.render_blocking(
        pdf::DocumentRef::path("/tmp/x.pdf"),
        RenderRequest::view(1, 100),
    );
    assert!(matches!(r, Err(PdfError::LibraryMissing { .. })));
    let json = serde_json::to_value(r.expect_err("error")).expect("json");
    assert_eq!(json["code"], "library_missing");
}

#[test]
fn a_file_that_is_not_a_library_is_unusable_not_a_crash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fake = dir.path().join("libpdfium.so");
    std::fs::write(&fake, b"not a shared object").expect("write");
    let worker = PdfWorker::start(WorkerConfig {
        library: LibrarySearch::only(vec![fake.clone()]),
        ..WorkerConfig::default()
    });
    match worker.library() {
        Err(PdfError::LibraryUnusable { path, .. }) => assert_eq!(path, &fake),
        other => panic!("expected LibraryUnusable, got {other:?}"),
    }
}
