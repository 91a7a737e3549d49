//! Crashes, lost answers and server trouble: the flow resumes from the store and never
//! loses or duplicates an account.

mod common;

use ads_onboard_core::registration::RegistrationState;
use ads_onboard_sandbox::{FaultRule, SandboxConfig};
use common::{business, register, Harness};
use std::collections::BTreeSet;
use std::sync::atomic::Ordering;
use std::time::Duration;

fn slow_verification() -> SandboxConfig {
    let mut cfg = SandboxConfig::for_tests();
    cfg.verification_delay = Duration::from_millis(120);
    cfg.verification_delay_max = Duration::from_millis(120);
    cfg
}

/// Steps `n` transitions, each by a fresh engine over a reopened store (a new process
/// after a crash), accepting the agreement when the flow waits for it.
async fn step_with_crashes(h: &Harness, id: &str, n: usize) -> Vec<RegistrationState> {
    let mut seen = Vec::new();
    for _ in 0..n {
        let engine = h.engine();
        let reg = engine.store().load(id).unwrap();
        if reg.state == RegistrationState::TermsTokenCreated {
            h.accept_terms(reg.terms_url().unwrap()).await;
        }
        let reg = engine.step(id).await.unwrap();
        seen.push(reg.state);
        drop(engine);
    }
    seen
}

#[tokio::test]
async fn a_crash_after_each_transition_resumes_to_exactly_one_account() {
    let h = Harness::with_config(slow_verification()).await;
    let mut visited = BTreeSet::new();
    let mut accounts = BTreeSet::new();
    for crash_after in 1..=6usize {
        let id = h
            .engine()
            .create(business(&format!("Crash {crash_after}")))
            .unwrap()
            .id;
        let states = step_with_crashes(&h, &id, crash_after).await;
        visited.extend(states.iter().map(|s| s.as_str()));
        let engine = h.engine();
        let reg = engine.store().load(&id).unwrap();
        if reg.state == RegistrationState::TermsTokenCreated {
            h.accept_terms(reg.terms_url().unwrap()).await;
        }
        let done = engine.run(&id).await.unwrap();
        assert_eq!(
            done.state,
            RegistrationState::Created,
            "crash after {crash_after}: {states:?}"
        );
        assert_eq!(done.submit_attempts, 1, "submitted once");
        assert!(accounts.insert(done.account_id().unwrap().to_string()));
    }
    for s in [
        "termsTokenCreated",
        "termsAccepted",
        "registering",
        "pending",
        "created",
    ] {
        assert!(visited.contains(s), "{s} not visited: {visited:?}");
    }
    let audit = h.sandbox.control().audit();
    let in_sandbox: BTreeSet<String> = audit
        .accounts
        .iter()
        .map(|a| a.ads_account_id.clone())
        .collect();
    assert_eq!(
        in_sandbox, accounts,
        "one account per registration, none lost"
    );
}

#[tokio::test]
async fn a_lost_register_answer_is_reconciled_not_resubmitted() {
    let h = Harness::new().await;
    h.sandbox.control().drop_after_commit_next(1);
    let id = h.engine().create(business("Dropped")).unwrap().id;
    // Through Registering and the submit whose answer is lost.
    let states = step_with_crashes(&h, &id, 4).await;
    assert_eq!(
        states.last(),
        Some(&RegistrationState::Registering),
        "{states:?}"
    );
    let reg = h.engine().store().load(&id).unwrap();
    assert_eq!(reg.submit_attempts, 1);
    assert!(reg.account.is_none());
    // A new process resumes from Registering: it finds the committed account.
    let done = h.engine().run(&id).await.unwrap();
    assert_eq!(done.state, RegistrationState::Created);
    assert_eq!(done.submit_attempts, 1, "never submitted a second time");
    let audit = h.sandbox.control().audit();
    assert_eq!(audit.accounts.len(), 1);
    assert_eq!(audit.accounts[0].ads_account_id, done.account_id().unwrap());
    let history = h.engine().store().history(&id).unwrap();
    assert!(history.iter().any(|e| e.kind == "adopted"), "{history:?}");
    assert_eq!(
        h.sandbox
            .control()
            .audit()
            .requests_by_method
            .get("POST /adsAccounts")
            .copied(),
        Some(1)
    );
}

#[tokio::test]
async fn a_lost_answer_in_one_run_is_adopted_in_the_same_run() {
    let h = Harness::new().await;
    h.sandbox.control().drop_after_commit_next(1);
    let (reg, events) = register(&h, business("Dropped Once")).await;
    let reg = reg.unwrap();
    assert_eq!(reg.state, RegistrationState::Created);
    assert_eq!(h.sandbox.control().audit().accounts.len(), 1);
    assert!(events.iter().any(|e| e.kind == "waiting"));
}

#[tokio::test]
async fn throttled_submits_are_sent_again_and_failed_ones_checked_first() {
    let h = Harness::new().await;
    let c = h.sandbox.control();
    c.add_fault(
        FaultRule::throttle(1, None)
            .on_path("/adsAccounts")
            .on_method("POST"),
    );
    c.add_fault(
        FaultRule::status(1, 500)
            .on_path("/adsAccounts")
            .on_method("POST"),
    );
    let (reg, _) = register(&h, business("Throttled Submit")).await;
    let reg = reg.unwrap();
    assert_eq!(
        reg.state,
        RegistrationState::Created,
        "{:?}",
        reg.last_error
    );
    // The 429 was a definite "not processed": only the 500 and the answered one count.
    assert_eq!(reg.submit_attempts, 2);
    assert_eq!(c.audit().accounts.len(), 1);
    assert_eq!(c.audit().requests_by_method["POST /adsAccounts"], 3);
}

#[tokio::test]
async fn token_expiry_mid_poll_refreshes_and_carries_on() {
    let mut cfg = slow_verification();
    cfg.verification_delay = Duration::from_millis(400);
    cfg.verification_delay_max = Duration::from_millis(400);
    let h = Harness::with_config(cfg).await;
    h.sandbox
        .control()
        .set_access_token_lifetime(Duration::from_millis(80));
    h.sandbox.control().expire_access_tokens();
    let (reg, _) = register(&h, business("Expiring")).await;
    assert_eq!(reg.unwrap().state, RegistrationState::Created);
    assert!(
        h.tokens.refreshes.load(Ordering::SeqCst) >= 2,
        "refreshed during polling"
    );
}

#[tokio::test]
async fn throttling_and_5xx_bursts_while_polling_are_ridden_out() {
    let h = Harness::with_config(slow_verification()).await;
    let c = h.sandbox.control();
    // More failures than one call's retries: the engine itself waits and polls again.
    c.add_fault(
        FaultRule::status(9, 503)
            .on_path("/adsAccounts/amzn1*")
            .on_method("GET"),
    );
    c.add_fault(
        FaultRule::throttle(9, None)
            .on_path("/adsAccounts/amzn1*")
            .on_method("GET"),
    );
    let (reg, events) = register(&h, business("Bumpy")).await;
    assert_eq!(reg.unwrap().state, RegistrationState::Created);
    assert!(events.iter().any(|e| e.kind == "waiting"));
    assert_eq!(c.audit().accounts.len(), 1);
}

#[tokio::test]
async fn timed_out_registrations_resume_where_they_stopped() {
    let mut cfg = SandboxConfig::for_tests();
    cfg.verification_delay = Duration::from_millis(700);
    cfg.verification_delay_max = Duration::from_millis(700);
    let mut h = Harness::with_config(cfg).await;
    h.timings.timeout = Duration::from_millis(150);
    // Times out waiting for the agreement first.
    let id = h.engine().create(business("Slow")).unwrap().id;
    let reg = h.engine().run(&id).await.unwrap();
    assert_eq!(reg.state, RegistrationState::TimedOut);
    assert_eq!(reg.resume_state, Some(RegistrationState::TermsTokenCreated));
    h.accept_terms(reg.terms_url().unwrap()).await;
    // Then while Amazon verifies the business.
    let reg = h.engine().run(&id).await.unwrap();
    assert_eq!(reg.state, RegistrationState::TimedOut);
    assert_eq!(reg.resume_state, Some(RegistrationState::Pending));
    h.timings.timeout = Duration::from_secs(10);
    let reg = h.engine().run(&id).await.unwrap();
    assert_eq!(reg.state, RegistrationState::Created);
    assert_eq!(reg.submit_attempts, 1);
    assert_eq!(h.sandbox.control().audit().accounts.len(), 1);
    let kinds: Vec<String> = h
        .engine()
        .store()
        .history(&id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| *k == "timedOut").count(),
        2,
        "{kinds:?}"
    );
}

#[tokio::test]
async fn finished_registrations_are_not_submitted_again() {
    let h = Harness::new().await;
    let (reg, _) = register(&h, business("Once")).await;
    let reg = reg.unwrap();
    let again = h.engine().run(&reg.id).await.unwrap();
    assert_eq!(again.state, RegistrationState::Created);
    assert_eq!(again.account_id(), reg.account_id());
    assert_eq!(
        h.sandbox
            .control()
            .audit()
            .requests_by_method
            .get("POST /adsAccounts")
            .copied(),
        Some(1)
    );
}

#[tokio::test]
async fn a_terms_token_amazon_no_longer_knows_is_replaced() {
    let h = Harness::new().await;
    let id = h.engine().create(business("Lost Token")).unwrap().id;
    let engine = h.engine();
    let mut reg = engine.step(&id).await.unwrap();
    assert_eq!(reg.state, RegistrationState::TermsTokenCreated);
    reg.terms.as_mut().unwrap().terms_token = "00000000-0000-4000-8000-000000000000".into();
    engine
        .store()
        .save(&reg, "edited", serde_json::json!({}))
        .unwrap();
    let reg = engine.step(&id).await.unwrap();
    assert_eq!(reg.state, RegistrationState::SignedIn);
    assert!(reg.terms.is_none());
    drop(engine);
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let engine = h.engine().with_progress(tx);
    let browser = common::accept_from_events(rx);
    let done = engine.run(&id).await.unwrap();
    drop(engine);
    browser.await.unwrap();
    assert_eq!(done.state, RegistrationState::Created);
    assert_eq!(h.sandbox.control().audit().terms_tokens.len(), 2);
}

#[tokio::test]
async fn reconciliation_picks_our_account_when_others_appeared_meanwhile() {
    let h = Harness::new().await;
    let id = h.engine().create(business("Ours")).unwrap().id;
    let states = step_with_crashes(&h, &id, 3).await;
    assert_eq!(states.last(), Some(&RegistrationState::Registering));
    // Someone else registers an account for the same user after our record was taken.
    let api = h.api();
    let mut theirs = business("Theirs").to_request("");
    theirs.terms_token = None;
    let other = api.register_ads_account(&theirs).await.unwrap();
    // Our submit commits but its answer is lost.
    h.sandbox.control().drop_after_commit_next(1);
    let reg = h.engine().step(&id).await.unwrap();
    assert_eq!(reg.state, RegistrationState::Registering);
    let done = h.engine().run(&id).await.unwrap();
    assert_eq!(done.state, RegistrationState::Created);
    assert_ne!(done.account_id(), Some(other.ads_account_id.as_str()));
    assert_eq!(
        done.account.as_ref().unwrap().account_name.as_deref(),
        Some("Ours")
    );
    assert_eq!(h.sandbox.control().audit().accounts.len(), 2);
}
