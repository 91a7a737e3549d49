//! Login with Amazon: authorize page, token endpoint, user profile.

mod common;
use ads_onboard_sandbox::{
    SandboxConfig, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_RETURN_URL,
};
use base64::Engine;
use common::*;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::time::Duration;

fn code_form<'a>(code: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", DEFAULT_RETURN_URL),
        ("client_id", DEFAULT_CLIENT_ID),
        ("client_secret", DEFAULT_CLIENT_SECRET),
    ];
    f.extend_from_slice(extra);
    f
}

async fn error_of(r: reqwest::Response) -> (u16, String, String) {
    let s = r.status().as_u16();
    let v: Value = r.json().await.unwrap();
    (
        s,
        v["error"].as_str().unwrap_or("").into(),
        v["error_description"].as_str().unwrap_or("").into(),
    )
}

#[tokio::test]
async fn auto_approve_redirects_with_code_scope_and_state() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let pairs = authorize(&sb, &[]).await;
    assert!(param(&pairs, "code").is_some_and(|c| !c.is_empty()));
    assert_eq!(param(&pairs, "scope").as_deref(), Some(SCOPE));
    assert_eq!(param(&pairs, "state").as_deref(), Some("st-123"));
}

#[tokio::test]
async fn unregistered_redirect_uri_gets_html_400_and_no_redirect() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let r = http()
        .get(format!("{}/ap/oa", sb.base_url()))
        .query(&[
            ("client_id", DEFAULT_CLIENT_ID),
            ("scope", SCOPE),
            ("response_type", "code"),
            ("redirect_uri", "http://localhost:47616/callback"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.headers().get("location").is_none());
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(r.text().await.unwrap().contains("has not been whitelisted"));
}

#[tokio::test]
async fn unknown_client_id_gets_html_400() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let r = http()
        .get(format!("{}/ap/oa", sb.base_url()))
        .query(&[
            ("client_id", "amzn1.application-oa2-client.0000"),
            ("scope", SCOPE),
            ("response_type", "code"),
            ("redirect_uri", DEFAULT_RETURN_URL),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.headers().get("location").is_none());
}

#[tokio::test]
async fn unknown_scope_redirects_with_invalid_scope() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let r = http()
        .get(format!("{}/ap/oa", sb.base_url()))
        .query(&[
            ("client_id", DEFAULT_CLIENT_ID),
            ("scope", "advertising::account_management"),
            ("response_type", "code"),
            ("redirect_uri", DEFAULT_RETURN_URL),
            ("state", "s1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    let loc = url::Url::parse(r.headers()["location"].to_str().unwrap()).unwrap();
    let q: Vec<(String, String)> = loc.query_pairs().into_owned().collect();
    assert_eq!(param(&q, "error").as_deref(), Some("invalid_scope"));
    assert_eq!(param(&q, "state").as_deref(), Some("s1"));
    assert!(param(&q, "code").is_none());
}

#[tokio::test]
async fn wrong_response_type_redirects_with_error() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let r = http()
        .get(format!("{}/ap/oa", sb.base_url()))
        .query(&[
            ("client_id", DEFAULT_CLIENT_ID),
            ("scope", SCOPE),
            ("response_type", "token"),
            ("redirect_uri", DEFAULT_RETURN_URL),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    assert!(r.headers()["location"]
        .to_str()
        .unwrap()
        .contains("error=unsupported_response_type"));
}

#[tokio::test]
async fn consent_page_is_marked_sandbox_and_asks_no_password() {
    let sb = sandbox(SandboxConfig {
        auto_approve: false,
        ..SandboxConfig::for_tests()
    })
    .await;
    let r = http()
        .get(format!("{}/ap/oa", sb.base_url()))
        .query(&[
            ("client_id", DEFAULT_CLIENT_ID),
            ("scope", SCOPE),
            ("response_type", "code"),
            ("redirect_uri", DEFAULT_RETURN_URL),
            ("state", "abc"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("Sandbox"));
    assert!(!html.to_lowercase().contains("type=\"password\""));
    assert!(html.contains("name=\"email\"") && html.contains("name=\"name\""));
    assert!(html.contains(">Allow<") && html.contains(">Cancel<"));
    assert!(
        html.contains("value=\"abc\""),
        "state is carried through the form"
    );
}

async fn consent_post(
    sb: &ads_onboard_sandbox::RunningSandbox,
    decision: &str,
    email: &str,
) -> reqwest::Response {
    http()
        .post(format!("{}/ap/oa", sb.base_url()))
        .form(&[
            ("client_id", DEFAULT_CLIENT_ID),
            ("scope", "advertising::campaign_management profile"),
            ("response_type", "code"),
            ("redirect_uri", DEFAULT_RETURN_URL),
            ("state", "xyz"),
            ("email", email),
            ("name", "Sam Ortiz"),
            ("decision", decision),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn consent_allow_signs_in_as_the_given_person() {
    let sb = sandbox(SandboxConfig {
        auto_approve: false,
        ..SandboxConfig::for_tests()
    })
    .await;
    let r = consent_post(&sb, "allow", "sam@ortizbikes.com").await;
    assert_eq!(r.status(), 302);
    let loc = url::Url::parse(r.headers()["location"].to_str().unwrap()).unwrap();
    let q: Vec<(String, String)> = loc.query_pairs().into_owned().collect();
    assert_eq!(param(&q, "state").as_deref(), Some("xyz"));
    let code = param(&q, "code").unwrap();
    let tok: Value = token_request(&sb, &code_form(&code, &[]))
        .await
        .json()
        .await
        .unwrap();
    let me: Value = http()
        .get(format!("{}/user/profile", sb.base_url()))
        .bearer_auth(tok["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "sam@ortizbikes.com");
    assert_eq!(me["name"], "Sam Ortiz");
    assert!(me["user_id"]
        .as_str()
        .unwrap()
        .starts_with("amzn1.account."));
}

#[tokio::test]
async fn consent_cancel_redirects_with_access_denied() {
    let sb = sandbox(SandboxConfig {
        auto_approve: false,
        ..SandboxConfig::for_tests()
    })
    .await;
    let r = consent_post(&sb, "cancel", "").await;
    assert_eq!(r.status(), 302);
    let loc = r.headers()["location"].to_str().unwrap();
    assert!(
        loc.contains("error=access_denied") && loc.contains("state=xyz") && !loc.contains("code=")
    );
}

#[tokio::test]
async fn code_exchange_returns_amazon_token_shapes() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let pairs = authorize(&sb, &[]).await;
    let r = token_request(&sb, &code_form(&param(&pairs, "code").unwrap(), &[])).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let v: Value = r.json().await.unwrap();
    assert!(v["access_token"].as_str().unwrap().starts_with("Atza|"));
    assert!(v["access_token"].as_str().unwrap().len() >= 350);
    assert!(v["refresh_token"].as_str().unwrap().starts_with("Atzr|"));
    assert_eq!(v["token_type"], "bearer");
    assert_eq!(v["expires_in"], 3600);
}

#[tokio::test]
async fn codes_are_single_use() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let code = param(&authorize(&sb, &[]).await, "code").unwrap();
    assert_eq!(
        token_request(&sb, &code_form(&code, &[])).await.status(),
        200
    );
    let (s, e, d) = error_of(token_request(&sb, &code_form(&code, &[])).await).await;
    assert_eq!((s, e.as_str()), (400, "invalid_grant"));
    assert_eq!(d, "The request has an invalid grant parameter : code");
}

#[tokio::test]
async fn expired_codes_are_invalid_grant() {
    let sb = sandbox(SandboxConfig {
        auth_code_lifetime: Duration::from_millis(20),
        ..SandboxConfig::for_tests()
    })
    .await;
    let code = param(&authorize(&sb, &[]).await, "code").unwrap();
    tokio::time::sleep(Duration::from_millis(40)).await;
    let (s, e, _) = error_of(token_request(&sb, &code_form(&code, &[])).await).await;
    assert_eq!((s, e.as_str()), (400, "invalid_grant"));
}

#[tokio::test]
async fn redirect_uri_must_match_exactly_at_exchange() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let code = param(&authorize(&sb, &[]).await, "code").unwrap();
    let mut form = code_form(&code, &[]);
    form[2] = ("redirect_uri", "http://localhost/callback");
    let (s, e, _) = error_of(token_request(&sb, &form).await).await;
    assert_eq!((s, e.as_str()), (400, "invalid_grant"));
}

fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

#[tokio::test]
async fn pkce_s256_is_verified() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-long-enough-verifier";
    let challenge = s256(verifier);
    let pkce = [
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    let code = param(&authorize(&sb, &pkce).await, "code").unwrap();
    let r = token_request(&sb, &code_form(&code, &[("code_verifier", verifier)])).await;
    assert_eq!(r.status(), 200);

    let code = param(&authorize(&sb, &pkce).await, "code").unwrap();
    let (s, e, _) = error_of(
        token_request(
            &sb,
            &code_form(&code, &[("code_verifier", "wrong-verifier")]),
        )
        .await,
    )
    .await;
    assert_eq!((s, e.as_str()), (400, "invalid_grant"));
}

#[tokio::test]
async fn pkce_method_defaults_to_plain() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let code = param(
        &authorize(&sb, &[("code_challenge", "plain-verifier-value")]).await,
        "code",
    )
    .unwrap();
    let r = token_request(
        &sb,
        &code_form(&code, &[("code_verifier", "plain-verifier-value")]),
    )
    .await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn pkce_without_secret_gets_no_refresh_token() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let v = "verifier-verifier-verifier-verifier-verifier-1234";
    let ch = s256(v);
    let code = param(
        &authorize(
            &sb,
            &[("code_challenge", &ch), ("code_challenge_method", "S256")],
        )
        .await,
        "code",
    )
    .unwrap();
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", DEFAULT_RETURN_URL),
        ("client_id", DEFAULT_CLIENT_ID),
        ("code_verifier", v),
    ];
    let body: Value = token_request(&sb, &form).await.json().await.unwrap();
    assert!(body["access_token"].is_string());
    assert!(body.get("refresh_token").is_none());
}

#[tokio::test]
async fn client_credentials_via_http_basic() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let code = param(&authorize(&sb, &[]).await, "code").unwrap();
    let r = http()
        .post(format!("{}/auth/o2/token", sb.base_url()))
        .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", DEFAULT_RETURN_URL),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn wrong_secret_is_invalid_client() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let code = param(&authorize(&sb, &[]).await, "code").unwrap();
    let mut form = code_form(&code, &[]);
    form[4] = ("client_secret", "not-the-secret");
    let (s, e, d) = error_of(token_request(&sb, &form).await).await;
    assert_eq!(
        (s, e.as_str(), d.as_str()),
        (401, "invalid_client", "Client authentication failed")
    );
}

#[tokio::test]
async fn unsupported_grant_type_and_missing_parameters() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let (s, e, _) = error_of(
        token_request(
            &sb,
            &[
                ("grant_type", "password"),
                ("client_id", DEFAULT_CLIENT_ID),
                ("client_secret", DEFAULT_CLIENT_SECRET),
            ],
        )
        .await,
    )
    .await;
    assert_eq!((s, e.as_str()), (400, "unsupported_grant_type"));
    let (s, e, d) = error_of(
        token_request(
            &sb,
            &[
                ("grant_type", "refresh_token"),
                ("client_id", DEFAULT_CLIENT_ID),
                ("client_secret", DEFAULT_CLIENT_SECRET),
            ],
        )
        .await,
    )
    .await;
    assert_eq!((s, e.as_str()), (400, "invalid_request"));
    assert_eq!(
        d,
        "The request is missing a required parameter : refresh_token"
    );
}

#[tokio::test]
async fn refresh_returns_the_same_refresh_token() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let first = sign_in(&sb).await;
    let rt = first["refresh_token"].as_str().unwrap();
    let r = token_request(
        &sb,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", rt),
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", DEFAULT_CLIENT_SECRET),
        ],
    )
    .await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["refresh_token"], rt);
    assert_ne!(v["access_token"], first["access_token"]);

    let (s, e, d) = error_of(
        token_request(
            &sb,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", "Atzr|bogus"),
                ("client_id", DEFAULT_CLIENT_ID),
                ("client_secret", DEFAULT_CLIENT_SECRET),
            ],
        )
        .await,
    )
    .await;
    assert_eq!((s, e.as_str()), (400, "invalid_grant"));
    assert!(d.contains("refresh_token"));
}

#[tokio::test]
async fn user_profile_needs_the_profile_scope() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let token = access_token(&sb).await; // campaign_management only
    let r = http()
        .get(format!("{}/user/profile", sb.base_url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = http()
        .get(format!("{}/user/profile", sb.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn auto_approve_signs_in_as_the_default_test_user() {
    let sb = sandbox(SandboxConfig::for_tests()).await;
    let r = http()
        .get(format!("{}/ap/oa", sb.base_url()))
        .query(&[
            ("client_id", DEFAULT_CLIENT_ID),
            ("scope", "advertising::campaign_management profile"),
            ("response_type", "code"),
            ("redirect_uri", DEFAULT_RETURN_URL),
        ])
        .send()
        .await
        .unwrap();
    let loc = url::Url::parse(r.headers()["location"].to_str().unwrap()).unwrap();
    let q: Vec<(String, String)> = loc.query_pairs().into_owned().collect();
    let tok: Value = token_request(&sb, &code_form(&param(&q, "code").unwrap(), &[]))
        .await
        .json()
        .await
        .unwrap();
    let me: Value = http()
        .get(format!("{}/user/profile", sb.base_url()))
        .bearer_auth(tok["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["name"], "Dana Whitfield");
    assert_eq!(me["email"], "dana@havenhotel.com");
}

#[tokio::test]
async fn consent_form_rechecks_email_and_escapes_echoed_values() {
    let sb = sandbox(SandboxConfig {
        auto_approve: false,
        ..SandboxConfig::for_tests()
    })
    .await;
    let r = http()
        .post(format!("{}/ap/oa", sb.base_url()))
        .form(&[
            ("client_id", DEFAULT_CLIENT_ID),
            ("scope", SCOPE),
            ("response_type", "code"),
            ("redirect_uri", DEFAULT_RETURN_URL),
            ("state", "\"><script>alert(1)</script>"),
            ("email", "not-an-email"),
            ("name", "Sam"),
            ("decision", "allow"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "re-rendered, not redirected");
    let html = r.text().await.unwrap();
    assert!(html.contains("Enter an email address"));
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&lt;script&gt;"));
    // The form cannot be used to sneak past the return-URL check either.
    let r = http()
        .post(format!("{}/ap/oa", sb.base_url()))
        .form(&[
            ("client_id", DEFAULT_CLIENT_ID),
            ("scope", SCOPE),
            ("response_type", "code"),
            ("redirect_uri", "https://evil.example/cb"),
            ("email", "sam@ortizbikes.com"),
            ("name", "Sam"),
            ("decision", "allow"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.headers().get("location").is_none());
}
