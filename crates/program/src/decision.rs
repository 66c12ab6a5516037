//! Decisions (D1–D5): the grounds of a refusal and of a rejection, the letters of intent
//! that announce them with a deadline to answer, the decision itself, the CSQ issued to the
//! principal applicant and to each accompanying member, and interview outcomes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use ts_rs::TS;

use crate::deadline::Deadline;
use crate::definition::ProgramDefinition;
use crate::family::FamilyMember;
use crate::model::{Language, PersonKey, PersonRole};
use vocab::Text;

/// D2: grounds for refusing an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RefusalGround {
    /// The program's conditions are not met.
    ConditionsNotMet,
    /// The requested documents were not sent in the proper format or within the deadline.
    DocumentsNotAsRequested,
    /// Nothing was sent.
    NothingSent,
}

impl RefusalGround {
    pub const ALL: [RefusalGround; 3] = [
        RefusalGround::ConditionsNotMet,
        RefusalGround::DocumentsNotAsRequested,
        RefusalGround::NothingSent,
    ];

    /// The ground as a letter states it (the catalogue's `ground-…-letter`).
    pub fn text(self) -> Text {
        match self {
            RefusalGround::ConditionsNotMet => Text::new("ground-conditions-not-met-letter"),
            RefusalGround::DocumentsNotAsRequested => {
                Text::new("ground-documents-not-as-requested-letter")
            }
            RefusalGround::NothingSent => Text::new("ground-nothing-sent-letter"),
        }
    }

    /// The ground as a letter states it, in `language`.
    pub fn label(self, language: Language) -> String {
        self.text().render(language)
    }

    /// The ground in short, as the officer's screens and the audit trail name it (the
    /// catalogue's `ground-…-label`).
    pub fn name(self) -> Text {
        match self {
            RefusalGround::ConditionsNotMet => Text::new("ground-conditions-not-met-label"),
            RefusalGround::DocumentsNotAsRequested => {
                Text::new("ground-documents-not-as-requested-label")
            }
            RefusalGround::NothingSent => Text::new("ground-nothing-sent-label"),
        }
    }
}

/// D3 (and A2, V4): grounds for rejecting an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RejectionGround {
    /// D3: reason to doubt the authenticity of declarations or documents.
    DoubtfulAuthenticity,
    /// D3: false or misleading information or documents.
    FalseOrMisleading,
    /// D3: no convincing evidence within the deadline to dispel the grounds.
    NoConvincingEvidence,
    /// D3, D5: absent from the interview.
    AbsentFromInterview,
    /// A2: missing items not provided within the deadline.
    MissingItemsNotProvided,
    /// V4: the attestation not obtained by every required person within the deadline.
    AttestationNotObtained,
}

impl RejectionGround {
    pub const ALL: [RejectionGround; 6] = [
        RejectionGround::DoubtfulAuthenticity,
        RejectionGround::FalseOrMisleading,
        RejectionGround::NoConvincingEvidence,
        RejectionGround::AbsentFromInterview,
        RejectionGround::MissingItemsNotProvided,
        RejectionGround::AttestationNotObtained,
    ];

    /// The ground as a letter states it (the catalogue's `ground-…-letter`).
    pub fn text(self) -> Text {
        match self {
            RejectionGround::DoubtfulAuthenticity => {
                Text::new("ground-doubtful-authenticity-letter")
            }
            RejectionGround::FalseOrMisleading => Text::new("ground-false-or-misleading-letter"),
            RejectionGround::NoConvincingEvidence => {
                Text::new("ground-no-convincing-evidence-letter")
            }
            RejectionGround::AbsentFromInterview => {
                Text::new("ground-absent-from-interview-letter")
            }
            RejectionGround::MissingItemsNotProvided => {
                Text::new("ground-missing-items-not-provided-letter")
            }
            RejectionGround::AttestationNotObtained => {
                Text::new("ground-attestation-not-obtained-letter")
            }
        }
    }

    /// The ground as a letter states it, in `language`.
    pub fn label(self, language: Language) -> String {
        self.text().render(language)
    }

    /// The ground in short, as the officer's screens and the audit trail name it (the
    /// catalogue's `ground-…-label`).
    pub fn name(self) -> Text {
        match self {
            RejectionGround::DoubtfulAuthenticity => {
                Text::new("ground-doubtful-authenticity-label")
            }
            RejectionGround::FalseOrMisleading => Text::new("ground-false-or-misleading-label"),
            RejectionGround::NoConvincingEvidence => {
                Text::new("ground-no-convincing-evidence-label")
            }
            RejectionGround::AbsentFromInterview => Text::new("ground-absent-from-interview-label"),
            RejectionGround::MissingItemsNotProvided => {
                Text::new("ground-missing-items-not-provided-label")
            }
            RejectionGround::AttestationNotObtained => {
                Text::new("ground-attestation-not-obtained-label")
            }
        }
    }
}

/// The outcome of a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    /// D1: CSQs for the principal applicant and each accompanying member.
    Selected,
    /// D2.
    Refused { grounds: Vec<RefusalGround> },
    /// D3, A2, V4.
    Rejected { grounds: Vec<RejectionGround> },
}

/// A decision or letter that cannot be made as given.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecisionError {
    #[error("{}", self.reason())]
    NoGround,
    #[error("{}", self.reason())]
    DuplicateGround,
}

impl DecisionError {
    /// Why, in French and English, for the person choosing the grounds.
    pub fn reason(&self) -> Text {
        match self {
            DecisionError::NoGround => Text::new("rule-refusal-or-rejection-states-at-least-one"),
            DecisionError::DuplicateGround => {
                Text::new("rule-ground-listed-twice-list-each-ground-once")
            }
        }
    }
}

fn check_grounds<G: Ord + Copy>(grounds: &[G]) -> Result<(), DecisionError> {
    if grounds.is_empty() {
        return Err(DecisionError::NoGround);
    }
    let mut sorted = grounds.to_vec();
    sorted.sort();
    sorted.dedup();
    if sorted.len() != grounds.len() {
        return Err(DecisionError::DuplicateGround);
    }
    Ok(())
}

impl Decision {
    /// D2: a refusal on `grounds` (at least one, each once).
    pub fn refused(grounds: Vec<RefusalGround>) -> Result<Decision, DecisionError> {
        check_grounds(&grounds)?;
        Ok(Decision::Refused { grounds })
    }

    /// D3: a rejection on `grounds` (at least one, each once).
    pub fn rejected(grounds: Vec<RejectionGround>) -> Result<Decision, DecisionError> {
        check_grounds(&grounds)?;
        Ok(Decision::Rejected { grounds })
    }
}

/// D2: a letter of intent to refuse, with the deadline to answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IntentToRefuse {
    pub grounds: Vec<RefusalGround>,
    pub sent_at: DateTime<Utc>,
    pub deadline: Deadline,
}

impl IntentToRefuse {
    pub fn new(
        def: &ProgramDefinition,
        grounds: Vec<RefusalGround>,
        sent_at: DateTime<Utc>,
    ) -> Result<Self, DecisionError> {
        check_grounds(&grounds)?;
        Ok(IntentToRefuse {
            grounds,
            sent_at,
            deadline: Deadline::after(sent_at, def.deadlines.intent_letter_days),
        })
    }
}

/// D3: a letter of intent to reject, with the deadline to answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IntentToReject {
    pub grounds: Vec<RejectionGround>,
    pub sent_at: DateTime<Utc>,
    pub deadline: Deadline,
}

impl IntentToReject {
    pub fn new(
        def: &ProgramDefinition,
        grounds: Vec<RejectionGround>,
        sent_at: DateTime<Utc>,
    ) -> Result<Self, DecisionError> {
        check_grounds(&grounds)?;
        Ok(IntentToReject {
            grounds,
            sent_at,
            deadline: Deadline::after(sent_at, def.deadlines.intent_letter_days),
        })
    }
}

/// D1: a Québec selection certificate for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SelectionCertificate {
    pub person: PersonKey,
    pub role: PersonRole,
}

/// D1: the CSQs issued on selection: one for the principal applicant and one for each
/// accompanying family member, principal first.
pub fn certificates(members: &[FamilyMember]) -> Vec<SelectionCertificate> {
    let mut out: Vec<SelectionCertificate> = members
        .iter()
        .map(|m| SelectionCertificate {
            person: m.key.clone(),
            role: m.role,
        })
        .collect();
    out.sort_by_key(|c| c.role);
    out
}

/// D5: what happened at an interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InterviewOutcome {
    Held,
    /// The applicant did not show up: a ground for rejection (D3).
    Absent,
}

impl InterviewOutcome {
    /// D3: the ground an outcome gives for a letter of intent to reject, if any.
    pub fn rejection_ground(self) -> Option<RejectionGround> {
        match self {
            InterviewOutcome::Held => None,
            InterviewOutcome::Absent => Some(RejectionGround::AbsentFromInterview),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};

    fn def() -> &'static ProgramDefinition {
        ProgramDefinition::builtin()
    }

    fn member(key: &str, role: PersonRole) -> FamilyMember {
        FamilyMember {
            key: key.into(),
            role,
            date_of_birth: NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(),
            both_parents_accompany: true,
        }
    }

    #[test]
    fn d1_csq_for_principal_and_each_accompanying_member() {
        let fam = [
            member("c1", PersonRole::DependentChild),
            member("pa", PersonRole::PrincipalApplicant),
            member("sp", PersonRole::Spouse),
            member("c2", PersonRole::DependentChild),
        ];
        let csq = certificates(&fam);
        assert_eq!(csq.len(), 4);
        assert_eq!(
            csq[0],
            SelectionCertificate {
                person: "pa".into(),
                role: PersonRole::PrincipalApplicant
            }
        );
        assert_eq!(csq[1].person, "sp".into());
        assert_eq!(
            csq.iter()
                .filter(|c| c.role == PersonRole::DependentChild)
                .count(),
            2
        );
    }

    #[test]
    fn d2_intent_to_refuse_states_grounds_and_deadline() {
        let sent = Utc.with_ymd_and_hms(2024, 10, 1, 14, 0, 0).unwrap();
        let letter = IntentToRefuse::new(
            def(),
            vec![RefusalGround::ConditionsNotMet, RefusalGround::NothingSent],
            sent,
        )
        .unwrap();
        assert_eq!(
            letter.deadline.last_day,
            NaiveDate::from_ymd_opt(2024, 11, 30).unwrap()
        );
        assert_eq!(
            IntentToRefuse::new(def(), vec![], sent),
            Err(DecisionError::NoGround)
        );
        assert_eq!(
            Decision::refused(vec![RefusalGround::NothingSent, RefusalGround::NothingSent]),
            Err(DecisionError::DuplicateGround)
        );
        for g in RefusalGround::ALL {
            assert!(!g.label(Language::Fr).is_empty() && !g.label(Language::En).is_empty());
        }
        let json = serde_json::to_value(
            Decision::refused(vec![RefusalGround::DocumentsNotAsRequested]).unwrap(),
        )
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"decision": "refused", "grounds": ["documents_not_as_requested"]})
        );
    }

    #[test]
    fn d3_intent_to_reject_has_the_four_grounds_of_the_page() {
        let sent = Utc.with_ymd_and_hms(2024, 3, 1, 14, 0, 0).unwrap();
        let d3 = [
            RejectionGround::DoubtfulAuthenticity,
            RejectionGround::FalseOrMisleading,
            RejectionGround::NoConvincingEvidence,
            RejectionGround::AbsentFromInterview,
        ];
        let letter = IntentToReject::new(def(), d3.to_vec(), sent).unwrap();
        assert_eq!(letter.grounds.len(), 4);
        // 2024-03-01 + 60 days = 2024-04-30, after the spring DST change.
        assert_eq!(
            letter.deadline.ends_at,
            Utc.with_ymd_and_hms(2024, 5, 1, 4, 0, 0).unwrap()
        );
        for g in RejectionGround::ALL {
            assert!(!g.label(Language::Fr).is_empty() && !g.label(Language::En).is_empty());
        }
        assert_eq!(Decision::rejected(vec![]), Err(DecisionError::NoGround));
    }

    #[test]
    fn d5_absence_from_interview_is_a_rejection_ground() {
        assert_eq!(
            InterviewOutcome::Absent.rejection_ground(),
            Some(RejectionGround::AbsentFromInterview)
        );
        assert_eq!(InterviewOutcome::Held.rejection_ground(), None);
    }
}
