//! One module per group of subcommands; `run` dispatches and returns the process exit
//! code. Each command opens core, makes its calls and prints.

mod auth;
mod completions;
mod records;
mod register;
pub mod sandbox;
mod status;

pub use crate::output::print_json;

use crate::cli::{Cli, Command};
use crate::error::CliResult;

pub async fn run(cli: Cli) -> CliResult<u8> {
    let g = &cli.global;
    match cli.command {
        Command::SignIn(args) => auth::sign_in(g, args).await,
        Command::SignOut(args) => auth::sign_out(g, args).await,
        Command::Whoami => auth::whoami(g).await,
        Command::Terms(args) => register::terms(g, args).await,
        Command::Register(args) => register::register(g, args).await,
        Command::Resume(args) => register::resume(g, args).await,
        Command::Export(args) => records::export(g, args).await,
        Command::History(args) => records::history(g, args).await,
        Command::Status(args) => status::run(g, args).await,
        Command::Accounts(args) => records::accounts(g, args).await,
        Command::Profiles(args) => records::profiles(g, args).await,
        Command::Sandbox(args) => sandbox::run(args, g.data_dir.as_deref()).await,
        Command::Completions(args) => completions::run(args),
    }
}
