//! The kinds of letters a file sends the applicant, and what a filed letter states: named
//! by the log (`Change::LetterFiled`), written by the `letters` crate.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::{DecisionId, RequestId};

/// The kinds of letters an officer sends an applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LetterKind {
    /// A2: the items missing from the file and the 60-day deadline to send them.
    MissingItemsRequest,
    /// V1, V2: who must obtain the attestation of learning about democratic values and
    /// Québec values, and by when.
    AttestationRequest,
    /// D2: the intent to refuse, its grounds and the deadline to answer.
    IntentToRefuse,
    /// D3: the intent to reject, its grounds and the deadline to answer.
    IntentToReject,
    /// D1: selection, with the CSQ number of the principal applicant and of each
    /// accompanying member.
    SelectionDecision,
    /// D2: the refusal and its grounds.
    Refusal,
    /// D3, A2, V4: the rejection and its grounds.
    Rejection,
    /// I5: the acknowledgement of receipt of an application, with its number.
    Acknowledgement,
    /// I1–I4: the application was not received: outside the window, or a cap was full
    /// (which, and since when).
    NotReceivedNotice,
}

impl LetterKind {
    pub const ALL: [LetterKind; 9] = [
        LetterKind::MissingItemsRequest,
        LetterKind::AttestationRequest,
        LetterKind::IntentToRefuse,
        LetterKind::IntentToReject,
        LetterKind::SelectionDecision,
        LetterKind::Refusal,
        LetterKind::Rejection,
        LetterKind::Acknowledgement,
        LetterKind::NotReceivedNotice,
    ];

    /// The stable code, also the template's file name: `missing_items_request`.
    pub fn code(self) -> &'static str {
        match self {
            LetterKind::MissingItemsRequest => "missing_items_request",
            LetterKind::AttestationRequest => "attestation_request",
            LetterKind::IntentToRefuse => "intent_to_refuse",
            LetterKind::IntentToReject => "intent_to_reject",
            LetterKind::SelectionDecision => "selection_decision",
            LetterKind::Refusal => "refusal",
            LetterKind::Rejection => "rejection",
            LetterKind::Acknowledgement => "acknowledgement",
            LetterKind::NotReceivedNotice => "not_received_notice",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The letter's name, as the audit trail, the document list and the letters say it
    /// (the catalogue's `letter-name-…`).
    pub fn text(self) -> vocab::Text {
        vocab::Text::new(match self {
            LetterKind::MissingItemsRequest => "letter-name-missing-items-request",
            LetterKind::AttestationRequest => "letter-name-attestation-request",
            LetterKind::IntentToRefuse => "letter-name-intent-to-refuse",
            LetterKind::IntentToReject => "letter-name-intent-to-reject",
            LetterKind::SelectionDecision => "letter-name-selection-decision",
            LetterKind::Refusal => "letter-name-refusal",
            LetterKind::Rejection => "letter-name-rejection",
            LetterKind::Acknowledgement => "letter-name-acknowledgement",
            LetterKind::NotReceivedNotice => "letter-name-not-received-notice",
        })
    }

    /// Whether letters of this kind give the applicant a deadline.
    pub fn has_deadline(self) -> bool {
        matches!(
            self,
            LetterKind::MissingItemsRequest
                | LetterKind::AttestationRequest
                | LetterKind::IntentToRefuse
                | LetterKind::IntentToReject
        )
    }
}

impl std::fmt::Display for LetterKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// What a letter states: a request (missing items, attestation, intent) or a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum LetterRegarding {
    Request(RequestId),
    Decision(DecisionId),
    /// I5: the receipt of the application (its acknowledgement).
    Receipt,
}

impl LetterRegarding {
    /// The id of the request or decision, as stored in `documents.regarding`.
    pub fn id(&self) -> String {
        match self {
            LetterRegarding::Request(id) => id.to_string(),
            LetterRegarding::Decision(id) => id.to_string(),
            LetterRegarding::Receipt => "receipt".to_owned(),
        }
    }
}
