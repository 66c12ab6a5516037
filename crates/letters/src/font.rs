//! The typefaces embedded in every letter: DejaVu Sans and DejaVu Sans Bold (free
//! licence, see `assets/letters/fonts/LICENSE-DejaVu.txt`), compiled into the binary so a
//! letter looks the same on every machine. They cover French and English text
//! (é, à, ç, œ, « », ’, no-break spaces) and much more; a character they lack is an
//! error, never a silently missing letter.
//!
//! Widths here are what the layout measures and what the PDF declares, so wrapped lines
//! fit the page exactly (no kerning, as the PDF draws glyph after glyph).

use std::sync::OnceLock;

use ttf_parser::{Face, GlyphId};

use crate::error::LetterError;

static REGULAR_DATA: &[u8] = include_bytes!("../../../assets/letters/fonts/DejaVuSans.ttf");
static BOLD_DATA: &[u8] = include_bytes!("../../../assets/letters/fonts/DejaVuSans-Bold.ttf");

/// Which of the two typefaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Style {
    Regular,
    Bold,
}

impl Style {
    pub(crate) const ALL: [Style; 2] = [Style::Regular, Style::Bold];

    pub(crate) fn font(self) -> &'static Font {
        static REGULAR: OnceLock<Font> = OnceLock::new();
        static BOLD: OnceLock<Font> = OnceLock::new();
        match self {
            Style::Regular => {
                REGULAR.get_or_init(|| Font::parse("DejaVuSans", REGULAR_DATA, false))
            }
            Style::Bold => BOLD.get_or_init(|| Font::parse("DejaVuSans-Bold", BOLD_DATA, true)),
        }
    }
}

/// One embedded TrueType font with the metrics the layout and the PDF need.
#[derive(Debug)]
pub(crate) struct Font {
    /// The PostScript name.
    pub name: &'static str,
    pub data: &'static [u8],
    pub bold: bool,
    face: Face<'static>,
}

impl Font {
    fn parse(name: &'static str, data: &'static [u8], bold: bool) -> Font {
        let face = Face::parse(data, 0)
            .unwrap_or_else(|e| panic!("the embedded font {name} does not parse: {e}"));
        Font {
            name,
            data,
            bold,
            face,
        }
    }

    /// The glyph that draws `c`, if the font has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        self.face.glyph_index(c).map(|g| g.0)
    }

    /// The glyph that draws `c`, or an error naming the character and the text.
    pub fn glyph_in(&self, c: char, text: &str) -> Result<u16, LetterError> {
        self.glyph(c)
            .ok_or_else(|| LetterError::UnsupportedCharacter {
                font: self.name,
                ch: c,
                text: text.to_owned(),
            })
    }

    /// A glyph's advance in thousandths of the font size (PDF glyph space).
    pub fn advance(&self, glyph: u16) -> f32 {
        let units = self.face.glyph_hor_advance(GlyphId(glyph)).unwrap_or(0);
        self.to_pdf_units(i32::from(units))
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> Result<f32, LetterError> {
        let mut total = 0.0;
        for c in text.chars() {
            total += self.advance(self.glyph_in(c, text)?);
        }
        Ok(total * size / 1000.0)
    }

    /// Font units to thousandths of the font size.
    pub fn to_pdf_units(&self, units: i32) -> f32 {
        units as f32 * 1000.0 / f32::from(self.face.units_per_em())
    }

    pub fn ascender(&self) -> f32 {
        self.to_pdf_units(i32::from(self.face.ascender()))
    }

    pub fn descender(&self) -> f32 {
        self.to_pdf_units(i32::from(self.face.descender()))
    }

    pub fn cap_height(&self) -> f32 {
        let cap = self.face.capital_height().unwrap_or(self.face.ascender());
        self.to_pdf_units(i32::from(cap))
    }

    /// The font's bounding box, in thousandths of the font size.
    pub fn bbox(&self) -> [f32; 4] {
        let r = self.face.global_bounding_box();
        [
            self.to_pdf_units(i32::from(r.x_min)),
            self.to_pdf_units(i32::from(r.y_min)),
            self.to_pdf_units(i32::from(r.x_max)),
            self.to_pdf_units(i32::from(r.y_max)),
        ]
    }

    pub fn italic_angle(&self) -> f32 {
        self.face.italic_angle()
    }

    /// The weight class (400 regular, 700 bold).
    pub fn weight(&self) -> u16 {
        self.face.weight().to_number()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_cover_french_typography() {
        for style in Style::ALL {
            let font = style.font();
            for c in "éèêëàâçôûùœÉÀÇ«»’“”–—•°\u{a0}\u{202f}$€".chars()
            {
                assert!(font.glyph(c).is_some(), "{} lacks {c:?}", font.name);
            }
            assert!(font.width("Québec", 11.0).unwrap() > 30.0);
        }
        assert!(
            Style::Bold.font().width("Québec", 11.0).unwrap()
                > Style::Regular.font().width("Québec", 11.0).unwrap()
        );
    }

    #[test]
    fn a_missing_glyph_is_an_error_naming_the_character() {
        let err = Style::Regular.font().width("王小明", 11.0).unwrap_err();
        assert!(err.to_string().contains("U+738B"), "{err}");
    }
}
