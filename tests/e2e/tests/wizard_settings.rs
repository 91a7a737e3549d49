//! Around the main path: importing details from a file, cancelling a sign-in, and
//! Settings (Check setup, saving the polling interval, the signed-in users).

#[path = "wizard_support/mod.rs"]
mod support;

use ads_onboard_e2e::{Harness, ONE_WINDOW_AT_A_TIME};
use serde_json::json;
use support::*;

#[test]
fn details_imported_from_a_file_fill_the_form_and_register() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let mut env = env("import", json!({}));
    let file = env.export_dir.with_file_name("details.json");
    // The guide's own request body, and a seller.
    let body = json!([
        {"accountName": "Haven Hotel", "countryCodes": ["US"], "associations": [{"business": {
            "name": "Haven Hotel Inc.", "phone": "555-555-5555", "websiteUrl": "www.havenhotel.com",
            "addressLine1": "450 W 33rd St.", "addressLine2": "7th Floor", "city": "New York",
            "state": "New York", "zipCode": "10001", "countryCode": "US"}}]},
        {"associations": [{"amazonSeller": {"sellerCentralAccount": "A6DEQ9LYHIBE8"}}]}
    ]);
    std::fs::write(&file, body.to_string()).expect("details file");
    env.options
        .env
        .push(("ADS_ONBOARD_IMPORT_FILE".into(), file.display().to_string()));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("import_details", |s| {
        sign_in_to_details(s)?;
        click(s, "#details-import")?;
        wait(
            s,
            "both imported entries",
            "return document.querySelectorAll('.picker-item').length === 2",
        )?;
        click(s, ".picker-item")?;
        for (field, want) in [
            ("name", "Haven Hotel Inc."),
            ("state", "New York"),
            ("zipCode", "10001"),
        ] {
            let got = s.execute(
                &format!("return document.getElementById('f-{field}').value"),
                vec![],
            )?;
            if got != json!(want) {
                return Err(format!("{field} imported as {got}, want {want}"));
            }
        }
        attest_and_submit(s)?;
        wait_title(s, "Registering Haven Hotel")?;
        wait(
            s,
            "CREATED",
            "return document.querySelector('.raw-pill')?.textContent === 'CREATED'",
        )?;
        // Signing out in Settings returns the wizard to its first step.
        click(s, "#nav-settings")?;
        click(s, ".user-row .btn-ghost")?;
        wait(s, "the sign-out", "return document.querySelector('#user-chip .user-name').textContent === 'Not signed in'")?;
        click(s, "[data-step=agreement]")?;
        wait_title(s, "Sign in to Amazon Ads")
    });
}

#[test]
fn a_sign_in_can_be_cancelled_and_settings_check_and_save() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("settings", json!({}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("cancel_and_settings", |s| {
        wait_title(s, "Sign in to Amazon Ads")?;
        hold_browser(&env);
        click(s, "#signin-start")?;
        wait_title(s, "Continue in your browser")?;
        let link = text(s, "[data-testid=signin-url] .copy-value")?;
        if !link.contains("/ap/oa?") || !link.contains("code_challenge_method=S256") {
            return Err(format!("the sign-in link to copy is {link:?}"));
        }
        click(s, "#signin-cancel")?;
        wait_title(s, "Sign in to Amazon Ads")?;

        click(s, "#nav-settings")?;
        click(s, "#check-setup")?;
        let findings = wait(s, "setup findings", "return document.querySelectorAll('[data-testid=findings] .finding').length || null")?;
        if findings.as_u64().unwrap_or(0) == 0 {
            return Err("Check setup reported nothing".into());
        }
        let ok = s.execute("return document.querySelectorAll('[data-testid=findings] .finding-ok').length", vec![])?;
        if ok.as_u64().unwrap_or(0) == 0 {
            return Err(format!("the sandbox's own client failed Check setup: {}", text(s, "[data-testid=findings]")?));
        }
        // Save sits in the footer, in view without scrolling.
        let in_view = s.execute("const r = document.getElementById('settings-save').getBoundingClientRect(); return r.bottom <= innerHeight && r.top >= 0 && !!document.getElementById('settings-save').closest('footer')", vec![])?;
        if in_view != json!(true) {
            return Err("Save is not in the footer, in view".into());
        }
        // Core refuses it (a sandbox may be checked as often as every 0.01 s, Amazon never past 60 s).
        s.execute("const e = document.getElementById('set-poll'); e.value = '100'; e.dispatchEvent(new Event('input'))", vec![])?;
        wait(s, "the interval refused as it is typed", "return document.getElementById('settings-status')?.textContent.startsWith('Polling interval')")?;
        wait(s, "the message under the interval", "return document.getElementById('set-pollIntervalMs-msg')?.textContent.length > 0")?;
        s.execute("document.getElementById('settings-status').textContent = ''", vec![])?;
        click(s, "#settings-save")?;
        wait(s, "the polling interval refused", "return document.getElementById('settings-status')?.textContent.startsWith('Polling interval')")?;
        let focus = s.execute("return document.activeElement.id", vec![])?;
        if focus != json!("set-poll") {
            return Err(format!("a refused save left the focus on {focus}, not the value to fix"));
        }
        for (id, value, event) in [
            ("set-poll", "'3'", "input"),
            ("set-billing", "'https://advertising.amazon.com/billing/setup'", "input"),
        ] {
            s.execute(&format!("const e = document.getElementById('{id}'); e.value = {value}; e.dispatchEvent(new Event('{event}'))"), vec![])?;
        }
        s.execute("for (const [id, on] of [['set-legacy-scope', true], ['set-profile-scope', false]]) { const e = document.getElementById(id); e.checked = on; e.dispatchEvent(new Event('change')); }", vec![])?;
        wait(s, "unsaved changes said", "return document.getElementById('settings-status')?.textContent === 'Unsaved changes'")?;
        click(s, "#settings-save")?;
        wait(s, "the save", "return document.getElementById('settings-status')?.textContent.startsWith('Saved')")?;
        let saved = std::fs::read_to_string(harness.data_dir.join("settings.json")).map_err(|e| e.to_string())?;
        let file: serde_json::Value = serde_json::from_str(&saved).map_err(|e| e.to_string())?;
        if file["legacyScope"] != true || file["profileScope"] != false {
            return Err(format!("the scope choices were not saved: {saved}"));
        }
        if !saved.contains("https://advertising.amazon.com/billing/setup") || !saved.contains("3000") {
            return Err(format!("the settings file was not written: {saved}"));
        }
        Ok(())
    });
}

fn curl(args: &[&str]) -> Result<(), String> {
    let status = std::process::Command::new("curl")
        .args(["-sS", "-o", "/dev/null", "--fail", "--max-time", "20"])
        .args(args)
        .status()
        .map_err(|e| format!("curl: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("curl {args:?}: {status}"))
    }
}

#[test]
fn a_failed_sign_in_names_the_cause_and_trying_again_works() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("signin-failure", json!({}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("failed_sign_in", |s| {
        wait_title(s, "Sign in to Amazon Ads")?;
        hold_browser(&env);
        click(s, "#signin-start")?;
        wait_title(s, "Continue in your browser")?;
        let log = browser_log(&env);
        let base = log
            .lines()
            .find_map(|l| l.split("/ap/oa?").next().filter(|_| l.contains("/ap/oa?")))
            .ok_or_else(|| format!("no sign-in URL in {log}"))?
            .to_string();
        // Amazon's token endpoint fails while the user signs in.
        let fault = json!({"path": "/auth/o2/token", "method": "POST", "count": 50, "status": 500});
        curl(&[
            "-X",
            "POST",
            "-H",
            "Content-Type: application/json",
            "-d",
            &fault.to_string(),
            &format!("{base}/__sandbox/faults"),
        ])?;
        act_as_user(&env, "/ap/oa?", false)?;
        let shown = wait(
            s,
            "the sign-in failure",
            "return document.querySelector('.callout-danger')?.textContent",
        )?;
        let shown = shown.as_str().unwrap_or_default().to_string();
        if !shown.starts_with("Sign-in didn't finish") || shown.len() < 30 {
            return Err(format!("the failure reads {shown:?}"));
        }
        eprintln!("failure shown: {shown}");
        // In plain words: the codes and statuses stay in the folded technical details.
        let visible = s.execute(
            "return document.querySelector('.callout-danger').innerText",
            vec![],
        )?;
        let visible = visible.as_str().unwrap_or_default();
        for raw in ["500", "HTTP", "invalid_", "server error"] {
            if visible.contains(raw) {
                return Err(format!("the failure shows {raw:?} unfolded: {visible:?}"));
            }
        }
        if !visible.contains("Technical details") {
            return Err(format!(
                "the failure has no technical details to open: {visible:?}"
            ));
        }
        curl(&["-X", "DELETE", &format!("{base}/__sandbox/faults")])?;
        release_browser(&env);
        click(s, ".callout-danger .btn")?;
        wait_title(s, "Advertiser details")
    });
}

#[test]
fn a_sign_in_not_kept_is_gone_after_a_restart_and_a_kept_one_can_sign_out_at_the_end() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("not-kept", json!({}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("not_kept_sign_in", |s| {
        wait_title(s, "Sign in to Amazon Ads")?;
        click(s, "#keep-signed-in")?;
        sign_in_to_details(s)
    });
    harness.run("not_kept_after_restart", |s| {
        wait_title(s, "Sign in to Amazon Ads")?;
        let chip = text(s, "#user-chip")?;
        if !chip.contains("Not signed in") {
            return Err(format!("a sign-in not kept survived a restart: {chip:?}"));
        }
        Ok(())
    });
}

#[test]
fn settings_keep_every_value_not_touched_and_say_when_changes_are_unsaved() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("settings-traps", json!({}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("settings_traps", |s| {
        wait_title(s, "Sign in to Amazon Ads")?;
        click(s, "[data-region=EU]")?;
        click(s, "#nav-settings")?;
        wait(s, "the form", "return !!document.getElementById('set-poll')")?;
        // The environment sets 0.05 s: shown as such, not rounded to 0.
        let poll = s.execute("return document.getElementById('set-poll').value", vec![])?;
        if poll != json!("0.05") {
            return Err(format!("a 0.05 s interval shows as {poll}"));
        }
        let quiet = text(s, "#settings-status")?;
        if !quiet.is_empty() {
            return Err(format!("untouched settings say {quiet:?}"));
        }
        s.execute("const e = document.getElementById('set-billing'); e.value = 'https://advertising.amazon.com/billing/setup'; e.dispatchEvent(new Event('input'))", vec![])?;
        wait(s, "unsaved changes said", "return document.getElementById('settings-status').textContent === 'Unsaved changes'")?;
        let discard = s.execute("return !document.getElementById('settings-discard').hidden", vec![])?;
        if discard != json!(true) {
            return Err("no way to discard unsaved changes".into());
        }
        // Only the billing page changed: the interval (set by the environment) is not
        // sent, so core does not refuse the save for it.
        click(s, "#settings-save")?;
        wait(s, "the save", "return document.getElementById('settings-status').textContent.startsWith('Saved')")?;
        let saved = std::fs::read_to_string(harness.data_dir.join("settings.json")).map_err(|e| e.to_string())?;
        let file: serde_json::Value = serde_json::from_str(&saved).map_err(|e| e.to_string())?;
        if file["billingUrl"] != json!("https://advertising.amazon.com/billing/setup") {
            return Err(format!("the billing page was not saved: {saved}"));
        }
        if file.get("pollIntervalMs").is_some_and(|v| v == &json!(50)) {
            return Err(format!("the environment's interval was written to the file: {saved}"));
        }
        // The wizard's region was not reset by saving.
        click(s, "[data-step=signin]")?;
        wait_title(s, "Sign in to Amazon Ads")?;
        let region = s.execute("return document.querySelector('[data-region][aria-checked=true]').dataset.region", vec![])?;
        if region != json!("EU") {
            return Err(format!("saving Settings reset the wizard's region to {region}"));
        }
        Ok(())
    });
}

#[test]
fn a_late_word_from_a_replaced_sign_in_does_not_end_the_next_one() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("attempts", json!({}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("sign_in_attempts", |s| {
        wait_title(s, "Sign in to Amazon Ads")?;
        hold_browser(&env);
        click(s, "#signin-start")?;
        wait_title(s, "Continue in your browser")?;
        click(s, "#signin-cancel")?;
        wait_title(s, "Sign in to Amazon Ads")?;
        // At once again: core cancels the first attempt, whose "cancelled" may come late.
        click(s, "#signin-start")?;
        wait_title(s, "Continue in your browser")?;
        std::thread::sleep(std::time::Duration::from_millis(1500));
        if title(s)? != "Continue in your browser" {
            return Err(format!(
                "the new sign-in was ended by the old one's word: {}",
                title(s)?
            ));
        }
        release_browser(&env);
        act_as_user(&env, "/ap/oa?", false)?;
        wait_title(s, "Advertiser details")
    });
}
