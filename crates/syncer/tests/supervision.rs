//! The supervisor's desk through the sync engine (issue 17), with the real server: the
//! figures are kept in the store each time they arrive and shown from there, marked as a
//! copy with why, when the server cannot be reached; an assignment made from the laptop
//! reaches the laptop's own queue by the sync that follows.

use std::sync::Arc;

use store::Store;
use syncer::{Engine, EngineConfig};
use testkit::{PASSWORD, Server};

fn laptop(server: &Server, dir: &tempfile::TempDir) -> (Arc<Store>, Engine) {
    let store = Arc::new(
        Store::open(
            &dir.path().join("d.db"),
            &store::StoreKey::from_bytes([9; 32]),
        )
        .unwrap(),
    );
    let engine = Engine::new(
        store.clone(),
        &server.url,
        EngineConfig {
            download_documents: false,
            ..EngineConfig::default()
        },
        None,
    )
    .unwrap();
    (store, engine)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_figures_are_kept_for_offline_reading_and_marked_as_a_copy() {
    let mut server = Server::start().await;
    let sam = server.signed_in("sam").await;
    let received = testkit::received("2024-AI-000001");
    let case = received.case_id;
    testkit::push_ok(&sam, &[received]).await;

    let dir = tempfile::tempdir().unwrap();
    let (store, engine) = laptop(&server, &dir);
    // Nobody signed in and nothing kept: there is nothing to show.
    assert!(engine.figures().await.is_err());
    engine.sign_in("sam", PASSWORD).await.unwrap();

    let live = engine.figures().await.unwrap();
    assert!(!live.copy && live.offline_reason.is_none());
    assert_eq!(live.figures.by_status.len(), 1);
    assert_eq!(live.figures.by_status[0].files, 1);

    // An assignment from the laptop reaches its queue with the sync that follows.
    engine
        .assign(&[case.0], &store::ids::UserId("ana".into()))
        .await
        .unwrap();
    engine.sync_once().await.unwrap();
    assert_eq!(store.assignees().unwrap(), ["ana"]);

    // The server goes away: the last figures, as a copy, with why.
    server.kill();
    let copy = engine.figures().await.unwrap();
    assert!(copy.copy);
    assert!(copy.offline_reason.is_some());
    assert_eq!(copy.figures, live.figures);
    assert_eq!(copy.received_at, live.received_at);
    // The team is never shown from a copy: it is asked of the server.
    assert!(engine.team().await.is_err());
}
