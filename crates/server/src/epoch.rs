//! The server's epoch (issue 18, part 4; [`sync::epoch`]): a random id that changes when
//! the database is restored from a backup, and where the operation log stands
//! ([`LogPosition`]), which every session check and every pull reports.
//!
//! A restore copies the tables, the epoch's too, so the epoch cannot be told apart by what
//! it holds. Two ways change it: at start, [`check_at_start`] compares the identity of the
//! database and of its `operations` table (their OIDs, which a logical restore recreates)
//! with those recorded when the epoch began, and begins a new epoch when they differ; and
//! the administrator's restore procedure runs `dossier-server restored` ([`rotate`]), which
//! covers every other kind of restore (a physical backup, a point-in-time recovery). A
//! laptop also notices by itself a server whose head is behind what it has seen.

use deadpool_postgres::Pool;
use sync::epoch::{Epoch, LogPosition};

use crate::error::ApiResult;

/// Why an epoch began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The administrator ran `dossier-server restored`.
    Restored,
    /// The server found at start that its database is not the one the epoch began with.
    Detected,
}

impl Reason {
    fn code(self) -> &'static str {
        match self {
            Reason::Restored => "restored",
            Reason::Detected => "detected",
        }
    }
}

const IDENTITY: &str = "(SELECT oid::bigint FROM pg_database WHERE datname = current_database()),
                        'operations'::regclass::oid::bigint";

/// The current epoch and the highest sequence number of the log.
pub async fn position(db: &tokio_postgres::Client) -> ApiResult<LogPosition> {
    let row = db
        .query_one(
            "SELECT (SELECT epoch FROM server_epochs ORDER BY id DESC LIMIT 1),
                    (SELECT coalesce(max(seq), 0) FROM operations)",
            &[],
        )
        .await?;
    Ok(LogPosition {
        epoch: Epoch(row.get(0)),
        head: row.get(1),
    })
}

/// Begins a new epoch: laptops whose cursor belongs to an earlier one send their own
/// operations again and pull from the start. Returns the new position.
pub async fn rotate(pool: &Pool, reason: Reason) -> ApiResult<LogPosition> {
    let db = pool.get().await?;
    db.execute(
        &format!(
            "INSERT INTO server_epochs (after_seq, reason, db_oid, log_oid)
             SELECT coalesce((SELECT max(seq) FROM operations), 0), $1, {IDENTITY}"
        ),
        &[&reason.code()],
    )
    .await?;
    position(&db).await
}

/// At start: when the database or its log is not the one the current epoch began with (a
/// dump restored into a new database, or with `--clean`), begins a new epoch. Returns the
/// new position when it did.
pub async fn check_at_start(pool: &Pool) -> ApiResult<Option<LogPosition>> {
    let same: bool = {
        let db = pool.get().await?;
        db.query_one(
            &format!(
                "SELECT (e.db_oid, e.log_oid) = ({IDENTITY})
                   FROM server_epochs e ORDER BY e.id DESC LIMIT 1"
            ),
            &[],
        )
        .await?
        .get(0)
    };
    if same {
        return Ok(None);
    }
    rotate(pool, Reason::Detected).await.map(Some)
}
