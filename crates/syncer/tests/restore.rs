//! Issue 18, part 4: the server restored from a backup. With real parts: a throwaway
//! PostgreSQL, the real `dossier-server` process, and real stores driven by the real
//! engine. A supervisor (sam) and an officer (ana) work and sync; the administrator takes
//! a backup (`pg_dump`); they work and sync again; the database is lost and the backup
//! restored (`pg_restore` into a new database), and the server started again. The server
//! notices at start that its database was restored and begins a new epoch; each laptop
//! notices before it pushes, sends again what it made, and pulls from the start. At the
//! end the server holds every operation it held before the loss, once, and each laptop
//! shows every file as the server has it. Then `dossier-server restored` (the restore
//! procedure's step, for backups the server cannot tell apart) starts yet another epoch:
//! everything is sent again, and nothing is doubled.

mod common;

use std::collections::BTreeSet;

use common::{Laptop, add_document, new_file};
use store::{Actor, CaseId};
use testkit::Server;

/// Every operation id the server holds, and how many rows hold them.
async fn server_ops(server: &Server) -> (BTreeSet<String>, i64) {
    let db = server.db.client().await;
    let rows = db
        .query("SELECT id::text FROM operations", &[])
        .await
        .unwrap();
    let ids: BTreeSet<String> = rows.iter().map(|r| r.get(0)).collect();
    (ids, rows.len() as i64)
}

/// The operation ids of one file on the server, sorted.
async fn server_file(server: &Server, case: CaseId) -> Vec<String> {
    let db = server.db.client().await;
    let mut v: Vec<String> = db
        .query(
            "SELECT id::text FROM operations WHERE case_id = $1",
            &[&case.0],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    v.sort();
    v
}

async fn head(server: &Server) -> i64 {
    server
        .db
        .count("SELECT coalesce(max(seq), 0) FROM operations")
        .await
}

async fn epoch(server: &Server) -> sync::Epoch {
    let sam = server.signed_in("sam").await;
    sam.session()
        .await
        .unwrap()
        .log
        .expect("the server says its epoch")
        .epoch
}

/// Every laptop shows every file it holds as the server has it, waits for nothing, and
/// knows the server's numbers as the server has them.
async fn converged(server: &Server, laptops: &[&Laptop], files: &[CaseId]) {
    for laptop in laptops {
        let who = &laptop.actor.user.0;
        assert_eq!(laptop.store.pending_count().unwrap(), 0, "{who} waits");
        assert_eq!(
            laptop.store.rejected_count().unwrap(),
            0,
            "{who} has conflicts"
        );
        assert_eq!(
            laptop.store.highest_server_seq().unwrap(),
            head(server).await,
            "{who} knows the server's numbers"
        );
        for &case in files {
            assert_eq!(
                common::ids(&laptop.store, case),
                server_file(server, case).await,
                "{who}: file {case:?}"
            );
        }
    }
    for &case in files {
        assert_eq!(laptops[0].detail(case), laptops[1].detail(case));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_restored_from_an_earlier_backup_is_detected_and_laptops_converge_with_nothing_lost()
 {
    let mut server = Server::start().await;
    let sam = Laptop::new(&server, Actor::supervisor("sam")).await;
    let ana = Laptop::new(&server, Actor::officer("ana")).await;

    // Before the backup.
    let a = new_file(&sam, "2024-AI-000101", "ana");
    sam.sync().await;
    ana.sync().await;
    ana.apply(a, testkit::note_added("called the employer"));
    ana.sync().await;
    sam.sync().await;
    let first_epoch = epoch(&server).await;
    let backup = server.dir.join("backup.dump");
    server.db.dump(&backup);
    let at_backup = head(&server).await;

    // After the backup: a new file, notes on both sides, a document.
    let b = new_file(&sam, "2024-AI-000102", "ana");
    sam.apply(a, testkit::note_added("priority file"));
    sam.sync().await;
    ana.sync().await;
    ana.apply(b, testkit::note_added("asked for the diplomas"));
    let pdf = b"%PDF-1.4 ana's scan, sent after the backup ".repeat(30);
    let sha = add_document(&ana, b, &pdf);
    ana.apply(a, testkit::note_added("the employer called back"));
    ana.sync().await;
    sam.sync().await;
    ana.sync().await;
    let (before_loss, rows) = server_ops(&server).await;
    assert_eq!(rows, before_loss.len() as i64);
    assert!(head(&server).await > at_backup + 5, "work after the backup");
    converged(&server, &[&sam, &ana], &[a, b]).await;

    // The database is lost; the backup is restored; the server starts again.
    server.kill();
    server.db.restore(&backup).await;
    server.start_again();
    assert_eq!(
        head(&server).await,
        at_backup,
        "the restored server lost the rest"
    );
    let second_epoch = epoch(&server).await;
    assert_ne!(
        second_epoch, first_epoch,
        "the server noticed it was restored"
    );

    // Each laptop notices before it pushes and sends again what it made; the supervisor,
    // who received the new file, first (the officer's work on it needs the file).
    let r = sam.sync().await;
    assert!(r.server_restored, "{r:?}");
    assert!(r.resent >= 5, "{r:?}");
    assert_eq!(r.rejected, 0, "{r:?}");
    let r = ana.sync().await;
    assert!(r.server_restored, "{r:?}");
    assert!(r.resent >= 4, "{r:?}");
    assert_eq!(r.rejected, 0, "{r:?}");
    assert_eq!(r.uploaded, 1, "the document's bytes went up again: {r:?}");
    for _ in 0..2 {
        let r = sam.sync().await;
        assert!(!r.server_restored, "{r:?}");
        let r = ana.sync().await;
        assert!(!r.server_restored, "{r:?}");
    }

    // Nothing lost, nothing doubled, everyone agrees.
    let (after, rows) = server_ops(&server).await;
    assert_eq!(after, before_loss, "the server holds exactly what it held");
    assert_eq!(rows, before_loss.len() as i64, "each operation once");
    converged(&server, &[&sam, &ana], &[a, b]).await;
    let bytes = server
        .signed_in("sam")
        .await
        .download_blob(&sha)
        .await
        .unwrap();
    assert_eq!(bytes, pdf);

    // A restore the server cannot tell apart (a physical backup): the procedure runs
    // `dossier-server restored`. The server's head is past every laptop's now, yet both
    // notice by the epoch; they send everything again, and nothing is doubled.
    let out = server.admin_ok(&["restored"], None);
    assert!(out.contains("new epoch"), "{out}");
    assert_ne!(epoch(&server).await, second_epoch);
    for laptop in [&sam, &ana] {
        let r = laptop.sync().await;
        assert!(r.server_restored, "{r:?}");
        assert!(r.resent > 0, "{r:?}");
        assert_eq!((r.rejected, r.locally_rejected), (0, 0), "{r:?}");
    }
    sam.sync().await;
    ana.sync().await;
    let (again, rows) = server_ops(&server).await;
    assert_eq!(again, before_loss);
    assert_eq!(rows, before_loss.len() as i64);
    converged(&server, &[&sam, &ana], &[a, b]).await;
}
