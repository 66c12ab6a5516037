//! `dossier bench pdq`: the same scan in two files, measured on pages nobody here drew.
//!
//! The corpus is the pages of the PDF manuals installed under `/usr/share/doc` (Debian's
//! documentation packages, most gzipped; `--dir` for others), rendered by pdfium in
//! grey. Each page is
//! hashed with PDQ; pages below quality 50 (blank, nearly blank) are left out, as the
//! server leaves them out. Printed:
//! - the false-match rate: pairs of different pages (their pixels differ) within
//!   distance 31, over all pairs, with the closest such pairs named;
//! - the recall on rescans: a sample of pages rotated 1.5°, rescaled to 60%,
//!   recompressed as JPEG quality 30, with noise, with a scanner-bed border, and with
//!   all of these at once, each looked up among the originals;
//! - the lookup time with 100,000 pages indexed (the corpus, and copies of its hashes
//!   with 48 to 96 bits flipped to fill up), through the multi-index and by a scan of
//!   every entry in the same run, with their answers checked equal.

use std::path::{Path, PathBuf};
use std::time::Instant;

use ::pdf::{DocumentRef, ImageFormat, PdfWorker, RenderRequest, WorkerConfig};
use anyhow::{Context, bail};
use image::{GrayImage, ImageEncoder};
use pdq::{MATCH_DISTANCE, MIN_QUALITY, PageHash, PageIndex};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[derive(Debug, clap::Args)]
pub struct PdqBenchArgs {
    /// Folders searched (recursively) for PDF files.
    #[arg(long, default_value = "/usr/share/doc")]
    dir: Vec<PathBuf>,
    /// Most pages rendered and hashed.
    #[arg(long, default_value_t = 2000)]
    max_pages: usize,
    /// Width of the page renderings, in pixels.
    #[arg(long, default_value_t = 512)]
    width: u32,
    /// Pages rescanned (a sample of the corpus).
    #[arg(long, default_value_t = 300)]
    rescans: usize,
    /// Entries in the index for the lookup timing.
    #[arg(long, default_value_t = 100_000)]
    index_size: usize,
    /// Seed of the rescans' noise and the filler hashes.
    #[arg(long, default_value_t = 7)]
    seed: u64,
}

struct Page {
    name: String,
    image: GrayImage,
    hash: PageHash,
    quality: u8,
}

fn pdf_files(dirs: &[PathBuf]) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.path());
        for e in entries {
            let path = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                walk(&path, out);
            } else {
                let name = path.to_string_lossy().to_ascii_lowercase();
                if name.ends_with(".pdf") || name.ends_with(".pdf.gz") {
                    out.push(path);
                }
            }
        }
    }
    let mut out = Vec::new();
    for d in dirs {
        walk(d, &mut out);
    }
    out
}

fn hash(image: &GrayImage) -> anyhow::Result<(PageHash, u8)> {
    let h = pdq::hash_grey(image.width(), image.height(), image.as_raw())?;
    Ok((h.hash, h.quality))
}

fn render_corpus(args: &PdqBenchArgs) -> anyhow::Result<Vec<Page>> {
    let worker = PdfWorker::start(WorkerConfig {
        prefetch_pages: 0,
        cache_bytes: 0,
        ..WorkerConfig::default()
    });
    if let Err(e) = worker.library() {
        bail!("{e}");
    }
    let mut pages = Vec::new();
    'files: for file in pdf_files(&args.dir) {
        // Debian compresses most of its documentation.
        let doc = if file.extension().is_some_and(|x| x == "gz") {
            let mut bytes = Vec::new();
            let read = std::fs::File::open(&file).and_then(|f| {
                std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(f), &mut bytes)
            });
            if read.is_err() {
                continue;
            }
            DocumentRef::bytes(file.display().to_string(), bytes)
        } else {
            DocumentRef::path(&file)
        };
        let Ok(info) = worker.info_blocking(doc.clone()) else {
            continue;
        };
        for page in 1..=info.page_count {
            if pages.len() >= args.max_pages {
                break 'files;
            }
            let req = RenderRequest {
                format: ImageFormat::Png,
                ..RenderRequest::view(page, args.width)
            };
            let Ok(rendered) = worker.render_blocking(doc.clone(), req) else {
                continue;
            };
            let image = image::load_from_memory(&rendered.bytes)
                .context("decoding a rendered page")?
                .to_luma8();
            let (hash, quality) = hash(&image)?;
            pages.push(Page {
                name: format!(
                    "{}:{page}",
                    file.file_name().unwrap_or_default().to_string_lossy()
                ),
                image,
                hash,
                quality,
            });
        }
        worker.close_document(doc);
    }
    Ok(pages)
}

/// Rotates by `degrees` about the centre (bilinear), paper-white outside.
fn rotate(image: &GrayImage, degrees: f32) -> GrayImage {
    let (w, h) = image.dimensions();
    let (s, c) = degrees.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    GrayImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        let (sx, sy) = (c * dx + s * dy + cx, -s * dx + c * dy + cy);
        if sx < 0.0 || sy < 0.0 || sx >= (w - 1) as f32 || sy >= (h - 1) as f32 {
            return image::Luma([245]);
        }
        let (x0, y0) = (sx.floor() as u32, sy.floor() as u32);
        let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
        let p = |x: u32, y: u32| f32::from(image.get_pixel(x, y)[0]);
        let top = p(x0, y0) * (1.0 - fx) + p(x0 + 1, y0) * fx;
        let bottom = p(x0, y0 + 1) * (1.0 - fx) + p(x0 + 1, y0 + 1) * fx;
        image::Luma([(top * (1.0 - fy) + bottom * fy).round() as u8])
    })
}

fn rescale(image: &GrayImage, factor: f32) -> GrayImage {
    let (w, h) = image.dimensions();
    image::imageops::resize(
        image,
        ((w as f32 * factor) as u32).max(8),
        ((h as f32 * factor) as u32).max(8),
        image::imageops::FilterType::Triangle,
    )
}

fn recompress(image: &GrayImage, quality: u8) -> anyhow::Result<GrayImage> {
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, quality).write_image(
        image.as_raw(),
        image.width(),
        image.height(),
        image::ExtendedColorType::L8,
    )?;
    Ok(image::load_from_memory(&jpeg)?.to_luma8())
}

fn noise(image: &GrayImage, rng: &mut ChaCha8Rng) -> GrayImage {
    let mut out = image.clone();
    for p in out.pixels_mut() {
        let n: i16 = rng.gen_range(-20..=20);
        p[0] = (i16::from(p[0]) + n).clamp(0, 255) as u8;
    }
    out
}

fn border(image: &GrayImage) -> GrayImage {
    let (w, h) = image.dimensions();
    let pad = w / 20;
    let mut out = GrayImage::from_pixel(w + 2 * pad, h + 2 * pad, image::Luma([200]));
    image::imageops::overlay(&mut out, image, i64::from(pad), i64::from(pad));
    out
}

pub fn run(args: PdqBenchArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let corpus = render_corpus(&args)?;
    let render_secs = started.elapsed().as_secs_f64();
    let files = corpus
        .iter()
        .map(|p| p.name.rsplit_once(':').map_or("", |(f, _)| f))
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let usable: Vec<&Page> = corpus.iter().filter(|p| p.quality >= MIN_QUALITY).collect();
    println!(
        "pdq bench: {} pages of {files} PDF manuals under {} rendered {} px wide in {render_secs:.1} s; {} of quality {MIN_QUALITY} or more",
        corpus.len(),
        args.dir
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        args.width,
        usable.len()
    );
    if usable.len() < 100 {
        bail!(
            "too few pages to measure ({}): install documentation PDFs, e.g. `apt-get install auto-multiple-choice-doc-pdf gri-pdf-doc camlidl-doc docbook-xsl-doc-pdf freefem-doc`, or give --dir",
            usable.len()
        );
    }

    // 1. False matches across distinct pages.
    let mut pairs = 0u64;
    let mut false_matches = Vec::new();
    let mut same_pixels = 0u64;
    for (i, a) in usable.iter().enumerate() {
        for b in &usable[i + 1..] {
            if a.image == b.image {
                same_pixels += 1;
                continue;
            }
            pairs += 1;
            let d = a.hash.distance(&b.hash);
            if d <= MATCH_DISTANCE {
                false_matches.push((d, a.name.clone(), b.name.clone()));
            }
        }
    }
    false_matches.sort();
    println!(
        "false matches: {} of {pairs} pairs of different pages within distance {MATCH_DISTANCE} ({:.4} %); {same_pixels} pairs of identical pages left out",
        false_matches.len(),
        100.0 * false_matches.len() as f64 / pairs.max(1) as f64
    );
    for (d, a, b) in false_matches.iter().take(5) {
        println!("  distance {d:>2}: {a}  ~  {b}");
    }

    // 2. Recall on rescans.
    let mut originals = PageIndex::new();
    for (i, p) in usable.iter().enumerate() {
        originals.insert(p.hash, i);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let step = (usable.len() / args.rescans.max(1)).max(1);
    let sample: Vec<usize> = (0..usable.len()).step_by(step).take(args.rescans).collect();
    type Rescan = fn(&GrayImage, &mut ChaCha8Rng) -> anyhow::Result<GrayImage>;
    let variants: [(&str, Rescan); 6] = [
        ("rotated 1.5°", |i, _| Ok(rotate(i, 1.5))),
        ("rescaled to 60 %", |i, _| Ok(rescale(i, 0.6))),
        ("JPEG quality 30", |i, _| recompress(i, 30)),
        ("noise ±20", |i, r| Ok(noise(i, r))),
        ("5 % border", |i, _| Ok(border(i))),
        ("all at once", |i, r| {
            recompress(&border(&noise(&rescale(&rotate(i, 1.5), 0.6), r)), 30)
        }),
    ];
    let mut combined = Vec::new();
    for (name, make) in variants {
        let (mut found, mut distances) = (0usize, Vec::new());
        for &i in &sample {
            let rescan = make(&usable[i].image, &mut rng)?;
            let (h, _) = hash(&rescan)?;
            distances.push(h.distance(&usable[i].hash));
            if originals
                .matches(&h, MATCH_DISTANCE)
                .iter()
                .any(|m| m.item == i)
            {
                found += 1;
            }
            if name == "all at once" {
                combined.push(h);
            }
        }
        distances.sort_unstable();
        println!(
            "recall, {name:<17} {found:>4} of {} ({:>5.1} %)  median distance {:>2}, 90th percentile {:>2}",
            sample.len(),
            100.0 * found as f64 / sample.len().max(1) as f64,
            distances[distances.len() / 2],
            distances[distances.len() * 9 / 10]
        );
    }

    // 3. Lookup time at `index_size` entries.
    let mut index = PageIndex::new();
    for (i, p) in usable.iter().enumerate() {
        index.insert(p.hash, i);
    }
    let mut filler = 0usize;
    while index.len() < args.index_size {
        let mut h = usable[filler % usable.len()].hash;
        for _ in 0..rng.gen_range(48..=96) {
            let b: usize = rng.gen_range(0..256);
            h.0[b / 64] ^= 1 << (b % 64);
        }
        index.insert(h, usize::MAX - filler);
        filler += 1;
    }
    let time = |f: &dyn Fn(&PageHash) -> usize| {
        let start = Instant::now();
        let hits: usize = combined.iter().map(f).sum();
        (
            start.elapsed().as_secs_f64() * 1e6 / combined.len() as f64,
            hits,
        )
    };
    let (indexed, hits_indexed) = time(&|h| index.matches(h, MATCH_DISTANCE).len());
    let (scanned, hits_scanned) = time(&|h| index.scan(h, MATCH_DISTANCE).len());
    println!(
        "lookup among {} pages: multi-index {indexed:>8.1} µs  scan of every entry {scanned:>8.1} µs  ratio {:.3}  ({} and {} matches: {})",
        index.len(),
        indexed / scanned,
        hits_indexed,
        hits_scanned,
        if hits_indexed == hits_scanned {
            "the same"
        } else {
            "DIFFERENT"
        }
    );
    if hits_indexed != hits_scanned {
        bail!("the index and the scan disagree");
    }
    Ok(())
}
