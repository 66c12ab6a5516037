//! Every rule id of the domain brief is named by at least one test of this crate (the
//! acceptance rule "tests name the rule id"). `$1` is spelled `dollar1` in test names.

use std::collections::BTreeSet;

const RULE_IDS: &[&str] = &[
    "p1", "p2", "p3", "p4", "p5", //
    "i1", "i2", "i3", "i4", "i5", //
    "f1", "f2", "f3", "f4", "f5", "f6", //
    "dollar1", "dollar2", "dollar3", "dollar4", //
    "a1", "a2", //
    "v1", "v2", "v3", "v4", "v5", //
    "d1", "d2", "d3", "d4", "d5", //
    "m1", "m2", "m3", "m4", "m5",
];

/// The words of the names of the test functions in `src/`.
fn test_name_words() -> BTreeSet<String> {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut words = BTreeSet::new();
    for entry in std::fs::read_dir(&src).expect("the crate's src folder") {
        let text = std::fs::read_to_string(entry.expect("a file").path()).expect("a source file");
        // A test is a `fn` after #[test] or inside proptest! {}; both sit in `mod tests`.
        let Some(tests) = text.split("mod tests").nth(1) else {
            continue;
        };
        for line in tests.lines() {
            let Some(rest) = line.trim_start().strip_prefix("fn ") else {
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            words.extend(name.split('_').map(str::to_owned));
        }
    }
    words
}

#[test]
fn every_rule_id_is_named_by_a_test() {
    let words = test_name_words();
    let missing: Vec<&str> = RULE_IDS
        .iter()
        .copied()
        .filter(|id| !words.contains(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "no test names these rule ids: {missing:?}"
    );
}
