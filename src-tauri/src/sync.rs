//! Sync in the shell: starts the `syncer` engine's background loop when a server is
//! configured (`DOSSIER_SERVER_URL`, or the server saved in the store by
//! [`sync_configure`]), resumes the session from the OS keyring, forwards every change of
//! the sync status to the UI as the `sync-status` event, and exposes thin commands:
//! status, "sync now", sign in and out, configure, and the conflicts list. No sync logic
//! lives here: it is all in `syncer` and `store::sync`.

use std::sync::{Arc, Mutex};

use serde::Serialize;
use store::Store;
use store::sync::{Conflict, SyncKey};
use syncer::{Credentials, Engine, EngineConfig, SyncStatus};
use tauri::{AppHandle, Emitter, Manager, State};
use ts_rs::TS;

use crate::{AppState, IpcError};

/// The event that carries each new [`SyncStatus`] to the UI.
pub const STATUS_EVENT: &str = "sync-status";

/// The engine, once a server is configured.
#[derive(Debug, Default)]
pub struct SyncShell {
    engine: Mutex<Option<Arc<Engine>>>,
}

impl SyncShell {
    pub(crate) fn engine(&self) -> Option<Arc<Engine>> {
        self.engine
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// What signing in tells the UI.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SignInView {
    pub user: String,
    pub role: store::ids::Role,
    /// That the sign-in could not be kept in the keyring (it then lasts until the app
    /// closes), if it could not (the detail is the sync status's technical message).
    pub keyring_warning: Option<vocab::Text>,
}

impl From<syncer::SyncError> for IpcError {
    fn from(e: syncer::SyncError) -> Self {
        IpcError::new(&e.code(), e.to_string()).with_reason(e.text())
    }
}

/// The engine, or the error that says no server is configured: what every command that
/// asks the server starts with.
pub(crate) fn engine(shell: &SyncShell) -> Result<Arc<Engine>, IpcError> {
    shell.engine().ok_or_else(not_configured)
}

pub(crate) fn not_configured() -> IpcError {
    IpcError::new(
        "sync.not_configured",
        "no server is configured: enter the server's address (or set DOSSIER_SERVER_URL) to synchronise",
    )
    .with_reason(vocab::Text::new("sync-error-not-configured"))
}

/// The server this app talks to: the running engine's, else the one configured (a store
/// that may not synchronise, like the standalone demo, still learns of updates there).
pub(crate) fn server_url(app: &AppHandle) -> Option<String> {
    if let Some(engine) = app.state::<SyncShell>().engine() {
        return Some(engine.server_url().to_owned());
    }
    configured_url(&app.state::<AppState>().store)
}

/// The server to use at start: `DOSSIER_SERVER_URL`, else the one saved in the store.
fn configured_url(store: &Store) -> Option<String> {
    std::env::var("DOSSIER_SERVER_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .or_else(|| store.sync_value(SyncKey::ServerUrl).ok().flatten())
}

/// Starts the engine for `url`: resumes the session kept in the keyring, runs the
/// background loop and forwards status changes as events.
fn start(app: &AppHandle, store: Arc<Store>, url: &str) -> Result<Arc<Engine>, IpcError> {
    let engine = Arc::new(Engine::new(
        store,
        url,
        EngineConfig::default(),
        Some(Credentials::new()),
    )?);
    let mut updates = engine.subscribe();
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        while updates.changed().await.is_ok() {
            let status = updates.borrow_and_update().clone();
            let _ = handle.emit(STATUS_EVENT, status);
        }
    });
    let looping = engine.clone();
    tauri::async_runtime::spawn(async move {
        // A keyring that cannot be read leaves the app signed out; the sign-in says why.
        let _ = looping.resume().await;
        syncer::run(looping).await;
    });
    Ok(engine)
}

/// Called once at app start: starts sync when a server is configured.
pub fn setup(app: &mut tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    let store = app.state::<AppState>().store.clone();
    if let Some(url) = configured_url(&store) {
        // A store that may not sync (the standalone demo) still opens; configuring a
        // server then says why it cannot.
        match start(app.handle(), store, &url) {
            Ok(engine) => {
                *app.state::<SyncShell>()
                    .engine
                    .lock()
                    .unwrap_or_else(|p| p.into_inner()) = Some(engine)
            }
            Err(e) => eprintln!("dossier: not synchronising with {url}: {}", e.message),
        }
    }
    Ok(())
}

/// The sync status as it is now (the `sync-status` event carries each change).
#[tauri::command]
pub fn sync_status(shell: State<'_, SyncShell>) -> SyncStatus {
    shell
        .engine()
        .map(|e| e.status())
        .unwrap_or_else(SyncStatus::not_configured)
}

/// Asks for a round now.
#[tauri::command]
pub fn sync_now(shell: State<'_, SyncShell>) -> Result<(), IpcError> {
    engine(&shell)?.sync_now();
    Ok(())
}

/// Sets the server to synchronise with (saved in the store) and starts sync.
#[tauri::command]
pub fn sync_configure(
    app: AppHandle,
    state: State<'_, AppState>,
    shell: State<'_, SyncShell>,
    server_url: String,
) -> Result<SyncStatus, IpcError> {
    let url = server_url.trim();
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(IpcError::new(
            "sync.bad_url",
            format!("{url:?} is not a server address: write it as https://host:port"),
        )
        .with_reason(vocab::Text::new("sync-error-bad-url").with("url", url)));
    }
    if let Some(engine) = shell.engine() {
        if engine.server_url() == url.trim_end_matches('/') {
            return Ok(engine.status());
        }
        return Err(IpcError::new(
            "sync.already_configured",
            format!(
                "this laptop already synchronises with {}; restart the app to change server",
                engine.server_url()
            ),
        )
        .with_reason(
            vocab::Text::new("sync-error-already-configured").with("url", engine.server_url()),
        ));
    }
    // Started first, so an address the engine refuses (http:// to another computer) is
    // never saved.
    let engine = start(&app, state.store.clone(), url)?;
    state.store.set_sync_value(SyncKey::ServerUrl, Some(url))?;
    let status = engine.status();
    *shell.engine.lock().unwrap_or_else(|p| p.into_inner()) = Some(engine);
    Ok(status)
}

/// Signs in on the configured server; the token goes to the OS keyring.
#[tauri::command]
pub async fn sign_in(
    state: State<'_, AppState>,
    shell: State<'_, SyncShell>,
    user: String,
    password: String,
) -> Result<SignInView, IpcError> {
    let engine = engine(&shell)?;
    let signed = engine.sign_in(&user, &password).await?;
    state.set_actor(store::Actor {
        user: store::UserId(signed.user.clone()),
        role: signed.role,
    });
    engine.sync_now();
    Ok(SignInView {
        user: signed.user,
        role: signed.role,
        keyring_warning: signed
            .keyring_warning
            .map(|_| vocab::Text::new("sync-error-keyring-session")),
    })
}

/// Signs out: ends the session and deletes the token from the keyring. Pending
/// operations stay and are sent after the next sign-in.
#[tauri::command]
pub async fn sign_out(shell: State<'_, SyncShell>) -> Result<(), IpcError> {
    let engine = engine(&shell)?;
    engine.sign_out().await?;
    Ok(())
}

/// Every local operation that ended rejected, with the file as it is now.
#[tauri::command]
pub async fn sync_conflicts(state: State<'_, AppState>) -> Result<Vec<Conflict>, IpcError> {
    let store = state.store.clone();
    crate::commands::blocking(move || store.conflicts()).await
}
