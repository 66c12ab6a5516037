//! The officer's local store: one SQLite database (SQLCipher-encrypted, WAL,
//! `synchronous=FULL`, foreign keys on) with content-addressed, encrypted PDF bytes beside
//! it, both under one [`StoreKey`]. Every write goes through [`Store::apply`]: one
//! transaction in which the decider (`crates/decider`) decides the change against the
//! file's state at the operation's own instant, the rows and the state move on, and
//! exactly one [`Operation`] is appended to the log. Reads are typed queries over those
//! rows and the state.
//!
//! The modules, by concern:
//! - `storage`: the database, its key, migrations, sealed document
//!   bytes, partial downloads;
//! - the log's vocabulary is the `oplog` crate ([`ops`], [`ids`], [`hlc`], [`quality`],
//!   [`events`]), re-exported here;
//! - `write`: the one write path ([`Store::apply`], the decider's state kept beside each
//!   file, [`perform`]ing what a screen asks, the letters a step files);
//! - `read`: the read models ([`queries`], [`views`], [`casework`], [`work`],
//!   [`describe`]);
//! - [`sync`]: what waits for the server, what it answered, applying its operations.

mod error;
mod read;
mod storage;
pub mod sync;
mod write;

pub use oplog::{Invalid, events, hlc, ids, ops, quality};
pub use read::{casework, describe, queries, views, work};
pub use write::perform;
pub use write::programs::{CapView, ProgramVersionView};

pub(crate) use storage::{blobs, db, key, migrations, partial};
pub(crate) use write::{apply, state};

pub use blobs::{BlobStore, DocumentBlob};
pub use db::{Durability, Store, default_store_path};
pub use error::StoreError;
pub use hlc::Hlc;
pub use ids::{
    Actor, CaseId, DecisionId, DocumentId, InterviewId, NoteId, OperationId, PaymentId, PersonId,
    RequestId, UserId,
};
pub use key::{StoreFile, StoreKey};
pub use oplog::LetterRegarding;
pub use ops::{Change, CsqIssued, Operation, SyncState};
pub use partial::{PartialDownload, SEGMENT_BYTES};
pub use quality::{FlagDismissal, QualityFlag, QualityFlagKind, QualityReport};
pub use queries::{AssigneeFilter, QueueFilter, QueueQuery, QueueSort, SortDirection, WorkQueue};
pub use views::{CaseDetail, CaseRow, DocumentView, Page, PersonView, RepresentativeView};
