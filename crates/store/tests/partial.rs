//! Documents downloaded in several attempts: what an attempt kept is sealed on disk,
//! survives a crash (a torn tail is cut off), continues where it stopped, and becomes
//! the document only when the whole matches its hash.

mod common;

use store::{BlobStore, SEGMENT_BYTES};

fn document(len: usize) -> Vec<u8> {
    // Distinct, recognisable bytes: a line of text repeated with a counter.
    let mut out = Vec::with_capacity(len + 64);
    let mut i = 0u64;
    while out.len() < len {
        out.extend_from_slice(format!("Tremblay, Marie-Eve: releve de notes {i:08}\n").as_bytes());
        i += 1;
    }
    out.truncate(len);
    out
}

fn blobs(dir: &tempfile::TempDir) -> BlobStore {
    BlobStore::new(dir.path().join("d.db.blobs"), common::key())
}

fn partial_files(blobs: &BlobStore) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(blobs.root().join("partial")) {
        Ok(dir) => dir.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn a_download_kept_in_several_attempts_becomes_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = blobs(&dir);
    let bytes = document(2 * SEGMENT_BYTES + SEGMENT_BYTES / 2);
    let sha = BlobStore::hash(&bytes);

    // First attempt: two and a half segments arrive in odd pieces, then the line drops.
    let mut first = blobs.partial(&sha).unwrap();
    assert_eq!(first.received(), 0);
    let cut = 2 * SEGMENT_BYTES + 1000;
    for piece in bytes[..cut].chunks(65_537) {
        first.append(piece).unwrap();
    }
    assert_eq!(first.received(), cut as u64);
    assert_eq!(first.kept(), 2 * SEGMENT_BYTES as u64);
    first.keep().unwrap();
    drop(first);

    // On disk: sealed, nothing of the document in clear.
    let files = partial_files(&blobs);
    assert_eq!(files.len(), 1);
    let raw = std::fs::read(&files[0]).unwrap();
    assert!(!raw.windows(8).any(|w| w == b"Tremblay"));
    assert!(!files[0].to_string_lossy().contains(&sha));

    // Second attempt continues from there and finishes.
    let mut second = blobs.partial(&sha).unwrap();
    assert_eq!(second.received(), cut as u64);
    second.append(&bytes[cut..]).unwrap();
    second.finish(&blobs).unwrap();
    assert_eq!(blobs.get(&sha).unwrap(), bytes);
    assert!(
        partial_files(&blobs).is_empty(),
        "the partial file is removed"
    );
}

#[test]
fn a_torn_or_damaged_tail_is_cut_off_and_fetched_again() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = blobs(&dir);
    let bytes = document(3 * SEGMENT_BYTES);
    let sha = BlobStore::hash(&bytes);
    let mut p = blobs.partial(&sha).unwrap();
    p.append(&bytes[..2 * SEGMENT_BYTES]).unwrap();
    p.keep().unwrap();
    drop(p);
    let file = partial_files(&blobs).remove(0);
    let whole = std::fs::metadata(&file).unwrap().len();

    // A process killed in the middle of writing the second segment.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&file)
        .unwrap()
        .set_len(whole - 100)
        .unwrap();
    let p = blobs.partial(&sha).unwrap();
    assert_eq!(p.received(), SEGMENT_BYTES as u64);
    drop(p);

    // A flipped byte in the first segment: nothing can be trusted, start again.
    let mut raw = std::fs::read(&file).unwrap();
    raw[100] ^= 0xff;
    std::fs::write(&file, &raw).unwrap();
    let mut p = blobs.partial(&sha).unwrap();
    assert_eq!(p.received(), 0);
    p.append(&bytes).unwrap();
    p.finish(&blobs).unwrap();
    assert_eq!(blobs.get(&sha).unwrap(), bytes);
}

#[test]
fn bytes_that_do_not_match_the_hash_are_thrown_away_and_never_stored() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = blobs(&dir);
    let bytes = document(SEGMENT_BYTES + 10);
    let sha = BlobStore::hash(&bytes);
    let mut p = blobs.partial(&sha).unwrap();
    let mut wrong = bytes.clone();
    wrong[5] = b'#';
    p.append(&wrong).unwrap();
    let err = p.finish(&blobs).unwrap_err();
    assert!(
        err.to_string().contains("do not match its checksum"),
        "{err}"
    );
    assert!(!blobs.contains(&sha));
    assert!(partial_files(&blobs).is_empty());
    // A segment sealed for one document cannot pass for another's.
    let other = document(100);
    let mut p = blobs.partial(&BlobStore::hash(&other)).unwrap();
    p.append(&other).unwrap();
    p.keep().unwrap();
    drop(p);
    let file = partial_files(&blobs).remove(0);
    let moved = blobs
        .root()
        .join("partial")
        .join(blobs.path_of(&sha).unwrap().file_name().unwrap());
    std::fs::rename(file, moved).unwrap();
    assert_eq!(blobs.partial(&sha).unwrap().received(), 0);
}
