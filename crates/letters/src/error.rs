//! The crate's error, [`LetterError`]: what went wrong, in which template file and on
//! which line, and what to do about it.

use std::path::PathBuf;

use crate::data::LetterKind;

/// A letter that could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum LetterError {
    /// The letter's data breaks a rule the types cannot express.
    #[error("cannot write the {kind} letter: `{field}` {problem}")]
    InvalidData {
        kind: LetterKind,
        field: String,
        problem: String,
    },

    /// A template file does not parse.
    #[error("template {file}, line {line}: {detail}; fix the template's syntax")]
    TemplateSyntax {
        file: String,
        line: usize,
        detail: String,
    },

    /// A template asks for a value that its kind of letter does not have.
    #[error(
        "template {file}{}: `{field}` has no value in a {kind} letter; \
         use one of: {available}",
        line.map(|l| format!(", line {l}")).unwrap_or_default()
    )]
    MissingField {
        file: String,
        line: Option<usize>,
        field: String,
        kind: LetterKind,
        available: String,
    },

    /// A template prints an optional value that this letter does not have, without
    /// checking for it first.
    #[error(
        "template {file}{}: `{field}` is empty in this letter; print it inside \
         {{% if {field} %}} … {{% endif %}}",
        line.map(|l| format!(", line {l}")).unwrap_or_default()
    )]
    AbsentValue {
        file: String,
        line: Option<usize>,
        field: String,
    },

    /// A template failed while being filled in (other than a missing value).
    #[error(
        "template {file}{}: {detail}",
        line.map(|l| format!(", line {l}")).unwrap_or_default()
    )]
    TemplateRender {
        file: String,
        line: Option<usize>,
        detail: String,
    },

    /// A filled-in template does not have the shape of a letter (e.g. no subject line).
    #[error("template {file}: {problem}")]
    TemplateShape { file: String, problem: String },

    /// A letter kind has no template in a language.
    #[error("no template for the {kind} letter in {language}: add {expected}")]
    TemplateNotFound {
        kind: LetterKind,
        language: &'static str,
        expected: String,
    },

    /// A template folder or file could not be read.
    #[error("cannot read the letter templates at {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The letter holds a character the embedded font cannot draw.
    #[error(
        "the font {font} has no glyph for {ch:?} (U+{:04X}) in \"{text}\"; \
         write it with another character (e.g. in Latin letters)",
        u32::from(*ch)
    )]
    UnsupportedCharacter {
        font: &'static str,
        ch: char,
        text: String,
    },

    /// The embedded font could not be read or subset (a bug or a broken font file).
    #[error("the font {font} cannot be embedded: {detail}")]
    Font { font: &'static str, detail: String },
}
