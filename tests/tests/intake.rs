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
    app.wait_for("[data-testid=sync-sign-in] input[autocomplete=username]")
        .await?
        .send_keys("ana")
        .await?;
    app.wait_for("[data-testid=sync-sign-in] input[autocomplete=current-password]")
        .await?
        .send_keys(testkit::PASSWORD)
        .await?;
    app.wait_for("[data-testid=sync-sign-in] button[type=submit]")
        .await?
        .click()
        .await?;
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
