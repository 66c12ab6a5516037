//! Each quality check on generated documents whose answer is known.

mod common;

use common::{doc, spec, worker};
use pdf::{QualityFlag, ScanMode};
use scans::ScanColour;

#[test]
fn a_colour_scan_at_150_dpi_has_no_flags() {
    let pdf = scans::scanned_pdf(&spec("Passport", 1, ScanColour::Colour, 150));
    let report = worker()
        .inspect_blocking(doc("colour", pdf))
        .expect("inspect");
    assert_eq!(report.page_count, Some(1));
    assert_eq!(report.flags, vec![], "{report:?}");
    assert_eq!(report.page_sizes.len(), 1);
    assert_eq!(
        (report.page_sizes[0].width, report.page_sizes[0].height),
        (612.0, 792.0)
    );
}

#[test]
fn a_greyscale_scan_is_not_in_colour() {
    let pdf = scans::scanned_pdf(&spec("Diploma", 2, ScanColour::Greyscale, 150));
    let report = worker()
        .inspect_blocking(doc("grey", pdf))
        .expect("inspect");
    assert_eq!(
        report.flags,
        vec![QualityFlag::NotInColour {
            mode: ScanMode::Greyscale
        }]
    );
    assert_eq!(report.page_count, Some(2));
}

#[test]
fn a_black_and_white_scan_is_not_in_colour_and_says_so() {
    let pdf = scans::scanned_pdf(&spec("Lease", 1, ScanColour::BlackAndWhite, 150));
    let report = worker().inspect_blocking(doc("bw", pdf)).expect("inspect");
    assert_eq!(
        report.flags,
        vec![QualityFlag::NotInColour {
            mode: ScanMode::BlackAndWhite
        }]
    );
}

#[test]
fn blank_pages_are_found_by_number() {
    let pdf = scans::blank_pages_pdf(&spec("Bank statement", 4, ScanColour::Colour, 120), &[2, 4]);
    let report = worker()
        .inspect_blocking(doc("blank", pdf))
        .expect("inspect");
    assert!(
        report
            .flags
            .contains(&QualityFlag::BlankPages { pages: vec![2, 4] }),
        "{report:?}"
    );
    assert!(!report.has("not_in_colour"));
}

#[test]
fn a_coarse_scan_has_low_resolution() {
    let pdf = scans::low_resolution_pdf(&spec("Birth certificate", 1, ScanColour::Colour, 150), 50);
    let report = worker()
        .inspect_blocking(doc("lowres", pdf))
        .expect("inspect");
    assert_eq!(
        report.flags,
        vec![QualityFlag::LowResolution {
            pages: vec![1],
            lowest_dpi: 50,
            threshold_dpi: 120
        }],
        "{report:?}"
    );
}

#[test]
fn a_password_protected_document_is_flagged() {
    let pdf = scans::encrypted_pdf(&spec("Tax return", 1, ScanColour::Colour, 60), "1234");
    let report = worker()
        .inspect_blocking(doc("encrypted", pdf))
        .expect("inspect");
    assert_eq!(report.flags, vec![QualityFlag::PasswordProtected]);
    assert_eq!(report.page_count, None);
}

#[test]
fn a_corrupt_file_is_flagged() {
    let report = worker()
        .inspect_blocking(doc("corrupt", scans::corrupt_pdf(5)))
        .expect("inspect");
    assert!(
        matches!(report.flags.as_slice(), [QualityFlag::Corrupt { .. }]),
        "{report:?}"
    );
}

#[test]
fn a_jpeg_named_pdf_is_not_a_pdf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("passport.pdf");
    std::fs::write(&path, scans::not_a_pdf(2)).expect("write");
    let report = worker()
        .inspect_blocking(pdf::DocumentRef::path(&path))
        .expect("inspect");
    assert_eq!(
        report.flags,
        vec![QualityFlag::NotAPdf {
            detected: "a JPEG image".into()
        }]
    );
}

#[test]
fn an_empty_file_is_flagged() {
    let report = worker()
        .inspect_blocking(doc("empty", Vec::new()))
        .expect("inspect");
    assert_eq!(report.flags, vec![QualityFlag::EmptyFile]);
}

#[test]
fn many_pages_are_flagged_and_only_the_first_are_checked() {
    let report = worker()
        .inspect_blocking(doc("many", scans::many_pages_pdf(1500, 3)))
        .expect("inspect");
    assert_eq!(report.page_count, Some(1500));
    assert_eq!(report.checked_pages, 50);
    assert_eq!(report.page_sizes.len(), 1);
    assert_eq!(report.page_sizes[0].pages, 1500);
    assert!(
        report.flags.contains(&QualityFlag::ManyPages {
            pages: 1500,
            limit: 100
        }),
        "{report:?}"
    );
}

#[test]
fn a_born_digital_document_is_not_called_a_grey_scan() {
    let report = worker()
        .inspect_blocking(doc(
            "digital",
            scans::digital_pdf(&spec("Letter", 1, ScanColour::Colour, 72)),
        ))
        .expect("inspect");
    assert_eq!(report.flags, vec![], "{report:?}");
}

#[test]
fn reports_serialise_to_json_with_typed_flags() {
    let pdf = scans::scanned_pdf(&spec("Diploma", 1, ScanColour::Greyscale, 100));
    let report = worker()
        .inspect_blocking(doc("json", pdf))
        .expect("inspect");
    let json = serde_json::to_value(&report).expect("json");
    assert_eq!(json["page_count"], 1);
    assert_eq!(json["flags"][0]["kind"], "not_in_colour");
    assert_eq!(json["flags"][0]["mode"], "greyscale");
}
