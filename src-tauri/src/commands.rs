//! The IPC surface: each command parses, calls one store function on a blocking thread
//! (SQLite must never stall the window) and maps the error.

use store::{CaseDetail, CaseId, CaseRow, Page, QueueQuery};
use tauri::State;

use crate::{AppInfo, AppState, IpcError};

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, store::StoreError> + Send + 'static,
) -> Result<T, IpcError> {
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

/// One page of the officer's queue.
#[tauri::command]
pub async fn queue(
    state: State<'_, AppState>,
    query: QueueQuery,
) -> Result<Page<CaseRow>, IpcError> {
    let store = state.store.clone();
    blocking(move || store.queue(&query)).await
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
