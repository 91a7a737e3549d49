//! History with more registrations than it draws at once: the first rows appear, a search
//! finds a row not drawn yet, scrolling draws the rest, and the accounts at Amazon that
//! were not registered here arrive in their own section.

#[path = "wizard_support/mod.rs"]
mod support;

use ads_onboard_e2e::{Harness, ONE_WINDOW_AT_A_TIME};
use serde_json::json;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use support::*;

const LOCAL: usize = 70;
const ELSEWHERE: usize = 2;

/// The workspace's debug CLI (`ADS_ONBOARD_CLI` overrides it, as `ADS_ONBOARD_APP` the app).
fn cli_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("ADS_ONBOARD_CLI") {
        return PathBuf::from(p);
    }
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
        .join("debug/ads-onboard-cli")
}

fn cli(data_dir: &Path, sandbox_url: &str) -> Command {
    let mut cmd = Command::new(cli_binary());
    cmd.env("ADS_ONBOARD_DATA_DIR", data_dir)
        .env("ADS_ONBOARD_INSECURE_STORAGE", "1")
        .env("ADS_ONBOARD_SANDBOX_URL", sandbox_url)
        // Follows the private page a sign-in is opened through, as a browser would.
        .env(
            "BROWSER",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/curl-browser.sh"),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Signs in from `data_dir` and registers one business per name, through the CLI.
fn register(data_dir: &Path, url: &str, redirect: &str, names: &[String]) -> Result<(), String> {
    let ok = cli(data_dir, url)
        .env("ADS_ONBOARD_REDIRECT_URI", redirect)
        .arg("sign-in")
        .status();
    if !ok.is_ok_and(|s| s.success()) {
        return Err("CLI sign-in failed".into());
    }
    let sample = include_str!("../../../crates/cli/samples/haven-hotel.json");
    for name in names {
        let mut body: serde_json::Value = serde_json::from_str(sample).expect("sample");
        body["accountName"] = json!(name);
        let mut child = cli(data_dir, url)
            .args([
                "register",
                "--from",
                "-",
                "--no-browser",
                "--poll-interval",
                "0.01",
            ])
            .stdin(Stdio::piped())
            .spawn()
            .map_err(|e| format!("CLI: {e}"))?;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(body.to_string().as_bytes())
            .map_err(|e| e.to_string())?;
        drop(stdin);
        if !child.wait().is_ok_and(|s| s.success()) {
            return Err(format!("registering {name} failed"));
        }
    }
    Ok(())
}

/// `LOCAL` registrations made in the app's data folder (the oldest, drawn last, is
/// "Oldest Lodge"), and `ELSEWHERE` made by the same login from another folder, so they
/// are accounts at Amazon that this computer's History did not register.
fn seed(data_dir: &Path) -> Result<(), String> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let redirect = format!("http://localhost:{port}/callback");
    // The sandbox accepts only the return URLs it is given.
    let config = data_dir.with_extension("sandbox.json");
    let knobs =
        json!({"allowed_return_urls": [redirect], "partial_phase_ms": 0, "profile_lag_ms": 0});
    std::fs::write(&config, knobs.to_string()).map_err(|e| e.to_string())?;
    let mut sandbox = cli(data_dir, "")
        .env_remove("ADS_ONBOARD_SANDBOX_URL")
        .args(["sandbox", "--port", "0", "--auto-approve", "--config"])
        .arg(&config)
        .args(["--auto-accept-terms", "0", "--verification-delay", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("CLI sandbox: {e}"))?;
    let mut url = String::new();
    BufReader::new(sandbox.stdout.take().expect("stdout"))
        .read_line(&mut url)
        .map_err(|e| e.to_string())?;
    let url = url.trim().to_string();
    let local: Vec<String> = std::iter::once("Oldest Lodge".to_string())
        .chain((2..=LOCAL).map(|i| format!("Haven Hotel {i}")))
        .collect();
    let other = data_dir.with_extension("elsewhere");
    let elsewhere: Vec<String> = (1..=ELSEWHERE)
        .map(|i| format!("Elsewhere Inn {i}"))
        .collect();
    let done = register(data_dir, &url, &redirect, &local)
        .and_then(|_| register(&other, &url, &redirect, &elsewhere));
    let _ = sandbox.kill();
    let _ = sandbox.wait();
    let _ = std::fs::remove_dir_all(&other);
    let _ = std::fs::remove_file(&config);
    done
}

#[test]
fn history_draws_local_rows_at_once_searches_them_all_and_lists_the_accounts_at_amazon() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("history", json!({}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    seed(&harness.data_dir).expect("seeding registrations with the CLI");
    harness.run("history_at_scale", |s| {
        wait(s, "the app", "return document.documentElement.dataset.ready === 'true'")?;
        click(s, "#nav-history")?;
        wait(s, "the first rows", "return document.querySelectorAll('.history-table tbody tr').length > 0")?;
        let all = text(s, ".filter-chip .chip-count")?;
        if all != LOCAL.to_string() {
            return Err(format!("the All chip counts {all}, want {LOCAL}"));
        }
        // In one script, so no frame can draw more rows in between.
        let found = s.execute(
            "const drawn = document.querySelectorAll('.history-table tbody tr').length; \
             const before = [...document.querySelectorAll('.history-table .cell-title')].some((t) => t.textContent === 'Oldest Lodge'); \
             const e = document.getElementById('history-search'); e.value = 'oldest lodge'; e.dispatchEvent(new Event('input')); \
             const after = [...document.querySelectorAll('.history-table .cell-title')].map((t) => t.textContent); \
             return {drawn, before, after}",
            vec![],
        )?;
        let drawn = found["drawn"].as_u64().unwrap_or(0) as usize;
        if drawn == 0 || drawn >= LOCAL || found["before"] != json!(false) {
            return Err(format!("expected only the first rows drawn at once: {found}"));
        }
        if found["after"] != json!(["Oldest Lodge"]) {
            return Err(format!("searching for a row not drawn yet found {found}"));
        }
        // Clearing the search draws the first rows again; scrolling draws the rest.
        s.execute("const e = document.getElementById('history-search'); e.value = ''; e.dispatchEvent(new Event('input'))", vec![])?;
        let again = s.execute("return document.querySelectorAll('.history-table tbody tr').length", vec![])?;
        if again.as_u64() != Some(drawn as u64) {
            return Err(format!("{again} rows after clearing the search, want {drawn}"));
        }
        let all_rows = format!(
            "const v = document.querySelector('#view-history .scroll'); v.scrollTop = v.scrollHeight; \
             return document.querySelectorAll('.history-table tbody tr').length === {LOCAL}"
        );
        wait(s, "every row once scrolled", &all_rows)?;
        let remote = wait(
            s,
            "the accounts at Amazon",
            "const t = document.querySelectorAll('[data-testid=remote-accounts] tbody tr .cell-title'); \
             return t.length ? [...t].map((x) => x.textContent).sort() : null",
        )?;
        if remote != json!(["Elsewhere Inn 1", "Elsewhere Inn 2"]) {
            return Err(format!("the accounts at Amazon are {remote}"));
        }
        // A row carries only what the table shows; opening it shows the whole record
        // (how long Amazon took comes from its timeline, which rows leave out).
        s.execute(
            "const e = document.getElementById('history-search'); e.value = 'oldest lodge'; e.dispatchEvent(new Event('input')); \
             document.querySelector('.history-table tbody tr.row-link').click()",
            vec![],
        )?;
        let lead = wait(
            s,
            "the account screen of the opened row",
            "const t = document.querySelector('#view-wizard .title'); const l = document.querySelector('#view-wizard .lead'); \
             return t && t.textContent.startsWith('Oldest Lodge') && l ? l.textContent : null",
        )?;
        if !lead.as_str().is_some_and(|l| l.starts_with("Created in ")) {
            return Err(format!("the opened registration's summary is {lead}"));
        }
        Ok(())
    });
}
