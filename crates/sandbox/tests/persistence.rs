//! With a data directory, state survives a restart (SQLite).

mod common;
use ads_onboard_sandbox::{SandboxConfig, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET};
use common::*;
use serde_json::Value;

use ads_onboard_test_support::TempDir;

#[tokio::test]
async fn restarted_sandbox_knows_its_accounts_tokens_and_terms() {
    let dir = TempDir::new("sandbox-persist");
    let cfg = SandboxConfig {
        data_dir: Some(dir.path().to_path_buf()),
        ..SandboxConfig::for_tests()
    };
    let sb = sandbox(cfg.clone()).await;
    let tokens = sign_in(&sb).await;
    let ads = Ads {
        base: sb.base_url(),
        token: tokens["access_token"].as_str().unwrap().into(),
        client: http(),
    };
    let terms = ads.accepted_terms().await;
    let r = ads.register(&haven_hotel(&terms)).await;
    let id = r.json::<Value>().await.unwrap()["adsAccount"]["adsAccountId"]
        .as_str()
        .unwrap()
        .to_string();
    sb.shutdown().await;

    let sb = sandbox(cfg).await;
    let ads = Ads {
        base: sb.base_url(),
        token: ads.token.clone(),
        client: http(),
    };
    let (s, a) = ads.get_account(&id).await;
    assert_eq!(s, 200, "the access token and the account survive");
    assert_eq!(a["adsAccount"]["status"], "CREATED");
    let t: Value = ads
        .get(&format!("/termsTokens/{terms}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(t["termsTokenStatus"], "REDEEMED");
    let r = token_request(
        &sb,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", DEFAULT_CLIENT_SECRET),
        ],
    )
    .await;
    assert_eq!(r.status(), 200, "the refresh token survives");
    // Terms acceptance is remembered per user: registering without a token still works.
    let r = ads.register(&serde_json::json!({"associations": [{"amazonSeller": {"sellerCentralAccount": "A3PERSIST"}}]})).await;
    assert_eq!(r.status(), 201);
    assert_eq!(sb.control().audit().accounts.len(), 2);
    sb.shutdown().await;
}

#[tokio::test]
async fn without_data_dir_state_is_memory_only() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let terms = ads.accepted_terms().await;
    ads.register(&haven_hotel(&terms)).await;
    sb.shutdown().await;
    let sb = sandbox(SandboxConfig::for_tests()).await;
    assert!(sb.control().audit().accounts.is_empty());
}

#[tokio::test]
async fn reset_forgets_everything_also_on_disk() {
    let dir = TempDir::new("sandbox-reset");
    let cfg = SandboxConfig {
        data_dir: Some(dir.path().to_path_buf()),
        ..SandboxConfig::for_tests()
    };
    let sb = sandbox(cfg.clone()).await;
    let ads = Ads::new(&sb).await;
    let terms = ads.accepted_terms().await;
    ads.register(&haven_hotel(&terms)).await;
    sb.control().throttle_next(5, None);
    let r = http()
        .post(format!("{}/__sandbox/reset", sb.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let audit = sb.control().audit();
    assert!(audit.accounts.is_empty() && audit.terms_tokens.is_empty() && audit.users.is_empty());
    assert!(audit.requests.is_empty() && audit.faults.is_empty());
    assert_eq!(
        ads.get("/v2/profiles").send().await.unwrap().status(),
        401,
        "tokens are forgotten"
    );
    sb.shutdown().await;
    let sb = sandbox(cfg).await;
    assert!(sb.control().audit().accounts.is_empty());
    sb.shutdown().await;
}
