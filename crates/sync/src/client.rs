//! The app's side of the protocol: an async HTTP client (reqwest over rustls with the
//! `ring` provider) with one method per endpoint, plus resumable document upload and
//! verified download. Every request carries the protocol version and checks the
//! server's; every failure is a [`ClientError`] the app can branch on (offline, sign in
//! again, update the app, ...).

use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use thiserror::Error;

use crate::codes;
use crate::cursor::Cursor;
use crate::supervision::{
    AssignRequest, Assigned, ChangePassword, Figures, ResetPassword, SetAway, SetRole, Team,
    TeamFile, TeamFilesOf, UserEvent,
};
use crate::wire::{
    DistributeRequest, Distribution, ErrorBody, Health, LoadProgramRequest, LoginRequest,
    MissingBlobs, MissingBlobsRequest, PullResponse, PushRequest, PushResponse, PushResult,
    Session, SessionInfo, UploadStatus, UserInfo, WireOperation, WireProgramVersion,
};
use crate::{PROTOCOL_HEADER, PROTOCOL_VERSION, is_sha256_hex, sha256_hex};
use oplog::ids::{Role, UserId};

/// What went wrong talking to the server, in terms the app acts on.
#[derive(Debug, Error)]
pub enum ClientError {
    #[error("the server at {url} cannot be reached ({source}); work continues offline")]
    Unreachable {
        url: String,
        #[source]
        source: reqwest::Error,
    },

    #[error(
        "this app speaks sync protocol {client} and the server speaks {server}: {}",
        if .server > .client { "update the app" } else { "the server must be updated; tell your administrator" }
    )]
    ProtocolMismatch { client: u32, server: u32 },

    #[error("sign in again: {message}")]
    SignInRequired { code: String, message: String },

    #[error("not signed in: sign in to synchronise")]
    NotSignedIn,

    #[error("not allowed: {message}")]
    Forbidden { message: String },

    #[error("not found: {message}")]
    NotFound { message: String },

    #[error("the document's bytes do not match its hash: {message}")]
    HashMismatch { message: String },

    #[error("the server refused the request ({code}): {message}")]
    Refused {
        status: u16,
        code: String,
        message: String,
        /// The server's reason in the catalogue's words, when it gave one.
        text: Option<vocab::Text>,
    },

    #[error("the server failed ({status}): {message}; try again later")]
    Server { status: u16, message: String },

    #[error("the server's answer could not be read: {0}")]
    BadResponse(String),

    #[error("the client could not be set up: {0}")]
    Setup(String),

    #[error(
        "{url} is not a server address this app uses: https://, or http:// to this computer only (a password and files must never travel in the clear)"
    )]
    InsecureUrl { url: String },
}

impl ClientError {
    /// What happened and what to do, as a message of the catalogue, for the sync
    /// indicator (the English `Display` stays for support).
    pub fn text(&self) -> vocab::Text {
        use vocab::Text;
        match self {
            ClientError::Unreachable { url, .. } => {
                Text::new("sync-error-unreachable").with("url", url)
            }
            ClientError::ProtocolMismatch { client, server } if server > client => {
                Text::new("sync-error-app-too-old")
            }
            ClientError::ProtocolMismatch { .. } => Text::new("sync-error-server-too-old"),
            ClientError::SignInRequired { .. } | ClientError::NotSignedIn => {
                Text::new("sync-error-sign-in")
            }
            ClientError::Forbidden { .. } => Text::new("sync-error-forbidden"),
            ClientError::NotFound { .. } => Text::new("sync-error-not-found"),
            ClientError::HashMismatch { .. } => Text::new("sync-error-hash-mismatch"),
            ClientError::Refused {
                text: Some(text), ..
            } => text.clone(),
            ClientError::Refused { code, .. } => Text::new("sync-error-refused").with("code", code),
            ClientError::Server { status, .. } => {
                Text::new("sync-error-server").with("status", u32::from(*status))
            }
            ClientError::BadResponse(_) | ClientError::Setup(_) => Text::new("sync-error-client"),
            ClientError::InsecureUrl { url } => {
                Text::new("sync-error-insecure-url").with("url", url)
            }
        }
    }

    /// A stable code for the app's `{code, message}` errors.
    pub fn code(&self) -> &str {
        match self {
            ClientError::Unreachable { .. } => "sync.unreachable",
            ClientError::ProtocolMismatch { .. } => codes::PROTOCOL_VERSION,
            ClientError::SignInRequired { code, .. } => code,
            ClientError::NotSignedIn => "sync.not_signed_in",
            ClientError::Forbidden { .. } => codes::AUTH_FORBIDDEN,
            ClientError::NotFound { .. } => codes::NOT_FOUND,
            ClientError::HashMismatch { .. } => codes::BLOB_HASH_MISMATCH,
            ClientError::Refused { code, .. } => code,
            ClientError::Server { .. } => "sync.server_error",
            ClientError::BadResponse(_) => "sync.bad_response",
            ClientError::Setup(_) => "sync.setup",
            ClientError::InsecureUrl { .. } => "sync.insecure_url",
        }
    }

    /// Whether the same request may succeed later unchanged (network, server trouble).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ClientError::Unreachable { .. } | ClientError::Server { .. }
        )
    }
}

/// How the client connects.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// PEM certificates to trust in addition to the system's (a private CA, or a test
    /// server's self-signed certificate).
    pub extra_root_certificates_pem: Vec<Vec<u8>>,
    /// Trust only `extra_root_certificates_pem`, not the system's roots.
    pub only_extra_roots: bool,
    /// Time allowed for one whole request.
    pub timeout: Duration,
    /// Time allowed to connect.
    pub connect_timeout: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            extra_root_certificates_pem: Vec::new(),
            only_extra_roots: false,
            timeout: Duration::from_secs(120),
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// A connection to one server, with the session token once signed in. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .field("signed_in", &self.token.is_some())
            .finish()
    }
}

/// The default size of one upload chunk.
pub const DEFAULT_CHUNK_BYTES: usize = 4 * 1024 * 1024;

impl Client {
    /// A client for the server at `base_url` (e.g. `https://dossier.example:8443`).
    pub fn new(base_url: &str) -> Result<Self, ClientError> {
        Self::with_options(base_url, ClientOptions::default())
    }

    pub fn with_options(base_url: &str, options: ClientOptions) -> Result<Self, ClientError> {
        check_url(base_url)?;
        // One crypto provider for the whole process; a second install is a no-op error.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut headers = HeaderMap::new();
        headers.insert(
            PROTOCOL_HEADER,
            HeaderValue::from_str(&PROTOCOL_VERSION.to_string())
                .map_err(|e| ClientError::Setup(e.to_string()))?,
        );
        let mut builder = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            .user_agent(concat!("dossier-sync/", env!("CARGO_PKG_VERSION")));
        let mut certs = Vec::new();
        for pem in &options.extra_root_certificates_pem {
            certs.push(
                reqwest::Certificate::from_pem(pem)
                    .map_err(|e| ClientError::Setup(format!("a root certificate: {e}")))?,
            );
        }
        builder = if options.only_extra_roots {
            builder.tls_certs_only(certs)
        } else {
            builder.tls_certs_merge(certs)
        };
        let http = builder
            .build()
            .map_err(|e| ClientError::Setup(e.to_string()))?;
        Ok(Self {
            http,
            base: base_url.trim_end_matches('/').to_owned(),
            token: None,
        })
    }

    /// The same client, signed in with a token kept from an earlier session.
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The session token, to keep in the OS keyring.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// `GET /health` (no session needed).
    pub async fn health(&self) -> Result<Health, ClientError> {
        let req = self.http.get(format!("{}/health", self.base));
        json(self.send(req).await?).await
    }

    /// Signs in; the client keeps the token for the next requests.
    pub async fn login(&mut self, user: &str, password: &str) -> Result<Session, ClientError> {
        let req = self
            .http
            .post(self.url("/v1/sessions"))
            .json(&LoginRequest {
                user: user.to_owned(),
                password: password.to_owned(),
            });
        let session: Session = json(self.send(req).await?).await?;
        self.token = Some(session.token.clone());
        Ok(session)
    }

    /// Signs out: the server forgets the session, and so does the client.
    pub async fn logout(&mut self) -> Result<(), ClientError> {
        let req = self.authed(Method::DELETE, "/v1/sessions/current")?;
        self.send(req).await?;
        self.token = None;
        Ok(())
    }

    /// Who is signed in, with the role as it is now on the server.
    pub async fn session(&self) -> Result<SessionInfo, ClientError> {
        let req = self.authed(Method::GET, "/v1/sessions/current")?;
        json(self.send(req).await?).await
    }

    /// The users files can be assigned to (supervisors only).
    pub async fn users(&self) -> Result<Vec<UserInfo>, ClientError> {
        let req = self.authed(Method::GET, "/v1/users")?;
        json(self.send(req).await?).await
    }

    /// Every program definition version the server holds, oldest first.
    pub async fn program_versions(&self) -> Result<Vec<WireProgramVersion>, ClientError> {
        let req = self.authed(Method::GET, "/v1/program/versions")?;
        json(self.send(req).await?).await
    }

    /// Loads a new program definition version; the server validates it and refuses one
    /// that would change anything already decided (`program.invalid`, `program.refused`,
    /// with why in `text`).
    pub async fn load_program(
        &self,
        request: &LoadProgramRequest,
    ) -> Result<WireProgramVersion, ClientError> {
        let req = self
            .authed(Method::POST, "/v1/program/versions")?
            .json(request);
        json(self.send(req).await?).await
    }

    /// What distributing the next `count` unassigned files would do (supervisors).
    pub async fn distribution_preview(&self, count: u32) -> Result<Distribution, ClientError> {
        let req = self
            .authed(Method::POST, "/v1/distribution/preview")?
            .json(&DistributeRequest { count });
        json(self.send(req).await?).await
    }

    /// Distributes the next `count` unassigned files to the available officers (supervisors).
    pub async fn distribute(&self, count: u32) -> Result<Distribution, ClientError> {
        let req = self
            .authed(Method::POST, "/v1/distribution")?
            .json(&DistributeRequest { count });
        json(self.send(req).await?).await
    }

    /// Every person of the team with their workload (supervisors).
    pub async fn team(&self) -> Result<Team, ClientError> {
        let req = self.authed(Method::GET, "/v1/team")?;
        json(self.send(req).await?).await
    }

    /// The open files of one person, or of nobody, in receipt order (supervisors).
    pub async fn team_files(&self, of: &TeamFilesOf) -> Result<Vec<TeamFile>, ClientError> {
        let req = self.authed(Method::POST, "/v1/team/files")?.json(of);
        json(self.send(req).await?).await
    }

    /// Assigns or reassigns files to one officer, all or none (supervisors).
    pub async fn assign(
        &self,
        case_ids: &[uuid::Uuid],
        officer: &UserId,
    ) -> Result<Assigned, ClientError> {
        let req = self
            .authed(Method::POST, "/v1/assignments")?
            .json(&AssignRequest {
                case_ids: case_ids.to_vec(),
                officer: officer.clone(),
            });
        json(self.send(req).await?).await
    }

    /// The program's figures, computed by the server now (supervisors).
    pub async fn figures(&self) -> Result<Figures, ClientError> {
        let req = self.authed(Method::GET, "/v1/figures")?;
        json(self.send(req).await?).await
    }

    /// The pages of two files that are the same picture, as the signed-in user may see
    /// them (issue 20); with `case_id`, only those that touch that file.
    pub async fn scan_matches(
        &self,
        case_id: Option<uuid::Uuid>,
    ) -> Result<Vec<crate::integrity::ScanMatch>, ClientError> {
        let mut req = self.authed(Method::GET, "/v1/scan-matches")?;
        if let Some(case_id) = case_id {
            req = req.query(&[("case_id", case_id)]);
        }
        json(self.send(req).await?).await
    }

    /// Dismisses a pair of matching pages, with why (supervisors).
    pub async fn dismiss_scan_match(&self, id: i64, reason: &str) -> Result<(), ClientError> {
        let req = self
            .authed(Method::POST, &format!("/v1/scan-matches/{id}/dismiss"))?
            .json(&crate::integrity::DismissMatch {
                reason: reason.to_owned(),
            });
        self.send(req).await?;
        Ok(())
    }

    /// The recorded user-management actions, newest first (supervisors).
    pub async fn user_events(&self) -> Result<Vec<UserEvent>, ClientError> {
        let req = self.authed(Method::GET, "/v1/users/events")?;
        json(self.send(req).await?).await
    }

    fn user_path(name: &UserId, what: &str) -> Result<String, ClientError> {
        if name.0.is_empty()
            || !name
                .0
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '@' | '-'))
        {
            return Err(ClientError::BadResponse(format!(
                "{:?} is not a user name",
                name.0
            )));
        }
        Ok(format!("/v1/users/{}/{what}", name.0))
    }

    /// Marks an officer away or back (supervisors).
    pub async fn set_away(&self, name: &UserId, away: bool) -> Result<(), ClientError> {
        let req = self
            .authed(Method::POST, &Self::user_path(name, "away")?)?
            .json(&SetAway { away });
        self.send(req).await?;
        Ok(())
    }

    /// Sets another user's role (supervisors).
    pub async fn set_role(&self, name: &UserId, role: Role) -> Result<(), ClientError> {
        let req = self
            .authed(Method::POST, &Self::user_path(name, "role")?)?
            .json(&SetRole { role });
        self.send(req).await?;
        Ok(())
    }

    /// Changes the signed-in user's own password; their other sessions end.
    pub async fn change_password(&self, current: &str, new: &str) -> Result<(), ClientError> {
        let req = self
            .authed(Method::POST, "/v1/sessions/current/password")?
            .json(&ChangePassword {
                current: current.to_owned(),
                new: new.to_owned(),
            });
        self.send(req).await?;
        Ok(())
    }

    /// Enables a disabled account again (administrators).
    pub async fn enable_user(&self, name: &UserId) -> Result<(), ClientError> {
        let req = self.authed(Method::POST, &Self::user_path(name, "enable")?)?;
        self.send(req).await?;
        Ok(())
    }

    /// Sets a user's new password (administrators); their sessions end.
    pub async fn reset_password(&self, name: &UserId, password: &str) -> Result<(), ClientError> {
        let req = self
            .authed(Method::POST, &Self::user_path(name, "password")?)?
            .json(&ResetPassword {
                password: password.to_owned(),
            });
        self.send(req).await?;
        Ok(())
    }

    /// Pushes a batch; one result per operation, in order. Safe to repeat.
    pub async fn push(&self, operations: &[WireOperation]) -> Result<Vec<PushResult>, ClientError> {
        let req = self
            .authed(Method::POST, "/v1/operations")?
            .json(&PushRequest {
                operations: operations.to_vec(),
            });
        let response: PushResponse = json(self.send(req).await?).await?;
        if response.results.len() != operations.len() {
            return Err(ClientError::BadResponse(format!(
                "{} results for {} operations",
                response.results.len(),
                operations.len()
            )));
        }
        Ok(response.results)
    }

    /// The next page (at most `limit`) of operations after `after` (`None`: from the start).
    pub async fn pull(
        &self,
        after: Option<&Cursor>,
        limit: u32,
    ) -> Result<PullResponse, ClientError> {
        self.pull_in(None, after, limit).await
    }

    /// [`Client::pull`], naming the server epoch the cursor belongs to: a server of another
    /// epoch starts from the beginning and says `restored`.
    pub async fn pull_in(
        &self,
        epoch: Option<&crate::Epoch>,
        after: Option<&Cursor>,
        limit: u32,
    ) -> Result<PullResponse, ClientError> {
        let mut query = vec![("limit", limit.to_string())];
        if let Some(c) = after {
            query.push(("after", c.to_string()));
        }
        if let Some(e) = epoch {
            query.push(("epoch", e.to_string()));
        }
        let req = self.authed(Method::GET, "/v1/operations")?.query(&query);
        json(self.send(req).await?).await
    }

    /// Which of `hashes` the client must upload.
    pub async fn missing_blobs(&self, hashes: &[String]) -> Result<Vec<String>, ClientError> {
        let req = self
            .authed(Method::POST, "/v1/blobs/missing")?
            .json(&MissingBlobsRequest {
                hashes: hashes.to_vec(),
            });
        let answer: MissingBlobs = json(self.send(req).await?).await?;
        Ok(answer.missing)
    }

    /// How much of an upload the server holds.
    pub async fn upload_status(&self, sha256: &str) -> Result<UploadStatus, ClientError> {
        check_hash(sha256)?;
        let req = self.authed(Method::GET, &format!("/v1/blobs/{sha256}/upload"))?;
        json(self.send(req).await?).await
    }

    /// Sends the bytes at `offset` of a document of `total` bytes. The chunk that ends
    /// the document completes it: the server checks the hash and stores it.
    pub async fn upload_chunk(
        &self,
        sha256: &str,
        offset: u64,
        total: u64,
        chunk: Vec<u8>,
    ) -> Result<UploadStatus, ClientError> {
        check_hash(sha256)?;
        let req = self
            .authed(Method::PUT, &format!("/v1/blobs/{sha256}"))?
            .query(&[("offset", offset), ("total", total)])
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(chunk);
        json(self.send(req).await?).await
    }

    /// Uploads a whole document in chunks, resuming where the server's copy ends (after an
    /// interrupted upload, only the rest is sent).
    pub async fn upload_blob(
        &self,
        sha256: &str,
        bytes: &[u8],
        chunk_bytes: usize,
    ) -> Result<UploadStatus, ClientError> {
        let total = bytes.len() as u64;
        let mut status = self.upload_status(sha256).await?;
        if status.complete {
            return Ok(status);
        }
        if status.received > total {
            return Err(ClientError::BadResponse(format!(
                "the server holds {} bytes of a {total}-byte document",
                status.received
            )));
        }
        let chunk_bytes = chunk_bytes.max(1);
        loop {
            let start = usize::try_from(status.received).unwrap_or(usize::MAX);
            let end = start.saturating_add(chunk_bytes).min(bytes.len());
            status = match self
                .upload_chunk(sha256, status.received, total, bytes[start..end].to_vec())
                .await
            {
                Ok(s) => s,
                // Another upload of the same document moved ahead: continue from there.
                Err(ClientError::Refused { code, .. }) if code == codes::UPLOAD_OFFSET => {
                    self.upload_status(sha256).await?
                }
                Err(e) => return Err(e),
            };
            if status.complete {
                return Ok(status);
            }
        }
    }

    /// The bytes of a document from `offset` on (to resume an interrupted download).
    pub async fn download_blob_from(
        &self,
        sha256: &str,
        offset: u64,
    ) -> Result<Vec<u8>, ClientError> {
        check_hash(sha256)?;
        let req = self
            .authed(Method::GET, &format!("/v1/blobs/{sha256}"))?
            .query(&[("offset", offset)]);
        let response = self.send(req).await?;
        let bytes = response.bytes().await.map_err(|e| self.unreachable(e))?;
        Ok(bytes.to_vec())
    }

    /// A document's bytes from `offset` on, read as they arrive (see [`BlobBody`]), so a
    /// download cut short can keep what came and continue from there.
    pub async fn download_blob_body(
        &self,
        sha256: &str,
        offset: u64,
    ) -> Result<BlobBody, ClientError> {
        check_hash(sha256)?;
        let req = self
            .authed(Method::GET, &format!("/v1/blobs/{sha256}"))?
            .query(&[("offset", offset)]);
        let response = self.send(req).await?;
        Ok(BlobBody {
            response,
            url: self.base.clone(),
        })
    }

    /// A whole document, checked against its hash.
    pub async fn download_blob(&self, sha256: &str) -> Result<Vec<u8>, ClientError> {
        let bytes = self.download_blob_from(sha256, 0).await?;
        let actual = sha256_hex(&bytes);
        if actual != sha256 {
            return Err(ClientError::HashMismatch {
                message: format!("downloaded {sha256} but the bytes hash to {actual}"),
            });
        }
        Ok(bytes)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn authed(&self, method: Method, path: &str) -> Result<RequestBuilder, ClientError> {
        let token = self.token.as_deref().ok_or(ClientError::NotSignedIn)?;
        Ok(self
            .http
            .request(method, self.url(path))
            .header(AUTHORIZATION, format!("Bearer {token}")))
    }

    fn unreachable(&self, source: reqwest::Error) -> ClientError {
        ClientError::Unreachable {
            url: self.base.clone(),
            source,
        }
    }

    /// Sends a request, checks the server's protocol version, and turns error responses
    /// into [`ClientError`]s.
    async fn send(&self, req: RequestBuilder) -> Result<Response, ClientError> {
        let response = req.send().await.map_err(|e| self.unreachable(e))?;
        let status = response.status();
        let server_version = response
            .headers()
            .get(PROTOCOL_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u32>().ok());
        if let Some(server) = server_version
            && server != PROTOCOL_VERSION
        {
            return Err(ClientError::ProtocolMismatch {
                client: PROTOCOL_VERSION,
                server,
            });
        }
        if status.is_success() {
            return Ok(response);
        }
        let body: Option<ErrorBody> = response.json().await.ok();
        let (code, message, text) = match body {
            Some(b) => (b.code, b.message, b.text),
            None => (String::new(), status.to_string(), None),
        };
        Err(match status {
            StatusCode::UPGRADE_REQUIRED => ClientError::ProtocolMismatch {
                client: PROTOCOL_VERSION,
                server: server_version.unwrap_or(0),
            },
            StatusCode::UNAUTHORIZED => ClientError::SignInRequired {
                code: if code.is_empty() {
                    codes::AUTH_REQUIRED.into()
                } else {
                    code
                },
                message,
            },
            StatusCode::FORBIDDEN => ClientError::Forbidden { message },
            StatusCode::NOT_FOUND => ClientError::NotFound { message },
            _ if code == codes::BLOB_HASH_MISMATCH => ClientError::HashMismatch { message },
            s if s.is_server_error() => ClientError::Server {
                status: s.as_u16(),
                message,
            },
            s => ClientError::Refused {
                status: s.as_u16(),
                code,
                message,
                text,
            },
        })
    }
}

/// Only `https://`, or `http://` to this computer (a loopback address or `localhost`):
/// a password, a session token and applicants' files never travel in the clear.
pub fn check_url(base_url: &str) -> Result<(), ClientError> {
    let insecure = || ClientError::InsecureUrl {
        url: base_url.to_owned(),
    };
    let url = reqwest::Url::parse(base_url).map_err(|_| insecure())?;
    let host = url.host_str().unwrap_or_default();
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" if !host.is_empty() => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(insecure()),
    }
}

fn check_hash(sha256: &str) -> Result<(), ClientError> {
    if is_sha256_hex(sha256) {
        Ok(())
    } else {
        Err(ClientError::Setup(format!(
            "{sha256:?} is not a sha-256 hash (64 lowercase hex digits)"
        )))
    }
}

async fn json<T: DeserializeOwned>(response: Response) -> Result<T, ClientError> {
    let bytes = response
        .bytes()
        .await
        .map_err(|e| ClientError::BadResponse(e.to_string()))?;
    serde_json::from_slice(&bytes).map_err(|e| ClientError::BadResponse(e.to_string()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_https_or_http_to_this_computer_is_accepted() {
        for ok in [
            "https://dossier.example:8443",
            "https://10.1.2.3",
            "http://127.0.0.1:8080",
            "http://localhost:8080",
            "http://LOCALHOST",
            "http://[::1]:8080",
            "http://127.8.9.10",
        ] {
            assert!(check_url(ok).is_ok(), "{ok}");
        }
        for refused in [
            "http://192.0.2.10:8443",
            "http://dossier.example",
            "http://localhost.example.com",
            "http://[2001:db8::1]",
            "ftp://127.0.0.1",
            "https://",
            "not a url",
        ] {
            assert!(
                matches!(check_url(refused), Err(ClientError::InsecureUrl { .. })),
                "{refused}"
            );
        }
        assert!(matches!(
            Client::new("http://192.0.2.10"),
            Err(ClientError::InsecureUrl { .. })
        ));
    }

    use super::*;

    #[test]
    fn protocol_mismatch_says_which_side_to_update() {
        let newer_server = ClientError::ProtocolMismatch {
            client: 1,
            server: 2,
        };
        assert!(newer_server.to_string().contains("update the app"));
        let older_server = ClientError::ProtocolMismatch {
            client: 2,
            server: 1,
        };
        assert!(older_server.to_string().contains("server must be updated"));
    }
}

/// The body of a document being downloaded, chunk by chunk.
#[derive(Debug)]
pub struct BlobBody {
    response: Response,
    url: String,
}

impl BlobBody {
    /// How many bytes the server is sending (from the offset asked for to the end).
    pub fn remaining(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The next bytes, or `None` at the end; an error when the connection breaks.
    pub async fn chunk(&mut self) -> Result<Option<bytes::Bytes>, ClientError> {
        self.response
            .chunk()
            .await
            .map_err(|source| ClientError::Unreachable {
                url: self.url.clone(),
                source,
            })
    }
}
