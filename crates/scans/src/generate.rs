//! The generators: well-formed scans in each colour mode, with or without a text layer,
//! encrypted, with blank pages or at a low resolution; and the bad input an
//! application receives (corrupt, truncated, not a PDF, very many pages, huge pages,
//! image bombs). Each is deterministic in its arguments.

use std::io::Write;

use md5::{Digest, Md5};

use crate::raster::{self, PageImage, PageLayout, Rng};
use crate::security::Security;
use crate::spec::{PAGE_HEIGHT_PT, PAGE_WIDTH_PT, ScanColour, ScanSpec};
use crate::writer::{PdfWriter, deflate, literal, win_ansi};

/// A scanned document as `spec` describes it: one image per page, optionally under an
/// invisible text layer. A one-page 150 dpi colour scan is about 150 KB.
pub fn scanned_pdf(spec: &ScanSpec) -> Vec<u8> {
    build(spec, None, &[], TextMode::Invisible)
}

/// Like [`scanned_pdf`], but encrypted with the standard security handler (RC4,
/// 128-bit): readers ask for `user_password` before showing anything.
pub fn encrypted_pdf(spec: &ScanSpec, user_password: &str) -> Vec<u8> {
    let id = file_id(spec);
    let owner = format!("owner-{:016x}", spec.seed);
    build_with(
        spec,
        Some(Security::new(user_password, &owner, &id)),
        &[],
        TextMode::Invisible,
        id,
    )
}

/// Like [`scanned_pdf`], but the pages numbered in `blank` (1-based) are blank sheets:
/// paper, lighting and noise only, no ink and no text.
pub fn blank_pages_pdf(spec: &ScanSpec, blank: &[u32]) -> Vec<u8> {
    build(spec, None, blank, TextMode::Invisible)
}

/// Like [`scanned_pdf`], but scanned at `dpi` (e.g. 50): the page images are too
/// coarse to read small print.
pub fn low_resolution_pdf(spec: &ScanSpec, dpi: u32) -> Vec<u8> {
    build(
        &ScanSpec {
            dpi,
            ..spec.clone()
        },
        None,
        &[],
        TextMode::Invisible,
    )
}

/// A born-digital document: the title and lines as visible Helvetica text in black on
/// white, and no image at all.
pub fn digital_pdf(spec: &ScanSpec) -> Vec<u8> {
    build(spec, None, &[], TextMode::VisibleOnly)
}

/// The first `keep` (0.0..=1.0) of the bytes of [`scanned_pdf`]: a download or
/// upload that stopped early.
pub fn truncated_pdf(spec: &ScanSpec, keep: f32) -> Vec<u8> {
    let mut pdf = scanned_pdf(spec);
    let n = (pdf.len() as f32 * keep.clamp(0.0, 1.0)) as usize;
    pdf.truncate(n);
    pdf
}

/// A file that starts like a PDF but is not one: a header, a catalog that points at a
/// page tree cut off in the middle, binary garbage, and a cross-reference table and
/// `startxref` that point nowhere. No reader can find a page in it.
pub fn corrupt_pdf(seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed, 77);
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Cou".to_vec();
    let garbage = 2048 + rng.range(0, 2048) as usize;
    for _ in 0..garbage {
        // Bytes that are never `o`, `b`, `j`, `t`, `r` or `e`, so no keyword forms by chance.
        let b = (rng.next_u64() & 0xFF) as u8;
        out.push(if b.is_ascii_alphabetic() { 0xA5 } else { b });
    }
    out.extend_from_slice(
        format!("\nxref\n0 4\n0000000000 65535 f \n00000000{:02} 00000 n \ntrailer\n<< /Size 4 /Root 9 0 R >>\nstartxref\n{}\n%%EOF\n",
            rng.range(0, 99), 900_000 + rng.range(0, 99_999))
        .as_bytes(),
    );
    out
}

/// Bytes that are not a PDF at all (a JPEG photo, as applicants send under a `.pdf`
/// name).
pub fn not_a_pdf(seed: u64) -> Vec<u8> {
    let spec = ScanSpec {
        seed,
        dpi: 40,
        ..ScanSpec::new("Photo")
    };
    let canvas = raster::draw_page(&spec, 0, false);
    raster::jpeg(
        &canvas.rgb,
        canvas.width,
        canvas.height,
        jpeg_encoder::ColorType::Rgb,
    )
}

/// A document of `pages` pages (up to 100,000) that all show the same small greyscale
/// image: a large page count in a small file.
pub fn many_pages_pdf(pages: u32, seed: u64) -> Vec<u8> {
    let pages = pages.clamp(1, 100_000);
    let spec = ScanSpec {
        seed,
        dpi: 20,
        colour: ScanColour::Greyscale,
        ..ScanSpec::new("Many pages")
    };
    let image = raster::encode(&raster::draw_page(&spec, 0, false), ScanColour::Greyscale);
    let mut w = PdfWriter::new(None);
    let catalog = w.alloc();
    let tree = w.alloc();
    let img = w.alloc();
    let content = w.alloc();
    image_object(&mut w, img, &image);
    w.stream(
        content,
        "",
        format!("q {PAGE_WIDTH_PT} 0 0 {PAGE_HEIGHT_PT} 0 0 cm /Im0 Do Q").as_bytes(),
    );
    let mut kids = String::new();
    for _ in 0..pages {
        let page = w.alloc();
        w.object(
            page,
            &format!(
                "<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {PAGE_WIDTH_PT} {PAGE_HEIGHT_PT}] /Resources << /XObject << /Im0 {img} 0 R >> >> /Contents {content} 0 R >>"
            ),
        );
        kids.push_str(&format!("{page} 0 R "));
    }
    w.object(
        tree,
        &format!("<< /Type /Pages /Kids [{kids}] /Count {pages} >>"),
    );
    w.object(catalog, &format!("<< /Type /Catalog /Pages {tree} 0 R >>"));
    w.finish(catalog, None, &seed_id(seed, b"many"))
}

/// One page of `side_pt` by `side_pt` points (14,400 is the largest the PDF
/// specification allows; larger values test readers that do not clamp), covered by a
/// small scanned image.
pub fn huge_page_pdf(side_pt: f32, seed: u64) -> Vec<u8> {
    let spec = ScanSpec {
        seed,
        dpi: 30,
        ..ScanSpec::new("Huge page")
    };
    let image = raster::encode(&raster::draw_page(&spec, 0, false), ScanColour::Colour);
    single_image_page(&image, side_pt, side_pt, &seed_id(seed, b"huge"))
}

/// One Letter page whose image claims `side_px` by `side_px` grey pixels
/// (`side_px`² bytes once decompressed: 20,000 gives 400 MB) from a stream that
/// compresses to about a thousandth of that: a decompression bomb.
pub fn image_bomb_pdf(side_px: u32, seed: u64) -> Vec<u8> {
    let image = bomb_image(side_px);
    single_image_page(
        &image,
        PAGE_WIDTH_PT,
        PAGE_HEIGHT_PT,
        &seed_id(seed, b"bomb"),
    )
}

/// The image bomb of [`image_bomb_pdf`] hidden `depth` forms deep: the page draws a
/// form, which draws a form, ... the last of which draws the image. A preflight that
/// looks only a few levels down never sees it.
pub fn nested_image_bomb_pdf(side_px: u32, depth: u32, seed: u64) -> Vec<u8> {
    let image = bomb_image(side_px);
    let (w_pt, h_pt) = (PAGE_WIDTH_PT, PAGE_HEIGHT_PT);
    let mut w = PdfWriter::new(None);
    let catalog = w.alloc();
    let tree = w.alloc();
    let page = w.alloc();
    let content = w.alloc();
    let forms: Vec<u32> = (0..depth.max(1)).map(|_| w.alloc()).collect();
    let img = w.alloc();
    image_object(&mut w, img, &image);
    for (i, &form) in forms.iter().enumerate() {
        let (name, child) = match forms.get(i + 1) {
            Some(&next) => ("/Fx", next),
            None => ("/Im0", img),
        };
        let drawing = if child == img {
            format!("q {w_pt} 0 0 {h_pt} 0 0 cm {name} Do Q")
        } else {
            format!("{name} Do")
        };
        w.stream(
            form,
            &format!(
                "/Type /XObject /Subtype /Form /BBox [0 0 {w_pt} {h_pt}] /Resources << /XObject << {name} {child} 0 R >> >>"
            ),
            drawing.as_bytes(),
        );
    }
    w.stream(content, "", b"/Fx Do");
    let entries = format!(
        "/MediaBox [0 0 {w_pt} {h_pt}] /Resources << /XObject << /Fx {} 0 R >> >> /Contents {content} 0 R",
        forms[0]
    );
    one_page_document(
        w,
        [catalog, tree, page],
        &entries,
        &seed_id(seed, b"nested-bomb"),
    )
}

/// One Letter page whose drawing instructions (its content stream) inflate to
/// `megabytes` MB of no-ops from about a thousandth of that on disk: a decompression
/// bomb that holds no image at all.
pub fn content_bomb_pdf(megabytes: u32, seed: u64) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let block = b"q Q ".repeat(256 * 1024);
    for _ in 0..megabytes {
        let _ = enc.write_all(&block);
    }
    let data = enc.finish().unwrap_or_default();
    let mut w = PdfWriter::new(None);
    let catalog = w.alloc();
    let tree = w.alloc();
    let page = w.alloc();
    let content = w.alloc();
    w.stream(content, "/Filter /FlateDecode", &data);
    let entries =
        format!("/MediaBox [0 0 {PAGE_WIDTH_PT} {PAGE_HEIGHT_PT}] /Contents {content} 0 R");
    one_page_document(
        w,
        [catalog, tree, page],
        &entries,
        &seed_id(seed, b"content-bomb"),
    )
}

/// The grey image of the bombs: `side_px` squared pixels of one value, compressed.
fn bomb_image(side_px: u32) -> PageImage {
    let side = side_px.clamp(1, 200_000);
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let row = vec![0xF0u8; side as usize];
    for _ in 0..side {
        // Writing into a Vec cannot fail.
        let _ = enc.write_all(&row);
    }
    PageImage {
        width: side,
        height: side,
        colour_space: "/DeviceGray",
        bits: 8,
        filter: "/FlateDecode",
        data: enc.finish().unwrap_or_default(),
    }
}

/// Writes the one page `page` (its dictionary after `/Parent`), its page tree and the
/// catalog, and finishes the file.
fn one_page_document(
    mut w: PdfWriter,
    [catalog, tree, page]: [u32; 3],
    page_entries: &str,
    id: &[u8],
) -> Vec<u8> {
    w.object(
        page,
        &format!("<< /Type /Page /Parent {tree} 0 R {page_entries} >>"),
    );
    w.object(
        tree,
        &format!("<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>"),
    );
    w.object(catalog, &format!("<< /Type /Catalog /Pages {tree} 0 R >>"));
    w.finish(catalog, None, id)
}

fn single_image_page(image: &PageImage, width_pt: f32, height_pt: f32, id: &[u8]) -> Vec<u8> {
    let mut w = PdfWriter::new(None);
    let catalog = w.alloc();
    let tree = w.alloc();
    let page = w.alloc();
    let img = w.alloc();
    let content = w.alloc();
    image_object(&mut w, img, image);
    w.stream(
        content,
        "",
        format!("q {width_pt} 0 0 {height_pt} 0 0 cm /Im0 Do Q").as_bytes(),
    );
    let entries = format!(
        "/MediaBox [0 0 {width_pt} {height_pt}] /Resources << /XObject << /Im0 {img} 0 R >> >> /Contents {content} 0 R"
    );
    one_page_document(w, [catalog, tree, page], &entries, id)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextMode {
    /// A page image under invisible text (when the spec asks for a text layer).
    Invisible,
    /// Visible text and no image.
    VisibleOnly,
}

fn seed_id(seed: u64, salt: &[u8]) -> [u8; 16] {
    let mut h = Md5::new();
    h.update(seed.to_le_bytes());
    h.update(salt);
    h.finalize().into()
}

fn file_id(spec: &ScanSpec) -> [u8; 16] {
    let mut h = Md5::new();
    h.update(spec.seed.to_le_bytes());
    h.update(spec.title.as_bytes());
    h.update(spec.pages.to_le_bytes());
    h.update(spec.dpi.to_le_bytes());
    h.update([spec.colour as u8, u8::from(spec.text_layer)]);
    for l in &spec.lines {
        h.update(l.as_bytes());
    }
    h.finalize().into()
}

fn build(spec: &ScanSpec, security: Option<Security>, blank: &[u32], mode: TextMode) -> Vec<u8> {
    build_with(spec, security, blank, mode, file_id(spec))
}

fn image_object(w: &mut PdfWriter, id: u32, image: &PageImage) {
    w.stream(
        id,
        &format!(
            "/Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace {} /BitsPerComponent {} /Filter {}",
            image.width, image.height, image.colour_space, image.bits, image.filter
        ),
        &image.data,
    );
}

fn text_ops(layout: &PageLayout, render_mode: u8) -> String {
    let mut ops = format!("BT {render_mode} Tr 0 g\n");
    for line in &layout.lines {
        if let Some(text) = &line.text {
            ops.push_str(&format!(
                "/F1 {} Tf 1 0 0 1 {} {} Tm {} Tj\n",
                line.size,
                line.x,
                line.y,
                literal(&win_ansi(text))
            ));
        }
    }
    ops.push_str("ET\n");
    ops
}

fn build_with(
    spec: &ScanSpec,
    security: Option<Security>,
    blank: &[u32],
    mode: TextMode,
    id: [u8; 16],
) -> Vec<u8> {
    let pages = spec.page_count();
    let mut w = PdfWriter::new(security);
    let catalog = w.alloc();
    let tree = w.alloc();
    let font = w.alloc();
    let info = w.alloc();
    w.object(
        font,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    );
    let title = w.text_string(info, &spec.title);
    let producer = w.text_string(info, "Dossier synthetic scanner");
    w.object(info, &format!("<< /Title {title} /Producer {producer} >>"));
    let mut kids = String::new();
    for index in 0..pages {
        let is_blank = blank.contains(&(index + 1));
        let page = w.alloc();
        let content = w.alloc();
        let mut ops = String::new();
        let mut resources = format!("/Font << /F1 {font} 0 R >>");
        match mode {
            TextMode::Invisible => {
                let img = w.alloc();
                let canvas = raster::draw_page(spec, index, is_blank);
                image_object(&mut w, img, &raster::encode(&canvas, spec.colour));
                resources.push_str(&format!(" /XObject << /Im0 {img} 0 R >>"));
                ops.push_str(&format!(
                    "q {PAGE_WIDTH_PT} 0 0 {PAGE_HEIGHT_PT} 0 0 cm /Im0 Do Q\n"
                ));
                if spec.text_layer && !is_blank {
                    ops.push_str(&text_ops(&PageLayout::of(spec, index), 3));
                }
            }
            TextMode::VisibleOnly => {
                if !is_blank {
                    ops.push_str(&text_ops(&PageLayout::of(spec, index), 0));
                }
            }
        }
        w.stream(content, "/Filter /FlateDecode", &deflate(ops.as_bytes()));
        w.object(
            page,
            &format!(
                "<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {PAGE_WIDTH_PT} {PAGE_HEIGHT_PT}] /Resources << {resources} >> /Contents {content} 0 R >>"
            ),
        );
        kids.push_str(&format!("{page} 0 R "));
    }
    w.object(
        tree,
        &format!("<< /Type /Pages /Kids [{kids}] /Count {pages} >>"),
    );
    w.object(catalog, &format!("<< /Type /Catalog /Pages {tree} 0 R >>"));
    w.finish(catalog, Some(info), &id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> ScanSpec {
        ScanSpec {
            title: "Birth certificate".into(),
            lines: vec![
                "Name: Tremblay, Élise".into(),
                "Born: 2009-03-14, Montréal".into(),
            ],
            pages: 2,
            colour: ScanColour::Colour,
            dpi: 100,
            seed: 7,
            text_layer: true,
        }
    }

    #[test]
    fn the_same_spec_gives_the_same_bytes() {
        assert_eq!(scanned_pdf(&spec()), scanned_pdf(&spec()));
        assert_ne!(
            scanned_pdf(&spec()),
            scanned_pdf(&ScanSpec { seed: 8, ..spec() })
        );
    }

    #[test]
    fn a_scan_is_a_pdf_with_one_image_per_page() {
        let pdf = scanned_pdf(&spec());
        let text = String::from_utf8_lossy(&pdf);
        assert!(pdf.starts_with(b"%PDF-1.7"));
        assert!(text.trim_end().ends_with("%%EOF"));
        assert_eq!(text.matches("/Subtype /Image").count(), 2);
        assert_eq!(text.matches("/DCTDecode").count(), 2);
        assert!(text.contains("/Count 2"));
    }

    #[test]
    fn colour_modes_use_their_colour_spaces() {
        let grey = scanned_pdf(&ScanSpec {
            colour: ScanColour::Greyscale,
            ..spec()
        });
        let bw = scanned_pdf(&ScanSpec {
            colour: ScanColour::BlackAndWhite,
            ..spec()
        });
        let grey = String::from_utf8_lossy(&grey);
        let bw = String::from_utf8_lossy(&bw);
        assert!(!grey.contains("/DeviceRGB") && grey.contains("/DeviceGray /BitsPerComponent 8"));
        assert!(bw.contains("/DeviceGray /BitsPerComponent 1 /Filter /FlateDecode"));
    }

    #[test]
    fn a_letter_colour_page_at_150_dpi_is_small() {
        let pdf = scanned_pdf(&ScanSpec {
            pages: 1,
            dpi: 150,
            ..spec()
        });
        assert!(
            (60_000..300_000).contains(&pdf.len()),
            "{} bytes",
            pdf.len()
        );
    }

    #[test]
    fn encrypted_files_carry_an_encrypt_dictionary_and_no_plain_text() {
        let pdf = encrypted_pdf(&spec(), "1234");
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/Encrypt") && text.contains("/Filter /Standard /V 2 /R 3"));
        assert!(!text.contains("Birth certificate"));
    }

    #[test]
    fn corrupt_and_not_a_pdf_look_as_announced() {
        let c = corrupt_pdf(3);
        assert!(c.starts_with(b"%PDF-") && !String::from_utf8_lossy(&c).contains("/Type /Page "));
        assert_eq!(&not_a_pdf(3)[..2], &[0xFF, 0xD8]);
        assert_eq!(
            truncated_pdf(&spec(), 0.5).len(),
            scanned_pdf(&spec()).len() / 2
        );
    }

    #[test]
    fn many_pages_share_one_image() {
        let pdf = many_pages_pdf(2000, 1);
        assert!(pdf.len() < 600_000, "{}", pdf.len());
        assert!(String::from_utf8_lossy(&pdf).contains("/Count 2000"));
    }

    #[test]
    fn an_image_bomb_is_small_on_disk() {
        let pdf = image_bomb_pdf(10_000, 1);
        assert!(pdf.len() < 200_000, "{}", pdf.len());
    }
}
