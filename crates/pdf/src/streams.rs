//! The decompressed size of a document's streams, bounded before pdfium parses it.
//!
//! A page's drawing instructions (its content stream), a form's, an object stream or an
//! embedded font are usually Flate-compressed, and Flate expands up to about a
//! thousand times: a 500 KB file can hold a content stream of 500 MB that pdfium would
//! inflate and parse on opening the page. Images are not counted here: their size is
//! what they declare (width × height), which the page preflight bounds
//! ([`crate::Limits::max_image_pixels`]) without decoding them.
//!
//! The scan reads the raw file: each `stream` keyword, the dictionary before it, and,
//! for a Flate stream that is not an image, inflates into a scratch buffer, counting
//! bytes and stopping at [`crate::Limits::max_stream_bytes`]. The length is not
//! trusted (zlib data ends by itself). A stream that does not inflate (encrypted,
//! damaged) counts what it gave before the error; pdfium then judges it.

use flate2::{Decompress, FlushDecompress, Status};

use crate::error::PdfError;
use crate::page::Limits;

/// How far back from a `stream` keyword its dictionary is looked for.
const DICTIONARY_WINDOW: usize = 64 * 1024;

/// Refuses a document whose content, form, object and font streams inflate past
/// `limits`.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<(), PdfError> {
    let mut scratch = vec![0u8; 64 * 1024];
    let mut total: u64 = 0;
    for start in memchr::memmem::find_iter(bytes, b"stream") {
        // `endstream` is not a start.
        if start >= 3 && &bytes[start - 3..start] == b"end" {
            continue;
        }
        let mut data = start + b"stream".len();
        match bytes.get(data..data + 2) {
            Some([b'\r', b'\n']) => data += 2,
            Some([b'\n', _]) | Some([b'\r', _]) => data += 1,
            _ => continue,
        }
        let from = start.saturating_sub(DICTIONARY_WINDOW);
        let before = &bytes[from..start];
        let dictionary = match memchr::memmem::rfind(before, b"obj") {
            Some(i) => &before[i..],
            None => before,
        };
        if !is_counted(dictionary) {
            continue;
        }
        let inflated = inflated_size(&bytes[data..], limits.max_stream_bytes, &mut scratch);
        if inflated > limits.max_stream_bytes {
            return Err(PdfError::DocumentTooHeavy {
                reason: format!(
                    "a compressed stream expands past {} MB",
                    limits.max_stream_bytes >> 20
                ),
            });
        }
        total = total.saturating_add(inflated);
        if total > limits.max_document_stream_bytes {
            return Err(PdfError::DocumentTooHeavy {
                reason: format!(
                    "its compressed streams expand past {} MB in all",
                    limits.max_document_stream_bytes >> 20
                ),
            });
        }
    }
    Ok(())
}

/// A Flate stream that is not an image.
fn is_counted(dictionary: &[u8]) -> bool {
    let has = |needle: &[u8]| memchr::memmem::find(dictionary, needle).is_some();
    let flate = has(b"/FlateDecode")
        || [
            b"/Fl ".as_slice(),
            b"/Fl/",
            b"/Fl]",
            b"/Fl>",
            b"/Fl\n",
            b"/Fl\r",
        ]
        .iter()
        .any(|n| has(n));
    flate && !has(b"/Image")
}

/// How many bytes `data` inflates to, counting no further than just past `bound`.
fn inflated_size(data: &[u8], bound: u64, scratch: &mut [u8]) -> u64 {
    let mut inflater = Decompress::new(true);
    loop {
        let consumed = inflater.total_in() as usize;
        let Some(input) = data.get(consumed..) else {
            return inflater.total_out();
        };
        let before = (inflater.total_in(), inflater.total_out());
        let status = inflater.decompress(input, scratch, FlushDecompress::None);
        let out = inflater.total_out();
        match status {
            Ok(Status::StreamEnd) | Err(_) => return out,
            Ok(_) if out > bound => return out,
            Ok(_) if (inflater.total_in(), out) == before => return out,
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(data).expect("in memory");
        enc.finish().expect("in memory")
    }

    fn pdf_with_stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n4 0 obj\n".to_vec();
        out.extend_from_slice(dict.as_bytes());
        out.extend_from_slice(b"\nstream\n");
        out.extend_from_slice(data);
        out.extend_from_slice(b"\nendstream\nendobj\n");
        out
    }

    fn small() -> Limits {
        Limits {
            max_stream_bytes: 1 << 20,
            max_document_stream_bytes: 3 << 20,
            ..Limits::default()
        }
    }

    #[test]
    fn a_content_bomb_is_refused() {
        let bomb = deflate(&vec![b' '; 4 << 20]);
        let pdf = pdf_with_stream("<< /Length 10 /Filter /FlateDecode >>", &bomb);
        assert!(matches!(
            check(&pdf, &small()),
            Err(PdfError::DocumentTooHeavy { .. })
        ));
    }

    #[test]
    fn the_abbreviated_filter_name_counts_too() {
        let bomb = deflate(&vec![b' '; 4 << 20]);
        let pdf = pdf_with_stream("<</Filter/Fl/Length 10>>", &bomb);
        assert!(check(&pdf, &small()).is_err());
    }

    #[test]
    fn many_streams_under_the_limit_add_up() {
        let part = deflate(&vec![b'q'; 900 << 10]);
        let mut pdf = Vec::new();
        for _ in 0..4 {
            pdf.extend(pdf_with_stream("<< /Filter /FlateDecode >>", &part));
        }
        assert!(check(&pdf, &small()).is_err());
        let mut three = Vec::new();
        for _ in 0..3 {
            three.extend(pdf_with_stream("<< /Filter /FlateDecode >>", &part));
        }
        assert!(check(&three, &small()).is_ok());
    }

    #[test]
    fn images_and_plain_streams_are_not_inflated() {
        let big = deflate(&vec![0u8; 4 << 20]);
        let image = pdf_with_stream(
            "<< /Type /XObject /Subtype /Image /Width 2048 /Height 2048 /Filter /FlateDecode >>",
            &big,
        );
        assert!(check(&image, &small()).is_ok());
        let plain = pdf_with_stream("<< /Length 5 >>", b"q Q Q");
        assert!(check(&plain, &small()).is_ok());
    }

    #[test]
    fn garbage_after_the_keyword_is_harmless() {
        let pdf = pdf_with_stream("<< /Filter /FlateDecode >>", b"\x00\x01not zlib at all");
        assert!(check(&pdf, &small()).is_ok());
        assert!(check(b"stream", &small()).is_ok());
        assert!(check(b"obj stream\n", &small()).is_ok());
    }
}
