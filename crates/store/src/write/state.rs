//! The decider's state of each file, kept beside it (`case_states`, JSON): read before
//! every write to decide it, written in the same transaction, and folded again from the
//! file's log when it is missing or was written under another `decider::STATE_VERSION`.
//! The queue's columns that follow from it (status, next deadline, "ready for a
//! decision") are written with it.

use decider::FileState;
use program::ProgramVersions;
use rusqlite::{Connection, OptionalExtension, params};

use crate::StoreError;
use crate::ids::CaseId;
use crate::ops::Operation;

/// The state of file `case`, `None` when the store does not hold it.
pub(crate) fn load(
    conn: &Connection,
    versions: &ProgramVersions,
    case: CaseId,
) -> Result<Option<FileState>, StoreError> {
    let row: Option<(i64, String)> = conn
        .prepare_cached("SELECT version, state FROM case_states WHERE case_id = ?1")?
        .query_row([case], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        Some((version, json)) if version == i64::from(decider::STATE_VERSION) => {
            Ok(Some(serde_json::from_str(&json)?))
        }
        Some(_) => refold(conn, versions, case),
        None => {
            let exists: bool = conn
                .prepare_cached("SELECT count(*) > 0 FROM cases WHERE id = ?1")?
                .query_row([case], |r| r.get(0))?;
            if exists {
                refold(conn, versions, case)
            } else {
                Ok(None)
            }
        }
    }
}

/// The state of file `case`; `CaseNotFound` when the store does not hold it.
pub(crate) fn require(
    conn: &Connection,
    versions: &ProgramVersions,
    case: CaseId,
) -> Result<FileState, StoreError> {
    load(conn, versions, case)?.ok_or_else(|| StoreError::CaseNotFound(case.to_string()))
}

/// Writes `state` and the file's columns that follow from it, as `last` (the operation
/// that made it) left them: its instant decides "ready for a decision", its clock is the
/// file's last change.
pub(crate) fn save(
    conn: &Connection,
    versions: &ProgramVersions,
    state: &FileState,
    last: &Operation,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO case_states (case_id, version, state) VALUES (?1, ?2, ?3)
         ON CONFLICT (case_id) DO UPDATE SET version = excluded.version, state = excluded.state",
    )?
    .execute(params![
        state.case_id,
        decider::STATE_VERSION,
        serde_json::to_string(state)?
    ])?;
    conn.prepare_cached(
        "UPDATE cases SET status = ?2, next_deadline = ?3, selection_ready = ?4,
                          ai_notice_required = ?5, assigned_to = ?6, updated_hlc = ?7
         WHERE id = ?1",
    )?
    .execute(params![
        state.case_id,
        state.status.code(),
        state.next_deadline().map(|d| d.to_string()),
        state.selection_ready(
            decider::definition_for(versions, last),
            decider::instant(last),
        ),
        state.ai_notice_required,
        state.assigned_to.as_ref().map(|u| u.0.as_str()),
        last.hlc.to_string(),
    ])?;
    Ok(())
}

/// Folds file `case` again from its log (the server's operations in the server's order,
/// then the pending ones; rejected ones left out) and keeps the result.
fn refold(
    conn: &Connection,
    versions: &ProgramVersions,
    case: CaseId,
) -> Result<Option<FileState>, StoreError> {
    let ops = crate::db::file_log(conn, case)?;
    let state = decider::fold(versions, &ops);
    if let (Some(state), Some(last)) = (&state, ops.last()) {
        save(conn, versions, state, last)?;
    }
    Ok(state)
}

/// Folds every file whose state is missing or of another version (after a migration, or
/// a newer decider): done once when the store opens, so reads never wait on it.
pub(crate) fn refold_stale(
    conn: &Connection,
    versions: &ProgramVersions,
) -> Result<u64, StoreError> {
    let stale: Vec<CaseId> = conn
        .prepare(
            "SELECT c.id FROM cases c LEFT JOIN case_states s ON s.case_id = c.id
             WHERE s.version IS NULL OR s.version != ?1",
        )?
        .query_map([decider::STATE_VERSION], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if stale.is_empty() {
        return Ok(0);
    }
    let tx = conn.unchecked_transaction()?;
    for case in &stale {
        refold(&tx, versions, *case)?;
    }
    tx.commit()?;
    Ok(stale.len() as u64)
}
