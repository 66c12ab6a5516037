//! `dossier rules ...`: replay intake, compute fees and attestation duties from files, with
//! the rules and formats of the `program` crate (`program::replay`). The formats are
//! documented in `docs/rules-cli.md`.
//!
//! Every input is read and checked whole before anything is printed: malformed input names
//! the file, the line and the field, prints nothing on standard output and exits non-zero.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;
use program::fees::{FamilyComposition, fees_due};
use program::{ProgramDefinition, intake, replay};

#[derive(Debug, clap::Subcommand)]
pub enum RulesCommand {
    /// Decide which applications are received (window, caps, receipt order) from a JSON
    /// Lines file of applications; print each outcome, then each cap and when it filled.
    Intake(IntakeArgs),
    /// Print the fees due on a date for the principal applicant and family.
    Fees(FeesArgs),
    /// Print who must obtain the attestation of learning about democratic values and
    /// Québec values, from a JSON file of persons and the request date.
    Attestation(AttestationArgs),
}

#[derive(Debug, clap::Args)]
pub struct ProgramArg {
    /// A program definition (TOML) to use instead of the built-in PP AI/IT-VE one.
    #[arg(long, value_name = "FILE")]
    program: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct IntakeArgs {
    /// Applications, one JSON object per line (`-` for standard input).
    file: PathBuf,
    #[command(flatten)]
    program: ProgramArg,
}

#[derive(Debug, clap::Args)]
pub struct FeesArgs {
    /// The receipt date whose fee schedule applies.
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: NaiveDate,
    /// A spouse or de facto spouse is included.
    #[arg(long)]
    spouse: bool,
    /// The number of dependent children included.
    #[arg(long, default_value_t = 0, value_name = "N")]
    children: u32,
    #[command(flatten)]
    program: ProgramArg,
}

#[derive(Debug, clap::Args)]
pub struct AttestationArgs {
    /// The question: `{"request_date", "persons": [...]}` (`-` for standard input).
    file: PathBuf,
    #[command(flatten)]
    program: ProgramArg,
}

pub fn run(cmd: RulesCommand) -> anyhow::Result<()> {
    let lines = match cmd {
        RulesCommand::Intake(args) => {
            let def = definition(&args.program)?;
            let text = read_input(&args.file)?;
            let applications = replay::parse_intake(&text).map_err(located(&args.file))?;
            replay::intake_lines(&intake::decide(&def, &applications)?)
        }
        RulesCommand::Fees(args) => {
            let def = definition(&args.program)?;
            let family = FamilyComposition {
                spouse: args.spouse,
                children: args.children,
            };
            replay::fees_lines(&fees_due(&def, args.date, family)?)
        }
        RulesCommand::Attestation(args) => {
            let def = definition(&args.program)?;
            let text = read_input(&args.file)?;
            let input = replay::parse_attestation(&text).map_err(located(&args.file))?;
            replay::attestation_lines(&def, &input)
        }
    };
    // Everything was read and computed; only now is anything printed.
    let mut out = String::new();
    for line in lines {
        out.push_str(&serde_json::to_string(&line)?);
        out.push('\n');
    }
    print!("{out}");
    Ok(())
}

/// Names the file in an input error: `applications.jsonl, line 3, field `stream`: ...`.
fn located(file: &Path) -> impl FnOnce(replay::InputError) -> anyhow::Error + '_ {
    move |e| anyhow::anyhow!("{}, {e}", file.display())
}

fn definition(arg: &ProgramArg) -> anyhow::Result<ProgramDefinition> {
    match &arg.program {
        None => Ok(ProgramDefinition::builtin().clone()),
        Some(path) => Ok(ProgramDefinition::load_file(path)?),
    }
}

fn read_input(file: &Path) -> anyhow::Result<String> {
    if file == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading standard input")?;
        Ok(text)
    } else {
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))
    }
}
