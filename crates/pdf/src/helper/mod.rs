//! pdfium in a process of its own: a crash or a hang in pdfium (C++, fed by hostile
//! applicants' files) ends only the helper, never the app holding the store key.
//!
//! The app's binary runs itself with the subcommand [`SUBCOMMAND`]; the child calls
//! [`serve`]. It reads a [`wire::Request::Hello`] naming the library, loads pdfium,
//! warms it up (fonts enumerated, code paged in), enters the [`sandbox`], says
//! [`wire::Response::Ready`], then answers requests one at a time over its stdin and
//! stdout. It holds documents only as bytes the app sent ([`wire::Request::Open`]):
//! it never reads the store, the keyring or a file after start-up.
//!
//! The app's side is [`client::HelperClient`], driven by the render worker when
//! [`crate::WorkerConfig::isolation`] is [`Isolation::Helper`]: it starts the helper,
//! gives each call a time limit, kills a helper past it, notices one that died, and
//! starts a fresh one for the next request.
//!
//! - [`wire`]: the frames exchanged.
//! - [`client`]: the app's side.
//! - [`sandbox`]: seccomp and Landlock on Linux.

pub mod client;
pub mod sandbox;
pub mod wire;

use std::io::{self, BufReader, BufWriter};
use std::process::ExitCode;
use std::sync::Arc;

pub use client::{HelperCommand, Isolation};
use wire::{Request, Response};

use crate::encode;
use crate::engine::Engine;
use crate::error::PdfError;
use crate::library::{self, LibrarySearch};
use crate::page::{DocumentRef, RenderRequest};

/// The subcommand that turns the app's (or the server's, or the CLI's) binary into a
/// render helper.
pub const SUBCOMMAND: &str = "pdf-helper";

/// Set to `1` in the app's environment, it lets test documents make the helper crash or
/// hang on purpose: bytes holding [`ABORT_MARKER`] abort it when opened, bytes holding
/// [`HANG_MARKER`] make it sleep forever. Off unless set; tests only.
pub const FAULTS_ENV: &str = "DOSSIER_PDF_HELPER_FAULTS";
/// See [`FAULTS_ENV`].
pub const ABORT_MARKER: &[u8] = b"%DOSSIER-TEST-ABORT";
/// See [`FAULTS_ENV`].
pub const HANG_MARKER: &[u8] = b"%DOSSIER-TEST-HANG";

/// Documents held at once (the app sends a document again when it was let go).
const HELD_DOCUMENTS: usize = 4;

/// A small document drawn once before the sandbox closes: pdfium loads its fonts,
/// enumerates the system's (a font it does not embed), and pages its code in.
const WARM_UP: &[u8] = b"%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 50]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>endobj
4 0 obj<</Type/Font/Subtype/TrueType/BaseFont/Arial/Encoding/WinAnsiEncoding>>endobj
5 0 obj<</Length 37>>stream
BT /F1 12 Tf 10 20 Td (Dossier) Tj ET
endstream endobj
trailer<</Root 1 0 R>>
%%EOF
";

/// The helper's main loop: call it when the binary was started with [`SUBCOMMAND`].
/// Returns when the app closes the pipe.
pub fn serve() -> ExitCode {
    match serve_io() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pdf helper: {e}");
            ExitCode::FAILURE
        }
    }
}

/// [`serve`], then ends the process with its status (for a `main` that returns
/// something else).
pub fn serve_and_exit() -> ! {
    let code = match serve_io() {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("pdf helper: {e}");
            1
        }
    };
    std::process::exit(code)
}

fn serve_io() -> io::Result<()> {
    let mut input = BufReader::new(io::stdin().lock());
    let mut output = BufWriter::new(io::stdout().lock());
    let Some((
        Request::Hello {
            library: path,
            limits,
            quality,
        },
        _,
    )) = wire::read_frame::<Request>(&mut input)?
    else {
        return Err(io::Error::other("the first request must be hello"));
    };
    let faults = std::env::var(FAULTS_ENV).is_ok_and(|v| v == "1");
    crate::worker::keep_freed_page_memory();
    let pdfium = match library::bind(&LibrarySearch::only([path])) {
        Ok((pdfium, _)) => pdfium,
        Err(error) => return wire::write_frame(&mut output, &Response::Failed { error }, &[]),
    };
    let mut engine = Engine::new(&pdfium, limits);
    let warm = DocumentRef::bytes("warm-up", WARM_UP.to_vec());
    // Whatever the warm-up gives, the helper serves; it only loads what drawing needs.
    let _ = engine.render(&warm, &RenderRequest::view(1, 200));
    let _ = engine.search(&warm, "dossier");
    engine.close(&warm);
    let sandbox = sandbox::enter();
    wire::write_frame(&mut output, &Response::Ready { sandbox }, &[])?;

    let mut held: Vec<(String, DocumentRef)> = Vec::new();
    while let Some((request, payload)) = wire::read_frame::<Request>(&mut input)? {
        let (response, bytes) = answer(&mut engine, &mut held, request, payload, faults, &quality);
        wire::write_frame(&mut output, &response, &bytes)?;
    }
    Ok(())
}

fn failed(error: PdfError) -> (Response, Vec<u8>) {
    (Response::Failed { error }, Vec::new())
}

fn answer(
    engine: &mut Engine<'_>,
    held: &mut Vec<(String, DocumentRef)>,
    request: Request,
    payload: Vec<u8>,
    faults: bool,
    quality: &crate::QualityOptions,
) -> (Response, Vec<u8>) {
    let key = match &request {
        Request::Render { key, .. }
        | Request::Info { key }
        | Request::PageCount { key }
        | Request::Search { key, .. }
        | Request::Inspect { key }
        | Request::Close { key } => Some(key.clone()),
        _ => None,
    };
    let doc = match key {
        Some(key) => match held.iter().position(|(k, _)| *k == key) {
            Some(i) => {
                let entry = held.remove(i);
                let doc = entry.1.clone();
                held.push(entry);
                Some(doc)
            }
            None if matches!(request, Request::Close { .. }) => {
                return (Response::Done, Vec::new());
            }
            None => return (Response::Missing, Vec::new()),
        },
        None => None,
    };
    let result = match (request, doc) {
        (Request::Open { key, password }, _) => {
            if faults {
                inject_fault(&payload);
            }
            let mut doc = DocumentRef::bytes(key.clone(), Arc::new(payload));
            doc.password = password;
            if let Some(i) = held.iter().position(|(k, _)| *k == key) {
                engine.close(&held.remove(i).1);
            }
            if held.len() >= HELD_DOCUMENTS {
                engine.close(&held.remove(0).1);
            }
            held.push((key, doc));
            Ok((Response::Opened, Vec::new()))
        }
        (Request::Render { request, .. }, Some(doc)) => {
            engine.render(&doc, &request).and_then(|bitmap| {
                let encoded = encode::encode(&bitmap, request.format);
                let (width, height) = (bitmap.width, bitmap.height);
                engine.recycle(bitmap);
                Ok((
                    Response::Page {
                        format: request.format,
                        width,
                        height,
                    },
                    encoded?,
                ))
            })
        }
        (Request::Info { .. }, Some(doc)) => engine
            .info(&doc)
            .map(|info| (Response::Info { info }, Vec::new())),
        (Request::PageCount { .. }, Some(doc)) => engine
            .page_count(&doc)
            .map(|pages| (Response::PageCount { pages }, Vec::new())),
        (Request::Search { query, .. }, Some(doc)) => engine
            .search(&doc, &query)
            .map(|results| (Response::Search { results }, Vec::new())),
        (Request::Inspect { .. }, Some(doc)) => engine
            .inspect(&doc, quality)
            .map(|report| (Response::Inspect { report }, Vec::new())),
        (Request::Close { key }, Some(doc)) => {
            engine.close(&doc);
            held.retain(|(k, _)| *k != key);
            Ok((Response::Done, Vec::new()))
        }
        (Request::Probe { path }, _) => Ok((
            Response::Probed {
                file_opened: std::fs::File::open(path).is_ok(),
                socket_opened: std::net::UdpSocket::bind("127.0.0.1:0").is_ok(),
            },
            Vec::new(),
        )),
        (Request::Hello { .. }, _) | (_, None) => Err(PdfError::RendererUnavailable {
            detail: "an unexpected request".into(),
        }),
    };
    result.unwrap_or_else(failed)
}

/// The test-only faults of [`FAULTS_ENV`].
fn inject_fault(bytes: &[u8]) {
    if memchr::memmem::find(bytes, ABORT_MARKER).is_some() {
        std::process::abort();
    }
    if memchr::memmem::find(bytes, HANG_MARKER).is_some() {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
}
