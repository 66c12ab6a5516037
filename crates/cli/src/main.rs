//! `dossier`: the command line for scripts, administrators and tests. Each subcommand
//! parses its arguments, calls one function of a crate and reports the error.

mod bench;
mod pdf;
mod rules;

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "dossier",
    version,
    about = "Dossier: officer's workstation for PP AI/IT-VE files"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Fill a store with a deterministic set of demo cases and documents.
    Demo(DemoArgs),
    /// Replay and check the program's rules (intake, fees, attestation).
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Inspect and render PDF documents with pdfium.
    #[command(subcommand)]
    Pdf(pdf::PdfCommand),
    /// Benchmarks that print our figures next to a reference measured in the same run.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
}

#[derive(Debug, clap::Args)]
struct DemoArgs {
    /// The store's database file (created if absent). Defaults to the app's store.
    #[arg(long, env = "DOSSIER_STORE")]
    store: Option<PathBuf>,
    /// How many cases to create (at most 100,000).
    #[arg(long, default_value_t = 300)]
    cases: u32,
    /// Seed of the generator: the same seed gives the same cases.
    #[arg(long, default_value_t = 2024)]
    seed: u64,
    /// Do nothing if the store already holds cases.
    #[arg(long)]
    if_empty: bool,
    /// The moment requests are dated around (RFC 3339); defaults to now.
    #[arg(long)]
    now: Option<chrono::DateTime<chrono::Utc>>,
    /// Write the applications as the portal's bundles into this folder instead of
    /// filling a store (for `dossier-server intake import`; see scripts/server-demo.sh).
    #[arg(long, conflicts_with_all = ["store", "if_empty"])]
    bundles: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    // `dossier pdf-helper`: this binary as the sandboxed render helper of its own
    // workers (`dossier pdf`, `dossier bench pdf`).
    if std::env::args_os()
        .nth(1)
        .is_some_and(|arg| arg == ::pdf::helper::SUBCOMMAND)
    {
        ::pdf::helper::serve_and_exit();
    }
    let cli = Cli::parse();
    match cli.command {
        Command::Demo(args) if args.bundles.is_some() => {
            let dir = args.bundles.unwrap_or_default();
            let options = demo::DemoOptions {
                cases: args.cases,
                seed: args.seed,
                if_empty: false,
                now: args.now.unwrap_or_else(chrono::Utc::now),
            };
            let summary = demo::write_bundles(&dir, &options)
                .with_context(|| format!("writing bundles in {}", dir.display()))?;
            println!("{}", serde_json::to_string(&summary)?);
            Ok(())
        }
        Command::Demo(args) => {
            let path = match args.store {
                Some(p) => p,
                None => store::default_store_path().context("finding the app's data directory")?,
            };
            let options = demo::DemoOptions {
                cases: args.cases,
                seed: args.seed,
                if_empty: args.if_empty,
                now: args.now.unwrap_or_else(chrono::Utc::now),
            };
            // The store's key lives in the OS keyring, as the app's does: the app opens
            // what this fills.
            let key = keychain::StoreKeys::new()
                .key_for(&path)
                .context("getting the store's key from the keyring")?;
            let summary = demo::fill(&path, &key, &options)
                .with_context(|| format!("filling the store at {}", path.display()))?;
            println!("{}", serde_json::to_string(&summary)?);
            Ok(())
        }
        Command::Rules(cmd) => rules::run(cmd),
        Command::Pdf(cmd) => pdf::run(cmd),
        Command::Bench(cmd) => bench::run(cmd),
    }
}
