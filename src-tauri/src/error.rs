//! Errors as they cross IPC: a stable `code` the UI can branch on and a `message` a person
//! can act on. Never a bare string, never a stack trace.

use serde::Serialize;
use ts_rs::TS;
use vocab::Text;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    pub code: String,
    /// What happened and what to do, in English (technical details for support).
    pub message: String,
    /// When the rules or the user’s role refused a step: why, as a message of the catalogue, for
    /// the person who tried it (shown in the screen's language instead of `message`).
    pub reason: Option<Text>,
}

impl IpcError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
            reason: None,
        }
    }

    /// The same error, with why in the catalogue's words for the person who asked.
    pub fn with_reason(mut self, reason: vocab::Text) -> Self {
        self.reason = Some(reason);
        self
    }
}

impl From<store::StoreError> for IpcError {
    fn from(e: store::StoreError) -> Self {
        Self {
            code: e.code().to_owned(),
            message: e.to_string(),
            reason: e.reason(),
        }
    }
}

impl From<store::Invalid> for IpcError {
    fn from(e: store::Invalid) -> Self {
        store::StoreError::from(e).into()
    }
}
