//! One module per subcommand; `run` dispatches and returns the process exit code.

mod auth;
mod completions;
mod listing;
mod records;
mod register;
pub mod sandbox;
mod status;
mod terms;

pub use crate::output::print_json;

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::error::CliResult;

pub async fn run(cli: Cli) -> CliResult<u8> {
    let g = &cli.global;
    match cli.command {
        Command::SignIn(args) => auth::sign_in(g, args).await,
        Command::SignOut(args) => auth::sign_out(g, args).await,
        Command::Whoami => auth::whoami(g).await,
        Command::Terms(args) => terms::run(g, args).await,
        Command::Register(args) => register::register(g, args).await,
        Command::Resume(args) => register::resume(g, args).await,
        Command::Export(args) => records::export(g, args).await,
        Command::History(args) => records::history(g, args).await,
        Command::Status(args) => status::run(g, args).await,
        Command::Accounts(args) => listing::accounts(g, args).await,
        Command::Profiles(args) => listing::profiles(g, args).await,
        Command::Sandbox(args) => sandbox::run(args, g.data_dir.as_deref()).await,
        Command::Completions(args) => completions::run(args),
    }
}

/// Says so when an embedded sandbox serves the command: its pages (sign-in, termsUrl)
/// exist only while the command runs.
pub fn sandbox_notice(ctx: &Context) {
    if let Some(url) = ctx.embedded_sandbox() {
        eprintln!("Using a sandbox embedded in this command at {url} (no LwA client ID is configured; set ADS_ONBOARD_SANDBOX_URL to use a running `ads-onboard-cli sandbox`).");
    }
}
