//! Quality reports and their dismissal: a report given with `DocumentAdded` is stored
//! with the document and read back on the case screen; a document added without one
//! reads as "not checked"; a dismissal is one operation that names the flag and the
//! reason, and the checks refuse what would make no sense (no such flag, twice, empty
//! reason, someone else's document) without writing anything.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use program::{FixedClock, Language, PersonRole, Profile, Stream};
use store::ops::NewPerson;
use store::quality::{PageSizeRun, ScanMode};
use store::{
    Actor, CaseId, Change, DocumentId, PersonId, QualityFlag, QualityFlagKind, QualityReport,
    Store, StoreError,
};

mod common;
use common::key;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 3, 15, 0, 0).unwrap()
}

fn open(dir: &tempfile::TempDir) -> Store {
    Store::open_with_clock(
        &dir.path().join("s.db"),
        &key(),
        Arc::new(FixedClock(now())),
    )
    .unwrap()
}

fn new_case(store: &Store, number: &str) -> CaseId {
    let case = CaseId::new();
    store
        .apply(
            &Actor::supervisor("intake"),
            case,
            Change::CaseReceived {
                file_number: number.into(),
                stream: Stream::Ai,
                profile: Profile::Regular,
                received_at: Utc.with_ymd_and_hms(2024, 1, 5, 14, 3, 0).unwrap(),
                language: Language::Fr,
                persons: vec![NewPerson {
                    id: PersonId::new(),
                    role: PersonRole::PrincipalApplicant,
                    family_name: "Nguyen".into(),
                    given_names: "Thi Lan".into(),
                    date_of_birth: NaiveDate::from_ymd_opt(1990, 4, 2).unwrap(),
                    attestation_held: false,
                }],
                representative: None,
            },
        )
        .unwrap();
    case
}

fn greyscale_report() -> QualityReport {
    QualityReport {
        page_count: Some(2),
        page_sizes: vec![PageSizeRun {
            width: 612.0,
            height: 792.0,
            pages: 2,
        }],
        checked_pages: 2,
        flags: vec![
            QualityFlag::NotInColour {
                mode: ScanMode::Greyscale,
            },
            QualityFlag::BlankPages { pages: vec![2] },
        ],
    }
}

fn add_document(
    store: &Store,
    case: CaseId,
    name: &str,
    quality: Option<QualityReport>,
) -> DocumentId {
    let bytes = format!("%PDF-1.7 {name}").into_bytes();
    let sha256 = store.blobs().put(&bytes).unwrap();
    let id = DocumentId::new();
    store
        .apply(
            &Actor::supervisor("intake"),
            case,
            Change::DocumentAdded {
                document_id: id,
                person_id: None,
                checklist_code: Some("identity".into()),
                file_name: name.into(),
                sha256,
                byte_size: bytes.len() as u64,
                received_at: now(),
                quality,
            },
        )
        .unwrap();
    id
}

#[test]
fn a_report_given_at_ingest_is_stored_with_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let case = new_case(&store, "2024-AI-000001");
    let checked = add_document(&store, case, "acte.pdf", Some(greyscale_report()));
    let unchecked = add_document(&store, case, "zz-inconnu.pdf", None);

    let detail = store.case_detail(case).unwrap();
    let doc = detail.documents.iter().find(|d| d.id == checked).unwrap();
    assert_eq!(doc.quality.as_ref(), Some(&greyscale_report()));
    assert!(doc.dismissals.is_empty());
    assert_eq!(doc.case_id, case);
    let none = detail.documents.iter().find(|d| d.id == unchecked).unwrap();
    assert_eq!(
        none.quality, None,
        "a document added without a report is not checked"
    );

    // The report travels in the operation, so a replay elsewhere has the same badges.
    let ops = store.operations(case).unwrap();
    let added = ops
        .iter()
        .find_map(|o| match &o.change {
            Change::DocumentAdded {
                document_id,
                quality,
                ..
            } if *document_id == checked => Some(quality.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(added, Some(greyscale_report()));

    assert_eq!(store.document(checked).unwrap(), *doc);
    assert!(
        store
            .document_blob(checked)
            .unwrap()
            .read()
            .unwrap()
            .starts_with(b"%PDF")
    );
    let missing = store.document(DocumentId::new()).unwrap_err();
    assert!(
        matches!(missing, StoreError::DocumentNotFound(_)),
        "{missing}"
    );
}

#[test]
fn an_operation_written_before_reports_existed_still_reads() {
    // The payload of a DocumentAdded from schema 1 has no `quality` field.
    let json = serde_json::json!({
        "kind": "document_added",
        "document_id": DocumentId::new(),
        "person_id": null,
        "checklist_code": "identity",
        "file_name": "passeport.pdf",
        "sha256": "ab".repeat(32),
        "byte_size": 10,
        "received_at": "2024-01-05T14:03:00Z"
    });
    let change: Change = serde_json::from_value(json).unwrap();
    assert!(matches!(
        change,
        Change::DocumentAdded { quality: None, .. }
    ));
}

#[test]
fn dismissing_a_flag_is_one_operation_and_shows_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let case = new_case(&store, "2024-AI-000001");
    let doc = add_document(&store, case, "acte.pdf", Some(greyscale_report()));
    let officer = Actor::officer("agent.tremblay");
    let before = store.operation_count().unwrap();

    let op = store
        .apply(
            &officer,
            case,
            Change::QualityFlagDismissed {
                document_id: doc,
                flag: QualityFlagKind::NotInColour,
                reason: "  L'original est en noir et blanc.  ".into(),
            },
        )
        .unwrap();
    assert_eq!(op.change.kind(), "quality_flag_dismissed");
    assert_eq!(store.operation_count().unwrap(), before + 1);

    let view = store.document(doc).unwrap();
    assert_eq!(view.dismissals.len(), 1);
    let d = &view.dismissals[0];
    assert_eq!(d.flag, QualityFlagKind::NotInColour);
    assert_eq!(d.reason, "L'original est en noir et blanc.");
    assert_eq!(d.dismissed_by.0, "agent.tremblay");
    assert_eq!(d.dismissed_at, now());
    // The report itself is unchanged: the flag stays on record.
    assert_eq!(view.quality, Some(greyscale_report()));
    assert_eq!(
        store.case_detail(case).unwrap().documents[0].dismissals,
        view.dismissals
    );
    // The audit trail names the flag in words, in each language.
    let trail = store.audit_trail(case).unwrap();
    let entry = trail
        .iter()
        .find(|e| e.kind == "quality_flag_dismissed")
        .expect("the dismissal is in the audit trail");
    let summary = entry.summary.both();
    assert!(
        summary.fr.contains("«\u{a0}pas en couleur\u{a0}» écarté"),
        "{}",
        summary.fr
    );
    assert!(
        summary.en.contains("“not in colour” dismissed"),
        "{}",
        summary.en
    );
}

#[test]
fn dismissals_that_make_no_sense_are_refused_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let case = new_case(&store, "2024-AI-000001");
    let other = new_case(&store, "2024-AI-000002");
    let doc = add_document(&store, case, "acte.pdf", Some(greyscale_report()));
    let unchecked = add_document(&store, case, "inconnu.pdf", None);
    let officer = Actor::officer("agent.tremblay");
    let dismiss = |case, document_id, flag, reason: &str| {
        store.apply(
            &officer,
            case,
            Change::QualityFlagDismissed {
                document_id,
                flag,
                reason: reason.into(),
            },
        )
    };
    store
        .apply(
            &officer,
            case,
            Change::QualityFlagDismissed {
                document_id: doc,
                flag: QualityFlagKind::BlankPages,
                reason: "Verso blanc d'un certificat".into(),
            },
        )
        .unwrap();
    let before = store.operation_count().unwrap();

    let cases: Vec<(&str, Result<store::Operation, StoreError>, &str)> = vec![
        (
            "empty reason",
            dismiss(case, doc, QualityFlagKind::NotInColour, "   "),
            "reason is empty",
        ),
        (
            "reason too long",
            dismiss(case, doc, QualityFlagKind::NotInColour, &"x".repeat(1001)),
            "longer than 1,000",
        ),
        (
            "flag not raised",
            dismiss(case, doc, QualityFlagKind::LowResolution, "ok"),
            "no “low resolution” flag",
        ),
        (
            "twice",
            dismiss(case, doc, QualityFlagKind::BlankPages, "encore"),
            "already dismissed",
        ),
        (
            "not checked",
            dismiss(case, unchecked, QualityFlagKind::NotInColour, "ok"),
            "has not been checked",
        ),
        (
            "another file's document",
            dismiss(other, doc, QualityFlagKind::NotInColour, "ok"),
            "not on this file",
        ),
    ];
    for (what, result, says) in cases {
        let err = result.expect_err(what);
        assert!(matches!(err, StoreError::Refused(_)), "{what}: {err}");
        assert!(
            !err.reason().unwrap().both().fr.is_empty(),
            "{what}: said in French too"
        );
        assert!(err.to_string().contains(says), "{what}: {err}");
    }
    let unknown = dismiss(case, DocumentId::new(), QualityFlagKind::NotInColour, "ok").unwrap_err();
    // The decider knows the file, not the store: a document it does not hold is not on it.
    assert!(
        matches!(unknown, StoreError::Refused(_))
            && unknown.to_string().contains("not on this file"),
        "{unknown}"
    );
    assert_eq!(
        store.operation_count().unwrap(),
        before,
        "refusals write nothing"
    );
    assert_eq!(store.document(doc).unwrap().dismissals.len(), 1);
}

#[test]
fn a_report_with_a_flag_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let case = new_case(&store, "2024-AI-000001");
    let mut report = greyscale_report();
    report
        .flags
        .push(QualityFlag::BlankPages { pages: vec![1] });
    let err = store
        .apply(
            &Actor::supervisor("intake"),
            case,
            Change::DocumentAdded {
                document_id: DocumentId::new(),
                person_id: None,
                checklist_code: None,
                file_name: "x.pdf".into(),
                sha256: store.blobs().put(b"%PDF-1.7 x").unwrap(),
                byte_size: 10,
                received_at: now(),
                quality: Some(report),
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("twice"), "{err}");
}

#[test]
fn a_schema_one_store_is_upgraded_in_place() {
    // A store created by schema 1 (only 0001 applied) opens with the dismissals table.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../migrations/0001_initial.sql"))
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
    }
    let store = Store::open_with_clock(&path, &key(), Arc::new(FixedClock(now()))).unwrap();
    let case = new_case(&store, "2024-AI-000001");
    let doc = add_document(&store, case, "acte.pdf", Some(greyscale_report()));
    store
        .apply(
            &Actor::officer("agent.tremblay"),
            case,
            Change::QualityFlagDismissed {
                document_id: doc,
                flag: QualityFlagKind::NotInColour,
                reason: "ok".into(),
            },
        )
        .unwrap();
    store.check_integrity().unwrap();
}
