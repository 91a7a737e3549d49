//! Issue 14's cases through the real binary: a business without accountName (exit 2,
//! naming the field), a multi-country seller partly refused (exit 10, the partial account
//! printed), a seller the user cannot act for (exit 2 on the seller field), GB sent as UK,
//! and the sandbox knobs played from a config file given to `ads-onboard-cli sandbox`.

use super::common::{err_json, json, Env, Running, TempDir, BIN, HAVEN_HOTEL};
use std::process::Command;
use std::time::Duration;

#[test]
fn a_business_without_an_account_name_exits_2_naming_the_field() {
    let env = Env::new("no-name", |_| {});
    let text = HAVEN_HOTEL.replace(r#""accountName":"Haven Hotel","#, "");
    assert!(!text.contains("accountName"));
    let f = env.write("no-name.json", &text);
    let out = env
        .cli()
        .args(["--json", "register", "--no-browser", "--from"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = err_json(&out.stderr);
    assert_eq!(err["error"]["field"], "accountName");
    assert_eq!(err["error"]["code"], "BAD_INPUT");
    // Refused before anything reached Amazon.
    let audit = env.audit();
    assert!(audit.accounts.is_empty());
    assert!(!audit.requests_by_method.contains_key("POST /adsAccounts"));
}

#[test]
fn a_partly_refused_seller_exits_10_and_prints_the_partial_account() {
    let env = Env::new("partly-refused", |c| {
        c.auto_accept_terms = Some(Duration::ZERO);
        c.seller_countries = vec!["US".into(), "CA".into(), "UK".into()];
        c.partially_created_fail_countries = vec!["UK".into()];
    });
    env.sign_in();
    let f = env.write(
        "seller.json",
        r#"{"associations":[{"amazonSeller":{"sellerCentralAccount":"A6DEQ9LYHIBE8"}}]}"#,
    );
    let out = env
        .cli()
        .args(["register", "--no-browser", "--timeout", "20", "--from"])
        .arg(&f)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(10), "{stderr}");
    let a = json(&out.stdout);
    assert_eq!(a["status"], "PARTIALLY_CREATED");
    assert_eq!(a["registrationState"], "partlyRefused");
    assert_eq!(a["errors"]["UK"][0]["errorCode"], "COUNTRY_NOT_ELIGIBLE");
    let profiles = a["profiles"].as_array().unwrap();
    for (country, usable) in [("US", true), ("CA", true), ("UK", false)] {
        let p = profiles
            .iter()
            .find(|p| p["countryCode"] == country)
            .unwrap_or_else(|| panic!("{country} in {a}"));
        assert_eq!(p["profileId"].is_string(), usable, "{p}");
    }
    // Stopped with what is usable, in plain words; not "Amazon has not finished".
    assert!(stderr.contains("refused UK"), "{stderr}");
    assert!(!stderr.contains("has not finished"), "{stderr}");
}

#[test]
fn a_seller_the_user_cannot_act_for_exits_2_on_the_seller_field() {
    let env = Env::new("no-access", |c| c.auto_accept_terms = Some(Duration::ZERO));
    env.sign_in();
    let f = env.write(
        "seller.json",
        r#"{"associations":[{"amazonSeller":{"sellerCentralAccount":"A0NOACCESS0SELLER"}}]}"#,
    );
    let out = env
        .cli()
        .args(["--json", "register", "--no-browser", "--from"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = err_json(&out.stderr);
    assert_eq!(err["error"]["code"], "REJECTED");
    assert_eq!(err["error"]["field"], "amazonSeller.sellerCentralAccount");
    assert!(
        err["error"]["message"].as_str().unwrap().contains("403"),
        "{err}"
    );
    assert!(env.audit().accounts.is_empty());
}

#[test]
fn gb_as_typed_is_registered_as_uk() {
    let env = Env::new("gb", |c| c.auto_accept_terms = Some(Duration::ZERO));
    env.sign_in();
    let f = env.write(
        "vendor.json",
        r#"{"countryCodes":["gb"],"associations":[{"amazonVendor":{"vendorGroup":"6943231"}}]}"#,
    );
    let out = env
        .cli()
        .args(["register", "--no-browser", "--from"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let audit = env.audit();
    assert_eq!(audit.accounts.len(), 1);
    let countries: Vec<&str> = audit.accounts[0]
        .countries
        .iter()
        .map(|c| c.country_code.as_str())
        .collect();
    assert_eq!(countries, ["UK"]);
}

/// The knobs from a config file given to `ads-onboard-cli sandbox`: a storm of 429s on
/// POST /adsAccounts, float errorIds, one malformed account in the list, a 404 window
/// after the 201 and late token redemption. A registration through it still exits 0.
#[test]
fn knobs_from_a_sandbox_config_file_are_survived_end_to_end() {
    let env = Env::new("knobs", |_| {});
    let dir = TempDir::new("knobs-sandbox");
    let cfg = dir.path().join("sandbox.json");
    let config = serde_json::json!({
        "allowed_return_urls": [env.redirect_uri],
        "auto_accept_terms_ms": 0,
        "verification_delay_ms": 100,
        "verification_delay_max_ms": 100,
        "profile_lag_ms": 0,
        "faults": [{"path": "/adsAccounts", "method": "POST", "status": 429, "count": 3}],
        "error_ids_as_floats": true,
        "malformed_list_account": true,
        "not_found_after_register_ms": 300,
        "redeem_terms_when_verified": true
    });
    std::fs::write(&cfg, config.to_string()).unwrap();
    let mut cmd = Command::new(BIN);
    cmd.args(["sandbox", "--port", "0", "--auto-approve", "--config"])
        .arg(&cfg)
        .env_remove("ADS_ONBOARD_DATA_DIR");
    let running = Running::spawn(cmd);
    running.wait_line(|l| l.contains("Press Ctrl-C"));
    let base = running
        .stderr
        .lock()
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Use it from other commands: export ADS_ONBOARD_SANDBOX_URL="))
        .expect("the sandbox says how to use it")
        .to_string();
    let sign_in = env
        .cli()
        .env("ADS_ONBOARD_SANDBOX_URL", &base)
        .env("BROWSER", env.browser())
        .args(["sign-in", "--timeout", "30"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(
        sign_in.status.success(),
        "{}",
        String::from_utf8_lossy(&sign_in.stderr)
    );
    let f = env.write("haven.json", HAVEN_HOTEL);
    let out = env
        .cli()
        .env("ADS_ONBOARD_SANDBOX_URL", &base)
        .args(["register", "--no-browser", "--timeout", "20", "--from"])
        .arg(&f)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(json(&out.stdout)["status"], "CREATED");
    assert!(stderr.contains("Amazon is busy"), "{stderr}");
    // The list with its malformed item is still listed, minus that item.
    let out = env
        .cli()
        .env("ADS_ONBOARD_SANDBOX_URL", &base)
        .args(["accounts", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed = json(&out.stdout);
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    // Exactly one account at Amazon: three 429s, none counted, none reconciled.
    let audit: serde_json::Value = env.rt.block_on(async {
        ads_onboard_core::http::client()
            .get(format!("{base}/__sandbox/audit"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    assert_eq!(audit["accounts"].as_array().unwrap().len(), 1, "{audit}");
    assert_eq!(
        audit["requests_by_method"]["POST /adsAccounts"], 4,
        "{audit}"
    );
    drop(running);
}

/// What the window's History shows, the CLI says too.
#[test]
fn accounts_says_when_an_account_could_not_be_read() {
    let env = Env::new("unreadable", |c| {
        c.auto_accept_terms = Some(Duration::ZERO);
        c.malformed_list_account = true;
    });
    env.sign_in();
    let out = env.cli().args(["accounts"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 account could not be read"), "{stderr}");
}
