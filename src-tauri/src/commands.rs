//! The IPC surface: each command parses, calls one store function on a blocking thread
//! (SQLite must never stall the window) or one viewer function of [`crate::documents`],
//! and maps the error. Page images do not come through here but through the
//! `dossier-page` scheme ([`crate::protocol`]).

use pdf::SearchResults;
use store::{
    CaseDetail, CaseId, CaseRow, DocumentId, DocumentView, Page, QualityFlagKind, QueueQuery,
};
use tauri::State;

use crate::documents::{self, DocumentInfoView};
use crate::{AppInfo, AppState, IpcError};

/// Runs one store call (or a crate function over the store) on a blocking thread (SQLite
/// and pdfium must never stall the window) and maps its error; every command module uses
/// it.
pub(crate) async fn blocking<T: Send + 'static, E: Send + 'static>(
    f: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T, IpcError>
where
    IpcError: From<E>,
{
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| {
            IpcError::new(
                "app.task",
                format!("the request was interrupted ({e}); try again"),
            )
        })?
        .map_err(IpcError::from)
}

/// Why the store could not be opened at start, if it could not (then no other command
/// is available and the UI shows only this).
#[derive(Debug)]
pub struct Startup(pub Option<IpcError>);

/// The startup problem, or `None` when the app opened its store.
#[tauri::command]
pub fn startup_problem(startup: State<'_, Startup>) -> Option<IpcError> {
    startup.0.clone()
}

/// One page of the officer's queue.
#[tauri::command]
pub async fn queue(
    state: State<'_, AppState>,
    query: QueueQuery,
) -> Result<Page<CaseRow>, IpcError> {
    let store = state.store.clone();
    blocking(move || store.queue(&query)).await
}

/// Everyone who holds a file on this laptop (the queue's "assigned to" filter).
#[tauri::command]
pub async fn queue_assignees(state: State<'_, AppState>) -> Result<Vec<String>, IpcError> {
    let store = state.store.clone();
    blocking(move || store.assignees()).await
}

/// The whole of one file.
#[tauri::command]
pub async fn case_detail(state: State<'_, AppState>, id: String) -> Result<CaseDetail, IpcError> {
    let id = CaseId::parse(&id).map_err(IpcError::from)?;
    let store = state.store.clone();
    blocking(move || store.case_detail(id)).await
}

/// Who is using the app, on which store, and whether documents can be shown.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, IpcError> {
    state.info().map_err(IpcError::from)
}

/// A document's record (quality report, dismissals) and layout (page count and sizes).
#[tauri::command]
pub async fn document_info(
    state: State<'_, AppState>,
    document_id: String,
) -> Result<DocumentInfoView, IpcError> {
    let id = DocumentId::parse(&document_id)?;
    documents::info(state.store.clone(), &state.pdf, id).await
}

/// Text search inside a document, with the hits' rectangles.
#[tauri::command]
pub async fn search_document(
    state: State<'_, AppState>,
    document_id: String,
    query: String,
) -> Result<SearchResults, IpcError> {
    let id = DocumentId::parse(&document_id)?;
    documents::search(state.store.clone(), &state.pdf, id, query).await
}

/// Dismisses one quality flag of a document with a reason (one operation); returns the
/// document as it now reads.
#[tauri::command]
pub async fn dismiss_quality_flag(
    state: State<'_, AppState>,
    document_id: String,
    flag: QualityFlagKind,
    reason: String,
) -> Result<DocumentView, IpcError> {
    let id = DocumentId::parse(&document_id)?;
    let store = state.store.clone();
    let user = state.actor();
    blocking(move || documents::dismiss_flag(&store, &user, id, flag, reason)).await
}
