//! Without the pdfium library (its own test binary: pdfium, once loaded, stays loaded
//! for the whole process) pages answer 503 and the viewer's calls say what to do,
//! instead of failing the app.

mod common;

use common::{fixture, get};
use dossier_app::documents;
use dossier_app::protocol::PageServer;
use pdf::{PdfWorker, WorkerConfig};
use tauri::http::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_pdfium_pages_answer_503_and_say_what_to_do() {
    let f = fixture();
    let none = PdfWorker::start(WorkerConfig {
        library: pdf::LibrarySearch::only(["/nonexistent/libpdfium.so".into()]),
        ..WorkerConfig::default()
    });
    let server = PageServer::new(f.store.clone(), none.clone());
    let r = server
        .respond(&get(&format!(
            "dossier-page://localhost/{}/1?w=640",
            f.colour
        )))
        .await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(String::from_utf8_lossy(r.body()).contains("install-pdfium.sh"));
    let err = documents::info(f.store.clone(), &none, f.colour)
        .await
        .unwrap_err();
    assert_eq!(err.code, "pdf.library_missing");
    assert!(err.message.contains("DOSSIER_PDFIUM_LIB"));
}
