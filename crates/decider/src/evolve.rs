//! How each operation changes a file's state: [`evolve`], a pure fold. It assumes the
//! operation was decided (see [`crate::decide`]); given the same operations in the same
//! order it builds the same state on any machine, on any day, because every instant it
//! records is the operation's own (its clock, or a time inside its payload).

use oplog::{Change, Operation};
use program::{CaseStatus, Deadline, PersonRole, ProgramDefinition, ProgramVersions, transition};

use crate::instant;
use crate::state::{
    AttestationRow, ChecklistRow, DecisionRow, DocumentRow, FileState, InterviewRow, ItemRecord,
    PaymentRow, PersonRow, RequestClosed, RequestKind, RequestRow, ReviewOutcome,
};

/// The file after `op`, by the rules of `def` (the version `op` names): `None` before its
/// `case_received` (and for an operation on a file that was never received, which a
/// decided log never holds).
pub fn evolve(
    def: &ProgramDefinition,
    state: Option<FileState>,
    op: &Operation,
) -> Option<FileState> {
    let now = instant(op);
    if let Change::CaseReceived {
        file_number,
        stream,
        profile,
        received_at,
        language,
        persons,
        representative: _,
    } = &op.change
    {
        let mut s = FileState {
            case_id: op.case_id,
            file_number: file_number.clone(),
            status: CaseStatus::Received,
            status_op: op.id,
            stream: *stream,
            profile: *profile,
            language: *language,
            received_at: *received_at,
            ai_notice_required: false,
            assigned_to: None,
            persons: persons
                .iter()
                .map(|p| PersonRow {
                    id: p.id,
                    role: p.role,
                    family_name: p.family_name.clone(),
                    given_names: p.given_names.clone(),
                    date_of_birth: p.date_of_birth,
                    attestation_held: p.attestation_held,
                    removed: false,
                    added_on: None,
                    both_parents_accompany: None,
                })
                .collect(),
            documents: Vec::new(),
            checklist: Vec::new(),
            requests: Vec::new(),
            attestations: Vec::new(),
            interviews: Vec::new(),
            decisions: Vec::new(),
            payments: Vec::new(),
        };
        sort_persons(&mut s);
        return Some(s);
    }
    let mut s = state?;
    if let Some(event) = oplog::events::lifecycle_event(&op.change)
        && let Ok(to) = transition(s.status, event)
    {
        s.status = to;
        s.status_op = op.id;
    }
    match &op.change {
        Change::CaseReceived { .. } => {}
        Change::CaseAssigned { officer } => s.assigned_to = Some(officer.clone()),
        Change::DocumentAdded {
            document_id,
            person_id,
            checklist_code,
            sha256,
            quality,
            received_at,
            ..
        } => s.documents.push(DocumentRow {
            id: *document_id,
            person: *person_id,
            checklist_code: checklist_code.clone(),
            sha256: sha256.clone(),
            flags: quality
                .as_ref()
                .map(|q| q.flags.iter().map(|f| f.kind()).collect())
                .unwrap_or_default(),
            checked: quality.is_some(),
            dismissed: Vec::new(),
            letter: None,
            received_at: *received_at,
        }),
        Change::LetterFiled {
            document_id,
            letter,
            regarding,
            sha256,
            filed_at,
            ..
        } => s.documents.push(DocumentRow {
            id: *document_id,
            person: None,
            checklist_code: None,
            sha256: sha256.clone(),
            flags: Vec::new(),
            checked: false,
            dismissed: Vec::new(),
            letter: Some((*letter, regarding.id())),
            received_at: *filed_at,
        }),
        Change::QualityFlagDismissed {
            document_id, flag, ..
        } => {
            if let Some(d) = s.documents.iter_mut().find(|d| d.id == *document_id) {
                d.dismissed.retain(|(k, _)| k != flag);
                d.dismissed.push((*flag, op.hlc));
            }
        }
        Change::AiNoticeRequirementRecorded { required } => s.ai_notice_required = *required,
        Change::NoteAdded { .. } => {}
        Change::AdmissibilityReviewStarted
        | Change::AdmissibleRecorded
        | Change::AdministrativeReviewRequested { .. }
        | Change::SupervisedAmendmentRecorded { .. }
        | Change::ReceiptRevoked { .. } => {}
        Change::MissingItemsRequested {
            request_id,
            items,
            sent_at,
        } => push_request(
            &mut s,
            RequestRow {
                items: items.clone(),
                ..request(
                    *request_id,
                    RequestKind::MissingItems,
                    *sent_at,
                    def.deadlines.missing_items_days,
                )
            },
        ),
        Change::AttestationRequested {
            request_id,
            persons,
            sent_at,
        } => push_request(
            &mut s,
            RequestRow {
                persons: persons.clone(),
                ..request(
                    *request_id,
                    RequestKind::Attestation,
                    *sent_at,
                    def.deadlines.attestation_days,
                )
            },
        ),
        Change::IntentToRefuseSent {
            request_id,
            grounds,
            sent_at,
        } => push_request(
            &mut s,
            RequestRow {
                refusal_grounds: grounds.clone(),
                ..request(
                    *request_id,
                    RequestKind::IntentToRefuse,
                    *sent_at,
                    def.deadlines.intent_letter_days,
                )
            },
        ),
        Change::IntentToRejectSent {
            request_id,
            grounds,
            sent_at,
        } => push_request(
            &mut s,
            RequestRow {
                rejection_grounds: grounds.clone(),
                ..request(
                    *request_id,
                    RequestKind::IntentToReject,
                    *sent_at,
                    def.deadlines.intent_letter_days,
                )
            },
        ),
        Change::ChecklistItemReceived {
            code,
            person_id,
            document_id,
        } => set_item(
            &mut s,
            code.as_str(),
            *person_id,
            ItemRecord::Received,
            Some(*document_id),
            None,
        ),
        Change::ChecklistItemDefective {
            code,
            person_id,
            document_id,
            defects,
            note,
        } => {
            set_item(
                &mut s,
                code.as_str(),
                *person_id,
                ItemRecord::Defective,
                Some(*document_id),
                (!note.trim().is_empty()).then(|| note.trim().to_owned()),
            );
            if let Some(row) = s
                .checklist
                .iter_mut()
                .find(|r| r.code == code.as_str() && r.person == *person_id)
            {
                row.defects = defects.clone();
            }
        }
        Change::ExplanatoryLetterReceived {
            code,
            person_id,
            document_id,
        } => set_item(
            &mut s,
            code.as_str(),
            *person_id,
            ItemRecord::LetterPending,
            Some(*document_id),
            None,
        ),
        Change::ExplanatoryLetterJudged {
            code,
            person_id,
            accepted,
            reason,
        } => {
            let document = s
                .checklist_row(code.as_str(), *person_id)
                .and_then(|r| r.document_id);
            let state = if *accepted {
                ItemRecord::LetterAccepted
            } else {
                ItemRecord::LetterRefused
            };
            let comment = Some(reason.trim().to_owned()).filter(|r| !r.is_empty());
            set_item(&mut s, code.as_str(), *person_id, state, document, comment);
        }
        Change::MissingItemsReceived { .. } => close(
            &mut s,
            &[RequestKind::MissingItems],
            now,
            RequestClosed::Received,
        ),
        Change::AttestationCompleted => close(
            &mut s,
            &[RequestKind::Attestation],
            now,
            RequestClosed::Completed,
        ),
        Change::ApplicantAnswered { .. } => close(
            &mut s,
            &[RequestKind::IntentToRefuse, RequestKind::IntentToReject],
            now,
            RequestClosed::Answered,
        ),
        Change::PaymentRecorded {
            payment_id,
            amount,
            paid_on,
            payer,
        } => {
            s.payments.push(PaymentRow {
                id: *payment_id,
                amount: *amount,
                paid_on: *paid_on,
                payer: *payer,
            });
            s.payments.sort_by_key(|p| (p.paid_on, p.id));
        }
        Change::AttestationObtained { person_id, on } => set_attestation(
            &mut s,
            AttestationRow {
                person: *person_id,
                obtained_on: Some(*on),
                exemption: None,
                reason: None,
            },
        ),
        Change::AttestationExemptionRecorded {
            person_id,
            exemption,
            reason,
        } => set_attestation(
            &mut s,
            AttestationRow {
                person: *person_id,
                obtained_on: None,
                exemption: Some(*exemption),
                reason: Some(reason.trim().to_owned()),
            },
        ),
        Change::InterviewScheduled { interview_id, at } => {
            s.interviews.push(InterviewRow {
                id: *interview_id,
                at: *at,
                outcome: None,
                notes: None,
            });
            s.interviews.sort_by_key(|i| (i.at, i.id));
        }
        Change::InterviewOutcomeRecorded {
            interview_id,
            outcome,
            notes,
        } => {
            if let Some(i) = s.interviews.iter_mut().find(|i| i.id == *interview_id) {
                i.outcome = Some(*outcome);
                i.notes = Some(notes.clone());
            }
        }
        Change::DecisionProposed {
            decision_id,
            decision,
            note,
        } => {
            s.decisions.push(DecisionRow {
                id: *decision_id,
                decision: decision.clone(),
                note: note.clone(),
                proposed_by: op.author.user.0.clone(),
                proposed_at: now,
                reviewed_by: None,
                reviewed_at: None,
                outcome: None,
                comment: None,
                certificates: Vec::new(),
            });
            s.decisions.sort_by_key(|d| (d.proposed_at, d.id));
            close(
                &mut s,
                &RequestKind::ALL,
                now,
                RequestClosed::DecisionProposed,
            );
        }
        Change::ProposalSentBack {
            decision_id,
            comment,
        } => review(
            &mut s,
            op,
            *decision_id,
            ReviewOutcome::SentBack,
            Some(comment.clone()),
        ),
        Change::SelectionApproved {
            decision_id,
            certificates,
        } => {
            review(&mut s, op, *decision_id, ReviewOutcome::Approved, None);
            if let Some(d) = s.decisions.iter_mut().find(|d| d.id == *decision_id) {
                d.certificates = certificates.clone();
            }
        }
        Change::RefusalApproved { decision_id } | Change::RejectionApproved { decision_id } => {
            review(&mut s, op, *decision_id, ReviewOutcome::Approved, None)
        }
        Change::FamilyMemberAdded {
            person,
            both_parents_accompany,
            added_on,
        } => {
            let requirements = s.member_addition(def, person, *both_parents_accompany, *added_on);
            s.persons.push(PersonRow {
                id: person.id,
                role: person.role,
                family_name: person.family_name.clone(),
                given_names: person.given_names.clone(),
                date_of_birth: person.date_of_birth,
                attestation_held: person.attestation_held,
                removed: false,
                added_on: Some(*added_on),
                both_parents_accompany: Some(*both_parents_accompany),
            });
            sort_persons(&mut s);
            if let Ok(requirements) = requirements
                && requirements.new_form_signed_by_both
            {
                // M1: the form on file was signed before the spouse joined; a new one,
                // filled in and signed by both, is owed again.
                for item in requirements
                    .items
                    .iter()
                    .filter(|i| i.person.is_none() && i.is_form())
                {
                    set_item(
                        &mut s,
                        item.code.as_str(),
                        None,
                        ItemRecord::Missing,
                        None,
                        None,
                    );
                }
            }
        }
        Change::FamilyMemberRemoved { person_id, .. } => {
            if let Some(p) = s.persons.iter_mut().find(|p| p.id == *person_id) {
                p.removed = true;
            }
        }
    }
    Some(s)
}

/// Whether `change` leaves a file's state as it was (a note: the rules read no note), so
/// that a replica need not write the state again after it. Kept beside [`evolve`], whose
/// match says the same.
pub fn leaves_state(change: &Change) -> bool {
    matches!(change, Change::NoteAdded { .. })
}

/// Folds a file's operations, in the log's order, from nothing, each with the version it
/// names (see [`crate::definition_for`]).
pub fn fold<'a>(
    versions: &ProgramVersions,
    ops: impl IntoIterator<Item = &'a Operation>,
) -> Option<FileState> {
    ops.into_iter().fold(None, |state, op| {
        evolve(crate::definition_for(versions, op), state, op)
    })
}

/// Principal applicant first, then the spouse, then children by date of birth.
fn sort_persons(s: &mut FileState) {
    let rank = |r: PersonRole| match r {
        PersonRole::PrincipalApplicant => 0,
        PersonRole::Spouse => 1,
        _ => 2,
    };
    s.persons.sort_by(|a, b| {
        (rank(a.role), a.date_of_birth, a.id).cmp(&(rank(b.role), b.date_of_birth, b.id))
    });
}

fn request(
    id: oplog::RequestId,
    kind: RequestKind,
    sent_at: chrono::DateTime<chrono::Utc>,
    days: u32,
) -> RequestRow {
    RequestRow {
        id,
        kind,
        sent_at,
        deadline: Deadline::after(sent_at, days),
        items: Vec::new(),
        persons: Vec::new(),
        refusal_grounds: Vec::new(),
        rejection_grounds: Vec::new(),
        closed_at: None,
        closed_reason: None,
    }
}

fn push_request(s: &mut FileState, r: RequestRow) {
    s.requests.push(r);
    s.requests.sort_by_key(|r| (r.sent_at, r.id));
}

fn close(
    s: &mut FileState,
    kinds: &[RequestKind],
    now: chrono::DateTime<chrono::Utc>,
    why: RequestClosed,
) {
    for r in s
        .requests
        .iter_mut()
        .filter(|r| r.is_open() && kinds.contains(&r.kind))
    {
        r.closed_at = Some(now);
        r.closed_reason = Some(why);
    }
}

fn set_item(
    s: &mut FileState,
    code: &str,
    person: Option<oplog::PersonId>,
    state: ItemRecord,
    document_id: Option<oplog::DocumentId>,
    comment: Option<String>,
) {
    s.checklist
        .retain(|r| !(r.code == code && r.person == person));
    s.checklist.push(ChecklistRow {
        code: code.to_owned(),
        person,
        state,
        document_id,
        comment,
        defects: Vec::new(),
    });
    s.checklist
        .sort_by(|a, b| (&a.code, a.person).cmp(&(&b.code, b.person)));
}

fn set_attestation(s: &mut FileState, row: AttestationRow) {
    s.attestations.retain(|a| a.person != row.person);
    s.attestations.push(row);
}

fn review(
    s: &mut FileState,
    op: &Operation,
    decision_id: oplog::DecisionId,
    outcome: ReviewOutcome,
    comment: Option<String>,
) {
    if let Some(d) = s.decisions.iter_mut().find(|d| d.id == decision_id) {
        d.reviewed_by = Some(op.author.user.0.clone());
        d.reviewed_at = Some(instant(op));
        d.outcome = Some(outcome);
        d.comment = comment;
    }
}
