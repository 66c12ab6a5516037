//! The supervisor's desk, as the app reaches it (issue 17). Each call goes to the server,
//! which checks the role and decides; what changes files (assignments, distribution) is
//! followed by a sync round, so this laptop's queue shows it at once. The program's
//! figures are kept in the store each time they arrive, and shown from there, marked as
//! a copy, when the server cannot be reached.

use chrono::{DateTime, Utc};
use serde::Serialize;
use store::ids::{Role, UserId};
use store::sync::SyncKey;
use sync::supervision::{Assigned, Figures, Team, TeamFile, TeamFilesOf, UserEvent};
use sync::wire::Distribution;
use ts_rs::TS;

use crate::engine::{Engine, SyncError};

/// The figures shown: the server's answer now, or the last copy this laptop kept.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FiguresView {
    pub figures: Figures,
    /// A copy kept from an earlier contact (the server could not be reached now).
    pub copy: bool,
    /// Why the server's figures could not be had now, when `copy`.
    pub offline_reason: Option<vocab::Text>,
    /// When this laptop received them.
    pub received_at: DateTime<Utc>,
}

/// The figures as kept in the store.
#[derive(Debug, serde::Deserialize, Serialize)]
struct Kept {
    figures: Figures,
    received_at: DateTime<Utc>,
}

impl Engine {
    pub(crate) fn signed_in(&self) -> Result<sync::Client, SyncError> {
        self.session().ok_or(SyncError::NotSignedIn)
    }

    /// Every person with their workload.
    pub async fn team(&self) -> Result<Team, SyncError> {
        Ok(self.signed_in()?.team().await?)
    }

    /// The open files of one person, or of nobody.
    pub async fn team_files(&self, of: &TeamFilesOf) -> Result<Vec<TeamFile>, SyncError> {
        Ok(self.signed_in()?.team_files(of).await?)
    }

    /// Assigns these files to `officer` (all or none), then syncs.
    pub async fn assign(
        &self,
        case_ids: &[uuid::Uuid],
        officer: &UserId,
    ) -> Result<Assigned, SyncError> {
        let done = self.signed_in()?.assign(case_ids, officer).await?;
        self.sync_now();
        Ok(done)
    }

    /// What distributing the next `count` unassigned files would do.
    pub async fn distribution_preview(&self, count: u32) -> Result<Distribution, SyncError> {
        Ok(self.signed_in()?.distribution_preview(count).await?)
    }

    /// Distributes the next `count` unassigned files, then syncs.
    pub async fn distribute(&self, count: u32) -> Result<Distribution, SyncError> {
        let done = self.signed_in()?.distribute(count).await?;
        self.sync_now();
        Ok(done)
    }

    pub async fn set_away(&self, name: &UserId, away: bool) -> Result<(), SyncError> {
        Ok(self.signed_in()?.set_away(name, away).await?)
    }

    pub async fn set_role(&self, name: &UserId, role: Role) -> Result<(), SyncError> {
        Ok(self.signed_in()?.set_role(name, role).await?)
    }

    pub async fn reset_password(&self, name: &UserId, password: &str) -> Result<(), SyncError> {
        Ok(self.signed_in()?.reset_password(name, password).await?)
    }

    pub async fn user_events(&self) -> Result<Vec<UserEvent>, SyncError> {
        Ok(self.signed_in()?.user_events().await?)
    }

    /// The program's figures from the server, kept in the store; when the server cannot
    /// be reached (or nobody is signed in), the last copy kept, if there is one.
    pub async fn figures(&self) -> Result<FiguresView, SyncError> {
        let live = match self.session() {
            Some(client) => client.figures().await.map_err(SyncError::from),
            None => Err(SyncError::NotSignedIn),
        };
        match live {
            Ok(figures) => {
                let kept = Kept {
                    figures,
                    received_at: Utc::now(),
                };
                let json = serde_json::to_string(&kept)
                    .map_err(|e| SyncError::Task(format!("keeping the figures: {e}")))?;
                let store = self.store().clone();
                tokio::task::spawn_blocking(move || {
                    store.set_sync_value(SyncKey::LastFigures, Some(&json))
                })
                .await
                .map_err(|e| SyncError::Task(e.to_string()))??;
                Ok(FiguresView {
                    figures: kept.figures,
                    copy: false,
                    offline_reason: None,
                    received_at: kept.received_at,
                })
            }
            Err(e) if e.is_transient() || matches!(e, SyncError::NotSignedIn) => {
                let kept = self
                    .store()
                    .sync_value(SyncKey::LastFigures)?
                    .and_then(|json| serde_json::from_str::<Kept>(&json).ok());
                match kept {
                    Some(kept) => Ok(FiguresView {
                        figures: kept.figures,
                        copy: true,
                        offline_reason: Some(e.text()),
                        received_at: kept.received_at,
                    }),
                    None => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }
}
