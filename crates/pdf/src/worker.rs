//! The render worker: one thread that owns pdfium, fed by a channel, with a page cache,
//! prefetch of the next pages, and cancellation of requests nobody wants any more.
//!
//! Callers hold a cheap, cloneable [`PdfWorker`] handle and use either the async API
//! (`render`, `info`, `search`, `inspect`, `stats`; safe to await from any tokio task,
//! e.g. a Tauri asynchronous URI scheme handler) or the blocking one (`*_blocking`,
//! for the CLI and tests). The worker thread drains the channel into a queue and runs,
//! in order: control messages, document info and page views (newest view first: the
//! officer wants the page they flipped to, not the ones they flipped past), searches,
//! thumbnails, quality inspections, then prefetches. Before running a job it drops it
//! if the caller stopped waiting, if a newer [`ViewTicket`] generation arrived for the
//! same view, or if it waited past its deadline in the queue.
//!
//! pdfium runs either on this thread ([`Isolation::InProcess`], for the CLI's tools and
//! engine tests) or in a helper process ([`Isolation::Helper`], for the app and the
//! server, see [`crate::helper`]), where a render past its limit is killed and a crash
//! ends only the helper. Either way time and memory are bounded before a page is
//! rendered ([`crate::Limits`]: pixel-count clamps, declared image pixels, object
//! counts, decompressed stream sizes). A panic inside a job is caught and reported as
//! an error; the worker keeps serving.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::oneshot;

use crate::cache::{CacheStats, CachedImage, PageCache, PageKey};
use crate::encode;
use crate::engine::Engine;
use crate::error::PdfError;
use crate::helper::client::HelperClient;
use crate::helper::wire::{Request, Response};
use crate::helper::{HelperCommand, Isolation};
use crate::library::{self, LibrarySearch};
use crate::page::{
    DocumentInfo, DocumentRef, Limits, Purpose, RenderRequest, RenderedPage, SearchResults,
    ViewTicket,
};
use crate::quality::{QualityOptions, QualityReport};

/// How the worker is set up.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Where to find the pdfium library.
    pub library: LibrarySearch,
    /// Bounds for pathological pages.
    pub limits: Limits,
    /// Bound of the page cache, in bytes of encoded images.
    pub cache_bytes: usize,
    /// How many pages after a viewed page are rendered ahead.
    pub prefetch_pages: u32,
    /// Thresholds of the quality checks.
    pub quality: QualityOptions,
    /// How long a request may wait in the queue before it is answered
    /// [`PdfError::TimedOut`] (and, for the blocking API, how long a caller waits).
    pub queue_timeout: Duration,
    /// Where pdfium runs: on the worker's thread, or in a helper process.
    pub isolation: Isolation,
}

impl WorkerConfig {
    /// The default setup with pdfium in a helper process started from `command`.
    pub fn isolated(command: HelperCommand) -> Self {
        Self {
            isolation: Isolation::Helper(command),
            ..Self::default()
        }
    }
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self {
            library: LibrarySearch::standard(),
            limits: Limits::default(),
            cache_bytes: 96 * 1024 * 1024,
            prefetch_pages: 2,
            quality: QualityOptions::default(),
            queue_timeout: Duration::from_secs(30),
            isolation: Isolation::InProcess,
        }
    }
}

/// Counters of the worker.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct WorkerStats {
    /// The page cache.
    pub cache: CacheStats,
    /// Pages rendered (cache misses, prefetches included).
    pub renders: u64,
    /// Pages rendered ahead by prefetch.
    pub prefetched: u64,
    /// Requests dropped because they were stale or abandoned.
    pub cancelled: u64,
    /// Requests answered "timed out" because they waited too long in the queue.
    pub timed_out: u64,
    /// Jobs that panicked (caught; the worker kept going).
    pub panics: u64,
    /// The longest queue seen.
    pub queue_peak: usize,
    /// Render helpers started (isolated workers; the first one included).
    pub helpers_started: u64,
    /// Render helpers that died during a request (pdfium crashed).
    pub helpers_crashed: u64,
    /// Render helpers killed past their time limit.
    pub helpers_killed: u64,
}

enum Reply<T> {
    Async(oneshot::Sender<Result<T, PdfError>>),
    Blocking(mpsc::SyncSender<Result<T, PdfError>>),
}

impl<T> Reply<T> {
    fn send(self, value: Result<T, PdfError>) {
        // A caller that stopped waiting is not an error.
        match self {
            Self::Async(tx) => {
                let _ = tx.send(value);
            }
            Self::Blocking(tx) => {
                let _ = tx.send(value);
            }
        }
    }

    fn is_closed(&self) -> bool {
        match self {
            Self::Async(tx) => tx.is_closed(),
            Self::Blocking(_) => false,
        }
    }
}

enum Task {
    Render {
        doc: DocumentRef,
        req: RenderRequest,
        reply: Option<Reply<RenderedPage>>,
    },
    Info {
        doc: DocumentRef,
        reply: Reply<DocumentInfo>,
    },
    Search {
        doc: DocumentRef,
        query: String,
        reply: Reply<SearchResults>,
    },
    Inspect {
        doc: DocumentRef,
        reply: Reply<QualityReport>,
    },
    Stats {
        reply: Reply<WorkerStats>,
    },
    Close {
        doc: DocumentRef,
    },
}

struct Job {
    task: Task,
    seq: u64,
    deadline: Instant,
}

impl Job {
    /// Lower runs first.
    fn priority(&self) -> u8 {
        match &self.task {
            Task::Stats { .. } | Task::Close { .. } => 0,
            Task::Info { .. } => 1,
            Task::Render {
                reply: Some(_),
                req,
                ..
            } if req.purpose == Purpose::View => 1,
            Task::Search { .. } => 2,
            Task::Render { reply: Some(_), .. } => 3,
            Task::Inspect { .. } => 4,
            Task::Render { reply: None, .. } => 5,
        }
    }

    /// Order within a priority: views newest first, everything else oldest first.
    fn order(&self) -> (u8, i128) {
        let newest_first = matches!(&self.task, Task::Render { reply: Some(_), req, .. } if req.purpose == Purpose::View);
        (
            self.priority(),
            if newest_first {
                -i128::from(self.seq)
            } else {
                i128::from(self.seq)
            },
        )
    }

    fn ticket(&self) -> Option<ViewTicket> {
        match &self.task {
            Task::Render { req, .. } => req.ticket,
            _ => None,
        }
    }

    fn is_abandoned(&self) -> bool {
        match &self.task {
            Task::Render { reply: Some(r), .. } => r.is_closed(),
            Task::Info { reply, .. } => reply.is_closed(),
            Task::Search { reply, .. } => reply.is_closed(),
            Task::Inspect { reply, .. } => reply.is_closed(),
            Task::Stats { reply } => reply.is_closed(),
            Task::Render { reply: None, .. } | Task::Close { .. } => false,
        }
    }

    fn fail(self, e: PdfError) {
        match self.task {
            Task::Render { reply: Some(r), .. } => r.send(Err(e)),
            Task::Info { reply, .. } => reply.send(Err(e)),
            Task::Search { reply, .. } => reply.send(Err(e)),
            Task::Inspect { reply, .. } => reply.send(Err(e)),
            Task::Stats { reply } => reply.send(Err(e)),
            Task::Render { reply: None, .. } | Task::Close { .. } => {}
        }
    }
}

type Generations = Arc<Mutex<HashMap<u64, u64>>>;

struct Shared {
    tx: Mutex<Option<mpsc::Sender<Job>>>,
    library: Result<PathBuf, PdfError>,
    generations: Generations,
    seq: std::sync::atomic::AtomicU64,
    queue_timeout: Duration,
}

/// A handle to the render worker; clone it freely. When the last handle is dropped the
/// channel closes and the thread ends after its queue (it is not joined, so dropping a
/// handle never blocks an async task).
#[derive(Clone)]
pub struct PdfWorker {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for PdfWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfWorker")
            .field("library", &self.shared.library)
            .finish()
    }
}

impl PdfWorker {
    /// Starts the worker thread and loads pdfium on it. Never fails: when the library
    /// is missing or unusable, [`PdfWorker::library`] says why and every request is
    /// answered with that error, so the app can start and show it.
    pub fn start(config: WorkerConfig) -> Self {
        let (tx, rx) = mpsc::channel::<Job>();
        let (status_tx, status_rx) = mpsc::sync_channel(1);
        let generations: Generations = Arc::default();
        let gens = generations.clone();
        let queue_timeout = config.queue_timeout;
        let spawned = std::thread::Builder::new()
            .name("pdfium-worker".into())
            .spawn(move || run(config, rx, status_tx, gens));
        let library = match spawned {
            Ok(_detached) => status_rx.recv().unwrap_or(Err(PdfError::WorkerStopped)),
            Err(_) => Err(PdfError::WorkerStopped),
        };
        Self {
            shared: Arc::new(Shared {
                tx: Mutex::new(Some(tx)),
                library,
                generations,
                seq: std::sync::atomic::AtomicU64::new(0),
                queue_timeout,
            }),
        }
    }

    /// The pdfium library in use, or why there is none.
    pub fn library(&self) -> Result<&PathBuf, &PdfError> {
        self.shared.library.as_ref()
    }

    fn submit(&self, task: Task) -> Result<(), PdfError> {
        if let Task::Render {
            req: RenderRequest {
                ticket: Some(t), ..
            },
            ..
        } = &task
            && let Ok(mut g) = self.shared.generations.lock()
        {
            let latest = g.entry(t.view).or_insert(t.generation);
            *latest = (*latest).max(t.generation);
        }
        let seq = self
            .shared
            .seq
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let job = Job {
            task,
            seq,
            deadline: Instant::now() + self.shared.queue_timeout,
        };
        let tx = self.shared.tx.lock().map_err(|_| PdfError::WorkerStopped)?;
        match tx.as_ref() {
            Some(tx) => tx.send(job).map_err(|_| PdfError::WorkerStopped),
            None => Err(PdfError::WorkerStopped),
        }
    }

    async fn call<T>(&self, make: impl FnOnce(Reply<T>) -> Task) -> Result<T, PdfError> {
        let (tx, rx) = oneshot::channel();
        self.submit(make(Reply::Async(tx)))?;
        rx.await.unwrap_or(Err(PdfError::WorkerStopped))
    }

    fn call_blocking<T>(&self, make: impl FnOnce(Reply<T>) -> Task) -> Result<T, PdfError> {
        let (tx, rx) = mpsc::sync_channel(1);
        self.submit(make(Reply::Blocking(tx)))?;
        // Wait a little longer than the queue deadline, so a job that started just
        // before it still gets its answer through.
        let wait = self.shared.queue_timeout + Duration::from_secs(30);
        match rx.recv_timeout(wait) {
            Ok(v) => v,
            Err(mpsc::RecvTimeoutError::Timeout) => Err(PdfError::TimedOut {
                millis: wait.as_millis() as u64,
            }),
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(PdfError::WorkerStopped),
        }
    }

    /// Renders and encodes a page (from the cache when possible). A view request also
    /// queues the next pages for prefetch.
    pub async fn render(
        &self,
        doc: DocumentRef,
        req: RenderRequest,
    ) -> Result<RenderedPage, PdfError> {
        self.call(|reply| Task::Render {
            doc,
            req,
            reply: Some(reply),
        })
        .await
    }

    /// Blocking [`PdfWorker::render`].
    pub fn render_blocking(
        &self,
        doc: DocumentRef,
        req: RenderRequest,
    ) -> Result<RenderedPage, PdfError> {
        self.call_blocking(|reply| Task::Render {
            doc,
            req,
            reply: Some(reply),
        })
    }

    /// Page count and sizes.
    pub async fn info(&self, doc: DocumentRef) -> Result<DocumentInfo, PdfError> {
        self.call(|reply| Task::Info { doc, reply }).await
    }

    /// Blocking [`PdfWorker::info`].
    pub fn info_blocking(&self, doc: DocumentRef) -> Result<DocumentInfo, PdfError> {
        self.call_blocking(|reply| Task::Info { doc, reply })
    }

    /// Case-insensitive text search over the document's text layer, with hit rectangles.
    pub async fn search(
        &self,
        doc: DocumentRef,
        query: impl Into<String>,
    ) -> Result<SearchResults, PdfError> {
        let query = query.into();
        self.call(|reply| Task::Search { doc, query, reply }).await
    }

    /// Blocking [`PdfWorker::search`].
    pub fn search_blocking(
        &self,
        doc: DocumentRef,
        query: impl Into<String>,
    ) -> Result<SearchResults, PdfError> {
        let query = query.into();
        self.call_blocking(|reply| Task::Search { doc, query, reply })
    }

    /// The quality report (see [`crate::quality`]). Document problems are flags in the
    /// report; an error means the check itself could not run.
    pub async fn inspect(&self, doc: DocumentRef) -> Result<QualityReport, PdfError> {
        self.call(|reply| Task::Inspect { doc, reply }).await
    }

    /// Blocking [`PdfWorker::inspect`].
    pub fn inspect_blocking(&self, doc: DocumentRef) -> Result<QualityReport, PdfError> {
        self.call_blocking(|reply| Task::Inspect { doc, reply })
    }

    /// The worker's counters (cache size and peak, renders, cancellations).
    pub async fn stats(&self) -> Result<WorkerStats, PdfError> {
        self.call(|reply| Task::Stats { reply }).await
    }

    /// Blocking [`PdfWorker::stats`].
    pub fn stats_blocking(&self) -> Result<WorkerStats, PdfError> {
        self.call_blocking(|reply| Task::Stats { reply })
    }

    /// Closes `doc` and drops its cached pages (e.g. when the viewer closes it).
    pub fn close_document(&self, doc: DocumentRef) {
        // A stopped worker holds nothing to close.
        let _ = self.submit(Task::Close { doc });
    }

    /// Cancels every queued request of `view` (e.g. when its panel closes): requests
    /// with a generation up to `generation` are dropped.
    pub fn cancel_view(&self, view: u64, generation: u64) {
        if let Ok(mut g) = self.shared.generations.lock() {
            let latest = g.entry(view).or_insert(generation.saturating_add(1));
            *latest = (*latest).max(generation.saturating_add(1));
        }
    }
}

/// Lets the C heap keep the memory pdfium frees after each page.
///
/// Drawing a scanned page, pdfium allocates and frees some 15 MB (the decoded image and
/// its scaling buffer). With glibc's starting thresholds (blocks from 128 KiB are mapped
/// on their own, a free heap top above 128 KiB goes back to the system) those pages are
/// handed back after every render and faulted in again, zeroed, for the next one, which
/// costs about as much as the drawing itself. glibc raises both thresholds when a
/// mapped block is freed (the dynamic mmap threshold of mallopt(3)); freeing one block
/// just under its 32 MiB ceiling, once, sets them to 32 MiB and 64 MiB for the whole
/// process, as any larger image would in time. Elsewhere this does nothing.
pub(crate) fn keep_freed_page_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            // Never touched, so never faulted in: mapped and unmapped.
            let block: Vec<u8> = Vec::with_capacity((32 << 20) - (64 << 10));
            std::hint::black_box(&block);
        });
    }
}

/// The worker thread.
fn run(
    config: WorkerConfig,
    rx: mpsc::Receiver<Job>,
    status: mpsc::SyncSender<Result<PathBuf, PdfError>>,
    generations: Generations,
) {
    match config.isolation.clone() {
        Isolation::InProcess => {
            keep_freed_page_memory();
            let bound = {
                let _lock = library::pdfium_lock();
                library::bind(&config.library)
            };
            match bound {
                Ok((pdfium, path)) => {
                    let _ = status.send(Ok(path));
                    let backend = Backend::Local(Engine::new(&pdfium, config.limits));
                    serve(backend, &config, rx, generations);
                    let _lock = library::pdfium_lock();
                    drop(pdfium);
                }
                Err(e) => refuse_all(e, &status, rx),
            }
        }
        Isolation::Helper(command) => {
            let started = config.library.locate().and_then(|path| {
                let mut client =
                    HelperClient::new(command, path.clone(), config.limits, config.quality);
                client.ensure_started().map(|()| (client, path))
            });
            match started {
                Ok((client, path)) => {
                    let _ = status.send(Ok(path));
                    serve(Backend::Helper(client), &config, rx, generations);
                }
                Err(e) => refuse_all(e, &status, rx),
            }
        }
    }
}

/// Without a library (or a helper), answers every request with the reason.
fn refuse_all(
    e: PdfError,
    status: &mpsc::SyncSender<Result<PathBuf, PdfError>>,
    rx: mpsc::Receiver<Job>,
) {
    let _ = status.send(Err(e.clone()));
    while let Ok(job) = rx.recv() {
        job.fail(e.clone());
    }
}

/// The worker's loop over its queue.
fn serve(
    backend: Backend<'_>,
    config: &WorkerConfig,
    rx: mpsc::Receiver<Job>,
    generations: Generations,
) {
    let mut state = State {
        backend,
        cache: PageCache::new(config.cache_bytes),
        stats: WorkerStats::default(),
        prefetch_pages: config.prefetch_pages,
        quality: config.quality,
        queue_timeout: config.queue_timeout,
        next_seq: u64::MAX / 2,
    };
    let mut queue: Vec<Job> = Vec::new();
    loop {
        if queue.is_empty() {
            match rx.recv() {
                Ok(job) => queue.push(job),
                Err(_) => break,
            }
        }
        while let Ok(job) = rx.try_recv() {
            queue.push(job);
        }
        state.stats.queue_peak = state.stats.queue_peak.max(queue.len());
        let Some(job) = pick(
            &mut queue,
            &generations,
            &mut state.stats,
            state.queue_timeout,
        ) else {
            continue;
        };
        // Only pdfium in this process needs the process-wide lock.
        let lock = matches!(state.backend, Backend::Local(_)).then(library::pdfium_lock);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| state.execute(job)));
        drop(lock);
        match outcome {
            Ok(prefetch) => {
                queue.extend(prefetch);
                bound_prefetch(&mut queue);
            }
            Err(_) => state.stats.panics += 1,
        }
    }
    let _lock = matches!(state.backend, Backend::Local(_)).then(library::pdfium_lock);
    drop(state);
}

/// Where the pages are drawn: pdfium on this thread, or the helper process.
enum Backend<'p> {
    Local(Engine<'p>),
    Helper(HelperClient),
}

/// An encoded page: bytes, width, height.
type Encoded = (Vec<u8>, u32, u32);

fn unexpected(answer: Response) -> PdfError {
    PdfError::RendererUnavailable {
        detail: format!("the helper answered {answer:?}"),
    }
}

impl Backend<'_> {
    fn render(&mut self, doc: &DocumentRef, req: &RenderRequest) -> Result<Encoded, PdfError> {
        match self {
            Self::Local(engine) => {
                let bitmap = engine.render(doc, req)?;
                let encoded = encode::encode(&bitmap, req.format);
                let (width, height) = (bitmap.width, bitmap.height);
                engine.recycle(bitmap);
                Ok((encoded?, width, height))
            }
            Self::Helper(client) => {
                match client.about(doc, |key| Request::Render { key, request: *req })? {
                    (Response::Page { width, height, .. }, bytes) => Ok((bytes, width, height)),
                    (other, _) => Err(unexpected(other)),
                }
            }
        }
    }

    fn info(&mut self, doc: &DocumentRef) -> Result<DocumentInfo, PdfError> {
        match self {
            Self::Local(engine) => engine.info(doc),
            Self::Helper(client) => match client.about(doc, |key| Request::Info { key })? {
                (Response::Info { info }, _) => Ok(info),
                (other, _) => Err(unexpected(other)),
            },
        }
    }

    fn page_count(&mut self, doc: &DocumentRef) -> Result<u32, PdfError> {
        match self {
            Self::Local(engine) => engine.page_count(doc),
            Self::Helper(client) => match client.about(doc, |key| Request::PageCount { key })? {
                (Response::PageCount { pages }, _) => Ok(pages),
                (other, _) => Err(unexpected(other)),
            },
        }
    }

    fn search(&mut self, doc: &DocumentRef, query: &str) -> Result<SearchResults, PdfError> {
        match self {
            Self::Local(engine) => engine.search(doc, query),
            Self::Helper(client) => match client.about(doc, |key| Request::Search {
                key,
                query: query.to_string(),
            })? {
                (Response::Search { results }, _) => Ok(results),
                (other, _) => Err(unexpected(other)),
            },
        }
    }

    fn inspect(
        &mut self,
        doc: &DocumentRef,
        quality: &QualityOptions,
    ) -> Result<QualityReport, PdfError> {
        match self {
            Self::Local(engine) => engine.inspect(doc, quality),
            Self::Helper(client) => {
                let answer = client.about(doc, |key| Request::Inspect { key });
                match answer {
                    Ok((Response::Inspect { report }, _)) => Ok(report),
                    Ok((other, _)) => Err(unexpected(other)),
                    // A document that crashes or hangs pdfium is the document's problem:
                    // the check ran and found it unreadable.
                    Err(e @ (PdfError::RendererCrashed { .. } | PdfError::RenderKilled { .. })) => {
                        Ok(QualityReport::unopenable(crate::QualityFlag::Corrupt {
                            detail: e.to_string(),
                        }))
                    }
                    Err(e) => Err(e),
                }
            }
        }
    }

    fn close(&mut self, doc: &DocumentRef) {
        match self {
            Self::Local(engine) => engine.close(doc),
            Self::Helper(client) => client.close(doc),
        }
    }

    fn add_counters(&self, stats: &mut WorkerStats) {
        if let Self::Helper(client) = self {
            let c = client.counters();
            stats.helpers_started = c.started;
            stats.helpers_crashed = c.crashed;
            stats.helpers_killed = c.killed;
        }
    }
}

/// Most prefetch jobs kept queued; the oldest beyond it are dropped.
const MAX_QUEUED_PREFETCH: usize = 8;

fn bound_prefetch(queue: &mut Vec<Job>) {
    let mut prefetch: Vec<(u64, usize)> = queue
        .iter()
        .enumerate()
        .filter(|(_, j)| matches!(j.task, Task::Render { reply: None, .. }))
        .map(|(i, j)| (j.seq, i))
        .collect();
    if prefetch.len() <= MAX_QUEUED_PREFETCH {
        return;
    }
    prefetch.sort_unstable();
    let mut drop: Vec<usize> = prefetch[..prefetch.len() - MAX_QUEUED_PREFETCH]
        .iter()
        .map(|&(_, i)| i)
        .collect();
    drop.sort_unstable_by(|a, b| b.cmp(a));
    for i in drop {
        queue.swap_remove(i);
    }
}

/// Removes and returns the next job to run, answering the stale ones.
fn pick(
    queue: &mut Vec<Job>,
    generations: &Generations,
    stats: &mut WorkerStats,
    timeout: Duration,
) -> Option<Job> {
    let now = Instant::now();
    let latest = generations.lock().map(|g| g.clone()).unwrap_or_default();
    let mut i = 0;
    while i < queue.len() {
        let job = &queue[i];
        let stale = job
            .ticket()
            .is_some_and(|t| latest.get(&t.view).is_some_and(|&g| t.generation < g));
        if job.is_abandoned() || stale {
            stats.cancelled += 1;
            queue.swap_remove(i).fail(PdfError::Cancelled);
        } else if job.deadline < now {
            stats.timed_out += 1;
            queue.swap_remove(i).fail(PdfError::TimedOut {
                millis: timeout.as_millis() as u64,
            });
        } else {
            i += 1;
        }
    }
    let best = queue
        .iter()
        .enumerate()
        .min_by_key(|(_, j)| j.order())
        .map(|(i, _)| i)?;
    Some(queue.swap_remove(best))
}

struct State<'p> {
    backend: Backend<'p>,
    cache: PageCache,
    stats: WorkerStats,
    prefetch_pages: u32,
    quality: QualityOptions,
    queue_timeout: Duration,
    next_seq: u64,
}

impl State<'_> {
    /// Runs one job; returns the prefetch jobs it gives rise to.
    fn execute(&mut self, job: Job) -> Vec<Job> {
        match job.task {
            Task::Render { doc, req, reply } => {
                let is_prefetch = reply.is_none();
                let result = self.render(&doc, &req, is_prefetch);
                let follow = if req.purpose == Purpose::View && !is_prefetch && result.is_ok() {
                    self.prefetch_after(&doc, &req)
                } else {
                    Vec::new()
                };
                if let Some(reply) = reply {
                    reply.send(result);
                }
                follow
            }
            Task::Info { doc, reply } => {
                reply.send(self.backend.info(&doc));
                Vec::new()
            }
            Task::Search { doc, query, reply } => {
                reply.send(self.backend.search(&doc, &query));
                Vec::new()
            }
            Task::Inspect { doc, reply } => {
                let quality = self.quality;
                reply.send(self.backend.inspect(&doc, &quality));
                Vec::new()
            }
            Task::Stats { reply } => {
                let mut stats = WorkerStats {
                    cache: self.cache.stats(),
                    ..self.stats.clone()
                };
                self.backend.add_counters(&mut stats);
                reply.send(Ok(stats));
                Vec::new()
            }
            Task::Close { doc } => {
                self.backend.close(&doc);
                self.cache.forget_document(&doc.cache_key());
                Vec::new()
            }
        }
    }

    fn key(doc: &DocumentRef, req: &RenderRequest) -> PageKey {
        PageKey {
            document: doc.cache_key(),
            page: req.page,
            width: req.width,
            rotation: req.rotation,
            format: req.format,
            purpose: req.purpose,
        }
    }

    fn render(
        &mut self,
        doc: &DocumentRef,
        req: &RenderRequest,
        is_prefetch: bool,
    ) -> Result<RenderedPage, PdfError> {
        let key = Self::key(doc, req);
        if is_prefetch && self.cache.contains(&key) {
            return Err(PdfError::Cancelled);
        }
        if let Some(hit) = self.cache.get(&key) {
            return Ok(RenderedPage {
                bytes: hit.bytes,
                format: req.format,
                width: hit.width,
                height: hit.height,
                from_cache: true,
            });
        }
        let (encoded, width, height) = self.backend.render(doc, req)?;
        let bytes: Arc<[u8]> = encoded.into();
        self.stats.renders += 1;
        if is_prefetch {
            self.stats.prefetched += 1;
        }
        self.cache.insert(
            key,
            CachedImage {
                bytes: bytes.clone(),
                width,
                height,
            },
        );
        Ok(RenderedPage {
            bytes,
            format: req.format,
            width,
            height,
            from_cache: false,
        })
    }

    fn prefetch_after(&mut self, doc: &DocumentRef, req: &RenderRequest) -> Vec<Job> {
        let Ok(count) = self.backend.page_count(doc) else {
            return Vec::new();
        };
        let last = req.page.saturating_add(self.prefetch_pages).min(count);
        let mut jobs = Vec::new();
        for page in req.page + 1..=last {
            let next = RenderRequest { page, ..*req };
            if self.cache.contains(&Self::key(doc, &next)) {
                continue;
            }
            self.next_seq += 1;
            jobs.push(Job {
                task: Task::Render {
                    doc: doc.clone(),
                    req: next,
                    reply: None,
                },
                seq: self.next_seq,
                deadline: Instant::now() + self.queue_timeout,
            });
        }
        jobs
    }
}
