//! The casework commands: the file's casework view (checklist, requests, attestation,
//! interviews, fees, proposals, what is due and which actions the rules allow now), its
//! audit trail, the queues' counts, the supervisor's decision queue, one step of casework,
//! and the letter a step would send. Each parses, calls one store function on a blocking
//! thread and maps the error; the rules are the store's.

use letters::RenderedLetter;
use store::perform::CaseworkCommand;
use store::work::{AuditEntry, Casework, ProposalView, QueueCounts};
use store::{CaseId, PersonId};
use tauri::State;

use crate::commands::blocking;
use crate::{AppState, IpcError};

/// The casework of one file, as the current user may act on it.
#[tauri::command]
pub async fn casework(state: State<'_, AppState>, id: String) -> Result<Casework, IpcError> {
    let id = CaseId::parse(&id)?;
    let store = state.store.clone();
    let user = state.actor();
    blocking(move || store.casework(id, &user)).await
}

/// Every operation of one file, who, when and what, in French and English.
#[tauri::command]
pub async fn audit_trail(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<AuditEntry>, IpcError> {
    let id = CaseId::parse(&id)?;
    let store = state.store.clone();
    blocking(move || store.audit_trail(id)).await
}

/// The supervisor's decision queue: proposals waiting for approval, with what supports
/// each, and whether the current user may approve it.
#[tauri::command]
pub async fn proposals_to_review(
    state: State<'_, AppState>,
) -> Result<Vec<ProposalView>, IpcError> {
    let store = state.store.clone();
    let user = state.actor();
    blocking(move || store.proposals_to_review(&user)).await
}

/// How many files each of the day's queues holds.
#[tauri::command]
pub async fn queue_counts(state: State<'_, AppState>) -> Result<QueueCounts, IpcError> {
    let store = state.store.clone();
    blocking(move || store.queue_counts()).await
}

/// One step of casework on a file (one operation); returns the casework as it now reads.
#[tauri::command]
pub async fn perform(
    state: State<'_, AppState>,
    id: String,
    command: CaseworkCommand,
) -> Result<Casework, IpcError> {
    let id = CaseId::parse(&id)?;
    let store = state.store.clone();
    let user = state.actor();
    blocking(move || {
        store.perform(&user, id, command)?;
        store.casework(id, &user)
    })
    .await
}

/// Adds a document from disk (picked, or dropped on the file) for checklist item
/// `checklist_code` and person `person_id` (none for file-level items): checked and
/// recorded by `desk::add_document`; returns the casework as it now reads and the new
/// document's id.
#[tauri::command]
pub async fn add_document(
    state: State<'_, AppState>,
    id: String,
    path: String,
    checklist_code: String,
    person_id: Option<String>,
) -> Result<AddedDocument, IpcError> {
    let id = CaseId::parse(&id)?;
    let person_id = person_id.as_deref().map(PersonId::parse).transpose()?;
    let store = state.store.clone();
    let worker = state.pdf.clone();
    let user = state.actor();
    blocking(move || {
        let path = std::path::PathBuf::from(path);
        let doc = desk::NewDocument {
            path: &path,
            checklist_code,
            person_id,
        };
        let document_id = desk::add_document(&store, &worker, &user, id, &doc, store.now())?;
        Ok::<_, IpcError>(AddedDocument {
            document_id: document_id.to_string(),
            casework: store.casework(id, &user)?,
        })
    })
    .await
}

/// A document that could not be added: why, in the catalogue's words.
impl From<desk::DeskError> for IpcError {
    fn from(e: desk::DeskError) -> Self {
        IpcError::new(&e.code(), e.to_string()).with_reason(e.text())
    }
}

/// A document added at the desk, and the file's casework after it.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct AddedDocument {
    pub document_id: String,
    pub casework: Casework,
}

/// The letter a step would send, as text in the applicant's language, without doing the
/// step; `None` when the step sends no letter.
#[tauri::command]
pub async fn preview_letter(
    state: State<'_, AppState>,
    id: String,
    command: CaseworkCommand,
) -> Result<Option<RenderedLetter>, IpcError> {
    let id = CaseId::parse(&id)?;
    let store = state.store.clone();
    let user = state.actor();
    blocking(move || store.preview_letter(&user, id, command)).await
}
