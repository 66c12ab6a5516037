//! Content-addressed storage of document bytes beside the database. A document is known
//! by the sha-256 of its bytes, and stored once however many files refer to it: encrypted
//! with the store's key and named by a keyed hash of that sha-256
//! (`<store>.blobs/1f/1f0c…`, see [`crate::StoreKey`]), written to a temporary file,
//! synced and renamed into place, so a blob is either whole or absent. Reading one back
//! decrypts it and checks that the bytes still match their hash.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::{StoreError, StoreKey};

/// The folder of blobs that belongs to one store, and the key they are sealed with.
#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
    key: StoreKey,
}

/// Makes a file just created or renamed in `dir` durable (best effort: some file systems
/// cannot sync a folder).
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Whether `name` is a sha-256 in lowercase hex.
fn is_sha256(name: &str) -> bool {
    name.len() == 64
        && name
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

impl BlobStore {
    pub fn new(root: PathBuf, key: StoreKey) -> Self {
        Self { root, key }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub(crate) fn key(&self) -> &StoreKey {
        &self.key
    }

    /// The lowercase hex sha-256 of some bytes.
    pub fn hash(bytes: &[u8]) -> String {
        hex::encode(Sha256::digest(bytes))
    }

    /// Where the (encrypted) blob with this hash lives, whether or not it exists yet.
    pub fn path_of(&self, sha256: &str) -> Result<PathBuf, StoreError> {
        if !is_sha256(sha256) {
            return Err(StoreError::Invalid(format!(
                "{sha256:?} is not a sha-256 in lowercase hex"
            )));
        }
        let name = self.key.blob_name(sha256);
        Ok(self.root.join(&name[..2]).join(name))
    }

    pub fn contains(&self, sha256: &str) -> bool {
        self.path_of(sha256).map(|p| p.is_file()).unwrap_or(false)
    }

    /// Stores the bytes (once, encrypted) and returns their hash.
    pub fn put(&self, bytes: &[u8]) -> Result<String, StoreError> {
        let sha = Self::hash(bytes);
        self.put_hashed(&sha, bytes)?;
        Ok(sha)
    }

    /// Stores bytes whose hash the caller has just computed (`sha`).
    pub(crate) fn put_hashed(&self, sha: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let path = self.path_of(sha)?;
        if path.is_file() {
            return Ok(());
        }
        let sealed = self.key.seal(sha, bytes)?;
        let dir = path.parent().expect("a blob path has a parent");
        let io = |source: std::io::Error| {
            if source.kind() == std::io::ErrorKind::StorageFull {
                StoreError::DiskFull(format!("writing document {sha}: {source}"))
            } else {
                StoreError::Blob {
                    path: path.clone(),
                    source,
                }
            }
        };
        fs::create_dir_all(dir).map_err(io)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
        tmp.write_all(&sealed).map_err(io)?;
        tmp.as_file().sync_all().map_err(io)?;
        tmp.persist(&path).map_err(|e| io(e.error))?;
        sync_dir(dir);
        Ok(())
    }

    /// Reads a blob back, decrypted, checking that its bytes still match their hash.
    pub fn get(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        let path = self.path_of(sha256)?;
        let sealed = fs::read(&path).map_err(|source| StoreError::Blob {
            path: path.clone(),
            source,
        })?;
        let bytes = self.key.open(sha256, &sealed)?;
        if Self::hash(&bytes) != sha256 {
            return Err(StoreError::Corrupt(format!(
                "the document at {} does not match its checksum",
                path.display()
            )));
        }
        Ok(bytes)
    }

    /// Seals the documents a store kept in plain files before encryption (named by their
    /// sha-256 at `<root>/ab/abcdef…`): each is checked against its hash, stored sealed,
    /// and only then removed. Safe to run again after an interruption. Returns how many
    /// were sealed.
    pub(crate) fn seal_plain_files(&self) -> Result<usize, StoreError> {
        let io = StoreError::io_at;
        let Ok(dirs) = fs::read_dir(&self.root) else {
            return Ok(0);
        };
        let mut sealed = 0;
        for dir in dirs {
            let dir = dir.map_err(io(&self.root))?.path();
            if !dir.is_dir() {
                continue;
            }
            for file in fs::read_dir(&dir).map_err(io(&dir))? {
                let path = file.map_err(io(&dir))?.path();
                let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                if !is_sha256(name) || self.path_of(name)? == path {
                    continue;
                }
                let bytes = fs::read(&path).map_err(io(&path))?;
                if StoreKey::is_sealed(&bytes) {
                    continue; // already sealed (a name that happens to be hex)
                }
                if Self::hash(&bytes) == name {
                    self.put(&bytes)?;
                }
                // A plain file that no longer matches its hash was damaged: it is not
                // kept in clear either way (sync brings the document back).
                fs::remove_file(&path).map_err(io(&path))?;
                sealed += 1;
            }
        }
        Ok(sealed)
    }
}

/// One document's stored bytes, read (and decrypted) only when asked: what the viewer
/// hands the render worker, which reads it when it opens the document.
#[derive(Debug, Clone)]
pub struct DocumentBlob {
    /// The sha-256 of the document's bytes (names it in caches).
    pub sha256: String,
    pub(crate) blobs: BlobStore,
}

impl DocumentBlob {
    /// The document's bytes, decrypted and checked against their hash.
    pub fn read(&self) -> Result<Vec<u8>, StoreError> {
        self.blobs.get(&self.sha256)
    }
}
