//! What the officer's screen asks for, turned into one [`Change`]: [`CaseworkCommand`]
//! names the step ("request the missing items", "approve"), and [`Store::perform`] fills
//! in what the file already knows (the gaps, the open request, the pending proposal, the
//! persons who must obtain the attestation, the CSQ numbers), new ids and "now", then
//! applies it through the one write path. No rule is decided here: `apply` checks.

use chrono::{DateTime, NaiveDate, Utc};
use program::decision::InterviewOutcome;
use program::fees::Payer;
use program::{Cad, Decision, Exemption, RefusalGround, RejectionGround, montreal_date};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use vocab::Text;

use crate::casework::LoadState;
use crate::casework::{FileState, RequestKind};
use crate::ids::{
    Actor, CaseId, DecisionId, DocumentId, InterviewId, NoteId, PaymentId, PersonId, RequestId,
};
use crate::ops::{Change, LetterRegarding, NewPerson, Operation};
use crate::{Store, StoreError};

/// One step of casework, as the screen asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum CaseworkCommand {
    StartAdmissibilityReview,
    /// A2: requests everything the checklist lacks today.
    RequestMissingItems,
    MissingItemsReceived,
    RecordAdmissible,
    ReceiveItem {
        code: String,
        person_id: Option<PersonId>,
        document_id: DocumentId,
    },
    /// F1, F2: the item's document does not count, for these defects.
    MarkDefective {
        code: String,
        person_id: Option<PersonId>,
        document_id: DocumentId,
        defects: Vec<program::admissibility::Defect>,
        note: String,
    },
    ReceiveExplanatoryLetter {
        code: String,
        person_id: Option<PersonId>,
        document_id: DocumentId,
    },
    JudgeExplanatoryLetter {
        code: String,
        person_id: Option<PersonId>,
        accepted: bool,
        reason: String,
    },
    RecordPayment {
        amount: Cad,
        paid_on: NaiveDate,
        payer: Payer,
    },
    /// V1: requests the attestation from everyone who must obtain it today.
    RequestAttestation,
    AttestationObtained {
        person_id: PersonId,
        on: NaiveDate,
    },
    RecordAttestationExemption {
        person_id: PersonId,
        exemption: Exemption,
        reason: String,
    },
    AttestationCompleted,
    ScheduleInterview {
        at: DateTime<Utc>,
    },
    RecordInterviewOutcome {
        outcome: InterviewOutcome,
        notes: String,
    },
    SendIntentToRefuse {
        grounds: Vec<RefusalGround>,
    },
    SendIntentToReject {
        grounds: Vec<RejectionGround>,
    },
    RecordApplicantAnswer {
        summary: String,
    },
    ProposeDecision {
        decision: Decision,
        note: String,
    },
    SendBack {
        comment: String,
    },
    /// Approves the proposal waiting on the file (selection, refusal or rejection).
    Approve,
    RequestAdministrativeReview {
        received_on: NaiveDate,
        note: String,
    },
    RecordSupervisedAmendment {
        description: String,
    },
    AddFamilyMember {
        person: NewPerson,
        both_parents_accompany: bool,
    },
    RemoveFamilyMember {
        person_id: PersonId,
        reason: String,
    },
    AddNote {
        body: String,
    },
    /// P4: whether the employer had to obtain the TECHNOCompétences notice.
    RecordAiNoticeRequirement {
        required: bool,
    },
    /// Produces again the letter of a request or decision whose letter could not be
    /// produced when it was sent.
    FileLetter {
        regarding: LetterRegarding,
    },
}

impl Store {
    /// Turns `command` into one change of file `case` and applies it as `actor`. A step
    /// that sends the applicant a letter (a request, a letter of intent, an approved
    /// decision) is followed by the letter, filed on the case as a second operation; if
    /// the letter cannot be produced the step stays recorded and the error says so.
    pub fn perform(
        &self,
        actor: &Actor,
        case: CaseId,
        command: CaseworkCommand,
    ) -> Result<Operation, StoreError> {
        if let CaseworkCommand::FileLetter { regarding } = command {
            return self.file_letter(actor, case, regarding);
        }
        let change = self.change_for(case, command)?;
        let letter = letter_regarding(&change);
        let operation = self.apply(actor, case, change)?;
        if let Some((what, regarding)) = letter {
            self.file_letter(actor, case, regarding)
                .map_err(|e| StoreError::LetterNotFiled {
                    what: what.into(),
                    reason: e.to_string(),
                })?;
        }
        Ok(operation)
    }

    /// The letter that `command` would send the applicant if `actor` performed it now,
    /// as text for the screen; `None` when the step sends no letter. The step is checked
    /// and applied exactly as [`Store::perform`] would, inside a transaction that is then
    /// rolled back, and the letter is built from the records it would leave by the same
    /// code that files the real one: what the officer reads is what would go out. A step
    /// the rules refuse is refused here with the same reason.
    pub fn preview_letter(
        &self,
        actor: &Actor,
        case: CaseId,
        command: CaseworkCommand,
    ) -> Result<Option<letters::RenderedLetter>, StoreError> {
        if matches!(command, CaseworkCommand::FileLetter { .. }) {
            return Err(StoreError::Invalid(
                "a letter already due is produced as it is; there is nothing to preview".into(),
            ));
        }
        let change = self.change_for(case, command)?;
        let Some((_, regarding)) = letter_regarding(&change) else {
            return Ok(None);
        };
        let data = self.rehearse(actor, case, change, |conn| {
            self.letter_data_in(conn, actor, case, regarding)
        })?;
        Ok(Some(letters::render_text(&data)?))
    }

    /// The one change that `command` asks for on file `case`, with what the file already
    /// knows filled in (not yet checked: [`Store::apply`] checks).
    fn change_for(&self, case: CaseId, command: CaseworkCommand) -> Result<Change, StoreError> {
        let now = self.now();
        let today = montreal_date(now);
        let state = {
            let conn = self.conn()?;
            FileState::load(&conn, &self.programs(), case)?
        };
        let no_request =
            |what: Text| StoreError::refused(Text::new("store-no-request-out").with("what", what));
        let pending = || {
            state
                .pending_decision()
                .map(|d| (d.id, d.decision.clone()))
                .ok_or_else(|| {
                    StoreError::refused(Text::new("store-no-decision-waits-for-supervisor-on-this"))
                })
        };
        use CaseworkCommand as C;
        Ok(match command {
            C::FileLetter { .. } => {
                return Err(StoreError::Invalid(
                    "producing a letter is not a change of the file".into(),
                ));
            }
            C::StartAdmissibilityReview => Change::AdmissibilityReviewStarted,
            C::RequestMissingItems => Change::MissingItemsRequested {
                request_id: RequestId::new(),
                items: state.gap_keys(&self.program(), today),
                sent_at: now,
            },
            C::MissingItemsReceived => Change::MissingItemsReceived {
                request_id: state
                    .open_request(RequestKind::MissingItems)
                    .ok_or_else(|| no_request(Text::new("store-what-missing-items-request")))?
                    .id,
            },
            C::RecordAdmissible => Change::AdmissibleRecorded,
            C::ReceiveItem {
                code,
                person_id,
                document_id,
            } => Change::ChecklistItemReceived {
                code: code.into(),
                person_id,
                document_id,
            },
            C::MarkDefective {
                code,
                person_id,
                document_id,
                defects,
                note,
            } => Change::ChecklistItemDefective {
                code: code.into(),
                person_id,
                document_id,
                defects,
                note,
            },
            C::ReceiveExplanatoryLetter {
                code,
                person_id,
                document_id,
            } => Change::ExplanatoryLetterReceived {
                code: code.into(),
                person_id,
                document_id,
            },
            C::JudgeExplanatoryLetter {
                code,
                person_id,
                accepted,
                reason,
            } => Change::ExplanatoryLetterJudged {
                code: code.into(),
                person_id,
                accepted,
                reason,
            },
            C::RecordPayment {
                amount,
                paid_on,
                payer,
            } => Change::PaymentRecorded {
                payment_id: PaymentId::new(),
                amount,
                paid_on,
                payer,
            },
            C::RequestAttestation => Change::AttestationRequested {
                request_id: RequestId::new(),
                persons: self.attestation_to_request(case, today)?,
                sent_at: now,
            },
            C::AttestationObtained { person_id, on } => {
                Change::AttestationObtained { person_id, on }
            }
            C::RecordAttestationExemption {
                person_id,
                exemption,
                reason,
            } => Change::AttestationExemptionRecorded {
                person_id,
                exemption,
                reason,
            },
            C::AttestationCompleted => Change::AttestationCompleted,
            C::ScheduleInterview { at } => Change::InterviewScheduled {
                interview_id: InterviewId::new(),
                at,
            },
            C::RecordInterviewOutcome { outcome, notes } => Change::InterviewOutcomeRecorded {
                interview_id: state
                    .interviews
                    .last()
                    .ok_or_else(|| no_request(Text::new("store-what-interview")))?
                    .id,
                outcome,
                notes,
            },
            C::SendIntentToRefuse { grounds } => Change::IntentToRefuseSent {
                request_id: RequestId::new(),
                grounds,
                sent_at: now,
            },
            C::SendIntentToReject { grounds } => Change::IntentToRejectSent {
                request_id: RequestId::new(),
                grounds,
                sent_at: now,
            },
            C::RecordApplicantAnswer { summary } => Change::ApplicantAnswered { summary },
            C::ProposeDecision { decision, note } => Change::DecisionProposed {
                decision_id: DecisionId::new(),
                decision,
                note,
            },
            C::SendBack { comment } => Change::ProposalSentBack {
                decision_id: pending()?.0,
                comment,
            },
            C::Approve => {
                let (decision_id, decision) = pending()?;
                match decision {
                    Decision::Selected => Change::SelectionApproved {
                        decision_id,
                        certificates: state.certificates(),
                    },
                    Decision::Refused { .. } => Change::RefusalApproved { decision_id },
                    Decision::Rejected { .. } => Change::RejectionApproved { decision_id },
                }
            }
            C::RecordAiNoticeRequirement { required } => {
                Change::AiNoticeRequirementRecorded { required }
            }
            C::RequestAdministrativeReview { received_on, note } => {
                Change::AdministrativeReviewRequested { received_on, note }
            }
            C::RecordSupervisedAmendment { description } => {
                Change::SupervisedAmendmentRecorded { description }
            }
            C::AddFamilyMember {
                person,
                both_parents_accompany,
            } => Change::FamilyMemberAdded {
                person,
                both_parents_accompany,
                added_on: today,
            },
            C::RemoveFamilyMember { person_id, reason } => {
                Change::FamilyMemberRemoved { person_id, reason }
            }
            C::AddNote { body } => Change::NoteAdded {
                note_id: NoteId::new(),
                body,
            },
        })
    }
}

/// The letter that a change sends the applicant, if any: what it is, for an error
/// message, and the request or decision it states.
fn letter_regarding(change: &Change) -> Option<(&'static str, LetterRegarding)> {
    match change {
        Change::MissingItemsRequested { request_id, .. } => Some((
            "missing-items request",
            LetterRegarding::Request(*request_id),
        )),
        Change::AttestationRequested { request_id, .. } => {
            Some(("attestation request", LetterRegarding::Request(*request_id)))
        }
        Change::IntentToRefuseSent { request_id, .. } => {
            Some(("intent to refuse", LetterRegarding::Request(*request_id)))
        }
        Change::IntentToRejectSent { request_id, .. } => {
            Some(("intent to reject", LetterRegarding::Request(*request_id)))
        }
        Change::SelectionApproved { decision_id, .. } => {
            Some(("selection", LetterRegarding::Decision(*decision_id)))
        }
        Change::RefusalApproved { decision_id } => {
            Some(("refusal", LetterRegarding::Decision(*decision_id)))
        }
        Change::RejectionApproved { decision_id } => {
            Some(("rejection", LetterRegarding::Decision(*decision_id)))
        }
        _ => None,
    }
}
