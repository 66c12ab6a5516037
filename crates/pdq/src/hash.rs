//! Hashing a grey image with PDQ, and the hashes of its rotations and flips.
//!
//! The steps, as the PDQ paper describes them: a two-pass box blur whose window is
//! about 1/128 of the image's side (two passes approximate a tent filter over 1/64),
//! then sampling at the centres of a 64 × 64 grid; the quality from the sum of the
//! quantised differences between neighbouring samples; the 16 × 16 lowest non-constant
//! frequencies of the 64 × 64 DCT; one bit per frequency, set when it is above the
//! median. Rotating or mirroring a picture only transposes that 16 × 16 block and flips
//! signs of its odd rows or columns, so the hashes of all eight orientations come from
//! one transform ([`Hashed::dihedral`]).

use std::fmt;
use std::str::FromStr;

/// A 256-bit PDQ hash: bit `16 i + j` is frequency `(i, j)` of the 16 × 16 block.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct PageHash(pub [u64; 4]);

impl PageHash {
    /// The number of differing bits.
    pub fn distance(&self, other: &Self) -> u32 {
        self.0
            .iter()
            .zip(other.0.iter())
            .map(|(a, b)| (a ^ b).count_ones())
            .sum()
    }

    /// The 256 bits as 32 bytes (little-endian words), as the server stores them.
    pub fn to_bytes(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, w) in self.0.iter().enumerate() {
            out[i * 8..i * 8 + 8].copy_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// The hash [`PageHash::to_bytes`] wrote; `None` unless `bytes` is 32 long.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let bytes: &[u8; 32] = bytes.try_into().ok()?;
        let mut words = [0u64; 4];
        for (i, w) in words.iter_mut().enumerate() {
            *w = u64::from_le_bytes(bytes[i * 8..i * 8 + 8].try_into().ok()?);
        }
        Some(Self(words))
    }

    /// The 16 bits of chunk `k` (0..16), as the index keys them.
    pub fn chunk(&self, k: usize) -> u16 {
        (self.0[k / 4] >> ((k % 4) * 16)) as u16
    }

    fn set(&mut self, bit: usize) {
        self.0[bit / 64] |= 1 << (bit % 64);
    }
}

impl fmt::Debug for PageHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PageHash({self})")
    }
}

/// 64 lowercase hexadecimal digits, the most significant word first.
impl fmt::Display for PageHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for word in self.0.iter().rev() {
            write!(f, "{word:016x}")?;
        }
        Ok(())
    }
}

impl FromStr for PageHash {
    type Err = PdqError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() != 64 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(PdqError::BadHash(s.chars().take(80).collect()));
        }
        let mut words = [0u64; 4];
        for (i, word) in words.iter_mut().rev().enumerate() {
            *word = u64::from_str_radix(&s[i * 16..i * 16 + 16], 16)
                .map_err(|_| PdqError::BadHash(s.into()))?;
        }
        Ok(Self(words))
    }
}

impl serde::Serialize for PageHash {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for PageHash {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// What can go wrong hashing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdqError {
    /// The pixel buffer does not hold `width × height` grey pixels.
    #[error("the image is {width} × {height} but holds {len} pixels")]
    WrongSize {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
        /// Pixels given.
        len: usize,
    },
    /// Too small to hash (fewer than 5 pixels a side).
    #[error("the image is too small to hash ({width} × {height}); render the page larger")]
    TooSmall {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// Not 64 hexadecimal digits.
    #[error("{0:?} is not a page hash (64 hexadecimal digits)")]
    BadHash(String),
}

/// A hashed image: its hash, its quality, and its DCT block for the other orientations.
#[derive(Debug, Clone)]
pub struct Hashed {
    /// The hash.
    pub hash: PageHash,
    /// 0 (featureless) to 100.
    pub quality: u8,
    dct: [[f32; 16]; 16],
}

impl Hashed {
    /// The hashes of the eight orientations: as is, rotated 90°, 180°, 270°
    /// (clockwise), mirrored left-right, upside down, and across either diagonal.
    pub fn dihedral(&self) -> [PageHash; 8] {
        let a = &self.dct;
        let odd = |k: usize| k % 2 == 1;
        let sign = |negate: bool, v: f32| if negate { -v } else { v };
        let transforms: [&dyn Fn(usize, usize) -> (usize, usize, bool); 8] = [
            &|i, j| (i, j, false),
            &|i, j| (j, i, !odd(j)),
            &|i, j| (i, j, odd(i + j)),
            &|i, j| (j, i, !odd(i)),
            &|i, j| (i, j, !odd(j)),
            &|i, j| (i, j, !odd(i)),
            &|i, j| (j, i, false),
            &|i, j| (j, i, odd(i + j)),
        ];
        transforms.map(|t| {
            let mut b = [[0f32; 16]; 16];
            for (i, row) in a.iter().enumerate() {
                for (j, &v) in row.iter().enumerate() {
                    let (r, c, negate) = t(i, j);
                    b[r][c] = sign(negate, v);
                }
            }
            bits(&b)
        })
    }
}

/// Hashes a grey image of `width × height` pixels, row by row.
pub fn hash_grey(width: u32, height: u32, pixels: &[u8]) -> Result<Hashed, PdqError> {
    let (w, h) = (width as usize, height as usize);
    if pixels.len() != w * h {
        return Err(PdqError::WrongSize {
            width,
            height,
            len: pixels.len(),
        });
    }
    if w < 5 || h < 5 {
        return Err(PdqError::TooSmall { width, height });
    }
    let mut luma: Vec<f32> = pixels.iter().map(|&p| f32::from(p)).collect();
    let mut scratch = vec![0f32; w * h];
    let (window_x, window_y) = (window(w), window(h));
    for _ in 0..2 {
        for row in 0..h {
            box_blur(&luma[row * w..], &mut scratch[row * w..], w, 1, window_x);
        }
        for col in 0..w {
            box_blur(&scratch[col..], &mut luma[col..], h, w, window_y);
        }
    }
    let mut grid = [[0f32; 64]; 64];
    for (i, row) in grid.iter_mut().enumerate() {
        let y = ((i as f64 + 0.5) * h as f64 / 64.0) as usize;
        for (j, cell) in row.iter_mut().enumerate() {
            let x = ((j as f64 + 0.5) * w as f64 / 64.0) as usize;
            *cell = luma[y.min(h - 1) * w + x.min(w - 1)];
        }
    }
    let quality = quality(&grid);
    let dct = dct16(&grid);
    Ok(Hashed {
        hash: bits(&dct),
        quality,
        dct,
    })
}

/// The box window for one pass along a side of `n` pixels: `n / 128`, rounded up.
fn window(n: usize) -> usize {
    n.div_ceil(128)
}

/// A centred running mean over `len` samples `stride` apart, windows cut at the edges.
fn box_blur(input: &[f32], output: &mut [f32], len: usize, stride: usize, window: usize) {
    let half = (window + 2) / 2;
    let (before, after) = (window - half, half - 1);
    let mut sum = 0f64;
    let (mut lo, mut hi) = (0usize, 0usize); // the samples summed: lo..hi
    for o in 0..len {
        let want_hi = (o + after + 1).min(len);
        let want_lo = o.saturating_sub(before);
        while hi < want_hi {
            sum += f64::from(input[hi * stride]);
            hi += 1;
        }
        while lo < want_lo {
            sum -= f64::from(input[lo * stride]);
            lo += 1;
        }
        output[o * stride] = (sum / (hi - lo) as f64) as f32;
    }
}

/// The sum of quantised neighbour differences, scaled to 0..100.
fn quality(grid: &[[f32; 64]; 64]) -> u8 {
    let step = |u: f32, v: f32| (((u - v) * 100.0) / 255.0).trunc().abs() as u64;
    let mut sum = 0u64;
    for pair in grid.windows(2) {
        for (u, v) in pair[0].iter().zip(pair[1].iter()) {
            sum += step(*u, *v);
        }
    }
    for row in grid {
        for pair in row.windows(2) {
            sum += step(pair[0], pair[1]);
        }
    }
    (sum / 90).min(100) as u8
}

/// Frequencies 1..=16 in both directions of the 64 × 64 DCT-II.
fn dct16(grid: &[[f32; 64]; 64]) -> [[f32; 16]; 16] {
    let scale = (2.0f64 / 64.0).sqrt();
    let mut basis = [[0f32; 64]; 16];
    for (i, row) in basis.iter_mut().enumerate() {
        for (j, v) in row.iter_mut().enumerate() {
            let angle = std::f64::consts::PI / 128.0 * (i + 1) as f64 * (2 * j + 1) as f64;
            *v = (scale * angle.cos()) as f32;
        }
    }
    // T = D × A (16 × 64), then B = T × Dᵀ (16 × 16).
    let mut t = [[0f32; 64]; 16];
    for (i, t_row) in t.iter_mut().enumerate() {
        for (j, cell) in t_row.iter_mut().enumerate() {
            *cell = (0..64).map(|k| basis[i][k] * grid[k][j]).sum();
        }
    }
    let mut b = [[0f32; 16]; 16];
    for (i, b_row) in b.iter_mut().enumerate() {
        for (j, cell) in b_row.iter_mut().enumerate() {
            *cell = (0..64).map(|k| t[i][k] * basis[j][k]).sum();
        }
    }
    b
}

/// One bit per coefficient: above the (lower) median.
fn bits(block: &[[f32; 16]; 16]) -> PageHash {
    let mut sorted: Vec<f32> = block.iter().flatten().copied().collect();
    sorted.sort_by(f32::total_cmp);
    let median = sorted[127];
    let mut hash = PageHash::default();
    for (i, row) in block.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            if v > median {
                hash.set(i * 16 + j);
            }
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page-like picture: paper, a dark header band, text-like stripes, a photo block.
    fn page(w: u32, h: u32, seed: u32) -> Vec<u8> {
        let mut px = vec![235u8; (w * h) as usize];
        for y in 0..h {
            for x in 0..w {
                let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
                let v = if fy < 0.08 {
                    60
                } else if (0.15..0.45).contains(&fy) && fx > 0.1 && fx < 0.9 {
                    let line = ((fy * 60.0 + seed as f32) as u32).is_multiple_of(2);
                    let word = !((fx * (17 + seed) as f32) as u32).is_multiple_of(5);
                    if line && word { 40 } else { 235 }
                } else if (0.55..0.8).contains(&fy) && (0.1..0.4).contains(&fx) {
                    (100.0 + 80.0 * (fx * 9.0 + fy * (seed as f32 + 3.0)).sin()) as u8
                } else {
                    235
                };
                px[(y * w + x) as usize] = v;
            }
        }
        px
    }

    #[test]
    fn a_hash_comes_back_from_its_bytes() {
        let a = hash_grey(612, 792, &page(612, 792, 2)).expect("hash").hash;
        assert_eq!(PageHash::from_bytes(&a.to_bytes()), Some(a));
        assert_eq!(PageHash::from_bytes(&[0u8; 31]), None);
    }

    #[test]
    fn the_same_picture_at_another_size_is_near() {
        let a = hash_grey(612, 792, &page(612, 792, 1)).expect("hash");
        let b = hash_grey(306, 396, &page(306, 396, 1)).expect("hash");
        assert!(a.quality >= 50, "{}", a.quality);
        assert!(
            a.hash.distance(&b.hash) <= 10,
            "{}",
            a.hash.distance(&b.hash)
        );
    }

    #[test]
    fn different_pictures_are_far() {
        let a = hash_grey(612, 792, &page(612, 792, 1)).expect("hash");
        let b = hash_grey(612, 792, &page(612, 792, 4)).expect("hash");
        assert!(
            a.hash.distance(&b.hash) > 31,
            "{}",
            a.hash.distance(&b.hash)
        );
    }

    #[test]
    fn a_blank_page_has_no_quality() {
        let blank = hash_grey(200, 260, &vec![240u8; 200 * 260]).expect("hash");
        assert_eq!(blank.quality, 0);
    }

    #[test]
    fn a_rotated_picture_matches_through_its_dihedral_hashes() {
        let (w, h) = (400u32, 520u32);
        let px = page(w, h, 2);
        // Rotated 90° clockwise: new (x, y) = (h - 1 - y, x).
        let mut rot = vec![0u8; px.len()];
        for y in 0..h {
            for x in 0..w {
                let (nx, ny) = (h - 1 - y, x);
                rot[(ny * h + nx) as usize] = px[(y * w + x) as usize];
            }
        }
        let upright = hash_grey(w, h, &px).expect("hash");
        let turned = hash_grey(h, w, &rot).expect("hash");
        assert!(upright.hash.distance(&turned.hash) > 31);
        let best = upright
            .dihedral()
            .iter()
            .map(|d| d.distance(&turned.hash))
            .min()
            .unwrap_or(256);
        assert!(best <= 10, "{best}");
        assert_eq!(upright.dihedral()[0], upright.hash);
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(matches!(
            hash_grey(10, 10, &[0; 5]),
            Err(PdqError::WrongSize { .. })
        ));
        assert!(matches!(
            hash_grey(4, 4, &[0; 16]),
            Err(PdqError::TooSmall { .. })
        ));
    }

    #[test]
    fn hashes_read_back_from_their_text() {
        let h = hash_grey(300, 300, &page(300, 300, 3)).expect("hash").hash;
        let text = h.to_string();
        assert_eq!(text.len(), 64);
        assert_eq!(text.parse::<PageHash>(), Ok(h));
        assert!("zz".parse::<PageHash>().is_err());
    }

    #[test]
    fn about_half_the_bits_are_set() {
        let h = hash_grey(612, 792, &page(612, 792, 5)).expect("hash").hash;
        let ones: u32 = h.0.iter().map(|w| w.count_ones()).sum();
        assert!((120..=136).contains(&ones), "{ones}");
    }
}
