//! Issue 17 in the real window: the supervisor's desk. A hundred and two applications
//! arrive through intake and fill the AI francization sub-cap. The supervisor marks one of
//! three officers away, previews and distributes 30 files: the two available officers end
//! within one file of an equal share, and their apps (the real sync engine and store)
//! receive their files on the next sync. The supervisor reassigns five files in one action
//! (a range chosen from the keyboard), the queue filters by whose files they are, and the
//! figures show each cap with the moment it filled, as `dossier-server intake caps` says,
//! and a chart, in French and in English.

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::{Context, Result, ensure};
use chrono::{DateTime, Duration, TimeZone, Utc};
use e2e::{App, Launch};
use fantoccini::key::Key;
use program::{Profile, Stream};
use testkit::bundles::{application, rfc3339_montreal, scan, write};

/// One officer's app: the real store and sync engine, signed in as them.
struct OfficersApp {
    _dir: tempfile::TempDir,
    store: Arc<store::Store>,
    engine: syncer::Engine,
}

impl OfficersApp {
    async fn new(server: &testkit::Server, user: &str) -> Result<Self> {
        let dir = tempfile::tempdir()?;
        let store = Arc::new(store::Store::open(
            &dir.path().join("d.db"),
            &store::StoreKey::from_bytes([7; 32]),
        )?);
        let engine = syncer::Engine::new(
            store.clone(),
            &server.url,
            syncer::EngineConfig::default(),
            None,
        )?;
        engine.sign_in(user, testkit::PASSWORD).await?;
        Ok(Self {
            _dir: dir,
            store,
            engine,
        })
    }

    /// The files on this laptop assigned to `user`, after a sync round.
    async fn files_after_sync(&self, user: &str) -> Result<u32> {
        self.engine.sync_once().await?;
        let page = self.store.queue(&store::QueueQuery {
            filter: store::QueueFilter {
                assignee: Some(store::AssigneeFilter::User(store::ids::UserId(
                    user.to_owned(),
                ))),
                ..Default::default()
            },
            limit: 1,
            ..Default::default()
        })?;
        Ok(page.total)
    }
}

/// The open files of each officer, as the team screen shows them.
async fn open_files(app: &App) -> Result<BTreeMap<String, u32>> {
    let names = app.attrs("[data-testid=team-person]", "data-name").await?;
    let open = app.texts("[data-testid=team-open]").await?;
    Ok(names
        .into_iter()
        .zip(open)
        .map(|(n, o)| (n, o.trim().parse().unwrap_or(u32::MAX)))
        .collect())
}

#[tokio::test]
async fn a_supervisor_distributes_reassigns_and_reads_the_programs_figures() -> Result<()> {
    let server = testkit::Server::start().await;
    server.admin_ok(&["user", "add", "--name", "cy", "--role", "officer"], None);

    // 102 AI francization applications, a minute apart: the sub-cap of 100 fills with the
    // hundredth, and the last two are not received.
    let bundles = tempfile::tempdir()?;
    let pdf = scan(17);
    let start: DateTime<Utc> = chrono_tz_montreal(2024, 3, 4, 9);
    for i in 0..102i64 {
        write(
            bundles.path(),
            &format!("b{i:03}"),
            &application(
                &format!("TEAM-{i:03}"),
                &rfc3339_montreal(start + Duration::minutes(i)),
                Stream::Ai,
                Profile::Francization,
            ),
            &[("documents/passeport.pdf", &pdf)],
        );
    }
    server.admin_ok(
        &["intake", "import", &bundles.path().display().to_string()],
        None,
    );

    let app = App::launch_showing(
        "team",
        &Launch {
            user: "sam".into(),
            role: "supervisor".into(),
            server_url: Some(server.url.clone()),
            now: Utc::now().to_rfc3339(),
            ..Launch::default()
        },
        "[data-testid=sync-sign-in]",
    )
    .await?;
    app.sign_in("sam").await?;
    app.wait_until("the hundred files arrive", || async {
        Ok(app.text("[data-testid=queue-total]").await?.contains("100"))
    })
    .await?;

    // The team: three officers and sam.
    app.wait_for("[data-testid=nav-team]")
        .await?
        .click()
        .await?;
    app.wait_for("[data-testid=team-person]").await?;
    ensure!(
        app.attrs("[data-testid=team-person]", "data-name").await? == ["ana", "bob", "cy", "sam"],
        "the team lists everyone"
    );
    ensure!(
        app.text("[data-testid=team-unassigned]")
            .await?
            .contains("100"),
        "a hundred files wait for an officer"
    );
    // bob goes on leave.
    app.wait_for("[data-testid=team-person][data-name=bob] [data-testid=team-mark-away]")
        .await?
        .click()
        .await?;
    app.wait_for("[data-testid=team-person][data-name=bob][data-away=true]")
        .await?;

    // Preview, then distribute 30.
    let count = app.wait_for("[data-testid=team-distribute-count]").await?;
    count.clear().await?;
    count.send_keys("30").await?;
    app.wait_for("[data-testid=team-preview]")
        .await?
        .click()
        .await?;
    app.wait_for("[data-testid=team-share]").await?;
    let previewed = app.attrs("[data-testid=team-share]", "data-name").await?;
    ensure!(
        previewed == ["ana", "cy"],
        "bob receives nothing: {previewed:?}"
    );
    let after = app.texts("[data-testid=team-share-after]").await?;
    ensure!(after == ["15", "15"], "an equal share: {after:?}");
    app.screenshot("team-preview").await?;
    app.wait_for("[data-testid=team-distribute-apply]")
        .await?
        .click()
        .await?;
    app.wait_until("the distribution is applied", || async {
        Ok(app
            .text("[data-testid=team-unassigned]")
            .await?
            .contains("70"))
    })
    .await?;
    let open = open_files(&app).await?;
    let (ana, cy) = (open["ana"], open["cy"]);
    ensure!(
        ana + cy == 30 && ana.abs_diff(15) <= 1 && cy.abs_diff(15) <= 1 && open["bob"] == 0,
        "within one file of an equal share: {open:?}"
    );

    // The officers' apps receive their files on the next sync.
    let anas_app = OfficersApp::new(&server, "ana").await?;
    let cys_app = OfficersApp::new(&server, "cy").await?;
    ensure!(anas_app.files_after_sync("ana").await? == ana, "ana's app");
    ensure!(cys_app.files_after_sync("cy").await? == cy, "cy's app");

    // Five of ana's files to cy, in one action: the first ticked with Space, the fifth
    // with Shift+Space (the range between).
    let of = app.wait_for("[data-testid=team-files-of]").await?;
    of.select_by_value("ana").await?;
    app.wait_until("ana's files are listed", || async {
        Ok(app.texts("[data-testid=team-file]").await?.len() == ana as usize)
    })
    .await?;
    let boxes = app
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=team-file-select]"))
        .await?;
    boxes[0].send_keys(" ").await?;
    boxes[4]
        .send_keys(&format!("{}{}", Key::Shift, " "))
        .await?;
    app.wait_for("[data-testid=team-assign-to]")
        .await?
        .select_by_value("cy")
        .await?;
    let assign = app.wait_for("[data-testid=team-assign]").await?;
    let label = assign.text().await?;
    ensure!(label.contains('5'), "five files chosen: {label:?}");
    assign.click().await?;
    app.wait_until("the five files move to cy", || async {
        let open = open_files(&app).await?;
        Ok(open["ana"] == ana - 5 && open["cy"] == cy + 5)
    })
    .await?;
    // Each file says who assigned it, and when.
    of.select_by_value("cy").await?;
    app.wait_until("cy's files are listed", || async {
        Ok(app.texts("[data-testid=team-file]").await?.len() == (cy + 5) as usize)
    })
    .await?;
    ensure!(
        app.texts("[data-testid=team-assigned-by]")
            .await?
            .iter()
            .all(|t| t.contains("sam")),
        "sam assigned each of cy's files"
    );
    app.screenshot("team").await?;
    ensure!(
        cys_app.files_after_sync("cy").await? == cy + 5,
        "cy's app receives the five"
    );
    ensure!(
        anas_app.files_after_sync("ana").await? == ana - 5,
        "ana's app knows they left her"
    );

    // The queue says whose each file is, and filters by it.
    app.wait_for("[data-testid=nav-queue]")
        .await?
        .click()
        .await?;
    app.wait_for("[data-testid=filter-assignee]")
        .await?
        .select_by_value("cy")
        .await?;
    app.wait_until("the queue shows cy's files", || async {
        Ok(app
            .text("[data-testid=queue-total]")
            .await?
            .contains(&(cy + 5).to_string())
            && app
                .texts("[data-testid=queue-assignee]")
                .await?
                .iter()
                .all(|t| t.trim() == "cy"))
    })
    .await?;

    // The figures: each cap with the moment it filled, as `intake caps` says, and a chart.
    let caps: Vec<serde_json::Value> = server
        .admin_ok(&["intake", "caps"], None)
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    app.wait_for("[data-testid=nav-figures]")
        .await?
        .click()
        .await?;
    app.wait_for("[data-testid=cap-row]").await?;
    let shown = app.attrs("[data-testid=cap-row]", "data-filled-at").await?;
    ensure!(shown.len() == caps.len(), "every cap: {shown:?}");
    for (c, s) in caps.iter().zip(&shown) {
        let want = c["filled_at"]
            .as_str()
            .map(|t| t.parse::<DateTime<Utc>>())
            .transpose()?;
        let got = (!s.is_empty())
            .then(|| s.parse::<DateTime<Utc>>())
            .transpose()?;
        ensure!(want == got, "cap {}: {got:?} vs {want:?}", c["cap"]);
    }
    ensure!(
        caps.iter().any(|c| !c["filled_at"].is_null()),
        "the sub-cap filled"
    );
    app.wait_for("[data-testid=figures-chart] svg").await?;
    app.screenshot("figures-fr").await?;
    app.wait_for("[data-testid=lang-en]").await?.click().await?;
    app.wait_until("the figures speak English", || async {
        Ok(app
            .text("[data-testid=figures-caps]")
            .await?
            .contains("cap"))
    })
    .await?;
    app.screenshot("figures-en").await?;
    app.close().await
}

/// `h` o'clock on that day in Montréal, as UTC.
fn chrono_tz_montreal(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    // Winter: UTC-5.
    Utc.with_ymd_and_hms(y, m, d, h + 5, 0, 0)
        .single()
        .context("a valid instant")
        .unwrap_or_default()
}
