//! Why a change is refused: [`Refusal`], always with the reason in French and English
//! for the person who asked, and a stable code for machines (the laptop's conflicts view,
//! the server's rejections).

use oplog::CaseId;
use program::{Bilingual, RuleError};

/// A change the decider does not allow, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Not well formed: a NUL or control character, a text or list too long, a hash that
    /// is not a SHA-256, a quality report with a flag twice. No version of the app sends
    /// it; a modified one might.
    #[error("{}", .0.en)]
    Invalid(Bilingual),
    /// The author's role does not allow the step, or the file's state forbids anyone
    /// without supervision (an officer approving, approving one's own proposal, a change
    /// after the CSQ).
    #[error("{}", .0.en)]
    NotPermitted(Bilingual),
    /// Refused as asked: a text left empty, an item that is not a gap, a date after the
    /// day it was recorded, a person not on the file...
    #[error("{}", .0.en)]
    Refused(Bilingual),
    /// The lifecycle does not allow the step from the file's status, or not yet.
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// The change is for a file that was never received.
    #[error("file {0} was never received: its case_received comes first")]
    CaseNotFound(CaseId),
    /// A `case_received` for a file that exists.
    #[error("file {0} was already received")]
    CaseExists(CaseId),
}

impl Refusal {
    pub(crate) fn invalid(fr: impl Into<String>, en: impl Into<String>) -> Self {
        Refusal::Invalid(Bilingual::new(fr, en))
    }

    pub(crate) fn not_permitted(fr: impl Into<String>, en: impl Into<String>) -> Self {
        Refusal::NotPermitted(Bilingual::new(fr, en))
    }

    pub(crate) fn refused(fr: impl Into<String>, en: impl Into<String>) -> Self {
        Refusal::Refused(Bilingual::new(fr, en))
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
        }
    }

    /// Why, in French and English, for the person who asked.
    pub fn reason(&self) -> Bilingual {
        match self {
            Refusal::Invalid(b) | Refusal::NotPermitted(b) | Refusal::Refused(b) => b.clone(),
            Refusal::Rule(e) => e.reason(),
            Refusal::CaseNotFound(id) => Bilingual::new(
                format!("le dossier {id} n’a jamais été reçu : sa réception vient d’abord"),
                format!("file {id} was never received: its receipt comes first"),
            ),
            Refusal::CaseExists(id) => Bilingual::new(
                format!("le dossier {id} a déjà été reçu"),
                format!("file {id} was already received"),
            ),
        }
    }
}
