//! The program screen's commands (P5): the program definition versions this laptop
//! holds, and loading a new one on the server (a supervisor whom an administrator
//! allowed to; the server checks it and refuses what would change anything decided).

use chrono::NaiveDate;
use serde::Serialize;
use store::ProgramVersionView;
use tauri::State;
use ts_rs::TS;

use crate::sync::SyncShell;
use crate::{AppState, IpcError};

/// What loading a version answers: its number (the laptop holds it after the sync that
/// follows).
#[derive(Debug, Clone, Serialize, TS)]
pub struct LoadedProgram {
    pub id: u32,
}

/// Every version this laptop holds, newest first, with the one in force now.
#[tauri::command]
pub fn program_versions(state: State<'_, AppState>) -> Vec<ProgramVersionView> {
    state.store.program_history()
}

/// Loads the definition at `path`, in force from midnight in Montréal on `effective_on`
/// (default: now).
#[tauri::command]
pub async fn load_program_version(
    shell: State<'_, SyncShell>,
    path: String,
    effective_on: Option<NaiveDate>,
) -> Result<LoadedProgram, IpcError> {
    let engine = crate::sync::engine(&shell)?;
    let effective_at = effective_on.map(program::deadline::montreal_start_of_day);
    let loaded = engine
        .load_program_file(std::path::Path::new(&path), effective_at)
        .await?;
    Ok(LoadedProgram { id: loaded.id.0 })
}
