//! The audit trail in words: [`describe`] says what one typed [`Change`] did, in French or
//! English, for the file's history. Names of persons come from the file (a map from id to
//! name); an id the map lacks is shown as is.

use std::collections::HashMap;

use program::Language;
use program::decision::InterviewOutcome;

use crate::ids::PersonId;
use crate::ops::Change;

fn pick(language: Language, fr: String, en: String) -> String {
    match language {
        Language::Fr => fr,
        Language::En => en,
    }
}

/// What `change` did, in `language`. `names` gives each person's name.
pub fn describe(change: &Change, language: Language, names: &HashMap<PersonId, String>) -> String {
    let name = |id: &PersonId| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    let l = language;
    // An item by its label in the checklist of the program (the code if the program no
    // longer has it), with the person it concerns.
    let item = |code: &str, person: &Option<PersonId>| {
        let label = program::ProgramDefinition::builtin()
            .checklist_item(&code.into())
            .map_or_else(|| code.to_owned(), |i| i.label.get(l).to_owned());
        match person {
            Some(p) => format!("{label} — {}", name(p)),
            None => label,
        }
    };
    // A key of a missing-items request: `code`, `code@person` or the fees.
    let key = |k: &String| {
        if k == crate::casework::FEES_KEY {
            return pick(l, "paiement des frais".into(), "payment of the fees".into());
        }
        match k.split_once('@') {
            Some((code, person)) => item(code, &PersonId::parse(person).ok()),
            None => item(k, &None),
        }
    };
    match change {
        Change::CaseReceived { file_number, .. } => pick(
            l,
            format!("Demande reçue ({file_number})"),
            format!("Application received ({file_number})"),
        ),
        Change::CaseAssigned { officer } => pick(
            l,
            format!("Dossier attribué à {officer}"),
            format!("File assigned to {officer}"),
        ),
        Change::DocumentAdded { file_name, .. } => pick(
            l,
            format!("Document ajouté : {file_name}"),
            format!("Document added: {file_name}"),
        ),
        Change::LetterFiled {
            letter, file_name, ..
        } => pick(
            l,
            format!(
                "Lettre versée au dossier ({}) : {file_name}",
                letter_name(*letter, Language::Fr)
            ),
            format!(
                "Letter filed ({}): {file_name}",
                letter_name(*letter, Language::En)
            ),
        ),
        Change::QualityFlagDismissed { flag, reason, .. } => pick(
            l,
            format!(
                "Signalement « {} » écarté : {reason}",
                flag.label(Language::Fr)
            ),
            format!("Flag \"{}\" dismissed: {reason}", flag.label(Language::En)),
        ),
        Change::NoteAdded { body, .. } => {
            pick(l, format!("Note : {body}"), format!("Note: {body}"))
        }
        Change::AdmissibilityReviewStarted => pick(
            l,
            "Examen de la recevabilité commencé".into(),
            "Admissibility review started".into(),
        ),
        Change::MissingItemsRequested { items, .. } => pick(
            l,
            format!(
                "Demande d'éléments manquants envoyée : {}",
                items.iter().map(key).collect::<Vec<_>>().join(" ; ")
            ),
            format!(
                "Missing-items request sent: {}",
                items.iter().map(key).collect::<Vec<_>>().join("; ")
            ),
        ),
        Change::AdmissibleRecorded => pick(
            l,
            "Dossier déclaré recevable".into(),
            "File recorded as admissible".into(),
        ),
        Change::AttestationRequested { persons, .. } => {
            let who: Vec<String> = persons.iter().map(name).collect();
            pick(
                l,
                format!("Attestation demandée à : {}", who.join(", ")),
                format!("Attestation requested from: {}", who.join(", ")),
            )
        }
        Change::ChecklistItemReceived {
            code, person_id, ..
        } => pick(
            l,
            format!("Élément reçu : {}", item(code.as_str(), person_id)),
            format!("Item received: {}", item(code.as_str(), person_id)),
        ),
        Change::ExplanatoryLetterReceived {
            code, person_id, ..
        } => pick(
            l,
            format!(
                "Lettre explicative reçue : {}",
                item(code.as_str(), person_id)
            ),
            format!(
                "Explanatory letter received: {}",
                item(code.as_str(), person_id)
            ),
        ),
        Change::ExplanatoryLetterJudged {
            code,
            person_id,
            accepted,
            reason,
        } => {
            let it = item(code.as_str(), person_id);
            match accepted {
                true => pick(
                    l,
                    format!("Lettre explicative acceptée : {it}"),
                    format!("Explanatory letter accepted: {it}"),
                ),
                false => pick(
                    l,
                    format!("Lettre explicative refusée : {it} — {reason}"),
                    format!("Explanatory letter refused: {it} — {reason}"),
                ),
            }
        }
        Change::MissingItemsReceived { .. } => pick(
            l,
            "Tous les éléments manquants ont été reçus".into(),
            "All missing items received".into(),
        ),
        Change::PaymentRecorded {
            amount, paid_on, ..
        } => pick(
            l,
            format!("Paiement de {} reçu le {paid_on}", amount.format(l)),
            format!("Payment of {} received on {paid_on}", amount.format(l)),
        ),
        Change::AttestationObtained { person_id, on } => pick(
            l,
            format!("Attestation obtenue par {} le {on}", name(person_id)),
            format!("Attestation obtained by {} on {on}", name(person_id)),
        ),
        Change::AttestationExemptionRecorded {
            person_id, reason, ..
        } => pick(
            l,
            format!("{} exempté(e) de l'attestation : {reason}", name(person_id)),
            format!("{} exempt from the attestation: {reason}", name(person_id)),
        ),
        Change::AiNoticeRequirementRecorded { required: true } => pick(
            l,
            "Avis de TECHNOCompétences exigé de l'employeur (P4)".into(),
            "TECHNOCompétences notice required of the employer (P4)".into(),
        ),
        Change::AiNoticeRequirementRecorded { required: false } => pick(
            l,
            "Avis de TECHNOCompétences non exigé (P4)".into(),
            "TECHNOCompétences notice not required (P4)".into(),
        ),
        Change::AttestationCompleted => pick(
            l,
            "Attestation obtenue par toutes les personnes visées".into(),
            "Attestation obtained by everyone required".into(),
        ),
        Change::InterviewScheduled { at, .. } => pick(
            l,
            format!(
                "Entrevue fixée au {}",
                program::deadline::quebec_rfc3339(*at)
            ),
            format!(
                "Interview scheduled for {}",
                program::deadline::quebec_rfc3339(*at)
            ),
        ),
        Change::InterviewOutcomeRecorded { outcome, notes, .. } => match outcome {
            InterviewOutcome::Held => pick(
                l,
                format!("Entrevue tenue : {notes}"),
                format!("Interview held: {notes}"),
            ),
            InterviewOutcome::Absent => pick(
                l,
                format!("Absence à l'entrevue : {notes}"),
                format!("Absent from the interview: {notes}"),
            ),
        },
        Change::IntentToRefuseSent { grounds, .. } => {
            let g: Vec<&str> = grounds.iter().map(|g| g.label(l)).collect();
            pick(
                l,
                format!("Lettre d'intention de refus envoyée. {}", g.join(" ")),
                format!("Letter of intent to refuse sent. {}", g.join(" ")),
            )
        }
        Change::IntentToRejectSent { grounds, .. } => {
            let g: Vec<&str> = grounds.iter().map(|g| g.label(l)).collect();
            pick(
                l,
                format!("Lettre d'intention de rejet envoyée. {}", g.join(" ")),
                format!("Letter of intent to reject sent. {}", g.join(" ")),
            )
        }
        Change::ApplicantAnswered { summary } => pick(
            l,
            format!("Réponse du demandeur : {summary}"),
            format!("Applicant's answer: {summary}"),
        ),
        Change::DecisionProposed { decision, note, .. } => {
            let what = match (decision, l) {
                (program::Decision::Selected, Language::Fr) => "sélection",
                (program::Decision::Selected, Language::En) => "selection",
                (program::Decision::Refused { .. }, Language::Fr) => "refus",
                (program::Decision::Refused { .. }, Language::En) => "refusal",
                (program::Decision::Rejected { .. }, Language::Fr) => "rejet",
                (program::Decision::Rejected { .. }, Language::En) => "rejection",
            };
            pick(
                l,
                format!("Décision proposée : {what}. {note}"),
                format!("Decision proposed: {what}. {note}"),
            )
        }
        Change::ProposalSentBack { comment, .. } => pick(
            l,
            format!("Proposition renvoyée à l'agent : {comment}"),
            format!("Proposal sent back to the officer: {comment}"),
        ),
        Change::SelectionApproved { certificates, .. } => {
            let n: Vec<&str> = certificates.iter().map(|c| c.number.as_str()).collect();
            pick(
                l,
                format!("Sélection approuvée; CSQ délivrés : {}", n.join(", ")),
                format!("Selection approved; CSQs issued: {}", n.join(", ")),
            )
        }
        Change::RefusalApproved { .. } => pick(
            l,
            "Refus approuvé (décision finale)".into(),
            "Refusal approved (final decision)".into(),
        ),
        Change::RejectionApproved { .. } => pick(
            l,
            "Rejet approuvé (décision finale)".into(),
            "Rejection approved (final decision)".into(),
        ),
        Change::AdministrativeReviewRequested { received_on, note } => pick(
            l,
            format!("Demande de révision administrative reçue le {received_on}. {note}"),
            format!("Administrative review requested on {received_on}. {note}"),
        ),
        Change::SupervisedAmendmentRecorded { description } => pick(
            l,
            format!("Modification supervisée : {description}"),
            format!("Supervised amendment: {description}"),
        ),
        Change::FamilyMemberAdded { person, .. } => pick(
            l,
            format!(
                "Membre ajouté : {} {} ({})",
                person.given_names,
                person.family_name,
                letters::format::role(person.role, Language::Fr)
            ),
            format!(
                "Member added: {} {} ({})",
                person.given_names,
                person.family_name,
                letters::format::role(person.role, Language::En)
            ),
        ),
        Change::FamilyMemberRemoved { person_id, reason } => pick(
            l,
            format!("Membre retiré : {} — {reason}", name(person_id)),
            format!("Member removed: {} — {reason}", name(person_id)),
        ),
    }
}

/// The name of a kind of letter, as the officer reads it.
pub fn letter_name(kind: letters::LetterKind, language: Language) -> &'static str {
    use letters::LetterKind as K;
    match (kind, language) {
        (K::MissingItemsRequest, Language::Fr) => "demande d'éléments manquants",
        (K::MissingItemsRequest, Language::En) => "missing-items request",
        (K::AttestationRequest, Language::Fr) => "demande d'attestation",
        (K::AttestationRequest, Language::En) => "attestation request",
        (K::IntentToRefuse, Language::Fr) => "lettre d'intention de refus",
        (K::IntentToRefuse, Language::En) => "letter of intent to refuse",
        (K::IntentToReject, Language::Fr) => "lettre d'intention de rejet",
        (K::IntentToReject, Language::En) => "letter of intent to reject",
        (K::SelectionDecision, Language::Fr) => "décision de sélection",
        (K::SelectionDecision, Language::En) => "selection decision",
        (K::Refusal, Language::Fr) => "décision de refus",
        (K::Refusal, Language::En) => "refusal decision",
        (K::Rejection, Language::Fr) => "décision de rejet",
        (K::Rejection, Language::En) => "rejection decision",
    }
}
