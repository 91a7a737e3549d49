//! Sign-in on a computer with other users: what another local user (or a web page in the
//! user's browser) can see and send, and what the loopback listener withstands.

mod auth_support;

use ads_onboard_core::auth::{AuthError, AuthOptions, CancelToken};
use auth_support::*;
use std::time::Duration;

#[tokio::test]
async fn error_callbacks_without_the_matching_state_are_ignored() {
    let h = harness(|_| {}).await;
    let sign_in = h.auth.start_sign_in(true).unwrap();
    let url = sign_in.authorize_url().to_string();
    let waiting = tokio::spawn(sign_in.wait(CancelToken::new()));

    let base = format!("http://127.0.0.1:{}/callback", h.port);
    for forged in [
        format!("{base}?error=server_error&error_description=Call%20555-0100%20now"),
        format!("{base}?error=access_denied&state="),
        format!("{base}?error=access_denied&error_description=x&state=someone-elses"),
    ] {
        let (status, page) = visit(&forged).await;
        assert_eq!(status, 200, "{forged}");
        assert!(page.contains("earlier sign-in attempt"), "{forged}: {page}");
        assert!(!page.contains("555-0100"), "{page}");
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiting.is_finished(), "{forged} ended the sign-in");
    }

    // The real answer still signs the user in.
    let (_, page) = visit(&url).await;
    assert!(page.contains("close this tab"), "{page}");
    waiting.await.unwrap().unwrap();

    // A pasted error without the state is refused the same way.
    let other = h.auth.start_sign_in(true).unwrap();
    assert_eq!(
        other
            .complete_with_redirect_url("http://127.0.0.1/callback?error=access_denied")
            .await
            .unwrap_err(),
        AuthError::StateMismatch
    );
}

#[tokio::test]
async fn a_sign_in_started_and_never_awaited_frees_the_port_at_its_deadline() {
    let opts = AuthOptions {
        sign_in_timeout: Duration::from_millis(200),
        ..AuthOptions::default()
    };
    let h = harness_with(|_| {}, opts).await;
    let sign_in = h.auth.start_sign_in(true).unwrap();
    assert!(std::net::TcpStream::connect(("127.0.0.1", h.port)).is_ok());
    // The window never calls wait (closed, crashed page, another sign-in started).
    tokio::time::sleep(Duration::from_millis(600)).await;
    std::net::TcpListener::bind(("127.0.0.1", h.port))
        .expect("the port is free once the sign-in's deadline has passed");
    let err = tokio::time::timeout(Duration::from_secs(2), sign_in.wait(CancelToken::new()))
        .await
        .expect("a late wait ends at once")
        .unwrap_err();
    assert!(matches!(err, AuthError::TimedOut { .. }), "{err:?}");
}
