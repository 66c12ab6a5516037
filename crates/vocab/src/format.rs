//! Dates, instants and amounts as Québec officers write them, for the arguments of
//! messages and for letters: days as `2024-11-02`; instants in Montréal as
//! `2024-04-10 à 10 h 30` in French and `2024-04-10 at 10:30` in English; amounts as `1 279,00 $` (no-break spaces) and
//! `$1,279.00`. The UI writes them the same way (`ui/src/lib/format.ts`), and both are
//! checked against `assets/i18n/format-cases.json`.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use chrono_tz::America::Montreal;

use crate::Language;

/// The no-break space that French puts between groups of digits, before `$` and before
/// `:` `;` `!` `?`.
pub const NBSP: char = '\u{a0}';

/// A calendar day: `2024-11-02`.
pub fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date in full, as a letter writes it, without an article (the sentence says `le`):
/// `24 novembre 2026`, `1er décembre 2026`; `November 24, 2026`.
pub fn long_date(day: NaiveDate, language: Language) -> String {
    let month = day.month0() as usize;
    match language {
        Language::Fr => {
            let d = match day.day() {
                1 => "1er".to_owned(),
                n => n.to_string(),
            };
            format!("{d} {} {}", MONTHS_FR[month], day.year())
        }
        Language::En => format!("{} {}, {}", MONTHS_EN[month], day.day(), day.year()),
    }
}

/// An instant as a day in full and a time in Montréal, as a letter writes it:
/// `24 novembre 2023 à 10 h 02` (`à 9 h` on the hour); `November 24, 2023 at 10:02`.
pub fn long_instant(at: DateTime<Utc>, language: Language) -> String {
    let local = at.with_timezone(&Montreal);
    let (day, hour, minute) = (
        long_date(local.date_naive(), language),
        local.hour(),
        local.minute(),
    );
    match language {
        Language::Fr if minute == 0 => format!("{day} à {hour} h"),
        Language::Fr => format!("{day} à {hour} h {minute:02}"),
        Language::En => format!("{day} at {hour:02}:{minute:02}"),
    }
}

/// An instant as a day and a time in Montréal, as a sentence says it:
/// `2024-04-10 à 10 h 30` (`à 9 h` on the hour); `2024-04-10 at 10:30`.
pub fn instant(at: DateTime<Utc>, language: Language) -> String {
    let local = at.with_timezone(&Montreal);
    let (day, hour, minute) = (local.date_naive(), local.hour(), local.minute());
    match language {
        Language::Fr if minute == 0 => format!("{} à {hour} h", date(day)),
        Language::Fr => format!("{} à {hour} h {minute:02}", date(day)),
        Language::En => format!("{} at {hour:02}:{minute:02}", date(day)),
    }
}

/// An amount in cents: `1 279,00 $`; `$1,279.00`.
pub fn money(cents: i64, language: Language) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (whole, cents) = (abs / 100, abs % 100);
    match language {
        Language::Fr => format!("{sign}{},{cents:02}{NBSP}$", group(whole, NBSP)),
        Language::En => format!("{sign}${}.{cents:02}", group(whole, ',')),
    }
}

/// A whole number: `12 345`; `12,345`.
pub fn number(n: i64, language: Language) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let sep = match language {
        Language::Fr => NBSP,
        Language::En => ',',
    };
    format!("{sign}{}", group(n.unsigned_abs(), sep))
}

fn group(whole: u64, separator: char) -> String {
    let digits = whole.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}
