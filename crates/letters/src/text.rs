//! A letter as text: its subject (the title) and its paragraphs, read from what a
//! template produced. This is what the app previews and what the PDF lays out.
//!
//! The filled-in template is read line by line:
//! - a line starting with `# ` is the subject: bold in the PDF, and the letter's title
//!   (a letter has exactly one);
//! - a line starting with `- ` is an item of a bulleted list;
//! - a blank line ends a paragraph;
//! - any other line is one line of the current paragraph: lines are kept as written (so
//!   an address stays one line per entry) and wrapped only where they are too long.

use program::Language;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::data::LetterKind;
use crate::error::LetterError;

/// One block of a letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", content = "text", rename_all = "snake_case")]
pub enum Paragraph {
    /// The subject line.
    Heading(String),
    /// Lines kept as written, wrapped when too long.
    Lines(Vec<String>),
    /// A bulleted list, one entry per item.
    Bullets(Vec<String>),
}

/// A letter ready to be previewed or laid out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RenderedLetter {
    pub kind: LetterKind,
    pub language: Language,
    pub file_number: String,
    /// The subject line, also the PDF's title.
    pub title: String,
    pub paragraphs: Vec<Paragraph>,
}

impl RenderedLetter {
    /// The letter as plain text: paragraphs separated by a blank line, list items
    /// prefixed with `• `.
    pub fn plain_text(&self) -> String {
        let blocks: Vec<String> = self
            .paragraphs
            .iter()
            .map(|p| match p {
                Paragraph::Heading(h) => h.clone(),
                Paragraph::Lines(lines) => lines.join("\n"),
                Paragraph::Bullets(items) => items
                    .iter()
                    .map(|i| format!("• {i}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            })
            .collect();
        blocks.join("\n\n")
    }

    /// A file name for the letter's PDF: `AI-2024-00042_missing_items_request_fr.pdf`
    /// (characters other than letters, digits, `-` and `_` in the file number become `-`).
    pub fn file_name(&self) -> String {
        let number: String = self
            .file_number
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        format!("{number}_{}_{}.pdf", self.kind.code(), self.language.code())
    }
}

/// Reads the text a template produced (`file` names the template in errors).
pub(crate) fn parse(
    text: &str,
    file: &str,
    kind: LetterKind,
    language: Language,
    file_number: &str,
) -> Result<RenderedLetter, LetterError> {
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut open: Option<Paragraph> = None;
    let mut title: Option<String> = None;
    let shape = |problem: String| LetterError::TemplateShape {
        file: file.to_owned(),
        problem,
    };
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            paragraphs.extend(open.take());
            continue;
        }
        if let Some(heading) = line.strip_prefix("# ") {
            let heading = heading.trim().to_owned();
            if let Some(first) = &title {
                return Err(shape(format!(
                    "it has two subject lines (`# {first}` and `# {heading}`); keep one line starting with `# `"
                )));
            }
            if heading.is_empty() {
                return Err(shape("its subject line (`# `) is empty".to_owned()));
            }
            paragraphs.extend(open.take());
            paragraphs.push(Paragraph::Heading(heading.clone()));
            title = Some(heading);
        } else if let Some(item) = line.strip_prefix("- ") {
            let item = item.trim().to_owned();
            match &mut open {
                Some(Paragraph::Bullets(items)) => items.push(item),
                _ => {
                    paragraphs.extend(open.take());
                    open = Some(Paragraph::Bullets(vec![item]));
                }
            }
        } else {
            match &mut open {
                Some(Paragraph::Lines(lines)) => lines.push(line.to_owned()),
                _ => {
                    paragraphs.extend(open.take());
                    open = Some(Paragraph::Lines(vec![line.to_owned()]));
                }
            }
        }
    }
    paragraphs.extend(open.take());
    let title = title.ok_or_else(|| {
        shape("it has no subject line: write the subject on a line starting with `# `".to_owned())
    })?;
    Ok(RenderedLetter {
        kind,
        language,
        file_number: file_number.to_owned(),
        title,
        paragraphs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<RenderedLetter, LetterError> {
        parse(
            text,
            "t.jinja",
            LetterKind::Refusal,
            Language::Fr,
            "AI 2024/7",
        )
    }

    #[test]
    fn reads_subject_lines_and_lists() {
        let l = read(
            "Québec, le 1er mars 2024\n\n  Léa Tremblay\n12, rue Principale\n\n# Objet : refus\n\nMadame,\n- un\n- deux\nFin.\n\n\n",
        )
        .unwrap();
        assert_eq!(l.title, "Objet : refus");
        assert_eq!(
            l.paragraphs,
            vec![
                Paragraph::Lines(vec!["Québec, le 1er mars 2024".into()]),
                Paragraph::Lines(vec!["Léa Tremblay".into(), "12, rue Principale".into()]),
                Paragraph::Heading("Objet : refus".into()),
                Paragraph::Lines(vec!["Madame,".into()]),
                Paragraph::Bullets(vec!["un".into(), "deux".into()]),
                Paragraph::Lines(vec!["Fin.".into()]),
            ]
        );
        assert!(l.plain_text().contains("• un\n• deux"));
        assert_eq!(l.file_name(), "AI-2024-7_refusal_fr.pdf");
    }

    #[test]
    fn a_letter_has_exactly_one_subject() {
        let none = read("Bonjour\n").unwrap_err().to_string();
        assert!(
            none.contains("t.jinja") && none.contains("no subject line"),
            "{none}"
        );
        let two = read("# A\n# B\n").unwrap_err().to_string();
        assert!(two.contains("two subject lines"), "{two}");
    }
}
