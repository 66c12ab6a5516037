//! `dossier bench app`: the release app's cold start to an interactive queue and the
//! memory of all its processes with a 20-page document open, at 300 and at 100,000 files,
//! next to a minimal Tauri window (`benches/minimal-window`) built and measured in the
//! same run. docs/bench-app.md.
//!
//! - **Start.** From the bench's exec of the binary (the wall clock just before `spawn`)
//!   to the first queue row painted, as the UI reports it: the app, run with
//!   `DOSSIER_BENCH_READY_FILE`, appends `queue <epoch ms>` to that file once the row is
//!   in the DOM and a frame has been painted (`ui/src/lib/bench.ts`,
//!   `src-tauri/src/bench.rs`). The minimal window reports its first paint the same way.
//! - **Memory.** With `DOSSIER_BENCH_OPEN=<case>/<document>` the UI then opens a demo
//!   employment letter of 20 pages and reports `page <ms>` once its first page is painted;
//!   after `--settle` seconds, the PSS of every process of the tree (the app, WebKit's
//!   web and network processes, the pdfium helper) is summed from
//!   `/proc/<pid>/smaps_rollup`.
//!
//! Each launch is a new process on a new home directory (no WebKit cache), on the bench's
//! own Xvfb, inside a D-Bus session with a GNOME Keyring that the bench starts itself
//! (`dbus-run-session` and `scripts/keyring-session.sh`, the keyring kept in the cache
//! folder so that the stores generated once can be opened again). The OS file cache is
//! warm: the figures are a process's cold start, not a cold boot's.

use std::io::BufRead;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail, ensure};

use super::{load, verdict};

#[derive(Debug, clap::Args)]
pub struct AppBenchArgs {
    /// Store sizes, in demo files (each store is generated once and kept in the cache).
    #[arg(long, value_delimiter = ',', default_value = "300,100000")]
    files: Vec<u32>,
    /// Launches of each app per store (the medians are printed).
    #[arg(long, default_value_t = 5)]
    runs: u32,
    /// The app's binary; by default `dossier-app` beside this one.
    #[arg(long)]
    app: Option<PathBuf>,
    /// The minimal Tauri window's binary; by default it is built here with
    /// `cargo build --release` from `benches/minimal-window`.
    #[arg(long)]
    minimal: Option<PathBuf>,
    /// Where the demo stores and their keyring are kept between runs (default
    /// `target/bench-app`).
    #[arg(long)]
    cache: Option<PathBuf>,
    /// Seconds the document stays open before the memory is read.
    #[arg(long, default_value_t = 3.0)]
    settle: f64,
}

/// The goals of the compass: to an interactive queue in 0.5 s or less, 300 MB or less with
/// a 20-page document open.
const GOAL_START_MS: f64 = 500.0;
const GOAL_MEMORY_MB: f64 = 300.0;
/// The instant of the demo data and of the app ("today").
const NOW: &str = "2024-11-20T15:00:00Z";
const SEED: u64 = 7;
/// Set in the bench's own D-Bus session (the re-executed bench).
const IN_SESSION: &str = "DOSSIER_BENCH_SESSION";
/// Longest wait for a window's report.
const WAIT: Duration = Duration::from_secs(90);

/// The repository this binary was built from (the keyring script, the minimal window).
fn repo_root() -> PathBuf {
    let cli = Path::new(env!("CARGO_MANIFEST_DIR"));
    cli.ancestors().nth(2).unwrap_or(cli).to_path_buf()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
}

pub fn run(args: AppBenchArgs) -> anyhow::Result<()> {
    ensure!(
        args.runs >= 1 && !args.files.is_empty(),
        "--runs is at least 1 and --files names at least one size"
    );
    for &n in &args.files {
        ensure!(
            (1..=demo::MAX_CASES).contains(&n),
            "--files sizes are 1 to {}",
            demo::MAX_CASES
        );
    }
    let cache = match &args.cache {
        Some(c) => c.clone(),
        None => target_dir().join("bench-app"),
    };
    std::fs::create_dir_all(&cache)
        .with_context(|| format!("creating the cache folder {}", cache.display()))?;
    let cache = std::path::absolute(&cache)?;
    if std::env::var_os(IN_SESSION).is_none() {
        return in_own_session(&cache);
    }

    // The stores first: generating 100,000 files takes minutes, once.
    let mut stores = Vec::new();
    for &n in &args.files {
        stores.push(prepare_store(&cache, n)?);
    }
    let app = match &args.app {
        Some(p) => p.clone(),
        None => std::env::current_exe()?.with_file_name("dossier-app"),
    };
    ensure!(
        app.is_file(),
        "{} is missing: build it with `cd ui && npm run build && cd .. && cargo build --release -p dossier-app -p cli`",
        app.display()
    );
    let minimal = match &args.minimal {
        Some(p) => p.clone(),
        None => build_minimal()?,
    };

    let (_xvfb, display) = start_xvfb()?;
    println!(
        "app bench: {} build of the bench, {} CPUs (load {}), app {}, minimal window {}, {} launches each, Xvfb 1280x900",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        load(),
        app.display(),
        minimal.display(),
        args.runs
    );
    let settle = Duration::from_secs_f64(args.settle.max(0.0));
    let mut ours: Vec<Vec<Sample>> = vec![Vec::new(); stores.len()];
    let mut reference = Vec::new();
    // Alternately, so that drift on the machine weighs on every side alike.
    for _ in 0..args.runs {
        for (store, samples) in stores.iter().zip(ours.iter_mut()) {
            samples.push(launch(
                &app,
                &display,
                Some(store),
                settle,
                "the first queue row",
            )?);
        }
        reference.push(launch(&minimal, &display, None, settle, "the first paint")?);
    }

    for (store, samples) in stores.iter().zip(&ours) {
        let start = median(samples.iter().map(|s| s.start_ms));
        let memory = median(samples.iter().map(|s| s.pss_mb));
        println!(
            "ours, {:>7} files: exec to the first queue row painted   median {:>7.0} ms  (min {:.0}, max {:.0})",
            store.files,
            start,
            min(samples.iter().map(|s| s.start_ms)),
            max(samples.iter().map(|s| s.start_ms)),
        );
        println!(
            "ours, {:>7} files: memory, 20-page document open, PSS   median {:>7.1} MB  ({})",
            store.files,
            memory,
            samples.last().map(|s| s.processes.as_str()).unwrap_or("")
        );
        println!(
            "goal at {} files: to an interactive queue in 0.5 s or less: {:.0} ms, {}; 300 MB or less: {:.1} MB, {}",
            store.files,
            start,
            verdict(start <= GOAL_START_MS),
            memory,
            verdict(memory <= GOAL_MEMORY_MB)
        );
    }
    println!(
        "reference, minimal Tauri window: exec to its first paint median {:>7.0} ms  (min {:.0}, max {:.0})",
        median(reference.iter().map(|s| s.start_ms)),
        min(reference.iter().map(|s| s.start_ms)),
        max(reference.iter().map(|s| s.start_ms)),
    );
    println!(
        "reference, minimal Tauri window: memory, PSS               median {:>7.1} MB  ({})",
        median(reference.iter().map(|s| s.pss_mb)),
        reference.last().map(|s| s.processes.as_str()).unwrap_or("")
    );
    Ok(())
}

/// Runs this same command again inside a private D-Bus session with a GNOME Keyring kept
/// in `cache/keyring` (the stores' keys), as the tests run the app.
fn in_own_session(cache: &Path) -> anyhow::Result<()> {
    let script = repo_root().join("scripts/keyring-session.sh");
    ensure!(
        script.is_file(),
        "{} is missing: run the bench from the repository it was built in",
        script.display()
    );
    let status = Command::new("dbus-run-session")
        .arg("--")
        .arg("bash")
        .arg(&script)
        .arg(std::env::current_exe()?)
        .args(std::env::args_os().skip(1))
        .env(IN_SESSION, "1")
        .env("KEYRING_DIR", cache.join("keyring"))
        .env("NO_AT_BRIDGE", "1")
        .status()
        .context(
            "starting dbus-run-session (Debian's dbus-daemon; scripts/setup.sh installs it)",
        )?;
    ensure!(status.success(), "the bench failed ({status})");
    Ok(())
}

/// The minimal window, built in release from `benches/minimal-window` (its own workspace)
/// into the same target folder.
fn build_minimal() -> anyhow::Result<PathBuf> {
    let manifest = repo_root().join("benches/minimal-window/Cargo.toml");
    ensure!(
        manifest.is_file(),
        "{} is missing: run the bench from the repository, or pass --minimal",
        manifest.display()
    );
    let target = target_dir();
    println!(
        "building the minimal window: cargo build --release --manifest-path {}",
        manifest.display()
    );
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .context("running cargo to build the minimal window (or pass --minimal)")?;
    ensure!(
        status.success(),
        "building the minimal window failed ({status})"
    );
    Ok(target.join("release").join("minimal-window"))
}

/// A demo store of `files` files and the 20-page document the memory is measured with.
#[derive(Debug, Clone)]
struct BenchStore {
    files: u32,
    path: PathBuf,
    /// `<case id>/<document id>` for `DOSSIER_BENCH_OPEN`.
    open: String,
}

/// The demo store of `files` files in the cache, generated the first time (its key in the
/// bench's keyring, as the app keeps it).
fn prepare_store(cache: &Path, files: u32) -> anyhow::Result<BenchStore> {
    let dir = cache.join(format!("store-{files}"));
    let path = dir.join("dossier.db");
    let done = dir.join("complete");
    let keys = keychain::StoreKeys::new();
    let recipe = format!("{files} files, seed {SEED}, now {NOW}\n");
    let reusable = std::fs::read_to_string(&done).is_ok_and(|r| r == recipe)
        && keys.existing_key(&path).is_ok();
    if !reusable {
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        keys.forget(&path)?;
        std::fs::create_dir_all(&dir)?;
        let key = keys.key_for(&path)?;
        println!(
            "demo: generating {files} files into {} (once; kept for the next runs)",
            dir.display()
        );
        let t = Instant::now();
        let options = demo::DemoOptions {
            cases: files,
            seed: SEED,
            if_empty: false,
            now: chrono::DateTime::parse_from_rfc3339(NOW)?.to_utc(),
        };
        let summary = demo::fill(&path, &key, &options).context("generating the demo store")?;
        println!(
            "demo: {} files, {} documents, {} operations in {:.0} s",
            summary.cases,
            summary.documents,
            summary.operations,
            t.elapsed().as_secs_f64()
        );
        std::fs::write(&done, &recipe)?;
    }
    let key = keys.existing_key(&path)?;
    let store = ::store::Store::open(&path, &key)?;
    let rows = store
        .queue(&::store::QueueQuery {
            limit: 200,
            ..::store::QueueQuery::default()
        })?
        .items;
    for row in rows {
        let detail = store.case_detail(row.id)?;
        if let Some(doc) = detail.documents.iter().find(|d| {
            d.quality
                .as_ref()
                .is_some_and(|q| q.page_count == Some(20) && q.flags.is_empty())
        }) {
            return Ok(BenchStore {
                files,
                path,
                open: format!("{}/{}", row.id, doc.id),
            });
        }
    }
    bail!(
        "no clean 20-page document among the first files of {}: is the pdfium library installed (scripts/setup.sh)?",
        path.display()
    )
}

#[derive(Debug, Clone)]
struct Sample {
    start_ms: f64,
    pss_mb: f64,
    /// The processes measured, e.g. `dossier-app 80 MB, WebKitWebProcess 120 MB, ...`.
    processes: String,
}

/// One launch: the time to the window's first report, then (the app with its document
/// open, or the minimal window) the memory of its process tree.
fn launch(
    binary: &Path,
    display: &str,
    store: Option<&BenchStore>,
    settle: Duration,
    what: &str,
) -> anyhow::Result<Sample> {
    let dir = tempfile::Builder::new()
        .prefix("dossier-bench-app-")
        .tempdir()?;
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home)?;
    let ready = dir.path().join("ready");
    let log = std::fs::File::create(dir.path().join("app.log"))?;
    let mut command = Command::new(binary);
    command
        .process_group(0)
        .env("DISPLAY", display)
        .env_remove("WAYLAND_DISPLAY")
        .env("NO_AT_BRIDGE", "1")
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("DOSSIER_BENCH_READY_FILE", &ready)
        .env("DOSSIER_NOW", NOW)
        .env("DOSSIER_USER", "agent.tremblay")
        .env("DOSSIER_ROLE", "officer")
        .env("DOSSIER_SERVER_URL", "")
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
    if let Some(store) = store {
        command
            .env("DOSSIER_STORE", &store.path)
            .env("DOSSIER_BENCH_OPEN", &store.open);
    }
    let exec_ms = epoch_ms();
    let child = command
        .spawn()
        .with_context(|| format!("starting {}", binary.display()))?;
    let mut app = Running { child };
    let result = (|| {
        let shown = app.wait_for(&ready, "queue", what)?;
        if store.is_some() {
            app.wait_for(&ready, "page", "the 20-page document's first page")?;
        }
        std::thread::sleep(settle);
        app.alive()?;
        let tree = process_tree(app.child.id());
        let mut total_kb = 0;
        let mut parts = Vec::new();
        for pid in &tree {
            let kb = pss_kb(*pid).unwrap_or(0);
            total_kb += kb;
            parts.push(format!("{} {:.0} MB", comm(*pid), kb as f64 / 1024.0));
        }
        Ok(Sample {
            start_ms: shown - exec_ms,
            pss_mb: total_kb as f64 / 1024.0,
            processes: parts.join(", "),
        })
    })();
    drop(app);
    result.map_err(|e: anyhow::Error| {
        let log = std::fs::read_to_string(dir.path().join("app.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        e.context(format!(
            "{} (its last lines: {})",
            binary.display(),
            lines[lines.len().saturating_sub(20)..].join("\n")
        ))
    })
}

fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64()
        * 1000.0
}

/// A launched window, stopped with its whole process tree when dropped.
struct Running {
    child: Child,
}

impl Running {
    fn alive(&mut self) -> anyhow::Result<()> {
        if let Some(status) = self.child.try_wait()? {
            bail!("it exited early with {status}");
        }
        Ok(())
    }

    /// The instant (epoch ms) the window reported `stage` in `ready`.
    fn wait_for(&mut self, ready: &Path, stage: &str, what: &str) -> anyhow::Result<f64> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(at) = reported(ready, stage) {
                return Ok(at);
            }
            self.alive()?;
            if Instant::now() > deadline {
                bail!("{what} was not reported within {} s", WAIT.as_secs());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let pid = self.child.id();
        let tree = process_tree(pid);
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{pid}")])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline && !matches!(self.child.try_wait(), Ok(Some(_))) {
            std::thread::sleep(Duration::from_millis(20));
        }
        // Whatever of the tree is left (a child that left the group), then the group.
        for p in tree.iter().rev() {
            let _ = Command::new("kill")
                .args(["-KILL", &p.to_string()])
                .stderr(Stdio::null())
                .status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The instant of the first `stage <ms>` line of the ready file.
fn reported(ready: &Path, stage: &str) -> Option<f64> {
    let file = std::fs::File::open(ready).ok()?;
    std::io::BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .find_map(|line| {
            let (name, at) = line.split_once(' ')?;
            (name == stage).then(|| at.trim().parse().ok()).flatten()
        })
}

/// `root` and every process below it, parents first.
fn process_tree(root: u32) -> Vec<u32> {
    let mut parents = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            // `pid (comm) state ppid ...`: the name may hold spaces and parentheses.
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            let Some(ppid) = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            parents.push((pid, ppid));
        }
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(
            parents
                .iter()
                .filter(|(_, pp)| *pp == parent)
                .map(|(p, _)| *p),
        );
        i += 1;
    }
    tree
}

/// The proportional set size of `pid`, in kB.
fn pss_kb(pid: u32) -> Option<u64> {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    rollup.lines().find_map(|line| {
        line.strip_prefix("Pss:")?
            .trim()
            .strip_suffix("kB")?
            .trim()
            .parse()
            .ok()
    })
}

fn comm(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|_| pid.to_string())
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn min(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(f64::INFINITY, f64::min)
}

fn max(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(f64::NEG_INFINITY, f64::max)
}

/// An Xvfb of the bench's own, on the first free display from :300 (the end-to-end tests
/// take theirs from :90).
struct Xvfb(Child);

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_xvfb() -> anyhow::Result<(Xvfb, String)> {
    for n in 300..400 {
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        if Path::new(&format!("/tmp/.X{n}-lock")).exists() || socket.exists() {
            continue;
        }
        let display = format!(":{n}");
        let child = Command::new("Xvfb")
            .args([&display, "-screen", "0", "1280x900x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting Xvfb (scripts/setup.sh installs it)")?;
        let mut xvfb = Xvfb(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if socket.exists() {
                return Ok((xvfb, display));
            }
            if xvfb.0.try_wait()?.is_some() {
                break; // lost a race for this number
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    bail!("could not start Xvfb on any display from :300 to :399")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_and_its_memory_are_read_from_proc() {
        let mut child = Command::new("sleep").arg("5").spawn().unwrap();
        let me = std::process::id();
        let tree = process_tree(me);
        assert_eq!(tree[0], me);
        assert!(tree.contains(&child.id()), "{tree:?}");
        assert!(pss_kb(me).is_some_and(|kb| kb > 100));
        // The child's name is the parent's until it has exec'd.
        let deadline = Instant::now() + Duration::from_secs(5);
        while comm(child.id()) != "sleep" && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(comm(child.id()), "sleep");
        child.kill().unwrap();
        child.wait().unwrap();
    }

    #[test]
    fn the_ready_file_is_read_by_stage() {
        let dir = tempfile::tempdir().unwrap();
        let ready = dir.path().join("ready");
        assert_eq!(reported(&ready, "queue"), None);
        std::fs::write(&ready, "queue 1700000000123.500\npage 1700000000456.000\n").unwrap();
        assert_eq!(reported(&ready, "queue"), Some(1_700_000_000_123.5));
        assert_eq!(reported(&ready, "page"), Some(1_700_000_000_456.0));
        assert_eq!(median([3.0, 1.0, 2.0].into_iter()), 2.0);
    }
}
