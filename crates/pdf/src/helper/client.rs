//! The app's side of the render helper: starting it, one call at a time with a time
//! limit, and what happens when it crashes or hangs.
//!
//! A call writes a request frame to the helper's stdin and waits for the answer, which a
//! reader thread takes from its stdout. Past the limit the helper is killed (SIGKILL)
//! and the call answers [`PdfError::RenderKilled`]; a helper that ends mid-call gives
//! [`PdfError::RendererCrashed`]. Either way the next call starts a fresh helper, so
//! the officer's next document displays.

use std::ffi::OsString;
use std::io::{BufReader, BufWriter};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use super::wire::{self, Request, Response, SandboxStatus};
use crate::error::PdfError;
use crate::page::{DocumentRef, DocumentSource, Limits};
use crate::quality::QualityOptions;

/// Where pdfium runs.
#[derive(Debug, Clone, Default)]
pub enum Isolation {
    /// On the worker's thread, in this process (the CLI's tools, tests of the engine).
    #[default]
    InProcess,
    /// In a helper process (the app and the server: documents from applicants).
    Helper(HelperCommand),
}

/// How to start the helper, and how long one call may take.
#[derive(Debug, Clone)]
pub struct HelperCommand {
    /// The program (the app's own binary).
    pub program: PathBuf,
    /// Its arguments (the [`super::SUBCOMMAND`]).
    pub args: Vec<OsString>,
    /// The longest a call may take before the helper is killed.
    pub call_limit: Duration,
    /// Variables added to the helper's environment (it inherits the app's).
    pub env: Vec<(OsString, OsString)>,
}

impl HelperCommand {
    /// The running executable with [`super::SUBCOMMAND`]: the app starts a copy of
    /// itself. Its `main` must call [`super::serve`] when it sees the subcommand.
    pub fn this_executable() -> Result<Self, PdfError> {
        let program = std::env::current_exe().map_err(|e| PdfError::RendererUnavailable {
            detail: format!("the running program cannot be found: {e}"),
        })?;
        Ok(Self::new(program, [super::SUBCOMMAND]))
    }

    /// `program` with `args`, and a call limit of 15 seconds.
    pub fn new(
        program: impl Into<PathBuf>,
        args: impl IntoIterator<Item = impl Into<OsString>>,
    ) -> Self {
        Self {
            program: program.into(),
            args: args.into_iter().map(Into::into).collect(),
            call_limit: Duration::from_secs(15),
            env: Vec::new(),
        }
    }

    /// The same with `key=value` added to the helper's environment.
    pub fn with_env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// The same with another call limit.
    pub fn with_call_limit(mut self, limit: Duration) -> Self {
        self.call_limit = limit;
        self
    }
}

type Frame = std::io::Result<(Response, Vec<u8>)>;

struct Running {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    replies: mpsc::Receiver<Frame>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Counters of the helper, for the worker's stats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HelperCounters {
    /// Helpers started (the first one included).
    pub started: u64,
    /// Helpers that died during a call.
    pub crashed: u64,
    /// Helpers killed past their call limit.
    pub killed: u64,
}

/// The app's handle on its render helper.
pub struct HelperClient {
    command: HelperCommand,
    library: PathBuf,
    limits: Limits,
    quality: QualityOptions,
    running: Option<Running>,
    sandbox: Option<SandboxStatus>,
    counters: HelperCounters,
}

impl std::fmt::Debug for HelperClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HelperClient")
            .field("command", &self.command)
            .field("running", &self.running.as_ref().map(|r| r.child.id()))
            .field("sandbox", &self.sandbox)
            .finish()
    }
}

impl HelperClient {
    /// A client that will run `command` over `library`; nothing is started yet.
    pub fn new(
        command: HelperCommand,
        library: PathBuf,
        limits: Limits,
        quality: QualityOptions,
    ) -> Self {
        Self {
            command,
            library,
            limits,
            quality,
            running: None,
            sandbox: None,
            counters: HelperCounters::default(),
        }
    }

    /// The confinement the last helper reported.
    pub fn sandbox(&self) -> Option<SandboxStatus> {
        self.sandbox
    }

    /// The counters.
    pub fn counters(&self) -> HelperCounters {
        self.counters
    }

    /// The helper's process id, while one runs.
    pub fn pid(&self) -> Option<u32> {
        self.running.as_ref().map(|r| r.child.id())
    }

    /// Starts the helper unless it runs; fails with the helper's own answer (no
    /// library) or [`PdfError::RendererUnavailable`].
    pub fn ensure_started(&mut self) -> Result<(), PdfError> {
        if self.running.is_some() {
            return Ok(());
        }
        let unavailable = |detail: String| PdfError::RendererUnavailable { detail };
        let mut child = Command::new(&self.command.program)
            .args(&self.command.args)
            .envs(self.command.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| {
                unavailable(format!(
                    "{} could not be started: {e}",
                    self.command.program.display()
                ))
            })?;
        self.counters.started += 1;
        let (stdin, stdout) = match (child.stdin.take(), child.stdout.take()) {
            (Some(i), Some(o)) => (i, o),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(unavailable("its pipes could not be opened".into()));
            }
        };
        let (tx, replies) = mpsc::channel::<Frame>();
        let reader = std::thread::Builder::new()
            .name("pdf-helper-reader".into())
            .spawn(move || {
                let mut stdout = BufReader::new(stdout);
                loop {
                    let frame = match wire::read_frame::<Response>(&mut stdout) {
                        Ok(Some(frame)) => Ok(frame),
                        Ok(None) => Err(std::io::Error::from(std::io::ErrorKind::UnexpectedEof)),
                        Err(e) => Err(e),
                    };
                    let end = frame.is_err();
                    if tx.send(frame).is_err() || end {
                        break;
                    }
                }
            });
        if let Err(e) = reader {
            let _ = child.kill();
            let _ = child.wait();
            return Err(unavailable(format!("no reader thread: {e}")));
        }
        self.running = Some(Running {
            child,
            stdin: BufWriter::new(stdin),
            replies,
        });
        let hello = Request::Hello {
            library: self.library.clone(),
            limits: self.limits,
            quality: self.quality,
        };
        match self.call(&hello, &[]) {
            Ok((Response::Ready { sandbox }, _)) => {
                self.sandbox = Some(sandbox);
                Ok(())
            }
            Ok((Response::Failed { error }, _)) => {
                self.running = None;
                Err(error)
            }
            Ok((other, _)) => {
                self.running = None;
                Err(unavailable(format!("it answered {other:?} to hello")))
            }
            Err(e) => {
                self.running = None;
                Err(e)
            }
        }
    }

    /// One request and its answer, within the call limit.
    fn call(&mut self, request: &Request, payload: &[u8]) -> Result<(Response, Vec<u8>), PdfError> {
        let limit = self.command.call_limit;
        let Some(running) = self.running.as_mut() else {
            return Err(PdfError::RendererUnavailable {
                detail: "not started".into(),
            });
        };
        let sent = wire::write_frame(&mut running.stdin, request, payload);
        let answer = match sent {
            Ok(()) => running.replies.recv_timeout(limit),
            Err(_) => Err(mpsc::RecvTimeoutError::Disconnected),
        };
        match answer {
            Ok(Ok(frame)) => Ok(frame),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                self.counters.killed += 1;
                // Dropping kills (SIGKILL) and reaps it.
                self.running = None;
                Err(PdfError::RenderKilled {
                    millis: limit.as_millis() as u64,
                })
            }
            Ok(Err(_)) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                self.counters.crashed += 1;
                let detail = self
                    .running
                    .take()
                    .map(|mut r| match r.child.wait() {
                        Ok(status) => describe(status),
                        Err(e) => e.to_string(),
                    })
                    .unwrap_or_default();
                Err(PdfError::RendererCrashed { detail })
            }
        }
    }

    /// A request about `doc`: sent, and when the helper does not hold the document,
    /// the document is sent and the request again.
    pub fn about(
        &mut self,
        doc: &DocumentRef,
        make: impl Fn(String) -> Request,
    ) -> Result<(Response, Vec<u8>), PdfError> {
        self.ensure_started()?;
        let key = doc.cache_key();
        let (response, payload) = self.call(&make(key.clone()), &[])?;
        let (response, payload) = match response {
            Response::Missing => {
                let bytes = document_bytes(doc)?;
                let open = Request::Open {
                    key: key.clone(),
                    password: doc.password.clone(),
                };
                match self.call(&open, &bytes)? {
                    (Response::Opened, _) => self.call(&make(key), &[])?,
                    other => other,
                }
            }
            _ => (response, payload),
        };
        match response {
            Response::Failed { error } => Err(error),
            other => Ok((other, payload)),
        }
    }

    /// Tells the helper to let `doc` go (nothing is started for it).
    pub fn close(&mut self, doc: &DocumentRef) {
        if self.running.is_some() {
            let _ = self.call(
                &Request::Close {
                    key: doc.cache_key(),
                },
                &[],
            );
        }
    }

    /// For tests: what the sandboxed helper can still do.
    pub fn probe(&mut self, path: PathBuf) -> Result<(bool, bool), PdfError> {
        self.ensure_started()?;
        match self.call(&Request::Probe { path }, &[])? {
            (
                Response::Probed {
                    file_opened,
                    socket_opened,
                },
                _,
            ) => Ok((file_opened, socket_opened)),
            (other, _) => Err(PdfError::RendererUnavailable {
                detail: format!("it answered {other:?} to a probe"),
            }),
        }
    }
}

/// The document's bytes, read here (the helper opens no file).
fn document_bytes(doc: &DocumentRef) -> Result<Vec<u8>, PdfError> {
    match &doc.source {
        DocumentSource::Path(path) => std::fs::read(path).map_err(|e| PdfError::Io {
            path: path.clone(),
            detail: e.to_string(),
        }),
        DocumentSource::Bytes { bytes, .. } => Ok(bytes.as_ref().clone()),
        DocumentSource::OnDemand { key, load } => (load.0)().map_err(|detail| PdfError::Io {
            path: key.into(),
            detail,
        }),
    }
}

fn describe(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("ended by signal {signal}");
        }
    }
    match status.code() {
        Some(code) => format!("exited with status {code}"),
        None => "ended".into(),
    }
}
