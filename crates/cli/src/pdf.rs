//! `dossier pdf ...`: inspect and render PDF files through the pdf crate.
//!
//! `inspect` prints one JSON line per file: `{"file", "page_count", "page_sizes",
//! "checked_pages", "flags"}` or `{"file", "error": {"code", "message"}}`. A document
//! problem (corrupt, password-protected, not a PDF) is a flag, not an error; the exit
//! status is non-zero only when a file could not be checked at all.

use std::path::{Path, PathBuf};

use ::pdf::{DocumentRef, ImageFormat, PdfWorker, RenderRequest, Rotation, WorkerConfig};
use anyhow::{Context, bail};

#[derive(Debug, clap::Subcommand)]
pub enum PdfCommand {
    /// Print one JSON line per file: page count, page sizes, quality flags, or an error.
    Inspect(InspectArgs),
    /// Render one page to an image file (PNG, or JPEG/WebP by the output's extension).
    Render(RenderArgs),
}

#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// The PDF files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Password for protected files.
    #[arg(long)]
    password: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The PDF file.
    file: PathBuf,
    /// Page number, from 1.
    #[arg(long, default_value_t = 1)]
    page: u32,
    /// Width of the image in pixels.
    #[arg(long, default_value_t = 1280)]
    width: u32,
    /// Clockwise rotation in degrees (0, 90, 180, 270).
    #[arg(long, default_value_t = 0)]
    rotate: i32,
    /// Password for a protected file.
    #[arg(long)]
    password: Option<String>,
    /// Output file (.png, .jpg/.jpeg or .webp).
    #[arg(short, long)]
    output: PathBuf,
}

fn start_worker() -> anyhow::Result<PdfWorker> {
    // Files given on the command line may be hostile: pdfium in its sandboxed helper.
    let worker = PdfWorker::start(WorkerConfig {
        prefetch_pages: 0,
        isolation: ::pdf::Isolation::Helper(::pdf::HelperCommand::this_executable()?),
        ..WorkerConfig::default()
    });
    if let Err(e) = worker.library() {
        bail!("{e}");
    }
    Ok(worker)
}

fn document(path: &Path, password: &Option<String>) -> DocumentRef {
    let doc = DocumentRef::path(path);
    match password {
        Some(p) => doc.with_password(p.clone()),
        None => doc,
    }
}

fn format_for(path: &Path) -> anyhow::Result<ImageFormat> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("png") => Ok(ImageFormat::Png),
        Some("jpg" | "jpeg") => Ok(ImageFormat::Jpeg { quality: 90 }),
        Some("webp") => Ok(ImageFormat::WebpLossless),
        _ => bail!(
            "cannot tell the image format of {}: name it .png, .jpg or .webp",
            path.display()
        ),
    }
}

pub fn run(cmd: PdfCommand) -> anyhow::Result<()> {
    match cmd {
        PdfCommand::Inspect(args) => inspect(args),
        PdfCommand::Render(args) => render(args),
    }
}

fn inspect(args: InspectArgs) -> anyhow::Result<()> {
    let worker = start_worker()?;
    let mut failures = 0;
    for file in &args.files {
        let line = match worker.inspect_blocking(document(file, &args.password)) {
            Ok(report) => {
                let mut value = serde_json::to_value(&report)?;
                if let Some(map) = value.as_object_mut() {
                    map.insert("file".into(), file.display().to_string().into());
                }
                value
            }
            Err(e) => {
                failures += 1;
                serde_json::json!({
                    "file": file.display().to_string(),
                    "error": { "code": e.code(), "message": e.to_string() },
                })
            }
        };
        println!("{line}");
    }
    if failures > 0 {
        bail!(
            "{failures} of {} file(s) could not be inspected",
            args.files.len()
        );
    }
    Ok(())
}

fn render(args: RenderArgs) -> anyhow::Result<()> {
    let format = format_for(&args.output)?;
    let worker = start_worker()?;
    let request = RenderRequest {
        rotation: Rotation::from_degrees(args.rotate),
        format,
        ..RenderRequest::view(args.page, args.width)
    };
    let page = worker
        .render_blocking(document(&args.file, &args.password), request)
        .with_context(|| format!("rendering page {} of {}", args.page, args.file.display()))?;
    std::fs::write(&args.output, &page.bytes)
        .with_context(|| format!("writing {}", args.output.display()))?;
    println!(
        "{}",
        serde_json::json!({
            "file": args.file.display().to_string(),
            "page": args.page,
            "width": page.width,
            "height": page.height,
            "output": args.output.display().to_string(),
            "bytes": page.bytes.len(),
        })
    );
    Ok(())
}
