//! Helpers shared by the contract tests: start a sandbox on an ephemeral loopback port,
//! sign in through the real endpoints and call the Ads API with the right headers.
#![allow(dead_code)]

use ads_onboard_sandbox::{
    media_types, start, RunningSandbox, SandboxConfig, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET,
    DEFAULT_RETURN_URL,
};
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde_json::{json, Value};

pub const SCOPE: &str = "advertising::campaign_management";

pub async fn sandbox(config: SandboxConfig) -> RunningSandbox {
    start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .expect("sandbox starts")
}

pub fn http() -> reqwest::Client {
    // reqwest is built without a default TLS provider (the app installs ring).
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// `GET /ap/oa` with auto-approve; returns the redirect's query pairs.
pub async fn authorize(sb: &RunningSandbox, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut q = vec![
        ("client_id", DEFAULT_CLIENT_ID),
        ("scope", SCOPE),
        ("response_type", "code"),
        ("redirect_uri", DEFAULT_RETURN_URL),
        ("state", "st-123"),
    ];
    q.extend_from_slice(extra);
    let r = http()
        .get(format!("{}/ap/oa", sb.base_url()))
        .query(&q)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302, "authorize should redirect");
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    assert!(
        loc.starts_with(DEFAULT_RETURN_URL),
        "redirects to the return URL: {loc}"
    );
    url::Url::parse(&loc)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

pub fn param(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

pub async fn token_request(sb: &RunningSandbox, form: &[(&str, &str)]) -> reqwest::Response {
    http()
        .post(format!("{}/auth/o2/token", sb.base_url()))
        .form(form)
        .send()
        .await
        .unwrap()
}

/// Full sign-in: authorize (auto-approve) and code exchange. Returns the token response body.
pub async fn sign_in(sb: &RunningSandbox) -> Value {
    let pairs = authorize(sb, &[]).await;
    let code = param(&pairs, "code").expect("code");
    let r = token_request(
        sb,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", DEFAULT_RETURN_URL),
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", DEFAULT_CLIENT_SECRET),
        ],
    )
    .await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

pub async fn access_token(sb: &RunningSandbox) -> String {
    sign_in(sb).await["access_token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// An Ads API caller with the headers Amazon requires.
pub struct Ads {
    pub base: String,
    pub token: String,
    pub client: reqwest::Client,
}

impl Ads {
    pub async fn new(sb: &RunningSandbox) -> Ads {
        Ads {
            base: sb.base_url(),
            token: access_token(sb).await,
            client: http(),
        }
    }

    pub fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.client
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .header("Amazon-Advertising-API-ClientId", DEFAULT_CLIENT_ID)
    }

    pub fn post(&self, path: &str, content_type: &str, body: &Value) -> reqwest::RequestBuilder {
        self.client
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .header("Amazon-Advertising-API-ClientId", DEFAULT_CLIENT_ID)
            .header(CONTENT_TYPE, content_type)
            .body(body.to_string())
    }

    pub async fn create_terms(&self) -> Value {
        let r = self
            .post("/termsTokens", media_types::TERMS_REQUEST, &json!({}))
            .header(ACCEPT, media_types::TERMS_RESPONSE)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        r.json().await.unwrap()
    }

    /// Creates a terms token and accepts it the way the browser page does; returns the token.
    pub async fn accepted_terms(&self) -> String {
        let t = self.create_terms().await;
        let url = t["termsUrl"].as_str().unwrap();
        let r = self.client.post(url).send().await.unwrap();
        assert_eq!(r.status(), 200);
        t["termsToken"].as_str().unwrap().to_string()
    }

    pub async fn register(&self, body: &Value) -> reqwest::Response {
        self.post("/adsAccounts", media_types::REGISTER_TYPE, body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get_account(&self, id: &str) -> (u16, Value) {
        let r = self
            .get(&format!("/adsAccounts/{id}"))
            .send()
            .await
            .unwrap();
        let s = r.status().as_u16();
        (s, r.json().await.unwrap())
    }
}

pub fn haven_hotel(terms_token: &str) -> Value {
    json!({"accountName": "Haven Hotel", "countryCodes": ["US"], "termsToken": terms_token,
        "associations": [{"business": {"name": "Haven Hotel Inc.", "phone": "555-555-5555",
        "websiteUrl": "www.havenhotel.com", "addressLine1": "450 W 33rd St.", "addressLine2": "7th Floor",
        "city": "New York", "state": "New York", "zipCode": "10001", "countryCode": "US"}}]})
}
