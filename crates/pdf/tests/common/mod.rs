//! Shared helpers of the integration tests: one worker per test binary, and generated
//! documents whose answers are known.
#![allow(dead_code)]

use std::sync::OnceLock;

use pdf::{DocumentRef, HelperCommand, PdfWorker, WorkerConfig};
use scans::{ScanColour, ScanSpec};

/// The worker shared by the tests of one binary (pdfium is process-wide anyway).
pub fn worker() -> &'static PdfWorker {
    static WORKER: OnceLock<PdfWorker> = OnceLock::new();
    let w = WORKER.get_or_init(|| PdfWorker::start(WorkerConfig::default()));
    if let Err(e) = w.library() {
        panic!("these tests need pdfium: {e}");
    }
    w
}

/// The render helper built with this crate, tagged so a test can find its processes.
pub fn helper_command(tag: &str) -> HelperCommand {
    HelperCommand::new(
        env!("CARGO_BIN_EXE_dossier-pdf-helper"),
        [format!("--test-tag={tag}")],
    )
}

/// A worker whose pdfium runs in the sandboxed helper process.
pub fn isolated_worker() -> &'static PdfWorker {
    static WORKER: OnceLock<PdfWorker> = OnceLock::new();
    let w = WORKER.get_or_init(|| {
        PdfWorker::start(WorkerConfig::isolated(helper_command("isolated-worker")))
    });
    if let Err(e) = w.library() {
        panic!("these tests need pdfium and the render helper: {e}");
    }
    w
}

/// A spec with a text layer and known lines.
pub fn spec(title: &str, pages: u32, colour: ScanColour, dpi: u32) -> ScanSpec {
    ScanSpec {
        title: title.into(),
        lines: vec![
            "Nom / Name: TREMBLAY, Élise".into(),
            "Date de naissance / Date of birth: 2009-03-14".into(),
            "Passeport / Passport: ZX123456".into(),
        ],
        pages,
        colour,
        dpi,
        seed: 11,
        text_layer: true,
    }
}

/// A document held in memory under a key derived from its name.
pub fn doc(name: &str, bytes: Vec<u8>) -> DocumentRef {
    DocumentRef::bytes(format!("test:{name}:{}", bytes.len()), bytes)
}
