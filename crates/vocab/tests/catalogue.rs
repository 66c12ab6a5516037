//! The catalogue is whole and used: every file of `assets/i18n/{fr,en}` is compiled in,
//! both languages have the same messages with the same variables, every message is used by
//! the code or the UI and every id the Rust code names exists, French is written as Québec
//! writes it, and arguments are written exactly as the UI writes them
//! (`assets/i18n/format-cases.json`, read by `ui/src/lib/format.test.ts` too).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast;
use vocab::{Arg, Language, catalogue};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn ftl_files(language: &str) -> BTreeSet<String> {
    std::fs::read_dir(root().join("assets/i18n").join(language))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ftl"))
        .collect()
}

/// What one message uses: its variables and the messages or terms it names.
#[derive(Debug, Default, PartialEq, Eq)]
struct Uses {
    variables: BTreeSet<String>,
    references: BTreeSet<String>,
}

fn pattern_uses(p: &ast::Pattern<&str>, out: &mut Uses) {
    for e in &p.elements {
        if let ast::PatternElement::Placeable { expression } = e {
            expression_uses(expression, out);
        }
    }
}

fn expression_uses(e: &ast::Expression<&str>, out: &mut Uses) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_uses(selector, out);
            for v in variants {
                pattern_uses(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => inline_uses(i, out),
    }
}

fn inline_uses(i: &ast::InlineExpression<&str>, out: &mut Uses) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.variables.insert(id.name.to_owned());
        }
        ast::InlineExpression::MessageReference { id, .. } => {
            out.references.insert(id.name.to_owned());
        }
        ast::InlineExpression::TermReference { id, .. } => {
            out.references.insert(format!("-{}", id.name));
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_uses(a, out);
            }
            for a in &arguments.named {
                inline_uses(&a.value, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_uses(expression, out),
        ast::InlineExpression::StringLiteral { .. }
        | ast::InlineExpression::NumberLiteral { .. } => {}
    }
}

/// Every message and term of a language: id -> (what it uses, its literal text).
fn messages(language: &str) -> BTreeMap<String, (Uses, String)> {
    let mut all = BTreeMap::new();
    for name in ftl_files(language) {
        let path = root().join("assets/i18n").join(language).join(&name);
        let source = std::fs::read_to_string(&path).unwrap();
        let resource = fluent_syntax::parser::parse(source.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
        for entry in resource.body {
            let (id, pattern) = match &entry {
                ast::Entry::Message(m) => (m.id.name.to_owned(), m.value.as_ref()),
                ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value)),
                ast::Entry::Junk { content } => {
                    panic!("{}: cannot read {content:?}", path.display())
                }
                _ => continue,
            };
            let mut uses = Uses::default();
            let mut text = String::new();
            if let Some(p) = pattern {
                pattern_uses(p, &mut uses);
                text = literal_text(p);
            }
            assert!(
                all.insert(id.clone(), (uses, text)).is_none(),
                "{language}/{name}: {id} is defined twice"
            );
        }
    }
    all
}

fn literal_text(p: &ast::Pattern<&str>) -> String {
    let mut s = String::new();
    for e in &p.elements {
        match e {
            ast::PatternElement::TextElement { value } => s.push_str(value),
            ast::PatternElement::Placeable { expression } => {
                if let ast::Expression::Select { variants, .. } = expression {
                    for v in variants {
                        s.push_str(&literal_text(&v.value));
                        s.push('\n');
                    }
                } else {
                    s.push_str("{}");
                }
            }
        }
    }
    s
}

#[test]
fn every_file_of_the_catalogue_is_compiled_in() {
    let listed: BTreeSet<String> = catalogue::FILES
        .iter()
        .map(|(n, _, _)| (*n).to_owned())
        .collect();
    assert_eq!(
        ftl_files("fr"),
        listed,
        "assets/i18n/fr and vocab::catalogue::FILES differ"
    );
    assert_eq!(
        ftl_files("en"),
        listed,
        "assets/i18n/en and vocab::catalogue::FILES differ"
    );
}

#[test]
fn both_languages_have_the_same_messages_with_the_same_variables() {
    let fr = messages("fr");
    let en = messages("en");
    let fr_ids: BTreeSet<&String> = fr.keys().collect();
    let en_ids: BTreeSet<&String> = en.keys().collect();
    assert_eq!(
        fr_ids.difference(&en_ids).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "in French only"
    );
    assert_eq!(
        en_ids.difference(&fr_ids).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "in English only"
    );
    for (id, (uses, text)) in &fr {
        let (en_uses, en_text) = &en[id];
        assert_eq!(
            uses.variables, en_uses.variables,
            "{id}: not the same variables"
        );
        assert!(
            !text.trim().is_empty() || !uses.variables.is_empty(),
            "{id} is empty in French"
        );
        assert!(
            !en_text.trim().is_empty() || !en_uses.variables.is_empty(),
            "{id} is empty in English"
        );
        for r in uses.references.iter().chain(&en_uses.references) {
            assert!(
                fr.contains_key(r),
                "{id} names {r}, which is not in the catalogue"
            );
        }
    }
}

/// Every string literal of a source file (Rust, TypeScript, Svelte), comments left out.
fn literals(source: &str) -> Vec<String> {
    let bytes: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < bytes.len() && bytes[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < bytes.len() && !(bytes[i] == '*' && bytes[i + 1] == '/') {
                i += 1;
            }
            i += 2;
            continue;
        }
        if c == '"' || c == '\'' || c == '`' {
            // A Rust char or lifetime: not a string.
            if c == '\''
                && (next == Some('\\') && bytes.get(i + 3) == Some(&'\'')
                    || bytes.get(i + 2) == Some(&'\''))
            {
                i += 3;
                continue;
            }
            let mut j = i + 1;
            let mut s = String::new();
            while j < bytes.len() && bytes[j] != c {
                if bytes[j] == '\\' {
                    j += 1;
                }
                if j < bytes.len() {
                    s.push(bytes[j]);
                }
                j += 1;
            }
            if c == '\'' && s.contains('\n') {
                // A lifetime or an apostrophe in prose: skip the quote only.
                i += 1;
                continue;
            }
            out.push(s);
            i = j + 1;
            continue;
        }
        i += 1;
    }
    out
}

fn sources(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(
                name.as_str(),
                "node_modules" | "target" | "dist" | "bindings"
            ) {
                sources(&path, exts, out);
            }
        } else if exts.iter().any(|x| name.ends_with(x)) && name != "messages.ts" {
            out.push(path);
        }
    }
}

/// The index just past the parenthesis that closes the one opened before `start`
/// (parentheses inside string literals do not count).
fn past_closing_paren(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut at, mut in_str) = (1, start, false);
    while at < bytes.len() && depth > 0 {
        match bytes[at] {
            b'\\' if in_str => at += 1,
            b'"' => in_str = !in_str,
            b'(' if !in_str => depth += 1,
            b')' if !in_str => depth -= 1,
            _ => {}
        }
        at += 1;
    }
    at
}

/// Where a message is named in Rust code: the id and the argument names given to it with
/// `.with("name", …)` right after (`Text::new("id")`, or `t("id")` where `let t = Text::new`).
fn rust_calls(source: &str) -> Vec<(String, Vec<String>)> {
    let text = source;
    let mut out = Vec::new();
    let mut starts = Vec::new();
    // (`vocab::Text::new(` is found as `Text::new(` too.)
    let pat = "Text::new(";
    let mut from = 0;
    while let Some(i) = text[from..].find(pat) {
        starts.push(from + i + pat.len());
        from += i + pat.len();
    }
    if text.contains("let t = Text::new;") {
        let mut from = 0;
        while let Some(i) = text[from..].find("t(\"") {
            let at = from + i;
            let before = text[..at].chars().last();
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                starts.push(at + 2);
            }
            from = at + 3;
        }
    }
    starts.sort_unstable();
    starts.dedup();
    for start in starts {
        // The call's argument, to its closing parenthesis.
        let end = past_closing_paren(text, start);
        let ids: Vec<String> = literals(&text[start..end - 1])
            .into_iter()
            // Ids are kebab-case; a match's patterns (`"persons" =>`) are not.
            .filter(|l| {
                l.contains('-')
                    && l.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            })
            .collect();
        // The `.with("name", …)` calls chained right after it.
        let mut names = Vec::new();
        let mut at = end;
        loop {
            let rest = text[at..].trim_start();
            let skipped = text.len() - at - rest.len();
            let Some(after) = rest.strip_prefix(".with(\"") else {
                break;
            };
            let Some(close) = after.find('"') else { break };
            names.push(after[..close].to_owned());
            // Skip to the end of this `.with(…)`.
            at = past_closing_paren(text, at + skipped + ".with(".len());
        }
        for id in &ids {
            out.push((
                id.clone(),
                if ids.len() == 1 {
                    names.clone()
                } else {
                    Vec::new()
                },
            ));
        }
    }
    out
}

#[test]
fn every_message_is_used_and_every_id_the_code_names_exists() {
    let fr = messages("fr");
    let mut files = Vec::new();
    sources(&root().join("crates"), &[".rs"], &mut files);
    sources(&root().join("src-tauri/src"), &[".rs"], &mut files);
    let rust_files = files.len();
    sources(&root().join("ui/src"), &[".ts", ".svelte"], &mut files);
    sources(&root().join("assets/letters"), &[".jinja"], &mut files);
    // Tests do not count as use: a message only a test names is dead.
    files.retain(|p| {
        let p = p.to_string_lossy();
        !p.contains("/tests/") && !p.ends_with(".test.ts") && !p.contains("/src/test/")
    });
    let rust_files = rust_files.min(
        files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .count(),
    );
    let mut used = BTreeSet::new();
    let mut calls = 0;
    for (n, path) in files.iter().enumerate() {
        let source = std::fs::read_to_string(path).unwrap();
        let code = if n < rust_files {
            source
                .find("#[cfg(test)]")
                .map_or(source.as_str(), |i| &source[..i])
        } else {
            source.as_str()
        };
        for literal in literals(code) {
            if fr.contains_key(&literal) {
                used.insert(literal);
            }
        }
        if n < rust_files {
            for (id, names) in rust_calls(code) {
                calls += 1;
                let Some((uses, _)) = fr.get(&id) else {
                    panic!(
                        "{}: Text::new(\"{id}\") is not in the catalogue",
                        path.display()
                    );
                };
                for name in names {
                    assert!(
                        uses.variables.contains(&name),
                        "{}: {id} is given `{name}`, which the message does not use ({:?})",
                        path.display(),
                        uses.variables
                    );
                }
            }
        }
    }
    assert!(
        calls > 200,
        "only {calls} Text::new calls found: is the scan right?"
    );
    for (uses, _) in fr.values() {
        used.extend(uses.references.iter().cloned());
    }
    let unused: Vec<&String> = fr.keys().filter(|id| !used.contains(*id)).collect();
    assert!(unused.is_empty(), "messages nobody uses: {unused:?}");
}

#[test]
fn french_is_written_as_quebec_writes_it_and_english_with_the_same_apostrophe() {
    for (language, msgs) in [("fr", messages("fr")), ("en", messages("en"))] {
        for (id, (_, text)) in &msgs {
            assert!(
                !text.contains('\''),
                "{language} {id}: write ’ for the apostrophe: {text:?}"
            );
            assert!(
                !text.contains('"'),
                "{language} {id}: write « » (or “ ” in English): {text:?}"
            );
            assert!(!text.contains("..."), "{language} {id}: write … : {text:?}");
            if language == "fr" {
                for p in [':', ';', '!', '?'] {
                    assert!(
                        !text.contains(&format!(" {p}")),
                        "fr {id}: a no-break space (U+00A0) goes before {p}: {text:?}"
                    );
                    let chars: Vec<char> = text.chars().collect();
                    for (k, c) in chars.iter().enumerate() {
                        if *c != p || k == 0 {
                            continue;
                        }
                        let prev = chars[k - 1];
                        // Punctuation is followed by a space or ends the text: `(?)`,
                        // `10:30`, `HH:MM` and `https://` are not punctuation.
                        let not_punctuation = chars.get(k + 1).is_some_and(|n| !n.is_whitespace());
                        assert!(
                            matches!(prev, '\u{a0}' | '\u{202f}') || not_punctuation,
                            "fr {id}: a no-break space (U+00A0) goes before {p}: {text:?}"
                        );
                    }
                }
                assert!(
                    !text.contains("« ") && !text.contains(" »"),
                    "fr {id}: « and » take no-break spaces: {text:?}"
                );
                for (k, c) in text.char_indices() {
                    if c == '«' {
                        assert!(
                            text[k + c.len_utf8()..].starts_with('\u{a0}'),
                            "fr {id}: « takes a no-break space after it: {text:?}"
                        );
                    }
                    if c == '»' {
                        assert!(
                            text[..k].ends_with('\u{a0}'),
                            "fr {id}: » takes a no-break space before it: {text:?}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn the_french_letters_follow_the_same_typography() {
    // The bodies of letters are templates (assets/letters/fr); their words, outside
    // `{{ }}`, `{% %}` and `{# #}`, follow the catalogue's typography.
    let dir = root().join("assets/letters/fr");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "jinja") {
            continue;
        }
        checked += 1;
        let source = std::fs::read_to_string(&path).unwrap();
        let mut words = String::new();
        let mut rest = source.as_str();
        while let Some(i) = rest.find('{') {
            words.push_str(&rest[..i]);
            let close = match rest[i..].chars().nth(1) {
                Some('{') => "}}",
                Some('%') => "%}",
                Some('#') => "#}",
                _ => {
                    words.push('{');
                    rest = &rest[i + 1..];
                    continue;
                }
            };
            words.push('\u{a0}');
            rest = rest[i..]
                .find(close)
                .map_or("", |j| &rest[i + j + close.len()..]);
        }
        words.push_str(rest);
        for p in [" :", " ;", " !", " ?", "« ", " »"] {
            assert!(
                !words.contains(p),
                "{}: a no-break space (U+00A0) goes where `{p}` has an ordinary one",
                path.display()
            );
        }
    }
    assert!(checked >= 7, "the French letter templates: {checked}");
}

#[test]
fn arguments_are_written_as_the_ui_writes_them() {
    let cases: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(root().join("assets/i18n/format-cases.json")).unwrap(),
    )
    .unwrap();
    assert!(cases.len() >= 8, "too few cases");
    for case in cases {
        let arg: Arg = serde_json::from_value(case["arg"].clone()).unwrap();
        for language in Language::ALL {
            assert_eq!(
                catalogue::plain(&arg, language),
                case[language.code()].as_str().unwrap(),
                "{arg:?} in {language:?}"
            );
        }
    }
}

#[test]
fn a_message_renders_with_its_arguments_and_plurals() {
    let text = vocab::Text::new("rule-until-day")
        .with("day", chrono::NaiveDate::from_ymd_opt(2024, 11, 2).unwrap());
    assert_eq!(text.render(Language::Fr), "jusqu’au 2024-11-02");
    assert_eq!(text.render(Language::En), "until 2024-11-02");
    assert_eq!(
        text.to_string(),
        "until 2024-11-02",
        "Display is English, for logs"
    );
    assert!(catalogue::has("rule-until-day"));
    let unknown = "no-such-message";
    assert_eq!(vocab::Text::new(unknown).render(Language::Fr), unknown);
    // French plurals: 0 and 1 are singular; numbers are grouped as the language writes them.
    let files = |n: i64| vocab::Text::new("queue-total").with("n", n);
    assert_eq!(files(0).render(Language::Fr), "0 dossier");
    assert_eq!(files(1).render(Language::Fr), "1 dossier");
    assert_eq!(files(1234).render(Language::Fr), "1\u{a0}234 dossiers");
    assert_eq!(files(0).render(Language::En), "0 files");
    assert_eq!(files(1234).render(Language::En), "1,234 files");
}
