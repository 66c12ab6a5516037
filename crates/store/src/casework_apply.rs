//! Applying casework changes inside the write transaction. Every change that moves a
//! file's status goes through [`check_lifecycle`]: the file's facts are read from its rows
//! ([`FileState`]), the change's own conditions are checked (the items it names are gaps,
//! the persons it names must obtain the attestation, who may approve...), and then
//! `program::check_transition` decides; only then are the rows written. Plain facts
//! (checklist, payments, attestation per person, family changes) are checked here too,
//! each through `program`.

use chrono::{DateTime, NaiveDate, Utc};
use program::admissibility::{MissingItemsRequest, check_document_addition};
use program::attestation::Duty;
use program::decision::{IntentToRefuse, IntentToReject};
use program::family::{FamilyChange, check_family_change};
use program::{
    CaseEvent, CaseStatus, Deadline, Decision, FamilyMember, PersonKey, PersonRole,
    ProgramDefinition, check_transition, due_actions, montreal_date,
};
use rusqlite::{Transaction, params};

use crate::StoreError;
use crate::casework::{DecisionDetails, FileState, RequestKind, exemption_json, item_key};
use crate::ids::{CaseId, PersonId, RequestId, Role};
use crate::ops::{Change, Operation};

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A refusal of the step as asked, in French and English.
fn refused(fr: impl Into<String>, en: impl Into<String>) -> StoreError {
    StoreError::refused(fr, en)
}

/// A text the step records (a summary, a comment, a reason) must be written; `what` names
/// it in French and English.
fn require_text(text: &str, what: (&str, &str)) -> Result<(), StoreError> {
    if text.trim().is_empty() {
        return Err(refused(
            format!("{} est vide : rédigez-le avant d’enregistrer", what.0),
            format!("{} is empty: write it before saving", what.1),
        ));
    }
    Ok(())
}

fn not_on_file(id: impl std::fmt::Display) -> StoreError {
    refused(
        format!("cette personne ({id}) ne figure pas au dossier : rechargez le dossier"),
        format!("this person ({id}) is not on the file: reload the file"),
    )
}

/// Only supervisors approve or send back, and never their own proposal.
fn supervisor_review(
    state: &FileState,
    op: &Operation,
    decision_id: crate::ids::DecisionId,
) -> Result<(), StoreError> {
    if op.author.role != Role::Supervisor {
        return Err(StoreError::not_permitted(
            "seul un superviseur peut approuver ou renvoyer une proposition de décision : demandez à un superviseur de l’examiner",
            "only a supervisor can approve or send back a proposed decision; ask a supervisor to review it",
        ));
    }
    let pending = state.pending_decision().ok_or_else(|| {
        refused(
            "aucune décision n’attend un superviseur dans ce dossier : rechargez le dossier",
            "no decision is waiting for a supervisor on this file; reload the file",
        )
    })?;
    if pending.id != decision_id {
        return Err(refused(
            "ce n’est pas la proposition en attente dans le dossier : rechargez le dossier et examinez la proposition actuelle",
            "this is not the proposal waiting on the file; reload the file and review the current one",
        ));
    }
    if pending.proposed_by == op.author.user.0 {
        return Err(StoreError::not_permitted(
            "vous avez proposé cette décision : un autre superviseur doit l’examiner (personne n’approuve sa propre proposition)",
            "you proposed this decision: another supervisor must review it (no one approves their own proposal)",
        ));
    }
    Ok(())
}

/// Checks a lifecycle change against the file's facts and the rules, then moves the
/// file's status. Returns the file as it was before the move.
pub(crate) fn check_lifecycle(
    tx: &Transaction<'_>,
    op: &Operation,
    event: CaseEvent,
    now: DateTime<Utc>,
) -> Result<FileState, StoreError> {
    let state = FileState::load(tx, op.case_id)?;
    let today = montreal_date(now);
    let def = ProgramDefinition::builtin();
    let mut facts = state.facts(now);
    match &op.change {
        Change::MissingItemsRequested { items, sent_at, .. } => {
            if items.is_empty() {
                return Err(refused(
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
                    .map_err(|e| StoreError::Refused(e.reason()))?;
                let gaps = state.gap_keys(today);
                if let Some(extra) = items.iter().find(|i| !gaps.contains(i)) {
                    return Err(refused(
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
                    refused(
                        "aucune demande de documents manquants n’est en cours dans ce dossier",
                        "no missing-items request is out on this file",
                    )
                })?;
            if request.id != *request_id {
                return Err(refused(
                    "ce n’est pas la demande de documents manquants en cours : rechargez le dossier",
                    "this is not the missing-items request out on this file; reload the file",
                ));
            }
            let gaps = state.gap_keys(today);
            let still: Vec<String> = request
                .listed("items")
                .into_iter()
                .filter(|i| gaps.contains(i))
                .collect();
            if !still.is_empty() {
                return Err(StoreError::RuleUnmet(program::RuleError::Unmet {
                    event,
                    reason: program::Bilingual::new(
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
                return Err(refused(
                    "une demande d’attestation nomme au moins une personne",
                    "an attestation request names at least one person",
                ));
            }
            let on = montreal_date(*sent_at);
            for id in persons {
                let p = state
                    .person(*id)
                    .filter(|p| !p.removed)
                    .ok_or_else(|| not_on_file(id))?;
                let recorded = state
                    .attestation_row(p.id)
                    .is_some_and(|r| r.exemption.is_some());
                if recorded || matches!(state.duty(p, on), Duty::Exempt { .. }) {
                    return Err(refused(
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
                    return Err(refused(
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
                    refused(
                        "aucune entrevue n’attend son résultat",
                        "no interview waits for its outcome",
                    )
                })?;
            if last.id != *interview_id {
                return Err(refused(
                    "ce n’est pas l’entrevue prévue au dossier : rechargez le dossier",
                    "this is not the interview scheduled on the file; reload the file",
                ));
            }
        }
        Change::IntentToRefuseSent {
            grounds, sent_at, ..
        } => {
            IntentToRefuse::new(def, grounds.clone(), *sent_at)
                .map_err(|e| StoreError::Refused(e.reason()))?;
        }
        Change::IntentToRejectSent {
            grounds, sent_at, ..
        } => {
            IntentToReject::new(def, grounds.clone(), *sent_at)
                .map_err(|e| StoreError::Refused(e.reason()))?;
        }
        Change::ApplicantAnswered { summary } => {
            require_text(summary, ("le résumé de la réponse", "the answer's summary"))?
        }
        Change::DecisionProposed { decision, .. } => {
            match decision {
                Decision::Selected => {}
                Decision::Refused { grounds } => {
                    Decision::refused(grounds.clone())
                        .map_err(|e| StoreError::Refused(e.reason()))?;
                }
                Decision::Rejected { grounds } => {
                    Decision::rejected(grounds.clone())
                        .map_err(|e| StoreError::Refused(e.reason()))?;
                }
            }
            facts.proposal = Some(decision.clone());
        }
        Change::ProposalSentBack {
            decision_id,
            comment,
        } => {
            supervisor_review(&state, op, *decision_id)?;
            require_text(
                comment,
                ("le commentaire à l’agent", "the comment to the officer"),
            )?;
        }
        Change::SelectionApproved {
            decision_id,
            certificates,
        } => {
            supervisor_review(&state, op, *decision_id)?;
            let mut expected: Vec<PersonId> =
                state.certificates().iter().map(|c| c.person_id).collect();
            let mut given: Vec<PersonId> = certificates.iter().map(|c| c.person_id).collect();
            expected.sort();
            given.sort();
            if expected != given {
                return Err(refused(
                    "un CSQ est délivré au requérant principal et à chaque membre qui l’accompagne, une fois chacun (D1)",
                    "a CSQ is issued to the principal applicant and to each accompanying member, once each (D1)",
                ));
            }
            let mut numbers: Vec<&str> = certificates.iter().map(|c| c.number.trim()).collect();
            numbers.sort_unstable();
            numbers.dedup();
            if numbers.len() != certificates.len() || numbers.iter().any(|n| n.is_empty()) {
                return Err(refused(
                    "chaque CSQ a son propre numéro",
                    "each CSQ needs its own number",
                ));
            }
        }
        Change::RefusalApproved { decision_id } | Change::RejectionApproved { decision_id } => {
            supervisor_review(&state, op, *decision_id)?;
        }
        Change::SupervisedAmendmentRecorded { description } => {
            if op.author.role != Role::Supervisor {
                return Err(StoreError::not_permitted(
                    "après le CSQ, un changement est une modification supervisée (M5) : seul un superviseur peut la consigner",
                    "after the CSQ, a change is a supervised amendment (M5): only a supervisor can record it",
                ));
            }
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
    let to = check_transition(state.status, event, &facts, now)?;
    tx.prepare_cached("UPDATE cases SET status = ?2 WHERE id = ?1")?
        .execute(params![op.case_id, to.code()])?;
    Ok(state)
}

fn insert_request(
    tx: &Transaction<'_>,
    case: CaseId,
    id: RequestId,
    kind: RequestKind,
    sent_at: DateTime<Utc>,
    deadline: &Deadline,
    details: &serde_json::Value,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO requests (id, case_id, kind, sent_at, deadline_date, deadline_end, details)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id,
        case,
        kind.code(),
        ts(sent_at),
        deadline.last_day.to_string(),
        ts(deadline.ends_at),
        details.to_string()
    ])?;
    Ok(())
}

fn close_requests(
    tx: &Transaction<'_>,
    case: CaseId,
    kinds: &[RequestKind],
    now: DateTime<Utc>,
    reason: &str,
) -> Result<(), StoreError> {
    for kind in kinds {
        tx.prepare_cached(
            "UPDATE requests SET closed_at = ?3, closed_reason = ?4
             WHERE case_id = ?1 AND kind = ?2 AND closed_at IS NULL",
        )?
        .execute(params![case, kind.code(), ts(now), reason])?;
    }
    Ok(())
}

const ALL_REQUESTS: [RequestKind; 4] = [
    RequestKind::MissingItems,
    RequestKind::Attestation,
    RequestKind::IntentToRefuse,
    RequestKind::IntentToReject,
];

/// The rows a lifecycle change writes once the move is allowed (`before`: the file as
/// it was). Changes whose rows `apply.rs` writes itself do nothing here.
pub(crate) fn after_lifecycle(
    tx: &Transaction<'_>,
    op: &Operation,
    before: &FileState,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let case = op.case_id;
    let def = ProgramDefinition::builtin();
    match &op.change {
        Change::MissingItemsReceived { .. } => {
            close_requests(tx, case, &[RequestKind::MissingItems], now, "received")?;
        }
        Change::AttestationCompleted => {
            close_requests(tx, case, &[RequestKind::Attestation], now, "completed")?;
        }
        Change::InterviewScheduled { interview_id, at } => {
            tx.prepare_cached(
                "INSERT INTO interviews (id, case_id, scheduled_at) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![interview_id, case, ts(*at)])?;
        }
        Change::InterviewOutcomeRecorded {
            interview_id,
            outcome,
            notes,
        } => {
            let code = match outcome {
                program::decision::InterviewOutcome::Held => "attended",
                program::decision::InterviewOutcome::Absent => "absent",
            };
            tx.prepare_cached("UPDATE interviews SET outcome = ?2, notes = ?3 WHERE id = ?1")?
                .execute(params![interview_id, code, notes])?;
        }
        Change::IntentToRefuseSent {
            request_id,
            grounds,
            sent_at,
        } => {
            let deadline = Deadline::after(*sent_at, def.deadlines.intent_letter_days);
            insert_request(
                tx,
                case,
                *request_id,
                RequestKind::IntentToRefuse,
                *sent_at,
                &deadline,
                &serde_json::json!({ "grounds": grounds }),
            )?;
        }
        Change::IntentToRejectSent {
            request_id,
            grounds,
            sent_at,
        } => {
            let deadline = Deadline::after(*sent_at, def.deadlines.intent_letter_days);
            insert_request(
                tx,
                case,
                *request_id,
                RequestKind::IntentToReject,
                *sent_at,
                &deadline,
                &serde_json::json!({ "grounds": grounds }),
            )?;
        }
        Change::ApplicantAnswered { .. } => {
            close_requests(
                tx,
                case,
                &[RequestKind::IntentToRefuse, RequestKind::IntentToReject],
                now,
                "answered",
            )?;
        }
        Change::DecisionProposed {
            decision_id,
            decision,
            note,
        } => {
            let kind = match decision {
                Decision::Selected => "selected",
                Decision::Refused { .. } => "refused",
                Decision::Rejected { .. } => "rejected",
            };
            let details = DecisionDetails {
                decision: decision.clone(),
                note: note.clone(),
                certificates: Vec::new(),
            };
            tx.prepare_cached(
                "INSERT INTO decisions (id, case_id, kind, proposed_by, proposed_at, details)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                decision_id,
                case,
                kind,
                op.author.user.0,
                ts(now),
                serde_json::to_string(&details)?
            ])?;
            close_requests(tx, case, &ALL_REQUESTS, now, "decision_proposed")?;
        }
        Change::ProposalSentBack {
            decision_id,
            comment,
        } => {
            review(tx, op, *decision_id, "sent_back", Some(comment), now)?;
        }
        Change::SelectionApproved {
            decision_id,
            certificates,
        } => {
            review(tx, op, *decision_id, "approved", None, now)?;
            if let Some(d) = before.pending_decision() {
                let details = DecisionDetails {
                    decision: d.decision.clone(),
                    note: d.note.clone(),
                    certificates: certificates.clone(),
                };
                tx.prepare_cached("UPDATE decisions SET details = ?2 WHERE id = ?1")?
                    .execute(params![decision_id, serde_json::to_string(&details)?])?;
            }
        }
        Change::RefusalApproved { decision_id } | Change::RejectionApproved { decision_id } => {
            review(tx, op, *decision_id, "approved", None, now)?;
        }
        _ => {}
    }
    refresh_next_deadline(tx, case)
}

fn review(
    tx: &Transaction<'_>,
    op: &Operation,
    decision_id: crate::ids::DecisionId,
    outcome: &str,
    comment: Option<&String>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE decisions SET reviewed_by = ?2, reviewed_at = ?3, outcome = ?4, comment = ?5
         WHERE id = ?1",
    )?
    .execute(params![
        decision_id,
        op.author.user.0,
        ts(now),
        outcome,
        comment
    ])?;
    Ok(())
}

fn refresh_next_deadline(tx: &Transaction<'_>, case: CaseId) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE cases SET next_deadline =
            (SELECT min(deadline_date) FROM requests WHERE case_id = ?1 AND closed_at IS NULL)
         WHERE id = ?1",
    )?
    .execute([case])?;
    Ok(())
}

/// M5 and final decisions: whether the file's contents may still change in the
/// ordinary way.
fn require_editable(state: &FileState) -> Result<(), StoreError> {
    check_document_addition(state.status).map_err(|e| StoreError::NotPermitted(e.reason()))?;
    if matches!(
        state.status,
        CaseStatus::Refused | CaseStatus::Rejected | CaseStatus::AdministrativeReview
    ) {
        return Err(StoreError::not_permitted(
            "la décision est définitive : le contenu du dossier ne peut plus changer",
            "the decision is final: the file's contents can no longer change",
        ));
    }
    Ok(())
}

/// M1–M5: a family change the file's state forbids (after the CSQ, a final decision) is
/// not permitted; any other is refused as asked.
fn family_refusal(e: program::family::FamilyChangeError) -> StoreError {
    use program::family::FamilyChangeError as F;
    match e {
        F::AfterCsq | F::FileClosed(_) => StoreError::NotPermitted(e.reason()),
        _ => StoreError::Refused(e.reason()),
    }
}

/// F4, M5: a document may be added at any time, except after the CSQ.
pub(crate) fn check_document(tx: &Transaction<'_>, case: CaseId) -> Result<(), StoreError> {
    let state = FileState::load(tx, case)?;
    check_document_addition(state.status).map_err(|e| StoreError::NotPermitted(e.reason()))
}

/// The checklist item `code` (of `person`) the file owes today, or why it owes none.
fn required_item(
    state: &FileState,
    code: &str,
    person: Option<PersonId>,
    today: NaiveDate,
) -> Result<program::RequiredItem, StoreError> {
    let key = person.map(|p| PersonKey(p.to_string()));
    state
        .required(today)
        .into_iter()
        .find(|i| i.code.as_str() == code && i.person == key)
        .ok_or_else(|| {
            refused(
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

fn require_document(
    tx: &Transaction<'_>,
    case: CaseId,
    document: crate::ids::DocumentId,
) -> Result<(), StoreError> {
    let on_file: bool = tx
        .prepare_cached("SELECT count(*) > 0 FROM documents WHERE id = ?1 AND case_id = ?2")?
        .query_row(params![document, case], |r| r.get(0))?;
    if !on_file {
        return Err(refused(
            format!(
                "le document {document} n’est pas dans ce dossier : ajoutez-le d’abord au dossier"
            ),
            format!("document {document} is not on this file; add it to the file first"),
        ));
    }
    Ok(())
}

fn upsert_item(
    tx: &Transaction<'_>,
    op: &Operation,
    code: &str,
    person: Option<PersonId>,
    state: &str,
    document: Option<crate::ids::DocumentId>,
    comment: Option<&str>,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "DELETE FROM checklist_items WHERE case_id = ?1 AND code = ?2 AND coalesce(person_id, '') = coalesce(?3, '')",
)?
.execute(
        params![op.case_id, code, person],
    )?;
    tx.prepare_cached(
        "INSERT INTO checklist_items (case_id, code, person_id, state, document_id, comment, updated_hlc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
)?
.execute(
        params![
            op.case_id,
            code,
            person,
            state,
            document,
            comment,
            op.hlc.to_string()
        ],
    )?;
    Ok(())
}

/// Applies a change that does not move the file's status.
pub(crate) fn apply_plain(
    tx: &Transaction<'_>,
    op: &Operation,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let state = FileState::load(tx, op.case_id)?;
    let today = montreal_date(now);
    let def = ProgramDefinition::builtin();
    match &op.change {
        Change::ChecklistItemReceived {
            code,
            person_id,
            document_id,
        } => {
            require_editable(&state)?;
            required_item(&state, code.as_str(), *person_id, today)?;
            require_document(tx, op.case_id, *document_id)?;
            upsert_item(
                tx,
                op,
                code.as_str(),
                *person_id,
                "received",
                Some(*document_id),
                None,
            )?;
        }
        Change::ExplanatoryLetterReceived {
            code,
            person_id,
            document_id,
        } => {
            require_editable(&state)?;
            let item = required_item(&state, code.as_str(), *person_id, today)?;
            if item.is_form() {
                return Err(refused(
                    "aucune lettre explicative ne remplace une partie du formulaire (F1, F3) : demandez le formulaire",
                    "no explanatory letter can replace a part of the form (F1, F3); ask for the form",
                ));
            }
            require_document(tx, op.case_id, *document_id)?;
            upsert_item(
                tx,
                op,
                code.as_str(),
                *person_id,
                "letter_pending",
                Some(*document_id),
                None,
            )?;
        }
        Change::ExplanatoryLetterJudged {
            code,
            person_id,
            accepted,
            reason,
        } => {
            require_editable(&state)?;
            let row = state
                .checklist_row(code.as_str(), *person_id)
                .filter(|r| r.state == "letter_pending")
                .ok_or_else(|| {
                    refused(
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
            let new_state = if *accepted {
                "letter_accepted"
            } else {
                "letter_refused"
            };
            let document = row.document_id;
            upsert_item(
                tx,
                op,
                code.as_str(),
                *person_id,
                new_state,
                document,
                Some(reason.trim()).filter(|r| !r.is_empty()),
            )?;
        }
        Change::PaymentRecorded {
            payment_id,
            amount,
            paid_on,
            payer,
        } => {
            require_editable(&state)?;
            if amount.cents() <= 0 {
                return Err(refused(
                    "un paiement est un montant positif en dollars canadiens ($2)",
                    "a payment is a positive amount in CAD ($2)",
                ));
            }
            if *paid_on > today {
                return Err(refused(
                    format!(
                        "le paiement est daté du {paid_on}, après aujourd’hui : vérifiez la date"
                    ),
                    format!("the payment is dated {paid_on}, after today; check the date"),
                ));
            }
            let payer = match payer {
                program::fees::Payer::Applicant => "applicant",
                program::fees::Payer::ThirdParty => "third_party",
            };
            tx.prepare_cached(
                "INSERT INTO payments (id, case_id, amount_cents, paid_at, payer, method)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'credit_card')",
            )?
            .execute(params![
                payment_id,
                op.case_id,
                amount.cents(),
                paid_on.to_string(),
                payer
            ])?;
        }
        Change::AttestationObtained { person_id, on } => {
            require_editable(&state)?;
            let p = state
                .person(*person_id)
                .filter(|p| !p.removed)
                .ok_or_else(|| not_on_file(person_id))?;
            if *on > today {
                return Err(refused(
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
            upsert_attestation(tx, op, *person_id, "obtained", Some(*on), None, None)?;
        }
        Change::AttestationExemptionRecorded {
            person_id,
            exemption,
            reason,
        } => {
            require_editable(&state)?;
            require_text(
                reason,
                ("la raison de l’exemption", "the reason for the exemption"),
            )?;
            state
                .person(*person_id)
                .filter(|p| !p.removed)
                .ok_or_else(|| not_on_file(person_id))?;
            upsert_attestation(
                tx,
                op,
                *person_id,
                "exempt",
                None,
                Some(exemption_json(exemption)?),
                Some(reason.trim()),
            )?;
        }
        Change::FamilyMemberAdded {
            person,
            both_parents_accompany,
            added_on,
        } => {
            let member = FamilyMember {
                key: PersonKey(person.id.to_string()),
                role: person.role,
                date_of_birth: person.date_of_birth,
                both_parents_accompany: *both_parents_accompany,
            };
            let change = match person.role {
                PersonRole::Spouse => FamilyChange::AddSpouse { member },
                _ => FamilyChange::AddChild { member },
            };
            let requirements = check_family_change(
                def,
                state.stream,
                state.status,
                &state.members(),
                &change,
                *added_on,
            )
            .map_err(family_refusal)?;
            require_text(
                &person.family_name,
                ("le nom de famille", "the family name"),
            )?;
            tx.prepare_cached(
                "INSERT INTO persons (id, case_id, role, family_name, given_names, date_of_birth,
                                      attestation_held, added_on, both_parents_accompany)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                person.id,
                op.case_id,
                person.role.code(),
                person.family_name,
                person.given_names,
                person.date_of_birth.to_string(),
                person.attestation_held,
                added_on.to_string(),
                *both_parents_accompany
            ])?;
            if requirements.new_form_signed_by_both {
                // M1: the form on file was signed before the spouse joined; a new one,
                // filled in and signed by both, is owed again.
                for item in requirements
                    .items
                    .iter()
                    .filter(|i| i.person.is_none() && i.is_form())
                {
                    upsert_item(tx, op, item.code.as_str(), None, "missing", None, None)?;
                }
            }
        }
        Change::AiNoticeRequirementRecorded { required } => {
            require_editable(&state)?;
            if state.stream != program::Stream::Ai {
                return Err(refused(
                    "l’avis de TECHNOCompétences ne concerne que le volet intelligence artificielle (P4)",
                    "the TECHNOCompétences notice concerns the artificial intelligence stream only (P4)",
                ));
            }
            if state.ai_notice_required == *required {
                return Err(refused(
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
            tx.prepare_cached("UPDATE cases SET ai_notice_required = ?2 WHERE id = ?1")?
                .execute(params![op.case_id, required])?;
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
            tx.prepare_cached("UPDATE persons SET removed_hlc = ?2 WHERE id = ?1")?
                .execute(params![person_id, op.hlc.to_string()])?;
        }
        _ => {}
    }
    Ok(())
}

fn upsert_attestation(
    tx: &Transaction<'_>,
    op: &Operation,
    person: PersonId,
    state: &str,
    on: Option<NaiveDate>,
    exemption: Option<String>,
    reason: Option<&str>,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO attestations (case_id, person_id, state, obtained_on, exemption, reason, updated_hlc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (case_id, person_id) DO UPDATE SET state = excluded.state,
             obtained_on = excluded.obtained_on, exemption = excluded.exemption,
             reason = excluded.reason, updated_hlc = excluded.updated_hlc",
)?
.execute(
        params![
            op.case_id,
            person,
            state,
            on.map(|d| d.to_string()),
            exemption,
            reason,
            op.hlc.to_string()
        ],
    )?;
    Ok(())
}

/// Keeps `cases.selection_ready` equal to "the rules say selection may be proposed".
pub(crate) fn refresh_ready(
    tx: &Transaction<'_>,
    case: CaseId,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let status: String = tx
        .prepare_cached("SELECT status FROM cases WHERE id = ?1")?
        .query_row([case], |r| r.get(0))?;
    let ready = if status == CaseStatus::InReview.code() {
        let state = FileState::load(tx, case)?;
        due_actions(state.status, &state.facts(now), now)
            .contains(&program::DueAction::ProposeSelection)
    } else {
        false
    };
    tx.prepare_cached(
        "UPDATE cases SET selection_ready = ?2 WHERE id = ?1 AND selection_ready != ?2",
    )?
    .execute(params![case, ready])?;
    Ok(())
}
