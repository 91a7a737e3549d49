//! A 429 on `POST /adsAccounts` is a definite "not processed": the engine waits
//! (Retry-After, else growing pauses) and sends again within the time limit, without
//! counting it as an uncertain submit and without reconciling.

mod common;

use ads_onboard_core::api::ApiOptions;
use ads_onboard_core::registration::{RegistrationEngine, RegistrationState, Timings, Wait};
use ads_onboard_core::store::Store;
use ads_onboard_sandbox::FaultRule;
use common::{business, register, Harness};
use std::time::Duration;

fn storm(count: u32, every: u32, retry_after_secs: Option<u64>) -> FaultRule {
    FaultRule::throttle(count, retry_after_secs)
        .on_path("/adsAccounts")
        .on_method("POST")
        .every(every)
}

#[tokio::test]
async fn every_second_submit_throttled_still_registers_once_without_reconciling() {
    let h = Harness::new().await;
    // More 429s than the cap on uncertain submits (5): none of them counts. Then one
    // call in two: the 13th is throttled, the 14th goes through.
    h.sandbox.control().add_fault(storm(12, 1, None));
    h.sandbox.control().add_fault(storm(4, 2, None));
    let (reg, events) = register(&h, business("Storm Co")).await;
    let reg = reg.expect("a storm of 429s never ends in 'submitted N times'");
    assert_eq!(
        reg.state,
        RegistrationState::Created,
        "{:?}",
        reg.last_error
    );
    assert_eq!(reg.submit_attempts, 1, "only the answered submit counts");
    let audit = h.sandbox.control().audit();
    assert_eq!(audit.accounts.len(), 1);
    assert_eq!(audit.requests_by_method["POST /adsAccounts"], 14);
    // The list was read once, to record the known accounts: no reconciliation.
    assert_eq!(audit.requests_by_method["POST /adsAccounts/list"], 1);
    let waiting: Vec<_> = events.iter().filter(|e| e.kind == "waiting").collect();
    // What the window titles the notice by: Amazon answered, and said it is busy.
    assert!(
        waiting.iter().all(|e| e.wait == Some(Wait::Busy)),
        "{waiting:?}"
    );
    let waits: Vec<&str> = waiting.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(waits.len(), 13, "{waits:?}");
    assert!(
        waits.iter().all(|m| m.contains("Amazon is busy")),
        "{waits:?}"
    );
    let history = h.engine().store().history(&reg.id).unwrap();
    assert_eq!(history.iter().filter(|e| e.kind == "throttled").count(), 13);
}

#[tokio::test]
async fn retry_after_is_honoured_and_without_it_the_pauses_grow() {
    let h = Harness::new().await;
    h.sandbox.control().add_fault(storm(1, 1, Some(1)));
    h.sandbox.control().add_fault(storm(4, 1, None));
    let (reg, _) = register(&h, business("Patient Co")).await;
    let reg = reg.unwrap();
    assert_eq!(reg.state, RegistrationState::Created);
    let history = h.engine().store().history(&reg.id).unwrap();
    let waits: Vec<u64> = history
        .iter()
        .filter(|e| e.kind == "throttled")
        .map(|e| e.detail["retryInMs"].as_u64().unwrap())
        .collect();
    assert_eq!(waits.len(), 5);
    assert_eq!(waits[0], 1000, "Retry-After: 1");
    // RetryPolicy::fast: 5 ms doubling, capped at 40 ms, jitter keeps 50-100 %.
    for (i, w) in waits[1..].iter().enumerate() {
        let step = (5u64 << (i + 1)).min(40);
        assert!(
            *w >= step / 2 && *w <= step,
            "pause {i}: {w} ms, step {step}"
        );
    }
}

#[tokio::test]
async fn a_storm_past_the_time_limit_stops_resumably_then_registers_once() {
    let mut h = Harness::new().await;
    h.timings = Timings {
        timeout: Duration::from_millis(400),
        ..Timings::fast()
    };
    h.sandbox.control().add_fault(storm(10_000, 1, None));
    let (reg, _) = register(&h, business("Throttled Co")).await;
    let reg = reg.expect("the time limit is not an error");
    assert_eq!(reg.state, RegistrationState::TimedOut);
    assert_eq!(reg.resume_state, Some(RegistrationState::Registering));
    assert_eq!(reg.submit_attempts, 0);
    assert!(
        reg.last_error.as_deref().unwrap_or("").contains("429"),
        "{:?}",
        reg.last_error
    );
    assert!(h.sandbox.control().audit().accounts.is_empty());
    // Amazon calms down; resuming sends it (nothing to reconcile) and registers once.
    h.sandbox.control().clear_faults();
    let done = h.engine().run(&reg.id).await.unwrap();
    assert_eq!(done.state, RegistrationState::Created);
    let audit = h.sandbox.control().audit();
    assert_eq!(audit.accounts.len(), 1);
    assert_eq!(audit.requests_by_method["POST /adsAccounts/list"], 1);
}

#[tokio::test]
async fn a_429_between_an_uncertain_submit_and_its_late_commit_loses_nothing() {
    let h = Harness::new().await;
    let control = h.sandbox.control();
    let post = |r: FaultRule| r.on_path("/adsAccounts").on_method("POST");
    // 1: held past the client timeout; Amazon commits it late.
    control.add_fault(post(FaultRule::delay(1, Duration::from_millis(500))));
    // (Client timeout 400 ms: the first times out, the third, held 300 ms, does not.)
    // 2: after reconciling (nothing there yet), the resend is throttled.
    control.add_fault(storm(1, 1, None));
    // 3: the next resend lands after the late commit: the token is spent.
    control.add_fault(post(FaultRule::delay(1, Duration::from_millis(300))));
    let options = ApiOptions {
        timeout: Duration::from_millis(400),
        ..common::fast_options()
    };
    let (store, _) = Store::open(h.dir.path()).unwrap();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let engine =
        RegistrationEngine::new(h.api_with(options), store, h.timings.clone()).with_progress(tx);
    let reg = engine.create(business("Late Co")).unwrap();
    let browser = common::accept_from_events(rx);
    let done = engine.run(&reg.id).await;
    drop(engine);
    browser.await.unwrap();
    let done = done.unwrap();
    let audit = h.sandbox.control().audit();
    assert_eq!(audit.accounts.len(), 1, "never twice");
    // The refusal of the resend is not taken for a rejection: the 429 did not make the
    // engine forget that the first submit may have committed.
    assert_eq!(
        done.state,
        RegistrationState::Created,
        "{:?}",
        done.last_error
    );
    assert_eq!(
        done.account_id(),
        Some(audit.accounts[0].ads_account_id.as_str())
    );
}
