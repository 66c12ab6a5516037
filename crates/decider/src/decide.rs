//! Whether one operation may be recorded on a file: [`decide`], the one place where a
//! casework rule is checked. The laptop's store calls it before writing, the server for
//! every pushed operation, and both against the same [`FileState`] folded from the same
//! log; the instant is the operation's own ([`crate::instant`]), never the checker's
//! clock, so every replica takes the same decision about the same operation.

use chrono::{DateTime, NaiveDate, Utc};
use oplog::{Change, DocumentId, Operation, PersonId};
use program::admissibility::{MissingItemsRequest, check_document_addition};
use program::attestation::Duty;
use program::decision::{IntentToRefuse, IntentToReject};
use program::family::{FamilyChange, FamilyChangeError, check_family_change};
use program::{
    CaseStatus, Decision, PersonKey, PersonRole, ProgramDefinition, RuleError, check_transition,
    montreal_date,
};

use oplog::quality::MAX_REASON_CHARS;
use vocab::Text;

use crate::instant;
use crate::refusal::Refusal;
use crate::roles::{check_reviewer, check_role};
use crate::state::{FileState, ItemRecord, RequestKind, item_key};
use crate::validate::validate;

/// Whether `op` may be recorded on the file `state` (`None`: not received yet), by the
/// rules of `def` (the version the operation names: see [`crate::apply`]).
pub fn decide(
    def: &ProgramDefinition,
    state: Option<&FileState>,
    op: &Operation,
) -> Result<(), Refusal> {
    validate(&op.change)?;
    check_role(&op.author, &op.change)?;
    if let Change::CaseReceived {
        file_number,
        persons,
        ..
    } = &op.change
    {
        if state.is_some() {
            return Err(Refusal::CaseExists(op.case_id));
        }
        return check_receipt(file_number, persons);
    }
    let state = state.ok_or(Refusal::CaseNotFound(op.case_id))?;
    let now = instant(op);
    match oplog::events::lifecycle_event(&op.change) {
        Some(event) => check_lifecycle(def, state, op, event, now),
        None => check_plain(def, state, op, now),
    }
}

fn require_text(text: &str, what: Text) -> Result<(), Refusal> {
    if text.trim().is_empty() {
        return Err(Refusal::refused(
            Text::new("refusal-text-empty").with("what", what),
        ));
    }
    Ok(())
}

fn not_on_file(id: impl std::fmt::Display) -> Refusal {
    Refusal::refused(
        Text::new("refusal-this-person-not-on-file-reload-file").with("id", id.to_string()),
    )
}

fn check_receipt(file_number: &str, persons: &[oplog::NewPerson]) -> Result<(), Refusal> {
    let principals = persons
        .iter()
        .filter(|p| p.role == PersonRole::PrincipalApplicant)
        .count();
    if principals != 1 {
        return Err(Refusal::invalid(
            Text::new("refusal-file-has-exactly-one-principal-applicant-this")
                .with("principals", principals.to_string()),
        ));
    }
    if persons
        .iter()
        .filter(|p| p.role == PersonRole::Spouse)
        .count()
        > 1
    {
        return Err(Refusal::invalid(Text::new(
            "refusal-file-has-at-most-one-spouse-or",
        )));
    }
    let mut ids: Vec<PersonId> = persons.iter().map(|p| p.id).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() != persons.len() {
        return Err(Refusal::invalid(Text::new(
            "refusal-two-persons-file-have-same-id",
        )));
    }
    if file_number.trim().is_empty() {
        return Err(Refusal::invalid(Text::new("refusal-file-number-empty")));
    }
    Ok(())
}

/// A lifecycle change: its own conditions (the items it names are gaps, the persons it
/// names must obtain the attestation, who may approve...), then `check_transition`.
fn check_lifecycle(
    def: &ProgramDefinition,
    state: &FileState,
    op: &Operation,
    event: program::CaseEvent,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let today = montreal_date(now);
    let mut facts = state.facts(def, now);
    match &op.change {
        Change::MissingItemsRequested { items, sent_at, .. } => {
            if items.is_empty() {
                return Err(Refusal::refused(Text::new(
                    "refusal-missing-items-request-names-at-least-one",
                )));
            }
            let admissibility = state.admissibility(def, today);
            if admissibility.is_complete() {
                // Let the rules say it, with their reason.
                facts.admissible = true;
            } else {
                MissingItemsRequest::new(def, &admissibility, *sent_at)
                    .map_err(|e| Refusal::Refused(e.reason()))?;
                let gaps = state.gap_keys(def, today);
                if let Some(extra) = items.iter().find(|i| !gaps.contains(i)) {
                    return Err(Refusal::refused(
                        Text::new("refusal-not-missing-from-file-request-only-checklists")
                            .with("extra", extra.to_string()),
                    ));
                }
            }
        }
        Change::MissingItemsReceived { request_id } => {
            let request = state
                .open_request(RequestKind::MissingItems)
                .ok_or_else(|| {
                    Refusal::refused(Text::new("refusal-no-missing-items-request-out-on-this"))
                })?;
            if request.id != *request_id {
                return Err(Refusal::refused(Text::new(
                    "refusal-this-not-missing-items-request-out-on",
                )));
            }
            let still = still_missing(def, state, today);
            if !still.is_empty() {
                return Err(Refusal::Rule(RuleError::Unmet {
                    event,
                    reason: Text::new("refusal-items-still-missing")
                        .with("items", still.join(", ")),
                }));
            }
        }
        Change::AttestationRequested {
            persons, sent_at, ..
        } => {
            if persons.is_empty() {
                return Err(Refusal::refused(Text::new(
                    "refusal-attestation-request-names-at-least-one-person",
                )));
            }
            let on = montreal_date(*sent_at);
            for id in persons {
                let p = state.present(*id).ok_or_else(|| not_on_file(id))?;
                if state.exemption_recorded(p.id)
                    || matches!(state.duty(def, p, on), Duty::Exempt { .. })
                {
                    return Err(Refusal::refused(
                        Text::new("refusal-person-exempt").with("name", p.name()),
                    ));
                }
            }
            for p in state.attestation_outstanding(def, on) {
                if !persons.contains(&p.id) {
                    return Err(Refusal::refused(
                        Text::new("refusal-person-must-obtain").with("name", p.name()),
                    ));
                }
            }
        }
        Change::InterviewOutcomeRecorded { interview_id, .. } => {
            let last = state
                .interviews
                .last()
                .filter(|i| i.outcome.is_none())
                .ok_or_else(|| {
                    Refusal::refused(Text::new("refusal-no-interview-waits-for-outcome"))
                })?;
            if last.id != *interview_id {
                return Err(Refusal::refused(Text::new(
                    "refusal-this-not-interview-scheduled-on-file-reload",
                )));
            }
        }
        Change::IntentToRefuseSent {
            grounds, sent_at, ..
        } => {
            IntentToRefuse::new(def, grounds.clone(), *sent_at)
                .map_err(|e| Refusal::Refused(e.reason()))?;
        }
        Change::IntentToRejectSent {
            grounds, sent_at, ..
        } => {
            IntentToReject::new(def, grounds.clone(), *sent_at)
                .map_err(|e| Refusal::Refused(e.reason()))?;
        }
        Change::ApplicantAnswered { summary } => {
            require_text(summary, Text::new("refusal-answers-summary"))?
        }
        Change::DecisionProposed { decision, .. } => {
            match decision {
                Decision::Selected => {}
                Decision::Refused { grounds } => {
                    Decision::refused(grounds.clone()).map_err(|e| Refusal::Refused(e.reason()))?;
                }
                Decision::Rejected { grounds } => {
                    Decision::rejected(grounds.clone())
                        .map_err(|e| Refusal::Refused(e.reason()))?;
                }
            }
            facts.proposal = Some(decision.clone());
        }
        Change::ProposalSentBack {
            decision_id,
            comment,
        } => {
            check_reviewer(state, &op.author, Some(*decision_id))?;
            require_text(comment, Text::new("refusal-comment-officer"))?;
        }
        Change::SelectionApproved {
            decision_id,
            certificates,
        } => {
            check_reviewer(state, &op.author, Some(*decision_id))?;
            let mut expected: Vec<PersonId> =
                state.certificates().iter().map(|c| c.person_id).collect();
            let mut given: Vec<PersonId> = certificates.iter().map(|c| c.person_id).collect();
            expected.sort();
            given.sort();
            if expected != given {
                return Err(Refusal::refused(Text::new(
                    "refusal-csq-issued-principal-applicant-and-each-accompanying",
                )));
            }
            let mut numbers: Vec<&str> = certificates.iter().map(|c| c.number.trim()).collect();
            numbers.sort_unstable();
            numbers.dedup();
            if numbers.len() != certificates.len() || numbers.iter().any(|n| n.is_empty()) {
                return Err(Refusal::refused(Text::new(
                    "refusal-each-csq-needs-own-number",
                )));
            }
        }
        Change::RefusalApproved { decision_id } | Change::RejectionApproved { decision_id } => {
            // The lifecycle first: a letter of intent whose deadline is still open says
            // so (D2, D3), whoever asks.
            check_transition(state.status, event, &facts, now)?;
            check_reviewer(state, &op.author, Some(*decision_id))?;
        }
        Change::SupervisedAmendmentRecorded { description } => {
            require_text(description, Text::new("refusal-amendments-description"))?;
        }
        _ => {}
    }
    check_transition(state.status, event, &facts, now)?;
    Ok(())
}

/// The items of the open missing-items request that the file still lacks on `today`.
pub fn still_missing(def: &ProgramDefinition, state: &FileState, today: NaiveDate) -> Vec<String> {
    let gaps = state.gap_keys(def, today);
    state
        .open_request(RequestKind::MissingItems)
        .map(|r| r.items.clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|i| gaps.contains(i))
        .collect()
}

/// M5 and final decisions: whether the file's contents may still change in the
/// ordinary way.
pub fn check_editable(status: CaseStatus) -> Result<(), Refusal> {
    match status {
        CaseStatus::Selected => Err(Refusal::not_permitted(Text::new(
            "refusal-csq-was-issued-changes-go-through-supervised",
        ))),
        CaseStatus::Refused | CaseStatus::Rejected | CaseStatus::AdministrativeReview => {
            Err(Refusal::not_permitted(Text::new(
                "refusal-decision-final-files-contents-can-no-longer",
            )))
        }
        CaseStatus::NotReceived => Err(Refusal::not_permitted(Text::new(
            "rule-file-not-received-nothing-more",
        ))),
        _ => Ok(()),
    }
}

/// M1–M5: a family change the file's state forbids (after the CSQ, a final decision) is
/// not permitted; any other is refused as asked.
fn family_refusal(e: FamilyChangeError) -> Refusal {
    match e {
        FamilyChangeError::AfterCsq | FamilyChangeError::FileClosed(_) => {
            Refusal::NotPermitted(e.reason())
        }
        _ => Refusal::Refused(e.reason()),
    }
}

/// The checklist item `code` (of `person`) the file owes on `today`, or why it owes none.
fn required_item(
    def: &ProgramDefinition,
    state: &FileState,
    code: &str,
    person: Option<PersonId>,
    today: NaiveDate,
) -> Result<program::RequiredItem, Refusal> {
    let key = person.map(|p| PersonKey(p.to_string()));
    state
        .required(def, today)
        .into_iter()
        .find(|i| i.code.as_str() == code && i.person == key)
        .ok_or_else(|| {
            Refusal::refused(
                Text::new("refusal-item-not-on-checklist").with("item", item_key(code, person)),
            )
        })
}

fn require_document(state: &FileState, document: DocumentId) -> Result<(), Refusal> {
    if state.document(document).is_none() {
        return Err(Refusal::refused(
            Text::new("refusal-document-not-on-this-file-add-it")
                .with("document", document.to_string()),
        ));
    }
    Ok(())
}

/// A change that does not move the file's status.
fn check_plain(
    def: &ProgramDefinition,
    state: &FileState,
    op: &Operation,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let today = montreal_date(now);
    match &op.change {
        Change::CaseReceived { .. } | Change::CaseAssigned { .. } => {}
        Change::DocumentAdded {
            document_id,
            person_id,
            ..
        } => {
            check_document_addition(state.status).map_err(|e| Refusal::NotPermitted(e.reason()))?;
            if state.document(*document_id).is_some() {
                return Err(Refusal::invalid(
                    Text::new("refusal-document-already-on-file")
                        .with("document_id", document_id.to_string()),
                ));
            }
            if let Some(person) = person_id
                && state.person(*person).is_none()
            {
                return Err(not_on_file(person));
            }
        }
        Change::LetterFiled {
            document_id,
            regarding,
            ..
        } => {
            // A letter may follow any step, the CSQ included, so the lock that keeps
            // applicants' documents out of a decided file does not apply to it.
            if state.document(*document_id).is_some() {
                return Err(Refusal::invalid(
                    Text::new("refusal-document-already-on-file")
                        .with("document_id", document_id.to_string()),
                ));
            }
            let known = match regarding {
                oplog::LetterRegarding::Request(id) => state.request(*id).is_some(),
                oplog::LetterRegarding::Decision(id) => state.decisions.iter().any(|d| d.id == *id),
                oplog::LetterRegarding::Receipt => true,
            };
            if !known {
                return Err(Refusal::invalid(
                    Text::new("refusal-letter-regarding-unknown").with("regarding", regarding.id()),
                ));
            }
            if state.letter_about(&regarding.id()).is_some() {
                return Err(Refusal::refused(Text::new(
                    "refusal-letter-this-step-already-on-file",
                )));
            }
        }
        Change::QualityFlagDismissed {
            document_id,
            flag,
            reason,
        } => check_dismissal(state, *document_id, *flag, reason)?,
        Change::NoteAdded { body, .. } if body.trim().is_empty() => {
            return Err(Refusal::refused(Text::new(
                "refusal-note-cannot-empty-write-it-before-saving",
            )));
        }
        Change::ChecklistItemReceived {
            code,
            person_id,
            document_id,
        } => {
            check_editable(state.status)?;
            required_item(def, state, code.as_str(), *person_id, today)?;
            require_document(state, *document_id)?;
        }
        Change::ChecklistItemDefective {
            code,
            person_id,
            document_id,
            defects,
            ..
        } => {
            check_editable(state.status)?;
            let item = required_item(def, state, code.as_str(), *person_id, today)?;
            require_document(state, *document_id)?;
            if defects.is_empty() {
                return Err(Refusal::refused(Text::new(
                    "refusal-name-at-least-one-defect",
                )));
            }
            if !item.is_form()
                && let Some(d) = defects.iter().find(|d| d.is_form_defect())
            {
                return Err(Refusal::refused(
                    Text::new("refusal-form-defect-on-a-document").with("defect", d.text()),
                ));
            }
        }
        Change::ExplanatoryLetterReceived {
            code,
            person_id,
            document_id,
        } => {
            check_editable(state.status)?;
            let item = required_item(def, state, code.as_str(), *person_id, today)?;
            if item.is_form() {
                return Err(Refusal::refused(Text::new(
                    "refusal-no-explanatory-letter-can-replace-part-form",
                )));
            }
            require_document(state, *document_id)?;
        }
        Change::ExplanatoryLetterJudged {
            code,
            person_id,
            accepted,
            reason,
        } => {
            check_editable(state.status)?;
            state
                .checklist_row(code.as_str(), *person_id)
                .filter(|r| r.state == ItemRecord::LetterPending)
                .ok_or_else(|| {
                    Refusal::refused(
                        Text::new("refusal-no-letter-to-judge")
                            .with("item", item_key(code.as_str(), *person_id)),
                    )
                })?;
            if !accepted {
                require_text(reason, Text::new("refusal-reason-for-refusing-letter"))?;
            }
        }
        Change::PaymentRecorded {
            amount, paid_on, ..
        } => {
            check_editable(state.status)?;
            if amount.cents() <= 0 {
                return Err(Refusal::refused(Text::new(
                    "refusal-payment-positive-amount-in-cad",
                )));
            }
            if *paid_on > today {
                return Err(Refusal::refused(
                    Text::new("refusal-payment-dated-after-today-check-date")
                        .with("paid_on", paid_on.to_string()),
                ));
            }
        }
        Change::AttestationObtained { person_id, on } => {
            check_editable(state.status)?;
            let p = state
                .present(*person_id)
                .ok_or_else(|| not_on_file(person_id))?;
            if *on > today {
                return Err(Refusal::refused(
                    Text::new("refusal-attestation-after-today")
                        .with("name", p.name())
                        .with("on", *on),
                ));
            }
        }
        Change::AttestationExemptionRecorded {
            person_id, reason, ..
        } => {
            check_editable(state.status)?;
            require_text(reason, Text::new("refusal-reason-for-exemption"))?;
            state
                .present(*person_id)
                .ok_or_else(|| not_on_file(person_id))?;
        }
        Change::FamilyMemberAdded {
            person,
            both_parents_accompany,
            added_on,
        } => {
            state
                .member_addition(def, person, *both_parents_accompany, *added_on)
                .map_err(family_refusal)?;
            require_text(&person.family_name, Text::new("refusal-family-name"))?;
            if state.person(person.id).is_some() {
                return Err(Refusal::invalid(
                    Text::new("refusal-person-already-on-file").with("id", person.id.to_string()),
                ));
            }
        }
        Change::AiNoticeRequirementRecorded { required } => {
            check_editable(state.status)?;
            if state.stream != program::Stream::Ai {
                return Err(Refusal::refused(Text::new(
                    "refusal-technocomp-tences-notice-concerns-artificial-intelligence-stream",
                )));
            }
            if state.ai_notice_required == *required {
                return Err(Refusal::refused(if *required {
                    Text::new("refusal-notice-already-required")
                } else {
                    Text::new("refusal-notice-already-not-required")
                }));
            }
        }
        Change::FamilyMemberRemoved { person_id, reason } => {
            require_text(reason, Text::new("refusal-reason-for-removing-member"))?;
            check_family_change(
                def,
                state.stream,
                state.status,
                &state.members(),
                &FamilyChange::Remove {
                    key: PersonKey(person_id.to_string()),
                },
                today,
            )
            .map_err(family_refusal)?;
        }
        // Lifecycle changes are checked by `check_lifecycle`.
        _ => {}
    }
    Ok(())
}

/// A dismissal of `flag` on a document of this file: the document must carry a report
/// holding that flag, not yet dismissed, and the reason must say something.
fn check_dismissal(
    state: &FileState,
    document_id: DocumentId,
    flag: oplog::QualityFlagKind,
    reason: &str,
) -> Result<(), Refusal> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Refusal::refused(Text::new(
            "refusal-say-why-flag-dismissed-reason-empty",
        )));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(Refusal::refused(
            Text::new("refusal-reason-longer-than-characters-shorten-it-or")
                .with("max", MAX_REASON_CHARS),
        ));
    }
    let document = state.document(document_id).ok_or_else(|| {
        Refusal::refused(
            Text::new("refusal-document-not-on-this-file")
                .with("document_id", document_id.to_string()),
        )
    })?;
    if !document.checked {
        return Err(Refusal::refused(
            Text::new("refusal-document-not-checked")
                .with("document_id", document_id.to_string())
                .with("flag", flag.text()),
        ));
    }
    if !document.flags.contains(&flag) {
        return Err(Refusal::refused(
            Text::new("refusal-document-has-no-flag")
                .with("document_id", document_id.to_string())
                .with("flag", flag.text()),
        ));
    }
    if document.dismissed.iter().any(|(k, _)| *k == flag) {
        return Err(Refusal::refused(
            Text::new("refusal-flag-already-dismissed").with("flag", flag.text()),
        ));
    }
    Ok(())
}
