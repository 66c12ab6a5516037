//! `dossier bench casework`: an officer's daily steps through the store, each next to the
//! same rows read or written on raw rusqlite in the same run, over a store of demo files
//! (2,000 by default): a file's casework opened (its rows read, then the program's rules:
//! checklist, fees, attestation, deadlines, what may be done), a step recorded (a payment:
//! the rules checked, the row and its operation written, the queues refreshed, one fsync),
//! and the supervisor's decision queue.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use rusqlite::Connection;
use rusqlite::types::Value;
use store::queries::{QueueFilter, QueueQuery, WorkQueue};
use store::{Actor, CaseId, Change, PaymentId, Store};

use super::{measure_pair, ms};

#[derive(Debug, clap::Args)]
pub struct CaseworkBenchArgs {
    /// A store to measure (read-only steps only: nothing is written to it); without it a
    /// temporary one is filled with demo files.
    #[arg(long)]
    store: Option<PathBuf>,
    /// How many demo files to create when no store is given.
    #[arg(long, default_value_t = 2_000)]
    cases: u32,
    /// Timed repetitions of each step.
    #[arg(long, default_value_t = 200)]
    runs: u32,
}

/// The tables holding one file's rows besides `cases`: the decider's state (what
/// `FileState` is read from), and the persons and documents the screen lists.
const FILE_TABLES: [&str; 3] = ["case_states", "persons", "documents"];

/// The reference for opening a file: every row of the file, each column read into an
/// owned value, with nothing computed from them.
fn raw_file(conn: &Connection, case: &str) -> usize {
    let mut cells = 0;
    let mut read = |sql: &str| {
        let mut stmt = conn.prepare_cached(sql).expect("statement");
        let columns = stmt.column_count();
        let rows: Vec<Vec<Value>> = stmt
            .query_map([case], |r| {
                (0..columns).map(|i| r.get::<_, Value>(i)).collect()
            })
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("rows");
        cells += rows.iter().map(Vec::len).sum::<usize>();
    };
    read("SELECT * FROM cases WHERE id = ?1");
    for table in FILE_TABLES {
        read(&format!("SELECT * FROM {table} WHERE case_id = ?1"));
    }
    cells
}

/// The reference for recording a step: the same rows a payment writes (the file's state,
/// as long as it is, rewritten, and its operation) in one transaction, committed with the
/// store's fsync setting.
fn raw_payment(conn: &Connection, case: &str, payload: &str) {
    let tx = conn.unchecked_transaction().expect("transaction");
    tx.prepare_cached("UPDATE case_states SET state = state || '' WHERE case_id = ?1")
        .expect("statement")
        .execute([case])
        .expect("state");
    tx.prepare_cached(
        "INSERT INTO operations (id, case_id, kind, payload, author, author_role, hlc, origin, sync_state)
         VALUES (?1, ?2, 'payment_recorded', ?3, 'bench', 'officer', '0', 'local', 'pending')",
    )
    .expect("statement")
    .execute([&store::OperationId::new().to_string(), case, payload])
    .expect("operation");
    tx.commit().expect("commit");
}

/// Up to `n` more proposals waiting for a supervisor: on the files where the rules let an
/// officer propose a decision now (selection, or rejection on the grounds they suggest).
fn propose_on(store: &Store, officer: &Actor, n: usize) -> anyhow::Result<()> {
    use program::Decision;
    use store::perform::CaseworkCommand;
    use store::work::Action;
    let ready = store.queue(&QueueQuery {
        filter: QueueFilter {
            work: Some(WorkQueue::ReadyForDecision),
            ..QueueFilter::default()
        },
        limit: 500,
        ..QueueQuery::default()
    })?;
    let mut made = 0;
    for row in ready.items {
        if made == n {
            break;
        }
        let work = store.casework(row.id, officer)?;
        let allowed = |action| {
            work.actions
                .iter()
                .any(|a| a.action == action && a.blocked.is_none())
        };
        let decision = if allowed(Action::ProposeSelection) {
            Decision::Selected
        } else if allowed(Action::ProposeRejection) && !work.suggested_rejection.is_empty() {
            Decision::Rejected {
                grounds: work.suggested_rejection.clone(),
            }
        } else {
            continue;
        };
        store.perform(
            officer,
            row.id,
            CaseworkCommand::ProposeDecision {
                decision,
                note: "Proposition du banc d'essai.".into(),
            },
        )?;
        made += 1;
    }
    Ok(())
}

pub fn run(args: CaseworkBenchArgs) -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let writable = args.store.is_none();
    let (path, key) = super::bench_store(args.store, args.cases, tmp.path())?;
    let store = Store::open(&path, &key)?;
    let conn = Connection::open(&path)?;
    conn.execute_batch(&key.sqlcipher_statement())?;
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")?;
    let officer = Actor::officer("agent.tremblay");
    let supervisor = Actor::supervisor("sup.bench");

    // The files measured: a page of the queue, opened in turn.
    let files: Vec<CaseId> = store
        .queue(&QueueQuery {
            limit: 50,
            ..QueueQuery::default()
        })?
        .items
        .into_iter()
        .map(|r| r.id)
        .collect();
    anyhow::ensure!(!files.is_empty(), "the store holds no file");
    println!(
        "store: {} ({} files), {} runs each, over {} files",
        path.display(),
        store.case_count()?,
        args.runs,
        files.len()
    );
    println!(
        "{:<48} {:>10} {:>10} {:>10} {:>8}",
        "step", "ours ms", "p95 ms", "raw ms", "ratio"
    );
    let line = |name: &str, ours: &super::Figures, reference: &super::Figures| {
        println!(
            "{:<48} {:>10.3} {:>10.3} {:>10.3} {:>7.2}x",
            name,
            ms(ours.median),
            ms(ours.p95),
            ms(reference.median),
            ours.median.as_secs_f64() / reference.median.as_secs_f64()
        );
    };

    let ids: Vec<String> = files.iter().map(ToString::to_string).collect();
    let (mut a, mut b) = (0, 0);
    let (ours, reference) = measure_pair(
        args.runs,
        || {
            a = (a + 1) % files.len();
            std::hint::black_box(store.casework(files[a], &officer).expect("casework"));
        },
        || {
            b = (b + 1) % ids.len();
            std::hint::black_box(raw_file(&conn, &ids[b]));
        },
    );
    line(
        "open a file's casework (rules and actions)",
        &ours,
        &reference,
    );
    let open_ms = ms(ours.median);

    if writable {
        propose_on(&store, &officer, 50)?;
    }
    let waiting = store
        .queue(&QueueQuery {
            filter: QueueFilter {
                work: Some(WorkQueue::DecisionsToReview),
                ..QueueFilter::default()
            },
            limit: 500,
            ..QueueQuery::default()
        })?
        .items;
    let waiting_ids: Vec<String> = waiting.iter().map(|r| r.id.to_string()).collect();
    let t = Instant::now();
    let proposals = store.proposals_to_review(&supervisor)?;
    let queue_once = t.elapsed();
    anyhow::ensure!(
        proposals.len() == waiting.len(),
        "the decision queue lists every proposal"
    );
    let (ours, reference) = measure_pair(
        (args.runs / 10).max(5),
        || {
            std::hint::black_box(store.proposals_to_review(&supervisor).expect("queue"));
        },
        || {
            for id in &waiting_ids {
                std::hint::black_box(raw_file(&conn, id));
            }
        },
    );
    line(
        &format!("decision queue ({} proposals)", proposals.len()),
        &ours,
        &reference,
    );
    println!("  first call {:.1} ms", queue_once.as_secs_f64() * 1000.0);

    if writable {
        // A payment of one cent on each file in turn: the rules read the file, the row and
        // its operation are written, the queues refreshed, and the transaction committed.
        let today = store.today();
        let payload = serde_json::to_string(&Change::PaymentRecorded {
            payment_id: PaymentId::new(),
            amount: program::Cad::from_cents(1),
            paid_on: today,
            payer: program::fees::Payer::Applicant,
        })?;
        let editable: Vec<CaseId> = files
            .iter()
            .copied()
            .filter(|id| {
                store.casework(*id, &officer).is_ok_and(|w| {
                    w.actions
                        .iter()
                        .any(|a| a.action == store::work::Action::EditFile && a.blocked.is_none())
                })
            })
            .collect();
        anyhow::ensure!(
            !editable.is_empty(),
            "no file of the page can take a payment"
        );
        let editable_ids: Vec<String> = editable.iter().map(ToString::to_string).collect();
        let (mut a, mut b) = (0, 0);
        let (ours, reference) = measure_pair(
            args.runs,
            || {
                a = (a + 1) % editable.len();
                store
                    .apply(
                        &officer,
                        editable[a],
                        Change::PaymentRecorded {
                            payment_id: PaymentId::new(),
                            amount: program::Cad::from_cents(1),
                            paid_on: today,
                            payer: program::fees::Payer::Applicant,
                        },
                    )
                    .expect("payment");
            },
            || {
                b = (b + 1) % editable_ids.len();
                raw_payment(&conn, &editable_ids[b], &payload);
            },
        );
        line("record a step (a payment, one fsync)", &ours, &reference);
        store
            .check_integrity()
            .context("the store after the benchmark")?;
    } else {
        println!("record a step: skipped (a given store is never written to)");
    }
    println!(
        "goal: a file's casework opens in under 20 ms (here {open_ms:.2} ms); a step is \
         recorded within 2x the raw write of its rows"
    );
    Ok(())
}
