//! Applying one operation inside the transaction that also records it: the file's state
//! is read ([`crate::state`]), the decider decides and the state moves on
//! ([`decider::apply`]: the one place a casework rule is checked, at the operation's own
//! instant, with the program definition version it names), and the rows the screens read (the file, its persons,
//! representative, documents, notes and dismissals) are written from the operation.
//! Replaying the same operations in the same order builds the same rows and state.

use rusqlite::{OptionalExtension, Transaction, params};

use crate::StoreError;
use crate::ops::{Change, Operation};
use crate::state;

fn ts(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub(crate) fn apply_change(
    tx: &Transaction<'_>,
    versions: &program::ProgramVersions,
    op: &Operation,
) -> Result<(), StoreError> {
    let before = state::load(tx, versions, op.case_id)?;
    if let Change::CaseReceived { file_number, .. } = &op.change {
        // Unique file numbers are this store's (and the server's) knowledge, not a file's.
        let exists: Option<String> = tx
            .prepare_cached("SELECT id FROM cases WHERE file_number = ?1")?
            .query_row([file_number], |r| r.get(0))
            .optional()?;
        if exists.is_some() {
            return Err(StoreError::DuplicateFileNumber(file_number.clone()));
        }
    }
    let unchanged = decider::evolve::leaves_state(&op.change);
    let after = decider::apply(versions, before, op)?;
    project(tx, op)?;
    if unchanged {
        tx.prepare_cached("UPDATE cases SET updated_hlc = ?2 WHERE id = ?1")?
            .execute(params![op.case_id, op.hlc.to_string()])?;
    } else {
        state::save(tx, versions, &after, op)?;
    }
    Ok(())
}

/// Writes the rows the screens read that `op` adds or changes (the rules' own facts are
/// in the state).
fn project(tx: &Transaction<'_>, op: &Operation) -> Result<(), StoreError> {
    let case = op.case_id;
    let hlc = op.hlc.to_string();
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
            let principal = persons
                .iter()
                .find(|p| p.role == program::PersonRole::PrincipalApplicant)
                .map(|p| format!("{}, {}", p.family_name, p.given_names))
                .unwrap_or_default();
            tx.prepare_cached(
                "INSERT INTO cases (id, file_number, stream, profile, received_at, status, language,
                                    principal_name, created_hlc, updated_hlc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            )?
            .execute(params![
                case,
                file_number,
                stream.code(),
                profile.code(),
                ts(*received_at),
                program::CaseStatus::Received.code(),
                language.code(),
                principal,
                hlc
            ])?;
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
            tx.prepare_cached(
                "INSERT INTO documents (id, case_id, person_id, checklist_code, file_name, sha256, byte_size, received_at, quality)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                document_id,
                case,
                person_id,
                checklist_code,
                file_name,
                sha256,
                i64::try_from(*byte_size).unwrap_or(i64::MAX),
                ts(*received_at),
                quality.as_ref().map(serde_json::to_string).transpose()?
            ])?;
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
            tx.prepare_cached(
                "INSERT INTO documents (id, case_id, file_name, sha256, byte_size, received_at, letter, regarding)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                document_id,
                case,
                file_name,
                sha256,
                i64::try_from(*byte_size).unwrap_or(i64::MAX),
                ts(*filed_at),
                letter.code(),
                regarding.id()
            ])?;
        }
        Change::QualityFlagDismissed {
            document_id,
            flag,
            reason,
        } => {
            tx.prepare_cached(
                "INSERT INTO quality_dismissals (document_id, flag, reason, dismissed_by, dismissed_at, operation_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                document_id,
                flag.code(),
                reason.trim(),
                op.author.user.0,
                ts(decider::instant(op)),
                op.id
            ])?;
        }
        Change::NoteAdded { note_id, body } => {
            tx.prepare_cached(
                "INSERT INTO notes (id, case_id, author, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                note_id,
                case,
                op.author.user.0,
                body,
                ts(decider::instant(op))
            ])?;
        }
        Change::FamilyMemberAdded {
            person,
            both_parents_accompany,
            added_on,
        } => {
            tx.prepare_cached(
                "INSERT INTO persons (id, case_id, role, family_name, given_names, date_of_birth,
                                      attestation_held, added_on, both_parents_accompany)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                person.id,
                case,
                person.role.code(),
                person.family_name,
                person.given_names,
                person.date_of_birth.to_string(),
                person.attestation_held,
                added_on.to_string(),
                *both_parents_accompany
            ])?;
        }
        Change::FamilyMemberRemoved { person_id, .. } => {
            tx.prepare_cached("UPDATE persons SET removed_hlc = ?2 WHERE id = ?1")?
                .execute(params![person_id, hlc])?;
        }
        // The file's own columns (assignment, P4, status...) follow from its state.
        _ => {}
    }
    Ok(())
}
