//! The store's write path: every change is one transaction with exactly one operation,
//! forbidden changes leave nothing behind, the log cannot be edited, a newer database is
//! refused, and the queue and search read what was written.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use program::{CaseStatus, FixedClock, Language, PersonRole, Profile, Stream};
use store::ops::NewPerson;
use store::queries::{DueFilter, QueueFilter, QueueQuery};
use store::{Actor, CaseId, Change, PersonId, RequestId, Store, StoreError};

mod common;
use common::{key, raw};

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

fn person(role: PersonRole, family: &str, given: &str, dob: (i32, u32, u32)) -> NewPerson {
    NewPerson {
        id: PersonId::new(),
        role,
        family_name: family.into(),
        given_names: given.into(),
        date_of_birth: NaiveDate::from_ymd_opt(dob.0, dob.1, dob.2).unwrap(),
        attestation_held: false,
    }
}

fn received(file_number: &str, stream: Stream, persons: Vec<NewPerson>) -> Change {
    Change::CaseReceived {
        file_number: file_number.into(),
        stream,
        profile: Profile::Regular,
        received_at: Utc.with_ymd_and_hms(2024, 1, 5, 14, 3, 0).unwrap(),
        language: Language::Fr,
        persons,
        representative: None,
    }
}

fn ops_count(store: &Store) -> u64 {
    store.operation_count().unwrap()
}

#[test]
fn every_write_appends_exactly_one_operation() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let officer = Actor::supervisor("agent.tremblay");
    let case = CaseId::new();
    let family = vec![
        person(
            PersonRole::PrincipalApplicant,
            "Nguyen",
            "Thi Lan",
            (1990, 4, 2),
        ),
        person(PersonRole::DependentChild, "Nguyen", "Minh", (2008, 6, 4)),
    ];
    let changes = vec![
        received("2024-AI-000001", Stream::Ai, family),
        Change::CaseAssigned {
            officer: officer.user.clone(),
        },
        Change::AdmissibilityReviewStarted,
        Change::MissingItemsRequested {
            request_id: RequestId::new(),
            items: vec!["form_part_1".into()],
            sent_at: now(),
        },
    ];
    for (i, change) in changes.into_iter().enumerate() {
        let kind = change.kind();
        let op = store.apply(&officer, case, change).unwrap();
        assert_eq!(ops_count(&store), i as u64 + 1, "after {kind}");
        assert_eq!(op.change.kind(), kind);
    }
    let history = store.operations(case).unwrap();
    assert_eq!(history.len(), 4);
    assert!(
        history.windows(2).all(|w| w[0].hlc < w[1].hlc),
        "clock times increase"
    );
    assert!(history.iter().all(|o| o.author == officer));

    let detail = store.case_detail(case).unwrap();
    assert_eq!(detail.row.status, CaseStatus::MissingItemsRequested);
    // A2: 60 days from 2024-06-03 (Québec) ends on 2024-08-02.
    assert_eq!(
        detail.row.next_deadline,
        NaiveDate::from_ymd_opt(2024, 8, 2)
    );
    assert_eq!(detail.row.days_left, Some(60));
    // The child born 2008-06-04 is 15 on 2024-06-03, the day before turning 16.
    assert_eq!(detail.persons[1].age, 15);
    assert_eq!(detail.operation_count, 4);
}

#[test]
fn a_forbidden_change_writes_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let officer = Actor::supervisor("o");
    let case = CaseId::new();
    store
        .apply(
            &officer,
            case,
            received(
                "2024-AI-000002",
                Stream::Ai,
                vec![person(
                    PersonRole::PrincipalApplicant,
                    "Roy",
                    "Zoé",
                    (1985, 1, 1),
                )],
            ),
        )
        .unwrap();
    let before = ops_count(&store);
    // Recording admissibility before the review started is not a step of the lifecycle.
    let err = store
        .apply(&officer, case, Change::AdmissibleRecorded)
        .unwrap_err();
    assert!(matches!(err, StoreError::Rule(_)), "{err}");
    assert_eq!(err.code(), "rules.forbidden");
    assert_eq!(ops_count(&store), before);
    assert_eq!(
        store.case_detail(case).unwrap().row.status,
        CaseStatus::Received
    );

    // A change to a file that does not exist.
    let err = store
        .apply(&officer, CaseId::new(), Change::AdmissibilityReviewStarted)
        .unwrap_err();
    assert!(matches!(err, StoreError::CaseNotFound(_)));
    // The same file number twice.
    let err = store
        .apply(
            &officer,
            CaseId::new(),
            received(
                "2024-AI-000002",
                Stream::Ai,
                vec![person(
                    PersonRole::PrincipalApplicant,
                    "X",
                    "Y",
                    (1980, 1, 1),
                )],
            ),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::DuplicateFileNumber(_)));
    // A family without a principal applicant.
    let err = store
        .apply(
            &officer,
            CaseId::new(),
            received("2024-AI-000003", Stream::Ai, vec![]),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Malformed(_)));
    assert!(err.reason().is_some(), "said for people: {err}");
    assert_eq!(ops_count(&store), before);
    store.check_integrity().unwrap();
}

#[test]
fn the_operation_log_cannot_be_edited_or_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    {
        let store = Store::open(&path, &key()).unwrap();
        store
            .apply(
                &Actor::supervisor("o"),
                CaseId::new(),
                received(
                    "2024-AI-000004",
                    Stream::Ai,
                    vec![person(
                        PersonRole::PrincipalApplicant,
                        "Kim",
                        "Ji-woo",
                        (1992, 3, 3),
                    )],
                ),
            )
            .unwrap();
    }
    let conn = raw(&path);
    let del = conn.execute("DELETE FROM operations", []).unwrap_err();
    assert!(del.to_string().contains("append-only"), "{del}");
    let upd = conn
        .execute("UPDATE operations SET payload = '{}'", [])
        .unwrap_err();
    assert!(upd.to_string().contains("append-only"), "{upd}");
    // Sync bookkeeping may change.
    conn.execute(
        "UPDATE operations SET sync_state = 'acknowledged', server_seq = 1",
        [],
    )
    .unwrap();
}

#[test]
fn a_database_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    drop(Store::open(&path, &key()).unwrap());
    raw(&path).pragma_update(None, "user_version", 99).unwrap();
    let err = Store::open(&path, &key()).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("newer version of Dossier"));
}

#[test]
fn every_connection_has_foreign_keys_wal_and_full_sync() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    // A document for a file that does not exist is refused by the write path…
    let err = store
        .apply(
            &Actor::supervisor("o"),
            CaseId::new(),
            Change::NoteAdded {
                note_id: store::NoteId::new(),
                body: "x".into(),
            },
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::CaseNotFound(_)));
    // …and the database files show WAL.
    assert!(dir.path().join("s.db-wal").exists());
}

#[test]
fn queue_filters_sorts_and_searches() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let o = Actor::supervisor("o");
    let mk = |n: &str, s: Stream, fam: &str, given: &str| {
        let id = CaseId::new();
        store
            .apply(
                &o,
                id,
                received(
                    n,
                    s,
                    vec![person(
                        PersonRole::PrincipalApplicant,
                        fam,
                        given,
                        (1990, 1, 1),
                    )],
                ),
            )
            .unwrap();
        id
    };
    let a = mk("2024-AI-000010", Stream::Ai, "Côté", "Élodie");
    mk("2024-TIEV-000011", Stream::ItVfx, "Nguyen", "Minh");
    let c = mk("2024-TIEV-000012", Stream::ItVfx, "Singh", "Aarav");
    store
        .apply(&o, c, Change::AdmissibilityReviewStarted)
        .unwrap();
    store
        .apply(
            &o,
            c,
            Change::MissingItemsRequested {
                request_id: RequestId::new(),
                items: vec!["form_part_1".into()],
                sent_at: now() - chrono::Duration::days(58),
            },
        )
        .unwrap();

    let all = store.queue(&QueueQuery::default()).unwrap();
    assert_eq!(all.total, 3);
    // Due date first: the only file with a deadline leads.
    assert_eq!(all.items[0].id, c);
    assert_eq!(all.items[0].days_left, Some(2));

    let ai = store
        .queue(&QueueQuery {
            filter: QueueFilter {
                stream: Some(Stream::Ai),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    assert_eq!((ai.total, ai.items[0].id), (1, a));

    // Search ignores accents and matches prefixes of names and file numbers.
    for text in ["cote", "Élo", "2024-AI-000010"] {
        let found = store
            .queue(&QueueQuery {
                filter: QueueFilter {
                    search: Some(text.into()),
                    ..Default::default()
                },
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            found.items.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![a],
            "search {text:?}"
        );
    }
    let week = store
        .queue(&QueueQuery {
            filter: QueueFilter {
                due: Some(DueFilter::ThisWeek),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    assert_eq!(week.total, 1);
    let none = store
        .queue(&QueueQuery {
            filter: QueueFilter {
                due: Some(DueFilter::Overdue),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    assert_eq!(none.total, 0);
    // Punctuation alone is not a search.
    let punct = store
        .queue(&QueueQuery {
            filter: QueueFilter {
                search: Some("\"*(".into()),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    assert_eq!(punct.total, 3);

    // Issue 17: whose files. One assigned to ana, the others to nobody.
    store
        .apply(
            &o,
            c,
            Change::CaseAssigned {
                officer: store::ids::UserId("ana".into()),
            },
        )
        .unwrap();
    let of = |assignee| {
        store
            .queue(&QueueQuery {
                filter: QueueFilter {
                    assignee: Some(assignee),
                    ..Default::default()
                },
                ..Default::default()
            })
            .unwrap()
    };
    let anas = of(store::AssigneeFilter::User(store::ids::UserId(
        "ana".into(),
    )));
    assert_eq!(anas.items.iter().map(|r| r.id).collect::<Vec<_>>(), vec![c]);
    assert_eq!(anas.items[0].assigned_to.as_deref(), Some("ana"));
    assert_eq!(of(store::AssigneeFilter::Nobody).total, 2);
    assert_eq!(store.assignees().unwrap(), ["ana"]);
    assert_eq!(
        of(store::AssigneeFilter::User(store::ids::UserId(
            "bob".into()
        )))
        .total,
        0
    );
}

#[test]
fn a_file_whose_state_is_missing_or_stale_is_folded_again_from_its_log() {
    // A store from before schema 6 has no `case_states`, and a newer decider writes its
    // state under another version: either way the state is folded from the log when the
    // store opens, and it is the state the write path had kept.
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let sam = Actor::supervisor("sam");
    let (one, two) = (CaseId::new(), CaseId::new());
    for (case, number) in [(one, "2024-AI-000901"), (two, "2024-AI-000902")] {
        let family = vec![person(
            PersonRole::PrincipalApplicant,
            "Roy",
            "Lise",
            (1988, 2, 3),
        )];
        store
            .apply(&sam, case, received(number, Stream::Ai, family))
            .unwrap();
        store
            .apply(&sam, case, Change::AdmissibilityReviewStarted)
            .unwrap();
    }
    let kept = (
        store.file_state(one).unwrap(),
        store.file_state(two).unwrap(),
    );
    let path = store.path().to_path_buf();
    drop(store);
    let conn = raw(&path);
    conn.execute(
        "DELETE FROM case_states WHERE case_id = ?1",
        [one.to_string()],
    )
    .unwrap();
    conn.execute(
        "UPDATE case_states SET version = version + 1, state = '{}' WHERE case_id = ?1",
        [two.to_string()],
    )
    .unwrap();
    drop(conn);
    let store = open(&dir);
    assert_eq!(
        (
            store.file_state(one).unwrap(),
            store.file_state(two).unwrap()
        ),
        kept
    );
    let versions: Vec<i64> = raw(&path)
        .prepare("SELECT version FROM case_states ORDER BY case_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(versions, vec![i64::from(decider::STATE_VERSION); 2]);
}
