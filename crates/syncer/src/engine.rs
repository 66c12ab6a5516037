//! The sync engine: one [`Engine`] per store and server. A round ([`Engine::sync_once`]):
//!
//! 1. asks the server who the session is (an expired token stops here: "sign in again",
//!    and every pending operation stays pending) and where its log stands: a server
//!    restored from a backup since the last round (another epoch, or a head behind what
//!    this laptop has seen; `sync::epoch`) has this laptop's own operations sent again and
//!    the pull start from the beginning;
//! 2. uploads the bytes of documents that pending `document_added` operations name and
//!    the server lacks (chunked; an interrupted upload resumes where the server's copy
//!    ends);
//! 3. pushes pending operations in batches, oldest first, and records each answer
//!    (acknowledged with the server's number, or rejected with its code and message);
//! 4. pulls pages after the saved cursor until the server says there is no more, applies
//!    them (once each, by id) and saves the cursor after each page;
//! 5. downloads the documents of the user's files that are not on this laptop, so an
//!    officer can travel with them (a supervisor gets every file's documents).
//!
//! Store calls run on blocking threads. [`run`] repeats rounds in the background:
//! every `interval`, at once on [`Engine::sync_now`], and with a doubling back-off while
//! the server cannot be reached. Everything the indicator shows is in the
//! [`SyncStatus`] that [`Engine::subscribe`] watches.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use store::ids::Role;
use store::sync::{BlobNeed, PushVerdict, Rejection, RemoteOperation, SyncKey};
use store::{Store, StoreError};
use sync::epoch::{Continuity, Seen, continuity};
use sync::{
    Client, ClientError, Cursor, Epoch, LogPosition, PushOutcome, PushResult, WireOperation,
};
use thiserror::Error;
use tokio::sync::{Notify, watch};

use crate::status::{ConnectionState, Phase, Progress, StatusError, SyncStatus};
use keychain::{CredentialError, Credentials};

/// How the engine paces itself.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Operations per push (the server accepts up to `sync.max_push_operations`).
    pub push_batch: u32,
    /// Operations per pull page.
    pub pull_limit: u32,
    /// Bytes per upload chunk.
    pub chunk_bytes: usize,
    /// Time between rounds when all is well.
    pub interval: Duration,
    /// First wait after a failed round; doubles up to `max_backoff`.
    pub min_backoff: Duration,
    pub max_backoff: Duration,
    /// Whether rounds download the documents of the user's files.
    pub download_documents: bool,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            push_batch: 500,
            pull_limit: 500,
            chunk_bytes: sync::client::DEFAULT_CHUNK_BYTES,
            interval: Duration::from_secs(60),
            min_backoff: Duration::from_secs(5),
            max_backoff: Duration::from_secs(300),
            download_documents: true,
        }
    }
}

/// Why a round or a sign-in did not complete.
#[derive(Debug, Error)]
pub enum SyncError {
    #[error(transparent)]
    Client(#[from] ClientError),

    #[error(transparent)]
    Store(#[from] StoreError),

    #[error(transparent)]
    Credentials(#[from] CredentialError),

    #[error("nobody is signed in on this laptop: sign in to synchronise")]
    NotSignedIn,

    #[error("a background task of sync stopped ({0}); try again")]
    Task(String),

    /// A program definition file that cannot be read.
    #[error(
        "cannot read the program definition {}: {source}; check the path and that the file is readable",
        path.display()
    )]
    ProgramFile {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The store holds the standalone demo (`dossier demo`), never synchronised.
    #[error(
        "this store holds the standalone demo, made up by fictitious users, and is never \
         synchronised: start the app with another store (DOSSIER_STORE) to work with a server"
    )]
    DemoStore,

    /// The server refused operations stamped ahead of its clock: this laptop's clock is
    /// wrong. What was refused is kept in the conflicts view.
    #[error(
        "this computer's clock is ahead of the server's ({0}); set the computer's date and \
         time, then record the changes in the conflicts view again"
    )]
    ClockAhead(String),
}

impl SyncError {
    /// What happened and what to do, as a message of the catalogue (the indicator shows
    /// it in the officer's language; `Display` is the English for support).
    pub fn text(&self) -> vocab::Text {
        use vocab::Text;
        match self {
            SyncError::Client(e) => e.text(),
            SyncError::Store(e) => e
                .reason()
                .unwrap_or_else(|| Text::new("sync-error-store").with("code", e.code())),
            SyncError::Credentials(_) => Text::new("sync-error-keyring"),
            SyncError::NotSignedIn => Text::new("sync-error-sign-in"),
            SyncError::Task(_) => Text::new("sync-error-task"),
            SyncError::ClockAhead(_) => Text::new("sync-error-clock-ahead"),
            SyncError::DemoStore => Text::new("sync-error-demo-store"),
            SyncError::ProgramFile { path, .. } => {
                Text::new("program-load-unreadable").with("file", path.display().to_string())
            }
        }
    }

    /// A stable code for the UI.
    pub fn code(&self) -> String {
        match self {
            SyncError::Client(e) => e.code().to_owned(),
            SyncError::Store(e) => e.code().to_owned(),
            SyncError::Credentials(e) => e.code().to_owned(),
            SyncError::NotSignedIn => "sync.not_signed_in".to_owned(),
            SyncError::Task(_) => "sync.task".to_owned(),
            SyncError::ClockAhead(_) => sync::codes::REJECT_CLOCK_AHEAD.to_owned(),
            SyncError::DemoStore => "sync.demo_store".to_owned(),
            SyncError::ProgramFile { .. } => "program.unreadable".to_owned(),
        }
    }

    /// Whether retrying later may succeed by itself (the server was unreachable or failed).
    pub fn is_transient(&self) -> bool {
        matches!(self, SyncError::Client(e) if e.is_transient())
    }

    /// Whether the user must sign in again (pending work is kept).
    pub fn needs_sign_in(&self) -> bool {
        matches!(
            self,
            SyncError::NotSignedIn
                | SyncError::Client(ClientError::SignInRequired { .. })
                | SyncError::Client(ClientError::NotSignedIn)
        )
    }
}

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundReport {
    pub uploaded: u32,
    pub pushed: u32,
    pub acknowledged: u32,
    pub rejected: u32,
    pub pulled: u32,
    pub applied: u32,
    pub downloaded: u32,
    /// Pending operations that no longer applied after the server's changes.
    pub locally_rejected: u32,
    /// Server operations that could not be applied here (kept in the log), with reasons.
    pub unapplied: Vec<String>,
    /// Whether the server's program definition versions changed what this laptop holds.
    pub programs_changed: bool,
    /// Files that left this laptop (assigned away, or every file of a disabled account).
    pub released: u32,
    /// The server gave the user another role than this laptop knew (the screens follow).
    pub role_changed: bool,
    /// The server was restored from a backup since the last round (`sync::epoch`): this
    /// laptop sent its own operations again and pulled from the start.
    pub server_restored: bool,
    /// Operations made here that were pending again because of it (the server stored
    /// those it had lost, and answered `duplicate` for the others).
    pub resent: u32,
}

/// What signing in did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub user: String,
    pub role: Role,
    /// Why the token could not be kept in the keyring (the session then lasts until
    /// the app closes).
    pub keyring_warning: Option<String>,
}

/// The sync engine of one store and one server.
#[derive(Debug)]
pub struct Engine {
    store: Arc<Store>,
    base: Client,
    session: Mutex<Option<Client>>,
    credentials: Option<Credentials>,
    config: EngineConfig,
    status: watch::Sender<SyncStatus>,
    round: tokio::sync::Mutex<()>,
    wake: Notify,
}

async fn blocking<T: Send + 'static>(
    store: &Arc<Store>,
    f: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, SyncError> {
    let store = store.clone();
    tokio::task::spawn_blocking(move || f(&store))
        .await
        .map_err(|e| SyncError::Task(e.to_string()))?
        .map_err(SyncError::from)
}

impl Engine {
    /// An engine for `store` and the server at `server_url`, signed out. With
    /// `credentials`, tokens are kept in (and resumed from) the OS keyring.
    pub fn new(
        store: Arc<Store>,
        server_url: &str,
        config: EngineConfig,
        credentials: Option<Credentials>,
    ) -> Result<Self, SyncError> {
        if store.sync_value(SyncKey::DemoData)?.is_some() {
            return Err(SyncError::DemoStore);
        }
        let base = Client::new(server_url)?;
        let user = store.sync_value(SyncKey::User)?;
        let mut status = SyncStatus::not_configured();
        status.state = ConnectionState::SignedOut;
        status.server_url = Some(base.base_url().to_owned());
        status.user = user;
        status.last_sync = store.last_sync()?;
        status.pending = clamp(store.pending_count()?);
        status.conflicts = clamp(store.rejected_count()?);
        let (status, _) = watch::channel(status);
        Ok(Self {
            store,
            base,
            session: Mutex::new(None),
            credentials,
            config,
            status,
            round: tokio::sync::Mutex::new(()),
            wake: Notify::new(),
        })
    }

    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    pub fn server_url(&self) -> &str {
        self.base.base_url()
    }

    /// The status as it is now.
    pub fn status(&self) -> SyncStatus {
        self.status.borrow().clone()
    }

    /// Follows every change of the status (for events to the UI).
    pub fn subscribe(&self) -> watch::Receiver<SyncStatus> {
        self.status.subscribe()
    }

    /// Asks the background loop for a round now.
    pub fn sync_now(&self) {
        self.wake.notify_one();
    }

    pub(crate) fn session(&self) -> Option<Client> {
        self.session
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn set_session(&self, client: Option<Client>) {
        *self.session.lock().unwrap_or_else(|p| p.into_inner()) = client;
    }

    /// Picks up the token kept in the keyring for the user who signed in last, if any.
    /// Returns whether a session is now open (it is checked on the next round).
    pub async fn resume(&self) -> Result<bool, SyncError> {
        let Some(credentials) = self.credentials.clone() else {
            return Ok(false);
        };
        let Some(user) = self.store.sync_value(SyncKey::User)? else {
            return Ok(false);
        };
        let url = self.server_url().to_owned();
        let token = tokio::task::spawn_blocking(move || credentials.token(&url, &user))
            .await
            .map_err(|e| SyncError::Task(e.to_string()))??;
        Ok(match token {
            Some(t) => {
                self.set_session(Some(self.base.clone().with_token(t)));
                true
            }
            None => false,
        })
    }

    /// Signs in, keeps the token in the keyring (if it can: otherwise only for this run,
    /// and says why), and remembers who signed in.
    pub async fn sign_in(&self, user: &str, password: &str) -> Result<SignedIn, SyncError> {
        let mut client = self.base.clone();
        let session = client.login(user, password).await?;
        let user = session.user.0.clone();
        let mut keyring_warning = None;
        if let Some(credentials) = self.credentials.clone() {
            let (url, u, token) = (
                self.server_url().to_owned(),
                user.clone(),
                session.token.clone(),
            );
            let saved =
                tokio::task::spawn_blocking(move || credentials.save_token(&url, &u, &token))
                    .await
                    .map_err(|e| SyncError::Task(e.to_string()))?;
            if let Err(e) = saved {
                keyring_warning = Some(e.to_string());
            }
        }
        let u = user.clone();
        let url = self.server_url().to_owned();
        let role = session.role.code();
        blocking(&self.store, move |s| {
            s.set_sync_value(SyncKey::User, Some(&u))?;
            s.set_sync_value(SyncKey::Role, Some(role))?;
            s.set_sync_value(SyncKey::ServerUrl, Some(&url))
        })
        .await?;
        self.set_session(Some(client));
        self.status.send_modify(|st| {
            st.state = ConnectionState::Online;
            st.user = Some(user.clone());
            st.last_error = keyring_warning.as_ref().map(|w| StatusError {
                code: "keyring.unavailable".into(),
                message: w.clone(),
                text: vocab::Text::new("sync-error-keyring-session"),
            });
        });
        Ok(SignedIn {
            user,
            role: session.role,
            keyring_warning,
        })
    }

    /// Ends the session on the server (when reachable), forgets the token in the keyring,
    /// and stops syncing until the next sign-in. Pending operations are kept.
    pub async fn sign_out(&self) -> Result<(), SyncError> {
        if let Some(mut client) = self.session() {
            // Offline, the token simply expires on the server later.
            let _ = client.logout().await;
        }
        self.set_session(None);
        let user = self.store.sync_value(SyncKey::User)?;
        if let (Some(credentials), Some(user)) = (self.credentials.clone(), user) {
            let url = self.server_url().to_owned();
            tokio::task::spawn_blocking(move || credentials.delete_token(&url, &user))
                .await
                .map_err(|e| SyncError::Task(e.to_string()))??;
        }
        self.status.send_modify(|st| {
            st.state = ConnectionState::SignedOut;
            st.progress = None;
            st.last_error = None;
        });
        Ok(())
    }

    /// One round (see the module documentation). The status follows it; the result says
    /// what happened. Rounds never overlap.
    pub async fn sync_once(&self) -> Result<RoundReport, SyncError> {
        let _one = self.round.lock().await;
        let result = match self.session() {
            None => Err(SyncError::NotSignedIn),
            Some(client) => {
                self.status.send_modify(|st| {
                    st.state = ConnectionState::Syncing;
                    st.progress = None;
                });
                self.round(&client).await
            }
        };
        let (pending, conflicts, last_sync) = {
            let s = self.store.clone();
            tokio::task::spawn_blocking(move || {
                Ok::<_, StoreError>((s.pending_count()?, s.rejected_count()?, s.last_sync()?))
            })
            .await
            .map_err(|e| SyncError::Task(e.to_string()))??
        };
        let changed = result.as_ref().is_ok_and(|r| {
            r.applied > 0
                || r.downloaded > 0
                || r.locally_rejected > 0
                || r.rejected > 0
                || r.released > 0
                || r.role_changed
                || r.programs_changed
                || r.server_restored
        });
        self.status.send_modify(|st| {
            st.pending = clamp(pending);
            st.conflicts = clamp(conflicts);
            st.last_sync = last_sync;
            st.progress = None;
            if changed {
                st.changes += 1;
            }
            match &result {
                Ok(_) => {
                    st.state = ConnectionState::Online;
                    st.last_error = None;
                }
                Err(e) => {
                    st.state = if e.is_transient() {
                        ConnectionState::Offline
                    } else if matches!(e, SyncError::NotSignedIn) {
                        ConnectionState::SignedOut
                    } else if e.needs_sign_in() {
                        ConnectionState::SignInRequired
                    } else {
                        ConnectionState::Error
                    };
                    st.last_error = Some(StatusError {
                        code: e.code(),
                        message: e.to_string(),
                        text: e.text(),
                    });
                }
            }
        });
        result
    }

    fn progress(&self, phase: Phase, done: u32, total: u32, bytes_done: u64, bytes_total: u64) {
        self.status.send_modify(|st| {
            st.progress = Some(Progress {
                phase,
                done,
                total,
                bytes_done,
                bytes_total,
            });
        });
    }

    async fn round(&self, client: &Client) -> Result<RoundReport, SyncError> {
        let mut report = RoundReport::default();
        let me = match client.session().await {
            Ok(me) => me,
            // A disabled account: every file leaves this laptop (issue 18).
            Err(ClientError::SignInRequired { code, message })
                if code == sync::codes::AUTH_DISABLED =>
            {
                let released =
                    blocking(&self.store, |s| s.release_files_not_assigned_to(None)).await?;
                if !released.files.is_empty() {
                    self.status.send_modify(|st| st.changes += 1);
                }
                self.set_session(None);
                return Err(ClientError::SignInRequired { code, message }.into());
            }
            Err(e) => return Err(e.into()),
        };
        self.status
            .send_modify(|st| st.user = Some(me.user.0.clone()));
        // The role as the server says it now (a supervisor made an officer loses the
        // supervisor's screens at the next round, not at the next sign-in).
        let role = me.role;
        report.role_changed = blocking(&self.store, move |s| {
            let changed = s.sync_value(SyncKey::Role)?.as_deref() != Some(role.code());
            if changed {
                s.set_sync_value(SyncKey::Role, Some(role.code()))?;
            }
            Ok(changed)
        })
        .await?;
        // A server restored from a backup is found before anything is pushed: what this
        // laptop made is then sent again in the order it was made, the older first.
        if let Some(log) = me.log {
            self.continuity(&log, &mut report).await?;
        }
        // The program definition first: the operations pulled below may name a version
        // loaded since the last round, and the screens follow the version in force.
        self.programs(client, &mut report).await?;
        self.upload(client, &mut report).await?;
        // What the server decided is pulled even when the push stopped half-way (the
        // server failing): one stuck operation never keeps the laptop from the others'
        // work. The push's error is the round's, once the pull is done.
        let pushed = self.push(client, &mut report).await;
        if let Err(e) = &pushed
            && e.needs_sign_in()
        {
            return Err(pushed.unwrap_err());
        }
        let pulled = self.pull(client, &mut report).await?;
        pushed?;
        if let Pulled::Restored(log) = pulled {
            // The server found the restore itself (this laptop's cursor belongs to a log it
            // no longer has): start again the same way, then push and pull once more.
            self.restart_after_restore(&log, &mut report).await?;
            let pushed = self.push(client, &mut report).await;
            if let Err(e) = &pushed
                && e.needs_sign_in()
            {
                return Err(pushed.unwrap_err());
            }
            self.pull(client, &mut report).await?;
            pushed?;
        }
        // An officer keeps only the files assigned to them: one assigned away leaves,
        // with its documents; its changes the server did not take stay as conflicts.
        if me.role == Role::Officer {
            let user = me.user.clone();
            let released = blocking(&self.store, move |s| {
                s.release_files_not_assigned_to(Some(&user))
            })
            .await?;
            report.released = released.files.len() as u32;
            report.locally_rejected += released.conflicts;
        }
        if self.config.download_documents {
            let scope = match me.role {
                Role::Officer => Some(me.user.0.clone()),
                Role::Supervisor => None,
            };
            self.download(client, scope, &mut report).await?;
        }
        let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        blocking(&self.store, move |s| {
            s.set_sync_value(SyncKey::LastSync, Some(&now))
        })
        .await?;
        Ok(report)
    }

    /// P5: loads the program definition file at `path` as a new version on the server,
    /// in force from `effective_at` (default: now), as the signed-in supervisor (whom an
    /// administrator allowed to), then syncs so this laptop holds it.
    pub async fn load_program_file(
        &self,
        path: &std::path::Path,
        effective_at: Option<chrono::DateTime<Utc>>,
    ) -> Result<sync::wire::WireProgramVersion, SyncError> {
        let client = self.session().ok_or(SyncError::NotSignedIn)?;
        let source =
            tokio::fs::read_to_string(path)
                .await
                .map_err(|source| SyncError::ProgramFile {
                    path: path.to_owned(),
                    source,
                })?;
        let file_name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let loaded = client
            .load_program(&sync::wire::LoadProgramRequest {
                file_name,
                source,
                effective_at,
            })
            .await?;
        self.sync_now();
        Ok(loaded)
    }

    /// P5: keeps the server's program definition versions. A server older than versions
    /// (404) decides with the built-in definition, as this laptop does before any.
    async fn programs(&self, client: &Client, report: &mut RoundReport) -> Result<(), SyncError> {
        let wire = match client.program_versions().await {
            Ok(wire) => wire,
            Err(ClientError::NotFound { .. }) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        let mut versions = Vec::with_capacity(wire.len());
        for v in wire {
            let id = v.id;
            versions.push(v.into_version().map_err(|e| {
                SyncError::Client(ClientError::BadResponse(format!(
                    "the server's program definition version {id} does not validate: {e}"
                )))
            })?);
        }
        report.programs_changed =
            blocking(&self.store, move |s| s.receive_program_versions(versions)).await?;
        Ok(())
    }

    async fn upload(&self, client: &Client, report: &mut RoundReport) -> Result<(), SyncError> {
        let needs = blocking(&self.store, |s| s.pending_uploads()).await?;
        let here: Vec<_> = needs
            .into_iter()
            .filter(|n| self.store.blobs().contains(&n.sha256))
            .collect();
        if here.is_empty() {
            return Ok(());
        }
        let hashes: Vec<String> = here.iter().map(|n| n.sha256.clone()).collect();
        let missing = client.missing_blobs(&hashes).await?;
        let todo: Vec<_> = here
            .into_iter()
            .filter(|n| missing.contains(&n.sha256))
            .collect();
        let total = clamp(todo.len() as u64);
        let bytes_total: u64 = todo.iter().map(|n| n.byte_size).sum();
        let mut bytes_done = 0;
        for (i, need) in todo.into_iter().enumerate() {
            self.progress(
                Phase::Uploading,
                clamp(i as u64),
                total,
                bytes_done,
                bytes_total,
            );
            let sha = need.sha256.clone();
            let bytes = blocking(&self.store, move |s| s.blobs().get(&sha)).await?;
            client
                .upload_blob(&need.sha256, &bytes, self.config.chunk_bytes)
                .await?;
            bytes_done += bytes.len() as u64;
            report.uploaded += 1;
        }
        Ok(())
    }

    async fn push(&self, client: &Client, report: &mut RoundReport) -> Result<(), SyncError> {
        let total = clamp(blocking(&self.store, |s| s.pending_count()).await?);
        let mut done = 0;
        let mut clock_ahead: Option<String> = None;
        loop {
            let n = self.config.push_batch.max(1);
            let batch = blocking(&self.store, move |s| s.pending_operations(n)).await?;
            if batch.is_empty() {
                break;
            }
            self.progress(Phase::Pushing, done, total, 0, 0);
            let wire: Vec<WireOperation> = batch.iter().map(WireOperation::from).collect();
            let results = match client.push(&wire).await {
                Ok(results) => results,
                // The server refused the whole request (it could not read an operation,
                // or the batch): find the operation it refuses by sending them one at a
                // time, and keep that one as a conflict with the server's words.
                Err(e) if refused_as_sent(&e) => isolate(client, &wire).await?,
                Err(e) => return Err(e.into()),
            };
            let verdicts: Vec<_> = results
                .into_iter()
                .map(|r| {
                    let verdict = match r.outcome {
                        PushOutcome::Accepted { seq } | PushOutcome::Duplicate { seq } => {
                            PushVerdict::Accepted { server_seq: seq }
                        }
                        PushOutcome::Rejected {
                            code,
                            message,
                            reason,
                            text,
                        } => {
                            if code == sync::codes::REJECT_CLOCK_AHEAD {
                                clock_ahead = Some(message.clone());
                            }
                            PushVerdict::Rejected(Rejection {
                                code,
                                message,
                                // An older server gives only the words.
                                reason: text.or_else(|| {
                                    reason.map(|b| {
                                        vocab::Text::new("reason-as-given").with("text", b)
                                    })
                                }),
                            })
                        }
                    };
                    (r.id, verdict)
                })
                .collect();
            let recorded = blocking(&self.store, move |s| s.record_push_results(&verdicts)).await?;
            report.pushed += clamp(batch.len() as u64);
            report.acknowledged += recorded.acknowledged;
            report.rejected += recorded.rejected;
            report.locally_rejected += clamp(recorded.locally_rejected.len() as u64);
            done += clamp(batch.len() as u64);
            if recorded.acknowledged + recorded.rejected == 0 {
                return Err(ClientError::BadResponse(
                    "the server answered a push without a result for any operation sent".into(),
                )
                .into());
            }
            if (batch.len() as u64) < u64::from(n) {
                break;
            }
        }
        match clock_ahead {
            Some(message) => Err(SyncError::ClockAhead(message)),
            None => Ok(()),
        }
    }

    /// Whether the server's log is the one this laptop synchronised with
    /// ([`sync::epoch::continuity`]); when it was restored, starts again with it.
    async fn continuity(
        &self,
        log: &LogPosition,
        report: &mut RoundReport,
    ) -> Result<(), SyncError> {
        let (epoch, cursor, highest) = blocking(&self.store, |s| {
            Ok((
                s.sync_value(SyncKey::Epoch)?,
                s.sync_value(SyncKey::Cursor)?,
                s.highest_server_seq()?,
            ))
        })
        .await?;
        let through = cursor
            .and_then(|c| c.parse::<Cursor>().ok())
            .map_or(0, |c| c.through);
        let seen = Seen {
            // An epoch this laptop cannot read is one it cannot vouch for.
            epoch: epoch.map(|e| e.parse().unwrap_or(Epoch(uuid::Uuid::nil()))),
            highest: highest.max(through),
        };
        match continuity(&seen, log) {
            Continuity::Same => Ok(()),
            Continuity::Adopt => {
                let epoch = log.epoch.to_string();
                blocking(&self.store, move |s| {
                    s.set_sync_value(SyncKey::Epoch, Some(&epoch))
                })
                .await
            }
            Continuity::Restored(_) => self.restart_after_restore(log, report).await,
        }
    }

    /// The server was restored from a backup: this laptop's own operations are pending
    /// again and the pull starts from the beginning, in the server's epoch now
    /// ([`Store::resync_after_restore`]).
    async fn restart_after_restore(
        &self,
        log: &LogPosition,
        report: &mut RoundReport,
    ) -> Result<(), SyncError> {
        let epoch = log.epoch.to_string();
        let resync = blocking(&self.store, move |s| s.resync_after_restore(&epoch)).await?;
        report.server_restored = true;
        report.resent += resync.resent;
        Ok(())
    }

    async fn pull(&self, client: &Client, report: &mut RoundReport) -> Result<Pulled, SyncError> {
        let (epoch, cursor) = blocking(&self.store, |s| {
            Ok((
                s.sync_value(SyncKey::Epoch)?,
                s.sync_value(SyncKey::Cursor)?,
            ))
        })
        .await?;
        let epoch: Option<Epoch> = epoch.and_then(|e| e.parse().ok());
        let mut cursor: Option<Cursor> = cursor.and_then(|c| c.parse().ok());
        loop {
            self.progress(Phase::Pulling, report.pulled, 0, 0, 0);
            let page = client
                .pull_in(
                    epoch.as_ref(),
                    cursor.as_ref(),
                    self.config.pull_limit.max(1),
                )
                .await?;
            if page.restored {
                let log = page.log.ok_or_else(|| {
                    ClientError::BadResponse(
                        "the server said it was restored without saying where its log stands"
                            .into(),
                    )
                })?;
                return Ok(Pulled::Restored(log));
            }
            let ops: Vec<RemoteOperation> = page
                .operations
                .into_iter()
                .map(|p| RemoteOperation {
                    server_seq: p.seq,
                    operation: p.operation.into_acknowledged(),
                })
                .collect();
            report.pulled += clamp(ops.len() as u64);
            let next = page.next.to_string();
            let applied = blocking(&self.store, move |s| {
                let r = s.apply_remote(&ops)?;
                s.set_sync_value(SyncKey::Cursor, Some(&next))?;
                Ok(r)
            })
            .await?;
            report.applied += applied.applied;
            report.locally_rejected += clamp(applied.locally_rejected.len() as u64);
            report
                .unapplied
                .extend(applied.unapplied.into_iter().map(|(_, why)| why));
            cursor = Some(page.next);
            if !page.more {
                return Ok(Pulled::Done);
            }
        }
    }

    async fn download(
        &self,
        client: &Client,
        scope: Option<String>,
        report: &mut RoundReport,
    ) -> Result<(), SyncError> {
        let needs = blocking(&self.store, move |s| s.missing_blobs(scope.as_deref())).await?;
        let total = clamp(needs.len() as u64);
        let bytes_total: u64 = needs.iter().map(|n| n.byte_size).sum();
        let mut bytes_done = 0;
        for (i, need) in needs.into_iter().enumerate() {
            self.progress(
                Phase::Downloading,
                clamp(i as u64),
                total,
                bytes_done,
                bytes_total,
            );
            let done = bytes_done;
            let progress = |received: u64| {
                self.progress(
                    Phase::Downloading,
                    clamp(i as u64),
                    total,
                    done + received,
                    bytes_total,
                );
            };
            // `None`: a file assigned away since the pull, or a document never uploaded;
            // nothing to fetch now, the next round tries again.
            if let Some(bytes) = self.download_one(client, &need, progress).await? {
                bytes_done += bytes;
                report.downloaded += 1;
            }
        }
        if total > 0 {
            self.progress(Phase::Downloading, total, total, bytes_done, bytes_total);
        }
        Ok(())
    }
}

impl Engine {
    /// Downloads one document, continuing from what an earlier attempt kept
    /// ([`store::PartialDownload`]): asks the server for the bytes after those, seals them
    /// segment by segment as they arrive, and, at the end, checks the whole against its
    /// hash and stores it. When the connection breaks, what came is kept for the next
    /// round. The document's size, or `None` when the server has nothing to give.
    async fn download_one(
        &self,
        client: &Client,
        need: &BlobNeed,
        progress: impl Fn(u64),
    ) -> Result<Option<u64>, SyncError> {
        let sha = need.sha256.clone();
        let size = need.byte_size;
        let mut partial = blocking(&self.store, move |s| {
            let partial = s.blobs().partial(&sha)?;
            if partial.received() <= size {
                return Ok(partial);
            }
            // More than the document holds: not worth trusting; start again.
            partial.discard();
            s.blobs().partial(&sha)
        })
        .await?;
        let mut body = match client
            .download_blob_body(&need.sha256, partial.received())
            .await
        {
            Ok(body) => body,
            Err(ClientError::NotFound { .. }) => {
                blocking(&self.store, move |_| {
                    partial.discard();
                    Ok(())
                })
                .await?;
                return Ok(None);
            }
            Err(e) => return Err(e.into()),
        };
        let mut buf = Vec::new();
        let ended = loop {
            match body.chunk().await {
                Ok(Some(chunk)) => {
                    buf.extend_from_slice(&chunk);
                    if buf.len() >= store::SEGMENT_BYTES {
                        let segment = std::mem::take(&mut buf);
                        partial = blocking(&self.store, move |_| {
                            partial.append(&segment)?;
                            Ok(partial)
                        })
                        .await?;
                        progress(partial.received());
                    }
                }
                Ok(None) => break Ok(()),
                Err(e) => break Err(e),
            }
        };
        match ended {
            Ok(()) => {
                let received = partial.received() + buf.len() as u64;
                blocking(&self.store, move |s| {
                    partial.append(&buf)?;
                    partial.finish(s.blobs())
                })
                .await?;
                progress(received);
                Ok(Some(received))
            }
            Err(e) => {
                blocking(&self.store, move |_| {
                    partial.append(&buf)?;
                    partial.keep()
                })
                .await?;
                Err(e.into())
            }
        }
    }
}

/// How a pull ended.
enum Pulled {
    /// Every page the server had.
    Done,
    /// The server said the cursor belongs to a log it no longer has: it was restored.
    Restored(LogPosition),
}

/// Whether the server answered a whole push with a refusal that sending the same
/// operations again would meet again (not a failure, a session or the network).
fn refused_as_sent(e: &ClientError) -> bool {
    matches!(e, ClientError::Refused { .. } | ClientError::BadResponse(_))
}

/// Pushes `wire` one operation at a time: each gets the server's answer, and one the
/// server refuses as sent is answered as rejected with the server's code and words.
async fn isolate(client: &Client, wire: &[WireOperation]) -> Result<Vec<PushResult>, SyncError> {
    let mut results = Vec::with_capacity(wire.len());
    for op in wire {
        match client.push(std::slice::from_ref(op)).await {
            Ok(mut one) => results.append(&mut one),
            Err(e) if refused_as_sent(&e) => results.push(PushResult {
                id: op.id,
                outcome: PushOutcome::Rejected {
                    code: e.code().to_owned(),
                    message: e.to_string(),
                    reason: None,
                    text: Some(vocab::Text::new("sync-refused-as-sent").with("code", e.code())),
                },
            }),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(results)
}

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The background loop: a round now, then one every `interval`, or at once when
/// [`Engine::sync_now`] is called; after a round that could not reach the server, waits
/// `min_backoff`, doubling up to `max_backoff`. Runs until its task is dropped.
pub async fn run(engine: Arc<Engine>) {
    let mut backoff = engine.config.min_backoff;
    loop {
        let wait = match engine.sync_once().await {
            Ok(_) => {
                backoff = engine.config.min_backoff;
                engine.config.interval
            }
            Err(e) if e.is_transient() => {
                let w = backoff;
                backoff = (backoff * 2).min(engine.config.max_backoff);
                w
            }
            Err(_) => engine.config.interval,
        };
        tokio::select! {
            _ = engine.wake.notified() => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
}
