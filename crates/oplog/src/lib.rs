//! The operation log's vocabulary, shared by the laptop's store, the decider, the sync
//! protocol and the server, and free of I/O: what a file's history is made of.
//!
//! - [`ops`]: each [`Change`] an officer or supervisor makes to a file, and the
//!   [`Operation`] that stamps it with its id, author and clock;
//! - [`ids`]: typed identifiers (a case id is never a person id), users, roles, actors;
//! - [`hlc`]: the hybrid logical clock whose text form sorts in causal order;
//! - [`quality`]: the quality report a document carries from intake, and its flags;
//! - [`letter`]: the kinds of letters a file sends, and what a filed letter is about;
//! - [`events`]: which lifecycle event each change is.

pub mod events;
pub mod hlc;
pub mod ids;
pub mod letter;
pub mod ops;
pub mod quality;

pub use hlc::Hlc;
pub use ids::{
    Actor, CaseId, DecisionId, DocumentId, InterviewId, NoteId, OperationId, PaymentId, PersonId,
    RequestId, Role, UserId,
};
pub use letter::{LetterKind, LetterRegarding};
pub use ops::{Change, CsqIssued, NewPerson, NewRepresentative, Operation, SyncState};
pub use quality::{FlagDismissal, QualityFlag, QualityFlagKind, QualityReport};

/// A value of the log that is not well formed (an id that is not a UUID, a quality report
/// with a flag twice); the text says which.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

/// Whether `s` is a SHA-256 digest as documents are addressed: 64 lowercase hex digits.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}
