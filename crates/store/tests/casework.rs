//! Casework through the one write path: the checklist generated from the program and the
//! family, missing-items requests closed by items received, the attestation per person,
//! fees and family changes, letters of intent, proposals and supervisor approval with CSQ
//! numbers, the file locked after the CSQ, and the audit trail. Each refusal says why.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use program::fees::Payer;
use program::{
    Bilingual, Cad, CaseStatus, Decision, FixedClock, Language, PersonRole, Profile, RefusalGround,
    RejectionGround, Stream,
};
use store::ops::NewPerson;
use store::work::{Action, Casework, ItemStanding};
use store::{
    Actor, CaseId, Change, DecisionId, DocumentId, PaymentId, PersonId, RequestId, Store,
    StoreError,
};

mod common;
use common::key;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, 4, 15, 0, 0).unwrap()
}

fn open_at(path: &Path, now: DateTime<Utc>) -> Store {
    Store::open_with_clock(path, &key(), Arc::new(FixedClock(now))).unwrap()
}

fn officer() -> Actor {
    Actor::officer("agent.tremblay")
}

fn supervisor() -> Actor {
    Actor::supervisor("sup.gagnon")
}

struct File {
    case: CaseId,
    principal: PersonId,
    spouse: PersonId,
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A file received 2024-01-05 with a principal applicant and a spouse, review started.
fn received(store: &Store) -> File {
    received_as(store, "2024-AI-000123", Stream::Ai, Language::Fr)
}

/// [`received`], with its own number, stream and applicant's language.
fn received_as(store: &Store, number: &str, stream: Stream, language: Language) -> File {
    let principal = PersonId::new();
    let spouse = PersonId::new();
    let case = CaseId::new();
    let person = |id, role, given: &str, dob: &str| NewPerson {
        id,
        role,
        family_name: "Nguyen".into(),
        given_names: given.into(),
        date_of_birth: day(dob),
        attestation_held: false,
    };
    store
        .apply(
            &Actor::supervisor("intake"),
            case,
            Change::CaseReceived {
                file_number: number.into(),
                stream,
                profile: Profile::Regular,
                received_at: Utc.with_ymd_and_hms(2024, 1, 5, 14, 3, 0).unwrap(),
                language,
                persons: vec![
                    person(
                        principal,
                        PersonRole::PrincipalApplicant,
                        "Thi Lan",
                        "1990-04-02",
                    ),
                    person(spouse, PersonRole::Spouse, "Minh", "1991-05-06"),
                ],
                representative: None,
            },
        )
        .unwrap();
    store
        .apply(&officer(), case, Change::AdmissibilityReviewStarted)
        .unwrap();
    File {
        case,
        principal,
        spouse,
    }
}

/// Receives every missing checklist item, each as a document of the file.
fn receive_all(store: &Store, case: CaseId, except: Option<&str>) {
    let except: Vec<String> = except.map(str::to_owned).into_iter().collect();
    receive_all_but(store, case, &except);
}

fn pay(store: &Store, case: CaseId, dollars: i64) {
    store
        .apply(
            &officer(),
            case,
            Change::PaymentRecorded {
                payment_id: PaymentId::new(),
                amount: Cad::from_dollars(dollars),
                paid_on: day("2024-01-05"),
                payer: Payer::ThirdParty,
            },
        )
        .unwrap();
}

fn status(store: &Store, case: CaseId) -> CaseStatus {
    store.case_detail(case).unwrap().row.status
}

fn blocked(store: &Store, case: CaseId, actor: &Actor, action: Action) -> Option<Bilingual> {
    store
        .casework(case, actor)
        .unwrap()
        .actions
        .into_iter()
        .find(|a| a.action == action)
        .unwrap_or_else(|| panic!("{action:?} is not offered"))
        .blocked
        .map(|t| t.both())
}

#[test]
fn a1_checklist_follows_the_program_and_family_and_admissible_needs_it_complete() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_at(&dir.path().join("s.db"), t0());
    let f = received(&store);
    let work = store.casework(f.case, &officer()).unwrap();
    // File items, the principal's own, and the spouse's identity and birth certificate.
    assert!(
        work.checklist
            .iter()
            .any(|c| c.code == "form_part_1" && c.person_id.is_none())
    );
    assert!(
        work.checklist
            .iter()
            .any(|c| c.code == "diplomas" && c.person_id == Some(f.principal))
    );
    assert!(
        work.checklist
            .iter()
            .any(|c| c.code == "identity_document" && c.person_id == Some(f.spouse))
    );
    assert!(
        !work
            .checklist
            .iter()
            .any(|c| c.code == "diplomas" && c.person_id == Some(f.spouse))
    );
    // $1: 895 + 192.
    assert_eq!(work.fees.due, Some(Cad::from_dollars(1087)));

    // Refusal: admissible with an item missing.
    receive_all(&store, f.case, Some("form_part_2"));
    pay(&store, f.case, 1087);
    let before = store.operation_count().unwrap();
    let err = store
        .apply(&officer(), f.case, Change::AdmissibleRecorded)
        .unwrap_err();
    assert_eq!(err.code(), "rules.unmet");
    assert!(err.to_string().contains("incomplete (A1)"), "{err}");
    assert_eq!(store.operation_count().unwrap(), before);
    assert!(blocked(&store, f.case, &officer(), Action::RecordAdmissible).is_some());

    receive_all(&store, f.case, None);
    assert_eq!(
        blocked(&store, f.case, &officer(), Action::RecordAdmissible),
        None
    );
    store
        .apply(&officer(), f.case, Change::AdmissibleRecorded)
        .unwrap();
    assert_eq!(status(&store, f.case), CaseStatus::InReview);
}

#[test]
fn f3_explanatory_letters_are_judged_and_cannot_replace_a_form() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_at(&dir.path().join("s.db"), t0());
    let f = received(&store);
    let doc = DocumentId::new();
    store
        .apply(
            &officer(),
            f.case,
            Change::DocumentAdded {
                document_id: doc,
                person_id: None,
                checklist_code: None,
                file_name: "lettre.pdf".into(),
                sha256: "b".repeat(64),
                byte_size: 1,
                received_at: t0(),
                quality: None,
            },
        )
        .unwrap();
    let err = store
        .apply(
            &officer(),
            f.case,
            Change::ExplanatoryLetterReceived {
                code: "form_part_1".into(),
                person_id: None,
                document_id: doc,
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("form"), "{err}");
    let letter = |accepted: bool, reason: &str| Change::ExplanatoryLetterJudged {
        code: "birth_certificate".into(),
        person_id: Some(f.spouse),
        accepted,
        reason: reason.into(),
    };
    store
        .apply(
            &officer(),
            f.case,
            Change::ExplanatoryLetterReceived {
                code: "birth_certificate".into(),
                person_id: Some(f.spouse),
                document_id: doc,
            },
        )
        .unwrap();
    let err = store
        .apply(&officer(), f.case, letter(false, " "))
        .unwrap_err();
    assert!(err.to_string().contains("reason"), "{err}");
    store
        .apply(
            &officer(),
            f.case,
            letter(false, "no proof the civil registry was asked"),
        )
        .unwrap();
    let work = store.casework(f.case, &officer()).unwrap();
    let entry = work
        .checklist
        .iter()
        .find(|c| c.code == "birth_certificate" && c.person_id == Some(f.spouse))
        .unwrap();
    assert_eq!(entry.standing, ItemStanding::LetterRefused);
    assert_eq!(
        entry.comment.as_deref(),
        Some("no proof the civil registry was asked")
    );
}

/// Receipt to CSQ: missing items requested then received, attestation requested and
/// obtained, selection proposed, refused approvals, a supervisor approves, file locked.
#[test]
fn receipt_to_csq_with_every_refusal_on_the_way() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let store = open_at(&path, t0());
    let f = received(&store);
    let diplomas = format!("diplomas@{}", f.principal);
    receive_all(&store, f.case, Some(&diplomas));
    let gaps = store.missing_item_keys(f.case).unwrap();
    assert_eq!(gaps, vec![diplomas.clone(), "fees".to_owned()]);

    // A2: only gaps can be requested.
    let err = store
        .apply(
            &officer(),
            f.case,
            Change::MissingItemsRequested {
                request_id: RequestId::new(),
                items: vec!["form_part_1".into()],
                sent_at: t0(),
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("not missing"), "{err}");
    let request_id = RequestId::new();
    store
        .apply(
            &officer(),
            f.case,
            Change::MissingItemsRequested {
                request_id,
                items: gaps,
                sent_at: t0(),
            },
        )
        .unwrap();
    let work = store.casework(f.case, &officer()).unwrap();
    let request = &work.requests[0];
    assert_eq!(request.deadline, day("2024-05-03"));
    assert_eq!(request.parts.len(), 2);
    assert!(request.parts.iter().all(|p| !p.closed));

    // Items received later close their part; the transition waits for all of them.
    receive_all(&store, f.case, None);
    let work = store.casework(f.case, &officer()).unwrap();
    assert!(
        work.requests[0]
            .parts
            .iter()
            .any(|p| p.key == diplomas && p.closed)
    );
    let err = store
        .apply(
            &officer(),
            f.case,
            Change::MissingItemsReceived { request_id },
        )
        .unwrap_err();
    assert!(err.to_string().contains("fees"), "{err}");
    pay(&store, f.case, 895);
    pay(&store, f.case, 192);
    store
        .apply(
            &officer(),
            f.case,
            Change::MissingItemsReceived { request_id },
        )
        .unwrap();
    assert_eq!(status(&store, f.case), CaseStatus::AdmissibilityReview);
    store
        .apply(&officer(), f.case, Change::AdmissibleRecorded)
        .unwrap();

    // Refusal: selection with the attestation missing.
    let err = store
        .apply(
            &officer(),
            f.case,
            Change::DecisionProposed {
                decision_id: DecisionId::new(),
                decision: Decision::Selected,
                note: "ok".into(),
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("attestation"), "{err}");

    // V2: principal and spouse (16+) must obtain it; the request must name both.
    let who = store
        .attestation_to_request(f.case, day("2024-03-04"))
        .unwrap();
    assert_eq!(who, vec![f.principal, f.spouse]);
    let err = store
        .apply(
            &officer(),
            f.case,
            Change::AttestationRequested {
                request_id: RequestId::new(),
                persons: vec![f.principal],
                sent_at: t0(),
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("include them"), "{err}");
    store
        .apply(
            &officer(),
            f.case,
            Change::AttestationRequested {
                request_id: RequestId::new(),
                persons: who,
                sent_at: t0(),
            },
        )
        .unwrap();
    for p in [f.principal, f.spouse] {
        store
            .apply(
                &officer(),
                f.case,
                Change::AttestationObtained {
                    person_id: p,
                    on: day("2024-03-04"),
                },
            )
            .unwrap();
    }
    store
        .apply(&officer(), f.case, Change::AttestationCompleted)
        .unwrap();
    assert_eq!(status(&store, f.case), CaseStatus::InReview);
    assert_eq!(store.queue_counts().unwrap().ready_for_decision, 1);

    let decision_id = DecisionId::new();
    store
        .apply(
            &officer(),
            f.case,
            Change::DecisionProposed {
                decision_id,
                decision: Decision::Selected,
                note: "Toutes les conditions sont remplies.".into(),
            },
        )
        .unwrap();
    assert_eq!(store.queue_counts().unwrap().decisions_to_review, 1);
    let certificates = store.selection_certificates(f.case).unwrap();
    assert_eq!(certificates.len(), 2);
    assert_eq!(certificates[0].person_id, f.principal);
    assert_eq!(certificates[0].number, "CSQ-2024-AI-000123-01");
    let approve = Change::SelectionApproved {
        decision_id,
        certificates,
    };

    // Refusal: an officer approving.
    let err = store
        .apply(&officer(), f.case, approve.clone())
        .unwrap_err();
    assert_eq!(err.code(), "auth.forbidden");
    assert!(err.to_string().contains("only a supervisor"), "{err}");
    // Refusal: self-approval (a supervisor who proposed).
    let sup = supervisor();
    let err = store
        .apply(
            &Actor::supervisor("agent.tremblay"),
            f.case,
            approve.clone(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("their own proposal"), "{err}");
    assert!(
        blocked(
            &store,
            f.case,
            &Actor::supervisor("agent.tremblay"),
            Action::ApproveSelection
        )
        .is_some()
    );
    assert_eq!(
        blocked(&store, f.case, &sup, Action::ApproveSelection),
        None
    );
    store.apply(&sup, f.case, approve).unwrap();
    assert_eq!(status(&store, f.case), CaseStatus::Selected);
    let work = store.casework(f.case, &sup).unwrap();
    let numbers: Vec<&str> = work.decisions[0]
        .certificates
        .iter()
        .map(|c| c.number.as_str())
        .collect();
    assert_eq!(numbers, ["CSQ-2024-AI-000123-01", "CSQ-2024-AI-000123-02"]);
    assert!(
        work.actions
            .iter()
            .any(|a| a.action == Action::EditFile && a.blocked.is_some())
    );

    // M5: a change after the CSQ without supervision is refused, with why.
    let err = store
        .apply(
            &officer(),
            f.case,
            Change::FamilyMemberRemoved {
                person_id: f.spouse,
                reason: "séparation".into(),
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("supervised amendment"), "{err}");
    let err = store
        .apply(
            &officer(),
            f.case,
            Change::SupervisedAmendmentRecorded {
                description: "adresse".into(),
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("only a supervisor"), "{err}");
    store
        .apply(
            &sup,
            f.case,
            Change::SupervisedAmendmentRecorded {
                description: "Nouvelle adresse postale (CCC)".into(),
            },
        )
        .unwrap();
    assert_eq!(status(&store, f.case), CaseStatus::Selected);

    // Every action appears in the audit trail with its author and time.
    let trail = store.audit_trail(f.case).unwrap();
    assert_eq!(
        trail.len() as u64,
        store.operations(f.case).unwrap().len() as u64
    );
    let approved = trail
        .iter()
        .find(|e| e.kind == "selection_approved")
        .unwrap();
    assert_eq!(approved.author, "sup.gagnon");
    assert_eq!(approved.at, t0());
    assert!(approved.summary.both().fr.contains("CSQ-2024-AI-000123-01"));
    assert!(approved.summary.both().en.starts_with("Selection approved"));
    let obtained = trail
        .iter()
        .find(|e| e.kind == "attestation_obtained")
        .unwrap();
    assert!(
        obtained.summary.both().en.contains("Thi Lan Nguyen"),
        "{}",
        obtained.summary.both().en
    );
}

#[test]
fn a2_missing_items_deadline_passed_leads_to_a_proposed_rejection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let case = {
        let store = open_at(&path, t0());
        let f = received(&store);
        let items = store.missing_item_keys(f.case).unwrap();
        store
            .apply(
                &officer(),
                f.case,
                Change::MissingItemsRequested {
                    request_id: RequestId::new(),
                    items,
                    sent_at: t0(),
                },
            )
            .unwrap();
        // Before the deadline a rejection cannot be proposed.
        let err = store
            .apply(
                &officer(),
                f.case,
                Change::DecisionProposed {
                    decision_id: DecisionId::new(),
                    decision: Decision::Rejected {
                        grounds: vec![RejectionGround::MissingItemsNotProvided],
                    },
                    note: String::new(),
                },
            )
            .unwrap_err();
        assert!(err.to_string().contains("2024-05-03"), "{err}");
        f.case
    };
    let later = t0() + Duration::days(61);
    let store = open_at(&path, later);
    let work = store.casework(case, &officer()).unwrap();
    assert!(work.due.iter().any(|d| matches!(
        d,
        program::DueAction::ProposeRejection {
            ground: RejectionGround::MissingItemsNotProvided,
            ..
        }
    )));
    assert_eq!(
        work.suggested_rejection,
        vec![RejectionGround::MissingItemsNotProvided]
    );
    assert_eq!(store.queue_counts().unwrap().overdue, 1);
    assert_eq!(store.queue_counts().unwrap().ready_for_decision, 1);
    let decision_id = DecisionId::new();
    store
        .apply(
            &officer(),
            case,
            Change::DecisionProposed {
                decision_id,
                decision: Decision::Rejected {
                    grounds: vec![RejectionGround::MissingItemsNotProvided],
                },
                note: "Aucun élément reçu.".into(),
            },
        )
        .unwrap();
    // D1–D3: the supervisor's decision queue lists the proposal with what supports it.
    let queue = store.proposals_to_review(&supervisor()).unwrap();
    assert_eq!(queue.len(), 1);
    let p = &queue[0];
    assert_eq!((p.case.id, p.proposal.id), (case, decision_id));
    assert_eq!(p.proposal.proposed_by, "agent.tremblay");
    assert_eq!(p.proposal.note, "Aucun élément reçu.");
    assert!(!p.complete);
    assert!(!p.missing.is_empty());
    assert!(
        p.missing
            .iter()
            .map(|m| m.both())
            .all(|m| !m.fr.is_empty() && !m.en.is_empty() && !m.fr.contains('@')),
        "items by label, not by key: {:?}",
        p.missing
    );
    assert_eq!(p.requests.len(), 1);
    assert!(p.requests[0].deadline_passed);
    assert_eq!(p.requests[0].deadline, day("2024-05-03"));
    assert_eq!(
        p.approve.as_ref().map(|a| a.blocked.is_none()),
        Some(true),
        "a supervisor may approve it"
    );
    // The officer who proposed it is told why they cannot approve it.
    let own = store.proposals_to_review(&officer()).unwrap();
    assert!(own[0].approve.as_ref().is_none_or(|a| a.blocked.is_some()));
    store
        .apply(
            &supervisor(),
            case,
            Change::RejectionApproved { decision_id },
        )
        .unwrap();
    assert_eq!(status(&store, case), CaseStatus::Rejected);
    assert!(store.proposals_to_review(&supervisor()).unwrap().is_empty());
    store
        .apply(
            &officer(),
            case,
            Change::AdministrativeReviewRequested {
                received_on: day("2024-05-10"),
                note: "Demande reçue par courriel".into(),
            },
        )
        .unwrap();
    assert_eq!(status(&store, case), CaseStatus::AdministrativeReview);
}

#[test]
fn d2_unanswered_letter_of_intent_leads_to_refusal_and_send_back_works() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let case = {
        let store = open_at(&path, t0());
        let f = received(&store);
        let err = store
            .apply(
                &officer(),
                f.case,
                Change::IntentToRefuseSent {
                    request_id: RequestId::new(),
                    grounds: vec![],
                    sent_at: t0(),
                },
            )
            .unwrap_err();
        assert!(err.to_string().contains("at least one ground"), "{err}");
        store
            .apply(
                &officer(),
                f.case,
                Change::IntentToRefuseSent {
                    request_id: RequestId::new(),
                    grounds: vec![RefusalGround::ConditionsNotMet],
                    sent_at: t0(),
                },
            )
            .unwrap();
        assert_eq!(status(&store, f.case), CaseStatus::IntentToRefuse);
        f.case
    };
    let store = open_at(&path, t0() + Duration::days(70));
    let err = store
        .apply(
            &officer(),
            case,
            Change::ApplicantAnswered {
                summary: "late".into(),
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("late"), "{err}");
    let refuse = |id| Change::DecisionProposed {
        decision_id: id,
        decision: Decision::Refused {
            grounds: vec![RefusalGround::ConditionsNotMet],
        },
        note: "Pas de réponse.".into(),
    };
    let first = DecisionId::new();
    store.apply(&officer(), case, refuse(first)).unwrap();
    let err = store
        .apply(
            &supervisor(),
            case,
            Change::ProposalSentBack {
                decision_id: first,
                comment: "".into(),
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("comment"), "{err}");
    store
        .apply(
            &supervisor(),
            case,
            Change::ProposalSentBack {
                decision_id: first,
                comment: "Vérifier le courrier reçu".into(),
            },
        )
        .unwrap();
    assert_eq!(status(&store, case), CaseStatus::InReview);
    let second = DecisionId::new();
    store.apply(&officer(), case, refuse(second)).unwrap();
    store
        .apply(
            &supervisor(),
            case,
            Change::RefusalApproved {
                decision_id: second,
            },
        )
        .unwrap();
    assert_eq!(status(&store, case), CaseStatus::Refused);
    let work = store.casework(case, &officer()).unwrap();
    assert_eq!(work.decisions.len(), 2);
    assert_eq!(
        work.decisions[0].outcome,
        Some(decider::state::ReviewOutcome::SentBack)
    );
    assert_eq!(
        work.decisions[1].outcome,
        Some(decider::state::ReviewOutcome::Approved)
    );
}

#[test]
fn d3_d5_an_absence_from_the_interview_grounds_an_intent_to_reject_and_an_answer_in_time_resumes_the_review()
 {
    use program::decision::InterviewOutcome;
    use store::perform::CaseworkCommand as C;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let case = {
        let store = open_at(&path, t0());
        let f = received(&store);
        receive_all(&store, f.case, None);
        pay(&store, f.case, 1087);
        store
            .perform(&officer(), f.case, C::RecordAdmissible)
            .unwrap();
        store
            .perform(
                &officer(),
                f.case,
                C::ScheduleInterview {
                    at: t0() + Duration::days(7),
                },
            )
            .unwrap();
        f.case
    };
    // D5: the day after the interview, the applicant did not come.
    let store = open_at(&path, t0() + Duration::days(8));
    store
        .perform(
            &officer(),
            case,
            C::RecordInterviewOutcome {
                outcome: InterviewOutcome::Absent,
                notes: "Absent, sans nouvelles.".into(),
            },
        )
        .unwrap();
    let work = store.casework(case, &officer()).unwrap();
    assert_eq!(work.interviews.len(), 1);
    assert_eq!(
        work.interviews[0].notes.as_deref(),
        Some("Absent, sans nouvelles.")
    );
    // D3: the absence is offered as the ground of a rejection.
    assert!(
        work.suggested_rejection
            .contains(&RejectionGround::AbsentFromInterview),
        "{:?}",
        work.suggested_rejection
    );
    store
        .perform(
            &officer(),
            case,
            C::SendIntentToReject {
                grounds: vec![RejectionGround::AbsentFromInterview],
            },
        )
        .unwrap();
    assert_eq!(status(&store, case), CaseStatus::IntentToReject);
    let work = store.casework(case, &officer()).unwrap();
    let intent = work
        .requests
        .iter()
        .find(|r| r.open)
        .expect("the letter of intent waits for an answer");
    assert_eq!(
        intent.rejection_grounds,
        vec![RejectionGround::AbsentFromInterview]
    );
    let (_, text) = letter_text(&store, case, intent.letter);
    assert!(text.contains("2024-AI-000123"), "{text}");
    // The applicant answers within the deadline: the review resumes, and the answer is
    // in the audit trail with its author.
    let store = open_at(&path, t0() + Duration::days(20));
    store
        .perform(
            &officer(),
            case,
            C::RecordApplicantAnswer {
                summary: "Certificat médical reçu pour le jour de l'entrevue.".into(),
            },
        )
        .unwrap();
    assert_eq!(status(&store, case), CaseStatus::InReview);
    let trail = store.audit_trail(case).unwrap();
    for kind in [
        "interview_scheduled",
        "interview_outcome_recorded",
        "intent_to_reject_sent",
        "applicant_answered",
    ] {
        assert!(
            trail
                .iter()
                .any(|e| e.kind == kind && e.author == "agent.tremblay"),
            "{kind} is in the audit trail"
        );
    }
}

#[test]
fn f2_an_item_whose_document_is_flagged_does_not_count_until_the_flag_is_dismissed() {
    use store::quality::{QualityFlag, QualityFlagKind, QualityReport, ScanMode};
    let dir = tempfile::tempdir().unwrap();
    let store = open_at(&dir.path().join("s.db"), t0());
    let f = received(&store);
    let diplomas = format!("diplomas@{}", f.principal);
    receive_all(&store, f.case, Some(&diplomas));
    pay(&store, f.case, 1087);
    // The diploma arrives as a greyscale scan: the quality check flagged it on entry.
    let scan = DocumentId::new();
    store
        .apply(
            &officer(),
            f.case,
            Change::DocumentAdded {
                document_id: scan,
                person_id: Some(f.principal),
                checklist_code: Some("diplomas".into()),
                file_name: "diplome-gris.pdf".into(),
                sha256: "b".repeat(64),
                byte_size: 10,
                received_at: t0(),
                quality: Some(QualityReport {
                    page_count: Some(1),
                    page_sizes: vec![],
                    checked_pages: 1,
                    flags: vec![
                        QualityFlag::NotInColour {
                            mode: ScanMode::Greyscale,
                        },
                        QualityFlag::ManyPages {
                            pages: 900,
                            limit: 500,
                        },
                    ],
                }),
            },
        )
        .unwrap();
    store
        .apply(
            &officer(),
            f.case,
            Change::ChecklistItemReceived {
                code: "diplomas".into(),
                person_id: Some(f.principal),
                document_id: scan,
            },
        )
        .unwrap();
    let work = store.casework(f.case, &officer()).unwrap();
    let item = work.checklist.iter().find(|c| c.key == diplomas).unwrap();
    assert_eq!(item.standing, ItemStanding::Flagged);
    assert_eq!(item.document_id, Some(scan));
    // Only what makes it defective is named (many pages is information).
    assert_eq!(item.flags, vec![vocab::Text::new("flag-not-in-colour")]);
    // It is a gap: a missing-items request would ask for it again, and "admissible" waits.
    assert!(work.gaps.contains(&diplomas), "{:?}", work.gaps);
    assert!(!work.admissible);
    assert!(blocked(&store, f.case, &officer(), Action::RecordAdmissible).is_some());
    // The officer looks at the original, finds it was black and white, and dismisses the
    // flag with a reason: the item counts, and the file is complete.
    store
        .apply(
            &officer(),
            f.case,
            Change::QualityFlagDismissed {
                document_id: scan,
                flag: QualityFlagKind::NotInColour,
                reason: "L'original est imprimé en noir et blanc.".into(),
            },
        )
        .unwrap();
    let work = store.casework(f.case, &officer()).unwrap();
    let item = work.checklist.iter().find(|c| c.key == diplomas).unwrap();
    assert_eq!(item.standing, ItemStanding::Received);
    assert!(item.flags.is_empty());
    assert!(work.gaps.is_empty(), "{:?}", work.gaps);
    assert!(blocked(&store, f.case, &officer(), Action::RecordAdmissible).is_none());
}

#[test]
fn m1_m4_family_changes_move_fees_checklist_and_attestation() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_at(&dir.path().join("s.db"), t0());
    let f = received(&store);
    let child = PersonId::new();
    store
        .apply(
            &officer(),
            f.case,
            Change::FamilyMemberAdded {
                person: NewPerson {
                    id: child,
                    role: PersonRole::DependentChild,
                    family_name: "Nguyen".into(),
                    given_names: "An".into(),
                    date_of_birth: day("2004-02-01"),
                    attestation_held: false,
                },
                both_parents_accompany: false,
                added_on: day("2024-03-01"),
            },
        )
        .unwrap();
    let work = store.casework(f.case, &officer()).unwrap();
    // $4: the child's fee is added.
    assert_eq!(work.fees.due, Some(Cad::from_dollars(1087 + 192)));
    assert!(work.checklist.iter().any(|c| c.person_id == Some(child)));
    // V5: 20 years old, added later: must obtain the attestation.
    let who = store
        .attestation_to_request(f.case, day("2024-03-04"))
        .unwrap();
    assert!(who.contains(&child));
    // M4: removing refunds nothing; the fee stays due; the checklist drops the member.
    store
        .apply(
            &officer(),
            f.case,
            Change::FamilyMemberRemoved {
                person_id: child,
                reason: "Ne viendra pas".into(),
            },
        )
        .unwrap();
    let work = store.casework(f.case, &officer()).unwrap();
    assert_eq!(work.fees.due, Some(Cad::from_dollars(1087 + 192)));
    assert!(!work.checklist.iter().any(|c| c.person_id == Some(child)));
    let err = store
        .apply(
            &officer(),
            f.case,
            Change::FamilyMemberRemoved {
                person_id: f.principal,
                reason: "x".into(),
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("principal"), "{err}");
    let err: StoreError = store
        .apply(
            &officer(),
            f.case,
            Change::PaymentRecorded {
                payment_id: PaymentId::new(),
                amount: Cad::ZERO,
                paid_on: day("2024-01-05"),
                payer: Payer::Applicant,
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("positive"), "{err}");
}

#[test]
fn m1_a_spouse_added_later_needs_a_new_form_signed_by_both_and_the_spouse_fee() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_at(&dir.path().join("s.db"), t0());
    let f = received(&store);
    receive_all(&store, f.case, None);
    // The spouse on the application leaves the file (M4)...
    store
        .apply(
            &officer(),
            f.case,
            Change::FamilyMemberRemoved {
                person_id: f.spouse,
                reason: "Séparation".into(),
            },
        )
        .unwrap();
    let before = store.casework(f.case, &officer()).unwrap();
    let forms = |w: &Casework| -> Vec<(String, ItemStanding)> {
        w.checklist
            .iter()
            .filter(|c| c.is_form && c.person_id.is_none())
            .map(|c| (c.code.clone(), c.standing))
            .collect()
    };
    assert!(!forms(&before).is_empty(), "the file has a form");
    assert!(
        forms(&before)
            .iter()
            .all(|(_, s)| *s == ItemStanding::Received),
        "{:?}",
        forms(&before)
    );
    // ... and a new spouse is added: the form signed before is no longer enough.
    let spouse = PersonId::new();
    store
        .apply(
            &officer(),
            f.case,
            Change::FamilyMemberAdded {
                person: NewPerson {
                    id: spouse,
                    role: PersonRole::Spouse,
                    family_name: "Tran".into(),
                    given_names: "Bao".into(),
                    date_of_birth: day("1989-09-09"),
                    attestation_held: false,
                },
                both_parents_accompany: false,
                added_on: day("2024-03-01"),
            },
        )
        .unwrap();
    let after = store.casework(f.case, &officer()).unwrap();
    assert!(
        forms(&after)
            .iter()
            .all(|(_, s)| *s == ItemStanding::Missing),
        "a new form signed by both is owed: {:?}",
        forms(&after)
    );
    assert!(after.checklist.iter().any(|c| c.person_id == Some(spouse)));
    assert!(
        after.fees.due > before.fees.due,
        "the spouse's fee is added: {:?} -> {:?}",
        before.fees.due,
        after.fees.due
    );
    let admissible = blocked(&store, f.case, &officer(), Action::RecordAdmissible)
        .expect("admissible is blocked while the new form is missing");
    assert!(!admissible.fr.is_empty() && !admissible.en.is_empty());
    // The audit trail says who added the spouse, and the form received earlier stays in
    // the log.
    let trail = store.audit_trail(f.case).unwrap();
    let added = trail
        .iter()
        .find(|e| e.kind == "family_member_added")
        .expect("the addition is in the audit trail");
    assert_eq!(added.author, "agent.tremblay");
    // The role is named in words, in each language.
    assert!(
        added
            .summary
            .both()
            .fr
            .contains("Bao Tran (conjoint ou conjoint de fait)"),
        "{}",
        added.summary.both().fr
    );
    assert!(
        added
            .summary
            .both()
            .en
            .contains("Bao Tran (spouse or de facto spouse)"),
        "{}",
        added.summary.both().en
    );
}

#[test]
fn a_letter_is_previewed_as_it_would_be_sent_and_the_preview_changes_nothing() {
    use letters::format::date;
    use store::perform::CaseworkCommand as C;
    let dir = tempfile::tempdir().unwrap();
    let store = open_at(&dir.path().join("s.db"), t0());
    let f = received(&store);
    let diplomas = format!("diplomas@{}", f.principal);
    receive_all(&store, f.case, Some(&diplomas));
    let before = store.case_detail(f.case).unwrap();
    let work_before = store.casework(f.case, &officer()).unwrap();

    let preview = store
        .preview_letter(&officer(), f.case, C::RequestMissingItems)
        .unwrap()
        .expect("a missing-items request sends a letter");
    assert_eq!(preview.kind, letters::LetterKind::MissingItemsRequest);
    assert_eq!(preview.language, Language::Fr);
    assert_eq!(preview.file_number, "2024-AI-000123");
    let shown = preview.plain_text();
    // The preview changed nothing: no operation, no request, no document, same status.
    let after = store.case_detail(f.case).unwrap();
    assert_eq!(after.operation_count, before.operation_count);
    assert_eq!(after.documents.len(), before.documents.len());
    assert_eq!(after.row.status, before.row.status);
    assert_eq!(store.casework(f.case, &officer()).unwrap(), work_before);

    // Sent, the letter says what the preview said: the same item, deadline and names.
    store
        .perform(&officer(), f.case, C::RequestMissingItems)
        .unwrap();
    let work = store.casework(f.case, &officer()).unwrap();
    let request = &work.requests[0];
    let (_, sent) = letter_text(&store, f.case, request.letter);
    let diploma = &request
        .parts
        .iter()
        .find(|p| p.key == diplomas)
        .unwrap()
        .label
        .both()
        .fr;
    let deadline = date(request.deadline, Language::Fr);
    let shown = squeeze(&shown);
    for want in [
        diploma.as_str(),
        deadline.as_str(),
        "Thi Lan",
        "2024-AI-000123",
    ] {
        assert!(shown.contains(want), "the preview lacks {want:?}:\n{shown}");
        assert!(sent.contains(want), "the letter lacks {want:?}:\n{sent}");
    }
    assert!(sent.contains(&squeeze(&preview.title)), "{sent}");

    // A step without a letter has nothing to preview; a step the rules refuse is refused
    // with the same reason as when it is performed.
    assert_eq!(
        store
            .preview_letter(&officer(), f.case, C::AddNote { body: "x".into() })
            .unwrap(),
        None
    );
    let refused = store
        .preview_letter(&officer(), f.case, C::RequestAttestation)
        .unwrap_err()
        .to_string();
    let performed = store
        .perform(&officer(), f.case, C::RequestAttestation)
        .unwrap_err()
        .to_string();
    assert_eq!(refused, performed);
}

#[test]
fn perform_fills_in_what_the_file_knows() {
    use store::perform::CaseworkCommand as C;
    let dir = tempfile::tempdir().unwrap();
    let store = open_at(&dir.path().join("s.db"), t0());
    let f = received(&store);
    store
        .perform(&officer(), f.case, C::RequestMissingItems)
        .unwrap();
    let work = store.casework(f.case, &officer()).unwrap();
    assert_eq!(work.requests[0].parts.len(), work.gaps.len());
    let err = store
        .perform(&officer(), f.case, C::MissingItemsReceived)
        .unwrap_err();
    assert!(err.to_string().contains("still missing"), "{err}");
    let err = store
        .perform(&supervisor(), f.case, C::Approve)
        .unwrap_err();
    assert!(err.to_string().contains("no decision"), "{err}");
}

/// The text of a PDF as the real pdfium extracts it, white space squeezed.
fn pdfium_text(bytes: &[u8]) -> String {
    let _lock = pdf::library::pdfium_lock();
    let (pdfium, _path) = pdf::library::bind(&pdf::LibrarySearch::standard())
        .expect("pdfium is installed (scripts/install-pdfium.sh)");
    let document = pdfium
        .load_pdf_from_byte_slice(bytes, None)
        .expect("pdfium opens the letter");
    let text: Vec<String> = document
        .pages()
        .iter()
        .map(|page| page.text().expect("a text layer").all())
        .collect();
    squeeze(&text.join(" "))
}

/// Words separated by one space (no-break and narrow no-break spaces included).
fn squeeze(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The letter document of a request or decision, and its text.
fn letter_text(store: &Store, case: CaseId, letter: Option<DocumentId>) -> (String, String) {
    let id = letter.expect("the letter is filed");
    let doc = store
        .case_detail(case)
        .unwrap()
        .documents
        .into_iter()
        .find(|d| d.id == id)
        .expect("the letter is among the file's documents");
    let bytes = store.document_blob(id).unwrap().read().unwrap();
    assert_eq!(bytes.len() as u64, doc.byte_size);
    (doc.file_name, pdfium_text(&bytes))
}

#[test]
fn letters_are_filed_with_each_request_and_decision_in_the_applicants_language() {
    use letters::format::date;
    use store::LetterRegarding;
    use store::perform::CaseworkCommand as C;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let case = {
        let store = open_at(&path, t0());
        let f = received(&store);
        let diplomas = format!("diplomas@{}", f.principal);
        receive_all(&store, f.case, Some(&diplomas));
        let before = store.case_detail(f.case).unwrap().operation_count;
        store
            .perform(&officer(), f.case, C::RequestMissingItems)
            .unwrap();
        // The request and its letter: two operations.
        assert_eq!(
            store.case_detail(f.case).unwrap().operation_count,
            before + 2
        );
        let work = store.casework(f.case, &officer()).unwrap();
        let request = &work.requests[0];
        let (name, text) = letter_text(&store, f.case, request.letter);
        assert_eq!(
            name,
            "2024-03-04 Demande d’éléments manquants 2024-AI-000123.pdf"
        );
        let diploma_label = request
            .parts
            .iter()
            .find(|p| p.key == diplomas)
            .unwrap()
            .label
            .both()
            .fr
            .clone();
        for want in [
            "Thi Lan",
            "Nguyen",
            "2024-AI-000123",
            diploma_label.as_str(),
            &date(request.deadline, Language::Fr),
        ] {
            assert!(text.contains(want), "the letter lacks {want:?}:\n{text}");
        }
        // Produced once: asking again is refused, and says why.
        let err = store
            .perform(
                &officer(),
                f.case,
                C::FileLetter {
                    regarding: LetterRegarding::Request(request.id),
                },
            )
            .unwrap_err();
        assert!(err.to_string().contains("already on the file"), "{err}");
        // A proposal waiting for a supervisor has no letter yet.
        f.case
    };

    // The deadline passes: rejection proposed, approved, and the rejection letter filed.
    let store = open_at(&path, t0() + Duration::days(61));
    store
        .perform(
            &officer(),
            case,
            C::ProposeDecision {
                decision: Decision::Rejected {
                    grounds: vec![RejectionGround::MissingItemsNotProvided],
                },
                note: "Aucun élément reçu.".into(),
            },
        )
        .unwrap();
    let pending = store.casework(case, &officer()).unwrap().decisions[0].id;
    let err = store
        .perform(
            &officer(),
            case,
            C::FileLetter {
                regarding: LetterRegarding::Decision(pending),
            },
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("once a supervisor approves"),
        "{err}"
    );
    store.perform(&supervisor(), case, C::Approve).unwrap();
    let work = store.casework(case, &supervisor()).unwrap();
    let (name, text) = letter_text(&store, case, work.decisions[0].letter);
    assert!(name.starts_with("2024-05-04 Décision de rejet"), "{name}");
    assert!(text.contains("2024-AI-000123"), "{text}");
    assert!(text.contains("Nguyen"), "{text}");
    // The audit trail says the letters were filed.
    let trail = store.audit_trail(case).unwrap();
    assert_eq!(trail.iter().filter(|e| e.kind == "letter_filed").count(), 2);
    assert!(
        trail.iter().any(|e| e
            .summary
            .both()
            .en
            .starts_with("Letter filed (rejection decision)")),
        "{trail:?}"
    );
    // The request in the trail names items as the checklist does, never by their keys.
    let request = trail
        .iter()
        .find(|e| e.kind == "missing_items_requested")
        .unwrap();
    assert!(
        !request.summary.both().fr.contains('@'),
        "{:?}",
        request.summary
    );
    assert!(
        request.summary.both().fr.contains("Thi Lan")
            && request.summary.both().fr.contains("paiement des frais"),
        "{:?}",
        request.summary
    );
    assert!(
        request.summary.both().en.contains("payment of the fees"),
        "{:?}",
        request.summary
    );
    store.check_integrity().unwrap();
}

#[test]
fn blocked_reasons_name_items_by_label_in_french_and_english() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_at(&dir.path().join("s.db"), t0());
    let f = received(&store);
    // Everything received but form part 1, the principal's diplomas and the spouse's
    // identity document; the fees are not paid.
    let keep_missing = [
        "form_part_1".to_owned(),
        format!("diplomas@{}", f.principal),
        format!("identity_document@{}", f.spouse),
    ];
    receive_all_but(&store, f.case, &keep_missing);
    let request_id = RequestId::new();
    let items = store.missing_item_keys(f.case).unwrap();
    assert_eq!(items.len(), 4, "{items:?}");
    store
        .apply(
            &officer(),
            f.case,
            Change::MissingItemsRequested {
                request_id,
                items,
                sent_at: t0(),
            },
        )
        .unwrap();

    let reason = blocked(&store, f.case, &officer(), Action::MissingItemsReceived)
        .expect("missing items received is blocked while items are missing");
    for text in [&reason.fr, &reason.en] {
        assert!(!text.contains('@'), "a checklist key in {text:?}");
        assert!(!text.contains("form_part_1"), "a checklist key in {text:?}");
        assert!(
            !text.contains(&f.spouse.to_string()),
            "a person id in {text:?}"
        );
        assert!(!text.contains("MissingItemsReceived") && !text.contains("is not possible"));
    }
    assert!(
        reason.fr.starts_with("il manque encore\u{a0}: "),
        "{}",
        reason.fr
    );
    for label in [
        "Formulaire de demande de sélection permanente, partie 1",
        "Diplômes et relevés de notes — Thi Lan Nguyen",
        "Passeport ou autre pièce d’identité — Minh Nguyen",
        "paiement des frais",
    ] {
        assert!(
            reason.fr.contains(label),
            "{label:?} not in {:?}",
            reason.fr
        );
    }
    assert!(reason.en.starts_with("still missing: "), "{}", reason.en);
    for label in [
        "Application for permanent selection form, part 1",
        "Diplomas and transcripts — Thi Lan Nguyen",
        "Passport or other identity document — Minh Nguyen",
        "payment of the fees",
    ] {
        assert!(
            reason.en.contains(label),
            "{label:?} not in {:?}",
            reason.en
        );
    }
    // The request view names the same items with the same labels.
    let work = store.casework(f.case, &officer()).unwrap();
    for part in &work.requests[0].parts {
        assert!(
            reason.fr.contains(&part.label.both().fr),
            "{:?}",
            part.label
        );
        assert!(
            reason.en.contains(&part.label.both().en),
            "{:?}",
            part.label
        );
    }

    // The rules' own reasons reach people without the event's name, in both languages.
    let reason = blocked(&store, f.case, &officer(), Action::ProposeSelection)
        .expect("no selection while missing items are requested");
    assert!(
        reason.fr.contains("(A2)") && reason.en.contains("(A2)"),
        "{reason:?}"
    );
    assert_ne!(reason.fr, reason.en);
    assert!(!reason.en.contains("ProposeDecision"), "{}", reason.en);
}

/// Receives every missing checklist item except those whose key is in `except`.
fn receive_all_but(store: &Store, case: CaseId, except: &[String]) {
    let work = store.casework(case, &officer()).unwrap();
    for item in work
        .checklist
        .iter()
        .filter(|c| c.standing == ItemStanding::Missing)
        .filter(|c| !except.contains(&c.key))
    {
        let document_id = DocumentId::new();
        store
            .apply(
                &officer(),
                case,
                Change::DocumentAdded {
                    document_id,
                    person_id: item.person_id,
                    checklist_code: Some(item.code.clone()),
                    file_name: format!("{}.pdf", item.code),
                    sha256: "a".repeat(64),
                    byte_size: 10,
                    received_at: t0(),
                    quality: None,
                },
            )
            .unwrap();
        store
            .apply(
                &officer(),
                case,
                Change::ChecklistItemReceived {
                    code: item.code.as_str().into(),
                    person_id: item.person_id,
                    document_id,
                },
            )
            .unwrap();
    }
}

/// The refusal's reason in both languages (every refusal a user can meet carries one).
fn reason(err: &StoreError) -> Bilingual {
    err.reason()
        .map(|t| t.both())
        .unwrap_or_else(|| panic!("{err} carries no reason in French and English"))
}

#[test]
fn p4_the_technocompetences_notice_is_owed_once_an_officer_records_that_the_employer_needed_it() {
    use store::perform::CaseworkCommand as C;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let notice = "technocompetences_notice";
    let case = {
        let store = open_at(&path, t0());
        let f = received(&store);
        receive_all(&store, f.case, None);
        pay(&store, f.case, 1087 + 192);
        let work = store.casework(f.case, &officer()).unwrap();
        // Not recorded: not required, and the file is complete without it.
        assert_eq!(work.ai_notice_required, Some(false));
        assert!(!work.checklist.iter().any(|c| c.code == notice));
        assert_eq!(
            blocked(&store, f.case, &officer(), Action::RecordAdmissible),
            None
        );

        store
            .perform(
                &officer(),
                f.case,
                C::RecordAiNoticeRequirement { required: true },
            )
            .unwrap();
        let work = store.casework(f.case, &officer()).unwrap();
        assert_eq!(work.ai_notice_required, Some(true));
        let item = work.checklist.iter().find(|c| c.code == notice).unwrap();
        assert_eq!(item.standing, ItemStanding::Missing);
        assert!(
            item.label.fr.contains("TECHNOCompétences"),
            "{:?}",
            item.label
        );
        assert!(work.gaps.contains(&item.key));
        // A1: no longer complete.
        let why = blocked(&store, f.case, &officer(), Action::RecordAdmissible).unwrap();
        assert!(why.fr.contains("incomplet"), "{why:?}");
        let err = store
            .apply(&officer(), f.case, Change::AdmissibleRecorded)
            .unwrap_err();
        assert_eq!(err.code(), "rules.unmet", "{err}");
        // Recording the same again is refused, in both languages.
        let err = store
            .perform(
                &officer(),
                f.case,
                C::RecordAiNoticeRequirement { required: true },
            )
            .unwrap_err();
        assert_eq!(err.code(), "casework.refused");
        assert!(reason(&err).fr.contains("déjà exigé"), "{err}");
        // A2: the missing-items request asks for it.
        store
            .perform(&officer(), f.case, C::RequestMissingItems)
            .unwrap();
        let work = store.casework(f.case, &officer()).unwrap();
        assert_eq!(work.requests[0].parts.len(), 1);
        assert_eq!(work.requests[0].parts[0].key, item.key);
        f.case
    };

    // The record survives a restart (schema 5), and the audit trail names it with its author.
    let store = open_at(&path, t0());
    let work = store.casework(case, &officer()).unwrap();
    assert_eq!(work.ai_notice_required, Some(true));
    let trail = store.audit_trail(case).unwrap();
    let entry = trail
        .iter()
        .find(|e| e.kind == "ai_notice_requirement_recorded")
        .unwrap();
    assert_eq!(entry.author, "agent.tremblay");
    assert!(
        entry.summary.both().fr.contains("TECHNOCompétences exigé"),
        "{entry:?}"
    );
    assert!(
        entry
            .summary
            .both()
            .en
            .contains("TECHNOCompétences notice required"),
        "{entry:?}"
    );
    // The officer reads the file again: not required after all; the item leaves the
    // checklist and the request's remaining part with it, so the items are all in.
    store
        .perform(
            &officer(),
            case,
            C::RecordAiNoticeRequirement { required: false },
        )
        .unwrap();
    let work = store.casework(case, &officer()).unwrap();
    assert!(!work.checklist.iter().any(|c| c.code == notice));
    assert_eq!(
        blocked(&store, case, &officer(), Action::MissingItemsReceived),
        None
    );

    // P4 concerns the AI stream only.
    let it = received_as(&store, "2024-TI-000007", Stream::ItVfx, Language::Fr);
    assert_eq!(
        store
            .casework(it.case, &officer())
            .unwrap()
            .ai_notice_required,
        None
    );
    let err = store
        .perform(
            &officer(),
            it.case,
            C::RecordAiNoticeRequirement { required: true },
        )
        .unwrap_err();
    let why = reason(&err);
    assert!(
        why.fr.contains("volet intelligence artificielle"),
        "{why:?}"
    );
    assert!(why.en.contains("artificial intelligence stream"), "{why:?}");
    store.check_integrity().unwrap();
}

#[test]
fn m3_a_minor_child_added_with_one_parent_needs_the_consent_form_me_0032_2309() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_at(&dir.path().join("s.db"), t0());
    let f = received(&store);
    let add = |given: &str, born: &str, both: bool| {
        let id = PersonId::new();
        store
            .apply(
                &officer(),
                f.case,
                Change::FamilyMemberAdded {
                    person: NewPerson {
                        id,
                        role: PersonRole::DependentChild,
                        family_name: "Nguyen".into(),
                        given_names: given.into(),
                        date_of_birth: day(born),
                        attestation_held: false,
                    },
                    both_parents_accompany: both,
                    added_on: day("2024-03-01"),
                },
            )
            .unwrap();
        id
    };
    let minor_one_parent = add("Bao", "2015-06-01", false);
    let minor_both = add("Mai", "2016-07-01", true);
    let adult_one_parent = add("Duc", "2003-01-01", false);
    let work = store.casework(f.case, &officer()).unwrap();
    let items_of = |person: PersonId| -> Vec<&str> {
        work.checklist
            .iter()
            .filter(|c| c.person_id == Some(person))
            .map(|c| c.code.as_str())
            .collect()
    };
    let consent = "consent_me_0032_2309";
    let parent_id = "non_accompanying_parent_identity";
    // M3: a minor who comes with one parent: the other parent's consent and identity.
    let bao = items_of(minor_one_parent);
    assert!(
        bao.contains(&consent) && bao.contains(&parent_id),
        "{bao:?}"
    );
    let label = &work
        .checklist
        .iter()
        .find(|c| c.code == consent)
        .unwrap()
        .label;
    assert!(label.fr.contains("ME-0032-2309") && label.en.contains("ME-0032-2309"));
    // Both parents come, or the child is of age: neither is owed.
    for other in [minor_both, adult_one_parent] {
        let items = items_of(other);
        assert!(
            !items.contains(&consent) && !items.contains(&parent_id),
            "{items:?}"
        );
        assert!(items.contains(&"child_relationship_proof"), "{items:?}");
    }
    // The consent is a gap like any item: the file is not complete without it.
    let except = vec![format!("{consent}@{minor_one_parent}")];
    receive_all_but(&store, f.case, &except);
    pay(&store, f.case, 1087 + 192 + 3 * 192);
    let work = store.casework(f.case, &officer()).unwrap();
    assert_eq!(work.gaps, except);
    assert!(!work.admissible);
    store.check_integrity().unwrap();
}

#[test]
fn v3_v5_exemptions_are_recorded_with_their_reason_and_leave_the_person_out_of_the_request() {
    use program::Exemption;
    use store::perform::CaseworkCommand as C;
    use store::work::AttestationStanding as S;
    let dir = tempfile::tempdir().unwrap();
    let store = open_at(&dir.path().join("s.db"), t0());
    let f = received(&store);
    // A reason is required, and the refusal says so in both languages.
    let err = store
        .perform(
            &officer(),
            f.case,
            C::RecordAttestationExemption {
                person_id: f.spouse,
                exemption: Exemption::PermitAndObjectifIntegration,
                reason: "  ".into(),
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "casework.refused");
    assert!(
        reason(&err)
            .fr
            .contains("la raison de l’exemption est vide"),
        "{err}"
    );
    store
        .perform(
            &officer(),
            f.case,
            C::RecordAttestationExemption {
                person_id: f.spouse,
                exemption: Exemption::PermitAndObjectifIntegration,
                reason: "Permis de travail et parcours Objectif Intégration terminé".into(),
            },
        )
        .unwrap();
    let work = store.casework(f.case, &officer()).unwrap();
    let spouse = work
        .attestation
        .iter()
        .find(|a| a.person_id == f.spouse)
        .unwrap();
    assert_eq!(
        spouse.standing,
        S::ExemptRecorded {
            exemption: Exemption::PermitAndObjectifIntegration,
            reason: "Permis de travail et parcours Objectif Intégration terminé".into(),
        }
    );
    receive_all(&store, f.case, None);
    pay(&store, f.case, 1087 + 192);
    store
        .perform(&officer(), f.case, C::RecordAdmissible)
        .unwrap();
    // V1: the request names only the principal applicant now.
    let who = store
        .attestation_to_request(f.case, day("2024-03-04"))
        .unwrap();
    assert_eq!(who, vec![f.principal]);
    // Naming the exempt spouse anyway is refused, by name.
    let err = store
        .apply(
            &officer(),
            f.case,
            Change::AttestationRequested {
                request_id: RequestId::new(),
                persons: vec![f.principal, f.spouse],
                sent_at: t0(),
            },
        )
        .unwrap_err();
    let why = reason(&err);
    assert!(
        why.fr.contains("Minh Nguyen") && why.fr.contains("n’a pas à obtenir"),
        "{why:?}"
    );
    store
        .perform(&officer(), f.case, C::RequestAttestation)
        .unwrap();
    let work = store.casework(f.case, &officer()).unwrap();
    assert!(matches!(
        work.attestation
            .iter()
            .find(|a| a.person_id == f.principal)
            .unwrap()
            .standing,
        S::Requested { .. }
    ));
    // The exemption is in the audit trail, reason included.
    let trail = store.audit_trail(f.case).unwrap();
    let entry = trail
        .iter()
        .find(|e| e.kind == "attestation_exemption_recorded")
        .unwrap();
    assert!(
        entry.summary.both().fr.contains("Objectif Intégration"),
        "{entry:?}"
    );
    store.check_integrity().unwrap();
}

#[test]
fn v4_an_attestation_not_obtained_by_the_deadline_suggests_a_rejection_on_that_ground() {
    use store::perform::CaseworkCommand as C;
    use store::work::AttestationStanding as S;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let case = {
        let store = open_at(&path, t0());
        let f = received(&store);
        receive_all(&store, f.case, None);
        pay(&store, f.case, 1087 + 192);
        store
            .perform(&officer(), f.case, C::RecordAdmissible)
            .unwrap();
        store
            .perform(&officer(), f.case, C::RequestAttestation)
            .unwrap();
        // One of the two obtains it in time.
        store
            .perform(
                &officer(),
                f.case,
                C::AttestationObtained {
                    person_id: f.principal,
                    on: day("2024-03-04"),
                },
            )
            .unwrap();
        let work = store.casework(f.case, &officer()).unwrap();
        assert!(
            work.suggested_rejection.is_empty(),
            "{:?}",
            work.suggested_rejection
        );
        f.case
    };
    // 60 days later, the spouse still has none.
    let store = open_at(&path, t0() + Duration::days(61));
    let work = store.casework(case, &officer()).unwrap();
    let late = work
        .attestation
        .iter()
        .find(|a| {
            a.standing
                != S::Obtained {
                    on: day("2024-03-04"),
                }
        })
        .unwrap();
    assert!(matches!(late.standing, S::Late { .. }), "{late:?}");
    assert_eq!(
        work.suggested_rejection,
        vec![RejectionGround::AttestationNotObtained]
    );
    let err = store
        .perform(&officer(), case, C::AttestationCompleted)
        .unwrap_err();
    assert!(reason(&err).fr.contains("attestation"), "{err}");
    store
        .perform(
            &officer(),
            case,
            C::ProposeDecision {
                decision: Decision::Rejected {
                    grounds: vec![RejectionGround::AttestationNotObtained],
                },
                note: "Attestation non obtenue par le conjoint.".into(),
            },
        )
        .unwrap();
    store.perform(&supervisor(), case, C::Approve).unwrap();
    assert_eq!(status(&store, case), CaseStatus::Rejected);
    store.check_integrity().unwrap();
}

#[test]
fn letters_to_an_english_speaking_applicant_are_in_english_end_to_end() {
    use letters::format::date;
    use store::perform::CaseworkCommand as C;
    let dir = tempfile::tempdir().unwrap();
    let store = open_at(&dir.path().join("s.db"), t0());
    let f = received_as(&store, "2024-AI-000456", Stream::Ai, Language::En);
    let diplomas = format!("diplomas@{}", f.principal);
    receive_all(&store, f.case, Some(&diplomas));
    pay(&store, f.case, 1087 + 192);
    // The preview, in English whatever the officer's screen.
    let preview = store
        .preview_letter(&officer(), f.case, C::RequestMissingItems)
        .unwrap()
        .unwrap();
    assert_eq!(preview.language, Language::En);
    store
        .perform(&officer(), f.case, C::RequestMissingItems)
        .unwrap();
    let work = store.casework(f.case, &officer()).unwrap();
    let request = &work.requests[0];
    let (name, text) = letter_text(&store, f.case, request.letter);
    assert!(
        name.starts_with("2024-03-04 ") && name.ends_with(" 2024-AI-000456.pdf"),
        "{name}"
    );
    assert!(!name.contains("Demande"), "{name}");
    let label = &request.parts[0].label.both().en.clone();
    for want in [
        "Thi Lan",
        "Nguyen",
        "2024-AI-000456",
        label.as_str(),
        &date(request.deadline, Language::En),
    ] {
        assert!(
            squeeze(&text).contains(&squeeze(want)),
            "the letter lacks {want:?}:\n{text}"
        );
    }
    assert!(!text.contains(&request.parts[0].label.both().fr), "{text}");
    // Items in, attestation requested: that letter is in English too.
    receive_all(&store, f.case, None);
    store
        .perform(&officer(), f.case, C::MissingItemsReceived)
        .unwrap();
    store
        .perform(&officer(), f.case, C::RecordAdmissible)
        .unwrap();
    store
        .perform(&officer(), f.case, C::RequestAttestation)
        .unwrap();
    let work = store.casework(f.case, &officer()).unwrap();
    let attestation = work
        .requests
        .iter()
        .find(|r| r.letter.is_some() && r.id != request.id)
        .unwrap();
    let (_, text) = letter_text(&store, f.case, attestation.letter);
    assert!(squeeze(&text).contains(&squeeze("Minh Nguyen")), "{text}");
    assert!(
        squeeze(&text).contains(&squeeze(&date(attestation.deadline, Language::En))),
        "{text}"
    );
    store.check_integrity().unwrap();
}

#[test]
fn refusals_say_why_in_french_and_english() {
    use store::perform::CaseworkCommand as C;
    let dir = tempfile::tempdir().unwrap();
    let store = open_at(&dir.path().join("s.db"), t0());
    let f = received(&store);
    // A text left empty.
    let err = store
        .perform(&officer(), f.case, C::AddNote { body: " ".into() })
        .unwrap_err();
    assert_eq!(err.code(), "casework.refused");
    let why = reason(&err);
    assert!(
        why.fr.contains("note") && why.en.contains("note"),
        "{why:?}"
    );
    // A payment dated after today.
    let err = store
        .perform(
            &officer(),
            f.case,
            C::RecordPayment {
                amount: Cad::from_dollars(10),
                paid_on: day("2024-03-05"),
                payer: Payer::Applicant,
            },
        )
        .unwrap_err();
    assert!(reason(&err).fr.contains("après aujourd’hui"), "{err}");
    // A step the rules do not allow now.
    let err = store
        .perform(&officer(), f.case, C::RecordAdmissible)
        .unwrap_err();
    assert!(!reason(&err).fr.is_empty(), "{err}");
    // The principal applicant cannot be removed.
    let err = store
        .perform(
            &officer(),
            f.case,
            C::RemoveFamilyMember {
                person_id: f.principal,
                reason: "x".into(),
            },
        )
        .unwrap_err();
    assert!(
        reason(&err).fr.contains("personne requérante principale"),
        "{err}"
    );
    // Technical failures carry no reason: their message is for support.
    assert!(StoreError::CaseNotFound("x".into()).reason().is_none());
}

#[test]
fn f4_a_document_sent_for_a_requested_item_answers_its_part_until_the_officer_verifies_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_at(&dir.path().join("s.db"), t0());
    let f = received(&store);
    let work = store.casework(f.case, &officer()).unwrap();
    let item = work
        .checklist
        .iter()
        .find(|c| c.standing == ItemStanding::Missing && c.person_id.is_some())
        .unwrap()
        .clone();
    let add = |received_at: DateTime<Utc>| {
        let document_id = DocumentId::new();
        store
            .apply(
                &officer(),
                f.case,
                Change::DocumentAdded {
                    document_id,
                    person_id: item.person_id,
                    checklist_code: Some(item.code.clone()),
                    file_name: "reponse.pdf".into(),
                    sha256: "b".repeat(64),
                    byte_size: 10,
                    received_at,
                    quality: None,
                },
            )
            .unwrap();
        document_id
    };
    // Sent before the request: not an answer to it.
    add(t0() - chrono::Duration::days(1));
    let items = store.missing_item_keys(f.case).unwrap();
    store
        .apply(
            &officer(),
            f.case,
            Change::MissingItemsRequested {
                request_id: RequestId::new(),
                items,
                sent_at: t0(),
            },
        )
        .unwrap();
    let part = |store: &Store| {
        store.casework(f.case, &officer()).unwrap().requests[0]
            .parts
            .iter()
            .find(|p| p.key == item.key)
            .unwrap()
            .clone()
    };
    assert_eq!(part(&store).answered_by, None);
    // The applicant answers through the portal: the part is answered, not yet closed.
    let answer = add(t0() + chrono::Duration::hours(2));
    let p = part(&store);
    assert_eq!(p.answered_by, Some(answer));
    assert!(!p.closed);
    // The officer verifies it: the part is closed.
    store
        .apply(
            &officer(),
            f.case,
            Change::ChecklistItemReceived {
                code: item.code.as_str().into(),
                person_id: item.person_id,
                document_id: answer,
            },
        )
        .unwrap();
    assert!(part(&store).closed);
}

#[test]
fn f1_f2_an_item_marked_defective_is_a_gap_that_the_next_request_names_and_says_why() {
    use program::admissibility::Defect;
    use store::perform::CaseworkCommand as C;
    let dir = tempfile::tempdir().unwrap();
    let store = open_at(&dir.path().join("s.db"), t0());
    let f = received(&store);
    receive_all(&store, f.case, None);
    pay(&store, f.case, 1087);
    let work = store.casework(f.case, &officer()).unwrap();
    assert!(work.admissible, "{:?}", work.gaps);
    let passport = work
        .checklist
        .iter()
        .find(|c| c.code == "identity_document" && c.person_id == Some(f.spouse))
        .expect("the spouse's identity document")
        .clone();
    let document_id = passport.document_id.expect("received with a document");

    // Refused: no defect named; a form's defect on a document.
    let mark = |defects: Vec<Defect>, note: &str| {
        store.perform(
            &officer(),
            f.case,
            C::MarkDefective {
                code: passport.code.clone(),
                person_id: passport.person_id,
                document_id,
                defects,
                note: note.into(),
            },
        )
    };
    let none = mark(vec![], "").unwrap_err();
    assert_eq!(
        none.reason().map(|t| t.id),
        Some("refusal-name-at-least-one-defect".into())
    );
    let form = mark(vec![Defect::NotDatedOrSigned], "").unwrap_err();
    assert_eq!(
        form.reason().map(|t| t.id),
        Some("refusal-form-defect-on-a-document".into())
    );

    // Marked: a gap, with its defect and the officer's note.
    mark(vec![Defect::NotColourScan], "photo en noir et blanc").unwrap();
    let work = store.casework(f.case, &officer()).unwrap();
    let entry = work
        .checklist
        .iter()
        .find(|c| c.key == passport.key)
        .unwrap();
    assert_eq!(entry.standing, ItemStanding::Defective);
    assert_eq!(entry.defects, vec![Defect::NotColourScan]);
    assert_eq!(entry.comment.as_deref(), Some("photo en noir et blanc"));
    assert!(!work.admissible);
    assert_eq!(work.gaps, vec![passport.key.clone()]);
    let trail = store.audit_trail(f.case).unwrap();
    let said = trail.last().unwrap().summary.render(Language::Fr);
    assert!(
        said.contains("Élément défectueux")
            && said.contains("pas une numérisation couleur de l’original")
            && said.contains("photo en noir et blanc"),
        "{said}"
    );

    // The missing-items request names it.
    store
        .perform(&officer(), f.case, C::RequestMissingItems)
        .unwrap();
    let work = store.casework(f.case, &officer()).unwrap();
    let request = work.requests.last().unwrap();
    assert_eq!(
        request
            .parts
            .iter()
            .map(|p| p.key.clone())
            .collect::<Vec<_>>(),
        vec![passport.key.clone()]
    );
}

#[test]
fn f4_a_document_submitted_for_an_item_is_offered_under_that_item_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_at(&dir.path().join("s.db"), t0());
    let f = received(&store);
    let add = |code: Option<&str>, person: Option<PersonId>, name: &str| {
        let id = DocumentId::new();
        store
            .apply(
                &officer(),
                f.case,
                Change::DocumentAdded {
                    document_id: id,
                    person_id: person,
                    checklist_code: code.map(Into::into),
                    file_name: name.into(),
                    sha256: "b".repeat(64),
                    byte_size: 10,
                    received_at: t0(),
                    quality: None,
                },
            )
            .unwrap();
        id
    };
    let diploma = add(Some("diplomas"), Some(f.principal), "diplome.pdf");
    let spouse_birth = add(
        Some("identity_document"),
        Some(f.spouse),
        "passeport-minh.pdf",
    );
    let loose = add(None, None, "scan.pdf");
    let work = store.casework(f.case, &officer()).unwrap();
    let under = |code: &str, person: Option<PersonId>| {
        work.checklist
            .iter()
            .find(|c| c.code == code && c.person_id == person)
            .unwrap_or_else(|| panic!("{code}"))
            .submitted
            .clone()
    };
    assert_eq!(under("diplomas", Some(f.principal)), vec![diploma]);
    assert_eq!(
        under("identity_document", Some(f.spouse)),
        vec![spouse_birth]
    );
    assert!(under("identity_document", Some(f.principal)).is_empty());
    // No item offers a document submitted for another, nor one for no item.
    for c in &work.checklist {
        assert!(!c.submitted.contains(&loose), "{}", c.key);
        if c.code != "diplomas" {
            assert!(!c.submitted.contains(&diploma), "{}", c.key);
        }
    }
}
