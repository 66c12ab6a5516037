//! The same scan in two files: PDQ perceptual hashes of page images, and an index that
//! finds near-identical pages among many.
//!
//! PDQ is Meta's image hash (ThreatExchange): the page's luminance is blurred and
//! decimated to 64 × 64, a 16 × 16 block of its discrete cosine transform (without the
//! constant term) is compared with its median, giving 256 bits, and the strength of the
//! page's gradients gives a quality from 0 to 100. Two hashes within a Hamming
//! distance of [`MATCH_DISTANCE`] are the same picture, rescanned, rescaled,
//! recompressed or slightly rotated; a quality under [`MIN_QUALITY`] (a blank or nearly
//! blank page) is not trusted.
//!
//! - [`hash`]: hashing a grey image, and the eight rotations and flips of a hash.
//! - [`index`]: the multi-index over many hashes, and the brute-force scan it must agree
//!   with.

pub mod hash;
pub mod index;

pub use hash::{Hashed, PageHash, PdqError, hash_grey};
pub use index::{Match, PageIndex};

/// Hashes at most this far apart are the same picture (ThreatExchange's threshold).
pub const MATCH_DISTANCE: u32 = 31;

/// Hashes of lower quality are not compared (featureless pages match each other).
pub const MIN_QUALITY: u8 = 50;
