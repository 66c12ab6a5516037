//! Intake: applications and later documents enter here, from the portal's endpoint and
//! from `dossier-server intake import`, as bundles of `../shared/portal.md`.
//!
//! A bundle is read and checked whole (`portal::read_bundle`), its documents' quality
//! checked with pdfium and their pages counted, all before anything is recorded. Then,
//! under one lock ([`INTAKE_LOCK`], in the same transaction as the operations), the
//! bundle is recorded once under its idempotency key (`submission_id`, and `sequence`
//! for later documents): the same content again is a repeat, other content a conflict.
//! An application's outcome is the replay of every recorded application and this one in
//! receipt order ([`replay`]); a received one becomes a file through the same acceptance
//! path as a pushed operation ([`crate::accept`]), with its documents stored
//! content-addressed. A bundle is all or nothing: refused, it leaves no row, no
//! operation and no document behind (docs/intake.md).
//!
//! - [`replay`]: I1–I4 as a replay, and the revisions a late arrival causes.
//! - [`ops`]: the operations a bundle becomes.
//! - [`letter`]: the acknowledgement of receipt and the notice of an application not
//!   received.
//! - [`receipt`]: what the import prints and the portal gets back for each bundle.

pub mod letter;
pub mod ops;
pub mod receipt;
pub mod replay;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Datelike, Utc};
use deadpool_postgres::{GenericClient, Pool, Transaction};
use oplog::ids::UserId;
use oplog::quality::QualityReport;
use portal::error::Problem;
use portal::{Bundle, BundleError, Kind, Limits};
use program::intake::{Acknowledgement, Application, Outcome};
use program::{ApplicationId, Profile, ProgramDefinition, ProgramVersionId, Stream};
use sync::wire::PushOutcome;
use vocab::Text;

use crate::accept::{Pusher, push_in};
use crate::blobs::Blobs;
use crate::error::{ApiError, ApiResult};
use crate::programs::ProgramCache;
pub use receipt::{Receipt, ReceiptOutcome};
use replay::{Recorded, Revision};

/// The advisory lock that serialises intake: caps are decided in one place, one bundle at
/// a time.
pub const INTAKE_LOCK: i64 = 0x0069_6e74_616b_6521; // "intake!" in ASCII

/// The author of intake's operations: the server records them on the portal's behalf.
pub const INTAKE_USER: &str = "dossier-intake";

/// Intake's operations are pushed, and authored, by [`INTAKE_USER`] with a supervisor's
/// role (receiving a file is a supervisor's change).
fn intake_pusher() -> Pusher {
    Pusher {
        name: UserId(INTAKE_USER.to_owned()),
        role: oplog::ids::Role::Supervisor,
    }
}

/// The most pages a document may have.
pub const MAX_PAGES: u32 = 500;

/// How many times a bundle is recorded before giving up, when a concurrent push of the
/// same file gets in the way.
const MAX_ATTEMPTS: u32 = 5;

/// Intake's tools: the database, the blob store, pdfium, the program.
pub struct Intake {
    pool: Pool,
    blobs: Arc<Blobs>,
    pdf: Arc<pdf::PdfWorker>,
    programs: Arc<ProgramCache>,
    pub limits: Limits,
}

impl std::fmt::Debug for Intake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Intake")
            .field("program", &self.program().code)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Intake {
    /// Intake with the server's program definition versions, starting a pdfium worker
    /// for the quality checks.
    pub fn new(pool: Pool, blobs: Arc<Blobs>, programs: Arc<ProgramCache>) -> Self {
        // Applicants' files may be hostile: pdfium runs in a sandboxed copy of this
        // program (`dossier-server pdf-helper`), never beside the database credentials.
        let isolation = match pdf::HelperCommand::this_executable() {
            Ok(helper) => pdf::Isolation::Helper(helper),
            Err(e) => {
                tracing::warn!("documents will be recorded as not checked: {e}");
                pdf::Isolation::Helper(pdf::HelperCommand::new(
                    "dossier-server",
                    [pdf::helper::SUBCOMMAND],
                ))
            }
        };
        let pdf = pdf::PdfWorker::start(pdf::WorkerConfig {
            cache_bytes: 1024 * 1024,
            prefetch_pages: 0,
            isolation,
            ..pdf::WorkerConfig::default()
        });
        if let Err(e) = pdf.library() {
            tracing::warn!("documents will be recorded as not checked: {e}");
        }
        Self {
            pool,
            blobs,
            pdf: Arc::new(pdf),
            programs,
            limits: Limits::default(),
        }
    }

    /// The program definition in force now, as last read (each bundle's transaction reads
    /// the versions again under the intake lock before it decides).
    fn program(&self) -> Arc<ProgramDefinition> {
        self.programs
            .snapshot()
            .in_force_at(Utc::now())
            .definition
            .clone()
    }

    /// The version the operations intake makes at `at` name.
    fn program_version(&self, at: DateTime<Utc>) -> ProgramVersionId {
        self.programs.snapshot().in_force_at(at).id
    }

    /// The pdfium worker (its sandboxed helper), shared with the hashing of pages.
    pub fn pdf(&self) -> Arc<pdf::PdfWorker> {
        self.pdf.clone()
    }

    /// Whether the quality checks can run (pdfium found), and why not.
    pub fn quality_checks(&self) -> Result<(), String> {
        self.pdf.library().map(|_| ()).map_err(|e| e.to_string())
    }

    /// Imports every bundle under `paths` (bundle folders, folders of bundles, `.zip`
    /// files) in the order of their receipt time, calling `each` with each receipt as it
    /// is decided. A bundle that cannot be read is refused, and the import goes on.
    pub async fn import(
        &self,
        paths: &[PathBuf],
        by: &str,
        mut each: impl FnMut(&Receipt),
    ) -> ApiResult<Vec<Receipt>> {
        let mut found = Vec::new();
        for p in paths {
            bundles_under(p, &mut found)
                .map_err(|e| ApiError::malformed(format!("reading {}: {e}", p.display())))?;
        }
        // First pass: each bundle's receipt instant (a bundle that cannot be read is
        // refused at once); the second reads them again one at a time, in that order, so
        // the import holds one bundle in memory, whatever its size.
        let mut ordered = Vec::new();
        let mut out = Vec::new();
        for path in found {
            let program = self.program();
            let limits = self.limits;
            let p = path.clone();
            let read =
                tokio::task::spawn_blocking(move || portal::read_bundle(&p, &program, &limits))
                    .await
                    .map_err(ApiError::internal)?;
            match read {
                Ok(b) => ordered.push((
                    b.submission.received_at.with_timezone(&Utc),
                    b.submission.submission_id.clone(),
                    b.submission.sequence.unwrap_or(1),
                    path,
                )),
                Err(e) => {
                    let r = Receipt::refused(e.submission_id.as_deref(), None, &e).from(&path);
                    each(&r);
                    out.push(r);
                }
            }
        }
        ordered.sort();
        for (_, _, _, path) in ordered {
            let program = self.program();
            let limits = self.limits;
            let p = path.clone();
            let read =
                tokio::task::spawn_blocking(move || portal::read_bundle(&p, &program, &limits))
                    .await
                    .map_err(ApiError::internal)?;
            for r in self.submit(read, by).await? {
                let r = r.from(&path);
                each(&r);
                out.push(r);
            }
        }
        Ok(out)
    }

    /// A bundle the portal uploaded as a `.zip` (the body of `POST
    /// /portal/v1/submissions`): written to a private temporary file under `staging`,
    /// read with the same bounds as an import, decided and recorded.
    pub async fn submit_zip(
        &self,
        zip: axum::body::Bytes,
        staging: &Path,
        by: &str,
    ) -> ApiResult<Vec<Receipt>> {
        std::fs::create_dir_all(staging).map_err(ApiError::internal)?;
        let dir = tempfile::Builder::new()
            .prefix("portal-")
            .tempdir_in(staging)
            .map_err(ApiError::internal)?;
        let path = dir.path().join("bundle.zip");
        tokio::fs::write(&path, &zip)
            .await
            .map_err(ApiError::internal)?;
        let program = self.program();
        let limits = self.limits;
        let read =
            tokio::task::spawn_blocking(move || portal::read_bundle(&path, &program, &limits))
                .await
                .map_err(ApiError::internal)?;
        self.submit(read, by).await
    }

    /// Decides and records one bundle as read; the receipts of the bundle, then of any
    /// recorded outcome it revised.
    pub async fn submit(
        &self,
        read: Result<Bundle, BundleError>,
        by: &str,
    ) -> ApiResult<Vec<Receipt>> {
        let bundle = match read {
            Ok(b) => b,
            Err(e) => {
                return Ok(vec![Receipt::refused(e.submission_id.as_deref(), None, &e)]);
            }
        };
        let quality = match self.check_documents(&bundle).await? {
            Ok(q) => q,
            Err(e) => {
                return Ok(vec![Receipt::refused(
                    Some(&bundle.submission.submission_id),
                    bundle.submission.sequence,
                    &e,
                )]);
            }
        };
        let mut db = self.pool.get().await?;
        let mut attempt = 1;
        loop {
            let tx = db.transaction().await?;
            match self.record(&tx, &bundle, &quality, by).await {
                Ok(Some((receipts, commit))) => {
                    if commit {
                        tx.commit().await?;
                    } else {
                        tx.rollback().await?;
                    }
                    return Ok(receipts);
                }
                Ok(None) if attempt < MAX_ATTEMPTS => {}
                Err(e) if e.concurrent && attempt < MAX_ATTEMPTS => {}
                Ok(None) => {
                    return Err(ApiError::internal(
                        "intake met concurrent pushes of the same file too many times",
                    ));
                }
                Err(e) => return Err(e),
            }
            tx.rollback().await.ok();
            attempt += 1;
        }
    }

    /// Each document's quality report by hash (pdfium, on the worker's thread), or the
    /// bundle's refusal when a document has more than [`MAX_PAGES`] pages.
    async fn check_documents(
        &self,
        bundle: &Bundle,
    ) -> ApiResult<Result<HashMap<String, Option<QualityReport>>, BundleError>> {
        let mut out = HashMap::new();
        let mut problems = Vec::new();
        for d in &bundle.documents {
            if out.contains_key(&d.sha256) {
                continue;
            }
            let report = match self
                .pdf
                .inspect(pdf::DocumentRef::bytes(d.sha256.clone(), d.bytes.clone()))
                .await
            {
                Ok(r) => Some(r),
                Err(
                    pdf::PdfError::LibraryMissing { .. }
                    | pdf::PdfError::LibraryUnusable { .. }
                    | pdf::PdfError::RendererUnavailable { .. },
                ) => None,
                Err(e) => {
                    tracing::warn!(file = d.spec.file, "quality checks failed: {e}");
                    None
                }
            };
            if let Some(r) = &report
                && r.page_count.is_some_and(|n| n > MAX_PAGES)
            {
                problems.push(Problem::TooManyPages {
                    file: d.spec.file.clone(),
                    limit: MAX_PAGES,
                });
            }
            let stored = match report {
                Some(r) => Some(
                    serde_json::to_value(&r)
                        .and_then(serde_json::from_value)
                        .map_err(ApiError::internal)?,
                ),
                None => None,
            };
            out.insert(d.sha256.clone(), stored);
        }
        Ok(if problems.is_empty() {
            Ok(out)
        } else {
            Err(BundleError {
                problems,
                submission_id: Some(bundle.submission.submission_id.clone()),
            })
        })
    }

    /// Records the bundle under the intake lock. `None`: a concurrent push got in the
    /// way, run it again. The flag says whether to commit (a refusal records nothing).
    async fn record(
        &self,
        tx: &Transaction<'_>,
        bundle: &Bundle,
        quality: &HashMap<String, Option<QualityReport>>,
        by: &str,
    ) -> ApiResult<Option<(Vec<Receipt>, bool)>> {
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&INTAKE_LOCK])
            .await?;
        self.programs.current(tx).await?;
        let s = &bundle.submission;
        let sequence = i32::try_from(s.sequence.unwrap_or(1)).unwrap_or(i32::MAX);
        if let Some(row) = tx
            .query_opt(
                "SELECT content_hash FROM submissions WHERE submission_id = $1 AND sequence = $2",
                &[&s.submission_id, &sequence],
            )
            .await?
        {
            let hash: String = row.get(0);
            if hash != bundle.content_hash {
                return Ok(Some((
                    vec![Receipt::refused_with(
                        &s.submission_id,
                        s.sequence,
                        "conflict",
                        Text::new("intake-conflict").with("id", s.submission_id.as_str()),
                    )],
                    false,
                )));
            }
            let mut r = self
                .recorded_receipt(tx, &s.submission_id, sequence)
                .await?;
            r.repeat = true;
            return Ok(Some((vec![r], false)));
        }
        match s.kind {
            Kind::Application => self.record_application(tx, bundle, quality, by).await,
            Kind::Documents => self.record_documents(tx, bundle, quality, by).await,
        }
    }

    async fn record_application(
        &self,
        tx: &Transaction<'_>,
        bundle: &Bundle,
        quality: &HashMap<String, Option<QualityReport>>,
        by: &str,
    ) -> ApiResult<Option<(Vec<Receipt>, bool)>> {
        let s = &bundle.submission;
        let (Some(stream), Some(profile)) = (s.stream, s.profile) else {
            return Err(ApiError::internal(
                "an application passed its checks without stream or profile",
            ));
        };
        let application = Application {
            id: ApplicationId(s.submission_id.clone()),
            stream,
            profile,
            received_at: s.received_at.with_timezone(&Utc),
            represented: s.representative.is_some(),
        };
        let recorded = recorded_applications(tx).await?;
        let held: std::collections::HashSet<ApplicationId> = recorded
            .iter()
            .filter(|r| r.held)
            .map(|r| r.application.id.clone())
            .collect();
        let replayed =
            replay::replay(&self.program(), &recorded, &application).map_err(ApiError::internal)?;
        let mut receipts = Vec::new();
        let mut case_id = None;
        let mut acknowledgement = None;
        let letter_sha256: Option<String>;
        let outcome = match replayed.outcome {
            Outcome::Received {
                acknowledgement: ack,
            } => {
                let n: i64 = tx
                    .query_one("SELECT nextval('file_number_seq')", &[])
                    .await?
                    .get(0);
                let file_number = file_number(&ack, stream, n);
                let now = Utc::now();
                let number = format!("AR-{file_number}");
                let builder = ops::Builder {
                    bundle,
                    quality,
                    author: &intake_pusher().name,
                    now,
                    program: self.program_version(now),
                };
                let mut ops = builder.application(&file_number);
                let pdf = letter::acknowledgement(s, &file_number, &number, now)?;
                let sha = self.store_bytes(tx, &pdf).await?;
                ops.push(builder.acknowledgement(ops.len(), &sha, pdf.len() as u64));
                letter_sha256 = Some(sha);
                if let Some(refusal) = self.push(tx, bundle, &ops).await? {
                    return Ok(refusal);
                }
                receipts.push(Receipt::received(
                    s,
                    &file_number,
                    &number,
                    Text::new("intake-received")
                        .with("received_at", ack.received_at)
                        .with("file_number", file_number.as_str())
                        .with("acknowledgement", number.as_str()),
                ));
                case_id = Some(ops::case_id(&s.submission_id).0);
                acknowledgement = Some(number);
                Outcome::Received {
                    acknowledgement: ack,
                }
            }
            Outcome::NotReceived { reason } => {
                let why = reason.text(&self.program());
                let pdf = letter::not_received(&self.program(), s, &reason, Utc::now())?;
                letter_sha256 = Some(self.store_bytes(tx, &pdf).await?);
                receipts.push(Receipt::not_received(s, &reason, why));
                Outcome::NotReceived { reason }
            }
        };
        if let Some(r) = receipts.first_mut() {
            r.letter = letter_sha256.clone();
        }
        let decision = serde_json::to_value(&outcome).map_err(ApiError::internal)?;
        tx.execute(
            "INSERT INTO submissions (submission_id, sequence, kind, content_hash, submission,
                                      received_at, stream, profile, outcome, decision, case_id,
                                      acknowledgement, recorded_by, letter_sha256)
             VALUES ($1, 1, 'application', $2, $11, $3, $4, $5, $6, $7, $8, $9, $10, $12)",
            &[
                &s.submission_id,
                &bundle.content_hash,
                &application.received_at,
                &stream.code(),
                &profile.code(),
                &if outcome.is_received() {
                    "received"
                } else {
                    "not_received"
                },
                &decision,
                &case_id,
                &acknowledgement,
                &by,
                &submission_json(s)?,
                &letter_sha256,
            ],
        )
        .await?;
        for rev in replayed
            .revisions
            .iter()
            .filter(|r| !held.contains(&r.application.id))
        {
            match self.revise(tx, rev, &s.submission_id).await? {
                Some(r) => receipts.push(r),
                None => return Ok(None),
            }
        }
        Ok(Some((receipts, true)))
    }

    /// Records a revision of a recorded outcome that a late arrival caused. A file
    /// whose receipt is revoked gets `receipt_revoked` (its status becomes "receipt
    /// revoked"); a file already decided keeps its place, and the cap is exceeded by
    /// one, said in the receipt (docs/intake.md).
    async fn revise(
        &self,
        tx: &Transaction<'_>,
        rev: &Revision,
        because: &str,
    ) -> ApiResult<Option<Receipt>> {
        if !rev.before.is_received() && rev.after.is_received() {
            // Adding an application received earlier only fills caps sooner.
            return Err(ApiError::internal(format!(
                "the replay would receive {} after it was not received",
                rev.application.id
            )));
        }
        let id = rev.application.id.0.as_str();
        if let (true, Outcome::NotReceived { reason }) = (rev.before.is_received(), &rev.after) {
            let now = Utc::now();
            let op = ops::receipt_revoked(
                id,
                because,
                reason.clone(),
                &intake_pusher().name,
                now,
                self.program_version(now),
            );
            let Some(results) = push_in(
                tx,
                &self.programs,
                &intake_pusher(),
                std::slice::from_ref(&op),
            )
            .await?
            else {
                return Ok(None);
            };
            if let Some(PushOutcome::Rejected { message, .. }) =
                results.into_iter().next().map(|r| r.outcome)
            {
                tracing::warn!(
                    submission = id,
                    because,
                    "a decided file keeps its place over the cap: {message}"
                );
                tx.execute(
                    "UPDATE submissions SET held_place = true
                      WHERE submission_id = $1 AND sequence = 1",
                    &[&id],
                )
                .await?;
                let mut r = self.recorded_receipt(tx, id, 1).await?;
                r.code = "kept_after_decision".to_owned();
                r.because_of = Some(because.to_owned());
                r.reason = Text::new("intake-kept-after-decision")
                    .with("because", because)
                    .both();
                return Ok(Some(r));
            }
        }
        let before = serde_json::to_value(&rev.before).map_err(ApiError::internal)?;
        let after = serde_json::to_value(&rev.after).map_err(ApiError::internal)?;
        let outcome = if rev.after.is_received() {
            "received"
        } else {
            "not_received"
        };
        // The applicant is told: the notice, written from the submission as recorded.
        let mut notice = None;
        if let Outcome::NotReceived { reason } = &rev.after {
            let row = tx
                .query_one(
                    "SELECT submission FROM submissions WHERE submission_id = $1 AND sequence = 1",
                    &[&id],
                )
                .await?;
            let submission: portal::Submission =
                serde_json::from_value(row.get(0)).map_err(ApiError::internal)?;
            let pdf = letter::not_received(&self.program(), &submission, reason, Utc::now())?;
            notice = Some(self.store_bytes(tx, &pdf).await?);
        }
        tx.execute(
            "UPDATE submissions SET outcome = $2, decision = $3,
                                    letter_sha256 = coalesce($4, letter_sha256)
              WHERE submission_id = $1 AND sequence = 1",
            &[&id, &outcome, &after, &notice],
        )
        .await?;
        tx.execute(
            "INSERT INTO intake_revisions (submission_id, before, after, because_of, letter_sha256)
             VALUES ($1, $2, $3, $4, $5)",
            &[&id, &before, &after, &because, &notice],
        )
        .await?;
        let mut r = self.recorded_receipt(tx, id, 1).await?;
        r.revised_from = Some(if rev.before.is_received() {
            ReceiptOutcome::Received
        } else {
            ReceiptOutcome::NotReceived
        });
        r.because_of = Some(because.to_owned());
        r.letter = notice;
        r.reason = Text::new("intake-revised")
            .with("outcome", r.reason.clone())
            .with("because", because)
            .both();
        Ok(Some(r))
    }

    async fn record_documents(
        &self,
        tx: &Transaction<'_>,
        bundle: &Bundle,
        quality: &HashMap<String, Option<QualityReport>>,
        by: &str,
    ) -> ApiResult<Option<(Vec<Receipt>, bool)>> {
        let s = &bundle.submission;
        let refuse = |code: &str, id: &str| {
            Ok(Some((
                vec![Receipt::refused_with(
                    &s.submission_id,
                    s.sequence,
                    code,
                    Text::new(id).with("id", s.submission_id.as_str()),
                )],
                false,
            )))
        };
        let Some(app) = tx
            .query_opt(
                "SELECT s.outcome, c.file_number, s.acknowledgement
                   FROM submissions s LEFT JOIN cases c ON c.id = s.case_id
                  WHERE s.submission_id = $1 AND s.sequence = 1",
                &[&s.submission_id],
            )
            .await?
        else {
            return refuse("application_unknown", "intake-application-unknown");
        };
        let (outcome, file_number, acknowledgement): (String, Option<String>, Option<String>) =
            (app.get(0), app.get(1), app.get(2));
        let (Some(file_number), "received") = (file_number, outcome.as_str()) else {
            return refuse(
                "application_not_received",
                "intake-application-not-received",
            );
        };
        let now = Utc::now();
        let ops = ops::Builder {
            bundle,
            quality,
            author: &intake_pusher().name,
            now,
            program: self.program_version(now),
        }
        .later_documents();
        if let Some(refusal) = self.push(tx, bundle, &ops).await? {
            return Ok(refusal);
        }
        let case_id = ops::case_id(&s.submission_id).0;
        let sequence = i32::try_from(s.sequence.unwrap_or(2)).unwrap_or(i32::MAX);
        let decision = serde_json::json!({ "documents": bundle.documents.len() });
        tx.execute(
            "INSERT INTO submissions (submission_id, sequence, kind, content_hash, submission,
                                      received_at, outcome, decision, case_id, recorded_by)
             VALUES ($1, $2, 'documents', $3, $8, $4, 'received', $5, $6, $7)",
            &[
                &s.submission_id,
                &sequence,
                &bundle.content_hash,
                &s.received_at.with_timezone(&Utc),
                &decision,
                &case_id,
                &by,
                &submission_json(s)?,
            ],
        )
        .await?;
        let text = Text::new("intake-documents-added")
            .with("count", bundle.documents.len())
            .with("file_number", file_number.as_str());
        let mut r = Receipt::received(
            s,
            &file_number,
            acknowledgement.as_deref().unwrap_or_default(),
            text,
        );
        r.code = "documents_added".to_owned();
        Ok(Some((vec![r], true)))
    }

    /// Stores the documents' bytes and pushes `ops` in the transaction. `Some`: the
    /// bundle is refused (a rule of the file said no) or must be run again (`None` inside).
    async fn push(
        &self,
        tx: &Transaction<'_>,
        bundle: &Bundle,
        ops: &[sync::wire::WireOperation],
    ) -> ApiResult<Option<Option<(Vec<Receipt>, bool)>>> {
        for d in &bundle.documents {
            self.store_bytes(tx, &d.bytes).await?;
        }
        let Some(results) = push_in(tx, &self.programs, &intake_pusher(), ops).await? else {
            return Ok(Some(None));
        };
        for r in results {
            if let PushOutcome::Rejected {
                code,
                text,
                message,
                ..
            } = r.outcome
            {
                let s = &bundle.submission;
                tracing::info!(
                    submission = s.submission_id,
                    code,
                    "refused by the rules: {message}"
                );
                let reason =
                    text.unwrap_or_else(|| Text::new("reason-as-given").with("text", message));
                return Ok(Some(Some((
                    vec![Receipt::refused_with(
                        &s.submission_id,
                        s.sequence,
                        &code,
                        Text::new("intake-refused-by-rules").with("reason", reason),
                    )],
                    false,
                ))));
            }
        }
        Ok(None)
    }

    /// Stores `bytes` in the blob store under their hash, and registers them; the hash.
    async fn store_bytes(&self, tx: &Transaction<'_>, bytes: &[u8]) -> ApiResult<String> {
        use sha2::Digest;
        let sha = hex::encode(sha2::Sha256::digest(bytes));
        self.blobs
            .put(&sha, axum::body::Bytes::copy_from_slice(bytes))
            .await
            .map_err(ApiError::internal)?;
        let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
        tx.execute(
            "INSERT INTO blobs (sha256, byte_size) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING",
            &[&sha, &size],
        )
        .await?;
        Ok(sha)
    }

    /// The receipt of a recorded submission, as recorded.
    async fn recorded_receipt(
        &self,
        tx: &Transaction<'_>,
        submission_id: &str,
        sequence: i32,
    ) -> ApiResult<Receipt> {
        let row = tx
            .query_one(
                "SELECT s.kind, s.decision, c.file_number, s.acknowledgement, s.letter_sha256
                   FROM submissions s LEFT JOIN cases c ON c.id = s.case_id
                  WHERE s.submission_id = $1 AND s.sequence = $2",
                &[&submission_id, &sequence],
            )
            .await?;
        let kind: String = row.get(0);
        let decision: serde_json::Value = row.get(1);
        let file_number: Option<String> = row.get(2);
        let acknowledgement: Option<String> = row.get(3);
        let letter: Option<String> = row.get(4);
        let mut r = receipt::from_record(
            &self.program(),
            submission_id,
            u32::try_from(sequence).unwrap_or(1),
            &kind,
            decision,
            file_number,
            acknowledgement,
        )?;
        r.letter = letter;
        Ok(r)
    }

    /// The pool intake reads and records with.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// I4: each cap, as the recorded applications fill it.
    pub async fn caps(&self) -> ApiResult<Vec<receipt::CapLine>> {
        let db = self.pool.get().await?;
        self.programs.current(&db).await?;
        let program = self.program();
        let rows = db.query(CAP_APPLICATIONS, &[]).await?;
        let mut apps = Vec::with_capacity(rows.len());
        let mut received = Vec::with_capacity(rows.len());
        for row in &rows {
            apps.push(application_row(row)?);
            received.push(row.get::<_, bool>(4));
        }
        drop(rows);
        let report = program::intake::decide(&program, &apps).map_err(ApiError::internal)?;
        Ok(report
            .caps
            .iter()
            .map(|c| {
                // What is recorded: a file that held its place counts over the cap.
                let used = apps
                    .iter()
                    .zip(&received)
                    .filter(|(a, received)| **received && c.cap.covers(a.stream, a.profile))
                    .count();
                receipt::CapLine::new(&program, c, u32::try_from(used).unwrap_or(u32::MAX))
            })
            .collect())
    }
}

/// `submission.json` as read, to keep with the submission.
fn submission_json(s: &portal::Submission) -> ApiResult<serde_json::Value> {
    serde_json::to_value(s).map_err(ApiError::internal)
}

/// The file number of a received application: the year of receipt in Québec, the
/// stream's code and a number from the server's sequence (`2023-AI-000042`).
fn file_number(ack: &Acknowledgement, stream: Stream, n: i64) -> String {
    format!("{}-{}-{n:06}", ack.received_on.year(), stream.file_code())
}

/// Every application recorded, with its outcome.
const RECORDED_APPLICATIONS: &str =
    "SELECT submission_id, stream, profile, received_at, decision, held_place
       FROM submissions WHERE kind = 'application'";

/// What the caps' figures read: every application recorded, and whether it was received
/// (not the recorded decision itself, which they do not need).
pub const CAP_APPLICATIONS: &str =
    "SELECT submission_id, stream, profile, received_at, outcome = 'received'
       FROM submissions WHERE kind = 'application'";

/// The application of a row of [`RECORDED_APPLICATIONS`] or [`CAP_APPLICATIONS`].
fn application_row(row: &tokio_postgres::Row) -> ApiResult<Application> {
    let stream: &str = row.get(1);
    let profile: &str = row.get(2);
    Ok(Application {
        id: ApplicationId(row.get(0)),
        stream: Stream::from_code(stream)
            .ok_or_else(|| ApiError::internal(format!("stream {stream:?} recorded")))?,
        profile: Profile::from_code(profile)
            .ok_or_else(|| ApiError::internal(format!("profile {profile:?} recorded")))?,
        received_at: row.get(3),
        represented: false,
    })
}

fn recorded_row(row: &tokio_postgres::Row) -> ApiResult<Recorded> {
    let decision: serde_json::Value = row.get(4);
    Ok(Recorded {
        application: application_row(row)?,
        outcome: serde_json::from_value(decision).map_err(ApiError::internal)?,
        held: row.get(5),
    })
}

/// Every application recorded, with its outcome (in a transaction, or on a connection).
pub(crate) async fn recorded_applications(db: &impl GenericClient) -> ApiResult<Vec<Recorded>> {
    db.query(RECORDED_APPLICATIONS, &[])
        .await?
        .iter()
        .map(recorded_row)
        .collect()
}

/// The bundles under `path`: itself if it is a bundle folder or a `.zip`, else the
/// bundles directly inside it, in name order.
fn bundles_under(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let is_zip = |p: &Path| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if path.is_dir() && !path.join("submission.json").exists() {
        let mut inside: Vec<PathBuf> = std::fs::read_dir(path)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        inside.sort();
        out.extend(
            inside
                .into_iter()
                .filter(|p| p.join("submission.json").exists() || (p.is_file() && is_zip(p))),
        );
    } else {
        out.push(path.to_path_buf());
    }
    Ok(())
}
