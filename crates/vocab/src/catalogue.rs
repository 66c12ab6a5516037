//! The catalogue: the Fluent files of `assets/i18n/{fr,en}/`, compiled in, one bundle per
//! language, and [`render`]. A message missing from the catalogue renders as its id (the
//! catalogue test makes sure none is); an argument renders as its language writes it
//! ([`crate::format`]).

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::{Arg, Language, Text, format};

/// The catalogue's files: a name, its French text, its English text. The UI loads the
/// same files; `tests/catalogue.rs` checks that this list is the whole directory.
pub const FILES: &[(&str, &str, &str)] = &[
    (
        "app.ftl",
        include_str!("../../../assets/i18n/fr/app.ftl"),
        include_str!("../../../assets/i18n/en/app.ftl"),
    ),
    (
        "rules.ftl",
        include_str!("../../../assets/i18n/fr/rules.ftl"),
        include_str!("../../../assets/i18n/en/rules.ftl"),
    ),
    (
        "terms.ftl",
        include_str!("../../../assets/i18n/fr/terms.ftl"),
        include_str!("../../../assets/i18n/en/terms.ftl"),
    ),
    (
        "names.ftl",
        include_str!("../../../assets/i18n/fr/names.ftl"),
        include_str!("../../../assets/i18n/en/names.ftl"),
    ),
    (
        "intake.ftl",
        include_str!("../../../assets/i18n/fr/intake.ftl"),
        include_str!("../../../assets/i18n/en/intake.ftl"),
    ),
    (
        "audit.ftl",
        include_str!("../../../assets/i18n/fr/audit.ftl"),
        include_str!("../../../assets/i18n/en/audit.ftl"),
    ),
    (
        "team.ftl",
        include_str!("../../../assets/i18n/fr/team.ftl"),
        include_str!("../../../assets/i18n/en/team.ftl"),
    ),
    (
        "figures.ftl",
        include_str!("../../../assets/i18n/fr/figures.ftl"),
        include_str!("../../../assets/i18n/en/figures.ftl"),
    ),
];

type Bundle = FluentBundle<FluentResource>;

fn bundle(language: Language) -> &'static Bundle {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    let [fr, en] = BUNDLES.get_or_init(|| [build(Language::Fr), build(Language::En)]);
    match language {
        Language::Fr => fr,
        Language::En => en,
    }
}

fn build(language: Language) -> Bundle {
    let locale = match language {
        Language::Fr => "fr-CA",
        Language::En => "en-CA",
    };
    let mut bundle = Bundle::new_concurrent(vec![locale.parse().expect("a valid locale")]);
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(match language {
        Language::Fr => format_fr,
        Language::En => format_en,
    }));
    for (name, fr, en) in FILES {
        let source = match language {
            Language::Fr => fr,
            Language::En => en,
        };
        let resource =
            FluentResource::try_new((*source).to_owned()).unwrap_or_else(|(_, errors)| {
                panic!("assets/i18n/{}/{name}: {errors:?}", language.code())
            });
        if let Err(errors) = bundle.add_resource(resource) {
            panic!("assets/i18n/{}/{name}: {errors:?}", language.code());
        }
    }
    bundle
}

fn format_fr<M>(value: &FluentValue, _: &M) -> Option<String> {
    number_of(value).map(|n| format::number(n, Language::Fr))
}

fn format_en<M>(value: &FluentValue, _: &M) -> Option<String> {
    number_of(value).map(|n| format::number(n, Language::En))
}

fn number_of(value: &FluentValue) -> Option<i64> {
    match value {
        FluentValue::Number(n) if n.value.fract() == 0.0 => Some(n.value as i64),
        _ => None,
    }
}

/// Whether the catalogue has the message `id` (in French; the catalogue test checks that
/// both languages have the same ids).
pub fn has(id: &str) -> bool {
    bundle(Language::Fr).has_message(id)
}

/// `text` in `language`.
pub fn render(text: &Text, language: Language) -> String {
    let bundle = bundle(language);
    let Some(pattern) = bundle.get_message(&text.id).and_then(|m| m.value()) else {
        return text.id.clone();
    };
    let mut args = FluentArgs::new();
    for (name, value) in &text.args {
        args.set(name.as_str(), value_of(value, language));
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&args), &mut errors)
        .into_owned()
}

fn value_of(arg: &Arg, language: Language) -> FluentValue<'static> {
    match arg {
        Arg::Number(n) => FluentValue::from(*n),
        other => FluentValue::from(plain(other, language)),
    }
}

/// An argument written out in `language`.
pub fn plain(arg: &Arg, language: Language) -> String {
    match arg {
        Arg::Plain(s) => s.clone(),
        Arg::Number(n) => format::number(*n, language),
        Arg::Date(d) => format::date(*d),
        Arg::Instant(t) => format::instant(*t, language),
        Arg::Money(cents) => format::money(*cents, language),
        Arg::Bilingual(b) => b.get(language).to_owned(),
        Arg::Message(t) => render(t, language),
        Arg::List(items) => items
            .iter()
            .map(|a| plain(a, language))
            .collect::<Vec<_>>()
            .join(", "),
    }
}
