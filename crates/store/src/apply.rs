//! Applying one change to the tables, inside the transaction that also records its
//! operation. This is where each change is checked: that the file exists, that the family
//! is valid, and that a lifecycle step is one the program's rules allow from the file's
//! current status. Replaying the same operations in the same order builds the same rows.

use chrono::{DateTime, Utc};
use program::{CaseStatus, Deadline, Language, PersonRole, ProgramDefinition};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::StoreError;
use crate::casework_apply;
use crate::events::lifecycle_event;
use crate::ids::DocumentId;
use crate::ops::{Change, LetterRegarding, Operation};
use crate::quality::{MAX_REASON_CHARS, QualityFlagKind, QualityReport};

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub(crate) fn apply_change(
    tx: &Transaction<'_>,
    op: &Operation,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let case = op.case_id;
    let hlc = op.hlc.to_string();
    let program = ProgramDefinition::builtin();
    // Every change that moves the status is checked once, here, through the same
    // mapping the server uses (`events::lifecycle_event`) and `program::check_transition`.
    let before = match lifecycle_event(&op.change) {
        Some(event) => Some(casework_apply::check_lifecycle(tx, op, event, now)?),
        None => None,
    };
    match &op.change {
        Change::CaseReceived {
            file_number,
            stream,
            profile,
            received_at,
            language,
            persons,
            representative,
        } => {
            let principals = persons
                .iter()
                .filter(|p| p.role == PersonRole::PrincipalApplicant)
                .count();
            if principals != 1 {
                return Err(StoreError::Invalid(format!(
                    "a file has exactly one principal applicant; this one has {principals}"
                )));
            }
            if persons
                .iter()
                .filter(|p| p.role == PersonRole::Spouse)
                .count()
                > 1
            {
                return Err(StoreError::Invalid(
                    "a file has at most one spouse or de facto spouse".into(),
                ));
            }
            if file_number.trim().is_empty() {
                return Err(StoreError::Invalid("the file number is empty".into()));
            }
            let exists: Option<String> = tx
                .prepare_cached("SELECT id FROM cases WHERE file_number = ?1")?
                .query_row([file_number], |r| r.get(0))
                .optional()?;
            if exists.is_some() {
                return Err(StoreError::DuplicateFileNumber(file_number.clone()));
            }
            let principal = persons
                .iter()
                .find(|p| p.role == PersonRole::PrincipalApplicant)
                .map(|p| format!("{}, {}", p.family_name, p.given_names))
                .unwrap_or_default();
            tx.prepare_cached(
                "INSERT INTO cases (id, file_number, stream, profile, received_at, status, language,
                                    principal_name, created_hlc, updated_hlc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
)?
.execute(
                params![
                    case,
                    file_number,
                    stream.code(),
                    profile.code(),
                    ts(*received_at),
                    CaseStatus::Received.code(),
                    language.code(),
                    principal,
                    hlc
                ],
            )?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO persons (id, case_id, role, family_name, given_names, date_of_birth, attestation_held)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for p in persons {
                insert.execute(params![
                    p.id,
                    case,
                    p.role.code(),
                    p.family_name,
                    p.given_names,
                    p.date_of_birth.to_string(),
                    p.attestation_held
                ])?;
            }
            if let Some(r) = representative {
                tx.prepare_cached(
                    "INSERT INTO representatives (case_id, name, organization, email, licence)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![
                    case,
                    r.name,
                    r.organization,
                    r.email,
                    r.licence
                ])?;
            }
            return Ok(());
        }
        Change::CaseAssigned { officer } => {
            require_case(tx, op)?;
            tx.prepare_cached("UPDATE cases SET assigned_to = ?2 WHERE id = ?1")?
                .execute(params![case, officer.0])?;
        }
        Change::DocumentAdded {
            document_id,
            person_id,
            checklist_code,
            file_name,
            sha256,
            byte_size,
            received_at,
            quality,
        } => {
            require_case(tx, op)?;
            casework_apply::check_document(tx, case)?;
            if let Some(report) = quality {
                report.validate()?;
            }
            if let Some(person) = person_id {
                let on_file: bool = tx
                    .prepare_cached(
                        "SELECT count(*) > 0 FROM persons WHERE id = ?1 AND case_id = ?2",
                    )?
                    .query_row(params![person, case], |r| r.get(0))?;
                if !on_file {
                    return Err(StoreError::Invalid(format!(
                        "person {person} is not on this file"
                    )));
                }
            }
            tx.prepare_cached(
                "INSERT INTO documents (id, case_id, person_id, checklist_code, file_name, sha256, byte_size, received_at, quality)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
)?
.execute(
                params![
                    document_id,
                    case,
                    person_id,
                    checklist_code,
                    file_name,
                    sha256,
                    i64::try_from(*byte_size).unwrap_or(i64::MAX),
                    ts(*received_at),
                    quality.as_ref().map(serde_json::to_string).transpose()?
                ],
            )?;
        }
        Change::LetterFiled {
            document_id,
            letter,
            regarding,
            language: _,
            file_name,
            sha256,
            byte_size,
            filed_at,
        } => {
            require_case(tx, op)?;
            // A letter may follow any step, the CSQ included, so the lock that keeps
            // applicants' documents out of a decided file does not apply to it.
            let (table, id) = match regarding {
                LetterRegarding::Request(id) => ("requests", id.to_string()),
                LetterRegarding::Decision(id) => ("decisions", id.to_string()),
            };
            let on_file: bool = tx.query_row(
                &format!("SELECT count(*) > 0 FROM {table} WHERE id = ?1 AND case_id = ?2"),
                params![id, case],
                |r| r.get(0),
            )?;
            if !on_file {
                return Err(StoreError::Invalid(format!(
                    "the letter is about {id}, which is not on this file"
                )));
            }
            tx.prepare_cached(
                "INSERT INTO documents (id, case_id, file_name, sha256, byte_size, received_at, letter, regarding)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
)?
.execute(
                params![
                    document_id,
                    case,
                    file_name,
                    sha256,
                    i64::try_from(*byte_size).unwrap_or(i64::MAX),
                    ts(*filed_at),
                    letter.code(),
                    id
                ],
            )?;
        }
        Change::QualityFlagDismissed {
            document_id,
            flag,
            reason,
        } => {
            require_case(tx, op)?;
            dismiss_flag(tx, op, *document_id, *flag, reason)?;
        }
        Change::NoteAdded { note_id, body } => {
            require_case(tx, op)?;
            if body.trim().is_empty() {
                return Err(StoreError::refused(
                    "une note ne peut pas être vide : rédigez-la avant d’enregistrer",
                    "a note cannot be empty: write it before saving",
                ));
            }
            tx.prepare_cached(
                "INSERT INTO notes (id, case_id, author, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
)?
.execute(
                params![note_id, case, op.author.user.0, body, ts(chrono::DateTime::from_timestamp_millis(
                    i64::try_from(op.hlc.wall_ms).unwrap_or(0)).unwrap_or_default())],
            )?;
        }
        // Checked and moved by `check_lifecycle` above.
        Change::AdmissibilityReviewStarted | Change::AdmissibleRecorded => {}
        Change::MissingItemsRequested {
            request_id,
            items,
            sent_at,
        } => {
            let deadline = Deadline::after(*sent_at, program.deadlines.missing_items_days);
            insert_request(
                tx,
                op,
                *request_id,
                "missing_items",
                *sent_at,
                &deadline,
                &serde_json::json!({ "items": items }),
            )?;
        }
        Change::AttestationRequested {
            request_id,
            persons,
            sent_at,
        } => {
            let deadline = Deadline::after(*sent_at, program.deadlines.attestation_days);
            insert_request(
                tx,
                op,
                *request_id,
                "attestation",
                *sent_at,
                &deadline,
                &serde_json::json!({ "persons": persons }),
            )?;
        }
        other => match &before {
            Some(before) => casework_apply::after_lifecycle(tx, op, before, now)?,
            None => {
                debug_assert!(lifecycle_event(other).is_none());
                casework_apply::apply_plain(tx, op, now)?;
            }
        },
    }
    // Whether the file is ready for a decision follows from its checklist, requests and
    // family; a note changes none of them (and reading the file's state for each note
    // made a pull of many notes read every file again and again).
    if !matches!(op.change, Change::NoteAdded { .. }) {
        casework_apply::refresh_ready(tx, case, now)?;
    }
    tx.prepare_cached("UPDATE cases SET updated_hlc = ?2 WHERE id = ?1")?
        .execute(params![case, hlc])?;
    Ok(())
}

/// Records the dismissal of `flag` on a document of this file: the document must carry a
/// report holding that flag, not yet dismissed, and the reason must say something.
fn dismiss_flag(
    tx: &Transaction<'_>,
    op: &Operation,
    document_id: DocumentId,
    flag: QualityFlagKind,
    reason: &str,
) -> Result<(), StoreError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(StoreError::refused(
            "dites pourquoi l’alerte est écartée : la raison est vide",
            "say why the flag is dismissed: the reason is empty",
        ));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(StoreError::refused(
            format!(
                "la raison dépasse {MAX_REASON_CHARS} caractères : raccourcissez-la ou ajoutez une note au dossier"
            ),
            format!(
                "the reason is longer than {MAX_REASON_CHARS} characters; shorten it or add a note to the file"
            ),
        ));
    }
    let row: Option<(String, Option<String>)> = tx
        .prepare_cached("SELECT case_id, quality FROM documents WHERE id = ?1")?
        .query_row([document_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (case_id, quality) =
        row.ok_or_else(|| StoreError::DocumentNotFound(document_id.to_string()))?;
    if case_id != op.case_id.to_string() {
        return Err(StoreError::refused(
            format!("le document {document_id} n’est pas dans ce dossier"),
            format!("document {document_id} is not on this file"),
        ));
    }
    let Some(quality) = quality else {
        return Err(StoreError::refused(
            format!(
                "le document {document_id} n’a pas été vérifié : il n’a pas d’alerte « {} » à écarter",
                flag.label(Language::Fr)
            ),
            format!(
                "document {document_id} has not been checked, so it has no {flag} flag to dismiss"
            ),
        ));
    };
    let report: QualityReport = serde_json::from_str(&quality)?;
    if report.flag(flag).is_none() {
        return Err(StoreError::refused(
            format!(
                "le document {document_id} n’a pas d’alerte « {} » à écarter",
                flag.label(Language::Fr)
            ),
            format!("document {document_id} has no {flag} flag to dismiss"),
        ));
    }
    let already: bool = tx
        .prepare_cached(
            "SELECT count(*) > 0 FROM quality_dismissals WHERE document_id = ?1 AND flag = ?2",
        )?
        .query_row(params![document_id, flag.code()], |r| r.get(0))?;
    if already {
        return Err(StoreError::refused(
            format!(
                "l’alerte « {} » de ce document est déjà écartée : rechargez le document",
                flag.label(Language::Fr)
            ),
            format!("the {flag} flag of document {document_id} is already dismissed"),
        ));
    }
    let at = DateTime::from_timestamp_millis(i64::try_from(op.hlc.wall_ms).unwrap_or(0))
        .unwrap_or_default();
    tx.prepare_cached(
        "INSERT INTO quality_dismissals (document_id, flag, reason, dismissed_by, dismissed_at, operation_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
)?
.execute(
        params![
            document_id,
            flag.code(),
            reason,
            op.author.user.0,
            ts(at),
            op.id
        ],
    )?;
    Ok(())
}

fn require_case(tx: &Transaction<'_>, op: &Operation) -> Result<CaseStatus, StoreError> {
    let status: Option<String> = tx
        .prepare_cached("SELECT status FROM cases WHERE id = ?1")?
        .query_row([op.case_id], |r| r.get(0))
        .optional()?;
    let status = status.ok_or_else(|| StoreError::CaseNotFound(op.case_id.to_string()))?;
    CaseStatus::from_code(&status).ok_or_else(|| StoreError::Corrupt(format!("status {status:?}")))
}

fn insert_request(
    tx: &Transaction<'_>,
    op: &Operation,
    id: crate::ids::RequestId,
    kind: &str,
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
        op.case_id,
        kind,
        ts(sent_at),
        deadline.last_day.to_string(),
        ts(deadline.ends_at),
        details.to_string()
    ])?;
    refresh_next_deadline(tx, op)
}

/// Keeps `cases.next_deadline` equal to the earliest last day of the file's open requests.
fn refresh_next_deadline(tx: &Transaction<'_>, op: &Operation) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE cases SET next_deadline =
            (SELECT min(deadline_date) FROM requests WHERE case_id = ?1 AND closed_at IS NULL)
         WHERE id = ?1",
    )?
    .execute([op.case_id])?;
    Ok(())
}
