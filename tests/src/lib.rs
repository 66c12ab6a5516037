//! The end-to-end harness: it starts a private X server (Xvfb), fills a temporary store
//! with `dossier demo`, starts `tauri-driver` (over Debian's WebKitWebDriver) with the
//! app pointed at that store, and opens a WebDriver session on the real app window.
//! Each [`App`] is hermetic: its own display, store, data and config directories, and
//! driver; dropping it stops them all. Screenshots go to `target/e2e-screenshots/`.
//!
//! Run the tests inside `dbus-run-session` (the scripts do): WebKitGTK wants a session
//! bus, and `NO_AT_BRIDGE=1` keeps it from waiting on an accessibility bus.
//!
//! - [`App`]: one running app and its WebDriver client, with helpers for scenarios.
//! - [`Launch`]: what the store holds and what "now" is for that app.
//! - [`axe`]: WCAG 2.1 A/AA checks of the real window with axe-core, run at every
//!   screenshot.
//! - [`keyboard`]: keys, the focused element, and whether its focus is visible.

pub mod axe;
pub mod keyboard;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

/// How long a scenario waits for something to appear before failing.
pub const WAIT: Duration = Duration::from_secs(20);

/// One app at a time: scenarios run as ordinary parallel tests, but a 2-core machine
/// running several WebKit windows at once only makes each of them slow and flaky.
static ONE_AT_A_TIME: std::sync::LazyLock<std::sync::Arc<tokio::sync::Mutex<()>>> =
    std::sync::LazyLock::new(Default::default);

/// What the app under test starts with.
#[derive(Debug, Clone)]
pub struct Launch {
    /// Demo cases in the store (`dossier demo --cases`).
    pub cases: u32,
    /// Seed of the demo data.
    pub seed: u64,
    /// The fixed "now" of both the demo data and the app (RFC 3339).
    pub now: String,
    /// Who uses the app.
    pub user: String,
    /// `officer` or `supervisor`.
    pub role: String,
    /// An existing store to open instead of filling a new one (a second session on the
    /// store of an earlier app, kept by [`App::close_keeping_store`]); `cases` and `seed`
    /// are then ignored.
    pub store: Option<PathBuf>,
    /// A server to synchronise with (`DOSSIER_SERVER_URL`): the app starts on a new,
    /// empty store (no demo data, which is never synchronised) and files arrive by sync.
    pub server_url: Option<String>,
    /// Variables added to the app's environment (e.g. the render helper's test faults).
    pub env: Vec<(String, String)>,
    /// The program to launch instead of `target/debug/dossier-app`: e.g. the installed
    /// package's `/usr/bin/dossier-app` (`tests/tests/package.rs`).
    pub app: Option<PathBuf>,
}

impl Default for Launch {
    fn default() -> Self {
        Self {
            cases: 60,
            seed: 7,
            now: "2024-11-20T15:00:00Z".to_owned(),
            user: "agent.tremblay".to_owned(),
            role: "officer".to_owned(),
            store: None,
            server_url: None,
            env: Vec::new(),
            app: None,
        }
    }
}

/// The repository's root (the parent of this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives in the repository")
        .to_path_buf()
}

/// Where cargo put the binaries: `CARGO_TARGET_DIR` or `<repo>/target`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
}

/// The standard output of `command`, which must succeed (else its status and standard
/// error are the error): for the system's tools (dpkg, dpkg-query…) in scenarios.
pub fn output(command: &mut Command) -> Result<String> {
    let out = command
        .output()
        .with_context(|| format!("running {command:?}"))?;
    if !out.status.success() {
        bail!(
            "{command:?} failed with {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8(out.stdout)?)
}

pub fn binary(name: &str) -> Result<PathBuf> {
    let path = target_dir().join("debug").join(name);
    if !path.exists() {
        bail!(
            "{} is missing: build it first with `cargo build -p dossier-app -p cli` (the test script does)",
            path.display()
        );
    }
    Ok(path)
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free TCP port")?;
    Ok(listener.local_addr()?.port())
}

/// A child process killed (with its whole process group) when dropped.
#[derive(Debug)]
struct Guard {
    name: &'static str,
    child: Child,
}

impl Guard {
    fn spawn(name: &'static str, command: &mut Command) -> Result<Self> {
        use std::os::unix::process::CommandExt;
        let child = command.process_group(0).spawn().with_context(|| {
            format!("starting {name}: is it installed? (scripts/setup.sh installs it)")
        })?;
        Ok(Self { name, child })
    }

    fn check_alive(&mut self) -> Result<()> {
        if let Some(status) = self.child.try_wait()? {
            bail!("{} exited early with {status}", self.name);
        }
        Ok(())
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        // The group holds the driver, WebKitWebDriver and the app it launched.
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.child.id())])
            .status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.wait();
    }
}

/// A private X server on the first free display number from 90.
fn start_xvfb() -> Result<(Guard, String)> {
    for n in 90..200 {
        let lock = PathBuf::from(format!("/tmp/.X{n}-lock"));
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        if lock.exists() || socket.exists() {
            continue;
        }
        let display = format!(":{n}");
        let mut guard = Guard::spawn(
            "Xvfb",
            Command::new("Xvfb")
                .args([&display, "-screen", "0", "1280x900x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if socket.exists() {
                return Ok((guard, display));
            }
            if guard.check_alive().is_err() {
                break; // lost a race for this number: try the next one
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    bail!("could not start Xvfb on any display from :90 to :199")
}

/// One running app, its private display, store and driver, and a WebDriver session.
#[derive(Debug)]
pub struct App {
    pub client: Client,
    pub dir: tempfile::TempDir,
    pub store: PathBuf,
    scenario: String,
    // Dropped after the client: the driver first, then the display, then the turn.
    _driver: Guard,
    _xvfb: Guard,
    _turn: tokio::sync::OwnedMutexGuard<()>,
}

impl App {
    /// Starts everything for `scenario` and waits for the queue to show.
    pub async fn launch(scenario: &str, launch: &Launch) -> Result<Self> {
        Self::launch_showing(scenario, launch, "[data-testid=queue-table]").await
    }

    /// Starts everything for `scenario` and waits for `first_screen` (a CSS selector)
    /// instead of the queue: e.g. the screen that says why the store cannot be opened.
    pub async fn launch_showing(
        scenario: &str,
        launch: &Launch,
        first_screen: &str,
    ) -> Result<Self> {
        let turn = ONE_AT_A_TIME.clone().lock_owned().await;
        let dir = tempfile::Builder::new().prefix("dossier-e2e-").tempdir()?;
        let store = match &launch.store {
            Some(existing) => existing.clone(),
            None if launch.server_url.is_some() => {
                let store = dir.path().join("store").join("dossier.db");
                std::fs::create_dir_all(dir.path().join("store"))?;
                store
            }
            None => {
                let store = dir.path().join("store").join("dossier.db");
                fill(&store, launch)?;
                store
            }
        };

        let (xvfb, display) = start_xvfb()?;
        let port = free_port()?;
        let native_port = free_port()?;
        let home = dir.path().join("home");
        std::fs::create_dir_all(&home)?;
        let log = std::fs::File::create(dir.path().join("driver.log"))?;
        let mut driver = Guard::spawn(
            "tauri-driver",
            Command::new(tauri_driver()?)
                .args(["--port", &port.to_string()])
                .args(["--native-port", &native_port.to_string()])
                .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
                .env("DISPLAY", &display)
                .env("NO_AT_BRIDGE", "1")
                .env("HOME", &home)
                .env("XDG_DATA_HOME", home.join("data"))
                .env("XDG_CONFIG_HOME", home.join("config"))
                .env("XDG_CACHE_HOME", home.join("cache"))
                .env("DOSSIER_STORE", &store)
                .env("DOSSIER_NOW", &launch.now)
                .env("DOSSIER_USER", &launch.user)
                .env("DOSSIER_ROLE", &launch.role)
                .env(
                    "DOSSIER_SERVER_URL",
                    launch.server_url.as_deref().unwrap_or_default(),
                )
                .envs(launch.env.iter().map(|(k, v)| (k, v)))
                .stdout(log.try_clone()?)
                .stderr(log),
        )?;

        let program = match &launch.app {
            Some(app) => app.clone(),
            None => binary("dossier-app")?,
        };
        let client = connect(&mut driver, port, &program).await?;
        let app = Self {
            client,
            dir,
            store,
            scenario: scenario.to_owned(),
            _driver: driver,
            _xvfb: xvfb,
            _turn: turn,
        };
        app.wait_for(first_screen).await?;
        Ok(app)
    }

    /// The app's store, opened beside the app with the key the app keeps in the keyring
    /// (the test reads what the app wrote).
    pub fn open_store(&self) -> Result<store::Store> {
        let key = keychain::StoreKeys::new()
            .existing_key(&self.store)
            .context("the store's key in the test session's keyring")?;
        Ok(store::Store::open(&self.store, &key)?)
    }

    /// The app's store, opened beside it, and every file in it (the demo's 60 and more).
    pub fn files(&self) -> Result<(store::Store, Vec<store::CaseRow>)> {
        let store = self.open_store()?;
        let rows = store
            .queue(&store::QueueQuery {
                limit: 500,
                ..store::QueueQuery::default()
            })?
            .items;
        Ok((store, rows))
    }

    /// The file number of the first demo file in its admissibility review whose fees are
    /// known (received in 2024), with no request yet, documents from the applicant and
    /// clean scans, of `stream` if given: the file the casework scenarios walk, whose next
    /// step is a missing-items request.
    pub fn file_in_admissibility_review(&self, stream: Option<program::Stream>) -> Result<String> {
        let (store, rows) = self.files()?;
        for row in rows {
            if serde_json::to_value(row.status)? != "admissibility_review"
                || stream.is_some_and(|s| s != row.stream)
            {
                continue;
            }
            let work = store.casework(row.id, &store::Actor::officer("agent.tremblay"))?;
            let documents = store.case_detail(row.id)?.documents;
            // Documents without quality flags: a flagged scan does not count for its item
            // (F2), which the store tests cover; these scenarios walk a file whose scans
            // are clean.
            let clean = documents
                .iter()
                .all(|d| d.quality.as_ref().is_none_or(|q| q.flags.is_empty()));
            let sent = documents.iter().any(|d| d.letter.is_none());
            if work.fees.due.is_some() && work.requests.is_empty() && clean && sent {
                return Ok(row.file_number);
            }
        }
        bail!("no demo file is in its admissibility review with known fees and clean scans")
    }

    /// Finds file `file_number` with the queue's search and opens it (with the pointer),
    /// waiting for its heading.
    pub async fn open_case(&self, file_number: &str) -> Result<()> {
        let search = self.wait_for("#search").await?;
        search.clear().await?;
        search.send_keys(file_number).await?;
        self.wait_for(&format!(
            "tr[data-testid=queue-row][data-file-number='{file_number}'] button"
        ))
        .await?
        .click()
        .await?;
        self.wait_for("[data-testid=case-view] h1").await?;
        Ok(())
    }

    /// Signs in on the configured server as `user` (the test server's password) through
    /// the sync indicator's form.
    pub async fn sign_in(&self, user: &str) -> Result<()> {
        self.wait_for("[data-testid=sync-sign-in] input[autocomplete=username]")
            .await?
            .send_keys(user)
            .await?;
        self.wait_for("[data-testid=sync-sign-in] input[autocomplete=current-password]")
            .await?
            .send_keys(testkit::PASSWORD)
            .await?;
        self.wait_for("[data-testid=sync-sign-in] button[type=submit]")
            .await?
            .click()
            .await?;
        Ok(())
    }

    /// Shows part `name` of the open file (`desk`, `documents`, `work`, `family`) by
    /// clicking its tab, and waits for it.
    pub async fn show_tab(&self, name: &str) -> Result<()> {
        self.wait_for(&format!("[data-testid=case-tab-{name}]"))
            .await?
            .click()
            .await?;
        self.wait_for(&format!("[data-testid=case-panel-{name}]"))
            .await?;
        Ok(())
    }

    /// Waits for an element matching `css`.
    pub async fn wait_for(&self, css: &str) -> Result<Element> {
        match self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => Ok(element),
            Err(e) => {
                let seen = self.diagnose().await;
                Err(anyhow::Error::new(e).context(format!(
                    "waiting for `{css}` in scenario {}\n{seen}",
                    self.scenario
                )))
            }
        }
    }

    /// What a failed wait leaves for the person reading CI's log: a screenshot, the
    /// window's text, and the last lines the app and its driver printed.
    async fn diagnose(&self) -> String {
        let screenshot = match self.screenshot("failure").await {
            Ok(path) => path.display().to_string(),
            Err(e) => format!("(no screenshot: {e})"),
        };
        let text = match self
            .client
            .execute(
                "return document.body ? document.body.innerText : '';",
                vec![],
            )
            .await
        {
            Ok(v) => v.as_str().unwrap_or_default().chars().take(2000).collect(),
            Err(e) => format!("(no text: {e})"),
        };
        let log = std::fs::read_to_string(self.dir.path().join("driver.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        let tail = lines[lines.len().saturating_sub(40)..].join("\n");
        format!(
            "screenshot: {screenshot}\n--- window text ---\n{text}\n--- app and driver log (last 40 lines) ---\n{tail}"
        )
    }

    /// Waits until `check` holds, polling; fails with `what` after [`WAIT`].
    pub async fn wait_until<F, Fut>(&self, what: &str, mut check: F) -> Result<()>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<bool>>,
    {
        let deadline = Instant::now() + WAIT;
        loop {
            if check().await.unwrap_or(false) {
                return Ok(());
            }
            if Instant::now() > deadline {
                let seen = self.diagnose().await;
                bail!(
                    "timed out waiting until {what} (scenario {})\n{seen}",
                    self.scenario
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> Result<String> {
        Ok(self.wait_for(css).await?.text().await?)
    }

    /// The texts of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for e in self.client.find_all(Locator::Css(css)).await? {
            out.push(e.text().await?);
        }
        Ok(out)
    }

    /// An attribute of every element matching `css`.
    pub async fn attrs(&self, css: &str, attr: &str) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for e in self.client.find_all(Locator::Css(css)).await? {
            out.push(e.attr(attr).await?.unwrap_or_default());
        }
        Ok(out)
    }

    /// Saves a PNG of the window as `target/e2e-screenshots/<scenario>-<name>.png`, then
    /// checks the state against WCAG 2.1 A and AA ([`App::check_accessibility`]): every
    /// state worth a screenshot is measured.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let path = self.screenshot_only(name).await?;
        self.check_accessibility(name).await?;
        Ok(path)
    }

    /// Saves a PNG of the window without checking it.
    pub async fn screenshot_only(&self, name: &str) -> Result<PathBuf> {
        // Let the webview paint what the DOM now holds: on a busy machine WebKit can
        // otherwise hand back the previous frame.
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(true), 50)));",
                vec![],
            )
            .await?;
        let png = self.client.screenshot().await?;
        let dir = target_dir().join("e2e-screenshots");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{}-{name}.png", self.scenario));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Ends the session (closing the app), then stops the driver and the display.
    pub async fn close(self) -> Result<()> {
        self.client.clone().close().await.ok();
        Ok(())
    }

    /// Closes the app like [`App::close`] (giving up its turn, so another app may launch)
    /// but keeps its store: launch the next session with `Launch.store` set to
    /// [`KeptStore::path`], and keep the [`KeptStore`] alive until then.
    pub async fn close_keeping_store(self) -> Result<KeptStore> {
        let App {
            client, dir, store, ..
        } = self;
        client.close().await.ok();
        Ok(KeptStore {
            _dir: dir,
            path: store,
        })
    }
}

/// The store of a closed app, deleted when dropped.
#[derive(Debug)]
pub struct KeptStore {
    _dir: tempfile::TempDir,
    /// The store file.
    pub path: PathBuf,
}

/// Fills a new store with `dossier demo` as `launch` says.
fn fill(store: &Path, launch: &Launch) -> Result<()> {
    let status = Command::new(binary("dossier")?)
        .args(["demo", "--store"])
        .arg(store)
        .args(["--cases", &launch.cases.to_string()])
        .args(["--seed", &launch.seed.to_string()])
        .args(["--now", &launch.now])
        .stdout(Stdio::null())
        .status()
        .context("running `dossier demo`")?;
    if !status.success() {
        bail!("`dossier demo` failed with {status}");
    }
    Ok(())
}

fn tauri_driver() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return Ok(PathBuf::from(path));
    }
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|h| h.join("bin").join("tauri-driver"));
    match in_cargo_home {
        Some(p) if p.exists() => Ok(p),
        _ => Ok(PathBuf::from("tauri-driver")),
    }
}

/// Opens the WebDriver session, retrying a bounded number of times: the driver may not
/// listen yet, and WebKitWebDriver sometimes fails its first launch on a cold machine.
async fn connect(driver: &mut Guard, port: u16, app: &Path) -> Result<Client> {
    let mut caps = serde_json::Map::new();
    // No browserName: tauri-driver would pass it on and WebKitWebDriver would refuse it.
    caps.insert(
        "tauri:options".to_owned(),
        serde_json::json!({ "application": app }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let mut last = None;
    for attempt in 1..=8 {
        driver.check_alive()?;
        match ClientBuilder::native()
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(client) => return Ok(client),
            Err(e) => {
                last = Some(e);
                tokio::time::sleep(Duration::from_millis(500 * attempt)).await;
            }
        }
    }
    bail!(
        "no WebDriver session after 8 attempts at {url}: {}",
        last.map(|e| e.to_string()).unwrap_or_default()
    )
}
