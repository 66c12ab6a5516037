//! The foundation scenarios in the real window: the queue lists the demo cases, filters
//! and search narrow it, the keyboard opens a case whose family shows ages computed on
//! the fixed "today", and the language switch changes the labels. Each scenario saves
//! screenshots under `target/e2e-screenshots/`.

use anyhow::{Result, ensure};
use e2e::{App, Launch};
use fantoccini::key::Key;

async fn total(app: &App) -> Result<u64> {
    let text = app.text("[data-testid=queue-total]").await?;
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    Ok(digits.parse()?)
}

async fn column(app: &App, n: usize) -> Result<Vec<String>> {
    app.texts(&format!("tr[data-testid=queue-row] td:nth-child({n})"))
        .await
}

fn is_sorted(v: &[String]) -> bool {
    v.windows(2).all(|w| w[0] <= w[1])
}

/// Waits until the rows are in file-number order one way or the other; true if ascending.
async fn sorted_or_reversed(app: &App) -> Result<bool> {
    app.wait_until("rows ordered by file number", || async {
        let now = app
            .attrs("tr[data-testid=queue-row]", "data-file-number")
            .await?;
        let mut reversed = now.clone();
        reversed.reverse();
        Ok(now.len() > 1 && (is_sorted(&now) || is_sorted(&reversed)))
    })
    .await?;
    let now = app
        .attrs("tr[data-testid=queue-row]", "data-file-number")
        .await?;
    Ok(is_sorted(&now))
}

#[tokio::test]
async fn queue_lists_the_demo_cases_and_filters_narrow_it() -> Result<()> {
    let app = App::launch("queue", &Launch::default()).await?;
    app.wait_until("the total shows 60 files", || async {
        Ok(total(&app).await? == 60)
    })
    .await?;
    let rows = app
        .attrs("tr[data-testid=queue-row]", "data-file-number")
        .await?;
    ensure!(!rows.is_empty(), "the queue shows rows");
    // The README's queue (docs/screenshots/queue.png): rows, and no loading line left.
    app.wait_until("the queue is loaded", || async {
        Ok(app
            .attrs("[data-testid=queue-loading]", "role")
            .await?
            .is_empty()
            && app.attrs("div.table-wrap", "aria-busy").await? == ["false"])
    })
    .await?;
    app.screenshot("all").await?;

    // Stream filter: only the AI stream remains, and fewer files than in all.
    app.wait_for("#filter-stream")
        .await?
        .select_by_value("ai")
        .await?;
    app.wait_until("the stream filter narrows the total", || async {
        let t = total(&app).await?;
        Ok(t > 0 && t < 60)
    })
    .await?;
    let streams = column(&app, 3).await?;
    ensure!(
        !streams.is_empty() && streams.iter().all(|s| s == "IA"),
        "every row is in the AI stream (shown as IA in French): {streams:?}"
    );
    app.screenshot("stream-ai").await?;

    // Sorting by file number: one click orders the rows, the next reverses them.
    let header = app.wait_for("th button").await?;
    header.click().await?;
    let first_order = sorted_or_reversed(&app).await?;
    header.click().await?;
    app.wait_until("the order reverses", || async {
        let now = app
            .attrs("tr[data-testid=queue-row]", "data-file-number")
            .await?;
        let mut reversed = now.clone();
        reversed.reverse();
        Ok(now.len() > 1 && is_sorted(&now) != first_order && is_sorted(&reversed) == first_order)
    })
    .await?;
    app.screenshot("sorted").await?;
    app.close().await
}

#[tokio::test]
async fn search_by_name_finds_the_file() -> Result<()> {
    let app = App::launch("search", &Launch::default()).await?;
    app.wait_until("rows are shown", || async {
        Ok(!column(&app, 2).await?.is_empty())
    })
    .await?;
    let names = column(&app, 2).await?;
    let wanted = names[names.len() / 2].clone();
    let family = wanted
        .split(',')
        .next()
        .unwrap_or(&wanted)
        .trim()
        .to_owned();

    let search = app.wait_for("#search").await?;
    search.send_keys(&family).await?;
    app.wait_until("only files of that family name remain", || async {
        let shown = column(&app, 2).await?;
        Ok(!shown.is_empty()
            && shown.len() < names.len()
            && shown.iter().all(|n| n.contains(&family)))
    })
    .await?;
    ensure!(
        column(&app, 2).await?.contains(&wanted),
        "the searched file ({wanted}) is in the results"
    );
    app.screenshot("by-name").await?;

    // A file number finds exactly that file.
    let number = app
        .attrs("tr[data-testid=queue-row]", "data-file-number")
        .await?[0]
        .clone();
    search.clear().await?;
    search.send_keys(&number).await?;
    app.wait_until("exactly the searched file number is shown", || async {
        Ok(app
            .attrs("tr[data-testid=queue-row]", "data-file-number")
            .await?
            == vec![number.clone()])
    })
    .await?;
    app.screenshot("by-file-number").await?;
    app.close().await
}

/// Completed years between a date of birth and 2024-11-20 (the fixed "today").
fn age_on_fixed_today(dob: &str) -> Result<u32> {
    let parts: Vec<u32> = dob.split('-').map(str::parse).collect::<Result<_, _>>()?;
    ensure!(parts.len() == 3, "a date of birth as YYYY-MM-DD: {dob}");
    let (y, m, d) = (parts[0], parts[1], parts[2]);
    let mut age = 2024 - y;
    if (m, d) > (11, 20) {
        age -= 1;
    }
    Ok(age)
}

#[tokio::test]
async fn the_keyboard_opens_a_case_with_its_family_and_ages() -> Result<()> {
    let app = App::launch("case", &Launch::default()).await?;
    app.wait_for("tr[data-testid=queue-row]").await?;
    let first = app
        .attrs("tr[data-testid=queue-row]", "data-file-number")
        .await?;

    // Down twice then Enter, from the search box, opens the third file.
    let search = app.wait_for("#search").await?;
    search.send_keys(&Key::Down.to_string()).await?;
    app.client
        .active_element()
        .await?
        .send_keys(&format!("{}{}", Key::Down, Key::Down))
        .await?;
    app.client
        .active_element()
        .await?
        .send_keys(&Key::Enter.to_string())
        .await?;
    app.wait_for("[data-testid=case-view] h1").await?;
    let heading = app.text("[data-testid=case-view] h1").await?;
    ensure!(
        heading.contains(&first[2]),
        "the opened case is the third file ({}), heading: {heading}",
        first[2]
    );

    // The family is one key away.
    app.press("4").await?;
    app.wait_for("tr[data-testid=person-row]").await?;
    let dobs = app
        .texts("tr[data-testid=person-row] td:nth-child(3)")
        .await?;
    let ages = app.texts("[data-testid=person-age]").await?;
    ensure!(
        !ages.is_empty() && ages.len() == dobs.len(),
        "ages for every person"
    );
    for (dob, age) in dobs.iter().zip(&ages) {
        ensure!(
            age_on_fixed_today(dob)?.to_string() == *age,
            "age {age} for a person born {dob} on 2024-11-20"
        );
    }
    app.screenshot("detail").await?;

    // Escape goes back to the queue, with the row still selected.
    app.client
        .active_element()
        .await?
        .send_keys(&Key::Escape.to_string())
        .await?;
    app.wait_for("[data-testid=queue-table]").await?;
    app.close().await
}

#[tokio::test]
async fn a_case_with_a_large_family_shows_every_member() -> Result<()> {
    // Demo data puts children on both sides of 16 and 18 in some files: open files until
    // one with at least three persons is found, and check each age against its birth date.
    let app = App::launch("family", &Launch::default()).await?;
    app.wait_for("tr[data-testid=queue-row]").await?;
    let numbers = app
        .attrs("tr[data-testid=queue-row]", "data-file-number")
        .await?;
    let mut found = false;
    for number in numbers.iter().take(20) {
        app.wait_for(&format!("tr[data-file-number='{number}'] button"))
            .await?
            .click()
            .await?;
        app.show_tab("family").await?;
        app.wait_for("tr[data-testid=person-row]").await?;
        let dobs = app
            .texts("tr[data-testid=person-row] td:nth-child(3)")
            .await?;
        if dobs.len() >= 3 {
            let ages = app.texts("[data-testid=person-age]").await?;
            for (dob, age) in dobs.iter().zip(&ages) {
                ensure!(age_on_fixed_today(dob)?.to_string() == *age);
            }
            app.screenshot("large-family").await?;
            found = true;
            break;
        }
        app.wait_for("[data-testid=back-to-queue]")
            .await?
            .click()
            .await?;
        app.wait_for("tr[data-testid=queue-row]").await?;
    }
    ensure!(
        found,
        "one of the first 20 files has a family of three or more"
    );
    app.close().await
}

#[tokio::test]
async fn the_language_switch_changes_every_label() -> Result<()> {
    let app = App::launch("language", &Launch::default()).await?;
    let fr_title = app.text("#queue-title").await?;
    ensure!(
        fr_title == "File de travail",
        "French by default: {fr_title}"
    );
    app.screenshot("fr").await?;

    app.wait_for("[data-testid=lang-en]").await?.click().await?;
    app.wait_until("English labels", || async {
        Ok(app.text("#queue-title").await? == "Work queue")
    })
    .await?;
    let lang = app
        .client
        .execute("return document.documentElement.lang", vec![])
        .await?;
    ensure!(lang == "en", "the document language follows: {lang}");
    let streams = column(&app, 3).await?;
    ensure!(
        streams.iter().all(|s| s == "AI" || s == "IT-VFX"),
        "stream names in English: {streams:?}"
    );
    app.screenshot("en").await?;

    app.wait_for("[data-testid=lang-fr]").await?.click().await?;
    app.wait_until("French labels again", || async {
        Ok(app.text("#queue-title").await? == "File de travail")
    })
    .await?;
    app.close().await
}
