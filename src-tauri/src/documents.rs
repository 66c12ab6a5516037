//! What the document viewer asks besides page images: a document's layout (page count
//! and sizes, from pdfium) together with its stored record (quality report and
//! dismissals), a text search, and the dismissal of a quality flag. Each function joins
//! one store call and at most one worker call; the rules live in `store` and `pdf`.

use std::sync::Arc;

use pdf::{DocumentRef, PageSize, PdfError, PdfWorker, SearchResults};
use serde::Serialize;
use store::{Actor, Change, DocumentId, DocumentView, QualityFlagKind, Store, StoreError};
use ts_rs::TS;

use crate::IpcError;
use crate::commands::blocking;

/// The longest text the viewer searches for, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

/// A document as the viewer opens it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DocumentInfoView {
    /// The stored record: file name, checklist item, quality report and dismissals.
    pub document: DocumentView,
    pub page_count: u32,
    /// The size of each page in points, as displayed (the last one repeats for
    /// documents with more pages than listed).
    pub page_sizes: Vec<PageSize>,
}

impl From<PdfError> for IpcError {
    fn from(e: PdfError) -> Self {
        IpcError::new(&format!("pdf.{}", e.code()), e.to_string())
    }
}

/// What the render worker opens for a stored document: its bytes, decrypted by the
/// store only when the worker opens it (a page in the cache needs no decryption), and
/// named by their hash in the worker's caches.
pub fn document_ref(blob: store::DocumentBlob) -> DocumentRef {
    DocumentRef::on_demand(blob.sha256.clone(), move || {
        blob.read().map_err(|e| e.to_string())
    })
}

/// The document's record and layout. Fails with a `pdf.*` code when the file cannot be
/// opened (corrupt, protected, no pdfium), so the viewer can say why.
pub async fn info(
    store: Arc<Store>,
    pdf: &PdfWorker,
    id: DocumentId,
) -> Result<DocumentInfoView, IpcError> {
    let (document, blob) = blocking(move || {
        Ok::<_, store::StoreError>((store.document(id)?, store.document_blob(id)?))
    })
    .await?;
    let info = pdf.info(document_ref(blob)).await?;
    Ok(DocumentInfoView {
        document,
        page_count: info.page_count,
        page_sizes: info.page_sizes,
    })
}

/// Case-insensitive search of the document's text layer; hits carry their page and
/// rectangles in points from the page's top-left corner.
pub async fn search(
    store: Arc<Store>,
    pdf: &PdfWorker,
    id: DocumentId,
    query: String,
) -> Result<SearchResults, IpcError> {
    let query = query.trim().to_owned();
    if query.is_empty() {
        return Err(IpcError::new(
            "viewer.empty_query",
            "type the text to look for",
        ));
    }
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(IpcError::new(
            "viewer.query_too_long",
            format!("search for at most {MAX_QUERY_CHARS} characters"),
        ));
    }
    let blob = blocking(move || store.document_blob(id)).await?;
    Ok(pdf.search(document_ref(blob), &query).await?)
}

/// Records the dismissal of a flag (one operation) and returns the document as it now
/// reads.
pub fn dismiss_flag(
    store: &Store,
    actor: &Actor,
    id: DocumentId,
    flag: QualityFlagKind,
    reason: String,
) -> Result<DocumentView, StoreError> {
    let case_id = store.document(id)?.case_id;
    store.apply(
        actor,
        case_id,
        Change::QualityFlagDismissed {
            document_id: id,
            flag,
            reason,
        },
    )?;
    store.document(id)
}
