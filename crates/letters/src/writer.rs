//! Writing laid-out pages as a PDF file with [`pdf_writer`]: each typeface used is
//! embedded as a subset (only the glyphs the letter uses, cut by [`subsetter`]) in a
//! Type 0 / CIDFontType2 font with a `ToUnicode` map, so the text layer extracts as the
//! characters that were written (é, à, ç, « », ’ included), and is searchable and
//! copyable. Streams are compressed. The output depends only on the letter: the same
//! letter gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;

use crate::error::LetterError;
use crate::font::{Font, Style};
use crate::layout::{PAGE_HEIGHT, PAGE_WIDTH, Page};
use crate::text::RenderedLetter;

/// One typeface as embedded in this letter.
struct Embedded {
    style: Style,
    resource: &'static [u8],
    /// Original glyph -> glyph in the subset (also the CID written in the text).
    remapper: GlyphRemapper,
    /// Character -> original glyph, for the characters the letter uses.
    chars: BTreeMap<char, u16>,
}

fn compress(data: &[u8]) -> Vec<u8> {
    let mut enc = ZlibEncoder::new(Vec::new(), Compression::best());
    enc.write_all(data).expect("writing to memory");
    enc.finish().expect("writing to memory")
}

/// A six-letter subset tag derived from the glyphs used (PDF 9.6.4), so that two
/// different subsets of the same font never share a name.
fn subset_tag(glyphs: &[u16]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for g in glyphs {
        for b in g.to_be_bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| char::from(b'A' + ((hash >> (i * 8)) % 26) as u8))
        .collect()
}

/// Writes the pages of `letter` as a PDF file.
pub(crate) fn write(letter: &RenderedLetter, pages: &[Page]) -> Result<Vec<u8>, LetterError> {
    // The characters each typeface draws, and their glyphs in the subset.
    let mut fonts: Vec<Embedded> = Vec::new();
    for style in Style::ALL {
        let font = style.font();
        let mut chars = BTreeMap::new();
        for run in pages
            .iter()
            .flat_map(|p| &p.runs)
            .filter(|r| r.style == style)
        {
            for c in run.text.chars() {
                chars.insert(c, font.glyph_in(c, &run.text)?);
            }
        }
        if chars.is_empty() {
            continue;
        }
        let glyphs: BTreeSet<u16> = chars.values().copied().collect();
        let glyphs: Vec<u16> = glyphs.into_iter().collect();
        fonts.push(Embedded {
            style,
            resource: match style {
                Style::Regular => b"F1",
                Style::Bold => b"F2",
            },
            remapper: GlyphRemapper::new_from_glyphs_sorted(&glyphs),
            chars,
        });
    }

    let mut pdf = Pdf::new();
    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog_id = alloc();
    let tree_id = alloc();
    let info_id = alloc();
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();
    let font_ids: Vec<[Ref; 5]> = fonts
        .iter()
        .map(|_| [alloc(), alloc(), alloc(), alloc(), alloc()])
        .collect();

    let mut catalog = pdf.catalog(catalog_id);
    catalog.pages(tree_id);
    catalog.lang(TextStr(match letter.language {
        program::Language::Fr => "fr-CA",
        program::Language::En => "en-CA",
    }));
    catalog.viewer_preferences().display_doc_title(true);
    catalog.finish();
    pdf.document_info(info_id)
        .title(TextStr(&letter.title))
        .subject(TextStr(&letter.file_number))
        .creator(TextStr("Dossier"))
        .producer(TextStr("Dossier letters (pdf-writer)"));
    pdf.pages(tree_id)
        .kids(page_ids.iter().map(|(page, _)| *page))
        .count(pages.len() as i32);

    for (page, (page_id, content_id)) in pages.iter().zip(&page_ids) {
        let mut p = pdf.page(*page_id);
        p.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT));
        p.parent(tree_id);
        p.contents(*content_id);
        let mut resources = p.resources();
        let mut font_dict = resources.fonts();
        for (embedded, ids) in fonts.iter().zip(&font_ids) {
            font_dict.pair(Name(embedded.resource), ids[0]);
        }
        font_dict.finish();
        resources.finish();
        p.finish();

        let mut content = Content::new();
        content.set_fill_gray(0.0);
        for run in &page.runs {
            let embedded = fonts
                .iter()
                .find(|f| f.style == run.style)
                .expect("every style used was collected");
            let mut encoded = Vec::with_capacity(run.text.len() * 2);
            for c in run.text.chars() {
                let glyph = embedded.chars[&c];
                let cid = embedded
                    .remapper
                    .get(glyph)
                    .expect("every glyph used was remapped");
                encoded.extend_from_slice(&cid.to_be_bytes());
            }
            content.begin_text();
            content.set_font(Name(embedded.resource), run.size);
            content.set_text_matrix([1.0, 0.0, 0.0, 1.0, run.x, run.y]);
            content.show(Str(&encoded));
            content.end_text();
        }
        let data = compress(&content.finish());
        pdf.stream(*content_id, &data).filter(Filter::FlateDecode);
    }

    for (embedded, ids) in fonts.iter().zip(&font_ids) {
        write_font(&mut pdf, embedded, *ids)?;
    }
    Ok(pdf.finish())
}

/// Writes one typeface: the Type 0 font, its CID font, descriptor, subset font file and
/// `ToUnicode` map, at `[type0, cid, descriptor, file, cmap]`.
fn write_font(pdf: &mut Pdf, embedded: &Embedded, ids: [Ref; 5]) -> Result<(), LetterError> {
    let [type0_id, cid_id, descriptor_id, file_id, cmap_id] = ids;
    let font: &Font = embedded.style.font();
    let used: Vec<u16> = embedded.remapper.remapped_gids().collect();
    let base = format!("{}+{}", subset_tag(&used), font.name);
    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };

    pdf.type0_font(type0_id)
        .base_font(Name(base.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_id)
        .to_unicode(cmap_id);

    let widths: Vec<f32> = used.iter().map(|g| font.advance(*g)).collect();
    let mut cid = pdf.cid_font(cid_id);
    cid.subtype(CidFontType::Type2)
        .base_font(Name(base.as_bytes()))
        .system_info(system_info)
        .font_descriptor(descriptor_id)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid.widths().consecutive(0, widths);
    cid.finish();

    let [x0, y0, x1, y1] = font.bbox();
    let mut flags = FontFlags::SYMBOLIC;
    if font.bold {
        flags |= FontFlags::FORCE_BOLD;
    }
    pdf.font_descriptor(descriptor_id)
        .name(Name(base.as_bytes()))
        .flags(flags)
        .bbox(Rect::new(x0, y0, x1, y1))
        .italic_angle(font.italic_angle())
        .ascent(font.ascender())
        .descent(font.descender())
        .cap_height(font.cap_height())
        .stem_v(10.0 + 0.244 * (f32::from(font.weight()) - 50.0))
        .font_file2(file_id);

    let subset =
        subsetter::subset(font.data, 0, &embedded.remapper).map_err(|e| LetterError::Font {
            font: font.name,
            detail: e.to_string(),
        })?;
    let compressed = compress(&subset);
    pdf.stream(file_id, &compressed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), subset.len() as i32);

    // Several characters may share a glyph (a space and a no-break space): the text
    // layer gives the first, in code point order.
    let mut cmap = pdf_writer::types::UnicodeCmap::new(
        Name(b"Custom"),
        SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"UCS"),
            supplement: 0,
        },
    );
    let mut mapped = BTreeSet::new();
    for (c, glyph) in &embedded.chars {
        let cid = embedded.remapper.get(*glyph).expect("remapped");
        if mapped.insert(cid) {
            cmap.pair(cid, *c);
        }
    }
    let cmap = cmap.finish();
    pdf.cmap(cmap_id, &compress(&cmap))
        .filter(Filter::FlateDecode);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_tags_are_six_capitals_and_depend_on_the_glyphs() {
        let a = subset_tag(&[0, 3, 40]);
        assert_eq!(a.len(), 6);
        assert!(a.chars().all(|c| c.is_ascii_uppercase()));
        assert_ne!(a, subset_tag(&[0, 3, 41]));
    }
}
