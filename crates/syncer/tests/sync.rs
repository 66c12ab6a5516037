//! The app's sync with real parts: a throwaway PostgreSQL, the real `dossier-server`
//! process, and real stores on disk driven by the real engine. Two officers (ana, bob)
//! and a supervisor (sam) work offline and converge; the server goes away and comes
//! back; two conflicting transitions end with one accepted and one kept as a conflict;
//! an expired session keeps every pending operation and asks to sign in again; an
//! officer never receives a file that is not assigned to them, nor its documents; a
//! download cut short continues where it stopped.

mod common;

use std::sync::Arc;

use common::{Laptop, add_document, config, ids, key, new_file, now, request_items};
use program::{CaseStatus, FixedClock};
use store::{Actor, Change, Store};
use syncer::{ConnectionState, Engine, EngineConfig};
use testkit::{PASSWORD, Server};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_officers_and_a_supervisor_edit_offline_then_converge() {
    let server = Server::start().await;
    let sam = Laptop::new(&server, Actor::supervisor("sam")).await;
    let ana = Laptop::new(&server, Actor::officer("ana")).await;
    let bob = Laptop::new(&server, Actor::officer("bob")).await;

    let a = new_file(&sam, "2024-AI-000001", "ana");
    let b = new_file(&sam, "2024-AI-000002", "bob");
    let r = sam.sync().await;
    assert_eq!((r.pushed, r.acknowledged, r.rejected), (6, 6, 0));
    ana.sync().await;
    bob.sync().await;
    assert_eq!(ana.store.case_count().unwrap(), 1, "ana sees only her file");
    assert_eq!(bob.store.case_count().unwrap(), 1, "bob sees only his file");

    // Offline on every side.
    ana.apply(a, testkit::note_added("called the employer"));
    let pdf = b"%PDF-1.4 ana's scan of the form, more than one chunk long ".repeat(40);
    let sha = add_document(&ana, a, &pdf);
    sam.apply(a, testkit::note_added("priority file"));
    bob.apply(b, testkit::note_added("waiting for the diplomas"));
    sam.apply(b, testkit::note_added("check the employer's notice"));
    assert_eq!(ana.store.pending_count().unwrap(), 2);

    // Then sync, in any order, twice round.
    for _ in 0..2 {
        ana.sync().await;
        bob.sync().await;
        sam.sync().await;
    }
    for laptop in [&sam, &ana, &bob] {
        assert_eq!(laptop.store.pending_count().unwrap(), 0);
        assert_eq!(laptop.store.rejected_count().unwrap(), 0);
        let st = laptop.engine.status();
        assert_eq!(st.state, ConnectionState::Online);
        assert_eq!(st.pending, 0);
        assert!(st.last_sync.is_some());
    }
    assert_eq!(ids(&ana.store, a), ids(&sam.store, a));
    assert_eq!(ids(&bob.store, b), ids(&sam.store, b));
    assert_eq!(ana.detail(a), sam.detail(a));
    assert_eq!(bob.detail(b), sam.detail(b));
    assert_eq!(sam.detail(a).operation_count, 6);
    // The document's bytes went up from ana and down to the supervisor.
    assert_eq!(sam.store.blobs().get(&sha).unwrap(), pdf);
    // bob never received ana's file, nor the bytes of its document.
    assert!(bob.store.case_detail(a).is_err());
    assert!(!bob.store.blobs().contains(&sha));
    let bob_client = server.signed_in("bob").await;
    assert!(matches!(
        bob_client.download_blob(&sha).await,
        Err(sync::ClientError::NotFound { .. })
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_unreachable_the_app_keeps_working_and_catches_up() {
    let mut server = Server::start().await;
    let sam = Laptop::new(&server, Actor::supervisor("sam")).await;
    let ana = Laptop::new(&server, Actor::officer("ana")).await;
    let a = new_file(&sam, "2024-AI-000010", "ana");
    sam.sync().await;
    ana.sync().await;

    server.kill();
    // Local work goes on.
    ana.apply(a, testkit::note_added("written on the train"));
    sam.apply(a, testkit::note_added("written while the server was down"));
    let err = ana.engine.sync_once().await.unwrap_err();
    assert!(err.is_transient(), "{err}");
    let st = ana.engine.status();
    assert_eq!(st.state, ConnectionState::Offline);
    assert_eq!(st.pending, 1);
    assert!(st.last_error.unwrap().message.contains("offline"));
    assert!(sam.engine.sync_once().await.is_err());

    server.start_again();
    sam.sync().await;
    let r = ana.sync().await;
    assert_eq!(r.acknowledged, 1);
    assert_eq!(ana.engine.status().state, ConnectionState::Online);
    sam.sync().await;
    assert_eq!(ana.store.pending_count().unwrap(), 0);
    assert_eq!(ana.detail(a), sam.detail(a));
    assert_eq!(ana.detail(a).operation_count, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_conflicting_transitions_one_accepted_one_kept_as_a_conflict() {
    let server = Server::start().await;
    let sam = Laptop::new(&server, Actor::supervisor("sam")).await;
    let ana = Laptop::new(&server, Actor::officer("ana")).await;
    let a = new_file(&sam, "2024-AI-000020", "ana");
    sam.sync().await;
    ana.sync().await;

    // Both request missing items offline: only one can move the file.
    sam.apply(a, request_items("form_part_2"));
    let hers = ana.apply(a, request_items("form_part_1"));
    ana.apply(a, testkit::note_added("asked for part 1"));
    sam.sync().await;
    let r = ana.sync().await;
    assert_eq!((r.acknowledged, r.rejected), (1, 1));

    let conflicts = ana.store.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].operation.id, hers.id);
    assert_eq!(conflicts[0].rejection.code, "conflict.transition");
    assert!(!conflicts[0].rejection.message.is_empty());
    assert_eq!(
        conflicts[0].current_status,
        Some(CaseStatus::MissingItemsRequested)
    );
    let st = ana.engine.status();
    assert_eq!((st.pending, st.conflicts), (0, 1));
    // The rejected operation stays in ana's log; both laptops show the same file.
    assert!(
        ana.store
            .operations(a)
            .unwrap()
            .iter()
            .any(|o| o.id == hers.id)
    );
    sam.sync().await;
    let (mine, theirs) = (ana.detail(a), sam.detail(a));
    assert_eq!(mine.row, theirs.row);
    assert_eq!(mine.persons, theirs.persons);
    // ana's history also holds her refused request.
    assert_eq!(mine.operation_count, theirs.operation_count + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_session_keeps_pending_operations_and_asks_to_sign_in_again() {
    let server = Server::start().await;
    let sam = Laptop::new(&server, Actor::supervisor("sam")).await;
    let ana = Laptop::new(&server, Actor::officer("ana")).await;
    let a = new_file(&sam, "2024-AI-000030", "ana");
    sam.sync().await;
    ana.sync().await;

    ana.apply(a, testkit::note_added("one"));
    ana.apply(a, testkit::note_added("two"));
    server
        .db
        .client()
        .await
        .execute(
            "UPDATE sessions SET expires_at = now() - interval '1 second'",
            &[],
        )
        .await
        .unwrap();
    let err = ana.engine.sync_once().await.unwrap_err();
    assert!(err.needs_sign_in(), "{err}");
    let st = ana.engine.status();
    assert_eq!(st.state, ConnectionState::SignInRequired);
    assert!(
        st.last_error.unwrap().message.starts_with("sign in again"),
        "the indicator says what to do"
    );
    assert_eq!(ana.store.pending_count().unwrap(), 2);

    ana.engine.sign_in("ana", PASSWORD).await.unwrap();
    let r = ana.sync().await;
    assert_eq!(r.acknowledged, 2);
    assert_eq!(ana.store.pending_count().unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_out_nothing_is_sent_and_the_status_says_so() {
    let server = Server::start().await;
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(&dir.path().join("d.db"), &key()).unwrap());
    let engine = Engine::new(store, &server.url, config(), None).unwrap();
    assert_eq!(engine.status().state, ConnectionState::SignedOut);
    let err = engine.sync_once().await.unwrap_err();
    assert!(err.needs_sign_in());
    assert_eq!(engine.status().state, ConnectionState::SignedOut);
    engine.sign_in("ana", PASSWORD).await.unwrap();
    engine.sync_once().await.unwrap();
    engine.sign_out().await.unwrap();
    assert_eq!(engine.status().state, ConnectionState::SignedOut);
    assert!(engine.sync_once().await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_download_cut_short_resumes_where_it_stopped() {
    let server = Server::start_with(&[("DOSSIER_SERVER_LOG", "server=debug,warn")]).await;
    let sam = Laptop::new(&server, Actor::supervisor("sam")).await;
    let a = new_file(&sam, "2024-AI-000040", "ana");
    let bytes: Vec<u8> = (0..3 * store::SEGMENT_BYTES + 12_345)
        .map(|i| (i * 7 % 251) as u8)
        .collect();
    let sha = add_document(&sam, a, &bytes);
    let big_chunks = EngineConfig {
        chunk_bytes: 1 << 20,
        ..config()
    };
    let uploader = Engine::new(sam.store.clone(), &server.url, big_chunks, None).unwrap();
    uploader.sign_in("sam", PASSWORD).await.unwrap();
    uploader.sync_once().await.unwrap();

    // An earlier attempt kept the first segment and a half, then the line dropped.
    let ana = Laptop::new(&server, Actor::officer("ana")).await;
    let kept = store::SEGMENT_BYTES + store::SEGMENT_BYTES / 2;
    let mut earlier = ana.store.blobs().partial(&sha).unwrap();
    earlier.append(&bytes[..kept]).unwrap();
    earlier.keep().unwrap();
    drop(earlier);

    let r = ana.sync().await;
    assert_eq!(r.downloaded, 1);
    assert_eq!(ana.store.blobs().get(&sha).unwrap(), bytes);
    let log = std::fs::read_to_string(server.dir.join("server.log")).unwrap();
    let sent: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("document read"))
        .collect();
    assert_eq!(sent.len(), 1, "{log}");
    assert!(sent[0].contains(&format!("offset={kept}")), "{}", sent[0]);

    // Bytes kept by an attempt that do not belong to the document: the round says so,
    // throws them away, and the next one downloads the document whole.
    let other: Vec<u8> = bytes.iter().rev().copied().collect();
    let sha2 = add_document(&sam, a, &other);
    uploader.sync_once().await.unwrap();
    let mut wrong = ana.store.blobs().partial(&sha2).unwrap();
    wrong.append(&bytes[..1000]).unwrap();
    wrong.keep().unwrap();
    drop(wrong);
    let err = ana.engine.sync_once().await.unwrap_err();
    assert!(err.to_string().contains("checksum"), "{err}");
    assert!(!ana.store.blobs().contains(&sha2));
    let r = ana.sync().await;
    assert_eq!(r.downloaded, 1);
    assert_eq!(ana.store.blobs().get(&sha2).unwrap(), other);
    assert!(
        !ana.store
            .blobs()
            .root()
            .join("partial")
            .read_dir()
            .unwrap()
            .any(|_| true),
        "no partial download is left behind"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_operation_the_server_refuses_as_sent_does_not_stop_the_others_nor_the_pull() {
    // The server refuses whole any request over 6,000 bytes: a batch with one long note
    // is refused as sent. The engine sends that batch again one operation at a time: the
    // others are accepted, the long one is kept as a conflict with the server's words,
    // and the round goes on to the pull.
    let server = Server::start_with(&[("DOSSIER_SERVER_SYNC_MAX_REQUEST_BYTES", "6000")]).await;
    let sam = Laptop::new(&server, Actor::supervisor("sam")).await;
    let ana = Laptop::new(&server, Actor::officer("ana")).await;
    let case = new_file(&sam, "2024-AI-000555", "ana");
    sam.sync().await;
    ana.sync().await;
    ana.apply(case, testkit::note_added("avant"));
    let long = ana.apply(case, testkit::note_added(&"n".repeat(8_000)));
    ana.apply(case, testkit::note_added("après"));
    // Meanwhile the supervisor wrote on the file: the pull must bring it.
    sam.apply(case, testkit::note_added("note du superviseur"));
    sam.sync().await;

    let report = ana.sync().await;
    assert_eq!(report.acknowledged, 2, "{report:?}");
    assert_eq!(report.rejected, 1, "{report:?}");
    assert!(report.pulled >= 1, "the pull happened: {report:?}");
    let conflicts = ana.store.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].operation.id, long.id);
    assert_eq!(conflicts[0].rejection.code, sync::codes::REQUEST_TOO_LARGE);
    let reason = conflicts[0].rejection.reason.as_ref().unwrap();
    assert!(
        reason.both().fr.contains("le serveur refuse ce changement"),
        "{reason:?}"
    );
    assert_eq!(ana.store.pending_count().unwrap(), 0);
    let pulled = ana.store.operations(case).unwrap().into_iter().any(
        |o| matches!(&o.change, Change::NoteAdded { body, .. } if body == "note du superviseur"),
    );
    assert!(pulled, "the supervisor's note was pulled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_standalone_demo_store_is_never_synchronised() {
    let server = Server::start().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let summary = demo::fill(
        &path,
        &key(),
        &demo::DemoOptions {
            cases: 2,
            seed: 1,
            if_empty: false,
            now: now(),
        },
    )
    .unwrap();
    assert_eq!(summary.cases, 2);
    let store =
        Arc::new(Store::open_with_clock(&path, &key(), Arc::new(FixedClock(now()))).unwrap());
    assert!(store.pending_count().unwrap() > 0);
    let err = Engine::new(store.clone(), &server.url, config(), None).unwrap_err();
    assert!(matches!(err, syncer::SyncError::DemoStore), "{err}");
    assert_eq!(err.text().id, "sync-error-demo-store");
    // Nothing reached the server.
    assert_eq!(server.db.count("SELECT count(*) FROM operations").await, 0);
}

/// Issue 18: revocation reaches the laptop. A file assigned away leaves the officer's
/// laptop at her next sync, with its document's bytes; her change the server did not take
/// stays as a conflict; assigned back, it arrives again whole. A supervisor made an officer
/// is an officer at the next round; a disabled account's laptop keeps no file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_assigned_away_leaves_the_laptop_with_its_documents_and_a_disabled_account_keeps_none()
 {
    let server = Server::start().await;
    let sam = Laptop::new(&server, Actor::supervisor("sam")).await;
    let away = new_file(&sam, "2024-AI-000050", "ana");
    let kept = new_file(&sam, "2024-AI-000051", "ana");
    let bytes: Vec<u8> = (0..50_000u32).map(|i| (i * 13 % 251) as u8).collect();
    let sha = add_document(&sam, away, &bytes);
    sam.sync().await;

    let ana = Laptop::new(&server, Actor::officer("ana")).await;
    let r = ana.sync().await;
    assert_eq!(r.downloaded, 1);
    let on_disk = ana.store.blobs().path_of(&sha).unwrap();
    assert!(on_disk.exists());
    // A note written here, not yet sent, when the file is assigned to bob.
    ana.apply(away, testkit::note_added("à revoir"));
    sam.apply(
        away,
        Change::CaseAssigned {
            officer: store::UserId("bob".into()),
        },
    );
    sam.sync().await;

    let r = ana.sync().await;
    assert_eq!(r.released, 1);
    assert!(ana.store.case_detail(away).is_err(), "no row of the file");
    assert!(!on_disk.exists(), "no document file");
    assert!(ana.store.case_detail(kept).is_ok(), "her other file stays");
    let conflicts = ana.store.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0].operation.case_id, away);
    assert_eq!(ana.store.pending_count().unwrap(), 0);

    // Assigned back, the file arrives again whole, with its document.
    sam.apply(
        away,
        Change::CaseAssigned {
            officer: store::UserId("ana".into()),
        },
    );
    sam.sync().await;
    let r = ana.sync().await;
    assert_eq!(r.downloaded, 1);
    let back = ana.store.case_detail(away).unwrap();
    assert_eq!(back.documents.len(), 1);
    assert_eq!(ana.store.blobs().get(&sha).unwrap(), bytes);

    // sam made an officer: his next round says so, and he keeps only his own files (none).
    server.admin_ok(
        &["user", "set-role", "--name", "sam", "--role", "officer"],
        None,
    );
    let r = sam.sync().await;
    assert_eq!(
        sam.store.signed_in_actor().unwrap().map(|a| a.role),
        Some(store::ids::Role::Officer)
    );
    assert_eq!(r.released, 2);

    // ana's account disabled: at the next contact, no file is left on her laptop.
    server.admin_ok(&["user", "disable", "--name", "ana"], None);
    let err = ana.engine.sync_once().await.unwrap_err();
    assert!(err.needs_sign_in(), "{err}");
    assert!(ana.store.case_detail(kept).is_err());
    assert!(ana.store.case_detail(away).is_err());
    assert!(!on_disk.exists());
}
