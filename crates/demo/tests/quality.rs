//! Demo documents enter the store with their quality report, as intake would: the
//! corrupt one is flagged corrupt, the protected one password-protected, the greyscale
//! birth certificate "not in colour", and the colour scans carry no flag. Also checks
//! that every flag the `pdf` crate can raise converts into the store's type.

use chrono::{TimeZone, Utc};
use store::{QualityFlagKind, Store};

/// The key of every store these tests make (a fixed one, so a store can be reopened).
fn key() -> store::StoreKey {
    store::StoreKey::from_bytes([42; 32])
}

#[test]
fn demo_documents_carry_their_quality_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let summary = demo::fill(
        &path,
        &key(),
        &demo::DemoOptions {
            cases: 3,
            seed: 7,
            if_empty: false,
            now: Utc.with_ymd_and_hms(2024, 11, 20, 15, 0, 0).unwrap(),
        },
    )
    .unwrap();
    assert!(
        summary.quality_checked,
        "these tests need pdfium: {:?}",
        summary.quality_unchecked_reason
    );
    let store = Store::open(&path, &key()).unwrap();
    let mut cases = store
        .queue(&store::QueueQuery {
            limit: 10,
            ..Default::default()
        })
        .unwrap()
        .items;
    cases.sort_by(|a, b| a.file_number.cmp(&b.file_number));
    let docs = |i: usize| store.case_detail(cases[i].id).unwrap().documents;
    let kinds = |d: &store::DocumentView| -> Vec<QualityFlagKind> {
        d.quality
            .as_ref()
            .expect("every demo document is checked")
            .flags
            .iter()
            .map(|f| f.kind())
            .collect()
    };
    let by_name = |i: usize, name: &str| {
        docs(i)
            .into_iter()
            .find(|d| d.file_name == name)
            .unwrap_or_else(|| panic!("case {i} has {name}"))
    };

    assert_eq!(
        kinds(&by_name(0, "passeport-illisible.pdf")),
        vec![QualityFlagKind::Corrupt]
    );
    assert_eq!(
        kinds(&by_name(1, "lettre-employeur-protegee.pdf")),
        vec![QualityFlagKind::PasswordProtected]
    );
    assert!(kinds(&by_name(2, "certificat-gris.pdf")).contains(&QualityFlagKind::NotInColour));
    let passport = by_name(0, "passeport.pdf");
    assert_eq!(kinds(&passport), Vec::<QualityFlagKind>::new());
    assert_eq!(passport.quality.unwrap().page_count, Some(1));
    let experience = by_name(0, "attestation-emploi.pdf");
    assert_eq!(experience.quality.unwrap().page_count, Some(20));
}

#[test]
fn every_pdf_flag_converts_into_the_stores_report() {
    use pdf::{QualityFlag as F, ScanMode};
    let flags = vec![
        F::ManyPages {
            pages: 120,
            limit: 100,
        },
        F::NotInColour {
            mode: ScanMode::BlackAndWhite,
        },
        F::BlankPages { pages: vec![2, 3] },
        F::LowResolution {
            pages: vec![1],
            lowest_dpi: 72,
            threshold_dpi: 120,
        },
        F::UnreadablePages { pages: vec![4] },
        F::PasswordProtected,
        F::Corrupt {
            detail: "xref".into(),
        },
        F::NotAPdf {
            detected: "a JPEG image".into(),
        },
        F::EmptyFile,
    ];
    let report = pdf::QualityReport {
        page_count: Some(120),
        page_sizes: pdf::quality::size_runs([(612.0, 792.0), (612.0, 792.0)]),
        checked_pages: 50,
        flags: flags.clone(),
    };
    let stored = demo::stored_report(&report).unwrap();
    assert_eq!(stored.flags.len(), flags.len());
    for (theirs, ours) in flags.iter().zip(&stored.flags) {
        assert_eq!(theirs.code(), ours.kind().code());
    }
    assert_eq!(stored.page_sizes[0].pages, 2);
    assert_eq!(stored.page_count, Some(120));
}
