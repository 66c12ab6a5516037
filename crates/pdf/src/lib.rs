//! pdfium for Dossier: finding and loading the library, a render worker that owns it on
//! one thread, a byte-bounded page cache, text search, and the quality checks run when
//! a document enters the store.
//!
//! The app shell starts one [`PdfWorker`] and calls it from async code:
//! `worker.render(DocumentRef::path(p), RenderRequest::view(page, width)).await` gives
//! a JPEG (or WebP, PNG) to answer a page-image URI request; `worker.inspect(doc)`
//! gives a serialisable [`QualityReport`]. A missing pdfium library is a
//! [`PdfError::LibraryMissing`] value from every call, never a panic.
//!
//! - [`library`]: where the pdfium library is looked for, and the process-wide lock.
//! - [`worker`]: the render thread, its queue, prefetch and cancellation.
//! - [`helper`]: pdfium in a sandboxed helper process, and the app's side of it.
//! - [`engine`]: the synchronous pdfium calls (open, render, search, measure).
//! - [`cache`]: the LRU cache of encoded pages, bounded in bytes.
//! - [`page`]: request and answer types, and the limits for pathological pages.
//! - [`quality`]: quality flags and the rules that raise them.
//! - [`encode`]: JPEG, WebP and PNG encoding of rendered bitmaps.
//! - [`sniff`]: recognising non-PDF files from their first bytes.
//! - [`streams`]: the decompressed size of content streams, bounded before opening.
//! - [`error`]: the crate's error, [`PdfError`].

pub mod cache;
pub mod encode;
pub mod engine;
pub mod error;
pub mod helper;
pub mod library;
pub mod page;
pub mod quality;
pub mod sniff;
pub mod streams;
pub mod worker;

pub use cache::CacheStats;
pub use error::PdfError;
pub use helper::{HelperCommand, Isolation};
pub use library::LibrarySearch;
pub use page::{
    DocumentInfo, DocumentRef, DocumentSource, HitRect, ImageFormat, Limits, Loader, PageSize,
    Purpose, RenderRequest, RenderedPage, Rotation, SearchHit, SearchResults, ViewTicket,
};
pub use quality::{PageSizeRun, QualityFlag, QualityOptions, QualityReport, ScanMode};
pub use worker::{PdfWorker, WorkerConfig, WorkerStats};
