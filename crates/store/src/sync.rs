//! The store's side of synchronisation with the central server: which local operations
//! wait to be pushed, what the server answered about each (acknowledged with its sequence
//! number, or rejected with a code and a message that are kept, never deleted), applying
//! the server's operations exactly once by id, and the pull cursor, all in this database.
//! The network side is `syncer`; this module does no I/O beyond SQLite.
//!
//! ## How remote operations merge
//!
//! A remote operation goes through the same checked code as a local write
//! (`apply::apply_change`) and is logged with `origin = 'remote'`; the local hybrid
//! logical clock observes its timestamp, so later local changes sort after it.
//!
//! The server's sequence is the one order every client agrees on. A file's tables are
//! therefore always "the server's operations in server order, then this laptop's pending
//! operations in the order they were made". When a remote operation arrives after
//! something that the server ordered later (a pending local change, or one of our own
//! operations the server numbered after it), or when the server rejects one of our
//! operations, the file is **rebuilt**: its rows are removed and its operations replayed
//! in that order, each in a savepoint. A pending operation that can no longer be applied
//! on top of the server's changes is marked rejected here (code `conflict.transition` or
//! `conflict.replay`) and shown with the server-side rejections: it is never dropped.
//!
//! Plain fields merge last-writer-wins by clock: replaying a dismissal of a quality flag
//! that is already dismissed keeps the one with the later clock, whatever the order in
//! which they arrive. Notes and documents are sets and simply merge.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use vocab::Text;

use chrono::{DateTime, Utc};
use program::{Bilingual, CaseStatus};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::describe::describe;
use crate::hlc::Hlc;
use crate::ids::{Actor, CaseId, OperationId, PersonId, Role, UserId};
use crate::ops::{Change, Operation, SyncState};
use crate::{Store, StoreError, apply};

/// Where an operation of the log came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Made on this laptop.
    Local,
    /// Received from the server.
    Remote,
}

impl Origin {
    fn code(self) -> &'static str {
        match self {
            Origin::Local => "local",
            Origin::Remote => "remote",
        }
    }
}

/// Why the server (or the replay of the server's changes) refused an operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Rejection {
    /// A stable code (`conflict.transition`, `auth.record`, ...).
    pub code: String,
    /// The sentence that says what happened and what to do (English, for support).
    pub message: String,
    /// Why, as a message of the catalogue, for the officer (absent from rejections sent
    /// by an older server; one recorded by an older version in French and English is
    /// read as `reason-as-given`).
    #[serde(default, deserialize_with = "reason_of_any_version")]
    pub reason: Option<Text>,
}

/// What the server answered about one pushed operation, as the store records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushVerdict {
    /// Stored by the server (now or before) under this sequence number.
    Accepted { server_seq: i64 },
    /// Refused: kept here with the reason.
    Rejected(Rejection),
}

/// One operation received from the server, with the sequence number it has there.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteOperation {
    pub server_seq: i64,
    pub operation: Operation,
}

/// What applying a page of remote operations did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemoteReport {
    /// New operations applied.
    pub applied: u32,
    /// Operations this store already had (applied once, by id).
    pub already_had: u32,
    /// Our own pending operations that came back from the server: now acknowledged.
    pub acknowledged: u32,
    /// Files rebuilt because the server ordered something before our later changes.
    pub rebuilt: u32,
    /// Pending local operations that no longer apply after the server's changes: now
    /// kept as rejected.
    pub locally_rejected: Vec<OperationId>,
    /// Server operations kept in the log but not applicable here, with the reason (a
    /// later replay tries them again).
    pub unapplied: Vec<(OperationId, String)>,
}

/// What recording a push's results did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushReport {
    pub acknowledged: u32,
    pub rejected: u32,
    /// Pending operations of the same files that no longer apply once the rejected ones
    /// are taken out: kept as rejected too.
    pub locally_rejected: Vec<OperationId>,
}

/// A local operation that ended rejected, with both versions: what was done here, and
/// the file as it stands now with the server's changes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Conflict {
    /// The local operation, as it was made.
    pub operation: Operation,
    /// What it did, in words (as the audit trail says it).
    pub summary: Text,
    /// Why it was refused.
    pub rejection: Rejection,
    /// The file's number, if the file is in this store.
    pub file_number: Option<String>,
    /// The file's status now (the server's version, once synchronised).
    pub current_status: Option<CaseStatus>,
    /// Who the file is assigned to now.
    pub current_assigned_to: Option<String>,
    /// Received from the server and not applied on this laptop (rather than made here
    /// and refused).
    pub from_server: bool,
}

/// A document whose bytes must travel: to the server (a pending `document_added`) or
/// from it (a document of a file here whose bytes are not on this laptop).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobNeed {
    pub sha256: String,
    pub byte_size: u64,
}

/// What starting again with a server restored from a backup did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resync {
    /// Operations made here that the server had acknowledged: pending again, to be sent
    /// again (the server answers `duplicate` for those it still holds).
    pub resent: u32,
}

/// The sync facts kept in the `meta` table (never secrets: the token is in the keyring).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncKey {
    /// The opaque cursor of the last pull (`next` of the last page).
    Cursor,
    /// When the last complete round ended (RFC 3339).
    LastSync,
    /// The server this store synchronises with.
    ServerUrl,
    /// Who signed in last on this laptop.
    User,
    /// Their role, as the server said at sign-in (`officer` or `supervisor`).
    Role,
    /// Set by `dossier demo`: the store holds the standalone demo, made up by fictitious
    /// users; it is never synchronised (its operations must not reach a server as if
    /// those users had made them).
    DemoData,
    /// The program's figures as the server last gave them (JSON), for a supervisor
    /// offline.
    LastFigures,
    /// The server's epoch the cursor belongs to (`sync::epoch`): another one means the
    /// server was restored from a backup.
    Epoch,
}

impl SyncKey {
    fn key(self) -> &'static str {
        match self {
            SyncKey::Cursor => "sync_cursor",
            SyncKey::LastSync => "sync_last_success",
            SyncKey::ServerUrl => "sync_server_url",
            SyncKey::User => "sync_user",
            SyncKey::Role => "sync_role",
            SyncKey::DemoData => "demo_data",
            SyncKey::LastFigures => "last_figures",
            SyncKey::Epoch => "sync_epoch",
        }
    }
}

/// The server's code for an operation stamped ahead of its clock (`sync::codes`).
const CLOCK_AHEAD: &str = "clock.ahead";

const OP_COLUMNS: &str =
    "id, case_id, payload, author, author_role, hlc, sync_state, program_version";

impl Store {
    /// Who signed in on the server last on this laptop, with the role the server gave:
    /// the author of what is done here, online or offline, so that the server accepts
    /// it as theirs. `None` when no one ever signed in.
    pub fn signed_in_actor(&self) -> Result<Option<Actor>, StoreError> {
        let (Some(user), Some(role)) = (
            self.sync_value(SyncKey::User)?,
            self.sync_value(SyncKey::Role)?,
        ) else {
            return Ok(None);
        };
        let role =
            Role::from_code(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role:?}")))?;
        Ok(Some(Actor {
            user: UserId(user),
            role,
        }))
    }

    /// The local operations not yet acknowledged by the server, oldest first (at most
    /// `limit`): the next batch to push.
    pub fn pending_operations(&self, limit: u32) -> Result<Vec<Operation>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {OP_COLUMNS} FROM operations WHERE sync_state = 'pending' ORDER BY seq LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit], crate::db::read_operation)?;
        rows.map(|r| r.map_err(StoreError::from).and_then(|r| r))
            .collect()
    }

    /// How many local operations wait for the server.
    pub fn pending_count(&self) -> Result<u64, StoreError> {
        self.count("SELECT count(*) FROM operations WHERE sync_state = 'pending'")
    }

    /// How many operations the conflicts view shows: local ones that ended rejected, and
    /// the server's that do not apply here.
    pub fn rejected_count(&self) -> Result<u64, StoreError> {
        self.count(
            "SELECT (SELECT count(*) FROM operations WHERE sync_state = 'rejected')
                  + (SELECT count(*) FROM remote_unapplied)
                  + (SELECT count(*) FROM released_conflicts)",
        )
    }

    fn count(&self, sql: &str) -> Result<u64, StoreError> {
        let n: i64 = self.conn()?.query_row(sql, [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Records what the server answered for pushed operations, in one transaction.
    /// Rejected operations keep their code and message; the files they touched are
    /// rebuilt without them.
    pub fn record_push_results(
        &self,
        results: &[(OperationId, PushVerdict)],
    ) -> Result<PushReport, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        let mut report = PushReport::default();
        let mut to_rebuild = BTreeSet::new();
        for (id, verdict) in results {
            match verdict {
                PushVerdict::Accepted { server_seq } => {
                    let n = tx
                        .prepare_cached(
                            "UPDATE operations SET sync_state = 'acknowledged', server_seq = ?2
                         WHERE id = ?1 AND sync_state != 'rejected'",
                        )?
                        .execute(params![id, server_seq])?;
                    report.acknowledged += u32::try_from(n).unwrap_or(0);
                }
                PushVerdict::Rejected(rejection) => {
                    let case: Option<CaseId> = tx
                        .prepare_cached(
                            "UPDATE operations SET sync_state = 'rejected', rejection = ?2
                             WHERE id = ?1 AND sync_state = 'pending' RETURNING case_id",
                        )?
                        .query_row(params![id, serde_json::to_string(rejection)?], |r| r.get(0))
                        .optional()?;
                    if let Some(case) = case {
                        report.rejected += 1;
                        to_rebuild.insert(case);
                    }
                }
            }
        }
        for case in to_rebuild {
            let (rejected, _) = rebuild_case(&tx, &self.programs(), case)?;
            report.locally_rejected.extend(rejected);
        }
        if results
            .iter()
            .any(|(_, v)| matches!(v, PushVerdict::Rejected(r) if r.code == CLOCK_AHEAD))
        {
            // This laptop's clock was ahead of the server's: its clock goes back to the
            // latest time the server accepted (and, from there, to the wall clock once it
            // is set right), instead of staying in the future for good.
            let accepted: Option<String> = tx.query_row(
                "SELECT max(hlc) FROM operations WHERE sync_state = 'acknowledged'",
                [],
                |r| r.get(0),
            )?;
            let back = accepted
                .and_then(|h| h.parse::<Hlc>().ok())
                .unwrap_or(Hlc::ZERO);
            crate::db::set_last_hlc(&tx, back)?;
        }
        tx.commit()?;
        Ok(report)
    }

    /// Applies operations received from the server, in the server's order, each exactly
    /// once by id, through the same checked code as local changes; all in one transaction.
    pub fn apply_remote(&self, ops: &[RemoteOperation]) -> Result<RemoteReport, StoreError> {
        let programs = self.programs();
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        let now = self.now();
        let mut report = RemoteReport::default();
        let mut last = crate::db::last_hlc(&tx)?;
        for remote in ops {
            let op = &remote.operation;
            last = Hlc::observe(
                last,
                op.hlc,
                u64::try_from(now.timestamp_millis()).unwrap_or(0),
                self.node(),
            );
            let known: Option<String> = tx
                .prepare_cached("SELECT sync_state FROM operations WHERE id = ?1")?
                .query_row([op.id], |r| r.get(0))
                .optional()?;
            match known.as_deref() {
                Some("pending") => {
                    // Our push was stored but its answer was lost: the pull tells us.
                    tx.prepare_cached(
                        "UPDATE operations SET sync_state = 'acknowledged', server_seq = ?2 WHERE id = ?1",
                    )?
                    .execute(
                        params![op.id, remote.server_seq],
                    )?;
                    report.acknowledged += 1;
                    continue;
                }
                Some("rejected") => {
                    // Held here as refused, yet the server holds it: its answer was lost
                    // and a rebuild here found it no longer applied, or a refusal raced a
                    // duplicate that was stored. The server's log is the truth: it is
                    // acknowledged, and the file is replayed with it in the server's order.
                    tx.prepare_cached(
                        "UPDATE operations SET sync_state = 'acknowledged', server_seq = ?2,
                                rejection = NULL WHERE id = ?1",
                    )?
                    .execute(params![op.id, remote.server_seq])?;
                    let (rejected, unapplied) = rebuild_case(&tx, &programs, op.case_id)?;
                    report.acknowledged += 1;
                    report.rebuilt += 1;
                    report.locally_rejected.extend(rejected);
                    report.unapplied.extend(unapplied);
                    continue;
                }
                Some(_) => {
                    tx.prepare_cached(
                        "UPDATE operations SET server_seq = ?2 WHERE id = ?1 AND server_seq IS NULL
                         AND sync_state = 'acknowledged'",
                    )?
                    .execute(params![op.id, remote.server_seq])?;
                    report.already_had += 1;
                    continue;
                }
                None => {}
            }
            let later: i64 = tx.prepare_cached(
                "SELECT count(*) FROM operations WHERE case_id = ?1 AND sync_state != 'rejected'
                   AND (server_seq IS NULL OR server_seq > ?2)",
            )?
            .query_row(
                params![op.case_id, remote.server_seq],
                |r| r.get(0),
            )?;
            if later == 0 {
                // The usual case: this operation goes on top of everything we have.
                tx.execute_batch("SAVEPOINT remote_op")?;
                match apply::apply_change(&tx, &programs, op) {
                    Ok(()) => {
                        record_operation(&tx, op, Origin::Remote, Some(remote.server_seq))?;
                        tx.execute_batch("RELEASE remote_op")?;
                        report.applied += 1;
                        continue;
                    }
                    Err(_) => tx.execute_batch("ROLLBACK TO remote_op; RELEASE remote_op")?,
                }
            }
            // Something here sorts after it, or it did not apply on top: replay the file.
            let case_known: bool = tx
                .prepare_cached("SELECT count(*) > 0 FROM cases WHERE id = ?1")?
                .query_row([op.case_id], |r| r.get(0))?;
            if !case_known && !matches!(op.change, Change::CaseReceived { .. }) {
                let why = Text::new("sync-file-not-held").with("case", op.case_id.to_string());
                let at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                keep_unapplied(&tx, remote, &why, &at)?;
                report.unapplied.push((op.id, why.to_string()));
                continue;
            }
            record_operation(&tx, op, Origin::Remote, Some(remote.server_seq))?;
            let (rejected, unapplied) = rebuild_case(&tx, &programs, op.case_id)?;
            report.rebuilt += 1;
            report.locally_rejected.extend(rejected);
            if unapplied.iter().any(|(id, _)| *id == op.id) {
                report
                    .unapplied
                    .extend(unapplied.into_iter().filter(|(id, _)| *id == op.id));
            } else {
                report.applied += 1;
            }
        }
        crate::db::set_last_hlc(&tx, last)?;
        tx.commit()?;
        Ok(report)
    }

    /// The highest server sequence number this laptop holds an operation under (0 for
    /// none): a server whose log ends before it was restored from a backup.
    pub fn highest_server_seq(&self) -> Result<i64, StoreError> {
        Ok(self.conn()?.query_row(
            "SELECT coalesce(max(server_seq), 0) FROM operations",
            [],
            |r| r.get(0),
        )?)
    }

    /// The server was restored from a backup and its log is now `epoch` (issue 18, part
    /// 4): it may have lost any operation numbered after the backup, and it numbers new
    /// ones from there. In one transaction: every operation made here that the server had
    /// acknowledged is pending again, in the order it was made (sent again, the server
    /// stores the ones it lost and answers `duplicate` for the others, by id: nothing lost,
    /// nothing doubled); no operation keeps a server number until the server gives it
    /// again (the pull from the start gives the number of each one it holds, and another
    /// laptop sends again its own that it lost); and the pull starts from the beginning,
    /// in the new epoch. Nothing is removed, and no file changes here.
    pub fn resync_after_restore(&self, epoch: &str) -> Result<Resync, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let resent = tx.execute(
            "UPDATE operations SET sync_state = 'pending', server_seq = NULL
              WHERE origin = 'local' AND sync_state = 'acknowledged'",
            [],
        )?;
        tx.execute(
            "UPDATE operations SET server_seq = NULL WHERE server_seq IS NOT NULL",
            [],
        )?;
        tx.execute("DELETE FROM meta WHERE key = ?1", [SyncKey::Cursor.key()])?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![SyncKey::Epoch.key(), epoch],
        )?;
        tx.commit()?;
        Ok(Resync {
            resent: u32::try_from(resent).unwrap_or(u32::MAX),
        })
    }

    /// A sync fact kept in `meta` (cursor, last sync, server, user).
    pub fn sync_value(&self, key: SyncKey) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()?
            .query_row("SELECT value FROM meta WHERE key = ?1", [key.key()], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Sets (or, with `None`, removes) a sync fact.
    pub fn set_sync_value(&self, key: SyncKey, value: Option<&str>) -> Result<(), StoreError> {
        let conn = self.conn()?;
        match value {
            Some(v) => conn.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key.key(), v],
            )?,
            None => conn.execute("DELETE FROM meta WHERE key = ?1", [key.key()])?,
        };
        Ok(())
    }

    /// When the last complete sync round ended, if one did.
    pub fn last_sync(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(self
            .sync_value(SyncKey::LastSync)?
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| t.with_timezone(&Utc)))
    }

    /// Every local operation the server (or the replay of its changes) refused, newest
    /// first, with the file as it stands now: the conflicts view.
    pub fn conflicts(&self) -> Result<Vec<Conflict>, StoreError> {
        let programs = self.programs();
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT o.id, o.case_id, o.payload, o.author, o.author_role, o.hlc, o.sync_state,
                    o.rejection, c.file_number, c.status, c.assigned_to, o.program_version
             FROM operations o LEFT JOIN cases c ON c.id = o.case_id
             WHERE o.sync_state = 'rejected' ORDER BY o.seq DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            let op = crate::db::read_operation(r)?;
            let rejection: Option<String> = r.get(7)?;
            let file_number: Option<String> = r.get(8)?;
            let status: Option<String> = r.get(9)?;
            let assigned: Option<String> = r.get(10)?;
            Ok((op, rejection, file_number, status, assigned))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (op, rejection, file_number, status, assigned) = row?;
            let rejection = match rejection {
                Some(text) => serde_json::from_str(&text)?,
                None => Rejection {
                    code: "unknown".into(),
                    message: "refused without a reason".into(),
                    reason: None,
                },
            };
            let op = op?;
            let names = person_names(&conn, op.case_id)?;
            out.push(Conflict {
                summary: describe(decider::definition_for(&programs, &op), &op.change, &names),
                operation: op,
                rejection,
                file_number,
                current_status: status.as_deref().and_then(CaseStatus::from_code),
                current_assigned_to: assigned,
                from_server: false,
            });
        }
        let mut stmt = conn.prepare_cached(
            "SELECT u.operation, u.reason, c.file_number, c.status, c.assigned_to
             FROM remote_unapplied u LEFT JOIN cases c ON c.id = u.case_id
             ORDER BY u.server_seq DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        for row in rows {
            let (op, rejection, file_number, status, assigned) = row?;
            let operation: Operation = serde_json::from_str(&op)?;
            let names = person_names(&conn, operation.case_id)?;
            out.push(Conflict {
                summary: describe(
                    decider::definition_for(&programs, &operation),
                    &operation.change,
                    &names,
                ),
                operation,
                rejection: serde_json::from_str(&rejection)?,
                file_number,
                current_status: status.as_deref().and_then(CaseStatus::from_code),
                current_assigned_to: assigned,
                from_server: true,
            });
        }
        let mut stmt = conn.prepare_cached(
            "SELECT operation, rejection, file_number FROM released_conflicts ORDER BY released_at DESC, operation_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (op, rejection, file_number) = row?;
            let operation: Operation = serde_json::from_str(&op)?;
            out.push(Conflict {
                summary: describe(
                    decider::definition_for(&programs, &operation),
                    &operation.change,
                    &HashMap::new(),
                ),
                operation,
                rejection: serde_json::from_str(&rejection)?,
                file_number: Some(file_number),
                current_status: None,
                current_assigned_to: None,
                from_server: false,
            });
        }
        Ok(out)
    }

    /// The documents of pending `document_added` and `letter_filed` operations: their bytes go to the
    /// server before the operations do.
    pub fn pending_uploads(&self) -> Result<Vec<BlobNeed>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT DISTINCT json_extract(payload, '$.sha256'), json_extract(payload, '$.byte_size')
             FROM operations WHERE sync_state = 'pending' AND kind IN ('document_added', 'letter_filed')",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(BlobNeed {
                sha256: r.get(0)?,
                byte_size: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The documents of the files this store holds whose bytes are not on this laptop
    /// (smallest first), restricted to the files assigned to `user` when given.
    pub fn missing_blobs(&self, assigned_to: Option<&str>) -> Result<Vec<BlobNeed>, StoreError> {
        let wanted: Vec<BlobNeed> = {
            let conn = self.conn()?;
            let mut stmt = conn.prepare_cached(
                "SELECT DISTINCT d.sha256, d.byte_size FROM documents d JOIN cases c ON c.id = d.case_id
                 WHERE ?1 IS NULL OR c.assigned_to = ?1 ORDER BY d.byte_size, d.sha256",
            )?;
            let rows = stmt.query_map([assigned_to], |r| {
                Ok(BlobNeed {
                    sha256: r.get(0)?,
                    byte_size: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                })
            })?;
            rows.collect::<Result<_, _>>()?
        };
        Ok(wanted
            .into_iter()
            .filter(|b| !self.blobs().contains(&b.sha256))
            .collect())
    }
}

/// Appends `op` to the log (the one `INSERT` into `operations`, for local and remote
/// operations alike). Local operations start pending; remote ones are acknowledged.
pub(crate) fn record_operation(
    tx: &Transaction<'_>,
    op: &Operation,
    origin: Origin,
    server_seq: Option<i64>,
) -> Result<(), StoreError> {
    let state = match origin {
        Origin::Local => SyncState::Pending,
        Origin::Remote => SyncState::Acknowledged,
    };
    tx.prepare_cached(
        "INSERT INTO operations (id, case_id, kind, payload, author, author_role, hlc, origin, sync_state,
                                 server_seq, program_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(
        params![
            op.id,
            op.case_id,
            op.change.kind(),
            serde_json::to_string(&op.change)?,
            op.author.user.0,
            op.author.role.code(),
            op.hlc.to_string(),
            origin.code(),
            state.code(),
            server_seq,
            op.program.0,
        ],
    )?;
    Ok(())
}

/// What releasing the files this laptop may no longer hold did (issue 18).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Released {
    /// The files removed, by file number.
    pub files: Vec<String>,
    /// Documents whose bytes were removed from disk (none of the files left holds them).
    pub documents: u32,
    /// Changes made here on those files that the server never took: kept as conflicts.
    pub conflicts: u32,
}

impl Store {
    /// Removes from this laptop every file not assigned to `me` (every file, with `None`:
    /// the account was disabled): its rows, its operations the server holds, and the bytes
    /// of its documents no file left here holds. A change made here on it and not yet
    /// taken by the server is kept, as a conflict that says the file left (`assign.revoked`).
    /// A file assigned back later arrives again whole, with its history.
    pub fn release_files_not_assigned_to(
        &self,
        me: Option<&UserId>,
    ) -> Result<Released, StoreError> {
        let me = me.map(|u| u.0.clone());
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let files: Vec<(CaseId, String)> = tx
            .prepare_cached(
                "SELECT id, file_number FROM cases WHERE ?1 IS NULL OR assigned_to IS NOT ?1",
            )?
            .query_map([&me], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut released = Released::default();
        if files.is_empty() {
            return Ok(released);
        }
        let rejection = Rejection {
            code: ASSIGNED_AWAY.into(),
            message: "not sent: this file is no longer assigned to you, and it left this laptop; \
                      tell its new officer or a supervisor if this change is still needed"
                .into(),
            reason: Some(Text::new("sync-file-left")),
        };
        let rejection = serde_json::to_string(&rejection)?;
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        // The file's rows go before its operations: the checks wait for the commit.
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        let mut hashes = Vec::new();
        for (case, number) in &files {
            hashes.extend(
                tx.prepare_cached("SELECT sha256 FROM documents WHERE case_id = ?1")?
                    .query_map([case], |r| r.get::<_, String>(0))?
                    .collect::<Result<Vec<_>, _>>()?,
            );
            // What the server never took is kept whole, with why, before anything goes.
            let unsent: Vec<(Operation, Option<String>)> = tx
                .prepare_cached(
                    "SELECT id, case_id, payload, author, author_role, hlc, sync_state,
                            program_version, rejection
                       FROM operations WHERE case_id = ?1 AND sync_state <> 'acknowledged'
                      ORDER BY seq",
                )?
                .query_map([case], |r| Ok((crate::db::read_operation(r)?, r.get(8)?)))?
                .map(|r| {
                    r.map_err(StoreError::from)
                        .and_then(|(op, why)| Ok((op?, why)))
                })
                .collect::<Result<_, StoreError>>()?;
            for (op, earlier) in &unsent {
                let why = match (op.sync_state, earlier) {
                    (SyncState::Rejected, Some(earlier)) => earlier.as_str(),
                    _ => {
                        released.conflicts += 1;
                        rejection.as_str()
                    }
                };
                tx.execute(
                    "INSERT INTO released_conflicts
                         (operation_id, case_id, file_number, operation, rejection, released_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (operation_id) DO NOTHING",
                    params![op.id, case, number, serde_json::to_string(op)?, why, now],
                )?;
            }
            wipe_case(&tx, *case)?;
            tx.execute("DELETE FROM operations WHERE case_id = ?1", [case])?;
            released.files.push(number.clone());
        }
        hashes.sort();
        hashes.dedup();
        let mut gone = Vec::new();
        for sha in hashes {
            let held: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM documents WHERE sha256 = ?1)",
                [&sha],
                |r| r.get(0),
            )?;
            if !held {
                gone.push(sha);
            }
        }
        tx.commit()?;
        // The bytes go after the rows: a crash in between leaves bytes nobody names, never
        // a row naming bytes that are gone.
        for sha in gone {
            let path = self.blobs().path_of(&sha)?;
            match std::fs::remove_file(&path) {
                Ok(()) => released.documents += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(StoreError::io_at(&path)(e)),
            }
            if let Ok(partial) = self.blobs().partial(&sha) {
                partial.discard();
            }
        }
        Ok(released)
    }
}

/// The code of a change kept because its file was assigned away (issue 18).
pub const ASSIGNED_AWAY: &str = "assign.revoked";

/// Rebuilds one file from its log: removes its rows, then replays the server's operations
/// in server order and the pending local ones after them, each in a savepoint. Returns
/// the pending operations that no longer apply (now rejected, with the reason) and the
/// server operations that could not be applied here.
#[allow(clippy::type_complexity)]
fn rebuild_case(
    tx: &Transaction<'_>,
    programs: &program::ProgramVersions,
    case: CaseId,
) -> Result<(Vec<OperationId>, Vec<(OperationId, String)>), StoreError> {
    let ops = crate::db::file_log(tx, case)?;
    wipe_case(tx, case)?;
    let mut rejected = Vec::new();
    let mut unapplied = Vec::new();
    for op in &ops {
        tx.execute_batch("SAVEPOINT replay_op")?;
        match apply::apply_change(tx, programs, op) {
            Ok(()) => tx.execute_batch("RELEASE replay_op")?,
            Err(e) => {
                tx.execute_batch("ROLLBACK TO replay_op; RELEASE replay_op")?;
                if op.sync_state == SyncState::Pending {
                    let code = match e {
                        StoreError::Rule(_) => "conflict.transition",
                        _ => "conflict.replay",
                    };
                    let why = e.reason().unwrap_or_else(|| {
                        Text::new("sync-technical").with("detail", e.to_string())
                    });
                    let rejection = Rejection {
                        code: code.into(),
                        message: format!(
                            "not sent: after the changes received from the server, this change no \
                             longer applies to the file ({e}); look at the file as it is now and \
                             record it again if it is still needed"
                        ),
                        reason: Some(Text::new("sync-no-longer-applies").with("reason", why)),
                    };
                    tx.execute(
                        "UPDATE operations SET sync_state = 'rejected', rejection = ?2 WHERE id = ?1",
                        params![op.id, serde_json::to_string(&rejection)?],
                    )?;
                    rejected.push(op.id);
                } else {
                    let why = e.reason().unwrap_or_else(|| {
                        Text::new("sync-technical").with("detail", e.to_string())
                    });
                    let server_seq: i64 = tx.query_row(
                        "SELECT coalesce(server_seq, 0) FROM operations WHERE id = ?1",
                        [op.id],
                        |r| r.get(0),
                    )?;
                    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                    keep_unapplied(
                        tx,
                        &RemoteOperation {
                            server_seq,
                            operation: op.clone(),
                        },
                        &why,
                        &now,
                    )?;
                    unapplied.push((op.id, e.to_string()));
                }
            }
        }
    }
    Ok((rejected, unapplied))
}

/// The names of the persons of file `case`, by id (for a change described in words).
fn person_names(
    conn: &rusqlite::Connection,
    case: CaseId,
) -> Result<HashMap<PersonId, String>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT id, given_names || ' ' || family_name FROM persons WHERE case_id = ?1",
        )?
        .query_map([case], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?)
}

/// Keeps a server operation that does not apply here, whole and with why, for the
/// conflicts view (never dropped).
fn keep_unapplied(
    tx: &Transaction<'_>,
    remote: &RemoteOperation,
    why: &Text,
    now: &str,
) -> Result<(), StoreError> {
    let rejection = Rejection {
        code: REMOTE_UNAPPLIED.into(),
        message: why.to_string(),
        reason: Some(Text::new("sync-not-applied-here").with("reason", why.clone())),
    };
    tx.prepare_cached(
        "INSERT INTO remote_unapplied (operation_id, case_id, server_seq, operation, reason, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (operation_id) DO UPDATE SET reason = excluded.reason",
    )?
    .execute(params![
        remote.operation.id,
        remote.operation.case_id,
        remote.server_seq,
        serde_json::to_string(&remote.operation)?,
        serde_json::to_string(&rejection)?,
        now
    ])?;
    Ok(())
}

/// The code of a server operation kept because it does not apply on this laptop.
pub const REMOTE_UNAPPLIED: &str = "conflict.remote_unapplied";

/// Removes every row of one file from the tables that operations build (never the log).
/// The tables are found from the schema: `cases` itself, every table with a `case_id`
/// column, and tables whose foreign keys lead to those (e.g. a document's dismissals), so
/// a table added by a later migration is covered without editing this function. The
/// caller has deferred foreign-key checks to the end of the transaction.
fn wipe_case(tx: &Transaction<'_>, case: CaseId) -> Result<(), StoreError> {
    let tables: Vec<String> = {
        let mut stmt = tx.prepare_cached(
            "SELECT name FROM sqlite_schema WHERE type = 'table'
               AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'case_search%'
               AND name NOT IN ('operations', 'meta', 'released_conflicts')
               AND coalesce(sql, '') NOT LIKE 'CREATE VIRTUAL%'",
        )?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    // table -> (predicate selecting the file's rows, depth below `cases`)
    let mut owned: BTreeMap<String, (String, u32)> = BTreeMap::new();
    owned.insert("cases".into(), ("id = ?1".into(), 0));
    for t in &tables {
        let has_case_id: bool = tx.query_row(
            "SELECT count(*) > 0 FROM pragma_table_info(?1) WHERE name = 'case_id'",
            [t],
            |r| r.get(0),
        )?;
        if has_case_id && t != "cases" {
            owned.insert(t.clone(), ("case_id = ?1".into(), 1));
        }
    }
    loop {
        let mut added = false;
        for t in &tables {
            if owned.contains_key(t) {
                continue;
            }
            let fks: Vec<(String, String, Option<String>)> = {
                let mut stmt = tx.prepare_cached(
                    "SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1)",
                )?;
                stmt.query_map([t], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect::<Result<_, _>>()?
            };
            let found = fks.into_iter().find_map(|(parent, from, to)| {
                let (pred, depth) = owned.get(&parent)?;
                let to = to?;
                Some((
                    format!("\"{from}\" IN (SELECT \"{to}\" FROM \"{parent}\" WHERE {pred})"),
                    depth + 1,
                ))
            });
            if let Some(entry) = found {
                owned.insert(t.clone(), entry);
                added = true;
            }
        }
        if !added {
            break;
        }
    }
    tx.execute(
        "DELETE FROM case_search WHERE rowid = (SELECT seq FROM cases WHERE id = ?1)",
        [case],
    )?;
    let mut order: Vec<(&String, &(String, u32))> = owned.iter().collect();
    order.sort_by(|a, b| b.1.1.cmp(&a.1.1).then(a.0.cmp(b.0)));
    for (table, (pred, _)) in order {
        tx.execute(&format!("DELETE FROM \"{table}\" WHERE {pred}"), [case])?;
    }
    Ok(())
}

/// A rejection's reason as any version recorded it: a message of the catalogue, or (before
/// the catalogue) the finished words in French and English, kept as they were given.
fn reason_of_any_version<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Text>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum AnyReason {
        Text(Text),
        Words(Bilingual),
    }
    Ok(Option::<AnyReason>::deserialize(d)?.map(|r| match r {
        AnyReason::Text(t) => t,
        AnyReason::Words(b) => Text::new("reason-as-given").with("text", b),
    }))
}
