//! The JSON bodies of the protocol, one type per request or response. Operations travel
//! as [`WireOperation`]: the log entry of `store` without its local sync state.

use chrono::{DateTime, Utc};
use oplog::Change;
use oplog::hlc::Hlc;
use oplog::ids::{Actor, CaseId, OperationId, Role, UserId};
use serde::{Deserialize, Serialize};

use crate::cursor::Cursor;

/// The body of every error response: a stable code to branch on and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    /// Why, as a message of the catalogue, when the server has one (the laptop shows it
    /// in the officer's language; `message` stays English, for support).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<vocab::Text>,
}

/// `GET /health`: whether the server is up, and which protocol it speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub protocol: u32,
}

/// `POST /v1/sessions`: sign in.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub user: String,
    pub password: String,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("user", &self.user)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// The answer to a successful sign-in: the bearer token (shown once; the server keeps
/// only its hash) and when it expires.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
    pub user: UserId,
    pub role: Role,
    pub expires_at: DateTime<Utc>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("token", &"<redacted>")
            .field("user", &self.user)
            .field("role", &self.role)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// `GET /v1/sessions/current`: who the token belongs to, with the role as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: UserId,
    pub role: Role,
    pub expires_at: DateTime<Utc>,
    /// May reset passwords (absent from older servers: no).
    #[serde(default)]
    pub administrator: bool,
    /// Where the server's operation log stands, so the app notices a restored server
    /// before it pushes (absent from older servers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<crate::epoch::LogPosition>,
}

/// `GET /v1/users` (supervisors): the people files can be assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    pub name: UserId,
    pub role: Role,
    /// Away: receives no file (absent from older servers: no).
    #[serde(default)]
    pub away: bool,
}

/// One operation as it travels: what `oplog::Operation` is, minus where it stands with
/// the server (which only the app's log knows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireOperation {
    pub id: OperationId,
    pub case_id: CaseId,
    pub change: Change,
    pub author: Actor,
    pub hlc: Hlc,
    /// The program definition version it was decided with; an operation from a laptop
    /// older than versions was decided with the built-in one.
    #[serde(default)]
    pub program: program::ProgramVersionId,
}

impl From<&oplog::Operation> for WireOperation {
    fn from(op: &oplog::Operation) -> Self {
        Self {
            id: op.id,
            case_id: op.case_id,
            change: op.change.clone(),
            author: op.author.clone(),
            hlc: op.hlc,
            program: op.program,
        }
    }
}

impl WireOperation {
    /// The log entry this operation is, as the decider reads it.
    pub fn to_operation(&self) -> oplog::Operation {
        oplog::Operation {
            id: self.id,
            case_id: self.case_id,
            change: self.change.clone(),
            author: self.author.clone(),
            hlc: self.hlc,
            program: self.program,
            sync_state: oplog::SyncState::Acknowledged,
        }
    }

    /// The log entry for an operation received from the server: acknowledged.
    pub fn into_acknowledged(self) -> oplog::Operation {
        oplog::Operation {
            id: self.id,
            case_id: self.case_id,
            change: self.change,
            author: self.author,
            hlc: self.hlc,
            program: self.program,
            sync_state: oplog::SyncState::Acknowledged,
        }
    }
}

/// `POST /v1/operations`: a batch of operations, in the order they were made. Sending
/// the same batch again is safe: each operation is applied once, by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    pub operations: Vec<WireOperation>,
}

/// The answer to a push: one result per operation, in the order sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    pub results: Vec<PushResult>,
}

/// What became of one pushed operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResult {
    pub id: OperationId,
    #[serde(flatten)]
    pub outcome: PushOutcome,
}

/// Accepted now, accepted before, or refused with a reason the app keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PushOutcome {
    /// Stored under this server sequence number.
    Accepted { seq: i64 },
    /// Already stored (an earlier push of the same operation) under this number.
    Duplicate { seq: i64 },
    /// Not stored; `code` is one of the `REJECT_*` codes of [`crate::codes`]. `message`
    /// is English, for support; `text` (when the server has one) says why as a message of
    /// the catalogue, which the laptop renders in the officer's language; `reason` is the
    /// same rendered in French and English, for laptops older than `text`.
    Rejected {
        code: String,
        message: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<program::Bilingual>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<vocab::Text>,
    },
}

impl PushOutcome {
    /// The server sequence number, if the server holds the operation.
    pub fn seq(&self) -> Option<i64> {
        match self {
            PushOutcome::Accepted { seq } | PushOutcome::Duplicate { seq } => Some(*seq),
            PushOutcome::Rejected { .. } => None,
        }
    }
}

/// One operation of a pull, with the sequence number the server gave it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PulledOperation {
    pub seq: i64,
    #[serde(flatten)]
    pub operation: WireOperation,
}

/// `GET /v1/operations?after=CURSOR&limit=N`: the next page of operations this user may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    pub operations: Vec<PulledOperation>,
    /// Send this as `after` on the next pull (also when `operations` is empty).
    pub next: Cursor,
    /// More operations wait: pull again right away.
    pub more: bool,
    /// The server started from the beginning (no cursor, or the user's role changed since
    /// it was issued): the pages that follow are everything this user may now see.
    pub reset: bool,
    /// The server started from the beginning because the cursor belongs to a log it no
    /// longer has (another epoch, or past its head): it was restored from a backup, and
    /// the app sends its own operations again (absent from older servers: no).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub restored: bool,
    /// Where the server's log stands (absent from older servers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<crate::epoch::LogPosition>,
}

/// One program definition version as the server holds it (`GET /v1/program/versions`
/// lists them all, oldest first): laptops keep them and decide with them (P5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireProgramVersion {
    pub id: program::ProgramVersionId,
    pub effective_at: chrono::DateTime<chrono::Utc>,
    /// The definition's TOML text, as loaded.
    pub source: String,
    pub loaded_at: chrono::DateTime<chrono::Utc>,
    pub loaded_by: String,
}

impl From<&program::ProgramVersion> for WireProgramVersion {
    fn from(v: &program::ProgramVersion) -> Self {
        Self {
            id: v.id,
            effective_at: v.effective_at,
            source: v.source.clone(),
            loaded_at: v.loaded_at,
            loaded_by: v.loaded_by.clone(),
        }
    }
}

impl WireProgramVersion {
    /// The version, its definition validated again (what arrives is input).
    pub fn into_version(self) -> Result<program::ProgramVersion, program::DefinitionError> {
        program::ProgramVersion::from_source(
            self.id,
            self.effective_at,
            self.source,
            self.loaded_at,
            self.loaded_by,
        )
    }
}

/// `POST /v1/program/versions`: load a new version of the program definition (a
/// supervisor the administrator allowed to). `effective_at` absent: from now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadProgramRequest {
    /// The file's name, for the errors that name it.
    pub file_name: String,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// One file given to one officer by a distribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Assignment {
    pub case_id: uuid::Uuid,
    pub file_number: String,
    pub officer: String,
}

/// An officer's open files before and after a distribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Share {
    pub officer: String,
    pub before: u32,
    pub after: u32,
}

/// What a distribution does (`POST /v1/distribution/preview`) or did
/// (`POST /v1/distribution`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Distribution {
    pub assignments: Vec<Assignment>,
    pub shares: Vec<Share>,
    /// Unassigned files left after it.
    pub left: u32,
}

/// Distribute the next `count` unassigned files (supervisors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DistributeRequest {
    pub count: u32,
}

/// `POST /v1/blobs/missing`: which of these documents must the client upload?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingBlobsRequest {
    pub hashes: Vec<String>,
}

/// The answer: the hashes to upload (a subset of those asked about).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingBlobs {
    pub missing: Vec<String>,
}

/// Where an upload stands: how many bytes of it the server holds, and whether the
/// document is complete (verified and stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadStatus {
    pub sha256: String,
    pub received: u64,
    pub complete: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use oplog::ids::NoteId;

    #[test]
    fn push_results_read_as_documented() {
        let id = OperationId::new();
        let r = PushResult {
            id,
            outcome: PushOutcome::Rejected {
                code: "conflict.transition".into(),
                message: "m".into(),
                reason: None,
                text: Some(vocab::Text::new("sync-refused-as-sent").with("code", "x")),
            },
        };
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["outcome"], "rejected");
        assert_eq!(json["code"], "conflict.transition");
        assert_eq!(json["text"]["id"], "sync-refused-as-sent");
        assert_eq!(json["text"]["args"]["code"]["type"], "plain");
        assert_eq!(serde_json::from_value::<PushResult>(json).unwrap(), r);
        let a = serde_json::to_value(PushResult {
            id,
            outcome: PushOutcome::Accepted { seq: 3 },
        })
        .unwrap();
        assert_eq!(a["outcome"], "accepted");
        assert_eq!(a["seq"], 3);
    }

    /// A note by ana, decided with `program`.
    fn note(program: program::ProgramVersionId) -> WireOperation {
        WireOperation {
            id: OperationId::new(),
            case_id: CaseId::new(),
            change: Change::NoteAdded {
                note_id: NoteId::new(),
                body: "hello".into(),
            },
            author: Actor::officer("ana"),
            hlc: Hlc {
                wall_ms: 1,
                counter: 2,
                node: 3,
            },
            program,
        }
    }

    #[test]
    fn a_pulled_operation_is_flat_and_round_trips() {
        let op = PulledOperation {
            seq: 9,
            operation: note(program::ProgramVersionId(2)),
        };
        let json = serde_json::to_value(&op).unwrap();
        assert_eq!(json["seq"], 9);
        assert_eq!(json["change"]["kind"], "note_added");
        assert_eq!(json["author"]["role"], "officer");
        assert_eq!(json["program"], 2);
        assert_eq!(serde_json::from_value::<PulledOperation>(json).unwrap(), op);
    }

    #[test]
    fn an_operation_from_before_program_versions_names_the_builtin_one() {
        let mut json = serde_json::to_value(note(program::ProgramVersionId(3))).unwrap();
        json.as_object_mut().unwrap().remove("program");
        let op: WireOperation = serde_json::from_value(json).unwrap();
        assert_eq!(op.program, program::ProgramVersionId::BUILTIN);
    }
}
