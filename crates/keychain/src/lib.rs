//! Dossier's secrets in the OS keyring (the Secret Service on Linux: GNOME Keyring,
//! KWallet; the login Keychain on macOS; the Credential Manager on Windows), through the
//! `keyring` crate built with only the platform's own backend, so there is no file
//! fallback. With no keyring daemon at all, every call fails with
//! [`CredentialError::NoKeyring`], whose message says what to do.
//!
//! - [`credentials`]: [`Credentials`], the session token of each server and user; signing
//!   out deletes it.
//! - [`store_key`]: [`StoreKeys`], the random key that encrypts each local store (its
//!   database and its documents), made when the store is created.
//!
//! The calls block (D-Bus on Linux): from async code, run them on a blocking thread.

pub mod credentials;
pub mod store_key;

pub use credentials::{CredentialError, Credentials, SERVICE, Secret};
pub use store_key::StoreKeys;
