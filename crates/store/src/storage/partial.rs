//! Documents being downloaded, kept so that a download cut short (network lost, laptop
//! asleep, process killed) resumes where it stopped instead of starting again. The bytes
//! received so far live in `<store>.blobs/partial/<keyed name>`, never in clear: as a run
//! of segments, each sealed like a document (AES-256-GCM under the store's document key)
//! with the document's hash and the segment's offset as associated data, so a segment
//! cannot be moved, reordered or passed off as another document's. Each segment is
//! `u32` little-endian length, then the sealed bytes. Reopening reads the segments that
//! open and cuts off a torn or damaged tail: what was received is kept, what is doubtful
//! is fetched again. [`PartialDownload::finish`] checks the whole against its hash before
//! the document enters the [`BlobStore`]; a mismatch throws the partial file away.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use crate::{BlobStore, StoreError, StoreKey};

/// Bytes sealed together; a resumed download loses at most what was not yet sealed.
pub const SEGMENT_BYTES: usize = 1 << 20;

/// A document partly downloaded: what is on disk, and what is waiting to be sealed.
#[derive(Debug)]
pub struct PartialDownload {
    sha256: String,
    path: PathBuf,
    key: StoreKey,
    /// Made when the first segment is written: a download that ends in one attempt
    /// touches no partial file at all.
    file: Option<File>,
    /// Plain bytes sealed on disk by earlier attempts, when this one began.
    earlier: u64,
    /// Plain bytes sealed on disk.
    stored: u64,
    /// The plain bytes this attempt received (kept, so that finishing needs no second
    /// read of what it wrote); those from `sealed` on are not on disk yet.
    this_attempt: Vec<u8>,
    sealed: usize,
}

impl BlobStore {
    /// The download of the document `sha256`, resumed from what an earlier attempt kept
    /// (a damaged tail is cut off), or new.
    pub fn partial(&self, sha256: &str) -> Result<PartialDownload, StoreError> {
        let name = self
            .path_of(sha256)?
            .file_name()
            .expect("a blob path has a file name")
            .to_owned();
        let path = self.root().join("partial").join(name);
        let key = self.key().clone();
        let mut stored = 0;
        let file = match OpenOptions::new().read(true).write(true).open(&path) {
            Ok(mut file) => {
                let io = StoreError::io_at(&path);
                let (plain, valid_len) = read_segments(&mut file, &key, sha256, |_| {})?;
                file.set_len(valid_len).map_err(io)?;
                file.seek(SeekFrom::End(0)).map_err(io)?;
                stored = plain;
                Some(file)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(StoreError::io_at(&path)(e)),
        };
        Ok(PartialDownload {
            sha256: sha256.to_owned(),
            path,
            key,
            file,
            earlier: stored,
            stored,
            this_attempt: Vec::new(),
            sealed: 0,
        })
    }
}

/// Walks the segments of a partial file from the start, handing each one's plain bytes
/// to `each`; returns the plain bytes read and the length of the file that holds them
/// (where a torn or damaged tail begins).
fn read_segments(
    file: &mut File,
    key: &StoreKey,
    sha256: &str,
    mut each: impl FnMut(Vec<u8>),
) -> Result<(u64, u64), StoreError> {
    let mut raw = Vec::new();
    file.seek(SeekFrom::Start(0))
        .and_then(|_| file.read_to_end(&mut raw))
        .map_err(|e| StoreError::Corrupt(format!("reading a partial download: {e}")))?;
    let (mut plain, mut at) = (0u64, 0usize);
    while let Some(len_bytes) = raw.get(at..at + 4) {
        let len = u32::from_le_bytes(len_bytes.try_into().expect("4 bytes")) as usize;
        let Some(sealed) = raw.get(at + 4..at + 4 + len) else {
            break;
        };
        let Ok(bytes) = key.open(&segment_aad(sha256, plain), sealed) else {
            break;
        };
        plain += bytes.len() as u64;
        at += 4 + len;
        each(bytes);
    }
    Ok((plain, at as u64))
}

fn segment_aad(sha256: &str, offset: u64) -> String {
    format!("{sha256}@{offset}")
}

impl PartialDownload {
    /// The document this download is for.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// Bytes received so far, sealed or not: where the download continues.
    pub fn received(&self) -> u64 {
        self.earlier + self.this_attempt.len() as u64
    }

    /// Bytes kept on disk: where a download started after a crash would continue.
    pub fn kept(&self) -> u64 {
        self.stored
    }

    /// Adds bytes that follow those received; every full segment is sealed and written.
    pub fn append(&mut self, bytes: &[u8]) -> Result<(), StoreError> {
        self.this_attempt.extend_from_slice(bytes);
        while self.this_attempt.len() - self.sealed >= SEGMENT_BYTES {
            self.write_segment(self.sealed + SEGMENT_BYTES)?;
        }
        Ok(())
    }

    /// Seals and writes what is pending and makes the file durable: call it when the
    /// download stops before the end, so the next attempt starts from here.
    pub fn keep(&mut self) -> Result<(), StoreError> {
        if self.sealed < self.this_attempt.len() {
            self.write_segment(self.this_attempt.len())?;
        }
        match &self.file {
            Some(file) => file.sync_data().map_err(StoreError::io_at(&self.path)),
            None => Ok(()),
        }
    }

    /// Seals and writes this attempt's bytes from `sealed` to `end`.
    fn write_segment(&mut self, end: usize) -> Result<(), StoreError> {
        let plain = &self.this_attempt[self.sealed..end];
        let sealed = self
            .key
            .seal(&segment_aad(&self.sha256, self.stored), plain)?;
        let len = u32::try_from(sealed.len()).expect("a segment is far below 4 GiB");
        let mut out = Vec::with_capacity(4 + sealed.len());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&sealed);
        let io = StoreError::io_at(&self.path);
        let file = match &mut self.file {
            Some(file) => file,
            None => {
                let dir = self.path.parent().expect("a partial file has a folder");
                fs::create_dir_all(dir).map_err(io)?;
                let file = OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .open(&self.path)
                    .map_err(io)?;
                self.file.insert(file)
            }
        };
        file.write_all(&out).map_err(io)?;
        self.stored += (end - self.sealed) as u64;
        self.sealed = end;
        Ok(())
    }

    /// All bytes received: checked against the document's hash and stored in `blobs`
    /// (sealed whole), then the partial file is removed. A mismatch removes it too (the
    /// next attempt starts from the beginning) and says so.
    pub fn finish(mut self, blobs: &BlobStore) -> Result<(), StoreError> {
        let received = self.received();
        let bytes = if self.earlier == 0 {
            std::mem::take(&mut self.this_attempt)
        } else {
            // What earlier attempts kept is read back from disk; this attempt's bytes
            // were kept in memory.
            let mut bytes = Vec::with_capacity(usize::try_from(received).unwrap_or(0));
            let mut left = self.earlier;
            let file = self.file.as_mut().expect("earlier attempts kept a file");
            read_segments(file, &self.key, &self.sha256, |b| {
                if left > 0 {
                    left = left.saturating_sub(b.len() as u64);
                    bytes.extend_from_slice(&b);
                }
            })?;
            bytes.extend_from_slice(&self.this_attempt);
            bytes
        };
        let checked = if bytes.len() as u64 != received {
            Err(StoreError::Corrupt(format!(
                "the partial download of document {} changed on disk; it is downloaded again",
                self.sha256
            )))
        } else if BlobStore::hash(&bytes) != self.sha256 {
            Err(StoreError::Corrupt(format!(
                "the bytes downloaded for document {} do not match its checksum; it is \
                 downloaded again",
                self.sha256
            )))
        } else {
            Ok(())
        };
        if let Err(e) = checked {
            self.discard();
            return Err(e);
        }
        // A failure to store (a full disk) keeps what was received for the next attempt.
        blobs.put_hashed(&self.sha256, &bytes)?;
        self.discard();
        Ok(())
    }

    /// Throws the bytes received away.
    pub fn discard(self) {
        if self.file.is_some() {
            // Not synced: a partial file back after a power cut is resumed or cut off.
            let _ = fs::remove_file(&self.path);
        }
    }
}
