//! Distribution through the real server (issue 17): the next unassigned files, in receipt
//! order, to the officers who are available, each toward an equal share; the preview is
//! what is applied; an officer marked away receives nothing; the officers' apps receive
//! their files by sync; two distributions at once never assign a file twice.

use std::collections::BTreeMap;

use testkit::Server;

async fn assigned_to(server: &Server) -> BTreeMap<String, i64> {
    let db = server.db.client().await;
    db.query(
        "SELECT assigned_to, count(*) FROM cases WHERE assigned_to IS NOT NULL GROUP BY assigned_to",
        &[],
    )
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_go_to_the_available_officers_evenly_in_receipt_order_and_reach_their_apps() {
    let server = Server::start().await;
    server.admin_ok(&["user", "add", "--name", "cy", "--role", "officer"], None);
    server.admin_ok(&["user", "away", "--name", "bob"], None);
    let sam = server.signed_in("sam").await;
    testkit::receive_files(&sam, "2024-AI", 30).await;

    // An officer may not distribute.
    let ana = server.signed_in("ana").await;
    let refused = ana.distribute(5).await.unwrap_err();
    assert_eq!(refused.code(), sync::codes::AUTH_FORBIDDEN, "{refused}");

    let preview = sam.distribution_preview(30).await.unwrap();
    assert_eq!(preview.assignments.len(), 30);
    assert_eq!(preview.left, 0);
    assert!(
        preview.assignments.iter().all(|a| a.officer != "bob"),
        "bob is away"
    );
    // In receipt order, alternating between the two available officers.
    assert_eq!(preview.assignments[0].file_number, "2024-AI-000000");
    assert_eq!(preview.assignments[0].officer, "ana");
    assert_eq!(preview.assignments[1].officer, "cy");
    assert!(
        assigned_to(&server).await.is_empty(),
        "a preview applies nothing"
    );

    let done = sam.distribute(30).await.unwrap();
    assert_eq!(
        done.assignments, preview.assignments,
        "the preview is what is applied"
    );
    let counts = assigned_to(&server).await;
    assert_eq!(counts.get("ana"), Some(&15));
    assert_eq!(counts.get("cy"), Some(&15));
    assert_eq!(counts.get("bob"), None);
    for s in &done.shares {
        assert!(s.after.abs_diff(15) <= 1 || s.officer == "bob", "{s:?}");
    }

    // Recorded as sam's assignments, and ana's app receives her files.
    let page = ana.pull(None, 1000).await.unwrap();
    let mine: std::collections::BTreeSet<_> = page
        .operations
        .iter()
        .filter(|o| matches!(o.operation.change, oplog::Change::CaseAssigned { .. }))
        .map(|o| {
            assert_eq!(o.operation.author.user.0, "sam");
            o.operation.case_id
        })
        .collect();
    assert_eq!(mine.len(), 15);

    // Nothing left: a distribution of nothing assigns nothing.
    let nothing = sam.distribute(10).await.unwrap();
    assert!(nothing.assignments.is_empty());

    // Back from leave, bob catches up first.
    server.admin_ok(&["user", "away", "--name", "bob", "--back"], None);
    testkit::receive_files(&sam, "2024-TIEV", 4).await;
    let d = sam.distribute(4).await.unwrap();
    assert!(d.assignments.iter().all(|a| a.officer == "bob"), "{d:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_distributions_at_the_same_instant_assign_each_file_once() {
    let server = Server::start().await;
    let sam = server.signed_in("sam").await;
    testkit::receive_files(&sam, "2024-AI", 20).await;
    let other = server.signed_in("sam").await;
    let (a, b) = tokio::join!(sam.distribute(10), other.distribute(10));
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut files: Vec<_> = a
        .assignments
        .iter()
        .chain(&b.assignments)
        .map(|x| x.file_number.clone())
        .collect();
    files.sort();
    files.dedup();
    assert_eq!(files.len(), 20, "each file once: {a:?} {b:?}");
    let db = server.db.client().await;
    let ops: i64 = db
        .query_one(
            "SELECT count(*) FROM operations WHERE kind = 'case_assigned'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(ops, 20);
    let counts = assigned_to(&server).await;
    assert_eq!(counts.values().sum::<i64>(), 20);
    assert!(counts.values().all(|c| *c == 10), "{counts:?}");
}
