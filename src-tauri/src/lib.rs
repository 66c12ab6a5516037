//! The Dossier desktop shell. It opens the officer's store, starts the PDF worker and
//! exposes thin Tauri commands: each parses its input, calls one function of a crate and
//! maps the error to an [`IpcError`]. No rule is decided here.
//!
//! - [`commands`]: the IPC surface the UI calls.
//! - [`error`]: errors as `{code, message}` for the UI.
//! - [`state`]: what the app holds while it runs (store, user, PDF worker).
//! - [`bindings`]: the list of types whose TypeScript twins live in `ui/src/lib/bindings`.

pub mod bindings;
pub mod commands;
pub mod error;
pub mod state;

pub use error::IpcError;
pub use state::{AppInfo, AppState, PdfiumStatus};

/// Starts the app: opens the store (`DOSSIER_STORE` or the platform data directory),
/// then the window.
pub fn run() {
    let state = match AppState::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Dossier could not start: {e:#}");
            std::process::exit(1);
        }
    };
    let result = tauri::Builder::default()
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::queue,
            commands::case_detail,
            commands::app_info
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Dossier stopped with an error: {e}");
        std::process::exit(1);
    }
}
