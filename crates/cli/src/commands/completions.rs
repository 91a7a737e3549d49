//! `completions <shell>`: a completion script for bash, zsh, fish, elvish or PowerShell.

use clap::CommandFactory;
use std::io::Write;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::{CliResult, EXIT_OK};

pub fn run(args: CompletionsArgs) -> CliResult<u8> {
    let mut cmd = Cli::command();
    let name = cmd.get_name().to_string();
    // Rendered first: the generator panics on a write error (e.g. `| head`).
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, name, &mut script);
    let mut out = std::io::stdout().lock();
    match out.write_all(&script).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(EXIT_OK),
        other => other.map(|_| EXIT_OK).map_err(Into::into),
    }
}
