//! Bundles as the portal sends them (`../shared/portal.md`): a good one is read whole from
//! a folder or a zip with the same content hash; each bad input is refused with its
//! problem named, and reading goes no further than the limits allow.

use std::io::Write;
use std::path::{Path, PathBuf};

use portal::error::Problem;
use portal::{Limits, read_bundle};
use program::ProgramDefinition;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

fn application() -> serde_json::Value {
    serde_json::json!({
        "format": "dossier-submission/1",
        "submission_id": "ARR-2023-000123",
        "kind": "application",
        "received_at": "2023-11-24T10:02:13-05:00",
        "program": "pp-ai-it-ve",
        "stream": "ai",
        "profile": "francization",
        "language": "fr",
        "persons": [
            {"ref": "p1", "role": "principal_applicant", "family_name": "Nguyen",
             "given_names": "Thi Lan", "date_of_birth": "1991-04-02",
             "email": "tl.nguyen@example.org", "attestation_held": false},
            {"ref": "p2", "role": "spouse", "family_name": "Tremblay",
             "given_names": "Marc", "date_of_birth": "1989-09-30"}
        ],
        "payment": {"amount": "1279.00", "currency": "CAD", "method": "credit_card",
                    "payer": "applicant", "paid_on": "2023-11-24"},
        "documents": [
            {"file": "documents/formulaire-partie-1.pdf", "item": "form_part_1"},
            {"file": "documents/passeport-nguyen.pdf", "item": "identity_document", "person": "p1"}
        ]
    })
}

/// Writes a bundle folder: `submission.json` and each `(path, bytes)`.
fn folder(dir: &Path, json: &serde_json::Value, files: &[(&str, &[u8])]) -> PathBuf {
    let root = dir.join("ARR-2023-000123");
    std::fs::create_dir_all(root.join("documents")).unwrap();
    std::fs::write(
        root.join("submission.json"),
        serde_json::to_vec_pretty(json).unwrap(),
    )
    .unwrap();
    for (name, bytes) in files {
        std::fs::write(root.join(name), bytes).unwrap();
    }
    root
}

fn good_files() -> Vec<(&'static str, &'static [u8])> {
    vec![
        ("documents/formulaire-partie-1.pdf", PDF),
        ("documents/passeport-nguyen.pdf", PDF),
    ]
}

/// Zips `files` (path, bytes) under `prefix`.
fn zip_of(path: &Path, prefix: &str, files: &[(&str, Vec<u8>)]) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        w.start_file(format!("{prefix}{name}"), options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
}

/// A change made to a good `submission.json`.
type Edit = Box<dyn Fn(&mut serde_json::Value)>;

fn problems(path: &Path) -> Vec<Problem> {
    read_bundle(path, ProgramDefinition::builtin(), &Limits::default())
        .expect_err("refused")
        .problems
}

#[test]
fn a_good_bundle_reads_the_same_from_a_folder_and_a_zip() {
    let dir = tempfile::tempdir().unwrap();
    let root = folder(dir.path(), &application(), &good_files());
    let from_folder = read_bundle(&root, ProgramDefinition::builtin(), &Limits::default()).unwrap();
    assert_eq!(from_folder.submission.submission_id, "ARR-2023-000123");
    assert_eq!(from_folder.documents.len(), 2);
    assert_eq!(from_folder.documents[1].spec.person.as_deref(), Some("p1"));
    assert_eq!(from_folder.documents[0].sha256.len(), 64);

    let zipped = dir.path().join("bundle.zip");
    let mut files = vec![(
        "submission.json",
        serde_json::to_vec(&application()).unwrap(),
    )];
    files.extend(good_files().into_iter().map(|(n, b)| (n, b.to_vec())));
    zip_of(&zipped, "ARR-2023-000123/", &files);
    let from_zip = read_bundle(&zipped, ProgramDefinition::builtin(), &Limits::default()).unwrap();
    assert_eq!(
        from_zip.content_hash, from_folder.content_hash,
        "the JSON's layout does not count"
    );
    assert_eq!(from_zip.submission, from_folder.submission);

    // The same id with other content has another hash: the server refuses it as a conflict.
    let mut other = application();
    other["persons"][1]["given_names"] = "Marc-André".into();
    let dir2 = tempfile::tempdir().unwrap();
    let changed = read_bundle(
        &folder(dir2.path(), &other, &good_files()),
        ProgramDefinition::builtin(),
        &Limits::default(),
    )
    .unwrap();
    assert_ne!(changed.content_hash, from_folder.content_hash);
}

#[test]
fn each_bad_input_is_refused_with_its_problem_named() {
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "missing field",
            Box::new(|j| {
                j.as_object_mut().unwrap().remove("stream");
            }),
            "bundle.missing_field",
        ),
        (
            "unknown stream",
            Box::new(|j| j["stream"] = "robotics".into()),
            "bundle.unknown_code",
        ),
        (
            "unknown profile",
            Box::new(|j| j["profile"] = "vip".into()),
            "bundle.unknown_code",
        ),
        (
            "unknown role",
            Box::new(|j| j["persons"][1]["role"] = "cousin".into()),
            "bundle.unknown_code",
        ),
        (
            "unknown item",
            Box::new(|j| j["documents"][0]["item"] = "horoscope".into()),
            "bundle.item",
        ),
        (
            "unknown field",
            Box::new(|j| j["comment"] = "hi".into()),
            "bundle.json",
        ),
        (
            "newer format",
            Box::new(|j| j["format"] = "dossier-submission/2".into()),
            "bundle.format",
        ),
        (
            "path outside",
            Box::new(|j| j["documents"][0]["file"] = "../../etc/passwd".into()),
            "bundle.path_outside",
        ),
        (
            "absolute path",
            Box::new(|j| j["documents"][0]["file"] = "/etc/passwd".into()),
            "bundle.path_outside",
        ),
        (
            "a person nobody declared",
            Box::new(|j| j["documents"][1]["person"] = "p9".into()),
            "bundle.person_unknown",
        ),
        (
            "two principals",
            Box::new(|j| j["persons"][1]["role"] = "principal_applicant".into()),
            "bundle.principals",
        ),
        (
            "another currency",
            Box::new(|j| j["payment"]["currency"] = "USD".into()),
            "bundle.currency",
        ),
        (
            "a file not in the bundle",
            Box::new(|j| j["documents"][0]["file"] = "documents/absent.pdf".into()),
            "bundle.file_missing",
        ),
        (
            "a bad id",
            Box::new(|j| j["submission_id"] = "ARR 1/2".into()),
            "bundle.submission_id",
        ),
    ];
    // An unknown code names its field, in the bundle's own terms.
    let dir = tempfile::tempdir().unwrap();
    let mut json = application();
    json["persons"][1]["role"] = "cousin".into();
    let found = problems(&folder(dir.path(), &json, &good_files()));
    assert_eq!(
        found,
        vec![Problem::UnknownCode {
            field: "persons[1].role".into(),
            value: "cousin".into()
        }]
    );
    for (what, change, code) in cases {
        let dir = tempfile::tempdir().unwrap();
        let mut json = application();
        change(&mut json);
        let found = problems(&folder(dir.path(), &json, &good_files()));
        assert!(
            found.iter().any(|p| p.code() == code),
            "{what}: expected {code}, got {found:?}"
        );
        for p in &found {
            let fr = p.text().render(program::Language::Fr);
            assert!(!fr.starts_with("bundle-") && !fr.is_empty(), "{what}: {fr}");
        }
    }
}

#[test]
fn malformed_json_and_a_file_that_is_not_a_pdf_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = folder(dir.path(), &application(), &good_files());
    std::fs::write(root.join("submission.json"), b"{ \"format\": ").unwrap();
    assert_eq!(problems(&root)[0].code(), "bundle.json");

    let dir = tempfile::tempdir().unwrap();
    let root = folder(
        dir.path(),
        &application(),
        &[
            (
                "documents/formulaire-partie-1.pdf",
                b"MZ\x90\x00 an executable" as &[u8],
            ),
            ("documents/passeport-nguyen.pdf", PDF),
        ],
    );
    assert_eq!(
        problems(&root),
        vec![Problem::NotPdf("documents/formulaire-partie-1.pdf".into())]
    );
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_bundle_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = folder(
        dir.path(),
        &application(),
        &[("documents/passeport-nguyen.pdf", PDF)],
    );
    std::fs::write(dir.path().join("secret.pdf"), PDF).unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("secret.pdf"),
        root.join("documents/formulaire-partie-1.pdf"),
    )
    .unwrap();
    assert!(
        problems(&root)
            .iter()
            .any(|p| p.code() == "bundle.path_outside")
    );
}

#[test]
fn too_many_files_and_a_zip_bomb_are_refused_before_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = folder(dir.path(), &application(), &good_files());
    for i in 0..200 {
        std::fs::write(root.join(format!("documents/extra-{i}.pdf")), PDF).unwrap();
    }
    assert_eq!(problems(&root), vec![Problem::TooManyFiles { limit: 200 }]);

    // 40 MiB of zeros compress to a few kilobytes.
    let bomb = dir.path().join("bomb.zip");
    let mut zeros = b"%PDF-1.4\n".to_vec();
    zeros.resize(40 << 20, 0);
    zip_of(
        &bomb,
        "",
        &[
            (
                "submission.json",
                serde_json::to_vec(&application()).unwrap(),
            ),
            ("documents/formulaire-partie-1.pdf", zeros),
            ("documents/passeport-nguyen.pdf", PDF.to_vec()),
        ],
    );
    assert!(std::fs::metadata(&bomb).unwrap().len() < 1 << 20);
    assert_eq!(
        problems(&bomb),
        vec![Problem::Expands("documents/formulaire-partie-1.pdf".into())]
    );

    // A document over the size limit.
    let small = Limits {
        max_file_bytes: 16,
        ..Limits::default()
    };
    let err = read_bundle(
        &root,
        ProgramDefinition::builtin(),
        &Limits {
            max_files: 1000,
            ..small
        },
    )
    .unwrap_err();
    assert!(
        err.problems.iter().any(|p| p.code() == "bundle.too_large"),
        "{err}"
    );
}

#[test]
fn later_documents_need_their_sequence_and_nothing_of_an_application() {
    let dir = tempfile::tempdir().unwrap();
    let later = serde_json::json!({
        "format": "dossier-submission/1", "submission_id": "ARR-2023-000123",
        "kind": "documents", "sequence": 2, "received_at": "2024-02-01T09:00:00-05:00",
        "documents": [{"file": "documents/diplome.pdf", "item": "diplomas", "person": "p1"}]
    });
    let root = folder(dir.path(), &later, &[("documents/diplome.pdf", PDF)]);
    let bundle = read_bundle(&root, ProgramDefinition::builtin(), &Limits::default()).unwrap();
    assert_eq!(bundle.submission.sequence, Some(2));

    let mut no_sequence = later.clone();
    no_sequence.as_object_mut().unwrap().remove("sequence");
    let dir = tempfile::tempdir().unwrap();
    let root = folder(dir.path(), &no_sequence, &[("documents/diplome.pdf", PDF)]);
    assert_eq!(problems(&root), vec![Problem::Missing("sequence")]);

    let mut with_stream = later;
    with_stream["stream"] = "ai".into();
    let dir = tempfile::tempdir().unwrap();
    let root = folder(dir.path(), &with_stream, &[("documents/diplome.pdf", PDF)]);
    assert_eq!(problems(&root), vec![Problem::Unexpected("stream")]);
}

#[cfg(unix)]
#[test]
fn a_linked_folder_is_refused_before_anything_is_read_through_it() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("formulaire-partie-1.pdf"), PDF).unwrap();
    std::fs::write(outside.join("passeport-nguyen.pdf"), PDF).unwrap();
    let root = dir.path().join("ARR-2023-000123");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("submission.json"),
        serde_json::to_vec(&application()).unwrap(),
    )
    .unwrap();
    std::os::unix::fs::symlink(&outside, root.join("documents")).unwrap();
    assert_eq!(
        problems(&root),
        vec![Problem::PathOutside("documents".into())]
    );
}

#[test]
fn a_file_the_submission_does_not_name_is_refused_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = good_files();
    files.push(("documents/oublie.pdf", PDF));
    let root = folder(dir.path(), &application(), &files);
    assert_eq!(
        problems(&root),
        vec![Problem::Unlisted("documents/oublie.pdf".into())]
    );
}

#[test]
fn a_zip_holding_two_bundles_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let two = dir.path().join("two.zip");
    let json = serde_json::to_vec(&application()).unwrap();
    zip_of(
        &two,
        "",
        &[
            ("ARR-1/submission.json", json.clone()),
            ("ARR-2/submission.json", json),
        ],
    );
    assert_eq!(problems(&two)[0].code(), "bundle.not_a_bundle");
}
