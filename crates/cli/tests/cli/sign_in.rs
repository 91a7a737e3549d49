//! sign-in (browser, pasted redirect, embedded sandbox), whoami, sign-out, terms.

use super::common::{err_json, json, Env, Running};
use std::io::Write;
use std::time::Duration;

fn authorize_url(line: &str) -> bool {
    line.contains("/ap/oa?")
}

#[test]
fn sign_in_opens_the_browser_from_browser_env_then_whoami_and_sign_out() {
    let env = Env::new("browser", |_| {});
    let mut cmd = env.command();
    cmd.args(["sign-in"]).env("BROWSER", env.browser());
    let run = Running::spawn(cmd);
    // The authorize URL is alone on its own stderr line, with PKCE S256 and state.
    let url = run.wait_line(authorize_url);
    assert!(url.starts_with(&format!("{}/ap/oa?", env.base)), "{url}");
    assert!(url.contains("code_challenge_method=S256") && url.contains("state="));
    let (code, stdout) = run.finish();
    assert_eq!(code, Some(0));
    let user = json(stdout.as_bytes());
    assert_eq!(user["email"], "dana@havenhotel.com");
    assert_eq!(env.opened(), vec![url.clone()], "BROWSER was given the URL");
    let page = env.browser_page();
    assert!(
        page.contains("Signed in as <strong>Dana Whitfield"),
        "the browser tab says so: {page}"
    );

    let out = env.cli().arg("whoami").output().unwrap();
    assert!(out.status.success());
    let me = json(&out.stdout);
    assert_eq!(me["user"]["userId"], user["userId"]);
    assert_eq!(me["sandbox"], true);

    // Tokens are in the data folder's file store, never on stdout or stderr.
    let creds = std::fs::read_to_string(env.data_dir().join("credentials.json")).unwrap();
    assert!(creds.contains("Atzr|"), "the refresh token is stored");
    let stderr = run_stderr_of(&env, &["whoami"]);
    assert!(!stderr.contains("Atzr|") && !stdout.contains("Atzr|") && !stdout.contains("Atza|"));

    let out = env.cli().arg("sign-out").output().unwrap();
    assert!(out.status.success());
    assert_eq!(json(&out.stdout)["signedOut"][0]["userId"], user["userId"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("amazon.com/ap/adam"));
    let creds = std::fs::read_to_string(env.data_dir().join("credentials.json")).unwrap();
    assert!(
        !creds.contains("Atzr|"),
        "sign-out deletes the stored token"
    );
    let out = env.cli().args(["--json", "whoami"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(err_json(&out.stderr)["error"]["code"], "SIGN_IN_REQUIRED");
    let out = env.cli().args(["--json", "sign-out"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

fn run_stderr_of(env: &Env, args: &[&str]) -> String {
    let out = env.cli().args(args).output().unwrap();
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The browser runs "elsewhere": the test plays it, and the user pastes the address the
/// browser was redirected to. The loopback listener is never hit.
#[test]
fn sign_in_over_ssh_by_pasting_the_redirected_url() {
    let env = Env::new("paste", |_| {});
    let redirected_for = |url: &str| -> String {
        env.rt.block_on(async {
            let client = ads_onboard_core::http::client_builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap();
            let r = client.get(url).send().await.unwrap();
            assert_eq!(r.status().as_u16(), 302);
            r.headers()["location"].to_str().unwrap().to_string()
        })
    };

    // A tampered state is refused even when pasted.
    let mut cmd = env.command();
    cmd.args(["--json", "sign-in", "--no-browser"])
        .stdin(std::process::Stdio::piped());
    let mut run = Running::spawn(cmd);
    let url = run.wait_line(authorize_url);
    let location = redirected_for(&url);
    assert!(location.starts_with(&env.redirect_uri), "{location}");
    let tampered = location.replace("state=", "state=x");
    let mut stdin = run.child.stdin.take().unwrap();
    writeln!(stdin, "{tampered}").unwrap();
    let (code, stdout) = run.finish();
    assert_eq!(code, Some(1));
    assert!(stdout.is_empty());
    drop(stdin);

    let mut cmd = env.command();
    cmd.args(["sign-in", "--no-browser"])
        .stdin(std::process::Stdio::piped());
    let mut run = Running::spawn(cmd);
    let url = run.wait_line(authorize_url);
    run.wait_line(|l| l.contains("paste the address"));
    let location = redirected_for(&url);
    let mut stdin = run.child.stdin.take().unwrap();
    writeln!(stdin).unwrap();
    writeln!(stdin, "  {location}  ").unwrap();
    let stderr = run.stderr.clone();
    let (code, stdout) = run.finish();
    assert_eq!(code, Some(0), "{}", stderr.lock().unwrap());
    assert_eq!(json(stdout.as_bytes())["name"], "Dana Whitfield");
    assert!(env.opened().is_empty(), "--no-browser opens nothing");
    drop(stdin);
}

#[test]
fn sign_in_reports_a_busy_loopback_port() {
    let env = Env::new("busy", |_| {});
    let port: u16 = env.redirect_uri[17..]
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let _busy = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    let out = env
        .cli()
        .args(["--json", "sign-in", "--no-browser"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = err_json(&out.stderr);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("already in use"),
        "{err}"
    );
}

#[test]
fn sign_in_times_out_when_nobody_answers() {
    let env = Env::new("timeout", |_| {});
    let out = env
        .cli()
        .args(["--json", "sign-in", "--no-browser", "--timeout", "0.3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = err_json(&out.stderr);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("No answer from Amazon"),
        "{err}"
    );
}

#[test]
fn terms_prints_token_and_url_and_waits_for_acceptance_on_the_terms_page() {
    let env = Env::new("terms", |_| {});
    env.sign_in();
    let out = env.cli().arg("terms").output().unwrap();
    assert!(out.status.success());
    let t = json(&out.stdout);
    assert_eq!(t["termsTokenStatus"], "CREATED");
    let url = t["termsUrl"].as_str().unwrap().to_string();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.lines().any(|l| l == url),
        "termsUrl on its own stderr line"
    );

    // --wait returns once the user clicks Accept (a POST to termsUrl).
    let mut cmd = env.command();
    cmd.args(["terms", "--wait"]);
    let run = Running::spawn(cmd);
    let url = run.wait_line(|l| l.contains("/terms/agreement/"));
    run.wait_line(|l| l.contains("Waiting for the Ads Agreement"));
    env.rt.block_on(async {
        let r = ads_onboard_core::http::client()
            .post(&url)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    });
    let (code, stdout) = run.finish();
    assert_eq!(code, Some(0));
    let t = json(stdout.as_bytes());
    assert_eq!(t["termsTokenStatus"], "ACCEPTED");
    let token = t["termsToken"].as_str().unwrap();
    let audit = env.audit();
    let rec = audit
        .terms_tokens
        .iter()
        .find(|x| x.terms_token == token)
        .unwrap();
    assert_eq!(rec.status, "ACCEPTED");

    // --open hands the URL to BROWSER (one that does not accept); --timeout bounds the wait.
    let before = env.opened().len();
    let out = env
        .cli()
        .args(["--json", "terms", "--wait", "--open", "--timeout", "0.2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(err_json(&out.stderr)["error"]["code"], "TERMS_NOT_ACCEPTED");
    let opened = env.opened();
    assert_eq!(opened.len(), before + 1, "{opened:?}");
    assert!(opened[before].contains("/terms/agreement/"), "{opened:?}");
}

/// No sandbox URL: each command embeds a sandbox whose state lives in the data folder,
/// so a sign-in made by one process still works in the next.
#[test]
fn embedded_sandbox_keeps_the_sign_in_across_commands() {
    let env = Env::new("embedded", |_| {});
    let mut cmd = env.command();
    cmd.env_remove("ADS_ONBOARD_SANDBOX_URL")
        .args(["sign-in", "--no-browser"]);
    let run = Running::spawn(cmd);
    run.wait_line(|l| l.contains("embedded in this command"));
    let url = run.wait_line(authorize_url);
    // Play the consent page: Allow, with a name and work email.
    let parsed = url::Url::parse(&url).unwrap();
    let base = format!(
        "http://{}",
        parsed.host_str().unwrap().to_owned() + ":" + &parsed.port().unwrap().to_string()
    );
    assert_ne!(base, env.base, "a sandbox of its own");
    let mut form: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
    form.push(("decision".into(), "allow".into()));
    form.push(("email".into(), "ops@agency.example.com".into()));
    form.push(("name".into(), "Ops Agent".into()));
    env.rt.block_on(async {
        let client = ads_onboard_core::http::client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let page = client.get(&url).send().await.unwrap();
        assert_eq!(
            page.status().as_u16(),
            200,
            "a consent page, not auto-approved"
        );
        let r = client
            .post(format!("{base}/ap/oa"))
            .form(&form)
            .send()
            .await
            .unwrap();
        let location = r.headers()["location"].to_str().unwrap().to_string();
        let cb = client.get(&location).send().await.unwrap();
        assert!(cb.status().is_success());
    });
    let (code, stdout) = run.finish();
    assert_eq!(code, Some(0));
    assert_eq!(json(stdout.as_bytes())["email"], "ops@agency.example.com");
    assert!(env
        .data_dir()
        .join("sandbox")
        .join("sandbox.sqlite3")
        .exists());

    // A new process, a new embedded sandbox on another port: the refresh token still works.
    let out = env
        .cli()
        .env_remove("ADS_ONBOARD_SANDBOX_URL")
        .args(["accounts"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out.stdout), serde_json::json!([]));
}

/// The app's endpoint variables work too (proxies, tests): no sandbox URL, no client ID.
#[test]
fn endpoint_overrides_replace_the_sandbox_url() {
    let env = Env::new("overrides", |_| {});
    let with_overrides = |c: &mut assert_cmd::Command| {
        c.env_remove("ADS_ONBOARD_SANDBOX_URL")
            .env("ADS_ONBOARD_AUTH_URL", format!("{}/ap/oa", env.base))
            .env(
                "ADS_ONBOARD_TOKEN_URL",
                format!("{}/auth/o2/token", env.base),
            )
            .env("ADS_ONBOARD_API_URL", &env.base);
    };
    let mut c = env.cli();
    with_overrides(&mut c);
    let out = c
        .args(["sign-in"])
        .env("BROWSER", env.browser())
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("embedded"),
        "no embedded sandbox: {stderr}"
    );
    assert_eq!(
        json(&out.stdout)["email"],
        "dana@havenhotel.com",
        "profile read beside the token URL"
    );
    let mut c = env.cli();
    with_overrides(&mut c);
    let out = c.args(["accounts"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        env.audit()
            .requests
            .get("/adsAccounts/list")
            .copied()
            .unwrap_or(0)
            >= 1
    );
}

/// The embedded sandbox reads the app's knobs: `ADS_ONBOARD_SANDBOX` (JSON) and
/// `ADS_ONBOARD_SANDBOX_AUTO_APPROVE`.
#[test]
fn embedded_sandbox_takes_the_apps_sandbox_variables() {
    let env = Env::new("embedded-knobs", |_| {});
    let out = env
        .cli()
        .env_remove("ADS_ONBOARD_SANDBOX_URL")
        .env("ADS_ONBOARD_SANDBOX_AUTO_APPROVE", "1")
        .env(
            "ADS_ONBOARD_SANDBOX",
            r#"{"test_user":{"name":"Kim Lee","email":"kim@brand.example.com"}}"#,
        )
        .env("BROWSER", env.browser())
        .args(["sign-in"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out.stdout)["email"], "kim@brand.example.com");

    let out = env
        .cli()
        .env_remove("ADS_ONBOARD_SANDBOX_URL")
        .env("ADS_ONBOARD_SANDBOX", r#"{"no_such_knob":1}"#)
        .args(["--json", "accounts"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = err_json(&out.stderr);
    assert_eq!(err["error"]["field"], "ADS_ONBOARD_SANDBOX");
    assert!(err["error"]["message"]
        .as_str()
        .unwrap()
        .contains("no_such_knob"));
}
