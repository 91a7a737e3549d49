//! Token lifecycle against the sandbox: refresh ahead of expiry and after a 401, one
//! refresh for many waiters, invalid_grant / invalid_client, rotation, "Check setup".

mod auth_support;

use ads_onboard_core::auth::keychain::refresh_token_key;
use ads_onboard_core::auth::oauth::LwaClient;
use ads_onboard_core::auth::profile::fetch_profile;
use ads_onboard_core::auth::session::DEFAULT_REFRESH_MARGIN;
use ads_onboard_core::auth::{
    AccessTokens, Auth, AuthError, Keychain, Secret, Session, SignedInUser,
};
use ads_onboard_core::config::{Endpoints, Settings};
use auth_support::*;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TOKEN_PATH: &str = "/auth/o2/token";

async fn signed_in(h: &Harness) -> SignedInUser {
    let s = h.auth.start_sign_in(true).unwrap();
    let target = redirect_target(s.authorize_url()).await;
    s.complete_with_redirect_url(&target).await.unwrap()
}

fn profile_url(h: &Harness) -> String {
    Endpoints::sandbox(&h.sandbox.base_url()).profile_url
}

#[tokio::test]
async fn expired_access_token_mid_flow_is_refreshed_after_a_401() {
    let h = harness(|_| {}).await;
    let user = signed_in(&h).await;
    let tokens = h.auth.tokens().unwrap();
    let http = ads_onboard_core::http::client();
    let before = tokens.access_token().await.unwrap();
    fetch_profile(&http, &profile_url(&h), tokens.as_ref())
        .await
        .unwrap();
    assert_eq!(h.sandbox.control().request_count(TOKEN_PATH), 1);

    // Amazon expires it early (we still think it is fresh): the 401 triggers a refresh.
    h.sandbox.control().expire_access_tokens();
    let p = fetch_profile(&http, &profile_url(&h), tokens.as_ref())
        .await
        .unwrap();
    assert_eq!(p.user_id, user.user_id);
    assert_eq!(h.sandbox.control().request_count(TOKEN_PATH), 2);
    assert_ne!(tokens.access_token().await.unwrap(), before);
}

#[tokio::test]
async fn access_token_is_refreshed_ahead_of_expiry() {
    let h = harness(|c| c.access_token_lifetime = Duration::from_millis(1000)).await;
    signed_in(&h).await;
    let tokens = h.auth.tokens().unwrap();
    let first = tokens.access_token().await.unwrap();
    assert_eq!(tokens.access_token().await.unwrap(), first);
    assert_eq!(h.sandbox.control().request_count(TOKEN_PATH), 1);
    // Within the refresh margin (half of a 1 s lifetime) it is renewed before use.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let second = tokens.access_token().await.unwrap();
    assert_ne!(second, first);
    assert_eq!(h.sandbox.control().request_count(TOKEN_PATH), 2);
    fetch_profile(
        &ads_onboard_core::http::client(),
        &profile_url(&h),
        tokens.as_ref(),
    )
    .await
    .unwrap();
    assert_eq!(h.sandbox.control().request_count(TOKEN_PATH), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_requests_share_one_refresh() {
    let h = harness(|c| c.response_delay = Duration::from_millis(20)).await;
    signed_in(&h).await;
    let tokens = h.auth.tokens().unwrap();
    h.sandbox.control().expire_access_tokens();
    let url = profile_url(&h);
    let http = ads_onboard_core::http::client();
    let calls: Vec<_> = (0..16)
        .map(|_| {
            let (tokens, url, http) = (tokens.clone(), url.clone(), http.clone());
            tokio::spawn(async move { fetch_profile(&http, &url, tokens.as_ref()).await })
        })
        .collect();
    for c in calls {
        c.await.unwrap().unwrap();
    }
    // One for the sign-in, one refresh for all sixteen 401s.
    assert_eq!(h.sandbox.control().request_count(TOKEN_PATH), 2);
}

#[tokio::test]
async fn refresh_with_invalid_grant_says_sign_in_again_and_forgets_the_token() {
    let h = harness(|_| {}).await;
    let user = signed_in(&h).await;
    let key = refresh_token_key(h.auth.client_id(), &user.user_id);
    assert!(Keychain::file(&h.dir).get(&key).unwrap().is_some());

    // Another LwA that never issued this grant (as after the user removed the app).
    let port = free_port();
    let redirect = format!("http://127.0.0.1:{port}/callback");
    let mut cfg = ads_onboard_sandbox::SandboxConfig::for_tests();
    cfg.allowed_return_urls = vec![redirect.clone()];
    let other = ads_onboard_sandbox::start(cfg, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let auth = auth_for(&other.base_url(), &redirect, &h.dir, fast_options());
    assert_eq!(auth.active_user(), Some(user.clone()));
    let err = auth.tokens().unwrap().access_token().await.unwrap_err();
    assert_eq!(err, AuthError::InvalidGrant);
    assert!(err.to_string().contains("Sign in with Amazon again"));
    assert!(Keychain::file(&h.dir).get(&key).unwrap().is_none());
    let restarted = auth_for(&other.base_url(), &redirect, &h.dir, fast_options());
    assert!(matches!(restarted.tokens(), Err(AuthError::SignInRequired)));
}

#[tokio::test]
async fn rotated_client_secret_is_named_on_refresh() {
    let h = harness(|_| {}).await;
    signed_in(&h).await;
    let tokens = h.auth.tokens().unwrap();
    let current = tokens.access_token().await.unwrap();
    h.sandbox
        .control()
        .update_config(|c| c.client_secret = "rotated-secret".into());
    let err = tokens
        .refresh_after_unauthorized(&current)
        .await
        .unwrap_err();
    assert_eq!(err, AuthError::InvalidClient);
    assert!(err.to_string().contains("client secret may have changed"));
}

/// A token endpoint that answers every request with `body` and records the forms.
async fn scripted_token_endpoint(body: &'static str) -> (String, Arc<Mutex<Vec<String>>>) {
    scripted_endpoint(format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ))
    .await
}

/// Answers every request with the raw HTTP `response` and records the request bodies.
async fn scripted_endpoint(response: String) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/auth/o2/token", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        loop {
            let (mut s, _) = listener.accept().await.unwrap();
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            let form = loop {
                let n = s.read(&mut chunk).await.unwrap();
                buf.extend_from_slice(&chunk[..n]);
                let text = String::from_utf8_lossy(&buf).to_string();
                if let Some((head, rest)) = text.split_once("\r\n\r\n") {
                    let len = head
                        .lines()
                        .find_map(|l| {
                            let (k, v) = l.split_once(':')?;
                            k.eq_ignore_ascii_case("content-length")
                                .then(|| v.trim().parse::<usize>().ok())?
                        })
                        .unwrap_or(0);
                    if rest.len() >= len || n == 0 {
                        break rest.to_string();
                    }
                }
            };
            log.lock().unwrap().push(form);
            s.write_all(response.as_bytes()).await.unwrap();
        }
    });
    (url, seen)
}

#[tokio::test]
async fn a_new_refresh_token_replaces_the_stored_one_and_string_expires_in_is_read() {
    let (url, seen) = scripted_token_endpoint(
        r#"{"access_token":"Atza|fresh","token_type":"bearer","expires_in":"3600","refresh_token":"Atzr|new"}"#,
    )
    .await;
    let dir = temp_dir("rotate");
    let store = Arc::new(Keychain::file(&dir));
    let key = refresh_token_key("cid", "u1");
    store.set(&key, "Atzr|old").unwrap();
    let client = LwaClient::new(
        "cid",
        &Secret::new("s3cret"),
        &url,
        "http://127.0.0.1:1/callback",
    )
    .unwrap();
    let session = Session::new(
        "u1",
        client,
        Secret::new("Atzr|old"),
        Some(store.clone()),
        DEFAULT_REFRESH_MARGIN,
    );
    assert_eq!(session.access_token().await.unwrap(), "Atza|fresh");
    assert_eq!(store.get(&key).unwrap().as_deref(), Some("Atzr|new"));
    // "3600" was understood: the token is fresh, no second request.
    assert_eq!(session.access_token().await.unwrap(), "Atza|fresh");
    let forms = seen.lock().unwrap().clone();
    assert_eq!(forms.len(), 1);
    let form: Vec<(String, String)> = url::form_urlencoded::parse(forms[0].as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("grant_type"), Some("refresh_token"));
    assert_eq!(get("refresh_token"), Some("Atzr|old"));
    assert_eq!(get("client_id"), Some("cid"));
    assert_eq!(get("client_secret"), Some("s3cret"));
    // Debug of a session never shows its tokens.
    assert!(!format!("{session:?}").contains("Atz"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn token_endpoint_redirects_are_never_followed() {
    // A redirect would replay the refresh token and client secret to another host.
    let (elsewhere, seen_elsewhere) = scripted_token_endpoint(
        r#"{"access_token":"Atza|stolen","token_type":"bearer","expires_in":3600}"#,
    )
    .await;
    let (url, seen) = scripted_endpoint(format!(
        "HTTP/1.1 307 Temporary Redirect\r\nLocation: {elsewhere}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    ))
    .await;
    let client = LwaClient::new(
        "cid",
        &Secret::new("s3cret"),
        &url,
        "http://127.0.0.1:1/callback",
    )
    .unwrap();
    let session = Session::new(
        "u1",
        client,
        Secret::new("Atzr|old"),
        None,
        DEFAULT_REFRESH_MARGIN,
    );
    let err = session.access_token().await.unwrap_err();
    assert!(matches!(err, AuthError::Server(_)), "{err:?}");
    assert_eq!(seen.lock().unwrap().len(), 1);
    assert!(seen_elsewhere.lock().unwrap().is_empty());
}

fn auth_with_client(
    h: &Harness,
    client_id: Option<&str>,
    secret: Option<&str>,
    redirect: &str,
) -> Auth {
    let settings = Settings {
        client_id: client_id.map(str::to_string),
        redirect_uri: redirect.to_string(),
        ..Settings::default()
    };
    Auth::new(
        settings,
        Endpoints::sandbox(&h.sandbox.base_url()),
        secret.map(Secret::new),
        &h.dir,
        Arc::new(Keychain::file(&h.dir)),
        fast_options(),
    )
    .unwrap()
}

#[tokio::test]
async fn check_setup_explains_what_it_finds() {
    let h = harness(|_| {}).await;
    let good = h.auth.check_setup().await;
    assert!(good.all_ok(), "{good:?}");
    assert!(good.findings.iter().any(|f| f.topic == "scope"));

    let client = ads_onboard_sandbox::DEFAULT_CLIENT_ID;
    let wrong_secret = auth_with_client(&h, Some(client), Some("not-the-secret"), &h.redirect_uri)
        .check_setup()
        .await;
    let f = &wrong_secret.findings[0];
    assert!(!f.ok && f.topic == "client");
    assert!(
        f.message.contains("secret is wrong or was rotated"),
        "{}",
        f.message
    );
    assert!(!f.message.contains("not-the-secret"));

    let unknown = auth_with_client(
        &h,
        Some("amzn1.application-oa2-client.unknown"),
        Some("x"),
        &h.redirect_uri,
    )
    .check_setup()
    .await;
    assert!(!unknown.findings[0].ok);
    assert!(
        unknown.findings.iter().any(|f| !f.ok
            && f.message
                .contains("refused client ID amzn1.application-oa2-client.unknown")),
        "{unknown:?}"
    );

    let unregistered = "http://127.0.0.1:9/not-registered";
    let bad_return = auth_with_client(&h, None, None, unregistered)
        .check_setup()
        .await;
    let f = bad_return
        .findings
        .iter()
        .find(|f| f.topic == "returnUrl")
        .unwrap();
    assert!(!f.ok);
    assert!(
        f.message.contains(unregistered) && f.message.contains("Allowed Return URLs"),
        "{}",
        f.message
    );
}
