//! Terms tokens: media types, CREATED -> ACCEPTED -> REDEEMED, the agreement page.

mod common;
use ads_onboard_sandbox::{media_types, SandboxConfig};
use common::*;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde_json::{json, Value};
use std::time::Duration;

async fn status_of(ads: &Ads, token: &str) -> (u16, Value) {
    let r = ads
        .get(&format!("/termsTokens/{token}"))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn create_answers_201_with_vendor_type_and_terms_url() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let r = ads
        .post("/termsTokens", media_types::TERMS_REQUEST, &json!({}))
        .header(ACCEPT, media_types::TERMS_RESPONSE)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(
        r.headers()[CONTENT_TYPE],
        "application/vnd.termstokenresource.v1+json"
    );
    let v: Value = r.json().await.unwrap();
    let token = v["termsToken"].as_str().unwrap();
    assert_eq!(token.len(), 36);
    assert_eq!(
        v["termsUrl"],
        format!("{}/terms/agreement/{token}", sb.base_url())
    );
    let (s, body) = status_of(&ads, token).await;
    assert_eq!(s, 200);
    assert_eq!(body, json!({"termsTokenStatus": "CREATED"}));
}

#[tokio::test]
async fn empty_body_and_terms_type_are_accepted() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let r = ads
        .client
        .post(format!("{}/termsTokens", ads.base))
        .bearer_auth(&ads.token)
        .header(
            "Amazon-Advertising-API-ClientId",
            ads_onboard_sandbox::DEFAULT_CLIENT_ID,
        )
        .header(CONTENT_TYPE, media_types::TERMS_REQUEST)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let r = ads
        .post(
            "/termsTokens",
            media_types::TERMS_REQUEST,
            &json!({"termsType": "ADVERTISING"}),
        )
        .send()
        .await
        .unwrap();
    let token = r.json::<Value>().await.unwrap()["termsToken"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(status_of(&ads, &token).await.1["termsType"], "ADVERTISING");
    let r = ads
        .post(
            "/termsTokens",
            media_types::TERMS_REQUEST,
            &json!({"termsType": "NOPE"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn wrong_content_type_is_415_with_errors_body() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    for ct in [
        "application/json",
        "application/vnd.termstokenresource.v1+json",
        "text/plain",
    ] {
        let r = ads
            .post("/termsTokens", ct, &json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 415, "{ct}");
        assert_eq!(r.headers()[CONTENT_TYPE], "application/json");
        let v: Value = r.json().await.unwrap();
        assert!(v["errors"][0]["errorCode"].is_string());
    }
}

#[tokio::test]
async fn unsatisfiable_accept_is_406_and_json_accept_is_fine() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let r = ads
        .post("/termsTokens", media_types::TERMS_REQUEST, &json!({}))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 406);
    for accept in [
        "application/json",
        "*/*",
        "application/vnd.termstokenresource.v1+json",
    ] {
        let r = ads
            .post("/termsTokens", media_types::TERMS_REQUEST, &json!({}))
            .header(ACCEPT, accept)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "{accept}");
    }
}

#[tokio::test]
async fn unknown_terms_token_is_400_not_404() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let (s, v) = status_of(&ads, "4de3327e-a595-44cb-b689-f7f746805c02").await;
    assert_eq!(s, 400);
    assert!(v["errors"].as_array().is_some_and(|e| !e.is_empty()));
}

#[tokio::test]
async fn agreement_page_has_accept_button_and_post_accepts() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let t = ads.create_terms().await;
    let url = t["termsUrl"].as_str().unwrap();
    let html = http().get(url).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Accept and continue"));
    assert!(html.contains("Sandbox"));
    assert!(html.contains("method=\"post\""));
    let token = t["termsToken"].as_str().unwrap();
    assert_eq!(
        status_of(&ads, token).await.1["termsTokenStatus"],
        "CREATED"
    );
    assert_eq!(http().post(url).send().await.unwrap().status(), 200);
    assert_eq!(
        status_of(&ads, token).await.1["termsTokenStatus"],
        "ACCEPTED"
    );
}

#[tokio::test]
async fn redeemed_after_registration_and_not_reusable() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    assert_eq!(ads.register(&haven_hotel(&token)).await.status(), 201);
    assert_eq!(
        status_of(&ads, &token).await.1["termsTokenStatus"],
        "REDEEMED"
    );
    let r = ads.register(&haven_hotel(&token)).await;
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["errors"][0]["errorCode"], "TERMS_TOKEN_ALREADY_REDEEMED");
}

#[tokio::test]
async fn token_not_accepted_is_rejected_with_400() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let t = ads.create_terms().await;
    let r = ads
        .register(&haven_hotel(t["termsToken"].as_str().unwrap()))
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(r.headers()[CONTENT_TYPE], "application/json");
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["errors"][0]["errorCode"], "TERMS_NOT_ACCEPTED");
}

#[tokio::test]
async fn register_without_token_needs_prior_acceptance() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let mut body = haven_hotel("x");
    body.as_object_mut().unwrap().remove("termsToken");
    assert_eq!(ads.register(&body).await.status(), 400);
    ads.accepted_terms().await;
    assert_eq!(ads.register(&body).await.status(), 201);
}

#[tokio::test]
async fn auto_accept_turns_tokens_accepted_after_the_delay() {
    let cfg = SandboxConfig {
        auto_accept_terms: Some(Duration::from_millis(300)),
        ..SandboxConfig::for_tests()
    };
    let sb = sandbox(cfg).await;
    let ads = Ads::new(&sb).await;
    let t = ads.create_terms().await;
    let token = t["termsToken"].as_str().unwrap();
    assert_eq!(
        status_of(&ads, token).await.1["termsTokenStatus"],
        "CREATED"
    );
    tokio::time::sleep(Duration::from_millis(320)).await;
    assert_eq!(
        status_of(&ads, token).await.1["termsTokenStatus"],
        "ACCEPTED"
    );
}

#[tokio::test]
async fn control_accepts_terms_too() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let token = ads.create_terms().await["termsToken"]
        .as_str()
        .unwrap()
        .to_string();
    let r = http()
        .post(format!("{}/__sandbox/terms/{token}/accept", sb.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(
        status_of(&ads, &token).await.1["termsTokenStatus"],
        "ACCEPTED"
    );
    assert!(!sb.control().accept_terms("no-such-token"));
}
