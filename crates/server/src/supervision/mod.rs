//! The supervisor's desk on the server (issue 17): what the team screen, the figures and
//! the management of users read and do.
//!
//! - [`projection`]: the columns and rows the figures read, projected from each file's
//!   decider state in the transaction that writes it (so no figure parses a state).
//! - [`figures`]: the program's figures (caps, receipts, statuses, deadlines, decisions).
//! - [`team`]: each person's workload, and the open files with who assigned them.
//! - [`users`]: away and back, roles, password resets, each checked and recorded.

/// "This week" for deadlines, as the figures and the team screen both count them: from now
/// to next Monday at midnight in Montréal, as the common table `b(now, week_end)`.
macro_rules! week_bounds {
    () => {
        "b AS (SELECT now() AS now,
                      (date_trunc('week', now() AT TIME ZONE 'America/Montreal') + interval '7 days')
                          AT TIME ZONE 'America/Montreal' AS week_end)"
    };
}

pub mod figures;
pub mod projection;
pub mod team;
pub mod users;

use program::CaseStatus;

/// Statuses in which a file is no one's work any more.
pub const CLOSED: [CaseStatus; 4] = [
    CaseStatus::Selected,
    CaseStatus::Refused,
    CaseStatus::Rejected,
    CaseStatus::NotReceived,
];

/// Whether a file in `status` is still someone's work.
pub fn is_open(status: CaseStatus) -> bool {
    !CLOSED.contains(&status)
}

/// [`CLOSED`] as the codes of the `cases.status` column.
pub fn closed_codes() -> Vec<&'static str> {
    CLOSED.iter().map(|s| s.code()).collect()
}

/// A `count(*)` column as the figures carry it.
pub(crate) fn count(row: &tokio_postgres::Row, i: usize) -> u32 {
    u32::try_from(row.get::<_, i64>(i)).unwrap_or(u32::MAX)
}
