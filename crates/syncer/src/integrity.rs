//! Review integrity, as the app reaches it (issue 20): the pages of a file that the
//! server found in another file, and a supervisor's dismissal of a pair. Both ask the
//! server (which decides what each role sees); nothing is kept on the laptop yet.

use sync::integrity::ScanMatch;
use uuid::Uuid;

use crate::engine::{Engine, SyncError};

impl Engine {
    /// The pairs of matching pages that touch file `case_id` (the server sends only
    /// those), its own page first.
    pub async fn scan_matches_of(&self, case_id: Uuid) -> Result<Vec<ScanMatch>, SyncError> {
        let of_file = self.signed_in()?.scan_matches(Some(case_id)).await?;
        Ok(of_file.iter().filter_map(|m| m.facing(case_id)).collect())
    }

    /// Dismisses pair `id` with `reason` (supervisors; the server checks).
    pub async fn dismiss_scan_match(&self, id: i64, reason: &str) -> Result<(), SyncError> {
        Ok(self.signed_in()?.dismiss_scan_match(id, reason).await?)
    }
}
