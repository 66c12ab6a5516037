//! Opening the store and the single write path. A [`Store`] owns one SQLite connection
//! configured for durability (WAL, `synchronous=FULL`, foreign keys, busy timeout), brings
//! the schema up to date or refuses a newer one, and exposes [`Store::apply`], the only way
//! anything is written: one transaction that applies a checked change and appends exactly
//! one operation.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{NaiveDate, Utc};
use program::{Clock, SystemClock, montreal_date};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::blobs::{BlobStore, sync_dir};
use crate::hlc::Hlc;
use crate::ids::{Actor, CaseId, OperationId};
use crate::migrations;
use crate::ops::{Change, Operation, SyncState};
use crate::{StoreError, StoreFile, StoreKey, apply};

/// How hard a write waits for the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Every committed change survives a power cut (`synchronous=FULL`). The default.
    Full,
    /// For filling a new store with demo data only: faster, not power-cut safe.
    Bulk,
}

/// The officer's local store.
#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
    blobs: BlobStore,
    clock: Arc<dyn Clock>,
    node: u64,
    /// The program definition versions (see `write::programs`).
    pub(crate) programs: std::sync::RwLock<Arc<program::ProgramVersions>>,
}

/// Where the app keeps its store when no path is given: `$DOSSIER_STORE`, or
/// `<platform local data dir>/dossier/dossier.db`: `~/.local/share` (or
/// `$XDG_DATA_HOME`) on Linux, `~/Library/Application Support` on macOS, `%LOCALAPPDATA%`
/// on Windows (not the roaming profile: the store and its documents stay on this
/// computer). Its documents sit beside it (`<db>.blobs`).
pub fn default_store_path() -> Result<PathBuf, StoreError> {
    if let Some(p) = std::env::var_os("DOSSIER_STORE") {
        return Ok(PathBuf::from(p));
    }
    dirs::data_local_dir()
        .map(|d| d.join("dossier").join("dossier.db"))
        .ok_or_else(|| {
            StoreError::Invalid("this system has no data directory; set DOSSIER_STORE".into())
        })
}

impl Store {
    /// Opens (or creates) the store at `path`, encrypted with `key`, with the system clock.
    pub fn open(path: &Path, key: &StoreKey) -> Result<Self, StoreError> {
        Self::open_with_clock(path, key, Arc::new(SystemClock))
    }

    /// Opens (or creates) the store at `path`, encrypted with `key`; "now" comes from
    /// `clock`. A plain store from before encryption is encrypted in place first; a store
    /// encrypted with another key is refused ([`StoreError::WrongKey`]).
    pub fn open_with_clock(
        path: &Path,
        key: &StoreKey,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, StoreError> {
        sqlcipher_ready();
        if let Some(dir) = parent(path) {
            std::fs::create_dir_all(dir).map_err(StoreError::io_at(dir))?;
        }
        let blobs = BlobStore::new(with_suffix(path, ".blobs"), key.clone());
        if StoreFile::inspect(path)? == StoreFile::Plain {
            encrypt_plain_store(path, key, &blobs)?;
        }
        let open_err = StoreError::open_at(path);
        let mut conn = Connection::open(path).map_err(open_err)?;
        unlock(&conn, key, path)?;
        configure(&conn).map_err(open_err)?;
        let found: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(open_err)?;
        if found > migrations::latest_version() {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found,
                known: migrations::latest_version(),
            });
        }
        migrations::migrations()
            .to_latest(&mut conn)
            .map_err(|e| StoreError::Migration(e.to_string()))?;
        let node = node_id(&conn)?;
        let programs = crate::write::programs::load(&conn)?;
        crate::state::refold_stale(&conn, &programs)?;
        Ok(Self {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
            blobs,
            clock,
            node,
            programs: std::sync::RwLock::new(Arc::new(programs)),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn blobs(&self) -> &BlobStore {
        &self.blobs
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// Today's date in Québec, by this store's clock.
    pub fn today(&self) -> NaiveDate {
        montreal_date(self.clock.now())
    }

    pub fn set_durability(&self, durability: Durability) -> Result<(), StoreError> {
        let mode = match durability {
            Durability::Full => "FULL",
            Durability::Bulk => "OFF",
        };
        self.conn()?.pragma_update(None, "synchronous", mode)?;
        Ok(())
    }

    pub(crate) fn conn(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        // A panic while holding the lock cannot leave a transaction half-done (SQLite rolls
        // it back when the transaction is dropped), so the connection is still usable.
        Ok(self.conn.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// The one write path: checks `change` against the rules and the file's state, applies
    /// it to the tables and appends exactly one operation, all in one transaction.
    pub fn apply(
        &self,
        actor: &Actor,
        case_id: CaseId,
        change: Change,
    ) -> Result<Operation, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let op = self.write(&tx, actor, case_id, change)?;
        set_last_hlc(&tx, op.hlc)?;
        tx.commit()?;
        Ok(op)
    }

    /// Does what [`Store::apply`] does (the same checks, table changes and operation),
    /// lets `read` look at the store as the change leaves it, then rolls everything back:
    /// nothing of the change stays. For showing what a step would do before it is done.
    pub(crate) fn rehearse<T>(
        &self,
        actor: &Actor,
        case_id: CaseId,
        change: Change,
        read: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        self.write(&tx, actor, case_id, change)?;
        let result = read(&tx);
        tx.rollback()?;
        result
    }

    /// The body of the one write path: stamps `change` as the next operation, checks and
    /// applies it to the tables and records it in the log, inside `tx`.
    fn write(
        &self,
        tx: &rusqlite::Transaction<'_>,
        actor: &Actor,
        case_id: CaseId,
        change: Change,
    ) -> Result<Operation, StoreError> {
        let last = last_hlc(tx)?;
        let now = self.clock.now();
        let hlc = Hlc::tick(
            last,
            u64::try_from(now.timestamp_millis()).unwrap_or(0),
            self.node,
        );
        let programs = self.programs();
        let op = Operation {
            id: OperationId::new(),
            case_id,
            change,
            author: actor.clone(),
            hlc,
            program: programs.in_force_at(now).id,
            sync_state: SyncState::Pending,
        };
        apply::apply_change(tx, &programs, &op)?;
        crate::sync::record_operation(tx, &op, crate::sync::Origin::Local, None)?;
        Ok(op)
    }

    /// Every operation of one file, oldest first (the file's history).
    pub fn operations(&self, case_id: CaseId) -> Result<Vec<Operation>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT id, case_id, payload, author, author_role, hlc, sync_state, program_version
             FROM operations WHERE case_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([case_id], read_operation)?;
        rows.map(|r| r.map_err(StoreError::from).and_then(|r| r))
            .collect()
    }

    /// How many operations the log holds in all.
    pub fn operation_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn()?
            .query_row("SELECT count(*) FROM operations", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// How many files the store holds.
    pub fn case_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn()?
            .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`: `Ok` when both find nothing.
    pub fn check_integrity(&self) -> Result<(), StoreError> {
        let conn = self.conn()?;
        let result: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if result != "ok" {
            return Err(StoreError::Corrupt(result));
        }
        let fk: Option<String> = conn
            .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
            .optional()?;
        if let Some(table) = fk {
            return Err(StoreError::Corrupt(format!(
                "a row of {table} points at a missing row"
            )));
        }
        Ok(())
    }

    /// Folds the write-ahead log into the database file (e.g. before copying it).
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn()?
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }

    /// The time now by this store's clock.
    pub fn now(&self) -> chrono::DateTime<Utc> {
        self.clock.now()
    }

    /// This store's node id in the hybrid logical clock.
    pub(crate) fn node(&self) -> u64 {
        self.node
    }
}

/// The last clock reading this store issued or observed.
pub(crate) fn last_hlc(conn: &Connection) -> Result<Hlc, StoreError> {
    let last: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'last_hlc'", [], |r| {
            r.get(0)
        })
        .optional()?;
    match last {
        Some(s) => s.parse().map_err(StoreError::Corrupt),
        None => Ok(Hlc::ZERO),
    }
}

pub(crate) fn set_last_hlc(conn: &Connection, hlc: Hlc) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('last_hlc', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [hlc.to_string()],
    )?;
    Ok(())
}

/// Gives SQLCipher the key, then reads the schema: that first read is where a wrong key
/// (or a file that is not a store) shows, as "not a database".
/// Waits, once per process, until SQLCipher is set up. SQLite marks itself initialised
/// before it runs SQLCipher's own setup (`SQLITE_EXTRA_INIT`) outside its lock, so a second
/// thread opening a database at that moment found SQLite ready but SQLCipher not, and its
/// `PRAGMA key` failed ("sqlcipher not initialized"; seen when stores were opened on
/// several threads at once). The first open runs alone; every later one finds it done.
fn sqlcipher_ready() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        // Opening any connection runs SQLite's initialisation, SQLCipher's with it.
        let _ = Connection::open_in_memory();
    });
}

fn unlock(conn: &Connection, key: &StoreKey, path: &Path) -> Result<(), StoreError> {
    let open_err = StoreError::open_at(path);
    conn.execute_batch(&key.sqlcipher_statement())
        .map_err(open_err)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            Err(StoreError::WrongKey {
                path: path.to_path_buf(),
            })
        }
        Err(e) => Err(open_err(e)),
    }
}

/// Encrypts a plain store (from a version before encryption) in place: its documents
/// first (each sealed before its plain file is removed), then the database, exported into
/// an encrypted copy (`sqlcipher_export`) that replaces the original by an atomic rename.
/// Interrupted at any point, the next open finishes the job and loses nothing.
fn encrypt_plain_store(path: &Path, key: &StoreKey, blobs: &BlobStore) -> Result<(), StoreError> {
    let open_err = StoreError::open_at(path);
    let io = StoreError::io_at;
    blobs.seal_plain_files()?;
    let copy = with_suffix(path, ".encrypting");
    if copy.exists() {
        std::fs::remove_file(&copy).map_err(io(&copy))?;
    }
    {
        let plain = Connection::open(path).map_err(open_err)?;
        plain
            .busy_timeout(Duration::from_secs(5))
            .map_err(open_err)?;
        // Everything in the write-ahead log goes into the main file first.
        plain
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(open_err)?;
        let version: i64 = plain
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(open_err)?;
        let copy_name = copy.to_str().ok_or_else(|| {
            StoreError::Invalid(format!("the store path {} is not UTF-8", path.display()))
        })?;
        plain
            .execute(
                &format!(
                    "ATTACH DATABASE ?1 AS encrypted KEY {}",
                    key.sqlcipher_literal().as_str()
                ),
                [copy_name],
            )
            .map_err(open_err)?;
        plain
            .query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))
            .map_err(open_err)?;
        plain
            .pragma_update(Some("encrypted"), "user_version", version)
            .map_err(open_err)?;
        plain
            .execute_batch("DETACH DATABASE encrypted")
            .map_err(open_err)?;
    }
    std::fs::File::open(&copy)
        .and_then(|f| f.sync_all())
        .map_err(io(&copy))?;
    for leftover in [with_suffix(path, "-wal"), with_suffix(path, "-shm")] {
        match std::fs::remove_file(&leftover) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&leftover)(e)),
        }
    }
    std::fs::rename(&copy, path).map_err(io(path))?;
    if let Some(dir) = parent(path) {
        sync_dir(dir);
    }
    Ok(())
}

/// The folder a store file is in, unless it is the current one.
fn parent(path: &Path) -> Option<&Path> {
    path.parent().filter(|d| !d.as_os_str().is_empty())
}

/// `path` with `suffix` appended to its file name (`dossier.db` → `dossier.db-wal`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Sorts and temporary tables stay in memory: a temporary file would not be encrypted.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // 32 MiB of page cache (SQLite's default is 2 MiB). Counting one stream's queue at
    // 100,000 files walks ~2 MiB of index; with the default cache that walk evicted its
    // own pages and every page of the queue was read again from the OS each time.
    conn.pragma_update(None, "cache_size", -32_768)?;
    // Every statement of the write path is prepared once per connection (parsing SQL
    // was a tenth of a sync round's CPU); 256 holds all of them.
    conn.set_prepared_statement_cache_capacity(256);
    Ok(())
}

fn node_id(conn: &Connection) -> Result<u64, StoreError> {
    let found: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'node'", [], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(s) = found {
        return u64::from_str_radix(&s, 16)
            .map_err(|_| StoreError::Corrupt(format!("node id {s:?}")));
    }
    // The low half of a UUIDv7 is random: a node id unlikely to collide with another store's.
    let node = uuid::Uuid::now_v7().as_u64_pair().1;
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('node', ?1)",
        [format!("{node:016x}")],
    )?;
    Ok(node)
}

/// The log of file `case` in the order every replica agrees on: the server's operations
/// in the server's order, then the pending ones in the order they were made; rejected
/// ones left out. What a file's rows and state are built from.
pub(crate) fn file_log(conn: &Connection, case: CaseId) -> Result<Vec<Operation>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, case_id, payload, author, author_role, hlc, sync_state, program_version
         FROM operations WHERE case_id = ?1 AND sync_state != 'rejected'
         ORDER BY server_seq IS NULL, server_seq, seq",
    )?;
    let rows = stmt.query_map([case], read_operation)?;
    rows.map(|r| r.map_err(StoreError::from).and_then(|r| r))
        .collect()
}

pub(crate) fn read_operation(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<Result<Operation, StoreError>> {
    let payload: String = r.get(2)?;
    let role: String = r.get(4)?;
    let hlc: String = r.get(5)?;
    let state: String = r.get(6)?;
    let id = r.get(0)?;
    let case_id = r.get(1)?;
    let user: String = r.get(3)?;
    let program_version: u32 = r.get("program_version")?;
    Ok((|| {
        Ok(Operation {
            id,
            case_id,
            change: serde_json::from_str(&payload)?,
            author: Actor {
                user: crate::ids::UserId(user),
                role: match role.as_str() {
                    "supervisor" => crate::ids::Role::Supervisor,
                    _ => crate::ids::Role::Officer,
                },
            },
            hlc: hlc.parse().map_err(StoreError::Corrupt)?,
            program: program::ProgramVersionId(program_version),
            sync_state: SyncState::from_code(&state)
                .ok_or_else(|| StoreError::Corrupt(format!("sync state {state:?}")))?,
        })
    })())
}

impl Store {
    /// How many documents the store's files hold.
    pub fn document_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn()?
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}
