//! `dossier bench ...`: benchmark programs. Each prints its figures next to a reference
//! measured in the same run; budgets are checked by reading them, not by timed tests.

mod pdf;
mod store;
mod sync;

#[derive(Debug, clap::Subcommand)]
pub enum BenchCommand {
    /// Queue page and name search through the store vs the same SQL on raw rusqlite.
    Store(store::StoreBenchArgs),
    /// First page, per-page render and thumbnails vs pdftoppm.
    Pdf(pdf::PdfBenchArgs),
    /// First pull, document download and concurrent pushes through the sync engine and the
    /// real dossier-server vs raw PostgreSQL inserts and disk reads.
    Sync(sync::SyncBenchArgs),
}

pub fn run(cmd: BenchCommand) -> anyhow::Result<()> {
    match cmd {
        BenchCommand::Store(args) => store::run(args),
        BenchCommand::Pdf(args) => pdf::run(args),
        BenchCommand::Sync(args) => sync::run(args),
    }
}
