//! register / resume / status: the created account on stdout, CSV and given terms tokens,
//! bad input, and interrupted registrations finished by `resume` without a second account.

use super::common::{err_json, json, Env, Running, HAVEN_HOTEL};
use std::time::Duration;

#[test]
fn register_json_accepts_terms_in_the_browser_and_prints_the_created_account() {
    let env = Env::new("reg-json", |_| {});
    env.sign_in();
    let details = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/haven-hotel.json");
    let mut cmd = env.command();
    cmd.args(["register", "--from"])
        .arg(&details)
        .env("BROWSER", env.accepting_browser());
    let run = Running::spawn(cmd);
    let url = run.wait_line(|l| l.contains("/terms/agreement/"));
    assert!(
        url.starts_with(&env.base) && !url.contains(' '),
        "termsUrl alone on its line: {url}"
    );
    let stderr = run.stderr.clone();
    let (code, stdout) = run.finish();
    assert_eq!(code, Some(0), "{}", stderr.lock().unwrap());
    let a = json(stdout.as_bytes());
    assert_eq!(a["status"], "CREATED");
    assert_eq!(a["accountName"], "Haven Hotel");
    assert!(a["adsAccountId"]
        .as_str()
        .unwrap()
        .starts_with("amzn1.ads-account.g."));
    let alt = a["alternateIds"].as_array().unwrap();
    assert!(alt
        .iter()
        .any(|x| x["countryCode"] == "US" && !x["profileId"].is_null()));
    assert!(alt
        .iter()
        .any(|x| x["countryCode"] == "US" && !x["entityId"].is_null()));
    assert_eq!(a["profiles"][0]["countryCode"], "US");
    assert!(!a["profiles"][0]["profileId"].is_null());
    assert_eq!(
        env.opened().last(),
        Some(&url),
        "the termsUrl was opened with BROWSER"
    );
    let audit = env.audit();
    assert_eq!(audit.accounts.len(), 1);
    assert_eq!(
        audit.accounts[0].ads_account_id,
        a["adsAccountId"].as_str().unwrap()
    );
    assert_eq!(audit.terms_tokens[0].status, "REDEEMED");
}

#[test]
fn register_csv_with_an_accepted_terms_token_and_status() {
    let env = Env::new("reg-csv", |_| {});
    env.sign_in();
    let t = env.cli().arg("terms").output().unwrap();
    let token = json(&t.stdout)["termsToken"].as_str().unwrap().to_string();
    assert!(env.sandbox.control().accept_terms(&token));
    let csv = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/sellers.csv");
    let out = env
        .cli()
        .args([
            "register",
            "--no-browser",
            "--terms-token",
            &token,
            "--from",
        ])
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a = json(&out.stdout);
    assert_eq!(a["status"], "CREATED");
    assert_eq!(a["accountName"], "Acme Home Goods");
    let audit = env.audit();
    assert_eq!(audit.accounts.len(), 1);
    assert_eq!(audit.accounts[0].kind, "amazonSeller");
    assert_eq!(
        audit.accounts[0].partner_id.as_deref(),
        Some("A6DEQ9LYHIBE8")
    );
    assert_eq!(
        audit.accounts[0].terms_token.as_deref(),
        Some(token.as_str())
    );
    assert_eq!(audit.terms_tokens.len(), 1, "no second token was created");

    let id = a["adsAccountId"].as_str().unwrap();
    let out = env.cli().args(["status", id]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(json(&out.stdout)["status"], "CREATED");
    let out = env.cli().args(["status", id, "--wait"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = env
        .cli()
        .args(["--json", "status", "amzn1.ads-account.g.nothere"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(err_json(&out.stderr)["error"]["code"], "NOT_FOUND");
}

#[test]
fn bad_details_exit_2_naming_the_field_before_anything_is_sent() {
    let env = Env::new("reg-bad", |_| {});
    env.sign_in();
    let bad_zip = HAVEN_HOTEL.replace("\"10001\"", "\"ABCDE\"");
    let cases: Vec<(String, &str)> = vec![
        (bad_zip, "zipCode"),
        ("{\"accountName\": \"x\"}".into(), "--from"),
        ("{not json".into(), "--from"),
    ];
    for (i, (text, field)) in cases.iter().enumerate() {
        let f = env.write(&format!("bad{i}.json"), text);
        let out = env
            .cli()
            .args(["--json", "register", "--no-browser", "--from"])
            .arg(&f)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "case {i}");
        let err = err_json(&out.stderr);
        assert!(
            err["error"]["field"].as_str().unwrap().contains(field),
            "case {i}: {err}"
        );
        assert!(out.stdout.is_empty());
    }
    let out = env
        .cli()
        .args(["register", "--from", "/nonexistent/details.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from"));
    let two = env.write(
        "two.csv",
        "type,sellerCentralAccount\nseller,A6DEQ9LYHIBE8\nseller,A7DEQ9LYHIBE9\n",
    );
    let out = env
        .cli()
        .args(["register", "--from"])
        .arg(&two)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("one at a time"));
    let audit = env.audit();
    assert!(audit.accounts.is_empty());
    assert!(audit.terms_tokens.is_empty(), "nothing reached Amazon");
}

/// The acceptance criterion: kill `register` while the account is PENDING, finish with
/// `resume`, and the sandbox holds exactly one account.
#[test]
fn interrupted_register_is_finished_by_resume_with_one_account() {
    let env = Env::new("reg-resume", |c| {
        c.auto_accept_terms = Some(Duration::ZERO);
        c.verification_delay = Duration::from_millis(2000);
        c.verification_delay_max = Duration::from_millis(2000);
    });
    env.sign_in();
    let f = env.write("haven.json", HAVEN_HOTEL);
    let mut cmd = env.command();
    cmd.args(["register", "--no-browser", "--from"]).arg(&f);
    let mut run = Running::spawn(cmd);
    run.wait_line(|l| l.contains("is PENDING"));
    run.child.kill().unwrap();
    let (code, stdout) = run.finish();
    // SIGKILL on Unix; TerminateProcess on Windows, which leaves exit code 1.
    let killed = if cfg!(windows) { Some(1) } else { None };
    assert_eq!(code, killed, "killed, not finished");
    assert!(stdout.is_empty());
    let audit = env.audit();
    assert_eq!(audit.accounts.len(), 1);
    assert_eq!(
        audit.accounts[0].status, "PENDING",
        "interrupted while PENDING"
    );

    let out = env.cli().args(["history"]).output().unwrap();
    let reg = json(&out.stdout)[0].clone();
    assert_eq!(reg["state"], "pending");

    let out = env
        .cli()
        .args(["resume"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a = json(&out.stdout);
    assert_eq!(a["status"], "CREATED");
    assert_eq!(a["registrationId"], reg["registrationId"]);
    let audit = env.audit();
    assert_eq!(audit.accounts.len(), 1, "exactly one account");
    assert_eq!(
        audit.accounts[0].ads_account_id,
        a["adsAccountId"].as_str().unwrap()
    );
    assert_eq!(
        audit.requests_by_method.get("POST /adsAccounts").copied(),
        Some(1),
        "registered once"
    );

    // Nothing left to resume; resuming by ID of a finished one is harmless.
    let out = env.cli().args(["--json", "resume"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(err_json(&out.stderr)["error"]["code"], "NOTHING_TO_RESUME");
    let id = a["adsAccountId"].as_str().unwrap();
    let out = env.cli().args(["resume", id]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = env
        .cli()
        .args(["--json", "resume", "reg-unknown"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(env.audit().accounts.len(), 1);
}

/// Ctrl-C while PENDING: exit 130 with the resume command; the registration is kept.
/// Unix only: the test sends SIGINT (Windows has no signal to send to one process's Ctrl-C).
#[cfg(unix)]
#[test]
fn ctrl_c_while_pending_says_how_to_resume() {
    let env = Env::new("reg-sigint", |c| {
        c.auto_accept_terms = Some(Duration::ZERO);
        c.verification_delay = Duration::from_secs(3600);
        c.verification_delay_max = Duration::from_secs(3600);
    });
    env.sign_in();
    let f = env.write("haven.json", HAVEN_HOTEL);
    let mut cmd = env.command();
    cmd.args(["register", "--no-browser", "--from"]).arg(&f);
    let run = Running::spawn(cmd);
    let started = run.wait_line(|l| l.starts_with("Registration reg-"));
    let reg_id = started.split_whitespace().nth(1).unwrap().to_string();
    run.wait_line(|l| l.contains("is PENDING"));
    let status = std::process::Command::new("kill")
        .args(["-INT", &run.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let stderr = run.stderr.clone();
    let (code, stdout) = run.finish();
    assert_eq!(code, Some(130));
    assert!(stdout.is_empty());
    assert!(stderr.lock().unwrap().contains(&format!(
        "Interrupted. Continue with `ads-onboard-cli resume {reg_id}`"
    )));
    let out = env.cli().args(["history"]).output().unwrap();
    assert_eq!(json(&out.stdout)[0]["state"], "pending");
}

/// Nobody accepted the agreement in time: exit 12 with the termsUrl in the JSON; `resume`
/// shows and opens the same termsUrl again, and finishes once it is accepted.
#[test]
fn agreement_not_accepted_in_time_is_resumable() {
    let env = Env::new("reg-terms-late", |_| {});
    env.sign_in();
    let out = env
        .cli()
        .args([
            "register",
            "--no-browser",
            "--timeout",
            "0.3",
            "--from",
            "-",
        ])
        .write_stdin(HAVEN_HOTEL)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(12),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = json(&out.stdout);
    assert_eq!(r["registrationState"], "timedOut");
    let terms_url = r["termsUrl"].as_str().unwrap().to_string();
    assert!(r["adsAccountId"].is_null());
    assert!(env.audit().accounts.is_empty());

    let out = env
        .cli()
        .args(["resume", r["registrationId"].as_str().unwrap()])
        .env("BROWSER", env.accepting_browser())
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.lines().any(|l| l == terms_url),
        "termsUrl shown again"
    );
    assert_eq!(env.opened().last(), Some(&terms_url));
    assert_eq!(json(&out.stdout)["status"], "CREATED");
    assert_eq!(env.audit().accounts.len(), 1);
    assert_eq!(
        env.audit().terms_tokens.len(),
        1,
        "the same agreement, not a new one"
    );
}
