//! The wizard asks for the agreement before the details, and "check now" asks Amazon at
//! once: both against the sandbox.

mod common;

use ads_onboard_core::registration::{RegistrationEngine, RegistrationState};
use ads_onboard_core::store::Store;
use ads_onboard_sandbox::SandboxConfig;
use common::{business, Harness};
use std::time::Duration;

#[tokio::test]
async fn an_agreement_accepted_before_the_details_is_used_not_replaced() {
    let h = Harness::new().await;
    let terms = h.api().create_terms_token(None).await.unwrap();
    h.accept_terms(&terms.terms_url).await;

    let engine = h.engine();
    let reg = engine
        .create_with_terms(business("Haven Hotel"), terms.clone(), None)
        .await
        .unwrap();
    assert_eq!(reg.state, RegistrationState::TermsAccepted);
    let reg = engine.run(&reg.id).await.unwrap();
    assert_eq!(
        reg.state,
        RegistrationState::Created,
        "{:?}",
        reg.last_error
    );
    assert_eq!(
        reg.submitted.as_ref().unwrap().terms_token.as_deref(),
        Some(terms.terms_token.as_str())
    );
    let audit = h.sandbox.control().audit();
    assert_eq!(
        audit.terms_tokens.len(),
        1,
        "no second agreement was asked for"
    );
    assert_eq!(audit.terms_tokens[0].status, "REDEEMED");
}

#[tokio::test]
async fn an_agreement_not_yet_accepted_is_waited_on_and_a_redeemed_one_replaced() {
    let h = Harness::new().await;
    let api = h.api();
    let waiting = api.create_terms_token(None).await.unwrap();
    let reg = h
        .engine()
        .create_with_terms(business("Waiting Co"), waiting, None)
        .await
        .unwrap();
    assert_eq!(reg.state, RegistrationState::TermsTokenCreated);

    // A token already used for another account cannot carry this one.
    let first = api.create_terms_token(None).await.unwrap();
    h.accept_terms(&first.terms_url).await;
    let engine = h.engine();
    let done = engine
        .create_with_terms(business("First Co"), first.clone(), None)
        .await
        .unwrap();
    engine.run(&done.id).await.unwrap();
    let reg = engine
        .create_with_terms(business("Second Co"), first, None)
        .await
        .unwrap();
    assert_eq!(reg.state, RegistrationState::SignedIn);
    assert!(reg.terms.is_none());
}

#[tokio::test]
async fn resuming_a_pending_registration_checks_at_once() {
    let mut cfg = SandboxConfig::for_tests();
    cfg.verification_delay = Duration::from_millis(300);
    cfg.verification_delay_max = Duration::from_millis(300);
    let mut h = Harness::with_config(cfg).await;
    h.timings.timeout = Duration::from_millis(100);
    let terms = h.api().create_terms_token(None).await.unwrap();
    h.accept_terms(&terms.terms_url).await;
    let engine = h.engine();
    let reg = engine
        .create_with_terms(business("Patient Co"), terms, None)
        .await
        .unwrap();
    let reg = engine.run(&reg.id).await.unwrap();
    assert_eq!(reg.state, RegistrationState::TimedOut);
    tokio::time::sleep(Duration::from_millis(350)).await;

    // The interval is longer than the time limit: only an immediate check can see CREATED.
    let mut timings = h.timings.clone();
    timings.status_poll = Duration::from_secs(30);
    timings.timeout = Duration::from_secs(1);
    timings.profile_wait = Duration::from_secs(1);
    let (store, _) = Store::open(h.dir.path()).unwrap();
    let started = std::time::Instant::now();
    let reg = RegistrationEngine::new(h.api(), store, timings)
        .run(&reg.id)
        .await
        .unwrap();
    assert_eq!(
        reg.state,
        RegistrationState::Created,
        "{:?}",
        reg.last_error
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}
