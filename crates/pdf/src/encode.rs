//! Encoding rendered pages (BGRx bitmaps from pdfium) as JPEG, lossless WebP or PNG.
//!
//! JPEG goes straight from the BGRx buffer to `jpeg-encoder` without a colour
//! conversion pass, since it is what every page view is served as.

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

/// Images at least this tall are encoded as two halves on two threads.
const SPLIT_MIN_HEIGHT: u32 = 256;

fn jpeg_part(data: &[u8], width: u16, height: u16, quality: u8) -> Result<Vec<u8>, PdfError> {
    let mut out = Vec::with_capacity(data.len() / 12);
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality.clamp(1, 100));
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    encoder
        .encode(data, width, height, jpeg_encoder::ColorType::Bgra)
        .map_err(|e| PdfError::Encode {
            detail: e.to_string(),
        })?;
    Ok(out)
}

/// Baseline JPEG, 4:2:0. A tall image is encoded as a top and a bottom half in
/// parallel and joined with a restart marker: both halves use the same standard
/// tables and the split falls on a 16-row MCU boundary, so the result decodes to
/// exactly the pixels of a single-pass encoding.
pub fn jpeg(bitmap: &Bgrx, quality: u8) -> Result<Vec<u8>, PdfError> {
    let (w, h) = (bitmap.width, bitmap.height);
    let (Ok(w16), Ok(h16)) = (u16::try_from(w), u16::try_from(h)) else {
        return Err(PdfError::Encode {
            detail: format!("{w}x{h} is too large for JPEG"),
        });
    };
    if h < SPLIT_MIN_HEIGHT {
        return jpeg_part(&bitmap.data, w16, h16, quality);
    }
    // The top half has at least as many MCUs as the bottom, so one restart interval of
    // the top's size holds the bottom too.
    let split = h.div_ceil(2).div_ceil(16) * 16;
    let row = w as usize * 4;
    let (top, bottom) = bitmap.data.split_at(split as usize * row);
    let (a, b) = std::thread::scope(|scope| {
        let bottom_job = scope.spawn(|| jpeg_part(bottom, w16, (h - split) as u16, quality));
        let a = jpeg_part(top, w16, split as u16, quality);
        (a, bottom_job.join())
    });
    let b = b.map_err(|_| PdfError::Encode {
        detail: "the encoding thread failed".into(),
    })?;
    let mcus = w.div_ceil(16) * (split / 16);
    match (u16::try_from(mcus), join_halves(&a?, &b?, h16)) {
        (Ok(mcus), Some(joined)) => Ok(with_restart_interval(joined, mcus)),
        _ => jpeg_part(&bitmap.data, w16, h16, quality),
    }
}

/// Where the entropy-coded data of a baseline JPEG starts (after the SOS segment), and
/// the offset of its SOF0 height field.
fn layout(jpeg: &[u8]) -> Option<(usize, usize)> {
    let mut i = 2;
    let mut height_at = None;
    while i + 4 <= jpeg.len() {
        if jpeg[i] != 0xFF {
            return None;
        }
        let marker = jpeg[i + 1];
        let len = usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
        if marker == 0xC0 {
            height_at = Some(i + 5);
        }
        if marker == 0xDD {
            return None; // already has restart markers: do not touch
        }
        if marker == 0xDA {
            return Some((i + 2 + len, height_at?));
        }
        i += 2 + len;
    }
    None
}

/// Joins two JPEG halves: the first's headers (height patched), its scan, RST0, the
/// second's scan, EOI. `None` if either does not look as expected.
fn join_halves(a: &[u8], b: &[u8], height: u16) -> Option<Vec<u8>> {
    let (a_scan, a_height) = layout(a)?;
    let (b_scan, _) = layout(b)?;
    let a_end = a.len().checked_sub(2).filter(|&e| a[e..] == [0xFF, 0xD9])?;
    let b_end = b.len().checked_sub(2).filter(|&e| b[e..] == [0xFF, 0xD9])?;
    let mut out = Vec::with_capacity(a.len() + b.len());
    out.extend_from_slice(&a[..a_end]);
    out[a_height..a_height + 2].copy_from_slice(&height.to_be_bytes());
    out.extend_from_slice(&[0xFF, 0xD0]);
    out.extend_from_slice(&b[b_scan..b_end]);
    out.extend_from_slice(&[0xFF, 0xD9]);
    let _ = a_scan;
    Some(out)
}

/// Inserts a DRI segment (restart every `mcus` MCUs) before the SOS segment.
fn with_restart_interval(jpeg: Vec<u8>, mcus: u16) -> Vec<u8> {
    let Some((scan, _)) = layout(&jpeg) else {
        return jpeg;
    };
    // Find the SOS marker's start: walk again to the segment that ends at `scan`.
    let mut i = 2;
    while i + 4 <= jpeg.len() {
        let len = usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
        if jpeg[i + 1] == 0xDA && i + 2 + len == scan {
            let mut out = Vec::with_capacity(jpeg.len() + 6);
            out.extend_from_slice(&jpeg[..i]);
            out.extend_from_slice(&[0xFF, 0xDD, 0x00, 0x04]);
            out.extend_from_slice(&mcus.to_be_bytes());
            out.extend_from_slice(&jpeg[i..]);
            return out;
        }
        i += 2 + len;
    }
    jpeg
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
        for (w, h) in [(1280u32, 1656u32), (333, 257), (17, 1000), (640, 512)] {
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
            let split = jpeg(&b, 80).unwrap_or_default();
            let single = jpeg_part(&b.data, w as u16, h as u16, 80).unwrap_or_default();
            assert!(
                split.windows(2).any(|m| m == [0xFF, 0xDD]),
                "{w}x{h}: no restart interval"
            );
            let (ds, d1) = (decode(&split), decode(&single));
            assert_eq!(ds.len(), (w * h * 3) as usize, "{w}x{h}");
            assert!(ds == d1, "{w}x{h}: pixels differ");
        }
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
