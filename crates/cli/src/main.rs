//! `ads-onboard-cli`: the headless front end over `ads_onboard_core`, for scripts,
//! agencies and support. Results on stdout, progress and prompts on stderr.

mod cli;
mod commands;
mod error;
mod open;
mod output;
mod progress;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Parser;
use std::process::ExitCode;

use cli::Cli;
use error::CliError;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    // Core reads the data folder from the environment; set it before any thread starts.
    if let Some(dir) = &cli.global.data_dir {
        std::env::set_var("ADS_ONBOARD_DATA_DIR", dir);
    }
    init_logging();
    let json = cli.global.json;
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return report(&CliError::other(format!("cannot start: {e}")), json),
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(code) => ExitCode::from(code),
        Err(e) => report(&e, json),
    }
}

fn report(e: &CliError, json: bool) -> ExitCode {
    if json {
        eprintln!("{}", e.to_json());
    } else {
        eprintln!("{}", e.human());
    }
    ExitCode::from(e.exit)
}

/// clap's own errors (unknown flag, missing value...) are bad input (exit 2); with --json
/// they are reported in the same JSON shape as every other error.
fn usage_error(e: clap::Error) -> ExitCode {
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        e.exit();
    }
    let json = std::env::args().any(|a| a == "--json")
        || std::env::var("ADS_ONBOARD_JSON_ERRORS").is_ok_and(|v| v == "1" || v == "true");
    if !json {
        e.exit();
    }
    let field = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        _ => None,
    }
    // "--region <NA|EU|FE>" -> "--region"; "<ID>" stays.
    .map(|f| match f.split_once(' ') {
        Some((name, _)) if name.starts_with('-') => name.to_string(),
        _ => f,
    });
    let rendered = e.to_string();
    let message = rendered
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let message = message.trim_start_matches("error: ").to_string();
    report(&CliError::bad_input(field.as_deref(), message), true)
}

fn init_logging() {
    let Ok(filter) = std::env::var("ADS_ONBOARD_LOG") else {
        return;
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::io::stderr)
        .try_init();
}
