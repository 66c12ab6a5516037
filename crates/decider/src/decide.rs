//! Whether one operation may be recorded on a file: [`decide`], the one place where a
//! casework rule is checked. The laptop's store calls it before writing, the server for
//! every pushed operation, and both against the same [`FileState`] folded from the same
//! log; the instant is the operation's own ([`crate::instant`]), never the checker's
//! clock, so every replica takes the same decision about the same operation.

use chrono::{DateTime, NaiveDate, Utc};
use oplog::{Change, DocumentId, Operation, PersonId};
use program::admissibility::{MissingItemsRequest, check_document_addition};
use program::attestation::Duty;
use program::decision::{IntentToRefuse, IntentToReject};
use program::family::{FamilyChange, FamilyChangeError, check_family_change};
use program::{
    Bilingual, CaseStatus, Decision, Language, PersonKey, PersonRole, ProgramDefinition, RuleError,
    check_transition, montreal_date,
};

use oplog::quality::MAX_REASON_CHARS;

use crate::instant;
use crate::refusal::Refusal;
use crate::roles::{check_reviewer, check_role};
use crate::state::{FileState, ItemRecord, RequestKind, item_key};
use crate::validate::validate;

/// Whether `op` may be recorded on the file `state` (`None`: not received yet).
pub fn decide(state: Option<&FileState>, op: &Operation) -> Result<(), Refusal> {
    validate(&op.change)?;
    check_role(&op.author, &op.change)?;
    if let Change::CaseReceived {
        file_number,
        persons,
        ..
    } = &op.change
    {
        if state.is_some() {
            return Err(Refusal::CaseExists(op.case_id));
        }
        return check_receipt(file_number, persons);
    }
    let state = state.ok_or(Refusal::CaseNotFound(op.case_id))?;
    let now = instant(op);
    match oplog::events::lifecycle_event(&op.change) {
        Some(event) => check_lifecycle(state, op, event, now),
        None => check_plain(state, op, now),
    }
}

fn require_text(text: &str, what: (&str, &str)) -> Result<(), Refusal> {
    if text.trim().is_empty() {
        return Err(Refusal::refused(
            format!("{} est vide : rédigez-le avant d’enregistrer", what.0),
            format!("{} is empty: write it before saving", what.1),
        ));
    }
    Ok(())
}

fn not_on_file(id: impl std::fmt::Display) -> Refusal {
    Refusal::refused(
        format!("cette personne ({id}) ne figure pas au dossier : rechargez le dossier"),
        format!("this person ({id}) is not on the file: reload the file"),
    )
}

fn check_receipt(file_number: &str, persons: &[oplog::NewPerson]) -> Result<(), Refusal> {
    let principals = persons
        .iter()
        .filter(|p| p.role == PersonRole::PrincipalApplicant)
        .count();
    if principals != 1 {
        return Err(Refusal::invalid(
            format!("un dossier a exactement un requérant principal ; celui-ci en a {principals}"),
            format!("a file has exactly one principal applicant; this one has {principals}"),
        ));
    }
    if persons
        .iter()
        .filter(|p| p.role == PersonRole::Spouse)
        .count()
        > 1
    {
        return Err(Refusal::invalid(
            "un dossier a au plus un conjoint ou conjoint de fait",
            "a file has at most one spouse or de facto spouse",
        ));
    }
    let mut ids: Vec<PersonId> = persons.iter().map(|p| p.id).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() != persons.len() {
        return Err(Refusal::invalid(
            "deux personnes du dossier ont le même identifiant",
            "two persons of the file have the same id",
        ));
    }
    if file_number.trim().is_empty() {
        return Err(Refusal::invalid(
            "le numéro de dossier est vide",
            "the file number is empty",
        ));
    }
    Ok(())
}

/// A lifecycle change: its own conditions (the items it names are gaps, the persons it
/// names must obtain the attestation, who may approve...), then `check_transition`.
fn check_lifecycle(
    state: &FileState,
    op: &Operation,
    event: program::CaseEvent,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let today = montreal_date(now);
    let def = ProgramDefinition::builtin();
    let mut facts = state.facts(now);
    match &op.change {
        Change::MissingItemsRequested { items, sent_at, .. } => {
            if items.is_empty() {
                return Err(Refusal::refused(
                    "une demande de documents manquants nomme au moins un élément",
                    "a missing-items request names at least one item",
                ));
            }
            let admissibility = state.admissibility(today);
            if admissibility.is_complete() {
                // Let the rules say it, with their reason.
                facts.admissible = true;
            } else {
                MissingItemsRequest::new(def, &admissibility, *sent_at)
                    .map_err(|e| Refusal::Refused(e.reason()))?;
                let gaps = state.gap_keys(today);
                if let Some(extra) = items.iter().find(|i| !gaps.contains(i)) {
                    return Err(Refusal::refused(
                        format!(
                            "{extra} ne manque pas au dossier : ne demandez que les éléments manquants de la liste"
                        ),
                        format!(
                            "{extra} is not missing from the file; request only the checklist's gaps"
                        ),
                    ));
                }
            }
        }
        Change::MissingItemsReceived { request_id } => {
            let request = state
                .open_request(RequestKind::MissingItems)
                .ok_or_else(|| {
                    Refusal::refused(
                        "aucune demande de documents manquants n’est en cours dans ce dossier",
                        "no missing-items request is out on this file",
                    )
                })?;
            if request.id != *request_id {
                return Err(Refusal::refused(
                    "ce n’est pas la demande de documents manquants en cours : rechargez le dossier",
                    "this is not the missing-items request out on this file; reload the file",
                ));
            }
            let still = still_missing(state, today);
            if !still.is_empty() {
                return Err(Refusal::Rule(RuleError::Unmet {
                    event,
                    reason: Bilingual::new(
                        format!(
                            "ces éléments demandés manquent encore (A2) : {}; consignez-les d’abord comme reçus",
                            still.join(", ")
                        ),
                        format!(
                            "these requested items are still missing (A2): {}; record them as received first",
                            still.join(", ")
                        ),
                    ),
                }));
            }
        }
        Change::AttestationRequested {
            persons, sent_at, ..
        } => {
            if persons.is_empty() {
                return Err(Refusal::refused(
                    "une demande d’attestation nomme au moins une personne",
                    "an attestation request names at least one person",
                ));
            }
            let on = montreal_date(*sent_at);
            for id in persons {
                let p = state.present(*id).ok_or_else(|| not_on_file(id))?;
                if state.exemption_recorded(p.id)
                    || matches!(state.duty(p, on), Duty::Exempt { .. })
                {
                    return Err(Refusal::refused(
                        format!(
                            "{} n’a pas à obtenir l’attestation (V2, V3, V5) : retirez cette personne de la demande",
                            p.name()
                        ),
                        format!(
                            "{} does not have to obtain the attestation (V2, V3, V5); leave them out",
                            p.name()
                        ),
                    ));
                }
            }
            for p in state.attestation_outstanding(on) {
                if !persons.contains(&p.id) {
                    return Err(Refusal::refused(
                        format!(
                            "{} doit obtenir l’attestation (V2) : incluez cette personne dans la demande",
                            p.name()
                        ),
                        format!(
                            "{} must obtain the attestation (V2): include them in the request",
                            p.name()
                        ),
                    ));
                }
            }
        }
        Change::InterviewOutcomeRecorded { interview_id, .. } => {
            let last = state
                .interviews
                .last()
                .filter(|i| i.outcome.is_none())
                .ok_or_else(|| {
                    Refusal::refused(
                        "aucune entrevue n’attend son résultat",
                        "no interview waits for its outcome",
                    )
                })?;
            if last.id != *interview_id {
                return Err(Refusal::refused(
                    "ce n’est pas l’entrevue prévue au dossier : rechargez le dossier",
                    "this is not the interview scheduled on the file; reload the file",
                ));
            }
        }
        Change::IntentToRefuseSent {
            grounds, sent_at, ..
        } => {
            IntentToRefuse::new(def, grounds.clone(), *sent_at)
                .map_err(|e| Refusal::Refused(e.reason()))?;
        }
        Change::IntentToRejectSent {
            grounds, sent_at, ..
        } => {
            IntentToReject::new(def, grounds.clone(), *sent_at)
                .map_err(|e| Refusal::Refused(e.reason()))?;
        }
        Change::ApplicantAnswered { summary } => {
            require_text(summary, ("le résumé de la réponse", "the answer's summary"))?
        }
        Change::DecisionProposed { decision, .. } => {
            match decision {
                Decision::Selected => {}
                Decision::Refused { grounds } => {
                    Decision::refused(grounds.clone()).map_err(|e| Refusal::Refused(e.reason()))?;
                }
                Decision::Rejected { grounds } => {
                    Decision::rejected(grounds.clone())
                        .map_err(|e| Refusal::Refused(e.reason()))?;
                }
            }
            facts.proposal = Some(decision.clone());
        }
        Change::ProposalSentBack {
            decision_id,
            comment,
        } => {
            check_reviewer(state, &op.author, Some(*decision_id))?;
            require_text(
                comment,
                ("le commentaire à l’agent", "the comment to the officer"),
            )?;
        }
        Change::SelectionApproved {
            decision_id,
            certificates,
        } => {
            check_reviewer(state, &op.author, Some(*decision_id))?;
            let mut expected: Vec<PersonId> =
                state.certificates().iter().map(|c| c.person_id).collect();
            let mut given: Vec<PersonId> = certificates.iter().map(|c| c.person_id).collect();
            expected.sort();
            given.sort();
            if expected != given {
                return Err(Refusal::refused(
                    "un CSQ est délivré au requérant principal et à chaque membre qui l’accompagne, une fois chacun (D1)",
                    "a CSQ is issued to the principal applicant and to each accompanying member, once each (D1)",
                ));
            }
            let mut numbers: Vec<&str> = certificates.iter().map(|c| c.number.trim()).collect();
            numbers.sort_unstable();
            numbers.dedup();
            if numbers.len() != certificates.len() || numbers.iter().any(|n| n.is_empty()) {
                return Err(Refusal::refused(
                    "chaque CSQ a son propre numéro",
                    "each CSQ needs its own number",
                ));
            }
        }
        Change::RefusalApproved { decision_id } | Change::RejectionApproved { decision_id } => {
            // The lifecycle first: a letter of intent whose deadline is still open says
            // so (D2, D3), whoever asks.
            check_transition(state.status, event, &facts, now)?;
            check_reviewer(state, &op.author, Some(*decision_id))?;
        }
        Change::SupervisedAmendmentRecorded { description } => {
            require_text(
                description,
                (
                    "la description de la modification",
                    "the amendment's description",
                ),
            )?;
        }
        _ => {}
    }
    check_transition(state.status, event, &facts, now)?;
    Ok(())
}

/// The items of the open missing-items request that the file still lacks on `today`.
pub fn still_missing(state: &FileState, today: NaiveDate) -> Vec<String> {
    let gaps = state.gap_keys(today);
    state
        .open_request(RequestKind::MissingItems)
        .map(|r| r.items.clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|i| gaps.contains(i))
        .collect()
}

/// M5 and final decisions: whether the file's contents may still change in the
/// ordinary way.
pub fn check_editable(status: CaseStatus) -> Result<(), Refusal> {
    match status {
        CaseStatus::Selected => Err(Refusal::not_permitted(
            "un CSQ a été délivré : les changements passent par une modification supervisée (M5)",
            "a CSQ was issued: changes go through a supervised amendment (M5)",
        )),
        CaseStatus::Refused | CaseStatus::Rejected | CaseStatus::AdministrativeReview => {
            Err(Refusal::not_permitted(
                "la décision est définitive : le contenu du dossier ne peut plus changer",
                "the decision is final: the file's contents can no longer change",
            ))
        }
        _ => Ok(()),
    }
}

/// M1–M5: a family change the file's state forbids (after the CSQ, a final decision) is
/// not permitted; any other is refused as asked.
fn family_refusal(e: FamilyChangeError) -> Refusal {
    match e {
        FamilyChangeError::AfterCsq | FamilyChangeError::FileClosed(_) => {
            Refusal::NotPermitted(e.reason())
        }
        _ => Refusal::Refused(e.reason()),
    }
}

/// The checklist item `code` (of `person`) the file owes on `today`, or why it owes none.
fn required_item(
    state: &FileState,
    code: &str,
    person: Option<PersonId>,
    today: NaiveDate,
) -> Result<program::RequiredItem, Refusal> {
    let key = person.map(|p| PersonKey(p.to_string()));
    state
        .required(today)
        .into_iter()
        .find(|i| i.code.as_str() == code && i.person == key)
        .ok_or_else(|| {
            Refusal::refused(
                format!(
                    "{} ne figure pas dans la liste de vérification du dossier : choisissez un élément de la liste",
                    item_key(code, person)
                ),
                format!(
                    "{} is not on this file's checklist; choose an item of the checklist",
                    item_key(code, person)
                ),
            )
        })
}

fn require_document(state: &FileState, document: DocumentId) -> Result<(), Refusal> {
    if state.document(document).is_none() {
        return Err(Refusal::refused(
            format!(
                "le document {document} n’est pas dans ce dossier : ajoutez-le d’abord au dossier"
            ),
            format!("document {document} is not on this file; add it to the file first"),
        ));
    }
    Ok(())
}

/// A change that does not move the file's status.
fn check_plain(state: &FileState, op: &Operation, now: DateTime<Utc>) -> Result<(), Refusal> {
    let today = montreal_date(now);
    let def = ProgramDefinition::builtin();
    match &op.change {
        Change::CaseReceived { .. } | Change::CaseAssigned { .. } => {}
        Change::DocumentAdded {
            document_id,
            person_id,
            ..
        } => {
            check_document_addition(state.status).map_err(|e| Refusal::NotPermitted(e.reason()))?;
            if state.document(*document_id).is_some() {
                return Err(Refusal::invalid(
                    format!("le document {document_id} est déjà au dossier"),
                    format!("document {document_id} is already on the file"),
                ));
            }
            if let Some(person) = person_id
                && state.person(*person).is_none()
            {
                return Err(not_on_file(person));
            }
        }
        Change::LetterFiled {
            document_id,
            regarding,
            ..
        } => {
            // A letter may follow any step, the CSQ included, so the lock that keeps
            // applicants' documents out of a decided file does not apply to it.
            if state.document(*document_id).is_some() {
                return Err(Refusal::invalid(
                    format!("le document {document_id} est déjà au dossier"),
                    format!("document {document_id} is already on the file"),
                ));
            }
            let known = match regarding {
                oplog::LetterRegarding::Request(id) => state.request(*id).is_some(),
                oplog::LetterRegarding::Decision(id) => state.decisions.iter().any(|d| d.id == *id),
            };
            if !known {
                return Err(Refusal::invalid(
                    format!(
                        "la lettre porte sur {}, qui n’est pas dans ce dossier",
                        regarding.id()
                    ),
                    format!(
                        "the letter is about {}, which is not on this file",
                        regarding.id()
                    ),
                ));
            }
            if state.letter_about(&regarding.id()).is_some() {
                return Err(Refusal::refused(
                    "la lettre de cette étape est déjà au dossier",
                    "the letter of this step is already on the file",
                ));
            }
        }
        Change::QualityFlagDismissed {
            document_id,
            flag,
            reason,
        } => check_dismissal(state, *document_id, *flag, reason)?,
        Change::NoteAdded { body, .. } if body.trim().is_empty() => {
            return Err(Refusal::refused(
                "une note ne peut pas être vide : rédigez-la avant d’enregistrer",
                "a note cannot be empty: write it before saving",
            ));
        }
        Change::ChecklistItemReceived {
            code,
            person_id,
            document_id,
        } => {
            check_editable(state.status)?;
            required_item(state, code.as_str(), *person_id, today)?;
            require_document(state, *document_id)?;
        }
        Change::ExplanatoryLetterReceived {
            code,
            person_id,
            document_id,
        } => {
            check_editable(state.status)?;
            let item = required_item(state, code.as_str(), *person_id, today)?;
            if item.is_form() {
                return Err(Refusal::refused(
                    "aucune lettre explicative ne remplace une partie du formulaire (F1, F3) : demandez le formulaire",
                    "no explanatory letter can replace a part of the form (F1, F3); ask for the form",
                ));
            }
            require_document(state, *document_id)?;
        }
        Change::ExplanatoryLetterJudged {
            code,
            person_id,
            accepted,
            reason,
        } => {
            check_editable(state.status)?;
            state
                .checklist_row(code.as_str(), *person_id)
                .filter(|r| r.state == ItemRecord::LetterPending)
                .ok_or_else(|| {
                    Refusal::refused(
                        format!(
                            "aucune lettre explicative n’attend votre décision pour {}",
                            item_key(code.as_str(), *person_id)
                        ),
                        format!(
                            "no explanatory letter waits for your judgement on {}",
                            item_key(code.as_str(), *person_id)
                        ),
                    )
                })?;
            if !accepted {
                require_text(
                    reason,
                    (
                        "la raison du refus de la lettre",
                        "the reason for refusing the letter",
                    ),
                )?;
            }
        }
        Change::PaymentRecorded {
            amount, paid_on, ..
        } => {
            check_editable(state.status)?;
            if amount.cents() <= 0 {
                return Err(Refusal::refused(
                    "un paiement est un montant positif en dollars canadiens ($2)",
                    "a payment is a positive amount in CAD ($2)",
                ));
            }
            if *paid_on > today {
                return Err(Refusal::refused(
                    format!(
                        "le paiement est daté du {paid_on}, après aujourd’hui : vérifiez la date"
                    ),
                    format!("the payment is dated {paid_on}, after today; check the date"),
                ));
            }
        }
        Change::AttestationObtained { person_id, on } => {
            check_editable(state.status)?;
            let p = state
                .present(*person_id)
                .ok_or_else(|| not_on_file(person_id))?;
            if *on > today {
                return Err(Refusal::refused(
                    format!(
                        "{} ne peut pas avoir obtenu l’attestation le {on}, après aujourd’hui : vérifiez la date",
                        p.name()
                    ),
                    format!(
                        "{} cannot have obtained the attestation on {on}, after today; check the date",
                        p.name()
                    ),
                ));
            }
        }
        Change::AttestationExemptionRecorded {
            person_id, reason, ..
        } => {
            check_editable(state.status)?;
            require_text(
                reason,
                ("la raison de l’exemption", "the reason for the exemption"),
            )?;
            state
                .present(*person_id)
                .ok_or_else(|| not_on_file(person_id))?;
        }
        Change::FamilyMemberAdded {
            person,
            both_parents_accompany,
            added_on,
        } => {
            state
                .member_addition(person, *both_parents_accompany, *added_on)
                .map_err(family_refusal)?;
            require_text(
                &person.family_name,
                ("le nom de famille", "the family name"),
            )?;
            if state.person(person.id).is_some() {
                return Err(Refusal::invalid(
                    format!("la personne {} est déjà au dossier", person.id),
                    format!("person {} is already on the file", person.id),
                ));
            }
        }
        Change::AiNoticeRequirementRecorded { required } => {
            check_editable(state.status)?;
            if state.stream != program::Stream::Ai {
                return Err(Refusal::refused(
                    "l’avis de TECHNOCompétences ne concerne que le volet intelligence artificielle (P4)",
                    "the TECHNOCompétences notice concerns the artificial intelligence stream only (P4)",
                ));
            }
            if state.ai_notice_required == *required {
                return Err(Refusal::refused(
                    if *required {
                        "l’avis de TECHNOCompétences est déjà exigé pour ce dossier"
                    } else {
                        "l’avis de TECHNOCompétences n’est déjà pas exigé pour ce dossier"
                    },
                    if *required {
                        "the TECHNOCompétences notice is already required for this file"
                    } else {
                        "the TECHNOCompétences notice is already not required for this file"
                    },
                ));
            }
        }
        Change::FamilyMemberRemoved { person_id, reason } => {
            require_text(
                reason,
                ("la raison du retrait", "the reason for removing the member"),
            )?;
            check_family_change(
                def,
                state.stream,
                state.status,
                &state.members(),
                &FamilyChange::Remove {
                    key: PersonKey(person_id.to_string()),
                },
                today,
            )
            .map_err(family_refusal)?;
        }
        // Lifecycle changes are checked by `check_lifecycle`.
        _ => {}
    }
    Ok(())
}

/// A dismissal of `flag` on a document of this file: the document must carry a report
/// holding that flag, not yet dismissed, and the reason must say something.
fn check_dismissal(
    state: &FileState,
    document_id: DocumentId,
    flag: oplog::QualityFlagKind,
    reason: &str,
) -> Result<(), Refusal> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Refusal::refused(
            "dites pourquoi l’alerte est écartée : la raison est vide",
            "say why the flag is dismissed: the reason is empty",
        ));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(Refusal::refused(
            format!(
                "la raison dépasse {MAX_REASON_CHARS} caractères : raccourcissez-la ou ajoutez une note au dossier"
            ),
            format!(
                "the reason is longer than {MAX_REASON_CHARS} characters; shorten it or add a note to the file"
            ),
        ));
    }
    let document = state.document(document_id).ok_or_else(|| {
        Refusal::refused(
            format!("le document {document_id} n’est pas dans ce dossier"),
            format!("document {document_id} is not on this file"),
        )
    })?;
    if !document.checked {
        return Err(Refusal::refused(
            format!(
                "le document {document_id} n’a pas été vérifié : il n’a pas d’alerte « {} » à écarter",
                flag.label(Language::Fr)
            ),
            format!(
                "document {document_id} has not been checked, so it has no {flag} flag to dismiss"
            ),
        ));
    }
    if !document.flags.contains(&flag) {
        return Err(Refusal::refused(
            format!(
                "le document {document_id} n’a pas d’alerte « {} » à écarter",
                flag.label(Language::Fr)
            ),
            format!("document {document_id} has no {flag} flag to dismiss"),
        ));
    }
    if document.dismissed.iter().any(|(k, _)| *k == flag) {
        return Err(Refusal::refused(
            format!(
                "l’alerte « {} » de ce document est déjà écartée : rechargez le document",
                flag.label(Language::Fr)
            ),
            format!("the {flag} flag of document {document_id} is already dismissed"),
        ));
    }
    Ok(())
}
