//! No command line shows a sign-in's `state` or PKCE challenge, where any local user could
//! read them (`/proc/<pid>/cmdline`). The browser, here a script that records its argv,
//! is given a private page that forwards to the sign-in. Its own test binary: it sets
//! `BROWSER` and `ADS_ONBOARD_DATA_DIR` for the whole process.
#![cfg(unix)]

mod auth_support;

use ads_onboard_core::auth::{browser, CancelToken, SignIn};
use auth_support::*;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

type Opener = fn(&SignIn) -> std::io::Result<()>;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Waits for the scripted browser to record a new command line; returns its words.
async fn next_argv(log: &Path, seen: usize) -> Vec<String> {
    for _ in 0..200 {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let runs: Vec<&str> = text.split_terminator("--end--\n").collect();
        if runs.len() > seen {
            return runs[seen].lines().map(str::to_string).collect();
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the browser was never started");
}

#[tokio::test]
async fn no_spawned_command_line_carries_the_state_or_the_challenge() {
    let h = harness(|_| {}).await;
    let log = h.dir.join("argv.txt");
    let script = h.dir.join("browser.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nfor a in \"$0\" \"$@\"; do printf '%s\\n' \"$a\"; done >> '{}'\necho --end-- >> '{}'\n",
            log.display(),
            log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::env::set_var("BROWSER", &script);
    std::env::set_var("ADS_ONBOARD_DATA_DIR", &h.dir);

    // The sign-in's own opener, and the plain opener the CLI and the app call today.
    let openers: [(&str, Opener); 2] = [
        ("SignIn::open_in_browser", |s| s.open_in_browser()),
        ("browser::open", |s| browser::open(s.authorize_url())),
    ];
    for (seen, (name, open)) in openers.into_iter().enumerate() {
        let sign_in = h.auth.start_sign_in(true).unwrap();
        let url = sign_in.authorize_url().to_string();
        let state = query_param(&url, "state").unwrap();
        let challenge = query_param(&url, "code_challenge").unwrap();
        open(&sign_in).unwrap();
        let waiting = tokio::spawn(sign_in.wait(CancelToken::new()));

        let argv = next_argv(&log, seen).await;
        let line = argv.join(" ");
        for secret in [
            state.as_str(),
            challenge.as_str(),
            "state=",
            "code_challenge",
        ] {
            assert!(
                !line.contains(secret),
                "{name}: {secret:?} on the command line {line}"
            );
        }

        // What it was given is a private page that leads to the sign-in.
        let page = url::Url::parse(argv.last().unwrap())
            .unwrap()
            .to_file_path()
            .unwrap();
        assert!(page.starts_with(&h.dir), "{name}: {}", page.display());
        assert_eq!(mode(&page), 0o600, "{name}: the page is the user's only");
        assert_eq!(mode(page.parent().unwrap()), 0o700, "{name}");
        let html = std::fs::read_to_string(&page).unwrap();
        let forwarded = browser::forwarded_url(&html).unwrap();
        assert_eq!(forwarded, url, "{name}");

        let (_, tab) = visit(&forwarded).await;
        assert!(tab.contains("close this tab"), "{name}: {tab}");
        waiting.await.unwrap().unwrap();
        assert!(
            !page.exists(),
            "{name}: the page is deleted when the sign-in ends"
        );
    }
}
