//! No OAuth token, code or client secret ever reaches a log line: every event at every
//! level (ours, the HTTP stack's, the embedded sandbox's) is captured during sign-ins,
//! refreshes and failures, then searched for the values that were issued.

mod auth_support;

use ads_onboard_core::auth::profile::fetch_profile;
use ads_onboard_core::auth::{AuthError, CancelToken};
use ads_onboard_core::config::Endpoints;
use auth_support::*;
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_never_appear_in_any_log_line() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("this test binary installs the only subscriber");

    let h = harness(|_| {}).await;
    let mut secrets = vec![ads_onboard_sandbox::DEFAULT_CLIENT_SECRET.to_string()];

    // A full sign-in through the loopback listener, with the code seen on the way.
    let sign_in = h.auth.start_sign_in(true).unwrap();
    let target = redirect_target(sign_in.authorize_url()).await;
    secrets.push(query_param(&target, "code").unwrap());
    let waiting = tokio::spawn(sign_in.wait(CancelToken::new()));
    let (status, _) = visit(&target).await;
    assert_eq!(status, 200);
    let user = waiting.await.unwrap().unwrap();

    let tokens = h.auth.tokens().unwrap();
    secrets.push(tokens.access_token().await.unwrap());
    let creds = std::fs::read_to_string(h.dir.join("credentials.json")).unwrap();
    let refresh: std::collections::BTreeMap<String, String> = serde_json::from_str(&creds).unwrap();
    secrets.extend(refresh.values().cloned());

    // A refresh after a 401, then an API call with the new token.
    h.sandbox.control().expire_access_tokens();
    let profile_url = Endpoints::sandbox(&h.sandbox.base_url()).profile_url;
    fetch_profile(
        &ads_onboard_core::http::client(),
        &profile_url,
        tokens.as_ref(),
    )
    .await
    .unwrap();
    secrets.push(tokens.access_token().await.unwrap());

    // A refused code (reused) and a refused refresh (unknown grant).
    let again = h.auth.start_sign_in(true).unwrap();
    let state = query_param(again.authorize_url(), "state").unwrap();
    let err = again
        .complete_with_redirect_url(&with_param(&target, "state", &state))
        .await
        .unwrap_err();
    assert!(matches!(err, AuthError::CodeRejected(_)));
    h.sandbox
        .control()
        .update_config(|c| c.client_secret = "rotated-secret".into());
    let current = tokens.access_token().await.unwrap();
    assert!(tokens.refresh_after_unauthorized(&current).await.is_err());
    h.auth.sign_out(&user.user_id).unwrap();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("signed in"),
        "the capture saw our events:\n{log}"
    );
    assert!(
        log.contains("hyper"),
        "the HTTP stack's trace events were captured too"
    );
    assert!(log.contains("refreshing access token"));
    for s in secrets.iter().filter(|s| s.len() >= 8) {
        for line in log.lines() {
            assert!(
                !line.contains(s.as_str()),
                "a secret leaked into the log: {line}"
            );
        }
    }
}
