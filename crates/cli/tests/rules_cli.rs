//! `dossier rules ...` run as a program: the formats of docs/rules-cli.md, and malformed
//! input that names the line and the field and prints nothing on standard output.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn dossier(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the dossier binary runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    child.wait_with_output().unwrap()
}

/// The JSON lines printed by a successful run.
fn ok_lines(out: &Output) -> Vec<Value> {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// The error of a failed run, which printed nothing on standard output.
fn failure(out: &Output) -> String {
    assert!(!out.status.success(), "expected a failure");
    assert!(
        out.stdout.is_empty(),
        "printed on failure: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn app(id: &str, stream: &str, profile: &str, at: &str) -> String {
    format!(r#"{{"id":"{id}","stream":"{stream}","profile":"{profile}","received_at":"{at}"}}"#)
}

#[test]
fn i1_i3_i4_intake_prints_outcomes_in_receipt_order_then_caps() {
    let dir = tempfile::tempdir().unwrap();
    // A definition whose it_vfx Francization sub-cap is 2 (P5: data, not code).
    let small = program::definition::BUILTIN_TOML.replace(
        "stream = \"it_vfx\"\nprofile = \"francization\"\nlimit = 200",
        "stream = \"it_vfx\"\nprofile = \"francization\"\nlimit = 2",
    );
    let def = write(dir.path(), "small.toml", &small);
    let lines = [
        app(
            "third",
            "it_vfx",
            "francization",
            "2023-12-01T15:19:01-05:00",
        ),
        app(
            "first",
            "it_vfx",
            "francization",
            "2023-11-30T09:00:00-05:00",
        ),
        app("second", "it_vfx", "francization", "2023-12-01T20:19:00Z"),
        app("early", "ai", "regular", "2023-11-22T23:59:59-05:00"),
        app("regular", "it_vfx", "regular", "2023-12-02T09:00:00-05:00"),
    ];
    let file = write(dir.path(), "apps.jsonl", &(lines.join("\n") + "\n"));
    let out = ok_lines(&dossier(
        &[
            "rules",
            "intake",
            file.to_str().unwrap(),
            "--program",
            def.to_str().unwrap(),
        ],
        None,
    ));
    let ids: Vec<&str> = out
        .iter()
        .take(5)
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["early", "first", "second", "third", "regular"]);
    assert_eq!(out[0]["outcome"], "not_received");
    assert_eq!(out[0]["reason"], "before_window");
    assert_eq!(out[1]["outcome"], "received");
    assert_eq!(out[1]["rank"], 1);
    assert_eq!(out[2]["received_at"], "2023-12-01T15:19:00-05:00");
    assert_eq!(out[3]["reason"], "cap_reached");
    assert_eq!(out[3]["cap"], "it_vfx/francization");
    assert_eq!(out[3]["cap_filled_at"], "2023-12-01T15:19:00-05:00");
    assert_eq!(out[4]["outcome"], "received");
    let caps: Vec<&Value> = out.iter().filter(|l| l["kind"] == "cap").collect();
    assert_eq!(caps.len(), 5);
    let sub = caps
        .iter()
        .find(|c| c["cap"] == "it_vfx/francization")
        .unwrap();
    assert_eq!(sub["filled_at"], "2023-12-01T15:19:00-05:00");
    assert_eq!(sub["filled_by"], "second");
    assert_eq!(caps[0]["cap"], "program");
    assert_eq!(caps[0]["filled_at"], Value::Null);

    // The same input on standard input, with the built-in definition: all received.
    let out = ok_lines(&dossier(&["rules", "intake", "-"], Some(&lines.join("\n"))));
    assert_eq!(out.iter().filter(|l| l["outcome"] == "received").count(), 4);
}

#[test]
fn intake_malformed_line_names_line_and_field_and_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let good = app("a", "ai", "regular", "2024-01-10T10:00:00-05:00");
    let cases = [
        (
            app("b", "ia", "regular", "2024-01-10T10:00:00-05:00"),
            "field `stream`",
        ),
        (
            app("b", "ai", "regular", "2024-01-10"),
            "field `received_at`",
        ),
        (
            r#"{"id":"b","stream":"ai","received_at":"2024-01-10T10:00:00-05:00"}"#.to_owned(),
            "field `profile`",
        ),
        (good.clone(), "already on line 1"),
    ];
    for (bad, expected) in cases {
        let file = write(
            dir.path(),
            "apps.jsonl",
            &format!("{good}\n{bad}\n{good}x\n"),
        );
        let err = failure(&dossier(&["rules", "intake", file.to_str().unwrap()], None));
        assert!(err.contains("apps.jsonl, line 2"), "{err}");
        assert!(err.contains(expected), "{expected}: {err}");
    }
}

#[test]
fn dollar1_fees_for_a_family_on_a_date() {
    let out = ok_lines(&dossier(
        &[
            "rules",
            "fees",
            "--date",
            "2024-03-01",
            "--spouse",
            "--children",
            "2",
        ],
        None,
    ));
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["schedule_from"], "2024-01-01");
    assert_eq!(out[0]["total"]["cents"], 147_100);
    assert_eq!(out[0]["total"]["en"], "$1,471.00");
    assert_eq!(out[0]["total"]["fr"], "1\u{a0}471,00\u{a0}$");
    assert_eq!(out[0]["lines"][2]["role"], "dependent_child");
    assert_eq!(out[0]["lines"][2]["count"], 2);
    assert_eq!(out[0]["lines"][2]["amount"]["cents"], 38_400);

    let alone = ok_lines(&dossier(&["rules", "fees", "--date", "2024-12-31"], None));
    assert_eq!(alone[0]["total"]["cents"], 89_500);
}

#[test]
fn dollar1_fees_on_a_date_without_schedule_is_an_error() {
    let err = failure(&dossier(&["rules", "fees", "--date", "2025-01-01"], None));
    assert!(
        err.contains("the fee schedule for 2025-01-01 is not known"),
        "{err}"
    );
    let err = failure(&dossier(&["rules", "fees", "--date", "2024-13-01"], None));
    assert!(err.contains("--date"), "{err}");
}

#[test]
fn p5_fee_change_in_a_definition_file_changes_the_amount() {
    let dir = tempfile::tempdir().unwrap();
    let changed =
        program::definition::BUILTIN_TOML.replace("spouse = \"192.00\"", "spouse = \"200.00\"");
    let def = write(dir.path(), "changed.toml", &changed);
    let out = ok_lines(&dossier(
        &[
            "rules",
            "fees",
            "--date",
            "2024-03-01",
            "--spouse",
            "--program",
            def.to_str().unwrap(),
        ],
        None,
    ));
    assert_eq!(out[0]["total"]["cents"], 109_500);

    let broken = program::definition::BUILTIN_TOML.replace("spouse = \"192.00\"", "spouse = 192");
    let def = write(dir.path(), "broken.toml", &broken);
    let err = failure(&dossier(
        &[
            "rules",
            "fees",
            "--date",
            "2024-03-01",
            "--program",
            def.to_str().unwrap(),
        ],
        None,
    ));
    assert!(err.contains("broken.toml, line"), "{err}");
    assert!(err.contains("field `fees[0].spouse`"), "{err}");
}

#[test]
fn v2_v3_v5_attestation_lists_who_must_obtain_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "family.json",
        r#"{
  "request_date": "2024-06-01",
  "persons": [
    {"id": "pa", "role": "principal_applicant", "date_of_birth": "1985-03-03"},
    {"id": "sp", "role": "spouse", "date_of_birth": "2008-06-01"},
    {"id": "c1", "role": "dependent_child", "date_of_birth": "2006-06-02"},
    {"id": "c2", "role": "dependent_child", "date_of_birth": "2004-01-01", "holds_attestation": true},
    {"id": "c3", "role": "dependent_child", "date_of_birth": "2005-01-01",
     "added_after_submission": true, "permit_and_objectif_integration": true}
  ]
}"#,
    );
    let out = ok_lines(&dossier(
        &["rules", "attestation", file.to_str().unwrap()],
        None,
    ));
    let duty = |i: usize| {
        (
            out[i]["id"].as_str().unwrap(),
            out[i]["duty"].as_str().unwrap(),
        )
    };
    assert_eq!(duty(0), ("pa", "must_obtain"));
    assert_eq!(duty(1), ("sp", "must_obtain"));
    assert_eq!(out[1]["age"], 16);
    assert_eq!(duty(2), ("c1", "exempt"));
    assert_eq!(out[2]["exemption"], "under_age");
    assert_eq!(out[3]["exemption"], "already_holds");
    assert_eq!(out[4]["exemption"], "permit_and_objectif_integration");
    assert_eq!(out[0]["last_day"], "2024-07-31");
    assert_eq!(out[0]["ends_at"], "2024-08-01T00:00:00-04:00");
    assert_eq!(out[5]["kind"], "request");
    assert_eq!(out[5]["must_obtain"], serde_json::json!(["pa", "sp"]));
}

#[test]
fn attestation_malformed_input_names_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "bad.json",
        "{\n  \"request_date\": \"2024-06-01\",\n  \"persons\": [\n    {\"id\": \"pa\", \"role\": \"principal_applicant\", \"date_of_birth\": \"1985-03-03\"},\n    {\"id\": \"sp\", \"role\": \"wife\", \"date_of_birth\": \"1986-01-01\"}\n  ]\n}\n",
    );
    let err = failure(&dossier(
        &["rules", "attestation", file.to_str().unwrap()],
        None,
    ));
    assert!(
        err.contains("bad.json, line 5, field `persons[1].role`"),
        "{err}"
    );
    let missing = dir.path().join("absent.json");
    let err = failure(&dossier(
        &["rules", "attestation", missing.to_str().unwrap()],
        None,
    ));
    assert!(err.contains("absent.json"), "{err}");
}
