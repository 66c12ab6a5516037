//! What the app holds while it runs: the store, who is using it, and the PDF worker whose
//! library may be missing (the app still starts and says what to do).

use std::sync::Arc;

use anyhow::Context;
use serde::Serialize;
use store::{Actor, Store};
use ts_rs::TS;

#[derive(Debug)]
pub struct AppState {
    pub store: Arc<Store>,
    pub user: Actor,
    pub pdf: pdf::PdfWorker,
}

/// Whether documents can be shown, and if not, what to do.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PdfiumStatus {
    pub available: bool,
    pub message: String,
}

/// What the header shows about this session.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    pub store_path: String,
    pub user: String,
    pub role: store::ids::Role,
    pub case_count: u32,
    pub pdfium: PdfiumStatus,
}

impl AppState {
    /// Opens the store named by `DOSSIER_STORE` (tests) or the platform's data directory,
    /// as the user named by `DOSSIER_USER` (or the OS user) with `DOSSIER_ROLE`.
    pub fn from_env() -> anyhow::Result<Self> {
        let path = store::default_store_path()?;
        let store = Store::open(&path)
            .with_context(|| format!("opening the store at {}", path.display()))?;
        let name = std::env::var("DOSSIER_USER")
            .or_else(|_| std::env::var("USER"))
            .unwrap_or_else(|_| "officer".to_owned());
        let user = match std::env::var("DOSSIER_ROLE").as_deref() {
            Ok("supervisor") => Actor::supervisor(&name),
            _ => Actor::officer(&name),
        };
        let pdf = pdf::PdfWorker::start(pdf::WorkerConfig::default());
        Ok(Self {
            store: Arc::new(store),
            user,
            pdf,
        })
    }

    pub fn info(&self) -> Result<AppInfo, store::StoreError> {
        let pdfium = match self.pdf.library() {
            Ok(path) => PdfiumStatus {
                available: true,
                message: path.display().to_string(),
            },
            Err(e) => PdfiumStatus {
                available: false,
                message: e.to_string(),
            },
        };
        Ok(AppInfo {
            store_path: self.store.path().display().to_string(),
            user: self.user.user.0.clone(),
            role: self.user.role,
            case_count: u32::try_from(self.store.case_count()?).unwrap_or(u32::MAX),
            pdfium,
        })
    }
}
