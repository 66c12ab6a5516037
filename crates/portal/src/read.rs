//! Reading a bundle (a folder, or the same tree in a `.zip`) into a [`Bundle`], bounded by
//! [`Limits`] before any byte is trusted: the number of files, each document's size and
//! the bundle's, and (in a zip) how far a file expands. Nothing outside the bundle is
//! read: a path with `..`, an absolute path or a link is refused.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path};

use program::ProgramDefinition;
use sha2::{Digest, Sha256};

use crate::error::{BundleError, Problem};
use crate::submission::{DocumentIn, Submission};

/// How much a bundle may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Files in the bundle, `submission.json` included.
    pub max_files: usize,
    /// One document.
    pub max_file_bytes: u64,
    /// The whole bundle, expanded.
    pub max_total_bytes: u64,
    /// How many times a zipped file may expand (scans barely compress).
    pub max_ratio: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_files: 200,
            max_file_bytes: 50 << 20,
            max_total_bytes: 500 << 20,
            max_ratio: 100,
        }
    }
}

/// One document of a bundle, with its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub spec: DocumentIn,
    pub bytes: Vec<u8>,
    /// SHA-256 of the bytes, lowercase hex: the document's address in the blob store.
    pub sha256: String,
}

/// A bundle read whole and checked: nothing in it is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    pub submission: Submission,
    pub documents: Vec<Document>,
    /// SHA-256 over the parsed submission and each document's hash: the same content
    /// read from a folder or a zip, with any JSON layout, has the same hash.
    pub content_hash: String,
}

/// Reads and checks the bundle at `path` (a folder or a `.zip`) against `program`.
pub fn read_bundle(
    path: &Path,
    program: &ProgramDefinition,
    limits: &Limits,
) -> Result<Bundle, BundleError> {
    let mut files = if path.is_dir() {
        Files::folder(path, limits)?
    } else if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
    {
        Files::zip(path, limits)?
    } else {
        return Err(BundleError::one(Problem::NotABundle(
            path.display().to_string(),
        )));
    };
    let json = files
        .take("submission.json", limits)?
        .ok_or_else(|| BundleError::one(Problem::NotABundle(path.display().to_string())))?;
    let submission: Submission =
        serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(&json))
            .map_err(|e| BundleError::one(json_problem(&e)))?;
    let mut problems = submission.check(program);
    let mut documents = Vec::new();
    let mut total = json.len() as u64;
    for d in &submission.documents {
        if total > limits.max_total_bytes {
            break;
        }
        if !inside(&d.file) {
            problems.push(Problem::PathOutside(d.file.clone()));
            continue;
        }
        match files.take(&d.file, limits) {
            Err(e) => problems.extend(e.problems),
            Ok(None) => problems.push(Problem::FileMissing(d.file.clone())),
            Ok(Some(bytes)) => {
                total += bytes.len() as u64;
                if !is_pdf(&bytes) {
                    problems.push(Problem::NotPdf(d.file.clone()));
                }
                let sha256 = hex::encode(Sha256::digest(&bytes));
                documents.push(Document {
                    spec: d.clone(),
                    bytes,
                    sha256,
                });
            }
        }
    }
    if total > limits.max_total_bytes {
        problems.push(Problem::TooLarge {
            limit_mb: limits.max_total_bytes >> 20,
        });
    }
    // A file the portal sent but did not list would be lost without a word.
    for file in files.all() {
        if file != "submission.json" && !submission.documents.iter().any(|d| d.file == file) {
            problems.push(Problem::Unlisted(file));
        }
    }
    if !problems.is_empty() {
        return Err(BundleError {
            problems,
            submission_id: Some(submission.submission_id.clone()),
        });
    }
    let mut hash = Sha256::new();
    hash.update(serde_json::to_vec(&submission).expect("a submission serialises"));
    for d in &documents {
        hash.update(d.spec.file.as_bytes());
        hash.update(d.sha256.as_bytes());
    }
    Ok(Bundle {
        submission,
        documents,
        content_hash: hex::encode(hash.finalize()),
    })
}

/// What is wrong with `submission.json`: an unknown code names its field and value (a
/// stream, profile, role, method or payer the program does not have); anything else is
/// the parser's words.
fn json_problem(e: &serde_path_to_error::Error<serde_json::Error>) -> Problem {
    let inner = e.inner().to_string();
    if let Some(rest) = inner.strip_prefix("unknown variant `")
        && let Some((value, _)) = rest.split_once('`')
    {
        return Problem::UnknownCode {
            field: e.path().to_string(),
            value: value.to_owned(),
        };
    }
    Problem::Json(format!("{}: {inner}", e.path()))
}

/// A path inside the bundle: relative, plain names only.
fn inside(file: &str) -> bool {
    !file.is_empty()
        && !file.contains('\\')
        && Path::new(file)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// A PDF starts with `%PDF-` in its first kilobyte (as readers accept it).
fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// The files of a bundle, by path inside it.
enum Files {
    /// The folder, and every file in it (paths inside the bundle, `/`-separated).
    Folder(std::path::PathBuf, Vec<String>),
    Zip {
        archive: zip::ZipArchive<std::fs::File>,
        /// The folder inside the zip that holds `submission.json` (`ARR-…/`, or none).
        prefix: String,
        names: BTreeMap<String, usize>,
    },
}

impl Files {
    fn folder(root: &Path, limits: &Limits) -> Result<Self, BundleError> {
        let mut all = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let entries = std::fs::read_dir(&dir).map_err(|e| {
                BundleError::one(Problem::NotABundle(format!("{}: {e}", dir.display())))
            })?;
            for entry in entries {
                let entry =
                    entry.map_err(|e| BundleError::one(Problem::NotABundle(e.to_string())))?;
                let kind = entry
                    .file_type()
                    .map_err(|e| BundleError::one(Problem::NotABundle(e.to_string())))?;
                let path = entry.path();
                let inner = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                if kind.is_symlink() {
                    // A link may lead out of the bundle: none is followed.
                    return Err(BundleError::one(Problem::PathOutside(inner)));
                }
                if kind.is_dir() {
                    stack.push(path);
                } else {
                    all.push(inner);
                }
                if all.len() > limits.max_files {
                    return Err(BundleError::one(Problem::TooManyFiles {
                        limit: limits.max_files,
                    }));
                }
            }
        }
        Ok(Files::Folder(root.to_path_buf(), all))
    }

    fn zip(path: &Path, limits: &Limits) -> Result<Self, BundleError> {
        let zip_error = |e: zip::result::ZipError| BundleError::one(Problem::Zip(e.to_string()));
        let file = std::fs::File::open(path).map_err(|e| {
            BundleError::one(Problem::NotABundle(format!("{}: {e}", path.display())))
        })?;
        let archive = zip::ZipArchive::new(file).map_err(zip_error)?;
        if archive.len() > limits.max_files {
            return Err(BundleError::one(Problem::TooManyFiles {
                limit: limits.max_files,
            }));
        }
        let mut names = BTreeMap::new();
        for i in 0..archive.len() {
            if let Some(name) = archive.name_for_index(i) {
                names.insert(name.to_owned(), i);
            }
        }
        // The tree may sit at the root of the zip or in one folder (`ARR-…/`).
        let prefix = if names.contains_key("submission.json") {
            String::new()
        } else {
            let roots: Vec<&str> = names
                .keys()
                .filter_map(|n| {
                    n.strip_suffix("submission.json")
                        .filter(|p| p.ends_with('/') && p.matches('/').count() == 1)
                })
                .collect();
            if roots.len() > 1 {
                // Several bundles in one zip: which one is meant cannot be guessed.
                return Err(BundleError::one(Problem::NotABundle(format!(
                    "{}: {}",
                    path.display(),
                    roots.join(", ")
                ))));
            }
            roots.first().map(|p| (*p).to_owned()).unwrap_or_default()
        };
        Ok(Files::Zip {
            archive,
            prefix,
            names,
        })
    }

    /// Every file of the bundle, as paths inside it (folders left out).
    fn all(&self) -> Vec<String> {
        match self {
            Files::Folder(_, all) => all.clone(),
            Files::Zip { prefix, names, .. } => names
                .keys()
                .filter(|n| !n.ends_with('/'))
                .map(|n| n.strip_prefix(prefix.as_str()).unwrap_or(n).to_owned())
                .collect(),
        }
    }

    /// The bytes of `file`, if the bundle holds it: never past the limits, never outside.
    fn take(&mut self, file: &str, limits: &Limits) -> Result<Option<Vec<u8>>, BundleError> {
        let too_large = || {
            BundleError::one(Problem::TooLarge {
                limit_mb: limits.max_file_bytes >> 20,
            })
        };
        match self {
            Files::Folder(root, _) => {
                let path = root.join(file);
                let Ok(meta) = std::fs::symlink_metadata(&path) else {
                    return Ok(None);
                };
                if meta.file_type().is_symlink() {
                    return Err(BundleError::one(Problem::PathOutside(file.to_owned())));
                }
                if !meta.is_file() {
                    return Ok(None);
                }
                if meta.len() > limits.max_file_bytes {
                    return Err(too_large());
                }
                let mut bytes = Vec::new();
                std::fs::File::open(&path)
                    .and_then(|f| f.take(limits.max_file_bytes + 1).read_to_end(&mut bytes))
                    .map_err(|e| BundleError::one(Problem::NotABundle(format!("{file}: {e}"))))?;
                Ok(Some(bytes))
            }
            Files::Zip {
                archive,
                prefix,
                names,
            } => {
                let Some(&index) = names.get(&format!("{prefix}{file}")) else {
                    return Ok(None);
                };
                let mut entry = archive
                    .by_index(index)
                    .map_err(|e| BundleError::one(Problem::Zip(e.to_string())))?;
                if entry.size() > limits.max_file_bytes {
                    return Err(too_large());
                }
                let compressed = entry.compressed_size().max(1);
                if entry.size() > 1 << 20 && entry.size() / compressed > limits.max_ratio {
                    return Err(BundleError::one(Problem::Expands(file.to_owned())));
                }
                // The header may lie: read no more than the limit, whatever it says.
                let mut bytes = Vec::new();
                (&mut entry)
                    .take(limits.max_file_bytes + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|e| BundleError::one(Problem::Zip(e.to_string())))?;
                if bytes.len() as u64 > limits.max_file_bytes {
                    return Err(too_large());
                }
                if bytes.len() as u64 > (1 << 20)
                    && bytes.len() as u64 / compressed > limits.max_ratio
                {
                    return Err(BundleError::one(Problem::Expands(file.to_owned())));
                }
                Ok(Some(bytes))
            }
        }
    }
}
