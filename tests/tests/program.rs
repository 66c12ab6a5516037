//! P5 in the real window: the program definition is data the server distributes. The
//! demo's applications arrive through the real `dossier-server`; an officer's laptop,
//! holding only the built-in definition, says plainly that the fees of a file received in
//! December 2023 are unknown. The administrator loads a version with a 2023 fee row
//! (`dossier-server program load`, amounts made up); after the next sync the same file
//! shows its amount due, and the program screen shows version 2 in force with its
//! schedule. No new build of the app.

use std::process::Command;

use anyhow::{Context, Result, ensure};
use chrono::{Duration, Utc};
use e2e::{App, Launch};

#[tokio::test]
async fn a_fee_row_loaded_on_the_server_reaches_the_officer_and_her_2023_file_shows_its_fees()
-> Result<()> {
    let server = testkit::Server::start().await;
    let bundles = tempfile::tempdir()?;
    let status = Command::new(e2e::binary("dossier")?)
        .args(["demo", "--bundles"])
        .arg(bundles.path())
        .args([
            "--cases",
            "12",
            "--seed",
            "3",
            "--now",
            "2024-11-20T15:00:00Z",
        ])
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
    let cohort = received
        .iter()
        .find(|n| n.starts_with("2023-"))
        .context("a file of the 2023 cohort among the demo's applications")?
        .clone();
    server.admin_ok(
        &[
            "assign",
            "--file-number",
            &cohort,
            "--to",
            "ana",
            "--by",
            "sam",
        ],
        None,
    );

    // The app's clock runs a few minutes ahead of the load below, so the version it
    // receives is in force on it.
    let start = Utc::now();
    let app = App::launch_showing(
        "program",
        &Launch {
            user: "ana".into(),
            server_url: Some(server.url.clone()),
            now: (start + Duration::minutes(5)).to_rfc3339(),
            ..Launch::default()
        },
        "[data-testid=sync-sign-in]",
    )
    .await?;
    app.sign_in("ana").await?;
    app.wait_until("the 2023 file arrives", || async {
        Ok(app
            .attrs("tr[data-testid=queue-row]", "data-file-number")
            .await?
            .contains(&cohort))
    })
    .await?;
    app.open_case(&cohort).await?;
    // The header says the fees are unknown; the casework (3) says why.
    app.wait_until("the header says the fees are unknown", || async {
        Ok(app
            .text("[data-testid=case-fees]")
            .await?
            .contains("inconnu"))
    })
    .await?;
    app.show_tab("work").await?;
    let unknown = app
        .wait_for("[data-testid=fees-unknown]")
        .await?
        .text()
        .await?;
    ensure!(
        unknown.contains("le barème des frais du 2023-12-") && unknown.contains("administrateur"),
        "the fees say why they are unknown: {unknown:?}"
    );
    app.screenshot("fees-unknown").await?;

    // The administrator loads the 2023 row, in force a little before the app's clock.
    let definition = program::definition::BUILTIN_TOML.replace(
        "[[fees]]\neffective_from = 2024-01-01",
        "[[fees]]\neffective_from = 2023-11-23\neffective_until = 2023-12-31\n\
         principal = \"850.00\"\nspouse = \"180.00\"\nchild = \"180.00\"\n\n\
         [[fees]]\neffective_from = 2024-01-01",
    );
    let path = server.dir.join("pp-2023.toml");
    std::fs::write(&path, definition)?;
    let effective = (start + Duration::minutes(4)).to_rfc3339();
    server.admin_ok(
        &[
            "program",
            "load",
            &path.display().to_string(),
            "--effective-at",
            &effective,
        ],
        None,
    );
    app.wait_for("[data-testid=sync-now]")
        .await?
        .click()
        .await?;
    // 850,00 $ for the principal applicant, and 180,00 $ for each member of the family.
    app.wait_until("the file shows its amount due", || async {
        let due = app.text("[data-testid=fees-due]").await?;
        Ok(due.contains(",00") && due.contains('$'))
    })
    .await?;
    ensure!(
        app.texts("[data-testid=fees-unknown]").await?.is_empty(),
        "the notice is gone once the schedule is known"
    );
    app.screenshot("fees-known").await?;

    // The program screen: version 2 in force, with its 2023 row.
    app.wait_for("[data-testid=open-program]")
        .await?
        .click()
        .await?;
    app.wait_until("version 2 is in force", || async {
        Ok(app
            .attrs(
                "[data-testid=program-version]:has([data-testid=in-force])",
                "data-version",
            )
            .await?
            == vec!["2".to_owned()])
    })
    .await?;
    let schedule = app.text("[data-testid=fee-schedule]").await?;
    ensure!(
        schedule.contains("du 2023-11-23 au 2023-12-31") && schedule.contains("850,00"),
        "{schedule}"
    );
    ensure!(
        app.texts("[data-testid=program-load]").await?.is_empty(),
        "an officer reads the versions; only a supervisor has the form"
    );
    app.screenshot("program-versions").await?;
    app.close().await
}
