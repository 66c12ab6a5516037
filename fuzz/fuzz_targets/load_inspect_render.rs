//! Feeds arbitrary bytes to the render worker as a PDF: load (info), inspect (quality
//! checks) and render the first and last page, plus a text search. Any answer is fine;
//! a crash, a hang or a panic is a finding.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pdf::{DocumentRef, PdfWorker, RenderRequest, WorkerConfig};

fn worker() -> &'static PdfWorker {
    static WORKER: OnceLock<PdfWorker> = OnceLock::new();
    WORKER.get_or_init(|| {
        // No cache or prefetch: every input is rendered for real.
        let w = PdfWorker::start(WorkerConfig {
            cache_bytes: 0,
            prefetch_pages: 0,
            ..WorkerConfig::default()
        });
        if let Err(e) = w.library() {
            eprintln!("fuzz: {e}");
            std::process::exit(2);
        }
        w
    })
}

fuzz_target!(|data: &[u8]| {
    let w = worker();
    let doc = DocumentRef::bytes("fuzz", data.to_vec());
    let _ = w.inspect_blocking(doc.clone());
    if let Ok(info) = w.info_blocking(doc.clone()) {
        let _ = w.render_blocking(doc.clone(), RenderRequest::view(1, 300));
        let _ = w.render_blocking(doc.clone(), RenderRequest::thumbnail(info.page_count, 80));
        let _ = w.search_blocking(doc.clone(), "a");
    }
    // The same key must not reuse a document opened from other bytes.
    w.close_document(doc);
});
