//! Recognising what a file is from its first bytes, before pdfium sees it: an empty
//! file and a JPEG named `.pdf` get a precise error instead of "corrupt".

use crate::error::PdfError;

/// How many leading bytes may precede `%PDF-` (readers accept some junk before it).
pub const HEADER_WINDOW: usize = 1024;

/// `Ok` when `head` (the file's first bytes, up to [`HEADER_WINDOW`]) holds a PDF
/// header; otherwise [`PdfError::EmptyFile`] or [`PdfError::NotAPdf`] naming what the
/// file looks like.
pub fn check_header(head: &[u8]) -> Result<(), PdfError> {
    if head.is_empty() {
        return Err(PdfError::EmptyFile);
    }
    let window = &head[..head.len().min(HEADER_WINDOW)];
    if window.windows(5).any(|w| w == b"%PDF-") {
        return Ok(());
    }
    Err(PdfError::NotAPdf {
        detected: detect(window).into(),
    })
}

fn detect(head: &[u8]) -> &'static str {
    let starts = |m: &[u8]| head.starts_with(m);
    if starts(&[0xFF, 0xD8, 0xFF]) {
        "a JPEG image"
    } else if starts(b"\x89PNG") {
        "a PNG image"
    } else if starts(b"GIF8") {
        "a GIF image"
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        "a TIFF image"
    } else if head.len() > 12 && &head[4..8] == b"ftyp" {
        "a HEIC/MP4 file (perhaps a phone photo)"
    } else if starts(b"PK\x03\x04") {
        "a ZIP archive or Office document"
    } else if starts(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "a legacy Office document"
    } else if starts(b"%!PS") {
        "a PostScript file"
    } else if starts(b"{\\rtf") {
        "an RTF document"
    } else if head
        .iter()
        .take(512)
        .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
    {
        if String::from_utf8_lossy(head)
            .to_ascii_lowercase()
            .contains("<html")
        {
            "an HTML page"
        } else {
            "a text file"
        }
    } else {
        "unrecognised binary data"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_pdfs_with_leading_junk() {
        assert!(check_header(b"%PDF-1.7\n").is_ok());
        assert!(check_header(b"\r\n\r\n   %PDF-1.4").is_ok());
    }

    #[test]
    fn names_what_other_files_are() {
        assert_eq!(check_header(b""), Err(PdfError::EmptyFile));
        let jpeg = check_header(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16]);
        assert_eq!(
            jpeg,
            Err(PdfError::NotAPdf {
                detected: "a JPEG image".into()
            })
        );
        assert!(
            matches!(check_header(b"PK\x03\x04rest"), Err(PdfError::NotAPdf { detected }) if detected.contains("Office"))
        );
        assert!(
            matches!(check_header(b"hello"), Err(PdfError::NotAPdf { detected }) if detected == "a text file")
        );
    }
}
