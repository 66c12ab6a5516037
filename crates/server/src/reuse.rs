//! The same scan in two files (issue 20, part 2). Every page of every document the server
//! holds gets a PDQ perceptual hash (`pdq`: 256 bits and a quality), once per document's
//! bytes, whether the document came with the portal's bundle (intake) or from an
//! officer's desk (a push). A background job takes the documents not hashed yet, has the
//! sandboxed pdfium helper draw each page in grey, hashes it, and in one transaction
//! records the hashes, their 16 chunks (the multi-index, `page_hash_chunks`) and every
//! page of another document within [`pdq::MATCH_DISTANCE`] of one of the page's eight
//! orientations, both of quality [`pdq::MIN_QUALITY`] or more (`page_matches`).
//!
//! A document whose very bytes are in two files is a pair too (the same `sha256` on both
//! sides, page 1, distance 0), found by the same job however late the second file gets it.
//!
//! Who sees what ([`scan_matches`]): a supervisor, every pair of pages in two different
//! files, with both sides; an officer, the pages of their own files that match a page in
//! another file, without saying which. A supervisor dismisses a pair with a reason
//! ([`dismiss`]); it stays listed, with who dismissed it, when and why.

use std::time::Duration;

use bytes::Bytes;
use deadpool_postgres::{GenericClient, Pool};
use oplog::ids::Role;
use pdq::{Hashed, MATCH_DISTANCE, MIN_QUALITY, PageHash};
use sync::integrity::{Dismissal, MatchSide, ScanMatch};

use crate::auth::Principal;
use crate::blobs::Blobs;
use crate::error::{ApiError, ApiResult};

/// Pages hashed per document, at most (a longer document's later pages are not compared).
pub const MAX_PAGES: u32 = 200;
/// Width in pixels each page is drawn at for hashing (PDQ reduces it to 64 × 64).
const RENDER_WIDTH: u32 = 512;
/// Documents hashed per turn of the job.
const BATCH: i64 = 16;

/// Why a document's pages could not be hashed.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("pdfium could not read the document: {0}")]
    Pdf(#[from] pdf::PdfError),
    #[error("a drawn page could not be decoded: {0}")]
    Image(#[from] image::ImageError),
    #[error("a drawn page could not be hashed: {0}")]
    Pdq(#[from] pdq::PdqError),
}

/// The hashes of a document's pages, in order (at most [`MAX_PAGES`]).
pub async fn hash_pages(
    worker: &pdf::PdfWorker,
    sha256: &str,
    bytes: Bytes,
) -> Result<Vec<Hashed>, HashError> {
    let bytes = std::sync::Arc::new(bytes.to_vec());
    let doc = || pdf::DocumentRef::bytes(sha256.to_owned(), bytes.clone());
    let info = worker.info(doc()).await?;
    let mut hashed = Vec::new();
    for page in 1..=info.page_count.min(MAX_PAGES) {
        let drawn = worker
            .render(
                doc(),
                pdf::RenderRequest {
                    format: pdf::ImageFormat::Png,
                    ..pdf::RenderRequest::view(page, RENDER_WIDTH)
                },
            )
            .await?;
        let grey =
            image::load_from_memory_with_format(&drawn.bytes, image::ImageFormat::Png)?.to_luma8();
        hashed.push(pdq::hash_grey(grey.width(), grey.height(), grey.as_raw())?);
    }
    worker.close_document(doc());
    Ok(hashed)
}

/// Records a document's page hashes (or why there are none), then every page of another
/// document that matches one of them. Returns the pairs found. Idempotent: a document
/// already recorded is left as it is.
pub async fn record(
    client: &mut deadpool_postgres::Object,
    sha256: &str,
    hashed: Result<&[Hashed], &HashError>,
) -> ApiResult<u32> {
    let tx = client.transaction().await?;
    let (pages, error) = match hashed {
        Ok(h) => (h.len() as i32, None),
        Err(e) => (0, Some(e.to_string())),
    };
    let inserted = tx
        .execute(
            "INSERT INTO hashed_documents (sha256, pages, error) VALUES ($1, $2, $3)
             ON CONFLICT (sha256) DO NOTHING",
            &[&sha256, &pages, &error],
        )
        .await?;
    let mut found = 0;
    if inserted == 1
        && let Ok(hashed) = hashed
    {
        for (i, h) in hashed.iter().enumerate() {
            let page = i as i32 + 1;
            tx.execute(
                "INSERT INTO page_hashes (sha256, page, hash, quality) VALUES ($1, $2, $3, $4)",
                &[
                    &sha256,
                    &page,
                    &h.hash.to_bytes().as_slice(),
                    &i16::from(h.quality),
                ],
            )
            .await?;
            let chunks: Vec<i16> = (0..16).collect();
            let values: Vec<i32> = (0..16).map(|k| i32::from(h.hash.chunk(k))).collect();
            tx.execute(
                "INSERT INTO page_hash_chunks (sha256, page, chunk, value)
                 SELECT $1, $2, c, v FROM unnest($3::smallint[], $4::int[]) AS t(c, v)",
                &[&sha256, &page, &chunks, &values],
            )
            .await?;
            if h.quality < MIN_QUALITY {
                continue;
            }
            for (other_sha, other_page, distance) in candidates(&tx, sha256, h).await? {
                found += tx
                    .execute(
                        "INSERT INTO page_matches (sha256_a, page_a, sha256_b, page_b, distance)
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                        &[&other_sha, &other_page, &sha256, &page, &(distance as i16)],
                    )
                    .await? as u32;
            }
        }
    }
    tx.commit().await?;
    Ok(found)
}

/// The pages of other documents within [`MATCH_DISTANCE`] of one of `h`'s orientations:
/// every page sharing a chunk at distance 0 or 1 with one of them (two hashes that close
/// differ in at most one bit of some chunk), checked exactly.
async fn candidates(
    client: &impl GenericClient,
    sha256: &str,
    h: &Hashed,
) -> ApiResult<Vec<(String, i32, u32)>> {
    let variants = h.dihedral();
    let mut chunks: Vec<i16> = Vec::with_capacity(8 * 16 * 17);
    let mut values: Vec<i32> = Vec::with_capacity(8 * 16 * 17);
    for v in &variants {
        for k in 0..16 {
            let c = v.chunk(k);
            chunks.push(k as i16);
            values.push(i32::from(c));
            for bit in 0..16 {
                chunks.push(k as i16);
                values.push(i32::from(c ^ (1 << bit)));
            }
        }
    }
    let rows = client
        .query(
            "SELECT DISTINCT h.sha256, h.page, h.hash
               FROM (SELECT DISTINCT c, v FROM unnest($1::smallint[], $2::int[]) AS q(c, v)) q
               JOIN page_hash_chunks k ON k.chunk = q.c AND k.value = q.v
               JOIN page_hashes h ON h.sha256 = k.sha256 AND h.page = k.page
              WHERE h.sha256 <> $3 AND h.quality >= $4",
            &[&chunks, &values, &sha256, &i16::from(MIN_QUALITY)],
        )
        .await?;
    let mut out = Vec::new();
    for row in rows {
        let bytes: &[u8] = row.get(2);
        let Some(other) = PageHash::from_bytes(bytes) else {
            continue;
        };
        let distance = variants
            .iter()
            .map(|v| v.distance(&other))
            .min()
            .unwrap_or(u32::MAX);
        if distance <= MATCH_DISTANCE {
            out.push((row.get(0), row.get(1), distance));
        }
    }
    Ok(out)
}

/// One turn of the job: hashes up to [`BATCH`] documents not hashed yet whose bytes are
/// here. Returns how many were recorded.
pub async fn hash_pending(pool: &Pool, blobs: &Blobs, worker: &pdf::PdfWorker) -> ApiResult<usize> {
    let pending: Vec<String> = pool
        .get()
        .await?
        .query(
            "SELECT DISTINCT d.sha256 FROM documents d
               JOIN blobs b ON b.sha256 = d.sha256
              WHERE NOT d.letter
                AND NOT EXISTS (SELECT 1 FROM hashed_documents h WHERE h.sha256 = d.sha256)
              ORDER BY d.sha256 LIMIT $1",
            &[&BATCH],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    // The very same bytes in two files: one pair per document, found once.
    let same = pool
        .get()
        .await?
        .execute(
            "INSERT INTO page_matches (sha256_a, page_a, sha256_b, page_b, distance)
             SELECT d.sha256, 1, d.sha256, 1, 0
               FROM documents d
               JOIN page_hashes p ON p.sha256 = d.sha256 AND p.page = 1
              WHERE NOT d.letter
              GROUP BY d.sha256
             HAVING count(DISTINCT d.case_id) > 1
             ON CONFLICT DO NOTHING",
            &[],
        )
        .await?;
    if same > 0 {
        tracing::warn!(documents = same, "the very same document is in two files");
    }
    for sha256 in &pending {
        let body = blobs.read_from(sha256, 0).await?;
        let bytes = axum::body::to_bytes(body, usize::MAX)
            .await
            .map_err(|e| ApiError::internal(format!("reading document {sha256}: {e}")))?;
        let hashed = hash_pages(worker, sha256, bytes).await;
        if let Err(e) = &hashed {
            tracing::warn!(document = %sha256, "pages not hashed: {e}");
        }
        let found = record(&mut pool.get().await?, sha256, hashed.as_deref()).await?;
        if found > 0 {
            tracing::warn!(document = %sha256, pairs = found, "a page is the same picture as a page of another document");
        }
    }
    Ok(pending.len())
}

/// Runs [`hash_pending`] every `every`, and again at once while documents wait.
pub fn spawn(
    pool: Pool,
    blobs: std::sync::Arc<Blobs>,
    worker: std::sync::Arc<pdf::PdfWorker>,
    every: Duration,
) {
    if let Err(e) = worker.library() {
        tracing::warn!("pages will not be compared across files: {e}");
        return;
    }
    tokio::spawn(async move {
        loop {
            match hash_pending(&pool, &blobs, &worker).await {
                Ok(n) if n as i64 == BATCH => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!("hashing pages: {}", e.message),
            }
            tokio::time::sleep(every).await;
        }
    });
}

/// The matching pages `who` may see (module documentation); with `case`, only those
/// that touch that file (an officer: only that file's own pages).
pub async fn scan_matches(
    pool: &Pool,
    who: &Principal,
    case: Option<uuid::Uuid>,
) -> ApiResult<Vec<ScanMatch>> {
    let officer = match who.role {
        Role::Supervisor => None,
        Role::Officer => Some(who.name.to_string()),
    };
    // Every pair of documents in two different files, once (a document in two files is
    // paired with itself: its two files once, not twice).
    let rows = pool
        .get()
        .await?
        .query(
            "SELECT m.id, m.distance, m.found_at,
                    ca.id, ca.file_number, da.document_id, m.sha256_a, m.page_a,
                    cb.id, cb.file_number, db.document_id, m.sha256_b, m.page_b,
                    m.dismissed_by, m.dismissed_at, m.dismissal_reason,
                    ca.assigned_to, cb.assigned_to
               FROM page_matches m
               JOIN documents da ON da.sha256 = m.sha256_a AND NOT da.letter
               JOIN cases ca ON ca.id = da.case_id
               JOIN documents db ON db.sha256 = m.sha256_b AND NOT db.letter
               JOIN cases cb ON cb.id = db.case_id
              WHERE ca.id <> cb.id AND (m.sha256_a <> m.sha256_b OR ca.id < cb.id)
                AND ($1::uuid IS NULL OR ca.id = $1 OR cb.id = $1)
              ORDER BY m.id, ca.file_number, cb.file_number",
            &[&case],
        )
        .await?;
    let side = |row: &tokio_postgres::Row, at: usize| MatchSide {
        case_id: row.get(at),
        file_number: row.get(at + 1),
        document_id: row.get(at + 2),
        sha256: row.get(at + 3),
        page: row.get::<_, i32>(at + 4) as u32,
    };
    let mut out = Vec::new();
    for row in &rows {
        let (a, b) = (side(row, 3), side(row, 8));
        let dismissal = row.get::<_, Option<String>>(13).map(|by| Dismissal {
            by: oplog::ids::UserId(by),
            at: row.get(14),
            reason: row.get(15),
        });
        let at = |page: MatchSide, other: Option<MatchSide>| ScanMatch {
            id: row.get(0),
            page,
            other,
            distance: row.get::<_, i16>(1) as u32,
            found_at: row.get(2),
            dismissal: dismissal.clone(),
        };
        match &officer {
            None => out.push(at(a, Some(b))),
            Some(name) => {
                // Her own pages only, each alone: never which file holds the other.
                let hers = |side: &MatchSide, assigned: Option<String>| {
                    assigned.as_ref() == Some(name) && case.is_none_or(|c| c == side.case_id)
                };
                if hers(&a, row.get(16)) {
                    out.push(at(a.clone(), None));
                }
                if hers(&b, row.get(17)) {
                    out.push(at(b, None));
                }
            }
        }
    }
    Ok(out)
}

/// Dismisses pair `id` with `reason` (supervisors). A pair already dismissed keeps its
/// first dismissal.
pub async fn dismiss(pool: &Pool, who: &Principal, id: i64, reason: &str) -> ApiResult<()> {
    who.require_supervisor("dismiss a page found in two files")?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(ApiError::unprocessable(
            sync::codes::INVALID_CONSTRAINT,
            "say why the two pages are not a reused scan, in 1 to 500 characters",
        )
        .with_text(vocab::Text::new("scan-match-reason-required")));
    }
    let client = pool.get().await?;
    let found = client
        .query_opt(
            "SELECT dismissed_by FROM page_matches WHERE id = $1",
            &[&id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no pair of pages {id}")))?;
    if found.get::<_, Option<String>>(0).is_some() {
        return Ok(());
    }
    client
        .execute(
            "UPDATE page_matches SET dismissed_by = $2, dismissed_at = now(), dismissal_reason = $3
              WHERE id = $1 AND dismissed_by IS NULL",
            &[&id, &who.name.0, &reason],
        )
        .await?;
    tracing::info!(user = %who.name, pair = id, reason, "pair of matching pages dismissed");
    Ok(())
}
