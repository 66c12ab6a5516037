//! Review integrity in the shell (issue 20): the pages of the open file that the server
//! found in another file, and a supervisor's dismissal of a pair with its reason. Thin:
//! each command calls one function of `syncer::integrity`; the server decides what each
//! role sees and may do.

use sync::integrity::ScanMatch;
use tauri::State;

use crate::IpcError;
use crate::sync::{SyncShell, engine};

/// The pairs of matching pages that touch file `case_id`, its own page first.
#[tauri::command]
pub async fn scan_matches(
    shell: State<'_, SyncShell>,
    case_id: String,
) -> Result<Vec<ScanMatch>, IpcError> {
    let case = store::CaseId::parse(&case_id).map_err(IpcError::from)?;
    Ok(engine(&shell)?.scan_matches_of(case.0).await?)
}

/// Dismisses pair `id`, with why (supervisors).
#[tauri::command]
pub async fn dismiss_scan_match(
    shell: State<'_, SyncShell>,
    id: i64,
    reason: String,
) -> Result<(), IpcError> {
    Ok(engine(&shell)?.dismiss_scan_match(id, &reason).await?)
}
