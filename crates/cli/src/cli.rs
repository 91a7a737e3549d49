//! The command line: every subcommand and flag, with `--help` text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "ads-onboard-cli",
    bin_name = "ads-onboard-cli",
    version,
    about = "Create Amazon Ads accounts from a terminal: sign in with Amazon, accept the Ads Agreement, register, follow the status, export.",
    long_about = "Create Amazon Ads accounts from a terminal, over the same core, settings, data folder and stored sign-in as the Ads Onboard app.\n\nWith no LwA client ID configured (ADS_ONBOARD_CLIENT_ID or the app's settings) every command talks to the built-in sandbox: point commands at a running one with ADS_ONBOARD_SANDBOX_URL (see `ads-onboard-cli sandbox --help`), otherwise an embedded one is started for the command.\n\nMachine-readable results go to stdout; progress and prompts go to stderr.\n\nExit codes: 0 success (account CREATED), 10 partly created (still PARTIALLY_CREATED at the time limit, or some countries refused for good), 11 DISABLED, 12 timed out while PENDING (continue with `resume`), 2 bad input, 1 other errors."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Data folder shared with the app (settings, stored sign-in, registrations); the
    /// sandbox keeps its state in its `sandbox` subfolder.
    #[arg(long, global = true, env = "ADS_ONBOARD_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Seconds between status checks while waiting (Amazon advises 3-5 s).
    #[arg(long, global = true, env = "ADS_ONBOARD_POLL_INTERVAL", value_name = "SECS", value_parser = parse_secs)]
    pub poll_interval: Option<f64>,

    /// Base URL of a running sandbox (`ads-onboard-cli sandbox` prints it); used when no LwA client ID is configured.
    #[arg(
        long,
        global = true,
        env = "ADS_ONBOARD_SANDBOX_URL",
        value_name = "URL"
    )]
    pub sandbox_url: Option<String>,

    /// Print errors to stderr as one JSON object ({"error":{"code","exitCode","message","field"}}).
    #[arg(long, global = true, env = "ADS_ONBOARD_JSON_ERRORS")]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sign in with Amazon (LwA, loopback redirect with PKCE and state).
    #[command(
        long_about = "Sign in with Amazon. Prints the authorize URL on a line of its own on stderr, opens the browser (honouring BROWSER) unless --no-browser, and waits for Amazon's redirect to the loopback address.\n\nOn a machine reached over SSH, where the redirect lands in a browser elsewhere, paste the address the browser was redirected to (http://localhost:.../callback?code=...) on stdin instead; state and PKCE are still checked.\n\nPrints the signed-in user as JSON on stdout."
    )]
    SignIn(SignInArgs),
    /// Forget the stored sign-in of one user (the current one by default) or of all users.
    SignOut(SignOutArgs),
    /// Show who is signed in, as JSON.
    Whoami,
    /// Create an Ads Agreement terms token and print it with its termsUrl.
    Terms(TermsArgs),
    /// Register an ads account from a JSON or CSV details file and follow it to the end.
    #[command(
        long_about = "Register an ads account. FILE is JSON (a POST /adsAccounts request body as in Amazon's guide, or the app's saved-details format) or CSV (a header row and one row of details).\n\nWithout --terms-token a terms token is created: its termsUrl is printed on a line of its own on stderr and opened in the browser, and the command waits until it is accepted. Then the account is registered and its status followed until CREATED or DISABLED (or --timeout).\n\nThe final account (with alternateIds and profiles) is printed as JSON on stdout.\n\nExit codes: 0 CREATED, 10 partly created (still PARTIALLY_CREATED at the time limit, or some countries refused for good), 11 DISABLED, 12 timed out while PENDING (continue with `resume`), 2 bad input (the field is named), 1 other errors."
    )]
    Register(RegisterArgs),
    /// Continue a registration that was interrupted (the latest unfinished one by default).
    Resume(ResumeArgs),
    /// Show an ads account's status (and follow it with --wait).
    Status(StatusArgs),
    /// List every ads account of the signed-in user (all pages).
    Accounts(FormatArgs),
    /// List advertising profiles (/v2/profiles) of one region.
    Profiles(ProfilesArgs),
    /// Export registered accounts (IDs, countries, profile IDs) as JSON or CSV.
    Export(ExportArgs),
    /// List registrations made from this data folder.
    History(FormatArgs),
    /// Run the sandbox (LwA and Ads API emulator) alone, printing its base URL.
    #[command(
        long_about = "Run the sandbox alone: an emulator of Login with Amazon and the Ads account API on loopback. Prints its base URL alone on the first line of stdout (stderr lists the EU and FE hosts, <base>/eu and <base>/fe) and serves until interrupted (Ctrl-C or SIGTERM).\n\nIts state (users, tokens, accounts) is kept in <data dir>/sandbox when --data-dir or ADS_ONBOARD_DATA_DIR is set, otherwise in memory.\n\nPoint other commands at it with ADS_ONBOARD_SANDBOX_URL=<base URL>."
    )]
    Sandbox(SandboxArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct SignInArgs {
    /// Region whose LwA endpoints and Ads API host to use.
    #[arg(long, value_parser = parse_region, value_name = "NA|EU|FE")]
    pub region: Option<ads_onboard_core::config::Region>,
    /// Do not open a browser; only print the authorize URL.
    #[arg(long)]
    pub no_browser: bool,
    /// Give up after this many seconds without an answer.
    #[arg(long, value_name = "SECS", default_value_t = 600.0, value_parser = parse_secs)]
    pub timeout: f64,
}

#[derive(Debug, Args)]
pub struct SignOutArgs {
    /// The Amazon user ID to sign out (default: the current user).
    #[arg(long, value_name = "USER_ID", conflicts_with = "all")]
    pub user: Option<String>,
    /// Sign out every stored user.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct TermsArgs {
    /// Wait until the token is ACCEPTED.
    #[arg(long)]
    pub wait: bool,
    /// Open the termsUrl in the browser (honouring BROWSER).
    #[arg(long)]
    pub open: bool,
    /// With --wait: give up after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 900.0, value_parser = parse_secs)]
    pub timeout: f64,
}

#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// Registration details: JSON or CSV file (`-` for stdin, read as JSON).
    #[arg(long, value_name = "FILE")]
    pub from: PathBuf,
    /// An already ACCEPTED terms token to use instead of creating one.
    #[arg(long, value_name = "TOKEN")]
    pub terms_token: Option<String>,
    /// Print the account as soon as it is registered (PENDING) instead of following it.
    #[arg(long)]
    pub no_wait: bool,
    /// Follow the registration at most this long, terms acceptance included (default: the
    /// settings' registration timeout, 600 s).
    #[arg(long, value_name = "SECS", value_parser = parse_secs)]
    pub timeout: Option<f64>,
    /// Do not open the termsUrl in a browser; only print it.
    #[arg(long)]
    pub no_browser: bool,
}

#[derive(Debug, Args)]
pub struct ResumeArgs {
    /// Registration or ads account ID (default: the latest unfinished registration).
    pub id: Option<String>,
    /// Follow the status at most this long.
    #[arg(long, value_name = "SECS", value_parser = parse_secs)]
    pub timeout: Option<f64>,
    /// Do not open the termsUrl in a browser if acceptance is still needed.
    #[arg(long)]
    pub no_browser: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The ads account ID (amzn1.ads-account.g....).
    pub id: String,
    /// Follow the status until CREATED or DISABLED.
    #[arg(long)]
    pub wait: bool,
    /// With --wait: stop after this many seconds.
    #[arg(long, value_name = "SECS", value_parser = parse_secs)]
    pub timeout: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Table,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct FormatArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ProfilesArgs {
    /// Region host to ask (default: the configured region).
    #[arg(long, value_parser = parse_region, value_name = "NA|EU|FE")]
    pub region: Option<ads_onboard_core::config::Region>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Ads account IDs to export.
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Port to listen on at 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// JSON config file with the sandbox's knobs (flags below override it).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Approve the LwA consent page at once (no click needed).
    #[arg(long)]
    pub auto_approve: bool,
    /// Accept each new terms token by itself after SECS seconds.
    #[arg(long, value_name = "SECS", value_parser = parse_secs)]
    pub auto_accept_terms: Option<f64>,
    /// How long new accounts stay PENDING (seconds).
    #[arg(long, value_name = "SECS", value_parser = parse_secs)]
    pub verification_delay: Option<f64>,
    /// LwA client ID the sandbox accepts.
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
    /// LwA client secret the sandbox accepts.
    #[arg(
        long,
        value_name = "SECRET",
        env = "ADS_ONBOARD_SANDBOX_CLIENT_SECRET",
        hide_env_values = true
    )]
    pub client_secret: Option<String>,
    /// An Allowed Return URL (repeatable; replaces the default list).
    #[arg(long = "allowed-return-url", value_name = "URL")]
    pub allowed_return_urls: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

fn parse_secs(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if !(0.0..=86_400.0).contains(&v) {
        return Err("must be between 0 and 86400 seconds".into());
    }
    Ok(v)
}

fn parse_region(s: &str) -> Result<ads_onboard_core::config::Region, String> {
    s.parse()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
