//! The bodies of review integrity (issue 20): the pages of two files that are the same
//! picture, as the server found them (`GET /v1/scan-matches`), and a supervisor's
//! dismissal of a pair with its reason (`POST /v1/scan-matches/{id}/dismiss`). Each type
//! also crosses to the app's screens (ts-rs).

use chrono::{DateTime, Utc};
use oplog::ids::UserId;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// One side of a pair of matching pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MatchSide {
    pub case_id: Uuid,
    pub file_number: String,
    pub document_id: Uuid,
    pub sha256: String,
    /// 1-based.
    pub page: u32,
}

/// A page of a file that is the same picture as a page in another file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ScanMatch {
    /// The pair's id (well within a JavaScript number).
    #[ts(type = "number")]
    pub id: i64,
    /// The page in the file asked about (for a supervisor, the first of the two).
    pub page: MatchSide,
    /// The page in the other file: a supervisor's only; an officer is told only that
    /// there is one.
    pub other: Option<MatchSide>,
    /// Bits that differ between the two pages' hashes (0 to 31); 0 with the same
    /// `sha256` on both sides: the very same document's bytes in two files.
    pub distance: u32,
    pub found_at: DateTime<Utc>,
    /// Dismissed by a supervisor, with why.
    pub dismissal: Option<Dismissal>,
}

/// A supervisor's dismissal of a pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Dismissal {
    pub by: UserId,
    pub at: DateTime<Utc>,
    pub reason: String,
}

/// `POST /v1/scan-matches/{id}/dismiss`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DismissMatch {
    /// Why the two pages are not a sign of a reused scan (1 to 500 characters).
    pub reason: String,
}

impl ScanMatch {
    /// The pair as seen from file `case_id`: its own page first. `None` when neither
    /// side is in that file.
    pub fn facing(&self, case_id: Uuid) -> Option<ScanMatch> {
        if self.page.case_id == case_id {
            return Some(self.clone());
        }
        match &self.other {
            Some(other) if other.case_id == case_id => Some(ScanMatch {
                page: other.clone(),
                other: Some(self.page.clone()),
                ..self.clone()
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(case: u128, page: u32) -> MatchSide {
        MatchSide {
            case_id: Uuid::from_u128(case),
            file_number: format!("F-{case}"),
            document_id: Uuid::from_u128(case + 100),
            sha256: "0".repeat(64),
            page,
        }
    }

    #[test]
    fn a_pair_faces_either_of_its_files_and_no_other() {
        let m = ScanMatch {
            id: 7,
            page: side(1, 2),
            other: Some(side(2, 5)),
            distance: 12,
            found_at: Utc::now(),
            dismissal: None,
        };
        assert_eq!(m.facing(Uuid::from_u128(1)), Some(m.clone()));
        let from_two = m.facing(Uuid::from_u128(2)).unwrap();
        assert_eq!(from_two.page, side(2, 5));
        assert_eq!(from_two.other, Some(side(1, 2)));
        assert_eq!(m.facing(Uuid::from_u128(3)), None);
        // An officer's entry (no other side) faces only her file.
        let officer = ScanMatch { other: None, ..m };
        assert_eq!(officer.facing(Uuid::from_u128(2)), None);
    }
}
