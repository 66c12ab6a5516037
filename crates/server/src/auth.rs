//! Authentication: argon2id password hashes, opaque session tokens (32 random bytes; the
//! database keeps only their SHA-256) with an expiry, and [`Principal`], the extractor
//! that every endpoint but sign-in and health takes. The principal's role is read from
//! `users` on every request, never from the token, so a role change or a disabled account
//! takes effect on the very next request (ASVS 8.3.2).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use oplog::ids::{Role, UserId};
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};
use sync::codes;

use crate::error::ApiError;
use crate::http::AppState;

/// Who is making a request, as the database says now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub name: UserId,
    pub role: Role,
    pub expires_at: DateTime<Utc>,
    /// The SHA-256 of the bearer token (to sign this session out).
    pub token_sha256: Vec<u8>,
    /// May reset passwords (`dossier-server user admin`).
    pub administrator: bool,
}

/// An argon2id hash (PHC string) of `password` with a fresh salt.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing the password: {e}"))
}

/// Whether `password` matches the PHC string `hash` (false for a malformed hash).
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the user does not exist, so that a wrong name takes as
/// long as a wrong password.
pub fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("not a password of anyone").unwrap_or_default())
}

/// A new bearer token and the hash to store.
pub fn new_token() -> (String, Vec<u8>) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = format!("dsr_{}", hex::encode(bytes));
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

fn bearer(parts: &Parts) -> Result<&str, ApiError> {
    let value = parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                codes::AUTH_REQUIRED,
                "sign in first: send Authorization: Bearer <token>",
            )
        })?;
    value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                codes::AUTH_REQUIRED,
                "the Authorization header must be `Bearer <token>`",
            )
        })
}

/// The session a bearer token names, checked (not expired, account not disabled): the
/// user's id, name and role as the database says now, the expiry and the token's hash.
async fn session(
    parts: &Parts,
    state: &AppState,
) -> Result<(i64, String, String, DateTime<Utc>, Vec<u8>, bool), ApiError> {
    let token = bearer(parts)?;
    let hash = token_hash(token);
    let db = state.pool.get().await?;
    let row = db
        .query_opt(
            "SELECT u.id, u.name, u.role, u.disabled, s.expires_at, s.expires_at <= now(), u.administrator,
                    u.role <> 'portal' AND s.last_seen_at < now() - make_interval(mins => $2::int),
                    s.last_seen_at < now() - interval '1 minute'
               FROM sessions s JOIN users u ON u.id = s.user_id
              WHERE s.token_sha256 = $1",
            &[
                &hash,
                &i32::try_from(state.config.auth.idle_minutes).unwrap_or(i32::MAX),
            ],
        )
        .await?;
    let Some(row) = row else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            codes::AUTH_EXPIRED,
            "this session is not valid (signed out, or unknown): sign in again",
        ));
    };
    let expired: bool = row.get(5);
    let idle: bool = row.get(7);
    let disabled: bool = row.get(3);
    if let Some(slot) = parts.extensions.get::<crate::http::LoggedUser>() {
        slot.set(row.get(1));
    }
    if expired || idle || disabled {
        db.execute("DELETE FROM sessions WHERE token_sha256 = $1", &[&hash])
            .await?;
        return Err(if disabled {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                codes::AUTH_DISABLED,
                "this account is disabled; ask a supervisor",
            )
        } else if idle && !expired {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                codes::AUTH_EXPIRED,
                format!(
                    "the session ended after {} minutes without activity: sign in again (pending work is kept)",
                    state.config.auth.idle_minutes
                ),
            )
        } else {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                codes::AUTH_EXPIRED,
                "the session expired: sign in again (pending work is kept)",
            )
        });
    }
    // Seen now (at most once a minute: a write per request would cost more than it says).
    if row.get::<_, bool>(8) {
        db.execute(
            "UPDATE sessions SET last_seen_at = now() WHERE token_sha256 = $1",
            &[&hash],
        )
        .await?;
    }
    Ok((
        row.get(0),
        row.get(1),
        row.get(2),
        row.get(4),
        hash,
        row.get(6),
    ))
}

/// The role of the applicants' portal's account, in `users.role`: it may submit bundles
/// and nothing else, and no other account may submit them.
pub const PORTAL_ROLE: &str = "portal";

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let (user_id, name, role_text, expires_at, token_sha256, administrator) =
            session(parts, state).await?;
        if role_text == PORTAL_ROLE {
            return Err(ApiError::forbidden(format!(
                "{name} is the portal's account: it may only submit bundles (POST /v1/portal/submissions)"
            )));
        }
        let role = Role::from_code(&role_text)
            .ok_or_else(|| ApiError::internal(format!("user has role {role_text:?}")))?;
        Ok(Principal {
            user_id,
            name: UserId(name),
            role,
            expires_at,
            token_sha256,
            administrator,
        })
    }
}

/// The applicants' portal, signed in with the token `dossier-server portal token` gave
/// its account (role `portal`): the only caller of the portal's endpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalClient {
    pub name: UserId,
}

impl FromRequestParts<AppState> for PortalClient {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let (_, name, role_text, _, _, _) = session(parts, state).await?;
        if role_text != PORTAL_ROLE {
            return Err(ApiError::forbidden(format!(
                "only the portal's account submits bundles; {name} is a {role_text}"
            )));
        }
        Ok(PortalClient { name: UserId(name) })
    }
}

impl Principal {
    /// Who acts, for the management of users.
    pub fn acting(&self) -> crate::supervision::users::Acting {
        crate::supervision::users::Acting::User {
            name: self.name.clone(),
            role: self.role,
            administrator: self.administrator,
        }
    }

    /// Function-level check (ASVS 8.2.1): only supervisors pass.
    pub fn require_supervisor(&self, what: &str) -> Result<(), ApiError> {
        if self.role == Role::Supervisor {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "only a supervisor may {what}; {} is an officer",
                self.name
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong", &h));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (a, ha) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(ha.len(), 32);
        assert_eq!(token_hash(&a), ha);
        assert!(!hex::encode(&ha).contains(&a[4..]));
    }
}
