//! `dossier bench program`: what the program definition as live data (P5) costs, each
//! next to a reference measured in the same run.
//!
//! - A version received: its TOML parsed and validated into a definition (what every
//!   sync round does for every version the server holds, and the store at opening), next
//!   to the same text parsed as plain TOML.
//! - An operation decided with the version it names (the usual case: the version in force
//!   at its instant), next to the same operation decided with the built-in definition
//!   alone (before versions existed).
//! - An operation named by an older version than the one in force (a laptop offline
//!   since before it): decided and folded with both, the states compared; same reference.
//! - A version checked before it is loaded, against 700 recorded applications and 700
//!   files with payments (`check_successor`), next to one intake replay of those 700.

use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use program::intake::Application;
use program::versions::{Decided, PaidFile, check_successor};
use program::{
    ApplicationId, ProgramDefinition, ProgramVersion, ProgramVersionId, ProgramVersions, Stream,
};
use store::{Actor, CaseId, Change, Operation, RequestId};

use super::{measure_pair, ms, verdict};

#[derive(Debug, clap::Args)]
pub struct ProgramBenchArgs {
    /// Timed repetitions of each step.
    #[arg(long, default_value_t = 500)]
    runs: u32,
}

/// The built-in definition with a (made-up) fee row for the 2023 cohort.
fn with_2023_row() -> String {
    program::definition::BUILTIN_TOML.replace(
        "[[fees]]\neffective_from = 2024-01-01",
        "[[fees]]\neffective_from = 2023-11-23\neffective_until = 2023-12-31\n\
         principal = \"850.00\"\nspouse = \"180.00\"\nchild = \"180.00\"\n\n\
         [[fees]]\neffective_from = 2024-01-01",
    )
}

fn op(case: CaseId, change: Change, at_ms: u64, program: ProgramVersionId) -> Operation {
    let mut op = testkit::op(Actor::supervisor("sup.bench"), case, change).to_operation();
    op.hlc.wall_ms = at_ms;
    op.program = program;
    op
}

pub fn run(args: ProgramBenchArgs) -> anyhow::Result<()> {
    let runs = args.runs.max(10);
    let source = with_2023_row();
    let v2_at = Utc.with_ymd_and_hms(2025, 1, 1, 5, 0, 0).unwrap();
    let v3_at = v2_at + Duration::days(30);
    let v3_source = source.replace("missing_items_days = 60", "missing_items_days = 75");
    let mut versions = ProgramVersions::builtin();
    versions.push(ProgramVersion::from_source(
        ProgramVersionId(2),
        v2_at,
        source.clone(),
        v2_at,
        "bench".into(),
    )?)?;
    versions.push(ProgramVersion::from_source(
        ProgramVersionId(3),
        v3_at,
        v3_source,
        v3_at,
        "bench".into(),
    )?)?;
    let builtin = ProgramDefinition::builtin();

    println!("{} runs each; load average {}", runs, super::load());
    println!(
        "{:<58} {:>10} {:>10} {:>10} {:>8}",
        "step", "ours ms", "p95 ms", "ref ms", "ratio"
    );
    let line = |name: &str, ours: &super::Figures, reference: &super::Figures| {
        let ratio = ours.median.as_secs_f64() / reference.median.as_secs_f64();
        println!(
            "{:<58} {:>10.4} {:>10.4} {:>10.4} {:>7.2}x",
            name,
            ms(ours.median),
            ms(ours.p95),
            ms(reference.median),
            ratio
        );
        ratio
    };

    // 1. A version received.
    let (ours, reference) = measure_pair(
        runs,
        || {
            std::hint::black_box(
                ProgramDefinition::from_toml_str("bench", std::hint::black_box(&source))
                    .expect("valid"),
            );
        },
        || {
            std::hint::black_box(
                toml::from_str::<toml::Value>(std::hint::black_box(&source)).expect("toml"),
            );
        },
    );
    line(
        "a version received: parsed and validated",
        &ours,
        &reference,
    );
    let received_ms = ms(ours.median);

    // A file of the 2023 cohort in review, and a missing-items request on it.
    let case = CaseId::new();
    let before_v3 = u64::try_from((v3_at - Duration::days(1)).timestamp_millis())?;
    let after_v3 = u64::try_from((v3_at + Duration::days(1)).timestamp_millis())?;
    let mut state = None;
    for change in [
        testkit::case_received("2023-AI-000001"),
        Change::AdmissibilityReviewStarted,
    ] {
        let o = op(case, change, before_v3, ProgramVersionId(2));
        state = Some(decider::apply(&versions, state, &o).map_err(|e| anyhow::anyhow!("{e}"))?);
    }
    let state = state.expect("a received file");
    let sent_at =
        chrono::DateTime::from_timestamp_millis(i64::try_from(after_v3)?).unwrap_or_default();
    // The same gaps under every version here (the fees, and every item).
    let items = state.gap_keys(builtin, program::montreal_date(sent_at));
    let request = |at: u64, program: ProgramVersionId| {
        op(
            case,
            Change::MissingItemsRequested {
                request_id: RequestId::new(),
                items: items.clone(),
                sent_at,
            },
            at,
            program,
        )
    };
    let current = request(after_v3, ProgramVersionId(3));
    let older = request(after_v3, ProgramVersionId(2));
    let reference_op = request(after_v3, ProgramVersionId::BUILTIN);
    let decide_reference = || {
        decider::decide(builtin, Some(&state), &reference_op).expect("allowed");
        std::hint::black_box(decider::evolve(builtin, Some(state.clone()), &reference_op));
    };

    // 2. The usual case.
    let (ours, reference) = measure_pair(
        runs,
        || {
            std::hint::black_box(
                decider::apply(&versions, Some(state.clone()), &current).expect("allowed"),
            );
        },
        decide_reference,
    );
    let usual = line(
        "an operation decided with the version it names",
        &ours,
        &reference,
    );

    // 3. Named by an older version: decided twice, and a conflict here (the deadline).
    let (ours, reference) = measure_pair(
        runs,
        || {
            let refused = decider::apply(&versions, Some(state.clone()), &older);
            assert!(refused.is_err(), "version 3's deadline differs");
        },
        decide_reference,
    );
    let twice = line(
        "an operation named by an older version (decided twice)",
        &ours,
        &reference,
    );

    // 4. A version checked before it is loaded, against 700 decided applications and
    // 700 files with payments.
    let start = Utc.with_ymd_and_hms(2023, 11, 23, 15, 0, 0).unwrap();
    let applications: Vec<Application> = (0..700)
        .map(|i| Application {
            id: ApplicationId(format!("ARR-{i:04}")),
            stream: if i % 3 == 0 {
                Stream::Ai
            } else {
                Stream::ItVfx
            },
            profile: if i % 4 == 0 {
                program::Profile::Francization
            } else {
                program::Profile::Regular
            },
            received_at: start + Duration::hours(i),
            represented: false,
        })
        .collect();
    let decided = Decided {
        paid: applications
            .iter()
            .map(|a| PaidFile {
                file_number: a.id.0.clone(),
                fee_days: vec![program::montreal_date(a.received_at)],
            })
            .collect(),
        applications: applications.clone(),
        ..Decided::default()
    };
    let next = ProgramDefinition::from_toml_str(
        "next",
        &source.replace("missing_items_days = 60", "missing_items_days = 90"),
    )?;
    let now = v3_at + Duration::days(60);
    let slow_runs = (runs / 10).max(10);
    let (ours, reference) = measure_pair(
        slow_runs,
        || {
            check_successor(&versions, &next, now, now, &decided).expect("nothing changes");
        },
        || {
            std::hint::black_box(
                program::intake::decide(&versions.latest().definition, &applications)
                    .expect("replay"),
            );
        },
    );
    line(
        "a version checked against 700 decided files (load)",
        &ours,
        &reference,
    );
    let load_ms = ms(ours.median);

    let t = Instant::now();
    let kept = ProgramVersions::new(versions.all().to_vec())?;
    std::hint::black_box(kept);
    println!();
    println!(
        "goals: a version received in 1 ms or less: {received_ms:.3} ms, {}; the usual \
         decision within 1.2x the built-in one: {usual:.2}x, {}; an older version's \
         decision within 3x: {twice:.2}x, {}; a load checked in 100 ms or less: \
         {load_ms:.1} ms, {} (set of 3 versions rebuilt in {:.3} ms)",
        verdict(received_ms <= 1.0),
        verdict(usual <= 1.2),
        verdict(twice <= 3.0),
        verdict(load_ms <= 100.0),
        ms(t.elapsed()),
    );
    Ok(())
}
