//! The operation log's vocabulary: each [`Change`] is one thing an officer or supervisor
//! did to a file, with every id it creates inside its payload so that replaying it on
//! another machine (sync) builds the same rows. An [`Operation`] is a change stamped with
//! its id, author and hybrid-logical-clock time, as it sits in the log.

use chrono::{DateTime, NaiveDate, Utc};
use program::{Language, PersonRole, Profile, Stream};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::hlc::Hlc;
use crate::ids::{Actor, CaseId, DocumentId, NoteId, OperationId, PersonId, RequestId, UserId};
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
}

impl Change {
    /// The stable name of this kind of change, as stored in the log's `kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::CaseReceived { .. } => "case_received",
            Change::CaseAssigned { .. } => "case_assigned",
            Change::DocumentAdded { .. } => "document_added",
            Change::QualityFlagDismissed { .. } => "quality_flag_dismissed",
            Change::NoteAdded { .. } => "note_added",
            Change::AdmissibilityReviewStarted => "admissibility_review_started",
            Change::MissingItemsRequested { .. } => "missing_items_requested",
            Change::AdmissibleRecorded => "admissible_recorded",
            Change::AttestationRequested { .. } => "attestation_requested",
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
    pub sync_state: SyncState,
}
