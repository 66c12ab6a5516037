//! The officer's local store: one SQLite database (SQLCipher-encrypted, WAL,
//! `synchronous=FULL`, foreign keys on) with content-addressed, encrypted PDF bytes beside
//! it, both under one [`StoreKey`]. Every write goes through
//! [`Store::apply`]: one transaction that checks the change against the program's rules,
//! updates the tables and appends exactly one [`Operation`] to the log. Reads are typed
//! queries over those tables.

mod apply;
mod blobs;
pub mod casework;
mod correspondence;
mod db;
pub mod describe;
mod error;
mod key;
mod migrations;
mod partial;
pub mod perform;
pub mod queries;
mod read;
mod state;
pub mod sync;
pub mod views;
pub mod work;

pub use oplog::{Invalid, events, hlc, ids, ops, quality};

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
pub use queries::{QueueFilter, QueueQuery, QueueSort, SortDirection, WorkQueue};
pub use views::{CaseDetail, CaseRow, DocumentView, Page, PersonView, RepresentativeView};
