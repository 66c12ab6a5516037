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
//! clock, and the rules are those of the program definition version the operation names
//! ([`apply`]): replaying a file's log on any day, on any machine, gives the same state
//! and the same decisions.

pub mod decide;
pub mod evolve;
pub mod refusal;
pub mod roles;
pub mod state;
pub mod validate;

use chrono::{DateTime, Utc};
use oplog::Operation;
use program::{ProgramDefinition, ProgramVersions};

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

/// The definition `op` is replayed with: the version it names. A replica that does not
/// hold that version (which the server refuses at push, and laptops pull versions before
/// operations to avoid) replays it with the version in force at its instant.
pub fn definition_for<'a>(versions: &'a ProgramVersions, op: &Operation) -> &'a ProgramDefinition {
    versions
        .get(op.program)
        .unwrap_or_else(|| versions.in_force_at(instant(op)))
        .definition
        .as_ref()
}

/// Whether `op` may be recorded on `state`, and the definition to move the state on with.
///
/// P5: `op` is decided with the version it names, as its author did. When another
/// version was in force at its instant (an author offline since before that version),
/// it is decided again with that one too, and any difference, in the verdict or in the
/// state after it, is refused as [`Refusal::ProgramVersionMismatch`]: never a silent
/// difference between the laptop and the server.
pub fn check<'v>(
    versions: &'v ProgramVersions,
    state: Option<&FileState>,
    op: &Operation,
) -> Result<&'v ProgramDefinition, Refusal> {
    let named = versions
        .get(op.program)
        .ok_or(Refusal::UnknownProgramVersion(op.program))?;
    decide(&named.definition, state, op)?;
    let in_force = versions.in_force_at(instant(op));
    if in_force.id != named.id {
        let by_named = evolve(&named.definition, state.cloned(), op);
        let by_in_force = decide(&in_force.definition, state, op)
            .map(|()| evolve(&in_force.definition, state.cloned(), op));
        if by_in_force != Ok(by_named) {
            return Err(Refusal::ProgramVersionMismatch {
                named: named.id,
                in_force: in_force.id,
                since: in_force.effective_at,
            });
        }
    }
    Ok(&named.definition)
}

/// Decides `op` against `state` ([`check`]) and, when it is allowed, returns the state
/// after it.
pub fn apply(
    versions: &ProgramVersions,
    state: Option<FileState>,
    op: &Operation,
) -> Result<FileState, Refusal> {
    let def = check(versions, state.as_ref(), op)?;
    evolve(def, state, op).ok_or(Refusal::CaseNotFound(op.case_id))
}
