//! Intake through the front door, in the real window: the demo's applications are written
//! as the portal sends them, the real `dossier-server` imports them (caps, documents
//! checked with pdfium, acknowledgements) and a supervisor assigns them; an officer opens
//! the app on a new store, signs in, and her files arrive with their documents.

use std::collections::BTreeSet;
use std::process::Command;

use anyhow::{Context, Result, ensure};
use e2e::{App, Launch};

#[tokio::test]
async fn the_server_demo_imports_bundles_and_a_signed_in_officer_sees_her_files_with_documents()
-> Result<()> {
    let server = testkit::Server::start().await;
    let bundles = tempfile::tempdir()?;
    let now = Launch::default().now;
    let status = Command::new(e2e::binary("dossier")?)
        .args(["demo", "--bundles"])
        .arg(bundles.path())
        .args(["--cases", "12", "--seed", "3", "--now", &now])
        .status()
        .context("running `dossier demo --bundles`")?;
    ensure!(status.success(), "`dossier demo --bundles` failed");
    let out = server.admin_ok(
        &["intake", "import", &bundles.path().display().to_string()],
        None,
    );
    let received: Vec<String> = out
        .lines()
        .map(serde_json::from_str::<serde_json::Value>)
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|r| r["code"] == "received" && r.get("revised_from").is_none())
        .filter_map(|r| r["file_number"].as_str().map(str::to_owned))
        .collect();
    ensure!(received.len() == 12, "12 applications received: {out}");
    let mut ana = BTreeSet::new();
    for (i, number) in received.iter().enumerate() {
        let to = if i % 2 == 0 { "ana" } else { "bob" };
        server.admin_ok(
            &["assign", "--file-number", number, "--to", to, "--by", "sam"],
            None,
        );
        if to == "ana" {
            ana.insert(number.clone());
        }
    }

    let app = App::launch_showing(
        "server-demo",
        &Launch {
            user: "ana".into(),
            server_url: Some(server.url.clone()),
            ..Launch::default()
        },
        "[data-testid=sync-sign-in]",
    )
    .await?;
    app.sign_in("ana").await?;
    // Her files, and only hers, arrive.
    app.wait_until("ana's files are in the queue", || async {
        let shown: BTreeSet<String> = app
            .attrs("tr[data-testid=queue-row]", "data-file-number")
            .await?
            .into_iter()
            .collect();
        Ok(shown == ana)
    })
    .await?;
    app.screenshot("officer-queue").await?;

    // A file opens with its documents, the acknowledgement of receipt among them.
    let first = ana.iter().next().context("ana has files")?.clone();
    app.open_case(&first).await?;
    app.show_tab("documents").await?;
    app.wait_until("the file's documents are listed", || async {
        Ok(app
            .attrs("[data-testid=document-item]", "data-file-name")
            .await?
            .len()
            >= 5)
    })
    .await?;
    let names = app
        .attrs("[data-testid=document-item]", "data-file-name")
        .await?;
    ensure!(names.iter().any(|n| n == "passeport.pdf"), "{names:?}");
    let letters = app
        .attrs("[data-testid=document-item]", "data-letter")
        .await?;
    ensure!(
        letters.iter().any(|l| l == "acknowledgement"),
        "the acknowledgement of receipt is filed: {letters:?}"
    );
    app.screenshot("officer-file").await?;
    app.close().await
}

/// Drops `path` on the window as the system does (the webview's `tauri://drag-drop`
/// event, which a real drag over an Xvfb window cannot produce under WebDriver).
async fn drop_file(app: &App, path: &std::path::Path) -> Result<()> {
    app.client
        .execute(
            "return window.__TAURI_INTERNALS__.invoke('plugin:event|emit', {
               event: 'tauri://drag-drop',
               payload: { paths: [arguments[0]], position: { x: 200, y: 300 } }
             });",
            vec![serde_json::json!(path.display().to_string())],
        )
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_document_dropped_on_a_file_is_checked_listed_with_its_badges_and_received_for_its_item()
-> Result<()> {
    let app = App::launch("desk-add-document", &Launch::default()).await?;
    let number = app.file_in_admissibility_review(None)?;
    app.open_case(&number).await?;
    app.show_tab("documents").await?;
    let before = app
        .attrs("[data-testid=document-item]", "data-document-id")
        .await?;

    // A colour scan on the officer's disk, dropped on the window.
    let scan = app.dir.path().join("releve-de-notes.pdf");
    std::fs::write(
        &scan,
        scans::scanned_pdf(&scans::ScanSpec {
            title: "TRANSCRIPT / RELEVÉ DE NOTES".into(),
            lines: vec!["Université de Montréal".into()],
            pages: 2,
            colour: scans::ScanColour::Colour,
            dpi: 150,
            seed: 11,
            text_layer: false,
        }),
    )?;
    drop_file(&app, &scan).await?;
    app.wait_for("[data-testid=add-document-dialog]").await?;
    ensure!(
        app.text("[data-testid=add-document-file]").await? == "releve-de-notes.pdf",
        "the dialog names the dropped file"
    );
    // The first item still missing is offered; the officer keeps it.
    let item = app
        .client
        .find(fantoccini::Locator::Css("[data-testid=add-document-item]"))
        .await?
        .prop("value")
        .await?
        .context("the item chosen")?;
    app.screenshot("dialog").await?;
    app.wait_for("[data-testid=add-document-confirm]")
        .await?
        .click()
        .await?;

    // Listed, with pdfium's verdict, and opened in the viewer.
    let css = "[data-testid=document-item][data-file-name='releve-de-notes.pdf']";
    let button = app.wait_for(css).await?;
    let id = button
        .attr("data-document-id")
        .await?
        .context("the new document's id")?;
    ensure!(!before.contains(&id), "a new document");
    app.wait_for(&format!("#doc-badges-{id} [data-testid=quality-ok]"))
        .await?;
    ensure!(
        app.text(&format!("#doc-badges-{id} [data-testid=quality-pages]"))
            .await?
            .contains('2'),
        "two pages"
    );
    app.screenshot("listed").await?;

    // The officer marks it received for its item (the casework, 3).
    app.show_tab("work").await?;
    let row = format!("[data-testid=checklist-item][data-key='{item}']");
    let select = app
        .wait_for(&format!("{row} [data-testid=receive-document]"))
        .await?;
    select.select_by_value(&id).await?;
    app.wait_for(&format!("{row} [data-testid=receive-item]"))
        .await?
        .click()
        .await?;
    app.wait_for(&format!(
        "[data-testid=checklist-item][data-key='{item}'][data-standing=received]"
    ))
    .await?;
    app.screenshot("received").await?;

    // Recorded in the store, with the report, ready to be sent.
    let (store, rows) = app.files()?;
    let case = rows
        .iter()
        .find(|r| r.file_number == number)
        .context("the file")?
        .id;
    let doc = store
        .case_detail(case)?
        .documents
        .into_iter()
        .find(|d| d.id.to_string() == id)
        .context("the document is in the store")?;
    ensure!(doc.quality.is_some(), "checked with pdfium");
    ensure!(
        store.pending_count()? > 0,
        "waiting to be sent to the server"
    );
    app.close().await
}
