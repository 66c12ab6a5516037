//! The supervisor's desk's commands (issue 17): the team and its workload, the files of
//! one person or of nobody, assigning many files at once, distribution with its preview,
//! users (away and back, role, password), and the program's figures. Each asks the
//! server through the sync engine, which checks the role and decides.

use sync::supervision::{Assigned, Team, TeamFile, TeamFilesOf, UserEvent};
use sync::wire::Distribution;
use syncer::supervision::FiguresView;
use tauri::State;

use crate::IpcError;
use crate::sync::{SyncShell, engine};

#[tauri::command]
pub async fn team(shell: State<'_, SyncShell>) -> Result<Team, IpcError> {
    Ok(engine(&shell)?.team().await?)
}

#[tauri::command]
pub async fn team_files(
    shell: State<'_, SyncShell>,
    of: TeamFilesOf,
) -> Result<Vec<TeamFile>, IpcError> {
    Ok(engine(&shell)?.team_files(&of).await?)
}

#[tauri::command]
pub async fn assign_files(
    shell: State<'_, SyncShell>,
    case_ids: Vec<uuid::Uuid>,
    officer: store::ids::UserId,
) -> Result<Assigned, IpcError> {
    Ok(engine(&shell)?.assign(&case_ids, &officer).await?)
}

#[tauri::command]
pub async fn distribution_preview(
    shell: State<'_, SyncShell>,
    count: u32,
) -> Result<Distribution, IpcError> {
    Ok(engine(&shell)?.distribution_preview(count).await?)
}

#[tauri::command]
pub async fn distribute(shell: State<'_, SyncShell>, count: u32) -> Result<Distribution, IpcError> {
    Ok(engine(&shell)?.distribute(count).await?)
}

#[tauri::command]
pub async fn set_away(
    shell: State<'_, SyncShell>,
    name: store::ids::UserId,
    away: bool,
) -> Result<(), IpcError> {
    Ok(engine(&shell)?.set_away(&name, away).await?)
}

#[tauri::command]
pub async fn set_role(
    shell: State<'_, SyncShell>,
    name: store::ids::UserId,
    role: store::ids::Role,
) -> Result<(), IpcError> {
    Ok(engine(&shell)?.set_role(&name, role).await?)
}

#[tauri::command]
pub async fn reset_password(
    shell: State<'_, SyncShell>,
    name: store::ids::UserId,
    password: String,
) -> Result<(), IpcError> {
    Ok(engine(&shell)?.reset_password(&name, &password).await?)
}

#[tauri::command]
pub async fn user_events(shell: State<'_, SyncShell>) -> Result<Vec<UserEvent>, IpcError> {
    Ok(engine(&shell)?.user_events().await?)
}

#[tauri::command]
pub async fn figures(shell: State<'_, SyncShell>) -> Result<FiguresView, IpcError> {
    Ok(engine(&shell)?.figures().await?)
}

/// Writes a table's CSV export to `path`, the file the supervisor chose in the save
/// dialog.
#[tauri::command]
pub async fn save_text(path: String, text: String) -> Result<(), IpcError> {
    std::fs::write(&path, text).map_err(|e| {
        IpcError::new("export.write", format!("writing {path}: {e}"))
            .with_reason(vocab::Text::new("export-write-failed").with("path", path.as_str()))
    })
}
