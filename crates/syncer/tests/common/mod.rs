//! The harness shared by the sync tests with real parts: one person's laptop (a store on
//! disk with the real engine, signed in to the real server), and the casework helpers
//! they use. Each test binary compiles its own copy, and uses only part of it.
#![allow(dead_code)]

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use program::FixedClock;
use store::{Actor, CaseDetail, CaseId, Change, DocumentId, RequestId, Store};
use syncer::{Engine, EngineConfig};
use testkit::{PASSWORD, Server};

/// The key of every store these tests make (a fixed one, so a store can be reopened).
pub fn key() -> store::StoreKey {
    store::StoreKey::from_bytes([42; 32])
}

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 3, 15, 0, 0).unwrap()
}

/// One person's laptop: a store of its own and an engine signed in as them.
pub struct Laptop {
    pub _dir: tempfile::TempDir,
    pub store: Arc<Store>,
    pub engine: Engine,
    pub actor: Actor,
}

impl Laptop {
    pub async fn new(server: &Server, actor: Actor) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(
            Store::open_with_clock(
                &dir.path().join("d.db"),
                &key(),
                Arc::new(FixedClock(now())),
            )
            .unwrap(),
        );
        let engine = Engine::new(store.clone(), &server.url, config(), None).unwrap();
        engine.sign_in(&actor.user.0, PASSWORD).await.unwrap();
        // The laptop now acts as the server's user with the server's role, offline too.
        assert_eq!(store.signed_in_actor().unwrap(), Some(actor.clone()));
        Self {
            _dir: dir,
            store,
            engine,
            actor,
        }
    }

    pub fn apply(&self, case: CaseId, change: Change) -> store::Operation {
        self.store.apply(&self.actor, case, change).unwrap()
    }

    pub async fn sync(&self) -> syncer::RoundReport {
        self.engine.sync_once().await.unwrap()
    }

    pub fn detail(&self, case: CaseId) -> CaseDetail {
        self.store.case_detail(case).unwrap()
    }
}

pub fn config() -> EngineConfig {
    EngineConfig {
        // Small batches and pages, so paging is exercised.
        push_batch: 3,
        pull_limit: 4,
        chunk_bytes: 1000,
        ..EngineConfig::default()
    }
}

pub fn request_items(item: &str) -> Change {
    Change::MissingItemsRequested {
        request_id: RequestId::new(),
        items: vec![item.into()],
        sent_at: now(),
    }
}

/// The supervisor receives a file, assigns it and starts its review; returns its id.
pub fn new_file(sam: &Laptop, number: &str, officer: &str) -> CaseId {
    let case = CaseId::new();
    sam.apply(case, testkit::case_received(number));
    sam.apply(
        case,
        Change::CaseAssigned {
            officer: store::UserId(officer.into()),
        },
    );
    sam.apply(case, Change::AdmissibilityReviewStarted);
    case
}

/// A scanned document added to a file, its bytes in the laptop's blob store.
pub fn add_document(laptop: &Laptop, case: CaseId, bytes: &[u8]) -> String {
    let sha = laptop.store.blobs().put(bytes).unwrap();
    laptop.apply(
        case,
        Change::DocumentAdded {
            document_id: DocumentId::new(),
            person_id: None,
            checklist_code: Some("form_part_1".into()),
            file_name: "form.pdf".into(),
            sha256: sha.clone(),
            byte_size: bytes.len() as u64,
            received_at: now(),
            quality: None,
        },
    );
    sha
}

pub fn ids(store: &Store, case: CaseId) -> Vec<String> {
    let mut v: Vec<String> = store
        .operations(case)
        .unwrap()
        .iter()
        .map(|o| o.id.to_string())
        .collect();
    v.sort();
    v
}
