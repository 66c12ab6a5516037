//! The vocabulary of requests and answers: which document ([`DocumentRef`]), how to
//! render a page ([`RenderRequest`], [`ImageFormat`], [`Rotation`]), what comes back
//! ([`RenderedPage`], [`DocumentInfo`], [`SearchHit`]), and the limits that keep a
//! pathological page bounded ([`Limits`], [`output_size`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use ts_rs::TS;

/// Where a document's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentSource {
    /// A file on disk (the store keeps PDFs content-addressed, so a path names one
    /// immutable document).
    Path(PathBuf),
    /// Bytes in memory, with a key that identifies them (e.g. their sha-256).
    Bytes {
        /// Identifies the bytes in caches; two sources with the same key must hold the
        /// same bytes.
        key: String,
        /// The PDF.
        bytes: Arc<Vec<u8>>,
    },
    /// Bytes read only when the worker opens the document (not for a page already in
    /// the cache or a document already open): e.g. a document the store decrypts.
    OnDemand {
        /// Identifies the bytes in caches, as for [`DocumentSource::Bytes`].
        key: String,
        /// Reads the bytes; its error says why they cannot be had.
        load: Loader,
    },
}

/// Reads a document's bytes when asked (see [`DocumentSource::OnDemand`]).
#[derive(Clone)]
pub struct Loader(pub Arc<dyn Fn() -> Result<Vec<u8>, String> + Send + Sync>);

impl std::fmt::Debug for Loader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Loader")
    }
}

/// Two loaders are the same only if they are the same closure (sources compare by key
/// in caches anyway).
impl PartialEq for Loader {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Loader {}

/// A document to open: its source and, for a protected one, the password.
#[derive(Clone, PartialEq, Eq)]
pub struct DocumentRef {
    /// Where the bytes are.
    pub source: DocumentSource,
    /// The user password, if the officer has one.
    pub password: Option<String>,
}

impl std::fmt::Debug for DocumentRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let source = match &self.source {
            DocumentSource::Path(p) => p.display().to_string(),
            DocumentSource::Bytes { key, bytes } => format!("{key} ({} bytes)", bytes.len()),
            DocumentSource::OnDemand { key, .. } => format!("{key} (read when opened)"),
        };
        f.debug_struct("DocumentRef")
            .field("source", &source)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .finish()
    }
}

impl DocumentRef {
    /// A file on disk.
    pub fn path(path: impl AsRef<Path>) -> Self {
        Self {
            source: DocumentSource::Path(path.as_ref().to_path_buf()),
            password: None,
        }
    }

    /// Bytes in memory identified by `key`.
    pub fn bytes(key: impl Into<String>, bytes: impl Into<Arc<Vec<u8>>>) -> Self {
        Self {
            source: DocumentSource::Bytes {
                key: key.into(),
                bytes: bytes.into(),
            },
            password: None,
        }
    }

    /// Bytes identified by `key`, read by `load` when the worker opens the document.
    pub fn on_demand(
        key: impl Into<String>,
        load: impl Fn() -> Result<Vec<u8>, String> + Send + Sync + 'static,
    ) -> Self {
        Self {
            source: DocumentSource::OnDemand {
                key: key.into(),
                load: Loader(Arc::new(load)),
            },
            password: None,
        }
    }

    /// The same document opened with `password`.
    pub fn with_password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(password.into());
        self
    }

    /// The key used by caches: the path, or the caller's key, plus the password's
    /// presence (a document opened with and without a password are different answers).
    pub fn cache_key(&self) -> String {
        let base = match &self.source {
            DocumentSource::Path(p) => format!("path:{}", p.display()),
            DocumentSource::Bytes { key, .. } | DocumentSource::OnDemand { key, .. } => {
                format!("bytes:{key}")
            }
        };
        match &self.password {
            Some(pw) => format!("{base}#pw{}", pw.len()),
            None => base,
        }
    }
}

/// Clockwise rotation applied when rendering (the officer's rotate button).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, serde::Deserialize)]
pub enum Rotation {
    /// As the page is.
    #[default]
    None,
    /// A quarter turn clockwise.
    Clockwise90,
    /// Half a turn.
    Half180,
    /// Three quarter turns clockwise.
    Clockwise270,
}

impl Rotation {
    /// From degrees (any multiple of 90; others round down to one).
    pub fn from_degrees(degrees: i32) -> Self {
        match degrees.rem_euclid(360) / 90 {
            1 => Self::Clockwise90,
            2 => Self::Half180,
            3 => Self::Clockwise270,
            _ => Self::None,
        }
    }

    /// Whether width and height swap.
    pub fn is_quarter(self) -> bool {
        matches!(self, Self::Clockwise90 | Self::Clockwise270)
    }
}

/// The encoding of a rendered page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub enum ImageFormat {
    /// Baseline JPEG at the given quality (1..=100); what the viewer is served.
    Jpeg {
        /// Quality 1..=100 (80 is a good default for scans).
        quality: u8,
    },
    /// Lossless WebP.
    WebpLossless,
    /// PNG (for exports and the CLI).
    Png,
}

impl Default for ImageFormat {
    fn default() -> Self {
        Self::Jpeg { quality: 80 }
    }
}

impl ImageFormat {
    /// The MIME type for HTTP responses.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg { .. } => "image/jpeg",
            Self::WebpLossless => "image/webp",
            Self::Png => "image/png",
        }
    }
}

/// Why a page is rendered: the officer is looking at it, or it is a thumbnail in the
/// strip. Views run first; thumbnails use cheaper rendering settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, serde::Deserialize)]
pub enum Purpose {
    /// The page the officer is reading: highest priority, and the next pages are
    /// prefetched.
    #[default]
    View,
    /// A thumbnail: lower priority, no prefetch.
    Thumbnail,
}

/// Identifies a viewer and its latest navigation, so the worker can drop requests the
/// officer has flipped past: a queued request whose generation is older than the
/// newest one seen for the same view is cancelled before it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub struct ViewTicket {
    /// The viewer (e.g. one per open document panel).
    pub view: u64,
    /// Increases each time the officer navigates in that viewer.
    pub generation: u64,
}

/// How to render one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub struct RenderRequest {
    /// Page number, 1-based.
    pub page: u32,
    /// Output width in pixels (after rotation); clamped to [`Limits`].
    pub width: u32,
    /// Rotation.
    pub rotation: Rotation,
    /// Encoding.
    pub format: ImageFormat,
    /// View or thumbnail.
    pub purpose: Purpose,
    /// The viewer's navigation ticket, for cancellation of stale requests.
    pub ticket: Option<ViewTicket>,
}

impl RenderRequest {
    /// Page `page` at `width` pixels, upright, as JPEG quality 80, for viewing.
    pub fn view(page: u32, width: u32) -> Self {
        Self {
            page,
            width,
            rotation: Rotation::None,
            format: ImageFormat::default(),
            purpose: Purpose::View,
            ticket: None,
        }
    }

    /// A thumbnail of page `page`, `width` pixels wide, JPEG quality 70.
    pub fn thumbnail(page: u32, width: u32) -> Self {
        Self {
            format: ImageFormat::Jpeg { quality: 70 },
            purpose: Purpose::Thumbnail,
            ..Self::view(page, width)
        }
    }
}

/// A rendered, encoded page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedPage {
    /// The encoded image (shared with the cache).
    pub bytes: Arc<[u8]>,
    /// Its format.
    pub format: ImageFormat,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Whether it came from the cache.
    pub from_cache: bool,
}

impl RenderedPage {
    /// The MIME type to serve it with.
    pub fn mime(&self) -> &'static str {
        self.format.mime()
    }
}

/// The size of a page in PDF points (1/72 inch), as displayed (page rotation applied).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize, TS)]
pub struct PageSize {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
}

/// What the viewer needs to lay a document out.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, TS)]
pub struct DocumentInfo {
    /// Number of pages.
    pub page_count: u32,
    /// The size of each page, in order (at most [`Limits::max_listed_pages`]; the rest are
    /// assumed to repeat the last size).
    pub page_sizes: Vec<PageSize>,
}

/// A rectangle on a page in points, with the origin at the page's top-left corner
/// (y grows downwards, as on screen): multiply by `rendered_width / page_width` to get
/// pixels of an upright rendering.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize, TS)]
pub struct HitRect {
    /// Left edge.
    pub left: f32,
    /// Top edge.
    pub top: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// One occurrence of the searched text.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, TS)]
pub struct SearchHit {
    /// Page, 1-based.
    pub page: u32,
    /// The text matched, as found on the page.
    pub text: String,
    /// The rectangles covering it (one per line or run).
    pub rects: Vec<HitRect>,
}

/// Results of a search.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, TS)]
pub struct SearchResults {
    /// The hits, in page order.
    pub hits: Vec<SearchHit>,
    /// True when the search stopped at [`Limits::max_search_hits`] or
    /// [`Limits::max_search_pages`].
    pub truncated: bool,
}

/// Bounds that keep pathological documents from costing unbounded time or memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Limits {
    /// Largest output width or height in pixels.
    pub max_side: u32,
    /// Largest output bitmap in pixels (width × height).
    pub max_pixels: u64,
    /// Largest total of declared image pixels on one page before it is refused as an
    /// image bomb.
    pub max_image_pixels: u64,
    /// Largest number of objects on one page.
    pub max_page_objects: u32,
    /// Most pages whose text is searched.
    pub max_search_pages: u32,
    /// Most hits returned by a search.
    pub max_search_hits: usize,
    /// Most pages listed in [`DocumentInfo::page_sizes`].
    pub max_listed_pages: u32,
    /// Largest decompressed size of one content or object stream, in bytes: a page
    /// whose few kilobytes of compressed drawing instructions expand to gigabytes is
    /// refused before pdfium parses it (see [`crate::streams`]).
    pub max_stream_bytes: u64,
    /// Largest decompressed size of all content and object streams of a document.
    pub max_document_stream_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_side: 4096,
            max_pixels: 12_000_000,
            max_image_pixels: 250_000_000,
            max_page_objects: 200_000,
            max_search_pages: 2_000,
            max_search_hits: 2_000,
            max_listed_pages: 10_000,
            max_stream_bytes: 64 << 20,
            max_document_stream_bytes: 512 << 20,
        }
    }
}

/// The bitmap size for a page of `page_w` × `page_h` points rendered `width` pixels
/// wide after `rotation`, clamped to `limits` (aspect ratio kept, at least 1×1).
pub fn output_size(
    page_w: f32,
    page_h: f32,
    width: u32,
    rotation: Rotation,
    limits: &Limits,
) -> (u32, u32) {
    let (w_pt, h_pt) = if rotation.is_quarter() {
        (page_h, page_w)
    } else {
        (page_w, page_h)
    };
    let (w_pt, h_pt) = (sane(w_pt), sane(h_pt));
    let max_side = f64::from(limits.max_side.max(1));
    let mut w = f64::from(width.clamp(1, limits.max_side.max(1)));
    let mut h = w * h_pt / w_pt;
    if h > max_side {
        w *= max_side / h;
        h = max_side;
    }
    let pixels = w * h;
    let max_pixels = limits.max_pixels.max(1) as f64;
    if pixels > max_pixels {
        let f = (max_pixels / pixels).sqrt();
        w *= f;
        h *= f;
    }
    ((w.floor() as u32).max(1), (h.floor() as u32).max(1))
}

fn sane(v: f32) -> f64 {
    if v.is_finite() && v > 0.01 {
        f64::from(v)
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_at_1280_keeps_its_ratio() {
        assert_eq!(
            output_size(612.0, 792.0, 1280, Rotation::None, &Limits::default()),
            (1280, 1656)
        );
        assert_eq!(
            output_size(
                612.0,
                792.0,
                1280,
                Rotation::Clockwise90,
                &Limits::default()
            ),
            (1280, 989)
        );
    }

    #[test]
    fn huge_and_degenerate_pages_are_clamped() {
        let l = Limits::default();
        let (w, h) = output_size(14_400.0, 14_400.0, 100_000, Rotation::None, &l);
        assert!(w <= l.max_side && h <= l.max_side && u64::from(w) * u64::from(h) <= l.max_pixels);
        let (w, h) = output_size(1.0, 1_000_000.0, 1280, Rotation::None, &l);
        assert!(h <= l.max_side && w >= 1);
        let (w, h) = output_size(f32::NAN, -3.0, 0, Rotation::None, &l);
        assert!(w >= 1 && h >= 1);
    }

    #[test]
    fn rotation_from_degrees_wraps() {
        assert_eq!(Rotation::from_degrees(-90), Rotation::Clockwise270);
        assert_eq!(Rotation::from_degrees(450), Rotation::Clockwise90);
    }

    #[test]
    fn cache_keys_tell_passwords_apart_without_revealing_them() {
        let a = DocumentRef::path("/x.pdf");
        let b = DocumentRef::path("/x.pdf").with_password("1234");
        assert_ne!(a.cache_key(), b.cache_key());
        assert!(!b.cache_key().contains("1234"));
        assert!(!format!("{b:?}").contains("1234"));
    }
}
