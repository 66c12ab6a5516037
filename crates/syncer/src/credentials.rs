//! The session token in the OS keyring: the Secret Service on Linux (GNOME Keyring,
//! KWallet), through the `keyring` crate built with only that backend, so there is no
//! file fallback. One entry per server and user: service `dossier`, account
//! `<user>@<server url>`. Signing out deletes it. With no keyring daemon at all, every
//! call fails with [`CredentialError::NoKeyring`], whose message says what to do; the
//! token is then kept nowhere and the officer signs in again next time.
//!
//! The calls block (D-Bus): from async code, run them on a blocking thread.

use thiserror::Error;

/// The keyring service name under which Dossier keeps its tokens.
pub const SERVICE: &str = "dossier";

/// What can go wrong with the keyring.
#[derive(Debug, Error)]
pub enum CredentialError {
    #[error(
        "no keyring is available to keep your sign-in safely ({detail}); Dossier does not \
         store it anywhere else. Start your desktop's keyring (GNOME Keyring or another \
         Secret Service) and sign in again; until then you sign in at every start"
    )]
    NoKeyring { detail: String },

    #[error(
        "the keyring refused to {action} the sign-in ({detail}); unlock the keyring and try again"
    )]
    Refused {
        action: &'static str,
        detail: String,
    },
}

impl CredentialError {
    /// A stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            CredentialError::NoKeyring { .. } => "keyring.unavailable",
            CredentialError::Refused { .. } => "keyring.refused",
        }
    }

    fn from_keyring(action: &'static str, e: keyring::Error) -> Self {
        match e {
            keyring::Error::NoStorageAccess(inner) => CredentialError::NoKeyring {
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
                    CredentialError::NoKeyring { detail }
                } else {
                    CredentialError::Refused { action, detail }
                }
            }
            other => CredentialError::Refused {
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
            .map_err(|e| CredentialError::from_keyring("find", e))
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
            .map_err(|e| CredentialError::from_keyring("save", e))
    }

    /// The token kept for `user` on `server_url`, if any.
    pub fn token(&self, server_url: &str, user: &str) -> Result<Option<String>, CredentialError> {
        match self.entry(server_url, user)?.get_password() {
            Ok(t) => Ok(Some(t)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(CredentialError::from_keyring("read", e)),
        }
    }

    /// Forgets the token (sign-out). Forgetting one that is not there is not an error.
    pub fn delete_token(&self, server_url: &str, user: &str) -> Result<(), CredentialError> {
        match self.entry(server_url, user)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(CredentialError::from_keyring("delete", e)),
        }
    }
}
