//! Real parts for tests that need the central server, shared by the crates whose tests
//! talk to it (`server`, `syncer`): a PostgreSQL to talk to, a fresh database
//! per test, the real `dossier-server` binary as a process, and builders for operations.
//!
//! PostgreSQL: `DOSSIER_TEST_DATABASE_URL` (a role allowed to CREATE DATABASE), or else a
//! throwaway cluster started once per test binary with `initdb` + `pg_ctl` from the
//! newest `/usr/lib/postgresql/<version>/bin` (or `DOSSIER_TEST_PG_BIN`), listening only
//! on a unix socket inside its temp dir. initdb refuses to run as root, so as root the
//! cluster belongs to the unprivileged `postgres` user (Debian's `postgresql` package
//! creates it) and its commands run through `runuser`. A watchdog process stops the
//! cluster and removes its directory when the test binary exits, however it exits.
//!
//! The server binary: `DOSSIER_SERVER_BIN`, else `dossier-server` in the target directory
//! of the running test (`cargo test --workspace` builds it; alone, run
//! `cargo build -p server` first).
//!
//! An S3-compatible bucket for the server's S3 backend: [`S3Bucket`] (moto's server).
//! Portal bundles on disk, for intake: [`bundles`].

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{NaiveDate, TimeZone, Utc};
use oplog::Change;
use oplog::hlc::Hlc;
use oplog::ids::{Actor, CaseId, NoteId, OperationId, PersonId};
use oplog::ops::NewPerson;
use program::{Language, PersonRole, Profile, Stream};
use sync::WireOperation;

pub mod bundles;
mod s3;
pub use s3::S3Bucket;

pub const PASSWORD: &str = "correct horse battery";

/// Where the PostgreSQL of this test binary is, as connection settings without a dbname.
struct Postgres {
    /// `key=value` settings (host, port, user, password), without `dbname`.
    settings: String,
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

fn user_ids(name: &str) -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let f: Vec<&str> = line.split(':').collect();
        (f.len() > 3 && f[0] == name).then(|| Some((f[2].parse().ok()?, f[3].parse().ok()?)))?
    })
}

fn pg_bin() -> PathBuf {
    if let Some(dir) = std::env::var_os("DOSSIER_TEST_PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, b)| b).unwrap_or_else(|| {
        panic!(
            "no PostgreSQL found under /usr/lib/postgresql/*/bin: install Debian's `postgresql` \
             package, set DOSSIER_TEST_PG_BIN, or set DOSSIER_TEST_DATABASE_URL"
        )
    })
}

/// A command that runs as the cluster's owner.
fn as_owner(bin: &Path, program: &str, owner: Option<&str>) -> Command {
    match owner {
        Some(user) => {
            let mut c = Command::new("runuser");
            c.arg("-u").arg(user).arg("--").arg(bin.join(program));
            c
        }
        None => Command::new(bin.join(program)),
    }
}

fn run_ok(mut cmd: Command, what: &str) {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn start_cluster() -> Postgres {
    let bin = pg_bin();
    let owner = if is_root() {
        if user_ids("postgres").is_none() {
            panic!(
                "running as root, and initdb refuses root: create the unprivileged user \
                 `postgres` (Debian's postgresql package does), or set DOSSIER_TEST_DATABASE_URL"
            );
        }
        Some("postgres")
    } else {
        None
    };
    let dir = tempfile::Builder::new()
        .prefix("dossier-pg-")
        .tempdir()
        .expect("temp dir for PostgreSQL")
        .keep();
    if let Some(user) = owner {
        let (uid, gid) = user_ids(user).expect("postgres user ids");
        std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).expect("chown the cluster dir");
    }
    let data = dir.join("data");
    let mut initdb = as_owner(&bin, "initdb", owner);
    initdb
        .arg("-D")
        .arg(&data)
        .args([
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--no-instructions",
        ])
        .env("LC_ALL", "C");
    run_ok(initdb, "initdb");
    let options = format!(
        "-k {} -c listen_addresses='' -p 5432 -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off -c max_connections=300",
        dir.display()
    );
    let mut pg_ctl = as_owner(&bin, "pg_ctl", owner);
    pg_ctl
        .arg("-D")
        .arg(&data)
        .arg("-l")
        .arg(dir.join("log"))
        .arg("-o")
        .arg(&options)
        .args(["-w", "-t", "60", "start"]);
    run_ok(pg_ctl, "pg_ctl start");

    // The watchdog: when this test process is gone, stop the cluster and remove it.
    let stop = match owner {
        Some(u) => format!(
            "runuser -u {u} -- {} -D {} -m immediate stop",
            bin.join("pg_ctl").display(),
            data.display()
        ),
        None => format!(
            "{} -D {} -m immediate stop",
            bin.join("pg_ctl").display(),
            data.display()
        ),
    };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; {stop} >/dev/null 2>&1; rm -rf {dir}",
        pid = std::process::id(),
        dir = dir.display()
    );
    // Deliberately not waited for: it must outlive this process.
    #[allow(clippy::zombie_processes)]
    let _watchdog = Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting the cluster watchdog");

    Postgres {
        settings: format!("host={} port=5432 user=postgres", dir.display()),
    }
}

fn from_url(url: &str) -> Postgres {
    let config: tokio_postgres::Config = url.parse().expect("DOSSIER_TEST_DATABASE_URL");
    let mut s = String::new();
    if let Some(host) = config.get_hosts().first() {
        match host {
            tokio_postgres::config::Host::Tcp(h) => s.push_str(&format!("host={h} ")),
            tokio_postgres::config::Host::Unix(p) => s.push_str(&format!("host={} ", p.display())),
        }
    }
    if let Some(port) = config.get_ports().first() {
        s.push_str(&format!("port={port} "));
    }
    if let Some(user) = config.get_user() {
        s.push_str(&format!("user={user} "));
    }
    if let Some(pw) = config.get_password() {
        s.push_str(&format!("password='{}' ", String::from_utf8_lossy(pw)));
    }
    Postgres {
        settings: s.trim().to_owned(),
    }
}

fn postgres() -> &'static Postgres {
    static PG: OnceLock<Postgres> = OnceLock::new();
    PG.get_or_init(|| match std::env::var("DOSSIER_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => from_url(&url),
        _ => start_cluster(),
    })
}

/// A database of its own for one test.
#[derive(Debug, Clone)]
pub struct TestDb {
    pub conninfo: String,
}

impl TestDb {
    pub async fn new() -> Self {
        let pg = postgres();
        let name = format!("t_{:016x}", rand::random::<u64>());
        let admin = connect(&format!("{} dbname=postgres", pg.settings)).await;
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .expect("CREATE DATABASE");
        Self {
            conninfo: format!("{} dbname={name}", pg.settings),
        }
    }

    pub async fn client(&self) -> tokio_postgres::Client {
        connect(&self.conninfo).await
    }

    /// The connection settings without the database, and the database's name.
    fn split(&self) -> (&str, &str) {
        self.conninfo
            .rsplit_once(" dbname=")
            .expect("a conninfo made by TestDb::new")
    }

    /// A backup of this database as an administrator takes one: `pg_dump` in its custom
    /// format, into `path`.
    pub fn dump(&self, path: &Path) {
        let mut cmd = Command::new(pg_bin().join("pg_dump"));
        cmd.args(["--format=custom", "--no-owner", "--file"])
            .arg(path)
            .arg("--dbname")
            .arg(&self.conninfo);
        run_ok(cmd, "pg_dump");
    }

    /// Restores a backup made by [`TestDb::dump`] as an administrator does after losing
    /// the database: drops it (closing every connection), creates it again, and
    /// `pg_restore`s the backup into it.
    pub async fn restore(&self, path: &Path) {
        let (settings, name) = self.split();
        let admin = connect(&format!("{settings} dbname=postgres")).await;
        for sql in [
            format!("DROP DATABASE {name} WITH (FORCE)"),
            format!("CREATE DATABASE {name}"),
        ] {
            admin.batch_execute(&sql).await.expect(&sql);
        }
        let mut cmd = Command::new(pg_bin().join("pg_restore"));
        cmd.args(["--no-owner", "--exit-on-error", "--dbname"])
            .arg(&self.conninfo)
            .arg(path);
        run_ok(cmd, "pg_restore");
    }

    pub async fn count(&self, sql: &str) -> i64 {
        self.client()
            .await
            .query_one(sql, &[])
            .await
            .expect(sql)
            .get(0)
    }
}

async fn connect(conninfo: &str) -> tokio_postgres::Client {
    let (client, conn) = tokio_postgres::connect(conninfo, tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("connecting to {conninfo}: {e}"));
    tokio::spawn(async move {
        let _ = conn.await;
    });
    client
}

/// The real `dossier-server` process, on a free port, with its own blob directories.
#[derive(Debug)]
pub struct Server {
    child: Option<Child>,
    pub url: String,
    pub db: TestDb,
    pub dir: PathBuf,
    _temp: tempfile::TempDir,
    extra_env: Vec<(String, String)>,
}

impl Server {
    /// Migrates a fresh database, adds the users `sam` (supervisor), `ana` and `bob`
    /// (officers), and starts serving.
    pub async fn start() -> Self {
        Self::start_with(&[]).await
    }

    pub async fn start_with(extra_env: &[(&str, &str)]) -> Self {
        let db = TestDb::new().await;
        let temp = tempfile::tempdir().expect("server temp dir");
        let mut server = Server {
            child: None,
            url: String::new(),
            db,
            dir: temp.path().to_path_buf(),
            _temp: temp,
            extra_env: extra_env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        };
        server.admin_ok(&["migrate"], None);
        server.admin_ok(
            &["user", "add", "--name", "sam", "--role", "supervisor"],
            None,
        );
        server.admin_ok(&["user", "add", "--name", "ana", "--role", "officer"], None);
        server.admin_ok(&["user", "add", "--name", "bob", "--role", "officer"], None);
        server.spawn();
        server
    }

    /// `dossier-server` with this server's configuration in its environment.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(server_binary());
        for (k, _) in std::env::vars() {
            if k.starts_with("DOSSIER_SERVER_") {
                cmd.env_remove(k);
            }
        }
        cmd.env("DOSSIER_SERVER_LISTEN", "127.0.0.1:0")
            .env("DOSSIER_SERVER_LOG", "warn")
            .env("DOSSIER_SERVER_DATABASE_URL", &self.db.conninfo)
            .env("DOSSIER_SERVER_DATABASE_MAX_CONNECTIONS", "8")
            .env("DOSSIER_SERVER_BLOBS_PATH", self.dir.join("blobs"))
            .env("DOSSIER_SERVER_BLOBS_STAGING", self.dir.join("uploads"))
            .env("DOSSIER_SERVER_PASSWORD", PASSWORD)
            .env_remove("RUST_LOG");
        for (k, v) in &self.extra_env {
            cmd.env(k, v);
        }
        cmd
    }

    /// Runs an administrator's subcommand against this server's database.
    pub fn admin(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut cmd = self.command();
        cmd.args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if stdin.is_some() {
            cmd.env_remove("DOSSIER_SERVER_PASSWORD");
        }
        let mut child = cmd.spawn().expect("dossier-server");
        if let Some(text) = stdin {
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(text.as_bytes())
                .expect("write stdin");
        } else {
            drop(child.stdin.take());
        }
        child.wait_with_output().expect("dossier-server output")
    }

    pub fn admin_ok(&self, args: &[&str], stdin: Option<&str>) -> String {
        let out = self.admin(args, stdin);
        assert!(
            out.status.success(),
            "dossier-server {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Starts `serve` and waits for it to announce its address.
    pub fn spawn(&mut self) {
        let log = std::fs::File::create(self.dir.join("server.log")).expect("log file");
        let mut child = self
            .command()
            .arg("serve")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("starting dossier-server serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("reading the server's announcement");
        let Some(url) = line.trim().strip_prefix("dossier-server listening on ") else {
            let _ = child.kill();
            panic!(
                "the server did not start: {line:?}\n{}",
                std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
            );
        };
        self.url = url.to_owned();
        self.child = Some(child);
    }

    /// SIGKILL: no shutdown, no flush, as in a crash.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts serving again after [`Server::kill`], on the same address, so clients that
    /// knew the server find it again.
    pub fn start_again(&mut self) {
        let addr = self
            .url
            .trim_start_matches("http://")
            .trim_start_matches("https://")
            .to_owned();
        self.extra_env.retain(|(k, _)| k != "DOSSIER_SERVER_LISTEN");
        self.extra_env
            .push(("DOSSIER_SERVER_LISTEN".to_owned(), addr));
        self.spawn();
    }

    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }

    pub fn client(&self) -> sync::Client {
        sync::Client::new(&self.url).expect("client")
    }

    pub async fn signed_in(&self, user: &str) -> sync::Client {
        let mut c = self.client();
        c.login(user, PASSWORD).await.expect("login");
        c
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
        // A failing test shows what the server logged (its log dies with the temp dir).
        if std::thread::panicking() {
            let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
            eprintln!("--- dossier-server log ---\n{log}--- end of the server log ---");
        }
    }
}

/// The `dossier-server` executable these tests run.
pub fn server_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("DOSSIER_SERVER_BIN") {
        return PathBuf::from(p);
    }
    // A test runs as target/<profile>/deps/<name>-<hash>; the binary is in target/<profile>.
    let exe = std::env::current_exe().expect("the test's own path");
    let found = exe
        .ancestors()
        .skip(1)
        .take(3)
        .map(|d| d.join("dossier-server"))
        .find(|p| p.is_file());
    found.unwrap_or_else(|| {
        panic!(
            "dossier-server was not found beside {}: run `cargo build -p server` (or \
             `cargo test --workspace`, which builds it), or set DOSSIER_SERVER_BIN",
            exe.display()
        )
    })
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A clock reading for a test operation: increasing within the test binary.
pub fn hlc(node: u64) -> Hlc {
    Hlc {
        wall_ms: 1_750_000_000_000,
        counter: COUNTER.fetch_add(1, Ordering::Relaxed),
        node,
    }
}

pub fn op(author: Actor, case_id: CaseId, change: Change) -> WireOperation {
    WireOperation {
        id: OperationId::new(),
        case_id,
        change,
        author,
        hlc: hlc(1),
        program: program::ProgramVersionId::BUILTIN,
    }
}

/// A file received inside the window, its principal applicant Marie Tremblay (the
/// change alone, for a laptop's store or a wire operation).
pub fn case_received(file_number: &str) -> Change {
    Change::CaseReceived {
        file_number: file_number.to_owned(),
        stream: Stream::Ai,
        profile: Profile::Regular,
        received_at: Utc.with_ymd_and_hms(2024, 1, 10, 15, 0, 0).unwrap(),
        language: Language::Fr,
        persons: vec![NewPerson {
            id: PersonId::new(),
            role: PersonRole::PrincipalApplicant,
            family_name: "Tremblay".into(),
            given_names: "Marie".into(),
            date_of_birth: NaiveDate::from_ymd_opt(1990, 5, 1).unwrap(),
            attestation_held: false,
        }],
        representative: None,
    }
}

/// A note with a fresh id (the change alone).
pub fn note_added(body: &str) -> Change {
    Change::NoteAdded {
        note_id: NoteId::new(),
        body: body.to_owned(),
    }
}

/// A `case_received` by the supervisor `sam`, with a fresh case id.
pub fn received(file_number: &str) -> WireOperation {
    op(
        Actor::supervisor("sam"),
        CaseId::new(),
        case_received(file_number),
    )
}

pub fn assigned(case_id: CaseId, to: &str) -> WireOperation {
    op(
        Actor::supervisor("sam"),
        case_id,
        Change::CaseAssigned {
            officer: oplog::ids::UserId(to.to_owned()),
        },
    )
}

pub fn note(author: Actor, case_id: CaseId, body: &str) -> WireOperation {
    op(author, case_id, note_added(body))
}

/// `n` files received by `client` (a supervisor), unassigned, numbered
/// `<prefix>-000000`… and each received a minute after the previous; returns their ids.
pub async fn receive_files(client: &sync::Client, prefix: &str, n: usize) -> Vec<CaseId> {
    let ops: Vec<_> = (0..n)
        .map(|i| {
            let mut op = received(&format!("{prefix}-{i:06}"));
            if let Change::CaseReceived { received_at, .. } = &mut op.change {
                *received_at += chrono::Duration::minutes(i64::try_from(i).unwrap_or(0));
            }
            op
        })
        .collect();
    push_ok(client, &ops).await;
    ops.iter().map(|o| o.case_id).collect()
}

/// Pushes and expects every operation to be accepted; returns their sequence numbers.
pub async fn push_ok(client: &sync::Client, ops: &[WireOperation]) -> Vec<i64> {
    let results = client.push(ops).await.expect("push");
    results
        .iter()
        .map(|r| match &r.outcome {
            sync::PushOutcome::Accepted { seq } => *seq,
            other => panic!("operation {} not accepted: {other:?}", r.id),
        })
        .collect()
}

/// A supervisor creates a file and assigns it to `officer`; returns its id.
pub async fn file_assigned_to(sam: &sync::Client, file_number: &str, officer: &str) -> CaseId {
    let r = received(file_number);
    let case = r.case_id;
    push_ok(sam, &[r, assigned(case, officer)]).await;
    case
}

/// The instant of every operation [`op`] builds (its clock, [`hlc`]).
pub fn op_instant() -> chrono::DateTime<Utc> {
    chrono::DateTime::from_timestamp_millis(hlc(0).wall_ms as i64).unwrap_or_default()
}

/// Uploads a small document of its own (unique to `case`) as `client`'s user; returns
/// its hash and size, for a `document_added` that user may push.
pub async fn upload_document(client: &sync::Client, case: CaseId) -> (String, u64) {
    let bytes = format!("%PDF-1.4\n% a scan of file {case}\n%%EOF\n").into_bytes();
    let sha256 = sync::sha256_hex(&bytes);
    let size = bytes.len() as u64;
    client
        .upload_chunk(&sha256, 0, size, bytes)
        .await
        .expect("upload the document");
    (sha256, size)
}

/// The operations, by `author`, that make file `case` (received with `received`)
/// complete by the rules (A1) at [`op_instant`]: one document (uploaded here by
/// `client`), every checklist item the file owes received as that document, and the
/// fees paid. What a legitimate officer records before the file is admissible.
pub async fn completing(
    client: &sync::Client,
    author: Actor,
    case: CaseId,
    received: &Change,
) -> Vec<WireOperation> {
    use oplog::ids::{DocumentId, PaymentId};
    let receipt = op(author.clone(), case, received.clone()).to_operation();
    let def = program::ProgramDefinition::builtin();
    let state = decider::evolve(def, None, &receipt).expect("a received file");
    let today = program::montreal_date(op_instant());
    let (sha256, byte_size) = upload_document(client, case).await;
    let document_id = DocumentId::new();
    let mut ops = vec![op(
        author.clone(),
        case,
        Change::DocumentAdded {
            document_id,
            person_id: None,
            checklist_code: None,
            file_name: "dossier-complet.pdf".into(),
            sha256,
            byte_size,
            received_at: op_instant(),
            quality: None,
        },
    )];
    for item in state.required(def, today) {
        ops.push(op(
            author.clone(),
            case,
            Change::ChecklistItemReceived {
                code: item.code.clone(),
                person_id: item
                    .person
                    .as_ref()
                    .map(|k| PersonId::parse(k.as_str()).expect("a person id")),
                document_id,
            },
        ));
    }
    let due = state
        .fees(def)
        .due
        .expect("a fee schedule for the receipt date");
    ops.push(op(
        author,
        case,
        Change::PaymentRecorded {
            payment_id: PaymentId::new(),
            amount: due,
            paid_on: today,
            payer: program::fees::Payer::Applicant,
        },
    ));
    ops
}
