//! Portal bundles for tests (`../shared/portal.md`): a one-page scan, a passport page
//! that can be rescanned, the `submission.json` of an application with the principal's
//! passport, and a bundle folder written to disk for `dossier-server intake import`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Utc};
use program::{Profile, Stream};
use serde_json::{Value, json};

/// A one-page colour scan, as applicants send them.
pub fn scan(seed: u64) -> Vec<u8> {
    scans::scanned_pdf(&scans::ScanSpec {
        title: "Passeport".into(),
        lines: vec!["Nom : Nguyen".into()],
        pages: 1,
        colour: scans::ScanColour::Colour,
        dpi: 72,
        seed,
        text_layer: false,
    })
}

/// One passport page as a scanner saw it at `dpi`: the same picture at every `dpi`, so two
/// of them are the same scan, rescanned (the same scan in two files, issue 20).
pub fn passport(dpi: u32) -> Vec<u8> {
    scans::scanned_pdf(&scans::ScanSpec {
        title: "Passeport".into(),
        lines: vec!["Nom : Nguyen".into(), "Prénoms : Thi Lan".into()],
        pages: 1,
        colour: scans::ScanColour::Colour,
        dpi,
        seed: 41,
        text_layer: false,
    })
}

/// `submission.json` of an application with one document, the principal's passport.
pub fn application(id: &str, received_at: &str, stream: Stream, profile: Profile) -> Value {
    json!({
        "format": "dossier-submission/1",
        "submission_id": id,
        "kind": "application",
        "received_at": received_at,
        "program": "pp-ai-it-ve",
        "stream": stream.code(),
        "profile": profile.code(),
        "language": "fr",
        "persons": [
            {"ref": "p1", "role": "principal_applicant", "family_name": "Nguyen",
             "given_names": "Thi Lan", "date_of_birth": "1991-04-02"}
        ],
        "payment": {"amount": "1279.00", "currency": "CAD", "method": "credit_card",
                    "payer": "applicant", "paid_on": "2023-11-24"},
        "documents": [
            {"file": "documents/passeport.pdf", "item": "identity_document", "person": "p1"}
        ]
    })
}

/// Writes a bundle folder `<dir>/<name>` with `submission.json` and `files`.
pub fn write(dir: &Path, name: &str, json: &Value, files: &[(&str, &[u8])]) -> PathBuf {
    let root = dir.join(name);
    std::fs::create_dir_all(&root).expect("bundle folder");
    std::fs::write(
        root.join("submission.json"),
        serde_json::to_vec_pretty(json).expect("submission.json"),
    )
    .expect("write submission.json");
    for (file, bytes) in files {
        let path = root.join(file);
        std::fs::create_dir_all(path.parent().expect("a file in a folder")).expect("folder");
        std::fs::write(path, bytes).expect("write a bundle's file");
    }
    root
}

/// An instant as the portal writes it: RFC 3339 at Montréal's winter offset.
pub fn rfc3339_montreal(at: DateTime<Utc>) -> String {
    let offset = FixedOffset::west_opt(5 * 3600).expect("UTC-5");
    at.with_timezone(&offset).to_rfc3339()
}
