//! [`ApiError`]: the one error type of the HTTP layer. It answers `{code, message}` with
//! a status a client can act on; a server fault is logged with a reference and answered
//! with that reference only, never with its details. Database constraint violations map
//! to 409 (uniqueness) and 422 (validity).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sync::ErrorBody;
use sync::codes;
use tokio_postgres::error::SqlState;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// PostgreSQL gave up on the transaction because of a concurrent one (a deadlock
    /// it broke, or a serialization failure): the same work, run again, can succeed.
    pub concurrent: bool,
    /// Why, as a message of the catalogue, for the person who asked.
    pub text: Option<vocab::Text>,
    /// For a 429: the seconds to wait, sent as `Retry-After`.
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            concurrent: false,
            text: None,
            retry_after: None,
        }
    }

    /// Too many sign-in attempts: 429, with `Retry-After`.
    pub fn too_many_attempts(wait: std::time::Duration) -> Self {
        let seconds = crate::guard::retry_after_seconds(wait);
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            codes::AUTH_TOO_MANY_ATTEMPTS,
            format!("too many sign-in attempts: try again in {seconds} s"),
        )
        .with_text(vocab::Text::new("sync-error-too-many-attempts").with("seconds", seconds));
        e.retry_after = Some(seconds);
        e
    }

    /// The same error, with why in the catalogue's words.
    pub fn with_text(mut self, text: vocab::Text) -> Self {
        self.text = Some(text);
        self
    }

    pub fn malformed(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, codes::REQUEST_MALFORMED, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, codes::NOT_FOUND, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, codes::AUTH_FORBIDDEN, message)
    }

    /// A request understood and refused by a rule (422), under its own code.
    pub fn unprocessable(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            codes::REQUEST_TOO_LARGE,
            message,
        )
    }

    /// A fault of the server: logged in full under a fresh reference; the client gets the
    /// reference only.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        let reference = format!("{:016x}", rand::random::<u64>());
        tracing::error!(reference = %reference, "internal error: {detail}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            codes::INTERNAL,
            format!("the server failed (reference {reference}); its log has the details"),
        )
    }

    fn unavailable(detail: impl std::fmt::Display) -> Self {
        let reference = format!("{:016x}", rand::random::<u64>());
        tracing::error!(reference = %reference, "database unavailable: {detail}");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            codes::UNAVAILABLE,
            format!(
                "the server's database is unavailable (reference {reference}); try again later"
            ),
        )
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status, self.code, self.message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry_after = self.retry_after;
        let mut response = (
            self.status,
            Json(ErrorBody {
                code: self.code.to_owned(),
                message: self.message,
                text: self.text,
            }),
        )
            .into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

impl From<tokio_postgres::Error> for ApiError {
    fn from(e: tokio_postgres::Error) -> Self {
        if let Some(db) = e.as_db_error() {
            let what = db.constraint().unwrap_or("a rule of the database");
            let code = db.code();
            if *code == SqlState::T_R_DEADLOCK_DETECTED
                || *code == SqlState::T_R_SERIALIZATION_FAILURE
            {
                tracing::info!("transaction given up for a concurrent one: {e}");
                return Self {
                    concurrent: true,
                    ..Self::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        codes::UNAVAILABLE,
                        "the server met a concurrent change of the same files; try again",
                    )
                };
            }
            if *code == SqlState::UNIQUE_VIOLATION {
                return Self::new(
                    StatusCode::CONFLICT,
                    codes::CONFLICT_CONSTRAINT,
                    format!("that already exists ({what})"),
                );
            }
            if *code == SqlState::FOREIGN_KEY_VIOLATION
                || *code == SqlState::CHECK_VIOLATION
                || *code == SqlState::NOT_NULL_VIOLATION
                || *code == SqlState::RESTRICT_VIOLATION
            {
                return Self::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    codes::INVALID_CONSTRAINT,
                    format!("the request breaks {what}"),
                );
            }
            // `Display` of a database error says only "db error": log its code and words.
            return Self::internal(format!(
                "database: {} ({}): {}",
                db.severity(),
                db.code().code(),
                db.message()
            ));
        }
        if e.is_closed() {
            return Self::unavailable(e);
        }
        Self::internal(format!("database: {e}"))
    }
}

impl From<deadpool_postgres::PoolError> for ApiError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        Self::unavailable(e)
    }
}

impl From<crate::blobs::BlobError> for ApiError {
    fn from(e: crate::blobs::BlobError) -> Self {
        use crate::blobs::BlobError as B;
        match e {
            B::Offset { held } => Self::new(
                StatusCode::CONFLICT,
                codes::UPLOAD_OFFSET,
                format!(
                    "the server holds {held} bytes of this upload: send the rest from offset {held}"
                ),
            ),
            B::HashMismatch { expected, actual } => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                codes::BLOB_HASH_MISMATCH,
                format!(
                    "the uploaded bytes hash to {actual}, not {expected}; the upload was discarded: send the document again"
                ),
            ),
            B::TooLarge { limit } => Self::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                codes::BLOB_TOO_LARGE,
                format!("the document is larger than this server accepts ({limit} bytes)"),
            ),
            B::Quota { staged, limit } => Self::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                codes::UPLOAD_QUOTA,
                format!(
                    "you have {staged} bytes in unfinished uploads and this chunk would pass your quota of {limit} bytes: finish those uploads first (unfinished ones are removed after a while)"
                ),
            ),
            B::Invalid(m) => Self::malformed(m),
            B::NotFound => Self::not_found("no such document"),
            B::Io(e) => Self::internal(format!("blob staging: {e}")),
            B::Store(e) => Self::internal(format!("blob store: {e}")),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
