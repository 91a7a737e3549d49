//! The happy path end to end over loopback HTTP.

mod common;
use ads_onboard_sandbox::SandboxConfig;
use common::*;

#[tokio::test]
async fn business_registration_reaches_created_with_profile() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    let r = ads.register(&haven_hotel(&token)).await;
    assert_eq!(r.status(), 201);
    assert_eq!(r.headers()["content-type"], "application/json");
    assert!(r.headers().contains_key("x-amzn-requestid"));
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["adsAccount"]["status"], "PENDING");
    let id = body["adsAccount"]["adsAccountId"].as_str().unwrap();
    assert!(id.starts_with("amzn1.ads-account.g."));
    let (status, acct) = ads.get_account(id).await;
    assert_eq!(status, 200);
    assert_eq!(acct["adsAccount"]["status"], "CREATED");
    let alt = acct["adsAccount"]["alternateIds"].as_array().unwrap();
    assert_eq!(alt.len(), 2);
    let profiles: serde_json::Value = ads
        .get("/v2/profiles")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(profiles.as_array().unwrap().len(), 1);
    assert_eq!(profiles[0]["countryCode"], "US");
    assert_eq!(profiles[0]["profileId"], alt[0]["profileId"]);
    let audit = sb.control().audit();
    assert_eq!(audit.terms_tokens[0].status, "REDEEMED");
    assert_eq!(audit.requests.get("/adsAccounts"), Some(&1));
    sb.shutdown().await;
}
