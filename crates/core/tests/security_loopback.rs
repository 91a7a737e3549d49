//! The loopback redirect from another local process's point of view: it cannot inject
//! its own code into the user's sign-in (state), a code it steals is useless without the
//! app's PKCE verifier even with the client secret in hand, and the listener is gone as
//! soon as sign-in ends.

mod auth_support;

use ads_onboard_core::auth::pkce::Pkce;
use ads_onboard_core::auth::{AuthError, CancelToken};
use ads_onboard_core::config::{SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET};
use auth_support::*;

/// Redeems `code` at the token endpoint as an attacker would; true if tokens came back.
async fn redeem(base: &str, redirect_uri: &str, code: &str, verifier: Option<&str>) -> bool {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect_uri),
        ("client_id", SANDBOX_CLIENT_ID),
        ("client_secret", SANDBOX_CLIENT_SECRET),
    ];
    if let Some(v) = verifier {
        form.push(("code_verifier", v));
    }
    let r = stopping_browser()
        .post(format!("{base}/auth/o2/token"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let ok = r.status().is_success();
    let body = r.text().await.unwrap();
    assert_eq!(ok, body.contains("access_token"), "{body}");
    ok
}

#[tokio::test]
async fn another_local_process_can_neither_inject_nor_use_a_code() {
    let h = harness(|_| {}).await;
    let base = h.sandbox.base_url();
    let sign_in = h.auth.start_sign_in(true).unwrap();
    let url = sign_in.authorize_url().to_string();
    let waiting = tokio::spawn(sign_in.wait(CancelToken::new()));

    // Injection: the attacker signs in on its own (its own PKCE and state) and delivers its
    // code to the app's listener, guessing at the state.
    let own = Pkce::new();
    let theirs = with_param(
        &with_param(&url, "code_challenge", own.challenge()),
        "state",
        "attacker-guess",
    );
    let their_callback = redirect_target(&theirs).await;
    let (status, page) = visit(&their_callback).await;
    assert_eq!(status, 200);
    assert!(page.contains("earlier sign-in attempt"), "{page}");
    assert!(!waiting.is_finished(), "the injected code was not taken");

    // Theft: the attacker reads the user's code on its way to the listener and races to
    // redeem it, client secret in hand, without the verifier or with its own.
    let user_callback = redirect_target(&url).await;
    let stolen = query_param(&user_callback, "code").unwrap();
    assert!(!redeem(&base, &h.redirect_uri, &stolen, None).await);
    assert!(!redeem(&base, &h.redirect_uri, &stolen, Some(own.verifier())).await);

    // The user's own sign-in completes, or at worst asks to sign in again; the attacker
    // holds no token either way.
    let (_, _) = visit(&user_callback).await;
    match waiting.await.unwrap() {
        Ok(user) => assert_eq!(user.email.as_deref(), Some(DEFAULT_USER_EMAIL)),
        Err(e) => assert!(matches!(e, AuthError::CodeRejected(_)), "{e:?}"),
    }

    // The listener lived only during sign-in.
    let gone = tokio::net::TcpStream::connect(("127.0.0.1", h.port)).await;
    assert!(gone.is_err(), "the loopback port is closed after sign-in");
}

const DEFAULT_USER_EMAIL: &str = ads_onboard_sandbox::DEFAULT_USER_EMAIL;
