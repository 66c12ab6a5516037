//! The server as the authority, through HTTP: every refusal a laptop makes, the real
//! server makes too (the same decider, against its own state of the file), and a
//! legitimate file walked from receipt to CSQ is accepted step by step. Each test is a
//! row of docs/authorization.md.

use testkit as support;

use chrono::Duration;
use decider::FileState;
use oplog::ids::{Actor, CaseId, DecisionId, DocumentId, PersonId, RequestId, Role, UserId};
use oplog::{Change, CsqIssued, NewPerson};
use program::{Decision, PersonRole, RefusalGround, montreal_date};
use support::{Server, assigned, note, op, push_ok};
use sync::{PushOutcome, WireOperation, codes};

fn ana() -> Actor {
    Actor::officer("ana")
}

fn sam() -> Actor {
    Actor::supervisor("sam")
}

/// A file as a laptop would follow it: every accepted operation folded into the
/// decider's state, to build the next legitimate step.
struct Walk {
    case: CaseId,
    received: Change,
    state: Option<FileState>,
}

impl Walk {
    fn new(file_number: &str) -> (Walk, WireOperation) {
        let r = support::received(file_number);
        let walk = Walk {
            case: r.case_id,
            received: r.change.clone(),
            state: None,
        };
        (walk, r)
    }

    fn state(&self) -> &FileState {
        self.state.as_ref().expect("a received file")
    }

    fn principal(&self) -> PersonId {
        self.state().persons[0].id
    }

    fn today(&self) -> chrono::NaiveDate {
        montreal_date(support::op_instant())
    }

    /// Pushes `ops` as `client`, expecting each accepted, and follows them.
    async fn accepted(&mut self, client: &sync::Client, ops: Vec<WireOperation>) {
        push_ok(client, &ops).await;
        for o in &ops {
            self.state = decider::evolve(def(), self.state.take(), &o.to_operation());
        }
    }

    /// Pushes one operation as `client`, expecting it refused with `code`; returns the
    /// reason in French and English.
    async fn refused(
        &self,
        client: &sync::Client,
        o: WireOperation,
        code: &str,
    ) -> program::Bilingual {
        // The laptop's decider refuses it the same way, against the same state.
        let local = decider::decide(def(), self.state.as_ref(), &o.to_operation());
        let results = client.push(&[o]).await.expect("push");
        let PushOutcome::Rejected {
            code: got, reason, ..
        } = &results[0].outcome
        else {
            panic!("accepted: {:?}", results[0]);
        };
        assert_eq!(got, code, "{reason:?}");
        let reason = reason.clone().expect("a reason in French and English");
        if let Err(local) = local {
            assert_eq!(local.reason().both(), reason, "the laptop says the same");
        }
        assert!(!reason.fr.is_empty() && !reason.en.is_empty());
        reason
    }

    /// The file received, assigned to ana, made complete by her and in review.
    async fn to_review(server: &Server, file_number: &str) -> (Walk, sync::Client, sync::Client) {
        let sam_c = server.signed_in("sam").await;
        let ana_c = server.signed_in("ana").await;
        let (mut walk, r) = Walk::new(file_number);
        let case = walk.case;
        walk.accepted(&sam_c, vec![r, assigned(case, "ana")]).await;
        let completing = support::completing(&ana_c, ana(), case, &walk.received).await;
        walk.accepted(&ana_c, completing).await;
        walk.accepted(
            &ana_c,
            vec![
                op(ana(), case, Change::AdmissibilityReviewStarted),
                op(ana(), case, Change::AdmissibleRecorded),
            ],
        )
        .await;
        (walk, sam_c, ana_c)
    }

    /// The attestation requested, obtained and completed by ana (V1).
    async fn attestation(&mut self, ana_c: &sync::Client) {
        let case = self.case;
        let principal = self.principal();
        let today = self.today();
        self.accepted(
            ana_c,
            vec![
                op(
                    ana(),
                    case,
                    Change::AttestationRequested {
                        request_id: RequestId::new(),
                        persons: vec![principal],
                        sent_at: support::op_instant(),
                    },
                ),
                op(
                    ana(),
                    case,
                    Change::AttestationObtained {
                        person_id: principal,
                        on: today,
                    },
                ),
                op(ana(), case, Change::AttestationCompleted),
            ],
        )
        .await;
    }

    fn proposal(&self, by: Actor) -> (DecisionId, WireOperation) {
        let id = DecisionId::new();
        (
            id,
            op(
                by,
                self.case,
                Change::DecisionProposed {
                    decision_id: id,
                    decision: Decision::Selected,
                    note: "Tout est au dossier.".into(),
                },
            ),
        )
    }

    fn approval(&self, by: Actor, decision_id: DecisionId) -> WireOperation {
        op(
            by,
            self.case,
            Change::SelectionApproved {
                decision_id,
                certificates: self.state().certificates(),
            },
        )
    }
}

async fn status(server: &Server, case: CaseId) -> String {
    server
        .db
        .client()
        .await
        .query_one("SELECT status FROM cases WHERE id = $1", &[&case.0])
        .await
        .unwrap()
        .get(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_legitimate_file_walked_from_receipt_to_csq_is_accepted_step_by_step() {
    let server = Server::start().await;
    let sam_c = server.signed_in("sam").await;
    let ana_c = server.signed_in("ana").await;
    let (mut walk, r) = Walk::new("PP-AUTH-001");
    let case = walk.case;
    walk.accepted(&sam_c, vec![r, assigned(case, "ana")]).await;
    // A1, A2: the review starts, the gaps are requested, then received.
    walk.accepted(
        &ana_c,
        vec![op(ana(), case, Change::AdmissibilityReviewStarted)],
    )
    .await;
    let request_id = RequestId::new();
    let gaps = walk.state().gap_keys(def(), walk.today());
    assert!(!gaps.is_empty());
    walk.accepted(
        &ana_c,
        vec![op(
            ana(),
            case,
            Change::MissingItemsRequested {
                request_id,
                items: gaps,
                sent_at: support::op_instant(),
            },
        )],
    )
    .await;
    let completing = support::completing(&ana_c, ana(), case, &walk.received).await;
    for step in completing {
        walk.accepted(&ana_c, vec![step]).await;
    }
    walk.accepted(
        &ana_c,
        vec![
            op(ana(), case, Change::MissingItemsReceived { request_id }),
            op(ana(), case, Change::AdmissibleRecorded),
            note(ana(), case, "Dossier complet."),
        ],
    )
    .await;
    // V1: the attestation; then the proposal, approved by a different supervisor.
    walk.attestation(&ana_c).await;
    let (decision_id, proposal) = walk.proposal(ana());
    walk.accepted(&ana_c, vec![proposal]).await;
    let approval = walk.approval(sam(), decision_id);
    walk.accepted(&sam_c, vec![approval]).await;
    assert_eq!(status(&server, case).await, "selected");
    // M5: after the CSQ, a supervisor records an amendment.
    walk.accepted(
        &sam_c,
        vec![op(
            sam(),
            case,
            Change::SupervisedAmendmentRecorded {
                description: "Adresse corrigée par le centre de contact.".into(),
            },
        )],
    )
    .await;
    // The server's state of the file is the laptop's, exactly.
    let db = server.db.client().await;
    let row = db
        .query_one("SELECT state FROM cases WHERE id = $1", &[&case.0])
        .await
        .unwrap();
    let kept: FileState = serde_json::from_slice(&row.get::<_, Vec<u8>>(0)).unwrap();
    assert_eq!(&kept, walk.state());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_one_approves_their_own_proposal() {
    let server = Server::start().await;
    let (mut walk, sam_c, ana_c) = Walk::to_review(&server, "PP-AUTH-002").await;
    walk.attestation(&ana_c).await;
    // The supervisor proposes a selection himself, then approves it.
    let (decision_id, proposal) = walk.proposal(sam());
    walk.accepted(&sam_c, vec![proposal]).await;
    let reason = walk
        .refused(
            &sam_c,
            walk.approval(sam(), decision_id),
            codes::REJECT_ROLE,
        )
        .await;
    assert!(
        reason.en.contains("no one approves their own proposal"),
        "{reason:?}"
    );
    assert_eq!(status(&server, walk.case).await, "decision_proposed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approval_under_a_lower_role_is_refused() {
    let server = Server::start().await;
    let (mut walk, sam_c, ana_c) = Walk::to_review(&server, "PP-AUTH-003").await;
    walk.attestation(&ana_c).await;
    let (decision_id, proposal) = walk.proposal(ana());
    walk.accepted(&ana_c, vec![proposal]).await;
    // A supervisor's client stamps the approval as an officer's.
    let lowered = Actor {
        user: UserId("sam".into()),
        role: Role::Officer,
    };
    let reason = walk
        .refused(
            &sam_c,
            walk.approval(lowered, decision_id),
            codes::REJECT_ROLE,
        )
        .await;
    assert!(reason.en.contains("only a supervisor"), "{reason:?}");
    // And an officer's approval of course.
    walk.refused(
        &ana_c,
        walk.approval(ana(), decision_id),
        codes::REJECT_ROLE,
    )
    .await;
    assert_eq!(status(&server, walk.case).await, "decision_proposed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_the_csq_nothing_changes_without_supervision() {
    let server = Server::start().await;
    let (mut walk, sam_c, ana_c) = Walk::to_review(&server, "PP-AUTH-004").await;
    walk.attestation(&ana_c).await;
    let (decision_id, proposal) = walk.proposal(ana());
    walk.accepted(&ana_c, vec![proposal]).await;
    walk.accepted(&sam_c, vec![walk.approval(sam(), decision_id)])
        .await;
    let spouse = op(
        ana(),
        walk.case,
        Change::FamilyMemberAdded {
            person: NewPerson {
                id: PersonId::new(),
                role: PersonRole::Spouse,
                family_name: "Tremblay".into(),
                given_names: "Luc".into(),
                date_of_birth: chrono::NaiveDate::from_ymd_opt(1989, 3, 2).unwrap(),
                attestation_held: true,
            },
            both_parents_accompany: false,
            added_on: walk.today(),
        },
    );
    let reason = walk.refused(&ana_c, spouse, codes::REJECT_ROLE).await;
    assert!(reason.en.contains("CSQ"), "{reason:?}");
    // A document after the CSQ, by its officer: the same (M5).
    let (sha256, byte_size) = support::upload_document(&ana_c, CaseId::new()).await;
    let document = op(
        ana(),
        walk.case,
        Change::DocumentAdded {
            document_id: DocumentId::new(),
            person_id: None,
            checklist_code: None,
            file_name: "tardif.pdf".into(),
            sha256,
            byte_size,
            received_at: support::op_instant(),
            quality: None,
        },
    );
    walk.refused(&ana_c, document, codes::REJECT_ROLE).await;
    // An officer's supervised amendment is not one.
    let amendment = op(
        ana(),
        walk.case,
        Change::SupervisedAmendmentRecorded {
            description: "Ajout du conjoint".into(),
        },
    );
    walk.refused(&ana_c, amendment, codes::REJECT_ROLE).await;
    assert_eq!(status(&server, walk.case).await, "selected");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_approved_while_the_letter_of_intent_is_open_is_refused() {
    let server = Server::start().await;
    let (mut walk, sam_c, ana_c) = Walk::to_review(&server, "PP-AUTH-005").await;
    walk.accepted(
        &ana_c,
        vec![op(
            ana(),
            walk.case,
            Change::IntentToRefuseSent {
                request_id: RequestId::new(),
                grounds: vec![RefusalGround::ConditionsNotMet],
                sent_at: support::op_instant() - Duration::days(3),
            },
        )],
    )
    .await;
    let approval = op(
        sam(),
        walk.case,
        Change::RefusalApproved {
            decision_id: DecisionId::new(),
        },
    );
    let reason = walk.refused(&sam_c, approval, codes::REJECT_UNMET).await;
    assert!(reason.en.contains("to answer the letter"), "{reason:?}");
    // Proposing the refusal now is refused too: the applicant still has time.
    let proposal = op(
        ana(),
        walk.case,
        Change::DecisionProposed {
            decision_id: DecisionId::new(),
            decision: Decision::Refused {
                grounds: vec![RefusalGround::ConditionsNotMet],
            },
            note: "Pas de réponse.".into(),
        },
    );
    walk.refused(&ana_c, proposal, codes::REJECT_UNMET).await;
    assert_eq!(status(&server, walk.case).await, "intent_to_refuse");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_claimed_by_hash_is_refused_and_not_one_byte_downloads() {
    let server = Server::start().await;
    let sam_c = server.signed_in("sam").await;
    let ana_c = server.signed_in("ana").await;
    let bob_c = server.signed_in("bob").await;
    let hers = support::file_assigned_to(&sam_c, "PP-AUTH-006", "ana").await;
    let his = support::file_assigned_to(&sam_c, "PP-AUTH-007", "bob").await;
    // Bob's scan, on bob's file.
    let (sha256, byte_size) = support::upload_document(&bob_c, his).await;
    let added = |author: Actor, case: CaseId| {
        op(
            author,
            case,
            Change::DocumentAdded {
                document_id: DocumentId::new(),
                person_id: None,
                checklist_code: None,
                file_name: "passeport.pdf".into(),
                sha256: sha256.clone(),
                byte_size,
                received_at: support::op_instant(),
                quality: None,
            },
        )
    };
    push_ok(&bob_c, &[added(Actor::officer("bob"), his)]).await;
    // Ana names it on her own file without having sent a byte of it.
    let results = ana_c.push(&[added(ana(), hers)]).await.unwrap();
    let PushOutcome::Rejected { code, reason, .. } = &results[0].outcome else {
        panic!("{:?}", results[0]);
    };
    assert_eq!(code, codes::REJECT_DOCUMENT_UNKNOWN);
    assert!(reason.as_ref().is_some_and(|r| !r.fr.is_empty()));
    let download = ana_c.download_blob(&sha256).await;
    assert!(download.is_err(), "not one byte: {download:?}");
    assert_eq!(download.unwrap_err().code(), codes::NOT_FOUND);
    // Bob reads his own.
    assert_eq!(
        bob_c.download_blob(&sha256).await.unwrap().len() as u64,
        byte_size
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nul_in_a_text_is_invalid_and_the_next_operation_is_accepted() {
    let server = Server::start().await;
    let sam_c = server.signed_in("sam").await;
    let ana_c = server.signed_in("ana").await;
    let case = support::file_assigned_to(&sam_c, "PP-AUTH-008", "ana").await;
    let bad = note(ana(), case, "avant\u{0}après");
    let good = note(ana(), case, "une note ordinaire");
    let results = ana_c
        .push(&[bad, good.clone()])
        .await
        .expect("an answer, not a 500");
    let PushOutcome::Rejected { code, reason, .. } = &results[0].outcome else {
        panic!("{:?}", results[0]);
    };
    assert_eq!(code, codes::REJECT_INVALID);
    assert!(reason.as_ref().unwrap().en.contains("U+0000"), "{reason:?}");
    assert!(matches!(results[1].outcome, PushOutcome::Accepted { .. }));
    // Too long a text is refused the same way, and the server keeps serving.
    let long = note(
        ana(),
        case,
        &"x".repeat(decider::validate::MAX_TEXT_CHARS + 1),
    );
    let results = ana_c.push(&[long]).await.unwrap();
    assert!(
        matches!(&results[0].outcome, PushOutcome::Rejected { code, .. } if code == codes::REJECT_INVALID)
    );
    let page = ana_c.pull(None, 100).await.unwrap();
    assert!(page.operations.iter().any(|o| o.operation.id == good.id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operation_from_the_future_is_refused_and_moves_no_clock() {
    let server = Server::start().await;
    let sam_c = server.signed_in("sam").await;
    let ana_c = server.signed_in("ana").await;
    let case = support::file_assigned_to(&sam_c, "PP-AUTH-009", "ana").await;
    let mut future = note(ana(), case, "écrite en 2099");
    future.hlc.wall_ms = 4_070_908_800_000; // 2099-01-01
    let results = ana_c.push(&[future.clone()]).await.unwrap();
    let PushOutcome::Rejected { code, reason, .. } = &results[0].outcome else {
        panic!("{:?}", results[0]);
    };
    assert_eq!(code, codes::REJECT_CLOCK_AHEAD);
    assert!(reason.as_ref().unwrap().en.contains("clock"), "{reason:?}");
    // A few seconds ahead is a clock's ordinary drift.
    let mut drift = note(ana(), case, "quelques secondes d’avance");
    drift.hlc.wall_ms = u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap() + 30_000;
    push_ok(&ana_c, &[drift]).await;
    // Nobody pulls anything stamped after the server's clock by more than the drift.
    let page = sam_c.pull(None, 100).await.unwrap();
    let limit = u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap() + 5 * 60 * 1000;
    assert!(
        page.operations
            .iter()
            .all(|o| o.operation.hlc.wall_ms <= limit)
    );
    assert!(!page.operations.iter().any(|o| o.operation.id == future.id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_selection_with_csq_numbers_of_its_own_making_is_refused() {
    let server = Server::start().await;
    let (mut walk, sam_c, ana_c) = Walk::to_review(&server, "PP-AUTH-010").await;
    walk.attestation(&ana_c).await;
    let (decision_id, proposal) = walk.proposal(ana());
    walk.accepted(&ana_c, vec![proposal]).await;
    // A CSQ for someone who is not on the file.
    let forged = op(
        sam(),
        walk.case,
        Change::SelectionApproved {
            decision_id,
            certificates: vec![CsqIssued {
                person_id: PersonId::new(),
                number: "CSQ-FAUX-01".into(),
            }],
        },
    );
    walk.refused(&sam_c, forged, codes::REJECT_REFUSED).await;
    // Items requested that are not gaps: refused as asked.
    assert_eq!(status(&server, walk.case).await, "decision_proposed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_receipt_or_hash_is_invalid_on_the_server_as_on_the_laptop() {
    let server = Server::start().await;
    let sam_c = server.signed_in("sam").await;
    // Two principal applicants.
    let mut r = support::received("PP-AUTH-011");
    if let Change::CaseReceived { persons, .. } = &mut r.change {
        let mut second = persons[0].clone();
        second.id = PersonId::new();
        persons.push(second);
    }
    let local = decider::decide(def(), None, &r.to_operation()).unwrap_err();
    let results = sam_c.push(&[r]).await.unwrap();
    let PushOutcome::Rejected { code, reason, .. } = &results[0].outcome else {
        panic!("{:?}", results[0]);
    };
    assert_eq!(code, codes::REJECT_INVALID);
    assert_eq!(reason.as_ref(), Some(&local.reason().both()));
    // A document whose hash is not a SHA-256.
    let case = support::file_assigned_to(&sam_c, "PP-AUTH-012", "ana").await;
    let bad = op(
        sam(),
        case,
        Change::DocumentAdded {
            document_id: DocumentId::new(),
            person_id: None,
            checklist_code: None,
            file_name: "x.pdf".into(),
            sha256: "AB".repeat(32),
            byte_size: 1,
            received_at: support::op_instant(),
            quality: None,
        },
    );
    let results = sam_c.push(&[bad]).await.unwrap();
    assert!(
        matches!(&results[0].outcome, PushOutcome::Rejected { code, .. } if code == codes::REJECT_INVALID),
        "{:?}",
        results[0]
    );
    // A file received twice.
    let again = op(sam(), case, support::case_received("PP-AUTH-013"));
    let results = sam_c.push(&[again]).await.unwrap();
    assert!(
        matches!(&results[0].outcome, PushOutcome::Rejected { code, .. } if code == codes::REJECT_CASE_EXISTS),
        "{:?}",
        results[0]
    );
}

/// The definition these files are decided with: the built-in one.
fn def() -> &'static program::ProgramDefinition {
    program::ProgramDefinition::builtin()
}
