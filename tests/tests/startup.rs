//! Starting the app on a store it cannot open: an encrypted store whose key is not in
//! the keyring (a lost or replaced keyring). The window still opens, on a screen that
//! says what happened and what to do, in French and in English; nothing else is shown
//! and the store is left as it was.

use anyhow::{Result, ensure};
use e2e::{App, Launch};

#[tokio::test]
async fn a_store_whose_key_is_not_in_the_keyring_is_explained_not_replaced() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("dossier.db");
    // A store made with a key that was never kept in this session's keyring.
    drop(store::Store::open(&path, &store::StoreKey::random())?);
    let before = std::fs::read(&path)?;

    let launch = Launch {
        store: Some(path.clone()),
        ..Launch::default()
    };
    let app = App::launch_showing("startup", &launch, "[data-testid=startup-problem]").await?;
    let code = app
        .attrs("[data-testid=startup-problem]", "data-code")
        .await?;
    ensure!(
        code == vec!["keyring.store_key_missing".to_owned()],
        "code {code:?}"
    );
    let text = app.text("[data-testid=startup-problem]").await?;
    ensure!(
        text.contains("Dossier ne peut pas ouvrir vos dossiers"),
        "{text}"
    );
    ensure!(text.contains("n’est plus dans votre trousseau"), "{text}");
    ensure!(
        text.contains(&path.display().to_string()),
        "the detail names the store: {text}"
    );
    ensure!(
        app.attrs("[data-testid=queue-table]", "id")
            .await?
            .is_empty(),
        "no queue without the store"
    );
    app.screenshot("key-missing-fr").await?;
    app.wait_for("[data-testid=lang-en]").await?.click().await?;
    let text = app.text("[data-testid=startup-problem]").await?;
    ensure!(text.contains("Dossier cannot open your files"), "{text}");
    app.screenshot("key-missing-en").await?;
    app.close().await?;

    // The store was not touched, and no key was made up for it.
    ensure!(std::fs::read(&path)? == before, "the store is unchanged");
    ensure!(
        keychain::StoreKeys::new().existing_key(&path).is_err(),
        "no new key was kept for an existing store"
    );
    Ok(())
}
