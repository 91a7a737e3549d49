//! Scenario seeds and multi-country/region behaviour: DISABLED reasons, duplicate partners,
//! PARTIALLY_CREATED, profiles per regional host, billing status.

mod common;
use ads_onboard_sandbox::{media_types, SandboxConfig};
use common::*;
use reqwest::header::CONTENT_TYPE;
use serde_json::{json, Value};
use std::time::Duration;

async fn register_id(ads: &Ads, body: Value) -> String {
    let r = ads.register(&body).await;
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["adsAccount"]["adsAccountId"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn account(ads: &Ads, id: &str) -> Value {
    let (s, v) = ads.get_account(id).await;
    assert_eq!(s, 200);
    v["adsAccount"].clone()
}

#[tokio::test]
async fn blocklisted_website_ends_disabled_with_reason() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    let mut body = haven_hotel(&token);
    body["associations"][0]["business"]["websiteUrl"] =
        json!("https://www.counterfeit-deals.com/shop");
    let a = account(&ads, &register_id(&ads, body).await).await;
    assert_eq!(a["status"], "DISABLED");
    assert_eq!(a["errors"]["US"][0]["errorCode"], "BUSINESS_NOT_ELIGIBLE");
    assert!(a["errors"]["US"][0]["errorMessage"]
        .as_str()
        .unwrap()
        .contains("counterfeit-deals.com"));
    assert!(a.get("alternateIds").is_none());
}

#[tokio::test]
async fn consumer_email_business_registration_ends_disabled() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    sb.control()
        .set_test_user("Dana Whitfield", "dana.whitfield@gmail.com");
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    let a = account(&ads, &register_id(&ads, haven_hotel(&token)).await).await;
    assert_eq!(a["status"], "DISABLED");
    assert_eq!(
        a["errors"]["US"][0]["errorCode"],
        "UNPROFESSIONAL_EMAIL_ADDRESS"
    );
}

#[tokio::test]
async fn already_registered_seller_is_refused() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    ads.accepted_terms().await;
    let seeded = json!({"associations": [{"amazonSeller": {"sellerCentralAccount": "A1REGISTERED0SELLER"}}]});
    let a = account(&ads, &register_id(&ads, seeded).await).await;
    assert_eq!(a["status"], "DISABLED");
    assert_eq!(
        a["errors"]["US"][0]["errorCode"],
        "ACCOUNT_ALREADY_EXISTS_FOR_SELLING_ACCOUNT"
    );

    let fresh =
        json!({"associations": [{"amazonSeller": {"sellerCentralAccount": "A6DEQ9LYHIBE8"}}]});
    let first = account(&ads, &register_id(&ads, fresh.clone()).await).await;
    assert_eq!(first["status"], "CREATED");
    let second = account(&ads, &register_id(&ads, fresh).await).await;
    assert_eq!(
        second["status"], "DISABLED",
        "a second account for the same seller is refused"
    );
}

#[tokio::test]
async fn vendor_spans_countries_through_partially_created() {
    let cfg = SandboxConfig {
        verification_delay: Duration::from_millis(300),
        verification_delay_max: Duration::from_millis(300),
        partial_phase: Duration::from_millis(500),
        ..SandboxConfig::for_tests()
    };
    let sb = sandbox(cfg).await;
    let ads = Ads::new(&sb).await;
    ads.accepted_terms().await;
    let id = register_id(
        &ads,
        json!({"associations": [{"amazonVendor": {"vendorGroup": "6943231"}}]}),
    )
    .await;
    assert_eq!(account(&ads, &id).await["status"], "PENDING");
    tokio::time::sleep(Duration::from_millis(350)).await;
    let a = account(&ads, &id).await;
    assert_eq!(a["status"], "PARTIALLY_CREATED");
    assert_eq!(a["countryCodes"], json!(["US", "CA", "UK", "DE"]));
    let ready: Vec<&str> = a["alternateIds"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| {
            x["profileId"]
                .as_i64()
                .map(|_| x["countryCode"].as_str().unwrap())
        })
        .collect();
    assert_eq!(ready, vec!["US", "CA"]);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let a = account(&ads, &id).await;
    assert_eq!(a["status"], "CREATED");
    assert_eq!(a["alternateIds"].as_array().unwrap().len(), 8);
}

#[tokio::test]
async fn partially_created_can_stay_with_failing_countries() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    sb.control().set_partially_created(true, vec!["DE".into()]);
    let ads = Ads::new(&sb).await;
    ads.accepted_terms().await;
    let id = register_id(
        &ads,
        json!({"associations": [{"amazonVendor": {"vendorGroup": "777"}}]}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(20)).await;
    let a = account(&ads, &id).await;
    assert_eq!(a["status"], "PARTIALLY_CREATED");
    assert_eq!(a["errors"]["DE"][0]["errorCode"], "COUNTRY_NOT_ELIGIBLE");
    assert!(a["errors"].get("US").is_none());
}

#[tokio::test]
async fn partially_created_fails_some_countries_then_stays() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    sb.control().set_partially_created(false, vec!["UK".into()]);
    let ads = Ads::new(&sb).await;
    ads.accepted_terms().await;
    let id = register_id(
        &ads,
        json!({"associations": [{"amazonVendor": {"vendorGroup": "778"}}]}),
    )
    .await;
    let a = account(&ads, &id).await;
    // With a failing country the account never reaches CREATED.
    assert_eq!(a["status"], "PARTIALLY_CREATED");
    let ready: Vec<&str> = a["alternateIds"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["profileId"].is_i64())
        .map(|x| x["countryCode"].as_str().unwrap())
        .collect();
    assert_eq!(ready, vec!["US", "CA", "DE"]);
}

async fn profiles(ads: &Ads, path: &str) -> (u16, Value) {
    let r = ads.get(path).send().await.unwrap();
    let s = r.status().as_u16();
    if s == 200 {
        assert_eq!(r.headers()[CONTENT_TYPE], "application/json");
    }
    (s, r.json().await.unwrap())
}

fn countries(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| p["countryCode"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn profiles_are_per_regional_host() {
    let sb = sandbox(SandboxConfig {
        vendor_countries: vec!["US".into(), "UK".into(), "JP".into()],
        ..SandboxConfig::for_tests()
    })
    .await;
    let ads = Ads::new(&sb).await;
    ads.accepted_terms().await;
    register_id(
        &ads,
        json!({"associations": [{"amazonVendor": {"vendorGroup": "42"}}]}),
    )
    .await;
    assert_eq!(
        countries(&profiles(&ads, "/v2/profiles").await.1),
        vec!["US"]
    );
    assert_eq!(
        countries(&profiles(&ads, "/eu/v2/profiles").await.1),
        vec!["UK"]
    );
    let (_, fe) = profiles(&ads, "/fe/v2/profiles").await;
    assert_eq!(countries(&fe), vec!["JP"]);
    assert_eq!(fe[0]["currencyCode"], "JPY");
    assert_eq!(fe[0]["timezone"], "Asia/Tokyo");
    assert_eq!(
        fe[0]["accountInfo"]["marketplaceStringId"],
        "A1VC38T7YXB528"
    );
    assert_eq!(fe[0]["accountInfo"]["type"], "vendor");
    assert_eq!(fe[0]["accountInfo"]["validPaymentMethod"], false);
    let id = fe[0]["profileId"].as_i64().unwrap();
    assert_eq!(
        profiles(&ads, &format!("/fe/v2/profiles/{id}")).await.0,
        200
    );
    assert_eq!(profiles(&ads, &format!("/v2/profiles/{id}")).await.0, 404);
}

#[tokio::test]
async fn profile_filters() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    register_id(
        &ads,
        json!({"associations": [{"amazonSeller": {"sellerCentralAccount": "A2SELLER"}}]}),
    )
    .await;
    register_id(&ads, haven_hotel(&token)).await;
    let (_, all) = profiles(&ads, "/v2/profiles").await;
    assert_eq!(all.as_array().unwrap().len(), 2);
    let (_, sellers) = profiles(&ads, "/v2/profiles?profileTypeFilter=seller").await;
    assert_eq!(sellers.as_array().unwrap().len(), 1);
    assert_eq!(sellers[0]["accountInfo"]["id"], "A2SELLER");
    assert!(sellers[0]["dailyBudget"].is_number());
    let (_, both) = profiles(
        &ads,
        "/v2/profiles?profileTypeFilter=seller,vendor&accessLevel=view&apiProgram=billing",
    )
    .await;
    assert_eq!(both.as_array().unwrap().len(), 2);
    let (_, agency) = profiles(&ads, "/v2/profiles?profileTypeFilter=agency").await;
    assert_eq!(agency, json!([]));
    let (_, unpaid) = profiles(&ads, "/v2/profiles?validPaymentMethodFilter=false").await;
    assert_eq!(unpaid.as_array().unwrap().len(), 1);
    for bad in [
        "profileTypeFilter=robot",
        "accessLevel=admin",
        "apiProgram=nope",
        "validPaymentMethodFilter=maybe",
    ] {
        assert_eq!(
            profiles(&ads, &format!("/v2/profiles?{bad}")).await.0,
            400,
            "{bad}"
        );
    }
}

async fn billing(ads: &Ads, body: Value) -> (u16, Value) {
    let r = ads
        .post(
            "/billing/statuses",
            media_types::BILLING_STATUS_REQUEST,
            &body,
        )
        .send()
        .await
        .unwrap();
    let s = r.status().as_u16();
    let ct = r.headers()[CONTENT_TYPE].to_str().unwrap().to_string();
    if s == 200 {
        assert_eq!(ct, media_types::BILLING_STATUS_RESPONSE);
    } else {
        assert_eq!(
            ct,
            "application/vnd.bulkgetbillingstatuserrorresponse.v1+json"
        );
    }
    (s, r.json().await.unwrap())
}

#[tokio::test]
async fn billing_pending_until_setup_page_is_completed() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    let id = register_id(&ads, haven_hotel(&token)).await;
    let req = json!({"advertiserMarketplaces": [{"advertiserId": id, "marketplaceId": "ATVPDKIKX0DER"},
                                                {"advertiserId": "amzn1.ads-account.g.unknown", "marketplaceId": "ATVPDKIKX0DER"}]});
    let (s, v) = billing(&ads, req.clone()).await;
    assert_eq!(s, 200);
    assert_eq!(
        v["success"][0]["billingStatus"]["billingStatusCode"],
        "PENDING_BILLING_REGISTRATION"
    );
    assert_eq!(v["success"][0]["index"], 0);
    assert_eq!(v["error"][0]["errorCode"], "NOT_FOUND");
    assert_eq!(v["error"][0]["index"], 1);
    let page = http()
        .get(format!("{}/billing/setup/{id}", sb.base_url()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Sandbox") && page.contains("Complete billing setup"));
    assert_eq!(
        http()
            .post(format!("{}/billing/setup/{id}", sb.base_url()))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let (_, v) = billing(&ads, req).await;
    assert_eq!(
        v["success"][0]["billingStatus"]["billingStatusCode"],
        "VALID_BILLING_STATUS"
    );
    let (_, paid) = profiles(&ads, "/v2/profiles?validPaymentMethodFilter=true").await;
    assert_eq!(paid.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn billing_rejects_bad_requests() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    assert_eq!(
        billing(&ads, json!({"advertiserMarketplaces": []})).await.0,
        400
    );
    assert_eq!(billing(&ads, json!({})).await.0, 400);
    let r = ads
        .post("/billing/statuses", "application/json", &json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
}
