//! What the screens read: a row of the officer's queue, and the whole of one file. These
//! types cross to the UI, so their TypeScript twins are generated from them (ts-rs).

use chrono::{DateTime, NaiveDate, Utc};
use program::{Bilingual, CaseStatus, Language, PersonRole, Profile, Stream};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::{CaseId, DocumentId, PersonId};
use crate::quality::{FlagDismissal, QualityReport};

/// One page of results and where it sits in the whole list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many rows match the filter, all pages together.
    pub total: u32,
    pub offset: u32,
    pub limit: u32,
}

/// A file as the queue shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CaseRow {
    pub id: CaseId,
    pub file_number: String,
    /// "Family, Given" of the principal applicant.
    pub principal_name: String,
    pub stream: Stream,
    pub profile: Profile,
    pub status: CaseStatus,
    pub received_at: DateTime<Utc>,
    /// Last day of the earliest open request (Québec calendar day), if any.
    pub next_deadline: Option<NaiveDate>,
    /// Days from today (Québec) to that last day; negative when overdue.
    #[ts(type = "number | null")]
    pub days_left: Option<i64>,
    pub assigned_to: Option<String>,
}

/// A person on a file, with the age the rules would use today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonView {
    pub id: PersonId,
    pub role: PersonRole,
    pub family_name: String,
    pub given_names: String,
    pub date_of_birth: NaiveDate,
    /// Completed years on today's date in Québec.
    pub age: u32,
    pub attestation_held: bool,
    pub removed: bool,
}

/// The representative linked to a file (F6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RepresentativeView {
    pub name: String,
    pub organization: Option<String>,
    pub email: Option<String>,
    pub licence: Option<String>,
}

/// A document of a file, with its quality report and the flags officers dismissed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DocumentView {
    pub id: DocumentId,
    pub case_id: CaseId,
    pub person_id: Option<PersonId>,
    pub checklist_code: Option<String>,
    pub file_name: String,
    pub sha256: String,
    #[ts(type = "number")]
    pub byte_size: u64,
    pub received_at: DateTime<Utc>,
    /// The checks run when the document entered the store; `None`: not checked.
    pub quality: Option<QualityReport>,
    /// Flags of that report an officer dismissed, oldest first.
    pub dismissals: Vec<FlagDismissal>,
    /// A letter sent to the applicant and filed on the case (its kind); `None` for a
    /// document the applicant sent.
    pub letter: Option<letters::LetterKind>,
    /// The label of the checklist item the document was filed under, from the program
    /// (`None`: filed under no item, or an item the program no longer has).
    pub item_label: Option<Bilingual>,
}

/// The whole of one file, for the case screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CaseDetail {
    pub row: CaseRow,
    pub language: Language,
    pub persons: Vec<PersonView>,
    pub representative: Option<RepresentativeView>,
    pub documents: Vec<DocumentView>,
    /// How many operations the file's history holds.
    pub operation_count: u32,
}
