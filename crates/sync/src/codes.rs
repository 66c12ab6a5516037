//! The stable codes of the protocol: the `code` of an error response (`{code, message}`)
//! and the `code` of a rejected operation. Callers branch on these, never on messages.

// --- errors of a whole request -------------------------------------------------------

/// The peer speaks another protocol version (HTTP 426), or sent none (HTTP 400).
pub const PROTOCOL_VERSION: &str = "protocol.version";
/// No `Authorization: Bearer` token, or a token the server does not know (HTTP 401).
pub const AUTH_REQUIRED: &str = "auth.required";
/// The account is disabled (issue 18): the app removes every file from the laptop.
pub const AUTH_DISABLED: &str = "auth.disabled";
/// The session expired or was signed out (HTTP 401): sign in again.
pub const AUTH_EXPIRED: &str = "auth.session_expired";
/// Wrong user name or password (HTTP 401).
pub const AUTH_INVALID_CREDENTIALS: &str = "auth.invalid_credentials";
/// The user's role may not call this endpoint (HTTP 403).
pub const AUTH_FORBIDDEN: &str = "auth.forbidden";
/// The body or the query could not be read (HTTP 400 or 422).
pub const REQUEST_MALFORMED: &str = "request.malformed";
/// The body or the batch is larger than the server accepts (HTTP 413).
pub const REQUEST_TOO_LARGE: &str = "request.too_large";
/// No such resource, or not one this user may see (HTTP 404).
pub const NOT_FOUND: &str = "not_found";
/// A uniqueness rule of the database was hit (HTTP 409).
pub const CONFLICT_CONSTRAINT: &str = "conflict.constraint";
/// A validity rule of the database was hit (HTTP 422).
pub const INVALID_CONSTRAINT: &str = "invalid.constraint";
/// The server failed; details are in its log under the reference in the message (HTTP 500).
pub const INTERNAL: &str = "internal";
/// The database is not reachable or not migrated (HTTP 503).
pub const UNAVAILABLE: &str = "unavailable";
/// An upload chunk does not start where the server's copy ends (HTTP 409).
pub const UPLOAD_OFFSET: &str = "upload.offset";
/// The uploaded bytes do not hash to the name they were sent under (HTTP 422); the
/// partial upload is discarded.
pub const BLOB_HASH_MISMATCH: &str = "blob.hash_mismatch";
/// The document is larger than the server accepts (HTTP 413).
pub const BLOB_TOO_LARGE: &str = "blob.too_large";
/// The user's unfinished uploads would pass their quota (HTTP 413): finish them, or wait
/// until abandoned ones are removed.
pub const UPLOAD_QUOTA: &str = "upload.quota";

// --- rejections of one pushed operation ------------------------------------------------

/// The operation's author is not the signed-in user.
pub const REJECT_AUTHOR: &str = "auth.author";
/// The user's current role may not make this kind of change (function level).
pub const REJECT_ROLE: &str = "auth.role";
/// The file is not assigned to this officer (record level).
pub const REJECT_RECORD: &str = "auth.record";
/// The operation names a file the server does not know.
pub const REJECT_CASE_NOT_FOUND: &str = "case.not_found";
/// A file with this id or file number already exists.
pub const REJECT_CASE_EXISTS: &str = "case.exists";
/// The file is assigned to a user the server does not know.
pub const REJECT_UNKNOWN_USER: &str = "assign.unknown_user";
/// Too many sign-in attempts for this user or from this address: wait `Retry-After`.
pub const AUTH_TOO_MANY_ATTEMPTS: &str = "auth.too_many_attempts";
/// The file is assigned to an officer who is away (issue 17): they receive nothing new.
pub const REJECT_OFFICER_AWAY: &str = "assign.officer_away";
/// The file's status on the server no longer allows this step: another operation moved
/// it first. The message names the current status and that operation.
pub const REJECT_CONFLICT_TRANSITION: &str = "conflict.transition";
/// The operation's content is not valid (e.g. a document hash that is not a sha-256).
pub const REJECT_INVALID: &str = "operation.invalid";
/// An operation with this id was accepted earlier with different content.
pub const REJECT_ID_REUSED: &str = "operation.id_reused";
/// The operation was stamped more than a few minutes after the server's clock: the
/// laptop's clock is wrong. Set the computer's date and time, then record it again.
pub const REJECT_CLOCK_AHEAD: &str = "clock.ahead";
/// A `document_added` or `letter_filed` names bytes its pusher neither uploaded nor may
/// read already.
pub const REJECT_DOCUMENT_UNKNOWN: &str = "document.not_uploaded";
/// The rules refuse the change as asked (a text left empty, an item that is not a gap,
/// a person not on the file...): the reason says why.
pub const REJECT_REFUSED: &str = "rules.refused";
/// The lifecycle does not allow the step yet (a deadline still open, items still
/// missing...): the reason says what is waited for.
pub const REJECT_UNMET: &str = "rules.unmet";
/// The operation names a program definition version the server does not hold.
/// A program definition that does not validate (the file, line and field are named).
pub const PROGRAM_INVALID: &str = "program.invalid";
/// A program definition version that would change something already decided.
pub const PROGRAM_REFUSED: &str = "program.refused";
pub const REJECT_PROGRAM_UNKNOWN: &str = "program.unknown_version";
/// The operation was decided with an older program definition version than the one in
/// force when it was made, and the version in force decides it otherwise: sync (the new
/// version arrives with it), look again, and record it anew.
pub const REJECT_PROGRAM_MISMATCH: &str = "conflict.program_version";
