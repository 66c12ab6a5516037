//! The page-image protocol: `dossier-page://localhost/<document>/<page>?w=<px>` (on
//! Windows and Android `http://dossier-page.localhost/...`) answers a rendered page as a
//! JPEG, so pages reach the webview as plain images, never as base64 in JSON.
//!
//! The scheme is registered with Tauri's *asynchronous* handler: the handler only parses
//! the request and spawns a task, which resolves the document to its content-addressed
//! file (a blocking store read, cached: documents never change) and awaits the
//! [`pdf::PdfWorker`], which owns pdfium on its own thread. The window's main thread is
//! never held.
//!
//! Query parameters: `w` (output width in pixels, required), `rot` (0, 90, 180 or 270,
//! clockwise), `purpose` (`view`, the default, or `thumb`), and `view` (a number naming
//! the viewer that asks). Requests of one `view` get increasing generations in arrival
//! order, so when the officer flips quickly the worker drops the pages flipped past that
//! are still queued ([`pdf::ViewTicket`]); those answer 409.
//!
//! Answers: 200 with `image/jpeg` and an immutable cache lifetime (a document id names
//! fixed bytes, and the URL names the size and rotation); errors with a status that says
//! whose problem it is and a short `text/plain` body a person can act on, plus an
//! `X-Dossier-Error` header with the stable code. See [`status_of`].

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use pdf::{DocumentRef, PdfError, PdfWorker, Purpose, RenderRequest, Rotation, ViewTicket};
use store::{DocumentId, Store, StoreError};
use tauri::http::{self, Method, Response, StatusCode, header};

/// The scheme's name.
pub const SCHEME: &str = "dossier-page";

/// The narrowest and widest page images the protocol will produce.
pub const MIN_WIDTH: u32 = 16;
/// See [`MIN_WIDTH`]; the worker clamps further for huge pages.
pub const MAX_WIDTH: u32 = 4096;

/// Documents whose store references are remembered (beyond this the memo starts over).
const DOCUMENT_MEMO: usize = 4096;

/// One request for a page image, as parsed from its URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageQuery {
    pub document: DocumentId,
    /// 1-based.
    pub page: u32,
    pub width: u32,
    pub rotation: Rotation,
    pub purpose: Purpose,
    /// The asking viewer, for cancellation of superseded requests.
    pub view: Option<u64>,
}

/// Why a request could not be answered with an image.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("{0}")]
    BadRequest(String),
    #[error("only GET requests are served")]
    Method,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Pdf(#[from] PdfError),
    #[error("the page request was interrupted ({0}); try again")]
    Task(String),
}

impl PageError {
    /// The stable code sent in `X-Dossier-Error` (same codes as IPC errors).
    pub fn code(&self) -> String {
        match self {
            PageError::BadRequest(_) => "page.bad_request".into(),
            PageError::Method => "page.method".into(),
            PageError::Store(e) => e.code().into(),
            PageError::Pdf(e) => format!("pdf.{}", e.code()),
            PageError::Task(_) => "app.task".into(),
        }
    }
}

/// The HTTP status for an error: 4xx when the request or the document is at fault, 5xx
/// when the app is (no pdfium, a worker that stopped, a store that fails).
pub fn status_of(e: &PageError) -> StatusCode {
    match e {
        PageError::BadRequest(_) => StatusCode::BAD_REQUEST,
        PageError::Method => StatusCode::METHOD_NOT_ALLOWED,
        PageError::Store(StoreError::DocumentNotFound(_)) => StatusCode::NOT_FOUND,
        PageError::Store(StoreError::Invalid(_)) => StatusCode::BAD_REQUEST,
        PageError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        PageError::Pdf(p) => match p {
            PdfError::PageOutOfRange { .. } => StatusCode::NOT_FOUND,
            PdfError::EmptyFile
            | PdfError::NotAPdf { .. }
            | PdfError::PasswordRequired
            | PdfError::WrongPassword
            | PdfError::UnsupportedSecurity
            | PdfError::Corrupt { .. }
            | PdfError::DocumentTooHeavy { .. }
            | PdfError::RendererCrashed { .. }
            | PdfError::RenderKilled { .. }
            | PdfError::PageTooHeavy { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            PdfError::InvalidRequest { .. } => StatusCode::BAD_REQUEST,
            PdfError::Cancelled => StatusCode::CONFLICT,
            PdfError::TimedOut { .. } => StatusCode::GATEWAY_TIMEOUT,
            PdfError::LibraryMissing { .. }
            | PdfError::LibraryUnusable { .. }
            | PdfError::RendererUnavailable { .. }
            | PdfError::WorkerStopped => StatusCode::SERVICE_UNAVAILABLE,
            PdfError::Io { .. } | PdfError::Render { .. } | PdfError::Encode { .. } => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        },
        PageError::Task(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Serves page images: the store (to find a document's file) and the render worker.
#[derive(Debug)]
pub struct PageServer {
    store: Arc<Store>,
    pdf: PdfWorker,
    documents: Mutex<HashMap<DocumentId, DocumentRef>>,
    generation: AtomicU64,
}

impl PageServer {
    pub fn new(store: Arc<Store>, pdf: PdfWorker) -> Self {
        Self {
            store,
            pdf,
            documents: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(1),
        }
    }

    /// What the worker opens for the document, from the memo or the store (on a
    /// blocking thread).
    pub async fn document(&self, id: DocumentId) -> Result<DocumentRef, PageError> {
        if let Some(d) = self.documents.lock().ok().and_then(|m| m.get(&id).cloned()) {
            return Ok(d);
        }
        let store = self.store.clone();
        let blob = tauri::async_runtime::spawn_blocking(move || store.document_blob(id))
            .await
            .map_err(|e| PageError::Task(e.to_string()))??;
        let document = crate::documents::document_ref(blob);
        if let Ok(mut m) = self.documents.lock() {
            if m.len() >= DOCUMENT_MEMO {
                m.clear();
            }
            m.insert(id, document.clone());
        }
        Ok(document)
    }

    /// Renders the page a URL asks for.
    pub async fn render(&self, q: PageQuery) -> Result<pdf::RenderedPage, PageError> {
        let document = self.document(q.document).await?;
        let mut req = match q.purpose {
            Purpose::View => RenderRequest::view(q.page, q.width),
            Purpose::Thumbnail => RenderRequest::thumbnail(q.page, q.width),
        };
        req.rotation = q.rotation;
        req.ticket = q.view.map(|view| ViewTicket {
            view,
            generation: self.generation.fetch_add(1, Ordering::Relaxed),
        });
        Ok(self.pdf.render(document, req).await?)
    }

    /// The whole answer to one request of the scheme: never panics, never fails.
    pub async fn respond(&self, request: &http::Request<Vec<u8>>) -> Response<Vec<u8>> {
        let result = async {
            if request.method() != Method::GET && request.method() != Method::HEAD {
                return Err(PageError::Method);
            }
            let q = parse(request.uri())?;
            self.render(q).await
        }
        .await;
        match result {
            Ok(page) => image_response(&page, request.method() == Method::HEAD),
            Err(e) => error_response(&e),
        }
    }
}

/// The handler to register with `register_asynchronous_uri_scheme_protocol`: it returns
/// at once and answers from a task on Tauri's async runtime.
pub fn handler<R: tauri::Runtime>(
    server: Arc<PageServer>,
) -> impl Fn(tauri::UriSchemeContext<'_, R>, http::Request<Vec<u8>>, tauri::UriSchemeResponder)
+ Send
+ Sync
+ 'static {
    move |_ctx, request, responder| {
        let server = server.clone();
        tauri::async_runtime::spawn(async move {
            let response = server.respond(&request).await;
            responder.respond(response);
        });
    }
}

/// Reads `/<document>/<page>?w=..&rot=..&purpose=..&view=..`; the path may arrive
/// percent-encoded as one segment (`convertFileSrc` encodes the `/`).
pub fn parse(uri: &http::Uri) -> Result<PageQuery, PageError> {
    let bad = |m: String| PageError::BadRequest(m);
    let path =
        percent_decode(uri.path()).ok_or_else(|| bad("the path is not valid UTF-8".into()))?;
    let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let [doc, page] = parts[..] else {
        return Err(bad(format!(
            "expected /<document id>/<page number>, got {path:?}"
        )));
    };
    let document =
        DocumentId::parse(doc).map_err(|_| bad(format!("{doc:?} is not a document id")))?;
    let page: u32 = page
        .parse()
        .ok()
        .filter(|p| *p >= 1)
        .ok_or_else(|| bad(format!("{page:?} is not a page number (pages start at 1)")))?;
    let mut width = None;
    let mut rotation = Rotation::None;
    let mut purpose = Purpose::View;
    let mut view = None;
    for pair in uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|s| !s.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "w" => {
                width = Some(
                    value
                        .parse::<u32>()
                        .ok()
                        .filter(|w| (MIN_WIDTH..=MAX_WIDTH).contains(w))
                        .ok_or_else(|| {
                            bad(format!(
                                "w={value:?}: the width must be a number of pixels from {MIN_WIDTH} to {MAX_WIDTH}"
                            ))
                        })?,
                );
            }
            "rot" => {
                rotation = match value {
                    "0" => Rotation::None,
                    "90" => Rotation::Clockwise90,
                    "180" => Rotation::Half180,
                    "270" => Rotation::Clockwise270,
                    _ => {
                        return Err(bad(format!(
                            "rot={value:?}: the rotation must be 0, 90, 180 or 270"
                        )));
                    }
                };
            }
            "purpose" => {
                purpose = match value {
                    "view" => Purpose::View,
                    "thumb" => Purpose::Thumbnail,
                    _ => {
                        return Err(bad(format!(
                            "purpose={value:?}: the purpose must be view or thumb"
                        )));
                    }
                };
            }
            "view" => {
                view = Some(
                    value
                        .parse::<u64>()
                        .map_err(|_| bad(format!("view={value:?} is not a number")))?,
                );
            }
            // Unknown parameters (e.g. a cache-buster) are ignored.
            _ => {}
        }
    }
    let width = width.ok_or_else(|| bad("the width parameter w is missing".into()))?;
    Ok(PageQuery {
        document,
        page,
        width,
        rotation,
        purpose,
        view,
    })
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn image_response(page: &pdf::RenderedPage, head: bool) -> Response<Vec<u8>> {
    let body = if head {
        Vec::new()
    } else {
        page.bytes.to_vec()
    };
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, page.mime())
        .header(
            header::CACHE_CONTROL,
            "private, max-age=31536000, immutable",
        )
        .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(
            "X-Dossier-Page-Size",
            format!("{}x{}", page.width, page.height),
        )
        .body(body)
        .unwrap_or_else(|_| fallback())
}

fn error_response(e: &PageError) -> Response<Vec<u8>> {
    let status = status_of(e);
    // A superseded request is routine; anything else is worth a line in the app's log.
    if status != StatusCode::CONFLICT {
        eprintln!("dossier-page: {status} {}: {e}", e.code());
    }
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .header(header::ACCESS_CONTROL_EXPOSE_HEADERS, "X-Dossier-Error")
        .header("X-Dossier-Error", e.code())
        .body(e.to_string().into_bytes())
        .unwrap_or_else(|_| fallback())
}

fn fallback() -> Response<Vec<u8>> {
    let mut r = Response::new(b"the page could not be served".to_vec());
    *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> http::Uri {
        s.parse().unwrap()
    }

    const DOC: &str = "0190b5a2-8d6c-7a55-b1e2-33c4d5e6f708";

    #[test]
    fn parses_linux_and_windows_forms_and_encoded_slashes() {
        for u in [
            format!("dossier-page://localhost/{DOC}/3?w=1280&rot=90&view=7"),
            format!("http://dossier-page.localhost/{DOC}/3?w=1280&rot=90&view=7"),
            format!("dossier-page://localhost/{DOC}%2F3?w=1280&rot=90&view=7"),
        ] {
            let q = parse(&uri(&u)).unwrap();
            assert_eq!(q.document.to_string(), DOC);
            assert_eq!(
                (q.page, q.width, q.rotation, q.purpose, q.view),
                (3, 1280, Rotation::Clockwise90, Purpose::View, Some(7)),
                "{u}"
            );
        }
        let q = parse(&uri(&format!(
            "dossier-page://localhost/{DOC}/1?w=120&purpose=thumb"
        )))
        .unwrap();
        assert_eq!(
            (q.purpose, q.rotation, q.view),
            (Purpose::Thumbnail, Rotation::None, None)
        );
    }

    #[test]
    fn refuses_what_it_cannot_serve_with_a_message() {
        for (u, says) in [
            (format!("dossier-page://localhost/{DOC}/1"), "w is missing"),
            (
                format!("dossier-page://localhost/{DOC}/0?w=100"),
                "pages start at 1",
            ),
            (
                format!("dossier-page://localhost/{DOC}/x?w=100"),
                "not a page number",
            ),
            (
                format!("dossier-page://localhost/{DOC}/1?w=99999"),
                "from 16 to 4096",
            ),
            (
                format!("dossier-page://localhost/{DOC}/1?w=100&rot=45"),
                "0, 90, 180 or 270",
            ),
            (
                format!("dossier-page://localhost/{DOC}/1?w=100&purpose=x"),
                "view or thumb",
            ),
            (
                "dossier-page://localhost/nope/1?w=100".to_owned(),
                "not a document id",
            ),
            (
                format!("dossier-page://localhost/{DOC}?w=100"),
                "expected /<document id>/<page number>",
            ),
        ] {
            let err = parse(&uri(&u)).unwrap_err();
            assert!(err.to_string().contains(says), "{u}: {err}");
            assert_eq!(status_of(&err), StatusCode::BAD_REQUEST);
        }
    }

    #[test]
    fn statuses_say_whose_problem_it_is() {
        let s = |e: PdfError| status_of(&PageError::Pdf(e));
        assert_eq!(
            s(PdfError::PageOutOfRange { page: 9, pages: 2 }),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            s(PdfError::PasswordRequired),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            s(PdfError::Corrupt { detail: "x".into() }),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(s(PdfError::Cancelled), StatusCode::CONFLICT);
        assert_eq!(
            s(PdfError::LibraryMissing { searched: vec![] }),
            StatusCode::SERVICE_UNAVAILABLE
        );
        assert_eq!(
            status_of(&PageError::Store(StoreError::DocumentNotFound("x".into()))),
            StatusCode::NOT_FOUND
        );
    }
}
