//! The other kinds and outcomes: a vendor across countries (PARTIALLY_CREATED), a
//! seller, a KDP author, a time-out, a restart while PENDING, History, and the warning
//! for a consumer email.

#[path = "wizard_support/mod.rs"]
mod support;

use ads_onboard_e2e::{Harness, Session, ONE_WINDOW_AT_A_TIME};
use serde_json::json;
use support::*;

fn choose(s: &Session, kind: &str, field: &str, value: &str) -> Result<(), String> {
    click(s, &format!("[data-kind={kind}]"))?;
    fill(s, field, value)?;
    attest_and_submit(s)
}

fn haven(s: &Session) -> Result<(), String> {
    fill_business(
        s,
        &Business {
            account_name: "Haven Hotel",
            legal_name: "Haven Hotel Inc.",
            website: "www.havenhotel.com",
            zip: "10001",
        },
    )?;
    attest_and_submit(s)
}

#[test]
fn vendor_across_countries_shows_partially_created_then_its_countries() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("partial", json!({"partially_created_stay": true}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("vendor_partially_created", |s| {
        sign_in_to_details(s)?;
        choose(s, "vendor", "vendorGroup", "6943231")?;
        wait(s, "PARTIALLY_CREATED", "return document.querySelector('.raw-pill')?.textContent === 'PARTIALLY_CREATED'")?;
        click(s, "#view-account")?;
        wait_title(s, "is partly created")?;
        let rows = s.execute("return document.querySelectorAll('[data-testid=countries] tbody tr[data-country]').length", vec![])?;
        if rows.as_u64().unwrap_or(0) < 2 {
            return Err(format!("expected several countries, got {rows}"));
        }
        Ok(())
    });
}

#[test]
fn seller_and_author_registrations_reach_created() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("seller-author", json!({}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("seller_and_author_created", |s| {
        sign_in_to_details(s)?;
        choose(s, "seller", "sellerCentralAccount", "A6DEQ9LYHIBE8")?;
        click(s, "#view-account")?;
        wait_title(s, "is ready")?;
        wait(s, "the Seller Central button", "return document.getElementById('billing-setup')?.textContent.includes('Seller Central')")?;
        click(s, "#register-another")?;
        wait_title(s, "Advertiser details")?;
        // The seller's details were kept and can be picked again.
        click(s, "#details-saved")?;
        wait(s, "the saved details", "return document.querySelectorAll('.picker-item').length >= 1")?;
        click(s, ".picker-item")?;
        let picked = s.execute("return document.getElementById('f-sellerCentralAccount')?.value", vec![])?;
        if picked != json!("A6DEQ9LYHIBE8") {
            return Err(format!("picking the saved seller filled {picked}"));
        }
        choose(s, "author", "authorEmail", "maya.okafor@gmail.com")?;
        click(s, "#view-account")?;
        wait_title(s, "is ready")?;
        let kind = text(s, ".summary .kv:last-child .v")?;
        if kind != "KDP author" {
            return Err(format!("account type shown as {kind:?}"));
        }
        Ok(())
    });
}

#[test]
fn a_registration_past_the_time_limit_says_how_to_check_again() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env(
        "timeout",
        json!({"verification_delay_ms": 600000, "verification_delay_max_ms": 600000}),
    );
    let harness = Harness::start(env.options.clone()).expect("harness");
    std::fs::write(
        harness.data_dir.join("settings.json"),
        json!({"registrationTimeoutSecs": 1}).to_string(),
    )
    .expect("settings");
    harness.run("registration_times_out", |s| {
        sign_in_to_details(s)?;
        haven(s)?;
        wait(
            s,
            "TIMED_OUT",
            "return document.querySelector('.raw-pill')?.textContent === 'TIMED_OUT'",
        )?;
        let notice = text(s, ".callout-warning .callout-title")?;
        if notice != "Amazon hasn't finished yet" {
            return Err(format!("time-out notice reads {notice:?}"));
        }
        let resume = text(s, "#stop-checking")?;
        if resume != "Resume checking" {
            return Err(format!("no way to check again: {resume:?}"));
        }
        Ok(())
    });
}

#[test]
fn closing_the_app_while_pending_resumes_the_registration_on_reopen() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env(
        "restart",
        json!({"verification_delay_ms": 4000, "verification_delay_max_ms": 4000}),
    );
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("restart_first_window", |s| {
        sign_in_to_details(s)?;
        haven(s)?;
        wait(
            s,
            "PENDING",
            "return document.querySelector('.raw-pill')?.textContent === 'PENDING'",
        )?;
        Ok(())
    });
    harness.run("restart_second_window", |s| {
        let t = title(s)?;
        if !t.starts_with("Registering Haven Hotel") {
            return Err(format!("reopened on {t:?}, not the registration"));
        }
        wait(s, "CREATED after reopening", "return document.querySelector('.raw-pill')?.textContent === 'CREATED'")?;
        click(s, "#view-account")?;
        wait_title(s, "Haven Hotel is ready")?;
        // History lists it, finds it by name and opens it again.
        click(s, "#nav-history")?;
        wait(s, "a history row", "return document.querySelectorAll('.history-table tbody tr').length === 1")?;
        s.execute("const e = document.getElementById('history-search'); e.value = 'nothing like it'; e.dispatchEvent(new Event('input'))", vec![])?;
        wait(s, "no matches", "return document.querySelector('.empty-title')?.textContent.startsWith('No matches')")?;
        s.execute("const e = document.getElementById('history-search'); e.value = 'haven'; e.dispatchEvent(new Event('input'))", vec![])?;
        click(s, ".history-table tbody tr")?;
        wait_title(s, "Haven Hotel is ready")
    });
}

#[test]
fn a_consumer_email_gets_a_warning_before_a_business_registration() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env(
        "consumer",
        json!({"test_user": {"name": "Dana Whitfield", "email": "dana.whitfield@gmail.com"}}),
    );
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("consumer_email_warning", |s| {
        wait_title(s, "Sign in to Amazon Ads")?;
        click(s, "#signin-start")?;
        wait_title(s, "Advertiser details")?;
        let warn = wait(
            s,
            "the warning",
            "return document.querySelector('.callout-warning .callout-title')?.textContent",
        )?;
        if warn != json!("Amazon refuses personal email addresses for businesses") {
            return Err(format!("warning reads {warn}"));
        }
        click(s, "[data-kind=author]")?;
        let gone = s.execute(
            "return document.querySelector('.callout-warning') === null",
            vec![],
        )?;
        if gone != json!(true) {
            return Err("the warning stays for a KDP author, whose email may be personal".into());
        }
        Ok(())
    });
}

#[test]
fn throttling_while_checking_is_shown_and_checking_carries_on() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("throttled", json!({}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("throttled_polling", |s| {
        sign_in_to_details(s)?;
        let log = browser_log(&env);
        let base = log
            .lines()
            .find_map(|l| l.split("/ap/oa?").next().filter(|_| l.contains("/ap/oa?")))
            .ok_or_else(|| format!("no sign-in URL in {log}"))?
            .to_string();
        let fault = json!({"path": "/adsAccounts/*", "method": "GET", "count": 8, "status": 429, "retry_after_secs": 1});
        let ok = std::process::Command::new("curl")
            .args(["-sS", "-o", "/dev/null", "--fail", "-X", "POST", "-H", "Content-Type: application/json"])
            .args(["-d", &fault.to_string(), &format!("{base}/__sandbox/faults")])
            .status()
            .map_err(|e| format!("curl: {e}"))?;
        if !ok.success() {
            return Err("could not set up throttling".into());
        }
        haven(s)?;
        let shown = wait(s, "the throttling notice", "return document.querySelector('.callout-warning .callout-title')?.textContent")?;
        // A 429 is an answer: Amazon is busy; the title says so and when the next try is.
        if !shown.as_str().unwrap_or_default().starts_with("Amazon is busy right now — retrying") {
            return Err(format!("the notice reads {shown}"));
        }
        wait(s, "CREATED once Amazon answers", "return document.querySelector('.raw-pill')?.textContent === 'CREATED'")?;
        let gone = s.execute("return document.querySelector('.callout-warning') === null", vec![])?;
        if gone != json!(true) {
            return Err("the notice stayed after Amazon answered".into());
        }
        Ok(())
    });
}
