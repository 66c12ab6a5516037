//! The hooks of `dossier bench app` (docs/bench-app.md), inert unless its variables are
//! set. With `DOSSIER_BENCH_READY_FILE` set, the window is told so at start (a one-line
//! script, [`plugin`]) and the UI calls [`bench_ready`] once the first queue row is painted,
//! with the wall-clock instant it was painted; the app appends `queue <ms since the epoch>`
//! to that file, which the benchmark reads. With `DOSSIER_BENCH_OPEN=<case id>/<document
//! id>` set too, the answer asks the UI to open that document, and the UI reports `page
//! <ms>` once its first page is painted (the memory is measured with it open).

use std::io::Write;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::IpcError;

/// The file the benchmark reads, when it runs this app.
pub const READY_FILE: &str = "DOSSIER_BENCH_READY_FILE";
/// The document the benchmark wants open: `<case id>/<document id>`.
pub const OPEN: &str = "DOSSIER_BENCH_OPEN";

/// What the UI reports as painted.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BenchStage {
    /// The first row of the queue.
    Queue,
    /// The first page of the document [`BenchOpen`] named.
    Page,
}

/// The document the benchmark asks the UI to open once the queue is shown.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BenchOpen {
    pub case_id: String,
    pub document_id: String,
}

/// Whether this run is the benchmark's.
pub fn enabled() -> bool {
    std::env::var_os(READY_FILE).is_some_and(|v| !v.is_empty())
}

/// Tells the window, before its scripts run, that the benchmark is listening: without it
/// the UI never calls [`bench_ready`].
pub fn plugin<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("dossier-bench")
        .js_init_script("window.__DOSSIER_BENCH__ = true;".to_owned())
        .build()
}

/// Records that `stage` was painted at `at_ms` (milliseconds since the Unix epoch, the
/// webview's `performance.timeOrigin + performance.now()`); after the queue, answers the
/// document to open, if the benchmark named one. Does nothing outside the benchmark.
#[tauri::command]
pub fn bench_ready(stage: BenchStage, at_ms: f64) -> Result<Option<BenchOpen>, IpcError> {
    let Some(path) = std::env::var_os(READY_FILE).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let name = match stage {
        BenchStage::Queue => "queue",
        BenchStage::Page => "page",
    };
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)?;
        writeln!(file, "{name} {at_ms:.3}")
    };
    write().map_err(|e| {
        IpcError::new(
            "app.bench",
            format!("writing {}: {e}", std::path::Path::new(&path).display()),
        )
    })?;
    if !matches!(stage, BenchStage::Queue) {
        return Ok(None);
    }
    Ok(std::env::var(OPEN).ok().and_then(|v| {
        let (case_id, document_id) = v.split_once('/')?;
        Some(BenchOpen {
            case_id: case_id.to_owned(),
            document_id: document_id.to_owned(),
        })
    }))
}
