//! `dossier bench store`: a page of 50 queue rows (filtered by stream, sorted by due date)
//! and a name search through the store, each next to the same SQL run directly on
//! rusqlite in the same run, over a store of demo cases (100,000 by default).

use std::path::PathBuf;

use super::{measure_pair, ms};

use program::Stream;
use rusqlite::{Connection, params_from_iter};
use store::queries::{QueueFilter, QueueQuery, QueueSort, SortDirection, queue_sql};
use store::{CaseRow, Page, Store};

#[derive(Debug, clap::Args)]
pub struct StoreBenchArgs {
    /// A store to measure; without it a temporary one is filled with demo cases.
    #[arg(long)]
    store: Option<PathBuf>,
    /// How many demo cases to create when no store is given.
    #[arg(long, default_value_t = 100_000)]
    cases: u32,
    /// Timed repetitions of each query.
    #[arg(long, default_value_t = 200)]
    runs: u32,
}

/// One queue row as the raw reference reads it: seven text columns and two optional ones.
type RawRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

/// The reference: the same statements our store runs, on a plain rusqlite connection,
/// reading the same columns into owned values.
fn raw(conn: &Connection, q: &QueueQuery, today: chrono::NaiveDate) -> usize {
    let sql = queue_sql(q, today);
    let mut stmt = conn.prepare_cached(&sql.page).expect("page statement");
    let rows: Vec<RawRow> = stmt
        .query_map(params_from_iter(sql.params.iter()), |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })
        .expect("page rows")
        .collect::<Result<_, _>>()
        .expect("page rows");
    let mut count = conn.prepare_cached(&sql.count).expect("count statement");
    let total: i64 = count
        .query_row(params_from_iter(sql.params.iter()), |r| r.get(0))
        .expect("count");
    rows.len() + usize::try_from(total).unwrap_or(0)
}

pub fn run(args: StoreBenchArgs) -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let (path, key) = super::bench_store(args.store, args.cases, tmp.path())?;
    let store = Store::open(&path, &key)?;
    // The reference reads the same encrypted file: raw SQLite (SQLCipher) with the key,
    // and nothing else of ours.
    let conn = Connection::open(&path)?;
    conn.execute_batch(&key.sqlcipher_statement())?;
    let today = store.today();
    println!(
        "store: {} ({} cases), {} runs each",
        path.display(),
        store.case_count()?,
        args.runs
    );

    let page = QueueQuery {
        filter: QueueFilter {
            stream: Some(Stream::ItVfx),
            ..QueueFilter::default()
        },
        sort: QueueSort::DueDate,
        direction: SortDirection::Asc,
        offset: 0,
        limit: 50,
    };
    let search = QueueQuery {
        filter: QueueFilter {
            search: Some("nguyen".into()),
            ..QueueFilter::default()
        },
        sort: QueueSort::DueDate,
        ..QueueQuery::default()
    };
    let check: Page<CaseRow> = store.queue(&page)?;
    anyhow::ensure!(
        check.items.len() == 50 || check.total < 50,
        "the queue page came back short"
    );

    println!(
        "{:<44} {:>10} {:>10} {:>10} {:>8}",
        "query", "ours ms", "p95 ms", "raw ms", "ratio"
    );
    for (name, q) in [
        ("queue page: 50 rows, it_vfx, by due date", &page),
        ("name search: \"nguyen\", first 50", &search),
    ] {
        let (ours, reference) = measure_pair(
            args.runs,
            || {
                std::hint::black_box(store.queue(q).expect("queue"));
            },
            || {
                std::hint::black_box(raw(&conn, q, today));
            },
        );
        println!(
            "{:<44} {:>10.3} {:>10.3} {:>10.3} {:>7.2}x",
            name,
            ms(ours.median),
            ms(ours.p95),
            ms(reference.median),
            ours.median.as_secs_f64() / reference.median.as_secs_f64()
        );
    }
    println!("goal: ours at most 1.2x raw, and under 20 ms per page");
    Ok(())
}
