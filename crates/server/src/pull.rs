//! Pulling operations after a cursor, one page at a time, limited to what the user may see
//! (record level, ASVS 8.2.2): a supervisor walks the whole log by sequence number; an
//! officer gets the operations of the files assigned to them now, ordered by
//! `through = max(seq, sequence of the file's assignment)`, so a file assigned after the
//! last pull arrives with its whole history; plus, once, the assignment that took a file
//! away from them. See [`sync::cursor`]; a cursor of a log the server no longer has (it
//! was restored from a backup) starts again from the beginning, see [`sync::epoch`].

use deadpool_postgres::Pool;
use oplog::Change;
use oplog::hlc::Hlc;
use oplog::ids::{Actor, CaseId, OperationId, Role};
use sync::cursor::{Cursor, CursorScope};
use sync::epoch::{Epoch, LogPosition};
use sync::wire::{PullResponse, PulledOperation, WireOperation};
use tokio_postgres::Row;

use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};

pub(crate) const COLUMNS: &str =
    "o.seq, o.id, o.case_id, o.change, o.author, o.author_role, o.hlc, o.program_version";

/// An officer's operations after the cursor `($2, $3)`, in `(through, seq)` order: those of
/// the files assigned to `$1` now (each file found by `cases_assigned_to`, its operations
/// by `operations_case` from a lower bound on `seq`), and the assignments that took a file
/// from them (`operations_revoked_from`). Both halves read only the rows they return, so a
/// page costs the officer's files, not the whole log. The bound: when a file was assigned
/// after the cursor, all its operations qualify; otherwise `through = seq` or the
/// assignment's sequence, which is at most the cursor, so `seq > min($2, $3)` is needed.
pub(crate) const ASSIGNED_PAGE: &str = "SELECT * FROM (
    SELECT o.seq, o.id, o.case_id, o.change, o.author, o.author_role, o.hlc, o.program_version,
           GREATEST(o.seq, c.assigned_seq) AS through
      FROM cases c JOIN operations o ON o.case_id = c.id
     WHERE c.assigned_to = $1
       AND o.seq > CASE WHEN c.assigned_seq > $2 THEN 0 ELSE LEAST($2, $3) END
    UNION ALL
    SELECT o.seq, o.id, o.case_id, o.change, o.author, o.author_role, o.hlc, o.program_version,
           o.seq AS through
      FROM operations o JOIN cases c ON c.id = o.case_id
     WHERE o.revoked_from = $1 AND o.seq >= $2 AND c.assigned_to IS DISTINCT FROM $1
 ) v
 WHERE (v.through, v.seq) > ($2, $3)
 ORDER BY v.through, v.seq";

/// One page of at most `limit` operations after `after`. A cursor of another `epoch`
/// than the server's, or past its head, belongs to a log this server no longer has (it
/// was restored from a backup): the page starts from the beginning and says `restored`.
pub async fn pull(
    pool: &Pool,
    who: &Principal,
    after: Option<Cursor>,
    epoch: Option<Epoch>,
    limit: u32,
) -> ApiResult<PullResponse> {
    let scope = match who.role {
        Role::Supervisor => CursorScope::All,
        Role::Officer => CursorScope::Assigned,
    };
    let db = pool.get().await?;
    let log = crate::epoch::position(&db).await?;
    let restored = after.is_some_and(|c| {
        epoch.is_some_and(|e| e != log.epoch) || c.through > log.head || c.seq > log.head
    });
    let (cursor, reset) = match after {
        Some(c) if c.scope == scope && !restored => (c, false),
        _ => (Cursor::start(scope), true),
    };
    let fetch = i64::from(limit) + 1;
    let rows = match scope {
        CursorScope::All => {
            let sql = format!(
                "SELECT {COLUMNS}, o.seq AS through FROM operations o
                  WHERE o.seq > $1 ORDER BY o.seq LIMIT $2"
            );
            db.query(&sql, &[&cursor.seq, &fetch]).await?
        }
        CursorScope::Assigned => {
            let sql = format!("{ASSIGNED_PAGE} LIMIT $4");
            db.query(&sql, &[&who.name.0, &cursor.through, &cursor.seq, &fetch])
                .await?
        }
    };
    let more = rows.len() as i64 > i64::from(limit);
    let mut next = cursor;
    let mut operations = Vec::with_capacity(rows.len());
    for row in rows.iter().take(limit as usize) {
        let through: i64 = row.get(8);
        let op = pulled(row)?;
        next = Cursor {
            scope,
            through,
            seq: op.seq,
        };
        operations.push(op);
    }
    let head = operations.last().map_or(log.head, |o| o.seq.max(log.head));
    Ok(PullResponse {
        operations,
        next,
        more,
        reset,
        restored,
        log: Some(LogPosition { head, ..log }),
    })
}

/// One stored operation as read by the columns of `COLUMNS`, in that order.
pub(crate) fn pulled(row: &Row) -> ApiResult<PulledOperation> {
    let seq: i64 = row.get(0);
    let corrupt = |what: &str| ApiError::internal(format!("operation seq {seq}: {what}"));
    let change: Change = serde_json::from_value(row.get(3))
        .map_err(|e| corrupt(&format!("change does not read: {e}")))?;
    let role = Role::from_code(row.get(5)).ok_or_else(|| corrupt("author_role"))?;
    let hlc: Hlc = row
        .get::<_, String>(6)
        .parse()
        .map_err(|e: String| corrupt(&e))?;
    let program = u32::try_from(row.get::<_, i32>(7)).map_err(|_| corrupt("program_version"))?;
    Ok(PulledOperation {
        seq,
        operation: WireOperation {
            id: OperationId(row.get(1)),
            case_id: CaseId(row.get(2)),
            change,
            author: Actor {
                user: oplog::ids::UserId(row.get(4)),
                role,
            },
            hlc,
            program: program::ProgramVersionId(program),
        },
    })
}
