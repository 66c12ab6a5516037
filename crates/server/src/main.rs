//! `dossier-server`: the command line of the central server. `serve` runs it; `migrate`,
//! `restored`, `user` and `assign` are the administrator's tools. Settings come from `--config` (or
//! `$DOSSIER_SERVER_CONFIG`) and `DOSSIER_SERVER_*` variables; see docs/server.md.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use oplog::ids::Role;
use server::config::Config;

#[derive(Debug, Parser)]
#[command(name = "dossier-server", version, about = "The central Dossier server")]
struct Cli {
    /// The TOML configuration file (default: $DOSSIER_SERVER_CONFIG, else built-in
    /// defaults and the environment).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the sync protocol until SIGINT or SIGTERM.
    Serve,
    /// Apply the database migrations this binary carries.
    Migrate,
    /// Say that the database was restored from a backup: begins a new epoch of the log, so
    /// every app sends its own operations again and pulls from the start. Part of every
    /// restore procedure (docs/server.md).
    Restored,
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Intake of the portal's bundles (`../shared/portal.md`).
    #[command(subcommand)]
    Intake(IntakeCommand),
    /// The applicants' portal's account.
    #[command(subcommand)]
    Portal(PortalCommand),
    /// The program definition's versions (P5): fees, caps, window, deadlines, checklist.
    #[command(subcommand)]
    Program(ProgramCommand),
    /// Distribute the next unassigned files, in receipt order, to the available officers,
    /// each toward an equal share (one JSON line per assignment, then the shares).
    Distribute {
        #[arg(long)]
        count: u32,
        /// The supervisor recorded as making the assignments (default: `dossier-server`).
        #[arg(long)]
        by: Option<String>,
        /// Show what it would do, and do nothing.
        #[arg(long)]
        preview: bool,
    },
    /// Assign a file to a user (an operation like any other, synced to the apps).
    Assign {
        /// The file number, as officers see it.
        #[arg(long)]
        file_number: String,
        /// The user who will handle the file.
        #[arg(long)]
        to: String,
        /// The supervisor recorded as making the assignment (default: `dossier-server`).
        #[arg(long)]
        by: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum IntakeCommand {
    /// Import bundles: bundle folders, folders of bundles, or `.zip` files. Prints one
    /// JSON line per bundle (and per recorded outcome a late arrival revised), in receipt
    /// order; idempotent by submission id (and sequence).
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// I4: each cap and sub-cap, used, remaining and when it filled, as JSON lines.
    Caps,
}

#[derive(Debug, Subcommand)]
enum ProgramCommand {
    /// Load a program definition (TOML, as assets/programs/pp-ai-it-ve.toml) as the next
    /// version. Refused, naming the file, line and field, when it does not validate, and
    /// when it would change anything already decided.
    Load {
        path: PathBuf,
        /// When it takes effect: an instant (2027-01-01T05:00:00Z) or a Québec day
        /// (2027-01-01, from midnight in Montréal). Default: now.
        #[arg(long, value_parser = parse_effective_at)]
        effective_at: Option<chrono::DateTime<chrono::Utc>>,
        /// The person recorded as loading it (default: `dossier-server`).
        #[arg(long)]
        by: Option<String>,
    },
    /// The versions the server holds, one JSON line each (without their text).
    List,
}

/// An instant (RFC 3339), or a Québec calendar day from its midnight in Montréal.
fn parse_effective_at(s: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&chrono::Utc));
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(program::deadline::montreal_start_of_day)
        .map_err(|_| {
            format!("{s:?} is neither an instant (2027-01-01T05:00:00Z) nor a day (2027-01-01)")
        })
}

#[derive(Debug, Subcommand)]
enum PortalCommand {
    /// Prints a new bearer token for the portal's account (role `portal`, added with
    /// `user add --role portal`), valid for `--days`.
    Token {
        #[arg(long)]
        name: String,
        #[arg(long, default_value_t = 365)]
        days: u32,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add a user. The password is read from $DOSSIER_SERVER_PASSWORD, else from the
    /// first line of standard input.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// Change a user's role; it applies from their next request.
    SetRole {
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// Disable a user and end their sessions.
    Disable {
        #[arg(long)]
        name: String,
    },
    /// Mark an officer away (no file from distribution) or, with `--back`, back.
    Away {
        #[arg(long)]
        name: String,
        #[arg(long)]
        back: bool,
    },
    /// Enable a disabled user again. Recorded.
    Enable {
        #[arg(long)]
        name: String,
    },
    /// Set a user's password (read like `add`'s); their sessions end. Recorded.
    ResetPassword {
        #[arg(long)]
        name: String,
    },
    /// Make a user an administrator, who may reset passwords from the app (`--revoke`
    /// takes it away).
    Admin {
        #[arg(long)]
        name: String,
        #[arg(long)]
        revoke: bool,
    },
    /// Allow a supervisor to load program definition versions from their screen
    /// (`--revoke` takes it away).
    AllowProgram {
        #[arg(long)]
        name: String,
        #[arg(long)]
        revoke: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RoleArg {
    Officer,
    Supervisor,
    /// The applicants' portal: submits bundles, nothing else.
    Portal,
}

impl RoleArg {
    fn code(self) -> &'static str {
        match self {
            RoleArg::Officer => Role::Officer.code(),
            RoleArg::Supervisor => Role::Supervisor.code(),
            RoleArg::Portal => server::auth::PORTAL_ROLE,
        }
    }
}

/// Intake over the configured database and blob store, for the server's program.
fn intake(config: &Config) -> anyhow::Result<server::intake::Intake> {
    let pool = server::db::pool(&config.database)?;
    let blobs = std::sync::Arc::new(server::blobs::Blobs::open(&config.blobs)?);
    Ok(server::intake::Intake::new(
        pool,
        blobs,
        std::sync::Arc::new(server::programs::ProgramCache::new()),
    ))
}

fn main() -> anyhow::Result<()> {
    // `dossier-server pdf-helper`: this binary as intake's sandboxed pdfium process.
    if std::env::args_os()
        .nth(1)
        .is_some_and(|arg| arg == pdf::helper::SUBCOMMAND)
    {
        pdf::helper::serve_and_exit();
    }
    let cli = Cli::parse();
    let config = Config::load(cli.config.as_deref())?;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(&config.log))
        .context("log: not a valid log filter")?;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colours only on a terminal: a log file or journal gets plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(run(cli.command, config))
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve => server::serve(config).await,
        Command::Migrate => {
            let n = server::db::migrate(&config.database).await?;
            println!("applied {n} migration(s); the database is up to date");
            Ok(())
        }
        Command::Restored => {
            let pool = server::db::pool(&config.database)?;
            let log = server::epoch::rotate(&pool, server::epoch::Reason::Restored)
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.message))?;
            println!(
                "new epoch {} after operation {}: the apps send their own operations again \
                 and pull from the start",
                log.epoch, log.head
            );
            Ok(())
        }
        Command::User(UserCommand::Add { name, role }) => {
            let password = server::admin::read_password()?;
            let pool = server::db::pool(&config.database)?;
            server::admin::add_user(&pool, &name, role.code(), &password).await?;
            println!("added user {name}");
            Ok(())
        }
        Command::User(UserCommand::SetRole { name, role }) => {
            let pool = server::db::pool(&config.database)?;
            server::admin::set_role(&pool, &name, role.code()).await?;
            println!("{name} is now {}", role.code());
            Ok(())
        }
        Command::User(UserCommand::Away { name, back }) => {
            let pool = server::db::pool(&config.database)?;
            server::admin::set_away(&pool, &name, !back).await?;
            println!("{name} is {}", if back { "back" } else { "away" });
            Ok(())
        }
        Command::Distribute { count, by, preview } => {
            let pool = server::db::pool(&config.database)?;
            let programs = server::programs::ProgramCache::new();
            let d =
                server::admin::distribute(&pool, &programs, count, by.as_deref(), preview).await?;
            for a in &d.assignments {
                println!("{}", serde_json::to_string(a)?);
            }
            for s in &d.shares {
                eprintln!("{}: {} -> {} open files", s.officer, s.before, s.after);
            }
            eprintln!(
                "{} file(s) {}; {} unassigned left",
                d.assignments.len(),
                if preview {
                    "would be assigned"
                } else {
                    "assigned"
                },
                d.left
            );
            Ok(())
        }
        Command::User(UserCommand::Enable { name }) => {
            let pool = server::db::pool(&config.database)?;
            server::admin::enable_user(&pool, &name).await?;
            println!("{name} may sign in again");
            Ok(())
        }
        Command::User(UserCommand::ResetPassword { name }) => {
            let password = server::admin::read_password()?;
            let pool = server::db::pool(&config.database)?;
            server::admin::reset_password(&pool, &name, password).await?;
            println!("{name} has a new password; their sessions ended");
            Ok(())
        }
        Command::User(UserCommand::Admin { name, revoke }) => {
            let pool = server::db::pool(&config.database)?;
            server::admin::set_administrator(&pool, &name, !revoke).await?;
            if revoke {
                println!("{name} is no longer an administrator");
            } else {
                println!("{name} is an administrator");
            }
            Ok(())
        }
        Command::User(UserCommand::AllowProgram { name, revoke }) => {
            let pool = server::db::pool(&config.database)?;
            server::admin::allow_program(&pool, &name, !revoke).await?;
            if revoke {
                println!("{name} may no longer load program definitions");
            } else {
                println!("{name} may load program definitions");
            }
            Ok(())
        }
        Command::Program(ProgramCommand::Load {
            path,
            effective_at,
            by,
        }) => {
            let pool = server::db::pool(&config.database)?;
            let programs = server::programs::ProgramCache::new();
            let v =
                server::admin::load_program(&pool, &programs, &path, by.as_deref(), effective_at)
                    .await?;
            println!(
                "loaded program definition version {} from {}, in force from {}",
                v.id,
                path.display(),
                v.effective_at.to_rfc3339()
            );
            Ok(())
        }
        Command::Program(ProgramCommand::List) => {
            let pool = server::db::pool(&config.database)?;
            let programs = server::programs::ProgramCache::new();
            for v in server::admin::program_versions(&pool, &programs)
                .await?
                .all()
            {
                println!(
                    "{}",
                    serde_json::json!({
                        "id": v.id,
                        "effective_at": v.effective_at,
                        "loaded_at": v.loaded_at,
                        "loaded_by": v.loaded_by,
                        "fees": v.definition.fees,
                    })
                );
            }
            Ok(())
        }
        Command::User(UserCommand::Disable { name }) => {
            let pool = server::db::pool(&config.database)?;
            server::admin::disable_user(&pool, &name).await?;
            println!("disabled {name} and ended their sessions");
            Ok(())
        }
        Command::Intake(IntakeCommand::Import { paths }) => {
            let intake = intake(&config)?;
            let by = format!(
                "cli:{}",
                std::env::var("USER").unwrap_or_else(|_| "admin".into())
            );
            let receipts = intake
                .import(&paths, &by, |r| {
                    if let Ok(line) = serde_json::to_string(r) {
                        println!("{line}");
                    }
                })
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.message))?;
            let first = || receipts.iter().filter(|r| r.revised_from.is_none());
            let count = |o| first().filter(|r| r.outcome == o).count();
            let later = first().filter(|r| r.code == "documents_added").count();
            eprintln!(
                "{} bundle(s): {} application(s) received, {} bundle(s) of later documents, \
                 {} not received, {} refused; {} recorded outcome(s) revised",
                first().count(),
                count(server::intake::ReceiptOutcome::Received) - later,
                later,
                count(server::intake::ReceiptOutcome::NotReceived),
                count(server::intake::ReceiptOutcome::Refused),
                receipts.len() - first().count(),
            );
            Ok(())
        }
        Command::Intake(IntakeCommand::Caps) => {
            for cap in intake(&config)?
                .caps()
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.message))?
            {
                println!("{}", serde_json::to_string(&cap)?);
            }
            Ok(())
        }
        Command::Portal(PortalCommand::Token { name, days }) => {
            let pool = server::db::pool(&config.database)?;
            let token = server::admin::portal_token(&pool, &name, days).await?;
            println!("{token}");
            Ok(())
        }
        Command::Assign {
            file_number,
            to,
            by,
        } => {
            let pool = server::db::pool(&config.database)?;
            let programs = server::programs::ProgramCache::new();
            let seq =
                server::admin::assign(&pool, &programs, &file_number, &to, by.as_deref()).await?;
            println!("assigned {file_number} to {to} (operation {seq})");
            Ok(())
        }
    }
}
