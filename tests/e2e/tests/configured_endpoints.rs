//! The window pointed at endpoints through its settings, not at its built-in sandbox: a
//! sandbox started on its own with `ads-onboard-cli sandbox`, reached through
//! `ADS_ONBOARD_AUTH_URL`, `_TOKEN_URL` and `_API_URL`. Sign-in, the agreement and the
//! registration all go there, and the links the app opens are that sandbox's.

#[path = "wizard_support/mod.rs"]
mod support;

use ads_onboard_e2e::{Harness, ONE_WINDOW_AT_A_TIME};
use serde_json::json;
use support::*;

#[test]
fn the_window_registers_through_a_sandbox_given_by_its_endpoint_settings() {
    let _one = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let mut env = env("endpoints", json!({}));
    let redirect = env
        .options
        .env
        .iter()
        .find(|(k, _)| k == "ADS_ONBOARD_REDIRECT_URI")
        .map(|(_, v)| v.clone())
        .expect("a return URL");
    let scratch = env.export_dir.with_file_name("cli-sandbox");
    let (mut sandbox, base) = cli_sandbox(&scratch, &redirect, json!({})).expect("CLI sandbox");
    for (k, v) in [
        ("ADS_ONBOARD_AUTH_URL", format!("{base}/ap/oa")),
        ("ADS_ONBOARD_TOKEN_URL", format!("{base}/auth/o2/token")),
        ("ADS_ONBOARD_API_URL", base.clone()),
    ] {
        env.options.env.push((k.to_string(), v));
    }
    let harness = Harness::start(env.options.clone()).expect("harness");
    harness.run("configured_endpoints", |s| {
        sign_in_to_details(s)?;
        fill_business(
            s,
            &Business {
                account_name: "Elsewhere Lodge",
                legal_name: "Elsewhere Lodge LLC",
                website: "www.elsewherelodge.com",
                zip: "10001",
            },
        )?;
        attest_and_submit(s)?;
        wait_title(s, "Elsewhere Lodge")?;
        let log = browser_log(&env);
        let sent: Vec<&str> = log.lines().filter(|l| l.starts_with("http")).collect();
        if sent.is_empty() || !sent.iter().all(|u| u.starts_with(&base)) {
            return Err(format!("the browser was sent elsewhere than {base}: {log}"));
        }
        Ok(())
    });
    // The account exists in the CLI's sandbox, and no built-in one was started.
    let audit = std::process::Command::new("curl")
        .args([
            "-sS",
            "--max-time",
            "10",
            &format!("{base}/__sandbox/audit"),
        ])
        .output()
        .expect("curl");
    let _ = sandbox.kill();
    let _ = sandbox.wait();
    let audit: serde_json::Value = serde_json::from_slice(&audit.stdout).expect("audit JSON");
    let names: Vec<&str> = audit["accounts"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["account_name"].as_str().or(x["accountName"].as_str()))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(names, ["Elsewhere Lodge"], "{audit}");
    assert!(
        !harness.data_dir.join("sandbox").exists(),
        "no built-in sandbox was started"
    );
}
