//! History with more registrations than it draws at once: the first rows appear, a search
//! finds a row not drawn yet, scrolling draws the rest, and the accounts at Amazon that
//! were not registered here arrive in their own section.

#[path = "wizard_support/mod.rs"]
mod support;

use ads_onboard_e2e::{Harness, ONE_WINDOW_AT_A_TIME};
use serde_json::json;
use std::path::Path;
use support::*;

const LOCAL: usize = 70;
const ELSEWHERE: usize = 2;

/// `LOCAL` registrations made in the app's data folder (the oldest, drawn last, is
/// "Oldest Lodge"), and `ELSEWHERE` made by the same login from another folder, so they
/// are accounts at Amazon that this computer's History did not register.
fn seed(data_dir: &Path) -> Result<(), String> {
    let redirect = format!("http://localhost:{}/callback", free_port());
    // In the app's data folder: its embedded sandbox later serves the same accounts.
    let (mut sandbox, url) = cli_sandbox(data_dir, &redirect, json!({}))?;
    let local: Vec<String> = std::iter::once("Oldest Lodge".to_string())
        .chain((2..=LOCAL).map(|i| format!("Haven Hotel {i}")))
        .collect();
    let other = data_dir.with_extension("elsewhere");
    let elsewhere: Vec<String> = (1..=ELSEWHERE)
        .map(|i| format!("Elsewhere Inn {i}"))
        .collect();
    let businesses = |names: &[String]| -> Vec<serde_json::Value> {
        names
            .iter()
            .map(|n| ads_onboard_test_support::business(n))
            .collect()
    };
    let done = cli_register(data_dir, &url, &redirect, &businesses(&local))
        .and_then(|_| cli_register(&other, &url, &redirect, &businesses(&elsewhere)));
    let _ = sandbox.kill();
    let _ = sandbox.wait();
    let _ = std::fs::remove_dir_all(&other);
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
        // An account at Amazon opens by its plain ads account ID.
        click(s, "#nav-history")?;
        click(s, "[data-testid=remote-accounts] tbody tr.row-link")?;
        wait_title(s, "Elsewhere Inn")?;
        let id = text(s, "[data-testid=account-id] .mono")?;
        if !id.starts_with("amzn1.ads-account.") {
            return Err(format!("the account at Amazon opened as {id:?}"));
        }
        Ok(())
    });
}
