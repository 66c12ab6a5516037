//! The program definition as live data (P5): numbered versions, each taking effect at an
//! instant, held by the server and copied to laptops by sync. [`ProgramVersions`] answers
//! "which definition was in force at this instant" and "which definition does this
//! version number name"; [`check_successor`] refuses a new version that would change the
//! outcome of anything already decided (a fee row that payments were charged at, the
//! receipts intake decided, a stream, profile or checklist item files already use).
//!
//! Version 1 is the built-in definition, in force from the beginning of time; the server
//! numbers every later version. An operation names the version its author decided with,
//! and every replica decides and replays it with that version.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use ts_rs::TS;
use vocab::Text;

use crate::definition::{DefinitionError, FeeRow, ProgramDefinition};
use crate::intake::{self, Application, Outcome};
use crate::model::{Profile, Stream};

/// The number of a program definition version: 1 is the built-in one, the server numbers
/// the next ones in the order they are loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(transparent)]
pub struct ProgramVersionId(pub u32);

impl ProgramVersionId {
    /// The built-in definition.
    pub const BUILTIN: ProgramVersionId = ProgramVersionId(1);

    /// The number the next version loaded after this one takes.
    pub fn next(self) -> ProgramVersionId {
        ProgramVersionId(self.0.saturating_add(1))
    }
}

impl Default for ProgramVersionId {
    /// Operations recorded before versions existed were decided with the built-in one.
    fn default() -> Self {
        ProgramVersionId::BUILTIN
    }
}

impl std::fmt::Display for ProgramVersionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Who loaded the built-in version.
pub const BUILTIN_LOADER: &str = "built-in";

/// One version of the program definition: its text as loaded, and the definition it
/// validates into.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramVersion {
    pub id: ProgramVersionId,
    /// From this instant on, new operations are decided with this version.
    pub effective_at: DateTime<Utc>,
    /// The TOML text as the administrator loaded it (what laptops receive).
    pub source: String,
    pub definition: Arc<ProgramDefinition>,
    pub loaded_at: DateTime<Utc>,
    /// The user who loaded it (`built-in` for version 1).
    pub loaded_by: String,
}

impl ProgramVersion {
    /// Version 1: the built-in definition, in force from the beginning (the Unix epoch).
    pub fn builtin() -> ProgramVersion {
        ProgramVersion {
            id: ProgramVersionId::BUILTIN,
            effective_at: DateTime::<Utc>::UNIX_EPOCH,
            source: crate::definition::BUILTIN_TOML.to_owned(),
            definition: Arc::new(ProgramDefinition::builtin().clone()),
            loaded_at: DateTime::<Utc>::UNIX_EPOCH,
            loaded_by: BUILTIN_LOADER.to_owned(),
        }
    }

    /// A version from its stored text (validated again: a store or a database is input).
    pub fn from_source(
        id: ProgramVersionId,
        effective_at: DateTime<Utc>,
        source: String,
        loaded_at: DateTime<Utc>,
        loaded_by: String,
    ) -> Result<ProgramVersion, DefinitionError> {
        let definition =
            ProgramDefinition::from_toml_str(&format!("program version {id}"), &source)?;
        Ok(ProgramVersion {
            id,
            effective_at,
            source,
            definition: Arc::new(definition),
            loaded_at,
            loaded_by,
        })
    }
}

/// Why a set of versions cannot be used together.
#[derive(Debug, Error, PartialEq)]
pub enum VersionsError {
    #[error(
        "program version {0} is missing or given twice; versions are numbered 1, 2, 3… without a gap: sync again"
    )]
    Numbering(ProgramVersionId),
    #[error(
        "program version {later} takes effect before version {earlier}; each version takes effect at or after the one before it"
    )]
    OutOfOrder {
        earlier: ProgramVersionId,
        later: ProgramVersionId,
    },
}

/// Every known version of the program definition, in the order they were loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramVersions {
    versions: Vec<ProgramVersion>,
}

impl Default for ProgramVersions {
    fn default() -> Self {
        ProgramVersions::builtin()
    }
}

impl ProgramVersions {
    /// Only the built-in version: what a laptop knows before its first sync.
    pub fn builtin() -> ProgramVersions {
        ProgramVersions {
            versions: vec![ProgramVersion::builtin()],
        }
    }

    /// The versions `list` (any order): numbered from 1 without a gap, each taking effect
    /// at or after the one before.
    pub fn new(mut list: Vec<ProgramVersion>) -> Result<ProgramVersions, VersionsError> {
        list.sort_by_key(|v| v.id);
        for (i, v) in list.iter().enumerate() {
            let expected = ProgramVersionId(u32::try_from(i + 1).unwrap_or(u32::MAX));
            if v.id != expected {
                return Err(VersionsError::Numbering(expected));
            }
        }
        if list.is_empty() {
            return Err(VersionsError::Numbering(ProgramVersionId::BUILTIN));
        }
        for pair in list.windows(2) {
            if pair[1].effective_at < pair[0].effective_at {
                return Err(VersionsError::OutOfOrder {
                    earlier: pair[0].id,
                    later: pair[1].id,
                });
            }
        }
        Ok(ProgramVersions { versions: list })
    }

    /// Every version, oldest first.
    pub fn all(&self) -> &[ProgramVersion] {
        &self.versions
    }

    /// The version numbered `id`, if known here.
    pub fn get(&self, id: ProgramVersionId) -> Option<&ProgramVersion> {
        usize::try_from(id.0)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| self.versions.get(i))
    }

    /// The last version loaded.
    pub fn latest(&self) -> &ProgramVersion {
        self.versions
            .last()
            .expect("a set of versions holds at least the built-in one")
    }

    /// The version in force at `at`: the last one whose effective instant is not after it.
    pub fn in_force_at(&self, at: DateTime<Utc>) -> &ProgramVersion {
        self.versions
            .iter()
            .rev()
            .find(|v| v.effective_at <= at)
            .unwrap_or(&self.versions[0])
    }

    /// The number the next version loaded takes.
    pub fn next_id(&self) -> ProgramVersionId {
        self.latest().id.next()
    }

    /// Adds `version` (numbered [`Self::next_id`]) after the others.
    pub fn push(&mut self, version: ProgramVersion) -> Result<(), VersionsError> {
        if version.id != self.next_id() {
            return Err(VersionsError::Numbering(self.next_id()));
        }
        if version.effective_at < self.latest().effective_at {
            return Err(VersionsError::OutOfOrder {
                earlier: self.latest().id,
                later: version.id,
            });
        }
        self.versions.push(version);
        Ok(())
    }
}

/// One file that payments were recorded on, and the days its fees were charged at: the
/// receipt day ($1) and the day each member was added ($4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidFile {
    pub file_number: String,
    pub fee_days: Vec<NaiveDate>,
}

/// What the server has decided so far, which a new version must leave as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decided {
    /// Files with at least one payment recorded.
    pub paid: Vec<PaidFile>,
    /// Every application intake recorded.
    pub applications: Vec<Application>,
    /// The streams and profiles of files on record.
    pub streams: BTreeSet<Stream>,
    pub profiles: BTreeSet<Profile>,
    /// The checklist codes files have recorded something against.
    pub checklist_codes: BTreeSet<String>,
}

/// Why a new version cannot be loaded.
#[derive(Debug, Error, PartialEq)]
pub enum SuccessionError {
    #[error(
        "this definition is for program `{found}`, not `{expected}`; load a definition of the same program"
    )]
    OtherProgram { expected: String, found: String },
    #[error(
        "the version would take effect at {at}, before now ({now}); operations were already decided with the version in force, so give an instant from now on"
    )]
    InThePast {
        at: DateTime<Utc>,
        now: DateTime<Utc>,
    },
    #[error(
        "the version would take effect at {at}, before version {previous} ({previous_at}); give an instant at or after it"
    )]
    BeforePrevious {
        at: DateTime<Utc>,
        previous: ProgramVersionId,
        previous_at: DateTime<Utc>,
    },
    #[error(
        "file {file_number} has payments charged at the fee schedule in force on {day}, and this version changes that schedule; keep the row as it is and add a new row for a later period"
    )]
    FeeRowRewritten { file_number: String, day: NaiveDate },
    #[error(
        "intake already decided application {application} as {was}; with this version's window and caps it would be {would_be}; keep the window and caps of the decided receipts"
    )]
    ReceiptChanged {
        application: String,
        was: &'static str,
        would_be: &'static str,
    },
    #[error("files of the {what} `{code}` are on record, and this version removes it; keep it")]
    InUseRemoved { what: &'static str, code: String },
}

impl SuccessionError {
    /// Why, as a message of the catalogue.
    pub fn text(&self) -> Text {
        match self {
            SuccessionError::OtherProgram { expected, found } => {
                Text::new("program-load-other-program")
                    .with("expected", expected.as_str())
                    .with("found", found.as_str())
            }
            SuccessionError::InThePast { at, .. } => {
                Text::new("program-load-in-the-past").with("at", *at)
            }
            SuccessionError::BeforePrevious {
                previous,
                previous_at,
                ..
            } => Text::new("program-load-before-previous")
                .with("previous", i64::from(previous.0))
                .with("previous_at", *previous_at),
            SuccessionError::FeeRowRewritten { file_number, day } => {
                Text::new("program-load-fee-row-rewritten")
                    .with("file", file_number.as_str())
                    .with("day", *day)
            }
            SuccessionError::ReceiptChanged { application, .. } => {
                Text::new("program-load-receipt-changed").with("application", application.as_str())
            }
            SuccessionError::InUseRemoved { code, .. } => {
                Text::new("program-load-in-use-removed").with("code", code.as_str())
            }
        }
    }
}

fn outcome_word(received: bool) -> &'static str {
    if received { "received" } else { "not received" }
}

/// Whether `next`, taking effect at `effective_at`, may follow `versions` given what was
/// `decided`: same program, not in the past, not before the last version, and no decided
/// outcome changed (fee rows payments were charged at, intake outcomes, streams, profiles
/// and checklist items in use).
pub fn check_successor(
    versions: &ProgramVersions,
    next: &ProgramDefinition,
    effective_at: DateTime<Utc>,
    now: DateTime<Utc>,
    decided: &Decided,
) -> Result<(), SuccessionError> {
    let latest = versions.latest();
    let current = &latest.definition;
    if next.code != current.code {
        return Err(SuccessionError::OtherProgram {
            expected: current.code.clone(),
            found: next.code.clone(),
        });
    }
    if effective_at < now {
        return Err(SuccessionError::InThePast {
            at: effective_at,
            now,
        });
    }
    if effective_at < latest.effective_at {
        return Err(SuccessionError::BeforePrevious {
            at: effective_at,
            previous: latest.id,
            previous_at: latest.effective_at,
        });
    }
    // $1, $4: every version that may have charged a payment keeps its row for that day.
    for file in &decided.paid {
        for day in &file.fee_days {
            let next_row = next.fee_row_on(*day).map(span);
            let charged = versions
                .all()
                .iter()
                .filter_map(|v| v.definition.fee_row_on(*day).map(span))
                .next_back();
            if let Some(charged) = charged
                && next_row != Some(charged)
            {
                return Err(SuccessionError::FeeRowRewritten {
                    file_number: file.file_number.clone(),
                    day: *day,
                });
            }
        }
    }
    // I1–I4: the receipts intake decided come out the same, application by application.
    if !decided.applications.is_empty()
        && let (Ok(was), Ok(would_be)) = (
            intake::decide(current, &decided.applications),
            intake::decide(next, &decided.applications),
        )
    {
        let received = |report: &intake::IntakeReport, app: &Application| {
            report
                .decision(&app.id)
                .is_some_and(|d| matches!(d.outcome, Outcome::Received { .. }))
        };
        for app in &decided.applications {
            let (was, would_be) = (received(&was, app), received(&would_be, app));
            if was != would_be {
                return Err(SuccessionError::ReceiptChanged {
                    application: app.id.to_string(),
                    was: outcome_word(was),
                    would_be: outcome_word(would_be),
                });
            }
        }
    }
    for s in &decided.streams {
        if next.stream(*s).is_none() {
            return Err(SuccessionError::InUseRemoved {
                what: "stream",
                code: s.code().to_owned(),
            });
        }
    }
    for p in &decided.profiles {
        if !next.has_profile(*p) {
            return Err(SuccessionError::InUseRemoved {
                what: "profile",
                code: p.code().to_owned(),
            });
        }
    }
    for code in &decided.checklist_codes {
        if !next.checklist.iter().any(|i| i.code.as_str() == code) {
            return Err(SuccessionError::InUseRemoved {
                what: "checklist item",
                code: code.clone(),
            });
        }
    }
    Ok(())
}

/// What of a fee row a payment depends on: the amounts and the day the row starts.
fn span(row: &FeeRow) -> (NaiveDate, [i64; 3]) {
    (
        row.effective_from,
        [row.principal.cents(), row.spouse.cents(), row.child.cents()],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::BUILTIN_TOML;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    fn with_2023_row() -> String {
        BUILTIN_TOML.replace(
            "[[fees]]\neffective_from = 2024-01-01",
            "[[fees]]\neffective_from = 2023-11-23\neffective_until = 2023-12-31\nprincipal = \"850.00\"\nspouse = \"180.00\"\nchild = \"180.00\"\n\n[[fees]]\neffective_from = 2024-01-01",
        )
    }

    fn version(id: u32, effective: DateTime<Utc>, source: String) -> ProgramVersion {
        ProgramVersion::from_source(
            ProgramVersionId(id),
            effective,
            source,
            effective,
            "admin".into(),
        )
        .unwrap()
    }

    #[test]
    fn p5_the_version_in_force_is_the_last_one_that_took_effect() {
        let mut v = ProgramVersions::builtin();
        v.push(version(2, at(2025, 1, 1), with_2023_row())).unwrap();
        assert_eq!(v.in_force_at(at(2024, 6, 1)).id, ProgramVersionId(1));
        assert_eq!(v.in_force_at(at(2025, 1, 1)).id, ProgramVersionId(2));
        assert_eq!(v.get(ProgramVersionId(2)).unwrap().id, ProgramVersionId(2));
        assert!(v.get(ProgramVersionId(3)).is_none());
        assert!(v.get(ProgramVersionId(0)).is_none());
        assert_eq!(
            v.push(version(4, at(2026, 1, 1), with_2023_row())),
            Err(VersionsError::Numbering(ProgramVersionId(3)))
        );
        assert!(matches!(
            v.push(version(3, at(2024, 1, 1), with_2023_row())),
            Err(VersionsError::OutOfOrder { .. })
        ));
        assert_eq!(
            ProgramVersions::new(vec![version(2, at(2025, 1, 1), with_2023_row())]),
            Err(VersionsError::Numbering(ProgramVersionId(1)))
        );
    }

    #[test]
    fn dollar1_a_fee_row_may_be_added_for_an_uncovered_period() {
        let v = ProgramVersions::builtin();
        let next = ProgramDefinition::from_toml_str("next", &with_2023_row()).unwrap();
        let decided = Decided {
            paid: vec![PaidFile {
                file_number: "2024-AI-000001".into(),
                fee_days: vec![NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()],
            }],
            ..Decided::default()
        };
        check_successor(&v, &next, at(2026, 12, 7), at(2026, 12, 7), &decided).unwrap();
    }

    #[test]
    fn dollar1_a_fee_row_charged_by_a_payment_cannot_be_rewritten() {
        let v = ProgramVersions::builtin();
        let next = ProgramDefinition::from_toml_str(
            "next",
            &BUILTIN_TOML.replace("principal = \"895.00\"", "principal = \"900.00\""),
        )
        .unwrap();
        let paid = Decided {
            paid: vec![PaidFile {
                file_number: "2024-AI-000001".into(),
                fee_days: vec![NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()],
            }],
            ..Decided::default()
        };
        let e = check_successor(&v, &next, at(2026, 12, 7), at(2026, 12, 7), &paid).unwrap_err();
        assert!(matches!(e, SuccessionError::FeeRowRewritten { .. }), "{e}");
        assert!(e.to_string().contains("2024-AI-000001"));
        // Without payments, the row may still be corrected.
        check_successor(
            &v,
            &next,
            at(2026, 12, 7),
            at(2026, 12, 7),
            &Decided::default(),
        )
        .unwrap();
    }

    #[test]
    fn i1_the_window_cannot_move_over_decided_receipts() {
        let v = ProgramVersions::builtin();
        let next = ProgramDefinition::from_toml_str(
            "next",
            &BUILTIN_TOML.replace("opens = 2023-11-23", "opens = 2024-02-01"),
        )
        .unwrap();
        let app = Application {
            id: crate::ApplicationId("A-1".into()),
            stream: Stream::Ai,
            profile: Profile::Regular,
            received_at: at(2023, 12, 5),
            represented: false,
        };
        let decided = Decided {
            applications: vec![app],
            ..Decided::default()
        };
        let e = check_successor(&v, &next, at(2026, 12, 7), at(2026, 12, 7), &decided).unwrap_err();
        assert!(matches!(e, SuccessionError::ReceiptChanged { .. }), "{e}");
    }

    #[test]
    fn p5_a_version_neither_takes_effect_in_the_past_nor_changes_program() {
        let v = ProgramVersions::builtin();
        let next = ProgramDefinition::from_toml_str("next", &with_2023_row()).unwrap();
        let e = check_successor(
            &v,
            &next,
            at(2026, 12, 6),
            at(2026, 12, 7),
            &Decided::default(),
        )
        .unwrap_err();
        assert!(matches!(e, SuccessionError::InThePast { .. }));
        let other = ProgramDefinition::from_toml_str(
            "other",
            &BUILTIN_TOML.replace("code = \"pp-ai-it-ve\"", "code = \"pp-other\""),
        )
        .unwrap();
        let e = check_successor(
            &v,
            &other,
            at(2026, 12, 7),
            at(2026, 12, 7),
            &Decided::default(),
        )
        .unwrap_err();
        assert!(matches!(e, SuccessionError::OtherProgram { .. }));
    }
}
