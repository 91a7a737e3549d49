//! Shared by the sign-in tests: a sandbox with auto-approve, an `Auth` pointed at it with
//! a loopback redirect URI on a free port, and a scripted browser.
#![allow(dead_code)]

use ads_onboard_core::auth::{Auth, AuthOptions, Keychain};
use ads_onboard_core::config::{Endpoints, Settings};
use ads_onboard_sandbox::{RunningSandbox, SandboxConfig};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub struct Harness {
    pub sandbox: RunningSandbox,
    pub auth: Auth,
    pub dir: PathBuf,
    pub redirect_uri: String,
    pub port: u16,
}

impl Drop for Harness {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub use ads_onboard_test_support::free_port;

/// A folder for one harness; the harness removes it when dropped.
pub fn temp_dir(tag: &str) -> PathBuf {
    ads_onboard_test_support::TempDir::new(&format!("auth-{tag}")).keep()
}

pub fn fast_options() -> AuthOptions {
    AuthOptions {
        sign_in_timeout: Duration::from_secs(20),
        ..AuthOptions::default()
    }
}

pub async fn harness(tweak: impl FnOnce(&mut SandboxConfig)) -> Harness {
    harness_with(tweak, fast_options()).await
}

pub async fn harness_with(tweak: impl FnOnce(&mut SandboxConfig), opts: AuthOptions) -> Harness {
    let port = free_port();
    let redirect_uri = format!("http://127.0.0.1:{port}/callback");
    let mut cfg = SandboxConfig::for_tests();
    cfg.allowed_return_urls = vec![redirect_uri.clone()];
    tweak(&mut cfg);
    let sandbox = ads_onboard_sandbox::start(cfg, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let dir = temp_dir("h");
    let auth = auth_for(&sandbox.base_url(), &redirect_uri, &dir, opts);
    Harness {
        sandbox,
        auth,
        dir,
        redirect_uri,
        port,
    }
}

/// An `Auth` for the sandbox at `base`, keeping secrets in a 0600 file under `dir`.
pub fn auth_for(base: &str, redirect_uri: &str, dir: &std::path::Path, opts: AuthOptions) -> Auth {
    let settings = Settings {
        redirect_uri: redirect_uri.to_string(),
        ..Settings::default()
    };
    Auth::new(
        settings,
        Endpoints::sandbox(base),
        None,
        dir,
        Arc::new(Keychain::file(dir)),
        opts,
    )
    .unwrap()
}

/// The scripted browser: follows redirects like a real one.
pub fn browser() -> reqwest::Client {
    ads_onboard_core::http::client_builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

/// A browser that stops at the first redirect (to read where LwA sends it).
pub fn stopping_browser() -> reqwest::Client {
    ads_onboard_core::http::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

pub async fn visit(url: &str) -> (u16, String) {
    let r = browser().get(url).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Where LwA redirects the browser for `url` (the `Location` header).
pub async fn redirect_target(url: &str) -> String {
    let r = stopping_browser().get(url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 302, "LwA should redirect");
    r.headers()["location"].to_str().unwrap().to_string()
}

pub fn query_param(url: &str, name: &str) -> Option<String> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// `url` with query parameter `name` replaced by `value`.
pub fn with_param(url: &str, name: &str, value: &str) -> String {
    let mut u = url::Url::parse(url).unwrap();
    let pairs: Vec<(String, String)> = u
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == name {
                value.to_string()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    u.query_pairs_mut().clear().extend_pairs(pairs);
    u.to_string()
}
