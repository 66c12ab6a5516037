//! pdfium in its own process: a crash or a hang in the helper ends only the helper, a
//! render past its limit is killed, the next document displays, and the helper can
//! neither open a file nor a socket once started.

mod common;

use std::time::{Duration, Instant};

use common::{doc, helper_command, spec};
use pdf::helper::client::HelperClient;
use pdf::helper::{ABORT_MARKER, FAULTS_ENV, HANG_MARKER};
use pdf::{
    LibrarySearch, Limits, PdfError, PdfWorker, QualityOptions, RenderRequest, WorkerConfig,
};
use scans::ScanColour;

/// A readable scan, with `marker` appended as a PDF comment after its end.
fn scan_with(marker: &[u8], seed: u64) -> Vec<u8> {
    let mut s = spec("Fault", 2, ScanColour::Greyscale, 100);
    s.seed = seed;
    let mut bytes = scans::scanned_pdf(&s);
    bytes.extend_from_slice(b"\n");
    bytes.extend_from_slice(marker);
    bytes.extend_from_slice(b"\n");
    bytes
}

fn good(name: &str) -> pdf::DocumentRef {
    doc(
        name,
        scans::scanned_pdf(&spec(name, 3, ScanColour::Colour, 120)),
    )
}

/// The live processes whose command line carries `--test-tag=<tag>`.
fn helpers_tagged(tag: &str) -> usize {
    let needle = format!("--test-tag={tag}");
    std::fs::read_dir("/proc")
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter(|e| {
                    std::fs::read(e.path().join("cmdline"))
                        .is_ok_and(|c| c.split(|&b| b == 0).any(|arg| arg == needle.as_bytes()))
                        && !std::fs::read_to_string(e.path().join("stat"))
                            .is_ok_and(|s| s.contains(") Z "))
                })
                .count()
        })
        .unwrap_or(0)
}

fn faulty_worker(tag: &str, limit: Duration) -> PdfWorker {
    let worker = PdfWorker::start(WorkerConfig::isolated(
        helper_command(tag)
            .with_env(FAULTS_ENV, "1")
            .with_call_limit(limit),
    ));
    if let Err(e) = worker.library() {
        panic!("this test needs pdfium and the render helper: {e}");
    }
    worker
}

#[test]
fn a_crash_in_pdfium_ends_only_the_helper_and_the_next_document_displays() {
    let worker = faulty_worker("crash", Duration::from_secs(20));
    let before = worker.render_blocking(good("before-crash"), RenderRequest::view(1, 600));
    assert!(before.is_ok(), "{before:?}");

    let crash = doc("crash", scan_with(ABORT_MARKER, 1));
    let r = worker.render_blocking(crash.clone(), RenderRequest::view(1, 600));
    assert!(
        matches!(&r, Err(PdfError::RendererCrashed { detail }) if detail.contains("signal 6")),
        "{r:?}"
    );
    // The quality check of such a document reports it, rather than failing.
    let report = worker.inspect_blocking(crash).expect("inspect answers");
    assert!(report.has("corrupt"), "{report:?}");

    let next = worker
        .render_blocking(good("after-crash"), RenderRequest::view(2, 600))
        .expect("the next document displays");
    assert_eq!(next.width, 600);
    let stats = worker.stats_blocking().expect("stats");
    assert_eq!(stats.helpers_crashed, 2, "{stats:?}");
    assert_eq!(stats.helpers_started, 3, "{stats:?}");
    assert_eq!(helpers_tagged("crash"), 1, "one helper left running");
}

#[test]
fn a_render_past_its_limit_is_killed_and_the_next_document_displays() {
    let limit = Duration::from_secs(2);
    let worker = faulty_worker("hang", limit);
    assert_eq!(helpers_tagged("hang"), 1);
    let started = Instant::now();
    let r = worker.render_blocking(
        doc("hang", scan_with(HANG_MARKER, 2)),
        RenderRequest::view(1, 600),
    );
    let took = started.elapsed();
    assert!(
        matches!(r, Err(PdfError::RenderKilled { millis: 2000 })),
        "{r:?}"
    );
    assert!(
        took >= limit && took < limit + Duration::from_secs(3),
        "{took:?}"
    );
    let next = worker
        .render_blocking(good("after-hang"), RenderRequest::view(1, 500))
        .expect("the next document displays");
    assert_eq!(next.width, 500);
    let stats = worker.stats_blocking().expect("stats");
    assert_eq!(
        (stats.helpers_killed, stats.helpers_started),
        (1, 2),
        "{stats:?}"
    );
    // The hung helper is gone: only the fresh one remains.
    assert_eq!(helpers_tagged("hang"), 1);
}

#[test]
fn without_the_test_switch_the_markers_do_nothing() {
    let worker = PdfWorker::start(WorkerConfig::isolated(helper_command("no-faults")));
    for (name, marker) in [("abort", ABORT_MARKER), ("hang", HANG_MARKER)] {
        let page = worker
            .render_blocking(doc(name, scan_with(marker, 3)), RenderRequest::view(1, 400))
            .expect("renders");
        assert_eq!(page.width, 400);
    }
}

#[test]
fn the_helper_draws_what_the_engine_draws() {
    let isolated = PdfWorker::start(WorkerConfig::isolated(helper_command("same")));
    let local = common::worker();
    let d = good("same-pixels");
    for page in 1..=3 {
        let req = RenderRequest::view(page, 700);
        let a = isolated.render_blocking(d.clone(), req).expect("isolated");
        let b = local.render_blocking(d.clone(), req).expect("in process");
        assert_eq!((a.width, a.height), (b.width, b.height));
        assert_eq!(a.bytes, b.bytes, "page {page}");
    }
    let info = isolated.info_blocking(d.clone()).expect("info");
    assert_eq!(info, local.info_blocking(d.clone()).expect("info"));
    let hits = isolated
        .search_blocking(d.clone(), "tremblay")
        .expect("search");
    assert_eq!(hits, local.search_blocking(d, "tremblay").expect("search"));
    assert!(!hits.hits.is_empty());
}

/// Whether this kernel offers Landlock: a ruleset that must be enforced fully can be
/// created (and is never applied to this process).
fn kernel_has_landlock() -> bool {
    use landlock::{ABI, Access, AccessFs, CompatLevel, Compatible, Ruleset, RulesetAttr};
    Ruleset::default()
        .set_compatibility(CompatLevel::HardRequirement)
        .handle_access(AccessFs::from_all(ABI::V1))
        .and_then(|r| r.create())
        .is_ok()
}

#[test]
fn the_started_helper_opens_no_file_and_no_socket() {
    let library = LibrarySearch::standard()
        .locate()
        .expect("this test needs pdfium");
    // Readable by this process, so only the sandbox can refuse it.
    let readable = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    assert!(std::fs::File::open(&readable).is_ok());
    assert!(std::net::UdpSocket::bind("127.0.0.1:0").is_ok());

    let mut client = HelperClient::new(
        helper_command("probe"),
        library,
        Limits::default(),
        QualityOptions::default(),
    );
    let (file_opened, socket_opened) = client.probe(readable).expect("probe");
    assert!(!file_opened, "the helper opened a file after start-up");
    assert!(!socket_opened, "the helper opened a socket");
    let sandbox = client.sandbox().expect("reported");
    assert!(sandbox.seccomp, "{sandbox:?}");
    assert_eq!(sandbox.landlock, kernel_has_landlock(), "{sandbox:?}");
}

#[test]
fn a_missing_helper_program_is_a_clear_error_not_a_crash() {
    let worker = PdfWorker::start(WorkerConfig::isolated(pdf::HelperCommand::new(
        "/nonexistent/dossier-pdf-helper",
        ["pdf-helper"],
    )));
    let e = worker.library().expect_err("no helper");
    assert!(matches!(e, PdfError::RendererUnavailable { .. }), "{e:?}");
    let r = worker.render_blocking(good("no-helper"), RenderRequest::view(1, 300));
    assert!(
        matches!(r, Err(PdfError::RendererUnavailable { .. })),
        "{r:?}"
    );
}
