//! What the sync indicator shows: whether the server is reachable, how many operations
//! wait, how many ended as conflicts, when the last round ended, what is moving now, and
//! the last error in words a person can act on. Crosses IPC (TypeScript twin by ts-rs).

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

/// Where the app stands with the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionState {
    /// No server configured: the app works on its own store only.
    NotConfigured,
    /// A server is configured but nobody signed in on this laptop.
    SignedOut,
    /// A round is under way.
    Syncing,
    /// The last round reached the server.
    Online,
    /// The server could not be reached; work continues and the app retries.
    Offline,
    /// The session expired or was ended: sign in again (pending work is kept).
    SignInRequired,
    /// The server refused in a way retrying will not fix (e.g. another protocol version).
    Error,
}

/// What a round is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Uploading,
    Pushing,
    Pulling,
    Downloading,
}

/// Progress of the current phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Progress {
    pub phase: Phase,
    /// Items done and in all (documents while moving documents, operations otherwise).
    pub done: u32,
    pub total: u32,
    /// Bytes done and in all (documents only; 0 otherwise).
    #[ts(type = "number")]
    pub bytes_done: u64,
    #[ts(type = "number")]
    pub bytes_total: u64,
}

/// An error as the indicator shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StatusError {
    pub code: String,
    /// English, for support (the technical details).
    pub message: String,
    /// What happened and what to do, for the officer.
    pub text: vocab::Text,
}

/// Everything the sync indicator shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncStatus {
    pub state: ConnectionState,
    pub server_url: Option<String>,
    /// Who is signed in (or signed in last).
    pub user: Option<String>,
    /// Local operations not yet acknowledged by the server.
    pub pending: u32,
    /// Local operations refused (shown in the conflicts view).
    pub conflicts: u32,
    pub last_sync: Option<DateTime<Utc>>,
    pub progress: Option<Progress>,
    pub last_error: Option<StatusError>,
    /// Counts the rounds that changed what the screens show (operations from the server
    /// applied, documents downloaded, local operations undone): a screen reloads when it
    /// changes.
    #[ts(type = "number")]
    pub changes: u64,
}

impl SyncStatus {
    /// The status of an app with no server configured.
    pub fn not_configured() -> Self {
        Self {
            state: ConnectionState::NotConfigured,
            server_url: None,
            user: None,
            pending: 0,
            conflicts: 0,
            last_sync: None,
            progress: None,
            last_error: None,
            changes: 0,
        }
    }
}
