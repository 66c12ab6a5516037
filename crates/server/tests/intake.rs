//! Intake with real parts: a real PostgreSQL, the real `dossier-server intake import`
//! process with the real pdfium, bundles written as the portal writes them. Caps and the
//! window are decided as the receipt-ordered replay, whatever order bundles arrive in; a
//! bundle is all or nothing; importing again changes nothing.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, TimeZone, Utc};
use program::intake::{Application, Outcome};
use program::{ApplicationId, Profile, ProgramDefinition, Stream};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use serde_json::{Value, json};
use server::intake::{Receipt, ReceiptOutcome};
use testkit::Server;

use testkit::bundles::{application, rfc3339_montreal, scan, write};

/// Runs `dossier-server intake import` and parses its JSON lines.
fn import(server: &Server, paths: &[&Path]) -> Vec<Receipt> {
    let mut args = vec!["intake", "import"];
    let texts: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    args.extend(texts.iter().map(String::as_str));
    server
        .admin_ok(&args, None)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shuffled_bundles_in_two_imports_end_with_the_outcomes_of_the_receipt_ordered_replay() {
    let server = Server::start().await;
    let def = ProgramDefinition::builtin();
    let pdf = scan(1);

    // The applications, in receipt order: the edges of the window (in Québec time, and one
    // given in UTC), then enough to fill the AI francization sub-cap (100), the AI stream
    // cap (200) and the IT/VFX francization sub-cap (200), with a few past each.
    let mtl = |y, m, d, h, mi, s| {
        chrono_tz::America::Montreal
            .with_ymd_and_hms(y, m, d, h, mi, s)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    };
    let mut apps: Vec<(String, String, Stream, Profile)> = vec![
        // the last second before the window, in Québec time
        (
            "EDGE-BEFORE".into(),
            rfc3339_montreal(mtl(2023, 11, 22, 23, 59, 59)),
            Stream::Ai,
            Profile::Regular,
        ),
        // the first second of the window, given in UTC (05:00Z is midnight in Québec)
        (
            "EDGE-FIRST-UTC".into(),
            "2023-11-23T05:00:00Z".into(),
            Stream::ItVfx,
            Profile::Regular,
        ),
        // the last second of the window
        (
            "EDGE-LAST".into(),
            rfc3339_montreal(mtl(2024, 12, 31, 23, 59, 59)),
            Stream::ItVfx,
            Profile::Regular,
        ),
        // the first second after it
        (
            "EDGE-AFTER".into(),
            rfc3339_montreal(mtl(2025, 1, 1, 0, 0, 0)),
            Stream::ItVfx,
            Profile::Regular,
        ),
    ];
    let start = mtl(2023, 11, 23, 8, 0, 0);
    let mut n = 0i64;
    let mut add = |count: usize, stream, profile, apps: &mut Vec<_>| {
        for _ in 0..count {
            n += 1;
            let at = start + Duration::seconds(n * 97);
            apps.push((format!("ARR-{n:05}"), rfc3339_montreal(at), stream, profile));
        }
    };
    add(110, Stream::Ai, Profile::Francization, &mut apps);
    add(105, Stream::Ai, Profile::Regular, &mut apps);
    add(210, Stream::ItVfx, Profile::Francization, &mut apps);
    add(20, Stream::ItVfx, Profile::Regular, &mut apps);
    // Two applications in the same second: the id orders them (I3).
    apps.push((
        "ARR-SAME-B".into(),
        rfc3339_montreal(start + Duration::seconds(50)),
        Stream::ItVfx,
        Profile::Regular,
    ));
    apps.push((
        "ARR-SAME-A".into(),
        rfc3339_montreal(start + Duration::seconds(50)),
        Stream::ItVfx,
        Profile::Regular,
    ));

    // What the replay in receipt order says.
    let replayed: Vec<Application> = apps
        .iter()
        .map(|(id, at, stream, profile)| Application {
            id: ApplicationId(id.clone()),
            stream: *stream,
            profile: *profile,
            received_at: DateTime::parse_from_rfc3339(at)
                .unwrap()
                .with_timezone(&Utc),
            represented: false,
        })
        .collect();
    let expected = program::intake::decide(def, &replayed).unwrap();
    for scope in [
        program::CapScope::sub_cap(Stream::Ai, Profile::Francization),
        program::CapScope::stream(Stream::Ai),
        program::CapScope::sub_cap(Stream::ItVfx, Profile::Francization),
    ] {
        assert!(
            expected.cap(scope).unwrap().filled_at.is_some(),
            "the set fills {scope:?}"
        );
    }

    // Shuffled, split in two imports of random halves.
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut order: Vec<usize> = (0..apps.len()).collect();
    order.shuffle(&mut rng);
    let tmp = tempfile::tempdir().unwrap();
    let (first, second) = (tmp.path().join("first"), tmp.path().join("second"));
    for (k, &i) in order.iter().enumerate() {
        let (id, at, stream, profile) = &apps[i];
        let dir = if k % 2 == 0 { &first } else { &second };
        // Names unrelated to receipt order.
        write(
            dir,
            &format!("b{k:04}"),
            &application(id, at, *stream, *profile),
            &[("documents/passeport.pdf", &pdf)],
        );
    }
    let mut receipts = import(&server, &[&first]);
    let first_count = receipts.len();
    receipts.extend(import(&server, &[&second]));
    assert!(
        receipts.iter().any(|r| r.revised_from.is_some()),
        "the shuffle makes late arrivals revise recorded outcomes"
    );

    // The last word on each submission equals the replay.
    let mut last: HashMap<String, &Receipt> = HashMap::new();
    for r in &receipts {
        assert_ne!(r.outcome, ReceiptOutcome::Refused, "{r:?}");
        last.insert(r.submission_id.clone().unwrap(), r);
    }
    assert_eq!(
        receipts.iter().filter(|r| r.revised_from.is_none()).count(),
        apps.len()
    );
    for d in &expected.decisions {
        let r = last[&d.application.id.0];
        match &d.outcome {
            Outcome::Received { .. } => {
                assert_eq!(r.outcome, ReceiptOutcome::Received, "{}", d.application.id)
            }
            Outcome::NotReceived { .. } => {
                assert_eq!(
                    r.outcome,
                    ReceiptOutcome::NotReceived,
                    "{}",
                    d.application.id
                )
            }
        }
    }
    let code = |id: &str| last[id].code.as_str();
    assert_eq!(code("EDGE-BEFORE"), "before_window");
    assert_eq!(code("EDGE-FIRST-UTC"), "received");
    assert_eq!(code("EDGE-LAST"), "received");
    assert_eq!(code("EDGE-AFTER"), "after_window");
    assert_eq!(code("ARR-00105"), "cap_reached");

    // The database agrees, and each received application is a file with its document
    // and its quality report (pdfium ran on the server: no pdfium, no report, a failure).
    let db = server.db.client().await;
    let rows = db
        .query("SELECT submission_id, outcome FROM submissions", &[])
        .await
        .unwrap();
    let recorded: BTreeMap<String, String> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    for d in &expected.decisions {
        let want = if d.outcome.is_received() {
            "received"
        } else {
            "not_received"
        };
        assert_eq!(recorded[&d.application.id.0], want, "{}", d.application.id);
    }
    let received = expected.received_count() as i64;
    let open_files = server
        .db
        .count(
            "SELECT count(*) FROM submissions s JOIN cases c ON c.id = s.case_id
              WHERE s.outcome = 'received' AND c.status = 'received'",
        )
        .await;
    assert_eq!(open_files, received);
    // A file whose receipt a late arrival revoked is kept, in "receipt revoked", with
    // the revision on record; no outcome changed without a line saying so.
    let revoked = receipts
        .iter()
        .filter(|r| r.revised_from == Some(ReceiptOutcome::Received))
        .count() as i64;
    assert!(revoked > 0);
    assert_eq!(
        server
            .db
            .count(
                "SELECT count(*) FROM submissions s JOIN cases c ON c.id = s.case_id
                  WHERE s.outcome = 'not_received' AND c.status = 'not_received'"
            )
            .await,
        revoked
    );
    assert_eq!(
        server
            .db
            .count("SELECT count(*) FROM operations WHERE kind = 'receipt_revoked'")
            .await,
        revoked
    );
    assert_eq!(
        server
            .db
            .count("SELECT count(*) FROM intake_revisions")
            .await,
        receipts.iter().filter(|r| r.revised_from.is_some()).count() as i64
    );
    // `intake caps`: each cap's use and when it filled, as the replay says.
    let caps: Vec<Value> = server
        .admin_ok(&["intake", "caps"], None)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(caps.len(), def.caps.len());
    for c in &caps {
        let scope: program::CapScope = serde_json::from_value(c["cap"].clone()).unwrap();
        let want = expected.cap(scope).unwrap();
        assert_eq!(c["used"], json!(want.received), "{c}");
        assert_eq!(c["remaining"], json!(want.limit - want.received), "{c}");
        let filled: Option<DateTime<Utc>> = serde_json::from_value(c["filled_at"].clone()).unwrap();
        assert_eq!(filled, want.filled_at, "{c}");
        assert!(c["name"]["fr"].as_str().unwrap().len() > 3);
    }
    let unchecked = server
        .db
        .count(
            "SELECT count(*) FROM operations WHERE kind = 'document_added'
              AND (change->'quality' IS NULL OR change->'quality' = 'null'::jsonb)",
        )
        .await;
    assert_eq!(
        unchecked, 0,
        "every document's quality was checked with pdfium"
    );
    // One blob for the one scan every bundle carries; the others are letters: each
    // submission has its acknowledgement or its notice.
    assert_eq!(
        server
            .db
            .count(
                "SELECT count(*) FROM blobs
                  WHERE sha256 NOT IN (SELECT letter_sha256 FROM submissions
                                        WHERE letter_sha256 IS NOT NULL)
                    AND sha256 NOT IN (SELECT change->>'sha256' FROM operations
                                        WHERE kind = 'letter_filed')
                    AND sha256 NOT IN (SELECT letter_sha256 FROM intake_revisions
                                        WHERE letter_sha256 IS NOT NULL)"
            )
            .await,
        1
    );
    assert_eq!(
        server
            .db
            .count("SELECT count(*) FROM submissions WHERE letter_sha256 IS NULL")
            .await,
        0
    );

    // Importing everything again changes nothing.
    let ops_before = server.db.count("SELECT count(*) FROM operations").await;
    let again = import(&server, &[&first, &second]);
    assert_eq!(again.len(), apps.len());
    assert!(
        again.iter().all(|r| r.repeat),
        "{:?}",
        again.iter().find(|r| !r.repeat)
    );
    assert_eq!(
        server.db.count("SELECT count(*) FROM operations").await,
        ops_before
    );
    assert!(first_count > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_bad_bundle_is_refused_with_nothing_recorded_and_the_next_is_received() {
    let server = Server::start().await;
    let pdf = scan(2);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let at = "2023-11-24T10:02:13-05:00";
    let good = |id: &str| application(id, at, Stream::Ai, Profile::Regular);
    let mut bad: Vec<(&str, PathBuf)> = Vec::new();

    // malformed JSON
    let root = write(
        dir,
        "bad-json",
        &json!({}),
        &[("documents/passeport.pdf", &pdf)],
    );
    std::fs::write(root.join("submission.json"), b"{\"format\": ").unwrap();
    bad.push(("bundle.json", root));
    // a missing field
    let mut v = good("BAD-MISSING");
    v.as_object_mut().unwrap().remove("stream");
    bad.push((
        "bundle.missing_field",
        write(dir, "bad-missing", &v, &[("documents/passeport.pdf", &pdf)]),
    ));
    // an unknown stream, profile, role, item
    for (field, path, name) in [
        ("stream", "/stream", "bad-stream"),
        ("profile", "/profile", "bad-profile"),
        ("role", "/persons/0/role", "bad-role"),
        ("item", "/documents/0/item", "bad-item"),
    ] {
        let mut v = good(&format!("BAD-{field}"));
        *v.pointer_mut(path).unwrap() = json!("astronaut");
        let code = if field == "item" {
            "bundle.item"
        } else {
            "bundle.unknown_code"
        };
        bad.push((
            code,
            write(dir, name, &v, &[("documents/passeport.pdf", &pdf)]),
        ));
    }
    // a path outside the bundle
    let mut v = good("BAD-PATH");
    *v.pointer_mut("/documents/0/file").unwrap() = json!("../passeport.pdf");
    bad.push((
        "bundle.path_outside",
        write(dir, "bad-path", &v, &[("documents/passeport.pdf", &pdf)]),
    ));
    // a file that is not a PDF
    bad.push((
        "bundle.not_pdf",
        write(
            dir,
            "bad-not-pdf",
            &good("BAD-NOT-PDF"),
            &[("documents/passeport.pdf", b"GIF89a not a scan")],
        ),
    ));
    // too many files
    let many: Vec<(String, Vec<u8>)> = (0..205)
        .map(|i| (format!("documents/extra-{i}.pdf"), pdf.clone()))
        .collect();
    let mut files: Vec<(&str, &[u8])> = many
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    files.push(("documents/passeport.pdf", &pdf));
    bad.push((
        "bundle.too_many_files",
        write(dir, "bad-many", &good("BAD-MANY"), &files),
    ));
    // a zip bomb: 40 MiB of zeros that compress to almost nothing
    let bomb = dir.join("bad-bomb.zip");
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
        let deflate = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("submission.json", deflate).unwrap();
        zip.write_all(&serde_json::to_vec(&good("BAD-BOMB")).unwrap())
            .unwrap();
        zip.start_file("documents/passeport.pdf", deflate).unwrap();
        zip.write_all(b"%PDF-1.4\n").unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..40 {
            zip.write_all(&zeros).unwrap();
        }
        zip.finish().unwrap();
    }
    bad.push(("bundle.expands", bomb));

    // Good bundles: one as a zip written as the portal writes it, an encrypted and a
    // damaged PDF (received, flagged), then the same id again with other content.
    let good_dir = tmp.path().join("good");
    std::fs::create_dir_all(&good_dir).unwrap();
    let sub: portal::Submission = serde_json::from_value(good("GOOD-ZIP")).unwrap();
    let zip_path =
        portal::write::write_zip(&good_dir, &sub, &[("documents/passeport.pdf", &pdf)]).unwrap();
    let encrypted = scans::encrypted_pdf(
        &scans::ScanSpec {
            title: "Diplôme".into(),
            lines: vec![],
            pages: 1,
            colour: scans::ScanColour::Colour,
            dpi: 72,
            seed: 3,
            text_layer: false,
        },
        "secret",
    );
    let damaged = scans::corrupt_pdf(4);
    let flagged = write(
        &good_dir,
        "flagged",
        &{
            let mut v = good("GOOD-FLAGGED");
            v["documents"] = json!([
                {"file": "documents/diplome.pdf", "item": "diplomas", "person": "p1"},
                {"file": "documents/passeport.pdf", "item": "identity_document", "person": "p1"}
            ]);
            v
        },
        &[
            ("documents/diplome.pdf", &encrypted),
            ("documents/passeport.pdf", &damaged),
        ],
    );

    let ops = server.db.count("SELECT count(*) FROM operations").await;
    let mut paths: Vec<&Path> = Vec::new();
    for (_, p) in &bad {
        paths.push(p);
    }
    paths.push(&zip_path);
    paths.push(&flagged);
    let receipts = import(&server, &paths);
    let by_source: HashMap<&str, &Receipt> = receipts
        .iter()
        .map(|r| (r.source.as_deref().unwrap(), r))
        .collect();
    for (code, path) in &bad {
        let r = by_source[path.to_str().unwrap()];
        assert_eq!(r.outcome, ReceiptOutcome::Refused, "{path:?}: {r:?}");
        assert!(
            r.problems.iter().any(|p| p.code == *code),
            "{path:?}: expected {code}, got {:?}",
            r.problems
        );
        assert!(!r.reason.fr.is_empty() && !r.reason.en.is_empty());
        assert_ne!(r.reason.fr, r.reason.en, "the reason in both languages");
    }
    assert_eq!(
        by_source[zip_path.to_str().unwrap()].outcome,
        ReceiptOutcome::Received
    );
    assert_eq!(
        by_source[flagged.to_str().unwrap()].outcome,
        ReceiptOutcome::Received
    );
    // Only the two good bundles left rows, operations and bytes.
    assert_eq!(server.db.count("SELECT count(*) FROM submissions").await, 2);
    assert_eq!(server.db.count("SELECT count(*) FROM cases").await, 2);
    let added = server.db.count("SELECT count(*) FROM operations").await - ops;
    // each: case_received, payment_recorded, its documents, its acknowledgement
    assert_eq!(added, (2 + 1 + 1) + (2 + 2 + 1));
    // the three documents and the two acknowledgements
    assert_eq!(server.db.count("SELECT count(*) FROM blobs").await, 5);
    let stored = walk(&server.dir.join("blobs"));
    assert_eq!(stored, 5, "no blob of a refused bundle");
    // The encrypted and the damaged PDF are flagged, as the viewer flags them.
    let db = server.db.client().await;
    let flags: Vec<Value> = db
        .query(
            "SELECT change->'quality'->'flags' FROM operations o
               JOIN cases c ON c.id = o.case_id
              WHERE o.kind = 'document_added' AND c.id = (SELECT case_id FROM submissions
                                                           WHERE submission_id = 'GOOD-FLAGGED')",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let text = serde_json::to_string(&flags).unwrap();
    assert!(text.contains("password_protected"), "{text}");
    assert!(text.contains("corrupt"), "{text}");

    // The same id with other content is a conflict; nothing changes.
    let mut v = good("GOOD-FLAGGED");
    v["received_at"] = json!("2023-11-25T09:00:00-05:00");
    let conflicting = write(
        &tmp.path().join("again"),
        "conflict",
        &v,
        &[("documents/passeport.pdf", &pdf)],
    );
    let r = import(&server, &[&conflicting]);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].outcome, ReceiptOutcome::Refused);
    assert_eq!(r[0].code, "conflict");
    assert_eq!(server.db.count("SELECT count(*) FROM submissions").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn later_documents_join_their_file_once() {
    let server = Server::start().await;
    let pdf = scan(5);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let app = write(
        dir,
        "app",
        &application(
            "ARR-LATER",
            "2023-12-01T09:00:00-05:00",
            Stream::Ai,
            Profile::Regular,
        ),
        &[("documents/passeport.pdf", &pdf)],
    );
    let out_of_window = write(
        dir,
        "late-app",
        &application(
            "ARR-TOO-LATE",
            "2025-02-01T09:00:00-05:00",
            Stream::Ai,
            Profile::Regular,
        ),
        &[("documents/passeport.pdf", &pdf)],
    );
    let documents = |id: &str, seq: u32| {
        json!({"format": "dossier-submission/1", "submission_id": id,
               "kind": "documents", "sequence": seq,
               "received_at": "2025-03-01T09:00:00-05:00",
               "documents": [{"file": "documents/diplome.pdf", "item": "diplomas", "person": "p1"}]})
    };
    let diploma = scan(6);
    let later = write(
        dir,
        "later",
        &documents("ARR-LATER", 2),
        &[("documents/diplome.pdf", &diploma)],
    );
    let unknown = write(
        dir,
        "unknown",
        &documents("ARR-NOBODY", 2),
        &[("documents/diplome.pdf", &diploma)],
    );
    let not_received = write(
        dir,
        "not-received",
        &documents("ARR-TOO-LATE", 2),
        &[("documents/diplome.pdf", &diploma)],
    );
    let r = import(
        &server,
        &[&app, &out_of_window, &later, &unknown, &not_received],
    );
    let by: HashMap<&str, &Receipt> = r
        .iter()
        .map(|r| (r.source.as_deref().unwrap(), r))
        .collect();
    let get = |p: &PathBuf| by[p.to_str().unwrap()];
    assert_eq!(get(&app).outcome, ReceiptOutcome::Received);
    assert_eq!(get(&out_of_window).code, "after_window");
    assert_eq!(get(&later).code, "documents_added");
    assert_eq!(get(&later).file_number, get(&app).file_number);
    assert_eq!(get(&unknown).code, "application_unknown");
    assert_eq!(get(&not_received).code, "application_not_received");
    let docs = "SELECT count(*) FROM operations o JOIN submissions s ON s.case_id = o.case_id
                 WHERE s.submission_id = 'ARR-LATER' AND s.sequence = 1
                   AND o.kind = 'document_added'";
    assert_eq!(server.db.count(docs).await, 2);
    // Again: a repeat, no second copy.
    let again = import(&server, &[&later]);
    assert!(again[0].repeat);
    assert_eq!(server.db.count(docs).await, 2);
}

/// Whether the text layer of a PDF holds `needle`, as the real pdfium reads it.
fn pdf_says(bytes: &[u8], needle: &str) -> bool {
    let worker = pdf::PdfWorker::start(pdf::WorkerConfig::default());
    let doc = pdf::DocumentRef::bytes("letter", bytes.to_vec());
    !worker
        .search_blocking(doc, needle)
        .expect("pdfium reads the letter")
        .hits
        .is_empty()
}

/// How many files are under `dir`.
fn walk(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| {
            if e.path().is_dir() {
                walk(&e.path())
            } else {
                1
            }
        })
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portal_submits_bundles_under_its_own_role_and_nothing_else() {
    let server = Server::start().await;
    server.admin_ok(
        &["user", "add", "--name", "arrima", "--role", "portal"],
        None,
    );
    let token = server
        .admin_ok(&["portal", "token", "--name", "arrima"], None)
        .trim()
        .to_owned();
    assert!(token.starts_with("dsr_"));
    let pdf = scan(8);
    let tmp = tempfile::tempdir().unwrap();
    let zip_of = |v: Value, name: &str| {
        let dir = tmp.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let sub: portal::Submission = serde_json::from_value(v).unwrap();
        std::fs::read(
            portal::write::write_zip(&dir, &sub, &[("documents/passeport.pdf", &pdf)]).unwrap(),
        )
        .unwrap()
    };
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let url = format!("{}/portal/v1/submissions", server.url);
    let post = |body: Vec<u8>, bearer: String| {
        http.post(&url)
            .bearer_auth(bearer)
            .header("content-type", "application/zip")
            .body(body)
            .send()
    };
    let good = application(
        "ARR-PORTAL-1",
        "2023-11-30T14:00:00-05:00",
        Stream::Ai,
        Profile::Regular,
    );

    let res = post(zip_of(good.clone(), "a"), token.clone())
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let receipts: Vec<Receipt> = res.json().await.unwrap();
    assert_eq!(receipts[0].outcome, ReceiptOutcome::Received);
    assert!(
        receipts[0]
            .file_number
            .as_deref()
            .unwrap()
            .starts_with("2023-AI-")
    );
    assert!(receipts[0].acknowledgement.is_some());

    // The acknowledgement of receipt, a PDF in the applicant's language (pdfium reads it).
    let sha = receipts[0]
        .letter
        .clone()
        .expect("an acknowledgement letter");
    let res = http
        .get(format!("{}/portal/v1/letters/{sha}", server.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let pdf_bytes = res.bytes().await.unwrap().to_vec();
    for said in [
        "Accusé de réception",
        receipts[0].acknowledgement.as_deref().unwrap(),
        "30 novembre 2023 à 14 h",
        "Thi Lan Nguyen",
    ] {
        assert!(pdf_says(&pdf_bytes, said), "the letter says {said:?}");
    }
    // ...filed on the file, as a letter.
    assert_eq!(
        server
            .db
            .count("SELECT count(*) FROM operations WHERE kind = 'letter_filed' AND change->>'letter' = 'acknowledgement'")
            .await,
        1
    );

    // The same bundle again: recorded once.
    let res = post(zip_of(good.clone(), "b"), token.clone())
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let again: Vec<Receipt> = res.json().await.unwrap();
    assert!(again[0].repeat);
    assert_eq!(again[0].file_number, receipts[0].file_number);

    // The same id with other content: a conflict.
    let mut other = good.clone();
    other["profile"] = json!("francization");
    let res = post(zip_of(other, "c"), token.clone()).await.unwrap();
    assert_eq!(res.status(), 409);

    // Not a zip: refused, with the reason in both languages.
    let res = post(b"not a zip at all".to_vec(), token.clone())
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let refused: Vec<Receipt> = res.json().await.unwrap();
    assert_eq!(refused[0].outcome, ReceiptOutcome::Refused);
    assert_eq!(refused[0].code, "bundle.zip");

    // Only the portal submits; the portal does nothing else.
    let ana = server.signed_in("ana").await;
    let ana_token = ana.token().unwrap().to_owned();
    let res = post(zip_of(good.clone(), "d"), ana_token).await.unwrap();
    assert_eq!(res.status(), 403);
    let res = http
        .get(format!("{}/v1/operations", server.url))
        .bearer_auth(&token)
        .header(sync::PROTOCOL_HEADER, sync::PROTOCOL_VERSION.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let mut client = server.client();
    let err = client.login("arrima", testkit::PASSWORD).await.unwrap_err();
    assert_eq!(err.code(), sync::codes::AUTH_FORBIDDEN, "{err}");
    assert_eq!(server.db.count("SELECT count(*) FROM submissions").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decided_file_keeps_its_place_when_a_late_arrival_would_take_it_and_is_never_revised_again()
 {
    use oplog::ids::{Actor, DecisionId, RequestId};
    use oplog::{Change, hlc::Hlc};
    use program::{Decision, RefusalGround};

    let server = Server::start().await;
    let pdf = scan(9);
    let tmp = tempfile::tempdir().unwrap();
    let start = chrono_tz::America::Montreal
        .with_ymd_and_hms(2024, 3, 4, 9, 0, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc);
    // 100 applications fill the AI francization sub-cap exactly.
    let full = tmp.path().join("full");
    for i in 0..100 {
        write(
            &full,
            &format!("b{i:03}"),
            &application(
                &format!("FULL-{i:03}"),
                &rfc3339_montreal(start + Duration::minutes(i)),
                Stream::Ai,
                Profile::Francization,
            ),
            &[("documents/passeport.pdf", &pdf)],
        );
    }
    let first = import(&server, &[&full]);
    assert!(first.iter().all(|r| r.outcome == ReceiptOutcome::Received));
    let last = first
        .iter()
        .find(|r| r.submission_id.as_deref() == Some("FULL-099"))
        .unwrap();
    let number = last.file_number.clone().unwrap();

    // The last file to get a place is refused, a final decision.
    server.admin_ok(
        &[
            "assign",
            "--file-number",
            &number,
            "--to",
            "ana",
            "--by",
            "sam",
        ],
        None,
    );
    let case = server::intake::ops::case_id("FULL-099");
    let at = |days: i64| Hlc {
        wall_ms: u64::try_from((testkit::op_instant() + Duration::days(days)).timestamp_millis())
            .unwrap(),
        counter: 0,
        node: 7,
    };
    let step = |author: Actor, days: i64, change: Change| {
        let mut op = testkit::op(author, case, change);
        op.hlc = at(days);
        op
    };
    let grounds = vec![RefusalGround::ConditionsNotMet];
    let decision_id = DecisionId::new();
    let ana = server.signed_in("ana").await;
    testkit::push_ok(
        &ana,
        &[
            step(Actor::officer("ana"), 0, Change::AdmissibilityReviewStarted),
            step(
                Actor::officer("ana"),
                0,
                Change::IntentToRefuseSent {
                    request_id: RequestId::new(),
                    grounds: grounds.clone(),
                    sent_at: testkit::op_instant(),
                },
            ),
            step(
                Actor::officer("ana"),
                70,
                Change::DecisionProposed {
                    decision_id,
                    decision: Decision::refused(grounds).unwrap(),
                    note: String::new(),
                },
            ),
        ],
    )
    .await;
    let sam = server.signed_in("sam").await;
    testkit::push_ok(
        &sam,
        &[step(
            Actor::supervisor("sam"),
            71,
            Change::RefusalApproved { decision_id },
        )],
    )
    .await;

    // An application received before all of them arrives now: in receipt order it has a
    // place, but the file it would take it from is decided and keeps it.
    let late = write(
        &tmp.path().join("late"),
        "late",
        &application(
            "LATE-1",
            &rfc3339_montreal(start - Duration::minutes(30)),
            Stream::Ai,
            Profile::Francization,
        ),
        &[("documents/passeport.pdf", &pdf)],
    );
    let r = import(&server, &[&late]);
    assert_eq!(r[0].submission_id.as_deref(), Some("LATE-1"));
    assert_eq!(r[0].outcome, ReceiptOutcome::Received);
    let kept = r
        .iter()
        .find(|x| x.submission_id.as_deref() == Some("FULL-099"))
        .expect("a line for the file that keeps its place");
    assert_eq!(kept.code, "kept_after_decision");
    assert_eq!(kept.outcome, ReceiptOutcome::Received);
    assert_ne!(kept.reason.fr, kept.reason.en);
    let db = server.db.client().await;
    let status: String = db
        .query_one("SELECT status FROM cases WHERE id = $1", &[&case.0])
        .await
        .unwrap()
        .get(0);
    assert_eq!(status, "refused");
    // The cap shows the place held over its limit.
    let caps = server.admin_ok(&["intake", "caps"], None);
    let sub: Value = caps
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|c| c["cap"] == json!({"stream": "ai", "profile": "francization"}))
        .unwrap();
    assert_eq!(sub["used"], json!(101));
    assert_eq!(sub["remaining"], json!(0));

    // A second late arrival takes the place of the next file, not yet decided: its receipt
    // is revoked; the decided file is not revised again.
    let late2 = write(
        &tmp.path().join("late2"),
        "late2",
        &application(
            "LATE-2",
            &rfc3339_montreal(start - Duration::minutes(20)),
            Stream::Ai,
            Profile::Francization,
        ),
        &[("documents/passeport.pdf", &pdf)],
    );
    let r = import(&server, &[&late2]);
    assert_eq!(r[0].outcome, ReceiptOutcome::Received);
    let ids: Vec<&str> = r[1..]
        .iter()
        .filter_map(|x| x.submission_id.as_deref())
        .collect();
    assert!(!ids.contains(&"FULL-099"), "{ids:?}");
    let revoked = r
        .iter()
        .find(|x| x.submission_id.as_deref() == Some("FULL-098"))
        .expect("the next file's receipt is revoked");
    assert_eq!(revoked.revised_from, Some(ReceiptOutcome::Received));
    assert_eq!(revoked.outcome, ReceiptOutcome::NotReceived);
    assert_eq!(revoked.because_of.as_deref(), Some("LATE-2"));

    // Issue 17: the supervisor's figures say what `intake caps` says of each cap (used,
    // remaining, the moment it filled), and count this file's decision.
    let figures = sam.figures().await.unwrap();
    let caps: Vec<Value> = server
        .admin_ok(&["intake", "caps"], None)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(figures.caps.len(), caps.len());
    for (f, c) in figures.caps.iter().zip(&caps) {
        assert_eq!(json!(f.cap), c["cap"]);
        assert_eq!(json!(f.used), c["used"], "{c}");
        assert_eq!(json!(f.remaining), c["remaining"], "{c}");
        assert_eq!(json!(f.limit), c["limit"], "{c}");
        assert_eq!(json!(f.filled_at), c["filled_at"], "{c}");
        assert_eq!(json!(f.name), c["name"], "{c}");
    }
    let sub = figures
        .caps
        .iter()
        .find(|c| c.cap == program::CapScope::sub_cap(Stream::Ai, Profile::Francization))
        .unwrap();
    assert!(sub.filled_at.is_some(), "the sub-cap filled");
    assert_eq!(
        figures.decisions,
        vec![sync::supervision::StatusCount {
            status: program::CaseStatus::Refused,
            files: 1
        }]
    );
    // Received 2024-03-04 at 9:00 + 99 minutes; approved on the 71st day of the clock.
    let received = start + Duration::minutes(99);
    let decided = testkit::op_instant() + Duration::days(71);
    let want = (decided - received).num_milliseconds() as f64 / 86_400_000.0;
    let median = figures.median_days_to_decision.unwrap();
    assert!((median - want).abs() < 1e-6, "{median} vs {want}");
    let files = server.db.count("SELECT count(*) FROM cases").await;
    assert_eq!(
        figures
            .by_status
            .iter()
            .map(|s| i64::from(s.files))
            .sum::<i64>(),
        files
    );
    assert_eq!(
        figures
            .receipts_per_week
            .iter()
            .map(|w| i64::from(w.received))
            .sum::<i64>(),
        files
    );
    // The week of 2024-03-04 (a Monday) holds the hundred that filled the sub-cap.
    let week = figures
        .receipts_per_week
        .iter()
        .find(|w| w.week == chrono::NaiveDate::from_ymd_opt(2024, 3, 4).unwrap())
        .unwrap();
    assert!(week.received >= 100, "{week:?}");
    // An officer sees no figure.
    let refused = ana.figures().await.unwrap_err();
    assert_eq!(refused.code(), sync::codes::AUTH_FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_imports_at_once_record_each_bundle_once_with_the_replays_outcome() {
    let server = Server::start().await;
    let def = ProgramDefinition::builtin();
    let pdf = scan(10);
    let tmp = tempfile::tempdir().unwrap();
    let start = chrono_tz::America::Montreal
        .with_ymd_and_hms(2024, 5, 6, 9, 0, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc);
    // 120 AI francization applications: the sub-cap of 100 fills.
    let mut apps = Vec::new();
    for i in 0..120i64 {
        let id = format!("RACE-{i:03}");
        let at = start + Duration::seconds(i * 41);
        write(
            tmp.path(),
            &format!("r{:03}", (i * 37) % 120),
            &application(
                &id,
                &rfc3339_montreal(at),
                Stream::Ai,
                Profile::Francization,
            ),
            &[("documents/passeport.pdf", &pdf)],
        );
        apps.push(Application {
            id: ApplicationId(id),
            stream: Stream::Ai,
            profile: Profile::Francization,
            received_at: at,
            represented: false,
        });
    }
    let expected = program::intake::decide(def, &apps).unwrap();
    let dir = tmp.path().to_path_buf();
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| import(&server, &[&dir]));
        let b = s.spawn(|| import(&server, &[&dir]));
        (a.join().unwrap(), b.join().unwrap())
    });
    for r in a.iter().chain(&b) {
        assert_ne!(r.outcome, ReceiptOutcome::Refused, "{r:?}");
    }
    // Each bundle recorded by exactly one of the two; the other saw a repeat.
    for app in &apps {
        let fresh = a
            .iter()
            .chain(&b)
            .filter(|r| r.submission_id.as_deref() == Some(app.id.0.as_str()))
            .filter(|r| r.revised_from.is_none() && !r.repeat)
            .count();
        assert_eq!(fresh, 1, "{}", app.id);
    }
    assert_eq!(
        server.db.count("SELECT count(*) FROM submissions").await,
        120
    );
    let db = server.db.client().await;
    for d in &expected.decisions {
        let outcome: String = db
            .query_one(
                "SELECT outcome FROM submissions WHERE submission_id = $1",
                &[&d.application.id.0],
            )
            .await
            .unwrap()
            .get(0);
        let want = if d.outcome.is_received() {
            "received"
        } else {
            "not_received"
        };
        assert_eq!(outcome, want, "{}", d.application.id);
    }
    assert_eq!(
        server
            .db
            .count("SELECT count(*) FROM operations WHERE kind = 'case_received'")
            .await,
        expected.received_count() as i64
    );
}

/// P5, I1: once intake has decided receipts, a program version that would decide any of
/// them otherwise is refused (the window moved over a received file, or widened over one
/// refused as late); one that leaves every receipt as decided is loaded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_version_that_moves_the_window_over_decided_receipts_is_refused() {
    let server = Server::start().await;
    let pdf = scan(11);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let early = write(
        dir,
        "early",
        &application(
            "ARR-EARLY",
            "2023-12-01T09:00:00-05:00",
            Stream::Ai,
            Profile::Regular,
        ),
        &[("documents/passeport.pdf", &pdf)],
    );
    let late = write(
        dir,
        "late",
        &application(
            "ARR-LATE",
            "2025-02-01T09:00:00-05:00",
            Stream::Ai,
            Profile::Regular,
        ),
        &[("documents/passeport.pdf", &pdf)],
    );
    let r = import(&server, &[&early, &late]);
    assert_eq!(r[0].outcome, ReceiptOutcome::Received);
    assert_eq!(r[1].code, "after_window");

    let load = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        server.admin(&["program", "load", path.to_str().unwrap()], None)
    };
    let builtin = program::definition::BUILTIN_TOML;
    for (name, text, application) in [
        (
            "opens-later.toml",
            builtin.replace("opens = 2023-11-23", "opens = 2024-01-01"),
            "ARR-EARLY",
        ),
        (
            "closes-later.toml",
            builtin.replace("closes = 2024-12-31", "closes = 2025-12-31"),
            "ARR-LATE",
        ),
    ] {
        let out = load(name, text);
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{name} was loaded");
        assert!(
            said.contains(application) && said.contains("keep the window and caps"),
            "{name}: {said}"
        );
    }
    assert_eq!(
        server
            .db
            .count("SELECT count(*) FROM program_versions")
            .await,
        1,
        "only the built-in version is recorded"
    );
    // Closing a little later, with no application in between, decides nothing otherwise.
    let out = load(
        "closes-a-day-later.toml",
        builtin.replace("closes = 2024-12-31", "closes = 2025-01-01"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed = server.admin_ok(&["program", "list"], None);
    assert_eq!(listed.lines().count(), 2, "{listed}");
}
