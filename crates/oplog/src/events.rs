//! Which lifecycle event (if any) each kind of [`Change`] is: the one mapping that the
//! local store and the central server both use, so a change that moves a file's status
//! is checked against `program::transition` the same way on both sides. Changes that
//! return `None` (notes, documents, assignment...) are plain facts that never move the
//! status, and merge by clock.

use program::CaseEvent;
use program::decision::InterviewOutcome;

use crate::ops::Change;

/// The lifecycle event that `change` is, or `None` when it does not move the file's status.
pub fn lifecycle_event(change: &Change) -> Option<CaseEvent> {
    match change {
        Change::AdmissibilityReviewStarted => Some(CaseEvent::StartAdmissibilityReview),
        Change::MissingItemsRequested { .. } => Some(CaseEvent::RequestMissingItems),
        Change::AdmissibleRecorded => Some(CaseEvent::RecordAdmissible),
        Change::AttestationRequested { .. } => Some(CaseEvent::RequestAttestation),
        Change::MissingItemsReceived { .. } => Some(CaseEvent::MissingItemsReceived),
        Change::AttestationCompleted => Some(CaseEvent::AttestationCompleted),
        Change::InterviewScheduled { .. } => Some(CaseEvent::ScheduleInterview),
        Change::InterviewOutcomeRecorded { outcome, .. } => Some(match outcome {
            InterviewOutcome::Held => CaseEvent::InterviewHeld,
            InterviewOutcome::Absent => CaseEvent::InterviewMissed,
        }),
        Change::IntentToRefuseSent { .. } => Some(CaseEvent::SendIntentToRefuse),
        Change::IntentToRejectSent { .. } => Some(CaseEvent::SendIntentToReject),
        Change::ApplicantAnswered { .. } => Some(CaseEvent::ApplicantAnswered),
        Change::DecisionProposed { .. } => Some(CaseEvent::ProposeDecision),
        Change::ProposalSentBack { .. } => Some(CaseEvent::SendBack),
        Change::SelectionApproved { .. } => Some(CaseEvent::ApproveSelection),
        Change::RefusalApproved { .. } => Some(CaseEvent::Refuse),
        Change::RejectionApproved { .. } => Some(CaseEvent::Reject),
        Change::AdministrativeReviewRequested { .. } => {
            Some(CaseEvent::RequestAdministrativeReview)
        }
        Change::SupervisedAmendmentRecorded { .. } => Some(CaseEvent::RecordSupervisedAmendment),
        Change::ReceiptRevoked { .. } => Some(CaseEvent::RevokeReceipt),
        // Creates the file in `Received`; it is not a transition from another status.
        Change::CaseReceived { .. }
        | Change::CaseAssigned { .. }
        | Change::DocumentAdded { .. }
        | Change::QualityFlagDismissed { .. }
        | Change::NoteAdded { .. }
        | Change::AiNoticeRequirementRecorded { .. }
        | Change::ChecklistItemReceived { .. }
        | Change::ChecklistItemDefective { .. }
        | Change::ExplanatoryLetterReceived { .. }
        | Change::ExplanatoryLetterJudged { .. }
        | Change::PaymentRecorded { .. }
        | Change::AttestationObtained { .. }
        | Change::AttestationExemptionRecorded { .. }
        | Change::FamilyMemberAdded { .. }
        | Change::FamilyMemberRemoved { .. }
        | Change::LetterFiled { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_moving_changes_map_to_their_event_and_plain_ones_to_none() {
        assert_eq!(
            lifecycle_event(&Change::AdmissibleRecorded),
            Some(CaseEvent::RecordAdmissible)
        );
        assert_eq!(
            lifecycle_event(&Change::NoteAdded {
                note_id: crate::ids::NoteId::new(),
                body: "x".into()
            }),
            None
        );
    }
}
