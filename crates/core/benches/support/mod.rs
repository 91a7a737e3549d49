//! What the core benches share: a zero-delay sandbox with one signed-in user, an engine
//! over a throwaway store, and sample data.

use ads_onboard_core::api::{ApiClient, ApiOptions, RetryPolicy};
use ads_onboard_core::auth::{AccessTokens, AuthError, BoxFuture};
use ads_onboard_core::config::{self, Endpoints, Region};
use ads_onboard_core::registration::{RegistrationEngine, Timings};
use ads_onboard_core::store::Store;
use ads_onboard_sandbox::{RunningSandbox, SandboxConfig};
use std::sync::Arc;
use std::time::Duration;

const REDIRECT: &str = "http://localhost:47615/callback";

#[path = "../../tests/fixtures/mod.rs"]
mod fixtures;
pub use fixtures::{business, TempDir};

/// The access token from one sign-in; the sandbox's tokens outlive any bench run.
pub struct SignedIn(String);

impl AccessTokens for SignedIn {
    fn access_token(&self) -> BoxFuture<'_, Result<String, AuthError>> {
        Box::pin(async move { Ok(self.0.clone()) })
    }
    fn refresh_after_unauthorized<'a>(
        &'a self,
        _: &'a str,
    ) -> BoxFuture<'a, Result<String, AuthError>> {
        Box::pin(async { Err(AuthError::SignInRequired) })
    }
}

/// Signs in as a browser would: authorize (auto-approved), then one token request.
async fn sign_in(base: &str) -> SignedIn {
    let http = ads_onboard_core::http::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client");
    let resp = http
        .get(format!("{base}/ap/oa"))
        .query(&[
            ("client_id", config::SANDBOX_CLIENT_ID),
            ("response_type", "code"),
            ("scope", config::SCOPE_CAMPAIGN_MANAGEMENT),
            ("redirect_uri", REDIRECT),
            ("state", "bench"),
        ])
        .send()
        .await
        .expect("authorize");
    let location = resp.headers()[reqwest::header::LOCATION]
        .to_str()
        .expect("location")
        .to_string();
    let code = url::Url::parse(&location)
        .expect("redirect URL")
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.to_string())
        .expect("code in redirect");
    let v: serde_json::Value = http
        .post(format!("{base}/auth/o2/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("client_id", config::SANDBOX_CLIENT_ID),
            ("client_secret", config::SANDBOX_CLIENT_SECRET),
        ])
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("token JSON");
    SignedIn(v["access_token"].as_str().expect("access_token").into())
}

/// A sandbox with every delay at zero that accepts each agreement as soon as it exists
/// (the user's click is not what is measured), one signed-in user and a data folder.
pub struct Bench {
    pub sandbox: RunningSandbox,
    tokens: Arc<SignedIn>,
    pub dir: TempDir,
}

impl Bench {
    pub async fn new() -> Bench {
        let mut cfg = SandboxConfig::for_tests();
        cfg.auto_accept_terms = Some(Duration::ZERO);
        let sandbox = ads_onboard_sandbox::start(cfg, "127.0.0.1:0".parse().expect("addr"))
            .await
            .expect("sandbox starts");
        let tokens = Arc::new(sign_in(&sandbox.base_url()).await);
        Bench {
            sandbox,
            tokens,
            dir: TempDir::new("engine"),
        }
    }

    pub fn engine(&self, timings: Timings) -> RegistrationEngine {
        let api = ApiClient::new(
            Endpoints::sandbox(&self.sandbox.base_url()),
            Region::Na,
            config::SANDBOX_CLIENT_ID,
            self.tokens.clone(),
            ApiOptions {
                timeout: Duration::from_secs(5),
                connect_timeout: Duration::from_secs(2),
                retry: RetryPolicy::fast(),
                max_body_bytes: 4 * 1024 * 1024,
            },
        )
        .expect("api client");
        let (store, _) = Store::open(self.dir.path()).expect("store");
        RegistrationEngine::new(api, store, timings)
    }
}

/// Polling intervals of 1 ms: the engine's own time shows, not the intervals'.
pub fn zero_delay_timings() -> Timings {
    Timings {
        terms_poll: Duration::from_millis(1),
        status_poll: Duration::from_millis(1),
        reconcile_delay: Duration::from_millis(1),
        ..Timings::fast()
    }
}
