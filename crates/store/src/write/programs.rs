//! The program definition versions this laptop holds (P5), as the server sent them
//! (`program_versions`): read when the store opens, replaced when sync brings new ones.
//! Before the first sync the store holds none and the built-in definition (version 1)
//! decides. Every write names the version in force at its instant; every replay uses the
//! version each operation names.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use program::definition::{DeadlineLengths, FeeRow, ReceiptWindow};
use program::{ProgramDefinition, ProgramVersion, ProgramVersionId, ProgramVersions};
use rusqlite::{Connection, params};
use serde::Serialize;
use ts_rs::TS;
use vocab::Text;

use crate::read::detail::parse_time;
use crate::{Store, StoreError};

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The versions kept in `conn`; the built-in one alone when none are.
pub(crate) fn load(conn: &Connection) -> Result<ProgramVersions, StoreError> {
    let rows: Vec<(u32, String, String, String, String)> = conn
        .prepare("SELECT id, effective_at, source, loaded_at, loaded_by FROM program_versions ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<Result<_, _>>()?;
    if rows.is_empty() {
        return Ok(ProgramVersions::builtin());
    }
    let mut list = Vec::with_capacity(rows.len());
    for (id, effective_at, source, loaded_at, loaded_by) in rows {
        let version = ProgramVersion::from_source(
            ProgramVersionId(id),
            parse_time(&effective_at)?,
            source,
            parse_time(&loaded_at)?,
            loaded_by,
        )
        .map_err(|e| StoreError::Corrupt(format!("program version {id}: {e}")))?;
        list.push(version);
    }
    ProgramVersions::new(list).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// One version of the program definition as the program screen shows it: when it took
/// (or takes) effect, who loaded it, and what a yearly change touches.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProgramVersionView {
    pub id: ProgramVersionId,
    pub effective_at: DateTime<Utc>,
    pub loaded_at: DateTime<Utc>,
    pub loaded_by: String,
    /// Version 1, the definition built into the app.
    pub built_in: bool,
    /// The version in force now, by this laptop's clock.
    pub in_force: bool,
    pub fees: Vec<FeeRow>,
    pub window: ReceiptWindow,
    pub caps: Vec<CapView>,
    pub deadlines: DeadlineLengths,
}

/// I2: a cap or sub-cap, named.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CapView {
    pub label: Text,
    pub limit: u32,
}

impl Store {
    /// Every version this laptop holds, newest first, for the program screen.
    pub fn program_history(&self) -> Vec<ProgramVersionView> {
        let versions = self.programs();
        let in_force = versions.in_force_at(self.now()).id;
        versions
            .all()
            .iter()
            .rev()
            .map(|v| {
                let def = &v.definition;
                ProgramVersionView {
                    id: v.id,
                    effective_at: v.effective_at,
                    loaded_at: v.loaded_at,
                    loaded_by: v.loaded_by.clone(),
                    built_in: v.id == ProgramVersionId::BUILTIN,
                    in_force: v.id == in_force,
                    fees: def.fees.clone(),
                    window: def.window,
                    caps: def
                        .caps
                        .iter()
                        .map(|c| CapView {
                            label: c.scope.label(def),
                            limit: c.limit,
                        })
                        .collect(),
                    deadlines: def.deadlines,
                }
            })
            .collect()
    }

    /// Every program definition version this laptop holds.
    pub fn programs(&self) -> Arc<ProgramVersions> {
        self.programs
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The program definition in force now, by this store's clock: what the screens show
    /// and what a new operation is decided with.
    pub fn program(&self) -> Arc<ProgramDefinition> {
        self.programs().in_force_at(self.now()).definition.clone()
    }

    /// Keeps `versions` (every version the server holds, as it sent them) in place of
    /// those held here. Returns whether anything changed. A set that does not hold
    /// together (a gap in the numbers, an invalid definition) is refused and nothing
    /// changes.
    pub fn receive_program_versions(
        &self,
        versions: Vec<ProgramVersion>,
    ) -> Result<bool, StoreError> {
        let versions = ProgramVersions::new(versions).map_err(|e| {
            StoreError::Invalid(format!(
                "the server sent program versions that do not hold together: {e}"
            ))
        })?;
        if *self.programs() == versions {
            return Ok(false);
        }
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM program_versions", [])?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO program_versions (id, effective_at, source, loaded_at, loaded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for v in versions.all() {
                insert.execute(params![
                    v.id.0,
                    ts(v.effective_at),
                    v.source,
                    ts(v.loaded_at),
                    v.loaded_by
                ])?;
            }
        }
        tx.commit()?;
        *self
            .programs
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(versions);
        Ok(true)
    }
}
