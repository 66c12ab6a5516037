//! The server's settings: a TOML file (optional) with every key defaulted, then
//! environment overrides named `DOSSIER_SERVER_<SECTION>_<KEY>` (e.g.
//! `DOSSIER_SERVER_DATABASE_URL`). `docs/server.md` lists every key. An unknown key, in
//! the file or the environment, is an error that names it, so a typo never silently
//! falls back to a default.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

/// The environment variable that names the configuration file.
pub const CONFIG_ENV: &str = "DOSSIER_SERVER_CONFIG";
/// The prefix of every environment override.
pub const ENV_PREFIX: &str = "DOSSIER_SERVER_";

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address and port to listen on (`0` as the port picks a free one and prints it).
    pub listen: String,
    /// Log filter, in `RUST_LOG` syntax (e.g. `info`, `server=debug,info`).
    pub log: String,
    pub database: DatabaseConfig,
    pub tls: TlsConfig,
    pub blobs: BlobsConfig,
    pub auth: AuthConfig,
    pub sync: SyncConfig,
    pub http: HttpConfig,
    pub updates: UpdatesConfig,
    pub reuse: ReuseConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// A libpq-style connection string or URL (`postgres://user@host/db`, or
    /// `host=/run/postgresql dbname=dossier` for a unix socket).
    pub url: String,
    /// Connections in the pool.
    pub max_connections: usize,
    /// `disable` or `require` (TLS to PostgreSQL, verified against `ca_file`).
    pub tls: PgTlsMode,
    /// PEM file of the CA that signed PostgreSQL's certificate (for `tls = "require"`).
    pub ca_file: Option<PathBuf>,
    /// Apply pending migrations when `serve` starts (otherwise `serve` refuses to run on
    /// an unmigrated database and says to run `dossier-server migrate`).
    pub migrate_on_start: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PgTlsMode {
    Disable,
    Require,
}

/// HTTPS: both set, or neither (plain HTTP: only on a loopback address, or behind a TLS
/// proxy the administrator names with `behind_proxy`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TlsConfig {
    /// PEM certificate chain.
    pub cert: Option<PathBuf>,
    /// PEM private key (PKCS#8, PKCS#1 or SEC1).
    pub key: Option<PathBuf>,
    /// Plain HTTP on a non-loopback address, because a TLS proxy in front of the server
    /// terminates HTTPS (the client's address is then the last of `X-Forwarded-For`).
    pub behind_proxy: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlobBackend {
    /// A directory on local disk (`blobs.path`).
    Local,
    /// An S3-compatible bucket (build with `--features s3`).
    S3,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BlobsConfig {
    pub backend: BlobBackend,
    /// Directory of the local backend.
    pub path: PathBuf,
    /// Directory (local disk, always) where partial uploads wait until complete.
    pub staging: PathBuf,
    /// Largest document accepted, in bytes.
    pub max_blob_bytes: u64,
    /// Largest upload chunk accepted, in bytes.
    pub max_chunk_bytes: usize,
    /// Most bytes one user may have in unfinished uploads at once (a quota: an upload
    /// that would go past it is refused with `upload.quota` until some finish or expire).
    pub max_staged_bytes_per_user: u64,
    /// Hours after its last chunk that an unfinished upload is abandoned and removed.
    pub abandoned_upload_hours: u64,
    /// S3 bucket (backend `s3`); credentials come from the usual `AWS_*` variables.
    pub s3_bucket: Option<String>,
    /// S3 region.
    pub s3_region: Option<String>,
    /// S3-compatible endpoint URL (MinIO, Ceph...); unset for AWS.
    pub s3_endpoint: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthConfig {
    /// How long a session token lasts after sign-in, in minutes.
    pub session_ttl_minutes: u64,
    /// A session unused for this long ends (sign in again), in minutes.
    pub idle_minutes: u64,
    /// Sign-in attempts allowed per user name per minute (a burst of as many), then 429.
    pub user_attempts_per_minute: u32,
    /// Sign-in attempts allowed per client address per minute (a burst of as many).
    pub address_attempts_per_minute: u32,
    /// Passwords checked at once (argon2, off the request threads); 0: one per CPU.
    pub password_hashers: usize,
}

/// Timeouts of the HTTP layer.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpConfig {
    /// A client that has not sent a request's headers within this many seconds is cut off.
    pub header_read_timeout_seconds: u64,
    /// A request whose answer has not started within this many seconds is answered 503
    /// (a document's body, once started, streams on).
    pub request_timeout_seconds: u64,
}

/// Pages hashed and compared across files (`server::reuse`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReuseConfig {
    /// Seconds between two looks for documents whose pages are not hashed yet.
    pub every_seconds: u64,
}

impl Default for ReuseConfig {
    fn default() -> Self {
        Self { every_seconds: 5 }
    }
}

/// The update feed (docs/updates.md).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UpdatesConfig {
    /// The directory holding `release.json` and the signed packages it names
    /// (`scripts/release.sh` writes both); unset: no update is offered.
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SyncConfig {
    /// Most operations in one push.
    pub max_push_operations: usize,
    /// Most operations in one pull page (a larger `limit` is lowered to this).
    pub max_pull_limit: u32,
    /// Largest JSON request body, in bytes.
    pub max_request_bytes: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8443".into(),
            log: "info".into(),
            database: DatabaseConfig::default(),
            tls: TlsConfig::default(),
            blobs: BlobsConfig::default(),
            auth: AuthConfig::default(),
            sync: SyncConfig::default(),
            http: HttpConfig::default(),
            updates: UpdatesConfig::default(),
            reuse: ReuseConfig::default(),
        }
    }
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: "postgres://dossier@localhost/dossier".into(),
            max_connections: 16,
            tls: PgTlsMode::Disable,
            ca_file: None,
            migrate_on_start: false,
        }
    }
}

impl Default for BlobsConfig {
    fn default() -> Self {
        Self {
            backend: BlobBackend::Local,
            path: "data/blobs".into(),
            staging: "data/uploads".into(),
            max_blob_bytes: 512 * 1024 * 1024,
            max_chunk_bytes: 8 * 1024 * 1024,
            max_staged_bytes_per_user: 2 * 1024 * 1024 * 1024,
            abandoned_upload_hours: 72,
            s3_bucket: None,
            s3_region: None,
            s3_endpoint: None,
        }
    }
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            session_ttl_minutes: 12 * 60,
            idle_minutes: 60,
            user_attempts_per_minute: 10,
            address_attempts_per_minute: 30,
            password_hashers: 0,
        }
    }
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            header_read_timeout_seconds: 10,
            request_timeout_seconds: 120,
        }
    }
}

impl Default for SyncConfig {
    fn default() -> Self {
        Self {
            max_push_operations: 1000,
            max_pull_limit: 1000,
            max_request_bytes: 32 * 1024 * 1024,
        }
    }
}

/// How an environment value is read into the TOML table.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Str,
    Int,
    Bool,
}

/// Every key, as `section.key`, with its type: the environment overrides accepted.
const KEYS: &[(&str, Kind)] = &[
    ("listen", Kind::Str),
    ("log", Kind::Str),
    ("database.url", Kind::Str),
    ("database.max_connections", Kind::Int),
    ("database.tls", Kind::Str),
    ("database.ca_file", Kind::Str),
    ("database.migrate_on_start", Kind::Bool),
    ("tls.cert", Kind::Str),
    ("tls.key", Kind::Str),
    ("tls.behind_proxy", Kind::Bool),
    ("updates.dir", Kind::Str),
    ("reuse.every_seconds", Kind::Int),
    ("blobs.backend", Kind::Str),
    ("blobs.path", Kind::Str),
    ("blobs.staging", Kind::Str),
    ("blobs.max_blob_bytes", Kind::Int),
    ("blobs.max_chunk_bytes", Kind::Int),
    ("blobs.max_staged_bytes_per_user", Kind::Int),
    ("blobs.abandoned_upload_hours", Kind::Int),
    ("blobs.s3_bucket", Kind::Str),
    ("blobs.s3_region", Kind::Str),
    ("blobs.s3_endpoint", Kind::Str),
    ("auth.session_ttl_minutes", Kind::Int),
    ("auth.idle_minutes", Kind::Int),
    ("auth.user_attempts_per_minute", Kind::Int),
    ("auth.address_attempts_per_minute", Kind::Int),
    ("auth.password_hashers", Kind::Int),
    ("http.header_read_timeout_seconds", Kind::Int),
    ("http.request_timeout_seconds", Kind::Int),
    ("sync.max_push_operations", Kind::Int),
    ("sync.max_pull_limit", Kind::Int),
    ("sync.max_request_bytes", Kind::Int),
];

/// The environment variable that overrides `key` (`database.url` -> `DOSSIER_SERVER_DATABASE_URL`).
pub fn env_name(key: &str) -> String {
    format!("{ENV_PREFIX}{}", key.replace('.', "_").to_uppercase())
}

impl Config {
    /// Reads the file (if any: `path`, else `$DOSSIER_SERVER_CONFIG`), then the
    /// environment overrides.
    pub fn load(path: Option<&Path>) -> anyhow::Result<Self> {
        let env: Vec<(String, String)> = std::env::vars().collect();
        let from_env = std::env::var_os(CONFIG_ENV).map(PathBuf::from);
        let path = path.map(Path::to_path_buf).or(from_env);
        let text = match &path {
            Some(p) => std::fs::read_to_string(p)
                .with_context(|| format!("reading the configuration file {}", p.display()))?,
            None => String::new(),
        };
        Self::from_parts(&text, &env).with_context(|| match &path {
            Some(p) => format!("in the configuration {}", p.display()),
            None => "in the configuration (environment)".to_owned(),
        })
    }

    /// The configuration from a TOML text and a list of environment variables.
    pub fn from_parts(toml_text: &str, env: &[(String, String)]) -> anyhow::Result<Self> {
        let mut table: toml::Table = toml::from_str(toml_text)?;
        let known: Vec<String> = KEYS.iter().map(|(k, _)| env_name(k)).collect();
        for (name, value) in env {
            if !name.starts_with(ENV_PREFIX)
                || name == CONFIG_ENV
                || name == crate::admin::PASSWORD_ENV
            {
                continue;
            }
            let Some((key, kind)) = KEYS.iter().find(|(k, _)| env_name(k) == *name) else {
                bail!(
                    "unknown setting {name}; the known ones are {}",
                    known.join(", ")
                );
            };
            let value = match kind {
                Kind::Str => toml::Value::String(value.clone()),
                Kind::Int => toml::Value::Integer(
                    value
                        .trim()
                        .parse()
                        .with_context(|| format!("{name}={value:?} is not a whole number"))?,
                ),
                Kind::Bool => toml::Value::Boolean(match value.trim() {
                    "true" | "1" | "yes" => true,
                    "false" | "0" | "no" => false,
                    _ => bail!("{name}={value:?} is not true or false"),
                }),
            };
            match key.split_once('.') {
                None => {
                    table.insert((*key).to_owned(), value);
                }
                Some((section, field)) => {
                    let entry = table
                        .entry(section.to_owned())
                        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
                    let toml::Value::Table(section) = entry else {
                        bail!("[{section}] must be a table");
                    };
                    section.insert(field.to_owned(), value);
                }
            }
        }
        let config: Config = toml::Value::Table(table).try_into()?;
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> anyhow::Result<()> {
        if self.tls.cert.is_some() != self.tls.key.is_some() {
            bail!("set both tls.cert and tls.key for HTTPS, or neither for plain HTTP");
        }
        if self.database.tls == PgTlsMode::Require && self.database.ca_file.is_none() {
            bail!(
                "database.tls = \"require\" needs database.ca_file (the CA of PostgreSQL's certificate)"
            );
        }
        if self.sync.max_push_operations == 0 || self.sync.max_pull_limit == 0 {
            bail!("sync.max_push_operations and sync.max_pull_limit must be at least 1");
        }
        if self.blobs.max_chunk_bytes == 0 || self.blobs.max_blob_bytes == 0 {
            bail!("blobs.max_chunk_bytes and blobs.max_blob_bytes must be at least 1");
        }
        if self.blobs.backend == BlobBackend::S3 && self.blobs.s3_bucket.is_none() {
            bail!("blobs.backend = \"s3\" needs blobs.s3_bucket");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_environment_overrides_the_file() {
        let c = Config::from_parts(
            "listen = \"0.0.0.0:1\"\n[database]\nurl = \"postgres://a/b\"\nmax_connections = 3\n",
            &env(&[
                ("DOSSIER_SERVER_DATABASE_URL", "postgres://c/d"),
                ("DOSSIER_SERVER_SYNC_MAX_PULL_LIMIT", "7"),
                ("DOSSIER_SERVER_DATABASE_MIGRATE_ON_START", "true"),
                ("UNRELATED", "x"),
            ]),
        )
        .unwrap();
        assert_eq!(c.listen, "0.0.0.0:1");
        assert_eq!(c.database.url, "postgres://c/d");
        assert_eq!(c.database.max_connections, 3);
        assert!(c.database.migrate_on_start);
        assert_eq!(c.sync.max_pull_limit, 7);
    }

    #[test]
    fn unknown_keys_and_half_tls_are_refused_by_name() {
        let e = Config::from_parts("[database]\nurll = \"x\"\n", &[]).unwrap_err();
        assert!(format!("{e:#}").contains("urll"), "{e:#}");
        let e = Config::from_parts("", &env(&[("DOSSIER_SERVER_LISTN", "x")])).unwrap_err();
        assert!(e.to_string().contains("DOSSIER_SERVER_LISTN"));
        let e = Config::from_parts("[tls]\ncert = \"c.pem\"\n", &[]).unwrap_err();
        assert!(e.to_string().contains("tls.key"));
    }
}
