//! P5 in the decider: an operation is decided with the program definition version it
//! names, and again with the one in force at its instant when that is another; any
//! difference is a conflict, never a silent one, and a version nobody holds is refused.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use decider::Refusal;
use oplog::hlc::Hlc;
use oplog::ids::{Actor, CaseId, OperationId, PersonId, RequestId};
use oplog::{Change, NewPerson, Operation, SyncState};
use program::{
    Language, PersonRole, Profile, ProgramVersion, ProgramVersionId, ProgramVersions, Stream,
};

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 15, 0, 0).unwrap()
}

fn op(case: CaseId, change: Change, when: DateTime<Utc>, program: u32) -> Operation {
    Operation {
        id: OperationId::new(),
        case_id: case,
        change,
        author: Actor::supervisor("sam"),
        hlc: Hlc {
            wall_ms: u64::try_from(when.timestamp_millis()).unwrap(),
            counter: 0,
            node: 1,
        },
        program: ProgramVersionId(program),
        sync_state: SyncState::Pending,
    }
}

/// Versions 1 (built in), 2 (longer missing-items deadlines) from 2025-01-01.
fn versions() -> ProgramVersions {
    let mut v = ProgramVersions::builtin();
    let source = program::definition::BUILTIN_TOML
        .replace("missing_items_days = 60", "missing_items_days = 90");
    v.push(
        ProgramVersion::from_source(
            ProgramVersionId(2),
            at(2025, 1, 1),
            source,
            at(2024, 12, 20),
            "admin".into(),
        )
        .unwrap(),
    )
    .unwrap();
    v
}

/// A file received in 2024, in admissibility review.
fn file(versions: &ProgramVersions) -> (CaseId, decider::FileState) {
    let case = CaseId::new();
    let received = op(
        case,
        Change::CaseReceived {
            file_number: "2024-AI-000001".into(),
            stream: Stream::Ai,
            profile: Profile::Regular,
            received_at: at(2024, 3, 1),
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
        },
        at(2024, 3, 1),
        1,
    );
    let state = decider::apply(versions, None, &received).unwrap();
    let review = op(case, Change::AdmissibilityReviewStarted, at(2024, 3, 2), 1);
    (
        case,
        decider::apply(versions, Some(state), &review).unwrap(),
    )
}

fn request(state: &decider::FileState, case: CaseId, when: DateTime<Utc>, v: u32) -> Operation {
    let items = state.gap_keys(
        program::ProgramDefinition::builtin(),
        program::montreal_date(when),
    );
    op(
        case,
        Change::MissingItemsRequested {
            request_id: RequestId::new(),
            items,
            sent_at: when,
        },
        when,
        v,
    )
}

#[test]
fn p5_an_operation_is_decided_and_replayed_with_the_version_it_names() {
    let versions = versions();
    let (case, state) = file(&versions);
    // Made in 2025 by a laptop holding version 2: 90 days.
    let after = decider::apply(
        &versions,
        Some(state.clone()),
        &request(&state, case, at(2025, 2, 3), 2),
    )
    .unwrap();
    let deadline = after.requests[0].deadline;
    assert_eq!(
        deadline.last_day - deadline.sent_on,
        chrono::Duration::days(90)
    );
    // Made in 2024, before version 2: 60 days, and replayed alike on any day.
    let before = request(&state, case, at(2024, 6, 3), 1);
    let after = decider::apply(&versions, Some(state.clone()), &before).unwrap();
    let deadline = after.requests[0].deadline;
    assert_eq!(
        deadline.last_day - deadline.sent_on,
        chrono::Duration::days(60)
    );
}

#[test]
fn p5_an_older_version_that_decides_otherwise_is_a_conflict_and_one_that_agrees_is_accepted() {
    let versions = versions();
    let (case, state) = file(&versions);
    // Offline since before version 2, a laptop requests items in 2025 with version 1.
    let refused = decider::apply(
        &versions,
        Some(state.clone()),
        &request(&state, case, at(2025, 2, 3), 1),
    )
    .unwrap_err();
    assert_eq!(
        refused,
        Refusal::ProgramVersionMismatch {
            named: ProgramVersionId(1),
            in_force: ProgramVersionId(2),
            since: at(2025, 1, 1),
        }
    );
    assert_eq!(refused.code(), "conflict.program_version");
    assert_eq!(refused.reason().id, "refusal-program-version-mismatch");
    // A note decides the same under both: accepted, naming version 1.
    let note = op(
        case,
        Change::NoteAdded {
            note_id: oplog::ids::NoteId::new(),
            body: "called the applicant".into(),
        },
        at(2025, 2, 3),
        1,
    );
    decider::apply(&versions, Some(state), &note).unwrap();
}

#[test]
fn p5_a_version_nobody_holds_is_refused() {
    let versions = versions();
    let (case, state) = file(&versions);
    let refused = decider::apply(
        &versions,
        Some(state.clone()),
        &request(&state, case, at(2025, 2, 3), 7),
    )
    .unwrap_err();
    assert_eq!(refused, Refusal::UnknownProgramVersion(ProgramVersionId(7)));
    assert_eq!(refused.code(), "program.unknown_version");
    // A fold of a log naming it replays with the version in force at its instant.
    let op = request(&state, case, at(2025, 2, 3), 7);
    assert_eq!(
        decider::definition_for(&versions, &op)
            .deadlines
            .missing_items_days,
        90
    );
}
