//! The encrypted offline store: a lost laptop's disk reveals nothing. The database file
//! opened without its key (or with another key) is unreadable, no file beside it shows
//! the applicant's name, the file number or a document, and a plain store from before
//! encryption is encrypted in place the first time it is opened, losing nothing.

use chrono::{NaiveDate, TimeZone, Utc};
use program::{Language, PersonRole, Profile, Stream};
use store::ops::NewPerson;
use store::{Actor, CaseId, Change, DocumentId, PersonId, Store, StoreError, StoreFile, StoreKey};

const NAME: &str = "Ouellet-Zéphirine";
const FILE_NUMBER: &str = "2024-AI-424242";
const DOCUMENT_TEXT: &str = "PASSPORT-NUMBER-XK4471";

/// A store with one file whose applicant, number and document are easy to look for.
fn fill(path: &std::path::Path, key: &StoreKey) -> (CaseId, DocumentId, String) {
    let store = Store::open(path, key).unwrap();
    let case = CaseId::new();
    let officer = Actor::supervisor("intake");
    store
        .apply(
            &officer,
            case,
            Change::CaseReceived {
                file_number: FILE_NUMBER.into(),
                stream: Stream::Ai,
                profile: Profile::Regular,
                received_at: Utc.with_ymd_and_hms(2024, 1, 5, 14, 3, 0).unwrap(),
                language: Language::Fr,
                persons: vec![NewPerson {
                    id: PersonId::new(),
                    role: PersonRole::PrincipalApplicant,
                    family_name: NAME.into(),
                    given_names: "Anaïs".into(),
                    date_of_birth: NaiveDate::from_ymd_opt(1990, 4, 2).unwrap(),
                    attestation_held: false,
                }],
                representative: None,
            },
        )
        .unwrap();
    let bytes = format!("%PDF-1.7 {DOCUMENT_TEXT}").into_bytes();
    let sha256 = store.blobs().put(&bytes).unwrap();
    let document = DocumentId::new();
    store
        .apply(
            &officer,
            case,
            Change::DocumentAdded {
                document_id: document,
                person_id: None,
                checklist_code: Some("identity".into()),
                file_name: "passeport.pdf".into(),
                sha256: sha256.clone(),
                byte_size: bytes.len() as u64,
                received_at: Utc::now(),
                quality: None,
            },
        )
        .unwrap();
    (case, document, sha256)
}

/// Every file under `dir` that contains `needle`.
fn files_containing(dir: &std::path::Path, needle: &[u8]) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                dirs.push(p);
            } else if std::fs::read(&p)
                .unwrap()
                .windows(needle.len())
                .any(|w| w == needle)
            {
                found.push(p);
            }
        }
    }
    found
}

/// Nothing in the store's files says who, which file or what document.
fn assert_reveals_nothing(dir: &std::path::Path, sha256: &str) {
    for needle in [
        NAME.as_bytes(),
        FILE_NUMBER.as_bytes(),
        DOCUMENT_TEXT.as_bytes(),
        b"%PDF",
        sha256.as_bytes(),
        b"SQLite format 3",
    ] {
        let found = files_containing(dir, needle);
        assert!(
            found.is_empty(),
            "{:?} is readable in {found:?}",
            String::from_utf8_lossy(needle)
        );
    }
}

#[test]
fn the_store_opened_without_its_key_is_unreadable_and_its_files_reveal_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dossier.db");
    let key = StoreKey::random();
    let (case, document, sha256) = fill(&path, &key);
    assert_eq!(StoreFile::inspect(&path).unwrap(), StoreFile::Encrypted);
    // The files as they are on disk after the app closed (WAL merged) and while it runs.
    assert_reveals_nothing(dir.path(), &sha256);

    // SQLite (here SQLCipher with no key) sees no database at all.
    let raw = rusqlite::Connection::open(&path).unwrap();
    let err = raw
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap_err();
    assert_eq!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase),
        "{err}"
    );
    drop(raw);

    // Another key is refused with a message that says what to do.
    let err = Store::open(&path, &StoreKey::random()).unwrap_err();
    assert!(matches!(err, StoreError::WrongKey { .. }), "{err:?}");
    assert_eq!(err.code(), "store.wrong_key");
    assert!(err.to_string().contains("restore the keyring"), "{err}");

    // With its key, everything is there.
    let store = Store::open(&path, &key).unwrap();
    let detail = store.case_detail(case).unwrap();
    assert_eq!(detail.persons[0].family_name, NAME);
    assert_eq!(
        store.document_blob(document).unwrap().read().unwrap(),
        format!("%PDF-1.7 {DOCUMENT_TEXT}").into_bytes()
    );
    store.check_integrity().unwrap();
}

#[test]
fn a_document_file_swapped_or_changed_on_disk_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dossier.db");
    let key = StoreKey::random();
    let store = Store::open(&path, &key).unwrap();
    let a = store.blobs().put(b"%PDF-1.7 first").unwrap();
    let b = store.blobs().put(b"%PDF-1.7 second").unwrap();
    let (pa, pb) = (
        store.blobs().path_of(&a).unwrap(),
        store.blobs().path_of(&b).unwrap(),
    );
    std::fs::copy(&pb, &pa).unwrap();
    let err = store.blobs().get(&a).unwrap_err();
    assert_eq!(err.code(), "store.corrupt");
    assert!(err.to_string().contains("download it again"), "{err}");
    assert_eq!(store.blobs().get(&b).unwrap(), b"%PDF-1.7 second");
}

/// Turns an encrypted store into what a version before encryption left on disk: the
/// same schema in a plain SQLite file, documents in clear named by their sha-256.
fn decrypt_to_plain(path: &std::path::Path, key: &StoreKey, sha256: &str, bytes: &[u8]) {
    let plain = path.with_extension("plain");
    {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch(&key.sqlcipher_statement()).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        conn.execute(
            "ATTACH DATABASE ?1 AS plain KEY ''",
            [plain.to_str().unwrap()],
        )
        .unwrap();
        conn.query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(()))
            .unwrap();
        conn.pragma_update(Some("plain"), "user_version", version)
            .unwrap();
        conn.execute_batch("DETACH DATABASE plain").unwrap();
    }
    for suffix in ["-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    std::fs::rename(&plain, path).unwrap();
    let mut blobs = path.as_os_str().to_owned();
    blobs.push(".blobs");
    let blobs = std::path::PathBuf::from(blobs);
    std::fs::remove_dir_all(&blobs).unwrap();
    std::fs::create_dir_all(blobs.join(&sha256[..2])).unwrap();
    std::fs::write(blobs.join(&sha256[..2]).join(sha256), bytes).unwrap();
}

#[test]
fn a_plain_store_from_before_encryption_is_encrypted_in_place_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dossier.db");
    let old_key = StoreKey::random();
    let (case, document, sha256) = fill(&path, &old_key);
    let bytes = format!("%PDF-1.7 {DOCUMENT_TEXT}").into_bytes();
    decrypt_to_plain(&path, &old_key, &sha256, &bytes);
    assert_eq!(StoreFile::inspect(&path).unwrap(), StoreFile::Plain);
    assert!(!files_containing(dir.path(), NAME.as_bytes()).is_empty());
    // An earlier attempt was interrupted and left its half-made copy behind.
    std::fs::write(dir.path().join("dossier.db.encrypting"), b"half").unwrap();

    let key = StoreKey::random();
    let store = Store::open(&path, &key).unwrap();
    assert_eq!(StoreFile::inspect(&path).unwrap(), StoreFile::Encrypted);
    assert_eq!(
        store.case_detail(case).unwrap().row.file_number,
        FILE_NUMBER
    );
    assert_eq!(store.operation_count().unwrap(), 2);
    assert_eq!(
        store.document_blob(document).unwrap().read().unwrap(),
        bytes
    );
    store.check_integrity().unwrap();
    drop(store);
    assert!(!dir.path().join("dossier.db.encrypting").exists());
    assert_reveals_nothing(dir.path(), &sha256);

    // From now on only the new key opens it.
    assert!(matches!(
        Store::open(&path, &old_key).unwrap_err(),
        StoreError::WrongKey { .. }
    ));
    let store = Store::open(&path, &key).unwrap();
    assert_eq!(store.case_count().unwrap(), 1);
}
