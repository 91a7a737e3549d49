//! Reconciliation when Amazon's account list lags a commit: a REDEEMED token proves the
//! submit went through, so the engine waits for the list and never submits again.
//! The sandbox lists accounts at once, so this uses a minimal scripted HTTP server.

mod common;

use ads_onboard_core::api::terms::{TermsToken, TermsTokenStatus};
use ads_onboard_core::api::ApiClient;
use ads_onboard_core::config::{self, Endpoints, Region};
use ads_onboard_core::registration::{EngineError, RegistrationEngine, RegistrationState, Timings};
use ads_onboard_core::store::Store;
use common::{business, fast_options, StaticTokens, TempDir};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Answers: terms token REDEEMED, an empty account list (the lag), and counts submits.
async fn lagging_amazon(submits: Arc<AtomicU32>, lists: Arc<AtomicU32>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let (submits, lists) = (submits.clone(), lists.clone());
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break p;
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                let line = head.lines().next().unwrap_or("").to_string();
                let (status, body) = if line.starts_with("GET /termsTokens/") {
                    ("200 OK", r#"{"termsTokenStatus":"REDEEMED"}"#)
                } else if line.starts_with("POST /adsAccounts/list") {
                    lists.fetch_add(1, Ordering::SeqCst);
                    ("200 OK", r#"{"adsAccounts":[]}"#)
                } else if line.starts_with("POST /adsAccounts ") {
                    submits.fetch_add(1, Ordering::SeqCst);
                    (
                        "201 Created",
                        r#"{"adsAccount":{"adsAccountId":"amzn1.ads-account.g.dup","status":"PENDING"}}"#,
                    )
                } else {
                    ("404 Not Found", r#"{"message":"not scripted"}"#)
                };
                let resp = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = sock.write_all(resp.as_bytes()).await;
            });
        }
    });
    base
}

#[tokio::test]
async fn a_redeemed_token_with_no_listed_account_is_never_resubmitted() {
    let submits = Arc::new(AtomicU32::new(0));
    let lists = Arc::new(AtomicU32::new(0));
    let base = lagging_amazon(submits.clone(), lists.clone()).await;
    let dir = TempDir::new("lag");
    let api = ApiClient::new(
        Endpoints::sandbox(&base),
        Region::Na,
        config::SANDBOX_CLIENT_ID,
        Arc::new(StaticTokens),
        fast_options(),
    )
    .unwrap();
    let (store, _) = Store::open(dir.path()).unwrap();
    let timings = Timings {
        reconcile_attempts: 3,
        ..Timings::fast()
    };
    let engine = RegistrationEngine::new(api, store, timings);
    // A registration whose submit went out before a crash.
    let mut reg = engine.create(business("Lagging")).unwrap();
    reg.terms = Some(TermsToken {
        terms_token: "4de3327e-a595-44cb-b689-f7f746805c02".into(),
        terms_url: format!("{base}/terms/agreement/4de3327e"),
    });
    reg.terms_status = Some(TermsTokenStatus::Accepted);
    reg.known_account_ids = Some(vec![]);
    reg.submitted = Some(
        reg.details
            .to_request("4de3327e-a595-44cb-b689-f7f746805c02"),
    );
    reg.submit_attempts = 1;
    reg.state = RegistrationState::Registering;
    engine
        .store()
        .save(&reg, "crashed", serde_json::json!({}))
        .unwrap();

    let err = engine.run(&reg.id).await.unwrap_err();
    assert!(matches!(err, EngineError::Unreconciled(_)), "{err}");
    assert!(err.to_string().contains("resume later"));
    assert_eq!(
        submits.load(Ordering::SeqCst),
        0,
        "a REDEEMED token is never sent again"
    );
    assert_eq!(
        lists.load(Ordering::SeqCst),
        4,
        "the list was checked once plus three more times"
    );
    let stored = engine.store().load(&reg.id).unwrap();
    assert_eq!(
        stored.state,
        RegistrationState::Registering,
        "still resumable"
    );
}
