//! The letters intake writes (I5): the acknowledgement of receipt of a received
//! application, filed on its file, and the notice of an application not received, kept
//! with its submission. Both in the applicant's language, from the shipped templates.

use chrono::{DateTime, Utc};
use letters::{Addressee, LetterContent, LetterData};
use portal::Submission;
use program::PersonRole;
use program::intake::NotReceivedReason;

use crate::error::{ApiError, ApiResult};

fn addressees(s: &Submission) -> (Addressee, Option<Addressee>) {
    let applicant = s
        .persons
        .iter()
        .find(|p| p.role == PersonRole::PrincipalApplicant)
        .map(|p| format!("{} {}", p.given_names, p.family_name))
        .unwrap_or_default();
    let representative = s.representative.as_ref().map(|r| {
        Addressee::new(
            r.name.clone(),
            r.organization.clone().into_iter().collect::<Vec<_>>(),
        )
    });
    (
        Addressee::new(applicant, Vec::<String>::new()),
        representative,
    )
}

fn render(
    s: &Submission,
    reference: &str,
    now: DateTime<Utc>,
    content: LetterContent,
) -> ApiResult<Vec<u8>> {
    let (applicant, representative) = addressees(s);
    let data = LetterData {
        language: s.language.unwrap_or(program::Language::Fr),
        file_number: reference.to_owned(),
        date: program::montreal_date(now),
        applicant,
        representative,
        signatory: None,
        content,
    };
    letters::render_pdf(&data).map_err(ApiError::internal)
}

/// The acknowledgement of receipt of `s`, received as file `file_number`.
pub fn acknowledgement(
    s: &Submission,
    file_number: &str,
    acknowledgement: &str,
    now: DateTime<Utc>,
) -> ApiResult<Vec<u8>> {
    render(
        s,
        file_number,
        now,
        LetterContent::Acknowledgement {
            acknowledgement: acknowledgement.to_owned(),
            received_at: s.received_at.with_timezone(&Utc),
        },
    )
}

/// The notice that `s` was not received, and why; it names the submission, having no
/// file.
pub fn not_received(
    def: &program::ProgramDefinition,
    s: &Submission,
    reason: &NotReceivedReason,
    now: DateTime<Utc>,
) -> ApiResult<Vec<u8>> {
    let cap_name = match reason {
        NotReceivedReason::CapReached { cap, .. } => Some(cap.label(def).both()),
        _ => None,
    };
    render(
        s,
        &s.submission_id,
        now,
        LetterContent::NotReceivedNotice {
            received_at: s.received_at.with_timezone(&Utc),
            reason: reason.clone(),
            cap_name,
        },
    )
}
