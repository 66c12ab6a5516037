//! A process killed with SIGKILL at a random moment leaves a store that opens, passes
//! `PRAGMA integrity_check` and is consistent. Many trials, each with its own seed: a
//! child process (this test binary again) works on a fresh store, mixing the store's
//! kinds of writes, and is killed: at a random time, just after it starts applying a
//! pulled batch of remote operations (`Store::apply_remote`, one transaction with file
//! rebuilds), or in the middle of a partial document download (`PartialDownload`).
//!
//! Each trial checks: every operation the child reported committed is in the log once;
//! a pulled batch is all there or not at all, and all there when the cursor saved after
//! it says so; acknowledgements reported are recorded; every change has its operation
//! and every operation its change (files, persons, documents, notes); no server
//! operation is left unapplied; a partial download resumes from at least what was kept
//! and becomes the right document; a finished one is whole; and the store takes a new
//! write. `DOSSIER_KILL_TRIALS` (default 10) and `DOSSIER_KILL_SEED` set the run.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use program::{Language, PersonRole, Profile, Stream};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use store::hlc::Hlc;
use store::ops::NewPerson;
use store::sync::{PushVerdict, RemoteOperation, SyncKey};
use store::{
    Actor, BlobStore, CaseId, Change, DocumentId, NoteId, Operation, OperationId, PersonId,
    SEGMENT_BYTES, Store, SyncState,
};

mod common;
use common::{key, raw};

const CHILD_ENV: &str = "DOSSIER_KILL_TEST_STORE";
const CHILD_SEED: &str = "DOSSIER_KILL_TEST_SEED";

fn received(number: String, name: &str) -> Change {
    Change::CaseReceived {
        file_number: number,
        stream: Stream::Ai,
        profile: Profile::Regular,
        received_at: Utc::now(),
        language: Language::En,
        persons: vec![NewPerson {
            id: PersonId::new(),
            role: PersonRole::PrincipalApplicant,
            family_name: "Writer".into(),
            given_names: name.into(),
            date_of_birth: NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
            attestation_held: false,
        }],
        representative: None,
    }
}

fn document(sha256: String, len: usize) -> Change {
    Change::DocumentAdded {
        document_id: DocumentId::new(),
        person_id: None,
        checklist_code: None,
        file_name: "x.pdf".into(),
        sha256,
        byte_size: len as u64,
        received_at: Utc::now(),
        quality: None,
    }
}

fn note(body: String) -> Change {
    Change::NoteAdded {
        note_id: NoteId::new(),
        body,
    }
}

/// The bytes of the child's `i`-th downloaded document (the parent makes them again).
fn download_bytes(seed: u64, i: u64) -> Vec<u8> {
    let mut rng = StdRng::seed_from_u64(seed ^ (i + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let len = rng.gen_range(SEGMENT_BYTES + SEGMENT_BYTES / 2..=3 * SEGMENT_BYTES + 1234);
    let mut bytes = vec![0u8; len];
    rng.fill(&mut bytes[..]);
    bytes
}

/// Not a test on its own: the body of the child process, which works until it is
/// killed and prints what it committed, line by line.
#[test]
fn child_writer() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let seed: u64 = std::env::var(CHILD_SEED).unwrap().parse().unwrap();
    let mut rng = StdRng::seed_from_u64(seed);
    let store = Store::open(std::path::Path::new(&path), &key()).unwrap();
    let me = Actor::supervisor("writer");
    let server = Actor::supervisor("sam");
    let mut seq = 0i64;
    // Files whose operations the server holds (remote ones, and local ones acknowledged).
    let mut on_server: Vec<CaseId> = Vec::new();
    let mut downloads = 0u64;
    for i in 0u64.. {
        match rng.gen_range(0..10) {
            // Local work: a file and its document.
            0..=3 => {
                let case = CaseId::new();
                let op = store
                    .apply(&me, case, received(format!("2024-AI-{i:06}"), "Local"))
                    .unwrap();
                println!("op {}", op.id);
                let bytes = format!("document {i}").into_bytes();
                let sha = store.blobs().put(&bytes).unwrap();
                let op = store.apply(&me, case, document(sha, bytes.len())).unwrap();
                println!("op {}", op.id);
            }
            // The server answers a push: the oldest pending operations acknowledged.
            4 => {
                let pending = store.pending_operations(rng.gen_range(1..6)).unwrap();
                let verdicts: Vec<_> = pending
                    .iter()
                    .map(|o| {
                        seq += 1;
                        (o.id, PushVerdict::Accepted { server_seq: seq })
                    })
                    .collect();
                store.record_push_results(&verdicts).unwrap();
                for o in &pending {
                    if matches!(o.change, Change::CaseReceived { .. }) {
                        on_server.push(o.case_id);
                    }
                }
                let ids: Vec<String> = pending.iter().map(|o| o.id.to_string()).collect();
                println!("acked {}", ids.join(","));
            }
            // A pulled page: new files from the server, and notes on files it holds
            // (some with local operations pending: those files are rebuilt).
            5..=7 => {
                let mut ops = Vec::new();
                let hlc = |n: u32| Hlc {
                    wall_ms: 1_750_000_000_000 + i,
                    counter: n,
                    node: 7,
                };
                for f in 0..rng.gen_range(1..4) {
                    let case = CaseId::new();
                    let n = ops.len() as u32;
                    ops.push(Operation {
                        id: OperationId::new(),
                        case_id: case,
                        change: received(format!("2024-AI-{:06}", 500_000 + i * 10 + f), "Remote"),
                        author: server.clone(),
                        hlc: hlc(n),
                        program: program::ProgramVersionId::BUILTIN,
                        sync_state: SyncState::Acknowledged,
                    });
                    on_server.push(case);
                }
                for _ in 0..rng.gen_range(10..60) {
                    let case = on_server[rng.gen_range(0..on_server.len())];
                    let n = ops.len() as u32;
                    let change = if rng.gen_bool(0.2) {
                        let bytes = format!("remote document {i} {n}").into_bytes();
                        document(BlobStore::hash(&bytes), bytes.len())
                    } else {
                        note(format!("remote note {i} {n}"))
                    };
                    ops.push(Operation {
                        id: OperationId::new(),
                        case_id: case,
                        change,
                        author: server.clone(),
                        hlc: hlc(n),
                        program: program::ProgramVersionId::BUILTIN,
                        sync_state: SyncState::Acknowledged,
                    });
                }
                let remote: Vec<RemoteOperation> = ops
                    .into_iter()
                    .map(|operation| {
                        seq += 1;
                        RemoteOperation {
                            server_seq: seq,
                            operation,
                        }
                    })
                    .collect();
                let ids: Vec<String> = remote.iter().map(|r| r.operation.id.to_string()).collect();
                println!("batch-start {seq} {}", ids.join(","));
                store.apply_remote(&remote).unwrap();
                println!("batch-done {seq}");
                store
                    .set_sync_value(SyncKey::Cursor, Some(&seq.to_string()))
                    .unwrap();
                println!("cursor {seq}");
            }
            // A document downloaded in pieces, sometimes stopped half-way (kept), and
            // resumed by a later download of the same.
            _ => {
                let d = if downloads > 0 && rng.gen_bool(0.3) {
                    rng.gen_range(0..downloads)
                } else {
                    downloads += 1;
                    downloads - 1
                };
                let bytes = download_bytes(seed, d);
                let sha = BlobStore::hash(&bytes);
                if store.blobs().contains(&sha) {
                    continue;
                }
                let mut partial = store.blobs().partial(&sha).unwrap();
                println!("partial-start {d} {}", partial.received());
                let stop = rng.gen_bool(0.4).then(|| rng.gen_range(1..bytes.len()));
                let mut at = partial.received() as usize;
                while at < bytes.len() {
                    let end = (at + rng.gen_range(1..200_000)).min(bytes.len());
                    if let Some(stop) = stop
                        && end >= stop
                    {
                        partial.append(&bytes[at..stop.max(at)]).unwrap();
                        partial.keep().unwrap();
                        println!("partial {d} {}", partial.kept());
                        break;
                    }
                    partial.append(&bytes[at..end]).unwrap();
                    println!("partial {d} {}", partial.kept());
                    at = end;
                }
                if at >= bytes.len() {
                    partial.finish(store.blobs()).unwrap();
                    println!("blob {d}");
                }
            }
        }
    }
}

/// How a trial chooses its moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Moment {
    Timer,
    InPulledBatch,
    InDownload,
}

/// What the child reported before it was killed.
#[derive(Debug, Default)]
struct Reported {
    ops: Vec<String>,
    acked: Vec<String>,
    /// Each batch's last sequence number, its ids, and whether it was reported applied.
    batches: BTreeMap<i64, (Vec<String>, bool)>,
    cursor: Option<i64>,
    /// Per download: the bytes reported kept on disk, and whether it finished.
    downloads: BTreeMap<u64, (u64, bool)>,
    /// The last line: where the child was when it died.
    last: String,
}

impl Reported {
    fn read(&mut self, line: &str) {
        let mut w = line.split(' ');
        match (w.next(), w.next(), w.next()) {
            (Some("op"), Some(id), _) => self.ops.push(id.to_owned()),
            (Some("acked"), Some(ids), _) => self
                .acked
                .extend(ids.split(',').filter(|s| !s.is_empty()).map(str::to_owned)),
            (Some("acked"), None, _) => {}
            (Some("batch-start"), Some(seq), Some(ids)) => {
                let ids = ids.split(',').map(str::to_owned).collect();
                self.batches
                    .insert(seq.parse::<i64>().unwrap(), (ids, false));
            }
            (Some("batch-done"), Some(seq), _) => {
                let seq: i64 = seq.parse().unwrap();
                let batch = self.batches.get_mut(&seq);
                batch
                    .unwrap_or_else(|| panic!("batch-done {seq} before its start: {:?}", self.last))
                    .1 = true;
            }
            (Some("cursor"), Some(seq), _) => self.cursor = Some(seq.parse().unwrap()),
            (Some("partial-start"), Some(d), Some(_)) => {
                self.downloads.entry(d.parse().unwrap()).or_default();
            }
            (Some("partial"), Some(d), Some(kept)) => {
                let e = self.downloads.entry(d.parse().unwrap()).or_default();
                e.0 = e.0.max(kept.parse().unwrap());
            }
            (Some("blob"), Some(d), _) => {
                self.downloads.entry(d.parse().unwrap()).or_default().1 = true;
            }
            _ => {}
        }
        self.last = line.to_owned();
    }
}

/// One trial: a child works on a fresh store and is killed; returns where it died.
fn trial(seed: u64) -> String {
    let mut rng = StdRng::seed_from_u64(seed);
    let moment = match rng.gen_range(0..3) {
        0 => Moment::Timer,
        1 => Moment::InPulledBatch,
        _ => Moment::InDownload,
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("killed.db");
    drop(Store::open(&path, &key()).unwrap());
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_writer", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, &path)
        .env(CHILD_SEED, seed.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, lines) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            // libtest prints the test's name before its first line of output.
            let line = line
                .strip_prefix("test child_writer ... ")
                .map(str::to_owned)
                .unwrap_or(line);
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut reported = Reported::default();
    // Some work first, so that later moments have something to break.
    let warm_up = Duration::from_millis(rng.gen_range(20..400));
    let started = Instant::now();
    let mut triggered = false;
    while !triggered {
        let line = lines
            .recv_timeout(Duration::from_secs(30))
            .expect("the writer stopped early");
        reported.read(&line);
        let warm = started.elapsed() >= warm_up;
        triggered = match moment {
            Moment::Timer => warm,
            Moment::InPulledBatch => warm && line.starts_with("batch-start"),
            Moment::InDownload => warm && line.starts_with("partial "),
        } || started.elapsed() > Duration::from_secs(8);
    }
    if moment != Moment::Timer {
        // Inside the batch's transaction or between two segments, at some point.
        std::thread::sleep(Duration::from_micros(rng.gen_range(0..20_000)));
    }
    child.kill().unwrap(); // SIGKILL: no destructor, no rollback, mid-write
    child.wait().unwrap();
    reader.join().unwrap();
    // What it printed before dying counts: it was committed.
    for line in lines.try_iter() {
        reported.read(&line);
    }
    check(&path, &reported, seed);
    format!(
        "{moment:?}: died after {:?}",
        reported.last.split(' ').next().unwrap_or("")
    )
}

fn check(path: &std::path::Path, reported: &Reported, seed: u64) {
    let store = Store::open(path, &key()).unwrap_or_else(|e| panic!("seed {seed}: reopen: {e}"));
    store
        .check_integrity()
        .unwrap_or_else(|e| panic!("seed {seed}: integrity: {e}"));
    let conn = raw(path);
    let count_of = |id: &str| -> i64 {
        conn.query_row("SELECT count(*) FROM operations WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
    };
    for id in &reported.ops {
        assert_eq!(
            count_of(id),
            1,
            "seed {seed}: committed operation {id} is in the log once"
        );
    }
    for id in &reported.acked {
        let state: String = conn
            .query_row(
                "SELECT sync_state FROM operations WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            state, "acknowledged",
            "seed {seed}: acknowledgement of {id} kept"
        );
    }
    let cursor: Option<i64> = store
        .sync_value(SyncKey::Cursor)
        .unwrap()
        .map(|c| c.parse().unwrap());
    assert!(
        cursor >= reported.cursor,
        "seed {seed}: the cursor went back"
    );
    for (last_seq, (ids, done)) in &reported.batches {
        let present: usize = ids.iter().filter(|id| count_of(id) == 1).count();
        assert!(
            present == 0 || present == ids.len(),
            "seed {seed}: pulled batch {last_seq} half applied: {present} of {}",
            ids.len()
        );
        if *done || cursor.is_some_and(|c| c >= *last_seq) {
            assert_eq!(
                present,
                ids.len(),
                "seed {seed}: pulled batch {last_seq} lost"
            );
        }
    }
    // Every change has its operation and every operation its change.
    let q = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        q("SELECT count(*) FROM cases"),
        q("SELECT count(*) FROM operations WHERE kind = 'case_received'"),
        "seed {seed}: files"
    );
    assert_eq!(
        q("SELECT count(*) FROM persons"),
        q("SELECT count(*) FROM cases"),
        "seed {seed}: persons"
    );
    assert_eq!(
        q("SELECT count(*) FROM documents"),
        q("SELECT count(*) FROM operations WHERE kind = 'document_added'"),
        "seed {seed}: documents"
    );
    assert_eq!(
        q("SELECT count(*) FROM notes"),
        q("SELECT count(*) FROM operations WHERE kind = 'note_added'"),
        "seed {seed}: notes"
    );
    assert_eq!(
        q(
            "SELECT count(*) FROM operations o WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = o.case_id)"
        ),
        0,
        "seed {seed}: operations of no file"
    );
    assert_eq!(
        q("SELECT count(*) FROM remote_unapplied"),
        0,
        "seed {seed}: unapplied"
    );
    assert!(q("SELECT count(*) FROM operations") >= reported.ops.len() as i64);
    // Downloads: what was kept is where the next attempt starts, and it ends whole.
    for (d, (kept, finished)) in &reported.downloads {
        let bytes = download_bytes(seed, *d);
        let sha = BlobStore::hash(&bytes);
        if *finished {
            assert_eq!(
                store.blobs().get(&sha).unwrap(),
                bytes,
                "seed {seed}: download {d}"
            );
            continue;
        }
        if store.blobs().contains(&sha) {
            // Finished, its line not printed before the kill.
            assert_eq!(
                store.blobs().get(&sha).unwrap(),
                bytes,
                "seed {seed}: download {d}"
            );
            continue;
        }
        let mut partial = store.blobs().partial(&sha).unwrap();
        assert!(
            partial.received() >= *kept,
            "seed {seed}: download {d} resumes at {}, {kept} were kept",
            partial.received()
        );
        assert!(partial.received() <= bytes.len() as u64);
        partial
            .append(&bytes[partial.received() as usize..])
            .unwrap();
        partial
            .finish(store.blobs())
            .unwrap_or_else(|e| panic!("seed {seed}: download {d} resumed: {e}"));
        assert_eq!(
            store.blobs().get(&sha).unwrap(),
            bytes,
            "seed {seed}: download {d}"
        );
    }
    // And the store takes new writes.
    store
        .apply(
            &Actor::supervisor("after"),
            CaseId::new(),
            received("2024-AI-999999".into(), "After"),
        )
        .unwrap();
}

#[test]
fn killed_at_random_moments_the_store_stays_consistent() {
    let trials = std::env::var("DOSSIER_KILL_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10u64);
    let seed = std::env::var("DOSSIER_KILL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(rand::random::<u64>);
    eprintln!("killed process: {trials} trials, seed {seed} (DOSSIER_KILL_SEED={seed})");
    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut moments: BTreeMap<String, u64> = BTreeMap::new();
    for _ in 0..trials {
        let trial_seed = rng.r#gen::<u64>();
        *moments.entry(trial(trial_seed)).or_default() += 1;
    }
    eprintln!(
        "killed process: {trials} trials consistent in {:.1} s; where the child died: {moments:?}",
        started.elapsed().as_secs_f64()
    );
}
