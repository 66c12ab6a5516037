//! The program definition versions the server holds (P5): `program_versions`, version 1
//! being the built-in definition (recorded the first time the server needs it, so a later
//! binary with another built-in text cannot change what version 1 decided). Every push
//! reads the versions under a shared lock ([`ProgramCache::current`]); loading a version
//! ([`ProgramCache::load`]) takes that lock exclusively, with intake's, so nothing is
//! decided while a version is checked against what was decided before it.

use std::collections::BTreeSet;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use deadpool_postgres::{GenericClient, Pool};
use program::versions::{Decided, PaidFile, check_successor};
use program::{
    DefinitionError, ProgramDefinition, ProgramVersion, ProgramVersionId, ProgramVersions,
};
use sync::codes;
use vocab::Text;

use crate::error::{ApiError, ApiResult};

/// The advisory lock of the program definition: shared by every push, exclusive while a
/// version is loaded.
pub const PROGRAM_LOCK: i64 = 0x0070_726f_6772_616d; // "program" in ASCII

/// The versions as last read from the database, read again only for what was loaded
/// since. One per server process (and per command-line run).
#[derive(Debug, Default)]
pub struct ProgramCache {
    versions: RwLock<Option<Arc<ProgramVersions>>>,
}

fn corrupt(id: i32, e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(format!("program version {id} in the database: {e}"))
}

impl ProgramCache {
    pub fn new() -> Self {
        Self::default()
    }

    fn cached(&self) -> Option<Arc<ProgramVersions>> {
        self.versions
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn keep(&self, versions: Arc<ProgramVersions>) {
        *self
            .versions
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(versions);
    }

    /// The versions as last read (the built-in one alone before the first read): for
    /// what does not decide anything (reading a bundle before its transaction).
    pub fn snapshot(&self) -> Arc<ProgramVersions> {
        self.cached()
            .unwrap_or_else(|| Arc::new(ProgramVersions::builtin()))
    }

    /// Every version, as the database holds them now. Inside a transaction, it also holds
    /// the shared lock until the transaction ends, so no version is loaded meanwhile.
    pub async fn current(&self, db: &impl GenericClient) -> ApiResult<Arc<ProgramVersions>> {
        db.execute("SELECT pg_advisory_xact_lock_shared($1)", &[&PROGRAM_LOCK])
            .await?;
        let cached = self.cached();
        let after = cached.as_ref().map_or(0, |v| v.latest().id.0);
        let mut rows = read_rows(db, after).await?;
        if cached.is_none() && rows.is_empty() {
            let builtin = ProgramVersion::builtin();
            db.execute(
                "INSERT INTO program_versions (id, effective_at, source, loaded_at, loaded_by)
                 VALUES (1, $1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
                &[
                    &builtin.effective_at,
                    &builtin.source,
                    &builtin.loaded_at,
                    &builtin.loaded_by,
                ],
            )
            .await?;
            rows = read_rows(db, 0).await?;
        }
        if rows.is_empty()
            && let Some(cached) = cached
        {
            return Ok(cached);
        }
        let mut list: Vec<ProgramVersion> = cached
            .as_deref()
            .map(|v| v.all().to_vec())
            .unwrap_or_default();
        list.extend(rows);
        let versions = Arc::new(ProgramVersions::new(list).map_err(ApiError::internal)?);
        self.keep(versions.clone());
        Ok(versions)
    }

    /// Loads `source` (named `file_name` in errors) as the next version, in force from
    /// `effective_at` (default: now), loaded by `loader`. Refused, with the file, line and
    /// field, when it does not validate; refused when it would change anything already
    /// decided ([`check_successor`]).
    pub async fn load(
        &self,
        pool: &Pool,
        loader: &str,
        file_name: &str,
        source: &str,
        effective_at: Option<DateTime<Utc>>,
    ) -> ApiResult<ProgramVersion> {
        let definition = ProgramDefinition::from_toml_str(file_name, source).map_err(invalid)?;
        let mut db = pool.get().await?;
        let tx = db.transaction().await?;
        tx.execute(
            "SELECT pg_advisory_xact_lock($1), pg_advisory_xact_lock($2)",
            &[&crate::intake::INTAKE_LOCK, &PROGRAM_LOCK],
        )
        .await?;
        let versions = self.current(&tx).await?;
        let now: DateTime<Utc> = tx.query_one("SELECT now()", &[]).await?.get(0);
        let effective_at = effective_at.unwrap_or(now);
        let decided = decided(&tx, &versions).await?;
        check_successor(&versions, &definition, effective_at, now, &decided).map_err(|e| {
            ApiError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                codes::PROGRAM_REFUSED,
                e.to_string(),
            )
            .with_text(e.text())
        })?;
        let id = versions.next_id();
        let version = ProgramVersion {
            id,
            effective_at,
            source: source.to_owned(),
            definition: Arc::new(definition),
            loaded_at: now,
            loaded_by: loader.to_owned(),
        };
        tx.execute(
            "INSERT INTO program_versions (id, effective_at, source, loaded_at, loaded_by)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &i32::try_from(id.0).map_err(ApiError::internal)?,
                &version.effective_at,
                &version.source,
                &version.loaded_at,
                &version.loaded_by,
            ],
        )
        .await?;
        tx.commit().await?;
        tracing::info!(version = %id, by = loader, "program definition version loaded");
        let mut next = (*versions).clone();
        next.push(version.clone()).map_err(ApiError::internal)?;
        self.keep(Arc::new(next));
        Ok(version)
    }
}

/// A definition that does not validate: 422 with the file, line and field.
fn invalid(e: DefinitionError) -> ApiError {
    let text = match &e {
        DefinitionError::Invalid {
            file,
            line,
            field,
            message,
            ..
        } => Text::new("program-load-invalid")
            .with("file", file.as_str())
            .with("line", *line)
            .with("field", field.as_str())
            .with("message", message.as_str()),
        DefinitionError::Read { path, .. } => {
            Text::new("program-load-unreadable").with("file", path.display().to_string())
        }
    };
    ApiError::new(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        codes::PROGRAM_INVALID,
        e.to_string(),
    )
    .with_text(text)
}

async fn read_rows(db: &impl GenericClient, after: u32) -> ApiResult<Vec<ProgramVersion>> {
    let after = i32::try_from(after).map_err(ApiError::internal)?;
    let rows = db
        .query(
            "SELECT id, effective_at, source, loaded_at, loaded_by FROM program_versions
              WHERE id > $1 ORDER BY id",
            &[&after],
        )
        .await?;
    rows.iter()
        .map(|r| {
            let id: i32 = r.get(0);
            ProgramVersion::from_source(
                ProgramVersionId(u32::try_from(id).map_err(|e| corrupt(id, e))?),
                r.get(1),
                r.get(2),
                r.get(3),
                r.get(4),
            )
            .map_err(|e| corrupt(id, e))
        })
        .collect()
}

/// What the server has decided that a new version must leave as it is: the files with
/// payments and the days their fees were charged at, the applications intake recorded,
/// and the streams, profiles and checklist items files use.
async fn decided(db: &impl GenericClient, versions: &ProgramVersions) -> ApiResult<Decided> {
    let mut out = Decided {
        applications: crate::intake::recorded_applications(db)
            .await?
            .into_iter()
            .map(|r| r.application)
            .collect(),
        ..Decided::default()
    };
    let mut codes = BTreeSet::new();
    for state in crate::accept::all_states(db, versions).await? {
        out.streams.insert(state.stream);
        out.profiles.insert(state.profile);
        codes.extend(state.checklist.iter().map(|r| r.code.clone()));
        codes.extend(
            state
                .documents
                .iter()
                .filter_map(|d| d.checklist_code.clone()),
        );
        if !state.payments.is_empty() {
            let mut fee_days = vec![program::montreal_date(state.received_at)];
            fee_days.extend(state.persons.iter().filter_map(|p| p.added_on));
            out.paid.push(PaidFile {
                file_number: state.file_number.clone(),
                fee_days,
            });
        }
    }
    out.checklist_codes = codes;
    Ok(out)
}
