//! The store's secret. One random 256-bit [`StoreKey`] per store encrypts the database
//! (SQLCipher, with a raw key derived for it), encrypts each document (AES-256-GCM, a
//! fresh nonce per file, the document's hash bound as associated data) and names the
//! documents on disk (an HMAC of their hash), so a copy of the disk shows neither the
//! files nor which documents they are. Each use gets its own subkey (HKDF-SHA256). The
//! store never keeps the key: the app holds it in the OS keyring (crate `keychain`),
//! tests make their own. [`StoreFile`] tells, from a file's first bytes and without any
//! key, whether a store is absent, plain (from before encryption) or encrypted.

use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit, OsRng, Payload};
use aes_gcm::{AeadCore, Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::StoreError;

/// The secret of one store (32 random bytes) and the subkeys derived from it once, when
/// the key is made. Cloning copies them; every copy is wiped from memory when dropped;
/// `Debug` never shows them.
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct StoreKey {
    master: [u8; 32],
    database: [u8; 32],
    documents: [u8; 32],
    names: [u8; 32],
}

impl std::fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoreKey(…)")
    }
}

/// The first bytes of every encrypted document file (format 1: nonce, then ciphertext
/// with its tag).
const BLOB_MAGIC: &[u8; 4] = b"DSB1";
const NONCE_LEN: usize = 12;

impl StoreKey {
    /// A new key from the operating system's random source.
    pub fn random() -> Self {
        let key = Aes256Gcm::generate_key(OsRng);
        Self::from_bytes(key.into())
    }

    pub fn from_bytes(master: [u8; 32]) -> Self {
        Self {
            master,
            database: derive(&master, "database"),
            documents: derive(&master, "documents"),
            names: derive(&master, "document names"),
        }
    }

    /// The key as 64 hex digits (how the keyring keeps it).
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.master))
    }

    /// Reads 64 hex digits back.
    pub fn from_hex(text: &str) -> Result<Self, StoreError> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(text.trim(), bytes.as_mut()).map_err(|_| {
            StoreError::Invalid(
                "the store key kept in the keyring is not 64 hex digits: it was changed \
                 outside Dossier"
                    .into(),
            )
        })?;
        Ok(Self::from_bytes(*bytes))
    }

    /// The database subkey as SQLCipher reads a raw key (`"x'…'"`, so SQLCipher skips
    /// its password stretching), for `PRAGMA key` and `ATTACH … KEY`.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("\"x'{}'\"", hex::encode(self.database)))
    }

    /// The statement that unlocks a SQLCipher connection with the database subkey.
    pub fn sqlcipher_statement(&self) -> Zeroizing<String> {
        Zeroizing::new(format!(
            "PRAGMA key = {};",
            self.sqlcipher_literal().as_str()
        ))
    }

    /// The file name of the document whose sha-256 is `sha256`: an HMAC of the hash, so
    /// the name says nothing to someone without the key.
    pub(crate) fn blob_name(&self, sha256: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.names)
            .expect("HMAC takes a key of any length");
        mac.update(sha256.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    fn blob_cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new_from_slice(&self.documents).expect("a 32-byte key")
    }

    /// Whether `bytes` look like a document [`StoreKey::seal`] wrote.
    pub(crate) fn is_sealed(bytes: &[u8]) -> bool {
        bytes.starts_with(BLOB_MAGIC)
    }

    /// Encrypts a document whose hash is `sha256` (bound to the ciphertext, so a file
    /// moved under another document's name fails to open).
    pub(crate) fn seal(&self, sha256: &str, plain: &[u8]) -> Result<Vec<u8>, StoreError> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let sealed = self
            .blob_cipher()
            .encrypt(
                &nonce,
                Payload {
                    msg: plain,
                    aad: sha256.as_bytes(),
                },
            )
            .map_err(|_| {
                StoreError::Corrupt(format!("document {sha256} could not be encrypted"))
            })?;
        let mut out = Vec::with_capacity(BLOB_MAGIC.len() + NONCE_LEN + sealed.len());
        out.extend_from_slice(BLOB_MAGIC);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Decrypts what [`StoreKey::seal`] wrote; fails when the bytes were changed, belong
    /// to another document or to another key.
    pub(crate) fn open(&self, sha256: &str, sealed: &[u8]) -> Result<Vec<u8>, StoreError> {
        let unreadable = || {
            StoreError::Corrupt(format!(
                "document {sha256} cannot be decrypted with this store's key: its file was \
                 changed or belongs to another store; download it again (sync) or ask the \
                 applicant for it"
            ))
        };
        let body = sealed.strip_prefix(BLOB_MAGIC).ok_or_else(unreadable)?;
        if body.len() < NONCE_LEN {
            return Err(unreadable());
        }
        let (nonce, ciphertext) = body.split_at(NONCE_LEN);
        self.blob_cipher()
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: sha256.as_bytes(),
                },
            )
            .map_err(|_| unreadable())
    }
}

/// A subkey of `master` for one purpose (HKDF-SHA256 with the purpose as info).
fn derive(master: &[u8; 32], purpose: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    hkdf::Hkdf::<Sha256>::new(Some(b"dossier store v1"), master)
        .expand(purpose.as_bytes(), &mut out)
        .expect("32 bytes is a valid HKDF-SHA256 length");
    out
}

/// What is at a store's path, judged from the first bytes alone (no key needed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreFile {
    /// Nothing yet (or an empty file): a new store will be created.
    Absent,
    /// A plain SQLite database, from a version of Dossier before encryption: it is
    /// encrypted in place the first time it is opened with a key.
    Plain,
    /// Anything else: an encrypted store (or something that is not a store at all).
    Encrypted,
}

impl StoreFile {
    pub fn inspect(path: &Path) -> Result<Self, StoreError> {
        use std::io::Read;
        let mut head = [0u8; 16];
        let mut file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::Absent),
            Err(source) => {
                return Err(StoreError::Blob {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let mut read = 0;
        while read < head.len() {
            match file.read(&mut head[read..]) {
                Ok(0) => break,
                Ok(n) => read += n,
                Err(source) => {
                    return Err(StoreError::Blob {
                        path: path.to_path_buf(),
                        source,
                    });
                }
            }
        }
        Ok(match read {
            0 => Self::Absent,
            16 if &head == b"SQLite format 3\0" => Self::Plain,
            _ => Self::Encrypted,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_document_opens_only_with_its_key_and_its_name() {
        let key = StoreKey::random();
        let sha = "ab".repeat(32);
        let sealed = key.seal(&sha, b"%PDF-1.7 secret").unwrap();
        assert!(!sealed.windows(6).any(|w| w == b"secret"));
        assert_eq!(key.open(&sha, &sealed).unwrap(), b"%PDF-1.7 secret");
        assert!(
            key.open(&"cd".repeat(32), &sealed).is_err(),
            "bound to its hash"
        );
        assert!(
            StoreKey::random().open(&sha, &sealed).is_err(),
            "bound to its key"
        );
        let mut flipped = sealed.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(key.open(&sha, &flipped).is_err(), "tampering is detected");
        assert!(key.open(&sha, b"DSB1short").is_err());
    }

    #[test]
    fn names_and_subkeys_are_keyed_and_stable() {
        let key = StoreKey::from_bytes([7; 32]);
        let sha = "ab".repeat(32);
        assert_eq!(key.blob_name(&sha), key.clone().blob_name(&sha));
        assert_ne!(
            key.blob_name(&sha),
            StoreKey::from_bytes([8; 32]).blob_name(&sha)
        );
        assert_ne!(key.blob_name(&sha), sha);
        assert_eq!(StoreKey::from_hex(&key.to_hex()).unwrap(), key);
        assert!(StoreKey::from_hex("not hex").is_err());
        assert_eq!(format!("{key:?}"), "StoreKey(…)");
        let statement = key.sqlcipher_statement();
        assert!(statement.starts_with("PRAGMA key = \"x'") && statement.len() == 83);
    }
}
