//! The program definition (P5): everything that a yearly change or another program would
//! change (names, streams and forms, profiles, receipt window, caps, fee schedule, deadline
//! lengths, attestation ages, document checklist) read from a TOML file and validated into
//! a [`ProgramDefinition`]. The PP AI/IT-VE definition in `assets/programs/pp-ai-it-ve.toml`
//! is embedded as the built-in default. An invalid definition is refused with the file, the
//! line and the field at fault.

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize, Serializer};
use thiserror::Error;
use toml::Spanned;
use ts_rs::TS;

use crate::model::{Bilingual, ChecklistCode, PersonRole, Profile, Stream};
use crate::money::Cad;

/// The name under which the built-in definition reports its errors.
pub const BUILTIN_NAME: &str = "assets/programs/pp-ai-it-ve.toml";

/// The text of the built-in PP AI/IT-VE definition.
pub const BUILTIN_TOML: &str = include_str!("../../../assets/programs/pp-ai-it-ve.toml");

static BUILTIN: LazyLock<ProgramDefinition> = LazyLock::new(|| {
    ProgramDefinition::from_toml_str(BUILTIN_NAME, BUILTIN_TOML)
        .unwrap_or_else(|e| panic!("the built-in program definition is invalid: {e}"))
});

/// A validated program definition. Build it with [`ProgramDefinition::builtin`],
/// [`ProgramDefinition::from_toml_str`] or [`ProgramDefinition::load_file`].
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProgramDefinition {
    /// A short stable code, e.g. `pp-ai-it-ve`.
    pub code: String,
    /// P1: the program's full name.
    pub name: Bilingual,
    /// P1: the program's acronym (`PP IA/TI-EV`, `PP AI/IT-VE`).
    pub short_name: Bilingual,
    /// P2: the streams, each with its form.
    pub streams: Vec<StreamDefinition>,
    /// P3: the profiles.
    pub profiles: Vec<ProfileDefinition>,
    /// I1: the receipt window.
    pub window: ReceiptWindow,
    /// I2: caps and sub-caps, in the order of the file.
    pub caps: Vec<CapDefinition>,
    /// $1: fee schedule rows, sorted by effective date, not overlapping.
    pub fees: Vec<FeeRow>,
    /// A2, V1, V5, D2, D3: deadline lengths.
    pub deadlines: DeadlineLengths,
    /// V2, V5: ages from which the attestation is required.
    pub attestation: AttestationAges,
    /// A1, F1–F3, M1–M3: the document checklist (editable, representative data).
    pub checklist: Vec<ChecklistItem>,
}

/// P2: a stream and its application form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StreamDefinition {
    pub stream: Stream,
    /// The form number, e.g. `A-0524-AA`.
    pub form: String,
    pub name: Bilingual,
    /// The short name of the queue's columns and filters (`IA`, `AI`).
    pub short: Bilingual,
}

/// P3: a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProfileDefinition {
    pub profile: Profile,
    pub name: Bilingual,
    /// The short name of the queue's columns and filters (`Francisation`).
    pub short: Bilingual,
}

/// I1: applications are received from `opens` to `closes` inclusive, Québec calendar days
/// in `timezone`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct ReceiptWindow {
    pub opens: NaiveDate,
    pub closes: NaiveDate,
    #[serde(serialize_with = "serialize_tz")]
    #[ts(type = "string")]
    pub timezone: Tz,
}

fn serialize_tz<S: Serializer>(tz: &Tz, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(tz.name())
}

/// The applications a cap counts: the whole program, one stream, one profile, or one
/// stream and profile (a sub-cap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub struct CapScope {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<Stream>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
}

impl CapScope {
    pub const PROGRAM: CapScope = CapScope {
        stream: None,
        profile: None,
    };

    pub fn stream(stream: Stream) -> Self {
        CapScope {
            stream: Some(stream),
            profile: None,
        }
    }

    pub fn sub_cap(stream: Stream, profile: Profile) -> Self {
        CapScope {
            stream: Some(stream),
            profile: Some(profile),
        }
    }

    /// Whether an application of this stream and profile counts against the cap.
    pub fn covers(&self, stream: Stream, profile: Profile) -> bool {
        self.stream.is_none_or(|s| s == stream) && self.profile.is_none_or(|p| p == profile)
    }

    /// Whether every application this scope counts is also counted by `other`.
    pub fn is_within(&self, other: &CapScope) -> bool {
        other.stream.is_none_or(|s| self.stream == Some(s))
            && other.profile.is_none_or(|p| self.profile == Some(p))
    }

    /// How narrow the scope is: 0 for the program, 1 for a stream or a profile, 2 for a
    /// sub-cap. When several caps are full, the narrowest is the one reported.
    pub fn specificity(&self) -> u8 {
        u8::from(self.stream.is_some()) + u8::from(self.profile.is_some())
    }
}

impl std::fmt::Display for CapScope {
    /// `program`, `ai`, `francization` or `it_vfx/francization`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.stream, self.profile) {
            (None, None) => f.write_str("program"),
            (Some(s), None) => f.write_str(s.code()),
            (None, Some(p)) => f.write_str(p.code()),
            (Some(s), Some(p)) => write!(f, "{}/{}", s.code(), p.code()),
        }
    }
}

/// I2: at most `limit` applications of `scope` are received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct CapDefinition {
    pub scope: CapScope,
    pub limit: u32,
}

/// $1: the fees in force from `effective_from` to `effective_until` (inclusive; `None`
/// means until the next row, or with no end if it is the last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct FeeRow {
    pub effective_from: NaiveDate,
    pub effective_until: Option<NaiveDate>,
    pub principal: Cad,
    pub spouse: Cad,
    pub child: Cad,
}

impl FeeRow {
    /// The fee for one person of `role`.
    pub fn for_role(&self, role: PersonRole) -> Cad {
        match role {
            PersonRole::PrincipalApplicant => self.principal,
            PersonRole::Spouse => self.spouse,
            PersonRole::DependentChild => self.child,
        }
    }
}

/// Deadline lengths in calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct DeadlineLengths {
    /// A2.
    pub missing_items_days: u32,
    /// V1.
    pub attestation_days: u32,
    /// V5.
    pub added_member_attestation_days: u32,
    /// D2, D3 (assumption: the page does not give the length).
    pub intent_letter_days: u32,
}

/// V2, V5: the ages (on the day the request is sent) from which the attestation is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct AttestationAges {
    pub spouse_min_age: u32,
    pub child_min_age: u32,
    pub added_member_min_age: u32,
}

/// Whose item it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AppliesTo {
    /// One per file (e.g. the form).
    File,
    PrincipalApplicant,
    Spouse,
    /// One per dependent child.
    EachChild,
    /// One per person on the file.
    EachPerson,
}

impl AppliesTo {
    /// Whether the item is due for a person of `role`.
    pub fn includes(self, role: PersonRole) -> bool {
        match self {
            AppliesTo::File => false,
            AppliesTo::PrincipalApplicant => role == PersonRole::PrincipalApplicant,
            AppliesTo::Spouse => role == PersonRole::Spouse,
            AppliesTo::EachChild => role == PersonRole::DependentChild,
            AppliesTo::EachPerson => true,
        }
    }
}

/// F1 or F2: a form is checked for dates and signatures and cannot be replaced by an
/// explanatory letter; a document may be (F3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Form,
    #[default]
    Document,
}

/// When an item is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    #[default]
    Always,
    /// P4: the employer had to obtain the TECHNOCompétences notice.
    AiNoticeRequired,
    /// M3: a child under 18 comes without the other parent.
    MinorChildWithOneParent,
}

/// One item of the document checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChecklistItem {
    pub code: ChecklistCode,
    pub label: Bilingual,
    pub applies_to: AppliesTo,
    pub kind: ItemKind,
    /// The streams whose files need it.
    pub streams: Vec<Stream>,
    pub when: Condition,
}

impl ChecklistItem {
    /// F3: whether an explanatory letter may stand in for the item.
    pub fn letter_may_replace(&self) -> bool {
        self.kind == ItemKind::Document
    }
}

/// Why a program definition could not be used.
#[derive(Debug, Error)]
pub enum DefinitionError {
    #[error(
        "cannot read the program definition {path}: {source}; check the path and that the file is readable"
    )]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}, line {line}, field `{field}`: {message}")]
    Invalid {
        /// The file (or name) the definition came from.
        file: String,
        /// 1-based line of the fault.
        line: usize,
        /// 1-based column of the fault.
        column: usize,
        /// The field at fault, as a path (`caps[2].limit`).
        field: String,
        /// What is wrong and what to do.
        message: String,
    },
}

impl ProgramDefinition {
    /// The built-in PP AI/IT-VE definition.
    pub fn builtin() -> &'static ProgramDefinition {
        &BUILTIN
    }

    /// Reads and validates a definition file.
    pub fn load_file(path: &Path) -> Result<ProgramDefinition, DefinitionError> {
        let text = std::fs::read_to_string(path).map_err(|source| DefinitionError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::from_toml_str(&path.display().to_string(), &text)
    }

    /// Parses and validates a definition. `file` names the source in error messages.
    pub fn from_toml_str(file: &str, text: &str) -> Result<ProgramDefinition, DefinitionError> {
        let located = Located { file, text };
        let raw: RawDefinition = serde_path_to_error::deserialize(toml::Deserializer::new(text))
            .map_err(|e| {
                let field = clean_path(&e.path().to_string());
                let inner = e.inner();
                located.error(
                    inner.span().unwrap_or(0..0),
                    &field,
                    inner.message().to_owned(),
                )
            })?;
        raw.validate(&located)
    }

    /// The definition of `stream`, if the program has it.
    pub fn stream(&self, stream: Stream) -> Option<&StreamDefinition> {
        self.streams.iter().find(|s| s.stream == stream)
    }

    /// Whether the program has `profile`.
    pub fn has_profile(&self, profile: Profile) -> bool {
        self.profiles.iter().any(|p| p.profile == profile)
    }

    /// The checklist item with `code`.
    pub fn checklist_item(&self, code: &ChecklistCode) -> Option<&ChecklistItem> {
        self.checklist.iter().find(|i| &i.code == code)
    }

    /// $1: the fee schedule row in force on `date`, if any.
    pub fn fee_row_on(&self, date: NaiveDate) -> Option<&FeeRow> {
        self.fees.iter().enumerate().find_map(|(i, row)| {
            let until = row.effective_until.or_else(|| {
                self.fees
                    .get(i + 1)
                    .and_then(|next| next.effective_from.pred_opt())
            });
            (row.effective_from <= date && until.is_none_or(|u| date <= u)).then_some(row)
        })
    }
}

/// Where a top-level key (`key = ...` or `[[key]]`) is first written, for errors about
/// the whole list; the start of the file if it is not written at all.
fn key_span(text: &str, key: &str) -> Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let rest = t.strip_prefix("[[").unwrap_or(t);
        if let Some(after) = rest.strip_prefix(key)
            && after.trim_start().starts_with(['=', ']'])
        {
            return offset..offset + line.len();
        }
        offset += line.len();
    }
    0..0
}

/// serde_path_to_error names the inside of `Spanned` values; the user only needs the field.
fn clean_path(path: &str) -> String {
    let cleaned: Vec<&str> = path
        .split('.')
        .filter(|seg| !seg.starts_with("$__serde_spanned"))
        .collect();
    let joined = cleaned.join(".");
    if joined.is_empty() || joined == "." {
        "(top level)".to_owned()
    } else {
        joined
    }
}

struct Located<'a> {
    file: &'a str,
    text: &'a str,
}

impl Located<'_> {
    fn error(&self, span: Range<usize>, field: &str, message: String) -> DefinitionError {
        let start = span.start.min(self.text.len());
        let before = &self.text[..start];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        DefinitionError::Invalid {
            file: self.file.to_owned(),
            line,
            column,
            field: field.to_owned(),
            message,
        }
    }
}

// ---- The file as written (private): spans kept where validation needs them. ----

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefinition {
    code: String,
    timezone: Spanned<String>,
    name: Bilingual,
    short_name: Bilingual,
    streams: Vec<RawStream>,
    profiles: Vec<RawProfile>,
    window: RawWindow,
    #[serde(default)]
    caps: Vec<RawCap>,
    fees: Vec<RawFeeRow>,
    deadlines: RawDeadlines,
    attestation: RawAttestation,
    #[serde(default)]
    checklist: Vec<RawChecklistItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStream {
    code: Spanned<Stream>,
    form: String,
    name: Bilingual,
    short: Bilingual,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    code: Spanned<Profile>,
    name: Bilingual,
    short: Bilingual,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWindow {
    opens: Spanned<toml::value::Datetime>,
    closes: Spanned<toml::value::Datetime>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCap {
    stream: Option<Spanned<Stream>>,
    profile: Option<Spanned<Profile>>,
    limit: Spanned<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeeRow {
    effective_from: Spanned<toml::value::Datetime>,
    effective_until: Option<Spanned<toml::value::Datetime>>,
    principal: Spanned<String>,
    spouse: Spanned<String>,
    child: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeadlines {
    missing_items_days: Spanned<u32>,
    attestation_days: Spanned<u32>,
    added_member_attestation_days: Spanned<u32>,
    intent_letter_days: Spanned<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAttestation {
    spouse_min_age: Spanned<u32>,
    child_min_age: Spanned<u32>,
    added_member_min_age: Spanned<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChecklistItem {
    code: Spanned<String>,
    #[serde(rename = "for")]
    applies_to: Spanned<AppliesTo>,
    #[serde(default)]
    kind: ItemKind,
    streams: Option<Vec<Spanned<Stream>>>,
    #[serde(default)]
    when: Option<Spanned<Condition>>,
    label: Bilingual,
}

/// The longest deadline or age the definition accepts (a guard against typos).
const MAX_DAYS: u32 = 3650;
const MAX_AGE: u32 = 120;

fn date(
    located: &Located<'_>,
    field: &str,
    value: &Spanned<toml::value::Datetime>,
) -> Result<NaiveDate, DefinitionError> {
    let dt = value.get_ref();
    let bad = || {
        located.error(
            value.span(),
            field,
            format!("`{dt}` is not a calendar date; write a date alone, e.g. 2024-01-01"),
        )
    };
    match (dt.date, dt.time, dt.offset) {
        (Some(d), None, None) => {
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                .ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

fn amount(
    located: &Located<'_>,
    field: &str,
    value: &Spanned<String>,
) -> Result<Cad, DefinitionError> {
    value
        .get_ref()
        .parse::<Cad>()
        .map_err(|e| located.error(value.span(), field, e.to_string()))
}

fn days(located: &Located<'_>, field: &str, value: &Spanned<u32>) -> Result<u32, DefinitionError> {
    let v = *value.get_ref();
    if v == 0 || v > MAX_DAYS {
        return Err(located.error(
            value.span(),
            field,
            format!(
                "{v} days is not a usable deadline; give a number of days from 1 to {MAX_DAYS}"
            ),
        ));
    }
    Ok(v)
}

fn age(located: &Located<'_>, field: &str, value: &Spanned<u32>) -> Result<u32, DefinitionError> {
    let v = *value.get_ref();
    if v > MAX_AGE {
        return Err(located.error(
            value.span(),
            field,
            format!("{v} is not a plausible age; give an age in years from 0 to {MAX_AGE}"),
        ));
    }
    Ok(v)
}

impl RawDefinition {
    fn validate(self, located: &Located<'_>) -> Result<ProgramDefinition, DefinitionError> {
        let timezone: Tz = self.timezone.get_ref().parse().map_err(|_| {
            located.error(
                self.timezone.span(),
                "timezone",
                format!(
                    "`{}` is not a time zone name; use an IANA name such as \"America/Montreal\"",
                    self.timezone.get_ref()
                ),
            )
        })?;

        // P2
        let streams_span = key_span(located.text, "streams");
        let mut streams = Vec::new();
        for (i, s) in self.streams.into_iter().enumerate() {
            if streams
                .iter()
                .any(|d: &StreamDefinition| d.stream == *s.code.get_ref())
            {
                return Err(located.error(
                    s.code.span(),
                    &format!("streams[{i}].code"),
                    format!(
                        "stream `{}` is defined twice; keep one entry",
                        s.code.get_ref()
                    ),
                ));
            }
            streams.push(StreamDefinition {
                stream: *s.code.get_ref(),
                form: s.form,
                name: s.name,
                short: s.short,
            });
        }
        if streams.is_empty() {
            return Err(located.error(
                streams_span,
                "streams",
                "the program has no stream; add at least one [[streams]] table".to_owned(),
            ));
        }

        // P3
        let profiles_span = key_span(located.text, "profiles");
        let mut profiles = Vec::new();
        for (i, p) in self.profiles.into_iter().enumerate() {
            if profiles
                .iter()
                .any(|d: &ProfileDefinition| d.profile == *p.code.get_ref())
            {
                return Err(located.error(
                    p.code.span(),
                    &format!("profiles[{i}].code"),
                    format!(
                        "profile `{}` is defined twice; keep one entry",
                        p.code.get_ref()
                    ),
                ));
            }
            profiles.push(ProfileDefinition {
                profile: *p.code.get_ref(),
                name: p.name,
                short: p.short,
            });
        }
        if profiles.is_empty() {
            return Err(located.error(
                profiles_span,
                "profiles",
                "the program has no profile; add at least one [[profiles]] table".to_owned(),
            ));
        }

        // I1
        let opens = date(located, "window.opens", &self.window.opens)?;
        let closes = date(located, "window.closes", &self.window.closes)?;
        if closes < opens {
            return Err(located.error(
                self.window.closes.span(),
                "window.closes",
                format!(
                    "the window closes ({closes}) before it opens ({opens}); swap or fix the dates"
                ),
            ));
        }
        let window = ReceiptWindow {
            opens,
            closes,
            timezone,
        };

        // I2
        let mut caps: Vec<CapDefinition> = Vec::new();
        let mut cap_spans = Vec::new();
        for (i, c) in self.caps.iter().enumerate() {
            let stream = c.stream.as_ref().map(|s| *s.get_ref());
            let profile = c.profile.as_ref().map(|p| *p.get_ref());
            if let Some(s) = &c.stream
                && !streams.iter().any(|d| d.stream == *s.get_ref())
            {
                return Err(located.error(
                    s.span(),
                    &format!("caps[{i}].stream"),
                    format!("stream `{}` is not one of the program's [[streams]]; define it or fix the code", s.get_ref()),
                ));
            }
            if let Some(p) = &c.profile
                && !profiles.iter().any(|d| d.profile == *p.get_ref())
            {
                return Err(located.error(
                    p.span(),
                    &format!("caps[{i}].profile"),
                    format!("profile `{}` is not one of the program's [[profiles]]; define it or fix the code", p.get_ref()),
                ));
            }
            let scope = CapScope { stream, profile };
            let limit = *c.limit.get_ref();
            if limit == 0 {
                return Err(located.error(
                    c.limit.span(),
                    &format!("caps[{i}].limit"),
                    format!("the {scope} cap is 0; give at least 1, or remove the stream or profile to close it"),
                ));
            }
            if caps.iter().any(|d| d.scope == scope) {
                return Err(located.error(
                    c.limit.span(),
                    &format!("caps[{i}]"),
                    format!("the {scope} cap is defined twice; keep one entry"),
                ));
            }
            caps.push(CapDefinition { scope, limit });
            cap_spans.push(c.limit.span());
        }
        for (i, inner) in caps.iter().enumerate() {
            for outer in &caps {
                if inner.scope != outer.scope
                    && inner.scope.is_within(&outer.scope)
                    && inner.limit > outer.limit
                {
                    return Err(located.error(
                        cap_spans[i].clone(),
                        &format!("caps[{i}].limit"),
                        format!(
                            "the {} cap ({}) is larger than the {} cap ({}) that contains it; lower it or raise the larger cap",
                            inner.scope, inner.limit, outer.scope, outer.limit
                        ),
                    ));
                }
            }
        }

        // $1
        let fees_span = key_span(located.text, "fees");
        let mut fees = Vec::new();
        let mut fee_spans = Vec::new();
        for (i, r) in self.fees.iter().enumerate() {
            let f = |name: &str| format!("fees[{i}].{name}");
            let effective_from = date(located, &f("effective_from"), &r.effective_from)?;
            let effective_until = match &r.effective_until {
                Some(u) => {
                    let until = date(located, &f("effective_until"), u)?;
                    if until < effective_from {
                        return Err(located.error(
                            u.span(),
                            &f("effective_until"),
                            format!("the row ends ({until}) before it starts ({effective_from}); fix the dates"),
                        ));
                    }
                    Some(until)
                }
                None => None,
            };
            fees.push(FeeRow {
                effective_from,
                effective_until,
                principal: amount(located, &f("principal"), &r.principal)?,
                spouse: amount(located, &f("spouse"), &r.spouse)?,
                child: amount(located, &f("child"), &r.child)?,
            });
            fee_spans.push((i, r.effective_from.span()));
        }
        if fees.is_empty() {
            return Err(located.error(
                fees_span,
                "fees",
                "the fee schedule is empty; add at least one [[fees]] row".to_owned(),
            ));
        }
        let mut order: Vec<usize> = (0..fees.len()).collect();
        order.sort_by_key(|&i| fees[i].effective_from);
        for pair in order.windows(2) {
            let (a, b) = (&fees[pair[0]], &fees[pair[1]]);
            let overlaps = a.effective_from == b.effective_from
                || a.effective_until.is_some_and(|u| u >= b.effective_from);
            if overlaps {
                let (i, span) = fee_spans[pair[1]].clone();
                return Err(located.error(
                    span,
                    &format!("fees[{i}].effective_from"),
                    format!(
                        "this row (from {}) overlaps the row from {}; only one schedule can be in force on a date",
                        b.effective_from, a.effective_from
                    ),
                ));
            }
        }
        let fees: Vec<FeeRow> = order.into_iter().map(|i| fees[i]).collect();

        let d = &self.deadlines;
        let deadlines = DeadlineLengths {
            missing_items_days: days(
                located,
                "deadlines.missing_items_days",
                &d.missing_items_days,
            )?,
            attestation_days: days(located, "deadlines.attestation_days", &d.attestation_days)?,
            added_member_attestation_days: days(
                located,
                "deadlines.added_member_attestation_days",
                &d.added_member_attestation_days,
            )?,
            intent_letter_days: days(
                located,
                "deadlines.intent_letter_days",
                &d.intent_letter_days,
            )?,
        };
        let a = &self.attestation;
        let attestation = AttestationAges {
            spouse_min_age: age(located, "attestation.spouse_min_age", &a.spouse_min_age)?,
            child_min_age: age(located, "attestation.child_min_age", &a.child_min_age)?,
            added_member_min_age: age(
                located,
                "attestation.added_member_min_age",
                &a.added_member_min_age,
            )?,
        };

        // A1, F1–F3, M1–M3
        let mut checklist: Vec<ChecklistItem> = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, item) in self.checklist.into_iter().enumerate() {
            let f = |name: &str| format!("checklist[{i}].{name}");
            let code = item.code.get_ref();
            let valid_code = !code.is_empty()
                && code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !valid_code {
                return Err(located.error(
                    item.code.span(),
                    &f("code"),
                    format!("`{code}` is not a usable code; use lowercase letters, digits and _"),
                ));
            }
            if !seen.insert(code.clone()) {
                return Err(located.error(
                    item.code.span(),
                    &f("code"),
                    format!("item `{code}` is listed twice; codes must be unique"),
                ));
            }
            let item_streams = match &item.streams {
                Some(list) => {
                    for (j, st) in list.iter().enumerate() {
                        if !streams.iter().any(|d| d.stream == *st.get_ref()) {
                            return Err(located.error(
                                st.span(),
                                &f(&format!("streams[{j}]")),
                                format!(
                                    "stream `{}` is not one of the program's [[streams]]",
                                    st.get_ref()
                                ),
                            ));
                        }
                    }
                    if list.is_empty() {
                        return Err(located.error(
                            item.code.span(),
                            &f("streams"),
                            "the list is empty; omit `streams` to apply to every stream".to_owned(),
                        ));
                    }
                    list.iter().map(|s| *s.get_ref()).collect()
                }
                None => streams.iter().map(|d| d.stream).collect(),
            };
            let when = item
                .when
                .as_ref()
                .map_or(Condition::Always, |w| *w.get_ref());
            let applies_to = *item.applies_to.get_ref();
            let fits = match when {
                Condition::Always => None,
                Condition::AiNoticeRequired => Some(AppliesTo::File),
                Condition::MinorChildWithOneParent => Some(AppliesTo::EachChild),
            };
            if let Some(needed) = fits
                && needed != applies_to
            {
                let span = item
                    .when
                    .as_ref()
                    .map_or(item.applies_to.span(), Spanned::span);
                let needed = match needed {
                    AppliesTo::File => "file",
                    _ => "each_child",
                };
                return Err(located.error(
                    span,
                    &f("when"),
                    format!("this condition only applies to items with for = \"{needed}\"; change `for` or `when`"),
                ));
            }
            checklist.push(ChecklistItem {
                code: ChecklistCode(code.clone()),
                label: item.label,
                applies_to,
                kind: item.kind,
                streams: item_streams,
                when,
            });
        }

        Ok(ProgramDefinition {
            code: self.code,
            name: self.name,
            short_name: self.short_name,
            streams,
            profiles,
            window,
            caps,
            fees,
            deadlines,
            attestation,
            checklist,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid(text: &str) -> (usize, String, String) {
        match ProgramDefinition::from_toml_str("test.toml", text) {
            Err(DefinitionError::Invalid {
                file,
                line,
                field,
                message,
                ..
            }) => {
                assert_eq!(file, "test.toml");
                (line, field, message)
            }
            other => panic!("expected an invalid definition, got {other:?}"),
        }
    }

    /// The built-in text with `from` replaced by `to` (exactly once).
    fn edited(from: &str, to: &str) -> String {
        assert_eq!(
            BUILTIN_TOML.matches(from).count(),
            1,
            "{from:?} must occur once"
        );
        BUILTIN_TOML.replace(from, to)
    }

    fn line_of(text: &str, needle: &str) -> usize {
        text[..text.find(needle).unwrap()].matches('\n').count() + 1
    }

    #[test]
    fn p1_builtin_names_the_program_in_french_and_english() {
        let def = ProgramDefinition::builtin();
        assert_eq!(def.code, "pp-ai-it-ve");
        assert_eq!(def.short_name.en, "PP AI/IT-VE");
        assert_eq!(def.short_name.fr, "PP IA/TI-EV");
        assert!(
            def.name
                .en
                .starts_with("Pilot program for workers in the artificial intelligence")
        );
        assert!(def.name.fr.contains("intelligence artificielle"));
    }

    #[test]
    fn p2_two_streams_with_their_forms() {
        let def = ProgramDefinition::builtin();
        assert_eq!(def.streams.len(), 2);
        assert_eq!(def.stream(Stream::Ai).unwrap().form, "A-0524-AA");
        assert_eq!(def.stream(Stream::ItVfx).unwrap().form, "A-0524-BA");
    }

    #[test]
    fn p3_francization_profile_or_not() {
        let def = ProgramDefinition::builtin();
        assert!(def.has_profile(Profile::Francization));
        assert!(def.has_profile(Profile::Regular));
        assert_eq!(def.profiles.len(), 2);
    }

    #[test]
    fn p5_builtin_holds_window_caps_fees_deadlines_as_data() {
        let def = ProgramDefinition::builtin();
        assert_eq!(
            def.window.opens,
            NaiveDate::from_ymd_opt(2023, 11, 23).unwrap()
        );
        assert_eq!(
            def.window.closes,
            NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()
        );
        assert_eq!(def.window.timezone, chrono_tz::America::Montreal);
        let limit = |scope| def.caps.iter().find(|c| c.scope == scope).unwrap().limit;
        assert_eq!(limit(CapScope::PROGRAM), 700);
        assert_eq!(limit(CapScope::stream(Stream::Ai)), 200);
        assert_eq!(
            limit(CapScope::sub_cap(Stream::Ai, Profile::Francization)),
            100
        );
        assert_eq!(limit(CapScope::stream(Stream::ItVfx)), 500);
        assert_eq!(
            limit(CapScope::sub_cap(Stream::ItVfx, Profile::Francization)),
            200
        );
        assert_eq!(def.deadlines.missing_items_days, 60);
        assert_eq!(def.deadlines.attestation_days, 60);
        assert_eq!(def.fees[0].principal, Cad::from_dollars(895));
        assert!(def.checklist.len() >= 10);
    }

    #[test]
    fn p5_builtin_serialises_for_the_ui() {
        let json = serde_json::to_value(ProgramDefinition::builtin()).unwrap();
        assert_eq!(json["window"]["timezone"], "America/Montreal");
        assert_eq!(json["fees"][0]["principal"], 89_500);
        assert_eq!(json["caps"][2]["scope"]["profile"], "francization");
    }

    #[test]
    fn p5_load_file_reads_a_definition_and_names_a_missing_file() {
        let dir = std::env::temp_dir().join(format!("program-def-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("other.toml");
        std::fs::write(&path, edited("limit = 700", "limit = 650")).unwrap();
        let def = ProgramDefinition::load_file(&path).unwrap();
        assert_eq!(def.caps[0].limit, 650);
        std::fs::write(&path, edited("limit = 700", "limit = \"many\"")).unwrap();
        let err = ProgramDefinition::load_file(&path).unwrap_err().to_string();
        assert!(err.starts_with(&path.display().to_string()), "{err}");
        assert!(err.contains("caps[0].limit"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
        let missing = ProgramDefinition::load_file(&dir.join("nope.toml")).unwrap_err();
        assert!(matches!(missing, DefinitionError::Read { .. }));
        assert!(missing.to_string().contains("nope.toml"));
    }

    #[test]
    fn p5_type_error_names_file_line_and_field() {
        let text = edited(
            "limit = 200\n\n[[caps]]\nstream = \"ai\"",
            "limit = \"two hundred\"\n\n[[caps]]\nstream = \"ai\"",
        );
        let (line, field, message) = invalid(&text);
        assert_eq!(line, line_of(&text, "limit = \"two hundred\""));
        assert_eq!(field, "caps[1].limit");
        assert!(message.contains("expected u32"), "{message}");
        let err = ProgramDefinition::from_toml_str("x.toml", &text)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(&format!("x.toml, line {line}, field `caps[1].limit`")),
            "{err}"
        );
    }

    #[test]
    fn p5_unknown_stream_code_and_unknown_key_are_refused() {
        let text = edited("code = \"it_vfx\"\nform", "code = \"it-vfx\"\nform");
        let (line, field, message) = invalid(&text);
        assert_eq!(line, line_of(&text, "code = \"it-vfx\""));
        assert_eq!(field, "streams[1].code");
        assert!(message.contains("unknown variant"), "{message}");

        let text = edited(
            "missing_items_days = 60",
            "missing_items_days = 60\nmissing_item_days = 60",
        );
        let (line, field, message) = invalid(&text);
        assert_eq!(line, line_of(&text, "missing_item_days"));
        assert_eq!(field, "deadlines.missing_item_days");
        assert!(message.contains("unknown field"), "{message}");
    }

    #[test]
    fn p5_missing_field_and_syntax_error_are_located() {
        let text = edited("spouse = \"192.00\"\n", "");
        let (_, field, message) = invalid(&text);
        assert_eq!(field, "fees[0]");
        assert!(message.contains("missing field `spouse`"), "{message}");

        let text = edited("[window]", "[window");
        let (line, _, _) = invalid(&text);
        assert_eq!(line, line_of(&text, "[window"));
    }

    #[test]
    fn p5_semantic_errors_name_the_field() {
        let cases = [
            (
                edited("limit = 100", "limit = 300"),
                "caps[2].limit",
                "larger than the ai cap",
            ),
            (
                edited("principal = \"895.00\"", "principal = \"895,00\""),
                "fees[0].principal",
                "not an amount",
            ),
            (
                edited("closes = 2024-12-31", "closes = 2023-01-01"),
                "window.closes",
                "before it opens",
            ),
            (
                edited("opens = 2023-11-23", "opens = 2023-11-23T10:00:00"),
                "window.opens",
                "not a calendar date",
            ),
            (
                edited("\nattestation_days = 60", "\nattestation_days = 0"),
                "deadlines.attestation_days",
                "not a usable deadline",
            ),
            (
                edited("timezone = \"America/Montreal\"", "timezone = \"Montreal\""),
                "timezone",
                "not a time zone",
            ),
            (
                format!(
                    "{BUILTIN_TOML}\n[[checklist]]\ncode = \"diplomas\"\nfor = \"file\"\nlabel = {{ fr = \"x\", en = \"y\" }}\n"
                ),
                "checklist[12].code",
                "listed twice",
            ),
            (
                edited("streams = [\"ai\"]", "streams = [\"it-vfx\"]"),
                "checklist[2].streams[0]",
                "unknown variant",
            ),
            (
                edited(
                    "when = \"ai_notice_required\"",
                    "when = \"minor_child_with_one_parent\"",
                ),
                "checklist[2].when",
                "only applies to items with for = \"each_child\"",
            ),
            (
                edited(
                    "code = \"diplomas\"",
                    "code = \"diplomas\"\nwhen = \"ai_notice_required\"",
                ),
                "checklist[5].when",
                "for = \"file\"",
            ),
            (
                edited(
                    "child = \"192.00\"\n",
                    "child = \"192.00\"\n[[fees]]\neffective_from = 2024-06-01\nprincipal = \"1\"\nspouse = \"1\"\nchild = \"1\"\n",
                ),
                "fees[1].effective_from",
                "overlaps",
            ),
        ];
        for (text, want_field, want_message) in cases {
            let (_, field, message) = invalid(&text);
            assert_eq!(field, want_field, "{message}");
            assert!(message.contains(want_message), "{field}: {message}");
        }
    }

    #[test]
    fn dollar1_fee_row_in_force_by_date() {
        let def = ProgramDefinition::builtin();
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert!(def.fee_row_on(d(2023, 12, 31)).is_none());
        assert_eq!(
            def.fee_row_on(d(2024, 1, 1)).unwrap().principal,
            Cad::from_dollars(895)
        );
        assert_eq!(
            def.fee_row_on(d(2024, 12, 31)).unwrap().child,
            Cad::from_dollars(192)
        );
        assert!(def.fee_row_on(d(2025, 1, 1)).is_none());

        // A row without an end is in force until the next row starts.
        let text = edited("effective_until = 2024-12-31\n", "").replace(
            "child = \"192.00\"\n",
            "child = \"192.00\"\n\n[[fees]]\neffective_from = 2025-01-01\nprincipal = \"912.00\"\nspouse = \"196.00\"\nchild = \"196.00\"\n",
        );
        let def = ProgramDefinition::from_toml_str("t", &text).unwrap();
        assert_eq!(
            def.fee_row_on(d(2024, 12, 31)).unwrap().principal,
            Cad::from_dollars(895)
        );
        assert_eq!(
            def.fee_row_on(d(2025, 1, 1)).unwrap().principal,
            Cad::from_dollars(912)
        );
        assert_eq!(
            def.fee_row_on(d(2030, 1, 1)).unwrap().principal,
            Cad::from_dollars(912)
        );
    }

    #[test]
    fn cap_scope_containment() {
        let sub = CapScope::sub_cap(Stream::Ai, Profile::Francization);
        assert!(sub.is_within(&CapScope::stream(Stream::Ai)));
        assert!(sub.is_within(&CapScope::PROGRAM));
        assert!(!sub.is_within(&CapScope::stream(Stream::ItVfx)));
        assert!(sub.covers(Stream::Ai, Profile::Francization));
        assert!(!sub.covers(Stream::Ai, Profile::Regular));
        assert_eq!(sub.to_string(), "ai/francization");
        assert_eq!(CapScope::PROGRAM.to_string(), "program");
    }
}
