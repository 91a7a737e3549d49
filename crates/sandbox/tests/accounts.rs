//! Ads accounts: register validation, get, list pagination, auth headers.

mod common;
use ads_onboard_sandbox::{media_types, SandboxConfig, DEFAULT_CLIENT_ID};
use common::*;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde_json::{json, Value};
use std::time::Duration;

async fn errors_of(r: reqwest::Response) -> (u16, Vec<String>) {
    let s = r.status().as_u16();
    let v: Value = r.json().await.unwrap();
    let codes = v["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["errorCode"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    (s, codes)
}

async fn list(ads: &Ads, body: Value) -> (u16, Value) {
    let r = ads
        .post("/adsAccounts/list", media_types::LIST_TYPE, &body)
        .send()
        .await
        .unwrap();
    let s = r.status().as_u16();
    if s == 200 {
        assert_eq!(r.headers()[CONTENT_TYPE], media_types::LIST_TYPE);
    }
    (s, r.json().await.unwrap())
}

#[tokio::test]
async fn register_rejects_wrong_content_type_with_415() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    let r = ads
        .post("/adsAccounts", "application/json", &haven_hotel(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    let r = ads
        .post("/adsAccounts/list", "application/json", &json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
}

#[tokio::test]
async fn register_accepts_vendor_or_json_accept_headers() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    ads.accepted_terms().await;
    let mut body = haven_hotel("");
    body.as_object_mut().unwrap().remove("termsToken");
    for accept in [media_types::REGISTER_TYPE, "application/json"] {
        let r = ads
            .post("/adsAccounts", media_types::REGISTER_TYPE, &body)
            .header(ACCEPT, accept)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "{accept}");
    }
}

#[tokio::test]
async fn at_most_one_association_and_one_country() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    let mut two_countries = haven_hotel(&token);
    two_countries["countryCodes"] = json!(["US", "CA"]);
    assert_eq!(errors_of(ads.register(&two_countries).await).await.0, 400);
    let mut two_assoc = haven_hotel(&token);
    two_assoc["associations"] = json!([{"amazonSeller": {"sellerCentralAccount": "A1"}}, {"amazonVendor": {"vendorGroup": "1"}}]);
    assert_eq!(errors_of(ads.register(&two_assoc).await).await.0, 400);
    let mut none = haven_hotel(&token);
    none["associations"] = json!([]);
    assert_eq!(
        errors_of(ads.register(&none).await).await,
        (400, vec!["MISSING_ASSOCIATION".to_string()])
    );
    // None of these consumed the token.
    assert_eq!(ads.register(&haven_hotel(&token)).await.status(), 201);
}

#[tokio::test]
async fn businesses_are_us_only_with_every_field() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    let mut uk = haven_hotel(&token);
    uk["countryCodes"] = json!(["UK"]);
    assert_eq!(
        errors_of(ads.register(&uk).await).await,
        (400, vec!["INVALID_COUNTRY_CODE".to_string()])
    );
    let mut missing = haven_hotel(&token);
    let b = missing["associations"][0]["business"]
        .as_object_mut()
        .unwrap();
    b.remove("phone");
    b.remove("zipCode");
    let (s, codes) = errors_of(ads.register(&missing).await).await;
    assert_eq!(s, 400);
    assert_eq!(codes, vec!["MISSING_PHONE_NUMBER", "MISSING_ZIP_CODE"]);
    let mut bad_cc = haven_hotel(&token);
    bad_cc["countryCodes"] = json!(["us"]);
    assert_eq!(errors_of(ads.register(&bad_cc).await).await.0, 400);
}

#[tokio::test]
async fn malformed_json_is_400() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let r = ads
        .client
        .post(format!("{}/adsAccounts", ads.base))
        .bearer_auth(&ads.token)
        .header("Amazon-Advertising-API-ClientId", DEFAULT_CLIENT_ID)
        .header(CONTENT_TYPE, media_types::REGISTER_TYPE)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn pending_for_the_verification_delay_then_created() {
    let cfg = SandboxConfig {
        verification_delay: Duration::from_millis(400),
        verification_delay_max: Duration::from_millis(400),
        profile_lag: Duration::from_millis(400),
        ..SandboxConfig::for_tests()
    };
    let sb = sandbox(cfg).await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    let v: Value = ads
        .register(&haven_hotel(&token))
        .await
        .json()
        .await
        .unwrap();
    let id = v["adsAccount"]["adsAccountId"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, a) = ads.get_account(&id).await;
    assert_eq!(s, 200);
    assert_eq!(a["adsAccount"]["status"], "PENDING");
    assert!(a["adsAccount"].get("alternateIds").is_none());
    tokio::time::sleep(Duration::from_millis(420)).await;
    let (_, a) = ads.get_account(&id).await;
    assert_eq!(a["adsAccount"]["status"], "CREATED");
    assert!(
        a["adsAccount"].get("alternateIds").is_none(),
        "profile lag not over yet"
    );
    let profiles: Value = ads
        .get("/v2/profiles")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(profiles, json!([]));
    tokio::time::sleep(Duration::from_millis(420)).await;
    let (_, a) = ads.get_account(&id).await;
    let alt = a["adsAccount"]["alternateIds"].as_array().unwrap();
    assert!(alt
        .iter()
        .any(|x| x["profileId"].is_i64() && x["countryCode"] == "US"));
    assert!(alt.iter().any(|x| x["entityId"]
        .as_str()
        .is_some_and(|e| e.starts_with("ENTITY"))));
}

#[tokio::test]
async fn get_unknown_account_is_404_message_and_bad_id_400() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let r = ads
        .get("/adsAccounts/amzn1.ads-account.g.doesnotexist0000000000000")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()[CONTENT_TYPE], "application/json");
    let v: Value = r.json().await.unwrap();
    assert!(v["message"].is_string() && v.get("errors").is_none());
    let r = ads.get("/adsAccounts/bad_id!").send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.json::<Value>().await.unwrap()["message"].is_string());
}

#[tokio::test]
async fn another_users_account_is_not_visible() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let dana = Ads::new(&sb).await;
    let token = dana.accepted_terms().await;
    let id = dana
        .register(&haven_hotel(&token))
        .await
        .json::<Value>()
        .await
        .unwrap()["adsAccount"]["adsAccountId"]
        .as_str()
        .unwrap()
        .to_string();
    sb.control().set_test_user("Lee Park", "lee@parkfoods.com");
    let lee = Ads::new(&sb).await;
    assert_eq!(lee.get_account(&id).await.0, 404);
    assert_eq!(list(&lee, json!({})).await.1, json!({"adsAccounts": []}));
}

#[tokio::test]
async fn list_paginates_with_next_token() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    ads.accepted_terms().await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let body = json!({"associations": [{"amazonSeller": {"sellerCentralAccount": format!("A{i}SELLER")}}]});
        let v: Value = ads.register(&body).await.json().await.unwrap();
        ids.push(
            v["adsAccount"]["adsAccountId"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let mut seen = Vec::new();
    let mut next: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut body = json!({"maxResults": 2});
        if let Some(t) = &next {
            body["nextToken"] = json!(t);
        }
        let (s, v) = list(&ads, body).await;
        assert_eq!(s, 200);
        pages += 1;
        for a in v["adsAccounts"].as_array().unwrap() {
            seen.push(a["adsAccountId"].as_str().unwrap().to_string());
        }
        match v.get("nextToken").and_then(Value::as_str) {
            Some(t) => next = Some(t.to_string()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, ids);
    let (_, all) = list(&ads, json!({})).await;
    assert_eq!(all["adsAccounts"].as_array().unwrap().len(), 5);
    assert!(all.get("nextToken").is_none());
}

#[tokio::test]
async fn list_rejects_bad_max_results_and_next_token() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    for bad in [
        json!({"maxResults": 0}),
        json!({"maxResults": 101}),
        json!({"maxResults": 2.5}),
        json!({"maxResults": "x"}),
        json!({"nextToken": "garbage!"}),
    ] {
        let (s, v) = list(&ads, bad.clone()).await;
        assert_eq!(s, 400, "{bad}");
        assert!(v["errors"][0]["errorMessage"].is_string());
    }
    for ok in [
        json!({"maxResults": 1}),
        json!({"maxResults": 100}),
        json!({"maxResults": "100"}),
    ] {
        assert_eq!(list(&ads, ok.clone()).await.0, 200, "{ok}");
    }
}

#[tokio::test]
async fn missing_or_invalid_bearer_is_401() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let client = http();
    let r = client
        .get(format!("{}/v2/profiles", sb.base_url()))
        .header("Amazon-Advertising-API-ClientId", DEFAULT_CLIENT_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers().contains_key("x-amzn-requestid"));
    let r = client
        .post(format!("{}/termsTokens", sb.base_url()))
        .bearer_auth("Atza|not-a-token")
        .header("Amazon-Advertising-API-ClientId", DEFAULT_CLIENT_ID)
        .header(CONTENT_TYPE, media_types::TERMS_REQUEST)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn missing_or_wrong_client_id_header_is_401() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let r = http()
        .get(format!("{}/v2/profiles", sb.base_url()))
        .bearer_auth(&ads.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = http()
        .get(format!("{}/v2/profiles", sb.base_url()))
        .bearer_auth(&ads.token)
        .header(
            "Amazon-Advertising-API-ClientId",
            "amzn1.application-oa2-client.other",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn expired_access_token_is_401_and_refresh_recovers() {
    let cfg = SandboxConfig {
        // Long enough to survive a loaded CI machine between sign-in and first use.
        access_token_lifetime: Duration::from_millis(2000),
        ..SandboxConfig::for_tests()
    };
    let sb = sandbox(cfg).await;
    let tokens = sign_in(&sb).await;
    let mut ads = Ads {
        base: sb.base_url(),
        token: tokens["access_token"].as_str().unwrap().into(),
        client: http(),
    };
    assert_eq!(tokens["expires_in"], 2);
    assert_eq!(ads.get("/v2/profiles").send().await.unwrap().status(), 200);
    tokio::time::sleep(Duration::from_millis(2050)).await;
    assert_eq!(ads.get("/v2/profiles").send().await.unwrap().status(), 401);
    let r = token_request(
        &sb,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", ads_onboard_sandbox::DEFAULT_CLIENT_SECRET),
        ],
    )
    .await;
    ads.token = r.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .into();
    assert_eq!(ads.get("/v2/profiles").send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn access_tokens_work_on_all_three_hosts() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    for prefix in ["", "/eu", "/fe"] {
        let r = ads
            .get(&format!("{prefix}/v2/profiles"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{prefix}");
        let r = ads
            .post(
                &format!("{prefix}/adsAccounts/list"),
                media_types::LIST_TYPE,
                &json!({}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{prefix}");
    }
}
