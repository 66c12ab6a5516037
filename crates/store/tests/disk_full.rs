//! A full disk: the store lives on a small tmpfs, writes go on until the disk is full,
//! and then every failed write is a clear `store.disk_full` (or blob) error that saved
//! nothing, the database passes its integrity check, and each committed change still has
//! its one operation. The tmpfs is mounted in a private mount namespace
//! (`unshare --user --map-root-user --mount`), so the test needs no privileges; the test
//! re-runs its own binary inside that namespace as the writer.

use std::process::Command;

use chrono::{NaiveDate, Utc};
use program::{Language, PersonRole, Profile, Stream};
use store::ops::NewPerson;
use store::{Actor, CaseId, Change, PersonId, Store, StoreError};

mod common;
use common::key;

const CHILD_ENV: &str = "DOSSIER_DISK_FULL_DIR";

fn case_received(i: u32) -> Change {
    Change::CaseReceived {
        file_number: format!("2024-AI-{i:06}"),
        stream: Stream::Ai,
        profile: Profile::Regular,
        received_at: Utc::now(),
        language: Language::Fr,
        persons: vec![NewPerson {
            id: PersonId::new(),
            role: PersonRole::PrincipalApplicant,
            // Long names (as long as a name may be) make each row heavy, so the disk fills
            // in a few thousand writes.
            family_name: format!("Remplissage-{}", "x".repeat(280)),
            given_names: format!("N{i}-{}", "y".repeat(280)),
            date_of_birth: NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
            attestation_held: false,
        }],
        representative: None,
    }
}

/// Not a test on its own: runs inside the namespace, on the tmpfs named by the variable.
#[test]
fn child_fills_the_disk() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let path = std::path::Path::new(&dir).join("full.db");
    let store = Store::open(&path, &key()).unwrap();
    let actor = Actor::supervisor("writer");

    // 1. Cases until the database cannot grow.
    let mut committed = 0u64;
    let full = loop {
        match store.apply(&actor, CaseId::new(), case_received(committed as u32)) {
            Ok(_) => committed += 1,
            Err(e) => break e,
        }
        assert!(committed < 100_000, "the tmpfs never filled up");
    };
    assert!(committed > 0, "some writes fit before the disk was full");
    assert!(
        matches!(full, StoreError::DiskFull(_)),
        "a full disk is reported as such, not as {full:?}"
    );
    assert_eq!(full.code(), "store.disk_full");
    assert!(
        full.to_string().contains("free some disk space"),
        "the message says what to do: {full}"
    );

    // 2. Nothing half-written: each committed case has exactly its one operation.
    store.check_integrity().unwrap();
    assert_eq!(store.case_count().unwrap(), committed);
    assert_eq!(store.operation_count().unwrap(), committed);

    // 3. A document whose bytes do not fit: the blob write fails, no file is left under
    //    its hash, and no document row or operation appears.
    let big = vec![0x5au8; 4 * 1024 * 1024];
    let err = store.blobs().put(&big).unwrap_err();
    assert_eq!(err.code(), "store.disk_full", "a full disk, said so: {err}");
    assert!(!store.blobs().contains(&store::BlobStore::hash(&big)));
    assert_eq!(store.document_count().unwrap(), 0);
    assert_eq!(store.operation_count().unwrap(), committed);

    // 4. Room made (the test's stand-in for the officer freeing space): writing works
    //    again, with nothing lost before it.
    drop(store);
    let filler = std::path::Path::new(&dir).join("ballast");
    if filler.exists() {
        std::fs::remove_file(&filler).unwrap();
    }
    let store = Store::open(&path, &key()).unwrap();
    store.check_integrity().unwrap();
    assert_eq!(store.case_count().unwrap(), committed);
    println!("DISK-FULL-CHILD-OK {committed}");
}

#[test]
fn a_full_disk_is_a_clear_error_and_the_store_stays_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let mount = dir.path().join("tmpfs");
    std::fs::create_dir_all(&mount).unwrap();
    let exe = std::env::current_exe().unwrap();
    // A 3 MiB disk, with 256 KiB of ballast that step 4 removes to make room again.
    let script = format!(
        "mount -t tmpfs -o size=3m tmpfs '{m}' && head -c 262144 /dev/zero > '{m}/ballast' && exec '{exe}' --exact child_fills_the_disk --nocapture --test-threads=1",
        m = mount.display(),
        exe = exe.display()
    );
    let output = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", &script])
        .env(CHILD_ENV, &mount)
        .output()
        .expect("unshare (util-linux) runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("DISK-FULL-CHILD-OK"),
        "the writer on a full disk failed:\n{stdout}\n{stderr}"
    );
    let count = stdout
        .split("DISK-FULL-CHILD-OK ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or("?");
    eprintln!("{count} cases fitted before the disk was full");
}
