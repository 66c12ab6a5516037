//! Every word Dossier shows, in French and English, from one catalogue.
//!
//! The catalogue is a set of Project Fluent files under `assets/i18n/{fr,en}/` (screens,
//! refusals, the audit trail, sync conflicts, the names of roles, flags and letters). The
//! UI loads the same files (`ui/src/lib/i18n.ts`). Code never writes a finished sentence:
//! it says which message, with which arguments ([`Text`]), and the edge renders it in the
//! language asked for ([`Text::render`] here, `renderText` in the UI). Program data
//! (checklist labels, stream names) stays in the program file and travels as
//! [`Bilingual`] values inside a message's arguments.
//!
//! Contents:
//! - [`language`]: the two languages, [`Language`], and [`Bilingual`] program data.
//! - [`text`]: [`Text`] (a message id and its arguments) and [`Arg`].
//! - [`catalogue`]: the Fluent files, compiled in, and rendering.
//! - [`format`]: dates, instants and amounts as Québec officers write them.

pub mod catalogue;
pub mod format;
pub mod language;
pub mod text;

pub use language::{Bilingual, Language};
pub use text::{Arg, Text};
