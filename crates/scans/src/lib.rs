//! Deterministic synthetic scanned PDFs for demo data and tests.
//!
//! Officers read scans: every page here is one embedded image that looks like a
//! photographed or scanned sheet (paper tint, lighting, sensor noise, a photo-like
//! region, ruled "text" lines), optionally under a text layer in standard Helvetica so
//! that text search has something to find. The same [`ScanSpec`] (seed included) always
//! gives the same bytes.
//!
//! Besides well-formed scans, the crate makes the bad input an application receives:
//! password-protected, corrupt, truncated, not-a-PDF, very many pages, huge pages and
//! image bombs, so the `pdf` crate can test each against a known answer.
//!
//! - [`spec`]: what to generate ([`ScanSpec`], [`ScanColour`]).
//! - [`raster`]: the page image (pixels) of one scanned sheet.
//! - [`writer`]: a small PDF object writer (xref, trailer, optional encryption).
//! - [`security`]: the PDF standard security handler (revision 3, RC4 128-bit).
//! - [`generate`]: the public generators, good and bad.

pub mod generate;
pub mod raster;
pub mod security;
pub mod spec;
pub mod writer;

pub use generate::{
    blank_pages_pdf, content_bomb_pdf, corrupt_pdf, digital_pdf, encrypted_pdf, huge_page_pdf,
    image_bomb_pdf, low_resolution_pdf, many_pages_pdf, nested_image_bomb_pdf, not_a_pdf,
    scanned_pdf, truncated_pdf,
};
pub use spec::{PAGE_HEIGHT_PT, PAGE_WIDTH_PT, ScanColour, ScanSpec};
