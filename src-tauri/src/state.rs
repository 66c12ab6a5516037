//! What the app holds while it runs: the store, who is using it, and the PDF worker whose
//! library may be missing (the app still starts and says what to do).

use std::sync::{Arc, RwLock};

use anyhow::Context;
use serde::Serialize;
use store::{Actor, Store};
use ts_rs::TS;

use crate::IpcError;
use crate::protocol::PageServer;

/// The app's `productName` in `tauri.conf.json`: its packages install their resources
/// (pdfium among them) under `/usr/lib/<productName>/` (a test keeps the two equal).
pub const PRODUCT_NAME: &str = "Dossier";

#[derive(Debug)]
pub struct AppState {
    pub store: Arc<Store>,
    /// Who acts: the user signed in on the server last on this laptop (so the server
    /// accepts what they do offline as theirs), else `DOSSIER_USER`/`DOSSIER_ROLE` or
    /// the OS user as an officer. Signing in changes it.
    user: RwLock<Actor>,
    pub pdf: pdf::PdfWorker,
    /// Answers the `dossier-page` scheme (shares the store and the worker).
    pub pages: Arc<PageServer>,
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
    /// The program's names of its streams and profiles, from the program file (the UI
    /// holds no copy of program data).
    pub program: ProgramNames,
}

/// The names a screen shows for the program's data, as the program file gives them.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProgramNames {
    /// P1: the program's acronym (`PP IA/TI-EV`).
    pub short_name: program::Bilingual,
    pub streams: Vec<program::definition::StreamDefinition>,
    pub profiles: Vec<program::definition::ProfileDefinition>,
}

impl ProgramNames {
    fn of(def: &program::ProgramDefinition) -> Self {
        Self {
            short_name: def.short_name.clone(),
            streams: def.streams.clone(),
            profiles: def.profiles.clone(),
        }
    }
}

impl AppState {
    /// Opens the store named by `DOSSIER_STORE` (tests) or the platform's data directory,
    /// as the user who signed in last, else the one named by `DOSSIER_USER` (or the OS
    /// user) with `DOSSIER_ROLE`.
    pub fn from_env() -> anyhow::Result<Self> {
        let path = store::default_store_path()?;
        let key = keychain::StoreKeys::new().key_for(&path)?;
        let store = Store::open_with_clock(&path, &key, clock_from_env()?)
            .with_context(|| format!("opening the store at {}", path.display()))?;
        let name = std::env::var("DOSSIER_USER")
            .or_else(|_| std::env::var("USER"))
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "officer".to_owned());
        let local = match std::env::var("DOSSIER_ROLE").as_deref() {
            Ok("supervisor") => Actor::supervisor(&name),
            _ => Actor::officer(&name),
        };
        let user = store.signed_in_actor()?.unwrap_or(local);
        // pdfium runs in a sandboxed copy of this program: a hostile document that
        // crashes or hangs it ends only that copy (see the pdf crate's `helper`).
        // An installed app loads the pdfium its package ships (`/usr/lib/Dossier/pdfium`),
        // never one from a checkout of the repository (docs/packaging.md).
        let helper = pdf::HelperCommand::this_executable()?;
        let pdf = pdf::PdfWorker::start(pdf::WorkerConfig {
            library: pdf::LibrarySearch::for_app(PRODUCT_NAME),
            ..pdf::WorkerConfig::isolated(helper)
        });
        let store = Arc::new(store);
        Ok(Self {
            pages: Arc::new(PageServer::new(store.clone(), pdf.clone())),
            store,
            user: RwLock::new(user),
            pdf,
        })
    }

    /// Who acts now.
    pub fn actor(&self) -> Actor {
        // Signed in to a server: its user, with the role its last answer gave (a sync round
        // refreshes it, so a supervisor made an officer acts as one from then on).
        if let Ok(Some(actor)) = self.store.signed_in_actor() {
            return actor;
        }
        self.user.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// After a sign-in: the server's user and role act from now on.
    pub fn set_actor(&self, actor: Actor) {
        *self.user.write().unwrap_or_else(|p| p.into_inner()) = actor;
    }

    /// What the header shows about this session.
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
            user: self.actor().user.0,
            role: self.actor().role,
            case_count: u32::try_from(self.store.case_count()?).unwrap_or(u32::MAX),
            pdfium,
            program: ProgramNames::of(&self.store.program()),
        })
    }
}

/// Why the app could not open the store, as the UI shows it on its startup screen: the
/// code of the first error in the chain that has one (no keyring, no key for the store,
/// a store from a newer version…), and the whole chain as the message.
pub fn startup_problem(e: &anyhow::Error) -> IpcError {
    let code = e
        .chain()
        .find_map(|cause| {
            cause
                .downcast_ref::<keychain::CredentialError>()
                .map(|c| c.code())
                .or_else(|| cause.downcast_ref::<store::StoreError>().map(|s| s.code()))
        })
        .unwrap_or("app.startup");
    IpcError::new(code, format!("{e:#}"))
}

/// The clock of this session: the system clock, or the instant named by `DOSSIER_NOW`
/// (RFC 3339, e.g. `2024-09-01T14:00:00Z`) so that end-to-end tests fix "today".
fn clock_from_env() -> anyhow::Result<Arc<dyn program::deadline::Clock>> {
    match std::env::var("DOSSIER_NOW") {
        Ok(text) => {
            let now = chrono::DateTime::parse_from_rfc3339(&text)
                .with_context(|| format!("DOSSIER_NOW={text:?} is not an RFC 3339 instant such as 2024-09-01T14:00:00Z"))?
                .with_timezone(&chrono::Utc);
            Ok(Arc::new(program::deadline::FixedClock(now)))
        }
        Err(_) => Ok(Arc::new(program::deadline::SystemClock)),
    }
}

#[cfg(test)]
mod product_name_tests {
    #[test]
    fn the_product_name_is_the_one_tauri_bundles_under() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json");
        let conf: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(conf["productName"], super::PRODUCT_NAME);
    }
}
