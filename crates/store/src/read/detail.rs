//! The read side of [`Store`]: one page of the queue and the whole of one file, mapped
//! into the typed views the screens use.

use chrono::{DateTime, NaiveDate, Utc};
use program::{CaseStatus, Language, PersonRole, Profile, Stream, family::age_on};
use rusqlite::{Connection, OptionalExtension, Row, ToSql, params_from_iter};

use crate::ids::{CaseId, DocumentId, UserId};
use crate::quality::{FlagDismissal, QualityFlagKind, QualityReport};
use crate::queries::{QueueQuery, ROW_COLUMNS, queue_sql};
use crate::views::{CaseDetail, CaseRow, DocumentView, Page, PersonView, RepresentativeView};
use crate::{DocumentBlob, Store, StoreError};

fn corrupt(what: &str, v: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {v:?}"))
}

pub(crate) fn parse_time(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| corrupt("time", s))
}

fn parse_day(s: &str) -> Result<NaiveDate, StoreError> {
    s.parse().map_err(|_| corrupt("date", s))
}

/// The raw text of a queue row, read inside the statement loop and typed afterwards.
struct RawRow([Option<String>; 9]);

fn raw_row(r: &Row<'_>) -> rusqlite::Result<RawRow> {
    Ok(RawRow([
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
    ]))
}

impl RawRow {
    fn typed(self, today: NaiveDate) -> Result<CaseRow, StoreError> {
        let [
            id,
            file_number,
            name,
            stream,
            profile,
            status,
            received,
            deadline,
            assigned,
        ] = self.0;
        let text = |v: Option<String>| v.unwrap_or_default();
        let stream = text(stream);
        let profile = text(profile);
        let status = text(status);
        let next_deadline = deadline.as_deref().map(parse_day).transpose()?;
        Ok(CaseRow {
            id: CaseId::parse(&text(id))?,
            file_number: text(file_number),
            principal_name: text(name),
            stream: Stream::from_code(&stream).ok_or_else(|| corrupt("stream", &stream))?,
            profile: Profile::from_code(&profile).ok_or_else(|| corrupt("profile", &profile))?,
            status: CaseStatus::from_code(&status).ok_or_else(|| corrupt("status", &status))?,
            received_at: parse_time(&text(received))?,
            days_left: next_deadline.map(|d| (d - today).num_days()),
            next_deadline,
            assigned_to: assigned,
        })
    }
}

impl Store {
    /// One page of the officer's queue.
    pub fn queue(&self, q: &QueueQuery) -> Result<Page<CaseRow>, StoreError> {
        let today = self.today();
        let sql = queue_sql(q, today);
        let conn = self.conn()?;
        let raw: Vec<RawRow> = {
            let mut stmt = conn.prepare_cached(&sql.page)?;
            stmt.query_map(params_from_iter(sql.params.iter()), raw_row)?
                .collect::<Result<_, _>>()?
        };
        let total: i64 = {
            let mut stmt = conn.prepare_cached(&sql.count)?;
            stmt.query_row(params_from_iter(sql.params.iter()), |r| r.get(0))?
        };
        drop(conn);
        Ok(Page {
            items: raw
                .into_iter()
                .map(|r| r.typed(today))
                .collect::<Result<_, _>>()?,
            total: u32::try_from(total).unwrap_or(u32::MAX),
            offset: q.offset,
            limit: q.limit.clamp(1, 500),
        })
    }

    /// Everyone who holds a file on this laptop, by name (the queue's "assigned to" filter).
    pub fn assignees(&self) -> Result<Vec<String>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT DISTINCT assigned_to FROM cases WHERE assigned_to IS NOT NULL ORDER BY assigned_to",
        )?;
        let names = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(names)
    }

    /// The whole of one file.
    pub fn case_detail(&self, id: CaseId) -> Result<CaseDetail, StoreError> {
        let today = self.today();
        let conn = self.conn()?;
        let row = conn
            .prepare_cached(&format!(
                "SELECT {ROW_COLUMNS}, c.language FROM cases c WHERE c.id = ?1"
            ))?
            .query_row([id], |r| Ok((raw_row(r)?, r.get::<_, String>(9)?)))
            .optional()?
            .ok_or_else(|| StoreError::CaseNotFound(id.to_string()))?;
        let language = Language::from_code(&row.1).ok_or_else(|| corrupt("language", &row.1))?;
        let persons = conn
            .prepare_cached(
                "SELECT id, role, family_name, given_names, date_of_birth, attestation_held, removed_hlc IS NOT NULL
                 FROM persons WHERE case_id = ?1
                 ORDER BY CASE role WHEN 'principal_applicant' THEN 0 WHEN 'spouse' THEN 1 ELSE 2 END, date_of_birth",
            )?
            .query_map([id], |r| {
                Ok((
                    r.get::<_, CaseId>(0).map(|c| c.0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, bool>(5)?,
                    r.get::<_, bool>(6)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let representative = conn
            .prepare_cached(
                "SELECT name, organization, email, licence FROM representatives WHERE case_id = ?1",
            )?
            .query_row([id], |r| {
                Ok(RepresentativeView {
                    name: r.get(0)?,
                    organization: r.get(1)?,
                    email: r.get(2)?,
                    licence: r.get(3)?,
                })
            })
            .optional()?;
        let documents = read_documents(&conn, &self.program(), "d.case_id = ?1", id)?;
        let operation_count: i64 = conn
            .prepare_cached("SELECT count(*) FROM operations WHERE case_id = ?1")?
            .query_row([id], |r| r.get(0))?;
        drop(conn);

        let persons = persons
            .into_iter()
            .map(
                |(pid, role, family_name, given_names, dob, held, removed)| {
                    let date_of_birth = parse_day(&dob)?;
                    Ok(PersonView {
                        id: crate::ids::PersonId(pid),
                        role: PersonRole::from_code(&role).ok_or_else(|| corrupt("role", &role))?,
                        family_name,
                        given_names,
                        age: age_on(date_of_birth, today),
                        date_of_birth,
                        attestation_held: held,
                        removed,
                    })
                },
            )
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(CaseDetail {
            row: row.0.typed(today)?,
            language,
            persons,
            representative,
            documents,
            operation_count: u32::try_from(operation_count).unwrap_or(u32::MAX),
        })
    }
}

impl Store {
    /// One document, with its quality report and dismissals.
    pub fn document(&self, id: DocumentId) -> Result<DocumentView, StoreError> {
        let conn = self.conn()?;
        read_documents(&conn, &self.program(), "d.id = ?1", id)?
            .pop()
            .ok_or_else(|| StoreError::DocumentNotFound(id.to_string()))
    }

    /// A document's bytes, to read when needed (decrypted by [`DocumentBlob::read`]).
    /// Fails when the document is unknown or its blob is missing.
    pub fn document_blob(&self, id: DocumentId) -> Result<DocumentBlob, StoreError> {
        let sha256: String = self
            .conn()?
            .prepare_cached("SELECT sha256 FROM documents WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::DocumentNotFound(id.to_string()))?;
        let path = self.blobs().path_of(&sha256)?;
        if !path.is_file() {
            return Err(StoreError::Blob {
                path,
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "the document's bytes are missing from the store's blob folder",
                ),
            });
        }
        Ok(DocumentBlob {
            sha256,
            blobs: self.blobs().clone(),
        })
    }
}

/// The documents matching `filter` (a condition on `documents d` with one parameter),
/// ordered as the case screen lists them, each with its report and dismissals.
fn read_documents(
    conn: &Connection,
    def: &program::ProgramDefinition,
    filter: &str,
    param: impl ToSql,
) -> Result<Vec<DocumentView>, StoreError> {
    type Raw = (
        DocumentId,
        CaseId,
        Option<crate::ids::PersonId>,
        Option<String>,
        String,
        String,
        i64,
        String,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Raw> = conn
        .prepare_cached(&format!(
            "SELECT d.id, d.case_id, d.person_id, d.checklist_code, d.file_name, d.sha256, d.byte_size,
                    d.received_at, d.quality, d.letter
             FROM documents d WHERE {filter} ORDER BY d.received_at, d.file_name, d.id"
        ))?
        .query_map([&param], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let dismissed: Vec<(DocumentId, String, String, String, String)> = conn
        .prepare_cached(&format!(
            "SELECT q.document_id, q.flag, q.reason, q.dismissed_by, q.dismissed_at
             FROM quality_dismissals q JOIN documents d ON d.id = q.document_id
             WHERE {filter} ORDER BY q.dismissed_at, q.flag"
        ))?
        .query_map([&param], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut dismissals: std::collections::HashMap<DocumentId, Vec<FlagDismissal>> =
        std::collections::HashMap::new();
    for (doc, flag, reason, by, at) in dismissed {
        dismissals.entry(doc).or_default().push(FlagDismissal {
            flag: QualityFlagKind::from_code(&flag)
                .ok_or_else(|| corrupt("quality flag", &flag))?,
            reason,
            dismissed_by: UserId(by),
            dismissed_at: parse_time(&at)?,
        });
    }
    rows.into_iter()
        .map(
            |(
                id,
                case_id,
                person_id,
                checklist_code,
                file_name,
                sha256,
                size,
                received,
                quality,
                letter,
            )| {
                let quality = quality
                    .map(|q| serde_json::from_str::<QualityReport>(&q))
                    .transpose()
                    .map_err(|e| {
                        StoreError::Corrupt(format!("quality report of document {id}: {e}"))
                    })?;
                let item_label = checklist_code
                    .as_deref()
                    .and_then(|c| def.checklist_item(&c.into()).map(|i| i.label.clone()));
                Ok(DocumentView {
                    id,
                    case_id,
                    person_id,
                    checklist_code,
                    item_label,
                    file_name,
                    sha256,
                    byte_size: u64::try_from(size).unwrap_or(0),
                    received_at: parse_time(&received)?,
                    quality,
                    dismissals: dismissals.remove(&id).unwrap_or_default(),
                    letter: letter
                        .map(|k| {
                            letters::LetterKind::from_code(&k)
                                .ok_or_else(|| corrupt("letter kind", &k))
                        })
                        .transpose()?,
                })
            },
        )
        .collect()
}
