//! The real `ads-onboard-cli` binary against a sandbox on loopback: every subcommand,
//! exit code and error path, on Linux, macOS and Windows alike (the browser is the tests'
//! own, `stand-ins/browser.rs`). One test binary (modules below) to keep link time down.

mod cli {
    mod amazon_cases;
    mod basics;
    pub mod common;
    mod links;
    mod outcomes;
    mod paging;
    mod paths;
    mod readme;
    mod register;
    mod sign_in;
}
