//! The program's figures (issue 17): each cap as intake fills it (the same replay as
//! `dossier-server intake caps`), receipts per week, files by status, open deadlines per
//! officer, the 60-day requests answered in time, decisions by outcome and the median
//! days from receipt to decision. Everything but the caps is one SQL aggregate over the
//! projection ([`super::projection`]); the queries are sent at once on one connection.

use chrono::{NaiveDate, Utc};
use oplog::ids::UserId;
use program::CaseStatus;
use sync::supervision::{
    CapFigure, Figures, OfficerDeadlines, RequestsInTime, StatusCount, WeekCount,
};

use super::count;
use crate::error::{ApiError, ApiResult};
use crate::intake::Intake;

/// The figures' SQL, by name (the benchmark runs the same text raw).
pub mod sql {
    /// Applications received per week, weeks from Monday in Montréal.
    pub const RECEIPTS_PER_WEEK: &str = "SELECT (date_trunc('week', received_at AT TIME ZONE 'America/Montreal'))::date AS w, count(*)
           FROM cases WHERE received_at IS NOT NULL GROUP BY w ORDER BY w";
    /// Files by status.
    pub const BY_STATUS: &str = "SELECT status, count(*) FROM cases GROUP BY status";
    /// Open requests per officer: due before next Monday in Montréal, and overdue.
    pub const DEADLINES: &str = concat!(
        "WITH ",
        week_bounds!(),
        "
         SELECT c.assigned_to,
                count(*) FILTER (WHERE r.ends_at >= b.now AND r.ends_at < b.week_end),
                count(*) FILTER (WHERE r.ends_at < b.now)
           FROM case_requests r JOIN cases c ON c.id = r.case_id CROSS JOIN b
          WHERE r.closed_at IS NULL AND c.assigned_to IS NOT NULL AND r.ends_at < b.week_end
          GROUP BY c.assigned_to ORDER BY c.assigned_to"
    );
    /// The 60-day requests whose deadline is behind them (or that were answered).
    pub const REQUESTS_IN_TIME: &str = "SELECT count(*) FILTER (WHERE answered_at < ends_at),
                count(*) FILTER (WHERE answered_at >= ends_at),
                count(*) FILTER (WHERE answered_at IS NULL AND ends_at <= now())
           FROM case_requests WHERE kind IN ('missing_items', 'attestation')";
    /// Decisions by outcome.
    pub const DECISIONS: &str =
        "SELECT decision, count(*) FROM cases WHERE decision IS NOT NULL GROUP BY decision";
    /// The median days from receipt to decision.
    pub const MEDIAN_DAYS: &str = "SELECT percentile_cont(0.5) WITHIN GROUP
                (ORDER BY extract(epoch FROM decided_at - received_at) / 86400.0)
           FROM cases WHERE decided_at IS NOT NULL AND received_at IS NOT NULL";
    /// Every query of the figures but the caps, in the order they are sent.
    pub const ALL: [&str; 6] = [
        RECEIPTS_PER_WEEK,
        BY_STATUS,
        DEADLINES,
        REQUESTS_IN_TIME,
        DECISIONS,
        MEDIAN_DAYS,
    ];
}

fn status(code: &str) -> ApiResult<CaseStatus> {
    CaseStatus::from_code(code)
        .ok_or_else(|| ApiError::internal(format!("status {code:?} recorded")))
}

/// The program's figures, now.
pub async fn compute(intake: &Intake) -> ApiResult<Figures> {
    let db = intake.pool().get().await?;
    // Sent together: tokio-postgres pipelines the queries of one connection, and the
    // caps' replay runs on another meanwhile.
    let queries = async {
        tokio::try_join!(
            db.query(sql::RECEIPTS_PER_WEEK, &[]),
            db.query(sql::BY_STATUS, &[]),
            db.query(sql::DEADLINES, &[]),
            db.query_one(sql::REQUESTS_IN_TIME, &[]),
            db.query(sql::DECISIONS, &[]),
            db.query_one(sql::MEDIAN_DAYS, &[]),
        )
        .map_err(ApiError::from)
    };
    let (caps, (weeks, statuses, deadlines, requests, decisions, median)) =
        tokio::try_join!(intake.caps(), queries)?;
    let mut by_status = Vec::with_capacity(statuses.len());
    for r in &statuses {
        by_status.push(StatusCount {
            status: status(r.get(0))?,
            files: count(r, 1),
        });
    }
    by_status.sort_by_key(|s| CaseStatus::ALL.iter().position(|x| *x == s.status));
    let mut outcomes = Vec::with_capacity(decisions.len());
    for r in &decisions {
        outcomes.push(StatusCount {
            status: status(r.get(0))?,
            files: count(r, 1),
        });
    }
    outcomes.sort_by_key(|s| CaseStatus::ALL.iter().position(|x| *x == s.status));
    Ok(Figures {
        generated_at: Utc::now(),
        caps: caps
            .into_iter()
            .map(|c| CapFigure {
                cap: c.cap,
                name: c.name,
                limit: c.limit,
                used: c.used,
                remaining: c.remaining,
                filled_at: c.filled_at,
            })
            .collect(),
        receipts_per_week: weeks
            .iter()
            .map(|r| WeekCount {
                week: r.get::<_, NaiveDate>(0),
                received: count(r, 1),
            })
            .collect(),
        by_status,
        deadlines: deadlines
            .iter()
            .map(|r| OfficerDeadlines {
                officer: UserId(r.get(0)),
                due_this_week: count(r, 1),
                overdue: count(r, 2),
            })
            .collect(),
        requests: RequestsInTime {
            in_time: count(&requests, 0),
            late: count(&requests, 1),
            unanswered: count(&requests, 2),
        },
        decisions: outcomes,
        median_days_to_decision: median.get::<_, Option<f64>>(0),
    })
}
