//! How letters write dates, amounts and the roles of people, as Québec officers write
//! them: in French `24 novembre 2026` (and `1er` for the first of the month) and
//! `1 234,56 $`; in English `November 24, 2026` and `$1,234.56`.
//!
//! Dates are written without an article so that a template says `le {{ deadline }}` or
//! `au plus tard le {{ deadline }}` as the sentence needs. French amounts use no-break
//! spaces (U+00A0) between groups of digits and before `$`, from
//! [`program::Cad::format`], so that a line never breaks inside an amount.

use chrono::NaiveDate;
use program::{Cad, Language, PersonRole};

/// A date in full, as a letter writes it: `24 novembre 2026`, `1er décembre 2026`;
/// `November 24, 2026` (`vocab::format::long_date`).
pub fn date(day: NaiveDate, language: Language) -> String {
    vocab::format::long_date(day, language)
}

/// An instant as a day in full and a time in Montréal: `24 novembre 2023 à 10 h 02`
/// (`à 9 h` on the hour); `November 24, 2023 at 10:02` (`vocab::format::long_instant`).
pub fn instant(at: chrono::DateTime<chrono::Utc>, language: Language) -> String {
    vocab::format::long_instant(at, language)
}

/// An amount in Canadian dollars: `1 234,56 $` (no-break spaces); `$1,234.56`.
pub fn money(amount: Cad, language: Language) -> String {
    amount.format(language)
}

/// A number of days: `60 jours` / `60 days` (`1 jour` / `1 day`).
pub fn days(count: u32, language: Language) -> String {
    match (language, count) {
        (Language::Fr, 0 | 1) => format!("{count} jour"),
        (Language::Fr, _) => format!("{count} jours"),
        (Language::En, 1) => "1 day".to_owned(),
        (Language::En, _) => format!("{count} days"),
    }
}

/// The role of a person on a file, as a letter names it: the catalogue's shared name
/// (`names.ftl`), the same words as the family table and the audit trail.
pub fn role(role: PersonRole, language: Language) -> String {
    role.text().render(language)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn dates_in_french_and_english() {
        assert_eq!(date(day("2026-11-24"), Language::Fr), "24 novembre 2026");
        assert_eq!(date(day("2026-11-24"), Language::En), "November 24, 2026");
        assert_eq!(date(day("2026-12-01"), Language::Fr), "1er décembre 2026");
        assert_eq!(date(day("2026-12-01"), Language::En), "December 1, 2026");
        assert_eq!(date(day("2024-02-29"), Language::Fr), "29 février 2024");
        assert_eq!(date(day("2025-08-15"), Language::Fr), "15 août 2025");
        assert_eq!(date(day("2025-08-15"), Language::En), "August 15, 2025");
    }

    #[test]
    fn every_month_is_named() {
        for m in 1..=12 {
            let d = NaiveDate::from_ymd_opt(2025, m, 2).unwrap();
            let fr = date(d, Language::Fr);
            let en = date(d, Language::En);
            assert!(fr.starts_with("2 ") && fr.ends_with(" 2025"), "{fr}");
            assert!(en.ends_with(" 2, 2025"), "{en}");
        }
    }

    #[test]
    fn money_in_french_and_english() {
        let nb = '\u{a0}';
        assert_eq!(
            money(Cad::from_cents(123_456), Language::Fr),
            format!("1{nb}234,56{nb}$")
        );
        assert_eq!(money(Cad::from_cents(123_456), Language::En), "$1,234.56");
        assert_eq!(
            money(Cad::from_dollars(192), Language::Fr),
            format!("192,00{nb}$")
        );
        assert_eq!(money(Cad::from_dollars(895), Language::En), "$895.00");
    }

    #[test]
    fn day_counts_and_roles() {
        assert_eq!(days(60, Language::Fr), "60 jours");
        assert_eq!(days(1, Language::Fr), "1 jour");
        assert_eq!(days(60, Language::En), "60 days");
        assert_eq!(days(1, Language::En), "1 day");
        for r in PersonRole::ALL {
            assert!(!role(r, Language::Fr).is_empty());
            assert!(!role(r, Language::En).is_empty());
        }
    }
}
