//! The update feed (issue 19, part 3): the release an administrator put in `updates.dir`,
//! offered to every app older than it. The directory holds `release.json`, written by
//! `scripts/release.sh`, and the signed packages it names. The server never checks a
//! signature and never needs the signing key: the app verifies each package against the
//! public key its own package carries, so a server (or anyone between) that serves a
//! tampered package only gets it refused. The server offers the release, for the app's
//! platform and package kind, and serves the files `release.json` names and no other.
//!
//! The feed is read without a session: an app too old to speak the server's protocol,
//! or whose user cannot sign in, must still be able to update.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// The manifest's file name in `updates.dir`.
pub const MANIFEST: &str = "release.json";

/// `release.json`: one release, its notes in both languages, and a signed package per
/// platform key (`linux-x86_64-deb`, `linux-x86_64-rpm`, `windows-x86_64-nsis`…: the
/// updater's `{os}-{arch}-{installer}`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    pub version: semver::Version,
    pub pub_date: DateTime<Utc>,
    /// The notes, by language (`fr`, `en`).
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
    pub platforms: BTreeMap<String, Artefact>,
}

/// One signed package of a release.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Artefact {
    /// Its file name in `updates.dir` (a plain name: no directory).
    pub file: String,
    /// The minisign signature of the file, as `tauri signer sign` writes it (base64).
    pub signature: String,
}

/// The answer to an app that has an update: the Tauri updater's dynamic-server format,
/// plus the notes in each language for the app to show in the user's.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Offer {
    pub version: String,
    pub pub_date: String,
    /// The notes, French first then English, for a client that reads only this field.
    pub notes: String,
    pub notes_fr: String,
    pub notes_en: String,
    pub url: String,
    pub signature: String,
}

/// Why no release could be read.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("no update feed is configured on this server (updates.dir)")]
    NotConfigured,
    #[error("{path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} is not a release manifest: {source}; write it with scripts/release.sh (docs/updates.md)"
    )]
    Manifest {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path} names the file {file:?}, which is not a plain file name in that directory")]
    BadFileName { path: PathBuf, file: String },
}

impl From<FeedError> for ApiError {
    fn from(e: FeedError) -> Self {
        match e {
            FeedError::NotConfigured => ApiError::not_found(e.to_string()),
            other => {
                // The administrator's mistake, not the app's: logged in full, answered 503.
                tracing::error!("update feed: {other}");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    sync::codes::UNAVAILABLE,
                    "the update feed cannot be read now; the administrator is told in the server's log",
                )
            }
        }
    }
}

/// The release in `dir`, or `None` when the directory has no manifest (nothing to offer).
pub fn read_release(dir: &Path) -> Result<Option<Release>, FeedError> {
    let path = dir.join(MANIFEST);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(FeedError::Read { path, source }),
    };
    let release: Release =
        serde_json::from_slice(&bytes).map_err(|source| FeedError::Manifest {
            path: path.clone(),
            source,
        })?;
    for artefact in release.platforms.values() {
        if !is_plain_name(&artefact.file) {
            return Err(FeedError::BadFileName {
                path,
                file: artefact.file.clone(),
            });
        }
    }
    Ok(Some(release))
}

fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name != MANIFEST
        && !name.contains(['/', '\\', '\0'])
}

/// What the app at `current` on `{target}-{arch}`, installed as `installer` (`deb`,
/// `rpm`, `nsis`…, or `unknown` when not installed from a package), is offered: the
/// release when it is newer and has a package of that kind, else nothing. `files_url` is
/// where this server serves the files (`…/v1/updates/files`).
pub fn offer(
    release: &Release,
    target: &str,
    arch: &str,
    installer: &str,
    current: &str,
    files_url: &str,
) -> Result<Option<Offer>, ApiError> {
    let current = semver::Version::parse(current.trim_start_matches('v'))
        .map_err(|e| ApiError::malformed(format!("{current:?} is not a version (x.y.z): {e}")))?;
    if release.version <= current {
        return Ok(None);
    }
    // A package of the kind installed: replacing a .deb install with anything else would
    // leave the package manager's records false.
    let Some(artefact) = release
        .platforms
        .get(&format!("{target}-{arch}-{installer}"))
    else {
        return Ok(None);
    };
    let note = |lang: &str| release.notes.get(lang).cloned().unwrap_or_default();
    let (fr, en) = (note("fr"), note("en"));
    Ok(Some(Offer {
        version: release.version.to_string(),
        pub_date: release.pub_date.to_rfc3339(),
        notes: [fr.as_str(), en.as_str()]
            .iter()
            .filter(|n| !n.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("\n\n"),
        notes_fr: fr,
        notes_en: en,
        url: format!("{}/{}", files_url.trim_end_matches('/'), artefact.file),
        signature: artefact.signature.clone(),
    }))
}

/// The path of `file` in `dir`, when the release names it; `None` otherwise (the same
/// answer for a file that exists but is not part of the release).
pub fn artefact_path(dir: &Path, release: &Release, file: &str) -> Option<PathBuf> {
    release
        .platforms
        .values()
        .any(|a| a.file == file)
        .then(|| dir.join(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release() -> Release {
        serde_json::from_value(serde_json::json!({
            "version": "0.2.0",
            "pub_date": "2026-12-07T15:00:00Z",
            "notes": {"fr": "Corrections.", "en": "Fixes."},
            "platforms": {
                "linux-x86_64-deb": {"file": "Dossier_0.2.0_amd64.deb", "signature": "c2ln"},
                "linux-x86_64-rpm": {"file": "Dossier-0.2.0-1.x86_64.rpm", "signature": "c2ln"}
            }
        }))
        .unwrap()
    }

    #[test]
    fn an_older_app_is_offered_the_package_of_its_own_kind() {
        let offer = offer(
            &release(),
            "linux",
            "x86_64",
            "deb",
            "0.1.0",
            "https://s/v1/updates/files",
        )
        .unwrap()
        .unwrap();
        assert_eq!(offer.version, "0.2.0");
        assert_eq!(
            offer.url,
            "https://s/v1/updates/files/Dossier_0.2.0_amd64.deb"
        );
        assert_eq!(offer.notes, "Corrections.\n\nFixes.");
        assert_eq!(offer.notes_fr, "Corrections.");
    }

    #[test]
    fn the_same_or_a_newer_version_or_another_kind_is_offered_nothing() {
        let r = release();
        for (installer, current) in [
            ("deb", "0.2.0"),
            ("deb", "0.3.0"),
            ("appimage", "0.1.0"),
            ("unknown", "0.1.0"),
        ] {
            assert!(
                offer(&r, "linux", "x86_64", installer, current, "https://s")
                    .unwrap()
                    .is_none(),
                "{installer} {current}"
            );
        }
        assert!(
            offer(&r, "windows", "x86_64", "nsis", "0.1.0", "https://s")
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_version_that_is_not_one_is_a_malformed_request() {
        let e = offer(&release(), "linux", "x86_64", "deb", "latest", "https://s").unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn only_the_files_the_release_names_are_served() {
        let r = release();
        let dir = Path::new("/srv/updates");
        assert_eq!(
            artefact_path(dir, &r, "Dossier_0.2.0_amd64.deb"),
            Some(dir.join("Dossier_0.2.0_amd64.deb"))
        );
        for other in ["release.json", "../etc/passwd", "Dossier_0.1.0_amd64.deb"] {
            assert_eq!(artefact_path(dir, &r, other), None, "{other}");
        }
    }

    #[test]
    fn a_manifest_naming_a_path_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(MANIFEST),
            r#"{"version":"0.2.0","pub_date":"2026-12-07T15:00:00Z",
                "platforms":{"linux-x86_64-deb":{"file":"../x.deb","signature":"s"}}}"#,
        )
        .unwrap();
        assert!(matches!(
            read_release(dir.path()),
            Err(FeedError::BadFileName { .. })
        ));
        std::fs::remove_file(dir.path().join(MANIFEST)).unwrap();
        assert!(read_release(dir.path()).unwrap().is_none());
    }
}
