//! The synchronous core over pdfium: opening documents (a few kept open), rendering a
//! page to a bitmap within [`Limits`], searching text, and measuring pages for the
//! quality checks.
//!
//! An [`Engine`] borrows a [`Pdfium`] and must only be used on the thread that holds
//! [`crate::library::pdfium_lock`]; the render worker is that thread.

use pdfium_render::prelude::*;

use crate::encode::Bgrx;
use crate::error::PdfError;
use crate::page::{
    DocumentInfo, DocumentRef, DocumentSource, HitRect, Limits, PageSize, Purpose, RenderRequest,
    Rotation, SearchHit, SearchResults, output_size,
};
use crate::quality::{self, ImageFacts, PageSample, QualityFlag, QualityOptions, QualityReport};
use crate::{sniff, streams};

struct OpenDocument<'p> {
    key: String,
    doc: PdfDocument<'p>,
}

/// Pixel buffers up to this size are kept for the next render (24 MiB holds a letter
/// page 2048 px wide); larger ones are freed.
const MAX_SPARE_BYTES: usize = 24 << 20;

/// The documents kept open (most recently used last).
struct Documents<'p> {
    pdfium: &'p Pdfium,
    limits: Limits,
    open: Vec<OpenDocument<'p>>,
    max_open: usize,
}

/// Documents and rendering over one [`Pdfium`].
pub struct Engine<'p> {
    docs: Documents<'p>,
    limits: Limits,
    /// A pixel buffer from an earlier render, reused so that each page does not fault in
    /// fresh memory (for a 1280 px page that costs as much as pdfium's drawing).
    spare: Vec<u8>,
}

impl std::fmt::Debug for Engine<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field(
                "open",
                &self
                    .docs
                    .open
                    .iter()
                    .map(|d| d.key.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("limits", &self.limits)
            .field("spare_bytes", &self.spare.capacity())
            .finish()
    }
}

fn open_error(e: PdfiumError, doc: &DocumentRef) -> PdfError {
    match e {
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::PasswordError) => {
            if doc.password.is_some() {
                PdfError::WrongPassword
            } else {
                PdfError::PasswordRequired
            }
        }
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::SecurityError) => {
            PdfError::UnsupportedSecurity
        }
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::FormatError) => {
            PdfError::Corrupt {
                detail: "its structure cannot be parsed".into(),
            }
        }
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::FileError) => {
            PdfError::Corrupt {
                detail: "it could not be read to the end".into(),
            }
        }
        PdfiumError::IoError(e) => PdfError::Io {
            path: path_of(doc),
            detail: e.to_string(),
        },
        other => PdfError::Corrupt {
            detail: format!("{other:?}"),
        },
    }
}

fn path_of(doc: &DocumentRef) -> std::path::PathBuf {
    match &doc.source {
        DocumentSource::Path(p) => p.clone(),
        DocumentSource::Bytes { key, .. } | DocumentSource::OnDemand { key, .. } => key.into(),
    }
}

fn rotation(r: Rotation) -> PdfPageRenderRotation {
    match r {
        Rotation::None => PdfPageRenderRotation::None,
        Rotation::Clockwise90 => PdfPageRenderRotation::Degrees90,
        Rotation::Half180 => PdfPageRenderRotation::Degrees180,
        Rotation::Clockwise270 => PdfPageRenderRotation::Degrees270,
    }
}

/// What the pre-flight found on a page.
#[derive(Debug, Default)]
struct PageFacts {
    objects: u64,
    declared_image_pixels: u64,
    images: Vec<ImageFacts>,
}

/// Walks every object of the page, inside forms at any depth (a depth-first walk with
/// its own stack, so a deep chain of forms cannot exhaust the thread's stack), and
/// stops counting past [`Limits::max_page_objects`].
fn collect_facts<'a>(
    objects: impl Iterator<Item = PdfPageObject<'a>>,
    page_area: f32,
    limits: &Limits,
    facts: &mut PageFacts,
) {
    let max = u64::from(limits.max_page_objects);
    let mut pending: Vec<PdfPageObject<'a>> = objects.take(max as usize + 1).collect();
    pending.reverse();
    while let Some(mut object) = pending.pop() {
        facts.objects += 1;
        if facts.objects > max {
            return;
        }
        if let Some(image) = object.as_image_object() {
            let (w, h) = (
                image.width().unwrap_or(0).max(0) as u64,
                image.height().unwrap_or(0).max(0) as u64,
            );
            facts.declared_image_pixels = facts
                .declared_image_pixels
                .saturating_add(w.saturating_mul(h));
            let area = object
                .bounds()
                .map(|q| q.width().value.abs() * q.height().value.abs())
                .unwrap_or(0.0);
            facts.images.push(ImageFacts {
                dpi_x: image.horizontal_dpi().unwrap_or(0.0),
                dpi_y: image.vertical_dpi().unwrap_or(0.0),
                bits_per_pixel: image.bits_per_pixel().unwrap_or(0),
                coverage: if page_area > 0.0 {
                    (area / page_area).min(1.0)
                } else {
                    0.0
                },
            });
        } else if let Some(form) = object.as_x_object_form_object_mut() {
            // Children are pushed in reverse so they are visited in drawing order; no
            // more are taken than could still be counted.
            let room = max.saturating_sub(facts.objects + pending.len() as u64) + 1;
            let count = u64::try_from(form.len()).unwrap_or(0).min(room);
            let children: Vec<PdfPageObject<'a>> = (0..count)
                .filter_map(|i| form.get(i as PdfPageObjectIndex).ok())
                .collect();
            pending.extend(children.into_iter().rev());
        }
    }
}

/// Counts objects and declared image pixels; refuses pages above the limits.
fn preflight(page: &PdfPage, page_no: u32, limits: &Limits) -> Result<PageFacts, PdfError> {
    let area = page.width().value * page.height().value;
    let mut facts = PageFacts::default();
    collect_facts(page.objects().iter(), area, limits, &mut facts);
    if facts.objects > u64::from(limits.max_page_objects) {
        return Err(PdfError::PageTooHeavy {
            page: page_no,
            reason: format!(
                "it holds more than {} drawing objects",
                limits.max_page_objects
            ),
        });
    }
    if facts.declared_image_pixels > limits.max_image_pixels {
        return Err(PdfError::PageTooHeavy {
            page: page_no,
            reason: format!(
                "its images hold {} megapixels (the limit is {})",
                facts.declared_image_pixels / 1_000_000,
                limits.max_image_pixels / 1_000_000
            ),
        });
    }
    Ok(facts)
}

/// How a page is rendered: image smoothing is worth its cost only when images are
/// shrunk (it blends the pixels a nearest-neighbour pick would drop).
#[derive(Debug, Clone, Copy)]
struct Quality {
    smooth_images: bool,
    annotations: bool,
}

impl Quality {
    /// Thumbnails: rendered sharp at twice the size and averaged down (see
    /// [`Engine::render`]), which is faster than pdfium's smoothing and looks the same.
    const THUMBNAIL: Self = Self {
        smooth_images: false,
        annotations: false,
    };
    /// Quality sampling: sharp pixels, so thin ink is not blended into the paper.
    const SAMPLE: Self = Self {
        smooth_images: false,
        annotations: false,
    };

    /// Smooth images only when some sizeable image is drawn below ~its own resolution.
    fn for_view(facts: &PageFacts, output_dpi: f32) -> Self {
        let shrinks = facts
            .images
            .iter()
            .any(|i| i.coverage >= 0.05 && output_dpi < 0.95 * i.dpi_x.min(i.dpi_y));
        Self {
            smooth_images: shrinks,
            annotations: true,
        }
    }
}

/// Renders `page` into `buffer` (reused: cleared and resized to the bitmap, so pdfium
/// draws straight into memory that is already mapped and nothing is copied out).
fn render_bitmap(
    page: &PdfPage,
    page_no: u32,
    width: u32,
    rot: Rotation,
    quality: Quality,
    limits: &Limits,
    buffer: Vec<u8>,
) -> Result<Bgrx, PdfError> {
    let (w, h) = output_size(page.width().value, page.height().value, width, rot, limits);
    let failed = |e: PdfiumError| PdfError::Render {
        page: page_no,
        detail: format!("{e:?}"),
    };
    // White paper; BGRx rows of w * 4 bytes are what pdfium expects (a multiple of 4).
    let mut data = buffer;
    data.clear();
    data.resize(w as usize * h as usize * 4, 0xFF);
    // A fixed size: pdfium fits the (rotated) page into exactly w x h.
    let config = PdfRenderConfig::new()
        .set_fixed_size(w as Pixels, h as Pixels)
        .rotate(rotation(rot), true)
        .set_format(PdfBitmapFormat::BGRx)
        .set_reverse_byte_order(false)
        .clear_before_rendering(false)
        .limit_render_image_cache_size(true)
        .set_image_smoothing(quality.smooth_images)
        .render_annotations(quality.annotations);
    let mut bitmap =
        PdfBitmap::from_bytes(w as Pixels, h as Pixels, PdfBitmapFormat::BGRx, &mut data)
            .map_err(failed)?;
    page.render_into_bitmap_with_config(&mut bitmap, &config)
        .map_err(failed)?;
    drop(bitmap);
    Ok(Bgrx {
        width: w,
        height: h,
        data,
    })
}

/// Keeps `data` as the spare pixel buffer if it is the larger one and not too large.
fn keep_spare(spare: &mut Vec<u8>, data: Vec<u8>) {
    if data.capacity() <= MAX_SPARE_BYTES && data.capacity() > spare.capacity() {
        *spare = data;
    }
}

impl<'p> Documents<'p> {
    fn load(&self, doc: &DocumentRef) -> Result<PdfDocument<'p>, PdfError> {
        let password = doc.password.as_deref();
        let loaded = match &doc.source {
            DocumentSource::Path(path) => {
                let io = |e: std::io::Error| PdfError::Io {
                    path: path.clone(),
                    detail: e.to_string(),
                };
                let bytes = std::fs::read(path).map_err(io)?;
                sniff::check_header(&bytes)?;
                streams::check(&bytes, &self.limits)?;
                drop(bytes);
                self.pdfium.load_pdf_from_file(path, password)
            }
            DocumentSource::Bytes { bytes, .. } => {
                sniff::check_header(bytes)?;
                streams::check(bytes, &self.limits)?;
                self.pdfium
                    .load_pdf_from_byte_vec(bytes.as_ref().clone(), password)
            }
            DocumentSource::OnDemand { key, load } => {
                let bytes = (load.0)().map_err(|detail| PdfError::Io {
                    path: key.into(),
                    detail,
                })?;
                sniff::check_header(&bytes)?;
                streams::check(&bytes, &self.limits)?;
                self.pdfium.load_pdf_from_byte_vec(bytes, password)
            }
        };
        let document = loaded.map_err(|e| open_error(e, doc))?;
        if document.pages().is_empty() {
            return Err(PdfError::Corrupt {
                detail: "it has no readable page".into(),
            });
        }
        Ok(document)
    }

    /// The open document for `doc`, opening it if needed (least recently used ones are
    /// closed beyond the limit).
    fn get(&mut self, doc: &DocumentRef) -> Result<&PdfDocument<'p>, PdfError> {
        let key = doc.cache_key();
        if let Some(i) = self.open.iter().position(|d| d.key == key) {
            let d = self.open.remove(i);
            self.open.push(d);
        } else {
            let document = self.load(doc)?;
            if self.open.len() >= self.max_open {
                self.open.remove(0);
            }
            self.open.push(OpenDocument { key, doc: document });
        }
        match self.open.last() {
            Some(d) => Ok(&d.doc),
            None => Err(PdfError::WorkerStopped),
        }
    }
}

impl<'p> Engine<'p> {
    /// An engine over `pdfium` keeping up to 4 documents open.
    pub fn new(pdfium: &'p Pdfium, limits: Limits) -> Self {
        Self {
            docs: Documents {
                pdfium,
                limits,
                open: Vec::new(),
                max_open: 4,
            },
            limits,
            spare: Vec::new(),
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Hands a bitmap's memory back once it is encoded, for the next render to draw
    /// into (kept when it is at most 24 MiB).
    pub fn recycle(&mut self, bitmap: Bgrx) {
        keep_spare(&mut self.spare, bitmap.data);
    }

    /// Closes `doc` if it is open (e.g. after it was replaced in the store).
    pub fn close(&mut self, doc: &DocumentRef) {
        let key = doc.cache_key();
        self.docs.open.retain(|d| d.key != key);
    }

    /// The number of pages.
    pub fn page_count(&mut self, doc: &DocumentRef) -> Result<u32, PdfError> {
        Ok(self.docs.get(doc)?.pages().len().max(0) as u32)
    }

    /// Page count and sizes.
    pub fn info(&mut self, doc: &DocumentRef) -> Result<DocumentInfo, PdfError> {
        let max_listed = self.limits.max_listed_pages;
        let document = self.docs.get(doc)?;
        let pages = document.pages();
        let count = pages.len().max(0) as u32;
        let page_sizes = (0..count.min(max_listed))
            .map(|i| {
                pages
                    .page_size(i as PdfPageIndex)
                    .map(|r| PageSize {
                        width: r.width().value,
                        height: r.height().value,
                    })
                    .unwrap_or(PageSize {
                        width: 0.0,
                        height: 0.0,
                    })
            })
            .collect();
        Ok(DocumentInfo {
            page_count: count,
            page_sizes,
        })
    }

    /// Renders one page to a bitmap.
    pub fn render(&mut self, doc: &DocumentRef, req: &RenderRequest) -> Result<Bgrx, PdfError> {
        let limits = self.limits;
        let buffer = std::mem::take(&mut self.spare);
        let document = self.docs.get(doc)?;
        let pages = document.pages();
        let count = pages.len().max(0) as u32;
        if req.page == 0 || req.page > count {
            return Err(PdfError::PageOutOfRange {
                page: req.page,
                pages: count,
            });
        }
        let page = pages
            .get((req.page - 1) as PdfPageIndex)
            .map_err(|e| PdfError::Render {
                page: req.page,
                detail: format!("{e:?}"),
            })?;
        let facts = preflight(&page, req.page, &limits)?;
        match req.purpose {
            Purpose::Thumbnail => {
                let (w, h) = output_size(
                    page.width().value,
                    page.height().value,
                    req.width,
                    req.rotation,
                    &limits,
                );
                let double = render_bitmap(
                    &page,
                    req.page,
                    w * 2,
                    req.rotation,
                    Quality::THUMBNAIL,
                    &limits,
                    buffer,
                )?;
                // At the pixel limits the double size may have been clamped: keep it as is.
                if double.width >= w * 2 && double.height >= h * 2 {
                    let half = double.half();
                    keep_spare(&mut self.spare, double.data);
                    Ok(half)
                } else {
                    Ok(double)
                }
            }
            Purpose::View => {
                let (w, _) = output_size(
                    page.width().value,
                    page.height().value,
                    req.width,
                    req.rotation,
                    &limits,
                );
                let page_width = if req.rotation.is_quarter() {
                    page.height().value
                } else {
                    page.width().value
                };
                let quality = Quality::for_view(&facts, w as f32 / page_width.max(0.01) * 72.0);
                render_bitmap(
                    &page,
                    req.page,
                    req.width,
                    req.rotation,
                    quality,
                    &limits,
                    buffer,
                )
            }
        }
    }

    /// Finds `query` (case-insensitive) in the text layer, page by page.
    pub fn search(&mut self, doc: &DocumentRef, query: &str) -> Result<SearchResults, PdfError> {
        let query = query.trim();
        if query.is_empty() {
            return Err(PdfError::InvalidRequest {
                detail: "the search text is empty".into(),
            });
        }
        let limits = self.limits;
        let document = self.docs.get(doc)?;
        let pages = document.pages();
        let count = pages.len().max(0) as u32;
        let options = PdfSearchOptions::new()
            .match_case(false)
            .match_whole_word(false);
        let mut hits = Vec::new();
        let mut truncated = count > limits.max_search_pages;
        'pages: for index in 0..count.min(limits.max_search_pages) {
            let Ok(page) = pages.get(index as PdfPageIndex) else {
                continue;
            };
            let page_height = page.height().value;
            let Ok(text) = page.text() else { continue };
            if text.is_empty() {
                continue;
            }
            let Ok(search) = text.search(query, &options) else {
                continue;
            };
            for segments in search.iter(PdfSearchDirection::SearchForward) {
                if hits.len() >= limits.max_search_hits {
                    truncated = true;
                    break 'pages;
                }
                let mut found = String::new();
                let mut rects = Vec::new();
                for segment in segments.iter() {
                    found.push_str(&segment.text());
                    let b = segment.bounds();
                    rects.push(HitRect {
                        left: b.left().value,
                        top: page_height - b.top().value,
                        width: b.width().value,
                        height: b.height().value,
                    });
                }
                hits.push(SearchHit {
                    page: index + 1,
                    text: found.trim().to_string(),
                    rects,
                });
            }
        }
        Ok(SearchResults { hits, truncated })
    }

    /// The quality report of `doc`. A document that cannot be opened gives a report
    /// with its flag (password-protected, corrupt, not a PDF, empty); only problems
    /// that are not the document's (an unreadable file, no library) are errors.
    pub fn inspect(
        &mut self,
        doc: &DocumentRef,
        options: &QualityOptions,
    ) -> Result<QualityReport, PdfError> {
        let limits = self.limits;
        let document = match self.docs.get(doc) {
            Ok(d) => d,
            Err(e) => {
                return QualityFlag::from_open_error(&e)
                    .map(QualityReport::unopenable)
                    .ok_or(e);
            }
        };
        let pages = document.pages();
        let count = pages.len().max(0) as u32;
        let sizes = (0..count.min(limits.max_listed_pages)).map(|i| {
            pages
                .page_size(i as PdfPageIndex)
                .map(|r| (r.width().value, r.height().value))
                .unwrap_or((0.0, 0.0))
        });
        let page_sizes = quality::size_runs(sizes);
        let checked = count.min(options.max_checked_pages);
        let mut samples = Vec::with_capacity(checked as usize);
        for index in 0..checked {
            let page_no = index + 1;
            let sample = pages.get(index as PdfPageIndex).ok().and_then(|page| {
                let facts = preflight(&page, page_no, &limits).ok()?;
                let bitmap = render_bitmap(
                    &page,
                    page_no,
                    options.sample_width,
                    Rotation::None,
                    Quality::SAMPLE,
                    &limits,
                    std::mem::take(&mut self.spare),
                )
                .ok()?;
                let sample = PageSample {
                    page: page_no,
                    colour_fraction: quality::colour_fraction(&bitmap),
                    ink_fraction: quality::ink_fraction(&bitmap),
                    images: facts.images,
                    unreadable: false,
                };
                keep_spare(&mut self.spare, bitmap.data);
                Some(sample)
            });
            samples.push(sample.unwrap_or(PageSample {
                page: page_no,
                colour_fraction: 0.0,
                ink_fraction: 0.0,
                images: Vec::new(),
                unreadable: true,
            }));
        }
        Ok(QualityReport {
            page_count: Some(count),
            page_sizes,
            checked_pages: checked,
            flags: quality::assess(count, &samples, options),
        })
    }
}
