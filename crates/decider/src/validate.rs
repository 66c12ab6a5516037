//! What every change must be before any rule reads it: texts without NUL or other control
//! characters and within bounds, lists of a sane length, document hashes that are SHA-256
//! digests, quality reports with each flag once. The server's database refuses a NUL in a
//! text (as a fault, not an answer), and a laptop must never be handed what it cannot
//! store, so both refuse it here, as `operation.invalid`.

use oplog::{Change, NewPerson};
use vocab::Text;

use crate::refusal::Refusal;

/// The longest one-line text: a name, a file name, a file number, a code.
pub const MAX_LINE_CHARS: usize = 300;
/// The longest text an officer writes: a note, a summary, a comment, a reason.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// The most entries a list of a change may hold (items, persons, grounds, CSQs).
pub const MAX_LIST: usize = 200;

fn line(what: &str, s: &str) -> Result<(), Refusal> {
    if s.chars().count() > MAX_LINE_CHARS {
        return Err(Refusal::invalid(
            Text::new("refusal-line-too-long")
                .with("what", field(what))
                .with("max", MAX_LINE_CHARS),
        ));
    }
    if let Some(c) = s.chars().find(|c| c.is_control()) {
        return Err(control(what, c));
    }
    Ok(())
}

fn text(what: &str, s: &str) -> Result<(), Refusal> {
    if s.chars().count() > MAX_TEXT_CHARS {
        return Err(Refusal::invalid(
            Text::new("refusal-text-too-long")
                .with("what", field(what))
                .with("max", MAX_TEXT_CHARS),
        ));
    }
    if let Some(c) = s
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(control(what, c));
    }
    Ok(())
}

/// The field a person filled, in words (`what` is the change's field name).
fn field(what: &str) -> Text {
    Text::new(match what {
        "family_name" => "field-family-name",
        "given_names" => "field-given-names",
        "file_number" => "field-file-number",
        "persons" => "field-persons",
        "representative.name" => "field-representative-name",
        "officer" => "field-officer",
        "checklist_code" => "field-checklist-code",
        "file_name" => "field-file-name",
        "quality.flags" => "field-quality-flags",
        "reason" => "field-reason",
        "body" => "field-body",
        "items" => "field-items",
        "code" => "field-code",
        "notes" => "field-notes",
        "grounds" => "field-grounds",
        "summary" => "field-summary",
        "note" => "field-note",
        "comment" => "field-comment",
        "certificates" => "field-certificates",
        "certificates.number" => "field-certificate-number",
        "description" => "field-description",
        _ => "field-other",
    })
}

fn control(what: &str, c: char) -> Refusal {
    Refusal::invalid(
        Text::new("refusal-control-character")
            .with("what", field(what))
            .with("code", format!("U+{:04X}", u32::from(c))),
    )
}

fn list<T>(what: &str, v: &[T]) -> Result<(), Refusal> {
    if v.len() > MAX_LIST {
        return Err(Refusal::invalid(
            Text::new("refusal-list-too-long")
                .with("what", field(what))
                .with("max", MAX_LIST),
        ));
    }
    Ok(())
}

fn sha256(s: &str) -> Result<(), Refusal> {
    if !oplog::is_sha256_hex(s) {
        return Err(Refusal::invalid(
            Text::new("refusal-not-sha256").with("value", s),
        ));
    }
    Ok(())
}

fn person(p: &NewPerson) -> Result<(), Refusal> {
    line("family_name", &p.family_name)?;
    line("given_names", &p.given_names)
}

/// Checks the shape of `change` (never its meaning: that is [`crate::decide`]).
pub fn validate(change: &Change) -> Result<(), Refusal> {
    match change {
        Change::CaseReceived {
            file_number,
            persons,
            representative,
            ..
        } => {
            line("file_number", file_number)?;
            list("persons", persons)?;
            persons.iter().try_for_each(person)?;
            if let Some(r) = representative {
                line("representative.name", &r.name)?;
                for (what, v) in [
                    ("representative.organization", &r.organization),
                    ("representative.email", &r.email),
                    ("representative.licence", &r.licence),
                ] {
                    if let Some(v) = v {
                        line(what, v)?;
                    }
                }
            }
        }
        Change::CaseAssigned { officer } => line("officer", &officer.0)?,
        Change::DocumentAdded {
            checklist_code,
            file_name,
            sha256: hash,
            quality,
            ..
        } => {
            if let Some(code) = checklist_code {
                line("checklist_code", code)?;
            }
            line("file_name", file_name)?;
            sha256(hash)?;
            if let Some(q) = quality {
                q.validate().map_err(|e| {
                    Refusal::invalid(
                        Text::new("refusal-quality-report-invalid").with("detail", e.0),
                    )
                })?;
                list("quality.flags", &q.flags)?;
            }
        }
        Change::LetterFiled {
            file_name,
            sha256: hash,
            ..
        } => {
            line("file_name", file_name)?;
            sha256(hash)?;
        }
        Change::QualityFlagDismissed { reason, .. } => text("reason", reason)?,
        Change::NoteAdded { body, .. } => text("body", body)?,
        Change::MissingItemsRequested { items, .. } => {
            list("items", items)?;
            items.iter().try_for_each(|i| line("items", i))?;
        }
        Change::AttestationRequested { persons, .. } => list("persons", persons)?,
        Change::ChecklistItemReceived { code, .. }
        | Change::ExplanatoryLetterReceived { code, .. } => line("code", code.as_str())?,
        Change::ChecklistItemDefective {
            code,
            defects,
            note,
            ..
        } => {
            line("code", code.as_str())?;
            list("defects", defects)?;
            text("note", note)?;
        }
        Change::ExplanatoryLetterJudged { code, reason, .. } => {
            line("code", code.as_str())?;
            text("reason", reason)?;
        }
        Change::AttestationExemptionRecorded { reason, .. } => text("reason", reason)?,
        Change::InterviewOutcomeRecorded { notes, .. } => text("notes", notes)?,
        Change::IntentToRefuseSent { grounds, .. } => list("grounds", grounds)?,
        Change::IntentToRejectSent { grounds, .. } => list("grounds", grounds)?,
        Change::ApplicantAnswered { summary } => text("summary", summary)?,
        Change::DecisionProposed { note, .. } => text("note", note)?,
        Change::ProposalSentBack { comment, .. } => text("comment", comment)?,
        Change::SelectionApproved { certificates, .. } => {
            list("certificates", certificates)?;
            certificates
                .iter()
                .try_for_each(|c| line("certificates.number", &c.number))?;
        }
        Change::AdministrativeReviewRequested { note, .. } => text("note", note)?,
        Change::SupervisedAmendmentRecorded { description } => text("description", description)?,
        Change::FamilyMemberAdded { person: p, .. } => person(p)?,
        Change::FamilyMemberRemoved { reason, .. } => text("reason", reason)?,
        Change::ReceiptRevoked { because_of, .. } => line("because_of", because_of)?,
        Change::AiNoticeRequirementRecorded { .. }
        | Change::AdmissibilityReviewStarted
        | Change::AdmissibleRecorded
        | Change::MissingItemsReceived { .. }
        | Change::PaymentRecorded { .. }
        | Change::AttestationObtained { .. }
        | Change::AttestationCompleted
        | Change::InterviewScheduled { .. }
        | Change::RefusalApproved { .. }
        | Change::RejectionApproved { .. } => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oplog::NoteId;

    fn note(body: &str) -> Change {
        Change::NoteAdded {
            note_id: NoteId::new(),
            body: body.into(),
        }
    }

    #[test]
    fn a_nul_or_control_character_is_invalid_and_says_where() {
        let refusal = validate(&note("avant\u{0}après")).unwrap_err();
        assert_eq!(refusal.code(), "operation.invalid");
        assert!(refusal.reason().both().en.contains("U+0000"), "{refusal}");
        assert!(refusal.reason().both().fr.contains("U+0000"));
        // The field is named in words, never by the change's field name.
        assert!(
            refusal.reason().both().fr.contains("«\u{a0}note\u{a0}»"),
            "{refusal}"
        );
        assert!(refusal.reason().both().en.contains("“note”"), "{refusal}");
        assert!(validate(&note("bell\u{7}")).is_err());
        // Lines, carriage returns and tabs are what officers type.
        assert!(validate(&note("ligne 1\r\nligne 2\tfin")).is_ok());
    }

    #[test]
    fn texts_and_lists_have_bounds() {
        assert!(validate(&note(&"é".repeat(MAX_TEXT_CHARS))).is_ok());
        assert!(validate(&note(&"é".repeat(MAX_TEXT_CHARS + 1))).is_err());
        let items = Change::MissingItemsRequested {
            request_id: oplog::RequestId::new(),
            items: vec!["passport".into(); MAX_LIST + 1],
            sent_at: chrono::Utc::now(),
        };
        assert_eq!(validate(&items).unwrap_err().code(), "operation.invalid");
        let assigned = Change::CaseAssigned {
            officer: oplog::UserId("a\nb".into()),
        };
        assert!(
            validate(&assigned).is_err(),
            "no line break in a one-line text"
        );
    }
}
