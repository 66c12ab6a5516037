//! `dossier bench pdf`: time to first page, per-page render and a 20-page thumbnail
//! strip through the render worker, the same pages by `pdftoppm` (poppler-utils) as a
//! reference in the same run, and the cache's peak against its bound.
//!
//! Ours is timed as served: a request to the worker (open, render, JPEG encode) with
//! the document closed and its pages evicted before each first-page run, pdfium in
//! its sandboxed helper process as in the app (`--in-process` for the engine alone:
//! the difference is the cost of isolation). `pdftoppm`
//! is timed as a process writing JPEGs, startup included, as poppler would be used.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use ::pdf::{DocumentRef, HelperCommand, Isolation, PdfWorker, RenderRequest, WorkerConfig};
use anyhow::{Context, bail};
use scans::{ScanColour, ScanSpec};

#[derive(Debug, clap::Args)]
pub struct PdfBenchArgs {
    /// A directory of PDFs (e.g. the demo documents); generated scans when absent.
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Width of a page view in pixels.
    #[arg(long, default_value_t = 1280)]
    width: u32,
    /// Width of a thumbnail in pixels.
    #[arg(long, default_value_t = 160)]
    thumb_width: u32,
    /// Bound of the page cache during the browsing run, in MiB.
    #[arg(long, default_value_t = 16)]
    cache_mib: usize,
    /// Run pdfium on the worker's thread instead of the app's sandboxed helper process.
    #[arg(long)]
    in_process: bool,
}

fn isolation(args: &PdfBenchArgs) -> anyhow::Result<Isolation> {
    Ok(if args.in_process {
        Isolation::InProcess
    } else {
        Isolation::Helper(HelperCommand::this_executable()?)
    })
}

struct Docs {
    one_page: Vec<PathBuf>,
    long: PathBuf,
    long_pages: u32,
    _dir: Option<tempfile::TempDir>,
}

fn generate() -> anyhow::Result<Docs> {
    let dir = tempfile::tempdir().context("creating a temporary directory")?;
    let mut one_page = Vec::new();
    for seed in 0..8u64 {
        let spec = ScanSpec {
            title: format!("Passeport / Passport {seed}"),
            lines: vec![
                "Nom / Name: TREMBLAY, Élise".into(),
                format!("No: ZX12345{seed}"),
            ],
            pages: 1,
            colour: ScanColour::Colour,
            dpi: 150,
            seed,
            text_layer: true,
        };
        let path = dir.path().join(format!("scan-{seed}.pdf"));
        std::fs::write(&path, scans::scanned_pdf(&spec))?;
        one_page.push(path);
    }
    let long = dir.path().join("statement-20.pdf");
    let spec = ScanSpec {
        title: "Relevé bancaire / Bank statement".into(),
        lines: (1..=200)
            .map(|i| format!("2024-01-{:02} transfer {i}", i % 28 + 1))
            .collect(),
        pages: 20,
        colour: ScanColour::Colour,
        dpi: 150,
        seed: 99,
        text_layer: true,
    };
    std::fs::write(&long, scans::scanned_pdf(&spec))?;
    Ok(Docs {
        one_page,
        long,
        long_pages: 20,
        _dir: Some(dir),
    })
}

fn from_dir(dir: &Path, worker: &PdfWorker) -> anyhow::Result<Docs> {
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")))
        .collect();
    pdfs.sort();
    let mut one_page = Vec::new();
    let mut long: Option<(PathBuf, u32)> = None;
    for p in pdfs {
        let Ok(info) = worker.info_blocking(DocumentRef::path(&p)) else {
            continue;
        };
        if info.page_count == 1 {
            one_page.push(p.clone());
        }
        if long.as_ref().is_none_or(|(_, n)| info.page_count > *n) {
            long = Some((p, info.page_count));
        }
    }
    let Some((long, long_pages)) = long else {
        bail!("no readable PDF in {}", dir.display())
    };
    if one_page.is_empty() {
        one_page.push(long.clone());
    }
    Ok(Docs {
        one_page,
        long,
        long_pages: long_pages.min(20),
        _dir: None,
    })
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The arguments given to pdftoppm for pages `first..=last` at `width` pixels wide:
/// JPEG at our quality (80), height following the page's ratio.
fn pdftoppm_args(first: u32, last: u32, width: u32) -> Vec<String> {
    [
        "-f",
        &first.to_string(),
        "-l",
        &last.to_string(),
        "-scale-to-x",
        &width.to_string(),
        "-scale-to-y",
        "-1",
        "-jpeg",
        "-jpegopt",
        "quality=80",
    ]
    .map(String::from)
    .to_vec()
}

/// Runs pdftoppm on pages `first..=last` at `width` pixels wide, JPEG output; `None`
/// when pdftoppm is not installed.
fn pdftoppm(file: &Path, first: u32, last: u32, width: u32, out: &Path) -> Option<Duration> {
    let start = Instant::now();
    let status = Command::new("pdftoppm")
        .args(pdftoppm_args(first, last, width))
        .arg(file)
        .arg(out)
        .status()
        .ok()?;
    status.success().then(|| start.elapsed())
}

/// pdftoppm's version line, e.g. "pdftoppm version 22.12.0".
fn pdftoppm_version() -> Option<String> {
    let out = Command::new("pdftoppm").arg("-v").output().ok()?;
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    text.lines().next().map(|l| l.trim().to_string())
}

fn ratio(ours: f64, reference: Option<f64>) -> String {
    match reference {
        Some(r) if r > 0.0 => format!("{:>8.1} ms  ratio {:.2}", r, ours / r),
        _ => "       n/a (pdftoppm not found: apt-get install poppler-utils)".into(),
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "MET" } else { "MISSED" }
}

pub fn run(args: PdfBenchArgs) -> anyhow::Result<()> {
    let isolation = isolation(&args)?;
    let worker = PdfWorker::start(WorkerConfig {
        prefetch_pages: 0,
        isolation: isolation.clone(),
        ..WorkerConfig::default()
    });
    if let Err(e) = worker.library() {
        bail!("{e}");
    }
    let docs = match &args.dir {
        Some(dir) => from_dir(dir, &worker)?,
        None => generate()?,
    };
    let scratch = tempfile::tempdir()?;
    let out = scratch.path().join("ref");
    println!(
        "pdf bench: {} one-page document(s), {}-page document {}, view {} px, thumbnails {} px",
        docs.one_page.len(),
        docs.long_pages,
        docs.long.display(),
        args.width,
        args.thumb_width
    );
    println!(
        "pdfium: {}",
        if args.in_process {
            "on the worker's thread (--in-process)"
        } else {
            "in the sandboxed helper process, as in the app"
        }
    );

    // Warm up: load the library's code paths and the disk cache once.
    let _ = worker.render_blocking(
        DocumentRef::path(&docs.one_page[0]),
        RenderRequest::view(1, args.width),
    );
    worker.close_document(DocumentRef::path(&docs.one_page[0]));
    let _ = pdftoppm(&docs.one_page[0], 1, 1, args.width, &out);

    // 1. Time to first page.
    let (mut ours, mut theirs, mut bytes) = (Vec::new(), Vec::new(), Vec::new());
    for _round in 0..3 {
        for file in &docs.one_page {
            let doc = DocumentRef::path(file);
            worker.close_document(doc.clone());
            let start = Instant::now();
            let page = worker.render_blocking(doc, RenderRequest::view(1, args.width))?;
            ours.push(ms(start.elapsed()));
            bytes.push(page.bytes.len() as f64);
            if let Some(t) = pdftoppm(file, 1, 1, args.width, &out) {
                theirs.push(ms(t));
            }
        }
    }
    let first = median(ours.clone());
    let reference = (!theirs.is_empty()).then(|| median(theirs));
    println!(
        "first page (open+render+jpeg) median {:>7.1} ms  max {:>7.1} ms  ({:.0} KB)  pdftoppm {}",
        first,
        ours.iter().copied().fold(0.0, f64::max),
        median(bytes) / 1024.0,
        ratio(first, reference)
    );
    println!(
        "  reference: `pdftoppm {} FILE OUT` ({}), timed as a process, startup included",
        pdftoppm_args(1, 1, args.width).join(" "),
        pdftoppm_version().unwrap_or_else(|| "not installed".into())
    );
    println!(
        "  goal: under 50 ms and at most half of pdftoppm: {}",
        verdict(first < 50.0 && reference.is_none_or(|r| first <= r / 2.0))
    );

    // 2. Per-page render of the long document.
    let long = DocumentRef::path(&docs.long);
    worker.close_document(long.clone());
    let _ = worker.info_blocking(long.clone())?;
    let mut per_page = Vec::new();
    for page in 1..=docs.long_pages {
        let start = Instant::now();
        worker.render_blocking(long.clone(), RenderRequest::view(page, args.width))?;
        per_page.push(ms(start.elapsed()));
    }
    let per = median(per_page);
    let reference = pdftoppm(&docs.long, 1, docs.long_pages, args.width, &out)
        .map(|t| ms(t) / f64::from(docs.long_pages));
    println!(
        "per page (render+jpeg, open doc) median {per:>7.1} ms  pdftoppm per page {}",
        ratio(per, reference)
    );

    // 3. Thumbnail strip.
    worker.close_document(long.clone());
    let start = Instant::now();
    for page in 1..=docs.long_pages {
        worker.render_blocking(
            long.clone(),
            RenderRequest::thumbnail(page, args.thumb_width),
        )?;
    }
    let strip = ms(start.elapsed());
    let reference = pdftoppm(&docs.long, 1, docs.long_pages, args.thumb_width, &out).map(ms);
    println!(
        "thumbnail strip ({} pages, open included) {strip:>7.1} ms  pdftoppm {}",
        docs.long_pages,
        ratio(strip, reference)
    );
    println!(
        "  goal: a 20-page strip under 300 ms: {}",
        verdict(strip < 300.0)
    );

    // 4. Cache bound while browsing with prefetch, at two zoom levels.
    let bound = args.cache_mib * 1024 * 1024;
    let browser = PdfWorker::start(WorkerConfig {
        cache_bytes: bound,
        prefetch_pages: 2,
        isolation,
        ..WorkerConfig::default()
    });
    for width in [args.width, args.width * 3 / 2] {
        for file in docs.one_page.iter().chain(std::iter::once(&docs.long)) {
            let doc = DocumentRef::path(file);
            let pages = browser.info_blocking(doc.clone())?.page_count.min(20);
            for page in 1..=pages {
                browser.render_blocking(doc.clone(), RenderRequest::view(page, width))?;
            }
        }
    }
    let stats = browser.stats_blocking()?;
    println!(
        "cache: peak {:.1} MiB of a {:.1} MiB bound ({} renders, {} prefetched, {} hits, {} evictions): {}",
        stats.cache.peak_bytes as f64 / 1048576.0,
        bound as f64 / 1048576.0,
        stats.renders,
        stats.prefetched,
        stats.cache.hits,
        stats.cache.evictions,
        if stats.cache.peak_bytes <= bound {
            "within bound"
        } else {
            "ABOVE BOUND"
        }
    );
    Ok(())
}
