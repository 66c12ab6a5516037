//! Document review in the real window: a case's document opens with its page visible,
//! the keyboard turns pages, a greyscale scan shows its "not in colour" badge, and the
//! corrupt demo document shows a clear error while the app keeps working, and a document
//! that crashes the render helper says so while the next document displays. The demo
//! files are located by reading the test's own store (the app is not asked).

use anyhow::{Context, Result, ensure};
use e2e::{App, Launch};

/// The file number of the first case holding a document named `file_name`.
fn case_with_document(app: &App, file_name: &str) -> Result<String> {
    let (store, rows) = app.files()?;
    for row in rows {
        let detail = store.case_detail(row.id)?;
        if detail.documents.iter().any(|d| d.file_name == file_name) {
            return Ok(row.file_number);
        }
    }
    anyhow::bail!("no demo case holds {file_name}")
}

/// Opens the case `file_number` from the queue through the search box.
async fn open_case(app: &App, file_number: &str) -> Result<()> {
    app.open_case(file_number).await?;
    app.show_tab("documents").await
}

async fn open_document(app: &App, file_name: &str) -> Result<()> {
    app.wait_for(&format!(
        "[data-testid=document-item][data-file-name='{file_name}']"
    ))
    .await?
    .click()
    .await?;
    app.wait_until(&format!("{file_name} is the open document"), || async {
        let open = app
            .attrs(
                "[data-testid=document-item][aria-current=true]",
                "data-file-name",
            )
            .await?;
        Ok(open == vec![file_name.to_owned()])
    })
    .await
}

#[tokio::test]
async fn a_document_opens_and_the_keyboard_turns_its_pages() -> Result<()> {
    let app = App::launch("viewer", &Launch::default()).await?;
    let number = case_with_document(&app, "attestation-emploi.pdf")?;
    open_case(&app, &number).await?;
    open_document(&app, "attestation-emploi.pdf").await?;

    app.wait_for("[data-testid=page-image][data-page='1'][data-loaded=true]")
        .await
        .context("page 1 is rendered and shown")?;
    let count = app
        .attrs("[data-testid=page-indicator]", "data-count")
        .await?;
    ensure!(
        count
            .first()
            .and_then(|c| c.parse::<u32>().ok())
            .unwrap_or(0)
            > 1,
        "the experience letter has several pages: {count:?}"
    );
    app.screenshot("page-1").await?;

    // `n` from the page area goes to the next page.
    app.wait_for("[data-testid=page-image]")
        .await?
        .click()
        .await?;
    app.client.active_element().await?.send_keys("n").await?;
    app.wait_for("[data-testid=page-image][data-page='2'][data-loaded=true]")
        .await
        .context("`n` shows page 2")?;
    let indicator = app
        .attrs("[data-testid=page-indicator]", "data-page")
        .await?;
    ensure!(
        indicator == vec!["2".to_owned()],
        "the indicator follows: {indicator:?}"
    );
    app.screenshot("page-2").await?;
    app.close().await
}

#[tokio::test]
async fn a_greyscale_scan_shows_its_not_in_colour_badge() -> Result<()> {
    let app = App::launch("greyscale", &Launch::default()).await?;
    let number = case_with_document(&app, "certificat-gris.pdf")?;
    open_case(&app, &number).await?;
    open_document(&app, "certificat-gris.pdf").await?;
    app.wait_for(
        "[data-testid=viewer-quality] [data-testid=quality-badge][data-flag=not_in_colour]",
    )
    .await
    .context("the open greyscale document shows the not-in-colour badge")?;
    app.wait_for("[data-testid=page-image][data-loaded=true]")
        .await?;
    app.screenshot("badge").await?;
    app.close().await
}

#[tokio::test]
async fn the_corrupt_document_shows_a_clear_error_and_the_app_keeps_working() -> Result<()> {
    let app = App::launch("corrupt", &Launch::default()).await?;
    let number = case_with_document(&app, "passeport-illisible.pdf")?;
    open_case(&app, &number).await?;
    open_document(&app, "passeport-illisible.pdf").await?;
    let error = app
        .wait_for("[data-testid=viewer-error][data-code='pdf.corrupt']")
        .await
        .context("the corrupt document shows its error")?
        .text()
        .await?;
    ensure!(!error.trim().is_empty(), "the error says something");
    app.screenshot("error").await?;

    // The app keeps working: another document of the same file opens and renders.
    let other = app
        .attrs("[data-testid=document-item]", "data-file-name")
        .await?
        .into_iter()
        .find(|n| n != "passeport-illisible.pdf" && n != "lettre-employeur-protegee.pdf")
        .context("the file has another document")?;
    open_document(&app, &other).await?;
    app.wait_for("[data-testid=page-image][data-loaded=true]")
        .await?;
    app.wait_for("[data-testid=back-to-queue]")
        .await?
        .click()
        .await?;
    app.wait_for("tr[data-testid=queue-row]").await?;
    app.close().await
}

/// A scan that makes the render helper abort when it opens it: the test-only marker,
/// honoured because the app runs with `DOSSIER_PDF_HELPER_FAULTS=1`.
const CRASHING: &str = "releve-plantage.pdf";

#[tokio::test]
async fn a_document_that_crashes_pdfium_leaves_the_app_running_and_the_next_one_displays()
-> Result<()> {
    let app = App::launch(
        "crash",
        &Launch {
            env: vec![("DOSSIER_PDF_HELPER_FAULTS".into(), "1".into())],
            ..Launch::default()
        },
    )
    .await?;
    let number = case_with_document(&app, "attestation-emploi.pdf")?;
    {
        // Beside the running app, the file receives the crashing document.
        let (store, rows) = app.files()?;
        let case = rows
            .iter()
            .find(|r| r.file_number == number)
            .context("the file")?
            .id;
        let mut bytes = scans::scanned_pdf(&scans::ScanSpec::new("Relevé"));
        bytes.extend_from_slice(b"\n%DOSSIER-TEST-ABORT\n");
        let sha256 = store.blobs().put(&bytes)?;
        store.apply(
            &store::Actor::supervisor("chef.gagnon"),
            case,
            store::Change::DocumentAdded {
                document_id: store::DocumentId::new(),
                person_id: None,
                checklist_code: None,
                file_name: CRASHING.into(),
                sha256,
                byte_size: bytes.len() as u64,
                received_at: chrono::Utc::now(),
                quality: None,
            },
        )?;
    }
    open_case(&app, &number).await?;
    open_document(&app, CRASHING).await?;
    app.wait_for("[data-testid=viewer-error][data-code='pdf.renderer_crashed']")
        .await
        .context("the viewer says the renderer stopped on this document")?;
    app.screenshot("renderer-crashed").await?;

    // The app is still there, and the file's other document displays.
    open_document(&app, "attestation-emploi.pdf").await?;
    app.wait_for("[data-testid=page-image][data-page='1'][data-loaded=true]")
        .await
        .context("the next document displays after the crash")?;
    app.close().await
}
