//! Distributing unassigned files to the officers who are available (issue 17): in receipt
//! order, each file to the officer with the fewest open files (ties by name), so every
//! available officer moves toward an equal share and ends within one file of it. A
//! preview computes the same plan without applying it. Applying runs under one advisory
//! lock, reads the files and loads again, and records each assignment as a
//! `case_assigned` operation by the supervisor, through the same checks as any push: two
//! supervisors distributing at once never assign a file twice, and the officers' apps
//! receive their files by sync.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use deadpool_postgres::{GenericClient, Pool};
use oplog::Change;
use oplog::hlc::Hlc;
use oplog::ids::{Actor, CaseId, OperationId, Role, UserId};
use sync::wire::{PushOutcome, WireOperation};
use uuid::Uuid;

use crate::accept::{Pusher, push_in};
use crate::error::{ApiError, ApiResult};
use crate::programs::ProgramCache;
use crate::supervision::closed_codes;

/// The advisory lock of distribution: one at a time, in the transaction that records it.
pub const DISTRIBUTION_LOCK: i64 = 0x0064_6973_7472_6962; // "distrib" in ASCII

/// An unassigned file, in receipt order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unassigned {
    pub case_id: Uuid,
    pub file_number: String,
    pub received_at: DateTime<Utc>,
}

pub use sync::wire::{Assignment, DistributeRequest, Distribution, Share};

/// The plan: `files` (in receipt order) to `officers` (name, open files), each file to
/// the officer with the fewest open files at that moment, ties by name.
pub fn plan(officers: &[(String, u32)], files: &[Unassigned]) -> (Vec<Assignment>, Vec<Share>) {
    let mut load: BTreeMap<&str, u32> = officers.iter().map(|(n, c)| (n.as_str(), *c)).collect();
    let mut out = Vec::with_capacity(files.len());
    if load.is_empty() {
        return (out, Vec::new());
    }
    for f in files {
        let (name, count) = load
            .iter_mut()
            .min_by(|a, b| (*a.1).cmp(&*b.1).then(a.0.cmp(b.0)))
            .expect("at least one officer");
        *count += 1;
        out.push(Assignment {
            case_id: f.case_id,
            file_number: f.file_number.clone(),
            officer: (*name).to_owned(),
        });
    }
    let shares = officers
        .iter()
        .map(|(n, before)| Share {
            officer: n.clone(),
            before: *before,
            after: load[n.as_str()],
        })
        .collect();
    (out, shares)
}

/// The officers who may receive files (active, not away) with their open files.
async fn available_officers(db: &impl GenericClient) -> ApiResult<Vec<(String, u32)>> {
    let rows = db
        .query(
            "SELECT u.name, count(c.id) FROM users u
               LEFT JOIN cases c ON c.assigned_to = u.name AND c.status <> ALL($1)
              WHERE u.role = 'officer' AND NOT u.disabled AND NOT u.away
              GROUP BY u.name ORDER BY u.name",
            &[&closed_codes()],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            (
                r.get::<_, String>(0),
                u32::try_from(r.get::<_, i64>(1)).unwrap_or(u32::MAX),
            )
        })
        .collect())
}

/// The unassigned open files, in receipt order (from the projection, `cases.received_at`).
async fn unassigned(db: &impl GenericClient) -> ApiResult<Vec<Unassigned>> {
    let rows = db
        .query(
            "SELECT id, file_number, received_at FROM cases
              WHERE assigned_to IS NULL AND status <> ALL($1) AND received_at IS NOT NULL
              ORDER BY received_at, file_number",
            &[&closed_codes()],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| Unassigned {
            case_id: r.get(0),
            file_number: r.get(1),
            received_at: r.get(2),
        })
        .collect())
}

async fn compute(db: &impl GenericClient, count: u32) -> ApiResult<Distribution> {
    let officers = available_officers(db).await?;
    if officers.is_empty() {
        return Err(ApiError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "distribution.no_officer",
            "no officer is available (every officer is away or disabled); mark one back first",
        )
        .with_text(vocab::Text::new("distribution-no-officer")));
    }
    let files = unassigned(db).await?;
    let take = files.len().min(count as usize);
    let (assignments, shares) = plan(&officers, &files[..take]);
    Ok(Distribution {
        assignments,
        shares,
        left: u32::try_from(files.len() - take).unwrap_or(u32::MAX),
    })
}

/// What distributing the next `count` unassigned files would do now.
pub async fn preview(pool: &Pool, count: u32) -> ApiResult<Distribution> {
    let db = pool.get().await?;
    compute(&db, count).await
}

/// Records `case_assigned` operations by `by` (each file to its officer) through the
/// same checks as a push, in `tx`: all are stored or none.
async fn record_assignments(
    tx: &deadpool_postgres::Transaction<'_>,
    programs: &ProgramCache,
    by: &Pusher,
    pairs: &[(Uuid, &str)],
) -> ApiResult<()> {
    let now_ms = u64::try_from(Utc::now().timestamp_millis()).unwrap_or(0);
    let program = programs.current(tx).await?.in_force_at(Utc::now()).id;
    let ops: Vec<WireOperation> = pairs
        .iter()
        .enumerate()
        .map(|(i, (case_id, officer))| WireOperation {
            id: OperationId::new(),
            case_id: CaseId(*case_id),
            change: Change::CaseAssigned {
                officer: UserId((*officer).to_owned()),
            },
            author: Actor {
                user: by.name.clone(),
                role: Role::Supervisor,
            },
            hlc: Hlc {
                wall_ms: now_ms,
                counter: u32::try_from(i).unwrap_or(u32::MAX),
                node: 0,
            },
            program,
        })
        .collect();
    let Some(results) = push_in(tx, programs, by, &ops).await? else {
        return Err(ApiError::internal(
            "a concurrent push stored part of the assignment; assign again",
        ));
    };
    if let Some((op, PushOutcome::Rejected { message, text, .. })) = ops
        .iter()
        .zip(results.iter().map(|r| &r.outcome))
        .find(|(_, o)| matches!(o, PushOutcome::Rejected { .. }))
    {
        let refused = ApiError::unprocessable(
            "assignment.refused",
            format!("assigning file {} was refused: {message}", op.case_id),
        );
        return Err(match text {
            Some(text) => refused.with_text(text.clone()),
            None => refused,
        });
    }
    Ok(())
}

/// The most files one assignment takes.
pub const MAX_ASSIGN: usize = 2_000;

/// Assigns (or reassigns) these files to `officer`, as `by` (a supervisor), in one
/// transaction: all or none. The officer must be active and not away; a file they hold
/// already is left as it is.
pub async fn assign(
    pool: &Pool,
    programs: &ProgramCache,
    by: &Pusher,
    case_ids: &[Uuid],
    officer: &str,
) -> ApiResult<sync::supervision::Assigned> {
    if by.role != Role::Supervisor {
        return Err(ApiError::forbidden(format!(
            "only a supervisor may assign files; {} is an officer",
            by.name
        )));
    }
    if case_ids.len() > MAX_ASSIGN {
        return Err(ApiError::too_large(format!(
            "assign at most {MAX_ASSIGN} files at once"
        )));
    }
    let mut db = pool.get().await?;
    let tx = db.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&DISTRIBUTION_LOCK])
        .await?;
    let who = tx
        .query_opt(
            "SELECT role, disabled FROM users WHERE name = $1",
            &[&officer],
        )
        .await?;
    // An officer who is away is refused by the accept path, like any assignment to them.
    match who {
        Some(r) if r.get::<_, String>(0) == "officer" && !r.get::<_, bool>(1) => {}
        _ => {
            return Err(ApiError::unprocessable(
                "assignment.not_officer",
                format!("{officer} is not an active officer; files go to officers"),
            )
            .with_text(vocab::Text::new("users-not-officer").with("name", officer)));
        }
    }
    let mut ids = case_ids.to_vec();
    ids.sort();
    ids.dedup();
    let rows = tx
        .query(
            "SELECT id, assigned_to FROM cases WHERE id = ANY($1) ORDER BY received_at, file_number",
            &[&ids],
        )
        .await?;
    if rows.len() != ids.len() {
        return Err(ApiError::not_found(format!(
            "{} of these files do not exist on the server",
            ids.len() - rows.len()
        )));
    }
    let pairs: Vec<(Uuid, &str)> = rows
        .iter()
        .filter(|r| r.get::<_, Option<String>>(1).as_deref() != Some(officer))
        .map(|r| (r.get::<_, Uuid>(0), officer))
        .collect();
    record_assignments(&tx, programs, by, &pairs).await?;
    tx.commit().await?;
    let assigned = u32::try_from(pairs.len()).unwrap_or(u32::MAX);
    Ok(sync::supervision::Assigned {
        assigned,
        unchanged: u32::try_from(ids.len()).unwrap_or(u32::MAX) - assigned,
    })
}

/// Distributes the next `count` unassigned files, as `by` (a supervisor).
pub async fn distribute(
    pool: &Pool,
    programs: &ProgramCache,
    by: &Pusher,
    count: u32,
) -> ApiResult<Distribution> {
    if by.role != Role::Supervisor {
        return Err(ApiError::forbidden(format!(
            "only a supervisor may distribute files; {} is an officer",
            by.name
        )));
    }
    let mut db = pool.get().await?;
    let tx = db.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&DISTRIBUTION_LOCK])
        .await?;
    let plan = compute(&tx, count).await?;
    let pairs: Vec<(Uuid, &str)> = plan
        .assignments
        .iter()
        .map(|a| (a.case_id, a.officer.as_str()))
        .collect();
    record_assignments(&tx, programs, by, &pairs).await?;
    tx.commit().await?;
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn files(n: usize) -> Vec<Unassigned> {
        (0..n)
            .map(|i| Unassigned {
                case_id: Uuid::from_u128(i as u128 + 1),
                file_number: format!("2024-AI-{i:06}"),
                received_at: Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap()
                    + chrono::Duration::minutes(i as i64),
            })
            .collect()
    }

    #[test]
    fn each_file_goes_to_the_least_loaded_officer_in_receipt_order() {
        let officers = vec![
            ("ana".to_owned(), 4),
            ("bob".to_owned(), 0),
            ("cy".to_owned(), 1),
        ];
        let (a, shares) = plan(&officers, &files(10));
        // bob catches up first, then cy, then all three in turn.
        assert_eq!(
            a.iter()
                .take(5)
                .map(|x| x.officer.as_str())
                .collect::<Vec<_>>(),
            ["bob", "bob", "cy", "bob", "cy"]
        );
        let after: Vec<u32> = shares.iter().map(|s| s.after).collect();
        assert_eq!(after.iter().sum::<u32>(), 4 + 1 + 10);
        assert!(
            after.iter().max().unwrap() - after.iter().min().unwrap() <= 1,
            "{after:?}"
        );
    }

    #[test]
    fn every_officer_who_receives_ends_within_one_file_of_every_other() {
        for n in 0..60 {
            for loads in [[0, 0, 0], [3, 0, 7], [10, 10, 0]] {
                let officers: Vec<(String, u32)> = ["ana", "bob", "cy"]
                    .iter()
                    .zip(loads)
                    .map(|(n, l)| ((*n).to_owned(), l))
                    .collect();
                let (a, shares) = plan(&officers, &files(n));
                assert_eq!(a.len(), n);
                let least = shares.iter().map(|s| s.after).min().unwrap();
                for s in shares.iter().filter(|s| s.after > s.before) {
                    assert!(s.after <= least + 1, "{n} {loads:?} {shares:?}");
                }
                // From equal loads, the shares end within one file of each other.
                if loads == [0, 0, 0] {
                    let most = shares.iter().map(|s| s.after).max().unwrap();
                    assert!(most - least <= 1, "{n} {shares:?}");
                }
            }
        }
    }
}
