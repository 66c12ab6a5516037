//! Shared by the viewer tests: a store holding one file with a colour scan (with a
//! stored quality report), a corrupt PDF and a password-protected one.
#![allow(dead_code)]

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use pdf::{PdfWorker, WorkerConfig};
use program::{FixedClock, Language, PersonRole, Profile, Stream};
use scans::{ScanColour, ScanSpec};
use store::ops::NewPerson;
use store::quality::{PageSizeRun, ScanMode};
use store::{Actor, CaseId, Change, DocumentId, PersonId, QualityFlag, QualityReport, Store};
use tauri::http::Request;

/// The key of every store these tests make (a fixed one, so a store can be reopened).
fn key() -> store::StoreKey {
    store::StoreKey::from_bytes([42; 32])
}

pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub store: Arc<Store>,
    pub colour: DocumentId,
    pub corrupt: DocumentId,
    pub locked: DocumentId,
}

pub fn spec(title: &str, pages: u32, colour: ScanColour) -> ScanSpec {
    ScanSpec {
        title: title.into(),
        lines: vec![
            "Nom / Name: TREMBLAY, Élise".into(),
            "Passeport ZX123456".into(),
        ],
        pages,
        colour,
        dpi: 100,
        seed: 5,
        text_layer: true,
    }
}

pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2024, 6, 3, 15, 0, 0).unwrap();
    let store = Arc::new(
        Store::open_with_clock(&dir.path().join("s.db"), &key(), Arc::new(FixedClock(now)))
            .unwrap(),
    );
    let case = CaseId::new();
    let intake = Actor::supervisor("intake");
    store
        .apply(
            &intake,
            case,
            Change::CaseReceived {
                file_number: "2024-AI-000001".into(),
                stream: Stream::Ai,
                profile: Profile::Regular,
                received_at: now,
                language: Language::Fr,
                persons: vec![NewPerson {
                    id: PersonId::new(),
                    role: PersonRole::PrincipalApplicant,
                    family_name: "Tremblay".into(),
                    given_names: "Élise".into(),
                    date_of_birth: chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
                    attestation_held: false,
                }],
                representative: None,
            },
        )
        .unwrap();
    let add = |name: &str, bytes: Vec<u8>, quality: Option<QualityReport>| {
        let id = DocumentId::new();
        let sha256 = store.blobs().put(&bytes).unwrap();
        store
            .apply(
                &intake,
                case,
                Change::DocumentAdded {
                    document_id: id,
                    person_id: None,
                    checklist_code: Some("identity".into()),
                    file_name: name.into(),
                    sha256,
                    byte_size: bytes.len() as u64,
                    received_at: now,
                    quality,
                },
            )
            .unwrap();
        id
    };
    let grey_report = QualityReport {
        page_count: Some(3),
        page_sizes: vec![PageSizeRun {
            width: 612.0,
            height: 792.0,
            pages: 3,
        }],
        checked_pages: 3,
        flags: vec![QualityFlag::NotInColour {
            mode: ScanMode::Greyscale,
        }],
    };
    let colour = add(
        "passeport.pdf",
        scans::scanned_pdf(&spec("PASSEPORT", 3, ScanColour::Colour)),
        Some(grey_report),
    );
    let corrupt = add("illisible.pdf", scans::corrupt_pdf(3), None);
    let locked = add(
        "protege.pdf",
        scans::encrypted_pdf(&spec("RELEVÉ", 1, ScanColour::Colour), "pw"),
        None,
    );
    Fixture {
        _dir: dir,
        store,
        colour,
        corrupt,
        locked,
    }
}

pub fn worker() -> PdfWorker {
    let w = PdfWorker::start(WorkerConfig::default());
    assert!(
        w.library().is_ok(),
        "these tests need pdfium: {:?}",
        w.library()
    );
    w
}

pub fn get(uri: &str) -> Request<Vec<u8>> {
    Request::get(uri).body(Vec::new()).unwrap()
}

pub fn header_of<'a>(r: &'a tauri::http::Response<Vec<u8>>, name: &str) -> &'a str {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}
