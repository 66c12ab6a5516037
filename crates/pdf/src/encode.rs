//! Encoding rendered pages (BGRx bitmaps from pdfium) as JPEG, lossless WebP or PNG.
//!
//! JPEG, what every page view is served as, is encoded from the BGRx buffer as it is:
//! each row is converted to YCbCr as `jpeg-encoder` reads it (no separate pass), and a
//! tall page is encoded in bands on several threads.

use std::io::Cursor;

use image::ImageEncoder;

use crate::error::PdfError;
use crate::page::ImageFormat;

/// A rendered bitmap: 4 bytes per pixel in B, G, R, x order, rows top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bgrx {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height * 4` bytes.
    pub data: Vec<u8>,
}

impl Bgrx {
    /// From a buffer whose rows are `stride` bytes apart (pdfium may pad rows).
    pub fn from_strided(width: u32, height: u32, stride: usize, data: Vec<u8>) -> Option<Self> {
        let row = width as usize * 4;
        if stride < row || data.len() < stride * height as usize {
            return None;
        }
        if stride == row {
            let mut data = data;
            data.truncate(row * height as usize);
            return Some(Self {
                width,
                height,
                data,
            });
        }
        let mut packed = Vec::with_capacity(row * height as usize);
        for y in 0..height as usize {
            packed.extend_from_slice(&data[y * stride..y * stride + row]);
        }
        Some(Self {
            width,
            height,
            data: packed,
        })
    }

    /// Half the width and height, each pixel the mean of a 2 x 2 block (an odd last
    /// row or column is dropped).
    pub fn half(&self) -> Self {
        let (w, h) = ((self.width / 2).max(1), (self.height / 2).max(1));
        let src_w = self.width as usize;
        let mut data = Vec::with_capacity(w as usize * h as usize * 4);
        for y in 0..h as usize {
            let (r0, r1) = (
                (2 * y).min(self.height as usize - 1),
                (2 * y + 1).min(self.height as usize - 1),
            );
            for x in 0..w as usize {
                let (c0, c1) = ((2 * x).min(src_w - 1), (2 * x + 1).min(src_w - 1));
                for ch in 0..4 {
                    let at = |r: usize, c: usize| u16::from(self.data[(r * src_w + c) * 4 + ch]);
                    data.push(((at(r0, c0) + at(r0, c1) + at(r1, c0) + at(r1, c1) + 2) / 4) as u8);
                }
            }
        }
        Self {
            width: w,
            height: h,
            data,
        }
    }

    /// RGB, 3 bytes per pixel.
    pub fn to_rgb(&self) -> Vec<u8> {
        self.data
            .chunks_exact(4)
            .flat_map(|p| [p[2], p[1], p[0]])
            .collect()
    }
}

/// Encodes `bitmap` in `format`.
pub fn encode(bitmap: &Bgrx, format: ImageFormat) -> Result<Vec<u8>, PdfError> {
    let (w, h) = (bitmap.width, bitmap.height);
    let err = |e: &dyn std::fmt::Display| PdfError::Encode {
        detail: e.to_string(),
    };
    match format {
        ImageFormat::Jpeg { quality } => jpeg(bitmap, quality),
        ImageFormat::WebpLossless => {
            let mut out = Cursor::new(Vec::new());
            image::codecs::webp::WebPEncoder::new_lossless(&mut out)
                .write_image(&bitmap.to_rgb(), w, h, image::ExtendedColorType::Rgb8)
                .map_err(|e| err(&e))?;
            Ok(out.into_inner())
        }
        ImageFormat::Png => {
            let mut out = Cursor::new(Vec::new());
            image::codecs::png::PngEncoder::new_with_quality(
                &mut out,
                image::codecs::png::CompressionType::Fast,
                image::codecs::png::FilterType::Adaptive,
            )
            .write_image(&bitmap.to_rgb(), w, h, image::ExtendedColorType::Rgb8)
            .map_err(|e| err(&e))?;
            Ok(out.into_inner())
        }
    }
}

/// Images at least this tall are encoded in parts on several threads.
const SPLIT_MIN_HEIGHT: u32 = 256;
/// Rows per part at least (a multiple of the 16-row MCU).
const PART_MIN_ROWS: u32 = 128;
/// Parts at most (one per processor, up to this).
const MAX_PARTS: usize = 8;

/// The processors this process may use (asked once: on Linux it reads cgroup files).
fn processors() -> usize {
    static N: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *N.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// BGRx rows as `jpeg-encoder` reads them: converted to YCbCr here, a row at a time, with
/// the same integer formula as `jpeg_encoder::rgb_to_ycbcr` (so the same bytes come
/// out). Its own BGRA path is several times slower in debug builds, where the app and
/// the benchmark run with dependencies at opt-level 2 and overflow checks.
struct BgrxRows<'a> {
    data: &'a [u8],
    width: u16,
    height: u16,
}

/// One pixel (B, G, R) to Y, Cb, Cr, exactly as `jpeg_encoder::rgb_to_ycbcr` computes
/// them (coefficients with 16 fractional bits, rounded), but in 16-bit arithmetic,
/// which is cheaper than its 32-bit products on baseline x86-64 (no SSE4.1 `pmulld`)
/// and, written out like this, fast in debug builds too.
///
/// Each sum `c1 * a + c2 * b + c3 * c + k` with `c1 + c2 + c3 = 65536` needs 24 bits;
/// it is split on the coefficients' bytes, `c = 256 * hi + lo`: `h = sum(hi * x)` and
/// `l = sum(lo * x)` both fit 16 bits, and `(256 * h + l + k) >> 16` is
/// `(h + (l + k) / 256) / 256` (floor divisions of non-negative numbers). Negative
/// coefficients act on `255 - x`, which moves their constant into `k`: Y has
/// `k = 32767`, Cb and Cr have `k = 65535`; `(l + k) >> 8` is then
/// `127 + ((l + 255) >> 8)` or `255 + ((l + 255) >> 8)`, with nothing above 65535.
#[inline(always)]
fn ycbcr(b: u8, g: u8, r: u8) -> (u8, u8, u8) {
    let (r, g, b) = (u16::from(r), u16::from(g), u16::from(b));
    let (r_, g_, b_) = (255 - r, 255 - g, 255 - b);
    // The wrapping forms never wrap (see above); they keep overflow checks out.
    // Y = 19595 R + 38470 G + 7471 B
    let h = 76u16
        .wrapping_mul(r)
        .wrapping_add(150u16.wrapping_mul(g))
        .wrapping_add(29u16.wrapping_mul(b));
    let l = 139u16
        .wrapping_mul(r)
        .wrapping_add(70u16.wrapping_mul(g))
        .wrapping_add(47u16.wrapping_mul(b));
    let y = h.wrapping_add(127).wrapping_add(l.wrapping_add(255) >> 8) >> 8;
    // Cb = 32768 B - 11059 R - 21709 G + 128
    let h = 128u16
        .wrapping_mul(b)
        .wrapping_add(43u16.wrapping_mul(r_))
        .wrapping_add(84u16.wrapping_mul(g_));
    let l = 51u16.wrapping_mul(r_).wrapping_add(205u16.wrapping_mul(g_));
    let cb = h.wrapping_add(255).wrapping_add(l.wrapping_add(255) >> 8) >> 8;
    // Cr = 32768 R - 27439 G - 5329 B + 128
    let h = 128u16
        .wrapping_mul(r)
        .wrapping_add(107u16.wrapping_mul(g_))
        .wrapping_add(20u16.wrapping_mul(b_));
    let l = 47u16.wrapping_mul(g_).wrapping_add(209u16.wrapping_mul(b_));
    let cr = h.wrapping_add(255).wrapping_add(l.wrapping_add(255) >> 8) >> 8;
    (y as u8, cb as u8, cr as u8)
}

/// One row of BGRx appended to the Y, Cb and Cr rows.
fn bgrx_row_to_ycbcr(line: &[u8], y: &mut Vec<u8>, cb: &mut Vec<u8>, cr: &mut Vec<u8>) {
    let (pixels, _) = line.as_chunks::<4>();
    let n = pixels.len();
    let (y0, cb0, cr0) = (y.len(), cb.len(), cr.len());
    y.resize(y0 + n, 0);
    cb.resize(cb0 + n, 0);
    cr.resize(cr0 + n, 0);
    let outputs = y[y0..].iter_mut().zip(&mut cb[cb0..]).zip(&mut cr[cr0..]);
    for (p, ((y, cb), cr)) in pixels.iter().zip(outputs) {
        (*y, *cb, *cr) = ycbcr(p[0], p[1], p[2]);
    }
}

impl jpeg_encoder::ImageBuffer for BgrxRows<'_> {
    fn get_jpeg_color_type(&self) -> jpeg_encoder::JpegColorType {
        jpeg_encoder::JpegColorType::Ycbcr
    }

    fn width(&self) -> u16 {
        self.width
    }

    fn height(&self) -> u16 {
        self.height
    }

    fn fill_buffers(&self, y: u16, buffers: &mut [Vec<u8>; 4]) {
        let row = usize::from(self.width) * 4;
        let start = usize::from(y) * row;
        let [luma, cb, cr, _] = buffers;
        bgrx_row_to_ycbcr(&self.data[start..start + row], luma, cb, cr);
    }
}

fn jpeg_part(data: &[u8], width: u16, height: u16, quality: u8) -> Result<Vec<u8>, PdfError> {
    let needed = usize::from(width) * usize::from(height) * 4;
    if data.len() < needed {
        return Err(PdfError::Encode {
            detail: format!("{} bytes for a {width}x{height} image", data.len()),
        });
    }
    let mut out = Vec::with_capacity(data.len() / 12);
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality.clamp(1, 100));
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    encoder
        .encode_image(BgrxRows {
            data,
            width,
            height,
        })
        .map_err(|e| PdfError::Encode {
            detail: e.to_string(),
        })?;
    Ok(out)
}

/// Baseline JPEG, 4:2:0. A tall image is cut into horizontal bands encoded in
/// parallel (one per processor, up to 8) and joined with restart markers: every band
/// uses the same standard tables and starts on a 16-row MCU boundary, so the result
/// decodes to exactly the pixels of a single-pass encoding.
pub fn jpeg(bitmap: &Bgrx, quality: u8) -> Result<Vec<u8>, PdfError> {
    let parts = if bitmap.height < SPLIT_MIN_HEIGHT {
        1
    } else {
        let most = (bitmap.height / PART_MIN_ROWS).max(2) as usize;
        processors().min(MAX_PARTS).min(most)
    };
    jpeg_in_parts(bitmap, quality, parts)
}

/// [`jpeg`] in `parts` bands (1: a single pass on this thread).
fn jpeg_in_parts(bitmap: &Bgrx, quality: u8, parts: usize) -> Result<Vec<u8>, PdfError> {
    let (w, h) = (bitmap.width, bitmap.height);
    let (Ok(w16), Ok(h16)) = (u16::try_from(w), u16::try_from(h)) else {
        return Err(PdfError::Encode {
            detail: format!("{w}x{h} is too large for JPEG"),
        });
    };
    // Every band but the last has `rows` rows, so one restart interval of that many
    // MCUs holds each band; the last band is shorter or the same.
    let rows = h.div_ceil(parts.max(1) as u32).div_ceil(16) * 16;
    let interval = u16::try_from(w.div_ceil(16) * (rows / 16));
    if parts <= 1 || rows >= h || interval.is_err() {
        return jpeg_part(&bitmap.data, w16, h16, quality);
    }
    let bands: Vec<(&[u8], u16)> = bitmap
        .data
        .chunks(rows as usize * w as usize * 4)
        .map(|band| (band, (band.len() / (w as usize * 4)) as u16))
        .collect();
    let encoded: Vec<Result<Vec<u8>, PdfError>> = std::thread::scope(|scope| {
        let jobs: Vec<_> = bands[1..]
            .iter()
            .map(|&(band, height)| scope.spawn(move || jpeg_part(band, w16, height, quality)))
            .collect();
        let first = jpeg_part(bands[0].0, w16, bands[0].1, quality);
        std::iter::once(first)
            .chain(jobs.into_iter().map(|job| {
                job.join().unwrap_or_else(|_| {
                    Err(PdfError::Encode {
                        detail: "an encoding thread failed".into(),
                    })
                })
            }))
            .collect()
    });
    let encoded = encoded.into_iter().collect::<Result<Vec<_>, _>>()?;
    match interval.ok().and_then(|i| join_bands(&encoded, h16, i)) {
        Some(joined) => Ok(joined),
        None => jpeg_part(&bitmap.data, w16, h16, quality),
    }
}

/// Where the parts of a baseline JPEG (as `jpeg-encoder` writes it) are.
struct Layout {
    /// Offset of the SOF0 height field.
    height_at: usize,
    /// Offset of the SOS marker.
    sos: usize,
    /// Offset of the entropy-coded data (after the SOS segment).
    scan: usize,
    /// Offset of the EOI marker that ends the file.
    eoi: usize,
}

fn layout(jpeg: &[u8]) -> Option<Layout> {
    let eoi = jpeg
        .len()
        .checked_sub(2)
        .filter(|&e| jpeg[e..] == [0xFF, 0xD9])?;
    let mut i = 2;
    let mut height_at = None;
    while i + 4 <= jpeg.len() {
        if jpeg[i] != 0xFF {
            return None;
        }
        let marker = jpeg[i + 1];
        let len = usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
        match marker {
            0xC0 => height_at = Some(i + 5),
            0xDD => return None, // already has restart markers: do not touch
            0xDA => {
                let scan = i + 2 + len;
                return (scan <= eoi).then_some(Layout {
                    height_at: height_at?,
                    sos: i,
                    scan,
                    eoi,
                });
            }
            _ => {}
        }
        i += 2 + len;
    }
    None
}

/// Joins separately encoded bands into one JPEG: the first band's headers (height
/// patched, a DRI segment of `interval` MCUs added before the scan), its scan, then
/// each other band's scan after the next restart marker (RST0..RST7 in turn), EOI.
/// `None` if a band does not look as expected.
fn join_bands(bands: &[Vec<u8>], height: u16, interval: u16) -> Option<Vec<u8>> {
    let (first, rest) = bands.split_first()?;
    let head = layout(first)?;
    let mut out = Vec::with_capacity(bands.iter().map(Vec::len).sum::<usize>() + 6);
    out.extend_from_slice(&first[..head.sos]);
    out[head.height_at..head.height_at + 2].copy_from_slice(&height.to_be_bytes());
    out.extend_from_slice(&[0xFF, 0xDD, 0x00, 0x04]);
    out.extend_from_slice(&interval.to_be_bytes());
    out.extend_from_slice(&first[head.sos..head.eoi]);
    for (i, band) in rest.iter().enumerate() {
        let l = layout(band)?;
        out.extend_from_slice(&[0xFF, 0xD0 + (i % 8) as u8]);
        out.extend_from_slice(&band[l.scan..l.eoi]);
    }
    out.extend_from_slice(&[0xFF, 0xD9]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Bgrx {
        let (w, h) = (40u32, 30u32);
        let data = (0..w * h)
            .flat_map(|i| [(i % 256) as u8, 128, 200, 255])
            .collect();
        Bgrx {
            width: w,
            height: h,
            data,
        }
    }

    #[test]
    fn each_format_has_its_signature() {
        let b = sample();
        let jpeg = encode(&b, ImageFormat::Jpeg { quality: 80 }).unwrap_or_default();
        assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
        let png = encode(&b, ImageFormat::Png).unwrap_or_default();
        assert_eq!(&png[1..4], b"PNG");
        let webp = encode(&b, ImageFormat::WebpLossless).unwrap_or_default();
        assert_eq!(&webp[8..12], b"WEBP");
    }

    #[test]
    fn halving_averages_blocks() {
        let b = Bgrx {
            width: 2,
            height: 2,
            data: vec![
                0, 0, 0, 0, 100, 100, 100, 100, 200, 200, 200, 200, 100, 100, 100, 100,
            ],
        };
        assert_eq!(
            b.half(),
            Bgrx {
                width: 1,
                height: 1,
                data: vec![100, 100, 100, 100]
            }
        );
        let odd = Bgrx {
            width: 3,
            height: 1,
            data: vec![9; 12],
        };
        assert_eq!((odd.half().width, odd.half().height), (1, 1));
    }

    #[test]
    fn strided_rows_are_packed() {
        let data = vec![1, 2, 3, 4, 9, 9, 5, 6, 7, 8, 9, 9];
        let b = Bgrx::from_strided(1, 2, 6, data);
        assert_eq!(b.map(|b| b.data), Some(vec![1, 2, 3, 4, 5, 6, 7, 8]));
        assert!(Bgrx::from_strided(2, 2, 6, vec![0; 12]).is_none());
    }

    fn decode(jpeg: &[u8]) -> Vec<u8> {
        image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg)
            .map(|i| i.to_rgb8().into_raw())
            .unwrap_or_default()
    }

    #[test]
    fn a_split_jpeg_decodes_to_the_same_pixels_as_a_single_pass() {
        for (w, h, parts) in [
            (1280u32, 1656u32, 2usize),
            (1280, 1656, 3),
            (333, 257, 2),
            (17, 1600, 10),
            (640, 512, 4),
        ] {
            let data = (0..w * h)
                .flat_map(|i| {
                    [
                        (i % 251) as u8,
                        ((i / w) % 256) as u8,
                        ((i * 7) % 256) as u8,
                        255,
                    ]
                })
                .collect();
            let b = Bgrx {
                width: w,
                height: h,
                data,
            };
            let split = jpeg_in_parts(&b, 80, parts).unwrap_or_default();
            let single = jpeg_part(&b.data, w as u16, h as u16, 80).unwrap_or_default();
            assert!(
                split.windows(2).any(|m| m == [0xFF, 0xDD]),
                "{w}x{h}: no restart interval"
            );
            let restarts = split
                .windows(2)
                .filter(|m| m[0] == 0xFF && (0xD0..=0xD7).contains(&m[1]))
                .count();
            assert_eq!(restarts, parts - 1, "{w}x{h} in {parts}");
            let (ds, d1) = (decode(&split), decode(&single));
            assert_eq!(ds.len(), (w * h * 3) as usize, "{w}x{h}");
            assert!(ds == d1, "{w}x{h} in {parts}: pixels differ");
        }
        // `jpeg` itself, with however many processors this machine has.
        let b = Bgrx {
            width: 64,
            height: 600,
            data: vec![90; 64 * 600 * 4],
        };
        let whole = decode(&jpeg(&b, 80).unwrap_or_default());
        assert!(whole == decode(&jpeg_part(&b.data, 64, 600, 80).unwrap_or_default()));
    }

    #[test]
    fn the_colour_conversion_is_jpeg_encoders() {
        for r in 0..=255u8 {
            let line: Vec<u8> = (0..=255u8)
                .flat_map(|g| (0..=255u8).flat_map(move |b| [b, g, r, 0]))
                .collect();
            let (mut y, mut cb, mut cr) = (Vec::new(), Vec::new(), Vec::new());
            bgrx_row_to_ycbcr(&line, &mut y, &mut cb, &mut cr);
            for (i, p) in line.chunks_exact(4).enumerate() {
                let expected = jpeg_encoder::rgb_to_ycbcr(p[2], p[1], p[0]);
                assert_eq!((y[i], cb[i], cr[i]), expected, "{:?}", &p[..3]);
            }
        }
    }

    #[test]
    fn jpeg_bytes_are_jpeg_encoders_own() {
        let (w, h) = (333u16, 77u16);
        let data: Vec<u8> = (0..u32::from(w) * u32::from(h))
            .flat_map(|i| [(i % 251) as u8, (i / 3 % 256) as u8, (i * 7 % 256) as u8, 0])
            .collect();
        let mut reference = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut reference, 80);
        encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
        let encoded = encoder.encode(&data, w, h, jpeg_encoder::ColorType::Bgra);
        assert!(encoded.is_ok());
        assert!(jpeg_part(&data, w, h, 80).ok() == Some(reference));
    }

    #[test]
    fn oversized_jpeg_is_an_error_not_a_panic() {
        let b = Bgrx {
            width: 70_000,
            height: 1,
            data: vec![0; 70_000 * 4],
        };
        assert!(matches!(
            encode(&b, ImageFormat::Jpeg { quality: 80 }),
            Err(PdfError::Encode { .. })
        ));
    }
}
