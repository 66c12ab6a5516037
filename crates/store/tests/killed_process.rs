//! A process killed with SIGKILL in the middle of writes leaves a database that passes
//! `PRAGMA integrity_check`, in which every committed change has its operation and every
//! operation its change. The test re-runs its own binary as the writer child.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use chrono::{NaiveDate, Utc};
use program::{Language, PersonRole, Profile, Stream};
use store::ops::NewPerson;
use store::{Actor, CaseId, Change, DocumentId, PersonId, Store};

mod common;
use common::{key, raw};

const CHILD_ENV: &str = "DOSSIER_KILL_TEST_STORE";

/// Not a test on its own: the body of the child process, which writes until it is killed
/// and prints the id of each committed operation.
#[test]
fn child_writer() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let store = Store::open(std::path::Path::new(&path), &key()).unwrap();
    let actor = Actor::supervisor("writer");
    for i in 0.. {
        let case = CaseId::new();
        let op = store
            .apply(
                &actor,
                case,
                Change::CaseReceived {
                    file_number: format!("2024-AI-{i:06}"),
                    stream: Stream::Ai,
                    profile: Profile::Regular,
                    received_at: Utc::now(),
                    language: Language::En,
                    persons: vec![NewPerson {
                        id: PersonId::new(),
                        role: PersonRole::PrincipalApplicant,
                        family_name: "Writer".into(),
                        given_names: format!("N{i}"),
                        date_of_birth: NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
                        attestation_held: false,
                    }],
                    representative: None,
                },
            )
            .unwrap();
        println!("{}", op.id);
        let bytes = format!("document {i}").into_bytes();
        let sha = store.blobs().put(&bytes).unwrap();
        let op = store
            .apply(
                &actor,
                case,
                Change::DocumentAdded {
                    document_id: DocumentId::new(),
                    person_id: None,
                    checklist_code: None,
                    file_name: "x.pdf".into(),
                    sha256: sha,
                    byte_size: bytes.len() as u64,
                    received_at: Utc::now(),
                    quality: None,
                },
            )
            .unwrap();
        println!("{}", op.id);
    }
}

#[test]
fn a_killed_writer_leaves_a_consistent_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("killed.db");
    drop(Store::open(&path, &key()).unwrap());
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_writer", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut committed = Vec::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while committed.len() < 300 {
        let line = lines.next().expect("the writer stopped early").unwrap();
        if line.len() == 36 {
            committed.push(line);
        }
    }
    child.kill().unwrap(); // SIGKILL: no destructor, no rollback, mid-write
    child.wait().unwrap();

    let store = Store::open(&path, &key()).unwrap();
    store.check_integrity().unwrap();
    let conn = raw(&path);
    for id in &committed {
        let n: i64 = conn
            .query_row("SELECT count(*) FROM operations WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(n, 1, "committed operation {id} is in the log");
    }
    // Every change has its operation and every operation its change.
    let q = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        q("SELECT count(*) FROM cases"),
        q("SELECT count(*) FROM operations WHERE kind = 'case_received'")
    );
    assert_eq!(
        q("SELECT count(*) FROM documents"),
        q("SELECT count(*) FROM operations WHERE kind = 'document_added'")
    );
    assert_eq!(
        q("SELECT count(*) FROM persons"),
        q("SELECT count(*) FROM cases")
    );
    assert!(q("SELECT count(*) FROM operations") >= committed.len() as i64);
    // And the store takes new writes.
    store
        .apply(
            &Actor::supervisor("after"),
            CaseId::new(),
            Change::CaseReceived {
                file_number: "2024-AI-999999".into(),
                stream: Stream::Ai,
                profile: Profile::Regular,
                received_at: Utc::now(),
                language: Language::Fr,
                persons: vec![NewPerson {
                    id: PersonId::new(),
                    role: PersonRole::PrincipalApplicant,
                    family_name: "After".into(),
                    given_names: "Kill".into(),
                    date_of_birth: NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
                    attestation_held: false,
                }],
                representative: None,
            },
        )
        .unwrap();
}
