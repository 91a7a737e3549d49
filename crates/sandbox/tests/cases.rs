//! The knobs that play the cases Amazon's documents leave open, each set through the
//! config file (as `ads-onboard-cli sandbox --config` reads it) and checked on the wire.

mod common;
use ads_onboard_sandbox::{media_types, SandboxConfig};
use common::*;
use serde_json::{json, Value};
use std::time::Duration;

/// A config file with `keys` on top of the test defaults, read the way the CLI reads it.
fn from_file(keys: Value) -> SandboxConfig {
    let dir = std::env::temp_dir().join(format!(
        "ao-sandbox-cases-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("sandbox.json");
    let mut v = serde_json::to_value(SandboxConfig::for_tests()).unwrap();
    for (k, x) in keys.as_object().unwrap() {
        v[k] = x.clone();
    }
    std::fs::write(&path, v.to_string()).unwrap();
    let cfg = SandboxConfig::from_file(&path).expect("config file reads");
    let _ = std::fs::remove_dir_all(&dir);
    cfg
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::SeqCst)
}

fn seller(token: &str, id: &str) -> Value {
    json!({"termsToken": token, "associations": [{"amazonSeller": {"sellerCentralAccount": id}}]})
}

#[tokio::test]
async fn a_storm_from_the_config_file_throttles_every_second_register() {
    let cfg = from_file(json!({"faults": [
        {"path": "/adsAccounts", "method": "POST", "status": 429, "every": 2, "count": 2},
        {"path": "/adsAccounts/list", "method": "POST", "status": 429, "retry_after_secs": 2, "count": 1}
    ]}));
    let sb = sandbox(cfg).await;
    let ads = Ads::new(&sb).await;
    let mut seen = vec![];
    for _ in 0..5 {
        let token = ads.accepted_terms().await;
        let r = ads.register(&haven_hotel(&token)).await;
        seen.push(r.status().as_u16());
        if r.status() == 429 {
            assert_eq!(r.headers()["amazon-advertising-api-throttled"], "true");
            assert!(r.headers().get("retry-after").is_none());
            let v: Value = r.json().await.unwrap();
            assert_eq!(v["errors"][0]["errorCode"], "TOO_MANY_REQUESTS");
        }
    }
    // The first, the third, then the storm is spent.
    assert_eq!(seen, [429, 201, 429, 201, 201]);
    let r = ads
        .post("/adsAccounts/list", media_types::LIST_TYPE, &json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "2");
    // Only the three committed registrations exist.
    assert_eq!(sb.control().audit().accounts.len(), 3);
}

#[tokio::test]
async fn faults_posted_with_the_config_are_armed_at_once() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let r = http()
        .post(format!("{}/__sandbox/config", sb.base_url()))
        .json(&json!({"faults": [{"path": "/v2/profiles", "status": 429, "count": 1}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(ads.get("/v2/profiles").send().await.unwrap().status(), 429);
    assert_eq!(ads.get("/v2/profiles").send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn error_ids_go_out_as_floats_in_accounts_and_error_bodies() {
    let sb = sandbox(from_file(json!({"error_ids_as_floats": true}))).await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    let mut body = haven_hotel(&token);
    body["associations"][0]["business"]["websiteUrl"] = json!("www.counterfeit-deals.com");
    let r = ads.register(&body).await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["adsAccount"]["adsAccountId"]
        .as_str()
        .unwrap()
        .to_string();
    let text = ads
        .get(&format!("/adsAccounts/{id}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains(r#""errorId":1002.0"#), "{text}");
    // A V2 error body too.
    let r = ads.register(&haven_hotel("not-a-token")).await;
    assert_eq!(r.status(), 400);
    let text = r.text().await.unwrap();
    assert!(text.contains(r#""errorId":400.0"#), "{text}");
}

#[tokio::test]
async fn the_list_can_hold_one_malformed_account() {
    let sb = sandbox(from_file(json!({"malformed_list_account": true}))).await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    assert_eq!(ads.register(&haven_hotel(&token)).await.status(), 201);
    let v: Value = ads
        .post("/adsAccounts/list", media_types::LIST_TYPE, &json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = v["adsAccounts"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(items[0]["adsAccountId"].is_number(), "{v}");
    assert!(items[1]["adsAccountId"].is_string(), "{v}");
}

#[tokio::test]
async fn a_new_account_is_404_for_a_while_after_the_201() {
    let sb = sandbox(from_file(json!({"not_found_after_register_ms": 300}))).await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    let r = ads.register(&haven_hotel(&token)).await;
    let id = r.json::<Value>().await.unwrap()["adsAccount"]["adsAccountId"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, body) = ads.get_account(&id).await;
    assert_eq!(status, 404);
    assert!(body["message"].is_string(), "{body}");
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(ads.get_account(&id).await.0, 200);
}

#[tokio::test]
async fn a_refused_business_can_say_disabled_in_the_201() {
    let sb = sandbox(from_file(json!({"disabled_in_register_response": true}))).await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    let mut body = haven_hotel(&token);
    body["associations"][0]["business"]["websiteUrl"] = json!("blocklisted.example.com");
    let r = ads.register(&body).await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["adsAccount"]["status"], "DISABLED");
    assert!(
        v["adsAccount"].get("errors").is_none(),
        "the short AdsAccount has no errors"
    );
    let (_, full) = ads
        .get_account(v["adsAccount"]["adsAccountId"].as_str().unwrap())
        .await;
    assert_eq!(
        full["adsAccount"]["errors"]["US"][0]["errorCode"],
        "BUSINESS_NOT_ELIGIBLE"
    );
    // An eligible business still starts PENDING.
    let token = ads.accepted_terms().await;
    let v: Value = ads
        .register(&haven_hotel(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["adsAccount"]["status"], "PENDING");
}

#[tokio::test]
async fn a_token_can_turn_redeemed_only_when_the_account_leaves_pending() {
    let sb = sandbox(from_file(json!({
        "redeem_terms_when_verified": true,
        "verification_delay_ms": 300,
        "verification_delay_max_ms": 300
    })))
    .await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    let status = |ads: &Ads, token: String| {
        let req = ads.get(&format!("/termsTokens/{token}"));
        async move {
            let v: Value = req.send().await.unwrap().json().await.unwrap();
            v["termsTokenStatus"].as_str().unwrap().to_string()
        }
    };
    assert_eq!(ads.register(&haven_hotel(&token)).await.status(), 201);
    assert_eq!(status(&ads, token.clone()).await, "ACCEPTED");
    // Still one registration per token.
    let again = ads.register(&haven_hotel(&token)).await;
    assert_eq!(again.status(), 400);
    let v: Value = again.json().await.unwrap();
    assert_eq!(v["errors"][0]["errorCode"], "TERMS_TOKEN_ALREADY_REDEEMED");
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(status(&ads, token).await, "REDEEMED");
    assert_eq!(sb.control().audit().accounts.len(), 1);
}

#[tokio::test]
async fn a_seller_the_user_cannot_act_for_is_403() {
    let sb = sandbox(from_file(
        json!({"inaccessible_sellers": ["A0NOACCESS0SELLER"]}),
    ))
    .await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    let r = ads.register(&seller(&token, "A0NOACCESS0SELLER")).await;
    assert_eq!(r.status(), 403);
    assert_eq!(r.headers()["content-type"], "application/json");
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["errors"][0]["errorCode"], "FORBIDDEN");
    assert!(sb.control().audit().accounts.is_empty());
    // The token was not used up.
    assert_eq!(
        ads.register(&seller(&token, "A6DEQ9LYHIBE8"))
            .await
            .status(),
        201
    );
}

#[tokio::test]
async fn a_multi_country_seller_ends_partly_created_partly_refused() {
    let sb = sandbox(from_file(json!({
        "seller_countries": ["US", "CA", "UK"],
        "partially_created_fail_countries": ["UK"]
    })))
    .await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    let v: Value = ads
        .register(&seller(&token, "A6DEQ9LYHIBE8"))
        .await
        .json()
        .await
        .unwrap();
    let (_, full) = ads
        .get_account(v["adsAccount"]["adsAccountId"].as_str().unwrap())
        .await;
    let a = &full["adsAccount"];
    assert_eq!(a["status"], "PARTIALLY_CREATED");
    assert_eq!(a["countryCodes"], json!(["US", "CA", "UK"]));
    assert_eq!(a["errors"]["UK"][0]["errorCode"], "COUNTRY_NOT_ELIGIBLE");
    let profiled: Vec<&str> = a["alternateIds"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x.get("profileId").is_some())
        .map(|x| x["countryCode"].as_str().unwrap())
        .collect();
    assert_eq!(profiled, ["US", "CA"]);
}

#[tokio::test]
async fn billing_can_answer_errors_per_country() {
    let sb = sandbox(from_file(json!({
        "vendor_countries": ["US", "CA"],
        "billing_errors": {"CA": "NOT_AUTHORIZED"}
    })))
    .await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    let v: Value = ads
        .register(&json!({"termsToken": token, "associations": [{"amazonVendor": {"vendorGroup": "6943231"}}]}))
        .await
        .json()
        .await
        .unwrap();
    let (_, full) = ads
        .get_account(v["adsAccount"]["adsAccountId"].as_str().unwrap())
        .await;
    let entity = |c: &str| {
        full["adsAccount"]["alternateIds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["countryCode"] == c && x.get("entityId").is_some())
            .unwrap()["entityId"]
            .clone()
    };
    let body = json!({"advertiserMarketplaces": [
        {"advertiserId": entity("US"), "marketplaceId": "ATVPDKIKX0DER"},
        {"advertiserId": entity("CA"), "marketplaceId": "A2EUQ1WTGCTBG2"}
    ]});
    let r: Value = ads
        .post(
            "/billing/statuses",
            media_types::BILLING_STATUS_REQUEST,
            &body,
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["success"][0]["index"], 0);
    assert_eq!(r["error"][0]["index"], 1);
    assert_eq!(r["error"][0]["errorCode"], "NOT_AUTHORIZED");
    assert!(r["error"][0]["description"].is_string());
}
