//! Sign-in over real loopback HTTP: a scripted browser follows the LwA authorize URL
//! (served by the sandbox) to the app's loopback listener.

mod auth_support;

use ads_onboard_core::auth::{
    profile::fetch_profile, Auth, AuthError, AuthOptions, CancelToken, SignedInUser,
};
use ads_onboard_sandbox::{DEFAULT_USER_EMAIL, DEFAULT_USER_NAME};
use auth_support::*;
use std::time::Duration;

#[tokio::test]
async fn whole_flow_signs_in_and_is_remembered_across_restarts() {
    let h = harness(|_| {}).await;
    let sign_in = h.auth.start_sign_in(true).unwrap();
    let url = sign_in.authorize_url().to_string();
    assert_eq!(
        query_param(&url, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert_eq!(
        query_param(&url, "scope").as_deref(),
        Some("advertising::campaign_management profile")
    );
    assert_eq!(
        query_param(&url, "redirect_uri"),
        Some(h.redirect_uri.clone())
    );
    let waiting = tokio::spawn(sign_in.wait(CancelToken::new()));

    let (status, page) = visit(&url).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("You can close this tab and return to Ads Onboard"),
        "{page}"
    );
    assert!(page.contains(DEFAULT_USER_NAME));

    let user = waiting.await.unwrap().unwrap();
    assert_eq!(user.email.as_deref(), Some(DEFAULT_USER_EMAIL));
    assert_eq!(user.name.as_deref(), Some(DEFAULT_USER_NAME));
    assert!(user.kept_signed_in);
    assert!(!user.has_consumer_email());
    assert_eq!(h.auth.active_user(), Some(user.clone()));

    // The listener exists only during the sign-in.
    assert!(std::net::TcpStream::connect(("127.0.0.1", h.port)).is_err());

    // A restart: a new Auth over the same data folder knows the user and can call APIs.
    let again = auth_for(
        &h.sandbox.base_url(),
        &h.redirect_uri,
        &h.dir,
        fast_options(),
    );
    assert_eq!(again.users(), vec![user.clone()]);
    assert_eq!(again.active_user(), Some(user.clone()));
    let tokens = again.tokens().unwrap();
    let endpoints = ads_onboard_core::config::Endpoints::sandbox(&h.sandbox.base_url());
    let profile = fetch_profile(
        &ads_onboard_core::http::client(),
        &endpoints.profile_url,
        tokens.as_ref(),
    )
    .await
    .unwrap();
    assert_eq!(profile.user_id, user.user_id);
}

#[tokio::test]
async fn localhost_redirect_listens_on_loopback_only() {
    let port = free_port();
    let redirect = format!("http://localhost:{port}/callback");
    let h = harness(|c| c.allowed_return_urls = vec![redirect.clone()]).await;
    let auth = auth_for(&h.sandbox.base_url(), &redirect, &h.dir, fast_options());
    let sign_in = auth.start_sign_in(true).unwrap();
    let url = sign_in.authorize_url().to_string();
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_ok());
    if std::net::TcpListener::bind("[::1]:0").is_ok() {
        assert!(
            std::net::TcpStream::connect(("::1", port)).is_ok(),
            "::1 not served"
        );
    }
    // Never on other interfaces (0.0.0.0 would answer on this machine's own address).
    if let Some(ip) = non_loopback_ip() {
        assert!(
            std::net::TcpStream::connect((ip, port)).is_err(),
            "reachable on {ip}"
        );
    } else {
        println!("skipped the non-loopback check: this machine has no other address");
    }
    let waiting = tokio::spawn(sign_in.wait(CancelToken::new()));
    let (status, _) = visit(&url).await;
    assert_eq!(status, 200);
    waiting.await.unwrap().unwrap();
}

/// This machine's address on its default route, if it has one (no packet is sent).
fn non_loopback_ip() -> Option<std::net::IpAddr> {
    let s = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    s.connect("10.255.255.255:9").ok()?;
    let ip = s.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[tokio::test]
async fn state_mismatch_is_refused_and_sign_in_keeps_waiting() {
    let h = harness(|_| {}).await;
    let sign_in = h.auth.start_sign_in(true).unwrap();
    let url = sign_in.authorize_url().to_string();
    let waiting = tokio::spawn(sign_in.wait(CancelToken::new()));

    // A callback from another attempt (or a forged one) carrying a real code.
    let target = redirect_target(&with_param(&url, "state", "someone-elses-state")).await;
    let (status, page) = visit(&target).await;
    assert_eq!(status, 200);
    assert!(page.contains("earlier sign-in attempt"), "{page}");
    assert!(!waiting.is_finished());

    let (_, page) = visit(&url).await;
    assert!(page.contains("close this tab"));
    let user = waiting.await.unwrap().unwrap();
    assert_eq!(user.email.as_deref(), Some(DEFAULT_USER_EMAIL));
}

#[tokio::test]
async fn pkce_verifier_mismatch_is_rejected_by_lwa() {
    let h = harness(|_| {}).await;
    let sign_in = h.auth.start_sign_in(true).unwrap();
    // An attacker-substituted challenge: our verifier no longer matches it.
    let forged = ads_onboard_core::auth::pkce::Pkce::new();
    let url = with_param(
        sign_in.authorize_url(),
        "code_challenge",
        forged.challenge(),
    );
    let waiting = tokio::spawn(sign_in.wait(CancelToken::new()));
    let (_, page) = visit(&url).await;
    assert!(page.contains("Sign-in did not complete"), "{page}");
    match waiting.await.unwrap() {
        Err(AuthError::CodeRejected(d)) => assert!(d.contains("code_verifier"), "{d}"),
        other => panic!("expected CodeRejected, got {other:?}"),
    }
    assert!(h.auth.users().is_empty());
}

#[tokio::test]
async fn denial_is_explained_in_plain_words() {
    let h = harness(|c| c.auto_approve = false).await;
    let sign_in = h.auth.start_sign_in(true).unwrap();
    let url = sign_in.authorize_url().to_string();
    let waiting = tokio::spawn(sign_in.wait(CancelToken::new()));
    // The consent page, then the user clicks "Deny".
    let (status, consent) = visit(&url).await;
    assert_eq!(status, 200);
    assert!(consent.contains("decision"), "consent page expected");
    let mut form: Vec<(String, String)> = url::Url::parse(&url)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect();
    form.push(("decision".into(), "deny".into()));
    let resp = browser()
        .post(format!("{}/ap/oa", h.sandbox.base_url()))
        .form(&form)
        .send()
        .await
        .unwrap();
    let page = resp.text().await.unwrap();
    assert!(page.contains("You declined"), "{page}");
    assert_eq!(waiting.await.unwrap().unwrap_err(), AuthError::Denied);
}

#[tokio::test]
async fn invalid_scope_names_the_likely_cause() {
    let h = harness(|_| {}).await;
    let sign_in = h.auth.start_sign_in(true).unwrap();
    let url = with_param(
        sign_in.authorize_url(),
        "scope",
        "advertising::account_management",
    );
    let waiting = tokio::spawn(sign_in.wait(CancelToken::new()));
    let (_, page) = visit(&url).await;
    assert!(page.contains("invalid_scope"), "{page}");
    let err = waiting.await.unwrap().unwrap_err();
    assert_eq!(err, AuthError::InvalidScope);
    assert!(err
        .to_string()
        .contains("not be approved for the Amazon Ads API"));
    assert!(err.to_string().contains("legacy scope"));
}

#[tokio::test]
async fn a_used_code_is_refused_the_second_time() {
    let h = harness(|_| {}).await;
    let first = h.auth.start_sign_in(true).unwrap();
    let target = redirect_target(first.authorize_url()).await;
    first.complete_with_redirect_url(&target).await.unwrap();

    let second = h.auth.start_sign_in(true).unwrap();
    let state = query_param(second.authorize_url(), "state").unwrap();
    let replay = with_param(&target, "state", &state);
    match second.complete_with_redirect_url(&replay).await {
        Err(AuthError::CodeRejected(d)) => assert!(d.contains("code"), "{d}"),
        other => panic!("expected CodeRejected, got {other:?}"),
    }
}

#[tokio::test]
async fn pasted_redirect_url_finishes_while_waiting_and_stale_paste_is_refused() {
    let h = harness(|_| {}).await;
    let sign_in = h.auth.start_sign_in(false).unwrap();
    let target = redirect_target(sign_in.authorize_url()).await;
    let paste = sign_in.paste_handle();
    let waiting = tokio::spawn(sign_in.wait(CancelToken::new()));
    assert!(paste.submit(target.clone()).await);
    let user = waiting.await.unwrap().unwrap();
    assert!(!user.kept_signed_in);

    let other = h.auth.start_sign_in(false).unwrap();
    assert_eq!(
        other.complete_with_redirect_url(&target).await.unwrap_err(),
        AuthError::StateMismatch
    );
    let other = h.auth.start_sign_in(false).unwrap();
    assert!(matches!(
        other
            .complete_with_redirect_url("http://127.0.0.1/callback?foo=bar")
            .await,
        Err(AuthError::BadRedirect(_))
    ));
}

#[tokio::test]
async fn port_in_use_names_the_port() {
    let h = harness(|_| {}).await;
    let _busy = std::net::TcpListener::bind(("127.0.0.1", h.port)).unwrap();
    let err = h.auth.start_sign_in(true).unwrap_err();
    assert!(matches!(err, AuthError::PortInUse { port, .. } if port == h.port));
    let msg = err.to_string();
    assert!(msg.contains(&format!("Port {}", h.port)), "{msg}");
    assert!(msg.contains("already in use"));
}

#[tokio::test]
async fn timeout_explains_the_unregistered_return_url() {
    let opts = AuthOptions {
        sign_in_timeout: Duration::from_millis(150),
        ..AuthOptions::default()
    };
    let h = harness_with(|_| {}, opts).await;
    let sign_in = h.auth.start_sign_in(true).unwrap();
    assert!(sign_in.waiting_hint().contains(&h.redirect_uri));
    let err = sign_in.wait(CancelToken::new()).await.unwrap_err();
    assert!(matches!(err, AuthError::TimedOut { .. }));
    let msg = err.to_string();
    assert!(msg.contains("has not been whitelisted"), "{msg}");
    assert!(msg.contains(&h.redirect_uri));
    assert!(AuthOptions::default().sign_in_timeout == Duration::from_secs(15 * 60));
}

#[tokio::test]
async fn cancel_stops_waiting_and_frees_the_port() {
    let h = harness(|_| {}).await;
    let sign_in = h.auth.start_sign_in(true).unwrap();
    let cancel = CancelToken::new();
    let waiting = tokio::spawn(sign_in.wait(cancel.clone()));
    tokio::time::sleep(Duration::from_millis(20)).await;
    cancel.cancel();
    let err = tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .unwrap()
        .unwrap()
        .unwrap_err();
    assert_eq!(err, AuthError::Cancelled);
    // The next attempt can bind the same fixed port at once.
    let again = h.auth.start_sign_in(true).unwrap();
    drop(again);
}

#[tokio::test]
async fn stray_requests_get_404_and_idle_connections_do_not_block() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let h = harness(|_| {}).await;
    let sign_in = h.auth.start_sign_in(true).unwrap();
    let url = sign_in.authorize_url().to_string();
    let waiting = tokio::spawn(sign_in.wait(CancelToken::new()));

    // Browsers open speculative connections that send nothing.
    let _idle1 = tokio::net::TcpStream::connect(("127.0.0.1", h.port))
        .await
        .unwrap();
    let _idle2 = tokio::net::TcpStream::connect(("127.0.0.1", h.port))
        .await
        .unwrap();
    let base = format!("http://127.0.0.1:{}", h.port);
    for path in [
        "/favicon.ico",
        "/",
        "/callback/extra",
        "/other?code=x&state=y",
    ] {
        let r = browser().get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 404, "{path}");
    }
    let r = browser()
        .post(format!("{base}/callback"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 405);
    // Garbage that is not HTTP.
    let mut junk = tokio::net::TcpStream::connect(("127.0.0.1", h.port))
        .await
        .unwrap();
    junk.write_all(b"\x16\x03\x01 not http\r\n\r\n")
        .await
        .unwrap();
    let mut sink = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(2), junk.read_to_end(&mut sink)).await;
    assert!(!waiting.is_finished());

    let (_, page) = visit(&url).await;
    assert!(page.contains("close this tab"));
    waiting.await.unwrap().unwrap();
}

#[tokio::test]
async fn dont_keep_me_signed_in_keeps_nothing_on_disk() {
    let h = harness(|_| {}).await;
    let sign_in = h.auth.start_sign_in(false).unwrap();
    let target = redirect_target(sign_in.authorize_url()).await;
    let user = sign_in.complete_with_redirect_url(&target).await.unwrap();
    assert!(!user.kept_signed_in);
    assert_eq!(h.auth.active_user(), Some(user.clone()));
    h.auth.tokens().unwrap().access_token().await.unwrap();
    let creds = std::fs::read_to_string(h.dir.join("credentials.json")).unwrap_or_default();
    assert!(!creds.contains("Atzr"), "{creds}");
    let restarted = auth_for(
        &h.sandbox.base_url(),
        &h.redirect_uri,
        &h.dir,
        fast_options(),
    );
    assert!(restarted.users().is_empty());
    assert!(restarted.active_user().is_none());
    assert!(matches!(restarted.tokens(), Err(AuthError::SignInRequired)));
}

async fn sign_in_via_paste(auth: &Auth, keep: bool) -> SignedInUser {
    let s = auth.start_sign_in(keep).unwrap();
    let target = redirect_target(s.authorize_url()).await;
    s.complete_with_redirect_url(&target).await.unwrap()
}

#[tokio::test]
async fn several_users_can_be_kept_switched_and_signed_out() {
    let h = harness(|_| {}).await;
    let dana = sign_in_via_paste(&h.auth, true).await;
    h.sandbox
        .control()
        .set_test_user("Lee Park", "lee.park@gmail.com");
    let lee = sign_in_via_paste(&h.auth, true).await;
    assert_ne!(dana.user_id, lee.user_id);
    assert!(lee.has_consumer_email());
    assert_eq!(h.auth.users().len(), 2);
    assert_eq!(h.auth.active_user(), Some(lee.clone()));

    assert_eq!(h.auth.switch_to(&dana.user_id).unwrap(), dana);
    assert_eq!(h.auth.active_user(), Some(dana.clone()));
    h.auth
        .tokens_for(&lee.user_id)
        .unwrap()
        .access_token()
        .await
        .unwrap();
    assert!(matches!(
        h.auth.switch_to("amzn1.account.nobody"),
        Err(AuthError::UnknownUser(_))
    ));

    let notice = h.auth.sign_out(&lee.user_id).unwrap();
    assert!(
        notice.message.contains("amazon.com/ap/adam"),
        "{}",
        notice.message
    );
    assert_eq!(h.auth.users(), vec![dana.clone()]);
    let creds = std::fs::read_to_string(h.dir.join("credentials.json")).unwrap();
    assert!(!creds.contains(&lee.user_id));
    assert!(creds.contains(&dana.user_id));
    assert!(matches!(
        h.auth.tokens_for(&lee.user_id),
        Err(AuthError::UnknownUser(_))
    ));

    // Remembered across a restart, with the switched-to user still active.
    let restarted = auth_for(
        &h.sandbox.base_url(),
        &h.redirect_uri,
        &h.dir,
        fast_options(),
    );
    assert_eq!(restarted.active_user(), Some(dana.clone()));
    restarted.sign_out(&dana.user_id).unwrap();
    assert!(restarted.tokens().is_err());
}

#[tokio::test]
async fn legacy_scope_without_profile_signs_in_under_a_local_id() {
    let h = harness(|_| {}).await;
    let settings = ads_onboard_core::config::Settings {
        redirect_uri: h.redirect_uri.clone(),
        legacy_scope: true,
        profile_scope: false,
        ..Default::default()
    };
    let auth = Auth::new(
        settings,
        ads_onboard_core::config::Endpoints::sandbox(&h.sandbox.base_url()),
        None,
        &h.dir,
        std::sync::Arc::new(ads_onboard_core::auth::Keychain::file(&h.dir)),
        fast_options(),
    )
    .unwrap();
    let sign_in = auth.start_sign_in(true).unwrap();
    assert_eq!(
        query_param(sign_in.authorize_url(), "scope").as_deref(),
        Some("cpc_advertising:campaign_management")
    );
    let target = redirect_target(sign_in.authorize_url()).await;
    let user = sign_in.complete_with_redirect_url(&target).await.unwrap();
    assert!(user.user_id.starts_with("local-"), "{}", user.user_id);
    assert_eq!(user.name, None);
    assert_eq!(user.display_name(), "This Amazon user");
    auth.tokens().unwrap().access_token().await.unwrap();
    assert_eq!(h.sandbox.control().request_count("/user/profile"), 0);
}
