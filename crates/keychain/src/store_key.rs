//! The key of each local store in the OS keyring: service `dossier`, account
//! `store-key:<absolute path of the store>`, the 32 random bytes as hex. The key is made
//! when the store is created (or when a plain store from before encryption is opened
//! for the first time), and saved in the keyring before the store is written with it.
//! A store that exists, encrypted, with no key in the keyring is refused with
//! [`CredentialError::StoreKeyMissing`]: a new key would not open it, and it is never
//! replaced.

use std::path::{Path, PathBuf};

use store::{StoreFile, StoreKey};

use crate::credentials::{CredentialError, SERVICE, Secret};

/// Store keys in the OS keyring.
#[derive(Debug, Clone)]
pub struct StoreKeys {
    service: String,
}

impl Default for StoreKeys {
    fn default() -> Self {
        Self::new()
    }
}

impl StoreKeys {
    /// The app's keyring entries (service [`SERVICE`]).
    pub fn new() -> Self {
        Self::with_service(SERVICE)
    }

    /// Entries under another service name (tests keep theirs apart).
    pub fn with_service(service: &str) -> Self {
        Self {
            service: service.to_owned(),
        }
    }

    fn entry(&self, store: &Path) -> Result<(keyring::Entry, PathBuf), CredentialError> {
        let path = std::path::absolute(store).map_err(|e| CredentialError::Store {
            path: store.to_path_buf(),
            detail: e.to_string(),
        })?;
        let entry = keyring::Entry::new(&self.service, &format!("store-key:{}", path.display()))
            .map_err(|e| CredentialError::from_keyring(Secret::StoreKey, "find", e))?;
        Ok((entry, path))
    }

    /// The key kept in `entry`, if any.
    fn kept(entry: &keyring::Entry) -> Result<Option<StoreKey>, CredentialError> {
        match entry.get_password() {
            Ok(hex) => StoreKey::from_hex(&hex)
                .map(Some)
                .map_err(|e| CredentialError::StoreKeyDamaged(e.to_string())),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(CredentialError::from_keyring(Secret::StoreKey, "read", e)),
        }
    }

    /// The key of the store at `store`: the one in the keyring, or, for a store that does
    /// not exist yet or is still plain, a new random one, saved in the keyring first.
    pub fn key_for(&self, store: &Path) -> Result<StoreKey, CredentialError> {
        let (entry, path) = self.entry(store)?;
        if let Some(key) = Self::kept(&entry)? {
            return Ok(key);
        }
        match StoreFile::inspect(&path).map_err(|e| CredentialError::Store {
            path: path.clone(),
            detail: e.to_string(),
        })? {
            StoreFile::Encrypted => Err(CredentialError::StoreKeyMissing { path }),
            StoreFile::Absent | StoreFile::Plain => {
                let key = StoreKey::random();
                entry
                    .set_password(&key.to_hex())
                    .map_err(|e| CredentialError::from_keyring(Secret::StoreKey, "save", e))?;
                // Read it back: a keyring that accepted the key but cannot return it would
                // leave a store nobody can open.
                if Self::kept(&entry)?.as_ref() != Some(&key) {
                    return Err(CredentialError::StoreKeyDamaged(
                        "the keyring returned another key than the one just saved".into(),
                    ));
                }
                Ok(key)
            }
        }
    }

    /// The key of an existing store, never a new one (tools that read a store the app
    /// made).
    pub fn existing_key(&self, store: &Path) -> Result<StoreKey, CredentialError> {
        let (entry, path) = self.entry(store)?;
        Self::kept(&entry)?.ok_or(CredentialError::StoreKeyMissing { path })
    }

    /// Forgets the key of a store that was deleted. Forgetting one that is not there is
    /// not an error.
    pub fn forget(&self, store: &Path) -> Result<(), CredentialError> {
        let (entry, _) = self.entry(store)?;
        match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(CredentialError::from_keyring(Secret::StoreKey, "delete", e)),
        }
    }
}
