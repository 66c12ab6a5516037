//! The projection of a file that the figures and the team screen read: when it was
//! received and decided, and how (columns of `cases`), and each request with its deadline
//! and answer (`case_requests`). It is written from the decider's state in the same
//! transaction as the state itself ([`write`]), and for files stored before it existed
//! (or under an older [`PROJECTION_VERSION`]) when the server starts ([`project_stale`]).

use chrono::{DateTime, Utc};
use deadpool_postgres::{GenericClient, Pool};
use decider::FileState;
use decider::state::{RequestClosed, ReviewOutcome};
use program::Decision;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};

/// Bumped when what is projected changes: older rows are projected again at start.
pub const PROJECTION_VERSION: i32 = 1;

/// What the figures need of one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    pub received_at: DateTime<Utc>,
    /// The approved decision in force, and when the supervisor approved it.
    pub decided: Option<(DateTime<Utc>, &'static str)>,
    pub requests: Vec<RequestProjection>,
}

/// One request sent on the file.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestProjection {
    pub id: Uuid,
    pub kind: &'static str,
    pub sent_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// When the applicant's answer closed it (items received, attestation obtained,
    /// letter answered); a request closed by a decision is not answered.
    pub answered_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// The code of a decision's outcome, as `cases.decision` holds it.
pub fn decision_code(d: &Decision) -> &'static str {
    match d {
        Decision::Selected => "selected",
        Decision::Refused { .. } => "refused",
        Decision::Rejected { .. } => "rejected",
    }
}

/// The projection of `state`.
pub fn project(state: &FileState) -> Projection {
    let decided = state
        .decisions
        .iter()
        .rev()
        .find(|d| d.outcome == Some(ReviewOutcome::Approved))
        .map(|d| {
            (
                d.reviewed_at.unwrap_or(d.proposed_at),
                decision_code(&d.decision),
            )
        });
    let requests = state
        .requests
        .iter()
        .map(|r| RequestProjection {
            id: r.id.0,
            kind: r.kind.code(),
            sent_at: r.sent_at,
            ends_at: r.deadline.ends_at,
            answered_at: match r.closed_reason {
                Some(
                    RequestClosed::Received | RequestClosed::Completed | RequestClosed::Answered,
                ) => r.closed_at,
                _ => None,
            },
            closed_at: r.closed_at,
        })
        .collect();
    Projection {
        received_at: state.received_at,
        decided,
        requests,
    }
}

/// Writes the projections of these files (their `cases` columns, and their requests in
/// place of the ones recorded).
pub async fn write(db: &impl GenericClient, files: &[(Uuid, &FileState)]) -> ApiResult<()> {
    if files.is_empty() {
        return Ok(());
    }
    let mut ids = Vec::with_capacity(files.len());
    let mut received = Vec::with_capacity(files.len());
    let mut decided_at: Vec<Option<DateTime<Utc>>> = Vec::with_capacity(files.len());
    let mut decisions: Vec<Option<&str>> = Vec::with_capacity(files.len());
    let (mut r_case, mut r_id, mut r_kind, mut r_sent, mut r_ends, mut r_answered, mut r_closed) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    for (id, state) in files {
        let p = project(state);
        ids.push(*id);
        received.push(p.received_at);
        decided_at.push(p.decided.map(|d| d.0));
        decisions.push(p.decided.map(|d| d.1));
        for r in p.requests {
            r_case.push(*id);
            r_id.push(r.id);
            r_kind.push(r.kind);
            r_sent.push(r.sent_at);
            r_ends.push(r.ends_at);
            r_answered.push(r.answered_at);
            r_closed.push(r.closed_at);
        }
    }
    let update = db
        .prepare_cached(
            "UPDATE cases c SET received_at = u.received_at, decided_at = u.decided_at,
                    decision = u.decision, projected = $5
               FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::text[])
                    AS u(id, received_at, decided_at, decision)
              WHERE c.id = u.id",
        )
        .await?;
    db.execute(
        &update,
        &[
            &ids,
            &received,
            &decided_at,
            &decisions,
            &PROJECTION_VERSION,
        ],
    )
    .await?;
    let delete = db
        .prepare_cached("DELETE FROM case_requests WHERE case_id = ANY($1)")
        .await?;
    db.execute(&delete, &[&ids]).await?;
    if !r_case.is_empty() {
        let insert = db
            .prepare_cached(
                "INSERT INTO case_requests (case_id, request_id, kind, sent_at, ends_at, answered_at, closed_at)
                 SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[],
                                      $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])",
            )
            .await?;
        db.execute(
            &insert,
            &[
                &r_case,
                &r_id,
                &r_kind,
                &r_sent,
                &r_ends,
                &r_answered,
                &r_closed,
            ],
        )
        .await?;
    }
    Ok(())
}

/// Projects every file stored without a projection, or under an older version, from its
/// stored state, in batches; returns how many. A state written under another
/// `decider::STATE_VERSION` is left: it is folded again, and projected, when next written.
pub async fn project_stale(pool: &Pool) -> ApiResult<usize> {
    const BATCH: i64 = 500;
    let mut done = 0;
    let mut after = Uuid::nil();
    loop {
        let mut db = pool.get().await?;
        let tx = db.transaction().await?;
        let rows = tx
            .query(
                "SELECT id, state FROM cases
                  WHERE id > $1 AND projected IS DISTINCT FROM $2 AND state IS NOT NULL
                    AND state_version = $3
                  ORDER BY id LIMIT $4 FOR UPDATE",
                &[&after, &PROJECTION_VERSION, &decider::STATE_VERSION, &BATCH],
            )
            .await?;
        let Some(last) = rows.last() else {
            return Ok(done);
        };
        after = last.get(0);
        let mut states = Vec::with_capacity(rows.len());
        for r in &rows {
            let bytes: Vec<u8> = r.get(1);
            let state: FileState = serde_json::from_slice(&bytes).map_err(ApiError::internal)?;
            states.push((r.get::<_, Uuid>(0), state));
        }
        let refs: Vec<(Uuid, &FileState)> = states.iter().map(|(id, s)| (*id, s)).collect();
        write(&tx, &refs).await?;
        tx.commit().await?;
        done += rows.len();
    }
}
