//! Responses validated against the schemas in Amazon's OpenAPI files, for every status the
//! spec declares. Statuses the spec does not declare (401, 406, 415) are checked elsewhere.

mod common;
#[path = "common/schema.rs"]
mod schema;

use ads_onboard_sandbox::{media_types, FaultRule, SandboxConfig};
use common::*;
use schema::Spec;
use serde_json::{json, Value};
use std::time::Duration;

struct Checker {
    spec: Spec,
    checked: Vec<String>,
}

impl Checker {
    fn new(file: &str) -> Checker {
        Checker {
            spec: Spec::load(file),
            checked: Vec::new(),
        }
    }

    /// Validates a response against `method template`; returns its body.
    async fn check(&mut self, method: &str, template: &str, r: reqwest::Response) -> Value {
        let status = r.status().as_u16();
        let ct = r.headers()["content-type"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let body: Value = r.json().await.unwrap();
        let schema = self
            .spec
            .response_schema(method, template, status, &ct)
            .unwrap_or_else(|| {
                panic!("{method} {template}: status {status} is not declared by the spec")
            });
        let errors = self.spec.validate(schema, &body);
        assert!(
            errors.is_empty(),
            "{method} {template} {status}: {errors:?}\nbody: {body}"
        );
        self.checked.push(format!("{method} {template} {status}"));
        body
    }
}

#[tokio::test]
async fn account_management_responses_match_the_spec() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let mut c = Checker::new("AdvertisingAccounts_prod_3p.json");
    let ctl = sb.control();

    let terms = c
        .check(
            "POST",
            "/termsTokens",
            ads.post("/termsTokens", media_types::TERMS_REQUEST, &json!({}))
                .send()
                .await
                .unwrap(),
        )
        .await;
    let token = terms["termsToken"].as_str().unwrap().to_string();
    c.check(
        "POST",
        "/termsTokens",
        ads.post(
            "/termsTokens",
            media_types::TERMS_REQUEST,
            &json!({"termsType": 5}),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    for status in [429, 500] {
        ctl.add_fault(FaultRule::status(1, status).on_path("/termsTokens"));
        c.check(
            "POST",
            "/termsTokens",
            ads.post("/termsTokens", media_types::TERMS_REQUEST, &json!({}))
                .send()
                .await
                .unwrap(),
        )
        .await;
    }
    let get_terms = "/termsTokens/{termsToken}";
    c.check(
        "GET",
        get_terms,
        ads.get(&format!("/termsTokens/{token}"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    c.check(
        "GET",
        get_terms,
        ads.get("/termsTokens/unknown").send().await.unwrap(),
    )
    .await;
    ctl.throttle_next(1, Some(1));
    c.check(
        "GET",
        get_terms,
        ads.get(&format!("/termsTokens/{token}"))
            .send()
            .await
            .unwrap(),
    )
    .await;

    // Register: 400 (not accepted), 201, 400 (redeemed), faults.
    c.check(
        "POST",
        "/adsAccounts",
        ads.register(&haven_hotel(&token)).await,
    )
    .await;
    ctl.accept_terms(&token);
    let created = c
        .check(
            "POST",
            "/adsAccounts",
            ads.register(&haven_hotel(&token)).await,
        )
        .await;
    c.check(
        "POST",
        "/adsAccounts",
        ads.register(&haven_hotel(&token)).await,
    )
    .await;
    let mut missing = haven_hotel("");
    missing["associations"][0]["business"] = json!({"name": "Only A Name"});
    c.check("POST", "/adsAccounts", ads.register(&missing).await)
        .await;
    ctl.add_fault(
        FaultRule::status(1, 500)
            .on_path("/adsAccounts")
            .on_method("POST"),
    );
    c.check(
        "POST",
        "/adsAccounts",
        ads.register(&haven_hotel(&token)).await,
    )
    .await;

    // Every status shape of GetAccount: created, disabled, partially created with errors, pending.
    let get = "/adsAccounts/{advertisingAccountId}";
    let id = created["adsAccount"]["adsAccountId"].as_str().unwrap();
    c.check(
        "GET",
        get,
        ads.get(&format!("/adsAccounts/{id}")).send().await.unwrap(),
    )
    .await;
    let mut blocked = haven_hotel("");
    blocked.as_object_mut().unwrap().remove("termsToken");
    blocked["associations"][0]["business"]["websiteUrl"] = json!("counterfeit-deals.com");
    let d = ads.register(&blocked).await.json::<Value>().await.unwrap();
    let disabled = c
        .check(
            "GET",
            get,
            ads.get(&format!(
                "/adsAccounts/{}",
                d["adsAccount"]["adsAccountId"].as_str().unwrap()
            ))
            .send()
            .await
            .unwrap(),
        )
        .await;
    assert_eq!(disabled["adsAccount"]["status"], "DISABLED");
    ctl.set_partially_created(true, vec!["DE".into()]);
    let v = ads
        .register(&json!({"associations": [{"amazonVendor": {"vendorGroup": "99"}}]}))
        .await
        .json::<Value>()
        .await
        .unwrap();
    let partial = c
        .check(
            "GET",
            get,
            ads.get(&format!(
                "/adsAccounts/{}",
                v["adsAccount"]["adsAccountId"].as_str().unwrap()
            ))
            .send()
            .await
            .unwrap(),
        )
        .await;
    assert_eq!(partial["adsAccount"]["status"], "PARTIALLY_CREATED");
    ctl.set_verification_delay(Duration::from_secs(60));
    let p = ads
        .register(&json!({"associations": [{"amazonAuthor": {"email": "ink@quill.example"}}]}))
        .await
        .json::<Value>()
        .await
        .unwrap();
    c.check(
        "GET",
        get,
        ads.get(&format!(
            "/adsAccounts/{}",
            p["adsAccount"]["adsAccountId"].as_str().unwrap()
        ))
        .send()
        .await
        .unwrap(),
    )
    .await;
    c.check(
        "GET",
        get,
        ads.get("/adsAccounts/amzn1.ads-account.g.none")
            .send()
            .await
            .unwrap(),
    )
    .await;
    c.check(
        "GET",
        get,
        ads.get("/adsAccounts/bad!id").send().await.unwrap(),
    )
    .await;
    ctl.throttle_next(1, None);
    c.check(
        "GET",
        get,
        ads.get(&format!("/adsAccounts/{id}")).send().await.unwrap(),
    )
    .await;

    let list = |body: Value| {
        ads.post("/adsAccounts/list", media_types::LIST_TYPE, &body)
            .send()
    };
    let page = c
        .check(
            "POST",
            "/adsAccounts/list",
            list(json!({"maxResults": 2})).await.unwrap(),
        )
        .await;
    assert!(page["nextToken"].is_string());
    c.check(
        "POST",
        "/adsAccounts/list",
        list(json!({"nextToken": page["nextToken"]})).await.unwrap(),
    )
    .await;
    c.check(
        "POST",
        "/adsAccounts/list",
        list(json!({"maxResults": 0})).await.unwrap(),
    )
    .await;
    ctl.fail_next(1, 500);
    c.check("POST", "/adsAccounts/list", list(json!({})).await.unwrap())
        .await;
    assert_eq!(c.checked.len(), 23, "{:?}", c.checked);
}

#[tokio::test]
async fn profiles_match_the_spec() {
    let cfg = SandboxConfig {
        vendor_countries: vec!["US".into(), "UK".into(), "JP".into()],
        ..SandboxConfig::for_tests()
    };
    let sb = sandbox(cfg).await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    ads.register(&haven_hotel(&token)).await;
    ads.register(&json!({"associations": [{"amazonSeller": {"sellerCentralAccount": "A7SELLER"}}], "countryCodes": ["CA"]})).await;
    ads.register(&json!({"associations": [{"amazonVendor": {"vendorGroup": "123"}}]}))
        .await;
    ads.register(&json!({"associations": [{"amazonAuthor": {"email": "ink@quill.example"}}]}))
        .await;
    let mut c = Checker::new("Profiles_prod_3p.json");
    let mut seen = 0;
    for prefix in ["", "/eu", "/fe"] {
        let list = c
            .check(
                "GET",
                "/v2/profiles",
                ads.get(&format!("{prefix}/v2/profiles"))
                    .send()
                    .await
                    .unwrap(),
            )
            .await;
        seen += list.as_array().unwrap().len();
        for p in list.as_array().unwrap() {
            let r = ads
                .get(&format!("{prefix}/v2/profiles/{}", p["profileId"]))
                .send()
                .await
                .unwrap();
            c.check("GET", "/v2/profiles/{profileId}", r).await;
        }
    }
    assert_eq!(
        seen, 6,
        "business US, seller CA, vendor US/UK/JP, author US"
    );
}

#[tokio::test]
async fn billing_statuses_match_the_spec() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let ads = Ads::new(&sb).await;
    let token = ads.accepted_terms().await;
    let id = ads
        .register(&haven_hotel(&token))
        .await
        .json::<Value>()
        .await
        .unwrap()["adsAccount"]["adsAccountId"]
        .as_str()
        .unwrap()
        .to_string();
    let mut c = Checker::new("AdvertisingBilling_prod_3p.json");
    let post = |body: Value| {
        ads.post(
            "/billing/statuses",
            media_types::BILLING_STATUS_REQUEST,
            &body,
        )
        .send()
    };
    let body = json!({"advertiserMarketplaces": [
        {"advertiserId": id, "marketplaceId": "ATVPDKIKX0DER", "advertiserType": "VENDOR"},
        {"advertiserId": "nobody", "marketplaceId": "ATVPDKIKX0DER"},
        {"advertiserId": id, "marketplaceId": "A1F83G8C2ARO7P"}], "locale": "en_US"});
    let v = c
        .check(
            "POST",
            "/billing/statuses",
            post(body.clone()).await.unwrap(),
        )
        .await;
    assert_eq!(v["success"].as_array().unwrap().len(), 1);
    assert_eq!(v["error"].as_array().unwrap().len(), 2);
    sb.control().complete_billing(&id);
    c.check("POST", "/billing/statuses", post(body).await.unwrap())
        .await;
    c.check(
        "POST",
        "/billing/statuses",
        post(json!({"advertiserMarketplaces": []})).await.unwrap(),
    )
    .await;
    sb.control().throttle_next(1, Some(2));
    c.check("POST", "/billing/statuses", post(json!({})).await.unwrap())
        .await;
    let r = ads
        .client
        .post(format!("{}/billing/statuses", ads.base))
        .send()
        .await
        .unwrap();
    c.check("POST", "/billing/statuses", r).await; // 401 is declared by the billing spec
}

#[test]
fn checker_catches_drift() {
    let spec = Spec::load("AdvertisingAccounts_prod_3p.json");
    let schema = spec
        .response_schema(
            "GET",
            "/adsAccounts/{advertisingAccountId}",
            200,
            "application/vnd.accountresource.v1+json",
        )
        .unwrap();
    let good =
        json!({"adsAccount": {"adsAccountId": "amzn1.ads-account.g.abc", "status": "CREATED"}});
    assert!(spec.validate(schema, &good).is_empty());
    let bad_status =
        json!({"adsAccount": {"adsAccountId": "amzn1.ads-account.g.abc", "status": "ACTIVE"}});
    assert!(!spec.validate(schema, &bad_status).is_empty());
    let bad_id = json!({"adsAccount": {"adsAccountId": "has space", "status": "CREATED"}});
    assert!(!spec.validate(schema, &bad_id).is_empty());
    let extra = json!({"adsAccount": {"adsAccountId": "a", "status": "CREATED", "profileId": 1}});
    assert!(!spec.validate(schema, &extra).is_empty());
    let missing = json!({"adsAccount": {"status": "CREATED"}});
    assert!(!spec.validate(schema, &missing).is_empty());
}
