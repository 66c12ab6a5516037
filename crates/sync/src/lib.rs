//! The sync protocol between the Dossier app and the central server, shared by both
//! sides so they cannot drift apart: the protocol version, the JSON bodies of every
//! endpoint, the error and rejection codes, and an async HTTP client for the app.
//! `docs/sync-protocol.md` describes the same protocol for people.
//!
//! Contents:
//! - [`wire`]: request and response bodies (push, pull, sessions, blobs, errors) and
//!   the operation as it travels ([`WireOperation`]).
//! - [`cursor`]: the opaque pull cursor ([`Cursor`]).
//! - [`epoch`]: the server's epoch, and how a laptop tells the server was restored.
//! - [`codes`]: the stable error and rejection codes.
//! - [`supervision`]: the supervisor's desk: team, assignments, figures, users.
//! - [`integrity`]: the same scan in two files, and a supervisor's dismissal of a pair.
//! - [`client`]: [`Client`], the app's side of the protocol, with typed errors.
//!
//! Versioning rule: [`PROTOCOL_VERSION`] is sent by both sides in the
//! [`PROTOCOL_HEADER`] header of every request and response under `/v1`. Any change to
//! a body that an older peer could not read (a new `Change` kind, a renamed field, a
//! new required field) bumps it; peers of different versions refuse each other with the
//! `protocol.version` error, which says which side to update.

pub mod client;
pub mod codes;
pub mod cursor;
pub mod epoch;
pub mod integrity;
pub mod supervision;
pub mod wire;

pub use client::{BlobBody, Client, ClientError, ClientOptions};
pub use cursor::Cursor;
pub use epoch::{Epoch, LogPosition};
pub use wire::{
    ErrorBody, Health, LoginRequest, MissingBlobs, MissingBlobsRequest, PullResponse,
    PulledOperation, PushOutcome, PushRequest, PushResponse, PushResult, Session, SessionInfo,
    UploadStatus, UserInfo, WireOperation,
};

/// The version of this protocol. Both sides send it; a mismatch is refused.
pub const PROTOCOL_VERSION: u32 = 1;

/// The header that carries [`PROTOCOL_VERSION`] on every `/v1` request and response.
pub const PROTOCOL_HEADER: &str = "dossier-protocol";

pub use oplog::is_sha256_hex;

/// The lowercase hex SHA-256 digest of `bytes`, as documents are addressed.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}
