//! The app's built-in sandbox seen from outside, as a test reads it: its base URL (from
//! the sign-in link the scripted browser was sent) and its audit (`/__sandbox/audit`).

use super::{browser_log, Env};
use serde_json::Value;
use std::process::Command;

/// The built-in sandbox's base URL. Known once the browser was sent to sign in.
pub fn url(env: &Env) -> Result<String, String> {
    let log = browser_log(env);
    log.lines()
        .find_map(|l| l.split_once("/ap/oa?").map(|(base, _)| base.to_string()))
        .ok_or_else(|| format!("no sign-in URL in the browser log: {log}"))
}

/// `GET {base}{path}` as JSON, through curl (the harness adds no HTTP client).
pub fn get_json(base: &str, path: &str) -> Result<Value, String> {
    let url = format!("{base}{path}");
    let out = Command::new("curl")
        .args(["-sS", "--fail", "--max-time", "20", &url])
        .output()
        .map_err(|e| format!("curl: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "GET {url}: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("GET {url}: not JSON ({e})"))
}

/// What the sandbox has seen and holds: accounts, terms tokens, request counts.
pub fn audit(env: &Env) -> Result<Value, String> {
    get_json(&url(env)?, "/__sandbox/audit")
}

/// How many `METHOD /path` requests the sandbox was sent, faulted ones included.
pub fn requests(audit: &Value, method_and_path: &str) -> u64 {
    audit["requests_by_method"][method_and_path]
        .as_u64()
        .unwrap_or(0)
}

/// The audit's accounts (each with `countries`, `status`, `association`, ...).
pub fn accounts(audit: &Value) -> Vec<Value> {
    audit["accounts"].as_array().cloned().unwrap_or_default()
}
