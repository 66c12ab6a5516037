//! Letter templates: one file per kind of letter per language, in
//! `assets/letters/<language>/<kind>.jinja` (e.g. `fr/missing_items_request.jinja`),
//! written in the Jinja syntax of [`minijinja`]. Files whose name starts with `_` are
//! shared pieces (`_letter.jinja` is the layout every letter of that language extends).
//! The shipped templates are compiled into the binary ([`TemplateSet::builtin`]); a
//! folder of edited templates can be loaded instead ([`TemplateSet::from_dir`]).
//!
//! A template fills in a letter from values already written in its language (dates,
//! amounts, grounds): see [`context`] for the names. Every letter has `kind`,
//! `language`, `file_number`, `date`, `applicant` (`name`, `address` as a list of
//! lines), `representative` (the same, or none) and `signatory` (a name, or none). Then,
//! by kind:
//!
//! | kind | values |
//! | --- | --- |
//! | `missing_items_request` | `items`, `amount_due` (or none), `deadline`, `deadline_days` |
//! | `attestation_request` | `persons` (`name`, `role`), `deadline`, `deadline_days` |
//! | `intent_to_refuse`, `intent_to_reject` | `grounds`, `deadline`, `deadline_days` |
//! | `selection_decision` | `certificates` (`name`, `role`, `number`) |
//! | `refusal`, `rejection` | `grounds` |
//!
//! Errors name the file and the line: a syntax error when the templates are loaded, a
//! value the letter's kind does not have (or an optional value printed without
//! `{% if %}`) when a letter is filled in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{Environment, ErrorKind, UndefinedBehavior, Value};
use program::Language;
use serde_json::{Value as Json, json};

use crate::data::{LetterContent, LetterData, LetterKind};
use crate::error::LetterError;
use crate::format;
use crate::text::{self, RenderedLetter};

/// The extension of template files.
pub const EXTENSION: &str = "jinja";

/// Where the shipped templates live in the repository (for error messages).
const BUILTIN_DIR: &str = "assets/letters";

macro_rules! builtin_templates {
    ($($lang:literal / $file:literal),* $(,)?) => {
        &[$((
            concat!($lang, "/", $file),
            include_str!(concat!("../../../assets/letters/", $lang, "/", $file)),
        )),*]
    };
}

/// The templates compiled into the binary, by name (`<language>/<file>`).
pub(crate) const BUILTIN: &[(&str, &str)] = builtin_templates![
    "fr" / "_letter.jinja",
    "fr" / "missing_items_request.jinja",
    "fr" / "attestation_request.jinja",
    "fr" / "intent_to_refuse.jinja",
    "fr" / "intent_to_reject.jinja",
    "fr" / "selection_decision.jinja",
    "fr" / "refusal.jinja",
    "fr" / "rejection.jinja",
    "fr" / "acknowledgement.jinja",
    "fr" / "not_received_notice.jinja",
    "en" / "_letter.jinja",
    "en" / "missing_items_request.jinja",
    "en" / "attestation_request.jinja",
    "en" / "intent_to_refuse.jinja",
    "en" / "intent_to_reject.jinja",
    "en" / "selection_decision.jinja",
    "en" / "refusal.jinja",
    "en" / "rejection.jinja",
    "en" / "acknowledgement.jinja",
    "en" / "not_received_notice.jinja",
];

/// The name of the template of `kind` in `language`: `fr/refusal.jinja`.
pub fn template_name(kind: LetterKind, language: Language) -> String {
    format!("{}/{}.{EXTENSION}", language.code(), kind.code())
}

/// A loaded, checked set of letter templates.
#[derive(Debug)]
pub struct TemplateSet {
    env: Environment<'static>,
    /// Template name -> the file it came from, as errors show it.
    files: BTreeMap<String, String>,
}

impl TemplateSet {
    /// The templates shipped in `assets/letters`, compiled into the binary.
    ///
    /// # Panics
    /// If a shipped template does not parse; the crate's tests load them, so a release
    /// never does.
    pub fn builtin() -> &'static TemplateSet {
        static SET: OnceLock<TemplateSet> = OnceLock::new();
        SET.get_or_init(|| {
            let sources = BUILTIN
                .iter()
                .map(|(name, source)| (name.to_string(), source.to_string()));
            TemplateSet::from_sources(sources, |name| format!("{BUILTIN_DIR}/{name}"))
                .unwrap_or_else(|e| panic!("the shipped letter templates are broken: {e}"))
        })
    }

    /// The templates in `dir`: `dir/fr/*.jinja` and `dir/en/*.jinja`. Every kind must
    /// have a template in both languages.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<TemplateSet, LetterError> {
        let dir = dir.as_ref();
        let mut sources = Vec::new();
        let mut paths = BTreeMap::new();
        for language in Language::ALL {
            let sub = dir.join(language.code());
            let entries = std::fs::read_dir(&sub).map_err(|source| LetterError::Io {
                path: sub.clone(),
                source,
            })?;
            let mut files: Vec<PathBuf> = Vec::new();
            for entry in entries {
                let entry = entry.map_err(|source| LetterError::Io {
                    path: sub.clone(),
                    source,
                })?;
                let path = entry.path();
                if path.extension().is_some_and(|e| e == EXTENSION) && path.is_file() {
                    files.push(path);
                }
            }
            files.sort();
            for path in files {
                let source = std::fs::read_to_string(&path).map_err(|source| LetterError::Io {
                    path: path.clone(),
                    source,
                })?;
                let file_name = path
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let name = format!("{}/{file_name}", language.code());
                paths.insert(name.clone(), path.display().to_string());
                sources.push((name, source));
            }
        }
        TemplateSet::from_sources(sources, |name| {
            paths
                .get(name)
                .cloned()
                .unwrap_or_else(|| dir.join(name).display().to_string())
        })
    }

    /// Templates given as `(name, source)` pairs, names as `fr/refusal.jinja`; `file`
    /// says how errors name each template's file.
    pub fn from_sources(
        sources: impl IntoIterator<Item = (String, String)>,
        file: impl Fn(&str) -> String,
    ) -> Result<TemplateSet, LetterError> {
        let mut env = Environment::new();
        env.set_syntax(
            SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()
                .expect("the default delimiters are valid"),
        );
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_formatter(|out, state, value| {
            if value.is_none() {
                return Err(minijinja::Error::new(
                    ErrorKind::UndefinedError,
                    "prints a value this letter does not have (none)",
                ));
            }
            minijinja::escape_formatter(out, state, value)
        });
        let mut files = BTreeMap::new();
        for (name, source) in sources {
            let shown = file(&name);
            files.insert(name.clone(), shown.clone());
            env.add_template_owned(name, source)
                .map_err(|e| syntax_error(&e, &shown))?;
        }
        for language in Language::ALL {
            for kind in LetterKind::ALL {
                let name = template_name(kind, language);
                if !files.contains_key(&name) {
                    return Err(LetterError::TemplateNotFound {
                        kind,
                        language: language.code(),
                        expected: file(&name),
                    });
                }
            }
        }
        // Extends and includes resolve when a letter is filled in; check them now.
        for (name, shown) in &files {
            if let Err(e) = env.get_template(name) {
                return Err(syntax_error(&e, shown));
            }
        }
        Ok(TemplateSet { env, files })
    }

    /// The names of the loaded templates (`fr/refusal.jinja`, ...).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Fills in the template of the letter's kind and language.
    pub fn render_text(&self, data: &LetterData) -> Result<RenderedLetter, LetterError> {
        data.validate()?;
        let name = template_name(data.kind(), data.language);
        let shown = self.shown(&name);
        let context = context(data);
        let template = self
            .env
            .get_template(&name)
            .map_err(|e| syntax_error(&e, &shown))?;
        let text = template
            .render(Value::from(Serde(&context)))
            .map_err(|e| self.render_error(&e, data.kind(), &context))?;
        text::parse(&text, &shown, data.kind(), data.language, &data.file_number)
    }

    fn shown(&self, name: &str) -> String {
        self.files
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_owned())
    }

    /// Turns a fill-in error into one that names the file, the line and, for a value the
    /// letter does not have, the value.
    fn render_error(&self, e: &minijinja::Error, kind: LetterKind, context: &Json) -> LetterError {
        // The innermost error holds the place in the template that failed.
        let mut inner: &minijinja::Error = e;
        while let Some(next) =
            std::error::Error::source(inner).and_then(|s| s.downcast_ref::<minijinja::Error>())
        {
            inner = next;
        }
        let located = if inner.name().is_some() { inner } else { e };
        let name = located.name().unwrap_or_default().to_owned();
        let file = self.shown(&name);
        let line = located.line();
        if located.kind() == ErrorKind::UndefinedError {
            let source_line = line.and_then(|l| {
                self.env
                    .get_template(&name)
                    .ok()
                    .and_then(|t| t.source().lines().nth(l - 1).map(str::to_owned))
            });
            let field = self
                .env
                .get_template(&name)
                .ok()
                .and_then(|t| missing_on_line(&t, source_line.as_deref(), context))
                .unwrap_or_else(|| {
                    located
                        .detail()
                        .unwrap_or("a value the letter does not have")
                        .to_owned()
                });
            let top = field.split('.').next().unwrap_or_default();
            if context.get(top).is_some_and(Json::is_null) {
                return LetterError::AbsentValue {
                    file,
                    line,
                    field: top.to_owned(),
                };
            }
            return LetterError::MissingField {
                file,
                line,
                field,
                kind,
                available: available(context),
            };
        }
        LetterError::TemplateRender {
            file,
            line,
            detail: located
                .detail()
                .map(|d| format!("{}: {d}", located.kind()))
                .unwrap_or_else(|| located.kind().to_string()),
        }
    }
}

fn syntax_error(e: &minijinja::Error, file: &str) -> LetterError {
    LetterError::TemplateSyntax {
        file: file.to_owned(),
        line: e.line().unwrap_or(0),
        detail: e
            .detail()
            .map(|d| format!("{}: {d}", e.kind()))
            .unwrap_or_else(|| e.kind().to_string()),
    }
}

/// Of the variables a template reads, the first one on `line` that the letter lacks or
/// has as none (minijinja's error gives the line, not the name).
fn missing_on_line(
    template: &minijinja::Template<'_, '_>,
    line: Option<&str>,
    context: &Json,
) -> Option<String> {
    let line = line?;
    let mut names: Vec<(usize, String)> = template
        .undeclared_variables(true)
        .into_iter()
        .filter(|n| lookup(context, n).is_none_or(Json::is_null))
        .filter_map(|n| line.find(n.as_str()).map(|at| (at, n)))
        .collect();
    // The first on the line; of two starting there, the longer (`a.b` before `a`).
    names.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.len().cmp(&a.1.len())));
    names.into_iter().next().map(|(_, n)| n)
}

/// The value at a dotted path (`applicant.name`), if the context has it.
fn lookup<'a>(context: &'a Json, path: &str) -> Option<&'a Json> {
    path.split('.')
        .try_fold(context, |value, key| value.as_object()?.get(key))
}

/// The names of the values the letter has, for error messages.
fn available(context: &Json) -> String {
    context
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// A value as one line of text: control characters and line breaks become spaces, so a
/// value cannot change the shape of the letter.
fn clean(s: &str) -> String {
    s.split(|c: char| c.is_control())
        .filter(|part| !part.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

fn clean_all(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| clean(l))
        .filter(|l| !l.is_empty())
        .collect()
}

/// The values a template of the letter's kind can use, written in the letter's language.
pub fn context(data: &LetterData) -> Json {
    let lang = data.language;
    let addressee = |a: &crate::data::Addressee| {
        json!({
            "name": clean(&a.name),
            "address": clean_all(&a.address),
        })
    };
    let mut ctx = json!({
        "kind": data.kind().code(),
        "language": lang.code(),
        "file_number": clean(&data.file_number),
        "date": format::date(data.date, lang),
        "applicant": addressee(&data.applicant),
        "representative": data.representative.as_ref().map(addressee),
        "signatory": data.signatory.as_deref().map(clean),
    });
    let map = ctx.as_object_mut().expect("an object");
    if let Some(deadline) = data.content.deadline() {
        map.insert(
            "deadline".into(),
            json!(format::date(deadline.last_day, lang)),
        );
        map.insert("deadline_days".into(), json!(deadline.days));
    }
    let person = |name: &str, role| {
        json!({
            "name": clean(name),
            "role": format::role(role, lang),
        })
    };
    match &data.content {
        LetterContent::MissingItemsRequest {
            items, amount_due, ..
        } => {
            map.insert("items".into(), json!(clean_all(items)));
            map.insert(
                "amount_due".into(),
                json!(amount_due.map(|a| format::money(a, lang))),
            );
        }
        LetterContent::AttestationRequest { persons, .. } => {
            let persons: Vec<Json> = persons.iter().map(|p| person(&p.name, p.role)).collect();
            map.insert("persons".into(), json!(persons));
        }
        LetterContent::IntentToRefuse { grounds, .. } | LetterContent::Refusal { grounds } => {
            let labels: Vec<String> = grounds.iter().map(|g| g.label(lang)).collect();
            map.insert("grounds".into(), json!(labels));
        }
        LetterContent::IntentToReject { grounds, .. } | LetterContent::Rejection { grounds } => {
            let labels: Vec<String> = grounds.iter().map(|g| g.label(lang)).collect();
            map.insert("grounds".into(), json!(labels));
        }
        LetterContent::SelectionDecision { certificates } => {
            // D1: the principal applicant first, then the accompanying members.
            let mut sorted: Vec<_> = certificates.iter().collect();
            sorted.sort_by_key(|c| c.holder.role);
            let list: Vec<Json> = sorted
                .iter()
                .map(|c| {
                    let mut p = person(&c.holder.name, c.holder.role);
                    p["number"] = json!(clean(&c.number));
                    p
                })
                .collect();
            map.insert("certificates".into(), json!(list));
        }
        LetterContent::Acknowledgement {
            acknowledgement,
            received_at,
        } => {
            map.insert("acknowledgement".into(), json!(clean(acknowledgement)));
            map.insert(
                "received_at".into(),
                json!(format::instant(*received_at, lang)),
            );
        }
        LetterContent::NotReceivedNotice {
            received_at,
            reason,
            cap_name,
        } => {
            use program::intake::NotReceivedReason as R;
            map.insert(
                "received_at".into(),
                json!(format::instant(*received_at, lang)),
            );
            let (code, fields) = match reason {
                R::BeforeWindow { opens } => (
                    "before_window",
                    json!({"opens": format::date(*opens, lang)}),
                ),
                R::AfterWindow { closes } => (
                    "after_window",
                    json!({"closes": format::date(*closes, lang)}),
                ),
                R::StreamNotOffered => ("stream_not_offered", json!({})),
                R::ProfileNotOffered => ("profile_not_offered", json!({})),
                R::CapReached {
                    cap,
                    limit,
                    filled_at,
                } => (
                    "cap_reached",
                    json!({
                        "cap": cap_name
                            .as_ref()
                            .map_or_else(|| cap.to_string(), |n| n.get(lang).to_owned()),
                        "limit": limit,
                        "filled_at": format::instant(*filled_at, lang),
                    }),
                ),
            };
            map.insert("reason".into(), json!(code));
            if let Json::Object(fields) = fields {
                map.extend(fields);
            }
        }
    }
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_template_file_is_compiled_in() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/letters");
        let mut on_disk = Vec::new();
        for language in Language::ALL {
            for entry in std::fs::read_dir(dir.join(language.code())).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == EXTENSION) {
                    on_disk.push(format!(
                        "{}/{}",
                        language.code(),
                        path.file_name().unwrap().to_string_lossy()
                    ));
                }
            }
        }
        on_disk.sort();
        let mut compiled: Vec<String> = BUILTIN.iter().map(|(n, _)| n.to_string()).collect();
        compiled.sort();
        assert_eq!(on_disk, compiled);
        // And the folder loads the same way as the compiled-in copy.
        let from_dir = TemplateSet::from_dir(&dir).unwrap();
        assert_eq!(
            from_dir.names().collect::<Vec<_>>(),
            TemplateSet::builtin().names().collect::<Vec<_>>()
        );
    }

    #[test]
    fn values_become_single_lines() {
        assert_eq!(clean("  Léa\nTremblay\t "), "Léa Tremblay");
        assert_eq!(
            clean_all(&["a".into(), " ".into(), "b\r\n".into()]),
            vec!["a", "b"]
        );
    }

    #[test]
    fn lookup_follows_dotted_paths() {
        let ctx = json!({"applicant": {"name": "X"}, "representative": null});
        assert_eq!(lookup(&ctx, "applicant.name"), Some(&json!("X")));
        assert_eq!(lookup(&ctx, "applicant.phone"), None);
        assert_eq!(lookup(&ctx, "representative"), Some(&Json::Null));
        assert_eq!(available(&ctx), "applicant");
    }
}
