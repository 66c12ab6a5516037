//! The same scan in two files (issue 20), in the real window: two applicants' files hold
//! the same passport page (scanned at 72 and at 110 dpi); the real server hashes their
//! pages and pairs them; the supervisor, on a new laptop, opens one file and reads which
//! other file and page hold the same picture, compares the two pages side by side (both
//! drawn by the app's pdfium from the documents on the laptop), and dismisses the alert
//! with why.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use e2e::{App, Launch};
use program::{Profile, Stream};
use testkit::bundles::{application, passport, write};

#[tokio::test]
async fn a_supervisor_compares_the_same_page_in_two_files_and_dismisses_the_alert_with_why()
-> Result<()> {
    let server = testkit::Server::start_with(&[("DOSSIER_SERVER_REUSE_EVERY_SECONDS", "1")]).await;
    let bundles = tempfile::tempdir()?;
    let mut numbers = Vec::new();
    for (id, dpi) in [("ARR-E2E-REUSE-A", 72), ("ARR-E2E-REUSE-B", 110)] {
        let dir = write(
            bundles.path(),
            id,
            &application(
                id,
                "2023-12-01T09:00:00-05:00",
                Stream::Ai,
                Profile::Regular,
            ),
            &[("documents/passeport.pdf", &passport(dpi))],
        );
        let out = server.admin_ok(&["intake", "import", &dir.display().to_string()], None);
        let receipt: serde_json::Value = serde_json::from_str(out.lines().next().unwrap_or(""))
            .with_context(|| format!("a receipt: {out}"))?;
        numbers.push(
            receipt["file_number"]
                .as_str()
                .with_context(|| format!("{id} received: {receipt}"))?
                .to_owned(),
        );
    }
    for (number, to) in [(&numbers[0], "ana"), (&numbers[1], "bob")] {
        server.admin_ok(
            &["assign", "--file-number", number, "--to", to, "--by", "sam"],
            None,
        );
    }
    // The server pairs the two pages.
    let sam = server.signed_in("sam").await;
    let deadline = Instant::now() + Duration::from_secs(90);
    while sam.scan_matches(None).await?.is_empty() {
        if Instant::now() > deadline {
            bail!("the server found no pair within 90 s");
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }

    let app = App::launch_showing(
        "integrity",
        &Launch {
            user: "sam".into(),
            role: "supervisor".into(),
            server_url: Some(server.url.clone()),
            ..Launch::default()
        },
        "[data-testid=sync-sign-in]",
    )
    .await?;
    app.sign_in("sam").await?;
    // Both files, with their documents, on the laptop.
    app.wait_until(
        "both files and their documents are on the laptop",
        || async {
            let (store, rows) = app.files()?;
            Ok(rows.len() >= 2 && store.missing_blobs(None)?.is_empty())
        },
    )
    .await?;

    app.open_case(&numbers[0]).await?;
    let alert = app
        .wait_for("[data-testid=scan-match]")
        .await
        .context("the file says a page is in another file")?
        .text()
        .await?;
    ensure!(
        alert.contains(&numbers[1]) && alert.contains("passeport.pdf"),
        "the alert names the other file and this file's document: {alert}"
    );
    app.wait_for("[data-testid=scan-match-compare] summary")
        .await?
        .click()
        .await?;
    app.wait_until("both pages are drawn side by side", || async {
        let drawn = app
            .client
            .execute(
                "return [...document.querySelectorAll('[data-testid=scan-match-this], [data-testid=scan-match-other]')]
                   .filter(i => i.complete && i.naturalWidth > 0).length;",
                vec![],
            )
            .await?;
        Ok(drawn.as_u64() == Some(2))
    })
    .await?;
    app.screenshot("compare").await?;

    app.wait_for("[data-testid=scan-match-reason]")
        .await?
        .send_keys("Le même passeport, numérisé deux fois par la même personne")
        .await?;
    app.wait_for("[data-testid=scan-match-dismiss]")
        .await?
        .click()
        .await?;
    let dismissed = app
        .wait_for("[data-testid=scan-match-dismissed]")
        .await
        .context("the dismissal is shown")?
        .text()
        .await?;
    ensure!(
        dismissed.contains("sam") && dismissed.contains("numérisé deux fois"),
        "{dismissed}"
    );
    app.screenshot("dismissed").await?;
    let recorded = sam.scan_matches(None).await?;
    ensure!(
        recorded
            .iter()
            .all(|m| m.dismissal.as_ref().is_some_and(|d| d.by.0 == "sam")),
        "the server recorded the dismissal: {recorded:?}"
    );
    app.close().await
}
