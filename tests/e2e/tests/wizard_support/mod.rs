//! Shared steps of the wizard tests: the app with its embedded sandbox at zero delays, a
//! scripted browser ($BROWSER) that really fetches the sandbox's pages and the app's
//! loopback callback, and small WebDriver helpers.
#![allow(dead_code)]

pub mod a11y;

use ads_onboard_e2e::{HarnessOptions, Session};
use serde_json::json;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const WAIT: Duration = Duration::from_secs(30);

pub struct Env {
    pub options: HarnessOptions,
    pub export_dir: PathBuf,
    pub browser_log: PathBuf,
}

pub use ads_onboard_test_support::free_port;

pub mod sandbox;

/// Zero sandbox delays unless `sandbox` overrides them (a JSON object of sandbox knobs).
pub fn env(name: &str, sandbox: serde_json::Value) -> Env {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = std::env::temp_dir().join(format!("ads-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let export_dir = scratch.join("exports");
    std::fs::create_dir_all(&export_dir).expect("scratch dir");
    let browser_log = scratch.join("browser.log");
    let mut knobs = json!({
        "verification_delay_ms": 0,
        "verification_delay_max_ms": 0,
        "partial_phase_ms": 0,
        "profile_lag_ms": 0,
    });
    if let (Some(k), Some(o)) = (knobs.as_object_mut(), sandbox.as_object()) {
        for (key, v) in o {
            k.insert(key.clone(), v.clone());
        }
    }
    let vars = [
        (
            "BROWSER",
            root.join("scripts/browser.sh").display().to_string(),
        ),
        ("BROWSER_LOG", browser_log.display().to_string()),
        ("ADS_ONBOARD_SANDBOX_AUTO_APPROVE", "1".into()),
        ("ADS_ONBOARD_SANDBOX", knobs.to_string()),
        ("ADS_ONBOARD_POLL_INTERVAL", "0.05".into()),
        (
            "ADS_ONBOARD_REDIRECT_URI",
            format!("http://localhost:{}/callback", free_port()),
        ),
        ("ADS_ONBOARD_EXPORT_DIR", export_dir.display().to_string()),
    ];
    Env {
        options: HarnessOptions {
            env: vars.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        },
        export_dir,
        browser_log,
    }
}

pub fn js_str(s: &str) -> String {
    serde_json::to_string(s).expect("string")
}

pub fn wait(s: &Session, what: &str, script: &str) -> Result<serde_json::Value, String> {
    s.wait_for(what, script, WAIT)
}

pub fn text(s: &Session, css: &str) -> Result<String, String> {
    text_of(s, css, "textContent")
}

fn text_of(s: &Session, css: &str, property: &str) -> Result<String, String> {
    let v = s.execute(
        &format!(
            "const e = document.querySelector({}); return e ? e.{property} : null",
            js_str(css)
        ),
        vec![],
    )?;
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("nothing matches {css}"))
}

/// The text a sighted user sees in `css` (what is folded or hidden left out); [`text`]
/// gives all of it.
pub fn seen(s: &Session, css: &str) -> Result<String, String> {
    text_of(s, css, "innerText")
}

pub fn title(s: &Session) -> Result<String, String> {
    text(s, "main .view:not([hidden]) .title")
}

pub fn wait_title(s: &Session, want: &str) -> Result<(), String> {
    let script = format!(
        "const t = document.querySelector('main .view:not([hidden]) .title'); return t && t.textContent.includes({})",
        js_str(want)
    );
    wait(s, &format!("the title {want:?}"), &script).map(|_| ())
}

/// Waits for the registration step's status word (`CREATED`, `PARTLY_REFUSED`, ...).
pub fn wait_status(s: &Session, word: &str) -> Result<(), String> {
    let script = format!(
        "return document.querySelector('.raw-pill')?.textContent === {}",
        js_str(word)
    );
    wait(s, &format!("the status {word}"), &script).map(|_| ())
}

/// Calls one of the app's commands as the page does, for what the page does not draw
/// (yet): the contract between the shell and the page.
pub fn invoke(
    s: &Session,
    command: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, String> {
    s.execute(
        "return window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])",
        vec![json!(command), args],
    )
}

/// Waits for `country`'s profile ID in the account screen's countries table; gives it.
pub fn wait_profile_id(s: &Session, country: &str) -> Result<String, String> {
    let script = format!(
        "const c = document.querySelector('[data-testid=countries] tr[data-country={country}] .profile-id .mono'); \
         return c && /^[0-9]+$/.test(c.textContent) && c.textContent"
    );
    let id = wait(s, &format!("{country}'s profile ID"), &script)?;
    Ok(id.as_str().unwrap_or_default().to_string())
}

/// The sample business the wizard tests register.
pub const HAVEN: Business<'static> = Business {
    account_name: "Haven Hotel",
    legal_name: "Haven Hotel Inc.",
    website: "www.havenhotel.com",
    zip: "10001",
};

pub fn click(s: &Session, css: &str) -> Result<(), String> {
    wait(s, &format!("{css} to be enabled"), &format!(
        "const e = document.querySelector({}); return !!e && !e.disabled && e.offsetParent !== null",
        js_str(css)
    ))?;
    // Through the DOM: WebKitWebDriver's element commands sometimes drop the connection.
    s.execute(
        &format!("document.querySelector({}).click()", js_str(css)),
        vec![],
    )
    .map(|_| ())
}

/// Types into a field as the user would: value, then input and blur events. A list (the
/// US states) is chosen from by name or code; a value it lacks leaves it unchosen.
pub fn fill(s: &Session, field: &str, value: &str) -> Result<(), String> {
    let script = format!(
        "const e = document.getElementById({}); if (!e) return false; e.focus(); const v = {}; \
         if (e.tagName === 'SELECT') {{ const o = [...e.options].find((o) => o.value === v || o.dataset.code === v); e.value = o ? o.value : ''; }} \
         else e.value = v; \
         e.dispatchEvent(new Event('input', {{bubbles: true}})); e.dispatchEvent(new Event('change', {{bubbles: true}})); e.blur(); return true",
        js_str(&format!("f-{field}")),
        js_str(value)
    );
    match s.execute(&script, vec![])? {
        serde_json::Value::Bool(true) => Ok(()),
        _ => Err(format!("no field {field}")),
    }
}

/// Signs in through the scripted browser and waits for the agreement to be accepted
/// (the browser answers the agreement page), which moves the wizard to Details.
pub fn sign_in_to_details(s: &Session) -> Result<(), String> {
    wait_title(s, "Sign in to Amazon Ads")?;
    click(s, "#signin-start")?;
    // The scripted browser accepts the agreement at once, so its panel may come and go
    // between two polls; the_agreement_panel_waits_for_acceptance_then_moves_on_by_itself
    // holds the browser to test that panel.
    wait_title(s, "Advertiser details")?;
    let chip = text(s, "#user-chip .user-name")?;
    if chip != "Dana Whitfield" {
        return Err(format!("the user chip shows {chip:?} after sign-in"));
    }
    Ok(())
}

pub struct Business<'a> {
    pub account_name: &'a str,
    pub legal_name: &'a str,
    pub website: &'a str,
    pub zip: &'a str,
}

pub fn fill_business(s: &Session, b: &Business) -> Result<(), String> {
    click(s, "[data-kind=business]")?;
    fill(s, "accountName", b.account_name)?;
    fill(s, "name", b.legal_name)?;
    fill(s, "phone", "555-555-5555")?;
    fill(s, "websiteUrl", b.website)?;
    fill(s, "addressLine1", "450 W 33rd St.")?;
    fill(s, "addressLine2", "7th Floor")?;
    fill(s, "city", "New York")?;
    fill(s, "state", "New York")?;
    fill(s, "zipCode", b.zip)
}

pub fn attest_and_submit(s: &Session) -> Result<(), String> {
    let ticked = s.execute("return document.getElementById('f-attest').checked", vec![])?;
    if ticked != json!(true) {
        click(s, "#f-attest")?;
    }
    click(s, "#details-submit")
}

pub fn browser_log(env: &Env) -> String {
    std::fs::read_to_string(&env.browser_log).unwrap_or_default()
}

/// Holds the scripted browser: URLs are recorded but not fetched until `release`.
pub fn hold_browser(env: &Env) {
    std::fs::write(env.browser_log.with_extension("log.hold"), b"").expect("hold file");
}

/// Lets the scripted browser act on what it is sent again.
pub fn release_browser(env: &Env) {
    let _ = std::fs::remove_file(env.browser_log.with_extension("log.hold"));
}

/// Does what the user would do with the last URL the held browser was sent that
/// contains `part` (POST for the agreement's "Accept and continue").
pub fn act_as_user(env: &Env, part: &str, post: bool) -> Result<(), String> {
    let log = browser_log(env);
    let url = log
        .lines()
        .rev()
        .find(|l| l.contains(part))
        .ok_or_else(|| format!("the browser was never sent to {part}: {log}"))?;
    let mut cmd = std::process::Command::new("curl");
    cmd.args(["-sS", "-L", "-o", "/dev/null", "--max-time", "20"]);
    if post {
        cmd.args(["-X", "POST"]);
    }
    let status = cmd.arg(url).status().map_err(|e| format!("curl: {e}"))?;
    if !status.success() {
        return Err(format!("curl {url} failed: {status}"));
    }
    Ok(())
}

/// The workspace's debug CLI (`ADS_ONBOARD_CLI` overrides it, as `ADS_ONBOARD_APP` the app).
pub fn cli_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("ADS_ONBOARD_CLI") {
        return PathBuf::from(p);
    }
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
        .join("debug/ads-onboard-cli")
}

/// The CLI with a private data folder and a scripted browser, output discarded.
pub fn cli(data_dir: &Path, sandbox_url: &str) -> Command {
    let mut cmd = Command::new(cli_binary());
    cmd.env("ADS_ONBOARD_DATA_DIR", data_dir)
        .env("ADS_ONBOARD_INSECURE_STORAGE", "1")
        .env("ADS_ONBOARD_SANDBOX_URL", sandbox_url)
        // Follows the private page a sign-in is opened through, as a browser would.
        .env(
            "BROWSER",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/curl-browser.sh"),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Signs in with the CLI from `data_dir` at the sandbox `url`, then registers each body
/// (a request as in Amazon's guide) in turn, waiting for each to finish.
pub fn cli_register(
    data_dir: &Path,
    url: &str,
    redirect: &str,
    bodies: &[serde_json::Value],
) -> Result<(), String> {
    let ok = cli(data_dir, url)
        .env("ADS_ONBOARD_REDIRECT_URI", redirect)
        .arg("sign-in")
        .status();
    if !ok.is_ok_and(|s| s.success()) {
        return Err("CLI sign-in failed".into());
    }
    for body in bodies {
        let mut child = cli(data_dir, url)
            .args([
                "register",
                "--from",
                "-",
                "--no-browser",
                "--poll-interval",
                "0.01",
            ])
            .stdin(Stdio::piped())
            .spawn()
            .map_err(|e| format!("CLI: {e}"))?;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(body.to_string().as_bytes())
            .map_err(|e| e.to_string())?;
        drop(stdin);
        if !child.wait().is_ok_and(|s| s.success()) {
            return Err(format!("registering {} failed", body["accountName"]));
        }
    }
    Ok(())
}

/// A sandbox of its own, started with `ads-onboard-cli sandbox` (not the app's built-in
/// one), accepting `redirect`; `knobs` is a JSON object of its settings. Returns the
/// process (kill it when done) and its base URL.
pub fn cli_sandbox(
    scratch: &Path,
    redirect: &str,
    knobs: serde_json::Value,
) -> Result<(Child, String), String> {
    let mut config =
        json!({"allowed_return_urls": [redirect], "partial_phase_ms": 0, "profile_lag_ms": 0});
    if let (Some(c), Some(k)) = (config.as_object_mut(), knobs.as_object()) {
        c.extend(k.clone());
    }
    std::fs::create_dir_all(scratch).map_err(|e| e.to_string())?;
    let file = scratch.with_extension("sandbox.json");
    std::fs::write(&file, config.to_string()).map_err(|e| e.to_string())?;
    let mut sandbox = cli(scratch, "")
        .env_remove("ADS_ONBOARD_SANDBOX_URL")
        .args(["sandbox", "--port", "0", "--auto-approve", "--config"])
        .arg(&file)
        .args(["--auto-accept-terms", "0", "--verification-delay", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("CLI sandbox: {e}"))?;
    let mut url = String::new();
    std::io::BufReader::new(sandbox.stdout.take().expect("stdout"))
        .read_line(&mut url)
        .map_err(|e| e.to_string())?;
    Ok((sandbox, url.trim().to_string()))
}

fn sandbox_post(env: &Env, path: &str, body: &serde_json::Value) -> Result<(), String> {
    let url = format!("{}/__sandbox/{path}", sandbox::url(env)?);
    let status = Command::new("curl")
        .args([
            "-sS",
            "-o",
            "/dev/null",
            "--fail",
            "--max-time",
            "20",
            "-X",
            "POST",
        ])
        .args([
            "-H",
            "Content-Type: application/json",
            "-d",
            &body.to_string(),
            &url,
        ])
        .status()
        .map_err(|e| format!("curl: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("POST {url} {body}: {status}"))
    }
}

/// Changes the sandbox's knobs while the app runs (a JSON object of config keys).
pub fn sandbox_config(env: &Env, patch: serde_json::Value) -> Result<(), String> {
    sandbox_post(env, "config", &patch)
}

/// Arms a sandbox fault rule (`{path, method, count, status, ...}`).
pub fn sandbox_fault(env: &Env, rule: serde_json::Value) -> Result<(), String> {
    sandbox_post(env, "faults", &rule)
}

pub fn clear_faults(env: &Env) -> Result<(), String> {
    let url = format!("{}/__sandbox/faults", sandbox::url(env)?);
    let ok = Command::new("curl")
        .args(["-sS", "-o", "/dev/null", "--fail", "-X", "DELETE", &url])
        .status()
        .map_err(|e| format!("curl: {e}"))?;
    if ok.success() {
        Ok(())
    } else {
        Err(format!("DELETE {url}: {ok}"))
    }
}

/// Registers another account from the account screen: through the agreement again (the
/// released browser accepts it), to Details.
pub fn register_another(s: &Session) -> Result<(), String> {
    click(s, "#register-another")?;
    wait_title(s, "Advertiser details")
}

/// The JSON the page keeps for the dark theme: the harness's app runs with GTK's dark theme.
pub fn dark(env: &mut Env) {
    env.options
        .env
        .push(("GTK_THEME".into(), "Adwaita:dark".into()));
}

/// Fills a US business named `name` (legal name "`name` Inc.", at `website`) with the
/// rest of Haven Hotel's details.
pub fn fill_named(s: &Session, name: &str, website: &str) -> Result<(), String> {
    fill_business(
        s,
        &Business {
            account_name: name,
            legal_name: &format!("{name} Inc."),
            website,
            zip: "10001",
        },
    )
}

/// [`fill_named`], then the attestation and Register.
pub fn register_named(s: &Session, name: &str, website: &str) -> Result<(), String> {
    fill_named(s, name, website)?;
    attest_and_submit(s)
}
