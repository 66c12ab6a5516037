//! Storage: what is on the laptop's disk and how it is opened. The encrypted database
//! ([`db`]: the connection, its settings, the one transaction of every write), its key
//! and subkeys ([`key`]), the schema's history ([`migrations`]), the documents' sealed
//! bytes ([`blobs`]) and the downloads cut short ([`partial`]). No rule lives here.

pub(crate) mod blobs;
pub(crate) mod db;
pub(crate) mod key;
pub(crate) mod migrations;
pub(crate) mod partial;
