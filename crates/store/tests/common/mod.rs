//! What the store's integration tests share: the key of the stores they make, and a raw
//! SQLite connection to a store's file.
#![allow(dead_code)] // each test file uses what it needs

/// The key of every store these tests make (a fixed one, so a store can be reopened,
/// also by a child process).
pub fn key() -> store::StoreKey {
    store::StoreKey::from_bytes([42; 32])
}

/// A plain SQLite connection to a store's file, unlocked with its key.
pub fn raw(path: &std::path::Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(&key().sqlcipher_statement()).unwrap();
    conn
}
