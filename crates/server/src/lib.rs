//! `dossier-server`: the central server of Dossier, the system of record that officers'
//! and supervisors' apps synchronise with. It speaks the protocol of the `sync` crate
//! over HTTP(S) (axum, rustls), keeps users, sessions, the operation log and a
//! projection of each file's status in PostgreSQL, and document bytes in a blob store.
//! Every pushed operation is checked (its author, clock, documents and the file's
//! assignment here, then every casework rule by the same `decider` the laptops run,
//! against the server's own state of the file) before it gets a sequence number.
//!
//! Contents:
//! - [`config`]: the TOML file and its environment overrides.
//! - [`db`]: the PostgreSQL pool and the embedded, append-only migrations.
//! - [`auth`]: passwords, session tokens, and [`auth::Principal`] (who is asking, now).
//! - [`guard`]: sign-in attempts limited per user and address; argon2 bounded, off the pool.
//! - [`accept`]: checking and storing pushed operations.
//! - [`pull`]: the pages of operations each user may see.
//! - [`epoch`]: the server's epoch, new when the database was restored from a backup.
//! - [`blobs`]: the blob store and resumable, verified uploads.
//! - [`http`]: the router and the handlers; [`error`]: `ApiError`.
//! - [`distribution`]: the next unassigned files to the available officers, evenly.
//! - [`intake`]: applications and documents from the portal's bundles (I1–I5, F4).
//! - [`programs`]: the program definition versions (P5), loaded and read under one lock.
//! - [`supervision`]: the supervisor's desk: figures, workload, users (issue 17).
//! - [`reuse`]: the same scan in two files: page hashes, the index, and the matches.
//! - [`updates`]: the update feed: the signed release offered to older apps (issue 19).
//! - [`admin`]: the administrator's subcommands (users, assignment, program versions).
//! - [`serve`]: starting the server.

pub mod accept;
pub mod admin;
pub mod auth;
pub mod blobs;
pub mod config;
pub mod db;
pub mod distribution;
pub mod epoch;
pub mod error;
pub mod guard;
pub mod http;
pub mod intake;
pub mod programs;
pub mod pull;
pub mod reuse;
pub mod supervision;
pub mod updates;

use std::io::Write;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;

use crate::config::Config;

/// Runs the server until SIGINT or SIGTERM. Prints `dossier-server listening on <url>` on
/// standard output once it accepts connections (with the real port when `listen` asks
/// for port 0).
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    if config.database.migrate_on_start {
        let n = db::migrate(&config.database).await?;
        tracing::info!("applied {n} migration(s)");
    } else {
        db::check_schema(&config.database).await?;
    }
    let pool = db::pool(&config.database)?;
    if let Some(log) = epoch::check_at_start(&pool)
        .await
        .map_err(|e| anyhow::anyhow!("reading the server's epoch: {}", e.message))?
    {
        tracing::warn!(
            "this database is not the one the log's epoch began with (it was restored from a \
             backup): new epoch {} after operation {}; the apps send their own operations again",
            log.epoch,
            log.head
        );
    }
    let projected = supervision::projection::project_stale(&pool)
        .await
        .map_err(|e| anyhow::anyhow!("projecting files for the figures: {}", e.message))?;
    if projected > 0 {
        tracing::info!("{projected} file(s) projected for the figures");
    }
    let blobs = Arc::new(blobs::Blobs::open(&config.blobs)?);
    // Unfinished uploads nobody came back to are removed, now and every hour.
    let sweeper = blobs.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(3600));
        loop {
            every.tick().await;
            match sweeper.remove_abandoned().await {
                Ok(0) => {}
                Ok(n) => tracing::info!("{n} abandoned upload(s) removed"),
                Err(e) => tracing::warn!("removing abandoned uploads: {e}"),
            }
        }
    });
    let listener = TcpListener::bind(&config.listen)
        .with_context(|| format!("listening on {} (listen)", config.listen))?;
    let addr = listener.local_addr()?;
    if config.tls.cert.is_none() && !addr.ip().is_loopback() && !config.tls.behind_proxy {
        anyhow::bail!(
            "plain HTTP on {addr} would send passwords and files in the clear: give tls.cert and \
             tls.key, listen on a loopback address, or set tls.behind_proxy = true when a TLS \
             proxy in front of this server terminates HTTPS"
        );
    }
    let programs = Arc::new(programs::ProgramCache::new());
    let intake = Arc::new(intake::Intake::new(
        pool.clone(),
        blobs.clone(),
        programs.clone(),
    ));
    // Pages hashed and compared across files, as documents arrive (issue 20).
    reuse::spawn(
        pool.clone(),
        blobs.clone(),
        intake.pdf(),
        Duration::from_secs(config.reuse.every_seconds.max(1)),
    );
    let state = http::AppState {
        intake,
        programs,
        pool,
        blobs,
        config: Arc::new(config.clone()),
        guard: Arc::new(guard::SignInGuard::new(&config.auth)),
    };
    let app = http::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let header_read = Duration::from_secs(config.http.header_read_timeout_seconds.max(1));
    let handle = axum_server::Handle::new();
    let shutdown = handle.clone();
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("shutting down");
        shutdown.graceful_shutdown(Some(Duration::from_secs(10)));
    });
    let scheme = if config.tls.cert.is_some() {
        "https"
    } else {
        "http"
    };
    let announce = || -> anyhow::Result<()> {
        let mut out = std::io::stdout().lock();
        writeln!(out, "dossier-server listening on {scheme}://{addr}")?;
        out.flush()?;
        Ok(())
    };
    match (&config.tls.cert, &config.tls.key) {
        (Some(cert), Some(key)) => {
            let tls = axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key)
                .await
                .with_context(|| {
                    format!(
                        "loading tls.cert {} and tls.key {}",
                        cert.display(),
                        key.display()
                    )
                })?;
            let mut server =
                axum_server::tls_rustls::from_tcp_rustls(listener, tls)?.handle(handle);
            server
                .http_builder()
                .http1()
                .header_read_timeout(header_read);
            announce()?;
            server.serve(app).await?;
        }
        _ => {
            let mut server = axum_server::from_tcp(listener)?.handle(handle);
            server
                .http_builder()
                .http1()
                .header_read_timeout(header_read);
            announce()?;
            server.serve(app).await?;
        }
    }
    Ok(())
}

async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
