//! The officer's desk actions that need more than the store: today, a document added to a
//! file from disk (picked, or dropped on the file). It goes through the checks a portal
//! bundle's documents go through at intake: bounded in size (the portal's limit per
//! document), sniffed (a PDF, or refused with what it looks like), checked with pdfium
//! for quality and bounded in pages; then its bytes are stored content-addressed and
//! `document_added` is recorded with its checklist item, its person and the quality
//! report, through the store's one write path. Sync uploads it like any other.

use std::io::Read;
use std::path::Path;

use chrono::{DateTime, Utc};
use store::ids::{Actor, CaseId, DocumentId, PersonId};
use store::{Change, Store, StoreError};
use vocab::Text;

/// The most pages a document may have (as at intake on the server).
pub const MAX_PAGES: u32 = 500;

/// Why a document could not be added.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error(
        "{file} is larger than {limit_mb} MB: scan it again at a lower resolution, or split it"
    )]
    TooLarge { file: String, limit_mb: u64 },
    #[error("{file} is not a PDF ({detected}): save or scan it as a PDF first")]
    NotPdf { file: String, detected: String },
    #[error("{file} has more than {limit} pages: split it by checklist item")]
    TooManyPages { file: String, limit: u32 },
    #[error(
        "{file} cannot be read ({detail}): check that it still exists and that you may read it"
    )]
    Unreadable { file: String, detail: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DeskError {
    /// Why, for the officer, in the catalogue's words.
    pub fn text(&self) -> Text {
        match self {
            DeskError::TooLarge { file, limit_mb } => Text::new("desk-too-large")
                .with("file", file)
                .with("limit", *limit_mb),
            DeskError::NotPdf { file, .. } => Text::new("desk-not-pdf").with("file", file),
            DeskError::TooManyPages { file, limit } => Text::new("desk-too-many-pages")
                .with("file", file)
                .with("limit", *limit),
            DeskError::Unreadable { file, .. } => Text::new("desk-unreadable").with("file", file),
            DeskError::Store(e) => e
                .reason()
                .unwrap_or_else(|| Text::new("desk-store").with("code", e.code())),
        }
    }

    /// A stable code for the screens and the logs.
    pub fn code(&self) -> String {
        match self {
            DeskError::TooLarge { .. } => "desk.too_large".into(),
            DeskError::NotPdf { .. } => "desk.not_pdf".into(),
            DeskError::TooManyPages { .. } => "desk.too_many_pages".into(),
            DeskError::Unreadable { .. } => "desk.unreadable".into(),
            DeskError::Store(e) => e.code().to_owned(),
        }
    }
}

/// The document to add: the file on disk, the checklist item it is for, and the person
/// it concerns (none for file-level items such as the forms).
#[derive(Debug, Clone)]
pub struct NewDocument<'a> {
    pub path: &'a Path,
    pub checklist_code: String,
    pub person_id: Option<PersonId>,
}

/// Adds `doc` to file `case` as `actor`, received `now`; the new document's id.
pub fn add_document(
    store: &Store,
    worker: &pdf::PdfWorker,
    actor: &Actor,
    case: CaseId,
    doc: &NewDocument<'_>,
    now: DateTime<Utc>,
) -> Result<DocumentId, DeskError> {
    let file = doc
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| doc.path.display().to_string());
    let unreadable = |e: std::io::Error| DeskError::Unreadable {
        file: file.clone(),
        detail: e.to_string(),
    };
    let limit = portal::Limits::default().max_file_bytes;
    let mut bytes = Vec::new();
    std::fs::File::open(doc.path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(DeskError::TooLarge {
            file,
            limit_mb: limit >> 20,
        });
    }
    if let Err(e) = pdf::sniff::check_header(&bytes) {
        return Err(DeskError::NotPdf {
            file,
            detected: e.to_string(),
        });
    }
    let size = bytes.len() as u64;
    let bytes = std::sync::Arc::new(bytes);
    // The quality checks run before anything is written, as at intake; without pdfium
    // the document is recorded as not checked.
    let key = format!("desk:{}", doc.path.display());
    let quality = match worker.inspect_blocking(pdf::DocumentRef::bytes(key, bytes.clone())) {
        Ok(report) => {
            if report.page_count.is_some_and(|n| n > MAX_PAGES) {
                return Err(DeskError::TooManyPages {
                    file,
                    limit: MAX_PAGES,
                });
            }
            serde_json::to_value(&report)
                .and_then(serde_json::from_value)
                .ok()
        }
        Err(_) => None,
    };
    let sha256 = store.blobs().put(&bytes)?;
    let document_id = DocumentId::new();
    store.apply(
        actor,
        case,
        Change::DocumentAdded {
            document_id,
            person_id: doc.person_id,
            checklist_code: Some(doc.checklist_code.clone()),
            file_name: file,
            sha256,
            byte_size: size,
            received_at: now,
            quality,
        },
    )?;
    Ok(document_id)
}
