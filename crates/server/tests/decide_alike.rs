//! The laptop and the server decide alike: random sequences of valid and invalid steps on
//! a file, each tried on a laptop's real store and pushed to the real server, get the
//! same decision on both; and the file replayed later on another laptop, on another day,
//! from what the server kept, ends in the same state as on the first laptop and on the
//! server.
//!
//! Deterministic: sequence `i` is drawn from seed `i`. `DOSSIER_DECIDE_ALIKE_RUNS` sets
//! how many sequences (default 12, each of 40 steps); a failure names its seed.

use std::sync::Arc;

use testkit as support;

use chrono::{Duration, NaiveDate};
use decider::FileState;
use oplog::ids::{Actor, CaseId, DecisionId, DocumentId, PaymentId, PersonId, RequestId};
use oplog::{Change, NewPerson};
use program::fees::Payer;
use program::{Cad, Decision, FixedClock, PersonRole, RefusalGround, montreal_date};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use store::Store;
use store::sync::RemoteOperation;
use support::{Server, assigned, op, push_ok};
use sync::{PushOutcome, WireOperation};

const STEPS: usize = 40;

fn ana() -> Actor {
    Actor::officer("ana")
}

fn sam() -> Actor {
    Actor::supervisor("sam")
}

/// One step drawn for the file as the laptop holds it: valid when the draw follows the
/// state, invalid by design otherwise (an empty text, a NUL, an item that is not a gap,
/// the wrong role, a date after the day...).
fn draw(
    rng: &mut ChaCha8Rng,
    st: &FileState,
    document: DocumentId,
    flagged: DocumentId,
) -> (Actor, Change) {
    let today = montreal_date(support::op_instant());
    let author = if rng.gen_bool(0.75) { ana() } else { sam() };
    let principal = st.persons[0].id;
    let text = |rng: &mut ChaCha8Rng| match rng.gen_range(0..10) {
        0 => String::new(),
        1 => "avec\u{0}NUL".to_owned(),
        _ => "Texte de l’agent.".to_owned(),
    };
    let pending = st.pending_decision().map(|d| d.id).unwrap_or_default();
    let change = match rng.gen_range(0..34) {
        30 => Change::AttestationExemptionRecorded {
            person_id: st.persons[rng.gen_range(0..st.persons.len())].id,
            exemption: program::Exemption::ExemptByRegulation,
            reason: text(rng),
        },
        31 => Change::QualityFlagDismissed {
            document_id: if rng.gen_bool(0.8) { flagged } else { document },
            flag: if rng.gen_bool(0.8) {
                oplog::QualityFlagKind::NotInColour
            } else {
                oplog::QualityFlagKind::BlankPages
            },
            reason: text(rng),
        },
        32 => Change::LetterFiled {
            document_id: DocumentId::new(),
            letter: oplog::LetterKind::MissingItemsRequest,
            regarding: oplog::LetterRegarding::Request(
                st.requests
                    .last()
                    .filter(|_| rng.gen_bool(0.8))
                    .map(|r| r.id)
                    .unwrap_or_default(),
            ),
            language: program::Language::Fr,
            file_name: "lettre.pdf".into(),
            sha256: st.documents[0].sha256.clone(),
            byte_size: 64,
            filed_at: support::op_instant(),
        },
        33 => Change::CaseAssigned {
            officer: oplog::UserId("ana".into()),
        },
        17 => Change::ApplicantAnswered { summary: text(rng) },
        18 => Change::RefusalApproved {
            decision_id: pending,
        },
        19 => Change::InterviewScheduled {
            interview_id: oplog::InterviewId::new(),
            at: support::op_instant() + Duration::hours(rng.gen_range(-48..48)),
        },
        20 => Change::InterviewOutcomeRecorded {
            interview_id: st.interviews.last().map(|i| i.id).unwrap_or_default(),
            outcome: if rng.gen_bool(0.8) {
                program::decision::InterviewOutcome::Held
            } else {
                program::decision::InterviewOutcome::Absent
            },
            notes: text(rng),
        },
        21 | 22 => {
            let required = st.required(def(), today);
            let item = &required[rng.gen_range(0..required.len())];
            let code = item.code.clone();
            let person_id = item
                .person
                .as_ref()
                .and_then(|k| PersonId::parse(k.as_str()).ok());
            if rng.gen_bool(0.5) {
                Change::ExplanatoryLetterReceived {
                    code,
                    person_id,
                    document_id: document,
                }
            } else {
                Change::ExplanatoryLetterJudged {
                    code,
                    person_id,
                    accepted: rng.gen_bool(0.7),
                    reason: text(rng),
                }
            }
        }
        23 => Change::FamilyMemberRemoved {
            person_id: st.persons[rng.gen_range(0..st.persons.len())].id,
            reason: text(rng),
        },
        24 => Change::AdministrativeReviewRequested {
            received_on: today,
            note: text(rng),
        },
        25 => Change::SupervisedAmendmentRecorded {
            description: text(rng),
        },
        26 => Change::AdmissibleRecorded,
        27 => Change::DecisionProposed {
            decision_id: DecisionId::new(),
            decision: Decision::Selected,
            note: text(rng),
        },
        28 => Change::SelectionApproved {
            decision_id: pending,
            certificates: st.certificates(),
        },
        29 => Change::AttestationCompleted,
        0 => Change::NoteAdded {
            note_id: oplog::NoteId::new(),
            body: text(rng),
        },
        1 => Change::AdmissibilityReviewStarted,
        2 => {
            let mut items = st.gap_keys(def(), today);
            if rng.gen_bool(0.2) || items.is_empty() {
                items.push("not_an_item".into());
            }
            Change::MissingItemsRequested {
                request_id: RequestId::new(),
                items,
                sent_at: support::op_instant() - Duration::days(rng.gen_range(0..90)),
            }
        }
        3 | 4 => {
            let required = st.required(def(), today);
            let item = &required[rng.gen_range(0..required.len())];
            Change::ChecklistItemReceived {
                code: item.code.clone(),
                person_id: item
                    .person
                    .as_ref()
                    .and_then(|k| PersonId::parse(k.as_str()).ok()),
                document_id: if rng.gen_bool(0.9) {
                    document
                } else {
                    DocumentId::new()
                },
            }
        }
        5 => Change::PaymentRecorded {
            payment_id: PaymentId::new(),
            amount: match rng.gen_range(0..6) {
                0 => Cad::ZERO,
                _ => st.fees(def()).due.unwrap_or(Cad::from_cents(100)),
            },
            paid_on: if rng.gen_bool(0.9) {
                today
            } else {
                today + Duration::days(3)
            },
            payer: Payer::Applicant,
        },
        6 => Change::MissingItemsReceived {
            request_id: st
                .open_request(decider::state::RequestKind::MissingItems)
                .map(|r| r.id)
                .unwrap_or_default(),
        },
        7 => Change::AdmissibleRecorded,
        8 => Change::AttestationRequested {
            request_id: RequestId::new(),
            persons: if rng.gen_bool(0.9) {
                vec![principal]
            } else {
                vec![]
            },
            sent_at: support::op_instant(),
        },
        9 => Change::AttestationObtained {
            person_id: principal,
            on: if rng.gen_bool(0.9) {
                today
            } else {
                today + Duration::days(1)
            },
        },
        10 => Change::AttestationCompleted,
        11 => Change::DecisionProposed {
            decision_id: DecisionId::new(),
            decision: if rng.gen_bool(0.8) {
                Decision::Selected
            } else {
                Decision::Refused {
                    grounds: vec![RefusalGround::ConditionsNotMet],
                }
            },
            note: text(rng),
        },
        12 => Change::SelectionApproved {
            decision_id: pending,
            certificates: st.certificates(),
        },
        13 => Change::ProposalSentBack {
            decision_id: pending,
            comment: text(rng),
        },
        14 if rng.gen_bool(0.3) => Change::IntentToRefuseSent {
            request_id: RequestId::new(),
            grounds: vec![RefusalGround::ConditionsNotMet],
            sent_at: support::op_instant() - Duration::days(rng.gen_range(0..90)),
        },
        14 | 15 => Change::FamilyMemberAdded {
            person: NewPerson {
                id: PersonId::new(),
                role: PersonRole::DependentChild,
                family_name: "Tremblay".into(),
                given_names: "Léa".into(),
                date_of_birth: NaiveDate::from_ymd_opt(2015, 2, 3).unwrap(),
                attestation_held: false,
            },
            both_parents_accompany: rng.gen_bool(0.5),
            added_on: today,
        },
        _ => Change::AiNoticeRequirementRecorded {
            required: rng.gen_bool(0.5),
        },
    };
    (author, change)
}

/// The next step a diligent officer (or supervisor) would take on the file, so that the
/// random walks reach every status: valid by construction.
fn guided(rng: &mut ChaCha8Rng, st: &FileState, document: DocumentId) -> (Actor, Change) {
    use program::CaseStatus as S;
    let today = montreal_date(support::op_instant());
    let gap = |rng: &mut ChaCha8Rng| -> Option<Change> {
        let missing = st.admissibility(def(), today);
        let items: Vec<_> = missing
            .missing()
            .iter()
            .filter_map(|m| match m {
                program::Missing::Item { item, .. } => Some(item.clone()),
                program::Missing::Fees { .. } => None,
            })
            .collect();
        if items.is_empty() {
            return (!missing.is_complete()).then(|| Change::PaymentRecorded {
                payment_id: PaymentId::new(),
                amount: st
                    .fees(def())
                    .balance
                    .map_or(Cad::from_cents(100), |b| b.outstanding),
                paid_on: today,
                payer: Payer::Applicant,
            });
        }
        let item = &items[rng.gen_range(0..items.len())];
        Some(Change::ChecklistItemReceived {
            code: item.code.clone(),
            person_id: item
                .person
                .as_ref()
                .and_then(|k| PersonId::parse(k.as_str()).ok()),
            document_id: document,
        })
    };
    let change = match st.status {
        S::Received => Change::AdmissibilityReviewStarted,
        S::AdmissibilityReview => match gap(rng) {
            Some(c) if rng.gen_bool(0.7) => c,
            Some(_) => Change::MissingItemsRequested {
                request_id: RequestId::new(),
                items: st.gap_keys(def(), today),
                sent_at: support::op_instant(),
            },
            None => Change::AdmissibleRecorded,
        },
        S::MissingItemsRequested => gap(rng).unwrap_or(Change::MissingItemsReceived {
            request_id: st
                .open_request(decider::state::RequestKind::MissingItems)
                .map(|r| r.id)
                .unwrap_or_default(),
        }),
        S::InReview if !st.attestation_outstanding(def(), today).is_empty() => {
            Change::AttestationRequested {
                request_id: RequestId::new(),
                persons: st
                    .attestation_outstanding(def(), today)
                    .iter()
                    .map(|p| p.id)
                    .collect(),
                sent_at: support::op_instant(),
            }
        }
        S::AttestationRequested => match st.attestation_outstanding(def(), today).first() {
            Some(p) => Change::AttestationObtained {
                person_id: p.id,
                on: today,
            },
            None => Change::AttestationCompleted,
        },
        S::DecisionProposed => {
            let pending = st.pending_decision().map(|d| d.id).unwrap_or_default();
            return (
                sam(),
                if rng.gen_bool(0.8) {
                    Change::SelectionApproved {
                        decision_id: pending,
                        certificates: st.certificates(),
                    }
                } else {
                    Change::ProposalSentBack {
                        decision_id: pending,
                        comment: "Précisez la note.".into(),
                    }
                },
            );
        }
        S::IntentToRefuse | S::IntentToReject => Change::ApplicantAnswered {
            summary: "Réponse reçue.".into(),
        },
        S::Selected => {
            return (
                sam(),
                Change::SupervisedAmendmentRecorded {
                    description: "Modification par le centre de contact.".into(),
                },
            );
        }
        _ => Change::DecisionProposed {
            decision_id: DecisionId::new(),
            decision: Decision::Selected,
            note: "Tout est au dossier.".into(),
        },
    };
    (ana(), change)
}

/// A laptop's store whose clock reads `now`, in `dir`.
fn laptop(dir: &std::path::Path, name: &str, now: chrono::DateTime<chrono::Utc>) -> Store {
    Store::open_with_clock(
        &dir.join(name),
        &store::StoreKey::from_bytes([7; 32]),
        Arc::new(FixedClock(now)),
    )
    .unwrap()
}

async fn server_state(server: &Server, case: CaseId) -> FileState {
    let row = server
        .db
        .client()
        .await
        .query_one("SELECT state FROM cases WHERE id = $1", &[&case.0])
        .await
        .unwrap();
    serde_json::from_slice(&row.get::<_, Vec<u8>>(0)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_laptop_and_the_server_take_the_same_decision_for_every_step() {
    let runs: u64 = std::env::var("DOSSIER_DECIDE_ALIKE_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let server = Server::start().await;
    let sam_c = server.signed_in("sam").await;
    let ana_c = server.signed_in("ana").await;
    let dir = tempfile::tempdir().unwrap();
    let mut accepted_total = 0;
    let mut refused_total = 0;
    let mut statuses = Vec::new();
    for seed in 0..runs {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // The laptop's clock is the operations' instant, as when the officer works.
        let here = laptop(dir.path(), &format!("ana-{seed}.db"), support::op_instant());
        let r = support::received(&format!("PP-ALIKE-{seed:03}"));
        let case = r.case_id;
        let a = assigned(case, "ana");
        let mut made = Vec::new();
        for w in [&r, &a] {
            made.push(WireOperation::from(
                &here.apply(&w.author, case, w.change.clone()).unwrap(),
            ));
        }
        push_ok(&sam_c, &made).await;
        let (sha256, byte_size) = support::upload_document(&ana_c, case).await;
        let document = DocumentId::new();
        let scan = Change::DocumentAdded {
            document_id: document,
            person_id: None,
            checklist_code: None,
            file_name: "scan.pdf".into(),
            sha256: sha256.clone(),
            byte_size,
            received_at: support::op_instant(),
            quality: None,
        };
        // A second scan, in black and white: its flag may be dismissed.
        let flagged = DocumentId::new();
        let grey = Change::DocumentAdded {
            document_id: flagged,
            person_id: None,
            checklist_code: None,
            file_name: "gris.pdf".into(),
            sha256: sha256.clone(),
            byte_size,
            received_at: support::op_instant(),
            quality: Some(oplog::QualityReport {
                page_count: Some(1),
                page_sizes: vec![],
                checked_pages: 1,
                flags: vec![oplog::QualityFlag::NotInColour {
                    mode: oplog::quality::ScanMode::BlackAndWhite,
                }],
            }),
        };
        let scans: Vec<WireOperation> = [scan, grey]
            .into_iter()
            .map(|c| WireOperation::from(&here.apply(&ana(), case, c).unwrap()))
            .collect();
        push_ok(&ana_c, &scans).await;

        for step in 0..STEPS {
            let st = here.file_state(case).unwrap();
            let (author, change) = if rng.gen_bool(0.45) {
                guided(&mut rng, &st, document)
            } else {
                draw(&mut rng, &st, document, flagged)
            };
            let kind = change.kind();
            let local = here.apply(&author, case, change.clone());
            let wire = match &local {
                Ok(made) => WireOperation::from(made),
                Err(_) => op(author.clone(), case, change),
            };
            let client = if author.role == oplog::Role::Supervisor {
                &sam_c
            } else {
                &ana_c
            };
            let results = client.push(std::slice::from_ref(&wire)).await.unwrap();
            let remote = &results[0].outcome;
            match (&local, remote) {
                (Ok(_), PushOutcome::Accepted { .. }) => accepted_total += 1,
                (Err(_), PushOutcome::Rejected { .. }) => refused_total += 1,
                _ => panic!(
                    "seed {seed}, step {step} ({kind} by {}): the laptop said {local:?}, the server {remote:?}",
                    author.user
                ),
            }
            if let (
                Err(e),
                PushOutcome::Rejected {
                    reason: Some(r), ..
                },
            ) = (&local, remote)
                && let Some(mine) = e.reason().map(|t| t.both())
            {
                // The same reason (the server adds who moved the file, for a conflict).
                assert!(
                    r.fr.contains(&mine.fr) && r.en.contains(&mine.en),
                    "seed {seed}, step {step}: the laptop said {mine:?}, the server {r:?}"
                );
            }
        }
        let laptop_state = here.file_state(case).unwrap();
        statuses.push(laptop_state.status.code());
        assert_eq!(
            server_state(&server, case).await,
            laptop_state,
            "seed {seed}: the server's state is the laptop's"
        );

        // Replayed later, on another laptop, on another day, from what the server kept.
        let later = laptop(
            dir.path(),
            &format!("later-{seed}.db"),
            support::op_instant() + Duration::days(400),
        );
        let mut ops = Vec::new();
        let mut cursor = None;
        loop {
            let page = sam_c.pull(cursor.as_ref(), 500).await.unwrap();
            ops.extend(
                page.operations
                    .into_iter()
                    .filter(|p| p.operation.case_id == case)
                    .map(|p| RemoteOperation {
                        server_seq: p.seq,
                        operation: p.operation.into_acknowledged(),
                    }),
            );
            cursor = Some(page.next);
            if !page.more {
                break;
            }
        }
        let report = later.apply_remote(&ops).unwrap();
        assert!(report.unapplied.is_empty(), "seed {seed}: {report:?}");
        assert_eq!(
            later.file_state(case).unwrap(),
            laptop_state,
            "seed {seed}: the replay on another day"
        );
        assert_eq!(
            decider::fold(
                &program::ProgramVersions::builtin(),
                ops.iter().map(|o| &o.operation)
            )
            .as_ref(),
            Some(&laptop_state),
            "seed {seed}: the fold of the server's log"
        );
    }
    statuses.sort_unstable();
    eprintln!(
        "{runs} sequences: {accepted_total} steps accepted, {refused_total} refused, alike; \
         files ended {statuses:?}"
    );
    assert!(accepted_total > 0 && refused_total > 0);
}

/// The definition these files are decided with: the built-in one.
fn def() -> &'static program::ProgramDefinition {
    program::ProgramDefinition::builtin()
}
