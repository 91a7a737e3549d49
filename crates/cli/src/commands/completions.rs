//! `completions <shell>`: a completion script for bash, zsh, fish, elvish or PowerShell.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::{CliResult, EXIT_OK};

pub fn run(args: CompletionsArgs) -> CliResult<u8> {
    let mut cmd = Cli::command();
    let name = cmd.get_name().to_string();
    clap_complete::generate(args.shell, &mut cmd, name, &mut std::io::stdout());
    Ok(EXIT_OK)
}
