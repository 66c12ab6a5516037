//! The app refuses to talk to a server in the clear: `http://` to another computer is
//! refused before anything is sent (no password, token or file leaves the laptop), with
//! a message that says what to write instead. `http://` to this computer stays allowed
//! (tests, a server on the same machine).

use anyhow::{Context, Result, ensure};
use e2e::{App, Launch};

/// A documentation address (TEST-NET-1, RFC 5737): never routed, never answers.
const IN_THE_CLEAR: &str = "http://192.0.2.10:8443";

#[tokio::test]
async fn http_to_another_computer_is_refused_by_the_app() -> Result<()> {
    // Started with that address, the app does not synchronise: it offers to configure
    // a server instead.
    let app = App::launch_showing(
        "insecure",
        &Launch {
            server_url: Some(IN_THE_CLEAR.into()),
            ..Launch::default()
        },
        "[data-testid=sync-indicator] details.sync-setup",
    )
    .await?;
    app.wait_for("[data-testid=sync-indicator] details.sync-setup summary")
        .await?
        .click()
        .await?;
    app.wait_for("[data-testid=sync-indicator] details.sync-setup input[type=url]")
        .await?
        .send_keys(IN_THE_CLEAR)
        .await?;
    app.wait_for("[data-testid=sync-indicator] details.sync-setup button[type=submit]")
        .await?
        .click()
        .await?;
    let refusal = app
        .wait_for("[data-testid=sync-failure][data-code='sync.insecure_url']")
        .await
        .context("typing the address, the app refuses it")?
        .text()
        .await?;
    ensure!(
        refusal.contains("https://"),
        "the refusal says what to write instead: {refusal}"
    );
    app.screenshot("refused").await?;
    // Nothing was saved: the laptop is still not configured.
    let store = app.open_store()?;
    ensure!(
        store.sync_value(store::sync::SyncKey::ServerUrl)?.is_none(),
        "the refused address is not kept"
    );
    app.close().await
}
