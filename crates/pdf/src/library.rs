//! Finding and loading the pdfium shared library.
//!
//! Order: the `DOSSIER_PDFIUM_LIB` environment variable (a file, or a folder holding
//! `libpdfium.so`), then, for the installed app ([`LibrarySearch::for_app`]), the
//! package's own copy in its resource folder ([`bundled_dir`]: `/usr/lib/Dossier/pdfium/`
//! for the `.deb` and `.rpm`), then beside the running executable, then the repository's
//! install location `<repo>/.tools/pdfium/` (where `scripts/install-pdfium.sh` puts it),
//! then `/usr/local/lib/dossier/`. A missing or unusable library is an error value, never
//! a panic, so the app starts without it and says what to do.
//!
//! Every place is searched for this platform's file name ([`library_file_name`]:
//! `libpdfium.so`, `libpdfium.dylib` or `pdfium.dll`); `/usr/local/lib/dossier/` on
//! Linux and macOS only.
//!
//! pdfium-render keeps the loaded bindings in a process-wide cell: the first successful
//! load wins for the life of the process. pdfium is not thread-safe, so every call into
//! it made by this crate holds [`pdfium_lock`].

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};

use pdfium_render::prelude::{Pdfium, PdfiumError};

use crate::error::PdfError;

/// The environment variable that names the library (or its folder).
pub const ENV_VAR: &str = "DOSSIER_PDFIUM_LIB";

/// The library's file name on this platform, the one inside the pypdfium2 wheels that
/// `scripts/install-pdfium.sh` installs: `libpdfium.so` on Linux, `libpdfium.dylib` on
/// macOS, `pdfium.dll` on Windows.
pub fn library_file_name() -> String {
    Pdfium::pdfium_platform_library_name()
        .to_string_lossy()
        .into_owned()
}

/// Where to look for the library, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibrarySearch {
    /// Candidate files, tried in order.
    pub candidates: Vec<PathBuf>,
}

impl LibrarySearch {
    /// The default order: environment variable, beside the executable, the repository's
    /// `.tools/pdfium/`, `/usr/local/lib/dossier/`.
    pub fn standard() -> Self {
        Self::from_exe(std::env::current_exe().ok().as_deref(), None)
    }

    /// The installed app's order: the environment variable, then the copy its package
    /// ships in the resource folder of the bundle named `product` (Tauri's `productName`,
    /// see [`bundled_dir`]), then [`LibrarySearch::standard`]'s places. The package's
    /// copy comes before the repository's, so an installed app never uses a library from
    /// a checkout, even on a machine that has one.
    pub fn for_app(product: &str) -> Self {
        Self::from_exe(std::env::current_exe().ok().as_deref(), Some(product))
    }

    /// The order for a program at `exe` (`None`: unknown), with the bundle's resource
    /// folder of `product` when given.
    pub fn from_exe(exe: Option<&Path>, product: Option<&str>) -> Self {
        let name = library_file_name();
        let mut candidates = Vec::new();
        if let Some(value) = std::env::var_os(ENV_VAR).filter(|v| !v.is_empty()) {
            let p = PathBuf::from(value);
            candidates.push(if p.is_dir() { p.join(&name) } else { p });
        }
        if let (Some(exe), Some(product)) = (exe, product)
            && let Some(dir) = bundled_dir(exe, product)
        {
            candidates.push(dir.join(&name));
        }
        if let Some(dir) = exe.and_then(Path::parent) {
            candidates.push(dir.join(&name));
        }
        candidates.push(repo_install_dir().join(&name));
        if cfg!(unix) {
            candidates.push(PathBuf::from("/usr/local/lib/dossier").join(&name));
        }
        Self { candidates }
    }

    /// Only the given files.
    pub fn only(candidates: impl IntoIterator<Item = PathBuf>) -> Self {
        Self {
            candidates: candidates.into_iter().collect(),
        }
    }

    /// The first candidate that exists, or [`PdfError::LibraryMissing`].
    pub fn locate(&self) -> Result<PathBuf, PdfError> {
        self.candidates
            .iter()
            .find(|p| p.is_file())
            .cloned()
            .ok_or_else(|| PdfError::LibraryMissing {
                searched: self.candidates.clone(),
            })
    }
}

/// The folder a package of the app named `product` ships pdfium in: `pdfium/` under
/// Tauri's resource folder for a program at `exe` (`tauri_utils::platform::resource_dir`,
/// computed the same way here because the render worker is set up before Tauri starts).
/// Linux (`.deb`, `.rpm`, AppImage): `<exe>/../../lib/<product>/pdfium`, so
/// `/usr/bin/dossier-app` finds `/usr/lib/Dossier/pdfium/`; macOS:
/// `<App>.app/Contents/Resources/pdfium`; Windows: `pdfium\` beside the executable.
pub fn bundled_dir(exe: &Path, product: &str) -> Option<PathBuf> {
    let exe_dir = exe.parent()?;
    let resources = if cfg!(target_os = "windows") {
        exe_dir.to_path_buf()
    } else if cfg!(target_os = "macos") {
        exe_dir.parent()?.join("Resources")
    } else {
        exe_dir.parent()?.join("lib").join(product)
    };
    Some(resources.join("pdfium"))
}

/// `<repo>/.tools/pdfium`, where `scripts/install-pdfium.sh` installs the library
/// (known at compile time from this crate's location in the repository).
pub fn repo_install_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools/pdfium")
}

static PDFIUM_LOCK: Mutex<()> = Mutex::new(());
static BOUND: OnceLock<PathBuf> = OnceLock::new();

/// The process-wide lock that serialises every pdfium call (pdfium is not thread-safe,
/// even across documents). Hold it while a [`Pdfium`] or anything borrowed from it is
/// used or dropped.
pub fn pdfium_lock() -> MutexGuard<'static, ()> {
    // A panic while holding the lock leaves no state we rely on; keep going.
    PDFIUM_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The library this process has loaded, if any.
pub fn loaded_library() -> Option<PathBuf> {
    BOUND.get().cloned()
}

/// Loads the library (once per process) and returns a [`Pdfium`] handle with the path
/// it came from. Later calls reuse the loaded library whatever `search` says. The
/// caller must hold [`pdfium_lock`].
pub fn bind(search: &LibrarySearch) -> Result<(Pdfium, PathBuf), PdfError> {
    if let Some(path) = BOUND.get() {
        // The bindings exist: `default()` reuses them without loading anything.
        return Ok((Pdfium::default(), path.clone()));
    }
    let mut last_error = None;
    for path in search.candidates.iter().filter(|p| p.is_file()) {
        match Pdfium::bind_to_library(path) {
            Ok(bindings) => {
                let pdfium = Pdfium::new(bindings);
                let _ = BOUND.set(path.clone());
                return Ok((pdfium, path.clone()));
            }
            Err(PdfiumError::PdfiumLibraryBindingsAlreadyInitialized) => {
                let _ = BOUND.set(path.clone());
                return Ok((Pdfium::default(), path.clone()));
            }
            Err(e) => {
                last_error = Some(PdfError::LibraryUnusable {
                    path: path.clone(),
                    detail: describe(&e),
                })
            }
        }
    }
    Err(last_error.unwrap_or_else(|| PdfError::LibraryMissing {
        searched: search.candidates.clone(),
    }))
}

fn describe(e: &PdfiumError) -> String {
    match e {
        PdfiumError::LoadLibraryFunctionNameError(name) => {
            format!("it lacks the function {name} (a different pdfium build than the one pinned)")
        }
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_library_is_an_error_listing_where_it_looked() {
        let search = LibrarySearch::only(vec![
            "/nonexistent/a/libpdfium.so".into(),
            "/nonexistent/b/libpdfium.so".into(),
        ]);
        match search.locate() {
            Err(PdfError::LibraryMissing { searched }) => assert_eq!(searched.len(), 2),
            other => panic!("expected LibraryMissing, got {other:?}"),
        }
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn the_installed_app_tries_its_package_before_the_repository() {
        let s = LibrarySearch::from_exe(Some(Path::new("/usr/bin/dossier-app")), Some("Dossier"));
        let packaged = PathBuf::from("/usr/lib/Dossier/pdfium/libpdfium.so");
        let at = |p: &Path| s.candidates.iter().position(|c| c == p);
        let packaged_at = at(&packaged).expect("the package's copy is searched");
        let repo_at = at(&repo_install_dir().join("libpdfium.so")).expect("the repository's");
        assert!(packaged_at < repo_at, "{:?}", s.candidates);
        // Only the environment variable, when set, comes before the package's copy.
        let env_set = std::env::var_os(ENV_VAR).is_some_and(|v| !v.is_empty());
        assert_eq!(packaged_at, usize::from(env_set), "{:?}", s.candidates);
        assert_eq!(
            s.candidates[packaged_at + 1],
            PathBuf::from("/usr/bin/libpdfium.so")
        );
        // An AppImage mounts the same tree under its own root.
        assert_eq!(
            bundled_dir(Path::new("/tmp/.mount_x/usr/bin/dossier-app"), "Dossier"),
            Some(PathBuf::from("/tmp/.mount_x/usr/lib/Dossier/pdfium"))
        );
    }

    #[test]
    fn the_command_line_and_the_server_search_no_package() {
        let s = LibrarySearch::from_exe(Some(Path::new("/usr/bin/dossier")), None);
        assert!(!s.candidates.iter().any(|c| c.starts_with("/usr/lib")));
    }

    #[test]
    fn the_standard_search_ends_with_the_install_locations() {
        let s = LibrarySearch::standard();
        let n = s.candidates.len();
        assert!(n >= 3);
        assert!(s.candidates[n - 2].ends_with(".tools/pdfium/libpdfium.so"));
        assert_eq!(
            s.candidates[n - 1],
            PathBuf::from("/usr/local/lib/dossier/libpdfium.so")
        );
    }
}
