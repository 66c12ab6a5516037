//! What to generate: the description of one scanned document.

/// Page width in PDF points (US Letter, 8.5 in), the paper of most Canadian scans.
pub const PAGE_WIDTH_PT: f32 = 612.0;
/// Page height in PDF points (US Letter, 11 in).
pub const PAGE_HEIGHT_PT: f32 = 792.0;

/// How the sheet was scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ScanColour {
    /// A colour scan: an RGB JPEG per page, with a tinted paper, a coloured header band,
    /// a photo and a stamp.
    #[default]
    Colour,
    /// A greyscale scan: a single-channel JPEG per page.
    Greyscale,
    /// A black-and-white (bi-level) scan: a 1-bit image per page, as fax-style
    /// scanners produce.
    BlackAndWhite,
}

/// One synthetic scanned document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScanSpec {
    /// Heading printed (as a text line) at the top of every page.
    pub title: String,
    /// Body lines, spread over the pages in order (at most [`ScanSpec::LINES_PER_PAGE`]
    /// a page; the rest are dropped). Unused line slots get unreadable filler ink.
    pub lines: Vec<String>,
    /// Number of pages (at least 1 is produced).
    pub pages: u32,
    /// Colour mode of the scan.
    pub colour: ScanColour,
    /// Scanner resolution in dots per inch (clamped to 10..=600). 150 is typical; below
    /// 100 a page becomes hard to read.
    pub dpi: u32,
    /// Seed: the same spec gives the same bytes.
    pub seed: u64,
    /// Add an invisible text layer (as OCR software does) holding `title` and `lines`
    /// at the places where the ruled lines are drawn.
    pub text_layer: bool,
}

impl ScanSpec {
    /// Body line slots on one page.
    pub const LINES_PER_PAGE: usize = 30;

    /// A one-page 150 dpi colour scan with a text layer holding the title.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            lines: Vec::new(),
            pages: 1,
            colour: ScanColour::Colour,
            dpi: 150,
            seed: 0,
            text_layer: true,
        }
    }

    /// Number of pages actually produced (at least 1, at most 10,000).
    pub fn page_count(&self) -> u32 {
        self.pages.clamp(1, 10_000)
    }

    /// The resolution actually used.
    pub fn effective_dpi(&self) -> u32 {
        self.dpi.clamp(10, 600)
    }

    /// The body lines shown on page `index` (0-based).
    pub fn lines_of_page(&self, index: u32) -> &[String] {
        let pages = self.page_count() as usize;
        let per_page = self.lines.len().div_ceil(pages).min(Self::LINES_PER_PAGE);
        let start = (index as usize * per_page).min(self.lines.len());
        let end = (start + per_page).min(self.lines.len());
        &self.lines[start..end]
    }
}

impl Default for ScanSpec {
    fn default() -> Self {
        Self::new("Document")
    }
}
