//! Signed updates (issue 19, part 3; docs/updates.md). An installed package carries the
//! ministry's update public key (`update/dossier-update.pub` among its resources, put
//! there by `scripts/package.sh --update-key`). The app asks the server it synchronises
//! with for a newer release of its own package kind (`.deb`, `.rpm`…), downloads it,
//! installs it only when its minisign signature verifies against that key
//! (tauri-plugin-updater), and restarts as the new version. A copy without the key, or
//! not installed from a package, says why it cannot update itself.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_updater::{Update, UpdaterExt};
use ts_rs::TS;

use crate::IpcError;

/// The public key's place among the package's resources.
pub const KEY_RESOURCE: &str = "update/dossier-update.pub";

/// How long a check or a download may take before it is given up.
const CHECK_TIMEOUT: Duration = Duration::from_secs(30);
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(15 * 60);

/// What the app holds between a check and an install: the release offered.
#[derive(Default)]
pub struct UpdateShell {
    pending: Mutex<Option<Update>>,
}

impl std::fmt::Debug for UpdateShell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pending = self
            .pending
            .lock()
            .map(|p| p.as_ref().map(|u| u.version.clone()))
            .unwrap_or_default();
        f.debug_struct("UpdateShell")
            .field("pending", &pending)
            .finish()
    }
}

/// This copy of the app and whether it can update itself.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UpdateStatus {
    /// The version running (`x.y.z`).
    pub current_version: String,
    /// Why this copy cannot update itself, if it cannot (then there is nothing to check).
    pub unavailable: Option<vocab::Text>,
}

/// A newer release the server offers.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UpdateOffer {
    pub version: String,
    pub notes_fr: String,
    pub notes_en: String,
}

/// Registers the updater when this package carries the update key.
pub fn setup(app: &mut tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    if let Some(key) = public_key(app.handle()) {
        app.handle()
            .plugin(tauri_plugin_updater::Builder::new().pubkey(key).build())?;
    }
    app.manage(UpdateShell::default());
    Ok(())
}

fn key_path(app: &AppHandle) -> Option<PathBuf> {
    app.path()
        .resource_dir()
        .ok()
        .map(|dir| dir.join(KEY_RESOURCE))
}

fn public_key(app: &AppHandle) -> Option<String> {
    let key = std::fs::read_to_string(key_path(app)?).ok()?;
    let key = key.trim();
    (!key.is_empty()).then(|| key.to_owned())
}

/// Why this copy cannot update itself, if it cannot.
fn unavailable(app: &AppHandle) -> Option<(&'static str, &'static str, vocab::Text)> {
    if tauri::utils::platform::bundle_type().is_none() {
        return Some((
            "update.not_packaged",
            "this copy of Dossier was not installed from a package: install a new version from the ministry's package",
            vocab::Text::new("update-unavailable-not-packaged"),
        ));
    }
    if public_key(app).is_none() {
        return Some((
            "update.no_key",
            "this package carries no update key: install a new version from the ministry's package, or ask for a package built with one",
            vocab::Text::new("update-unavailable-no-key"),
        ));
    }
    None
}

/// The version running, and whether it can update itself.
#[tauri::command]
pub fn update_status(app: AppHandle) -> UpdateStatus {
    UpdateStatus {
        current_version: app.package_info().version.to_string(),
        unavailable: unavailable(&app).map(|(_, _, text)| text),
    }
}

/// Asks the server for a newer release of this package kind; keeps it for
/// [`install_update`].
#[tauri::command]
pub async fn check_for_update(
    app: AppHandle,
    updates: State<'_, UpdateShell>,
) -> Result<Option<UpdateOffer>, IpcError> {
    if let Some((code, message, text)) = unavailable(&app) {
        return Err(IpcError::new(code, message).with_reason(text));
    }
    let base = crate::sync::server_url(&app).ok_or_else(crate::sync::not_configured)?;
    let base = base.trim_end_matches('/').to_owned();
    // The same rule as sync: https, or http only to this computer.
    sync::client::check_url(&base).map_err(|e| {
        IpcError::new("sync.insecure_url", e.to_string())
            .with_reason(vocab::Text::new("update-error-insecure"))
    })?;
    let feed = format!(
        "{base}/v1/updates/{{{{target}}}}/{{{{arch}}}}/{{{{current_version}}}}?bundle={{{{bundle_type}}}}"
    );
    let feed: tauri::Url = feed
        .parse()
        .map_err(|e| IpcError::new("update.bad_url", format!("{feed}: {e}")))?;
    let updater = app
        .updater_builder()
        .endpoints(vec![feed])
        .and_then(|b| b.timeout(CHECK_TIMEOUT).build())
        .map_err(check_failed)?;
    let found = updater.check().await.map_err(check_failed)?;
    let offer = found.as_ref().map(|u| {
        let note = |key: &str| {
            u.raw_json
                .get(key)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        UpdateOffer {
            version: u.version.clone(),
            notes_fr: note("notes_fr"),
            notes_en: note("notes_en"),
        }
    });
    *updates.pending.lock().unwrap_or_else(|p| p.into_inner()) = found;
    Ok(offer)
}

/// Downloads the release [`check_for_update`] found, installs it if its signature
/// verifies against this package's key, and restarts as the new version. A package whose
/// signature does not verify is not installed, and the error says so.
#[tauri::command]
pub async fn install_update(
    app: AppHandle,
    updates: State<'_, UpdateShell>,
) -> Result<(), IpcError> {
    let update = updates
        .pending
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take()
        .ok_or_else(|| {
            IpcError::new(
                "update.none_pending",
                "no update was found to install: check for updates first",
            )
            .with_reason(vocab::Text::new("update-error-none-pending"))
        })?;
    let version = update.version.clone();
    let mut update = update;
    update.timeout = Some(DOWNLOAD_TIMEOUT);
    match update.download_and_install(|_, _| {}, || {}).await {
        Ok(()) => {
            eprintln!("dossier: update {version} installed; restarting");
            app.restart()
        }
        Err(e) => Err(install_failed(&version, e)),
    }
}

fn check_failed(e: tauri_plugin_updater::Error) -> IpcError {
    IpcError::new(
        "update.check_failed",
        format!("the server's update feed could not be read: {e}; try again later"),
    )
    .with_reason(vocab::Text::new("update-error-check"))
}

fn install_failed(version: &str, e: tauri_plugin_updater::Error) -> IpcError {
    use tauri_plugin_updater::Error as E;
    match e {
        E::Minisign(_)
        | E::Base64(_)
        | E::SignatureUtf8(_)
        | E::SignedVersionMismatch { .. }
        | E::MissingSignedVersion => IpcError::new(
            "update.signature",
            format!(
                "the update to {version} does not carry a valid signature of the ministry's update key ({e}): it was not installed; tell your administrator"
            ),
        )
        .with_reason(vocab::Text::new("update-error-signature").with("version", version)),
        E::InvalidUpdaterFormat => IpcError::new(
            "update.format",
            format!("the update to {version} is not a package of the kind installed here: it was not installed; tell your administrator"),
        )
        .with_reason(vocab::Text::new("update-error-format").with("version", version)),
        E::AuthenticationFailed | E::DebInstallFailed | E::PackageInstallFailed => IpcError::new(
            "update.install_failed",
            format!("the update to {version} was verified but could not be installed ({e}): installing a package needs an administrator's rights"),
        )
        .with_reason(vocab::Text::new("update-error-install").with("version", version)),
        other => IpcError::new(
            "update.download_failed",
            format!("the update to {version} could not be downloaded: {other}; try again later"),
        )
        .with_reason(vocab::Text::new("update-error-download").with("version", version)),
    }
}
