//! What the app and its render helper say to each other over the helper's stdin and
//! stdout: frames of a JSON header (a [`Request`] or a [`Response`]) followed by a
//! binary payload (a document's bytes going in, an encoded page coming out).
//!
//! A frame is the header's length (u32, little-endian), the header, the payload's
//! length (u32) and the payload. Both lengths are bounded, so a confused or hostile
//! helper cannot make the app allocate without limit.

use std::io::{self, Read, Write};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::error::PdfError;
use crate::page::{DocumentInfo, ImageFormat, Limits, RenderRequest, SearchResults};
use crate::quality::{QualityOptions, QualityReport};

/// The largest header accepted.
const MAX_HEADER: u32 = 16 << 20;
/// The largest payload accepted (a document sent to the helper, a page sent back).
pub const MAX_PAYLOAD: u32 = 1 << 30;

/// From the app to the helper.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    /// The first frame: which library to load, and the bounds to keep.
    Hello {
        /// The pdfium library's path.
        library: PathBuf,
        /// Bounds for pathological pages.
        limits: Limits,
        /// Thresholds of the quality checks.
        quality: QualityOptions,
    },
    /// A document's bytes (the payload) under `key`.
    Open {
        /// The cache key of the document.
        key: String,
        /// Its password, if any.
        password: Option<String>,
    },
    /// Render and encode a page.
    Render {
        /// The document.
        key: String,
        /// What to render.
        request: RenderRequest,
    },
    /// Page count and sizes.
    Info {
        /// The document.
        key: String,
    },
    /// The page count.
    PageCount {
        /// The document.
        key: String,
    },
    /// Search the text layer.
    Search {
        /// The document.
        key: String,
        /// The text.
        query: String,
    },
    /// The quality report.
    Inspect {
        /// The document.
        key: String,
    },
    /// Forget a document.
    Close {
        /// The document.
        key: String,
    },
    /// Tries what the sandbox forbids (for tests): open a file, open a socket.
    Probe {
        /// A file to try to open.
        path: PathBuf,
    },
}

/// How the helper is confined, as it reports once started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxStatus {
    /// A seccomp filter allows only the system calls drawing needs.
    pub seccomp: bool,
    /// Landlock forbids every file and network access (fully, on this kernel).
    pub landlock: bool,
}

/// From the helper to the app.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum Response {
    /// Started: the library is loaded and the sandbox is in force.
    Ready {
        /// The confinement in force.
        sandbox: SandboxStatus,
    },
    /// The document is held.
    Opened,
    /// The helper does not hold this document: send it with [`Request::Open`].
    Missing,
    /// An encoded page (the payload).
    Page {
        /// Its format.
        format: ImageFormat,
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// Page count and sizes.
    Info {
        /// The answer.
        info: DocumentInfo,
    },
    /// The page count.
    PageCount {
        /// The answer.
        pages: u32,
    },
    /// Search results.
    Search {
        /// The answer.
        results: SearchResults,
    },
    /// A quality report.
    Inspect {
        /// The answer.
        report: QualityReport,
    },
    /// Done (close).
    Done,
    /// What the sandbox let through.
    Probed {
        /// Whether the file could be opened.
        file_opened: bool,
        /// Whether a socket could be created.
        socket_opened: bool,
    },
    /// The request failed.
    Failed {
        /// Why.
        error: PdfError,
    },
}

/// Writes one frame.
pub fn write_frame<T: Serialize>(
    out: &mut impl Write,
    header: &T,
    payload: &[u8],
) -> io::Result<()> {
    let header = serde_json::to_vec(header).map_err(io::Error::other)?;
    let header_len = u32::try_from(header.len()).map_err(io::Error::other)?;
    let payload_len = u32::try_from(payload.len())
        .ok()
        .filter(|&n| n <= MAX_PAYLOAD)
        .ok_or_else(|| io::Error::other("payload too large"))?;
    out.write_all(&header_len.to_le_bytes())?;
    out.write_all(&header)?;
    out.write_all(&payload_len.to_le_bytes())?;
    out.write_all(payload)?;
    out.flush()
}

/// Reads one frame; `Ok(None)` at a clean end of stream.
pub fn read_frame<T: for<'de> Deserialize<'de>>(
    input: &mut impl Read,
) -> io::Result<Option<(T, Vec<u8>)>> {
    let mut len = [0u8; 4];
    match input.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let header = read_exact_bounded(input, u32::from_le_bytes(len), MAX_HEADER)?;
    let header = serde_json::from_slice(&header).map_err(io::Error::other)?;
    input.read_exact(&mut len)?;
    let payload = read_exact_bounded(input, u32::from_le_bytes(len), MAX_PAYLOAD)?;
    Ok(Some((header, payload)))
}

fn read_exact_bounded(input: &mut impl Read, len: u32, max: u32) -> io::Result<Vec<u8>> {
    if len > max {
        return Err(io::Error::other(format!(
            "frame of {len} bytes is too large"
        )));
    }
    let mut buf = vec![0u8; len as usize];
    input.read_exact(&mut buf)?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip() {
        let mut buf = Vec::new();
        let req = Request::Open {
            key: "bytes:a".into(),
            password: None,
        };
        write_frame(&mut buf, &req, b"%PDF-1.7").expect("write");
        write_frame(
            &mut buf,
            &Response::Failed {
                error: PdfError::Cancelled,
            },
            b"",
        )
        .expect("write");
        let mut input = buf.as_slice();
        let (r, payload): (Request, _) = read_frame(&mut input).expect("read").expect("frame");
        assert!(matches!(r, Request::Open { key, .. } if key == "bytes:a"));
        assert_eq!(payload, b"%PDF-1.7");
        let (r, _): (Response, _) = read_frame(&mut input).expect("read").expect("frame");
        assert!(matches!(
            r,
            Response::Failed {
                error: PdfError::Cancelled
            }
        ));
        assert!(read_frame::<Request>(&mut input).expect("end").is_none());
    }

    #[test]
    fn an_oversized_frame_is_refused() {
        let mut buf = (MAX_HEADER + 1).to_le_bytes().to_vec();
        buf.extend_from_slice(&[0; 16]);
        assert!(read_frame::<Request>(&mut buf.as_slice()).is_err());
    }
}
