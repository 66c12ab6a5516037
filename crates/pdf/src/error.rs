//! The errors of the crate: one enum whose variants a caller can branch on (each has a
//! stable [`PdfError::code`]) and whose messages tell a person what to do.
//!
//! It serialises tagged by its code (`{"code": "page_out_of_range", "page": 5, ...}`),
//! which is how the render helper process hands an error back to the app.

use std::path::PathBuf;

/// Everything that can go wrong loading pdfium, reading a document or rendering a page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PdfError {
    /// No pdfium library was found in any of the places searched.
    #[error(
        "the pdfium library was not found (looked in: {}); run scripts/install-pdfium.sh or set DOSSIER_PDFIUM_LIB to the library's path (libpdfium.so, libpdfium.dylib or pdfium.dll)",
        display_paths(.searched)
    )]
    LibraryMissing {
        /// The paths that were tried, in order.
        searched: Vec<PathBuf>,
    },
    /// A pdfium library was found but could not be loaded (wrong build, wrong platform,
    /// missing symbol).
    #[error(
        "the pdfium library at {path} could not be loaded: {detail}; reinstall it with scripts/install-pdfium.sh (the app expects the pdfium build pinned there)"
    )]
    LibraryUnusable {
        /// The library's path.
        path: PathBuf,
        /// What the loader said.
        detail: String,
    },
    /// The document's file could not be read.
    #[error("cannot read {path}: {detail}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        detail: String,
    },
    /// The file is empty (zero bytes).
    #[error("the file is empty (0 bytes); ask the applicant to send the document again")]
    EmptyFile,
    /// The file is not a PDF (it may be another kind of file with a `.pdf` name).
    #[error("this is not a PDF file ({detected}); ask the applicant for a PDF")]
    NotAPdf {
        /// What the file looks like instead (e.g. "a JPEG image").
        detected: String,
    },
    /// The document is password-protected and no password was given.
    #[error(
        "the document is password-protected; ask the applicant for an unprotected copy or for its password"
    )]
    PasswordRequired,
    /// The password given does not open the document.
    #[error("the password given does not open this document")]
    WrongPassword,
    /// The document uses a security handler pdfium does not support.
    #[error(
        "the document uses an unsupported security scheme; ask the applicant for an unprotected copy"
    )]
    UnsupportedSecurity,
    /// The file starts like a PDF but cannot be read (damaged or truncated).
    #[error("the PDF is damaged and cannot be read ({detail}); ask the applicant to send it again")]
    Corrupt {
        /// What failed.
        detail: String,
    },
    /// The document's compressed streams expand past the limits (a decompression bomb).
    #[error(
        "the document is too heavy to open safely: {reason}; ask the applicant for a normal copy"
    )]
    DocumentTooHeavy {
        /// Why.
        reason: String,
    },
    /// The requested page does not exist.
    #[error("page {page} does not exist: the document has {pages} page(s)")]
    PageOutOfRange {
        /// The requested page (1-based).
        page: u32,
        /// The document's page count.
        pages: u32,
    },
    /// The page is too heavy to render safely (huge embedded images, too many objects).
    #[error("page {page} is too heavy to show safely: {reason}")]
    PageTooHeavy {
        /// The page (1-based).
        page: u32,
        /// Why.
        reason: String,
    },
    /// pdfium failed to render the page or to read its text.
    #[error("page {page} could not be rendered: {detail}")]
    Render {
        /// The page (1-based).
        page: u32,
        /// What failed.
        detail: String,
    },
    /// The rendered page could not be encoded.
    #[error("the page image could not be encoded: {detail}")]
    Encode {
        /// What failed.
        detail: String,
    },
    /// A request was invalid (e.g. an empty search).
    #[error("invalid request: {detail}")]
    InvalidRequest {
        /// What is wrong.
        detail: String,
    },
    /// The request was cancelled before it ran (a newer request for the same view
    /// replaced it, or the caller stopped waiting).
    #[error("the request was cancelled because a newer one replaced it")]
    Cancelled,
    /// The request did not finish within its time limit.
    #[error("the request took longer than {millis} ms and was abandoned")]
    TimedOut {
        /// The limit, in milliseconds.
        millis: u64,
    },
    /// The render helper process died while working on this document (pdfium crashed
    /// on it); the helper is restarted for the next request.
    #[error(
        "the page renderer stopped while reading this document ({detail}) and was restarted; the document may be damaged or hostile: ask the applicant for a new copy"
    )]
    RendererCrashed {
        /// How the process ended.
        detail: String,
    },
    /// The render helper took longer than its time limit and was killed; it is
    /// restarted for the next request.
    #[error(
        "drawing this document took longer than {millis} ms and was stopped; the document may be damaged or hostile: ask the applicant for a new copy"
    )]
    RenderKilled {
        /// The limit, in milliseconds.
        millis: u64,
    },
    /// The render helper process could not be started or spoke out of turn.
    #[error("the page renderer could not be started ({detail}); reinstall Dossier")]
    RendererUnavailable {
        /// What failed.
        detail: String,
    },
    /// The render worker has stopped (its thread ended).
    #[error("the PDF render worker has stopped; restart the app")]
    WorkerStopped,
}

fn display_paths(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return "nowhere".into();
    }
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl PdfError {
    /// A stable, machine-readable code for the error (`snake_case`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::LibraryMissing { .. } => "library_missing",
            Self::LibraryUnusable { .. } => "library_unusable",
            Self::Io { .. } => "io",
            Self::EmptyFile => "empty_file",
            Self::NotAPdf { .. } => "not_a_pdf",
            Self::PasswordRequired => "password_required",
            Self::WrongPassword => "wrong_password",
            Self::UnsupportedSecurity => "unsupported_security",
            Self::Corrupt { .. } => "corrupt",
            Self::DocumentTooHeavy { .. } => "document_too_heavy",
            Self::PageOutOfRange { .. } => "page_out_of_range",
            Self::PageTooHeavy { .. } => "page_too_heavy",
            Self::Render { .. } => "render",
            Self::Encode { .. } => "encode",
            Self::InvalidRequest { .. } => "invalid_request",
            Self::Cancelled => "cancelled",
            Self::TimedOut { .. } => "timed_out",
            Self::RendererCrashed { .. } => "renderer_crashed",
            Self::RenderKilled { .. } => "render_killed",
            Self::RendererUnavailable { .. } => "renderer_unavailable",
            Self::WorkerStopped => "worker_stopped",
        }
    }

    /// Whether the error is about the document itself (as opposed to the library, the
    /// worker or the request): such errors become quality flags.
    pub fn is_document_problem(&self) -> bool {
        matches!(
            self,
            Self::EmptyFile
                | Self::NotAPdf { .. }
                | Self::PasswordRequired
                | Self::WrongPassword
                | Self::UnsupportedSecurity
                | Self::Corrupt { .. }
                | Self::DocumentTooHeavy { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_tagged_by_its_code_and_back() {
        let all = [
            PdfError::PageOutOfRange { page: 5, pages: 3 },
            PdfError::PasswordRequired,
            PdfError::NotAPdf {
                detected: "a JPEG image".into(),
            },
            PdfError::DocumentTooHeavy { reason: "x".into() },
            PdfError::RendererCrashed {
                detail: "signal 6".into(),
            },
            PdfError::RenderKilled { millis: 10 },
            PdfError::RendererUnavailable { detail: "x".into() },
            PdfError::LibraryMissing {
                searched: vec!["/a".into()],
            },
        ];
        for e in all {
            let json = serde_json::to_value(&e).unwrap_or_default();
            assert_eq!(json["code"], e.code(), "{json}");
            let back: PdfError = serde_json::from_value(json).expect("round trip");
            assert_eq!(back, e);
        }
    }

    #[test]
    fn a_missing_library_says_what_to_do() {
        let e = PdfError::LibraryMissing {
            searched: vec!["/a/libpdfium.so".into()],
        };
        let msg = e.to_string();
        assert!(
            msg.contains("/a/libpdfium.so")
                && msg.contains("install-pdfium.sh")
                && msg.contains("DOSSIER_PDFIUM_LIB")
        );
    }
}
