//! Document bytes: content-addressed by SHA-256 in a blob store behind `object_store`
//! (a local directory by default, an S3-compatible bucket with the `s3` feature), and
//! resumable uploads. An upload is staged on local disk per user and document
//! (`<staging>/<user id>/<sha>.part`), appended chunk by chunk at the offset the server
//! reports, fsynced after each chunk; when it reaches its announced size its hash is
//! checked, and only then is it copied into the blob store. A mismatch discards it.

use std::collections::HashMap;
use std::io::SeekFrom;
use std::path::{Path as FsPath, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context;
use axum::body::{Body, Bytes};
use object_store::path::Path;
use object_store::{
    GetOptions, GetRange, GetResultPayload, ObjectStore, ObjectStoreExt, WriteMultipart,
};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
use tokio_util::io::ReaderStream;

use crate::config::{BlobBackend, BlobsConfig};

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("upload offset: the server holds {held} bytes")]
    Offset { held: u64 },
    #[error("hash mismatch: expected {expected}, got {actual}")]
    HashMismatch { expected: String, actual: String },
    #[error("larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("{staged} bytes staged, quota {limit}")]
    Quota { staged: u64, limit: u64 },
    #[error("{0}")]
    Invalid(String),
    #[error("not found")]
    NotFound,
    #[error("staging: {0}")]
    Io(#[from] std::io::Error),
    #[error("blob store: {0}")]
    Store(#[from] object_store::Error),
}

/// The result of appending a chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appended {
    /// This many bytes are staged; more are expected.
    Partial(u64),
    /// The document is complete, verified and stored; its size.
    Complete(u64),
}

/// How much of a local document one read serves to a download.
const READ_CHUNK: usize = 1024 * 1024;

pub struct Blobs {
    store: Arc<dyn ObjectStore>,
    staging: PathBuf,
    pub max_blob_bytes: u64,
    max_staged_bytes_per_user: u64,
    abandoned_after: std::time::Duration,
    /// One lock per staged upload, so two requests never append to the same file at once.
    locks: Mutex<HashMap<PathBuf, Arc<tokio::sync::Mutex<()>>>>,
}

impl std::fmt::Debug for Blobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Blobs")
            .field("store", &self.store.to_string())
            .field("staging", &self.staging)
            .finish()
    }
}

fn location(sha256: &str) -> Path {
    Path::from(format!("{}/{sha256}", &sha256[..2]))
}

fn open_store(config: &BlobsConfig) -> anyhow::Result<Arc<dyn ObjectStore>> {
    match config.backend {
        BlobBackend::Local => {
            std::fs::create_dir_all(&config.path)
                .with_context(|| format!("creating blobs.path {}", config.path.display()))?;
            let fs = object_store::local::LocalFileSystem::new_with_prefix(&config.path)
                .with_context(|| format!("opening blobs.path {}", config.path.display()))?;
            Ok(Arc::new(fs))
        }
        #[cfg(feature = "s3")]
        BlobBackend::S3 => {
            let mut builder = object_store::aws::AmazonS3Builder::from_env()
                .with_bucket_name(config.s3_bucket.clone().unwrap_or_default());
            if let Some(region) = &config.s3_region {
                builder = builder.with_region(region);
            }
            if let Some(endpoint) = &config.s3_endpoint {
                builder = builder
                    .with_endpoint(endpoint)
                    .with_allow_http(endpoint.starts_with("http://"));
            }
            Ok(Arc::new(
                builder.build().context("configuring the S3 blob store")?,
            ))
        }
        #[cfg(not(feature = "s3"))]
        BlobBackend::S3 => {
            anyhow::bail!("blobs.backend = \"s3\" needs a server built with `--features s3`")
        }
    }
}

impl Blobs {
    pub fn open(config: &BlobsConfig) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&config.staging)
            .with_context(|| format!("creating blobs.staging {}", config.staging.display()))?;
        Ok(Self {
            store: open_store(config)?,
            staging: config.staging.clone(),
            max_blob_bytes: config.max_blob_bytes,
            max_staged_bytes_per_user: config.max_staged_bytes_per_user,
            abandoned_after: std::time::Duration::from_secs(
                config.abandoned_upload_hours.saturating_mul(3600),
            ),
            locks: Mutex::new(HashMap::new()),
        })
    }

    fn staged_path(&self, user_id: i64, sha256: &str) -> PathBuf {
        self.staging
            .join(user_id.to_string())
            .join(format!("{sha256}.part"))
    }

    fn lock_for(&self, path: &FsPath) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
        // Forget locks nobody holds, so the map does not grow without bound.
        locks.retain(|_, l| Arc::strong_count(l) > 1);
        locks.entry(path.to_path_buf()).or_default().clone()
    }

    /// How many bytes of this user's upload of `sha256` are staged.
    pub async fn staged_len(&self, user_id: i64, sha256: &str) -> Result<u64, BlobError> {
        match tokio::fs::metadata(self.staged_path(user_id, sha256)).await {
            Ok(m) => Ok(m.len()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
            Err(e) => Err(e.into()),
        }
    }

    /// Appends `chunk` at `offset` to this user's upload of a `total`-byte document.
    pub async fn append(
        &self,
        user_id: i64,
        sha256: &str,
        offset: u64,
        total: u64,
        chunk: Bytes,
    ) -> Result<Appended, BlobError> {
        if total > self.max_blob_bytes {
            return Err(BlobError::TooLarge {
                limit: self.max_blob_bytes,
            });
        }
        let end = offset + chunk.len() as u64;
        if end > total {
            return Err(BlobError::Invalid(format!(
                "the chunk ends at byte {end}, past the document's announced size {total}"
            )));
        }
        let path = self.staged_path(user_id, sha256);
        let lock = self.lock_for(&path);
        let _held = lock.lock().await;
        let held = self.staged_len(user_id, sha256).await?;
        if offset != held {
            return Err(BlobError::Offset { held });
        }
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await?;
            // The quota counts every unfinished upload of this user, this one included.
            let staged = dir_bytes(dir).await?;
            if staged + chunk.len() as u64 > self.max_staged_bytes_per_user {
                return Err(BlobError::Quota {
                    staged,
                    limit: self.max_staged_bytes_per_user,
                });
            }
        }
        let mut file = tokio::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .await?;
        file.write_all(&chunk).await?;
        file.sync_data().await?;
        drop(file);
        if end < total {
            return Ok(Appended::Partial(end));
        }
        let actual = hash_file(&path).await?;
        if actual != sha256 {
            tokio::fs::remove_file(&path).await?;
            return Err(BlobError::HashMismatch {
                expected: sha256.to_owned(),
                actual,
            });
        }
        self.store_file(sha256, &path).await?;
        tokio::fs::remove_file(&path).await?;
        Ok(Appended::Complete(total))
    }

    /// Stores whole bytes already in memory under their hash (intake: the documents of a
    /// bundle, read and checked before anything is recorded). Putting the same bytes again
    /// is harmless: the address is the content.
    pub async fn put(&self, sha256: &str, bytes: Bytes) -> Result<(), BlobError> {
        if bytes.len() as u64 > self.max_blob_bytes {
            return Err(BlobError::TooLarge {
                limit: self.max_blob_bytes,
            });
        }
        let actual = hex::encode(Sha256::digest(&bytes));
        if actual != sha256 {
            return Err(BlobError::HashMismatch {
                expected: sha256.to_owned(),
                actual,
            });
        }
        self.store.put(&location(sha256), bytes.into()).await?;
        Ok(())
    }

    /// Removes the unfinished uploads whose last chunk is older than
    /// `blobs.abandoned_upload_hours`; returns how many. Run at start and every hour.
    pub async fn remove_abandoned(&self) -> Result<u32, BlobError> {
        let mut removed = 0;
        let mut users = match tokio::fs::read_dir(&self.staging).await {
            Ok(d) => d,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e.into()),
        };
        while let Some(user) = users.next_entry().await? {
            if !user.file_type().await?.is_dir() {
                continue;
            }
            let mut parts = tokio::fs::read_dir(user.path()).await?;
            while let Some(part) = parts.next_entry().await? {
                let path = part.path();
                let lock = self.lock_for(&path);
                let _held = lock.lock().await;
                let Ok(meta) = tokio::fs::metadata(&path).await else {
                    continue;
                };
                let idle = meta
                    .modified()
                    .ok()
                    .and_then(|m| m.elapsed().ok())
                    .unwrap_or_default();
                if idle >= self.abandoned_after {
                    tokio::fs::remove_file(&path).await?;
                    tracing::info!(path = %path.display(), "abandoned upload removed");
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }

    /// Copies a verified staged file into the blob store (atomically: a reader never sees
    /// half a document).
    async fn store_file(&self, sha256: &str, path: &FsPath) -> Result<(), BlobError> {
        let upload = self.store.put_multipart(&location(sha256)).await?;
        let mut writer = WriteMultipart::new(upload);
        let mut file = tokio::fs::File::open(path).await?;
        let mut buf = vec![0u8; 4 * 1024 * 1024];
        loop {
            let n = file.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            writer.wait_for_capacity(4).await?;
            writer.write(&buf[..n]);
        }
        writer.finish().await?;
        Ok(())
    }

    /// The bytes of a stored document from `offset` on, as a response body streamed in
    /// reads of [`READ_CHUNK`] bytes from a local file (object_store's own file stream
    /// reads 8 KiB at a time), or as the backend streams them (S3).
    pub async fn read_from(&self, sha256: &str, offset: u64) -> Result<Body, BlobError> {
        let options = GetOptions {
            range: Some(GetRange::Offset(offset)),
            ..Default::default()
        };
        let result = match self.store.get_opts(&location(sha256), options).await {
            Ok(r) => r,
            Err(object_store::Error::NotFound { .. }) => return Err(BlobError::NotFound),
            Err(e) => return Err(e.into()),
        };
        let range = result.range.clone();
        Ok(match result.payload {
            GetResultPayload::File(file, _) => {
                let mut file = tokio::fs::File::from_std(file);
                file.seek(SeekFrom::Start(range.start)).await?;
                let bytes = file.take(range.end - range.start);
                Body::from_stream(ReaderStream::with_capacity(bytes, READ_CHUNK))
            }
            GetResultPayload::Stream(stream) => Body::from_stream(stream),
        })
    }
}

/// The bytes of the files in `dir` (one user's unfinished uploads).
async fn dir_bytes(dir: &FsPath) -> Result<u64, BlobError> {
    let mut total = 0;
    let mut entries = tokio::fs::read_dir(dir).await?;
    while let Some(e) = entries.next_entry().await? {
        if let Ok(m) = e.metadata().await {
            total += m.len();
        }
    }
    Ok(total)
}

async fn hash_file(path: &FsPath) -> Result<String, BlobError> {
    let mut file = tokio::fs::File::open(path).await?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1024 * 1024];
    loop {
        let n = file.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}
