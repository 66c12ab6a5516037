//! `dossier bench figures`: the supervisor's dashboard (issue 17) at 100,000 files. A
//! throwaway PostgreSQL (testkit) and the real `dossier-server` hold `--files` files
//! spread over the window, the statuses and twenty officers, with their requests, their
//! decisions and the recorded applications (written straight into the tables, in bulk:
//! generating them is never timed). Ours: `GET /v1/figures` as a supervisor, end to end
//! (the server's queries, the caps' replay, JSON, HTTP). The reference, in the same run:
//! the same SQL sent raw as ours sends it (the aggregates pipelined on one connection, the
//! rows the caps' replay reads on a second one meanwhile), with nothing done with the
//! answers. Goal: under 200 ms, and within 1.5x.

use std::time::Duration;

use anyhow::ensure;
use testkit::Server;

use super::{load, measure_pair, ms, verdict};

#[derive(Debug, clap::Args)]
pub struct FiguresBenchArgs {
    /// Files on the server.
    #[arg(long, default_value_t = 100_000)]
    files: u32,
    /// Timed rounds of each side.
    #[arg(long, default_value_t = 30)]
    runs: u32,
}

const GOAL_MS: f64 = 200.0;
const GOAL_RATIO: f64 = 1.5;

pub fn run(args: FiguresBenchArgs) -> anyhow::Result<()> {
    ensure!(
        (1..=1_000_000).contains(&args.files) && args.runs >= 1,
        "--files is 1 to 1,000,000 and --runs at least 1"
    );
    let server_bin = super::server_binary()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let server = runtime.block_on(Server::start());
    runtime.block_on(fill(&server, args.files))?;
    let sam = runtime.block_on(server.signed_in("sam"));
    let raw = runtime.block_on(server.db.client());
    let raw_caps = runtime.block_on(server.db.client());
    // What ours answers: every figure, for the record.
    let figures = runtime.block_on(sam.figures())?;
    ensure!(
        figures.by_status.iter().map(|s| s.files).sum::<u32>() == args.files,
        "the figures count every file"
    );
    println!(
        "figures bench: {} build, {} CPUs (load {}), {} files, server {} (throwaway PostgreSQL)",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        load(),
        args.files,
        server_bin.display(),
    );
    let (ours, reference) = measure_pair(
        args.runs,
        || {
            runtime.block_on(sam.figures()).expect("GET /v1/figures");
        },
        || {
            runtime.block_on(async {
                // Sent as ours sends them: the aggregates together on one connection
                // (tokio-postgres pipelines them), the caps' rows on another meanwhile.
                let [a, b, c, d, e, f] = server::supervision::figures::sql::ALL;
                tokio::try_join!(
                    raw.query(a, &[]),
                    raw.query(b, &[]),
                    raw.query(c, &[]),
                    raw.query(d, &[]),
                    raw.query(e, &[]),
                    raw.query(f, &[]),
                    raw_caps.query(RECORDED_APPLICATIONS, &[]),
                )
                .expect("the raw queries");
            });
        },
    );
    let line = |what: &str, median: Duration, p95: Duration| {
        println!(
            "{what:<58} median {:>8.1} ms   p95 {:>8.1} ms",
            ms(median),
            ms(p95)
        );
    };
    line(
        "ours: GET /v1/figures (HTTP, JSON, caps replay)",
        ours.median,
        ours.p95,
    );
    line(
        "reference: the same SQL, raw, answers dropped",
        reference.median,
        reference.p95,
    );
    let ratio = ours.median.as_secs_f64() / reference.median.as_secs_f64();
    println!(
        "goal: the dashboard under {GOAL_MS:.0} ms: {:.1} ms, {}; within {GOAL_RATIO}x the raw SQL: {ratio:.2}x, {}",
        ms(ours.median),
        verdict(ms(ours.median) < GOAL_MS),
        verdict(ratio <= GOAL_RATIO)
    );
    println!(
        "caps: {}; weeks: {}; statuses: {}; officers with deadlines: {}; median days to decision: {:.1}",
        figures.caps.len(),
        figures.receipts_per_week.len(),
        figures.by_status.len(),
        figures.deadlines.len(),
        figures.median_days_to_decision.unwrap_or(0.0)
    );
    Ok(())
}

/// What the caps' replay reads (`intake::CAP_APPLICATIONS`).
const RECORDED_APPLICATIONS: &str = server::intake::CAP_APPLICATIONS;

/// `files` files in bulk: received a few minutes apart from the window's opening, in
/// every status, assigned to twenty officers (a tenth to nobody), two in three with a
/// 60-day request (two thirds of those answered, some late), the decided ones with their
/// outcome; and a recorded application for each.
async fn fill(server: &Server, files: u32) -> anyhow::Result<()> {
    let db = server.db.client().await;
    let n = i64::from(files);
    // A real outcome, as intake records it, for every application.
    let def = program::ProgramDefinition::builtin();
    let one = program::intake::decide(
        def,
        &[program::intake::Application {
            id: program::ApplicationId("B1".into()),
            stream: program::Stream::Ai,
            profile: program::Profile::Regular,
            received_at: chrono::DateTime::parse_from_rfc3339("2023-11-23T09:00:00-05:00")?
                .with_timezone(&chrono::Utc),
            represented: false,
        }],
    )?;
    let outcome = serde_json::to_value(&one.decisions[0].outcome)?;
    db.batch_execute(
        "INSERT INTO users (name, role, password_hash)
         SELECT format('o%s', lpad(i::text, 2, '0')), 'officer', 'not a hash'
           FROM generate_series(1, 20) i",
    )
    .await?;
    db.execute(
        "INSERT INTO cases (id, file_number, status, status_op, assigned_to, assigned_seq,
                            received_at, decided_at, decision, projected)
         SELECT md5('case' || i)::uuid,
                format('%s-%s-%s', 2023 + (i % 2), CASE WHEN i % 3 = 0 THEN 'AI' ELSE 'TIEV' END,
                       lpad(i::text, 6, '0')),
                (ARRAY['received','admissibility_review','missing_items_requested','in_review',
                       'attestation_requested','interview_scheduled','intent_to_refuse',
                       'intent_to_reject','decision_proposed','selected','refused','rejected',
                       'administrative_review','received'])[1 + i % 14],
                md5('op' || i)::uuid,
                CASE WHEN i % 10 = 0 THEN NULL ELSE format('o%s', lpad((1 + i % 20)::text, 2, '0')) END,
                0,
                timestamptz '2023-11-23 14:00:00Z' + i * interval '4 minutes',
                CASE WHEN i % 14 IN (9, 10, 11)
                     THEN timestamptz '2023-11-23 14:00:00Z' + i * interval '4 minutes'
                          + (30 + i % 90) * interval '1 day' END,
                CASE i % 14 WHEN 9 THEN 'selected' WHEN 10 THEN 'refused' WHEN 11 THEN 'rejected' END,
                1
           FROM generate_series(1, $1::bigint) i",
        &[&n],
    )
    .await?;
    db.execute(
        "INSERT INTO case_requests (case_id, request_id, kind, sent_at, ends_at, answered_at, closed_at)
         SELECT c.id, md5('request' || c.file_number)::uuid,
                CASE WHEN random() < 0.7 THEN 'missing_items' ELSE 'attestation' END,
                c.received_at + interval '10 days', c.received_at + interval '70 days',
                CASE WHEN hashtext(c.file_number) % 3 <> 0
                     THEN c.received_at + (20 + abs(hashtext(c.file_number)) % 60) * interval '1 day' END,
                CASE WHEN hashtext(c.file_number) % 3 <> 0
                     THEN c.received_at + (20 + abs(hashtext(c.file_number)) % 60) * interval '1 day' END
           FROM cases c WHERE hashtext(c.id::text) % 3 <> 0",
        &[],
    )
    .await?;
    db.execute(
        "INSERT INTO submissions (submission_id, sequence, kind, content_hash, submission,
                                  received_at, stream, profile, outcome, decision, case_id,
                                  recorded_by)
         SELECT format('B%s', c.file_number), 1, 'application',
                encode(sha256(convert_to(c.file_number, 'UTF8')), 'hex'), '{}'::jsonb,
                c.received_at,
                CASE WHEN c.file_number LIKE '%-AI-%' THEN 'ai' ELSE 'it_vfx' END,
                CASE WHEN hashtext(c.file_number) % 3 = 0 THEN 'francization' ELSE 'regular' END,
                'received', $1::jsonb, c.id, 'bench'
           FROM cases c",
        &[&outcome],
    )
    .await?;
    db.batch_execute("ANALYZE").await?;
    Ok(())
}
