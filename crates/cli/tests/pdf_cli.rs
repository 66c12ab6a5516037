//! `dossier pdf inspect` and `dossier pdf render` run as a program on generated PDFs whose
//! answers are known: the formats of docs/pdf.md (one JSON line per file), document
//! problems reported as flags, a file that cannot be read reported as an error with a
//! non-zero exit, and a rendered page whose size is the one asked for.

use std::path::Path;
use std::process::{Command, Output};

use scans::{ScanColour, ScanSpec};
use serde_json::Value;

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("the dossier binary runs")
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn flag_kinds(line: &Value) -> Vec<String> {
    line["flags"]
        .as_array()
        .expect("flags is an array")
        .iter()
        .map(|f| f["kind"].as_str().expect("a flag has a kind").to_owned())
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG file");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes(b.try_into().unwrap());
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

#[test]
fn inspect_prints_one_line_per_file_with_its_flags() {
    let dir = tempfile::tempdir().unwrap();
    let colour = write(
        dir.path(),
        "passeport.pdf",
        &scans::scanned_pdf(&ScanSpec {
            pages: 2,
            ..ScanSpec::new("Passeport")
        }),
    );
    let grey = write(
        dir.path(),
        "diplome-gris.pdf",
        &scans::scanned_pdf(&ScanSpec {
            colour: ScanColour::Greyscale,
            ..ScanSpec::new("Diplôme")
        }),
    );
    let protected = write(
        dir.path(),
        "protege.pdf",
        &scans::encrypted_pdf(&ScanSpec::new("Lettre"), "secret"),
    );
    let corrupt = write(dir.path(), "illisible.pdf", &scans::corrupt_pdf(7));

    let out = dossier(&["pdf", "inspect", &colour, &grey, &protected, &corrupt]);
    assert!(
        out.status.success(),
        "document problems are flags, not failures: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = lines(&out);
    assert_eq!(lines.len(), 4, "one line per file");
    for (line, file) in lines.iter().zip([&colour, &grey, &protected, &corrupt]) {
        assert_eq!(
            line["file"],
            file.as_str(),
            "lines come in the order of the files"
        );
    }

    assert_eq!(lines[0]["page_count"], 2);
    let size = &lines[0]["page_sizes"][0];
    assert_eq!(
        (size["width"].as_f64(), size["height"].as_f64()),
        (Some(612.0), Some(792.0))
    );
    assert_eq!(size["pages"], 2);
    assert!(
        flag_kinds(&lines[0]).is_empty(),
        "a clean colour scan has no flag: {}",
        lines[0]
    );

    assert_eq!(flag_kinds(&lines[1]), ["not_in_colour"]);
    assert_eq!(flag_kinds(&lines[2]), ["password_protected"]);
    assert_eq!(lines[2]["page_count"], Value::Null);
    assert_eq!(flag_kinds(&lines[3]), ["corrupt"]);
}

#[test]
fn inspect_opens_a_protected_file_with_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let protected = write(
        dir.path(),
        "protege.pdf",
        &scans::encrypted_pdf(&ScanSpec::new("Lettre"), "secret"),
    );
    let out = dossier(&["pdf", "inspect", "--password", "secret", &protected]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = &lines(&out)[0];
    assert_eq!(line["page_count"], 1);
    assert!(!flag_kinds(line).contains(&"password_protected".to_owned()));
}

#[test]
fn inspect_of_a_missing_file_is_an_error_line_and_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "ok.pdf",
        &scans::scanned_pdf(&ScanSpec::new("Ok")),
    );
    let missing = dir.path().join("absent.pdf");
    let out = dossier(&["pdf", "inspect", missing.to_str().unwrap(), &good]);
    assert!(
        !out.status.success(),
        "a file that could not be checked fails the run"
    );
    let lines = lines(&out);
    assert_eq!(lines.len(), 2, "the other files are still inspected");
    assert_eq!(lines[0]["error"]["code"], "io");
    assert!(
        lines[0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("absent.pdf"),
        "the error names the file: {}",
        lines[0]
    );
    assert_eq!(lines[1]["page_count"], 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 of 2 file(s) could not be inspected"),
        "{stderr}"
    );
}

#[test]
fn render_writes_the_page_at_the_width_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = write(
        dir.path(),
        "deux-pages.pdf",
        &scans::scanned_pdf(&ScanSpec {
            pages: 2,
            ..ScanSpec::new("Relevé")
        }),
    );
    let png = dir.path().join("page2.png");
    let out = dossier(&[
        "pdf",
        "render",
        &pdf,
        "--page",
        "2",
        "--width",
        "300",
        "-o",
        png.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = &lines(&out)[0];
    assert_eq!(line["page"], 2);
    assert_eq!(line["width"], 300);
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(line["bytes"], bytes.len());
    // US Letter at 300 px wide: 300 x 388.
    assert_eq!(png_size(&bytes), (300, 388));

    // Rotated a quarter turn, the page is as wide as asked and lies on its side.
    let rotated = dir.path().join("rotated.png");
    let out = dossier(&[
        "pdf",
        "render",
        &pdf,
        "--width",
        "300",
        "--rotate",
        "90",
        "-o",
        rotated.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (w, h) = png_size(&std::fs::read(&rotated).unwrap());
    assert_eq!(w, 300);
    assert!(h < w, "a page on its side is wider than tall: {w}x{h}");
}

#[test]
fn render_refuses_a_page_out_of_range_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = write(
        dir.path(),
        "une-page.pdf",
        &scans::scanned_pdf(&ScanSpec::new("Une")),
    );
    let png = dir.path().join("nope.png");
    let out = dossier(&[
        "pdf",
        "render",
        &pdf,
        "--page",
        "5",
        "-o",
        png.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("page 5"), "{stderr}");
    assert!(
        !png.exists(),
        "no image is written for a page that does not exist"
    );
}
