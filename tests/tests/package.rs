//! The installed package: the `.deb` that `scripts/package.sh` builds (and, with
//! `--install`, installs) is the one on this machine, and its `/usr/bin/dossier-app`,
//! launched through tauri-driver on a temporary store, shows the queue and a rendered
//! page drawn by the pdfium the package ships (`/usr/lib/Dossier/pdfium/`), with no file
//! of the repository open: not the repository's `.tools/pdfium`, not anything else.
//!
//! Nothing here is skipped: without the package installed the scenario fails and says
//! to run `bash scripts/package.sh --install` (the test script does).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail, ensure};
use e2e::{App, Launch, output, repo_root, target_dir};

/// The installed program.
const INSTALLED_APP: &str = "/usr/bin/dossier-app";
/// The library the package ships, where the installed program must find it.
const PACKAGED_PDFIUM: &str = "/usr/lib/Dossier/pdfium/libpdfium.so";
/// The Debian package's name.
const PACKAGE: &str = "dossier";

const HOW: &str = "build and install it with `bash scripts/package.sh --install` (as root)";

/// The `.deb` that `scripts/package.sh` built from the debug build.
fn built_deb() -> Result<PathBuf> {
    let dir = target_dir().join("debug/bundle/deb");
    let found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("no package was built in {}: {HOW}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "deb"))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!("no .deb in {}: {HOW}", dir.display()),
        many => bail!("several .deb in {}: {many:?}", dir.display()),
    }
}

/// The `.deb` built is the package installed: same files, byte for byte (dpkg's own
/// checksums of the installed files against those inside the `.deb`).
fn the_built_package_is_installed() -> Result<()> {
    let deb = built_deb()?;
    let status = Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", PACKAGE])
        .output()?;
    let status = String::from_utf8_lossy(&status.stdout);
    ensure!(
        status.trim() == "install ok installed",
        "the package `{PACKAGE}` is not installed (dpkg says {status:?}): {HOW}"
    );
    let built = output(
        Command::new("dpkg-deb")
            .arg("--info")
            .arg(&deb)
            .arg("md5sums"),
    )?;
    let installed = std::fs::read_to_string(format!("/var/lib/dpkg/info/{PACKAGE}.md5sums"))
        .context("dpkg's checksums of the installed package")?;
    let lines = |s: &str| {
        let mut v: Vec<String> = s.lines().map(str::to_owned).collect();
        v.sort();
        v
    };
    ensure!(
        lines(&built) == lines(&installed),
        "the installed `{PACKAGE}` is not {} (an older build?): {HOW}",
        deb.display()
    );
    ensure!(
        built.contains("usr/lib/Dossier/pdfium/libpdfium.so"),
        "the package does not ship pdfium:\n{built}"
    );
    // Verify the installed files against dpkg's checksums (nothing changed since).
    output(Command::new("dpkg").args(["--verify", PACKAGE]))
        .and_then(|out| {
            ensure!(out.trim().is_empty(), "changed files: {out}");
            Ok(())
        })
        .context("the installed files are the package's")?;
    Ok(())
}

/// Processes running `exe`, and the files each has mapped.
fn mapped_files_of(exe: &Path) -> Result<Vec<(u32, Vec<PathBuf>)>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc")? {
        let entry = entry?;
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        if std::fs::read_link(entry.path().join("exe")).ok().as_deref() != Some(exe) {
            continue;
        }
        let Ok(maps) = std::fs::read_to_string(entry.path().join("maps")) else {
            continue;
        };
        let mut files: Vec<PathBuf> = maps
            .lines()
            .filter_map(|l| l.split_whitespace().nth(5))
            .filter(|p| p.starts_with('/'))
            .map(PathBuf::from)
            .collect();
        files.dedup();
        found.push((pid, files));
    }
    Ok(found)
}

#[tokio::test]
async fn the_installed_package_shows_the_queue_and_draws_with_its_own_pdfium() -> Result<()> {
    the_built_package_is_installed()?;
    ensure!(
        Path::new(PACKAGED_PDFIUM).is_file(),
        "{PACKAGED_PDFIUM} is missing: {HOW}"
    );

    let app = App::launch(
        "package",
        &Launch {
            app: Some(PathBuf::from(INSTALLED_APP)),
            // Set but empty, so ignored: the installed app finds pdfium by itself.
            env: vec![("DOSSIER_PDFIUM_LIB".to_owned(), String::new())],
            ..Launch::default()
        },
    )
    .await?;
    let rows = app.texts("[data-testid=queue-row]").await?;
    ensure!(!rows.is_empty(), "the installed app's queue shows no file");

    // The app says which library it loaded.
    let info = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke('app_info').then(done, e => done({ error: String(e) }));",
            vec![],
        )
        .await?;
    ensure!(
        info["pdfium"]["available"] == true && info["pdfium"]["message"] == PACKAGED_PDFIUM,
        "the installed app uses another pdfium than its package's: {info}"
    );

    // A document of the demo store, drawn by the render helper of the installed app.
    let number = {
        let (store, rows) = app.files()?;
        let mut found = None;
        for row in rows {
            let detail = store.case_detail(row.id)?;
            if detail
                .documents
                .iter()
                .any(|d| d.file_name == "attestation-emploi.pdf")
            {
                found = Some(row.file_number);
                break;
            }
        }
        found.context("no demo file holds attestation-emploi.pdf")?
    };
    app.open_case(&number).await?;
    app.show_tab("documents").await?;
    app.wait_for("[data-testid=document-item][data-file-name='attestation-emploi.pdf']")
        .await?
        .click()
        .await?;
    app.wait_for("[data-testid=page-image][data-page='1'][data-loaded=true]")
        .await
        .context("page 1 is drawn by the installed app")?;
    app.screenshot("page").await?;

    // What the installed processes (the app and its render helper) have open: the
    // package's pdfium, and no file of the repository at all.
    let processes = mapped_files_of(Path::new(INSTALLED_APP))?;
    ensure!(!processes.is_empty(), "no process runs {INSTALLED_APP}");
    let repo = repo_root().canonicalize()?;
    let mut pdfium_seen = false;
    for (pid, files) in &processes {
        for file in files {
            ensure!(
                !file.starts_with(&repo),
                "process {pid} of the installed app has {} open, a file of the repository",
                file.display()
            );
            if file.file_name().is_some_and(|n| n == "libpdfium.so") {
                ensure!(
                    file == Path::new(PACKAGED_PDFIUM),
                    "process {pid} loaded {} instead of the package's pdfium",
                    file.display()
                );
                pdfium_seen = true;
            }
        }
    }
    ensure!(
        pdfium_seen,
        "no process of the installed app has pdfium loaded: {processes:?}"
    );
    app.close().await
}
