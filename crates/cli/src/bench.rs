//! `dossier bench ...`: benchmark programs. Each prints its figures next to a reference
//! measured in the same run; budgets are checked by reading them, not by timed tests.

use std::time::{Duration, Instant};

mod app;
mod casework;
mod figures;
mod intake;
mod pdf;
mod pdq;
mod program;
mod store;
mod sync;

#[derive(Debug, clap::Subcommand)]
pub enum BenchCommand {
    /// Queue page and name search through the store vs the same SQL on raw rusqlite.
    Store(store::StoreBenchArgs),
    /// A file's casework opened, a step recorded and the decision queue through the store
    /// vs the same rows read and written on raw rusqlite.
    Casework(casework::CaseworkBenchArgs),
    /// First page, per-page render and thumbnails vs pdftoppm.
    Pdf(pdf::PdfBenchArgs),
    /// The same scan in two files: PDQ false matches across the pages of Debian's PDF
    /// manuals, recall on their rescans, and lookup among 100,000 pages vs a full scan.
    Pdq(pdq::PdqBenchArgs),
    /// First pull, document download and concurrent pushes through the sync engine and the
    /// real dossier-server vs raw PostgreSQL inserts and disk reads.
    Sync(sync::SyncBenchArgs),
    /// The program's 700 applications (10 scans each) imported by the real
    /// dossier-server vs copying the same bytes and inserting the same rows.
    Intake(intake::IntakeBenchArgs),
    /// Program definition versions (P5): a version received, an operation decided with
    /// the version it names (and with an older one), a version checked before loading, vs
    /// plain TOML parsing, the built-in definition's decision and one intake replay.
    Program(program::ProgramBenchArgs),
    /// The supervisor's dashboard (issue 17) at 100,000 files: GET /v1/figures from the
    /// real dossier-server vs the same SQL sent raw.
    Figures(figures::FiguresBenchArgs),
    /// The release app's start to an interactive queue and the memory of its processes
    /// with a 20-page document open, at 300 and 100,000 files, vs a minimal Tauri window.
    App(app::AppBenchArgs),
}

pub fn run(cmd: BenchCommand) -> anyhow::Result<()> {
    match cmd {
        BenchCommand::Store(args) => store::run(args),
        BenchCommand::Casework(args) => casework::run(args),
        BenchCommand::Pdf(args) => pdf::run(args),
        BenchCommand::Pdq(args) => pdq::run(args),
        BenchCommand::Sync(args) => sync::run(args),
        BenchCommand::Intake(args) => intake::run(args),
        BenchCommand::Program(args) => program::run(args),
        BenchCommand::Figures(args) => figures::run(args),
        BenchCommand::App(args) => app::run(args),
    }
}

/// The `dossier-server` beside this binary (or `DOSSIER_SERVER_BIN`), for the benchmarks
/// that run the real server.
pub(crate) fn server_binary() -> anyhow::Result<std::path::PathBuf> {
    // testkit panics with a test's advice when the binary is missing: say it our way.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let found = std::panic::catch_unwind(testkit::server_binary);
    std::panic::set_hook(hook);
    found.ok().filter(|p| p.is_file()).ok_or_else(|| {
        anyhow::anyhow!(
            "dossier-server was not found beside this binary: run `cargo build -p server -p cli` \
             (same profile), or set DOSSIER_SERVER_BIN to it"
        )
    })
}

/// The machine's load average over the last minute, as a caution on the figures.
pub(crate) fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}

pub(crate) fn verdict(ok: bool) -> &'static str {
    if ok { "MET" } else { "MISSED" }
}

pub(crate) struct Figures {
    pub median: Duration,
    pub p95: Duration,
}

/// Times `a` and `b` alternately, so that drift on the machine (other processes, caches,
/// frequency) weighs on both the same way, and each goes first in half of the rounds: the
/// one that runs second finds the caches the other just warmed, which alone made either
/// side up to 1.4x slower in the same run.
pub(crate) fn measure_pair(
    runs: u32,
    mut a: impl FnMut(),
    mut b: impl FnMut(),
) -> (Figures, Figures) {
    for _ in 0..10 {
        a();
        b();
    }
    let mut ta = Vec::with_capacity(runs as usize);
    let mut tb = Vec::with_capacity(runs as usize);
    let time = |f: &mut dyn FnMut(), into: &mut Vec<Duration>| {
        let t = Instant::now();
        f();
        into.push(t.elapsed());
    };
    for round in 0..runs {
        if round % 2 == 0 {
            time(&mut a, &mut ta);
            time(&mut b, &mut tb);
        } else {
            time(&mut b, &mut tb);
            time(&mut a, &mut ta);
        }
    }
    (figures(ta), figures(tb))
}

fn figures(mut times: Vec<Duration>) -> Figures {
    times.sort_unstable();
    Figures {
        median: times[times.len() / 2],
        p95: times[times.len() * 95 / 100],
    }
}

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The store a benchmark measures: `given` (its key from the keyring, as the app keeps
/// it), else a new one in `dir` filled with `cases` demo files.
pub(crate) fn bench_store(
    given: Option<std::path::PathBuf>,
    cases: u32,
    dir: &std::path::Path,
) -> anyhow::Result<(std::path::PathBuf, ::store::StoreKey)> {
    use anyhow::Context;
    // A store the app made has its key in the keyring; the bench's own store has a key
    // of its own.
    Ok(match given {
        Some(p) => {
            let key = keychain::StoreKeys::new()
                .existing_key(&p)
                .context("getting the store's key from the keyring")?;
            (p, key)
        }
        None => {
            let key = ::store::StoreKey::random();
            let p = dir.join("bench.db");
            let t = Instant::now();
            let options = demo::DemoOptions {
                cases,
                seed: 2024,
                if_empty: false,
                now: chrono::Utc::now(),
            };
            let summary = demo::fill(&p, &key, &options).context("filling the benchmark store")?;
            println!(
                "demo: {} cases, {} documents, {} operations in {:.1} s",
                summary.cases,
                summary.documents,
                summary.operations,
                t.elapsed().as_secs_f64()
            );
            (p, key)
        }
    })
}
