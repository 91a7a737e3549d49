//! The README's scripted onboarding, run as written except for what a test must change:
//! the binary comes from this build, the sandbox port is a free one, timings are shrunk to
//! milliseconds, and files go to a scratch folder.
//!
//! Unix only: the README's block is a bash script (with curl and jq).
#![cfg(unix)]

use super::common::{free_port, TempDir, BIN};
use std::path::Path;
use std::process::Command;

fn readme_script() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(root).unwrap();
    let section = readme
        .find("## Scripted onboarding with the CLI")
        .expect("the README has the scripted onboarding");
    let start = section + readme[section..].find("```sh\n").expect("a sh block") + 6;
    let len = readme[start..].find("```").unwrap();
    readme[start..start + len].to_string()
}

#[test]
fn readme_onboarding_works_as_shown() {
    let script = readme_script();
    let lines: Vec<&str> = script.lines().collect();
    assert!(lines[0].starts_with("cargo build -p ads-onboard-cli"));
    assert!(script.contains("--port 8765") && script.contains("http://127.0.0.1:8765"));

    let dir = TempDir::new("readme");
    let port = free_port().to_string();
    let fast = dir.path().join("fast.json");
    std::fs::write(
        &fast,
        r#"{"verification_delay_ms":50,"verification_delay_max_ms":50,"profile_lag_ms":20,"partial_phase_ms":0}"#,
    )
    .unwrap();
    let bin_dir = Path::new(BIN).parent().unwrap();
    // Whatever happens, the backgrounded sandbox must not outlive the test.
    let mut body = vec![
        "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT".to_string(),
        format!("export PATH=\"{}:$PATH\"", bin_dir.display()),
    ];
    for line in &lines[1..] {
        let line = line
            .replace("8765", &port)
            .replace("--auto-accept-terms 1", "--auto-accept-terms 0.05")
            .replace(
                "& sleep 1",
                &format!(
                    "--config {} & until curl -s -o /dev/null http://127.0.0.1:{port}/; do sleep 0.05; done",
                    fast.display()
                ),
            )
            .replace("--poll-interval 1", "--poll-interval 0.05");
        body.push(line);
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for folder in ["crates", "scripts"] {
        std::os::unix::fs::symlink(repo.join(folder), dir.path().join(folder)).unwrap();
    }
    let out = Command::new("bash")
        .arg("-ec")
        .arg(body.join("\n"))
        .current_dir(dir.path())
        .env("TMPDIR", dir.path())
        .env_remove("ADS_ONBOARD_DATA_DIR")
        .env_remove("ADS_ONBOARD_SANDBOX_URL")
        .env_remove("ADS_ONBOARD_CLIENT_ID")
        .env_remove("BROWSER")
        .env("ADS_ONBOARD_INSECURE_STORAGE", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the README flow failed:\n{stdout}\n{stderr}"
    );
    let lines: Vec<&str> = stdout.lines().collect();
    // sandbox URL, the signed-in user (JSON), then jq's lines, then the CSV export.
    assert_eq!(lines[0], format!("http://127.0.0.1:{port}"));
    assert!(stdout.contains("\"email\": \"dana@havenhotel.com\""));
    let account_id = lines
        .iter()
        .find(|l| l.starts_with("amzn1.ads-account.g."))
        .expect("jq printed the account ID");
    let profile_line = lines
        .iter()
        .find(|l| l.starts_with("US profile "))
        .expect("jq printed the US profile");
    let profile_id = profile_line.trim_start_matches("US profile ");
    assert!(profile_id.parse::<u64>().is_ok(), "{profile_line}");
    assert!(stdout.contains(
        "accountId,accountName,status,country,profileId,entityId,billingStatus,createdAt"
    ));
    assert!(stdout.contains(&format!(
        "{account_id},Haven Hotel,CREATED,US,{profile_id},"
    )));
    let account: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("account.json")).unwrap())
            .unwrap();
    assert_eq!(account["status"], "CREATED");
}
