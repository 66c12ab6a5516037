//! The schema's history, applied in order by `rusqlite_migration` through SQLite's
//! `user_version`. Append-only: an applied migration is never edited; a database whose
//! version is beyond the last one here was written by a newer Dossier and is refused.

use rusqlite_migration::{M, Migrations};

const STEPS: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_quality_dismissals.sql"),
    include_str!("../../migrations/0003_casework.sql"),
    include_str!("../../migrations/0004_letters.sql"),
    include_str!("../../migrations/0005_ai_notice.sql"),
    include_str!("../../migrations/0006_case_states.sql"),
    include_str!("../../migrations/0007_program_versions.sql"),
    include_str!("../../migrations/0008_assignee_index.sql"),
    include_str!("../../migrations/0009_release.sql"),
];

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS.get_or_init(|| STEPS.iter().map(|sql| M::up(sql)).collect()))
}

static MIGRATIONS: std::sync::OnceLock<Vec<M<'static>>> = std::sync::OnceLock::new();

/// The newest schema version this binary knows.
pub(crate) fn latest_version() -> i64 {
    STEPS.len() as i64
}
