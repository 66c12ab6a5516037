//! The team screen's reads (issue 17): every person with their workload (open files,
//! deadlines due this week and overdue, proposals waiting), and the open files of one
//! person or of nobody, in receipt order, each with who assigned it and when (the
//! author and arrival of the assignment operation `cases.assigned_seq` names).

use chrono::{DateTime, Utc};
use deadpool_postgres::Pool;
use oplog::ids::{Role, UserId};
use program::CaseStatus;
use sync::supervision::{Team, TeamFile, TeamFilesOf, Workload};

use super::{closed_codes, count};
use crate::error::{ApiError, ApiResult};

/// The most files one page of the team screen lists.
pub const MAX_FILES: i64 = 2_000;

const WORKLOAD: &str = concat!(
    "WITH ",
    week_bounds!(),
    ",
     files AS (SELECT assigned_to AS name, count(*) AS open,
                      count(*) FILTER (WHERE status = 'decision_proposed') AS proposals
                 FROM cases WHERE assigned_to IS NOT NULL AND status <> ALL($1) GROUP BY assigned_to),
     due AS (SELECT c.assigned_to AS name,
                    count(*) FILTER (WHERE r.ends_at >= b.now AND r.ends_at < b.week_end) AS due,
                    count(*) FILTER (WHERE r.ends_at < b.now) AS overdue
               FROM case_requests r JOIN cases c ON c.id = r.case_id CROSS JOIN b
              WHERE r.closed_at IS NULL AND c.assigned_to IS NOT NULL AND c.status <> ALL($1)
              GROUP BY c.assigned_to)
SELECT u.name, u.role, u.away, u.administrator,
       COALESCE(f.open, 0), COALESCE(d.due, 0), COALESCE(d.overdue, 0), COALESCE(f.proposals, 0)
  FROM users u LEFT JOIN files f ON f.name = u.name LEFT JOIN due d ON d.name = u.name
 WHERE NOT u.disabled AND u.role <> 'portal'
 ORDER BY u.name"
);

/// Everyone's workload, and the open files nobody holds.
pub async fn team(pool: &Pool) -> ApiResult<Team> {
    let db = pool.get().await?;
    let closed = closed_codes();
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 1] = [&closed];
    let (people, unassigned) = tokio::try_join!(
        db.query(WORKLOAD, &params),
        db.query_one(
            "SELECT count(*) FROM cases WHERE assigned_to IS NULL AND status <> ALL($1)",
            &params,
        ),
    )?;
    let mut out = Vec::with_capacity(people.len());
    for r in &people {
        let role: String = r.get(1);
        out.push(Workload {
            name: UserId(r.get(0)),
            role: Role::from_code(&role)
                .ok_or_else(|| ApiError::internal(format!("user has role {role:?}")))?,
            away: r.get(2),
            administrator: r.get(3),
            open: count(r, 4),
            due_this_week: count(r, 5),
            overdue: count(r, 6),
            proposals_waiting: count(r, 7),
        });
    }
    Ok(Team {
        generated_at: Utc::now(),
        people: out,
        unassigned: count(&unassigned, 0),
    })
}

/// The open files of `of`, in receipt order (at most [`MAX_FILES`]).
pub async fn files(pool: &Pool, of: &TeamFilesOf) -> ApiResult<Vec<TeamFile>> {
    let db = pool.get().await?;
    let who: Option<&str> = match of {
        TeamFilesOf::Unassigned => None,
        TeamFilesOf::Assignee(name) => Some(name.0.as_str()),
    };
    let rows = db
        .query(
            "SELECT c.id, c.file_number, c.status, c.received_at, c.assigned_to, o.author, o.received_at,
                    (SELECT min(r.ends_at) FROM case_requests r WHERE r.case_id = c.id AND r.closed_at IS NULL)
               FROM cases c
               LEFT JOIN operations o ON o.seq = c.assigned_seq AND c.assigned_to IS NOT NULL
              WHERE c.assigned_to IS NOT DISTINCT FROM $1 AND c.status <> ALL($2)
                AND c.received_at IS NOT NULL
              ORDER BY c.received_at, c.file_number
              LIMIT $3",
            &[&who, &closed_codes(), &MAX_FILES],
        )
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let status: String = r.get(2);
        out.push(TeamFile {
            case_id: r.get(0),
            file_number: r.get(1),
            status: CaseStatus::from_code(&status)
                .ok_or_else(|| ApiError::internal(format!("status {status:?} recorded")))?,
            received_at: r.get(3),
            assigned_to: r.get::<_, Option<String>>(4).map(UserId),
            assigned_by: r.get::<_, Option<String>>(5).map(UserId),
            assigned_at: r.get::<_, Option<DateTime<Utc>>>(6),
            next_deadline: r.get::<_, Option<DateTime<Utc>>>(7),
        });
    }
    Ok(out)
}
