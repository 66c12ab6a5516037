//! Letters that officers send applicants, in French and English, produced as PDF files
//! with a real text layer. Each kind of letter ([`LetterKind`]) has one template per
//! language in `assets/letters/` (Jinja syntax, readable and editable); a letter's data
//! ([`LetterData`]) is typed so that each kind carries what it must say: the missing
//! items and the deadline, the persons who must obtain the values attestation, the
//! grounds of an intent, a refusal or a rejection (the `program` crate's enums), the CSQ
//! numbers of a selection.
//!
//! ```no_run
//! # fn demo(data: &letters::LetterData) -> Result<(), letters::LetterError> {
//! let preview = letters::render_text(data)?; // title and paragraphs, for the screen
//! let pdf: Vec<u8> = letters::render_pdf(data)?; // the file to send
//! # Ok(()) }
//! ```
//!
//! - [`data`]: the letter kinds and the typed data of a letter.
//! - [`templates`]: loading templates (shipped or from a folder) and filling them in.
//! - [`text`]: the filled-in letter as a title and paragraphs.
//! - [`format`](mod@format): dates, amounts and roles as Québec officers write them.
//! - `font`, `layout`, `writer`: the embedded typefaces, page layout, and PDF output.
//! - [`error`]: the crate's error, [`LetterError`].

pub mod data;
pub mod error;
mod font;
pub mod format;
mod layout;
pub mod templates;
pub mod text;
mod writer;

pub use data::{Addressee, Certificate, LetterContent, LetterData, LetterKind, NamedPerson};
pub use error::LetterError;
pub use templates::TemplateSet;
pub use text::{Paragraph, RenderedLetter};

/// The letter's text from the shipped templates: its subject and paragraphs, to preview.
pub fn render_text(data: &LetterData) -> Result<RenderedLetter, LetterError> {
    TemplateSet::builtin().render_text(data)
}

/// The letter as a PDF file, from the shipped templates.
pub fn render_pdf(data: &LetterData) -> Result<Vec<u8>, LetterError> {
    TemplateSet::builtin().render_pdf(data)
}

/// Lays out a letter already filled in and writes it as a PDF file (one or more pages).
pub fn pdf_from_text(letter: &RenderedLetter) -> Result<Vec<u8>, LetterError> {
    let pages = layout::lay_out(letter)?;
    writer::write(letter, &pages)
}

impl TemplateSet {
    /// The letter as a PDF file, from this set's templates.
    pub fn render_pdf(&self, data: &LetterData) -> Result<Vec<u8>, LetterError> {
        pdf_from_text(&self.render_text(data)?)
    }
}
