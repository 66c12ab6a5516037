//! The quality report of a document as the store keeps it: checked once, when the
//! document enters the store, and carried inside its `DocumentAdded` operation so every
//! machine that replays the log has the same badges without running pdfium. The store
//! never computes a report: the caller (demo data, the CLI, the app) runs the `pdf`
//! crate's `inspect` first and passes the result in, or passes nothing and the document
//! shows as "not checked". These types mirror the JSON of `pdf::QualityReport` field for
//! field (the callers convert with serde), and they are the store's own so that the
//! operation log's format does not move when the `pdf` crate changes.
//!
//! An officer may dismiss a flag with a reason ([`crate::Change::QualityFlagDismissed`]);
//! the dismissal is kept beside the report ([`FlagDismissal`]), never by editing it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use vocab::Text;

use crate::ids::UserId;

/// How a document was scanned when it is not in colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ScanMode {
    /// Shades of grey.
    Greyscale,
    /// Black and white only (1-bit images).
    BlackAndWhite,
}

/// Which check raised a flag: the identity of a flag within one document's report (a
/// report holds at most one flag of each kind), and what a dismissal names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum QualityFlagKind {
    ManyPages,
    NotInColour,
    BlankPages,
    LowResolution,
    UnreadablePages,
    PasswordProtected,
    Corrupt,
    NotAPdf,
    EmptyFile,
}

impl QualityFlagKind {
    /// Every kind, in the order the badges show them.
    pub const ALL: [QualityFlagKind; 9] = [
        QualityFlagKind::Corrupt,
        QualityFlagKind::NotAPdf,
        QualityFlagKind::EmptyFile,
        QualityFlagKind::PasswordProtected,
        QualityFlagKind::UnreadablePages,
        QualityFlagKind::NotInColour,
        QualityFlagKind::LowResolution,
        QualityFlagKind::BlankPages,
        QualityFlagKind::ManyPages,
    ];

    /// The stable code stored in `quality_dismissals.flag` (same as the serde name).
    pub fn code(self) -> &'static str {
        match self {
            QualityFlagKind::ManyPages => "many_pages",
            QualityFlagKind::NotInColour => "not_in_colour",
            QualityFlagKind::BlankPages => "blank_pages",
            QualityFlagKind::LowResolution => "low_resolution",
            QualityFlagKind::UnreadablePages => "unreadable_pages",
            QualityFlagKind::PasswordProtected => "password_protected",
            QualityFlagKind::Corrupt => "corrupt",
            QualityFlagKind::NotAPdf => "not_a_pdf",
            QualityFlagKind::EmptyFile => "empty_file",
        }
    }

    /// What the flag says, as the badges and the audit trail name it.
    pub fn text(self) -> Text {
        match self {
            QualityFlagKind::ManyPages => Text::new("flag-many-pages"),
            QualityFlagKind::NotInColour => Text::new("flag-not-in-colour"),
            QualityFlagKind::BlankPages => Text::new("flag-blank-pages"),
            QualityFlagKind::LowResolution => Text::new("flag-low-resolution"),
            QualityFlagKind::UnreadablePages => Text::new("flag-unreadable-pages"),
            QualityFlagKind::PasswordProtected => Text::new("flag-password-protected"),
            QualityFlagKind::Corrupt => Text::new("flag-damaged-file"),
            QualityFlagKind::NotAPdf => Text::new("flag-not-pdf"),
            QualityFlagKind::EmptyFile => Text::new("flag-empty-file"),
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl std::fmt::Display for QualityFlagKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// One finding about a document, shown as a badge an officer may dismiss.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QualityFlag {
    /// More pages than expected of one supporting document.
    ManyPages { pages: u32, limit: u32 },
    /// The scan is not in colour (F2 asks for colour scans of originals).
    NotInColour { mode: ScanMode },
    /// Pages with nothing on them (1-based).
    BlankPages { pages: Vec<u32> },
    /// Pages whose scanned image is below the resolution threshold (1-based).
    LowResolution {
        pages: Vec<u32>,
        lowest_dpi: u32,
        threshold_dpi: u32,
    },
    /// Pages that could not be rendered (1-based).
    UnreadablePages { pages: Vec<u32> },
    /// The document needs a password to open.
    PasswordProtected,
    /// The file starts like a PDF but cannot be read.
    Corrupt { detail: String },
    /// The file is not a PDF; `detected` says what it looks like.
    NotAPdf { detected: String },
    /// The file is empty.
    EmptyFile,
}

impl QualityFlag {
    /// Which check raised it.
    pub fn kind(&self) -> QualityFlagKind {
        match self {
            QualityFlag::ManyPages { .. } => QualityFlagKind::ManyPages,
            QualityFlag::NotInColour { .. } => QualityFlagKind::NotInColour,
            QualityFlag::BlankPages { .. } => QualityFlagKind::BlankPages,
            QualityFlag::LowResolution { .. } => QualityFlagKind::LowResolution,
            QualityFlag::UnreadablePages { .. } => QualityFlagKind::UnreadablePages,
            QualityFlag::PasswordProtected => QualityFlagKind::PasswordProtected,
            QualityFlag::Corrupt { .. } => QualityFlagKind::Corrupt,
            QualityFlag::NotAPdf { .. } => QualityFlagKind::NotAPdf,
            QualityFlag::EmptyFile => QualityFlagKind::EmptyFile,
        }
    }
}

/// A run of consecutive pages of the same size, in PDF points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct PageSizeRun {
    pub width: f32,
    pub height: f32,
    pub pages: u32,
}

/// The result of the quality checks run when the document entered the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct QualityReport {
    /// Number of pages, when the document could be opened.
    pub page_count: Option<u32>,
    /// Page sizes, as runs of equal consecutive pages.
    pub page_sizes: Vec<PageSizeRun>,
    /// How many pages were rendered and examined.
    pub checked_pages: u32,
    /// The findings; empty when the document looks fine.
    pub flags: Vec<QualityFlag>,
}

impl QualityReport {
    /// The flag of `kind`, if the report has one.
    pub fn flag(&self, kind: QualityFlagKind) -> Option<&QualityFlag> {
        self.flags.iter().find(|f| f.kind() == kind)
    }

    /// Checks what the store relies on: at most one flag of each kind.
    pub fn validate(&self) -> Result<(), crate::Invalid> {
        let mut seen = std::collections::BTreeSet::new();
        for f in &self.flags {
            if !seen.insert(f.kind()) {
                return Err(crate::Invalid(format!(
                    "a quality report holds the flag {} twice",
                    f.kind()
                )));
            }
        }
        Ok(())
    }
}

/// An officer's dismissal of one flag of a document: the flag stays on record and is
/// shown as dismissed, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FlagDismissal {
    pub flag: QualityFlagKind,
    pub reason: String,
    pub dismissed_by: UserId,
    pub dismissed_at: DateTime<Utc>,
}

/// The longest reason a dismissal may give, in characters.
pub const MAX_REASON_CHARS: usize = 1000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_codes_and_serde() {
        for k in QualityFlagKind::ALL {
            assert_eq!(QualityFlagKind::from_code(k.code()), Some(k));
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::Value::String(k.code().into())
            );
        }
    }

    #[test]
    fn a_report_reads_the_json_the_pdf_crate_writes() {
        let json = serde_json::json!({
            "page_count": 3,
            "page_sizes": [{"width": 612.0, "height": 792.0, "pages": 3}],
            "checked_pages": 3,
            "flags": [
                {"kind": "blank_pages", "pages": [2]},
                {"kind": "not_in_colour", "mode": "black_and_white"},
                {"kind": "low_resolution", "pages": [1], "lowest_dpi": 72, "threshold_dpi": 120},
                {"kind": "password_protected"}
            ]
        });
        let r: QualityReport = serde_json::from_value(json).unwrap();
        assert_eq!(r.flags.len(), 4);
        assert_eq!(
            r.flag(QualityFlagKind::NotInColour),
            Some(&QualityFlag::NotInColour {
                mode: ScanMode::BlackAndWhite
            })
        );
        assert!(r.validate().is_ok());
    }
}
