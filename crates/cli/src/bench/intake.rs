//! `dossier bench intake`: the program's applications (700 by default, 10 one-page colour
//! scans each) imported by the real `dossier-server intake import` into a throwaway
//! PostgreSQL (testkit), next to a raw reference measured in the same run: reading the
//! same bytes and copying them into a content-addressed folder, and inserting the same
//! rows (a submission and its operations, one transaction per bundle) into scratch
//! tables. It also times pdfium's quality checks on the same documents, in this process,
//! to give their share of the import. Building the bundles is never timed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use chrono::{Duration as Span, TimeZone};
use serde_json::json;
use sha2::{Digest, Sha256};
use testkit::Server;

#[derive(Debug, clap::Args)]
pub struct IntakeBenchArgs {
    /// Applications (bundles), spread over both streams and profiles within every cap.
    #[arg(long, default_value_t = 700)]
    applications: u32,
    /// One-page colour scans in each application.
    #[arg(long, default_value_t = 10)]
    scans: u32,
}

const MB: f64 = 1_000_000.0;

/// The goal: the program's 700 applications imported in under 90 s.
const GOAL_SECONDS: f64 = 90.0;

pub fn run(args: IntakeBenchArgs) -> anyhow::Result<()> {
    ensure!(
        (1..=700).contains(&args.applications) && args.scans >= 1,
        "--applications is 1 to 700 (the program's cap) and --scans at least 1"
    );
    let server_bin = super::server_binary()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(bench(args, &server_bin))
}

/// The stream and profile of application `i` of `n`: the AI francization, AI regular,
/// IT-VFX francization and IT-VFX regular shares of the caps (100, 100, 200, 300 of 700).
fn stream_profile(i: u32, n: u32) -> (&'static str, &'static str) {
    match i * 700 / n {
        0..100 => ("ai", "francization"),
        100..200 => ("ai", "regular"),
        200..400 => ("it_vfx", "francization"),
        _ => ("it_vfx", "regular"),
    }
}

/// Writes the bundles; their folders and total bytes of documents.
fn write_bundles(dir: &Path, args: &IntakeBenchArgs) -> anyhow::Result<(Vec<PathBuf>, u64)> {
    // 20 distinct scans; each document gets its own bytes (a comment after %%EOF), so that
    // nothing is stored once for several documents.
    let base: Vec<Vec<u8>> = (0..20)
        .map(|seed| {
            scans::scanned_pdf(&scans::ScanSpec {
                title: "PASSPORT / PASSEPORT".into(),
                lines: vec!["Identity page".into(), "Page d'identité".into()],
                pages: 1,
                colour: scans::ScanColour::Colour,
                dpi: 150,
                seed,
                text_layer: false,
            })
        })
        .collect();
    let items = [
        ("identity_document", Some("p1")),
        ("diplomas", Some("p1")),
        ("work_experience", Some("p1")),
        ("form_part_1", None),
        ("form_part_2", None),
    ];
    let start = chrono_tz::America::Montreal
        .with_ymd_and_hms(2024, 1, 8, 9, 0, 0)
        .single()
        .context("a Québec instant")?;
    let mut folders = Vec::new();
    let mut bytes = 0u64;
    for i in 0..args.applications {
        let (stream, profile) = stream_profile(i, args.applications);
        let id = format!("ARR-BENCH-{i:05}");
        let mut documents = Vec::new();
        let mut files = Vec::new();
        for j in 0..args.scans {
            let (item, person) = items[j as usize % items.len()];
            let mut pdf = base[((i * args.scans + j) % 20) as usize].clone();
            pdf.extend_from_slice(format!("\n% {id} {j}\n").as_bytes());
            bytes += pdf.len() as u64;
            let file = format!("documents/scan-{j:02}.pdf");
            let mut d = json!({"file": file, "item": item});
            if let Some(p) = person {
                d["person"] = json!(p);
            }
            documents.push(d);
            files.push((file, pdf));
        }
        let submission: portal::Submission = serde_json::from_value(json!({
            "format": portal::submission::FORMAT,
            "submission_id": id,
            "kind": "application",
            "received_at": (start + Span::minutes(i64::from(i) * 17)).to_rfc3339(),
            "program": "pp-ai-it-ve",
            "stream": stream,
            "profile": profile,
            "language": if i % 3 == 0 { "en" } else { "fr" },
            "persons": [{"ref": "p1", "role": "principal_applicant", "family_name": "Tremblay",
                         "given_names": format!("Alex {i}"), "date_of_birth": "1990-05-17"}],
            "payment": {"amount": "1279.00", "currency": "CAD", "method": "credit_card",
                        "payer": "applicant", "paid_on": "2024-01-08"},
            "documents": documents,
        }))?;
        let refs: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(f, b)| (f.as_str(), b.as_slice()))
            .collect();
        folders.push(portal::write::write_folder(dir, &submission, &refs)?);
    }
    Ok((folders, bytes))
}

async fn bench(args: IntakeBenchArgs, server_bin: &Path) -> anyhow::Result<()> {
    let server = Server::start().await;
    println!(
        "intake bench: {} build, {} CPUs (load {}), {} applications x {} one-page colour scans, \
         server {} (throwaway PostgreSQL, fsync=off, for ours and the reference alike)",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        super::load(),
        args.applications,
        args.scans,
        server_bin.display(),
    );
    let work = tempfile::tempdir()?;
    let bundles_dir = work.path().join("bundles");
    let (folders, bytes) = write_bundles(&bundles_dir, &args)?;
    let mb = bytes as f64 / MB;
    let n = f64::from(args.applications);

    // Ours: the real import, end to end (process start and pdfium's loading included).
    let t = Instant::now();
    let out = server.admin_ok(
        &["intake", "import", &bundles_dir.display().to_string()],
        None,
    );
    let ours = t.elapsed();
    let received = out
        .lines()
        .filter(|l| l.contains(r#""code":"received""#))
        .count();
    ensure!(
        received == args.applications as usize,
        "{received} of {} applications received: {out}",
        args.applications
    );

    // The reference: the same bytes read and copied, the same rows inserted.
    let reference = raw_reference(&server, &folders, work.path(), args.scans).await?;

    // pdfium's quality checks on the same documents, in this process.
    let quality = quality_checks(&folders)?;

    let line = |what: &str, d: Duration| {
        println!(
            "{what:<44} {:>8.2} s  {:>8.1} bundles/s  {:>7.1} MB/s",
            d.as_secs_f64(),
            n / d.as_secs_f64(),
            mb / d.as_secs_f64()
        );
    };
    println!("documents: {} ({mb:.1} MB)", args.applications * args.scans);
    line("ours: dossier-server intake import", ours);
    line("reference: copy the bytes, insert the rows", reference);
    line("pdfium quality checks alone (this process)", quality);
    println!(
        "ours / reference: {:.1}x; quality checks: {:.0} % of the import",
        ours.as_secs_f64() / reference.as_secs_f64(),
        100.0 * quality.as_secs_f64() / ours.as_secs_f64()
    );
    println!("load at the end: {}", super::load());
    let scaled = ours.as_secs_f64() * 700.0 / n;
    println!(
        "goal: the program's 700 applications in under {GOAL_SECONDS:.0} s: {} ({scaled:.1} s{})",
        super::verdict(scaled < GOAL_SECONDS),
        if args.applications == 700 {
            String::new()
        } else {
            format!(", scaled from {}", args.applications)
        }
    );
    Ok(())
}

/// Reads every document, copies it under its hash, and inserts a submission and its
/// operations (case received, payment, one per document, the acknowledgement) into
/// scratch tables, one transaction per bundle.
async fn raw_reference(
    server: &Server,
    folders: &[PathBuf],
    work: &Path,
    scans: u32,
) -> anyhow::Result<Duration> {
    let mut db = server.db.client().await;
    db.batch_execute(
        "CREATE TABLE ref_submissions (submission_id text PRIMARY KEY, content_hash text NOT NULL,
                                       submission jsonb NOT NULL, received_at timestamptz NOT NULL);
         CREATE TABLE ref_operations (seq bigserial PRIMARY KEY, id uuid NOT NULL UNIQUE,
                                      case_id uuid NOT NULL, kind text NOT NULL, change jsonb NOT NULL);",
    )
    .await?;
    let blobs = work.join("ref-blobs");
    let t = Instant::now();
    for folder in folders {
        let json = std::fs::read(folder.join("submission.json"))?;
        let submission: serde_json::Value = serde_json::from_slice(&json)?;
        let mut hashes = Vec::new();
        for j in 0..scans {
            let bytes = std::fs::read(folder.join(format!("documents/scan-{j:02}.pdf")))?;
            let sha = hex::encode(Sha256::digest(&bytes));
            let dir = blobs.join(&sha[..2]);
            std::fs::create_dir_all(&dir)?;
            std::fs::write(dir.join(&sha), &bytes)?;
            hashes.push(sha);
        }
        let tx = db.transaction().await?;
        let id = submission["submission_id"].as_str().unwrap_or_default();
        tx.execute(
            "INSERT INTO ref_submissions VALUES ($1, $2, $3, now())",
            &[&id, &hashes[0], &submission],
        )
        .await?;
        let case = uuid::Uuid::now_v7();
        let insert = tx
            .prepare(
                "INSERT INTO ref_operations (id, case_id, kind, change) VALUES ($1, $2, $3, $4)",
            )
            .await?;
        let mut rows = vec![
            ("case_received", submission.clone()),
            ("payment_recorded", submission["payment"].clone()),
            ("letter_filed", json!({"sha256": hashes[0]})),
        ];
        for (d, sha) in submission["documents"]
            .as_array()
            .into_iter()
            .flatten()
            .zip(&hashes)
        {
            rows.push(("document_added", json!({"document": d, "sha256": sha})));
        }
        for (kind, change) in rows {
            tx.execute(&insert, &[&uuid::Uuid::now_v7(), &case, &kind, &change])
                .await?;
        }
        tx.commit().await?;
    }
    Ok(t.elapsed())
}

/// pdfium's quality checks on every document, one at a time on one worker (as the
/// server's intake runs them).
fn quality_checks(folders: &[PathBuf]) -> anyhow::Result<Duration> {
    let worker = pdf::PdfWorker::start(pdf::WorkerConfig {
        cache_bytes: 1024 * 1024,
        prefetch_pages: 0,
        ..pdf::WorkerConfig::default()
    });
    worker
        .library()
        .map_err(|e| anyhow::anyhow!("pdfium: {e}"))?;
    let mut documents = Vec::new();
    for folder in folders {
        for entry in std::fs::read_dir(folder.join("documents"))? {
            documents.push(std::fs::read(entry?.path())?);
        }
    }
    let t = Instant::now();
    for (i, bytes) in documents.into_iter().enumerate() {
        worker
            .inspect_blocking(pdf::DocumentRef::bytes(format!("q{i}"), bytes))
            .map_err(|e| anyhow::anyhow!("quality checks: {e}"))?;
    }
    Ok(t.elapsed())
}
