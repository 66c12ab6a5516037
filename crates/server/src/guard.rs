//! Sign-in abuse (issue 18): attempts are limited per user name and per client address
//! (`governor`'s GCRA, a burst of a minute's allowance, then one more as each share of the
//! minute passes; past it, 429 with `Retry-After`), and passwords are checked by argon2 on
//! the blocking threads, at most `auth.password_hashers` at once, never while holding a
//! database connection. A flood of wrong passwords then costs the attacker 429s and the
//! server a bounded share of its CPU, and every signed-in user is answered as before.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::Semaphore;

use crate::config::AuthConfig;
use crate::error::ApiError;

/// The limits on signing in, shared by every request of the server.
#[derive(Debug)]
pub struct SignInGuard {
    per_user: DefaultKeyedRateLimiter<String>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
    hashers: Semaphore,
    clock: DefaultClock,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl SignInGuard {
    pub fn new(config: &AuthConfig) -> Self {
        let hashers = if config.password_hashers == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            config.password_hashers
        };
        Self {
            per_user: RateLimiter::keyed(per_minute(config.user_attempts_per_minute)),
            per_address: RateLimiter::keyed(per_minute(config.address_attempts_per_minute)),
            hashers: Semaphore::new(hashers),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one attempt for `user` from `address`; refused with when to try again once
    /// either has used its allowance.
    pub fn admit(&self, user: &str, address: IpAddr) -> Result<(), ApiError> {
        let now = self.clock.now();
        let wait = [
            self.per_address
                .check_key(&address)
                .err()
                .map(|n| n.wait_time_from(now)),
            self.per_user
                .check_key(&user.to_owned())
                .err()
                .map(|n| n.wait_time_from(now)),
        ]
        .into_iter()
        .flatten()
        .max();
        // Keys nobody used for a while are forgotten, so the maps stay small.
        if self.per_user.len() > 10_000 {
            self.per_user.retain_recent();
        }
        if self.per_address.len() > 10_000 {
            self.per_address.retain_recent();
        }
        match wait {
            None => Ok(()),
            Some(wait) => {
                tracing::warn!(user, %address, seconds = wait.as_secs(), "sign-in attempts limited");
                Err(ApiError::too_many_attempts(wait))
            }
        }
    }

    /// Whether `password` matches `hash`, checked on the blocking threads by one of the
    /// bounded hashers.
    pub async fn verify(&self, password: String, hash: String) -> Result<bool, ApiError> {
        let _permit = self.hashers.acquire().await.map_err(ApiError::internal)?;
        tokio::task::spawn_blocking(move || crate::auth::verify_password(&password, &hash))
            .await
            .map_err(ApiError::internal)
    }

    /// An argon2 hash of a new password, by one of the bounded hashers.
    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        let _permit = self.hashers.acquire().await.map_err(ApiError::internal)?;
        tokio::task::spawn_blocking(move || crate::auth::hash_password(&password))
            .await
            .map_err(ApiError::internal)?
            .map_err(ApiError::internal)
    }
}

/// How long a client is told to wait, in whole seconds (at least one).
pub fn retry_after_seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}
