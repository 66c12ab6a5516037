//! Why a change is refused: [`Refusal`], always with the reason as a message of the
//! catalogue for the person who asked, and a stable code for machines (the laptop's conflicts view,
//! the server's rejections).

use chrono::{DateTime, Utc};
use oplog::CaseId;
use program::{ProgramVersionId, RuleError};
use vocab::Text;

/// A change the decider does not allow, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Not well formed: a NUL or control character, a text or list too long, a hash that
    /// is not a SHA-256, a quality report with a flag twice. No version of the app sends
    /// it; a modified one might.
    #[error("{0}")]
    Invalid(Text),
    /// The author's role does not allow the step, or the file's state forbids anyone
    /// without supervision (an officer approving, approving one's own proposal, a change
    /// after the CSQ).
    #[error("{0}")]
    NotPermitted(Text),
    /// Refused as asked: a text left empty, an item that is not a gap, a date after the
    /// day it was recorded, a person not on the file...
    #[error("{0}")]
    Refused(Text),
    /// The lifecycle does not allow the step from the file's status, or not yet.
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// The change is for a file that was never received.
    #[error("{}", self.reason())]
    CaseNotFound(CaseId),
    /// A `case_received` for a file that exists.
    #[error("{}", self.reason())]
    CaseExists(CaseId),
    /// The operation names a program definition version this replica does not hold.
    #[error("{}", self.reason())]
    UnknownProgramVersion(ProgramVersionId),
    /// P5: decided with version `named`, while `in_force` took effect before the
    /// operation was made and decides it otherwise.
    #[error("{}", self.reason())]
    ProgramVersionMismatch {
        named: ProgramVersionId,
        in_force: ProgramVersionId,
        since: DateTime<Utc>,
    },
}

impl Refusal {
    pub(crate) fn invalid(reason: Text) -> Self {
        Refusal::Invalid(reason)
    }

    pub(crate) fn not_permitted(reason: Text) -> Self {
        Refusal::NotPermitted(reason)
    }

    pub(crate) fn refused(reason: Text) -> Self {
        Refusal::Refused(reason)
    }

    /// The stable code of the refusal (the server's rejection code).
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Invalid(_) => "operation.invalid",
            Refusal::NotPermitted(_) => "auth.role",
            Refusal::Refused(_) => "rules.refused",
            Refusal::Rule(RuleError::Forbidden(_)) => "conflict.transition",
            Refusal::Rule(RuleError::Unmet { .. }) => "rules.unmet",
            Refusal::CaseNotFound(_) => "case.not_found",
            Refusal::CaseExists(_) => "case.exists",
            Refusal::UnknownProgramVersion(_) => "program.unknown_version",
            Refusal::ProgramVersionMismatch { .. } => "conflict.program_version",
        }
    }

    /// Why, in French and English, for the person who asked.
    pub fn reason(&self) -> Text {
        match self {
            Refusal::Invalid(b) | Refusal::NotPermitted(b) | Refusal::Refused(b) => b.clone(),
            Refusal::Rule(e) => e.reason(),
            Refusal::CaseNotFound(id) => {
                Text::new("refusal-file-was-never-received-receipt-comes-first")
                    .with("id", id.to_string())
            }
            Refusal::CaseExists(id) => {
                Text::new("refusal-file-was-already-received").with("id", id.to_string())
            }
            Refusal::UnknownProgramVersion(v) => {
                Text::new("refusal-program-version-unknown").with("version", i64::from(v.0))
            }
            Refusal::ProgramVersionMismatch {
                named,
                in_force,
                since,
            } => Text::new("refusal-program-version-mismatch")
                .with("named", i64::from(named.0))
                .with("in_force", i64::from(in_force.0))
                .with("since", *since),
        }
    }
}
