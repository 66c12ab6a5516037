//! What can go wrong in the store, each with a message that says what to do about it.

use std::path::{Path, PathBuf};

use thiserror::Error;
use vocab::Text;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "the store at {path} was written by a newer version of Dossier (schema {found}, this \
         version knows up to {known}); install the newer version to open it"
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    #[error(
        "the store at {path} could not be opened: {source}; check the path and its permissions"
    )]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    #[error(
        "the store at {path} cannot be read with the key Dossier holds for it: it is \
         encrypted with another key, or it is not a Dossier store; restore the keyring that \
         held its key, or move the file aside and sign in again to download your files"
    )]
    WrongKey { path: PathBuf },

    #[error("the store's schema could not be brought up to date: {0}")]
    Migration(String),

    #[error(
        "the store is full or the disk could not be written ({0}); free some disk space and try again: nothing was saved"
    )]
    DiskFull(String),

    #[error("the store reported an error: {0}")]
    Sqlite(rusqlite::Error),

    #[error("document storage failed at {path}: {source}")]
    Blob {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("no file with id {0} in this store")]
    CaseNotFound(String),

    #[error("no file numbered {0} in this store")]
    FileNumberNotFound(String),

    #[error("a file numbered {0} already exists in this store")]
    DuplicateFileNumber(String),

    #[error("no document with id {0} in this store")]
    DocumentNotFound(String),

    #[error("the program's rules do not allow this: {0}")]
    Rule(#[from] program::TransitionError),

    #[error("the program's rules do not allow this now: {0}")]
    RuleUnmet(program::RuleError),

    /// The user's role does not allow the step (an officer approving, a supervisor
    /// approving their own proposal...): why, in French and English.
    #[error("{0}")]
    NotPermitted(Text),

    /// The step is refused as asked (a text left empty, an item that is not a gap, a
    /// date after today...): why and what to do, in French and English.
    #[error("{0}")]
    Refused(Text),

    #[error("this change is not valid: {0}")]
    Invalid(String),

    /// The rules refuse the change as malformed (a control character, a text too long, a
    /// file received twice...): why, for the person who made it.
    #[error("this change is not valid: {0}")]
    Malformed(Text),

    #[error(
        "the store holds a value it cannot read ({0}); the database may have been edited by hand"
    )]
    Corrupt(String),

    #[error(
        "the {what} was recorded, but its letter could not be produced ({reason}); choose \"Produce the letter\" on it to try again"
    )]
    LetterNotFiled { what: String, reason: String },

    #[error("the letter cannot be produced: {0}")]
    Letter(#[from] letters::LetterError),

    #[error("could not encode or decode an operation: {0}")]
    Json(#[from] serde_json::Error),
}

impl StoreError {
    /// For `map_err`: an I/O error on the store's file or folder at `path`.
    pub(crate) fn io_at(path: &Path) -> impl Fn(std::io::Error) -> StoreError + Copy + '_ {
        move |source| StoreError::Blob {
            path: path.to_path_buf(),
            source,
        }
    }

    /// For `map_err`: SQLite could not open or set up the store at `path`.
    pub(crate) fn open_at(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + Copy + '_ {
        move |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        }
    }

    /// A stable code for the UI and the CLI to branch on (never the message).
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NewerSchema { .. } => "store.newer_schema",
            StoreError::Open { .. } => "store.open",
            StoreError::WrongKey { .. } => "store.wrong_key",
            StoreError::Migration(_) => "store.migration",
            StoreError::DiskFull(_) => "store.disk_full",
            StoreError::Sqlite(_) => "store.sqlite",
            StoreError::Blob { .. } => "store.blob",
            StoreError::CaseNotFound(_) | StoreError::FileNumberNotFound(_) => {
                "store.case_not_found"
            }
            StoreError::DuplicateFileNumber(_) => "store.duplicate_file_number",
            StoreError::DocumentNotFound(_) => "store.document_not_found",
            StoreError::Rule(_) => "rules.forbidden",
            StoreError::RuleUnmet(_) => "rules.unmet",
            StoreError::NotPermitted(_) => "auth.forbidden",
            StoreError::Refused(_) => "casework.refused",
            StoreError::Invalid(_) | StoreError::Malformed(_) => "store.invalid",
            StoreError::Corrupt(_) => "store.corrupt",
            StoreError::Json(_) => "store.json",
            StoreError::LetterNotFiled { .. } => "letters.not_filed",
            StoreError::Letter(_) => "letters.invalid",
        }
    }
}

impl StoreError {
    /// Why a step was refused, in French and English, when the rules or the user's role
    /// refused it; `None` for technical failures (their message is for support).
    pub fn reason(&self) -> Option<Text> {
        match self {
            StoreError::Rule(e) => Some(e.reason()),
            StoreError::RuleUnmet(e) => Some(e.reason()),
            StoreError::NotPermitted(b) | StoreError::Refused(b) | StoreError::Malformed(b) => {
                Some(b.clone())
            }
            StoreError::LetterNotFiled { .. } => {
                Some(Text::new("store-step-was-recorded-but-letter-could-not"))
            }
            StoreError::DiskFull(_) => Some(Text::new("store-disk-full-free-some-space-and-try")),
            _ => None,
        }
    }

    /// A refusal, in the catalogue's words.
    pub(crate) fn refused(reason: Text) -> Self {
        StoreError::Refused(reason)
    }
}

impl From<program::RuleError> for StoreError {
    fn from(e: program::RuleError) -> Self {
        match e {
            program::RuleError::Forbidden(t) => StoreError::Rule(t),
            unmet => StoreError::RuleUnmet(unmet),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull(e.to_string()),
            Some(ErrorCode::SystemIoFailure) => StoreError::DiskFull(e.to_string()),
            _ => StoreError::Sqlite(e),
        }
    }
}

impl From<oplog::Invalid> for StoreError {
    fn from(e: oplog::Invalid) -> Self {
        StoreError::Invalid(e.0)
    }
}

impl From<decider::Refusal> for StoreError {
    fn from(r: decider::Refusal) -> Self {
        use decider::Refusal as R;
        match r {
            R::Invalid(b) => StoreError::Malformed(b),
            R::NotPermitted(b) => StoreError::NotPermitted(b),
            R::Refused(b) => StoreError::Refused(b),
            R::Rule(e) => e.into(),
            R::CaseNotFound(id) => StoreError::CaseNotFound(id.to_string()),
            exists @ R::CaseExists(_) => StoreError::Malformed(exists.reason()),
            unknown @ R::UnknownProgramVersion(_) => StoreError::Malformed(unknown.reason()),
            mismatch @ R::ProgramVersionMismatch { .. } => StoreError::Refused(mismatch.reason()),
        }
    }
}
