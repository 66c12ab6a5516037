//! Writes one sample of each generator into a folder, for a person to look at:
//! `cargo run -p scans --example samples -- OUT_DIR`.

use std::time::Instant;

use scans::{ScanColour, ScanSpec};

/// A sample's file name and how to make it.
type Sample<'a> = (&'a str, Box<dyn Fn() -> Vec<u8> + 'a>);

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "scan-samples".into()),
    );
    std::fs::create_dir_all(&dir)?;
    let spec = ScanSpec {
        title: "Certificat de naissance / Birth certificate".into(),
        lines: vec![
            "Nom / Name: TREMBLAY, Élise Marie".into(),
            "Date de naissance / Date of birth: 2009-03-14".into(),
            "Lieu / Place: Montréal (Québec)".into(),
            "Père / Father: TREMBLAY, Jean".into(),
            "Mère / Mother: NGUYEN, Thi Lan".into(),
        ],
        pages: 1,
        colour: ScanColour::Colour,
        dpi: 150,
        seed: 42,
        text_layer: true,
    };
    let files: Vec<Sample> = vec![
        ("colour.pdf", Box::new(|| scans::scanned_pdf(&spec))),
        (
            "greyscale.pdf",
            Box::new(|| {
                scans::scanned_pdf(&ScanSpec {
                    colour: ScanColour::Greyscale,
                    ..spec.clone()
                })
            }),
        ),
        (
            "black-and-white.pdf",
            Box::new(|| {
                scans::scanned_pdf(&ScanSpec {
                    colour: ScanColour::BlackAndWhite,
                    ..spec.clone()
                })
            }),
        ),
        (
            "three-pages.pdf",
            Box::new(|| {
                scans::scanned_pdf(&ScanSpec {
                    pages: 3,
                    ..spec.clone()
                })
            }),
        ),
        (
            "blank-page-2.pdf",
            Box::new(|| {
                scans::blank_pages_pdf(
                    &ScanSpec {
                        pages: 3,
                        ..spec.clone()
                    },
                    &[2],
                )
            }),
        ),
        (
            "low-resolution.pdf",
            Box::new(|| scans::low_resolution_pdf(&spec, 50)),
        ),
        ("digital.pdf", Box::new(|| scans::digital_pdf(&spec))),
        (
            "encrypted.pdf",
            Box::new(|| scans::encrypted_pdf(&spec, "1234")),
        ),
        ("corrupt.pdf", Box::new(|| scans::corrupt_pdf(1))),
        ("not-a-pdf.pdf", Box::new(|| scans::not_a_pdf(1))),
    ];
    for (name, make) in files {
        let start = Instant::now();
        let bytes = make();
        std::fs::write(dir.join(name), &bytes)?;
        println!(
            "{name:22} {:>8} bytes {:>6.1} ms",
            bytes.len(),
            start.elapsed().as_secs_f64() * 1000.0
        );
    }
    Ok(())
}
