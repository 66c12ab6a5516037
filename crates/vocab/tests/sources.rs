//! No word a person reads is written in Rust outside the catalogue and the program file.
//!
//! Every string literal of the crates' code (tests left out) is scanned: a literal that
//! looks like French (an accented letter, a typographic apostrophe or guillemet, or a
//! French function word) fails, and so does building a [`vocab::Bilingual`] from literals,
//! because people's words are messages of `assets/i18n`. English literals remain for
//! logs, the CLI and the technical details under a message (`#[error]`, `message` for
//! support), which the screens never show without the catalogue's words.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Literals that look like French but are not words for people, each with why.
const NOT_WORDS: &[(&str, &str)] = &[
    // The program names the P4 notice item by its label (admissibility.rs): data.
    (
        "TECHNOCompétences",
        "the notice item's label, looked up in the program data",
    ),
];

/// Crates whose code never holds people's words, or whose words are data: the catalogue
/// itself (its formats), the program file's loader, test and demo data.
const SKIPPED: &[&str] = &[
    "crates/vocab/",                    // the catalogue and its formats (month names)
    "crates/testkit/",                  // test support
    "crates/scans/",                    // synthetic scans: their pages carry demo text
    "crates/demo/",                     // demo data: names and notes of made-up files
    "crates/program/src/definition.rs", // the program file's loader (administrators, English)
    "crates/cli/src/bench/",            // benchmark data: made-up files and scans
    "crates/letters/examples/",         // sample letters: made-up names and addresses
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            if !path.ends_with("tests") && !path.ends_with("benches") && !path.ends_with("fuzz") {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its test module (`#[cfg(test)]` to the end, as the crates
/// write it).
fn code_of(source: &str) -> &str {
    source.find("#[cfg(test)]").map_or(source, |i| &source[..i])
}

/// (line, literal) for every string literal, comments left out.
fn literals(code: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
        }
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '\'' {
            // A char literal ('x', '\n', '\u{a0}') or a lifetime: skip it.
            if next == Some('\\') {
                while i + 1 < chars.len() && chars[i + 1] != '\'' {
                    i += 1;
                }
                i += 2;
                continue;
            }
            if chars.get(i + 2) == Some(&'\'') {
                i += 3;
                continue;
            }
            i += 1;
            continue;
        }
        if c == '"' {
            let start = line;
            let mut j = i + 1;
            let mut s = String::new();
            while j < chars.len() && chars[j] != '"' {
                if chars[j] == '\\' {
                    j += 1;
                }
                if chars[j] == '\n' {
                    line += 1;
                }
                s.push(chars[j]);
                j += 1;
            }
            out.push((start, s));
            i = j + 1;
            continue;
        }
        i += 1;
    }
    out
}

fn looks_french(s: &str) -> bool {
    if s.chars().any(|c| "éèêëàâîïôûùçÉÈÀÇ’«»".contains(c)) {
        return true;
    }
    let lower = format!(" {} ", s.to_lowercase());
    // (Not « dossier »: it is also the app's name.)
    [
        " le ", " la ", " les ", " des ", " du ", " est ", " une ", " aucun", " l'", " d'", " n'",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

#[test]
fn no_words_for_people_outside_the_catalogue() {
    let mut files = Vec::new();
    rust_files(&root().join("crates"), &mut files);
    rust_files(&root().join("src-tauri/src"), &mut files);
    let mut found = Vec::new();
    let mut scanned = 0;
    for path in &files {
        let rel = path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let rel = rel.trim_start_matches("./").to_owned();
        if SKIPPED.iter().any(|s| rel.starts_with(s)) {
            continue;
        }
        scanned += 1;
        let source = std::fs::read_to_string(path).unwrap();
        let code = code_of(&source);
        for (line, literal) in literals(code) {
            if looks_french(&literal) && !NOT_WORDS.iter().any(|(w, _)| literal == *w) {
                found.push(format!("{rel}:{line}: {literal:?}"));
            }
        }
        for (n, text) in code.lines().enumerate() {
            if text.contains("Bilingual::new(\"") {
                found.push(format!("{rel}:{}: a Bilingual built from literals", n + 1));
            }
        }
    }
    assert!(
        scanned > 50,
        "only {scanned} files scanned: is the path right?"
    );
    assert!(
        found.is_empty(),
        "words for people belong in assets/i18n (a message and its arguments):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_sees_what_it_must() {
    let code = "fn f() { let a = \"le dossier est complet\"; let b = 'x'; let c = \"SELECT id\"; }\n// « ignored »";
    let found: Vec<String> = literals(code)
        .into_iter()
        .map(|(_, s)| s)
        .filter(|s| looks_french(s))
        .collect();
    assert_eq!(found, vec!["le dossier est complet".to_owned()]);
    assert!(looks_french("reçu"));
    assert!(!looks_french("the file is complete"));
}
