//! Starting, binding, config files, request ids and the landing page.

mod common;
use ads_onboard_sandbox::{serve_until_shutdown, start, SandboxConfig, SandboxError};
use common::*;
use std::time::Duration;

#[tokio::test]
async fn binds_loopback_only_on_an_ephemeral_port() {
    let err = start(SandboxConfig::for_tests(), "0.0.0.0:0".parse().unwrap())
        .await
        .err()
        .unwrap();
    assert!(matches!(err, SandboxError::NotLoopback(_)));
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let url = sb.base_url();
    assert!(url.starts_with("http://127.0.0.1:") && !url.ends_with('/'));
    assert_ne!(sb.local_addr().port(), 0);
    assert_eq!(sb.ads_host_url("EU"), format!("{url}/eu"));
    assert_eq!(sb.ads_host_url("fe"), format!("{url}/fe"));
    assert_eq!(sb.ads_host_url("NA"), url);
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    for path in [
        "/",
        "/no/such/path",
        "/v2/profiles",
        "/terms/agreement/none",
        "/__sandbox/audit",
    ] {
        let r = http()
            .get(format!("{}{path}", sb.base_url()))
            .send()
            .await
            .unwrap();
        let id = r
            .headers()
            .get("x-amzn-requestid")
            .unwrap_or_else(|| panic!("{path}"))
            .to_str()
            .unwrap();
        assert_eq!(id.len(), 20, "{path}");
    }
    let home = http()
        .get(sb.base_url())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("Sandbox") && home.contains("/adsAccounts/list"));
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let url = sb.base_url();
    assert!(http().get(&url).send().await.is_ok());
    sb.shutdown().await;
    assert!(http().get(&url).send().await.is_err());
}

#[tokio::test]
async fn serve_until_shutdown_runs_until_the_future_completes() {
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let (url_tx, url_rx) = tokio::sync::oneshot::channel::<String>();
    let server = tokio::spawn(serve_until_shutdown(
        SandboxConfig::for_tests(),
        "127.0.0.1:0".parse().unwrap(),
        move |running| {
            let _ = url_tx.send(running.base_url());
        },
        async {
            let _ = rx.await;
        },
    ));
    let url = url_rx.await.unwrap();
    assert_eq!(http().get(&url).send().await.unwrap().status(), 200);
    tx.send(()).unwrap();
    server.await.unwrap().unwrap();
    assert!(http().get(&url).send().await.is_err());
}

#[test]
fn config_file_sets_knobs_and_keeps_defaults() {
    let path = std::env::temp_dir().join(format!("ads-sandbox-config-{}.json", std::process::id()));
    std::fs::write(
        &path,
        r#"{"auto_approve": true, "verification_delay_ms": 0, "verification_delay_max_ms": 5,
            "auto_accept_terms_ms": 1500, "allowed_return_urls": ["http://localhost:9999/cb"],
            "test_user": {"name": "Ana Ruiz", "email": "ana@ruizcoffee.com"}}"#,
    )
    .unwrap();
    let c = SandboxConfig::from_file(&path).unwrap();
    assert!(c.auto_approve);
    assert_eq!(c.verification_delay, Duration::ZERO);
    assert_eq!(c.verification_delay_max, Duration::from_millis(5));
    assert_eq!(c.auto_accept_terms, Some(Duration::from_millis(1500)));
    assert_eq!(c.allowed_return_urls, vec!["http://localhost:9999/cb"]);
    assert_eq!(c.test_user.email, "ana@ruizcoffee.com");
    assert_eq!(c.client_id, ads_onboard_sandbox::DEFAULT_CLIENT_ID);
    assert_eq!(c.access_token_lifetime, Duration::from_secs(3600));
    std::fs::write(&path, r#"{"verification_delay_ms": "soon"}"#).unwrap();
    assert!(matches!(
        SandboxConfig::from_file(&path),
        Err(SandboxError::Config(_))
    ));
    let _ = std::fs::remove_file(&path);
    assert!(!format!("{c:?}").contains(ads_onboard_sandbox::DEFAULT_CLIENT_SECRET));
}

#[test]
fn defaults_match_what_amazon_documents() {
    let d = SandboxConfig::default();
    assert_eq!(
        d.client_id,
        "amzn1.application-oa2-client.5a4d0b0c5a4d0b0c5a4d0b0c5a4d0b0c"
    );
    assert_eq!(d.client_secret, "sandbox-client-secret");
    assert_eq!(
        d.allowed_return_urls,
        vec!["http://localhost:47615/callback"]
    );
    assert_eq!(
        (d.verification_delay, d.verification_delay_max),
        (Duration::from_secs(2), Duration::from_secs(10))
    );
    assert_eq!(d.access_token_lifetime, Duration::from_secs(3600));
    assert_eq!(d.auth_code_lifetime, Duration::from_secs(300));
    assert!(!d.auto_approve && d.auto_accept_terms.is_none());
    let t = SandboxConfig::for_tests();
    assert!(t.auto_approve && t.auto_accept_terms.is_none());
    assert_eq!(
        t.verification_delay + t.profile_lag + t.partial_phase,
        Duration::ZERO
    );
}
