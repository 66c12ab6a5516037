//! The HTTP surface: the router, the protocol-version check, and one thin handler per
//! endpoint of `docs/sync-protocol.md`. Each handler takes a [`Principal`] (so no
//! endpoint but health and sign-in runs without a valid session), checks what the role
//! may do, and calls one function of [`crate::accept`], [`crate::pull`] or
//! [`crate::blobs`]. Every error is an [`ApiError`] (`{code, message}`), including the
//! extractors' (malformed JSON, bad query, body too large) and unknown routes.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use deadpool_postgres::Pool;
use oplog::ids::Role;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use sync::supervision::{
    AssignRequest, Assigned, ChangePassword, Figures, ResetPassword, SetAway, SetRole, Team,
    TeamFile, TeamFilesOf, UserEvent,
};
use sync::wire::{
    Health, LoadProgramRequest, LoginRequest, MissingBlobs, MissingBlobsRequest, PullResponse,
    PushRequest, PushResponse, Session, SessionInfo, UploadStatus, UserInfo, WireProgramVersion,
};
use sync::{Cursor, PROTOCOL_HEADER, PROTOCOL_VERSION, codes, is_sha256_hex};

use crate::accept::{Pusher, push_batch};
use crate::auth::{self, Principal};
use crate::blobs::{Appended, Blobs};
use crate::config::Config;
use crate::error::{ApiError, ApiResult};

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Intake of the portal's bundles.
    pub intake: Arc<crate::intake::Intake>,
    /// The program definition versions (P5).
    pub programs: Arc<crate::programs::ProgramCache>,
    pub pool: Pool,
    pub blobs: Arc<Blobs>,
    pub config: Arc<Config>,
    /// Sign-in attempts limited, passwords checked off the request threads (issue 18).
    pub guard: Arc<crate::guard::SignInGuard>,
}

/// The user a request was made by, once its session is read: the request log names them.
#[derive(Debug, Clone, Default)]
pub struct LoggedUser(Arc<std::sync::OnceLock<String>>);

impl LoggedUser {
    pub fn set(&self, name: String) {
        let _ = self.0.set(name);
    }

    fn get(&self) -> &str {
        self.0.get().map_or("-", String::as_str)
    }
}

/// The client's address: the peer's, or, behind a TLS proxy (`tls.behind_proxy`), the
/// last address of `X-Forwarded-For` (the one the proxy added).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub std::net::IpAddr);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, ApiError> {
        if state.config.tls.behind_proxy
            && let Some(ip) = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(|a| a.trim().parse().ok())
                .next_back()
        {
            return Ok(ClientAddress(ip));
        }
        parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| ClientAddress(c.0.ip()))
            .ok_or_else(|| ApiError::internal("the client's address is unknown"))
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let max_json = state.config.sync.max_request_bytes;
    let v1 = Router::new()
        .route("/sessions", post(login))
        .route("/sessions/current", get(current_session).delete(logout))
        .route("/sessions/current/password", post(change_password))
        .route("/users/{name}/enable", post(enable_user))
        .route("/users", get(users))
        .route(
            "/program/versions",
            get(program_versions).post(load_program),
        )
        .route("/distribution/preview", post(distribution_preview))
        .route("/distribution", post(distribute))
        .route("/assignments", post(assign))
        .route("/team", get(team))
        .route("/team/files", post(team_files))
        .route("/figures", get(figures))
        .route("/scan-matches", get(scan_matches))
        .route("/scan-matches/{id}/dismiss", post(dismiss_scan_match))
        .route("/users/events", get(user_events))
        .route("/users/{name}/away", post(set_away))
        .route("/users/{name}/role", post(set_role))
        .route("/users/{name}/password", post(reset_password))
        .route("/operations", post(push).get(pull))
        .route("/blobs/missing", post(missing_blobs))
        .route("/blobs/{sha256}/upload", get(upload_status))
        .route("/blobs/{sha256}", put(upload_chunk).get(download))
        .layer(middleware::from_fn(check_protocol));
    // The portal's own contract (`../shared/portal.md`), versioned by its bundle format.
    let portal = Router::new()
        .route("/submissions", post(portal_submit))
        .route("/letters/{sha256}", get(portal_letter))
        .layer(DefaultBodyLimit::max(
            usize::try_from(portal::Limits::default().max_total_bytes).unwrap_or(usize::MAX),
        ));
    Router::new()
        .route("/health", get(health))
        // The update feed: no session and no protocol header, so that an app too old for
        // this server's protocol can still update (crate::updates).
        .route(
            "/v1/updates/{target}/{arch}/{current_version}",
            get(update_offer),
        )
        .route("/v1/updates/files/{file}", get(update_file))
        .nest("/v1", v1)
        .nest("/portal/v1", portal)
        .fallback(|| async { ApiError::not_found("no such endpoint; see docs/sync-protocol.md") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                codes::REQUEST_MALFORMED,
                "this endpoint does not take that method",
            )
        })
        .layer(DefaultBodyLimit::max(max_json))
        .layer(middleware::from_fn_with_state(state.clone(), stamp_and_log))
        .with_state(state)
}

/// Every response says which protocol this server speaks; every request is logged with
/// who made it; a request whose answer has not started within `http.request_timeout_seconds`
/// is answered 503.
async fn stamp_and_log(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let user = LoggedUser::default();
    req.extensions_mut().insert(user.clone());
    let limit = std::time::Duration::from_secs(state.config.http.request_timeout_seconds.max(1));
    let mut response = match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            codes::UNAVAILABLE,
            format!(
                "the request took longer than {} s and was stopped; try again",
                limit.as_secs()
            ),
        )
        .into_response(),
    };
    response
        .headers_mut()
        .insert(PROTOCOL_HEADER, HeaderValue::from(PROTOCOL_VERSION));
    tracing::info!(
        %method,
        path,
        user = user.get(),
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

/// Refuses a `/v1` request that does not speak this protocol version.
async fn check_protocol(req: Request, next: Next) -> Response {
    let sent = req
        .headers()
        .get(PROTOCOL_HEADER)
        .map(|v| v.to_str().ok().and_then(|s| s.trim().parse::<u32>().ok()));
    match sent {
        Some(Some(v)) if v == PROTOCOL_VERSION => next.run(req).await,
        Some(Some(v)) => ApiError::new(
            StatusCode::UPGRADE_REQUIRED,
            codes::PROTOCOL_VERSION,
            format!(
                "this server speaks sync protocol {PROTOCOL_VERSION} and the client sent {v}: {}",
                if v > PROTOCOL_VERSION {
                    "the server must be updated"
                } else {
                    "update the app"
                }
            ),
        )
        .into_response(),
        _ => ApiError::new(
            StatusCode::BAD_REQUEST,
            codes::PROTOCOL_VERSION,
            format!("send the header `{PROTOCOL_HEADER}: {PROTOCOL_VERSION}` (the sync protocol version)"),
        )
        .into_response(),
    }
}

/// `Json<T>` whose rejections are [`ApiError`]s.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(r: JsonRejection) -> ApiError {
    let status = r.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::too_large("the request body is larger than this server accepts");
    }
    ApiError::new(status, codes::REQUEST_MALFORMED, r.body_text())
}

/// `Query<T>` whose rejections are [`ApiError`]s.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(r) => Err(query_rejection(r)),
        }
    }
}

fn query_rejection(r: QueryRejection) -> ApiError {
    ApiError::malformed(r.body_text())
}

fn checked_hash(sha256: &str) -> ApiResult<()> {
    if is_sha256_hex(sha256) {
        Ok(())
    } else {
        Err(ApiError::malformed(format!(
            "{sha256:?} is not a sha-256 hash (64 lowercase hex digits)"
        )))
    }
}

/// `POST /portal/v1/submissions`: one bundle as a `.zip` body; the receipts (the
/// bundle's, then any recorded outcome it revised). 200 when recorded (or a repeat), 409
/// for a conflicting resubmission, 422 for a refused bundle.
async fn portal_submit(
    State(state): State<AppState>,
    who: auth::PortalClient,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<Vec<crate::intake::Receipt>>)> {
    let receipts = state
        .intake
        .submit_zip(
            body,
            &state.config.blobs.staging,
            &format!("portal:{}", who.name),
        )
        .await?;
    let status = match receipts.first() {
        Some(r) if r.outcome == crate::intake::ReceiptOutcome::Refused => {
            if r.code == "conflict" {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            }
        }
        _ => StatusCode::OK,
    };
    Ok((status, Json(receipts)))
}

/// `GET /portal/v1/letters/{sha256}`: a letter intake wrote for a submission (the
/// acknowledgement of receipt or the notice), as a PDF, for the applicant's message
/// centre.
async fn portal_letter(
    State(state): State<AppState>,
    _who: auth::PortalClient,
    Path(sha256): Path<String>,
) -> ApiResult<Response> {
    checked_hash(&sha256)?;
    let db = state.pool.get().await?;
    let size: i64 = db
        .query_opt(
            "SELECT b.byte_size FROM blobs b
              WHERE b.sha256 = $1
                AND EXISTS (SELECT 1 FROM submissions s WHERE s.letter_sha256 = $1)",
            &[&sha256],
        )
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no letter {sha256}")))?
        .get(0);
    let body = state.blobs.read_from(&sha256, 0).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            ),
            (
                header::CONTENT_LENGTH,
                HeaderValue::from(u64::try_from(size).unwrap_or(0)),
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
struct UpdateQuery {
    /// The package kind the app was installed from (`deb`, `rpm`, `nsis`…, `unknown`).
    #[serde(default)]
    bundle: Option<String>,
}

/// The release for an app at `current_version`: 200 with the offer, or 204 (nothing newer
/// for this platform and package kind).
async fn update_offer(
    State(state): State<AppState>,
    Path((target, arch, current_version)): Path<(String, String, String)>,
    ApiQuery(q): ApiQuery<UpdateQuery>,
    headers: axum::http::HeaderMap,
) -> ApiResult<Response> {
    let dir = update_dir(&state)?;
    let Some(release) = crate::updates::read_release(dir)? else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .ok_or_else(|| ApiError::malformed("the request names no Host"))?;
    let scheme = if state.config.tls.cert.is_some() || state.config.tls.behind_proxy {
        "https"
    } else {
        "http"
    };
    let installer = q.bundle.as_deref().unwrap_or("unknown");
    let files_url = format!("{scheme}://{host}/v1/updates/files");
    match crate::updates::offer(
        &release,
        &target,
        &arch,
        installer,
        &current_version,
        &files_url,
    )? {
        Some(offer) => {
            tracing::info!(
                %target, %arch, %installer, from = %current_version, to = %offer.version,
                "update offered"
            );
            Ok(Json(offer).into_response())
        }
        None => Ok(StatusCode::NO_CONTENT.into_response()),
    }
}

/// A package the release names, streamed.
async fn update_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> ApiResult<Response> {
    let dir = update_dir(&state)?;
    let not_found = || ApiError::not_found(format!("no update package {file:?}"));
    let release = crate::updates::read_release(dir)?.ok_or_else(not_found)?;
    let path = crate::updates::artefact_path(dir, &release, &file).ok_or_else(not_found)?;
    let opened = tokio::fs::File::open(&path).await;
    let file_handle = match opened {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(not_found()),
        Err(e) => {
            return Err(ApiError::internal(format!(
                "reading {}: {e}",
                path.display()
            )));
        }
    };
    let size = file_handle
        .metadata()
        .await
        .map_err(|e| ApiError::internal(format!("reading {}: {e}", path.display())))?
        .len();
    tracing::info!(file = %file, size, "update package downloaded");
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            ),
            (header::CONTENT_LENGTH, HeaderValue::from(size)),
        ],
        Body::from_stream(tokio_util::io::ReaderStream::with_capacity(
            file_handle,
            1 << 20,
        )),
    )
        .into_response())
}

fn update_dir(state: &AppState) -> Result<&std::path::Path, ApiError> {
    state
        .config
        .updates
        .dir
        .as_deref()
        .ok_or_else(|| crate::updates::FeedError::NotConfigured.into())
}

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        protocol: PROTOCOL_VERSION,
    })
}

async fn login(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiJson(body): ApiJson<LoginRequest>,
) -> ApiResult<(StatusCode, Json<Session>)> {
    state.guard.admit(&body.user, address)?;
    let row = state
        .pool
        .get()
        .await?
        .query_opt(
            "SELECT id, name, role, password_hash FROM users WHERE name = $1 AND NOT disabled",
            &[&body.user],
        )
        .await?;
    // The connection went back to the pool: argon2 never holds one.
    let hash = row
        .as_ref()
        .map(|r| r.get::<_, String>(3))
        .unwrap_or_else(|| auth::dummy_hash().to_owned());
    let ok = state.guard.verify(body.password, hash).await?;
    let (Some(row), true) = (row, ok) else {
        tracing::info!(user = body.user, %address, "sign-in refused");
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            codes::AUTH_INVALID_CREDENTIALS,
            "wrong user name or password",
        ));
    };
    let user_id: i64 = row.get(0);
    let role_text: String = row.get(2);
    if role_text == auth::PORTAL_ROLE {
        return Err(ApiError::forbidden(
            "the portal's account does not sign in: it uses the token `dossier-server portal token` gave it",
        ));
    }
    let role = Role::from_code(&role_text)
        .ok_or_else(|| ApiError::internal(format!("user has role {role_text:?}")))?;
    let (token, token_hash) = auth::new_token();
    let ttl =
        i64::try_from(state.config.auth.session_ttl_minutes.saturating_mul(60)).unwrap_or(i64::MAX);
    let db = state.pool.get().await?;
    db.execute(
        "DELETE FROM sessions WHERE user_id = $1 AND expires_at <= now()",
        &[&user_id],
    )
    .await?;
    let created = db
        .query_one(
            "INSERT INTO sessions (token_sha256, user_id, expires_at)
             VALUES ($1, $2, now() + make_interval(secs => $3::bigint)) RETURNING expires_at",
            &[&token_hash, &user_id, &ttl],
        )
        .await?;
    tracing::info!(user = body.user, %address, "signed in");
    Ok((
        StatusCode::CREATED,
        Json(Session {
            token,
            user: oplog::ids::UserId(row.get(1)),
            role,
            expires_at: created.get(0),
        }),
    ))
}

/// Issue 18: the signed-in user changes their own password (the current one first, under
/// the same limits as signing in); their other sessions end.
async fn change_password(
    State(state): State<AppState>,
    who: Principal,
    ClientAddress(address): ClientAddress,
    ApiJson(body): ApiJson<ChangePassword>,
) -> ApiResult<StatusCode> {
    state.guard.admit(&who.name.0, address)?;
    crate::supervision::users::change_password(
        &state.pool,
        &state.guard,
        &who,
        body.current,
        body.new,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Issue 18: an administrator enables a disabled account again.
async fn enable_user(
    State(state): State<AppState>,
    who: Principal,
    Path(name): Path<String>,
) -> ApiResult<StatusCode> {
    crate::supervision::users::enable(&state.pool, &who.acting(), &name).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn current_session(
    State(state): State<AppState>,
    who: Principal,
) -> ApiResult<Json<SessionInfo>> {
    let db = state.pool.get().await?;
    let log = crate::epoch::position(&db).await?;
    Ok(Json(SessionInfo {
        user: who.name,
        role: who.role,
        expires_at: who.expires_at,
        administrator: who.administrator,
        log: Some(log),
    }))
}

async fn logout(State(state): State<AppState>, who: Principal) -> ApiResult<StatusCode> {
    let db = state.pool.get().await?;
    db.execute(
        "DELETE FROM sessions WHERE token_sha256 = $1",
        &[&who.token_sha256],
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Issue 17: what distributing the next `count` unassigned files would do (supervisors).
async fn distribution_preview(
    State(state): State<AppState>,
    who: Principal,
    Json(body): Json<crate::distribution::DistributeRequest>,
) -> ApiResult<Json<crate::distribution::Distribution>> {
    who.require_supervisor("distribute files")?;
    Ok(Json(
        crate::distribution::preview(&state.pool, body.count).await?,
    ))
}

/// Issue 17: distributes the next `count` unassigned files (supervisors).
async fn distribute(
    State(state): State<AppState>,
    who: Principal,
    Json(body): Json<crate::distribution::DistributeRequest>,
) -> ApiResult<Json<crate::distribution::Distribution>> {
    who.require_supervisor("distribute files")?;
    let pusher = Pusher {
        name: who.name,
        role: who.role,
    };
    Ok(Json(
        crate::distribution::distribute(&state.pool, &state.programs, &pusher, body.count).await?,
    ))
}

/// Issue 17: assigns or reassigns files to one officer, all or none (supervisors).
async fn assign(
    State(state): State<AppState>,
    who: Principal,
    ApiJson(body): ApiJson<AssignRequest>,
) -> ApiResult<Json<Assigned>> {
    who.require_supervisor("assign files")?;
    let pusher = Pusher {
        name: who.name,
        role: who.role,
    };
    Ok(Json(
        crate::distribution::assign(
            &state.pool,
            &state.programs,
            &pusher,
            &body.case_ids,
            &body.officer.0,
        )
        .await?,
    ))
}

/// Issue 17: every person's workload (supervisors).
async fn team(State(state): State<AppState>, who: Principal) -> ApiResult<Json<Team>> {
    who.require_supervisor("see the team's workload")?;
    Ok(Json(crate::supervision::team::team(&state.pool).await?))
}

/// Issue 17: the open files of one person, or of nobody (supervisors).
async fn team_files(
    State(state): State<AppState>,
    who: Principal,
    ApiJson(of): ApiJson<TeamFilesOf>,
) -> ApiResult<Json<Vec<TeamFile>>> {
    who.require_supervisor("see the team's files")?;
    Ok(Json(
        crate::supervision::team::files(&state.pool, &of).await?,
    ))
}

/// Issue 20: the pages of two files that are the same picture (crate::reuse).
#[derive(Debug, Deserialize)]
struct ScanMatchQuery {
    /// Only the pairs that touch this file.
    #[serde(default)]
    case_id: Option<uuid::Uuid>,
}

async fn scan_matches(
    State(state): State<AppState>,
    who: Principal,
    ApiQuery(q): ApiQuery<ScanMatchQuery>,
) -> ApiResult<Json<Vec<sync::integrity::ScanMatch>>> {
    Ok(Json(
        crate::reuse::scan_matches(&state.pool, &who, q.case_id).await?,
    ))
}

/// Issue 20: a supervisor dismisses a pair of matching pages, with why.
async fn dismiss_scan_match(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<sync::integrity::DismissMatch>,
) -> ApiResult<StatusCode> {
    crate::reuse::dismiss(&state.pool, &who, id, &body.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Issue 17: the program's figures (supervisors).
async fn figures(State(state): State<AppState>, who: Principal) -> ApiResult<Json<Figures>> {
    who.require_supervisor("see the program's figures")?;
    Ok(Json(
        crate::supervision::figures::compute(&state.intake).await?,
    ))
}

/// Issue 17: the recorded user-management actions, newest first (supervisors).
async fn user_events(
    State(state): State<AppState>,
    who: Principal,
) -> ApiResult<Json<Vec<UserEvent>>> {
    who.require_supervisor("see who changed users")?;
    Ok(Json(
        crate::supervision::users::events(&state.pool, 200).await?,
    ))
}

async fn set_away(
    State(state): State<AppState>,
    who: Principal,
    Path(name): Path<String>,
    ApiJson(body): ApiJson<SetAway>,
) -> ApiResult<StatusCode> {
    crate::supervision::users::set_away(&state.pool, &who.acting(), &name, body.away).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn set_role(
    State(state): State<AppState>,
    who: Principal,
    Path(name): Path<String>,
    ApiJson(body): ApiJson<SetRole>,
) -> ApiResult<StatusCode> {
    crate::supervision::users::set_role(&state.pool, &who.acting(), &name, body.role).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn reset_password(
    State(state): State<AppState>,
    who: Principal,
    Path(name): Path<String>,
    ApiJson(body): ApiJson<ResetPassword>,
) -> ApiResult<StatusCode> {
    crate::supervision::users::reset_password(&state.pool, &who.acting(), &name, body.password)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// P5: every program definition version, oldest first (every signed-in user: laptops
/// decide with them).
async fn program_versions(
    State(state): State<AppState>,
    _who: Principal,
) -> ApiResult<Json<Vec<WireProgramVersion>>> {
    let db = state.pool.get().await?;
    let versions = state.programs.current(&db).await?;
    Ok(Json(versions.all().iter().map(Into::into).collect()))
}

/// P5: loads a version, for a supervisor the administrator allowed to
/// (`dossier-server user allow-program`).
async fn load_program(
    State(state): State<AppState>,
    who: Principal,
    Json(body): Json<LoadProgramRequest>,
) -> ApiResult<Json<WireProgramVersion>> {
    who.require_supervisor("load a program definition")?;
    let db = state.pool.get().await?;
    let allowed: bool = db
        .query_opt(
            "SELECT may_load_program FROM users WHERE name = $1",
            &[&who.name.0],
        )
        .await?
        .is_some_and(|r| r.get(0));
    drop(db);
    if !allowed {
        return Err(ApiError::forbidden(format!(
            "{} may not load program definitions; an administrator allows it with              `dossier-server user allow-program`",
            who.name
        ))
        .with_text(vocab::Text::new("program-load-not-allowed")));
    }
    let version = state
        .programs
        .load(
            &state.pool,
            &who.name.0,
            &body.file_name,
            &body.source,
            body.effective_at,
        )
        .await?;
    Ok(Json((&version).into()))
}

async fn users(State(state): State<AppState>, who: Principal) -> ApiResult<Json<Vec<UserInfo>>> {
    who.require_supervisor("list users")?;
    let db = state.pool.get().await?;
    let rows = db
        .query(
            "SELECT name, role, away FROM users WHERE NOT disabled AND role <> 'portal' ORDER BY name",
            &[],
        )
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let role: String = r.get(1);
        out.push(UserInfo {
            name: oplog::ids::UserId(r.get(0)),
            role: Role::from_code(&role).ok_or_else(|| ApiError::internal("bad role"))?,
            away: r.get(2),
        });
    }
    Ok(Json(out))
}

async fn push(
    State(state): State<AppState>,
    who: Principal,
    ApiJson(body): ApiJson<PushRequest>,
) -> ApiResult<Json<PushResponse>> {
    let max = state.config.sync.max_push_operations;
    if body.operations.len() > max {
        return Err(ApiError::too_large(format!(
            "{} operations in one push; send at most {max} per push",
            body.operations.len()
        )));
    }
    let pusher = Pusher {
        name: who.name,
        role: who.role,
    };
    let results = push_batch(&state.pool, &state.programs, &pusher, &body.operations).await?;
    Ok(Json(PushResponse { results }))
}

#[derive(Debug, Deserialize)]
struct PullQuery {
    after: Option<String>,
    /// The server epoch the cursor belongs to (sent by apps that know epochs).
    epoch: Option<String>,
    limit: Option<u32>,
}

async fn pull(
    State(state): State<AppState>,
    who: Principal,
    ApiQuery(q): ApiQuery<PullQuery>,
) -> ApiResult<Json<PullResponse>> {
    let after = match q.after.as_deref() {
        None | Some("") => None,
        Some(text) => Some(
            text.parse::<Cursor>()
                .map_err(|e| ApiError::malformed(e.to_string()))?,
        ),
    };
    let epoch = match q.epoch.as_deref() {
        None | Some("") => None,
        Some(text) => Some(text.parse::<sync::Epoch>().map_err(|_| {
            ApiError::malformed(format!("{text:?} is not a server epoch; pull without it"))
        })?),
    };
    let max = state.config.sync.max_pull_limit;
    let limit = q.limit.unwrap_or(max.min(500));
    if limit == 0 {
        return Err(ApiError::malformed("limit must be at least 1"));
    }
    let page = crate::pull::pull(&state.pool, &who, after, epoch, limit.min(max)).await?;
    Ok(Json(page))
}

/// The size of a stored document this user may read, or `None`.
async fn readable_size(state: &AppState, who: &Principal, sha256: &str) -> ApiResult<Option<i64>> {
    let db = state.pool.get().await?;
    let row = match who.role {
        Role::Supervisor => {
            db.query_opt("SELECT byte_size FROM blobs WHERE sha256 = $1", &[&sha256])
                .await?
        }
        Role::Officer => {
            db.query_opt(
                "SELECT b.byte_size FROM blobs b
                  WHERE b.sha256 = $1
                    AND EXISTS (SELECT 1 FROM documents d JOIN cases c ON c.id = d.case_id
                                 WHERE d.sha256 = $1 AND c.assigned_to = $2)",
                &[&sha256, &who.name.0],
            )
            .await?
        }
    };
    Ok(row.map(|r| r.get(0)))
}

async fn missing_blobs(
    State(state): State<AppState>,
    who: Principal,
    ApiJson(body): ApiJson<MissingBlobsRequest>,
) -> ApiResult<Json<MissingBlobs>> {
    const MAX: usize = 10_000;
    if body.hashes.len() > MAX {
        return Err(ApiError::too_large(format!(
            "ask about at most {MAX} hashes at once"
        )));
    }
    for h in &body.hashes {
        checked_hash(h)?;
    }
    let db = state.pool.get().await?;
    // A document this user may not read counts as missing: the answer never tells
    // whether someone else's document exists. Uploading it again is harmless.
    let rows = match who.role {
        Role::Supervisor => {
            db.query(
                "SELECT h FROM unnest($1::text[]) WITH ORDINALITY AS t(h, n)
                  WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = t.h) ORDER BY n",
                &[&body.hashes],
            )
            .await?
        }
        Role::Officer => {
            db.query(
                "SELECT h FROM unnest($1::text[]) WITH ORDINALITY AS t(h, n)
                  WHERE NOT EXISTS (
                        SELECT 1 FROM blobs b WHERE b.sha256 = t.h
                           AND EXISTS (SELECT 1 FROM documents d JOIN cases c ON c.id = d.case_id
                                        WHERE d.sha256 = t.h AND c.assigned_to = $2))
                  ORDER BY n",
                &[&body.hashes, &who.name.0],
            )
            .await?
        }
    };
    let mut missing: Vec<String> = rows.into_iter().map(|r| r.get(0)).collect();
    missing.dedup();
    Ok(Json(MissingBlobs { missing }))
}

async fn upload_status(
    State(state): State<AppState>,
    who: Principal,
    Path(sha256): Path<String>,
) -> ApiResult<Json<UploadStatus>> {
    checked_hash(&sha256)?;
    if let Some(size) = readable_size(&state, &who, &sha256).await? {
        return Ok(Json(UploadStatus {
            sha256,
            received: u64::try_from(size).unwrap_or(0),
            complete: true,
        }));
    }
    let received = state.blobs.staged_len(who.user_id, &sha256).await?;
    Ok(Json(UploadStatus {
        sha256,
        received,
        complete: false,
    }))
}

#[derive(Debug, Deserialize)]
struct ChunkQuery {
    offset: u64,
    total: u64,
}

async fn upload_chunk(
    State(state): State<AppState>,
    who: Principal,
    Path(sha256): Path<String>,
    ApiQuery(q): ApiQuery<ChunkQuery>,
    body: Body,
) -> ApiResult<Json<UploadStatus>> {
    checked_hash(&sha256)?;
    let limit = state.config.blobs.max_chunk_bytes;
    let chunk = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| ApiError::too_large(format!("an upload chunk holds at most {limit} bytes")))?;
    let appended = state
        .blobs
        .append(who.user_id, &sha256, q.offset, q.total, chunk)
        .await?;
    let status = match appended {
        Appended::Partial(received) => UploadStatus {
            sha256,
            received,
            complete: false,
        },
        Appended::Complete(size) => {
            let db = state.pool.get().await?;
            let size_db = i64::try_from(size).unwrap_or(i64::MAX);
            db.execute(
                "INSERT INTO blobs (sha256, byte_size) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING",
                &[&sha256, &size_db],
            )
            .await?;
            // Who sent these bytes: they may name them in a `document_added`.
            db.execute(
                "INSERT INTO blob_uploads (sha256, uploaded_by, byte_size) VALUES ($1, $2, $3)
                 ON CONFLICT (sha256, uploaded_by) DO NOTHING",
                &[&sha256, &who.name.0, &size_db],
            )
            .await?;
            tracing::info!(sha256, size, user = %who.name, "document stored");
            UploadStatus {
                sha256,
                received: size,
                complete: true,
            }
        }
    };
    Ok(Json(status))
}

#[derive(Debug, Deserialize)]
struct DownloadQuery {
    #[serde(default)]
    offset: u64,
}

async fn download(
    State(state): State<AppState>,
    who: Principal,
    Path(sha256): Path<String>,
    ApiQuery(q): ApiQuery<DownloadQuery>,
) -> ApiResult<Response> {
    checked_hash(&sha256)?;
    // Record level: not found and not allowed look the same, and no byte is sent.
    let size = readable_size(&state, &who, &sha256)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no document {sha256} that you may read")))?;
    let size = u64::try_from(size).unwrap_or(0);
    if q.offset > size {
        return Err(ApiError::malformed(format!(
            "offset {} is past the end of the document ({size} bytes)",
            q.offset
        )));
    }
    // Who read which file: every download, at info (issue 18).
    let files: Vec<String> = state
        .pool
        .get()
        .await?
        .query(
            "SELECT DISTINCT c.file_number FROM documents d JOIN cases c ON c.id = d.case_id
              WHERE d.sha256 = $1 ORDER BY 1",
            &[&sha256],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    tracing::info!(user = %who.name, document = %sha256, files = %files.join(","), offset = q.offset, size, "document read");
    let body = if q.offset == size {
        Body::empty()
    } else {
        state.blobs.read_from(&sha256, q.offset).await?
    };
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            ),
            (header::CONTENT_LENGTH, HeaderValue::from(size - q.offset)),
        ],
        body,
    )
        .into_response())
}
