//! Writes the seed corpus of the fuzz target into the folder given as argument: small
//! generated PDFs of every kind the app meets (colour, greyscale, black-and-white,
//! multi-page, blank pages, encrypted, corrupt, truncated, not a PDF, many pages, huge
//! page, a small image bomb).

use scans::{ScanColour, ScanSpec};

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "corpus".into()));
    std::fs::create_dir_all(&dir)?;
    let spec = |colour, pages| ScanSpec {
        title: "Seed".into(),
        lines: vec!["Nom: TREMBLAY".into(), "No ZX123456".into()],
        pages,
        colour,
        dpi: 20,
        seed: 1,
        text_layer: true,
    };
    let seeds: Vec<(&str, Vec<u8>)> = vec![
        (
            "colour.pdf",
            scans::scanned_pdf(&spec(ScanColour::Colour, 1)),
        ),
        (
            "grey-2.pdf",
            scans::scanned_pdf(&spec(ScanColour::Greyscale, 2)),
        ),
        (
            "bw.pdf",
            scans::scanned_pdf(&spec(ScanColour::BlackAndWhite, 1)),
        ),
        (
            "blank.pdf",
            scans::blank_pages_pdf(&spec(ScanColour::Colour, 2), &[2]),
        ),
        (
            "digital.pdf",
            scans::digital_pdf(&spec(ScanColour::Colour, 1)),
        ),
        (
            "encrypted.pdf",
            scans::encrypted_pdf(&spec(ScanColour::Colour, 1), "pw"),
        ),
        ("corrupt.pdf", scans::corrupt_pdf(1)),
        (
            "truncated.pdf",
            scans::truncated_pdf(&spec(ScanColour::Colour, 2), 0.6),
        ),
        ("not-a-pdf.pdf", scans::not_a_pdf(1)),
        ("many.pdf", scans::many_pages_pdf(300, 1)),
        ("huge.pdf", scans::huge_page_pdf(14_400.0, 1)),
        ("bomb.pdf", scans::image_bomb_pdf(3_000, 1)),
    ];
    for (name, bytes) in seeds {
        std::fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}
