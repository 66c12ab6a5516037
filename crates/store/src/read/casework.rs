//! Casework: the state of one file as the rules see it is the decider's
//! [`FileState`], kept beside the file ([`crate::state`]); this module names it for the
//! store's read side ([`crate::work`], [`crate::correspondence`], [`crate::perform`]) and
//! loads it.

use rusqlite::Connection;

pub use decider::state::{
    AttestationRow, ChecklistRow, DecisionRow, DocumentRow, FEES_KEY, Fees, FileState,
    InterviewRow, ItemRecord, PaymentRow, PersonRow, RequestClosed, RequestKind, RequestRow,
    ReviewOutcome, item_key,
};

use crate::StoreError;
use crate::ids::CaseId;

/// Reads a file's state: `CaseNotFound` when the store does not hold it.
pub(crate) trait LoadState: Sized {
    fn load(
        conn: &Connection,
        versions: &program::ProgramVersions,
        case: CaseId,
    ) -> Result<Self, StoreError>;
}

impl LoadState for FileState {
    fn load(
        conn: &Connection,
        versions: &program::ProgramVersions,
        case: CaseId,
    ) -> Result<Self, StoreError> {
        crate::state::require(conn, versions, case)
    }
}
