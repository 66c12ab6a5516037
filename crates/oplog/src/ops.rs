//! The operation log's vocabulary: each [`Change`] is one thing an officer or supervisor
//! did to a file, with every id it creates inside its payload so that replaying it on
//! another machine (sync) builds the same rows. An [`Operation`] is a change stamped with
//! its id, author and hybrid-logical-clock time, as it sits in the log.

use chrono::{DateTime, NaiveDate, Utc};
use program::decision::InterviewOutcome;
use program::fees::Payer;
use program::{
    Cad, ChecklistCode, Decision, Exemption, Language, PersonRole, Profile, RefusalGround,
    RejectionGround, Stream,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::hlc::Hlc;
use crate::ids::{
    Actor, CaseId, DecisionId, DocumentId, InterviewId, NoteId, OperationId, PaymentId, PersonId,
    RequestId, UserId,
};
pub use crate::letter::LetterRegarding;
use crate::quality::{QualityFlagKind, QualityReport};

/// A person as recorded when a file is received or a member is added (F5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewPerson {
    pub id: PersonId,
    pub role: PersonRole,
    pub family_name: String,
    pub given_names: String,
    pub date_of_birth: NaiveDate,
    /// Whether the person holds an attestation of learning about democratic values (V3).
    #[serde(default)]
    pub attestation_held: bool,
}

/// A paid representative linked to the file (F6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewRepresentative {
    pub name: String,
    pub organization: Option<String>,
    pub email: Option<String>,
    /// Licence or membership number of the representative.
    pub licence: Option<String>,
}

/// One change to a file. The serialised form (`{"kind": "...", ...}`) is the operation's
/// payload; `kind` is also stored on its own so the log can be filtered without parsing.
/// (Not `Eq`: a quality report holds page sizes in points, as floats.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// I5: an application was received; the file is created with its family.
    CaseReceived {
        file_number: String,
        stream: Stream,
        profile: Profile,
        received_at: DateTime<Utc>,
        language: Language,
        persons: Vec<NewPerson>,
        representative: Option<NewRepresentative>,
    },
    /// The file is assigned to an officer.
    CaseAssigned { officer: UserId },
    /// F4: a document was added to the file (its bytes are already in the blob store).
    /// `quality` is the report of the checks the caller ran on the bytes before adding
    /// them (`pdf::inspect`); `None` when they could not run (no pdfium), and the
    /// document then shows as "not checked".
    DocumentAdded {
        document_id: DocumentId,
        person_id: Option<PersonId>,
        checklist_code: Option<String>,
        file_name: String,
        sha256: String,
        byte_size: u64,
        received_at: DateTime<Utc>,
        #[serde(default)]
        quality: Option<QualityReport>,
    },
    /// An officer dismisses one quality flag of a document, saying why (e.g. "the
    /// original is a black-and-white certificate"). The flag stays on record, shown as
    /// dismissed.
    QualityFlagDismissed {
        document_id: DocumentId,
        flag: QualityFlagKind,
        reason: String,
    },
    /// P4: whether the employer of an AI-stream file had to obtain the TECHNOCompétences
    /// notice before the application was presented, as the officer read the file; when
    /// required, the notice is a checklist item of the file.
    AiNoticeRequirementRecorded { required: bool },
    /// An officer's note on the file.
    NoteAdded { note_id: NoteId, body: String },
    /// A1: an officer starts checking that the file is complete.
    AdmissibilityReviewStarted,
    /// A2: a missing-items request is sent; the deadline follows from the rules.
    MissingItemsRequested {
        request_id: RequestId,
        items: Vec<String>,
        sent_at: DateTime<Utc>,
    },
    /// A1: the file is complete and admissible.
    AdmissibleRecorded,
    /// V1: an attestation request is sent to the persons who must obtain it.
    AttestationRequested {
        request_id: RequestId,
        persons: Vec<PersonId>,
        sent_at: DateTime<Utc>,
    },
    /// A1, F2: a checklist item is received, as one of the file's documents.
    ChecklistItemReceived {
        code: ChecklistCode,
        person_id: Option<PersonId>,
        document_id: DocumentId,
    },
    /// F1, F2: the document received for a checklist item does not count: the officer
    /// names its defects (not a colour scan, not signed…) and may say more. The item is a
    /// gap again, which a missing-items request names.
    ChecklistItemDefective {
        code: ChecklistCode,
        person_id: Option<PersonId>,
        document_id: DocumentId,
        defects: Vec<program::admissibility::Defect>,
        note: String,
    },
    /// F3: an explanatory letter is received instead of a checklist item's document.
    ExplanatoryLetterReceived {
        code: ChecklistCode,
        person_id: Option<PersonId>,
        document_id: DocumentId,
    },
    /// F3: the officer accepts or refuses an explanatory letter; a refusal says why.
    ExplanatoryLetterJudged {
        code: ChecklistCode,
        person_id: Option<PersonId>,
        accepted: bool,
        reason: String,
    },
    /// A2: every item of the missing-items request is now received; the review resumes.
    MissingItemsReceived { request_id: RequestId },
    /// $2: a payment of fees, by credit card, in CAD.
    PaymentRecorded {
        payment_id: PaymentId,
        amount: Cad,
        paid_on: NaiveDate,
        payer: Payer,
    },
    /// V1: a person obtained the attestation on a day.
    AttestationObtained { person_id: PersonId, on: NaiveDate },
    /// V3, V5: a person does not have to obtain the attestation, and why.
    AttestationExemptionRecorded {
        person_id: PersonId,
        exemption: Exemption,
        reason: String,
    },
    /// V1–V4: everyone who had to obtain the attestation has it.
    AttestationCompleted,
    /// D5: an interview is scheduled.
    InterviewScheduled {
        interview_id: InterviewId,
        at: DateTime<Utc>,
    },
    /// D5: whether the applicant attended the interview, with the officer's notes.
    InterviewOutcomeRecorded {
        interview_id: InterviewId,
        outcome: InterviewOutcome,
        notes: String,
    },
    /// D2: a letter of intent to refuse is sent, with its grounds; the deadline follows.
    IntentToRefuseSent {
        request_id: RequestId,
        grounds: Vec<RefusalGround>,
        sent_at: DateTime<Utc>,
    },
    /// D3: a letter of intent to reject is sent, with its grounds; the deadline follows.
    IntentToRejectSent {
        request_id: RequestId,
        grounds: Vec<RejectionGround>,
        sent_at: DateTime<Utc>,
    },
    /// D2, D3: the applicant answered the letter of intent; the review continues.
    ApplicantAnswered { summary: String },
    /// An officer proposes a decision for a supervisor's approval, with a note.
    DecisionProposed {
        decision_id: DecisionId,
        decision: Decision,
        note: String,
    },
    /// A supervisor sends the proposal back to the officer with a comment.
    ProposalSentBack {
        decision_id: DecisionId,
        comment: String,
    },
    /// D1: a supervisor approves the selection; a CSQ is issued to the principal applicant
    /// and to each accompanying member (numbers inside, so a replay issues the same ones).
    SelectionApproved {
        decision_id: DecisionId,
        certificates: Vec<CsqIssued>,
    },
    /// D2: a supervisor approves the proposed refusal; it is final.
    RefusalApproved { decision_id: DecisionId },
    /// D3: a supervisor approves the proposed rejection; it is final.
    RejectionApproved { decision_id: DecisionId },
    /// D4: the applicant asked for an administrative review.
    AdministrativeReviewRequested {
        received_on: NaiveDate,
        note: String,
    },
    /// M5: a change after the CSQ, through the customer contact centre, recorded by a
    /// supervisor.
    SupervisedAmendmentRecorded { description: String },
    /// M1–M3: a spouse or a child is added after submission; fee and checklist follow.
    FamilyMemberAdded {
        person: NewPerson,
        /// M3: for a child, both parents come with the child.
        both_parents_accompany: bool,
        added_on: NaiveDate,
    },
    /// M4: a member is removed from the file (stays on record; no refund).
    FamilyMemberRemoved { person_id: PersonId, reason: String },
    /// I3, I4: intake revokes this file's receipt: an application received earlier, that
    /// reached the server later, took its place under a cap (`because_of`: its
    /// submission id). The file is kept, with what was done on it; nothing more is.
    ReceiptRevoked {
        reason: program::intake::NotReceivedReason,
        because_of: String,
    },
    /// A letter sent to the applicant (a request, a letter of intent, a decision) is
    /// filed on the file as a document, exactly as sent (its bytes are already in the blob
    /// store).
    LetterFiled {
        document_id: DocumentId,
        letter: crate::letter::LetterKind,
        regarding: LetterRegarding,
        language: Language,
        file_name: String,
        sha256: String,
        byte_size: u64,
        filed_at: DateTime<Utc>,
    },
}

/// D1: the CSQ issued to one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CsqIssued {
    pub person_id: PersonId,
    pub number: String,
}

impl Change {
    /// The stable name of this kind of change, as stored in the log's `kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::CaseReceived { .. } => "case_received",
            Change::CaseAssigned { .. } => "case_assigned",
            Change::ReceiptRevoked { .. } => "receipt_revoked",
            Change::DocumentAdded { .. } => "document_added",
            Change::QualityFlagDismissed { .. } => "quality_flag_dismissed",
            Change::AiNoticeRequirementRecorded { .. } => "ai_notice_requirement_recorded",
            Change::NoteAdded { .. } => "note_added",
            Change::AdmissibilityReviewStarted => "admissibility_review_started",
            Change::MissingItemsRequested { .. } => "missing_items_requested",
            Change::AdmissibleRecorded => "admissible_recorded",
            Change::AttestationRequested { .. } => "attestation_requested",
            Change::ChecklistItemReceived { .. } => "checklist_item_received",
            Change::ChecklistItemDefective { .. } => "checklist_item_defective",
            Change::ExplanatoryLetterReceived { .. } => "explanatory_letter_received",
            Change::ExplanatoryLetterJudged { .. } => "explanatory_letter_judged",
            Change::MissingItemsReceived { .. } => "missing_items_received",
            Change::PaymentRecorded { .. } => "payment_recorded",
            Change::AttestationObtained { .. } => "attestation_obtained",
            Change::AttestationExemptionRecorded { .. } => "attestation_exemption_recorded",
            Change::AttestationCompleted => "attestation_completed",
            Change::InterviewScheduled { .. } => "interview_scheduled",
            Change::InterviewOutcomeRecorded { .. } => "interview_outcome_recorded",
            Change::IntentToRefuseSent { .. } => "intent_to_refuse_sent",
            Change::IntentToRejectSent { .. } => "intent_to_reject_sent",
            Change::ApplicantAnswered { .. } => "applicant_answered",
            Change::DecisionProposed { .. } => "decision_proposed",
            Change::ProposalSentBack { .. } => "proposal_sent_back",
            Change::SelectionApproved { .. } => "selection_approved",
            Change::RefusalApproved { .. } => "refusal_approved",
            Change::RejectionApproved { .. } => "rejection_approved",
            Change::AdministrativeReviewRequested { .. } => "administrative_review_requested",
            Change::SupervisedAmendmentRecorded { .. } => "supervised_amendment_recorded",
            Change::FamilyMemberAdded { .. } => "family_member_added",
            Change::FamilyMemberRemoved { .. } => "family_member_removed",
            Change::LetterFiled { .. } => "letter_filed",
        }
    }
}

/// Where an operation stands with the central server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// Made here and not yet acknowledged by the server.
    Pending,
    /// Accepted by the server (or received from it).
    Acknowledged,
    /// Refused by the server; kept with the reason, never dropped.
    Rejected,
}

impl SyncState {
    pub fn code(self) -> &'static str {
        match self {
            SyncState::Pending => "pending",
            SyncState::Acknowledged => "acknowledged",
            SyncState::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            SyncState::Pending,
            SyncState::Acknowledged,
            SyncState::Rejected,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// One entry of the log: a change, who made it, and when by the hybrid logical clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Operation {
    pub id: OperationId,
    pub case_id: CaseId,
    pub change: Change,
    pub author: Actor,
    #[ts(type = "string")]
    pub hlc: Hlc,
    /// The program definition version its author decided it with (P5): every replica
    /// decides and replays it with that version.
    #[serde(default)]
    pub program: program::ProgramVersionId,
    pub sync_state: SyncState,
}
