//! Every request is traced, and no token, code or secret ever appears in the logs.

mod common;
use ads_onboard_sandbox::{SandboxConfig, DEFAULT_CLIENT_SECRET};
use common::*;
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

#[tokio::test]
async fn requests_are_logged_with_tokens_redacted() {
    let logs = Captured::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    let sb = sandbox(SandboxConfig::for_tests()).await;
    let tokens = sign_in(&sb).await;
    let ads = Ads {
        base: sb.base_url(),
        token: tokens["access_token"].as_str().unwrap().into(),
        client: http(),
    };
    let terms = ads.accepted_terms().await;
    ads.get(&format!("/termsTokens/{terms}"))
        .send()
        .await
        .unwrap();
    let r = ads.register(&haven_hotel(&terms)).await;
    assert_eq!(r.status(), 201);
    let pairs = authorize(&sb, &[]).await;
    let code = param(&pairs, "code").unwrap();
    sb.shutdown().await;

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("sandbox request"), "requests are traced");
    assert!(text.contains("path=/adsAccounts") && text.contains("status=201"));
    assert!(text.contains("path=/termsTokens/<redacted>"));
    let secrets = [
        tokens["access_token"].as_str().unwrap(),
        tokens["refresh_token"].as_str().unwrap(),
        code.as_str(),
        terms.as_str(),
        DEFAULT_CLIENT_SECRET,
    ];
    for s in secrets {
        assert!(
            !text.contains(s),
            "a secret leaked into the logs: {}…",
            &s[..8.min(s.len())]
        );
    }
    // Tokens must not leak even in shortened form.
    assert!(!text.contains("Atza|") && !text.contains("Atzr|"));
}
