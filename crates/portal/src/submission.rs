//! `submission.json`, typed: what the portal says about one bundle
//! (`dossier-submission/1`). Parsing is strict (no unknown field, codes of the program's
//! enums); [`Submission::check`] then applies what the types cannot say: the fields each
//! kind requires, the program's checklist codes, the persons the documents name.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset, NaiveDate};
use program::fees::{Payer, PaymentMethod};
use program::{ChecklistCode, Language, PersonRole, Profile, ProgramDefinition, Stream};
use serde::{Deserialize, Serialize};

use crate::error::Problem;

/// The only format this server reads.
pub const FORMAT: &str = "dossier-submission/1";

/// An application, or documents added to a received one (F4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Application,
    Documents,
}

/// `submission.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    pub format: String,
    /// The portal's id: the idempotency key (with `sequence` for later documents).
    pub submission_id: String,
    pub kind: Kind,
    /// For `documents`: 2, 3… in the order the portal sent them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<u32>,
    /// The portal's receipt instant, with its offset (I1–I4 decide in its order).
    pub received_at: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<Stream>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub persons: Vec<PersonIn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<RepresentativeIn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentIn>,
    pub documents: Vec<DocumentIn>,
}

/// A person of the application, named in the bundle by `ref`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonIn {
    #[serde(rename = "ref")]
    pub reference: String,
    pub role: PersonRole,
    pub family_name: String,
    pub given_names: String,
    pub date_of_birth: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attestation_held: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub both_parents_accompany: Option<bool>,
}

/// The applicant's representative (F6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepresentativeIn {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
}

/// The fees paid with the application ($1, $2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentIn {
    /// Dollars as text, `1279.00` (read as [`program::Cad`]).
    pub amount: String,
    pub currency: String,
    pub method: PaymentMethod,
    pub payer: Payer,
    pub paid_on: NaiveDate,
}

/// One document of the bundle: a PDF at `file`, for checklist `item`, about `person`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentIn {
    pub file: String,
    pub item: ChecklistCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
}

/// The longest id, name or path the bundle may hold.
const MAX_LINE: usize = 300;

impl Submission {
    /// What the types cannot say, against `program`: every problem, not only the first.
    pub fn check(&self, program: &ProgramDefinition) -> Vec<Problem> {
        let mut out = Vec::new();
        if self.format != FORMAT {
            out.push(Problem::Format(self.format.clone()));
        }
        let id = self.submission_id.as_str();
        if id.is_empty()
            || id.len() > 64
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            out.push(Problem::SubmissionId(id.to_owned()));
        }
        let required = |field: &'static str, present: bool, out: &mut Vec<Problem>| {
            if !present {
                out.push(Problem::Missing(field));
            }
        };
        match self.kind {
            Kind::Application => {
                if self.sequence.is_some() {
                    out.push(Problem::Unexpected("sequence"));
                }
                required("program", self.program.is_some(), &mut out);
                required("stream", self.stream.is_some(), &mut out);
                required("profile", self.profile.is_some(), &mut out);
                required("language", self.language.is_some(), &mut out);
                required("persons", !self.persons.is_empty(), &mut out);
                if let Some(p) = &self.program
                    && *p != program.code
                {
                    out.push(Problem::Program(p.clone()));
                }
                let principals = self
                    .persons
                    .iter()
                    .filter(|p| p.role == PersonRole::PrincipalApplicant)
                    .count();
                if !self.persons.is_empty() && principals != 1 {
                    out.push(Problem::Principals(principals));
                }
            }
            Kind::Documents => {
                required("sequence", self.sequence.is_some_and(|s| s >= 2), &mut out);
                for (field, present) in [
                    ("program", self.program.is_some()),
                    ("stream", self.stream.is_some()),
                    ("profile", self.profile.is_some()),
                    ("language", self.language.is_some()),
                    ("persons", !self.persons.is_empty()),
                    ("representative", self.representative.is_some()),
                    ("payment", self.payment.is_some()),
                ] {
                    if present {
                        out.push(Problem::Unexpected(field));
                    }
                }
                required("documents", !self.documents.is_empty(), &mut out);
            }
        }
        let mut refs = BTreeSet::new();
        for p in &self.persons {
            if !refs.insert(p.reference.as_str()) {
                out.push(Problem::PersonTwice(p.reference.clone()));
            }
            for text in [&p.reference, &p.family_name, &p.given_names] {
                if text.trim().is_empty()
                    || text.chars().count() > MAX_LINE
                    || text.chars().any(char::is_control)
                {
                    out.push(Problem::Text(p.reference.clone()));
                    break;
                }
            }
        }
        if let Some(pay) = &self.payment {
            if pay.currency != "CAD" {
                out.push(Problem::Currency(pay.currency.clone()));
            }
            if pay
                .amount
                .parse::<program::Cad>()
                .map_or(true, |a| a.cents() <= 0)
            {
                out.push(Problem::Amount(pay.amount.clone()));
            }
        }
        let mut files = BTreeSet::new();
        for d in &self.documents {
            if program.checklist_item(&d.item).is_none() {
                out.push(Problem::Item(d.item.to_string()));
            }
            if let Some(r) = &d.person
                && self.kind == Kind::Application
                && !refs.contains(r.as_str())
            {
                out.push(Problem::PersonUnknown(r.clone()));
            }
            if !files.insert(d.file.as_str()) {
                out.push(Problem::FileTwice(d.file.clone()));
            }
        }
        out
    }
}
