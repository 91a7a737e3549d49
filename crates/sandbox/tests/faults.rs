//! Each fault knob, through the Rust control and through `/__sandbox/` over HTTP.

mod common;
use ads_onboard_sandbox::{media_types, Audit, FaultRule, SandboxConfig};
use common::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[tokio::test]
async fn throttle_with_retry_after() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    sb.control().throttle_next(2, Some(3));
    for _ in 0..2 {
        let r = ads.get("/v2/profiles").send().await.unwrap();
        assert_eq!(r.status(), 429);
        assert_eq!(r.headers()["retry-after"], "3");
        assert_eq!(r.headers()["amazon-advertising-api-throttled"], "true");
        assert!(r.headers().contains_key("x-amzn-requestid"));
    }
    assert_eq!(ads.get("/v2/profiles").send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn throttle_without_retry_after_in_the_endpoint_error_shape() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    sb.control()
        .add_fault(FaultRule::throttle(1, None).on_path("/termsTokens"));
    // Other paths are untouched by a per-path rule.
    assert_eq!(ads.get("/v2/profiles").send().await.unwrap().status(), 200);
    let r = ads
        .post("/termsTokens", media_types::TERMS_REQUEST, &json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("retry-after").is_none());
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["errors"][0]["errorCode"], "TOO_MANY_REQUESTS");
    assert_eq!(
        ads.post("/termsTokens", media_types::TERMS_REQUEST, &json!({}))
            .send()
            .await
            .unwrap()
            .status(),
        201
    );
}

#[tokio::test]
async fn server_error_bursts() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    sb.control()
        .add_fault(FaultRule::status(1, 503).on_path("/adsAccounts/*"));
    sb.control()
        .add_fault(FaultRule::status(1, 500).on_path("/adsAccounts/*"));
    let r = ads
        .get("/adsAccounts/amzn1.ads-account.g.x")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503);
    assert!(r.json::<Value>().await.unwrap()["message"].is_string());
    let r = ads
        .get("/adsAccounts/amzn1.ads-account.g.x")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 500);
    assert_eq!(
        ads.get("/adsAccounts/amzn1.ads-account.g.x")
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn slow_responses() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    sb.control().delay_next(1, Duration::from_millis(200));
    let t = Instant::now();
    assert_eq!(ads.get("/v2/profiles").send().await.unwrap().status(), 200);
    assert!(t.elapsed() >= Duration::from_millis(200));
    assert!(
        sb.control().faults().is_empty(),
        "the delay applied to one request only"
    );
    sb.control().set_response_delay(Duration::from_millis(120));
    let t = Instant::now();
    ads.get("/v2/profiles").send().await.unwrap();
    assert!(t.elapsed() >= Duration::from_millis(120));
}

#[tokio::test]
async fn commit_then_drop_creates_the_account_but_loses_the_response() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    ads.accepted_terms().await;
    sb.control().drop_after_commit_next(1);
    let body = json!({"associations": [{"amazonSeller": {"sellerCentralAccount": "A9DROPPED"}}]});
    let sent = ads
        .post("/adsAccounts", media_types::REGISTER_TYPE, &body)
        .send()
        .await;
    assert!(sent.is_err(), "the connection closes without a response");
    let audit = sb.control().audit();
    assert_eq!(audit.accounts.len(), 1, "the account was committed");
    // A careless retry creates a second account for the same seller, which Amazon refuses.
    let r = ads.register(&body).await;
    assert_eq!(r.status(), 201);
    let audit = sb.control().audit();
    assert_eq!(audit.accounts.len(), 2);
    assert_eq!(audit.accounts[1].status, "DISABLED");
}

#[tokio::test]
async fn expired_tokens_and_lifetime_knob() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    assert_eq!(ads.get("/v2/profiles").send().await.unwrap().status(), 200);
    let r = http()
        .post(format!("{}/__sandbox/expire-tokens", sb.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(ads.get("/v2/profiles").send().await.unwrap().status(), 401);
    sb.control()
        .set_access_token_lifetime(Duration::from_millis(2000));
    let ads = Ads::new(&sb).await;
    // Long enough to survive a loaded CI machine between sign-in and first use.
    assert_eq!(ads.get("/v2/profiles").send().await.unwrap().status(), 200);
    tokio::time::sleep(Duration::from_millis(2050)).await;
    assert_eq!(ads.get("/v2/profiles").send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn faults_over_http_control() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let base = sb.base_url();
    let rule = json!({"path": "/v2/profiles", "count": 1, "status": 429, "retry_after_secs": 7});
    let r = http()
        .post(format!("{base}/__sandbox/faults"))
        .json(&rule)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let listed: Vec<FaultRule> = r.json().await.unwrap();
    assert_eq!(listed.len(), 1);
    let r = ads.get("/eu/v2/profiles").send().await.unwrap();
    assert_eq!(
        r.status(),
        429,
        "a path rule also matches the regional hosts"
    );
    assert_eq!(r.headers()["retry-after"], "7");

    let many = json!({"rules": [{"count": 2, "status": 500}, {"count": 1, "drop_after_commit": true, "path": "/adsAccounts", "method": "POST"}]});
    http()
        .post(format!("{base}/__sandbox/faults"))
        .json(&many)
        .send()
        .await
        .unwrap();
    assert_eq!(sb.control().faults().len(), 2);
    let r = http()
        .delete(format!("{base}/__sandbox/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert!(sb.control().faults().is_empty());
    let bad = http()
        .post(format!("{base}/__sandbox/faults"))
        .json(&json!({"count": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn config_over_http_control() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let base = sb.base_url();
    let patch = json!({"verification_delay_ms": 250, "verification_delay_max_ms": 250, "profile_lag_ms": 10,
                       "auto_accept_terms_ms": 0});
    let r = http()
        .post(format!("{base}/__sandbox/config"))
        .json(&patch)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["verification_delay_ms"], 250);
    assert_eq!(v["client_secret"], "<redacted>");
    let c = sb.control().config();
    assert_eq!(c.verification_delay, Duration::from_millis(250));
    assert_eq!(c.auto_accept_terms, Some(Duration::ZERO));
    assert_eq!(c.client_secret, ads_onboard_sandbox::DEFAULT_CLIENT_SECRET);
    let r = http()
        .post(format!("{base}/__sandbox/config"))
        .json(&json!({"no_such_knob": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let got: Value = http()
        .get(format!("{base}/__sandbox/config"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(got["profile_lag_ms"], 10);

    // The new delay applies: the account stays PENDING for 250 ms; terms auto-accept at once.
    let ads = Ads::new(&sb).await;
    ads.create_terms().await;
    let r = ads
        .register(&json!({"associations": [{"amazonAuthor": {"email": "writer@inkwell.example"}}]}))
        .await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["adsAccount"]["adsAccountId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        ads.get_account(&id).await.1["adsAccount"]["status"],
        "PENDING"
    );
}

#[tokio::test]
async fn audit_over_http_counts_requests_per_path() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    ads.register(&haven_hotel(&token)).await;
    ads.get("/v2/profiles").send().await.unwrap();
    ads.get("/eu/v2/profiles").send().await.unwrap();
    let audit: Audit = http()
        .get(format!("{}/__sandbox/audit", sb.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(audit.requests["/adsAccounts"], 1);
    assert_eq!(audit.requests["/termsTokens"], 1);
    assert_eq!(audit.requests["/v2/profiles"], 1);
    assert_eq!(audit.requests["/eu/v2/profiles"], 1);
    assert_eq!(audit.requests["/auth/o2/token"], 1);
    assert_eq!(audit.requests_by_method["POST /adsAccounts"], 1);
    assert!(!audit.requests.keys().any(|k| k.starts_with("/__sandbox")));
    assert_eq!(audit.accounts.len(), 1);
    assert_eq!(audit.accounts[0].kind, "business");
    assert_eq!(audit.accounts[0].status, "CREATED");
    assert_eq!(audit.terms_tokens[0].status, "REDEEMED");
    assert_eq!(audit.users[0].email, "dana@havenhotel.com");
    assert!(audit.users[0].terms_accepted);
    assert_eq!(sb.control().request_count("/adsAccounts"), 1);
}
