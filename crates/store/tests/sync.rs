//! The store's sync bookkeeping: remote operations are applied once by id, answers from
//! the server are recorded (a rejected operation is kept with its reason and its effect
//! is taken out of the file), the pull cursor survives a restart, and a remote change
//! that the server ordered before a pending local one is merged under it.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use program::{CaseStatus, FixedClock, Language, PersonRole, Profile, Stream};
use store::ops::NewPerson;
use store::sync::{PushVerdict, Rejection, RemoteOperation, SyncKey};
use store::{Actor, CaseId, Change, NoteId, Operation, PersonId, RequestId, Store, SyncState};

mod common;
use common::key;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 3, 15, 0, 0).unwrap()
}

fn open(dir: &tempfile::TempDir, name: &str) -> Store {
    Store::open_with_clock(&dir.path().join(name), &key(), Arc::new(FixedClock(now()))).unwrap()
}

fn received(file_number: &str) -> Change {
    Change::CaseReceived {
        file_number: file_number.into(),
        stream: Stream::Ai,
        profile: Profile::Regular,
        received_at: Utc.with_ymd_and_hms(2024, 1, 5, 14, 3, 0).unwrap(),
        language: Language::Fr,
        persons: vec![NewPerson {
            id: PersonId::new(),
            role: PersonRole::PrincipalApplicant,
            family_name: "Tremblay".into(),
            given_names: "Marie".into(),
            date_of_birth: NaiveDate::from_ymd_opt(1990, 5, 1).unwrap(),
            attestation_held: false,
        }],
        representative: None,
    }
}

/// A2: a missing-items request (moves the file out of admissibility review).
fn request_items(item: &str) -> Change {
    Change::MissingItemsRequested {
        request_id: RequestId::new(),
        items: vec![item.into()],
        sent_at: now(),
    }
}

fn note(body: &str) -> Change {
    Change::NoteAdded {
        note_id: NoteId::new(),
        body: body.into(),
    }
}

/// Operations as the server would send them: numbered from `first`.
fn as_remote(ops: &[Operation], first: i64) -> Vec<RemoteOperation> {
    ops.iter()
        .enumerate()
        .map(|(i, op)| RemoteOperation {
            server_seq: first + i as i64,
            operation: Operation {
                sync_state: SyncState::Acknowledged,
                ..op.clone()
            },
        })
        .collect()
}

/// A file in admissibility review made on `origin` by the supervisor, as remote operations.
fn file_under_review(origin: &Store, number: &str) -> (CaseId, Vec<Operation>) {
    let sam = Actor::supervisor("sam");
    let case = CaseId::new();
    let ops = vec![
        origin.apply(&sam, case, received(number)).unwrap(),
        origin
            .apply(
                &sam,
                case,
                Change::CaseAssigned {
                    officer: store::UserId("ana".into()),
                },
            )
            .unwrap(),
        origin
            .apply(&sam, case, Change::AdmissibilityReviewStarted)
            .unwrap(),
    ];
    (case, ops)
}

#[test]
fn a_remote_operation_is_applied_once_by_id_and_the_clock_moves_past_it() {
    let dir = tempfile::tempdir().unwrap();
    let server_side = open(&dir, "origin.db");
    let laptop = open(&dir, "laptop.db");
    let (case, ops) = file_under_review(&server_side, "2024-AI-000001");
    let remote = as_remote(&ops, 1);

    let first = laptop.apply_remote(&remote).unwrap();
    assert_eq!(first.applied, 3);
    let again = laptop.apply_remote(&remote).unwrap();
    assert_eq!((again.applied, again.already_had), (0, 3));
    // The same page sent out of order is still applied once.
    let mut shuffled = remote.clone();
    shuffled.reverse();
    assert_eq!(laptop.apply_remote(&shuffled).unwrap().already_had, 3);

    assert_eq!(laptop.operation_count().unwrap(), 3);
    assert_eq!(laptop.pending_count().unwrap(), 0);
    let detail = laptop.case_detail(case).unwrap();
    assert_eq!(detail.row.status, CaseStatus::AdmissibilityReview);
    let logged = laptop.operations(case).unwrap();
    assert!(
        logged
            .iter()
            .all(|o| o.sync_state == SyncState::Acknowledged)
    );

    // A local change made after the remote ones sorts after them by clock.
    let mine = laptop
        .apply(&Actor::officer("ana"), case, note("called the employer"))
        .unwrap();
    assert!(mine.hlc > ops[2].hlc);
}

#[test]
fn answers_are_recorded_and_a_rejected_operation_is_kept_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let server_side = open(&dir, "origin.db");
    let (case, ops) = file_under_review(&server_side, "2024-AI-000002");
    let path = dir.path().join("laptop.db");
    let ana = Actor::officer("ana");
    let (accepted, rejected) = {
        let laptop = open(&dir, "laptop.db");
        laptop.apply_remote(&as_remote(&ops, 1)).unwrap();
        let n = laptop
            .apply(&ana, case, note("documents look fine"))
            .unwrap();
        let admissible = laptop
            .apply(&ana, case, request_items("form_part_1"))
            .unwrap();
        assert_eq!(laptop.pending_count().unwrap(), 2);
        assert_eq!(
            laptop.case_detail(case).unwrap().row.status,
            CaseStatus::MissingItemsRequested
        );
        let pending = laptop.pending_operations(10).unwrap();
        assert_eq!(
            pending.iter().map(|o| o.id).collect::<Vec<_>>(),
            vec![n.id, admissible.id]
        );

        let report = laptop
            .record_push_results(&[
                (n.id, PushVerdict::Accepted { server_seq: 4 }),
                (
                    admissible.id,
                    PushVerdict::Rejected(Rejection {
                        code: "conflict.transition".into(),
                        message: "the file is now missing_items_requested after operation 5".into(),
                        reason: Some(vocab::Text::new("reason-as-given").with(
                            "text",
                            program::Bilingual::new(
                                "le dossier a changé sur le serveur (opération 5)",
                                "the file is now missing_items_requested after operation 5",
                            ),
                        )),
                    }),
                ),
            ])
            .unwrap();
        assert_eq!((report.acknowledged, report.rejected), (1, 1));
        (n, admissible)
    };

    // After a restart: nothing pending, the note acknowledged, the decision kept as a
    // conflict with its reason, and its effect taken out of the file.
    let laptop = Store::open_with_clock(&path, &key(), Arc::new(FixedClock(now()))).unwrap();
    assert_eq!(laptop.pending_count().unwrap(), 0);
    assert_eq!(laptop.rejected_count().unwrap(), 1);
    let log = laptop.operations(case).unwrap();
    let state = |id| log.iter().find(|o| o.id == id).unwrap().sync_state;
    assert_eq!(state(accepted.id), SyncState::Acknowledged);
    assert_eq!(state(rejected.id), SyncState::Rejected);
    let conflicts = laptop.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].operation.id, rejected.id);
    assert_eq!(
        conflicts[0].operation.change.kind(),
        "missing_items_requested"
    );
    assert_eq!(conflicts[0].rejection.code, "conflict.transition");
    assert!(conflicts[0].rejection.message.contains("operation 5"));
    // Kept with the server's words in both languages, and what it did in words.
    let reason = conflicts[0].rejection.reason.as_ref().unwrap().both();
    assert!(reason.fr.contains("opération 5"), "{reason:?}");
    let summary = conflicts[0].summary.both();
    assert!(
        summary.fr.starts_with("Demande") && !summary.en.contains('_'),
        "{:?}",
        conflicts[0].summary
    );
    assert_eq!(conflicts[0].file_number.as_deref(), Some("2024-AI-000002"));
    assert_eq!(
        conflicts[0].current_status,
        Some(CaseStatus::AdmissibilityReview)
    );
    let detail = laptop.case_detail(case).unwrap();
    assert_eq!(detail.row.status, CaseStatus::AdmissibilityReview);
    laptop.check_integrity().unwrap();
}

#[test]
fn the_pull_cursor_and_the_last_sync_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    {
        let laptop = open(&dir, "laptop.db");
        assert_eq!(laptop.sync_value(SyncKey::Cursor).unwrap(), None);
        laptop
            .set_sync_value(SyncKey::Cursor, Some("o.57.41"))
            .unwrap();
        laptop
            .set_sync_value(SyncKey::LastSync, Some("2024-06-03T15:00:00Z"))
            .unwrap();
        laptop.set_sync_value(SyncKey::User, Some("ana")).unwrap();
    }
    let laptop = open(&dir, "laptop.db");
    assert_eq!(
        laptop.sync_value(SyncKey::Cursor).unwrap().as_deref(),
        Some("o.57.41")
    );
    assert_eq!(laptop.last_sync().unwrap(), Some(now()));
    laptop.set_sync_value(SyncKey::User, None).unwrap();
    assert_eq!(laptop.sync_value(SyncKey::User).unwrap(), None);
}

#[test]
fn a_remote_change_ordered_first_is_merged_under_pending_ones_and_a_conflict_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let server_side = open(&dir, "origin.db");
    let laptop = open(&dir, "laptop.db");
    let (case, ops) = file_under_review(&server_side, "2024-AI-000003");
    laptop.apply_remote(&as_remote(&ops, 1)).unwrap();

    // Offline, ana writes a note and records the file admissible.
    let ana = Actor::officer("ana");
    let my_note = laptop.apply(&ana, case, note("met the applicant")).unwrap();
    let mine = laptop
        .apply(&ana, case, request_items("form_part_1"))
        .unwrap();
    // Meanwhile the supervisor requested missing items; the server has it as number 4.
    let request = server_side
        .apply(
            &Actor::supervisor("sam"),
            case,
            request_items("form_part_2"),
        )
        .unwrap();
    let report = laptop
        .apply_remote(&as_remote(std::slice::from_ref(&request), 4))
        .unwrap();
    assert_eq!(report.applied, 1);
    assert_eq!(report.rebuilt, 1);
    assert_eq!(report.locally_rejected, vec![mine.id]);

    // The server's change holds; the note still waits to be pushed; the decision is kept
    // as a conflict, with why.
    let detail = laptop.case_detail(case).unwrap();
    assert_eq!(detail.row.status, CaseStatus::MissingItemsRequested);
    let pending = laptop.pending_operations(10).unwrap();
    assert_eq!(
        pending.iter().map(|o| o.id).collect::<Vec<_>>(),
        vec![my_note.id]
    );
    let conflicts = laptop.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].operation.id, mine.id);
    assert_eq!(conflicts[0].rejection.code, "conflict.transition");
    assert!(
        conflicts[0].rejection.message.contains("not sent"),
        "{}",
        conflicts[0].rejection.message
    );
    // The replay's refusal is said in French too.
    let reason = conflicts[0].rejection.reason.as_ref().unwrap().both();
    assert!(reason.fr.starts_with("non envoyé"), "{reason:?}");
    // Nothing is lost: every operation is still in the log.
    assert_eq!(laptop.operations(case).unwrap().len(), 6);
    laptop.check_integrity().unwrap();
    // And the file can still be found by name after its rebuild.
    let hits = laptop
        .queue(&store::QueueQuery {
            filter: store::QueueFilter {
                search: Some("Tremblay".into()),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    assert_eq!(hits.total, 1);
}

#[test]
fn our_own_operation_coming_back_from_the_server_acknowledges_it() {
    let dir = tempfile::tempdir().unwrap();
    let server_side = open(&dir, "origin.db");
    let laptop = open(&dir, "laptop.db");
    let (case, ops) = file_under_review(&server_side, "2024-AI-000004");
    laptop.apply_remote(&as_remote(&ops, 1)).unwrap();
    let mine = laptop
        .apply(&Actor::officer("ana"), case, note("pushed, answer lost"))
        .unwrap();
    // The push reached the server but its answer was lost; the pull brings it back.
    let report = laptop
        .apply_remote(&as_remote(std::slice::from_ref(&mine), 4))
        .unwrap();
    assert_eq!(report.acknowledged, 1);
    assert_eq!(laptop.pending_count().unwrap(), 0);
    assert_eq!(laptop.operations(case).unwrap().len(), 4);
    assert_eq!(laptop.case_detail(case).unwrap().operation_count, 4);
}

#[test]
fn an_operation_held_here_as_refused_that_the_server_holds_is_acknowledged_and_applied() {
    // Found by the convergence test (seed 20261207): the push reached the server, its
    // answer was lost, and the laptop came to hold the operation as refused. When the
    // pull brings it, the server's log wins.
    let dir = tempfile::tempdir().unwrap();
    let server_side = open(&dir, "origin.db");
    let laptop = open(&dir, "laptop.db");
    let (case, ops) = file_under_review(&server_side, "2024-AI-000005");
    laptop.apply_remote(&as_remote(&ops, 1)).unwrap();
    let mine = laptop
        .apply(&Actor::officer("ana"), case, request_items("form_part_1"))
        .unwrap();
    laptop
        .record_push_results(&[(
            mine.id,
            PushVerdict::Rejected(Rejection {
                code: "conflict.transition".into(),
                message: "taken for refused".into(),
                reason: None,
            }),
        )])
        .unwrap();
    assert_eq!(laptop.rejected_count().unwrap(), 1);
    assert_eq!(
        laptop.case_detail(case).unwrap().row.status,
        CaseStatus::AdmissibilityReview
    );

    let report = laptop
        .apply_remote(&as_remote(std::slice::from_ref(&mine), 4))
        .unwrap();
    assert_eq!(report.acknowledged, 1);
    assert!(report.unapplied.is_empty(), "{:?}", report.unapplied);
    assert_eq!(laptop.rejected_count().unwrap(), 0);
    assert!(laptop.conflicts().unwrap().is_empty());
    let log = laptop.operations(case).unwrap();
    let held = log.iter().find(|o| o.id == mine.id).unwrap();
    assert_eq!(held.sync_state, SyncState::Acknowledged);
    assert_eq!(
        laptop.case_detail(case).unwrap().row.status,
        CaseStatus::MissingItemsRequested
    );
    // The server's next operation of the file goes on top of it.
    let next = server_side
        .apply(&Actor::supervisor("sam"), case, note("after the request"))
        .unwrap();
    let report = laptop.apply_remote(&as_remote(&[next], 5)).unwrap();
    assert_eq!(report.applied, 1);
    laptop.check_integrity().unwrap();
}

#[test]
fn a_server_operation_that_does_not_apply_here_is_kept_and_shown_never_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let origin = open(&dir, "origin.db");
    let here = open(&dir, "here.db");
    let (case, ops) = file_under_review(&origin, "2024-AI-000777");
    // Only the file's later note reaches this laptop, without the file itself.
    let n = origin
        .apply(
            &Actor::supervisor("sam"),
            case,
            note("sur un dossier absent"),
        )
        .unwrap();
    let report = here
        .apply_remote(&as_remote(std::slice::from_ref(&n), ops.len() as i64 + 1))
        .unwrap();
    assert_eq!(report.applied, 0);
    assert_eq!(report.unapplied.len(), 1);
    let conflicts = here.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    let c = &conflicts[0];
    assert!(c.from_server);
    assert_eq!(c.operation.id, n.id);
    assert_eq!(c.rejection.code, store::sync::REMOTE_UNAPPLIED);
    let reason = c.rejection.reason.as_ref().unwrap().both();
    assert!(reason.fr.contains("reçu du serveur"), "{reason:?}");
    assert!(reason.en.contains("does not hold"), "{reason:?}");
    assert_eq!(here.rejected_count().unwrap(), 1);
    // Kept across a restart.
    drop(here);
    let here = open(&dir, "here.db");
    assert_eq!(here.conflicts().unwrap().len(), 1);
}
