//! Money ($1–$4): amounts in Canadian dollars held as integer cents, so that no fee is
//! ever rounded, with the ways Québec writes them in French (`1 279,00 $`) and in English
//! (`$1,279.00`).

use std::iter::Sum;
use std::ops::{Add, AddAssign, Mul, Sub};
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;
use ts_rs::TS;

use crate::model::Language;

/// The space French uses between groups of digits and before the `$` sign: a no-break
/// space (U+00A0), so a line never breaks inside an amount.
pub const FRENCH_SPACE: char = '\u{a0}';

/// An amount in Canadian dollars, as a whole number of cents. Serialised as that number.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS,
)]
#[serde(transparent)]
#[ts(type = "number")]
pub struct Cad(i64);

impl Cad {
    pub const ZERO: Cad = Cad(0);

    pub const fn from_cents(cents: i64) -> Self {
        Cad(cents)
    }

    pub const fn from_dollars(dollars: i64) -> Self {
        Cad(dollars * 100)
    }

    pub const fn cents(self) -> i64 {
        self.0
    }

    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// `self - other`, or zero if that would be negative.
    pub fn saturating_sub_to_zero(self, other: Cad) -> Cad {
        Cad((self.0 - other.0).max(0))
    }

    /// The amount as Québec French writes it: `1 279,00 $` (no-break spaces).
    pub fn format_fr(self) -> String {
        vocab::format::money(self.0, Language::Fr)
    }

    /// The amount as Canadian English writes it: `$1,279.00`.
    pub fn format_en(self) -> String {
        vocab::format::money(self.0, Language::En)
    }

    /// The amount in the given language.
    pub fn format(self, language: Language) -> String {
        match language {
            Language::Fr => self.format_fr(),
            Language::En => self.format_en(),
        }
    }

    fn parts(self) -> (&'static str, u64, u64) {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        (sign, abs / 100, abs % 100)
    }
}

impl std::fmt::Display for Cad {
    /// The plain form used in data files and logs: `1279.00`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (sign, whole, cents) = self.parts();
        write!(f, "{sign}{whole}.{cents:02}")
    }
}

/// An amount that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "`{0}` is not an amount in dollars: write digits with at most two decimals and a point, \
     e.g. \"895\" or \"895.00\""
)]
pub struct ParseCadError(pub String);

impl FromStr for Cad {
    type Err = ParseCadError;

    /// Reads `895`, `895.5` or `895.00` (a point, at most two decimals, no sign).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseCadError(s.to_owned());
        let (whole, frac) = match s.split_once('.') {
            Some((w, f)) => (w, f),
            None => (s, ""),
        };
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 2
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || (s.contains('.') && frac.is_empty())
        {
            return Err(err());
        }
        let whole: i64 = whole.parse().map_err(|_| err())?;
        let cents: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| err())? * 10,
            _ => frac.parse().map_err(|_| err())?,
        };
        whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(cents))
            .map(Cad)
            .ok_or_else(err)
    }
}

impl Add for Cad {
    type Output = Cad;
    fn add(self, rhs: Cad) -> Cad {
        Cad(self.0 + rhs.0)
    }
}

impl AddAssign for Cad {
    fn add_assign(&mut self, rhs: Cad) {
        self.0 += rhs.0;
    }
}

impl Sub for Cad {
    type Output = Cad;
    fn sub(self, rhs: Cad) -> Cad {
        Cad(self.0 - rhs.0)
    }
}

impl Mul<u32> for Cad {
    type Output = Cad;
    fn mul(self, rhs: u32) -> Cad {
        Cad(self.0 * i64::from(rhs))
    }
}

impl Sum for Cad {
    fn sum<I: Iterator<Item = Cad>>(iter: I) -> Cad {
        iter.fold(Cad::ZERO, Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_quebec_french_and_english() {
        let a = Cad::from_dollars(1279);
        assert_eq!(a.format_fr(), "1\u{a0}279,00\u{a0}$");
        assert_eq!(a.format_en(), "$1,279.00");
        assert_eq!(
            Cad::from_cents(89_550).format(Language::Fr),
            "895,50\u{a0}$"
        );
        assert_eq!(Cad::from_cents(5).format(Language::En), "$0.05");
        assert_eq!(Cad::from_dollars(1_234_567).format_en(), "$1,234,567.00");
        assert_eq!(
            Cad::from_dollars(1_234_567).format_fr(),
            "1\u{a0}234\u{a0}567,00\u{a0}$"
        );
        assert_eq!(Cad::from_cents(-19_200).format_en(), "-$192.00");
        assert_eq!(Cad::from_cents(-19_200).format_fr(), "-192,00\u{a0}$");
        assert_eq!(Cad::from_cents(127_900).to_string(), "1279.00");
    }

    #[test]
    fn parses_amounts_exactly() {
        assert_eq!("895".parse::<Cad>(), Ok(Cad::from_cents(89_500)));
        assert_eq!("895.5".parse::<Cad>(), Ok(Cad::from_cents(89_550)));
        assert_eq!("895.05".parse::<Cad>(), Ok(Cad::from_cents(89_505)));
        for bad in [
            "",
            "895.",
            ".5",
            "895.001",
            "-1",
            "8,95",
            "1 000",
            "abc",
            "99999999999999999999",
        ] {
            assert!(bad.parse::<Cad>().is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn arithmetic() {
        let fees = [Cad::from_dollars(895), Cad::from_dollars(192) * 2];
        assert_eq!(fees.into_iter().sum::<Cad>(), Cad::from_dollars(1279));
        assert_eq!(
            Cad::from_dollars(5).saturating_sub_to_zero(Cad::from_dollars(9)),
            Cad::ZERO
        );
    }
}
