//! `accounts` follows `nextToken` through every page (the sandbox serves 100 a page).

use super::common::{json, Env};

const CLIENT_ID: &str = ads_onboard_sandbox::DEFAULT_CLIENT_ID;

/// Signs the sandbox's test user in over plain HTTP (as another tool would) and
/// registers `n` seller accounts directly, to fill more than one page quickly.
async fn register_directly(env: &Env, n: usize) {
    let http = ads_onboard_core::http::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let base = &env.base;
    let authorize = http
        .get(format!("{base}/ap/oa"))
        .query(&[
            ("client_id", CLIENT_ID),
            ("scope", "advertising::campaign_management profile"),
            ("response_type", "code"),
            ("redirect_uri", env.redirect_uri.as_str()),
            ("state", "paging"),
        ])
        .send()
        .await
        .unwrap();
    let location = url::Url::parse(authorize.headers()["location"].to_str().unwrap()).unwrap();
    let code = location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let grant: serde_json::Value = http
        .post(format!("{base}/auth/o2/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", env.redirect_uri.as_str()),
            ("client_id", CLIENT_ID),
            ("client_secret", ads_onboard_sandbox::DEFAULT_CLIENT_SECRET),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bearer = format!("Bearer {}", grant["access_token"].as_str().unwrap());
    let terms: serde_json::Value = http
        .post(format!("{base}/termsTokens"))
        .header("Authorization", &bearer)
        .header("Amazon-Advertising-API-ClientId", CLIENT_ID)
        .header(
            "Content-Type",
            "application/vnd.GlobalRegistrationService.TermsTokenResource.v1.0+json",
        )
        .body("{}")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(env
        .sandbox
        .control()
        .accept_terms(terms["termsToken"].as_str().unwrap()));
    for i in 0..n {
        let r = http
            .post(format!("{base}/adsAccounts"))
            .header("Authorization", &bearer)
            .header("Amazon-Advertising-API-ClientId", CLIENT_ID)
            .header(
                "Content-Type",
                "application/vnd.registeradsaccountresource.v1+json",
            )
            .body(format!(
                r#"{{"associations":[{{"amazonSeller":{{"sellerCentralAccount":"APAGE{i:05}"}}}}]}}"#
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 201, "{}", r.text().await.unwrap());
    }
}

#[test]
fn accounts_lists_every_page() {
    let env = Env::new("paging", |_| {});
    env.sign_in();
    env.rt.block_on(register_directly(&env, 130));
    let out = env.cli().args(["accounts"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = json(&out.stdout);
    assert_eq!(list.as_array().unwrap().len(), 130);
    assert!(
        env.audit()
            .requests
            .get("/adsAccounts/list")
            .copied()
            .unwrap_or(0)
            >= 2,
        "more than one page was asked for"
    );
    let out = env
        .cli()
        .args(["accounts", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 131);
}
