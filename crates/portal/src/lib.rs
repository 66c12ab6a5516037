//! The contract with the applicants' portal (`../shared/portal.md`): a submission bundle,
//! a folder or the same tree in a `.zip`, read with bounds (files, bytes, compression
//! ratio), parsed strictly (`dossier-submission/1`, no unknown field), and checked against
//! the program definition (codes of streams, profiles, roles and checklist items; persons
//! named by the documents; one principal applicant; paths inside the bundle; every
//! document a PDF) before the server records anything. A bundle that fails is refused as a
//! whole, with every problem named ([`BundleError`], a message of the catalogue).
//!
//! - [`submission`]: the JSON of `submission.json`, typed.
//! - [`read`]: reading a folder or a zip into a [`Bundle`], bounded, with its content hash
//!   (the idempotency check: the same id with other content is a conflict).
//! - [`write`]: writing bundles as the portal does (demo, tests, benchmark).
//! - [`error`]: why a bundle is refused.

pub mod error;
pub mod read;
pub mod submission;
pub mod write;

pub use error::BundleError;
pub use read::{Bundle, Limits, read_bundle};
pub use submission::{DocumentIn, Kind, PersonIn, Submission};
