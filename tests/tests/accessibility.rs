//! Accessibility measured in the real window (SGQRI 008, WCAG 2.1 AA): the dialogs that
//! no other scenario photographs are checked with axe-core (every screenshot is, see
//! `e2e::axe`); an officer's whole loop is done from the keyboard alone, in French and in
//! English, with the focus always drawn and never lost; and the main screens are used at
//! 200% zoom in a 1280×800 window without a horizontal scroll or a clipped control.

use anyhow::{Context, Result, bail, ensure};
use e2e::{App, Launch};
use fantoccini::key::Key;
use serde_json::Value;

/// A file with a greyscale scan (its quality flag can be dismissed).
fn file_with_flag(app: &App) -> Result<(String, String)> {
    let (store, rows) = app.files()?;
    for row in rows {
        for d in store.case_detail(row.id)?.documents {
            if d.quality.as_ref().is_some_and(|q| !q.flags.is_empty()) {
                return Ok((row.file_number, d.file_name));
            }
        }
    }
    bail!("no demo document carries a quality flag")
}

async fn key(app: &App, k: Key) -> Result<()> {
    app.press(&k.to_string()).await
}

#[tokio::test]
async fn axe_finds_what_it_must() -> Result<()> {
    // The measure itself: a picture without a text, a nameless button and grey on grey
    // put in the real window are each named, with the element.
    let app = App::launch("a11y-self-test", &Launch::default()).await?;
    app.client
        .execute(
            "const d = document.createElement('div');
             d.innerHTML = '<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" data-testid=\"bad-img\">'
               + '<button data-testid=\"bad-button\"></button>'
               + '<p data-testid=\"bad-contrast\" style=\"color:#bbb;background:#ccc\">Texte pâle</p>';
             document.querySelector('main, body').prepend(d);",
            vec![],
        )
        .await?;
    let found = app.axe("broken-on-purpose").await?;
    for rule in ["image-alt", "button-name", "color-contrast"] {
        ensure!(
            found
                .iter()
                .any(|v| v.rule == rule && !v.targets.is_empty()),
            "axe did not report {rule}: {found:?}"
        );
    }
    ensure!(
        app.check_accessibility("broken-on-purpose").await.is_err(),
        "a violation fails the check"
    );
    app.close().await
}

#[tokio::test]
async fn the_dialogs_pass_axe() -> Result<()> {
    let app = App::launch("a11y-dialogs", &Launch::default()).await?;
    // The shortcuts dialog, from `?`.
    app.wait_for("#search").await?.click().await?;
    key(&app, Key::Escape).await?;
    app.client
        .execute("document.activeElement.blur();", vec![])
        .await?;
    app.client
        .find(fantoccini::Locator::Css("body"))
        .await?
        .send_keys("?")
        .await?;
    app.wait_for("[data-testid=shortcuts-dialog]").await?;
    app.screenshot("shortcuts").await?;
    key(&app, Key::Escape).await?;

    // The dialog that dismisses a quality flag, from the viewer.
    let (file, doc) = file_with_flag(&app)?;
    app.open_case(&file).await?;
    app.show_tab("documents").await?;
    app.wait_for(&format!(
        "[data-testid=document-item][data-file-name='{doc}']"
    ))
    .await?
    .click()
    .await?;
    app.wait_for("[data-testid=quality-dismiss]")
        .await?
        .click()
        .await?;
    app.wait_for("[data-testid=dismiss-dialog]").await?;
    app.screenshot("dismiss-dialog").await?;
    app.close().await
}

/// An officer's loop without a pointer, in `lang`: find a file by search, open it, read
/// a document, request the missing items after reading the letter, send it, and come
/// back to the queue with the focus on the file.
async fn officers_day(lang: &str) -> Result<()> {
    let app = App::launch(&format!("keyboard-{lang}"), &Launch::default()).await?;
    let file = app.file_in_admissibility_review(None)?;
    // The search box has the focus when the queue opens.
    let f = app.visible_focus().await.context("the focus at start")?;
    ensure!(
        f.describe.contains("#search"),
        "the search box has the focus, not {}",
        f.describe
    );
    if lang == "en" {
        app.tab_to(&format!("lang-{lang}"), 40).await?;
        key(&app, Key::Enter).await?;
        app.wait_until("the screen is in English", || async {
            Ok(app
                .client
                .execute("return document.documentElement.lang;", vec![])
                .await?
                .as_str()
                == Some("en"))
        })
        .await?;
        app.press("/").await?;
        let f = app.visible_focus().await?;
        ensure!(
            f.describe.contains("#search"),
            "`/` goes to the search box, not {}",
            f.describe
        );
    }

    // 1. Find the file by search, and open it.
    app.press(&file).await?;
    app.wait_until("the search finds the file", || async {
        let rows = app
            .attrs("tr[data-testid=queue-row]", "data-file-number")
            .await?;
        Ok(rows == vec![file.clone()])
    })
    .await?;
    key(&app, Key::Down).await?;
    let f = app.visible_focus().await?;
    ensure!(
        f.testid.as_deref() == Some("queue-row"),
        "Down selects the row: {}",
        f.describe
    );
    key(&app, Key::Enter).await?;
    app.wait_for("[data-testid=case-view] h1").await?;
    app.wait_for("[data-testid=review-desk]").await?;
    app.visible_focus()
        .await
        .context("the focus once the file opens")?;

    // 2. Read a document: its documents are one key away (2); to the list, open the
    // first, to the page, turn a page.
    app.press("2").await?;
    app.wait_for("[data-testid=case-panel-documents]").await?;
    app.tab_to("document-item", 60).await?;
    key(&app, Key::Enter).await?;
    app.wait_for("[data-testid=page-image][data-page='1'][data-loaded=true]")
        .await
        .context("the document's first page is shown")?;
    app.tab_to("page-pane", 40).await?;
    let count: u32 = app
        .attrs("[data-testid=page-indicator]", "data-count")
        .await?
        .first()
        .and_then(|c| c.parse().ok())
        .unwrap_or(1);
    if count > 1 {
        app.press("n").await?;
        app.wait_for("[data-testid=page-image][data-page='2'][data-loaded=true]")
            .await
            .context("`n` turns the page")?;
        app.visible_focus().await?;
    }
    app.screenshot("reading").await?;

    // 3. Record a step: request the missing items (the casework, key 3), after reading
    // the letter it sends.
    app.press("3").await?;
    app.wait_for("[data-testid=casework] [data-testid=audit-trail]")
        .await?;
    app.tab_to("preview-request_missing_items", 250).await?;
    key(&app, Key::Enter).await?;
    app.wait_for("[data-testid=letter-preview] [data-testid=letter-preview-body]")
        .await?;
    let f = app.visible_focus().await?;
    ensure!(
        f.testid.as_deref() == Some("letter-preview-send"),
        "the preview puts the focus on its send button, not {}",
        f.describe
    );
    app.screenshot("letter-preview").await?;
    key(&app, Key::Enter).await?;
    app.wait_for("[data-testid=request][data-kind=missing_items][data-open=true]")
        .await
        .context("the request is sent")?;
    app.visible_focus()
        .await
        .context("the focus after sending")?;

    // 4. Back to the queue: the focus is on the file's row again.
    key(&app, Key::Escape).await?;
    app.wait_for("[data-testid=queue-table]").await?;
    app.wait_until("the focus returns to the file's row", || async {
        let f = app.focus().await?;
        let number = app
            .client
            .execute(
                "return document.activeElement.dataset.fileNumber ?? null;",
                vec![],
            )
            .await?;
        Ok(f.testid.as_deref() == Some("queue-row") && number.as_str() == Some(file.as_str()))
    })
    .await?;
    app.visible_focus().await?;
    app.screenshot("back-to-queue").await?;
    app.close().await
}

#[tokio::test]
async fn an_officers_day_without_a_pointer_in_french() -> Result<()> {
    officers_day("fr").await
}

#[tokio::test]
async fn an_officers_day_without_a_pointer_in_english() -> Result<()> {
    officers_day("en").await
}

/// At 200% zoom: no horizontal scroll of the page, and no control cut by an ancestor
/// that hides its overflow. Returns what is wrong, if anything.
async fn zoom_problems(app: &App) -> Result<Vec<String>> {
    let v = app
        .client
        .execute(
            "const root = document.scrollingElement || document.documentElement;
             const out = [];
             if (root.scrollWidth > root.clientWidth + 1)
               out.push('the page scrolls horizontally: ' + root.scrollWidth + ' > ' + root.clientWidth);
             const controls = document.querySelectorAll('button, input, select, textarea, a[href], [tabindex=\"0\"]');
             for (const el of controls) {
               const r = el.getBoundingClientRect();
               if (r.width === 0 || r.height === 0) continue;
               if (el.closest('[hidden], .visually-hidden')) continue;
               for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                 const s = getComputedStyle(a);
                 if (!/(hidden|clip)/.test(s.overflowX + s.overflowY)) continue;
                 const b = a.getBoundingClientRect();
                 if (r.left < b.left - 1 || r.right > b.right + 1) {
                   out.push('clipped: ' + el.tagName.toLowerCase()
                     + (el.dataset.testid ? '[' + el.dataset.testid + ']' : '')
                     + ' ' + (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40));
                   break;
                 }
               }
             }
             return out;",
            vec![],
        )
        .await?;
    Ok(v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_owned))
        .collect())
}

/// Checks the screen at 200%, after scrolling `show` (a CSS selector) to the top of the
/// window so that the screenshot shows it.
async fn at_200_percent(app: &App, state: &str, show: Option<&str>) -> Result<()> {
    app.client
        .execute("document.documentElement.style.zoom = '2';", vec![])
        .await?;
    if let Some(css) = show {
        app.client
            .execute(
                "document.querySelector(arguments[0])?.scrollIntoView({ block: 'start' });",
                vec![Value::from(css)],
            )
            .await?;
    }
    app.screenshot(&format!("zoom-200-{state}")).await?;
    let problems = zoom_problems(app).await?;
    app.client
        .execute("document.documentElement.style.zoom = '';", vec![])
        .await?;
    ensure!(
        problems.is_empty(),
        "{state} at 200%:\n{}",
        problems.join("\n")
    );
    Ok(())
}

#[tokio::test]
async fn the_main_screens_at_200_percent_zoom() -> Result<()> {
    let app = App::launch("zoom", &Launch::default()).await?;
    app.client.set_window_size(1280, 800).await?;
    at_200_percent(&app, "queue", None).await?;
    let file = app.file_in_admissibility_review(None)?;
    app.open_case(&file).await?;
    app.wait_for("[data-testid=review-desk]").await?;
    at_200_percent(&app, "file", None).await?;
    app.show_tab("work").await?;
    app.wait_for("[data-testid=casework] [data-testid=audit-trail]")
        .await?;
    at_200_percent(&app, "casework", Some("[data-testid=casework]")).await?;
    app.show_tab("documents").await?;
    app.wait_for("[data-testid=document-item]")
        .await?
        .click()
        .await?;
    app.wait_for("[data-testid=page-image][data-loaded=true]")
        .await?;
    at_200_percent(&app, "viewer", Some("[data-testid=page-pane]")).await?;
    app.close().await
}
