//! The real `ads-onboard-cli` binary against a sandbox on loopback: every subcommand,
//! exit code and error path. One test binary (modules below) to keep link time down.

// They script the browser with sh and curl and signal with kill: Unix only.
#[cfg(unix)]
mod cli {
    mod amazon_cases;
    mod basics;
    pub mod common;
    mod links;
    mod outcomes;
    mod paging;
    mod readme;
    mod register;
    mod sign_in;
}
