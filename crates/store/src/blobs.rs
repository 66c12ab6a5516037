//! Content-addressed storage of document bytes beside the database: a PDF lives at
//! `<store>.blobs/ab/abcdef…` named by its sha-256, written to a temporary file, synced and
//! renamed into place, so a blob is either whole or absent and the same bytes are stored
//! once however many files refer to them.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::StoreError;

/// The folder of blobs that belongs to one store.
#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

impl BlobStore {
    pub fn new(root: PathBuf) -> Self {
        Self { root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The lowercase hex sha-256 of some bytes.
    pub fn hash(bytes: &[u8]) -> String {
        hex::encode(Sha256::digest(bytes))
    }

    /// Where the blob with this hash lives (whether or not it exists yet).
    pub fn path_of(&self, sha256: &str) -> Result<PathBuf, StoreError> {
        if sha256.len() != 64
            || !sha256
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        {
            return Err(StoreError::Invalid(format!(
                "{sha256:?} is not a sha-256 in lowercase hex"
            )));
        }
        Ok(self.root.join(&sha256[..2]).join(sha256))
    }

    pub fn contains(&self, sha256: &str) -> bool {
        self.path_of(sha256).map(|p| p.is_file()).unwrap_or(false)
    }

    /// Stores the bytes (once) and returns their hash.
    pub fn put(&self, bytes: &[u8]) -> Result<String, StoreError> {
        let sha = Self::hash(bytes);
        let path = self.path_of(&sha)?;
        if path.is_file() {
            return Ok(sha);
        }
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
        tmp.write_all(bytes).map_err(io)?;
        tmp.as_file().sync_all().map_err(io)?;
        tmp.persist(&path).map_err(|e| io(e.error))?;
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(sha)
    }

    /// Reads a blob back, checking that its bytes still match their name.
    pub fn get(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        let path = self.path_of(sha256)?;
        let bytes = fs::read(&path).map_err(|source| StoreError::Blob {
            path: path.clone(),
            source,
        })?;
        if Self::hash(&bytes) != sha256 {
            return Err(StoreError::Corrupt(format!(
                "the document at {} does not match its checksum",
                path.display()
            )));
        }
        Ok(bytes)
    }
}
