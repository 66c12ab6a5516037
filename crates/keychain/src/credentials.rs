//! The session token in the OS keyring, and the errors of every keyring call. One
//! entry per server and user: service `dossier`, account `<user>@<server url>`. Signing
//! out deletes it. With no keyring the token is kept nowhere and the officer signs in
//! again next time.

use std::path::PathBuf;

use thiserror::Error;

/// The keyring service name under which Dossier keeps its secrets.
pub const SERVICE: &str = "dossier";

/// Which secret a keyring call was about (it decides what the error tells the officer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secret {
    /// The session token of a server.
    SignIn,
    /// The key of the local store.
    StoreKey,
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Secret::SignIn => "your sign-in",
            Secret::StoreKey => "the key of your local store",
        })
    }
}

/// The keyring to start, as this platform calls it.
#[cfg(target_os = "macos")]
const KEYRING: &str = "the macOS Keychain (open Keychain Access and unlock the login keychain)";
/// The keyring to start, as this platform calls it.
#[cfg(windows)]
const KEYRING: &str = "the Windows Credential Manager (sign in to Windows with your own account)";
/// The keyring to start, as this platform calls it.
#[cfg(not(any(target_os = "macos", windows)))]
const KEYRING: &str = "your desktop's keyring (GNOME Keyring or another Secret Service)";

/// What can go wrong with the keyring.
#[derive(Debug, Error)]
pub enum CredentialError {
    #[error(
        "no keyring is available to keep {secret} safely ({detail}); Dossier does not \
         store it anywhere else. Start {KEYRING}{}",
        match secret {
            Secret::SignIn => " and sign in again; until then you sign in at every start",
            Secret::StoreKey => " and start Dossier again: without it your files cannot be opened",
        }
    )]
    NoKeyring { secret: Secret, detail: String },

    #[error(
        "the keyring refused to {action} {secret} ({detail}); unlock the keyring and try again"
    )]
    Refused {
        secret: Secret,
        action: &'static str,
        detail: String,
    },

    #[error(
        "the key of the local store at {} is not in your keyring, and the store cannot be \
         read without it. If you changed keyrings, restore the old one; otherwise move the \
         store aside and sign in again: the files assigned to you will download again \
         (operations not yet synchronised from it are lost)",
        path.display()
    )]
    StoreKeyMissing { path: PathBuf },

    #[error(
        "the key of the local store kept in your keyring was changed outside Dossier: {0}; \
         restore the keyring's entry"
    )]
    StoreKeyDamaged(String),

    #[error("the local store at {} could not be checked: {detail}", path.display())]
    Store { path: PathBuf, detail: String },
}

impl CredentialError {
    /// A stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            CredentialError::NoKeyring { .. } => "keyring.unavailable",
            CredentialError::Refused { .. } => "keyring.refused",
            CredentialError::StoreKeyMissing { .. } => "keyring.store_key_missing",
            CredentialError::StoreKeyDamaged(_) => "keyring.store_key_damaged",
            CredentialError::Store { .. } => "store.open",
        }
    }

    pub(crate) fn from_keyring(secret: Secret, action: &'static str, e: keyring::Error) -> Self {
        match e {
            keyring::Error::NoStorageAccess(inner) => CredentialError::NoKeyring {
                secret,
                detail: inner.to_string(),
            },
            keyring::Error::PlatformFailure(inner) => {
                let detail = inner.to_string();
                // libdbus reports a missing bus or service as a platform failure.
                let lower = detail.to_lowercase();
                if lower.contains("dbus")
                    || lower.contains("d-bus")
                    || lower.contains("secrets")
                    || lower.contains("no such file")
                    || lower.contains("connection refused")
                {
                    CredentialError::NoKeyring { secret, detail }
                } else {
                    CredentialError::Refused {
                        secret,
                        action,
                        detail,
                    }
                }
            }
            other => CredentialError::Refused {
                secret,
                action,
                detail: other.to_string(),
            },
        }
    }
}

/// Tokens in the OS keyring.
#[derive(Debug, Clone)]
pub struct Credentials {
    service: String,
}

impl Default for Credentials {
    fn default() -> Self {
        Self::new()
    }
}

impl Credentials {
    /// The app's keyring entries (service [`SERVICE`]).
    pub fn new() -> Self {
        Self::with_service(SERVICE)
    }

    /// Entries under another service name (tests keep theirs apart).
    pub fn with_service(service: &str) -> Self {
        Self {
            service: service.to_owned(),
        }
    }

    fn entry(&self, server_url: &str, user: &str) -> Result<keyring::Entry, CredentialError> {
        keyring::Entry::new(&self.service, &format!("{user}@{server_url}"))
            .map_err(|e| CredentialError::from_keyring(Secret::SignIn, "find", e))
    }

    /// Keeps `token` for `user` on `server_url`, replacing any earlier one.
    pub fn save_token(
        &self,
        server_url: &str,
        user: &str,
        token: &str,
    ) -> Result<(), CredentialError> {
        self.entry(server_url, user)?
            .set_password(token)
            .map_err(|e| CredentialError::from_keyring(Secret::SignIn, "save", e))
    }

    /// The token kept for `user` on `server_url`, if any.
    pub fn token(&self, server_url: &str, user: &str) -> Result<Option<String>, CredentialError> {
        match self.entry(server_url, user)?.get_password() {
            Ok(t) => Ok(Some(t)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(CredentialError::from_keyring(Secret::SignIn, "read", e)),
        }
    }

    /// Forgets the token (sign-out). Forgetting one that is not there is not an error.
    pub fn delete_token(&self, server_url: &str, user: &str) -> Result<(), CredentialError> {
        match self.entry(server_url, user)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(CredentialError::from_keyring(Secret::SignIn, "delete", e)),
        }
    }
}
