//! The officer's review desk in the real window: the checklist beside the page, one key
//! per item. An officer opens a demo file whose documents were all submitted for their
//! items and verifies every item from the keyboard alone (the test counts the keys: at
//! most two per item, none to scroll), then records it admissible. On another file, a
//! scan is marked "defective: not a colour scan" with one key and a reason, and the
//! missing-items request that follows names it. In French, then in English.

use anyhow::{Context, Result, ensure};
use e2e::{App, Launch};
use fantoccini::key::Key;

/// Demo files in their admissibility review whose every checklist item has a document
/// submitted for it, with clean scans and the fees paid: the desk's daily loop.
fn files_to_verify(app: &App) -> Result<Vec<(String, usize)>> {
    let (store, rows) = app.files()?;
    let officer = store::Actor::officer("agent.tremblay");
    let mut out = Vec::new();
    for row in rows {
        if serde_json::to_value(row.status)? != "admissibility_review" {
            continue;
        }
        let work = store.casework(row.id, &officer)?;
        let documents = store.case_detail(row.id)?.documents;
        let clean = documents
            .iter()
            .all(|d| d.quality.as_ref().is_none_or(|q| q.flags.is_empty()));
        let all_submitted = work
            .checklist
            .iter()
            .all(|c| !c.submitted.is_empty() && c.standing == store::work::ItemStanding::Missing);
        if clean
            && all_submitted
            && work.fees.outstanding == Some(program::Cad::ZERO)
            && work.requests.is_empty()
        {
            out.push((row.file_number, work.checklist.len()));
        }
    }
    // The largest families first: the most items to verify.
    out.sort_by_key(|f| std::cmp::Reverse(f.1));
    Ok(out)
}

/// How many rail items wait for the officer.
async fn to_verify(app: &App) -> Result<usize> {
    Ok(app
        .attrs("[data-testid=rail-item][data-state=to_verify]", "data-key")
        .await?
        .len())
}

/// Nothing on the page scrolled, and the desk's three panes end inside the window.
async fn nothing_scrolled(app: &App) -> Result<()> {
    let v = app
        .client
        .execute(
            "const el = document.querySelector('[data-testid=review-desk]');
             const desk = el.getBoundingClientRect();
             return { y: window.scrollY, top: desk.top, bottom: desk.bottom, height: window.innerHeight,
                      css: getComputedStyle(el).height, fs: getComputedStyle(document.documentElement).fontSize };",
            vec![],
        )
        .await?;
    ensure!(v["y"].as_f64() == Some(0.0), "the page scrolled: {v}");
    ensure!(
        v["bottom"].as_f64().unwrap_or(f64::MAX) <= v["height"].as_f64().unwrap_or(0.0),
        "the desk ends below the window: {v}"
    );
    Ok(())
}

/// The status shown in the file's header.
async fn status(app: &App) -> Result<String> {
    Ok(app
        .attrs("[data-testid=case-status]", "class")
        .await?
        .join(" "))
}

#[tokio::test]
async fn an_officer_verifies_a_whole_file_from_the_keyboard_and_marks_a_scan_defective()
-> Result<()> {
    let app = App::launch("desk", &Launch::default()).await?;
    app.client.set_window_size(1280, 800).await?;
    let files = files_to_verify(&app)?;
    ensure!(
        files.len() >= 2,
        "the demo has files whose documents were all submitted: {files:?}"
    );
    let (file, items) = files[0].clone();
    ensure!(items >= 12, "a file of at least 12 items: {files:?}");

    // 1. A whole file, in French: v for each item, Enter for the next step.
    app.open_case(&file).await?;
    app.wait_for("[data-testid=review-desk] [data-testid=open-document]")
        .await?;
    ensure!(
        to_verify(&app).await? == items,
        "every item waits, with its document"
    );
    // The README's review desk (docs/screenshots/case.png): shot once the page and the
    // thumbnails beside it are drawn, never a blank frame.
    app.wait_for("[data-testid=page-image][data-loaded=true]")
        .await?;
    app.wait_until("the thumbnails are drawn", || async {
        let drawn = app
            .client
            .execute(
                "const imgs = [...document.querySelectorAll('[data-testid=thumbnail] img')];
                 return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);",
                vec![],
            )
            .await?;
        Ok(drawn.as_bool() == Some(true))
    })
    .await?;
    app.screenshot("1-file-to-verify").await?;
    nothing_scrolled(&app).await?;
    let mut keys = 0;
    for left in (0..items).rev() {
        let pane = app.attrs("[data-testid=item-pane]", "data-key").await?;
        app.press("v").await?;
        keys += 1;
        app.wait_until("the item is recorded and the rail moves on", || async {
            Ok(to_verify(&app).await? == left)
        })
        .await
        .with_context(|| format!("after v on {pane:?}"))?;
        nothing_scrolled(&app).await?;
    }
    let step = app
        .wait_for("[data-testid=desk-step-record_admissible]")
        .await?;
    app.wait_until("the next step has the focus", || async {
        Ok(app.focus().await?.testid.as_deref() == Some("desk-step-record_admissible"))
    })
    .await?;
    drop(step);
    app.screenshot("2-all-verified").await?;
    app.press(&Key::Enter.to_string()).await?;
    keys += 1;
    app.wait_until("the file is admissible", || async {
        Ok(status(&app).await?.contains("status-in_review"))
    })
    .await?;
    ensure!(
        keys <= 2 * items,
        "{keys} keys for {items} items: at most two per item"
    );
    app.screenshot("3-admissible").await?;

    // 2. Another file, in English: the first item's scan is defective.
    app.wait_for("[data-testid=lang-en]").await?.click().await?;
    let (other, others) = files[1].clone();
    app.press(&Key::Escape.to_string()).await?;
    app.wait_for("[data-testid=queue-table]").await?;
    app.open_case(&other).await?;
    app.wait_for("[data-testid=review-desk] [data-testid=open-document]")
        .await?;
    // j, j: past the file's two forms, to the principal applicant's passport.
    app.press("j").await?;
    app.press("j").await?;
    app.wait_until("the passport is selected", || async {
        Ok(app
            .attrs("[data-testid=item-pane]", "data-key")
            .await?
            .iter()
            .any(|k| k.starts_with("identity_document")))
    })
    .await?;
    let first = app
        .attrs("[data-testid=item-pane]", "data-key")
        .await?
        .pop()
        .context("an item is selected")?;
    app.press("d").await?;
    app.wait_until("the first defect has the focus", || async {
        Ok(app.focus().await?.testid.as_deref() == Some("defect-not_colour_scan"))
    })
    .await?;
    app.screenshot("4-defective-form-en").await?;
    app.press(" ").await?;
    app.press(&Key::Enter.to_string()).await?;
    app.wait_until("the item is defective", || async {
        Ok(app
            .attrs(
                &format!("[data-testid=rail-item][data-key='{first}']"),
                "data-standing",
            )
            .await?
            == vec!["defective".to_owned()])
    })
    .await?;
    ensure!(
        to_verify(&app).await? == others - 1,
        "the rail moved on to the next item"
    );
    // The rest received, then the request for what the file lacks: it names the scan.
    for left in (0..others - 1).rev() {
        app.press("v").await?;
        app.wait_until("the item is recorded", || async {
            Ok(to_verify(&app).await? == left)
        })
        .await?;
    }
    app.wait_until("the request is the next step, focused", || async {
        Ok(app.focus().await?.testid.as_deref() == Some("desk-step-request_missing_items"))
    })
    .await?;
    app.screenshot("5-defective-then-request-en").await?;
    app.press(&Key::Enter.to_string()).await?;
    app.wait_until("the request is sent", || async {
        Ok(status(&app)
            .await?
            .contains("status-missing_items_requested"))
    })
    .await?;
    app.press("3").await?;
    let part = app
        .wait_for("[data-testid=request][data-kind=missing_items] [data-testid=request-part]")
        .await?
        .text()
        .await?;
    let label = app
        .text(&format!(
            "[data-testid=checklist-item][data-key='{first}'] th"
        ))
        .await?;
    ensure!(
        part.contains(&label),
        "the request names the defective item ({label}): {part}"
    );
    app.screenshot("6-request-names-it-en").await?;
    app.close().await
}
