//! A small PDF object writer: numbered objects, streams, a classic cross-reference
//! table and trailer, and (optionally) the encryption of every string and stream.
//!
//! Object ids are allocated first and written in any order, so pages can refer to
//! their parent and the parent to its pages.

use std::io::Write;

use crate::security::{Security, hex};

/// Compresses `data` with zlib (the PDF `/FlateDecode` filter).
pub fn deflate(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

/// Escapes `text` as a PDF literal string body in WinAnsiEncoding (characters outside
/// Latin-1 become `?`).
pub fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| {
            if (c as u32) < 256 {
                c as u32 as u8
            } else {
                b'?'
            }
        })
        .collect()
}

/// The bytes of a PDF literal string `( ... )` holding `bytes`.
pub fn literal(bytes: &[u8]) -> String {
    let mut out = String::from("(");
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7E => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03o}")),
        }
    }
    out.push(')');
    out
}

/// A PDF being written.
#[derive(Debug)]
pub struct PdfWriter {
    buf: Vec<u8>,
    offsets: Vec<Option<usize>>,
    security: Option<Security>,
}

impl PdfWriter {
    /// Starts a PDF 1.7 file; with `security`, strings and streams are encrypted.
    pub fn new(security: Option<Security>) -> Self {
        let mut buf = Vec::with_capacity(64 * 1024);
        buf.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        Self {
            buf,
            offsets: Vec::new(),
            security,
        }
    }

    /// Reserves the next object number.
    pub fn alloc(&mut self) -> u32 {
        self.offsets.push(None);
        self.offsets.len() as u32
    }

    fn begin(&mut self, id: u32) {
        if let Some(slot) = self.offsets.get_mut(id as usize - 1) {
            *slot = Some(self.buf.len());
        }
        self.buf
            .extend_from_slice(format!("{id} 0 obj\n").as_bytes());
    }

    /// Writes object `id` with the given body (a dictionary, array or number).
    pub fn object(&mut self, id: u32, body: &str) {
        self.begin(id);
        self.buf.extend_from_slice(body.as_bytes());
        self.buf.extend_from_slice(b"\nendobj\n");
    }

    /// A text string for object `id` (`(..)`, or `<hex>` when encrypted).
    pub fn text_string(&self, id: u32, text: &str) -> String {
        let bytes = win_ansi(text);
        match &self.security {
            Some(s) => format!("<{}>", hex(&s.encrypt(id, &bytes))),
            None => literal(&bytes),
        }
    }

    /// Writes stream object `id`: `entries` are the dictionary's entries other than
    /// `/Length`.
    pub fn stream(&mut self, id: u32, entries: &str, data: &[u8]) {
        let data = match &self.security {
            Some(s) => s.encrypt(id, data),
            None => data.to_vec(),
        };
        self.begin(id);
        self.buf.extend_from_slice(
            format!("<< {entries} /Length {} >>\nstream\n", data.len()).as_bytes(),
        );
        self.buf.extend_from_slice(&data);
        self.buf.extend_from_slice(b"\nendstream\nendobj\n");
    }

    /// Writes the cross-reference table and trailer and returns the file.
    pub fn finish(mut self, root: u32, info: Option<u32>, file_id: &[u8]) -> Vec<u8> {
        let encrypt = self.security.as_ref().map(Security::dictionary);
        let encrypt_ref = encrypt.map(|dict| {
            let id = self.alloc();
            // The encryption dictionary's own strings are never encrypted.
            self.begin(id);
            self.buf.extend_from_slice(dict.as_bytes());
            self.buf.extend_from_slice(b"\nendobj\n");
            format!(" /Encrypt {id} 0 R")
        });
        let xref = self.buf.len();
        let size = self.offsets.len() + 1;
        self.buf
            .extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
        for off in &self.offsets {
            match off {
                Some(o) => self
                    .buf
                    .extend_from_slice(format!("{o:010} 00000 n \n").as_bytes()),
                None => self.buf.extend_from_slice(b"0000000000 65535 f \n"),
            }
        }
        let info = info.map(|i| format!(" /Info {i} 0 R")).unwrap_or_default();
        let id = hex(file_id);
        self.buf.extend_from_slice(
            format!(
                "trailer\n<< /Size {size} /Root {root} 0 R{info}{} /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n",
                encrypt_ref.unwrap_or_default()
            )
            .as_bytes(),
        );
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_escapes_delimiters_and_high_bytes() {
        assert_eq!(literal(&win_ansi("a(b)\\é")), "(a\\(b\\)\\\\\\351)");
    }

    #[test]
    fn xref_offsets_point_at_objects() {
        let mut w = PdfWriter::new(None);
        let a = w.alloc();
        let b = w.alloc();
        w.object(b, "<< /Type /Pages /Kids [] /Count 0 >>");
        w.object(a, &format!("<< /Type /Catalog /Pages {b} 0 R >>"));
        let pdf = w.finish(a, None, &[0; 16]);
        let text = String::from_utf8_lossy(&pdf);
        let xref = text.find("xref\n").unwrap_or(0);
        let entries: Vec<usize> = text[xref..]
            .lines()
            .skip(3)
            .take(2)
            .map(|l| l[..10].parse().unwrap_or(0))
            .collect();
        // Offsets count bytes; the binary comment line makes the lossy text longer.
        assert!(pdf[entries[0]..].starts_with(b"1 0 obj"));
        assert!(pdf[entries[1]..].starts_with(b"2 0 obj"));
    }
}
