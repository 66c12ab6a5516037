//! The audit trail in words: [`describe`] says what one typed [`Change`] did, as a
//! message of the catalogue (`assets/i18n/*/audit.ftl`), for the file's history. Names of
//! persons come from the file (a map from id to name); an id the map lacks is shown as is.
//! Items are named by the program's labels, roles and letters by the catalogue's shared
//! names (`names.ftl`), the same words the family table and the letters use.

use std::collections::HashMap;

use program::decision::InterviewOutcome;
use vocab::{Arg, Text};

use crate::ids::PersonId;
use crate::ops::Change;

/// What `change` did, in the words of `def` (the version the operation names). `names`
/// gives each person's name.
pub fn describe(
    def: &program::ProgramDefinition,
    change: &Change,
    names: &HashMap<PersonId, String>,
) -> Text {
    let name = |id: &PersonId| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    // An item by its label in the checklist of the program (the code if the program no
    // longer has it), with the person it concerns.
    let item = |code: &str, person: &Option<PersonId>| -> Arg {
        let label: Arg = def.checklist_item(&code.into()).map_or_else(
            || Arg::Plain(code.to_owned()),
            |i| Arg::Bilingual(i.label.clone()),
        );
        match person {
            Some(p) => Text::new("item-label-of")
                .with("item", label)
                .with("name", name(p))
                .into(),
            None => label,
        }
    };
    // A key of a missing-items request: `code`, `code@person` or the fees.
    let key = |k: &String| -> Arg {
        if k == crate::casework::FEES_KEY {
            return Text::new("item-fees-payment").into();
        }
        match k.split_once('@') {
            Some((code, person)) => item(code, &PersonId::parse(person).ok()),
            None => item(k, &None),
        }
    };
    let t = Text::new;
    match change {
        Change::CaseReceived { file_number, .. } => {
            t("audit-case-received").with("file_number", file_number)
        }
        Change::CaseAssigned { officer } => {
            t("audit-case-assigned").with("officer", officer.to_string())
        }
        Change::DocumentAdded { file_name, .. } => {
            t("audit-document-added").with("file_name", file_name)
        }
        Change::LetterFiled {
            letter, file_name, ..
        } => t("audit-letter-filed")
            .with("kind", letter_name(*letter))
            .with("file_name", file_name),
        Change::QualityFlagDismissed { flag, reason, .. } => t("audit-flag-dismissed")
            .with("flag", flag.text())
            .with("reason", reason),
        Change::NoteAdded { body, .. } => t("audit-note").with("body", body),
        Change::AdmissibilityReviewStarted => t("audit-admissibility-review-started"),
        Change::MissingItemsRequested { items, .. } => t("audit-missing-items-requested")
            .with("items", Arg::List(items.iter().map(key).collect())),
        Change::AdmissibleRecorded => t("audit-admissible-recorded"),
        Change::AttestationRequested { persons, .. } => t("audit-attestation-requested")
            .with("names", persons.iter().map(name).collect::<Vec<_>>()),
        Change::ChecklistItemReceived {
            code, person_id, ..
        } => t("audit-item-received").with("item", item(code.as_str(), person_id)),
        Change::ChecklistItemDefective {
            code,
            person_id,
            defects,
            note,
            ..
        } => {
            let said = t("audit-item-defective")
                .with("item", item(code.as_str(), person_id))
                .with(
                    "defects",
                    Arg::List(defects.iter().map(|d| Arg::from(d.text())).collect()),
                );
            if note.trim().is_empty() {
                said
            } else {
                t("audit-item-defective-note")
                    .with("defective", said)
                    .with("note", note.trim())
            }
        }
        Change::ExplanatoryLetterReceived {
            code, person_id, ..
        } => t("audit-explanatory-letter-received").with("item", item(code.as_str(), person_id)),
        Change::ExplanatoryLetterJudged {
            code,
            person_id,
            accepted: true,
            ..
        } => t("audit-explanatory-letter-accepted").with("item", item(code.as_str(), person_id)),
        Change::ExplanatoryLetterJudged {
            code,
            person_id,
            accepted: false,
            reason,
        } => t("audit-explanatory-letter-refused")
            .with("item", item(code.as_str(), person_id))
            .with("reason", reason),
        Change::MissingItemsReceived { .. } => t("audit-missing-items-received"),
        Change::PaymentRecorded {
            amount, paid_on, ..
        } => t("audit-payment-recorded")
            .with("amount", Arg::Money(amount.cents()))
            .with("paid_on", *paid_on),
        Change::AttestationObtained { person_id, on } => t("audit-attestation-obtained")
            .with("name", name(person_id))
            .with("on", *on),
        Change::AttestationExemptionRecorded {
            person_id, reason, ..
        } => t("audit-attestation-exemption")
            .with("name", name(person_id))
            .with("reason", reason),
        Change::AiNoticeRequirementRecorded { required: true } => t("audit-ai-notice-required"),
        Change::AiNoticeRequirementRecorded { required: false } => {
            t("audit-ai-notice-not-required")
        }
        Change::AttestationCompleted => t("audit-attestation-completed"),
        Change::InterviewScheduled { at, .. } => t("audit-interview-scheduled").with("at", *at),
        Change::InterviewOutcomeRecorded { outcome, notes, .. } => match outcome {
            InterviewOutcome::Held => t("audit-interview-held").with("notes", notes),
            InterviewOutcome::Absent => t("audit-interview-absent").with("notes", notes),
        },
        Change::IntentToRefuseSent { grounds, .. } => t("audit-intent-to-refuse-sent").with(
            "grounds",
            grounds.iter().map(|g| g.name()).collect::<Vec<_>>(),
        ),
        Change::IntentToRejectSent { grounds, .. } => t("audit-intent-to-reject-sent").with(
            "grounds",
            grounds.iter().map(|g| g.name()).collect::<Vec<_>>(),
        ),
        Change::ApplicantAnswered { summary } => {
            t("audit-applicant-answered").with("summary", summary)
        }
        Change::DecisionProposed { decision, note, .. } => {
            let what = match decision {
                program::Decision::Selected => t("decision-name-selection"),
                program::Decision::Refused { .. } => t("decision-name-refusal"),
                program::Decision::Rejected { .. } => t("decision-name-rejection"),
            };
            t("audit-decision-proposed")
                .with("decision", what)
                .with("note", note)
        }
        Change::ProposalSentBack { comment, .. } => {
            t("audit-proposal-sent-back").with("comment", comment)
        }
        Change::SelectionApproved { certificates, .. } => t("audit-selection-approved").with(
            "numbers",
            certificates
                .iter()
                .map(|c| c.number.clone())
                .collect::<Vec<_>>(),
        ),
        Change::RefusalApproved { .. } => t("audit-refusal-approved"),
        Change::RejectionApproved { .. } => t("audit-rejection-approved"),
        Change::AdministrativeReviewRequested { received_on, note } => {
            t("audit-administrative-review-requested")
                .with("received_on", *received_on)
                .with("note", note)
        }
        Change::SupervisedAmendmentRecorded { description } => {
            t("audit-supervised-amendment").with("description", description)
        }
        Change::ReceiptRevoked { reason, because_of } => t("audit-receipt-revoked")
            .with("reason", reason.text(def))
            .with("because", because_of),
        Change::FamilyMemberAdded { person, .. } => t("audit-member-added")
            .with(
                "name",
                format!("{} {}", person.given_names, person.family_name),
            )
            .with("role", person.role.text()),
        Change::FamilyMemberRemoved { person_id, reason } => t("audit-member-removed")
            .with("name", name(person_id))
            .with("reason", reason),
    }
}

/// The name of a kind of letter, as the officer reads it (`names.ftl`).
pub fn letter_name(kind: letters::LetterKind) -> Text {
    kind.text()
}
