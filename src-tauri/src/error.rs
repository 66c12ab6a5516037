//! Errors as they cross IPC: a stable `code` the UI can branch on and a `message` a person
//! can act on. Never a bare string, never a stack trace.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    pub code: String,
    pub message: String,
}

impl IpcError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

impl From<store::StoreError> for IpcError {
    fn from(e: store::StoreError) -> Self {
        Self::new(e.code(), e.to_string())
    }
}
