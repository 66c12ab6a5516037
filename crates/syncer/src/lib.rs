//! The app's side of synchronisation with the central server (protocol:
//! `docs/sync-protocol.md`), kept out of the Tauri shell so tests can drive it with real
//! stores and the real server:
//!
//! - [`engine`]: [`Engine`], one sync round (upload the documents of pending changes,
//!   push pending operations in batches and record each answer, pull pages until the
//!   server has nothing more and apply them, download the documents of assigned files)
//!   and [`run`], the background loop (periodic, "sync now", back-off when offline).
//! - [`supervision`]: the supervisor's desk, online: the team, assignments,
//!   distribution, users, and the program's figures (the last copy kept for offline).
//! - [`integrity`]: review integrity, online: the pages of a file found in another file,
//!   and a supervisor's dismissal of a pair.
//! - [`status`]: [`SyncStatus`], what the indicator shows (online or offline, operations
//!   waiting, conflicts, last sync, progress, last error).
//!
//! The session token it sends is kept in the OS keyring by crate `keychain`.
//!
//! The store keeps the bookkeeping (`store::sync`): pending operations, answers,
//! rejections, the pull cursor. This crate only moves things over the network.

pub mod engine;
pub mod integrity;
pub mod status;
pub mod supervision;

pub use engine::{Engine, EngineConfig, RoundReport, SyncError, run};
pub use keychain::{CredentialError, Credentials};
pub use status::{ConnectionState, Phase, Progress, SyncStatus};
