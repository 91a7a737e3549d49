//! The wizard end to end: the real app, its embedded sandbox at zero delays, and a
//! scripted browser standing in for the user's.

#[path = "wizard_support/mod.rs"]
mod support;

use ads_onboard_e2e::{Harness, ONE_WINDOW_AT_A_TIME};
use serde_json::json;
use support::*;

#[test]
fn business_registration_signs_in_accepts_terms_and_reaches_created_with_profile_ids() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("created", json!({}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("business_registration_reaches_created", |s| {
        sign_in_to_details(s)?;
        let log = browser_log(&env);
        if !log.contains("/ap/oa?") || !log.contains("/terms/agreement/") {
            return Err(format!("the browser was not sent to sign-in and the agreement: {log}"));
        }
        fill_business(
            s,
            &Business {
                account_name: "Haven Hotel",
                legal_name: "Haven Hotel Inc.",
                website: "www.havenhotel.com",
                zip: "10001",
            },
        )?;
        click(s, "#f-attest")?;
        // An impatient double click submits once.
        s.execute("const b = document.getElementById('details-submit'); b.click(); b.click()", vec![])?;
        wait_title(s, "Registering Haven Hotel")?;
        click(s, "#view-account")?;
        wait_title(s, "Haven Hotel is ready")?;
        let profile = wait(
            s,
            "a profile ID in the countries table",
            "const c = document.querySelector('[data-testid=countries] tr[data-country=US] .profile-id .mono'); return c && /^[0-9]+$/.test(c.textContent) && c.textContent",
        )?;
        let account_id = text(s, "[data-testid=account-id] .mono")?;
        if !account_id.starts_with("amzn1.ads-account.") {
            return Err(format!("account ID shown as {account_id:?}"));
        }
        wait(s, "the billing card", "return !!document.querySelector('[data-testid=billing] .billing-title .pill')")?;
        // The business has no billing yet (the sandbox's PENDING_BILLING_REGISTRATION).
        let said = text(s, "[data-testid=billing] .billing-sentence")?;
        if said != "Ads won't run in United States until billing is complete there." {
            return Err(format!("the billing card says {said:?}"));
        }
        click(s, "#billing-setup")?;
        let start = std::time::Instant::now();
        while !browser_log(&env).contains(&format!("/billing/setup/{account_id}")) {
            if start.elapsed() > WAIT {
                return Err(format!("Set up billing did not open the billing page: {}", browser_log(&env)));
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }

        click(s, "#export-json")?;
        let json_file = env.export_dir.join("Haven-Hotel.json");
        wait(s, "the JSON export", "return document.querySelector('[data-testid=export-status]').textContent.startsWith('Saved')")?;
        let exported = std::fs::read_to_string(&json_file).map_err(|e| format!("{}: {e}", json_file.display()))?;
        let v: serde_json::Value = serde_json::from_str(&exported).map_err(|e| e.to_string())?;
        if v[0]["accountId"] != json!(account_id) || v[0]["countries"][0]["country"] != json!("US") {
            return Err(format!("unexpected JSON export: {exported}"));
        }
        if !exported.contains(profile.as_str().unwrap_or("?")) {
            return Err(format!("the export lacks profile ID {profile}: {exported}"));
        }
        let registered = wait(s, "the History count", "return document.getElementById('history-count').textContent")?;
        if registered != json!("1") {
            return Err(format!("History counts {registered} registrations after one double click"));
        }
        click(s, "#export-csv")?;
        let csv_file = env.export_dir.join("Haven-Hotel.csv");
        wait(s, "the CSV export", &format!("return {}", "true"))?;
        let start = std::time::Instant::now();
        while !csv_file.exists() && start.elapsed() < WAIT {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let csv = std::fs::read_to_string(&csv_file).map_err(|e| format!("{}: {e}", csv_file.display()))?;
        if !csv.contains(&account_id) {
            return Err(format!("the CSV export lacks the account: {csv}"));
        }

        // Copy puts the same JSON on the system clipboard, read back as another program would.
        click(s, "#export-copy")?;
        wait(s, "the copy", "return document.querySelector('[data-testid=export-status]').textContent === 'Copied as JSON'")?;
        let display = harness.display().ok_or("no X display")?;
        let pasted = std::process::Command::new("xclip")
            .args(["-o", "-selection", "clipboard"])
            .env("DISPLAY", &display)
            .output()
            .map_err(|e| format!("xclip (apt-get install xclip): {e}"))?;
        let v: serde_json::Value = serde_json::from_slice(&pasted.stdout)
            .map_err(|e| format!("the clipboard holds no JSON ({e}): {:?}", String::from_utf8_lossy(&pasted.stdout)))?;
        if v[0]["accountId"] != json!(account_id) {
            return Err(format!("the clipboard holds {v}"));
        }
        Ok(())
    });
}

#[test]
fn bad_details_show_messages_next_to_the_fields_and_nothing_is_submitted() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("invalid", json!({}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("bad_details_show_messages", |s| {
        sign_in_to_details(s)?;
        fill_business(
            s,
            &Business {
                account_name: "Haven Hotel",
                legal_name: "Haven Hotel Inc.",
                website: "not a website",
                zip: "1000",
            },
        )?;
        // The state is a list: a value not in it leaves it unchosen.
        fill(s, "state", "Narnia")?;
        attest_and_submit(s)?;
        for (field, message) in [
            ("zipCode", "Enter a ZIP code"),
            ("websiteUrl", "Enter a website"),
            ("state", "Enter the state"),
        ] {
            let shown = text(s, &format!("#f-{field}-msg"))?;
            if !shown.starts_with(message) {
                return Err(format!("{field} says {shown:?}, want {message:?}"));
            }
        }
        let focused = s.execute("return document.activeElement.id", vec![])?;
        if focused != json!("f-websiteUrl") {
            return Err(format!(
                "focus went to {focused}, not the first invalid field"
            ));
        }
        let hint = text(s, ".footer-hint-inner")?;
        if hint != "3 fields need attention" {
            return Err(format!("footer says {hint:?}"));
        }
        // A website with a scheme and a ZIP+4 are fine, as Amazon accepts them.
        fill(s, "websiteUrl", "https://havenhotel.com")?;
        fill(s, "zipCode", "10001-1234")?;
        fill(s, "state", "NY")?;
        let left = s.execute(
            "return document.querySelectorAll('.field.invalid').length",
            vec![],
        )?;
        if left != json!(0) {
            return Err(format!(
                "{left} fields still marked invalid after fixing them"
            ));
        }
        if title(s)? != "Advertiser details" {
            return Err("the wizard left Details with invalid input".into());
        }
        Ok(())
    });
}

#[test]
fn disabled_registration_quotes_amazons_reason_and_offers_manual_review() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("disabled", json!({}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("disabled_registration_shows_reasons", |s| {
        sign_in_to_details(s)?;
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
        let reason = text(s, "[data-testid=reason]")?;
        if reason.trim_matches(|c| c == '“' || c == '”').trim().len() < 10 {
            return Err(format!("no reason quoted: {reason:?}"));
        }
        // Amazon answered PENDING, then refused: the timeline says both.
        let when = text(s, "[data-testid=refused-when]")?;
        if !when.starts_with("Pending verification from ") || !when.contains(", refused at ") {
            return Err(format!("the refusal is described as {when:?}"));
        }
        let failed = s.execute("return document.querySelector('[data-step=registration]').classList.contains('failed')", vec![])?;
        if failed != json!(true) {
            return Err("the rail does not mark Registration as failed".into());
        }
        click(s, "#manual-review")?;
        wait(s, "the manual review link to open", "return true")?;
        let start = std::time::Instant::now();
        let want = "https://advertising.amazon.com/contact-sales/sponsored-display-beta";
        while !browser_log(&env).contains(want) {
            if start.elapsed() > WAIT {
                return Err(format!("manual review not opened: {}", browser_log(&env)));
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        click(s, "#edit-retry")?;
        wait_title(s, "Advertiser details")?;
        let kept = s.execute("return document.getElementById('f-name').value", vec![])?;
        if kept != json!("Counterfeit Deals LLC") {
            return Err(format!("the details were not kept for the retry: {kept}"));
        }
        Ok(())
    });
}

#[test]
fn the_agreement_panel_waits_for_acceptance_then_moves_on_by_itself() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("agreement", json!({}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("agreement_moves_on", |s| {
        wait_title(s, "Sign in to Amazon Ads")?;
        hold_browser(&env);
        click(s, "#signin-start")?;
        wait_title(s, "Continue in your browser")?;
        act_as_user(&env, "/ap/oa?", false)?;
        wait(s, "the waiting panel", "return document.querySelector('[data-testid=agreement-waiting] .wait-status')?.textContent.includes('last checked')")?;
        // Not accepted yet: it keeps waiting, and "Open again" sends the browser back.
        std::thread::sleep(std::time::Duration::from_millis(2500));
        if title(s)? != "Accept the Amazon Ads Agreement in your browser" {
            return Err(format!("left the agreement before acceptance: {}", title(s)?));
        }
        click(s, "#terms-open")?;
        let start = std::time::Instant::now();
        while browser_log(&env).matches("/terms/agreement/").count() < 2 {
            if start.elapsed() > WAIT {
                return Err(format!("Open again did not reopen the agreement: {}", browser_log(&env)));
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        // The user accepts in the browser; nothing is clicked in the app.
        act_as_user(&env, "/terms/agreement/", true)?;
        wait_title(s, "Advertiser details")
    });
}
