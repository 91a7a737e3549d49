//! What the crates' tests share, once: a folder removed when dropped, a free loopback
//! port, the sample advertiser (the CLI's README sample), and the sandbox's sign-in steps
//! as a browser and an LwA client take them.

use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A folder under the system's temp folder, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!(
            "ao-{tag}-{}-{:x}",
            std::process::id(),
            rand::random::<u64>()
        ));
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Keeps the folder: the caller removes it.
    pub fn keep(self) -> PathBuf {
        let p = self.0.clone();
        std::mem::forget(self);
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A loopback port nothing listens on right now (a sandbox needs the exact return URL
/// up front, so the app's listener port is chosen before it starts).
pub fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// The sample registration: a US business, as a `POST /adsAccounts` body from Amazon's
/// guide (the file the README's scripted onboarding uses).
pub const HAVEN_HOTEL: &str = include_str!("../../cli/samples/haven-hotel.json");

/// The sample business named `name` ("{name} Inc." legally), valid in every check.
pub fn business(name: &str) -> serde_json::Value {
    let mut body: serde_json::Value = serde_json::from_str(HAVEN_HOTEL).expect("sample JSON");
    body["accountName"] = name.into();
    body["associations"][0]["business"]["name"] = format!("{name} Inc.").into();
    body
}

/// A plain HTTP client for loopback sandboxes, that stops at redirects.
pub fn http() -> reqwest::Client {
    // reqwest's rustls needs a crypto provider even for plain http.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .expect("an HTTP client")
}

/// Tokens as LwA's token endpoint grants them.
#[derive(Debug, Clone)]
pub struct Grant {
    pub access_token: String,
    pub refresh_token: String,
}

/// Signs in at the sandbox `base` as its auto-approved test user: the browser's step
/// (authorize, redirected with a code) and the client's (the code exchanged for tokens).
pub async fn sign_in(base: &str, client_id: &str, client_secret: &str, redirect: &str) -> Grant {
    let http = http();
    let resp = http
        .get(format!("{base}/ap/oa"))
        .query(&[
            ("client_id", client_id),
            ("response_type", "code"),
            ("scope", "advertising::campaign_management"),
            ("redirect_uri", redirect),
            ("state", "x"),
        ])
        .send()
        .await
        .expect("authorize");
    let location = resp
        .headers()
        .get("location")
        .unwrap_or_else(|| panic!("authorize did not redirect: {}", resp.status()))
        .to_str()
        .expect("a readable Location")
        .to_string();
    let code = url::Url::parse(&location)
        .expect("a redirect URL")
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .expect("a code in the redirect");
    let v: serde_json::Value = http
        .post(format!("{base}/auth/o2/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", redirect),
            ("client_id", client_id),
            ("client_secret", client_secret),
        ])
        .send()
        .await
        .expect("token endpoint")
        .json()
        .await
        .expect("token JSON");
    Grant {
        access_token: v["access_token"].as_str().expect("access_token").into(),
        refresh_token: v["refresh_token"].as_str().expect("refresh_token").into(),
    }
}
