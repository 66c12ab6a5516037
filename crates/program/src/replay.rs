//! The text formats for replaying the rules from files (`dossier rules ...`, documented in
//! `docs/rules-cli.md`): applications as JSON Lines, an attestation request as JSON, and
//! the JSON Lines printed for intake, fees and attestation. Parsing is from strings only;
//! an error names the line and the field, and the whole input is checked before any result
//! is produced.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use thiserror::Error;

use crate::attestation::{AttestationPerson, Duty, Exemption, duty_of};
use crate::deadline::{Deadline, quebec_rfc3339};
use crate::definition::ProgramDefinition;
use crate::family::age_on;
use crate::fees::FeesDue;
use crate::intake::{Application, IntakeReport, NotReceivedReason, Outcome};
use crate::model::{ApplicationId, PersonRole, Profile, Stream};
use crate::money::Cad;

/// Input that cannot be used, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("line {line}, field `{field}`: {message}")]
pub struct InputError {
    /// 1-based line in the input.
    pub line: usize,
    /// The field at fault, as a path (`persons[1].date_of_birth`), or `(whole line)`.
    pub field: String,
    /// What is wrong and what to do.
    pub message: String,
}

fn input_error(line: usize, field: impl Into<String>, message: impl Into<String>) -> InputError {
    InputError {
        line,
        field: field.into(),
        message: message.into(),
    }
}

const WHOLE_LINE: &str = "(whole line)";

/// Parses one JSON value from `text`; an error gives its line (within `text`), field and
/// message.
fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T, InputError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let inner = e.inner();
        let raw = inner.to_string();
        let suffix = format!(" at line {} column {}", inner.line(), inner.column());
        let message = raw.strip_suffix(&suffix).unwrap_or(&raw).to_owned();
        // `?` is serde_path_to_error's name for a key it never read (e.g. cut-off input).
        let path = e.path().to_string();
        let path = match path.strip_suffix(".?").unwrap_or(&path) {
            "?" => ".".to_owned(),
            p => p.to_owned(),
        };
        // For a missing field serde names the object that lacks it: name the field.
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next());
        let field = match (path.as_str(), missing) {
            (".", Some(m)) => m.to_owned(),
            (p, Some(m)) => format!("{p}.{m}"),
            (".", None) => WHOLE_LINE.to_owned(),
            (p, None) => p.to_owned(),
        };
        input_error(inner.line().max(1), field, with_hint(&message))
    })?;
    de.end().map_err(|e| {
        input_error(
            e.line().max(1),
            WHOLE_LINE,
            "unexpected text after the JSON value",
        )
    })?;
    Ok(value)
}

/// Adds what to write to the messages chrono gives for malformed dates and times.
fn with_hint(message: &str) -> String {
    let about_time = [
        "premature end of input",
        "input contains invalid characters",
        "input is out of range",
        "input is not enough",
        "trailing input",
    ];
    if about_time.iter().any(|m| message.contains(m)) {
        format!(
            "{message}; write dates as YYYY-MM-DD and instants as RFC 3339 with an offset, \
             e.g. 2023-12-01T15:19:00-05:00"
        )
    } else {
        message.to_owned()
    }
}

// ---- intake ----

/// One line of an intake file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IntakeLine {
    id: String,
    stream: Stream,
    profile: Profile,
    received_at: DateTime<Utc>,
    #[serde(default)]
    represented: bool,
}

/// Reads applications, one JSON object per line (blank lines are skipped): `id`, `stream`,
/// `profile`, `received_at` (RFC 3339 with offset), and optionally `represented`.
pub fn parse_intake(text: &str) -> Result<Vec<Application>, InputError> {
    let mut applications = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let parsed: IntakeLine = parse_json(raw).map_err(|e| InputError { line, ..e })?;
        if parsed.id.trim().is_empty() {
            return Err(input_error(
                line,
                "id",
                "the id is empty; give each application an id",
            ));
        }
        if let Some(first) = seen.insert(parsed.id.clone(), line) {
            return Err(input_error(
                line,
                "id",
                format!(
                    "application id `{}` is already on line {first}; give each application its own id",
                    parsed.id
                ),
            ));
        }
        applications.push(Application {
            id: ApplicationId(parsed.id),
            stream: parsed.stream,
            profile: parsed.profile,
            received_at: parsed.received_at,
            represented: parsed.represented,
        });
    }
    Ok(applications)
}

/// The intake report as JSON Lines: one `application` line per application in receipt
/// order, then one `cap` line per cap. Instants are Québec time with their offset.
pub fn intake_lines(report: &IntakeReport) -> Vec<Value> {
    let mut out = Vec::new();
    for d in &report.decisions {
        let a = &d.application;
        let mut line = json!({
            "kind": "application",
            "id": a.id,
            "stream": a.stream,
            "profile": a.profile,
            "received_at": quebec_rfc3339(a.received_at),
        });
        let fields = line.as_object_mut().expect("a JSON object");
        let mut put = |k: &str, v: Value| {
            fields.insert(k.to_owned(), v);
        };
        match &d.outcome {
            Outcome::Received { acknowledgement } => {
                put("outcome", json!("received"));
                put("rank", json!(acknowledgement.rank));
                put("received_on", json!(acknowledgement.received_on));
            }
            Outcome::NotReceived { reason } => {
                put("outcome", json!("not_received"));
                match reason {
                    NotReceivedReason::BeforeWindow { opens } => {
                        put("reason", json!("before_window"));
                        put("window_opens", json!(opens));
                    }
                    NotReceivedReason::AfterWindow { closes } => {
                        put("reason", json!("after_window"));
                        put("window_closes", json!(closes));
                    }
                    NotReceivedReason::StreamNotOffered => {
                        put("reason", json!("stream_not_offered"))
                    }
                    NotReceivedReason::ProfileNotOffered => {
                        put("reason", json!("profile_not_offered"));
                    }
                    NotReceivedReason::CapReached {
                        cap,
                        limit,
                        filled_at,
                    } => {
                        put("reason", json!("cap_reached"));
                        put("cap", json!(cap.to_string()));
                        put("limit", json!(limit));
                        put("cap_filled_at", json!(quebec_rfc3339(*filled_at)));
                    }
                }
            }
        }
        out.push(line);
    }
    for c in &report.caps {
        out.push(json!({
            "kind": "cap",
            "cap": c.cap.to_string(),
            "limit": c.limit,
            "received": c.received,
            "filled_at": c.filled_at.map(quebec_rfc3339),
            "filled_by": c.filled_by,
        }));
    }
    out
}

// ---- fees ----

fn money(amount: Cad) -> Value {
    json!({ "cents": amount.cents(), "fr": amount.format_fr(), "en": amount.format_en() })
}

/// The fees due as one JSON line: date, schedule used, lines by role, total; each amount in
/// cents and written in French and English.
pub fn fees_lines(due: &FeesDue) -> Vec<Value> {
    let lines: Vec<Value> = due
        .lines
        .iter()
        .map(|l| {
            json!({ "role": l.role, "count": l.count, "unit": money(l.unit), "amount": money(l.amount) })
        })
        .collect();
    vec![json!({
        "kind": "fees",
        "date": due.date,
        "schedule_from": due.schedule_from,
        "lines": lines,
        "total": money(due.total),
    })]
}

// ---- attestation ----

/// An attestation question: the persons on the file and the day the request is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttestationInput {
    pub request_date: NaiveDate,
    pub persons: Vec<AttestationPerson>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAttestationInput {
    request_date: NaiveDate,
    persons: Vec<RawPerson>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    id: String,
    role: PersonRole,
    date_of_birth: NaiveDate,
    #[serde(default)]
    holds_attestation: bool,
    #[serde(default)]
    added_after_submission: bool,
    #[serde(default)]
    permit_and_objectif_integration: bool,
    #[serde(default)]
    exempt_by_regulation: bool,
}

/// The 1-based lines on which each occurrence of the object key `key` is written, in
/// order (a small scan of JSON text that skips the contents of strings).
fn key_lines(text: &str, key: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let (mut line, mut in_string, mut escaped, mut start) = (1, false, false, 0);
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
                let next = bytes[i + 1..].iter().find(|c| !c.is_ascii_whitespace());
                if next == Some(&b':') && &text[start..i] == key {
                    found.push(line);
                }
            }
        } else if b == b'"' {
            in_string = true;
            start = i + 1;
        }
    }
    found
}

/// Reads an attestation question: `{"request_date": "YYYY-MM-DD", "persons": [{"id",
/// "role", "date_of_birth", and optional flags}]}`.
pub fn parse_attestation(text: &str) -> Result<AttestationInput, InputError> {
    let raw: RawAttestationInput = parse_json(text)?;
    let at = |key: &str, i: usize, message: String| {
        let line = key_lines(text, key).get(i).copied().unwrap_or(1);
        input_error(line, format!("persons[{i}].{key}"), message)
    };
    if raw.persons.is_empty() {
        let line = key_lines(text, "persons").first().copied().unwrap_or(1);
        return Err(input_error(
            line,
            "persons",
            "no person is listed; list the principal applicant and the family members",
        ));
    }
    let mut persons: Vec<AttestationPerson> = Vec::new();
    for (i, p) in raw.persons.into_iter().enumerate() {
        if p.id.trim().is_empty() {
            return Err(at(
                "id",
                i,
                "the id is empty; give each person an id".to_owned(),
            ));
        }
        if let Some(first) = persons.iter().position(|o| o.key.as_str() == p.id) {
            return Err(at(
                "id",
                i,
                format!(
                    "person `{}` is already persons[{first}]; give each person their own id",
                    p.id
                ),
            ));
        }
        if p.date_of_birth > raw.request_date {
            return Err(at(
                "date_of_birth",
                i,
                format!(
                    "born on {}, after the request date {}; check the date of birth",
                    p.date_of_birth, raw.request_date
                ),
            ));
        }
        persons.push(AttestationPerson {
            key: p.id.into(),
            role: p.role,
            date_of_birth: p.date_of_birth,
            holds_attestation: p.holds_attestation,
            added_after_submission: p.added_after_submission,
            permit_and_objectif_integration: p.permit_and_objectif_integration,
            exempt_by_regulation: p.exempt_by_regulation,
        });
    }
    Ok(AttestationInput {
        request_date: raw.request_date,
        persons,
    })
}

/// Who must obtain the attestation, as JSON Lines: one `person` line each (with the
/// deadline of those who must obtain it: V1, or V5 for a member added later), then one
/// `request` line saying whether a request is needed at all (V3).
pub fn attestation_lines(def: &ProgramDefinition, input: &AttestationInput) -> Vec<Value> {
    let on = input.request_date;
    let mut out = Vec::new();
    let mut must_obtain = Vec::new();
    for p in &input.persons {
        let mut line = json!({ "kind": "person", "id": p.key, "role": p.role, "age": age_on(p.date_of_birth, on) });
        let fields = line.as_object_mut().expect("a JSON object");
        let mut put = |k: &str, v: Value| {
            fields.insert(k.to_owned(), v);
        };
        match duty_of(def, p, on) {
            Duty::MustObtain => {
                let days = if p.added_after_submission {
                    def.deadlines.added_member_attestation_days
                } else {
                    def.deadlines.attestation_days
                };
                let deadline = Deadline::from_day(on, days);
                put("duty", json!("must_obtain"));
                put("last_day", json!(deadline.last_day));
                put("ends_at", json!(quebec_rfc3339(deadline.ends_at)));
                must_obtain.push(p.key.clone());
            }
            Duty::Exempt { exemption } => {
                put("duty", json!("exempt"));
                let code = match exemption {
                    Exemption::AlreadyHolds => "already_holds",
                    Exemption::UnderAge { min_age } => {
                        put("min_age", json!(min_age));
                        "under_age"
                    }
                    Exemption::PermitAndObjectifIntegration => "permit_and_objectif_integration",
                    Exemption::ExemptByRegulation => "exempt_by_regulation",
                };
                put("exemption", json!(code));
            }
        }
        out.push(line);
    }
    out.push(json!({
        "kind": "request",
        "request_date": on,
        "needed": !must_obtain.is_empty(),
        "must_obtain": must_obtain,
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fees::{FamilyComposition, fees_due};
    use crate::intake::decide;

    fn def() -> &'static ProgramDefinition {
        ProgramDefinition::builtin()
    }

    #[test]
    fn i4_intake_replay_prints_outcomes_then_cap_fill_times() {
        let mut text = String::new();
        for i in 0..199 {
            text.push_str(&format!(
                "{{\"id\":\"f{i}\",\"stream\":\"it_vfx\",\"profile\":\"francization\",\"received_at\":\"2023-11-24T10:{:02}:00-05:00\"}}\n",
                i % 60
            ));
        }
        text.push('\n');
        text.push_str(r#"{"id":"last","stream":"it_vfx","profile":"francization","received_at":"2023-12-01T15:19:00-05:00"}"#);
        text.push('\n');
        text.push_str(r#"{"id":"late","stream":"it_vfx","profile":"francization","received_at":"2023-12-01T20:19:01Z"}"#);
        let apps = parse_intake(&text).unwrap();
        assert_eq!(apps.len(), 201);
        let lines = intake_lines(&decide(def(), &apps).unwrap());
        assert_eq!(lines.len(), 201 + 5);
        let late = &lines[200];
        assert_eq!(late["id"], "late");
        assert_eq!(late["outcome"], "not_received");
        assert_eq!(late["reason"], "cap_reached");
        assert_eq!(late["cap"], "it_vfx/francization");
        assert_eq!(late["cap_filled_at"], "2023-12-01T15:19:00-05:00");
        let sub = lines
            .iter()
            .find(|l| l["kind"] == "cap" && l["cap"] == "it_vfx/francization")
            .unwrap();
        assert_eq!(sub["filled_at"], "2023-12-01T15:19:00-05:00");
        assert_eq!(sub["filled_by"], "last");
        assert_eq!(sub["received"], 200);
    }

    #[test]
    fn intake_errors_name_line_and_field() {
        let ok = r#"{"id":"a","stream":"ai","profile":"regular","received_at":"2024-01-01T10:00:00-05:00"}"#;
        let cases = [
            (
                r#"{"id":"b","stream":"aix","profile":"regular","received_at":"2024-01-01T10:00:00-05:00"}"#,
                "stream",
                "unknown variant",
            ),
            (
                r#"{"id":"b","stream":"ai","received_at":"2024-01-01T10:00:00-05:00"}"#,
                "profile",
                "missing field",
            ),
            (
                r#"{"id":"b","stream":"ai","profile":"regular","received_at":"2024-01-01 10:00"}"#,
                "received_at",
                "RFC 3339",
            ),
            (
                r#"{"id":"b","stream":"ai","profile":"regular","received_at":"2024-01-01T10:00:00-05:00","x":1}"#,
                "x",
                "unknown field",
            ),
            (
                r#"{"id":"a","stream":"ai","profile":"regular","received_at":"2024-01-01T10:00:00-05:00"}"#,
                "id",
                "already on line 1",
            ),
            (
                r#"{"id":"b","stream":"ai","profile":"regular","received_at":"2024-01-01T10:00:00-05:00"} {}"#,
                WHOLE_LINE,
                "unexpected text",
            ),
            (r#"{"id":"b","stream":"ai","#, WHOLE_LINE, "EOF"),
        ];
        for (bad, field, message) in cases {
            let text = format!("{ok}\n\n{bad}\n{ok}");
            let err = parse_intake(&text).unwrap_err();
            assert_eq!((err.line, err.field.as_str()), (3, field), "{err}");
            assert!(err.message.contains(message), "{err}");
        }
    }

    #[test]
    fn dollar1_fees_replay_writes_amounts_in_both_languages() {
        let due = fees_due(
            def(),
            "2024-05-01".parse().unwrap(),
            FamilyComposition {
                spouse: true,
                children: 1,
            },
        )
        .unwrap();
        let lines = fees_lines(&due);
        assert_eq!(lines[0]["total"]["cents"], 127_900);
        assert_eq!(lines[0]["total"]["fr"], "1\u{a0}279,00\u{a0}$");
        assert_eq!(lines[0]["total"]["en"], "$1,279.00");
        assert_eq!(lines[0]["lines"][1]["role"], "spouse");
    }

    #[test]
    fn v2_attestation_replay_lists_duties_and_deadline() {
        let text = r#"{
  "request_date": "2024-10-01",
  "persons": [
    {"id": "pa", "role": "principal_applicant", "date_of_birth": "1985-03-03"},
    {"id": "sp", "role": "spouse", "date_of_birth": "2008-10-02"},
    {"id": "c1", "role": "dependent_child", "date_of_birth": "2006-10-01", "holds_attestation": true}
  ]
}"#;
        let input = parse_attestation(text).unwrap();
        let lines = attestation_lines(def(), &input);
        assert_eq!(lines[0]["duty"], "must_obtain");
        assert_eq!(lines[0]["last_day"], "2024-11-30");
        assert_eq!(lines[0]["ends_at"], "2024-12-01T00:00:00-05:00");
        assert_eq!(lines[1]["duty"], "exempt");
        assert_eq!(lines[1]["exemption"], "under_age");
        assert_eq!(lines[1]["age"], 15);
        assert_eq!(lines[2]["exemption"], "already_holds");
        assert_eq!(
            lines[3],
            json!({"kind": "request", "request_date": "2024-10-01", "needed": true, "must_obtain": ["pa"]})
        );
    }

    #[test]
    fn attestation_errors_name_line_and_field() {
        let base = |persons: &str| {
            format!("{{\n  \"request_date\": \"2024-10-01\",\n  \"persons\": [\n{persons}\n  ]\n}}")
        };
        let pa =
            r#"    {"id": "pa", "role": "principal_applicant", "date_of_birth": "1985-03-03"},"#;
        let cases = [
            (
                format!(
                    "{pa}\n    {{\"id\": \"sp\", \"role\": \"partner\", \"date_of_birth\": \"1985-03-03\"}}"
                ),
                5,
                "persons[1].role",
                "unknown variant",
            ),
            (
                format!(
                    "{pa}\n    {{\"id\": \"sp\", \"role\": \"spouse\", \"date_of_birth\": \"1985-02-30\"}}"
                ),
                5,
                "persons[1].date_of_birth",
                "RFC 3339",
            ),
            (
                format!("{pa}\n    {{\"id\": \"sp\", \"role\": \"spouse\"}}"),
                5,
                "persons[1].date_of_birth",
                "missing field",
            ),
            (
                format!(
                    "{pa}\n    {{\"id\": \"pa\", \"role\": \"spouse\", \"date_of_birth\": \"1985-03-03\"}}"
                ),
                5,
                "persons[1].id",
                "already persons[0]",
            ),
            (
                format!(
                    "{pa}\n    {{\"id\": \"c\", \"role\": \"dependent_child\",\n      \"date_of_birth\": \"2025-01-01\"}}"
                ),
                6,
                "persons[1].date_of_birth",
                "after the request date",
            ),
        ];
        for (persons, line, field, message) in cases {
            let err = parse_attestation(&base(&persons)).unwrap_err();
            assert_eq!((err.line, err.field.as_str()), (line, field), "{err}");
            assert!(err.message.contains(message), "{err}");
        }
        let err =
            parse_attestation("{\"request_date\": \"2024-10-01\",\n \"persons\": []}").unwrap_err();
        assert_eq!((err.line, err.field.as_str()), (2, "persons"));
    }

    #[test]
    fn key_lines_skips_string_contents() {
        let text = "{\n \"persons\": [\n  {\"id\": \"a\\\"id\\\": \"},\n  {\"id\":\n \"b\"}]}";
        assert_eq!(key_lines(text, "id"), [3, 4]);
        assert_eq!(key_lines(text, "persons"), [2]);
    }
}
