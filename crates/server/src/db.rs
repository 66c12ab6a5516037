//! PostgreSQL: the connection pool (deadpool over tokio-postgres, TLS through rustls when
//! configured) and the schema's migrations, embedded from `crates/server/migrations`
//! and applied by refinery. Migrations are append-only: an applied one is never edited
//! (refinery refuses a changed checksum), and a database that has a migration this binary
//! does not know is refused with a message to update the server.

use anyhow::{Context, bail};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use refinery::error::Kind;

use crate::config::{DatabaseConfig, PgTlsMode};

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// The key of the advisory lock that serialises writes to the operation log, so server
/// sequence numbers become visible in order (a pull never skips a number that commits late).
pub const LOG_LOCK: i64 = 0x0064_6f73_7369_6572; // "dossier" in ASCII

fn pg_config(config: &DatabaseConfig) -> anyhow::Result<tokio_postgres::Config> {
    config
        .url
        .parse::<tokio_postgres::Config>()
        .context("database.url is not a PostgreSQL connection string")
}

fn rustls_connector(
    config: &DatabaseConfig,
) -> anyhow::Result<tokio_postgres_rustls::MakeRustlsConnect> {
    let path = config
        .ca_file
        .as_ref()
        .context("database.ca_file is needed for database.tls = \"require\"")?;
    let pem = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let mut roots = rustls::RootCertStore::empty();
    use rustls::pki_types::pem::PemObject;
    for cert in rustls::pki_types::CertificateDer::pem_slice_iter(&pem) {
        roots
            .add(cert.with_context(|| format!("a certificate in {}", path.display()))?)
            .with_context(|| format!("a certificate in {}", path.display()))?;
    }
    let tls = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(tls))
}

/// A pool of connections as configured.
pub fn pool(config: &DatabaseConfig) -> anyhow::Result<Pool> {
    let pg = pg_config(config)?;
    let manager_config = ManagerConfig {
        recycling_method: RecyclingMethod::Fast,
    };
    let manager = match config.tls {
        PgTlsMode::Disable => Manager::from_config(pg, tokio_postgres::NoTls, manager_config),
        PgTlsMode::Require => Manager::from_config(pg, rustls_connector(config)?, manager_config),
    };
    Pool::builder(manager)
        .max_size(config.max_connections.max(1))
        .build()
        .context("building the database pool")
}

/// One connection outside the pool (for migrations).
async fn connect(config: &DatabaseConfig) -> anyhow::Result<tokio_postgres::Client> {
    let pg = pg_config(config)?;
    let what = || "connecting to the database (database.url)".to_owned();
    let client = match config.tls {
        PgTlsMode::Disable => {
            let (client, conn) = pg.connect(tokio_postgres::NoTls).await.with_context(what)?;
            tokio::spawn(async move {
                if let Err(e) = conn.await {
                    tracing::warn!("migration connection: {e}");
                }
            });
            client
        }
        PgTlsMode::Require => {
            let (client, conn) = pg
                .connect(rustls_connector(config)?)
                .await
                .with_context(what)?;
            tokio::spawn(async move {
                if let Err(e) = conn.await {
                    tracing::warn!("migration connection: {e}");
                }
            });
            client
        }
    };
    Ok(client)
}

fn newer_database(m: &impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!(
        "the database was migrated by a newer dossier-server (it has migration {m}, which \
         this binary does not know); install the newer server, never an older one, on \
         this database"
    )
}

fn edited_migration(
    applied: &impl std::fmt::Display,
    here: &impl std::fmt::Display,
) -> anyhow::Error {
    anyhow::anyhow!(
        "migration {applied} applied to the database differs from this binary's {here}; \
         migrations are append-only and must never be edited"
    )
}

fn explain(e: refinery::Error) -> anyhow::Error {
    match e.kind() {
        Kind::MissingVersion(m) => newer_database(m),
        Kind::DivergentVersion(applied, here) => edited_migration(applied, here),
        _ => anyhow::anyhow!("migrating the database: {e}"),
    }
}

/// Applies the pending migrations; returns how many were applied.
pub async fn migrate(config: &DatabaseConfig) -> anyhow::Result<usize> {
    let mut client = connect(config).await?;
    let report = embedded::migrations::runner()
        .set_abort_divergent(true)
        .set_abort_missing(true)
        .run_async(&mut client)
        .await
        .map_err(explain)?;
    Ok(report.applied_migrations().len())
}

/// Refuses to serve a database that is not exactly at this binary's schema.
pub async fn check_schema(config: &DatabaseConfig) -> anyhow::Result<()> {
    let mut client = connect(config).await?;
    let runner = embedded::migrations::runner();
    let applied = runner
        .get_applied_migrations_async(&mut client)
        .await
        .map_err(explain)?;
    let known = runner.get_migrations();
    for a in &applied {
        match known.iter().find(|k| k.version() == a.version()) {
            None => return Err(newer_database(a)),
            Some(k) if k.checksum() != a.checksum() => return Err(edited_migration(a, k)),
            Some(_) => {}
        }
    }
    if applied.len() < known.len() {
        bail!(
            "the database is missing {} migration(s); run `dossier-server migrate` first (or set \
             database.migrate_on_start = true)",
            known.len() - applied.len()
        );
    }
    Ok(())
}
