//! The hooks of `dossier bench app` in the real window (docs/bench-app.md): with
//! `DOSSIER_BENCH_READY_FILE` set the app writes the instant its first queue row was
//! painted, then opens the document `DOSSIER_BENCH_OPEN` names and writes the instant
//! its first page was painted. The long runs are the bench's, never the tests'.

use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, ensure};
use e2e::{App, Launch};

fn stage(ready: &std::path::Path, name: &str) -> Option<f64> {
    let text = std::fs::read_to_string(ready).ok()?;
    text.lines().find_map(|l| {
        let (n, at) = l.split_once(' ')?;
        (n == name).then(|| at.parse().ok()).flatten()
    })
}

#[tokio::test]
async fn the_app_reports_its_first_queue_row_and_opens_the_benchmarks_document() -> Result<()> {
    // A first session finds a multi-page document of a demo file.
    let app = App::launch("bench-hooks", &Launch::default()).await?;
    let (store, rows) = app.files()?;
    let mut open = None;
    for row in &rows {
        let detail = store.case_detail(row.id)?;
        if let Some(doc) = detail.documents.iter().find(|d| {
            d.quality
                .as_ref()
                .is_some_and(|q| q.page_count.unwrap_or(0) > 1 && q.flags.is_empty())
        }) {
            open = Some((row.id, doc.id, doc.file_name.clone()));
            break;
        }
    }
    let (case_id, document_id, file_name) = open.context("a clean multi-page demo document")?;
    drop(store);
    let kept = app.close_keeping_store().await?;

    let ready = kept.path.with_file_name("ready");
    let before = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs_f64() * 1000.0;
    let launch = Launch {
        store: Some(kept.path.clone()),
        env: vec![
            (
                "DOSSIER_BENCH_READY_FILE".into(),
                ready.display().to_string(),
            ),
            (
                "DOSSIER_BENCH_OPEN".into(),
                format!("{case_id}/{document_id}"),
            ),
        ],
        ..Launch::default()
    };
    let app = App::launch_showing("bench-hooks", &launch, "[data-testid=case-view] h1").await?;
    app.wait_for("[data-testid=page-image][data-loaded=true]")
        .await?;
    app.wait_until("the page's paint is reported", || async {
        Ok(stage(&ready, "page").is_some())
    })
    .await?;
    let after = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs_f64() * 1000.0;
    let queue = stage(&ready, "queue").context("the queue's paint is reported")?;
    let page = stage(&ready, "page").context("the page's paint is reported")?;
    ensure!(
        before < queue && queue <= page && page <= after,
        "instants in order: {before} < {queue} <= {page} <= {after}"
    );
    let shown = app
        .attrs(
            "[data-testid=document-item][aria-current=true]",
            "data-file-name",
        )
        .await?;
    ensure!(shown == [file_name.clone()], "the document open: {shown:?}");
    app.close().await?;
    drop(kept);
    Ok(())
}
