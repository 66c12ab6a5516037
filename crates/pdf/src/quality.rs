//! Quality checks of a document as it enters the store: page count, not in colour,
//! blank pages, low effective resolution of the scanned images, password-protected,
//! corrupt or not a PDF.
//!
//! The engine measures each checked page ([`PageSample`]: a small rendering's colour
//! and ink, and the facts of its images); [`assess`] turns the samples into typed
//! [`QualityFlag`]s. Keeping that step free of pdfium makes each rule testable on its
//! own, and the thresholds live in [`QualityOptions`].

use serde::{Deserialize, Serialize};

use crate::encode::Bgrx;
use crate::error::PdfError;

/// How a document was scanned when it is not in colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScanMode {
    /// Shades of grey.
    Greyscale,
    /// Black and white only (1-bit images).
    BlackAndWhite,
}

/// One finding about a document, shown as a badge an officer may dismiss.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QualityFlag {
    /// More pages than expected of one supporting document.
    ManyPages {
        /// The page count.
        pages: u32,
        /// The limit it exceeds.
        limit: u32,
    },
    /// The scan is not in colour (F2 asks for colour scans of originals).
    NotInColour {
        /// Greyscale or black-and-white.
        mode: ScanMode,
    },
    /// Pages with nothing on them.
    BlankPages {
        /// The blank pages, 1-based.
        pages: Vec<u32>,
    },
    /// Pages whose scanned image is too coarse to be sure of small print.
    LowResolution {
        /// The pages, 1-based.
        pages: Vec<u32>,
        /// The lowest effective resolution found, in dots per inch.
        lowest_dpi: u32,
        /// The threshold below which a page is flagged.
        threshold_dpi: u32,
    },
    /// Pages that could not be rendered (damaged, or too heavy to show safely).
    UnreadablePages {
        /// The pages, 1-based.
        pages: Vec<u32>,
    },
    /// The document needs a password to open.
    PasswordProtected,
    /// The file starts like a PDF but cannot be read.
    Corrupt {
        /// What failed.
        detail: String,
    },
    /// The file is not a PDF.
    NotAPdf {
        /// What it looks like instead.
        detected: String,
    },
    /// The file is empty.
    EmptyFile,
}

impl QualityFlag {
    /// A stable code for storage and the UI (`snake_case`, same as the serde tag).
    pub fn code(&self) -> &'static str {
        match self {
            Self::ManyPages { .. } => "many_pages",
            Self::NotInColour { .. } => "not_in_colour",
            Self::BlankPages { .. } => "blank_pages",
            Self::LowResolution { .. } => "low_resolution",
            Self::UnreadablePages { .. } => "unreadable_pages",
            Self::PasswordProtected => "password_protected",
            Self::Corrupt { .. } => "corrupt",
            Self::NotAPdf { .. } => "not_a_pdf",
            Self::EmptyFile => "empty_file",
        }
    }

    /// The flag for a document that could not be opened, if the error is about the
    /// document (and not, say, a missing library).
    pub fn from_open_error(e: &PdfError) -> Option<Self> {
        match e {
            PdfError::EmptyFile => Some(Self::EmptyFile),
            PdfError::NotAPdf { detected } => Some(Self::NotAPdf {
                detected: detected.clone(),
            }),
            PdfError::PasswordRequired
            | PdfError::WrongPassword
            | PdfError::UnsupportedSecurity => Some(Self::PasswordProtected),
            PdfError::Corrupt { detail } => Some(Self::Corrupt {
                detail: detail.clone(),
            }),
            PdfError::DocumentTooHeavy { reason } => Some(Self::Corrupt {
                detail: reason.clone(),
            }),
            _ => None,
        }
    }
}

/// A run of consecutive pages of the same size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PageSizeRun {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// How many consecutive pages have it.
    pub pages: u32,
}

/// The result of inspecting one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualityReport {
    /// Number of pages, when the document could be opened.
    pub page_count: Option<u32>,
    /// Page sizes in points, as runs of equal consecutive pages.
    pub page_sizes: Vec<PageSizeRun>,
    /// How many pages were rendered and examined (at most
    /// [`QualityOptions::max_checked_pages`]).
    pub checked_pages: u32,
    /// The findings; empty when the document looks fine.
    pub flags: Vec<QualityFlag>,
}

impl QualityReport {
    /// The report of a document that could not be opened.
    pub fn unopenable(flag: QualityFlag) -> Self {
        Self {
            page_count: None,
            page_sizes: Vec::new(),
            checked_pages: 0,
            flags: vec![flag],
        }
    }

    /// Whether a flag with `code` is present.
    pub fn has(&self, code: &str) -> bool {
        self.flags.iter().any(|f| f.code() == code)
    }
}

/// Thresholds of the checks.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct QualityOptions {
    /// Pages above this count are flagged [`QualityFlag::ManyPages`].
    pub many_pages: u32,
    /// Pages rendered and examined, from the first (keeps big documents bounded).
    pub max_checked_pages: u32,
    /// Width of the sample rendering of each page, in pixels.
    pub sample_width: u32,
    /// A scanned image below this effective resolution is flagged.
    pub low_dpi: u32,
    /// An image counts as the page's scan when it covers at least this fraction of the
    /// page.
    pub scan_coverage: f32,
    /// A page is in colour when at least this fraction of its pixels is coloured.
    pub colour_fraction: f32,
    /// A page is blank when less than this fraction of its pixels is ink.
    pub blank_ink_fraction: f32,
}

impl Default for QualityOptions {
    fn default() -> Self {
        Self {
            many_pages: 100,
            max_checked_pages: 50,
            sample_width: 240,
            low_dpi: 120,
            scan_coverage: 0.3,
            colour_fraction: 0.01,
            blank_ink_fraction: 0.001,
        }
    }
}

/// Facts about one image on a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImageFacts {
    /// Effective horizontal resolution (image pixels per inch of page).
    pub dpi_x: f32,
    /// Effective vertical resolution.
    pub dpi_y: f32,
    /// Bits per pixel (1 for black-and-white, 8 for grey, 24 for colour).
    pub bits_per_pixel: u8,
    /// The fraction of the page's area the image covers.
    pub coverage: f32,
}

/// What was measured on one page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSample {
    /// Page, 1-based.
    pub page: u32,
    /// Fraction of coloured pixels in the sample rendering.
    pub colour_fraction: f32,
    /// Fraction of ink pixels (darker than the local paper) in the sample rendering.
    pub ink_fraction: f32,
    /// The page's images.
    pub images: Vec<ImageFacts>,
    /// The page could not be rendered.
    pub unreadable: bool,
}

/// A pixel is coloured when its channels differ by at least this much.
const CHROMA: u8 = 12;
/// A pixel is ink when it is this much darker than the paper around it.
const INK_DARKER: i32 = 48;
/// Side of the tiles over which the local paper level is estimated.
const TILE: u32 = 16;

/// Fraction of pixels of `bitmap` whose channels differ by at least [`CHROMA`].
pub fn colour_fraction(bitmap: &Bgrx) -> f32 {
    let total = bitmap.data.len() / 4;
    if total == 0 {
        return 0.0;
    }
    let coloured = bitmap
        .data
        .chunks_exact(4)
        .filter(|p| {
            let (b, g, r) = (p[0], p[1], p[2]);
            r.max(g).max(b) - r.min(g).min(b) >= CHROMA
        })
        .count();
    coloured as f32 / total as f32
}

/// Fraction of pixels of `bitmap` that are ink: darker by [`INK_DARKER`] than the
/// paper level of their tile (the tile's 90th percentile of luminance), so uneven
/// lighting is not mistaken for ink.
pub fn ink_fraction(bitmap: &Bgrx) -> f32 {
    let (w, h) = (bitmap.width, bitmap.height);
    if w == 0 || h == 0 {
        return 0.0;
    }
    let luma: Vec<u8> = bitmap
        .data
        .chunks_exact(4)
        .map(|p| ((29 * u32::from(p[0]) + 150 * u32::from(p[1]) + 77 * u32::from(p[2])) >> 8) as u8)
        .collect();
    let mut ink = 0usize;
    for ty in (0..h).step_by(TILE as usize) {
        for tx in (0..w).step_by(TILE as usize) {
            let mut hist = [0u32; 256];
            let mut n = 0u32;
            for y in ty..(ty + TILE).min(h) {
                for x in tx..(tx + TILE).min(w) {
                    hist[usize::from(luma[(y * w + x) as usize])] += 1;
                    n += 1;
                }
            }
            // The paper level: the 90th percentile, robust to ink covering the tile.
            let mut seen = 0;
            let mut paper = 255i32;
            for (level, count) in hist.iter().enumerate() {
                seen += count;
                if seen * 10 >= n * 9 {
                    paper = level as i32;
                    break;
                }
            }
            // A tile that is dark all over (a photo) is measured against white paper.
            let paper = paper.max(160);
            ink += hist
                .iter()
                .enumerate()
                .filter(|(l, _)| (*l as i32) < paper - INK_DARKER)
                .map(|(_, c)| *c as usize)
                .sum::<usize>();
        }
    }
    ink as f32 / (w as usize * h as usize) as f32
}

/// The flags of a document of `page_count` pages from its page samples.
pub fn assess(
    page_count: u32,
    samples: &[PageSample],
    options: &QualityOptions,
) -> Vec<QualityFlag> {
    let mut flags = Vec::new();
    if page_count > options.many_pages {
        flags.push(QualityFlag::ManyPages {
            pages: page_count,
            limit: options.many_pages,
        });
    }
    let readable: Vec<&PageSample> = samples.iter().filter(|s| !s.unreadable).collect();
    // Not in colour: judged on scanned documents only (pages holding a page-sized image);
    // a born-digital document is not a scan.
    let scans: Vec<&ImageFacts> = readable
        .iter()
        .flat_map(|s| s.images.iter())
        .filter(|i| i.coverage >= options.scan_coverage)
        .collect();
    let any_colour = readable
        .iter()
        .any(|s| s.colour_fraction >= options.colour_fraction);
    if !scans.is_empty() && !any_colour {
        let mode = if scans.iter().all(|i| i.bits_per_pixel == 1) {
            ScanMode::BlackAndWhite
        } else {
            ScanMode::Greyscale
        };
        flags.push(QualityFlag::NotInColour { mode });
    }
    let blank: Vec<u32> = readable
        .iter()
        .filter(|s| s.ink_fraction < options.blank_ink_fraction)
        .map(|s| s.page)
        .collect();
    if !blank.is_empty() {
        flags.push(QualityFlag::BlankPages { pages: blank });
    }
    let mut low = Vec::new();
    let mut lowest = f32::MAX;
    for s in &readable {
        let page_dpi = s
            .images
            .iter()
            .filter(|i| i.coverage >= options.scan_coverage && i.dpi_x > 0.0 && i.dpi_y > 0.0)
            .map(|i| i.dpi_x.min(i.dpi_y))
            .fold(None, |acc: Option<f32>, d| {
                Some(acc.map_or(d, |a| a.min(d)))
            });
        if let Some(dpi) = page_dpi
            && dpi < options.low_dpi as f32
        {
            low.push(s.page);
            lowest = lowest.min(dpi);
        }
    }
    if !low.is_empty() {
        flags.push(QualityFlag::LowResolution {
            pages: low,
            lowest_dpi: lowest.round() as u32,
            threshold_dpi: options.low_dpi,
        });
    }
    let unreadable: Vec<u32> = samples
        .iter()
        .filter(|s| s.unreadable)
        .map(|s| s.page)
        .collect();
    if !unreadable.is_empty() {
        flags.push(QualityFlag::UnreadablePages { pages: unreadable });
    }
    flags
}

/// Groups consecutive equal page sizes.
pub fn size_runs(sizes: impl IntoIterator<Item = (f32, f32)>) -> Vec<PageSizeRun> {
    let mut runs: Vec<PageSizeRun> = Vec::new();
    for (w, h) in sizes {
        let (w, h) = ((w * 100.0).round() / 100.0, (h * 100.0).round() / 100.0);
        match runs.last_mut() {
            Some(r) if r.width == w && r.height == h => r.pages += 1,
            _ => runs.push(PageSizeRun {
                width: w,
                height: h,
                pages: 1,
            }),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bitmap(w: u32, h: u32, f: impl Fn(u32, u32) -> [u8; 3]) -> Bgrx {
        let mut data = Vec::new();
        for y in 0..h {
            for x in 0..w {
                let [r, g, b] = f(x, y);
                data.extend_from_slice(&[b, g, r, 255]);
            }
        }
        Bgrx {
            width: w,
            height: h,
            data,
        }
    }

    fn sample(page: u32) -> PageSample {
        PageSample {
            page,
            colour_fraction: 1.0,
            ink_fraction: 0.05,
            images: vec![ImageFacts {
                dpi_x: 150.0,
                dpi_y: 150.0,
                bits_per_pixel: 24,
                coverage: 1.0,
            }],
            unreadable: false,
        }
    }

    #[test]
    fn tinted_paper_is_colour_and_grey_is_not() {
        assert!(colour_fraction(&bitmap(50, 50, |_, _| [244, 238, 224])) > 0.9);
        assert_eq!(
            colour_fraction(&bitmap(50, 50, |x, _| [x as u8 * 5; 3])),
            0.0
        );
    }

    #[test]
    fn a_lighting_gradient_is_not_ink_but_text_is() {
        let gradient = bitmap(200, 260, |x, y| [(250 - (x + y) / 20) as u8; 3]);
        assert_eq!(ink_fraction(&gradient), 0.0);
        let text = bitmap(200, 260, |x, y| {
            if y % 12 < 3 && x % 7 < 5 {
                [40; 3]
            } else {
                [240; 3]
            }
        });
        assert!(ink_fraction(&text) > 0.1);
    }

    #[test]
    fn a_good_colour_scan_has_no_flags() {
        assert!(assess(2, &[sample(1), sample(2)], &QualityOptions::default()).is_empty());
    }

    #[test]
    fn grey_scans_are_flagged_and_black_and_white_told_apart() {
        let grey = PageSample {
            colour_fraction: 0.0,
            ..sample(1)
        };
        let flags = assess(1, std::slice::from_ref(&grey), &QualityOptions::default());
        assert_eq!(
            flags,
            vec![QualityFlag::NotInColour {
                mode: ScanMode::Greyscale
            }]
        );
        let mut bw = grey;
        bw.images[0].bits_per_pixel = 1;
        let flags = assess(1, &[bw], &QualityOptions::default());
        assert_eq!(
            flags,
            vec![QualityFlag::NotInColour {
                mode: ScanMode::BlackAndWhite
            }]
        );
    }

    #[test]
    fn born_digital_black_text_is_not_flagged_as_a_grey_scan() {
        let digital = PageSample {
            colour_fraction: 0.0,
            images: vec![],
            ..sample(1)
        };
        assert!(assess(1, &[digital], &QualityOptions::default()).is_empty());
    }

    #[test]
    fn blank_low_resolution_many_and_unreadable_pages() {
        let blank = PageSample {
            ink_fraction: 0.0,
            ..sample(2)
        };
        let mut coarse = sample(3);
        coarse.images[0].dpi_x = 50.0;
        coarse.images[0].dpi_y = 50.4;
        let mut logo = sample(4);
        logo.images.push(ImageFacts {
            dpi_x: 20.0,
            dpi_y: 20.0,
            bits_per_pixel: 24,
            coverage: 0.01,
        });
        let broken = PageSample {
            unreadable: true,
            ..sample(5)
        };
        let flags = assess(
            500,
            &[sample(1), blank, coarse, logo, broken],
            &QualityOptions::default(),
        );
        assert_eq!(
            flags,
            vec![
                QualityFlag::ManyPages {
                    pages: 500,
                    limit: 100
                },
                QualityFlag::BlankPages { pages: vec![2] },
                QualityFlag::LowResolution {
                    pages: vec![3],
                    lowest_dpi: 50,
                    threshold_dpi: 120
                },
                QualityFlag::UnreadablePages { pages: vec![5] },
            ]
        );
    }

    #[test]
    fn flags_serialise_with_a_kind_tag() {
        let json = serde_json::to_string(&QualityFlag::NotInColour {
            mode: ScanMode::Greyscale,
        })
        .unwrap_or_default();
        assert_eq!(json, r#"{"kind":"not_in_colour","mode":"greyscale"}"#);
        let back: QualityFlag = serde_json::from_str(&json).unwrap_or(QualityFlag::EmptyFile);
        assert_eq!(back.code(), "not_in_colour");
    }

    #[test]
    fn sizes_are_grouped_in_runs() {
        let runs = size_runs([(612.0, 792.0), (612.0, 792.0), (595.0, 842.0)]);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].pages, 2);
    }
}
