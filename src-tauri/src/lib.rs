//! The Dossier desktop shell. It opens the officer's store, starts the PDF worker and
//! exposes thin Tauri commands: each parses its input, calls one function of a crate and
//! maps the error to an [`IpcError`]. No rule is decided here.
//!
//! - [`commands`]: the IPC surface the UI calls.
//! - [`casework`]: the file's casework, its audit trail, the queues' counts, one step.
//! - [`documents`]: what the viewer asks (layout, search, dismissing a quality flag).
//! - [`program`]: the program definition's versions (P5), and loading a new one.
//! - [`integrity`]: the pages of a file found in another file, and their dismissal.
//! - [`team`]: the supervisor's desk (team, assignments, distribution, users, figures).
//! - [`protocol`]: the `dossier-page` scheme that serves rendered pages as images.
//! - [`error`]: errors as `{code, message}` for the UI.
//! - [`state`]: what the app holds while it runs (store, user, PDF worker).
//! - [`sync`]: sync with the central server (status events, sign-in, conflicts).
//! - [`update`]: signed updates from the server's feed (the package's key, then restart).
//! - [`bench`]: the hooks of `dossier bench app`, inert unless its variables are set.
//! - [`bindings`]: the list of types whose TypeScript twins live in `ui/src/lib/bindings`.

pub mod bench;
pub mod bindings;
pub mod casework;
pub mod commands;
pub mod documents;
pub mod error;
pub mod integrity;
pub mod program;
pub mod protocol;
pub mod state;
pub mod sync;
pub mod team;
pub mod update;

pub use error::IpcError;
pub use state::{AppInfo, AppState, PdfiumStatus};

/// Starts the app: opens the store (`DOSSIER_STORE` or the platform data directory),
/// then the window. When the store cannot be opened (no keyring, no key for it, a newer
/// store…) the window still opens, on a screen that says why and what to do.
pub fn run() {
    match AppState::from_env() {
        Ok(state) => run_with(state),
        Err(e) => {
            eprintln!("Dossier could not open its store: {e:#}");
            run_startup_problem(state::startup_problem(&e));
        }
    }
}

/// The window with nothing but the startup problem to show.
fn run_startup_problem(problem: IpcError) {
    let result = tauri::Builder::default()
        .manage(commands::Startup(Some(problem)))
        .invoke_handler(tauri::generate_handler![commands::startup_problem])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Dossier stopped with an error: {e}");
    }
    std::process::exit(1);
}

fn run_with(state: AppState) {
    let pages = state.pages.clone();
    let mut builder = tauri::Builder::default().plugin(tauri_plugin_dialog::init());
    if bench::enabled() {
        builder = builder.plugin(bench::plugin());
    }
    let result = builder
        .register_asynchronous_uri_scheme_protocol(protocol::SCHEME, protocol::handler(pages))
        .manage(state)
        .manage(commands::Startup(None))
        .manage(sync::SyncShell::default())
        .setup(|app| {
            sync::setup(app)?;
            update::setup(app)
        })
        .invoke_handler(tauri::generate_handler![
            commands::startup_problem,
            bench::bench_ready,
            commands::queue,
            commands::queue_assignees,
            commands::case_detail,
            commands::app_info,
            commands::document_info,
            commands::search_document,
            commands::dismiss_quality_flag,
            sync::sync_status,
            sync::sync_now,
            sync::sync_configure,
            sync::sign_in,
            sync::sign_out,
            sync::sync_conflicts,
            casework::casework,
            casework::audit_trail,
            casework::queue_counts,
            casework::proposals_to_review,
            casework::perform,
            casework::preview_letter,
            casework::add_document,
            program::program_versions,
            program::load_program_version,
            team::team,
            team::team_files,
            team::assign_files,
            team::distribution_preview,
            team::distribute,
            team::set_away,
            team::set_role,
            team::reset_password,
            team::user_events,
            team::figures,
            team::save_text,
            integrity::scan_matches,
            integrity::dismiss_scan_match,
            update::update_status,
            update::check_for_update,
            update::install_update
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Dossier stopped with an error: {e}");
        std::process::exit(1);
    }
}
