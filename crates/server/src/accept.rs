//! Accepting pushed operations. A batch runs in one PostgreSQL transaction that first
//! takes the log's advisory lock (so sequence numbers commit in order). Each operation,
//! in order:
//!
//! 1. already stored under its id → `duplicate` with its sequence number (a retry);
//! 2. its author must be the signed-in user, claiming no role above the user's current one;
//! 3. the user's current role must allow the kind of change ([`crate::rules`]);
//! 4. the file must exist (except for `case_received`) and, for an officer, be assigned to
//!    them (record level);
//! 5. a change that moves the status must be allowed from the file's status on the
//!    server by `program::transition`, else `conflict.transition` naming the status and
//!    the operation that set it;
//! 6. stored with the next sequence number, the `cases` projection updated in the same
//!    transaction.
//!
//! A rejected operation is not stored; its reason goes back to the client, which keeps
//! it. Plain changes (notes, documents) have no order to respect and are accepted
//! whatever their clock; the clients merge them by clock.

use deadpool_postgres::Pool;
use program::{CaseStatus, transition};
use store::Change;
use store::events::lifecycle_event;
use store::ids::{Role, UserId};
use sync::codes;
use sync::wire::{PushOutcome, PushResult, WireOperation};
use tokio_postgres::Transaction;

use crate::auth::{parse_role, role_code};
use crate::db::LOG_LOCK;
use crate::error::{ApiError, ApiResult};
use crate::rules::{required_role, role_allows};

/// Who pushes: a signed-in user, or the server's own command line.
#[derive(Debug, Clone)]
pub struct Pusher {
    pub name: UserId,
    pub role: Role,
}

fn reject(code: &str, message: impl Into<String>) -> PushOutcome {
    PushOutcome::Rejected {
        code: code.to_owned(),
        message: message.into(),
    }
}

/// Applies a batch; one result per operation, in order.
pub async fn push_batch(
    pool: &Pool,
    pusher: &Pusher,
    operations: &[WireOperation],
) -> ApiResult<Vec<PushResult>> {
    let mut db = pool.get().await?;
    let tx = db.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOG_LOCK])
        .await?;
    let mut results = Vec::with_capacity(operations.len());
    for op in operations {
        let outcome = accept_one(&tx, pusher, op).await?;
        match &outcome {
            PushOutcome::Rejected { code, message } => {
                tracing::info!(op = %op.id, user = %pusher.name, code, "operation rejected: {message}");
            }
            PushOutcome::Accepted { seq } => {
                tracing::debug!(op = %op.id, seq, "operation accepted");
            }
            PushOutcome::Duplicate { .. } => {}
        }
        results.push(PushResult { id: op.id, outcome });
    }
    tx.commit().await?;
    Ok(results)
}

async fn accept_one(
    tx: &Transaction<'_>,
    pusher: &Pusher,
    op: &WireOperation,
) -> ApiResult<PushOutcome> {
    // 1. A retry of an operation already stored.
    if let Some(row) = tx
        .query_opt(
            "SELECT seq, case_id, change, author, author_role, hlc FROM operations WHERE id = $1",
            &[&op.id.0],
        )
        .await?
    {
        let seq: i64 = row.get(0);
        let same = row.get::<_, uuid::Uuid>(1) == op.case_id.0
            && serde_json::from_value::<Change>(row.get(2)).ok().as_ref() == Some(&op.change)
            && row.get::<_, String>(3) == op.author.user.0
            && parse_role(row.get(4)) == Some(op.author.role)
            && row.get::<_, String>(5) == op.hlc.to_string();
        return Ok(if same {
            PushOutcome::Duplicate { seq }
        } else {
            reject(
                codes::REJECT_ID_REUSED,
                format!(
                    "operation {} was accepted earlier (sequence {seq}) with different content",
                    op.id
                ),
            )
        });
    }

    // 2. The author is the user who pushes.
    if op.author.user != pusher.name {
        return Ok(reject(
            codes::REJECT_AUTHOR,
            format!(
                "the operation is by {}, but {} is signed in: each user pushes their own work",
                op.author.user, pusher.name
            ),
        ));
    }
    if !role_allows(pusher.role, op.author.role) {
        return Ok(reject(
            codes::REJECT_ROLE,
            format!(
                "the operation was made as {}, but {} is now {}",
                role_code(op.author.role),
                pusher.name,
                role_code(pusher.role)
            ),
        ));
    }

    // 3. Function level: the current role allows this kind of change.
    let needs = required_role(&op.change);
    if !role_allows(pusher.role, needs) {
        return Ok(reject(
            codes::REJECT_ROLE,
            format!(
                "only a {} may record {}; {} is {}",
                role_code(needs),
                op.change.kind(),
                pusher.name,
                role_code(pusher.role)
            ),
        ));
    }

    if let Change::CaseReceived { file_number, .. } = &op.change {
        return receive_case(tx, pusher, op, file_number).await;
    }

    // 4. The file exists and, for an officer, is theirs.
    let Some(case) = tx
        .query_opt(
            "SELECT status, status_op, assigned_to FROM cases WHERE id = $1 FOR UPDATE",
            &[&op.case_id.0],
        )
        .await?
    else {
        return Ok(if pusher.role == Role::Officer {
            not_assigned(op, pusher)
        } else {
            reject(
                codes::REJECT_CASE_NOT_FOUND,
                format!(
                    "file {} is not on the server; push its case_received first",
                    op.case_id
                ),
            )
        });
    };
    let status_text: String = case.get(0);
    let status_op: uuid::Uuid = case.get(1);
    let assigned_to: Option<String> = case.get(2);
    if pusher.role == Role::Officer && assigned_to.as_deref() != Some(pusher.name.0.as_str()) {
        return Ok(not_assigned(op, pusher));
    }
    let status = CaseStatus::from_code(&status_text).ok_or_else(|| {
        ApiError::internal(format!("case {} has status {status_text:?}", op.case_id))
    })?;

    // 5. The lifecycle allows the step from the status the server holds.
    let mut new_status = None;
    if let Some(event) = lifecycle_event(&op.change) {
        match transition(status, event) {
            Ok(to) => new_status = Some(to),
            Err(e) => {
                let by = tx
                    .query_opt(
                        "SELECT kind, author, hlc FROM operations WHERE id = $1",
                        &[&status_op],
                    )
                    .await?;
                let by = by
                    .map(|r| {
                        format!(
                            "{} by {} at {}",
                            r.get::<_, String>(0),
                            r.get::<_, String>(1),
                            r.get::<_, String>(2)
                        )
                    })
                    .unwrap_or_default();
                return Ok(reject(
                    codes::REJECT_CONFLICT_TRANSITION,
                    format!(
                        "the file is now {} after operation {status_op} ({by}), so {} cannot be \
                         recorded: {}",
                        status.code(),
                        op.change.kind(),
                        e.reason
                    ),
                ));
            }
        }
    }

    if let Change::DocumentAdded {
        document_id,
        sha256,
        ..
    }
    | Change::LetterFiled {
        document_id,
        sha256,
        ..
    } = &op.change
        && !sync::is_sha256_hex(sha256)
    {
        return Ok(reject(
            codes::REJECT_INVALID,
            format!(
                "document {document_id}: {sha256:?} is not a sha-256 hash (64 lowercase hex digits)"
            ),
        ));
    }

    // 6. Store it and update the projection.
    let mut revoked_from = None;
    if let Change::CaseAssigned { officer } = &op.change {
        let exists = tx
            .query_opt(
                "SELECT 1 FROM users WHERE name = $1 AND NOT disabled",
                &[&officer.0],
            )
            .await?;
        if exists.is_none() {
            return Ok(reject(
                codes::REJECT_UNKNOWN_USER,
                format!("there is no active user {officer} to assign the file to"),
            ));
        }
        revoked_from = assigned_to.filter(|prev| *prev != officer.0);
    }
    let seq = insert_operation(tx, pusher, op, revoked_from.as_deref()).await?;
    if let Some(to) = new_status {
        tx.execute(
            "UPDATE cases SET status = $2, status_op = $3 WHERE id = $1",
            &[&op.case_id.0, &to.code(), &op.id.0],
        )
        .await?;
    }
    match &op.change {
        Change::CaseAssigned { officer } => {
            tx.execute(
                "UPDATE cases SET assigned_to = $2,
                        assigned_seq = CASE WHEN assigned_to IS DISTINCT FROM $2 THEN $3 ELSE assigned_seq END
                  WHERE id = $1",
                &[&op.case_id.0, &officer.0, &seq],
            )
            .await?;
        }
        Change::DocumentAdded {
            document_id,
            sha256,
            byte_size,
            ..
        }
        | Change::LetterFiled {
            document_id,
            sha256,
            byte_size,
            ..
        } => {
            tx.execute(
                "INSERT INTO documents (document_id, case_id, sha256, byte_size)
                 VALUES ($1, $2, $3, $4) ON CONFLICT (document_id) DO NOTHING",
                &[
                    &document_id.0,
                    &op.case_id.0,
                    &sha256,
                    &i64::try_from(*byte_size).unwrap_or(i64::MAX),
                ],
            )
            .await?;
        }
        _ => {}
    }
    Ok(PushOutcome::Accepted { seq })
}

fn not_assigned(op: &WireOperation, pusher: &Pusher) -> PushOutcome {
    reject(
        codes::REJECT_RECORD,
        format!("file {} is not assigned to {}", op.case_id, pusher.name),
    )
}

async fn receive_case(
    tx: &Transaction<'_>,
    pusher: &Pusher,
    op: &WireOperation,
    file_number: &str,
) -> ApiResult<PushOutcome> {
    if file_number.trim().is_empty() {
        return Ok(reject(
            codes::REJECT_CASE_EXISTS,
            "the file number is empty",
        ));
    }
    let inserted = tx
        .execute(
            "INSERT INTO cases (id, file_number, status, status_op) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
            &[
                &op.case_id.0,
                &file_number,
                &CaseStatus::Received.code(),
                &op.id.0,
            ],
        )
        .await?;
    if inserted == 0 {
        return Ok(reject(
            codes::REJECT_CASE_EXISTS,
            format!(
                "a file with id {} or file number {file_number} is already on the server",
                op.case_id
            ),
        ));
    }
    let seq = insert_operation(tx, pusher, op, None).await?;
    Ok(PushOutcome::Accepted { seq })
}

async fn insert_operation(
    tx: &Transaction<'_>,
    pusher: &Pusher,
    op: &WireOperation,
    revoked_from: Option<&str>,
) -> ApiResult<i64> {
    let change = serde_json::to_value(&op.change).map_err(ApiError::internal)?;
    let row = tx
        .query_one(
            "INSERT INTO operations (id, case_id, kind, change, author, author_role, hlc, revoked_from, pushed_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq",
            &[
                &op.id.0,
                &op.case_id.0,
                &op.change.kind(),
                &change,
                &op.author.user.0,
                &role_code(op.author.role),
                &op.hlc.to_string(),
                &revoked_from,
                &pusher.name.0,
            ],
        )
        .await?;
    Ok(row.get(0))
}
