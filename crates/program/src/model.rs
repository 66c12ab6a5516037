//! The words of the domain that every other crate shares: streams, profiles, the status of
//! a file, the roles of people on a file and the languages of correspondence.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// P2: the two streams of the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Stream {
    /// Artificial intelligence stream (form A-0524-AA).
    Ai,
    /// Information technologies and visual effects stream (form A-0524-BA).
    ItVfx,
}

impl Stream {
    pub const ALL: [Stream; 2] = [Stream::Ai, Stream::ItVfx];

    /// The stable code used in storage and on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Stream::Ai => "ai",
            Stream::ItVfx => "it_vfx",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The stream's part of a file number: `2024-AI-000042`, `2024-TIEV-000043`.
    pub fn file_code(self) -> &'static str {
        match self {
            Stream::Ai => "AI",
            Stream::ItVfx => "TIEV",
        }
    }
}

/// P3: an application is in the Francization profile or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    Francization,
    Regular,
}

impl Profile {
    pub const ALL: [Profile; 2] = [Profile::Francization, Profile::Regular];

    pub fn code(self) -> &'static str {
        match self {
            Profile::Francization => "francization",
            Profile::Regular => "regular",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The role of a person on a file (F5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PersonRole {
    PrincipalApplicant,
    /// Spouse or de facto spouse.
    Spouse,
    DependentChild,
}

impl PersonRole {
    pub const ALL: [PersonRole; 3] = [
        PersonRole::PrincipalApplicant,
        PersonRole::Spouse,
        PersonRole::DependentChild,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PersonRole::PrincipalApplicant => "principal_applicant",
            PersonRole::Spouse => "spouse",
            PersonRole::DependentChild => "dependent_child",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The role as the audit trail, the family table and the letters name it (the
    /// catalogue's `person-role-…`: one word for each role everywhere).
    pub fn text(self) -> vocab::Text {
        vocab::Text::new(match self {
            PersonRole::PrincipalApplicant => "person-role-principal-applicant",
            PersonRole::Spouse => "person-role-spouse",
            PersonRole::DependentChild => "person-role-dependent-child",
        })
    }
}

pub use vocab::{Bilingual, Language};

/// The state of a file in its lifecycle (D1–D5, A1–A2, V1–V4, M5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// I5: received and acknowledged, not yet opened by an officer.
    Received,
    /// A1: an officer is checking that the file is complete.
    AdmissibilityReview,
    /// A2: a missing-items request is out; 60 days to answer.
    MissingItemsRequested,
    /// The file is admissible and under review.
    InReview,
    /// V1: an attestation request is out; 60 days to obtain it.
    AttestationRequested,
    /// D5: an interview is scheduled.
    InterviewScheduled,
    /// D2: a letter of intent to refuse is out, waiting for the applicant's answer.
    IntentToRefuse,
    /// D3: a letter of intent to reject is out, waiting for the applicant's answer.
    IntentToReject,
    /// A decision is proposed and waits for a supervisor.
    DecisionProposed,
    /// D1: CSQ issued; the file is locked except for supervised amendments (M5).
    Selected,
    /// D2: refused.
    Refused,
    /// D3: rejected.
    Rejected,
    /// D4: the applicant asked for an administrative review of a refusal or rejection.
    AdministrativeReview,
    /// I3, I4: received, then an application received earlier that arrived at the server
    /// later took its place under a cap; the file is kept, and nothing more is done on it.
    NotReceived,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 14] = [
        CaseStatus::Received,
        CaseStatus::AdmissibilityReview,
        CaseStatus::MissingItemsRequested,
        CaseStatus::InReview,
        CaseStatus::AttestationRequested,
        CaseStatus::InterviewScheduled,
        CaseStatus::IntentToRefuse,
        CaseStatus::IntentToReject,
        CaseStatus::DecisionProposed,
        CaseStatus::Selected,
        CaseStatus::Refused,
        CaseStatus::Rejected,
        CaseStatus::AdministrativeReview,
        CaseStatus::NotReceived,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseStatus::Received => "received",
            CaseStatus::AdmissibilityReview => "admissibility_review",
            CaseStatus::MissingItemsRequested => "missing_items_requested",
            CaseStatus::InReview => "in_review",
            CaseStatus::AttestationRequested => "attestation_requested",
            CaseStatus::InterviewScheduled => "interview_scheduled",
            CaseStatus::IntentToRefuse => "intent_to_refuse",
            CaseStatus::IntentToReject => "intent_to_reject",
            CaseStatus::DecisionProposed => "decision_proposed",
            CaseStatus::Selected => "selected",
            CaseStatus::Refused => "refused",
            CaseStatus::Rejected => "rejected",
            CaseStatus::AdministrativeReview => "administrative_review",
            CaseStatus::NotReceived => "not_received",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

impl std::fmt::Display for Stream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::fmt::Display for PersonRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }
    };
}

string_id!(
    /// The identifier of an application at intake (the file number as the officer sees it,
    /// or any id a replay file gives).
    ApplicationId
);
string_id!(
    /// How the caller names a person on a file (the store passes its `PersonId` as text).
    PersonKey
);
string_id!(
    /// The stable code of an item of the document checklist (e.g. `form_part_1`), as
    /// written in the program definition and stored with each document.
    ChecklistCode
);
