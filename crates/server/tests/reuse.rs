//! The same scan in two files (issue 20, part 2), with real parts: bundles imported by
//! the real `dossier-server`, pages drawn by the real pdfium in its sandboxed helper and
//! hashed in the background, matches found through the index in PostgreSQL, and what
//! each role may see of them over HTTP.

use std::path::Path;
use std::time::{Duration, Instant};

use program::{Profile, Stream};
use serde_json::Value;
use server::intake::Receipt;
use testkit::Server;
use testkit::bundles::{application, passport, write};

fn import(server: &Server, path: &Path) -> Receipt {
    let out = server.admin_ok(&["intake", "import", &path.display().to_string()], None);
    serde_json::from_str(out.lines().next().expect("a receipt")).expect("a receipt line")
}

/// Another applicant's document, nothing like the passport.
fn diploma() -> Vec<u8> {
    scans::scanned_pdf(&scans::ScanSpec {
        title: "Diplôme de baccalauréat en informatique".into(),
        lines: (0..24).map(|i| format!("Cours {i} : réussi")).collect(),
        pages: 1,
        colour: scans::ScanColour::Greyscale,
        dpi: 100,
        seed: 977,
        text_layer: false,
    })
}

async fn matches_seen_by(server: &Server, user: &str) -> Vec<Value> {
    matches_of_file_seen_by(server, user, None).await
}

async fn matches_of_file_seen_by(
    server: &Server,
    user: &str,
    case_id: Option<uuid::Uuid>,
) -> Vec<Value> {
    let client = server.signed_in(user).await;
    let seen = client
        .scan_matches(case_id)
        .await
        .expect("GET /v1/scan-matches");
    seen.iter()
        .map(|m| serde_json::to_value(m).expect("json"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_rescanned_into_another_file_is_found_and_each_role_sees_what_it_may() {
    let server = Server::start_with(&[("DOSSIER_SERVER_REUSE_EVERY_SECONDS", "1")]).await;
    let tmp = tempfile::tempdir().unwrap();
    let bundle = |id: &str, bytes: &[u8]| {
        write(
            tmp.path(),
            id,
            &application(
                id,
                "2023-12-01T09:00:00-05:00",
                Stream::Ai,
                Profile::Regular,
            ),
            &[("documents/passeport.pdf", bytes)],
        )
    };
    let (first, again, other) = (passport(72), passport(110), diploma());
    assert_ne!(first, again, "the rescan is other bytes");
    let mut numbers = Vec::new();
    for (id, bytes) in [
        ("ARR-REUSE-A", &first),
        ("ARR-REUSE-B", &again),
        ("ARR-REUSE-C", &other),
    ] {
        let receipt = import(&server, &bundle(id, bytes));
        numbers.push(
            receipt
                .file_number
                .unwrap_or_else(|| panic!("{id} not received: {}", receipt.code)),
        );
    }
    for (number, to) in [
        (&numbers[0], "ana"),
        (&numbers[1], "bob"),
        (&numbers[2], "ana"),
    ] {
        server.admin_ok(
            &["assign", "--file-number", number, "--to", to, "--by", "sam"],
            None,
        );
    }

    // The three applicants' documents are hashed (not the acknowledgement letters).
    let deadline = Instant::now() + Duration::from_secs(90);
    while server
        .db
        .count("SELECT count(*) FROM hashed_documents")
        .await
        < 3
    {
        assert!(
            Instant::now() < deadline,
            "the pages were not hashed within 90 s"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(
        server
            .db
            .count("SELECT count(*) FROM hashed_documents WHERE error IS NULL AND pages = 1")
            .await,
        3
    );
    assert_eq!(
        server
            .db
            .count("SELECT count(*) FROM documents WHERE letter")
            .await,
        3,
        "each file has its acknowledgement, a letter, never hashed"
    );

    // The supervisor sees the pair, both sides.
    let seen = matches_seen_by(&server, "sam").await;
    assert_eq!(seen.len(), 1, "{seen:#?}");
    let pair = &seen[0];
    let files = [
        pair["page"]["file_number"].as_str().unwrap(),
        pair["other"]["file_number"].as_str().unwrap(),
    ];
    assert!(
        files.contains(&numbers[0].as_str()) && files.contains(&numbers[1].as_str()),
        "{pair:#}"
    );
    assert_eq!(pair["page"]["page"], 1);
    assert!(pair["distance"].as_u64().unwrap() <= 31, "{pair:#}");

    // Each officer sees her own file's page, and only that there is another.
    for (user, number) in [("ana", &numbers[0]), ("bob", &numbers[1])] {
        let seen = matches_seen_by(&server, user).await;
        assert_eq!(seen.len(), 1, "{user}: {seen:#?}");
        assert_eq!(seen[0]["page"]["file_number"], number.as_str(), "{user}");
        assert!(seen[0]["other"].is_null(), "{user} is not told which file");
    }
    // The diploma matches nothing.
    for user in ["sam", "ana", "bob"] {
        let seen = matches_seen_by(&server, user).await;
        assert!(
            seen.iter()
                .all(|m| m["page"]["file_number"] != numbers[2].as_str()
                    && m["other"]["file_number"] != numbers[2].as_str()),
            "{user}: {seen:#?}"
        );
    }

    // The very same bytes in a fourth file, later: paired with the first (distance 0), and
    // with the rescan, like the first.
    let receipt = import(&server, &bundle("ARR-REUSE-D", &first));
    let fourth = receipt.file_number.expect("received");
    server.admin_ok(
        &[
            "assign",
            "--file-number",
            &fourth,
            "--to",
            "bob",
            "--by",
            "sam",
        ],
        None,
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    let seen = loop {
        let seen = matches_seen_by(&server, "sam").await;
        if seen.len() >= 3 {
            break seen;
        }
        assert!(
            Instant::now() < deadline,
            "the same bytes in two files were not paired: {seen:#?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    let pairs: std::collections::BTreeSet<(String, String)> = seen
        .iter()
        .map(|m| {
            let mut p = [
                m["page"]["file_number"].as_str().unwrap().to_owned(),
                m["other"]["file_number"].as_str().unwrap().to_owned(),
            ];
            p.sort();
            (p[0].clone(), p[1].clone())
        })
        .collect();
    let pair = |a: &str, b: &str| {
        let mut p = [a.to_owned(), b.to_owned()];
        p.sort();
        (p[0].clone(), p[1].clone())
    };
    assert_eq!(
        pairs,
        [
            pair(&numbers[0], &numbers[1]),
            pair(&fourth, &numbers[1]),
            pair(&numbers[0], &fourth)
        ]
        .into_iter()
        .collect(),
        "{seen:#?}"
    );
    let same_bytes = seen
        .iter()
        .find(|m| m["page"]["sha256"] == m["other"]["sha256"])
        .expect("the same bytes are a pair");
    assert_eq!(same_bytes["distance"], 0);

    // Asked for one file, the server sends only the pairs that touch it, and an officer
    // only that file's own pages.
    let case_of = |number: &str| -> uuid::Uuid {
        seen.iter()
            .flat_map(|m| [&m["page"], &m["other"]])
            .find(|side| side["file_number"] == number)
            .and_then(|side| side["case_id"].as_str())
            .and_then(|id| id.parse().ok())
            .expect("a file of the pairs")
    };
    let first_file = matches_of_file_seen_by(&server, "sam", Some(case_of(&numbers[0]))).await;
    assert_eq!(first_file.len(), 2, "{first_file:#?}");
    assert!(
        first_file
            .iter()
            .all(|m| m["page"]["file_number"] == numbers[0].as_str()
                || m["other"]["file_number"] == numbers[0].as_str())
    );
    let bobs = matches_of_file_seen_by(&server, "bob", Some(case_of(&fourth))).await;
    assert!(!bobs.is_empty());
    assert!(
        bobs.iter()
            .all(|m| m["page"]["file_number"] == fourth.as_str() && m["other"].is_null()),
        "{bobs:#?}"
    );
    assert!(
        matches_of_file_seen_by(&server, "ana", Some(case_of(&fourth)))
            .await
            .is_empty(),
        "ana does not hold the fourth file"
    );

    // A supervisor dismisses a pair, with why; an officer may not; a reason is needed.
    let id = same_bytes["id"].as_i64().unwrap();
    let ana = server.signed_in("ana").await;
    let refused = ana
        .dismiss_scan_match(id, "même personne")
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "auth.forbidden", "{refused}");
    let sam = server.signed_in("sam").await;
    let refused = sam.dismiss_scan_match(id, "   ").await.unwrap_err();
    assert_eq!(refused.code(), "invalid.constraint", "{refused}");
    sam.dismiss_scan_match(
        id,
        "Le même passeport, envoyé deux fois par la même personne",
    )
    .await
    .expect("dismissed");
    let after = matches_seen_by(&server, "sam").await;
    let dismissed = after.iter().find(|m| m["id"] == id).expect("still listed");
    assert_eq!(dismissed["dismissal"]["by"], "sam");
    assert_eq!(
        dismissed["dismissal"]["reason"],
        "Le même passeport, envoyé deux fois par la même personne"
    );
    assert!(
        after
            .iter()
            .filter(|m| m["id"] != id)
            .all(|m| m["dismissal"].is_null()),
        "{after:#?}"
    );
}
