//! The one decider: whether a change to a file is allowed, decided alike by the laptop
//! and the server. No I/O, no clock: everything it reads is the file's state and the
//! operation itself.
//!
//! - [`state`]: [`FileState`], a file as the rules see it, and the judgements `program`
//!   makes of it (checklist, completeness, attestation duties, fees, CSQs, lifecycle facts);
//! - [`evolve`]: how each operation changes that state (a pure fold of the file's log);
//! - [`decide`]: whether an operation may be recorded, with the rule's refusal in French
//!   and English: every casework rule is written here and nowhere else;
//! - [`roles`]: who may make which change, and the four-eyes rule;
//! - [`validate`]: the shape every change must have (no NUL, bounded texts and lists,
//!   SHA-256 hashes) before any rule reads it;
//! - [`refusal`]: [`Refusal`], why a change is refused, with a stable code.
//!
//! The instant of a decision is the operation's own ([`instant`]), never the checker's
//! clock: replaying a file's log on any day, on any machine, gives the same state and the
//! same decisions.

pub mod decide;
pub mod evolve;
pub mod refusal;
pub mod roles;
pub mod state;
pub mod validate;

use chrono::{DateTime, Utc};
use oplog::Operation;

pub use decide::decide;
pub use evolve::{evolve, fold};
pub use refusal::Refusal;
pub use state::FileState;

/// The version of [`FileState`]'s stored form. A state kept under another version is
/// folded again from the file's log (the log is the truth; the state is its summary).
pub const STATE_VERSION: i32 = 2;

/// The instant an operation was made, by its own clock.
pub fn instant(op: &Operation) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(i64::try_from(op.hlc.wall_ms).unwrap_or(i64::MAX))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Decides `op` against `state` and, when it is allowed, returns the state after it.
pub fn apply(state: Option<FileState>, op: &Operation) -> Result<FileState, Refusal> {
    decide(state.as_ref(), op)?;
    evolve(state, op).ok_or(Refusal::CaseNotFound(op.case_id))
}
