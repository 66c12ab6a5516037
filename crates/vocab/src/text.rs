//! [`Text`]: what code says instead of a sentence. A message id of the catalogue and its
//! arguments, typed so that each edge (the UI, a letter, a log line) writes a date, an
//! amount or a name as that language writes it.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Bilingual, Language};

/// A message of the catalogue, with its arguments: rendered at the edge, in the language
/// asked for ([`Text::render`]; `renderText` in the UI).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct Text {
    /// The Fluent message id (`rules-no-missing-items-request`).
    pub id: String,
    /// The message's variables, by name (`$item` is `item`).
    #[serde(default)]
    pub args: BTreeMap<String, Arg>,
}

/// The value of one variable of a message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Arg {
    /// Written as is: a name, a file number, a note the user typed.
    Plain(String),
    /// A count: written with the language's digits, and chooses plural forms.
    Number(#[ts(type = "number")] i64),
    /// A calendar day: `2024-11-02` in both languages.
    Date(NaiveDate),
    /// An instant, written as a day and a time in Montréal: `2024-04-10 10 h 30`,
    /// `2024-04-10 10:30`.
    Instant(DateTime<Utc>),
    /// An amount in cents of Canadian dollars: `1 279,00 $`, `$1,279.00`.
    Money(#[ts(type = "number")] i64),
    /// Program data given in both languages (a checklist label).
    Bilingual(Bilingual),
    /// Another message of the catalogue (a role, a kind of letter).
    Message(Box<Text>),
    /// Several values, joined with `, `.
    List(Vec<Arg>),
}

impl Text {
    /// The message `id`, with no argument yet.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            args: BTreeMap::new(),
        }
    }

    /// Adds the argument `name`.
    pub fn with(mut self, name: &str, value: impl Into<Arg>) -> Self {
        self.args.insert(name.to_owned(), value.into());
        self
    }

    /// The message in `language`, from the catalogue.
    pub fn render(&self, language: Language) -> String {
        crate::catalogue::render(self, language)
    }

    /// The message in both languages (for a log line or a test).
    pub fn both(&self) -> Bilingual {
        Bilingual::new(self.render(Language::Fr), self.render(Language::En))
    }
}

impl std::fmt::Display for Text {
    /// English, the language of logs and technical details.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Language::En))
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Plain(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Plain(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Plain(s.clone())
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(i64, i32, u32, u64, usize);

impl From<NaiveDate> for Arg {
    fn from(d: NaiveDate) -> Self {
        Arg::Date(d)
    }
}

impl From<DateTime<Utc>> for Arg {
    fn from(t: DateTime<Utc>) -> Self {
        Arg::Instant(t)
    }
}

impl From<Bilingual> for Arg {
    fn from(b: Bilingual) -> Self {
        Arg::Bilingual(b)
    }
}

impl From<&Bilingual> for Arg {
    fn from(b: &Bilingual) -> Self {
        Arg::Bilingual(b.clone())
    }
}

impl From<Text> for Arg {
    fn from(t: Text) -> Self {
        Arg::Message(Box::new(t))
    }
}

impl<T: Into<Arg>> From<Vec<T>> for Arg {
    fn from(v: Vec<T>) -> Self {
        Arg::List(v.into_iter().map(Into::into).collect())
    }
}
