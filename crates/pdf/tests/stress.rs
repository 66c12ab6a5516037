//! Hammers the worker from many tokio tasks at once (pdfium-render's own `thread_safe`
//! feature does not make concurrent use safe; the worker must), and runs two workers
//! side by side, which the process-wide pdfium lock must keep apart.

mod common;

use common::{doc, spec};
use pdf::{PdfError, PdfWorker, RenderRequest, WorkerConfig};
use scans::ScanColour;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_tasks_at_once_all_get_answers() {
    let workers = [
        PdfWorker::start(WorkerConfig {
            cache_bytes: 4 * 1024 * 1024,
            ..WorkerConfig::default()
        }),
        PdfWorker::start(WorkerConfig {
            cache_bytes: 4 * 1024 * 1024,
            ..WorkerConfig::default()
        }),
    ];
    assert!(
        workers[0].library().is_ok(),
        "these tests need pdfium: {:?}",
        workers[0].library()
    );
    let docs = vec![
        doc(
            "stress-colour",
            scans::scanned_pdf(&spec("Colour", 5, ScanColour::Colour, 40)),
        ),
        doc(
            "stress-grey",
            scans::scanned_pdf(&spec("Grey", 3, ScanColour::Greyscale, 40)),
        ),
        doc(
            "stress-bw",
            scans::scanned_pdf(&spec("BW", 2, ScanColour::BlackAndWhite, 40)),
        ),
        doc("stress-corrupt", scans::corrupt_pdf(1)),
        doc(
            "stress-locked",
            scans::encrypted_pdf(&spec("Locked", 1, ScanColour::Colour, 40), "pw"),
        ),
    ];
    let mut tasks = Vec::new();
    for t in 0..64u32 {
        let w = workers[(t % 2) as usize].clone();
        let docs = docs.clone();
        tasks.push(tokio::spawn(async move {
            let mut ok = 0u32;
            for i in 0..12u32 {
                let d = docs[((t + i) % docs.len() as u32) as usize].clone();
                let r: Result<(), PdfError> = match (t + i) % 5 {
                    0 | 1 => w
                        .render(d, RenderRequest::view(1 + i % 5, 200 + 40 * (i % 4)))
                        .await
                        .map(|_| ()),
                    2 => w
                        .render(d, RenderRequest::thumbnail(1 + i % 3, 120))
                        .await
                        .map(|_| ()),
                    3 => w.info(d).await.map(|_| ()),
                    _ => w.search(d, "Colour").await.map(|_| ()),
                };
                match r {
                    Ok(()) => ok += 1,
                    Err(
                        PdfError::Corrupt { .. }
                        | PdfError::PasswordRequired
                        | PdfError::PageOutOfRange { .. },
                    ) => {}
                    Err(e) => panic!("task {t} request {i}: unexpected {e:?}"),
                }
            }
            ok
        }));
    }
    let mut answered = 0;
    for task in tasks {
        answered += task.await.expect("no task panicked");
    }
    assert!(answered > 300, "only {answered} successful answers");
    for w in &workers {
        let stats = w.stats().await.expect("stats");
        assert_eq!(stats.panics, 0);
        assert!(stats.cache.peak_bytes <= 4 * 1024 * 1024);
    }
}

#[test]
fn blocking_callers_from_many_threads() {
    let w = common::worker().clone();
    let d = doc(
        "threads",
        scans::scanned_pdf(&spec("Threads", 3, ScanColour::Colour, 40)),
    );
    let handles: Vec<_> = (0..16)
        .map(|i| {
            let (w, d) = (w.clone(), d.clone());
            std::thread::spawn(move || {
                w.render_blocking(d, RenderRequest::view(1 + i % 3, 300))
                    .map(|p| p.width)
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().expect("thread"), Ok(300));
    }
}
