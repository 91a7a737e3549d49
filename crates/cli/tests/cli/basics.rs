//! Help, completions, usage errors, the standalone sandbox, and the list commands.

use super::common::{err_json, json, Env, Running, TempDir, BIN};
use std::process::Command;

const SUBCOMMANDS: [&str; 13] = [
    "sign-in",
    "sign-out",
    "whoami",
    "terms",
    "register",
    "resume",
    "status",
    "accounts",
    "profiles",
    "export",
    "history",
    "sandbox",
    "completions",
];

#[test]
fn every_subcommand_has_help() {
    let top = assert_cmd::Command::new(BIN)
        .arg("--help")
        .output()
        .unwrap();
    assert!(top.status.success());
    let top = String::from_utf8(top.stdout).unwrap();
    for sub in SUBCOMMANDS {
        assert!(top.contains(sub), "top-level help lists {sub}");
        let out = assert_cmd::Command::new(BIN)
            .args([sub, "--help"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{sub} --help");
        let text = String::from_utf8(out.stdout).unwrap();
        // The CLI names itself, so Windows says `ads-onboard-cli` too, not the `.exe` it ran.
        let usage = format!("Usage: ads-onboard-cli {sub}");
        assert!(
            text.contains(&usage),
            "{sub} --help shows its usage:\n{text}"
        );
    }
    let reg = assert_cmd::Command::new(BIN)
        .args(["register", "--help"])
        .output()
        .unwrap();
    let reg = String::from_utf8(reg.stdout).unwrap();
    for flag in [
        "--from",
        "--terms-token",
        "--no-wait",
        "--timeout",
        "--poll-interval",
    ] {
        assert!(reg.contains(flag), "register --help documents {flag}");
    }
    assert!(reg.contains("12 timed out while PENDING"));
}

#[test]
fn completions_are_generated_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _ads__onboard__cli"),
        ("zsh", "#compdef ads-onboard-cli"),
        ("fish", "complete -c ads-onboard-cli"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "ads-onboard-cli"),
    ] {
        let out = assert_cmd::Command::new(BIN)
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "completions {shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(marker), "{shell} script has {marker:?}");
        assert!(
            text.contains("register"),
            "{shell} script completes subcommands"
        );
    }
}

#[test]
fn usage_errors_exit_2_and_name_the_argument_in_json() {
    let out = assert_cmd::Command::new(BIN)
        .args(["--json", "profiles", "--region", "XX"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = err_json(&out.stderr);
    assert_eq!(err["error"]["code"], "BAD_INPUT");
    assert_eq!(err["error"]["field"], "--region");
    assert!(err["error"]["message"]
        .as_str()
        .unwrap()
        .contains("use NA, EU or FE"));
    assert!(out.stdout.is_empty(), "nothing on stdout for an error");

    let out = assert_cmd::Command::new(BIN)
        .args(["--json", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(err_json(&out.stderr)["error"]["field"], "<ID>");

    let out = assert_cmd::Command::new(BIN)
        .args(["export", "amzn1.ads-account.g.x", "--format", "xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("xml"));
}

#[test]
fn a_bad_poll_interval_from_the_environment_is_bad_input() {
    let env = Env::new("poll-env", |_| {});
    let out = env
        .cli()
        .args(["--json", "whoami"])
        .env("ADS_ONBOARD_POLL_INTERVAL", "soon")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = err_json(&out.stderr);
    assert!(err["error"]["field"]
        .as_str()
        .unwrap()
        .contains("poll-interval"));
}

#[test]
fn sandbox_subcommand_prints_its_base_url_and_keeps_state_in_the_data_dir() {
    let dir = TempDir::new("standalone");
    let cfg = dir.path().join("sandbox.json");
    std::fs::write(
        &cfg,
        r#"{"profile_lag_ms": 7, "verification_delay_ms": 9000}"#,
    )
    .unwrap();
    let mut cmd = Command::new(BIN);
    cmd.args(["sandbox", "--port", "0", "--auto-approve", "--data-dir"])
        .arg(dir.path())
        .arg("--config")
        .arg(&cfg)
        .args(["--verification-delay", "0.25", "--auto-accept-terms", "0.1"])
        .args(["--client-id", "amzn1.application-oa2-client.cli0test"])
        .args(["--client-secret", "s3cret-value"])
        .args(["--allowed-return-url", "http://127.0.0.1:9/cb"])
        .env_remove("ADS_ONBOARD_DATA_DIR");
    let running = Running::spawn(cmd);
    running.wait_line(|l| l.contains("Press Ctrl-C"));
    let stderr = running.stderr.lock().unwrap().clone();
    let base = stderr
        .lines()
        .find_map(|l| l.strip_prefix("Use it from other commands: export ADS_ONBOARD_SANDBOX_URL="))
        .expect("the sandbox says how to use it")
        .to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    assert!(stderr.contains(&format!("EU {base}/eu")) && stderr.contains(&format!("FE {base}/fe")));
    // The Ads API answers (401 without a token: it is the real thing, not a stub).
    let rt = tokio::runtime::Runtime::new().unwrap();
    let status = rt.block_on(async {
        ads_onboard_core::http::client()
            .get(format!("{base}/eu/v2/profiles"))
            .send()
            .await
            .unwrap()
            .status()
    });
    assert_eq!(status.as_u16(), 401);
    // The config file, then the flags on top of it.
    let config: serde_json::Value = rt.block_on(async {
        reqwest::get(format!("{base}/__sandbox/config"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    assert_eq!(config["profile_lag_ms"], 7, "from the file");
    assert_eq!(config["verification_delay_ms"], 250, "the flag wins");
    assert_eq!(config["auto_accept_terms_ms"], 100);
    assert_eq!(config["auto_approve"], true);
    assert_eq!(config["client_id"], "amzn1.application-oa2-client.cli0test");
    assert_eq!(
        config["allowed_return_urls"],
        serde_json::json!(["http://127.0.0.1:9/cb"])
    );
    assert!(
        !config.to_string().contains("s3cret-value"),
        "the secret is redacted"
    );
    assert!(!stderr.contains("s3cret-value"));
    assert!(dir.path().join("sandbox").join("sandbox.sqlite3").exists());
    // The first stdout line is the base URL alone.
    let mut child = running;
    let _ = child.child.kill();
    let (_, stdout) = child.finish();
    assert_eq!(stdout.lines().next(), Some(base.as_str()));
}

#[test]
fn sandbox_subcommand_refuses_a_bad_config_file() {
    let dir = TempDir::new("badcfg");
    let cfg = dir.path().join("sandbox.json");
    std::fs::write(&cfg, "{\"verification_delay_ms\": \"soon\"}").unwrap();
    let out = assert_cmd::Command::new(BIN)
        .args(["--json", "sandbox", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(err_json(&out.stderr)["error"]["field"], "--config");
}

#[test]
fn commands_that_need_a_sign_in_say_so() {
    let env = Env::new("signed-out", |_| {});
    for args in [
        vec!["whoami"],
        vec!["terms"],
        vec!["accounts"],
        vec!["profiles"],
        vec!["status", "amzn1.ads-account.g.abc"],
    ] {
        let out = env.cli().arg("--json").args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = err_json(&out.stderr);
        assert_eq!(err["error"]["code"], "SIGN_IN_REQUIRED", "{args:?}: {err}");
    }
}

#[test]
fn accounts_profiles_and_history_in_every_format() {
    let env = Env::new("lists", |_| {});
    env.sign_in();
    let details = env.write("haven.json", super::common::HAVEN_HOTEL);
    let out = env
        .cli()
        .args(["register", "--from"])
        .arg(&details)
        .env("BROWSER", env.accepting_browser())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let account = json(&out.stdout);
    let id = account["adsAccountId"].as_str().unwrap().to_string();
    let profile = account["profiles"][0]["profileId"]
        .as_str()
        .unwrap()
        .to_string();

    let out = env.cli().args(["accounts"]).output().unwrap();
    assert!(out.status.success());
    let list = json(&out.stdout);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["adsAccountId"], id.as_str());

    let out = env
        .cli()
        .args(["accounts", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        csv.lines().next(),
        Some("adsAccountId,accountName,status,countries,profileIds")
    );
    assert!(
        csv.contains(&format!("{id},Haven Hotel,CREATED,US,US:{profile}")),
        "{csv}"
    );

    let out = env
        .cli()
        .args(["accounts", "--format", "table"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.starts_with("adsAccountId  "), "{table}");
    assert!(table.contains(&id));

    let out = env.cli().args(["profiles"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let profiles = json(&out.stdout);
    assert!(profiles
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["profileId"].to_string().contains(&profile)));
    let out = env
        .cli()
        .args(["profiles", "--region", "EU", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("profileId,countryCode"));
    assert!(
        !csv.contains(&profile),
        "a US profile is not on the EU host"
    );

    let out = env.cli().args(["history"]).output().unwrap();
    let history = json(&out.stdout);
    assert_eq!(history[0]["adsAccountId"], id.as_str());
    assert_eq!(history[0]["state"], "created");
    let out = env
        .cli()
        .args(["history", "--format", "csv"])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains(&id));

    // export: JSON to stdout, CSV to a file, by account or registration ID.
    let out = env
        .cli()
        .args(["export", &id, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let exported = json(&out.stdout);
    assert_eq!(exported[0]["accountId"], id.as_str());
    assert_eq!(exported[0]["countries"][0]["country"], "US");
    assert_eq!(
        exported[0]["countries"][0]["billingStatus"],
        "PENDING_BILLING_REGISTRATION"
    );
    let file = env.dir.path().join("export.csv");
    let reg_id = account["registrationId"].as_str().unwrap();
    let out = env
        .cli()
        .args(["export", reg_id, "--format", "csv", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(csv.starts_with("accountId,accountName,status,country,profileId"));
    assert!(csv.contains(&profile));

    let out = env
        .cli()
        .args([
            "--json",
            "export",
            "amzn1.ads-account.g.unknown",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(err_json(&out.stderr)["error"]["code"], "NOT_FOUND");
}
