//! What a screen-reader user and a keyboard user rely on, one behaviour per test:
//! outcomes announced once and focused, nothing rebuilt under the user, copies that say
//! so (and say when they failed), errors that stay next to what failed.

#[path = "wizard_support/mod.rs"]
mod support;

use ads_onboard_e2e::{Harness, Session, ONE_WINDOW_AT_A_TIME};
use serde_json::{json, Value};
use support::a11y::*;
use support::*;

/// Records every non-empty text the live region takes, from now on.
fn record_announcements(s: &Session) -> Result<(), String> {
    s.execute(
        "window.__said = []; if (window.__listening) return; window.__listening = true; \
         new MutationObserver(() => { const t = document.getElementById('announcer').textContent; \
         if (t) window.__said.push(t); }).observe(document.getElementById('announcer'), {childList: true, characterData: true, subtree: true})",
        vec![],
    )
    .map(|_| ())
}

fn said(s: &Session) -> Result<Vec<String>, String> {
    let v = s.execute("return window.__said || []", vec![])?;
    Ok(v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect())
}

/// The outcome `words` was said exactly once, and the focus is on `title`'s element.
fn outcome(s: &Session, words: &str, focus_class: &str, focus_text: &str) -> Result<(), String> {
    wait_announced(s, words)?;
    let script = format!(
        "const e = document.activeElement; return !!e && e.classList.contains({}) && e.textContent.includes({})",
        js_str(focus_class),
        js_str(focus_text)
    );
    wait(s, &format!("the focus on {focus_text:?}"), &script)?;
    // Later progress (profile IDs, the timeline's last stage) must not say it again.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let times = said(s)?.iter().filter(|t| t.contains(words)).count();
    if times != 1 {
        return Err(format!("{words:?} was said {times} times: {:?}", said(s)?));
    }
    Ok(())
}

#[test]
fn each_outcome_is_said_once_in_the_live_region_and_focus_moves_to_its_title() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("outcomes", json!({}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    std::fs::write(
        harness.data_dir.join("settings.json"),
        json!({"registrationTimeoutSecs": 3}).to_string(),
    )
    .expect("settings");
    harness.run("outcomes_announced", |s| {
        sign_in_to_details(s)?;
        record_announcements(s)?;
        register_named(s, "Haven Hotel", "www.havenhotel.com")?;
        outcome(s, "Haven Hotel is", "progress-title", "The account is")?;

        click(s, "#view-account")?;
        wait_title(s, "Haven Hotel is ready")?;
        register_another(s)?;
        record_announcements(s)?;
        register_named(s, "Counterfeit Deals", "counterfeit-deals.com")?;
        outcome(
            s,
            "Amazon didn't approve Counterfeit Deals",
            "title",
            "Amazon didn't approve this account",
        )?;

        click(s, "#edit-retry")?;
        wait_title(s, "Advertiser details")?;
        sandbox_config(
            &env,
            json!({"partially_created_fail_countries": ["UK", "DE"]}),
        )?;
        record_announcements(s)?;
        click(s, "[data-kind=vendor]")?;
        fill(s, "vendorGroup", "6943231")?;
        attest_and_submit(s)?;
        outcome(
            s,
            "ready in some countries",
            "progress-title",
            "Amazon refused the others",
        )?;

        click(s, "#view-account")?;
        wait_title(s, "is ready in some countries")?;
        register_another(s)?;
        sandbox_config(
            &env,
            json!({"verification_delay_ms": 600000, "verification_delay_max_ms": 600000}),
        )?;
        record_announcements(s)?;
        register_named(s, "Slow Lodge", "www.slowlodge.com")?;
        outcome(
            s,
            "Amazon hasn't finished Slow Lodge yet",
            "progress-title",
            "Amazon hasn't finished yet",
        )
    });
}

#[test]
fn the_registration_card_keeps_the_focused_copy_button_and_its_copied_while_it_updates() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env(
        "card",
        json!({"verification_delay_ms": 5000, "verification_delay_max_ms": 5000}),
    );
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("card_not_rebuilt", |s| {
        sign_in_to_details(s)?;
        register_named(s, "Haven Hotel", "www.havenhotel.com")?;
        wait(s, "the account ID", "return !!document.querySelector('[data-testid=account-id] .copy-seg')")?;
        s.execute(
            "const b = document.querySelector('[data-testid=account-id] .copy-seg'); window.__copy = b; \
             window.__title = document.querySelector('.progress-title'); window.__row = document.querySelector('.timeline li'); \
             b.focus(); b.click()",
            vec![],
        )?;
        wait(s, "Copied on the button", "return window.__copy.textContent.includes('Copied')")?;
        wait_announced(s, "Account ID copied")?;
        // Ticks (every second) and progress (PENDING, then CREATED and the profile IDs).
        std::thread::sleep(std::time::Duration::from_millis(1200));
        let kept = s.execute(
            "return {same: document.activeElement === window.__copy, connected: window.__copy.isConnected, \
             copied: window.__copy.textContent}",
            vec![],
        )?;
        if kept["same"] != json!(true) || kept["connected"] != json!(true) || !kept["copied"].as_str().unwrap_or("").contains("Copied") {
            return Err(format!("the Copy button was rebuilt under the user: {kept}"));
        }
        wait(s, "CREATED", "return document.querySelector('.raw-pill')?.textContent === 'CREATED'")?;
        let parts = s.execute(
            "return {copy: window.__copy.isConnected, title: window.__title.isConnected, row: window.__row.isConnected}",
            vec![],
        )?;
        if parts != json!({"copy": true, "title": true, "row": true}) {
            return Err(format!("the card's parts were made again on a status change: {parts}"));
        }
        Ok(())
    });
}

#[test]
fn the_agreement_panel_announces_a_problem_and_its_end_but_not_each_check() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("agreement-live", json!({}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("agreement_announces_changes", |s| {
        wait_title(s, "Sign in to Amazon Ads")?;
        hold_browser(&env);
        click(s, "#signin-start")?;
        wait_title(s, "Continue in your browser")?;
        act_as_user(&env, "/ap/oa?", false)?;
        wait(s, "the checks", "return document.querySelector('[data-testid=agreement-status]')?.textContent.includes('last checked')")?;
        record_announcements(s)?;
        // Every live part of the window, counted as it changes.
        s.execute(
            "window.__live = []; const o = new MutationObserver((ms) => ms.forEach((m) => window.__live.push(`${m.target.id || m.target.className || m.target.nodeName}: ${m.target.textContent}`))); \
             for (const e of document.querySelectorAll('[aria-live]:not([aria-live=off]), [role=status], [role=alert]')) \
               o.observe(e, {childList: true, characterData: true, subtree: true}); \
             window.__checked = document.querySelector('[data-testid=agreement-status]').textContent",
            vec![],
        )?;
        std::thread::sleep(std::time::Duration::from_millis(3500));
        let quiet = s.execute(
            "return {live: window.__live, moved: document.querySelector('[data-testid=agreement-status]').textContent !== window.__checked}",
            vec![],
        )?;
        if quiet["moved"] != json!(true) {
            return Err(format!("the checks did not go on: {quiet}"));
        }
        if quiet["live"] != json!([]) {
            return Err(format!("a live region changed with the checks alone: {quiet}"));
        }
        // A refusal, not a 5xx: those are retried inside the API client for a minute first.
        sandbox_fault(&env, json!({"path": "/termsTokens/*", "method": "GET", "count": 1000, "status": 403}))?;
        wait_announced(s, "Couldn't check")?;
        clear_faults(&env)?;
        wait_announced(s, "Checking with Amazon again")?;
        let all = said(s)?;
        if all.iter().filter(|t| t.contains("Couldn't check")).count() != 1 {
            return Err(format!("the problem was said more than once: {all:?}"));
        }
        Ok(())
    });
}

fn clipboard(harness: &Harness) -> Result<String, String> {
    let display = harness.display().ok_or("no X display")?;
    let out = std::process::Command::new("xclip")
        .args(["-o", "-selection", "clipboard"])
        .env("DISPLAY", &display)
        .output()
        .map_err(|e| format!("xclip (apt-get install xclip): {e}"))?;
    Ok(String::from_utf8_lossy(&out.stdout).to_string())
}

#[test]
fn copying_says_so_to_the_eye_and_the_ear_and_a_failed_copy_says_it_failed() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("copy", json!({}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("copy_feedback", |s| {
        wait_title(s, "Sign in to Amazon Ads")?;
        hold_browser(&env);
        click(s, "#signin-start")?;
        wait_title(s, "Continue in your browser")?;
        act_as_user(&env, "/ap/oa?", false)?;
        wait(
            s,
            "the agreement panel",
            "return !!document.getElementById('terms-copy')",
        )?;
        s.execute("document.getElementById('terms-copy').focus()", vec![])?;
        click(s, "#terms-copy")?;
        wait(
            s,
            "Copied on the button",
            "return document.getElementById('terms-copy').textContent.includes('Copied')",
        )?;
        wait_announced(s, "Agreement link copied")?;
        let pasted = clipboard(&harness)?;
        if !pasted.contains("/terms/agreement/") {
            return Err(format!("the clipboard holds {pasted:?}"));
        }
        let focus = focused(s)?;
        if focus["id"] != json!("terms-copy") {
            return Err(format!("copying moved the focus to {focus}"));
        }
        fail_api(
            s,
            "copyText",
            json!({"kind": "other", "message": "The clipboard is not available"}),
        )?;
        click(s, "#terms-copy")?;
        wait(
            s,
            "Copy failed on the button",
            "return document.getElementById('terms-copy').textContent.includes('Copy failed')",
        )?;
        let heard = wait_announced(s, "Couldn't copy the agreement link")?;
        if !heard.contains("clipboard is not available") {
            return Err(format!("the failure says {heard:?}"));
        }
        // It stays until the next try, which works again.
        std::thread::sleep(std::time::Duration::from_millis(2500));
        let still: Value = s.execute(
            "return document.getElementById('terms-copy').textContent",
            vec![],
        )?;
        if !still.as_str().unwrap_or("").contains("Copy failed") {
            return Err(format!("the failure went by itself: {still}"));
        }
        heal_api(s, "copyText")?;
        click(s, "#terms-copy")?;
        wait(
            s,
            "Copied again",
            "return document.getElementById('terms-copy').textContent.includes('Copied')",
        )?;
        Ok(())
    });
}

/// A callout that stays under `near` (a CSS selector for where it must be) for 5 s.
fn stays(s: &Session, what: &str, near: &str, words: &str) -> Result<(), String> {
    let script = format!(
        "const e = document.querySelector({}); return !!e && e.textContent.includes({})",
        js_str(near),
        js_str(words)
    );
    wait(s, what, &script)?;
    std::thread::sleep(std::time::Duration::from_millis(5000));
    if s.execute(&script, vec![])? != json!(true) {
        return Err(format!("{what}: the error went away on its own"));
    }
    Ok(())
}

fn failing(message: &str) -> Value {
    json!({"kind": "io", "message": message, "fields": null,
           "title": "Ads Onboard couldn't use its data folder", "hint": "Check the data folder, then try again.", "requestId": null})
}

#[test]
fn errors_stay_next_to_what_failed_until_they_are_dealt_with() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("errors", json!({}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("errors_stay", |s| {
        sign_in_to_details(s)?;
        sandbox_config(&env, json!({"verification_delay_ms": 600000, "verification_delay_max_ms": 600000}))?;
        register_named(s, "Haven Hotel", "www.havenhotel.com")?;
        wait(s, "PENDING", "return document.querySelector('.raw-pill')?.textContent === 'PENDING'")?;
        // Resume: stop, then resuming fails; the notice says why, with Try again.
        click(s, "#stop-checking")?;
        wait(s, "Resume checking", "return document.getElementById('stop-checking').textContent === 'Resume checking'")?;
        fail_api(s, "resume", failing("database is locked"))?;
        click(s, "#stop-checking")?;
        stays(s, "the resume error", "#view-wizard .stack .callout-danger", "couldn't use its data folder")?;
        heal_api(s, "resume")?;
        click(s, "#view-wizard .callout-danger .btn")?;
        wait(s, "the error gone once resumed", "return !document.querySelector('#view-wizard .callout-danger')")?;

        // Export, from History.
        click(s, "#nav-history")?;
        wait(s, "a row", "return document.querySelectorAll('.history-table tbody tr.row-link').length === 1")?;
        fail_api(s, "exportSave", failing("disk full"))?;
        click(s, "#export-json")?;
        stays(s, "the export error", "[data-testid=export-status]", "Export failed")?;
        heal_api(s, "exportSave")?;
        click(s, "#export-json")?;
        wait(s, "the export saved", "return document.querySelector('[data-testid=export-status]').textContent.startsWith('Saved')")?;

        // Opening a row: the error sits right under the row.
        fail_api(s, "registration", failing("record unreadable"))?;
        click(s, ".history-table .row-open")?;
        stays(s, "the row's error", ".history-table tr.row-link + tr.row-problem", "Couldn't open Haven Hotel")?;
        heal_api(s, "registration")?;
        click(s, ".row-problem .btn")?;
        wait_title(s, "Registering Haven Hotel")?;

        // Billing, on the account screen: its status, then its page.
        sandbox_config(&env, json!({"verification_delay_ms": 0, "verification_delay_max_ms": 0}))?;
        register_another_from_registration(s)?;
        register_named(s, "Quick Inn", "www.quickinn.com")?;
        click(s, "#view-account")?;
        wait_title(s, "Quick Inn is")?;
        wait(s, "billing", "return !!document.getElementById('billing-setup')")?;
        fail_api(s, "openUrl", json!({"kind": "link", "message": "Could not open the browser (no opener). Copy the link instead.",
            "fields": null, "title": "The browser didn't open", "hint": "Copy the link and paste it into your browser.", "requestId": null}))?;
        click(s, "#billing-setup")?;
        stays(s, "the billing page error", "[data-testid=billing] + .slot", "The browser didn't open")?;
        heal_api(s, "openUrl")?;
        Ok(())
    });
}

/// From the registration screen back to a new account, as History's New account does.
fn register_another_from_registration(s: &Session) -> Result<(), String> {
    click(s, "#nav-history")?;
    click(s, ".page-actions .btn-primary")?;
    wait_title(s, "Advertiser details")
}
