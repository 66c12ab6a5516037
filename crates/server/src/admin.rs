//! The administrator's subcommands: add users, change a role, disable an account, assign
//! a file. An assignment goes through the same acceptance path as a pushed operation, so
//! it is checked, numbered, and reaches the officers' apps like any other operation.

use std::io::BufRead;

use anyhow::{Context, bail};
use deadpool_postgres::Pool;
use oplog::Change;
use oplog::hlc::Hlc;
use oplog::ids::{Actor, CaseId, OperationId, Role, UserId};
use sync::wire::{PushOutcome, WireOperation};

use crate::accept::{Pusher, push_batch};
use crate::auth::hash_password;
use crate::programs::ProgramCache;
use crate::supervision::users::Acting;

/// Where `user add` reads the password from, before falling back to standard input.
pub const PASSWORD_ENV: &str = "DOSSIER_SERVER_PASSWORD";

/// The author of assignments made on the command line without `--by`.
pub const SYSTEM_USER: &str = "dossier-server";

/// Shortest password accepted.
pub use crate::supervision::users::MIN_PASSWORD_CHARS;

/// The password for a new user: `$DOSSIER_SERVER_PASSWORD`, else the first line of stdin.
pub fn read_password() -> anyhow::Result<String> {
    let password = match std::env::var(PASSWORD_ENV) {
        Ok(p) => p,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .context("reading the password from standard input")?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    if password.chars().count() < MIN_PASSWORD_CHARS {
        bail!(
            "the password must have at least {MIN_PASSWORD_CHARS} characters (give it in \
             {PASSWORD_ENV} or on standard input)"
        );
    }
    Ok(password)
}

/// Adds a user with role `role` (`officer`, `supervisor` or `portal`).
pub async fn add_user(pool: &Pool, name: &str, role: &str, password: &str) -> anyhow::Result<()> {
    let password = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password)).await??;
    let db = pool.get().await?;
    let inserted = db
        .execute(
            "INSERT INTO users (name, role, password_hash) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO NOTHING",
            &[&name, &role, &hash],
        )
        .await
        .with_context(|| {
            format!("adding user {name:?} (names are 1 to 64 letters, digits, or . _ @ -)")
        })?;
    if inserted == 0 {
        bail!("there is already a user {name:?}; use `user set-role` to change their role");
    }
    Ok(())
}

/// Changes a user's role; it applies from their very next request.
pub async fn set_role(pool: &Pool, name: &str, role: &str) -> anyhow::Result<()> {
    let db = pool.get().await?;
    let n = db
        .execute(
            "UPDATE users SET role = $2 WHERE name = $1",
            &[&name, &role],
        )
        .await?;
    if n == 0 {
        bail!("there is no user {name:?}");
    }
    Ok(())
}

/// Marks an officer away (they receive no file from distribution) or back; recorded as
/// done by `dossier-server`.
pub async fn set_away(pool: &Pool, name: &str, away: bool) -> anyhow::Result<()> {
    crate::supervision::users::set_away(pool, &Acting::CommandLine, name, away)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.message))
}

/// Enables a disabled user again (recorded as done by `dossier-server`).
pub async fn enable_user(pool: &Pool, name: &str) -> anyhow::Result<()> {
    crate::supervision::users::enable(pool, &Acting::CommandLine, name)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.message))
}

/// Sets a user's password (recorded as a reset by `dossier-server`); their sessions end.
pub async fn reset_password(pool: &Pool, name: &str, password: String) -> anyhow::Result<()> {
    crate::supervision::users::reset_password(pool, &Acting::CommandLine, name, password)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.message))
}

/// Makes a user an administrator (who may reset passwords from the app), or not.
pub async fn set_administrator(pool: &Pool, name: &str, administrator: bool) -> anyhow::Result<()> {
    let db = pool.get().await?;
    let n = db
        .execute(
            "UPDATE users SET administrator = $2 WHERE name = $1 AND role <> 'portal'",
            &[&name, &administrator],
        )
        .await?;
    if n == 0 {
        bail!("there is no user {name:?} (the portal's account cannot administer)");
    }
    Ok(())
}

/// Distributes (or, with `preview`, shows how it would distribute) the next `count`
/// unassigned files to the available officers, as `by` (a supervisor; default: the server).
pub async fn distribute(
    pool: &Pool,
    programs: &ProgramCache,
    count: u32,
    by: Option<&str>,
    preview: bool,
) -> anyhow::Result<crate::distribution::Distribution> {
    let by = by.unwrap_or(SYSTEM_USER);
    if by != SYSTEM_USER {
        let db = pool.get().await?;
        let row = db
            .query_opt(
                "SELECT role FROM users WHERE name = $1 AND NOT disabled",
                &[&by],
            )
            .await?
            .with_context(|| format!("there is no active user {by:?}"))?;
        if row.get::<_, String>(0) != "supervisor" {
            bail!("{by} is not a supervisor; only supervisors distribute files");
        }
    }
    let result = if preview {
        crate::distribution::preview(pool, count).await
    } else {
        let pusher = Pusher {
            name: UserId(by.to_owned()),
            role: Role::Supervisor,
        };
        crate::distribution::distribute(pool, programs, &pusher, count).await
    };
    result.map_err(|e| anyhow::anyhow!("{}", e.message))
}

/// Allows a supervisor to load program definition versions from their screen (or takes
/// that away). Officers never may.
pub async fn allow_program(pool: &Pool, name: &str, allowed: bool) -> anyhow::Result<()> {
    let db = pool.get().await?;
    let row = db
        .query_opt("SELECT role FROM users WHERE name = $1", &[&name])
        .await?
        .with_context(|| format!("there is no user {name:?}"))?;
    if allowed && row.get::<_, String>(0) != "supervisor" {
        bail!("{name} is not a supervisor; only supervisors may load program definitions");
    }
    db.execute(
        "UPDATE users SET may_load_program = $2 WHERE name = $1",
        &[&name, &allowed],
    )
    .await?;
    Ok(())
}

/// Loads the program definition in `path` as the next version, in force from
/// `effective_at` (default: now), recorded as loaded by `by` (default: the server).
pub async fn load_program(
    pool: &Pool,
    programs: &ProgramCache,
    path: &std::path::Path,
    by: Option<&str>,
    effective_at: Option<chrono::DateTime<chrono::Utc>>,
) -> anyhow::Result<program::ProgramVersion> {
    let source = std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read the program definition {}; check the path and that the file is readable",
            path.display()
        )
    })?;
    programs
        .load(
            pool,
            by.unwrap_or(SYSTEM_USER),
            &path.display().to_string(),
            &source,
            effective_at,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.message))
}

/// Every program definition version the server holds, oldest first.
pub async fn program_versions(
    pool: &Pool,
    programs: &ProgramCache,
) -> anyhow::Result<std::sync::Arc<program::ProgramVersions>> {
    let db = pool.get().await?;
    programs
        .current(&db)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.message))
}

/// Disables an account and ends its sessions.
pub async fn disable_user(pool: &Pool, name: &str) -> anyhow::Result<()> {
    let mut db = pool.get().await?;
    let tx = db.transaction().await?;
    let n = tx
        .execute("UPDATE users SET disabled = true WHERE name = $1", &[&name])
        .await?;
    if n == 0 {
        bail!("there is no user {name:?}");
    }
    // The sessions stop working at once (every request checks the account) and are
    // deleted at their next use, which is answered `auth.disabled`: the app then removes
    // every file from the laptop (issue 18).
    tx.commit().await?;
    Ok(())
}

/// A new bearer token for the portal's account `name`, valid for `days`: the portal
/// does not sign in with a password, it keeps this token (only its hash is stored).
pub async fn portal_token(pool: &Pool, name: &str, days: u32) -> anyhow::Result<String> {
    let db = pool.get().await?;
    let row = db
        .query_opt(
            "SELECT id, role FROM users WHERE name = $1 AND NOT disabled",
            &[&name],
        )
        .await?
        .with_context(|| format!("there is no active user {name:?}"))?;
    if row.get::<_, String>(1) != crate::auth::PORTAL_ROLE {
        bail!("{name} is not the portal's account; add one with `user add --role portal`");
    }
    let (token, hash) = crate::auth::new_token();
    let user_id: i64 = row.get(0);
    db.execute(
        "INSERT INTO sessions (token_sha256, user_id, expires_at)
         VALUES ($1, $2, now() + make_interval(days => $3))",
        &[&hash, &user_id, &i32::try_from(days).unwrap_or(i32::MAX)],
    )
    .await?;
    Ok(token)
}

/// Assigns the file `file_number` to `to`, as `by` (a supervisor) or as the server itself.
pub async fn assign(
    pool: &Pool,
    programs: &ProgramCache,
    file_number: &str,
    to: &str,
    by: Option<&str>,
) -> anyhow::Result<i64> {
    let db = pool.get().await?;
    let case = db
        .query_opt(
            "SELECT id FROM cases WHERE file_number = $1",
            &[&file_number],
        )
        .await?
        .with_context(|| format!("there is no file {file_number:?} on the server"))?;
    let case_id = CaseId(case.get(0));
    programs
        .current(&db)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let author = match by {
        Some(name) => {
            let row = db
                .query_opt(
                    "SELECT role FROM users WHERE name = $1 AND NOT disabled",
                    &[&name],
                )
                .await?
                .with_context(|| format!("there is no active user {name:?}"))?;
            if row.get::<_, String>(0) != "supervisor" {
                bail!("{name} is not a supervisor; only supervisors assign files");
            }
            name.to_owned()
        }
        None => SYSTEM_USER.to_owned(),
    };
    drop(db);
    let now_ms = u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0);
    let op = WireOperation {
        id: OperationId::new(),
        case_id,
        change: Change::CaseAssigned {
            officer: UserId(to.to_owned()),
        },
        author: Actor {
            user: UserId(author.clone()),
            role: Role::Supervisor,
        },
        hlc: Hlc {
            wall_ms: now_ms,
            counter: 0,
            node: 0,
        },
        program: programs.snapshot().in_force_at(chrono::Utc::now()).id,
    };
    let pusher = Pusher {
        name: UserId(author),
        role: Role::Supervisor,
    };
    let results = push_batch(pool, programs, &pusher, &[op])
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    match results.into_iter().next().map(|r| r.outcome) {
        Some(PushOutcome::Accepted { seq }) => Ok(seq),
        Some(PushOutcome::Rejected { message, .. }) => bail!("{message}"),
        other => bail!("unexpected outcome {other:?}"),
    }
}
