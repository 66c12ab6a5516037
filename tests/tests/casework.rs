//! Casework in the real window, with the clock fixed by the test: a file walked from
//! receipt to CSQ (an officer's session, then a supervisor's on the same store), a file
//! rejected because its missing-items deadline passed, and a file refused after a letter
//! of intent left unanswered (later sessions run with a later "now"). Every step goes
//! through the buttons the backend offers; an officer's approval is shown as refused.

use anyhow::{Context, Result, ensure};
use e2e::{App, KeptStore, Launch};
use program::Stream;
use store::{QueueFilter, QueueQuery};

const NOW: &str = "2024-11-20T15:00:00Z";
/// 66 days after [`NOW`]: every 60-day deadline of a request sent at [`NOW`] has passed.
const LATER: &str = "2025-01-25T15:00:00Z";
const SUPERVISOR: &str = "sup.gagnon";

async fn open_case(app: &App, file_number: &str) -> Result<()> {
    app.open_case(file_number).await?;
    case_shown(app).await
}

/// Waits until the case screen shows its file, then shows its casework (tab 3).
async fn case_shown(app: &App) -> Result<()> {
    app.wait_for("[data-testid=case-view] h1").await?;
    app.show_tab("work").await?;
    app.wait_for("[data-testid=casework] [data-testid=audit-trail]")
        .await?;
    Ok(())
}

/// Shows part `name` of the file (`work`: the casework, `documents`) unless it is shown.
async fn in_tab(app: &App, name: &str) -> Result<()> {
    let css = format!("[data-testid=case-panel-{name}]");
    if app
        .client
        .find_all(fantoccini::Locator::Css(&css))
        .await?
        .is_empty()
    {
        app.show_tab(name).await?;
    }
    Ok(())
}

/// Why step `action` is not possible now, as the casework says it behind its one line.
async fn blocked_reason(app: &App, action: &str) -> Result<String> {
    in_tab(app, "work").await?;
    app.client
        .execute(
            "const d = document.querySelector('[data-testid=blocked-actions]'); if (d) d.open = true;",
            vec![],
        )
        .await?;
    app.text(&format!("[data-testid=blocked-{action}]")).await
}

/// Clicks the action button `action` once the backend allows it.
async fn act(app: &App, action: &str) -> Result<()> {
    in_tab(app, "work").await?;
    app.wait_for(&format!("[data-testid=action-{action}]:not([disabled])"))
        .await
        .with_context(|| format!("action {action} is offered and allowed"))?
        .click()
        .await?;
    Ok(())
}

async fn status_is(app: &App, status: &str) -> Result<()> {
    app.wait_until(&format!("the file's status is {status}"), || async {
        let class = app.attrs("[data-testid=case-status]", "class").await?;
        Ok(class.first().is_some_and(|c| {
            c.split_whitespace()
                .any(|c| c == format!("status-{status}"))
        }))
    })
    .await
}

async fn count(app: &App, css: &str) -> Result<usize> {
    Ok(app
        .client
        .find_all(fantoccini::Locator::Css(css))
        .await?
        .len())
}

/// Waits until the audit trail holds an entry of `kind`.
async fn audited(app: &App, kind: &str) -> Result<()> {
    in_tab(app, "work").await?;
    app.wait_for(&format!("[data-testid=audit-entry][data-kind={kind}]"))
        .await
        .with_context(|| format!("the audit trail shows {kind}"))?;
    Ok(())
}

/// The letter a step just sent is filed on the case and open in the viewer, and pdfium
/// finds the file number in its text (the viewer's search).
async fn letter_opens_and_names(app: &App, kind: &str, file: &str, name: &str) -> Result<()> {
    audited(app, "letter_filed").await?;
    in_tab(app, "documents").await?;
    let item = format!("[data-testid=document-item][data-letter={kind}]");
    let id = app
        .wait_for(&item)
        .await
        .with_context(|| format!("the {kind} letter is among the documents"))?
        .attr("data-document-id")
        .await?
        .context("a document id")?;
    app.wait_for(&format!(
        "[data-testid=open-document][data-document-id='{id}']"
    ))
    .await
    .context("the letter opens in the viewer")?;
    app.wait_for("[data-testid=page-image]").await?;
    let search = app.wait_for("[data-testid=search-input]").await?;
    search.clear().await?;
    search.send_keys(file).await?;
    app.wait_for("[data-testid=search-submit]")
        .await?
        .click()
        .await?;
    let hits = app
        .wait_for("[data-testid=search-count]")
        .await?
        .attr("data-count")
        .await?
        .unwrap_or_default();
    ensure!(
        hits.parse::<u32>().unwrap_or(0) >= 1,
        "the letter's text names the file {file} ({hits} hits)"
    );
    shot(app, "[data-testid=documents-panel]", name).await?;
    Ok(())
}

/// Scrolls the element matching `css` to the top of the window, then saves a screenshot.
async fn shot(app: &App, css: &str, name: &str) -> Result<()> {
    if css.contains("casework") {
        in_tab(app, "work").await?;
    } else if css.contains("documents-panel") {
        in_tab(app, "documents").await?;
    }
    app.wait_for(css).await?;
    app.client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' });",
            vec![serde_json::json!(css)],
        )
        .await?;
    app.screenshot(name).await?;
    Ok(())
}

/// Types `text` into the field matching `css`, as a user would.
async fn fill(app: &App, css: &str, text: &str) -> Result<()> {
    in_tab(app, "work").await?;
    let field = app.wait_for(css).await?;
    field.clear().await?;
    field.send_keys(text).await?;
    Ok(())
}

/// Opens step `action`'s small form, writes `text` in it and records the step.
async fn step_with_text(app: &App, action: &str, text: &str) -> Result<()> {
    act(app, action).await?;
    let form = format!("[data-testid=step-form-{action}]");
    fill(app, &format!("{form} [data-testid=step-text]"), text).await?;
    app.wait_for(&format!(
        "[data-testid=step-submit-{action}]:not([disabled])"
    ))
    .await?
    .click()
    .await?;
    Ok(())
}

/// Relaunches on the store of a closed app as `user`/`role` at `now`.
async fn relaunch(
    scenario: &str,
    kept: &KeptStore,
    user: &str,
    role: &str,
    now: &str,
) -> Result<App> {
    App::launch(
        scenario,
        &Launch {
            now: now.to_owned(),
            user: user.to_owned(),
            role: role.to_owned(),
            store: Some(kept.path.clone()),
            ..Launch::default()
        },
    )
    .await
}

/// Where the supervisor approves: in the file, with the file's action button
/// (`approve_selection`...), or on the proposal's card in the decision queue.
enum ApproveIn {
    File(&'static str),
    Queue,
}

/// The supervisor's session: approves the proposal waiting on `file`.
async fn supervisor_approves(
    scenario: &str,
    kept: &KeptStore,
    file: &str,
    now: &str,
    approve: ApproveIn,
) -> Result<App> {
    let app = relaunch(scenario, kept, SUPERVISOR, "supervisor", now).await?;
    // The supervisor's queue: the decisions to approve, with their count.
    app.wait_for("[data-testid=preset-decisions_to_review] [data-testid=preset-count]")
        .await?
        .click()
        .await?;
    app.wait_for(&format!(
        "tr[data-testid=queue-row][data-file-number='{file}']"
    ))
    .await
    .context("the proposal is in the decisions to approve")?;
    let counted = app
        .text("[data-testid=preset-decisions_to_review] [data-testid=preset-count]")
        .await?;
    ensure!(
        counted.trim().parse::<u32>().unwrap_or(0) >= 1,
        "the queue counts the proposal: {counted:?}"
    );
    let rows = app
        .attrs("tr[data-testid=queue-row]", "data-status")
        .await?;
    ensure!(
        !rows.is_empty() && rows.iter().all(|s| s == "decision_proposed"),
        "only proposals are listed: {rows:?}"
    );
    // The decision queue shows what supports the proposal, and opens the file from it.
    let card = format!("[data-testid=proposal][data-file-number='{file}']");
    let evidence = app
        .text(&format!("{card} [data-testid=proposal-checklist]"))
        .await
        .context("the proposal is listed with its evidence")?;
    ensure!(
        !evidence.trim().is_empty(),
        "the checklist's state is shown"
    );
    app.text(&format!("{card} [data-testid=proposal-note]"))
        .await
        .context("the officer's note is shown")?;
    shot(
        &app,
        "[data-testid=decision-queue]",
        "supervisor-decision-queue",
    )
    .await?;
    match approve {
        ApproveIn::File(action) => {
            app.wait_for(&format!("{card} [data-testid=proposal-open]"))
                .await?
                .click()
                .await?;
            case_shown(&app).await?;
            act(&app, action).await?;
        }
        ApproveIn::Queue => {
            // The decision letter is read first, then sent from the preview.
            app.wait_for(&format!(
                "{card} [data-testid=proposal-approve]:not([disabled])"
            ))
            .await
            .context("the card offers approving")?
            .click()
            .await?;
            let letter = app
                .text("[data-testid=letter-preview] [data-testid=letter-preview-body]")
                .await
                .context("the decision letter is previewed from the queue")?;
            ensure!(letter.contains(file), "the letter names {file}: {letter}");
            app.wait_for("[data-testid=letter-preview-send]")
                .await?
                .click()
                .await?;
            app.wait_until("the queue says the decision is approved", || async {
                Ok(app
                    .text("[data-testid=proposals-done]")
                    .await?
                    .contains(file))
            })
            .await?;
            ensure!(
                count(&app, &card).await? == 0,
                "the approved proposal leaves the queue"
            );
            // The files below and the preset's count follow at once.
            app.wait_until("the count of decisions to approve drops", || async {
                Ok(app
                    .text("[data-testid=preset-decisions_to_review] [data-testid=preset-count]")
                    .await?
                    .trim()
                    == "0")
            })
            .await?;
            app.wait_until("the approved file leaves the list of proposals", || async {
                Ok(count(
                    &app,
                    &format!("tr[data-testid=queue-row][data-file-number='{file}']"),
                )
                .await?
                    == 0)
            })
            .await?;
            shot(
                &app,
                "[data-testid=decision-queue]",
                "supervisor-approved-from-queue",
            )
            .await?;
        }
    }
    Ok(app)
}

#[tokio::test]
async fn a_file_walked_from_receipt_to_csq() -> Result<()> {
    let scenario = "casework-csq";
    let app = App::launch(scenario, &Launch::default()).await?;
    let file = app.file_in_admissibility_review(None)?;
    open_case(&app, &file).await?;
    shot(&app, "[data-testid=casework]", "1-received").await?;

    // A1: "admissible" is refused while items are missing, and the screen says why.
    let refused = blocked_reason(&app, "record_admissible")
        .await
        .context("recording the file admissible is refused while items are missing")?;
    ensure!(
        refused.contains("incomplet"),
        "the reason says the file is incomplete: {refused}"
    );
    // The same screen in English: labels, checklist and the rules' reason.
    app.wait_for("[data-testid=lang-en]").await?.click().await?;
    app.wait_until("the casework reads in English", || async {
        Ok(blocked_reason(&app, "record_admissible")
            .await?
            .contains("the file is incomplete"))
    })
    .await?;
    let heading = app.text("#casework-title").await?;
    ensure!(heading.trim() == "Casework", "the panel's title: {heading}");
    shot(&app, "[data-testid=casework]", "1b-received-in-english").await?;
    app.wait_for("[data-testid=lang-fr]").await?.click().await?;
    app.wait_until("the casework reads in French again", || async {
        Ok(blocked_reason(&app, "record_admissible")
            .await?
            .contains("incomplet"))
    })
    .await?;

    // A2: the missing-items request lists what the file lacks. The officer reads the
    // letter first (in the applicant's language), and sends it from the preview with the
    // keyboard: the send button has the focus.
    app.wait_for("[data-testid=preview-request_missing_items]:not([disabled])")
        .await?
        .click()
        .await?;
    let preview = app
        .text("[data-testid=letter-preview][data-kind=missing_items_request] [data-testid=letter-preview-body]")
        .await
        .context("the letter is previewed")?;
    ensure!(
        preview.contains(&file),
        "the preview names the file {file}: {preview}"
    );
    shot(&app, "[data-testid=letter-preview]", "2a-letter-preview").await?;
    ensure!(
        app.attrs(
            "[data-testid=request][data-kind=missing_items]",
            "data-open"
        )
        .await?
        .is_empty(),
        "nothing is sent by a preview"
    );
    let focused = app
        .client
        .execute(
            "return document.activeElement?.dataset.testid ?? null;",
            vec![],
        )
        .await?;
    ensure!(
        focused.as_str() == Some("letter-preview-send"),
        "the send button of the preview has the focus, not {focused}"
    );
    app.client
        .active_element()
        .await?
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await?;
    app.wait_for("[data-testid=request][data-kind=missing_items][data-open=true]")
        .await?;
    status_is(&app, "missing_items_requested").await?;
    audited(&app, "missing_items_requested").await?;
    shot(&app, "[data-testid=casework]", "2-missing-items-requested").await?;
    letter_opens_and_names(
        &app,
        "missing_items_request",
        &file,
        "2b-missing-items-letter",
    )
    .await?;

    // The items arrive: each is marked received with a document of the file (the one
    // submitted for it, else one the officer chooses: none is chosen for them).
    let missing = "[data-testid=checklist-item][data-standing=missing]";
    in_tab(&app, "work").await?;
    while count(&app, missing).await? > 0 {
        let before = count(&app, missing).await?;
        let row = app.wait_for(missing).await?;
        let select = row
            .find(fantoccini::Locator::Css("[data-testid=receive-document]"))
            .await?;
        if select.prop("value").await?.unwrap_or_default().is_empty() {
            select.select_by_index(1).await?;
        }
        row.find(fantoccini::Locator::Css(
            "[data-testid=receive-item]:not([disabled])",
        ))
        .await?
        .click()
        .await?;
        app.wait_until("one more item is received", || async {
            Ok(count(&app, missing).await? < before)
        })
        .await?;
    }
    // $2: the fees, paid in full; the form starts at the balance.
    if count(&app, "[data-testid=payment-form]").await? > 0 {
        fill(&app, "[data-testid=payment-paid-on]", "2024-11-20").await?;
        app.wait_for("[data-testid=payment-submit]:not([disabled])")
            .await?
            .click()
            .await?;
        app.wait_until("the fees are paid", || async {
            Ok(count(&app, "[data-testid=payment-form]").await? == 0)
        })
        .await?;
        audited(&app, "payment_recorded").await?;
    }
    act(&app, "missing_items_received").await?;
    status_is(&app, "admissibility_review").await?;
    act(&app, "record_admissible").await?;
    status_is(&app, "in_review").await?;
    shot(&app, "[data-testid=casework]", "3-admissible").await?;

    // Refusal shown: selection with the attestation missing.
    let blocked = blocked_reason(&app, "propose_selection")
        .await
        .context("selection is blocked while the attestation is missing")?;
    ensure!(
        blocked.contains("attestation"),
        "the reason names the attestation: {blocked}"
    );

    // V1: the attestation is requested, then obtained by each person.
    act(&app, "request_attestation").await?;
    status_is(&app, "attestation_requested").await?;
    shot(&app, "[data-testid=attestation]", "4-attestation-requested").await?;
    // Each person's day, in their own row (AAAA-MM-JJ, as Québec writes it).
    let requested = "[data-testid=attestation-person][data-state=requested]";
    while count(&app, requested).await? > 0 {
        let before = count(&app, requested).await?;
        fill(
            &app,
            &format!("{requested} [data-testid=attestation-day]"),
            "2024-11-20",
        )
        .await?;
        app.wait_for(&format!(
            "{requested} [data-testid=attestation-obtained]:not([disabled])"
        ))
        .await?
        .click()
        .await?;
        app.wait_until("one more attestation is obtained", || async {
            Ok(count(&app, requested).await? < before)
        })
        .await?;
    }
    act(&app, "attestation_completed").await?;
    status_is(&app, "in_review").await?;
    audited(&app, "attestation_obtained").await?;

    // The officer proposes the selection, and may not approve it.
    step_with_text(
        &app,
        "propose_selection",
        "Toutes les conditions sont remplies.",
    )
    .await?;
    app.wait_for("[data-testid=decision][data-outcome=pending]")
        .await?;
    let approve = app
        .wait_for("[data-testid=action-approve_selection]")
        .await
        .context("the approval is shown to the officer")?;
    ensure!(
        approve.attr("disabled").await?.is_some(),
        "an officer's approve button is disabled"
    );
    let reason = blocked_reason(&app, "approve_selection").await?;
    ensure!(
        reason.contains("seul un superviseur"),
        "the reason is shown: {reason}"
    );
    shot(
        &app,
        "[data-testid=casework]",
        "5-proposed-officer-cannot-approve",
    )
    .await?;
    let kept = app.close_keeping_store().await?;

    // A supervisor approves: CSQ numbers, status selected, the file locked.
    let app = supervisor_approves(
        scenario,
        &kept,
        &file,
        NOW,
        ApproveIn::File("approve_selection"),
    )
    .await?;
    app.wait_for("[data-testid=decision][data-outcome=approved] [data-testid=csq-number]")
        .await?;
    let numbers = app.texts("[data-testid=csq-number]").await?;
    ensure!(
        !numbers.is_empty()
            && numbers
                .iter()
                .all(|n| n.starts_with(&format!("CSQ-{file}-"))),
        "CSQ numbers shown: {numbers:?}"
    );
    status_is(&app, "selected").await?;
    audited(&app, "selection_approved").await?;
    // A supervised amendment records its description, in its own small form: with none
    // written it waits, and says what to write.
    act(&app, "record_supervised_amendment").await?;
    app.wait_for("[data-testid=step-submit-record_supervised_amendment]")
        .await?
        .click()
        .await?;
    app.wait_for("[data-testid=work-text-needed]").await?;
    app.wait_for("[data-testid=action-record_supervised_amendment]:not([disabled])")
        .await?;
    let enabled = app
        .attrs("[data-testid^=action-]:not([disabled])", "data-testid")
        .await?;
    ensure!(
        enabled == ["action-record_supervised_amendment"],
        "after the CSQ only a supervised amendment is allowed: {enabled:?}"
    );
    ensure!(
        count(&app, "[data-testid=receive-item]").await? == 0,
        "no item can be changed after the CSQ"
    );
    // M5: a change now needs a supervised amendment, and the screen says so.
    let locked = app.text("[data-testid=file-locked]").await?;
    ensure!(
        locked.contains("modification supervisée"),
        "the lock is explained: {locked}"
    );
    for form in [
        "family-changes",
        "payment-form",
        "exemption",
        "explanatory-letter",
    ] {
        ensure!(
            count(&app, &format!("[data-testid={form}]")).await? == 0,
            "after the CSQ the file offers no {form}"
        );
    }
    let authors = app.texts("[data-testid=audit-entry]").await?;
    ensure!(
        authors.iter().any(|e| e.contains(SUPERVISOR))
            && authors.iter().any(|e| e.contains("agent.tremblay")),
        "the audit trail names both authors: {authors:?}"
    );
    shot(&app, "[data-testid=decision]", "6-selected-csq").await?;
    letter_opens_and_names(&app, "selection_decision", &file, "7-selection-letter").await?;
    app.close().await
}

#[tokio::test]
async fn a_file_rejected_because_the_missing_items_deadline_passed() -> Result<()> {
    let scenario = "casework-rejection";
    let app = App::launch(scenario, &Launch::default()).await?;
    let file = app.file_in_admissibility_review(Some(Stream::Ai))?;
    open_case(&app, &file).await?;
    // P4: the officer records, from the keyboard, that the employer had to obtain the
    // TECHNOCompétences notice; the notice joins the checklist and the request.
    let notice = "[data-testid=checklist-item][data-key=technocompetences_notice]";
    let checkbox = app
        .wait_for("[data-testid=ai-notice-required]:not([disabled])")
        .await
        .context("an AI-stream file asks whether the notice was required")?;
    if checkbox.prop("checked").await?.as_deref() != Some("true") {
        ensure!(count(&app, notice).await? == 0, "not on the checklist yet");
        checkbox.send_keys(" ").await?;
        app.wait_for(&format!("{notice}[data-standing=missing]"))
            .await
            .context("the notice is on the checklist, missing")?;
        audited(&app, "ai_notice_requirement_recorded").await?;
    }
    shot(&app, "[data-testid=casework]", "0-ai-notice-required").await?;
    act(&app, "request_missing_items").await?;
    app.wait_for("[data-testid=request][data-kind=missing_items][data-open=true]")
        .await?;
    status_is(&app, "missing_items_requested").await?;
    shot(&app, "[data-testid=casework]", "1-requested").await?;
    let kept = app.close_keeping_store().await?;

    // 66 days later nothing arrived: the file says a rejection may be proposed.
    let app = relaunch(scenario, &kept, "agent.tremblay", "officer", LATER).await?;
    open_case(&app, &file).await?;
    app.wait_for("[data-testid=due-action][data-action=propose_rejection]")
        .await
        .context("the file shows that a rejection may be proposed")?;
    shot(&app, "[data-testid=casework]", "2-deadline-passed").await?;
    // A2: the form proposes the ground the rules suggest.
    act(&app, "propose_rejection").await?;
    let suggested = app
        .wait_for("[data-testid=ground-missing_items_not_provided]")
        .await?;
    ensure!(
        suggested.prop("checked").await?.as_deref() == Some("true"),
        "the suggested ground is ticked"
    );
    fill(&app, "[data-testid=propose-note]", "Aucun élément reçu.").await?;
    shot(&app, "[data-testid=propose-form]", "2b-propose-form").await?;
    app.wait_for("[data-testid=propose-submit]")
        .await?
        .click()
        .await?;
    app.wait_for("[data-testid=decision][data-outcome=pending]")
        .await?;
    audited(&app, "decision_proposed").await?;
    shot(&app, "[data-testid=decision]", "3-proposed").await?;
    app.close().await?;

    let app = supervisor_approves(
        scenario,
        &kept,
        &file,
        LATER,
        ApproveIn::File("approve_rejection"),
    )
    .await?;
    app.wait_for("[data-testid=decision][data-outcome=approved]")
        .await?;
    status_is(&app, "rejected").await?;
    shot(&app, "[data-testid=decision]", "4-rejected").await?;
    app.close().await
}

#[tokio::test]
async fn a_file_refused_after_an_unanswered_letter_of_intent() -> Result<()> {
    let scenario = "casework-refusal";
    let app = App::launch(scenario, &Launch::default()).await?;
    let file = app.file_in_admissibility_review(None)?;
    open_case(&app, &file).await?;
    // D2: the officer chooses the grounds the letter states.
    act(&app, "send_intent_to_refuse").await?;
    app.wait_for("[data-testid=ground-conditions_not_met]")
        .await?
        .click()
        .await?;
    app.wait_for("[data-testid=ground-documents_not_as_requested]")
        .await?
        .click()
        .await?;
    app.wait_for("[data-testid=intent-submit]")
        .await?
        .click()
        .await?;
    app.wait_for("[data-testid=request][data-kind=intent_to_refuse][data-open=true]")
        .await?;
    letter_opens_and_names(&app, "intent_to_refuse", &file, "1b-intent-letter").await?;
    status_is(&app, "intent_to_refuse").await?;
    audited(&app, "intent_to_refuse_sent").await?;
    shot(&app, "[data-testid=casework]", "1-intent-sent").await?;
    let kept = app.close_keeping_store().await?;

    // After the deadline, unanswered: the officer proposes the refusal.
    let app = relaunch(scenario, &kept, "agent.tremblay", "officer", LATER).await?;
    open_case(&app, &file).await?;
    shot(&app, "[data-testid=casework]", "2-deadline-passed").await?;
    // The proposal takes the letter's grounds.
    act(&app, "propose_refusal").await?;
    for ground in ["conditions_not_met", "documents_not_as_requested"] {
        let checked = app
            .wait_for(&format!("[data-testid=ground-{ground}]"))
            .await?
            .prop("checked")
            .await?;
        ensure!(
            checked.as_deref() == Some("true"),
            "the letter's ground {ground} is ticked"
        );
    }
    fill(
        &app,
        "[data-testid=propose-note]",
        "Pas de réponse à la lettre d'intention.",
    )
    .await?;
    app.wait_for("[data-testid=propose-submit]")
        .await?
        .click()
        .await?;
    app.wait_for("[data-testid=decision][data-outcome=pending]")
        .await?;
    shot(&app, "[data-testid=decision]", "3-proposed").await?;
    app.close().await?;

    // The supervisor approves from the decision queue itself.
    let app = supervisor_approves(scenario, &kept, &file, LATER, ApproveIn::Queue).await?;
    let store = app.open_store()?;
    let row = store
        .queue(&QueueQuery {
            filter: QueueFilter {
                search: Some(file.clone()),
                ..QueueFilter::default()
            },
            ..QueueQuery::default()
        })?
        .items
        .into_iter()
        .next()
        .context("the file is in the store")?;
    ensure!(
        serde_json::to_value(row.status)? == "refused",
        "the file is refused: {:?}",
        row.status
    );
    let trail = store.audit_trail(row.id)?;
    ensure!(
        trail
            .iter()
            .any(|e| e.kind == "refusal_approved" && e.author == SUPERVISOR),
        "the approval is in the audit trail with its author"
    );
    ensure!(
        trail.iter().filter(|e| e.kind == "letter_filed").count() >= 2,
        "the decision letter is filed"
    );
    drop(store);
    app.close().await
}
