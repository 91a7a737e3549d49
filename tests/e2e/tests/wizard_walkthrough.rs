//! Screenshots of every step from the real app, for the README's walkthrough. Not part
//! of the suite (it writes files): run `tests/e2e/scripts/screenshots.sh [DIR]`.
//! Along the way it checks the waiting states: sign-in waits until the browser acts,
//! and the agreement panel moves on by itself once the token is accepted.

#[path = "wizard_support/mod.rs"]
mod support;

use ads_onboard_e2e::{Harness, Session, ONE_WINDOW_AT_A_TIME};
use serde_json::json;
use std::path::{Path, PathBuf};
use support::*;

/// The whole X screen (the script sizes it to the window), as the user sees it; the
/// WebDriver screenshot call hangs in WebKitWebDriver on some pages.
fn shot(_s: &Session, dir: &Path, name: &str) -> Result<(), String> {
    // Let the step's entrance animation settle.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let dark = std::env::var("WALKTHROUGH_DARK").is_ok_and(|v| v == "1");
    let path = dir.join(format!("{name}{}.png", if dark { "-dark" } else { "" }));
    let status = std::process::Command::new("import")
        .args(["-window", "root"])
        .arg(&path)
        .status()
        .map_err(|e| format!("import (ImageMagick): {e}"))?;
    if !status.success() {
        return Err(format!("import failed for {}", path.display()));
    }
    eprintln!("saved {}", path.display());
    Ok(())
}

#[test]
#[ignore = "writes screenshots; run tests/e2e/scripts/screenshots.sh"]
fn walkthrough_screenshots() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let dir = PathBuf::from(
        std::env::var("ADS_ONBOARD_SCREENSHOTS").unwrap_or_else(|_| "target/walkthrough".into()),
    );
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    let mut env = env(
        "walkthrough",
        json!({"verification_delay_ms": 6000, "verification_delay_max_ms": 6000, "profile_lag_ms": 1500}),
    );
    // Checks every 2 s, as with Amazon, so the progress card shows its next check.
    env.options
        .env
        .push(("ADS_ONBOARD_POLL_INTERVAL".into(), "2".into()));
    if std::env::var("WALKTHROUGH_DARK").is_ok_and(|v| v == "1") {
        env.options
            .env
            .push(("GTK_THEME".into(), "Adwaita:dark".into()));
    }
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("walkthrough", |s| {
        wait_title(s, "Sign in to Amazon Ads")?;
        shot(s, &dir, "01-signin")?;
        hold_browser(&env);
        click(s, "#signin-start")?;
        wait_title(s, "Continue in your browser")?;
        click(s, ".disclosure-head")?;
        shot(s, &dir, "02-signin-waiting")?;
        act_as_user(&env, "/ap/oa?", false)?;
        wait_title(s, "Accept the Amazon Ads Agreement")?;
        wait(
            s,
            "the waiting panel",
            "return !!document.querySelector('[data-testid=agreement-waiting]')",
        )?;
        shot(s, &dir, "03-agreement")?;
        act_as_user(&env, "/terms/agreement/", true)?;
        release_browser(&env);
        wait_title(s, "Advertiser details")?;
        fill_business(
            s,
            &Business {
                account_name: "Haven Hotel",
                legal_name: "Haven Hotel Inc.",
                website: "www.havenhotel.com",
                zip: "1000",
            },
        )?;
        click(s, "#f-attest")?;
        shot(s, &dir, "04-details")?;
        fill(s, "zipCode", "10001")?;
        click(s, "#details-submit")?;
        wait_title(s, "Registering Haven Hotel")?;
        wait(
            s,
            "PENDING",
            "return document.querySelector('.raw-pill')?.textContent === 'PENDING'",
        )?;
        std::thread::sleep(std::time::Duration::from_millis(1500));
        shot(s, &dir, "05-registration-progress")?;
        click(s, "#view-account")?;
        wait_title(s, "is ready")?;
        wait(
            s,
            "billing",
            "return !!document.querySelector('[data-testid=billing] .pill')",
        )?;
        shot(s, &dir, "06-account-created")?;
        click(s, "#register-another")?;
        wait_title(s, "Advertiser details")?;
        fill_business(
            s,
            &Business {
                account_name: "Counterfeit Deals",
                legal_name: "Counterfeit Deals LLC",
                website: "counterfeit-deals.com",
                zip: "10001",
            },
        )?;
        attest_and_submit(s)?;
        wait_title(s, "Amazon didn't approve this account")?;
        shot(s, &dir, "07-registration-rejected")?;
        click(s, "#nav-history")?;
        wait(
            s,
            "history rows",
            "return document.querySelectorAll('.history-table tbody tr').length >= 2",
        )?;
        shot(s, &dir, "08-history")?;
        click(s, "#nav-settings")?;
        wait(
            s,
            "settings",
            "return !!document.getElementById('settings-save')",
        )?;
        shot(s, &dir, "09-settings")?;
        // Readable at 200% zoom (Ctrl + does the same): the rail keeps only its dots.
        s.execute("return window.__TAURI_INTERNALS__.invoke('plugin:webview|set_webview_zoom', {value: 2})", vec![])?;
        click(s, "#nav-history")?;
        click(s, ".history-table tbody tr[data-status=CREATED]")?;
        wait_title(s, "is ready")?;
        shot(s, &dir, "10-account-zoom-200")
    });
}
