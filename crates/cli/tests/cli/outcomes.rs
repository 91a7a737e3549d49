//! How each end of a registration maps to the exit code, with the JSON still on stdout:
//! refused (2), DISABLED (11), PARTIALLY_CREATED at the limit (10), PENDING at the
//! limit (12), and `--no-wait`.

use super::common::{err_json, json, Env, HAVEN_HOTEL};
use std::time::Duration;

#[test]
fn amazon_refusing_the_request_is_bad_input_with_the_field() {
    let env = Env::new("reg-400", |c| c.auto_accept_terms = Some(Duration::ZERO));
    env.sign_in();
    // Well-formed for our checks but refused by Amazon: a country it does not serve.
    let f = env.write(
        "zz.json",
        r#"{"countryCodes":["ZZ"],"associations":[{"amazonSeller":{"sellerCentralAccount":"A6DEQ9LYHIBE8"}}]}"#,
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
    assert_eq!(err["error"]["exitCode"], 2);
    assert_eq!(err["error"]["code"], "REJECTED");
    assert!(
        err["error"]["field"]
            .as_str()
            .unwrap()
            .contains("ountryCode"),
        "{err}"
    );
    let reg = json(&out.stdout);
    assert_eq!(reg["registrationState"], "rejected");
    assert!(env.audit().accounts.is_empty());
}

#[test]
fn disabled_exits_11() {
    let env = Env::new("reg-disabled", |c| {
        c.auto_accept_terms = Some(Duration::ZERO)
    });
    env.sign_in();
    let text = HAVEN_HOTEL.replace("www.havenhotel.com", "www.counterfeit-deals.com");
    let f = env.write("blocked.json", &text);
    let out = env
        .cli()
        .args(["register", "--no-browser", "--from"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(11),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a = json(&out.stdout);
    assert_eq!(a["status"], "DISABLED");
    assert_eq!(a["errors"]["US"][0]["errorCode"], "BUSINESS_NOT_ELIGIBLE");
    assert_eq!(a["registrationState"], "disabled");
}

#[test]
fn still_partially_created_at_the_time_limit_exits_10() {
    let env = Env::new("reg-partial", |c| {
        c.auto_accept_terms = Some(Duration::ZERO);
        c.partially_created_stay = true;
    });
    env.sign_in();
    let f = env.write(
        "vendor.json",
        r#"{"associations":[{"amazonVendor":{"vendorGroup":"6943231"}}]}"#,
    );
    let out = env
        .cli()
        .args(["register", "--no-browser", "--timeout", "1", "--from"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(10),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a = json(&out.stdout);
    assert_eq!(a["status"], "PARTIALLY_CREATED");
    assert_eq!(a["registrationState"], "timedOut");
    let id = a["adsAccountId"].as_str().unwrap();
    let out = env
        .cli()
        .args(["status", id, "--wait", "--timeout", "0.3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(10));
}

#[test]
fn pending_at_the_time_limit_exits_12_and_no_wait_returns_at_once() {
    let env = Env::new("reg-pending", |c| {
        c.auto_accept_terms = Some(Duration::ZERO);
        c.verification_delay = Duration::from_secs(3600);
        c.verification_delay_max = Duration::from_secs(3600);
    });
    env.sign_in();
    let f = env.write("haven.json", HAVEN_HOTEL);
    let out = env
        .cli()
        .args(["register", "--no-browser", "--timeout", "0.5", "--from"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(12),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a = json(&out.stdout);
    assert_eq!(a["status"], "PENDING");
    assert_eq!(a["registrationState"], "timedOut");
    let reg_id = a["registrationId"].as_str().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!(
        "Continue later with `ads-onboard-cli resume {reg_id}`"
    )));
    let id = a["adsAccountId"].as_str().unwrap().to_string();
    let path = format!("/adsAccounts/{id}");
    let gets = || env.audit().requests.get(&path).copied().unwrap_or(0);
    // --poll-interval sets the pace of every wait: many checks in 1 s at 0.05 s; at the
    // default 4 s, one check and a last one when the 0.5 s limit ends.
    let before = gets();
    let out = env
        .cli()
        .args([
            "status",
            &id,
            "--wait",
            "--timeout",
            "1",
            "--poll-interval",
            "0.05",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(12));
    assert!(gets() - before >= 4, "polled at 0.05 s");
    let before = gets();
    let out = env
        .cli()
        .env_remove("ADS_ONBOARD_POLL_INTERVAL")
        .args(["status", &id, "--wait", "--timeout", "0.5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(12));
    let n = gets() - before;
    assert!(
        (1..=2).contains(&n),
        "the default interval is seconds, not milliseconds: {n} checks"
    );

    let seller = env.write("seller.csv", "sellerCentralAccount\nA9NOWAIT0SELLER\n");
    let out = env
        .cli()
        .args(["register", "--no-browser", "--no-wait", "--from"])
        .arg(&seller)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out.stdout)["status"], "PENDING");
    assert_eq!(env.audit().accounts.len(), 2);
}
