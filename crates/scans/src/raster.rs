//! The page image of one scanned sheet: paper tint and uneven lighting, sensor noise,
//! a coloured header band, ruled "text" lines drawn as ink word blocks, a photo-like
//! region (gradients and shapes) and a stamp, at a given resolution and colour mode.
//!
//! [`PageLayout`] places everything in PDF points so that the text layer written by
//! [`crate::generate`] lies over the ink it describes.

use crate::spec::{PAGE_HEIGHT_PT, PAGE_WIDTH_PT, ScanColour, ScanSpec};

/// A small, fast, deterministic generator (SplitMix64); quality is ample for noise.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed` mixed with a stream number.
    pub fn new(seed: u64, stream: u64) -> Self {
        let mut rng = Self(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.next_u64();
        rng
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..hi` (or `lo` when the range is empty).
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        if hi <= lo {
            lo
        } else {
            lo + (self.next_u64() % u64::from(hi - lo)) as u32
        }
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// A rectangle in PDF points (origin bottom-left).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RectPt {
    /// Left edge.
    pub x0: f32,
    /// Bottom edge.
    pub y0: f32,
    /// Right edge.
    pub x1: f32,
    /// Top edge.
    pub y1: f32,
}

/// One line of ink on the page: where its baseline is and, when it carries readable
/// text, which text (otherwise filler word lengths).
#[derive(Debug, Clone, PartialEq)]
pub struct InkLine {
    /// Left end of the baseline, in points.
    pub x: f32,
    /// Baseline height, in points.
    pub y: f32,
    /// Font size in points.
    pub size: f32,
    /// The readable text, if any.
    pub text: Option<String>,
    /// Word widths in points (for filler lines, and to draw readable lines).
    pub words: Vec<f32>,
}

/// Where things are on one page, in PDF points.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLayout {
    /// Header band across the top (colour pages show it in blue).
    pub band: RectPt,
    /// The title and body lines.
    pub lines: Vec<InkLine>,
    /// The photo-like region (first page only).
    pub photo: Option<RectPt>,
    /// Centre and radius of the round stamp.
    pub stamp: (f32, f32, f32),
}

/// Average Helvetica advance per character, as a fraction of the font size.
const CHAR_EM: f32 = 0.52;
const LEFT: f32 = 72.0;
const RIGHT: f32 = 540.0;

fn word_widths(text: &str, size: f32) -> Vec<f32> {
    text.split_whitespace()
        .map(|w| w.chars().count() as f32 * CHAR_EM * size)
        .collect()
}

impl PageLayout {
    /// The layout of page `index` (0-based) of `spec`.
    pub fn of(spec: &ScanSpec, index: u32) -> Self {
        let mut rng = Rng::new(spec.seed, 1000 + u64::from(index));
        let top = PAGE_HEIGHT_PT;
        let band = RectPt {
            x0: 0.0,
            y0: top - 40.0,
            x1: PAGE_WIDTH_PT,
            y1: top,
        };
        let photo = (index == 0).then_some(RectPt {
            x0: 442.0,
            y0: top - 235.0,
            x1: 542.0,
            y1: top - 105.0,
        });
        let mut lines = Vec::new();
        let title_size = 16.0;
        lines.push(InkLine {
            x: LEFT,
            y: top - 78.0,
            size: title_size,
            text: Some(spec.title.clone()),
            words: word_widths(&spec.title, title_size),
        });
        let body = spec.lines_of_page(index);
        let size = 10.5;
        for slot in 0..ScanSpec::LINES_PER_PAGE {
            let y = top - 130.0 - slot as f32 * 19.0;
            let right = match photo {
                Some(p) if y > p.y0 - 12.0 => p.x0 - 16.0,
                _ => RIGHT,
            };
            if let Some(text) = body.get(slot) {
                lines.push(InkLine {
                    x: LEFT,
                    y,
                    size,
                    text: Some(text.clone()),
                    words: word_widths(text, size),
                });
            } else if rng.range(0, 100) < 82 {
                let limit = (right - LEFT) * (0.55 + 0.45 * rng.unit());
                let mut words = Vec::new();
                let mut used = 0.0;
                loop {
                    let w = rng.range(2, 11) as f32 * CHAR_EM * size;
                    if used + w > limit {
                        break;
                    }
                    used += w + 0.28 * size;
                    words.push(w);
                }
                lines.push(InkLine {
                    x: LEFT,
                    y,
                    size,
                    text: None,
                    words,
                });
            }
        }
        let stamp = (
            500.0 - rng.range(0, 40) as f32,
            70.0 + rng.range(0, 30) as f32,
            32.0,
        );
        Self {
            band,
            lines,
            photo,
            stamp,
        }
    }
}

/// An RGB page image, 8 bits per channel, rows top to bottom.
#[derive(Debug, Clone)]
pub struct Canvas {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height * 3` bytes.
    pub rgb: Vec<u8>,
    scale: f32,
}

impl Canvas {
    fn new(width: u32, height: u32, scale: f32) -> Self {
        Self {
            width,
            height,
            rgb: vec![0; width as usize * height as usize * 3],
            scale,
        }
    }

    /// Pixel bounds of a rectangle in points, clipped to the canvas.
    fn px(&self, r: RectPt) -> (u32, u32, u32, u32) {
        let clip = |v: f32, max: u32| (v.max(0.0) as u32).min(max);
        let x0 = clip(r.x0 * self.scale, self.width);
        let x1 = clip(r.x1 * self.scale, self.width);
        let y0 = clip((PAGE_HEIGHT_PT - r.y1) * self.scale, self.height);
        let y1 = clip((PAGE_HEIGHT_PT - r.y0) * self.scale, self.height);
        (x0, y0, x1, y1)
    }

    /// Sets the pixels of `r` to `f(u, v)` (coordinates `0..1` within the rectangle)
    /// where it returns a colour.
    fn paint(&mut self, r: RectPt, f: impl FnMut(f32, f32) -> Option<[u8; 3]>) {
        self.apply(r, false, f);
    }

    /// Like [`Canvas::paint`], but multiplies (ink on paper, the paper shows through).
    fn paint_multiply(&mut self, r: RectPt, f: impl FnMut(f32, f32) -> Option<[u8; 3]>) {
        self.apply(r, true, f);
    }

    fn apply(&mut self, r: RectPt, multiply: bool, mut f: impl FnMut(f32, f32) -> Option<[u8; 3]>) {
        let (x0, y0, x1, y1) = self.px(r);
        let (w, h) = ((x1 - x0).max(1) as f32, (y1 - y0).max(1) as f32);
        for y in y0..y1 {
            let row = y as usize * self.width as usize;
            for x in x0..x1 {
                if let Some(c) = f((x - x0) as f32 / w, (y - y0) as f32 / h) {
                    let i = (row + x as usize) * 3;
                    for (k, &v) in c.iter().enumerate() {
                        let old = u16::from(self.rgb[i + k]);
                        self.rgb[i + k] = if multiply {
                            (old * u16::from(v) / 255) as u8
                        } else {
                            v
                        };
                    }
                }
            }
        }
    }

    /// Multiplies the pixels of `r` by `ink`.
    fn ink(&mut self, r: RectPt, ink: [u8; 3]) {
        let (x0, y0, x1, y1) = self.px(r);
        for y in y0..y1 {
            let row = y as usize * self.width as usize;
            for x in x0..x1 {
                let i = (row + x as usize) * 3;
                for (px, &k) in self.rgb[i..i + 3].iter_mut().zip(ink.iter()) {
                    *px = ((u16::from(*px) * u16::from(k)) / 255) as u8;
                }
            }
        }
    }
}

fn lerp(a: [u8; 3], b: [u8; 3], t: f32) -> [u8; 3] {
    let t = t.clamp(0.0, 1.0);
    [0, 1, 2].map(|i| (f32::from(a[i]) + (f32::from(b[i]) - f32::from(a[i])) * t) as u8)
}

/// Pixel size of a page scanned at `dpi`.
pub fn page_pixels(dpi: u32) -> (u32, u32) {
    let scale = dpi as f32 / 72.0;
    (
        (PAGE_WIDTH_PT * scale).round().max(1.0) as u32,
        (PAGE_HEIGHT_PT * scale).round().max(1.0) as u32,
    )
}

/// Draws page `index` of `spec` in colour; `blank` leaves only paper and noise.
pub fn draw_page(spec: &ScanSpec, index: u32, blank: bool) -> Canvas {
    let dpi = spec.effective_dpi();
    let (w, h) = page_pixels(dpi);
    let mut canvas = Canvas::new(w, h, dpi as f32 / 72.0);
    let mut rng = Rng::new(spec.seed, u64::from(index));
    // Paper: a warm tint, brighter where the lamp is (top-left), darker at the far edge.
    // Red stays at least 14 above blue, so a colour scan of plain paper is still colour.
    let tint = [
        242 + rng.range(0, 9) as u8,
        234 + rng.range(0, 8) as u8,
        218 + rng.range(0, 10) as u8,
    ];
    let (lx, ly) = (rng.unit() * 0.4, rng.unit() * 0.3);
    for y in 0..h {
        let fy = y as f32 / h as f32 - ly;
        let row = y as usize * w as usize;
        for x in 0..w {
            let fx = x as f32 / w as f32 - lx;
            let light = 1.0 - 0.07 * (fx * fx + fy * fy).sqrt();
            let i = (row + x as usize) * 3;
            for (px, &t) in canvas.rgb[i..i + 3].iter_mut().zip(tint.iter()) {
                *px = (f32::from(t) * light) as u8;
            }
        }
    }
    if !blank {
        let layout = PageLayout::of(spec, index);
        let band_colour = [9, 87, 151];
        canvas.paint(layout.band, |_, t| {
            Some(lerp(band_colour, [24, 104, 168], t))
        });
        let ink = [38, 40, 58];
        for line in &layout.lines {
            let mut x = line.x;
            let gap = 0.28 * line.size;
            for &wd in &line.words {
                draw_word(&mut canvas, x, line.y, wd, line.size, ink, &mut rng);
                x += wd + gap;
            }
        }
        if let Some(p) = layout.photo {
            draw_photo(&mut canvas, p, &mut rng);
        }
        let (cx, cy, radius) = layout.stamp;
        let stamp = RectPt {
            x0: cx - radius,
            y0: cy - radius,
            x1: cx + radius,
            y1: cy + radius,
        };
        let colour = if rng.range(0, 2) == 0 {
            [190, 40, 48]
        } else {
            [40, 70, 170]
        };
        canvas.paint_multiply(stamp, |u, v| {
            let d = ((u - 0.5).powi(2) + (v - 0.5).powi(2)).sqrt();
            ((0.40..0.5).contains(&d) || (0.30..0.33).contains(&d)).then_some(colour)
        });
    }
    add_noise(&mut canvas, &mut rng);
    canvas
}

/// Draws a word as glyph-like strokes (stems, bowls, bars) between `x` and `x + width`
/// on the baseline `y`: unreadable, but it looks like print at any zoom.
fn draw_word(
    canvas: &mut Canvas,
    x: f32,
    y: f32,
    width: f32,
    size: f32,
    ink: [u8; 3],
    rng: &mut Rng,
) {
    let cw = CHAR_EM * size;
    let chars = (width / cw).round().max(1.0) as u32;
    let sw = (0.1 * size).max(0.6);
    let (xh, asc, desc) = (0.52 * size, 0.72 * size, -0.2 * size);
    for i in 0..chars {
        let x0 = x + i as f32 * cw + 0.06 * cw;
        let x1 = x0 + 0.8 * cw;
        let stem = |c: &mut Canvas, at: f32, bottom: f32, top: f32| {
            c.ink(
                RectPt {
                    x0: at,
                    y0: y + bottom,
                    x1: at + sw,
                    y1: y + top,
                },
                ink,
            );
        };
        let bar = |c: &mut Canvas, at: f32| {
            c.ink(
                RectPt {
                    x0,
                    y0: y + at - sw,
                    x1,
                    y1: y + at,
                },
                ink,
            )
        };
        let bowl = |c: &mut Canvas| {
            stem(c, x0, 0.0, xh);
            stem(c, x1 - sw, 0.0, xh);
            bar(c, xh);
            bar(c, sw);
        };
        match rng.range(0, 8) {
            0 => bowl(canvas),
            1 => stem(canvas, x0 + 0.3 * cw, 0.0, asc),
            2 => {
                stem(canvas, x0, 0.0, xh);
                stem(canvas, x1 - sw, 0.0, xh);
                bar(canvas, xh);
            }
            3 => {
                stem(canvas, x0, 0.0, xh);
                bar(canvas, xh);
                bar(canvas, xh * 0.55);
                bar(canvas, sw);
            }
            4 => {
                bowl(canvas);
                stem(canvas, x1 - sw, 0.0, asc);
            }
            5 => {
                bowl(canvas);
                stem(canvas, x0, desc, xh);
            }
            6 => {
                stem(canvas, x0, 0.0, xh);
                stem(canvas, (x0 + x1) / 2.0, 0.0, xh);
                stem(canvas, x1 - sw, 0.0, xh);
                bar(canvas, xh);
            }
            _ => {
                stem(canvas, x0 + 0.25 * cw, 0.0, asc);
                bar(canvas, xh);
            }
        }
    }
}

/// A photo-like region: sky gradient, a head and shoulders, and a frame.
fn draw_photo(canvas: &mut Canvas, r: RectPt, rng: &mut Rng) {
    let clothes = [[40u8, 60, 110], [90, 40, 50], [50, 80, 60]][rng.range(0, 3) as usize];
    let skin = [[224u8, 180, 150], [190, 140, 105], [140, 95, 70]][rng.range(0, 3) as usize];
    let hair = [[60u8, 40, 30], [25, 20, 20], [150, 110, 60]][rng.range(0, 3) as usize];
    let tilt = rng.unit() * 0.06 - 0.03;
    canvas.paint(r, |u, v| {
        let sky = lerp([120, 165, 215], [205, 222, 236], v);
        let mut c = sky;
        let (hx, hy) = (u - 0.5 - tilt * (v - 0.5), v - 0.42);
        if (hx / 0.26).powi(2) + ((hy + 0.07) / 0.3).powi(2) < 1.0 {
            c = hair;
        }
        if (hx / 0.22).powi(2) + (hy / 0.27).powi(2) < 1.0 {
            let shade = 0.8 + 0.2 * (1.0 - (hx + 0.1).abs() * 3.0).clamp(0.0, 1.0);
            c = skin.map(|k| (f32::from(k) * shade) as u8);
        }
        if ((u - 0.5) / 0.5).powi(2) + ((v - 1.05) / 0.35).powi(2) < 1.0 {
            c = lerp(clothes, [0, 0, 0], (v - 0.75) * 0.8);
        }
        if !(0.03..0.97).contains(&u) || !(0.025..0.975).contains(&v) {
            c = [250, 250, 248];
        }
        Some(c)
    });
}

/// Sensor noise: a little grain on every pixel, per channel.
fn add_noise(canvas: &mut Canvas, rng: &mut Rng) {
    let mut bits = 0u64;
    let mut left = 0;
    for px in canvas.rgb.iter_mut() {
        if left == 0 {
            bits = rng.next_u64();
            left = 16;
        }
        let n = (bits & 0x7) as i16 - 3;
        bits >>= 4;
        left -= 1;
        *px = (i16::from(*px) + n).clamp(0, 255) as u8;
    }
}

/// The page as a single grey channel (Rec. 601 luma).
pub fn to_grey(canvas: &Canvas) -> Vec<u8> {
    canvas
        .rgb
        .chunks_exact(3)
        .map(|p| ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2])) >> 8) as u8)
        .collect()
}

/// The page as a packed 1-bit image (1 = white), rows padded to a byte, using an
/// ordered dither for mid-tones so the photo stays recognisable.
pub fn to_bilevel(canvas: &Canvas) -> Vec<u8> {
    const BAYER: [[u8; 4]; 4] = [[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]];
    let grey = to_grey(canvas);
    let (w, h) = (canvas.width as usize, canvas.height as usize);
    let stride = w.div_ceil(8);
    let mut out = vec![0u8; stride * h];
    for y in 0..h {
        for x in 0..w {
            let l = i32::from(grey[y * w + x]);
            let stretched = ((l - 70) * 255 / 130).clamp(0, 255);
            let threshold = i32::from(BAYER[y % 4][x % 4]) * 16 + 8;
            if stretched > threshold {
                out[y * stride + x / 8] |= 0x80 >> (x % 8);
            }
        }
    }
    out
}

/// The JPEG or 1-bit image of a page in the spec's colour mode.
#[derive(Debug, Clone)]
pub struct PageImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `/DeviceRGB` or `/DeviceGray`.
    pub colour_space: &'static str,
    /// Bits per component (8, or 1 for black-and-white).
    pub bits: u8,
    /// `/DCTDecode` or `/FlateDecode`.
    pub filter: &'static str,
    /// The encoded image stream.
    pub data: Vec<u8>,
}

/// JPEG quality of colour and greyscale pages: small files that still read well.
const JPEG_QUALITY: u8 = 55;

/// Encodes a canvas in `colour` mode.
pub fn encode(canvas: &Canvas, colour: ScanColour) -> PageImage {
    let (w, h) = (canvas.width, canvas.height);
    match colour {
        ScanColour::Colour => PageImage {
            width: w,
            height: h,
            colour_space: "/DeviceRGB",
            bits: 8,
            filter: "/DCTDecode",
            data: jpeg(&canvas.rgb, w, h, jpeg_encoder::ColorType::Rgb),
        },
        ScanColour::Greyscale => PageImage {
            width: w,
            height: h,
            colour_space: "/DeviceGray",
            bits: 8,
            filter: "/DCTDecode",
            data: jpeg(&to_grey(canvas), w, h, jpeg_encoder::ColorType::Luma),
        },
        ScanColour::BlackAndWhite => PageImage {
            width: w,
            height: h,
            colour_space: "/DeviceGray",
            bits: 1,
            filter: "/FlateDecode",
            data: crate::writer::deflate(&to_bilevel(canvas)),
        },
    }
}

/// Encodes raw pixels as a baseline JPEG (4:2:0 chroma subsampling for colour).
pub fn jpeg(pixels: &[u8], width: u32, height: u32, colour: jpeg_encoder::ColorType) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, JPEG_QUALITY);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    let (w, h) = (
        width.min(u32::from(u16::MAX)) as u16,
        height.min(u32::from(u16::MAX)) as u16,
    );
    // Encoding into a Vec cannot fail for valid dimensions, which `page_pixels` gives.
    if encoder.encode(pixels, w, h, colour).is_err() {
        out.clear();
    }
    out
}
