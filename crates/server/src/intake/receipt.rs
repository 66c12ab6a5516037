//! What intake answers for each bundle: the import's JSON line and the portal's response
//! body. One outcome (`received`, `not_received`, `refused`), a stable reason code, the
//! reason in French and English, and for a received application its file number and
//! acknowledgement number. A revision of a recorded outcome is a receipt of its own,
//! saying what it was and which late arrival changed it.

use std::path::Path;

use chrono::{DateTime, Utc};
use portal::{BundleError, Submission};
use program::intake::{CapStatus, NotReceivedReason, Outcome};
use program::{CapScope, ProgramDefinition};

use serde::{Deserialize, Serialize};
use vocab::{Bilingual, Text};

use crate::error::{ApiError, ApiResult};

/// What became of a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptOutcome {
    /// Recorded: an application received (I5), or documents added to its file.
    Received,
    /// Recorded: outside the window, or a cap was full (I1–I4).
    NotReceived,
    /// Not acceptable as a bundle; nothing recorded.
    Refused,
}

/// One problem of a refused bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemLine {
    pub code: String,
    pub reason: Bilingual,
}

/// The answer for one bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// `None` only when `submission.json` could not be read.
    pub submission_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<u32>,
    pub outcome: ReceiptOutcome,
    /// `received`, `documents_added`, `before_window`, `after_window`, `cap_reached`,
    /// `conflict`, or the code of the bundle's first problem (`bundle.not_pdf`...).
    pub code: String,
    pub reason: Bilingual,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<ProblemLine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_number: Option<String>,
    /// I5: the acknowledgement of receipt's number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledgement: Option<String>,
    /// The same bundle was recorded before; this is what was recorded then.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub repeat: bool,
    /// A revision: the outcome recorded before a late arrival changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revised_from: Option<ReceiptOutcome>,
    /// A revision: the submission, received earlier, whose late arrival changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub because_of: Option<String>,
    /// The letter sent for this outcome (the acknowledgement, or the notice), by its
    /// SHA-256: `GET /portal/v1/letters/{sha256}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter: Option<String>,
    /// The bundle's path, for an import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Receipt {
    fn new(
        id: Option<&str>,
        sequence: Option<u32>,
        outcome: ReceiptOutcome,
        code: &str,
        reason: Text,
    ) -> Self {
        Self {
            submission_id: id.map(str::to_owned),
            sequence,
            outcome,
            code: code.to_owned(),
            reason: reason.both(),
            problems: Vec::new(),
            file_number: None,
            acknowledgement: None,
            repeat: false,
            revised_from: None,
            because_of: None,
            letter: None,
            source: None,
        }
    }

    /// A bundle refused for what it holds, each problem named.
    pub fn refused(id: Option<&str>, sequence: Option<u32>, e: &BundleError) -> Self {
        let first = e.problems.first().map_or_else(
            || Text::new("bundle-not-a-bundle").with("path", ""),
            |p| p.text(),
        );
        let mut r = Self::new(id, sequence, ReceiptOutcome::Refused, e.code(), first);
        r.problems = e
            .problems
            .iter()
            .map(|p| ProblemLine {
                code: p.code().to_owned(),
                reason: p.text().both(),
            })
            .collect();
        r
    }

    /// A bundle refused for another reason than its content (a conflict, a rule).
    pub fn refused_with(id: &str, sequence: Option<u32>, code: &str, reason: Text) -> Self {
        Self::new(Some(id), sequence, ReceiptOutcome::Refused, code, reason)
    }

    pub fn received(
        s: &Submission,
        file_number: &str,
        acknowledgement: &str,
        reason: Text,
    ) -> Self {
        Self::received_as(
            &s.submission_id,
            s.sequence,
            file_number,
            acknowledgement,
            reason,
        )
    }

    fn received_as(
        id: &str,
        sequence: Option<u32>,
        file_number: &str,
        acknowledgement: &str,
        reason: Text,
    ) -> Self {
        let mut r = Self::new(
            Some(id),
            sequence,
            ReceiptOutcome::Received,
            "received",
            reason,
        );
        r.file_number = Some(file_number.to_owned());
        r.acknowledgement = (!acknowledgement.is_empty()).then(|| acknowledgement.to_owned());
        r
    }

    pub fn not_received(s: &Submission, reason: &NotReceivedReason, why: Text) -> Self {
        Self::new(
            Some(&s.submission_id),
            s.sequence,
            ReceiptOutcome::NotReceived,
            not_received_code(reason),
            why,
        )
    }

    /// The same receipt, naming the bundle's path.
    pub fn from(mut self, path: &Path) -> Self {
        self.source = Some(path.display().to_string());
        self
    }
}

fn not_received_code(reason: &NotReceivedReason) -> &'static str {
    match reason {
        NotReceivedReason::BeforeWindow { .. } => "before_window",
        NotReceivedReason::AfterWindow { .. } => "after_window",
        NotReceivedReason::StreamNotOffered => "stream_not_offered",
        NotReceivedReason::ProfileNotOffered => "profile_not_offered",
        NotReceivedReason::CapReached { .. } => "cap_reached",
    }
}

/// The receipt of a recorded submission, from its row.
pub fn from_record(
    def: &ProgramDefinition,
    id: &str,
    sequence: u32,
    kind: &str,
    decision: serde_json::Value,
    file_number: Option<String>,
    acknowledgement: Option<String>,
) -> ApiResult<Receipt> {
    let seq = (kind == "documents").then_some(sequence);
    if kind == "documents" {
        let count = decision
            .get("documents")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0);
        let number = file_number.unwrap_or_default();
        let mut r = Receipt::received_as(
            id,
            seq,
            &number,
            acknowledgement.as_deref().unwrap_or_default(),
            Text::new("intake-documents-added")
                .with("count", count)
                .with("file_number", number.as_str()),
        );
        r.code = "documents_added".to_owned();
        return Ok(r);
    }
    let outcome: Outcome = serde_json::from_value(decision).map_err(ApiError::internal)?;
    Ok(match outcome {
        Outcome::Received {
            acknowledgement: ack,
        } => {
            let number = file_number.unwrap_or_default();
            let ack_number = acknowledgement.unwrap_or_default();
            Receipt::received_as(
                id,
                seq,
                &number,
                &ack_number,
                Text::new("intake-received")
                    .with("received_at", ack.received_at)
                    .with("file_number", number.as_str())
                    .with("acknowledgement", ack_number.as_str()),
            )
        }
        Outcome::NotReceived { reason } => Receipt::new(
            Some(id),
            seq,
            ReceiptOutcome::NotReceived,
            not_received_code(&reason),
            reason.text(def),
        ),
    })
}

/// I4: one cap, as `dossier-server intake caps` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapLine {
    pub cap: CapScope,
    pub name: Bilingual,
    pub limit: u32,
    pub used: u32,
    pub remaining: u32,
    /// The receipt instant of the application that took the last place.
    pub filled_at: Option<DateTime<Utc>>,
    pub filled_by: Option<String>,
}

impl CapLine {
    /// Cap `c` of the replay, with `used` places taken by what is recorded (more than
    /// the limit when a decided file held its place).
    pub fn new(def: &ProgramDefinition, c: &CapStatus, used: u32) -> Self {
        Self {
            cap: c.cap,
            name: c.cap.label(def).both(),
            limit: c.limit,
            used,
            remaining: c.limit.saturating_sub(used),
            filled_at: c.filled_at,
            filled_by: c.filled_by.as_ref().map(|a| a.0.clone()),
        }
    }
}
