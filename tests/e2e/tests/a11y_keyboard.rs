//! The wizard from the keyboard, with real key presses: Enter submits the details, the
//! saved-details menu answers the arrow keys and Escape, Settings' environment the arrow
//! keys, History's rows are reached with Tab and opened with Enter. The rail says each
//! step's state to a screen reader, names its dots when collapsed, and its spinner stands
//! still when the system asks for reduced motion.

#[path = "wizard_support/mod.rs"]
mod support;

use ads_onboard_e2e::{keys, Harness, Session, ONE_WINDOW_AT_A_TIME};
use serde_json::json;
use support::a11y::*;
use support::*;

fn focus(s: &Session, css: &str) -> Result<(), String> {
    s.execute(
        &format!("document.querySelector({}).focus()", js_str(css)),
        vec![],
    )
    .map(|_| ())
}

fn focused_is(s: &Session, what: &str, script: &str) -> Result<(), String> {
    let ok = s.execute(
        &format!("const e = document.activeElement; return !!e && ({script})"),
        vec![],
    )?;
    if ok != json!(true) {
        return Err(format!("the focus is not on {what}: {}", focused(s)?));
    }
    Ok(())
}

/// Presses Tab until `css` has the focus, at most `limit` times.
fn tab_to(s: &Session, css: &str, limit: usize) -> Result<(), String> {
    for _ in 0..limit {
        s.press(&[keys::TAB])?;
        let there = s.execute(
            &format!("return !!document.activeElement?.matches({})", js_str(css)),
            vec![],
        )?;
        if there == json!(true) {
            return Ok(());
        }
    }
    Err(format!(
        "Tab never reached {css}; the focus is on {}",
        focused(s)?
    ))
}

#[test]
fn enter_submits_details_and_the_saved_details_menu_answers_arrows_and_escape() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("keys-details", json!({}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("keys_details", |s| {
        sign_in_to_details(s)?;
        // Enter on an empty form submits it: every message shows, the focus on the first.
        focus(s, "#f-accountName")?;
        s.press(&[keys::ENTER])?;
        wait(s, "the messages", "return document.querySelectorAll('.field.invalid').length >= 8")?;
        focused_is(s, "the first field to fix", "e.id === 'f-accountName'")?;
        fill_named(s, "Haven Hotel", "www.havenhotel.com")?;
        click(s, "#f-attest")?;
        focus(s, "#f-zipCode")?;
        s.press(&[keys::ENTER])?;
        wait_title(s, "Registering Haven Hotel")?;
        wait(s, "CREATED", "return document.querySelector('.raw-pill')?.textContent === 'CREATED'")?;
        click(s, "#nav-history")?;
        click(s, ".page-actions .btn-primary")?;
        wait_title(s, "Advertiser details")?;
        click(s, "[data-kind=seller]")?;
        fill(s, "sellerCentralAccount", "A6DEQ9LYHIBE8")?;
        attest_and_submit(s)?;
        wait(s, "CREATED", "return document.querySelector('.raw-pill')?.textContent === 'CREATED'")?;
        click(s, "#nav-history")?;
        click(s, ".page-actions .btn-primary")?;
        wait_title(s, "Advertiser details")?;

        focus(s, "#details-saved")?;
        s.press(&[keys::ENTER])?;
        wait(s, "the menu", "return document.querySelectorAll('#details-picker .picker-item').length >= 2")?;
        focused_is(s, "the first saved details", "e === document.querySelector('.picker-item')")?;
        let expanded = s.execute("return document.getElementById('details-saved').getAttribute('aria-expanded')", vec![])?;
        if expanded != json!("true") {
            return Err(format!("the button says aria-expanded={expanded} with its menu open"));
        }
        s.press(&[keys::DOWN])?;
        focused_is(s, "the second item", "e === document.querySelectorAll('.picker-item')[1]")?;
        s.press(&[keys::DOWN])?;
        focused_is(s, "the first item again (it wraps)", "e === document.querySelectorAll('.picker-item')[0] || e === document.querySelectorAll('.picker-item')[2]")?;
        s.press(&[keys::UP])?;
        s.press(&[keys::ESCAPE])?;
        wait(s, "the menu closed", "return document.getElementById('details-picker').hidden")?;
        focused_is(s, "Use saved details", "e.id === 'details-saved'")?;
        // Enter on an item fills the form.
        s.press(&[keys::ENTER])?;
        wait(s, "the menu", "return !document.getElementById('details-picker').hidden")?;
        s.press(&[keys::ENTER])?;
        wait(s, "the form filled", "return !!(document.getElementById('f-accountName')?.value || document.getElementById('f-sellerCentralAccount')?.value)")?;
        focused_is(s, "Use saved details after choosing", "e.id === 'details-saved'")?;
        Ok(())
    });
}

#[test]
fn settings_environment_moves_with_arrows_and_history_rows_open_from_the_keyboard() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let env = env("keys-settings", json!({}));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("keys_settings_history", |s| {
        sign_in_to_details(s)?;
        fill_named(s, "Haven Hotel", "www.havenhotel.com")?;
        attest_and_submit(s)?;
        wait(
            s,
            "CREATED",
            "return document.querySelector('.raw-pill')?.textContent === 'CREATED'",
        )?;

        click(s, "#nav-history")?;
        wait(
            s,
            "a row",
            "return !!document.querySelector('.history-table .row-open')",
        )?;
        focus(s, "#history-search")?;
        tab_to(s, ".history-table .row-open", 20)?;
        s.press(&[keys::ENTER])?;
        wait_title(s, "Haven Hotel is")?;

        click(s, "#nav-settings")?;
        wait(
            s,
            "the environment",
            "return !!document.querySelector('#set-env [aria-checked=true]')",
        )?;
        focus(s, "#set-env [aria-checked=true]")?;
        focused_is(s, "Sandbox", "e.dataset.env === 'sandbox'")?;
        s.press(&[keys::RIGHT])?;
        focused_is(
            s,
            "Amazon",
            "e.dataset.env === 'amazon' && e.getAttribute('aria-checked') === 'true'",
        )?;
        let shown = s.execute(
            "return document.getElementById('set-client-id').offsetParent !== null",
            vec![],
        )?;
        if shown != json!(true) {
            return Err("choosing Amazon did not show its client ID".into());
        }
        // Core refuses Amazon without a client ID, under that field.
        wait(
            s,
            "the client ID asked for",
            "return document.getElementById('set-clientId-msg')?.textContent.includes('client ID')",
        )?;
        let tabs = s.execute(
            "return [...document.querySelectorAll('#set-env .seg')].map((b) => b.tabIndex)",
            vec![],
        )?;
        if tabs != json!([-1, 0]) {
            return Err(format!(
                "the chosen environment is not the one tab stop: {tabs}"
            ));
        }
        s.press(&[keys::LEFT])?;
        focused_is(
            s,
            "Sandbox again",
            "e.dataset.env === 'sandbox' && e.getAttribute('aria-checked') === 'true'",
        )?;
        wait(
            s,
            "nothing refused",
            "return document.getElementById('set-clientId-msg')?.textContent === ''",
        )?;
        Ok(())
    });
}

#[test]
fn the_rail_says_each_steps_state_names_its_collapsed_dots_and_keeps_still_for_reduced_motion() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let mut env = env("rail", json!({}));
    // GTK's "no animations" is what WebKitGTK reports as prefers-reduced-motion.
    let config = env.export_dir.with_file_name("xdg-config");
    std::fs::create_dir_all(config.join("gtk-3.0")).expect("config dir");
    std::fs::write(
        config.join("gtk-3.0/settings.ini"),
        "[Settings]\ngtk-enable-animations=false\n",
    )
    .expect("settings.ini");
    env.options
        .env
        .push(("XDG_CONFIG_HOME".into(), config.display().to_string()));
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("rail_states", |s| {
        wait_title(s, "Sign in to Amazon Ads")?;
        let reduced = s.execute("return matchMedia('(prefers-reduced-motion: reduce)').matches", vec![])?;
        if reduced != json!(true) {
            return Err("the window does not see the system's reduced motion".into());
        }
        hold_browser(&env);
        click(s, "#signin-start")?;
        wait_title(s, "Continue in your browser")?;
        let spin = s.execute(
            "const b = document.querySelector('[data-step=signin]'); return {waiting: b.classList.contains('waiting'), \
             said: b.textContent, animation: getComputedStyle(b, '::after').animationName}",
            vec![],
        )?;
        if spin["waiting"] != json!(true) || spin["animation"] != json!("none") {
            return Err(format!("the rail's waiting mark still turns with reduced motion: {spin}"));
        }
        if !spin["said"].as_str().unwrap_or("").contains("waiting") {
            return Err(format!("the waiting step does not say so: {spin}"));
        }
        act_as_user(&env, "/ap/oa?", false)?;
        wait(s, "the agreement panel", "return !!document.querySelector('[data-testid=agreement-waiting]')")?;
        act_as_user(&env, "/terms/agreement/", true)?;
        release_browser(&env);
        wait_title(s, "Advertiser details")?;
        let states = s.execute(
            "return [...document.querySelectorAll('[data-step]')].map((b) => b.querySelector('.step-state').textContent)",
            vec![],
        )?;
        if states != json!([", done", ", done", "", ", not reached yet", ", not reached yet"]) {
            return Err(format!("the steps say {states}"));
        }
        register_named(s, "Counterfeit Deals", "counterfeit-deals.com")?;
        wait_title(s, "Amazon didn't approve this account")?;
        let failed = text(s, "[data-step=registration] .step-state")?;
        if failed != ", failed" {
            return Err(format!("the refused step says {failed:?}"));
        }
        // Collapsed (200%): each dot is named by a tooltip, and its words stay for screen readers.
        zoom(s, 2.0)?;
        let collapsed = s.execute(
            "const b = document.querySelector('[data-step=registration]'); return {title: b.title, \
             name: getComputedStyle(b.querySelector('.step-name')).position, width: document.querySelector('.rail').offsetWidth}",
            vec![],
        )?;
        zoom(s, 1.0)?;
        if collapsed["title"] != json!("Registration — failed") || collapsed["width"].as_u64().unwrap_or(999) > 80 {
            return Err(format!("the collapsed rail: {collapsed}"));
        }
        // Moving on to fix the details drops the old run's ×.
        click(s, "#edit-retry")?;
        wait_title(s, "Advertiser details")?;
        let after = s.execute(
            "const b = document.querySelector('[data-step=registration]'); return {failed: b.classList.contains('failed'), said: b.querySelector('.step-state').textContent}",
            vec![],
        )?;
        if after["failed"] != json!(false) {
            return Err(format!("the rail keeps the old run's red × after moving on: {after}"));
        }
        Ok(())
    });
}
