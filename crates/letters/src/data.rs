//! What a letter says, as types: the kind of letter ([`LetterKind`]), who it goes to, and
//! the content each kind needs ([`LetterContent`]): the missing items and their deadline,
//! the persons who must obtain the attestation, the grounds of an intent, a refusal or a
//! rejection, the CSQ numbers of a selection. A kind cannot be given the content of
//! another, so a template only ever misses a value when it asks for one its kind does
//! not have (see [`crate::templates`]).
//!
//! The grounds and deadlines are the `program` crate's own types
//! ([`RefusalGround`], [`RejectionGround`], [`Deadline`]), so a letter states exactly what
//! the rules decided.

use chrono::{DateTime, NaiveDate, Utc};
use program::decision::{IntentToRefuse, IntentToReject};
use program::intake::NotReceivedReason;
use program::{Cad, Deadline, Decision, Language, PersonRole, RefusalGround, RejectionGround};
use serde::{Deserialize, Serialize};

use crate::error::LetterError;

pub use oplog::LetterKind;

/// A person or firm a letter is addressed to: the name and the postal address, one line
/// per entry, as it goes on the envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addressee {
    pub name: String,
    pub address: Vec<String>,
}

impl Addressee {
    pub fn new(
        name: impl Into<String>,
        address: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Addressee {
            name: name.into(),
            address: address.into_iter().map(Into::into).collect(),
        }
    }
}

/// A person on the file, named in a letter with their role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedPerson {
    pub name: String,
    pub role: PersonRole,
}

impl NamedPerson {
    pub fn new(name: impl Into<String>, role: PersonRole) -> Self {
        NamedPerson {
            name: name.into(),
            role,
        }
    }
}

/// D1: the Québec selection certificate (CSQ) issued to one person, with its number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub holder: NamedPerson,
    pub number: String,
}

impl Certificate {
    pub fn new(name: impl Into<String>, role: PersonRole, number: impl Into<String>) -> Self {
        Certificate {
            holder: NamedPerson::new(name, role),
            number: number.into(),
        }
    }
}

/// What a letter of each kind says beyond the address block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LetterContent {
    /// A2. `items` are the checklist items as the applicant must read them (with the
    /// person they concern, e.g. "Passport — Léa Tremblay"); `amount_due` the fees still
    /// to pay, if payment is among the missing items.
    MissingItemsRequest {
        items: Vec<String>,
        amount_due: Option<Cad>,
        deadline: Deadline,
    },
    /// V1, V2: the persons who must obtain the attestation on the request date.
    AttestationRequest {
        persons: Vec<NamedPerson>,
        deadline: Deadline,
    },
    /// D2.
    IntentToRefuse {
        grounds: Vec<RefusalGround>,
        deadline: Deadline,
    },
    /// D3.
    IntentToReject {
        grounds: Vec<RejectionGround>,
        deadline: Deadline,
    },
    /// D1: the principal applicant's certificate and one for each accompanying member.
    SelectionDecision { certificates: Vec<Certificate> },
    /// D2.
    Refusal { grounds: Vec<RefusalGround> },
    /// D3, A2, V4.
    Rejection { grounds: Vec<RejectionGround> },
    /// I5: the application was received at `received_at`; `acknowledgement` is the
    /// number of this acknowledgement.
    Acknowledgement {
        acknowledgement: String,
        received_at: DateTime<Utc>,
    },
    /// I1–I4: the application received at `received_at` was not, for `reason`.
    NotReceivedNotice {
        received_at: DateTime<Utc>,
        reason: NotReceivedReason,
        /// For a cap reached: the cap's name, as the program definition in force names it
        /// (`program::CapScope::label`).
        cap_name: Option<program::Bilingual>,
    },
}

impl LetterContent {
    pub fn kind(&self) -> LetterKind {
        match self {
            LetterContent::MissingItemsRequest { .. } => LetterKind::MissingItemsRequest,
            LetterContent::AttestationRequest { .. } => LetterKind::AttestationRequest,
            LetterContent::IntentToRefuse { .. } => LetterKind::IntentToRefuse,
            LetterContent::IntentToReject { .. } => LetterKind::IntentToReject,
            LetterContent::SelectionDecision { .. } => LetterKind::SelectionDecision,
            LetterContent::Refusal { .. } => LetterKind::Refusal,
            LetterContent::Rejection { .. } => LetterKind::Rejection,
            LetterContent::Acknowledgement { .. } => LetterKind::Acknowledgement,
            LetterContent::NotReceivedNotice { .. } => LetterKind::NotReceivedNotice,
        }
    }

    /// The deadline the letter gives, for the kinds that give one.
    pub fn deadline(&self) -> Option<&Deadline> {
        match self {
            LetterContent::MissingItemsRequest { deadline, .. }
            | LetterContent::AttestationRequest { deadline, .. }
            | LetterContent::IntentToRefuse { deadline, .. }
            | LetterContent::IntentToReject { deadline, .. } => Some(deadline),
            _ => None,
        }
    }

    /// The letter stating a decision: a refusal or a rejection with its grounds, or a
    /// selection (whose certificates the caller supplies).
    pub fn from_decision(decision: &Decision, certificates: Vec<Certificate>) -> Self {
        match decision {
            Decision::Selected => LetterContent::SelectionDecision { certificates },
            Decision::Refused { grounds } => LetterContent::Refusal {
                grounds: grounds.clone(),
            },
            Decision::Rejected { grounds } => LetterContent::Rejection {
                grounds: grounds.clone(),
            },
        }
    }
}

impl From<&IntentToRefuse> for LetterContent {
    fn from(intent: &IntentToRefuse) -> Self {
        LetterContent::IntentToRefuse {
            grounds: intent.grounds.clone(),
            deadline: intent.deadline,
        }
    }
}

impl From<&IntentToReject> for LetterContent {
    fn from(intent: &IntentToReject) -> Self {
        LetterContent::IntentToReject {
            grounds: intent.grounds.clone(),
            deadline: intent.deadline,
        }
    }
}

/// Everything one letter needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterData {
    /// The file's language of correspondence.
    pub language: Language,
    /// The application's file number as the officer sees it.
    pub file_number: String,
    /// The day the letter is dated (and sent).
    pub date: NaiveDate,
    /// The principal applicant.
    pub applicant: Addressee,
    /// F6: the paid representative linked to the file, who receives a copy.
    pub representative: Option<Addressee>,
    /// The officer who signs, if the letter is signed by name.
    pub signatory: Option<String>,
    pub content: LetterContent,
}

impl LetterData {
    pub fn kind(&self) -> LetterKind {
        self.content.kind()
    }

    /// Checks what the types cannot: names and numbers are not blank, lists are not
    /// empty, grounds are listed once, and a selection has one CSQ for the principal
    /// applicant.
    pub fn validate(&self) -> Result<(), LetterError> {
        let invalid = |field: &str, problem: &str| {
            Err(LetterError::InvalidData {
                kind: self.kind(),
                field: field.to_owned(),
                problem: problem.to_owned(),
            })
        };
        if self.file_number.trim().is_empty() {
            return invalid(
                "file_number",
                "is blank: give the application's file number",
            );
        }
        if self.applicant.name.trim().is_empty() {
            return invalid("applicant.name", "is blank: give the applicant's name");
        }
        if let Some(rep) = &self.representative
            && rep.name.trim().is_empty()
        {
            return invalid(
                "representative.name",
                "is blank: name the representative or leave none",
            );
        }
        match &self.content {
            LetterContent::MissingItemsRequest {
                items, amount_due, ..
            } => {
                if items.is_empty() && amount_due.is_none() {
                    return invalid(
                        "items",
                        "is empty: a missing-items request lists at least one item or an amount due",
                    );
                }
                if items.iter().any(|i| i.trim().is_empty()) {
                    return invalid("items", "holds a blank item");
                }
                if amount_due.is_some_and(|a| a.cents() <= 0) {
                    return invalid("amount_due", "is not a positive amount");
                }
            }
            LetterContent::AttestationRequest { persons, .. } => {
                if persons.is_empty() {
                    return invalid(
                        "persons",
                        "is empty: an attestation request names at least one person (V2)",
                    );
                }
                if persons.iter().any(|p| p.name.trim().is_empty()) {
                    return invalid("persons", "holds a person without a name");
                }
            }
            LetterContent::IntentToRefuse { grounds, .. } | LetterContent::Refusal { grounds } => {
                if let Err(e) = Decision::refused(grounds.clone()) {
                    return invalid("grounds", &e.to_string());
                }
            }
            LetterContent::IntentToReject { grounds, .. }
            | LetterContent::Rejection { grounds } => {
                if let Err(e) = Decision::rejected(grounds.clone()) {
                    return invalid("grounds", &e.to_string());
                }
            }
            LetterContent::SelectionDecision { certificates } => {
                let principals = certificates
                    .iter()
                    .filter(|c| c.holder.role == PersonRole::PrincipalApplicant)
                    .count();
                if principals != 1 {
                    return invalid(
                        "certificates",
                        "must hold exactly one CSQ for the principal applicant (D1)",
                    );
                }
                if certificates
                    .iter()
                    .any(|c| c.number.trim().is_empty() || c.holder.name.trim().is_empty())
                {
                    return invalid("certificates", "holds a CSQ without a number or a name");
                }
            }
            LetterContent::Acknowledgement {
                acknowledgement, ..
            } => {
                if acknowledgement.trim().is_empty() {
                    return invalid(
                        "acknowledgement",
                        "is blank: give the acknowledgement's number",
                    );
                }
            }
            LetterContent::NotReceivedNotice { .. } => {}
        }
        Ok(())
    }
}
