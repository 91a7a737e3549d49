//! Shared test fixtures: a sandbox per test, a signed-in token source that can refresh,
//! and a throwaway data folder.
#![allow(dead_code)]

use ads_onboard_core::api::{ApiClient, ApiOptions, RetryPolicy};
use ads_onboard_core::auth::{AccessTokens, AuthError, BoxFuture};
use ads_onboard_core::config::{self, Endpoints, Region};
use ads_onboard_core::details::RegistrationDetails;
use ads_onboard_core::registration::{RegistrationEngine, Timings};
use ads_onboard_core::store::Store;
use ads_onboard_sandbox::{RunningSandbox, SandboxConfig};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub const REDIRECT: &str = "http://localhost:47615/callback";

#[path = "../fixtures/mod.rs"]
mod fixtures;
pub use fixtures::{business, TempDir};

/// Tokens from the sandbox's LwA, refreshed with the refresh token after a 401.
pub struct SandboxTokens {
    token_url: String,
    http: reqwest::Client,
    current: tokio::sync::Mutex<(String, String)>,
    pub refreshes: AtomicU32,
}

impl std::fmt::Debug for SandboxTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SandboxTokens(<redacted>)")
    }
}

impl SandboxTokens {
    /// Signs in like a browser would: authorize (auto-approved), then exchange the code.
    pub async fn sign_in(base: &str) -> Arc<SandboxTokens> {
        let http = ads_onboard_core::http::client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let token_url = format!("{base}/auth/o2/token");
        let grant = ads_onboard_test_support::sign_in(
            base,
            config::SANDBOX_CLIENT_ID,
            config::SANDBOX_CLIENT_SECRET,
            REDIRECT,
        )
        .await;
        let (access, refresh) = (grant.access_token, grant.refresh_token);
        Arc::new(SandboxTokens {
            token_url,
            http,
            current: tokio::sync::Mutex::new((access, refresh)),
            refreshes: AtomicU32::new(0),
        })
    }
}

impl AccessTokens for SandboxTokens {
    fn access_token(&self) -> BoxFuture<'_, Result<String, AuthError>> {
        Box::pin(async move { Ok(self.current.lock().await.0.clone()) })
    }

    fn refresh_after_unauthorized<'a>(
        &'a self,
        rejected: &'a str,
    ) -> BoxFuture<'a, Result<String, AuthError>> {
        Box::pin(async move {
            let mut cur = self.current.lock().await;
            if cur.0 != rejected {
                return Ok(cur.0.clone());
            }
            let resp = self
                .http
                .post(&self.token_url)
                .form(&[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", cur.1.as_str()),
                    ("client_id", config::SANDBOX_CLIENT_ID),
                    ("client_secret", config::SANDBOX_CLIENT_SECRET),
                ])
                .send()
                .await
                .map_err(|e| AuthError::Network(e.to_string()))?;
            if !resp.status().is_success() {
                return Err(AuthError::InvalidGrant);
            }
            let v: serde_json::Value = resp
                .json()
                .await
                .map_err(|e| AuthError::Other(e.to_string()))?;
            cur.0 = v["access_token"]
                .as_str()
                .ok_or(AuthError::InvalidGrant)?
                .to_string();
            if let Some(r) = v["refresh_token"].as_str() {
                cur.1 = r.to_string();
            }
            self.refreshes.fetch_add(1, Ordering::SeqCst);
            Ok(cur.0.clone())
        })
    }
}

/// A fixed token, for tests that make no HTTP calls.
pub struct StaticTokens;

impl AccessTokens for StaticTokens {
    fn access_token(&self) -> BoxFuture<'_, Result<String, AuthError>> {
        Box::pin(async { Ok("Atza|static".to_string()) })
    }
    fn refresh_after_unauthorized<'a>(
        &'a self,
        _: &'a str,
    ) -> BoxFuture<'a, Result<String, AuthError>> {
        Box::pin(async { Err(AuthError::SignInRequired) })
    }
}

pub fn fast_options() -> ApiOptions {
    ApiOptions {
        timeout: Duration::from_secs(5),
        connect_timeout: Duration::from_secs(2),
        retry: RetryPolicy::fast(),
        max_body_bytes: 4 * 1024 * 1024,
    }
}

/// One sandbox, one signed-in user, one data folder.
pub struct Harness {
    pub sandbox: RunningSandbox,
    pub tokens: Arc<SandboxTokens>,
    pub dir: TempDir,
    pub timings: Timings,
}

impl Harness {
    pub async fn new() -> Harness {
        Harness::with_config(SandboxConfig::for_tests()).await
    }

    pub async fn with_config(config: SandboxConfig) -> Harness {
        let sandbox = ads_onboard_sandbox::start(config, "127.0.0.1:0".parse().unwrap())
            .await
            .expect("sandbox starts");
        let tokens = SandboxTokens::sign_in(&sandbox.base_url()).await;
        Harness {
            sandbox,
            tokens,
            dir: TempDir::new("reg"),
            timings: Timings::fast(),
        }
    }

    pub fn base(&self) -> String {
        self.sandbox.base_url().to_string()
    }

    pub fn api(&self) -> ApiClient {
        self.api_with(fast_options())
    }

    pub fn api_with(&self, options: ApiOptions) -> ApiClient {
        ApiClient::new(
            Endpoints::sandbox(&self.base()),
            Region::Na,
            config::SANDBOX_CLIENT_ID,
            self.tokens.clone(),
            options,
        )
        .unwrap()
    }

    /// A fresh engine over a freshly opened store, as after a restart.
    pub fn engine(&self) -> RegistrationEngine {
        let (store, warning) = Store::open(self.dir.path()).unwrap();
        assert!(warning.is_none(), "{warning:?}");
        RegistrationEngine::new(self.api(), store, self.timings.clone())
    }

    /// Accepts the agreement the way the user's browser does: a POST to termsUrl.
    pub async fn accept_terms(&self, terms_url: &str) {
        let resp = ads_onboard_core::http::client()
            .post(terms_url)
            .send()
            .await
            .unwrap();
        assert!(
            resp.status().is_success() || resp.status().is_redirection(),
            "{}",
            resp.status()
        );
    }
}

use ads_onboard_core::registration::{ProgressEvent, Registration};

/// Runs a registration to its end, accepting the agreement through termsUrl when the
/// engine announces it (as the user's browser would). Returns the result and events.
pub async fn register(
    h: &Harness,
    details: RegistrationDetails,
) -> (
    Result<Registration, ads_onboard_core::registration::EngineError>,
    Vec<ProgressEvent>,
) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let engine = h.engine().with_progress(tx);
    let reg = engine.create(details).unwrap();
    let browser = accept_from_events(rx);
    let result = engine.run(&reg.id).await;
    drop(engine);
    (result, browser.await.unwrap())
}

/// Collects events, POSTing to each announced termsUrl.
pub fn accept_from_events(
    mut rx: tokio::sync::mpsc::UnboundedReceiver<ProgressEvent>,
) -> tokio::task::JoinHandle<Vec<ProgressEvent>> {
    tokio::spawn(async move {
        let mut seen = Vec::new();
        let http = ads_onboard_core::http::client();
        while let Some(ev) = rx.recv().await {
            if ev.kind == "termsUrl" {
                let url = ev
                    .terms_url
                    .clone()
                    .expect("termsUrl event carries the URL");
                let r = http.post(&url).send().await.unwrap();
                assert!(
                    r.status().is_success() || r.status().is_redirection(),
                    "{}",
                    r.status()
                );
            }
            seen.push(ev);
        }
        seen
    })
}
