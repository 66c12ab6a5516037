//! A document added from disk at the officer's desk: a real scan is checked with the real
//! pdfium and recorded with its item, person and quality report; a file that is not a
//! PDF is refused with what to do, and nothing is stored.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use program::{FixedClock, Language, PersonRole, Profile, Stream};
use store::ids::{Actor, CaseId, PersonId};
use store::ops::NewPerson;
use store::{Change, Store, StoreKey};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 3, 15, 0, 0).unwrap()
}

fn file(store: &Store) -> (CaseId, PersonId) {
    let case = CaseId::new();
    let principal = PersonId::new();
    store
        .apply(
            &Actor::supervisor("sam"),
            case,
            Change::CaseReceived {
                file_number: "2024-AI-000001".into(),
                stream: Stream::Ai,
                profile: Profile::Regular,
                received_at: now(),
                language: Language::Fr,
                persons: vec![NewPerson {
                    id: principal,
                    role: PersonRole::PrincipalApplicant,
                    family_name: "Nguyen".into(),
                    given_names: "Thi Lan".into(),
                    date_of_birth: chrono::NaiveDate::from_ymd_opt(1990, 4, 2).unwrap(),
                    attestation_held: false,
                }],
                representative: None,
            },
        )
        .unwrap();
    (case, principal)
}

#[test]
fn a_scan_from_disk_is_checked_with_pdfium_and_recorded_for_its_item_and_person() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_with_clock(
        &dir.path().join("s.db"),
        &StoreKey::random(),
        Arc::new(FixedClock(now())),
    )
    .unwrap();
    let (case, principal) = file(&store);
    let worker = pdf::PdfWorker::start(pdf::WorkerConfig::default());
    let officer = Actor::officer("ana");

    let scan = dir.path().join("passeport gris.pdf");
    std::fs::write(
        &scan,
        scans::scanned_pdf(&scans::ScanSpec {
            title: "PASSEPORT".into(),
            lines: vec![],
            pages: 2,
            colour: scans::ScanColour::Greyscale,
            dpi: 100,
            seed: 1,
            text_layer: false,
        }),
    )
    .unwrap();
    let id = desk::add_document(
        &store,
        &worker,
        &officer,
        case,
        &desk::NewDocument {
            path: &scan,
            checklist_code: "identity_document".into(),
            person_id: Some(principal),
        },
        now(),
    )
    .unwrap();
    let detail = store.case_detail(case).unwrap();
    let doc = detail.documents.iter().find(|d| d.id == id).unwrap();
    assert_eq!(doc.file_name, "passeport gris.pdf");
    assert_eq!(doc.checklist_code.as_deref(), Some("identity_document"));
    assert_eq!(doc.person_id, Some(principal));
    // pdfium ran: two pages, and the greyscale scan is flagged.
    let json = serde_json::to_string(&doc).unwrap();
    assert!(json.contains("not_in_colour"), "{json}");

    // Not a PDF: refused with the file named, nothing recorded.
    let photo = dir.path().join("photo.pdf");
    std::fs::write(&photo, b"\xFF\xD8\xFF\xE0 a JPEG").unwrap();
    let before = store.case_detail(case).unwrap().documents.len();
    let err = desk::add_document(
        &store,
        &worker,
        &officer,
        case,
        &desk::NewDocument {
            path: &photo,
            checklist_code: "identity_document".into(),
            person_id: Some(principal),
        },
        now(),
    )
    .unwrap_err();
    assert_eq!(err.code(), "desk.not_pdf");
    assert_eq!(err.text().id, "desk-not-pdf");
    assert!(err.to_string().contains("JPEG"), "{err}");
    assert_eq!(store.case_detail(case).unwrap().documents.len(), before);

    // A file that is gone says so.
    let err = desk::add_document(
        &store,
        &worker,
        &officer,
        case,
        &desk::NewDocument {
            path: &dir.path().join("absent.pdf"),
            checklist_code: "diplomas".into(),
            person_id: Some(principal),
        },
        now(),
    )
    .unwrap_err();
    assert_eq!(err.code(), "desk.unreadable");
}
