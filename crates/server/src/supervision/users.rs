//! Managing users without the command line (issue 17): marking an officer away or back,
//! setting a role, and resetting a password. Who may do each is checked here (a
//! supervisor, never on their own role; an administrator for passwords), and each action
//! is recorded in `user_events` with who did it, in the transaction that does it. The
//! command line (`dossier-server user …`) calls the same functions as `dossier-server`.

use chrono::{DateTime, Utc};
use deadpool_postgres::Pool;
use oplog::ids::{Role, UserId};
use sync::supervision::{UserAction, UserEvent};

use crate::error::{ApiError, ApiResult};

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Who acts: a signed-in user with their role and whether they administer, or the
/// command line (which may do everything).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Acting {
    User {
        name: UserId,
        role: Role,
        administrator: bool,
    },
    CommandLine,
}

impl Acting {
    fn name(&self) -> &str {
        match self {
            Acting::User { name, .. } => &name.0,
            Acting::CommandLine => crate::admin::SYSTEM_USER,
        }
    }

    fn require_supervisor(&self, what: &str) -> ApiResult<()> {
        match self {
            Acting::User {
                role: Role::Officer,
                name,
                ..
            } => Err(ApiError::forbidden(format!(
                "only a supervisor may {what}; {name} is an officer"
            ))
            .with_text(vocab::Text::new("users-supervisor-only"))),
            _ => Ok(()),
        }
    }
}

async fn record(
    tx: &deadpool_postgres::Transaction<'_>,
    by: &Acting,
    user: &str,
    action: UserAction,
    role: Option<Role>,
) -> ApiResult<()> {
    tx.execute(
        "INSERT INTO user_events (by_name, user_name, action, role) VALUES ($1, $2, $3, $4)",
        &[&by.name(), &user, &action.code(), &role.map(Role::code)],
    )
    .await?;
    Ok(())
}

fn no_such_user(name: &str) -> ApiError {
    ApiError::not_found(format!("there is no user {name:?}"))
        .with_text(vocab::Text::new("users-no-such-user").with("name", name))
}

/// Marks the officer `name` away (they receive no file) or back.
pub async fn set_away(pool: &Pool, by: &Acting, name: &str, away: bool) -> ApiResult<()> {
    by.require_supervisor("mark an officer away or back")?;
    let mut db = pool.get().await?;
    let tx = db.transaction().await?;
    let role: Option<String> = tx
        .query_opt(
            "SELECT role FROM users WHERE name = $1 AND NOT disabled FOR UPDATE",
            &[&name],
        )
        .await?
        .map(|r| r.get(0));
    match role.as_deref() {
        None => return Err(no_such_user(name)),
        Some("officer") => {}
        Some(_) => {
            return Err(ApiError::unprocessable(
                "users.not_officer",
                format!("{name} is not an officer: only officers are away or back"),
            )
            .with_text(vocab::Text::new("users-not-officer").with("name", name)));
        }
    }
    tx.execute(
        "UPDATE users SET away = $2 WHERE name = $1",
        &[&name, &away],
    )
    .await?;
    let action = if away {
        UserAction::Away
    } else {
        UserAction::Back
    };
    record(&tx, by, name, action, None).await?;
    tx.commit().await?;
    tracing::info!(by = by.name(), user = name, action = action.code(), "user");
    Ok(())
}

/// Sets the role of `name` (officer or supervisor); it applies from their next request.
pub async fn set_role(pool: &Pool, by: &Acting, name: &str, role: Role) -> ApiResult<()> {
    by.require_supervisor("set a role")?;
    if by.name() == name {
        return Err(ApiError::unprocessable(
            "users.own_role",
            "nobody sets their own role: ask another supervisor",
        )
        .with_text(vocab::Text::new("users-own-role")));
    }
    let mut db = pool.get().await?;
    let tx = db.transaction().await?;
    let current: Option<String> = tx
        .query_opt(
            "SELECT role FROM users WHERE name = $1 AND role <> 'portal' FOR UPDATE",
            &[&name],
        )
        .await?
        .map(|r| r.get(0));
    let Some(current) = current else {
        return Err(no_such_user(name));
    };
    if current != role.code() {
        // A supervisor made an officer is not away; an officer keeps their files.
        tx.execute(
            "UPDATE users SET role = $2, away = away AND $2 = 'officer' WHERE name = $1",
            &[&name, &role.code()],
        )
        .await?;
        record(&tx, by, name, UserAction::RoleSet, Some(role)).await?;
    }
    tx.commit().await?;
    tracing::info!(by = by.name(), user = name, role = role.code(), "role set");
    Ok(())
}

/// Sets a new password for `name` (an administrator, or the command line); their sessions
/// end. The password is never shown nor logged.
pub async fn reset_password(
    pool: &Pool,
    by: &Acting,
    name: &str,
    password: String,
) -> ApiResult<()> {
    require_administrator(by, "reset a password")?;
    check_length(&password)?;
    let hash = tokio::task::spawn_blocking(move || crate::auth::hash_password(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let mut db = pool.get().await?;
    let tx = db.transaction().await?;
    let id: Option<i64> = tx
        .query_opt(
            "UPDATE users SET password_hash = $2 WHERE name = $1 AND role <> 'portal' RETURNING id",
            &[&name, &hash],
        )
        .await?
        .map(|r| r.get(0));
    let Some(id) = id else {
        return Err(no_such_user(name));
    };
    tx.execute("DELETE FROM sessions WHERE user_id = $1", &[&id])
        .await?;
    record(&tx, by, name, UserAction::PasswordReset, None).await?;
    tx.commit().await?;
    tracing::info!(by = by.name(), user = name, "password reset");
    Ok(())
}

fn require_administrator(by: &Acting, what: &str) -> ApiResult<()> {
    match by {
        Acting::User {
            administrator: false,
            name,
            ..
        } => Err(ApiError::forbidden(format!(
            "only an administrator may {what}; {name} is not one"
        ))
        .with_text(vocab::Text::new("users-administrator-only"))),
        _ => Ok(()),
    }
}

/// Enables the disabled account `name` again (an administrator, or the command line).
pub async fn enable(pool: &Pool, by: &Acting, name: &str) -> ApiResult<()> {
    require_administrator(by, "enable an account")?;
    let mut db = pool.get().await?;
    let tx = db.transaction().await?;
    let n = tx
        .execute(
            "UPDATE users SET disabled = false WHERE name = $1 AND role <> 'portal' AND disabled",
            &[&name],
        )
        .await?;
    if n > 0 {
        record(&tx, by, name, UserAction::Enabled, None).await?;
    } else if tx
        .query_opt(
            "SELECT 1 FROM users WHERE name = $1 AND role <> 'portal'",
            &[&name],
        )
        .await?
        .is_none()
    {
        return Err(no_such_user(name));
    }
    tx.commit().await?;
    tracing::info!(by = by.name(), user = name, "account enabled");
    Ok(())
}

/// The signed-in user `who` sets a new password after giving the current one; their
/// other sessions end (this one goes on). Recorded, never logged.
pub async fn change_password(
    pool: &Pool,
    guard: &crate::guard::SignInGuard,
    who: &crate::auth::Principal,
    current: String,
    new: String,
) -> ApiResult<()> {
    check_length(&new)?;
    let hash: String = pool
        .get()
        .await?
        .query_one(
            "SELECT password_hash FROM users WHERE id = $1",
            &[&who.user_id],
        )
        .await?
        .get(0);
    if !guard.verify(current, hash).await? {
        return Err(ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            sync::codes::AUTH_INVALID_CREDENTIALS,
            "the current password is not this one",
        )
        .with_text(vocab::Text::new("users-current-password-wrong")));
    }
    let new_hash = guard.hash(new).await?;
    let mut db = pool.get().await?;
    let tx = db.transaction().await?;
    tx.execute(
        "UPDATE users SET password_hash = $2 WHERE id = $1",
        &[&who.user_id, &new_hash],
    )
    .await?;
    tx.execute(
        "DELETE FROM sessions WHERE user_id = $1 AND token_sha256 <> $2",
        &[&who.user_id, &who.token_sha256],
    )
    .await?;
    let me = Acting::User {
        name: who.name.clone(),
        role: who.role,
        administrator: who.administrator,
    };
    record(&tx, &me, &who.name.0, UserAction::PasswordChanged, None).await?;
    tx.commit().await?;
    tracing::info!(user = %who.name, "password changed");
    Ok(())
}

fn check_length(password: &str) -> ApiResult<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ApiError::unprocessable(
            "users.password_short",
            format!("a password has at least {MIN_PASSWORD_CHARS} characters"),
        )
        .with_text(
            vocab::Text::new("users-password-short").with("min", MIN_PASSWORD_CHARS as i64),
        ));
    }
    Ok(())
}

/// The recorded actions, newest first (at most `limit`).
pub async fn events(pool: &Pool, limit: i64) -> ApiResult<Vec<UserEvent>> {
    let db = pool.get().await?;
    let rows = db
        .query(
            "SELECT at, by_name, user_name, action, role FROM user_events ORDER BY id DESC LIMIT $1",
            &[&limit],
        )
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let action: String = r.get(3);
        let role: Option<String> = r.get(4);
        out.push(UserEvent {
            at: r.get::<_, DateTime<Utc>>(0),
            by: UserId(r.get(1)),
            user: UserId(r.get(2)),
            action: UserAction::from_code(&action)
                .ok_or_else(|| ApiError::internal(format!("user event {action:?}")))?,
            role: role.as_deref().and_then(Role::from_code),
        });
    }
    Ok(out)
}
