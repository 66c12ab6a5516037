//! Accepting pushed operations. A batch runs in one PostgreSQL transaction, set-based (see
//! [`push_batch`]); the log's advisory lock is held from the operations' insert to the
//! commit (so sequence numbers commit in order), and the checks before it run alongside
//! other pushes. Each operation, in order:
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

use std::collections::{HashMap, HashSet};

use deadpool_postgres::{GenericClient, Pool, Transaction};
use decider::Refusal;
use decider::roles::role_allows;
use oplog::Change;
use oplog::ids::{Role, UserId};
use program::{CaseStatus, ProgramVersions};
use sync::codes;
use sync::wire::{PushOutcome, PushResult, WireOperation};
use tokio_postgres::types::ToSql;
use uuid::Uuid;
use vocab::Text;

use crate::db::LOG_LOCK;
use crate::error::{ApiError, ApiResult};
use crate::programs::ProgramCache;

/// Who pushes: a signed-in user, or the server's own command line.
#[derive(Debug, Clone)]
pub struct Pusher {
    pub name: UserId,
    pub role: Role,
}

/// A rejection with its English message for support and why in the catalogue's words.
fn reject(code: &str, message: impl Into<String>, reason: Text) -> PushOutcome {
    PushOutcome::Rejected {
        code: code.to_owned(),
        message: message.into(),
        reason: Some(reason.both()),
        text: Some(reason),
    }
}

/// A rejection an officer will read in the conflicts view: the English words are also the
/// message for support.
fn refuse(code: &str, reason: Text) -> PushOutcome {
    PushOutcome::Rejected {
        code: code.to_owned(),
        message: reason.to_string(),
        reason: Some(reason.both()),
        text: Some(reason),
    }
}

/// A file as the checks see it: its `cases` row, locked, with the decider's state, then
/// moved on in memory as the batch's operations are accepted (so a file received and
/// assigned in one batch works).
struct CaseRow {
    /// `None` only for a file whose log folds to nothing (never, for a stored file).
    state: Option<decider::FileState>,
    /// The sequence number of the assignment: stored, or that of the batch's accepted
    /// operation at this index (known once the batch is stored).
    assigned_seq: Seq,
    /// Received by this batch (its row is inserted before the operations).
    new: bool,
    /// Changed by this batch, or its state folded again (its row is updated after the
    /// operations).
    changed: bool,
}

#[derive(Debug, Clone, Copy)]
enum Seq {
    Stored(i64),
    Batch(usize),
}

/// An operation accepted by this batch, stored once the whole batch is checked.
struct Accepted<'a> {
    op: &'a WireOperation,
    change: serde_json::Value,
    revoked_from: Option<String>,
}

/// The outcome of one operation once the batch is checked; sequence numbers of the
/// batch's own operations are filled in after they are stored.
enum Planned {
    Done(PushOutcome),
    /// Accepted: the index in the batch's accepted operations.
    Accepted(usize),
    /// The same operation as the batch's accepted one at this index (a repeat).
    DuplicateOf(usize),
    /// The id of the batch's accepted operation at this index, with other content.
    ReusedOf(usize),
}

/// An operation already stored under the id of one in the batch.
struct Stored {
    seq: i64,
    case_id: Uuid,
    change: serde_json::Value,
    author: String,
    author_role: String,
    hlc: String,
}

/// Everything the checks read, and what the batch accepted so far.
struct Batch<'a> {
    pusher: &'a Pusher,
    /// The program definition versions, as read under the shared lock.
    programs: &'a ProgramVersions,
    stored: HashMap<Uuid, Stored>,
    cases: HashMap<Uuid, CaseRow>,
    file_numbers: HashSet<String>,
    active_users: HashSet<String>,
    /// Of those, the officers who are away (issue 17): no file is assigned to them.
    away_users: HashSet<String>,
    /// The documents named by the batch that the pusher uploaded or may already read.
    documents_known: HashSet<String>,
    accepted: Vec<Accepted<'a>>,
    /// Operation id → index in `accepted`.
    accepted_ids: HashMap<Uuid, usize>,
    /// Documents to register, each once (the first wins, as `ON CONFLICT DO NOTHING`).
    /// (document, case, sha-256, size, whether it is a letter the ministry sent).
    documents: Vec<(Uuid, Uuid, String, i64, bool)>,
    document_ids: HashSet<Uuid>,
}

/// Applies a batch; one result per operation, in order.
///
/// Set-based: one query finds the operations already stored, one locks the batch's files
/// (`FOR UPDATE`, in id order), one reads the active users the batch assigns files to;
/// each operation is then checked in order against that projection, updated in memory as
/// operations are accepted (so a file received and assigned in one batch works). The files
/// received are inserted and the documents registered with one statement each; then, under
/// the log's lock, the accepted operations are stored with one `INSERT` (sequence numbers
/// in acceptance order) and the files changed updated with one more.
///
/// Only that last part runs under the log's lock: sequence numbers are taken when a row
/// is inserted but become visible when its transaction commits, and the lock, held from
/// the insert to the commit, makes both happen in the same order, so a pull never passes
/// a number that commits later. The reads and checks before it run alongside other
/// pushes: a file's row lock orders two batches touching the same file, and the lock
/// holder never waits for a row lock (it only touches rows it locked or inserted), so the
/// log's lock is in no deadlock. What a concurrent push can still do is store one of the
/// batch's operations or files between our read and our insert (the same batch sent
/// twice at once), or, receiving the same new files in another order, deadlock with us
/// on their rows (PostgreSQL then aborts one of the two): the batch is then rolled back
/// and run again, reading what the other committed. See docs/bench-sync.md.
pub async fn push_batch(
    pool: &Pool,
    programs: &ProgramCache,
    pusher: &Pusher,
    operations: &[WireOperation],
) -> ApiResult<Vec<PushResult>> {
    let mut db = pool.get().await?;
    let mut attempt = 1;
    loop {
        match try_push(&mut db, programs, pusher, operations).await {
            Ok(Some(results)) => return Ok(results),
            Ok(None) => tracing::debug!(attempt, "a concurrent push stored part of this batch"),
            Err(e) if e.concurrent && attempt < MAX_ATTEMPTS => {
                tracing::debug!(attempt, "a concurrent push deadlocked with this batch");
            }
            Err(e) => return Err(e),
        }
        if attempt == MAX_ATTEMPTS {
            return Err(ApiError::internal(format!(
                "a push met concurrent pushes of the same operations {MAX_ATTEMPTS} times"
            )));
        }
        attempt += 1;
    }
}

/// How far ahead of the server's clock an operation may be stamped (clocks drift; a
/// laptop set to the wrong day does not).
const MAX_CLOCK_AHEAD_MS: u64 = 5 * 60 * 1000;

/// How many times a batch is run before giving up. Each retry follows the commit of a
/// concurrent push of the same operations or files, which the next run reads.
const MAX_ATTEMPTS: u32 = 5;

/// The batch in one transaction; `None` (rolled back) if a concurrent push stored some of
/// its operations or files after they were read.
async fn try_push(
    db: &mut deadpool_postgres::Object,
    programs: &ProgramCache,
    pusher: &Pusher,
    operations: &[WireOperation],
) -> ApiResult<Option<Vec<PushResult>>> {
    let tx = db.transaction().await?;
    match push_in(&tx, programs, pusher, operations).await? {
        Some(results) => {
            tx.commit().await?;
            Ok(Some(results))
        }
        None => {
            tx.rollback().await?;
            Ok(None)
        }
    }
}

/// The batch inside the caller's transaction, which the caller commits (intake records its
/// submission in the same one). `None` if a concurrent push stored some of its operations
/// or files after they were read: the caller rolls back and runs it again.
pub(crate) async fn push_in(
    tx: &Transaction<'_>,
    programs: &ProgramCache,
    pusher: &Pusher,
    operations: &[WireOperation],
) -> ApiResult<Option<Vec<PushResult>>> {
    let programs = programs.current(tx).await?;
    let mut batch = Batch::load(tx, &programs, pusher, operations).await?;
    let mut planned = Vec::with_capacity(operations.len());
    for op in operations {
        planned.push(batch.check(tx, op).await?);
    }
    // The same operation pushed twice at once: the other push may have committed it
    // between our read of the stored ids and our lock on its file, so that the file's
    // state, read after the lock, already holds it and the rules refuse it (a letter
    // "already on the file"). Such a refusal is no answer: run again, and it is a
    // duplicate. (An accepted one is caught by the insert's unique id.)
    let refused: Vec<Uuid> = operations
        .iter()
        .zip(&planned)
        .filter(|(op, p)| {
            matches!(p, Planned::Done(PushOutcome::Rejected { .. }))
                && !batch.stored.contains_key(&op.id.0)
        })
        .map(|(op, _)| op.id.0)
        .collect();
    if !refused.is_empty()
        && tx
            .query_opt(
                "SELECT 1 FROM operations WHERE id = ANY($1) LIMIT 1",
                &[&refused],
            )
            .await?
            .is_some()
    {
        return Ok(None);
    }
    if !batch.store_files(tx).await? {
        return Ok(None);
    }
    let Some(seqs) = batch.store_operations(tx).await? else {
        return Ok(None);
    };
    let mut results = Vec::with_capacity(operations.len());
    for (op, plan) in operations.iter().zip(planned) {
        let outcome = match plan {
            Planned::Done(outcome) => outcome,
            Planned::Accepted(i) => PushOutcome::Accepted { seq: seqs[i] },
            Planned::DuplicateOf(i) => PushOutcome::Duplicate { seq: seqs[i] },
            Planned::ReusedOf(i) => id_reused(op, seqs[i]),
        };
        match &outcome {
            PushOutcome::Rejected { code, message, .. } => {
                tracing::info!(op = %op.id, user = %pusher.name, code, "operation rejected: {message}");
            }
            PushOutcome::Accepted { seq } => {
                tracing::debug!(op = %op.id, seq, "operation accepted");
            }
            PushOutcome::Duplicate { .. } => {}
        }
        results.push(PushResult { id: op.id, outcome });
    }
    Ok(Some(results))
}

/// Whether a statement failed because an operation with one of the batch's ids was
/// stored after the batch read the log.
fn stored_meanwhile(e: &tokio_postgres::Error) -> bool {
    e.as_db_error().is_some_and(|db| {
        *db.code() == tokio_postgres::error::SqlState::UNIQUE_VIOLATION
            && db.constraint() == Some("operations_id_key")
    })
}

fn id_reused(op: &WireOperation, seq: i64) -> PushOutcome {
    reject(
        codes::REJECT_ID_REUSED,
        format!(
            "operation {} was accepted earlier (sequence {seq}) with different content",
            op.id
        ),
        Text::new("server-id-reused"),
    )
}

fn not_assigned(op: &WireOperation, pusher: &Pusher) -> PushOutcome {
    refuse(
        codes::REJECT_RECORD,
        Text::new("server-not-assigned")
            .with("case", op.case_id.to_string())
            .with("user", pusher.name.to_string()),
    )
}

/// The decider's state of files `ids`, folded from their operations.
async fn fold_logs(
    db: &impl GenericClient,
    programs: &ProgramVersions,
    ids: &[Uuid],
) -> ApiResult<HashMap<Uuid, Option<decider::FileState>>> {
    let mut logs: HashMap<Uuid, Vec<oplog::Operation>> = HashMap::new();
    for row in db
        .query(
            &db.prepare_cached(&format!(
                "SELECT {} FROM operations o WHERE o.case_id = ANY($1) ORDER BY o.seq",
                crate::pull::COLUMNS
            ))
            .await?,
            &[&ids],
        )
        .await?
    {
        let case_id: Uuid = row.get(2);
        logs.entry(case_id)
            .or_default()
            .push(crate::pull::pulled(&row)?.operation.to_operation());
    }
    Ok(ids
        .iter()
        .map(|id| {
            (
                *id,
                decider::fold(programs, logs.get(id).into_iter().flatten()),
            )
        })
        .collect())
}

/// The decider's state of every file on the server (those kept under another version
/// folded from their operations): what loading a program version checks against.
pub(crate) async fn all_states(
    db: &impl GenericClient,
    programs: &ProgramVersions,
) -> ApiResult<Vec<decider::FileState>> {
    let mut states = Vec::new();
    let mut stale = Vec::new();
    for row in db
        .query(
            "SELECT id, state, state_version FROM cases ORDER BY id",
            &[],
        )
        .await?
    {
        match (
            row.get::<_, Option<Vec<u8>>>(1),
            row.get::<_, Option<i32>>(2),
        ) {
            (Some(bytes), Some(decider::STATE_VERSION)) => {
                states.push(serde_json::from_slice(&bytes).map_err(ApiError::internal)?);
            }
            _ => stale.push(row.get::<_, Uuid>(0)),
        }
    }
    if !stale.is_empty() {
        states.extend(
            fold_logs(db, programs, &stale)
                .await?
                .into_values()
                .flatten(),
        );
    }
    Ok(states)
}

impl<'a> Batch<'a> {
    /// Reads what the checks need: stored operations with the batch's ids, the batch's
    /// files (locked) with their decider state, those holding its new file numbers, the
    /// active users it assigns files to, and which of the documents it names the pusher
    /// uploaded or may read.
    async fn load(
        tx: &Transaction<'_>,
        programs: &'a ProgramVersions,
        pusher: &'a Pusher,
        operations: &'a [WireOperation],
    ) -> ApiResult<Batch<'a>> {
        let ids: Vec<Uuid> = operations.iter().map(|op| op.id.0).collect();
        let mut stored = HashMap::new();
        for row in tx
            .query(
                &tx.prepare_cached(
                    "SELECT id, seq, case_id, change, author, author_role, hlc
                       FROM operations WHERE id = ANY($1)",
                )
                .await?,
                &[&ids],
            )
            .await?
        {
            stored.insert(
                row.get::<_, Uuid>(0),
                Stored {
                    seq: row.get(1),
                    case_id: row.get(2),
                    change: row.get(3),
                    author: row.get(4),
                    author_role: row.get(5),
                    hlc: row.get(6),
                },
            );
        }

        let mut case_ids: Vec<Uuid> = Vec::new();
        let mut file_numbers: Vec<&str> = Vec::new();
        let mut officers: Vec<&str> = Vec::new();
        let mut hashes: Vec<&str> = Vec::new();
        for op in operations
            .iter()
            .filter(|op| !stored.contains_key(&op.id.0))
        {
            case_ids.push(op.case_id.0);
            match &op.change {
                Change::CaseReceived { file_number, .. } => file_numbers.push(file_number),
                Change::CaseAssigned { officer } => officers.push(&officer.0),
                Change::DocumentAdded { sha256, .. } | Change::LetterFiled { sha256, .. } => {
                    hashes.push(sha256)
                }
                _ => {}
            }
        }
        case_ids.sort_unstable();
        case_ids.dedup();
        let mut cases = HashMap::new();
        let mut known_numbers = HashSet::new();
        let mut stale = Vec::new();
        if !case_ids.is_empty() {
            // Locked in id order, so two batches never wait on each other's files in turn.
            for row in tx
                .query(
                    &tx.prepare_cached(
                        "SELECT id, file_number, assigned_seq, state, state_version
                           FROM cases WHERE id = ANY($1) OR file_number = ANY($2)
                          ORDER BY id FOR UPDATE",
                    )
                    .await?,
                    &[&case_ids, &file_numbers],
                )
                .await?
            {
                let id: Uuid = row.get(0);
                known_numbers.insert(row.get::<_, String>(1));
                let state = match (
                    row.get::<_, Option<Vec<u8>>>(3),
                    row.get::<_, Option<i32>>(4),
                ) {
                    (Some(bytes), Some(decider::STATE_VERSION)) => {
                        Some(serde_json::from_slice(&bytes).map_err(ApiError::internal)?)
                    }
                    _ => None,
                };
                if state.is_none() {
                    stale.push(id);
                }
                cases.insert(
                    id,
                    CaseRow {
                        state,
                        assigned_seq: Seq::Stored(row.get(2)),
                        new: false,
                        changed: false,
                    },
                );
            }
        }
        // A file without a state of this version (kept by an older server) is folded
        // from its operations once, here, and kept when the batch commits.
        if !stale.is_empty() {
            let mut folded = fold_logs(tx, programs, &stale).await?;
            for id in stale {
                let case = cases
                    .get_mut(&id)
                    .ok_or_else(|| ApiError::internal("a stale file left the batch"))?;
                case.state = folded.remove(&id).flatten();
                case.changed = true;
            }
        }
        let mut active_users = HashSet::new();
        let mut away_users = HashSet::new();
        if !officers.is_empty() {
            for row in tx
                .query(
                    &tx.prepare_cached(
                        "SELECT name, away FROM users WHERE name = ANY($1) AND NOT disabled",
                    )
                    .await?,
                    &[&officers],
                )
                .await?
            {
                let name: String = row.get(0);
                if row.get::<_, bool>(1) {
                    away_users.insert(name.clone());
                }
                active_users.insert(name);
            }
        }
        let mut documents_known = HashSet::new();
        if !hashes.is_empty() {
            // Bytes this user uploaded, or may already read (a supervisor: any stored;
            // an officer: those of a file assigned to them).
            for row in tx
                .query(
                    &tx.prepare_cached(
                        "SELECT h FROM unnest($1::text[]) AS t(h)
                          WHERE EXISTS (SELECT 1 FROM blob_uploads u
                                         WHERE u.sha256 = t.h AND u.uploaded_by = $2)
                             OR ($3 AND EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = t.h))
                             OR EXISTS (SELECT 1 FROM documents d JOIN cases c ON c.id = d.case_id
                                         WHERE d.sha256 = t.h AND c.assigned_to = $2)",
                    )
                    .await?,
                    &[&hashes, &pusher.name.0, &(pusher.role == Role::Supervisor)],
                )
                .await?
            {
                documents_known.insert(row.get::<_, String>(0));
            }
        }
        Ok(Batch {
            pusher,
            programs,
            stored,
            cases,
            file_numbers: known_numbers,
            active_users,
            away_users,
            documents_known,
            accepted: Vec::new(),
            accepted_ids: HashMap::new(),
            documents: Vec::new(),
            document_ids: HashSet::new(),
        })
    }

    /// Checks one operation against the files as the batch left them so far; an
    /// accepted one moves its file's state on.
    async fn check(&mut self, tx: &Transaction<'_>, op: &'a WireOperation) -> ApiResult<Planned> {
        let pusher = self.pusher;
        // 1. A retry of an operation already stored (earlier, or by this batch).
        if let Some(&i) = self.accepted_ids.get(&op.id.0) {
            let a = &self.accepted[i];
            let same = a.op.case_id == op.case_id
                && serde_json::from_value::<Change>(a.change.clone())
                    .ok()
                    .as_ref()
                    == Some(&op.change)
                && a.op.author.user == op.author.user
                && a.op.author.role == op.author.role
                && a.op.hlc.to_string() == op.hlc.to_string();
            return Ok(if same {
                Planned::DuplicateOf(i)
            } else {
                Planned::ReusedOf(i)
            });
        }
        if let Some(s) = self.stored.get(&op.id.0) {
            let same = s.case_id == op.case_id.0
                && serde_json::from_value::<Change>(s.change.clone())
                    .ok()
                    .as_ref()
                    == Some(&op.change)
                && s.author == op.author.user.0
                && Role::from_code(&s.author_role) == Some(op.author.role)
                && s.hlc == op.hlc.to_string();
            return Ok(Planned::Done(if same {
                PushOutcome::Duplicate { seq: s.seq }
            } else {
                id_reused(op, s.seq)
            }));
        }
        let done = |outcome| Ok(Planned::Done(outcome));

        // 2. The operation's clock is not ahead of the server's: a laptop whose clock is
        // wrong must not move everyone's clock (each laptop's clock observes what it
        // pulls).
        let now_ms = u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0);
        if op.hlc.wall_ms > now_ms.saturating_add(MAX_CLOCK_AHEAD_MS) {
            let ahead = (op.hlc.wall_ms - now_ms) / 60_000;
            return done(refuse(
                codes::REJECT_CLOCK_AHEAD,
                Text::new("server-clock-ahead").with("minutes", ahead),
            ));
        }

        // 3. The author is the user who pushes, claiming no role above the user's current
        // one (what that role may do is the decider's, below).
        if op.author.user != pusher.name {
            return done(refuse(
                codes::REJECT_AUTHOR,
                Text::new("server-author-not-pusher")
                    .with("author", op.author.user.to_string())
                    .with("user", pusher.name.to_string()),
            ));
        }
        if !role_allows(pusher.role, op.author.role) {
            return done(refuse(
                codes::REJECT_ROLE,
                Text::new("server-role-above-user")
                    .with("claimed", op.author.role.text())
                    .with("user", pusher.name.to_string())
                    .with("role", pusher.role.text()),
            ));
        }

        // 4. Documents: only bytes the pusher uploaded or may already read.
        if let Change::DocumentAdded { sha256, .. } | Change::LetterFiled { sha256, .. } =
            &op.change
            && sync::is_sha256_hex(sha256)
            && !self.documents_known.contains(sha256)
        {
            return done(refuse(
                codes::REJECT_DOCUMENT_UNKNOWN,
                Text::new("server-document-not-uploaded").with("hash", sha256),
            ));
        }

        let operation = op.to_operation();
        if let Change::CaseReceived { file_number, .. } = &op.change {
            return self.receive_case(op, &operation, file_number);
        }

        // 5. The file exists and, for an officer, is theirs (record level).
        let Some(case) = self.cases.get(&op.case_id.0) else {
            return done(if pusher.role == Role::Officer {
                not_assigned(op, pusher)
            } else {
                reject(
                    codes::REJECT_CASE_NOT_FOUND,
                    format!(
                        "file {} is not on the server; push its case_received first",
                        op.case_id
                    ),
                    Text::new("server-case-not-on-server"),
                )
            });
        };
        let Some(state) = &case.state else {
            return Err(ApiError::internal(format!(
                "file {} has no operations to fold",
                op.case_id
            )));
        };
        if pusher.role == Role::Officer
            && state.assigned_to.as_ref().map(|u| u.0.as_str()) != Some(pusher.name.0.as_str())
        {
            return done(not_assigned(op, pusher));
        }

        // 6. The decider: every casework rule, against the server's state of the file, at
        // the operation's own instant, with the program definition version it names (and
        // the one in force then, which must agree).
        let def = match decider::check(self.programs, Some(state), &operation) {
            Ok(def) => def,
            Err(refusal) => return self.refused(tx, state, op, refusal).await,
        };

        // 7. Accept it and move the file's state on.
        let mut revoked_from = None;
        if let Change::CaseAssigned { officer } = &op.change {
            if !self.active_users.contains(&officer.0) {
                return done(refuse(
                    codes::REJECT_UNKNOWN_USER,
                    Text::new("server-there-no-active-user-assign-file")
                        .with("officer", officer.to_string()),
                ));
            }
            if self.away_users.contains(&officer.0) && state.assigned_to.as_ref() != Some(officer) {
                return done(refuse(
                    codes::REJECT_OFFICER_AWAY,
                    Text::new("assignment-officer-away").with("name", officer.to_string()),
                ));
            }
            revoked_from = state
                .assigned_to
                .as_ref()
                .map(|u| u.0.clone())
                .filter(|prev| *prev != officer.0);
        }
        let i = self.accept(op, revoked_from)?;
        let case = self
            .cases
            .get_mut(&op.case_id.0)
            .ok_or_else(|| ApiError::internal("the checked file left the batch"))?;
        if let Change::CaseAssigned { officer } = &op.change
            && case
                .state
                .as_ref()
                .and_then(|s| s.assigned_to.as_ref())
                .map(|u| u.0.as_str())
                != Some(officer.0.as_str())
        {
            case.assigned_seq = Seq::Batch(i);
        }
        case.state = decider::evolve(def, case.state.take(), &operation);
        case.changed |= !decider::evolve::leaves_state(&op.change);
        self.register_document(op);
        Ok(Planned::Accepted(i))
    }

    /// The rejection of an operation the decider refused: a status the file left meanwhile
    /// names the operation that moved it; any other refusal says why.
    async fn refused(
        &self,
        tx: &Transaction<'_>,
        state: &decider::FileState,
        op: &WireOperation,
        refusal: Refusal,
    ) -> ApiResult<Planned> {
        let outcome = match &refusal {
            Refusal::Rule(program::RuleError::Forbidden(e)) => {
                let status_op = state.status_op.0;
                let (kind, author, hlc) = self.described(tx, status_op).await?.unwrap_or_default();
                let text = Text::new("server-changed-meanwhile")
                    .with("author", author.clone())
                    .with("operation", status_op.to_string())
                    .with("reason", e.reason.clone());
                // For support: the status and the operations by their codes.
                let message = format!(
                    "the file is now {} after operation {status_op} ({kind} by {author} at \
                     {hlc}), so {} cannot be recorded: {}",
                    state.status.code(),
                    op.change.kind(),
                    e.reason
                );
                PushOutcome::Rejected {
                    code: codes::REJECT_CONFLICT_TRANSITION.to_owned(),
                    message,
                    reason: Some(text.both()),
                    text: Some(text),
                }
            }
            other => refuse(other.code(), other.reason()),
        };
        Ok(Planned::Done(outcome))
    }

    /// Remembers the document an accepted operation adds, to register it once.
    fn register_document(&mut self, op: &WireOperation) {
        if let Change::DocumentAdded {
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
        } = &op.change
            && self.document_ids.insert(document_id.0)
        {
            self.documents.push((
                document_id.0,
                op.case_id.0,
                sha256.clone(),
                i64::try_from(*byte_size).unwrap_or(i64::MAX),
                matches!(op.change, Change::LetterFiled { .. }),
            ));
        }
    }

    fn receive_case(
        &mut self,
        op: &'a WireOperation,
        operation: &oplog::Operation,
        file_number: &str,
    ) -> ApiResult<Planned> {
        if self.cases.contains_key(&op.case_id.0) || self.file_numbers.contains(file_number) {
            return Ok(Planned::Done(refuse(
                codes::REJECT_CASE_EXISTS,
                Text::new("server-case-exists")
                    .with("case", op.case_id.to_string())
                    .with("file_number", file_number),
            )));
        }
        let def = match decider::check(self.programs, None, operation) {
            Ok(def) => def,
            Err(refusal) => return Ok(Planned::Done(refuse(refusal.code(), refusal.reason()))),
        };
        self.file_numbers.insert(file_number.to_owned());
        self.cases.insert(
            op.case_id.0,
            CaseRow {
                state: decider::evolve(def, None, operation),
                assigned_seq: Seq::Stored(0),
                new: true,
                changed: true,
            },
        );
        Ok(Planned::Accepted(self.accept(op, None)?))
    }

    fn accept(&mut self, op: &'a WireOperation, revoked_from: Option<String>) -> ApiResult<usize> {
        let change = serde_json::to_value(&op.change).map_err(ApiError::internal)?;
        let i = self.accepted.len();
        self.accepted.push(Accepted {
            op,
            change,
            revoked_from,
        });
        self.accepted_ids.insert(op.id.0, i);
        Ok(i)
    }

    /// The kind, author and clock of operation `id` (of this batch or stored): who set a
    /// file's status, for a conflict.
    async fn described(
        &self,
        tx: &Transaction<'_>,
        id: Uuid,
    ) -> ApiResult<Option<(String, String, String)>> {
        if let Some(&i) = self.accepted_ids.get(&id) {
            let op = self.accepted[i].op;
            return Ok(Some((
                op.change.kind().to_owned(),
                op.author.user.0.clone(),
                op.hlc.to_string(),
            )));
        }
        let row = tx
            .query_opt(
                &tx.prepare_cached("SELECT kind, author, hlc FROM operations WHERE id = $1")
                    .await?,
                &[&id],
            )
            .await?;
        Ok(row.map(|r| (r.get(0), r.get(1), r.get(2))))
    }

    /// Stores the files received and registers the documents, before the log's lock:
    /// `false` when another push stored one of those files meanwhile.
    async fn store_files(&self, tx: &Transaction<'_>) -> ApiResult<bool> {
        if self.accepted.is_empty() {
            return Ok(true);
        }
        // Files received: inserted before their operations (which reference them).
        let mut new_ids = Vec::new();
        let mut new_numbers = Vec::new();
        let mut new_status_ops = Vec::new();
        for a in &self.accepted {
            if let Change::CaseReceived { file_number, .. } = &a.op.change
                && self.cases.get(&a.op.case_id.0).is_some_and(|c| c.new)
            {
                new_ids.push(a.op.case_id.0);
                new_numbers.push(file_number.as_str());
                new_status_ops.push(a.op.id.0);
            }
        }
        if !new_ids.is_empty() {
            let inserted = tx
                .execute(
                    &tx.prepare_cached(
                        "INSERT INTO cases (id, file_number, status, status_op)
                         SELECT id, file_number, $3, status_op
                           FROM unnest($1::uuid[], $2::text[], $4::uuid[]) AS u(id, file_number, status_op)
                          ORDER BY id
                         ON CONFLICT DO NOTHING",
                    )
                    .await?,
                    &[
                        &new_ids,
                        &new_numbers,
                        &CaseStatus::Received.code(),
                        &new_status_ops,
                    ],
                )
                .await?;
            if inserted != new_ids.len() as u64 {
                return Ok(false);
            }
        }

        if !self.documents.is_empty() {
            let mut ids = Vec::new();
            let mut cases = Vec::new();
            let mut hashes = Vec::new();
            let mut sizes = Vec::new();
            let mut letters = Vec::new();
            for (id, case, sha256, size, letter) in &self.documents {
                ids.push(*id);
                cases.push(*case);
                hashes.push(sha256.as_str());
                sizes.push(*size);
                letters.push(*letter);
            }
            tx.execute(
                &tx.prepare_cached(
                    "INSERT INTO documents (document_id, case_id, sha256, byte_size, letter)
                     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int8[], $5::bool[])
                              AS u(document_id, case_id, sha256, byte_size, letter)
                      ORDER BY document_id
                     ON CONFLICT (document_id) DO NOTHING",
                )
                .await?,
                &[&ids, &cases, &hashes, &sizes, &letters],
            )
            .await?;
        }
        Ok(true)
    }

    /// Stores the accepted operations, numbered in acceptance order, and updates the
    /// files the batch changed, under the log's lock. The sequence number of each
    /// accepted operation, or `None` when another push stored one of them meanwhile.
    ///
    /// The lock, the insert and the update are sent together (pipelined): PostgreSQL runs
    /// them one after the other without waiting for this process between them, so the
    /// lock is held for the database's work and the commit's round trip only. The update
    /// reads the sequence number of an assignment made by this batch from the row just
    /// inserted.
    async fn store_operations(&self, tx: &Transaction<'_>) -> ApiResult<Option<Vec<i64>>> {
        if self.accepted.is_empty() {
            return Ok(Some(Vec::new()));
        }
        // The operations, numbered in acceptance order.
        let n = self.accepted.len();
        let mut ids = Vec::with_capacity(n);
        let mut case_ids = Vec::with_capacity(n);
        let mut kinds = Vec::with_capacity(n);
        let mut changes = Vec::with_capacity(n);
        let mut authors = Vec::with_capacity(n);
        let mut roles = Vec::with_capacity(n);
        let mut hlcs = Vec::with_capacity(n);
        let mut revoked = Vec::with_capacity(n);
        let mut programs = Vec::with_capacity(n);
        for a in &self.accepted {
            ids.push(a.op.id.0);
            case_ids.push(a.op.case_id.0);
            kinds.push(a.op.change.kind());
            changes.push(&a.change);
            authors.push(a.op.author.user.0.as_str());
            roles.push(a.op.author.role.code());
            hlcs.push(a.op.hlc.to_string());
            revoked.push(a.revoked_from.as_deref());
            programs.push(i32::try_from(a.op.program.0).unwrap_or(i32::MAX));
        }
        // The files the batch changed, as it left them, with their decider state.
        let mut files = Vec::new();
        let mut statuses = Vec::new();
        let mut status_ops = Vec::new();
        let mut assigned = Vec::new();
        let mut assigned_seqs: Vec<Option<i64>> = Vec::new();
        let mut assigned_ops: Vec<Option<Uuid>> = Vec::new();
        let mut states: Vec<Vec<u8>> = Vec::new();
        let mut projected: Vec<(Uuid, &decider::FileState)> = Vec::new();
        for (id, case) in self.cases.iter().filter(|(_, c)| c.changed) {
            let Some(state) = &case.state else { continue };
            files.push(*id);
            projected.push((*id, state));
            statuses.push(state.status.code());
            status_ops.push(state.status_op.0);
            assigned.push(state.assigned_to.as_ref().map(|u| u.0.as_str()));
            states.push(serde_json::to_vec(state).map_err(ApiError::internal)?);
            match case.assigned_seq {
                Seq::Stored(seq) => {
                    assigned_seqs.push(Some(seq));
                    assigned_ops.push(None);
                }
                Seq::Batch(i) => {
                    assigned_seqs.push(None);
                    assigned_ops.push(Some(ids[i]));
                }
            }
        }

        let lock = tx
            .prepare_cached("SELECT pg_advisory_xact_lock($1)")
            .await?;
        let insert = tx
            .prepare_cached(
                "INSERT INTO operations (id, case_id, kind, change, author, author_role, hlc, revoked_from,
                                         pushed_by, program_version)
                 SELECT id, case_id, kind, change, author, author_role, hlc, revoked_from, $9, program_version
                   FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::jsonb[], $5::text[],
                               $6::text[], $7::text[], $8::text[], $10::int4[])
                        WITH ORDINALITY AS u(id, case_id, kind, change, author, author_role, hlc, revoked_from,
                                             program_version, ord)
                  ORDER BY ord
                 RETURNING id, seq",
            )
            .await?;
        let update = tx
            .prepare_cached(
                "UPDATE cases c
                    SET status = u.status, status_op = u.status_op, assigned_to = u.assigned_to,
                        assigned_seq = COALESCE(u.assigned_seq,
                                                (SELECT o.seq FROM operations o WHERE o.id = u.assigned_op)),
                        state = u.state, state_version = $8
                   FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::int8[], $6::uuid[],
                               $7::bytea[])
                        AS u(id, status, status_op, assigned_to, assigned_seq, assigned_op, state)
                  WHERE c.id = u.id",
            )
            .await?;
        let update_files = async {
            if files.is_empty() {
                return Ok(0);
            }
            let n = tx
                .execute(
                    &update,
                    &[
                        &files,
                        &statuses,
                        &status_ops,
                        &assigned,
                        &assigned_seqs,
                        &assigned_ops,
                        &states,
                        &decider::STATE_VERSION,
                    ],
                )
                .await?;
            // The figures' projection, written with the state it comes from.
            crate::supervision::projection::write(tx, &projected).await?;
            Ok::<u64, ApiError>(n)
        };
        let operations: [&(dyn ToSql + Sync); 10] = [
            &ids,
            &case_ids,
            &kinds,
            &changes,
            &authors,
            &roles,
            &hlcs,
            &revoked,
            &self.pusher.name.0,
            &programs,
        ];
        // All three answers are awaited, and read in the statements' order: when the insert
        // fails, the update behind it fails too ("transaction aborted"), and which of the
        // two errors arrives first to a `try_join` is not the order they were sent in.
        let (locked, inserted, updated) = tokio::join!(
            tx.execute(&lock, &[&LOG_LOCK]),
            tx.query(&insert, &operations),
            update_files,
        );
        locked?;
        let rows = match inserted {
            Ok(rows) => rows,
            // Stored by a concurrent push since we read: the transaction is aborted and
            // the batch runs again (a plain insert costs less than `ON CONFLICT` here).
            Err(e) if stored_meanwhile(&e) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        updated?;
        if rows.len() != n {
            return Ok(None);
        }
        let by_id: HashMap<Uuid, i64> = rows
            .iter()
            .map(|r| (r.get::<_, Uuid>(0), r.get::<_, i64>(1)))
            .collect();
        let mut seqs = Vec::with_capacity(n);
        for id in &ids {
            let seq = *by_id
                .get(id)
                .ok_or_else(|| ApiError::internal(format!("operation {id} was not stored")))?;
            if seqs.last().is_some_and(|last| *last >= seq) {
                return Err(ApiError::internal(
                    "sequence numbers out of acceptance order",
                ));
            }
            seqs.push(seq);
        }
        Ok(Some(seqs))
    }
}
