//! Deterministic reproductions of what the chaos runs found, kept as regression tests.

mod chaos;

use ads_onboard_core::registration::RegistrationState;
use ads_onboard_core::store::Store;
use ads_onboard_sandbox::FaultRule;
use chaos::run::details;
use std::time::Duration;

/// Two registrations of one user in flight at once (two windows, or the app and the CLI):
/// the one whose submit got no answer must not adopt the other's new account.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconciliation_never_adopts_another_registrations_account() {
    let world = chaos::World::new(|c| c.auto_accept_terms = Some(Duration::ZERO)).await;
    let engine = world.process().unwrap();
    let a = engine.create(details("Window A", false)).unwrap().id;
    let b = engine.create(details("Window B", false)).unwrap().id;
    for id in [&a, &b] {
        let mut state = RegistrationState::SignedIn;
        while state != RegistrationState::Registering {
            state = engine.step(id).await.unwrap().state;
        }
    }
    let done_a = engine.run(&a).await.unwrap();
    assert_eq!(done_a.state, RegistrationState::Created);
    // B's submit fails with a 503: it may or may not have been committed.
    world.control().await.add_fault(
        FaultRule::status(1, 503)
            .on_path("/adsAccounts")
            .on_method("POST"),
    );
    let after = engine.step(&b).await.unwrap();
    assert_eq!(after.state, RegistrationState::Registering);
    assert_eq!(after.submit_attempts, 1);
    let done_b = world.process().unwrap().run(&b).await.unwrap();
    assert_eq!(done_b.state, RegistrationState::Created);
    assert_ne!(
        done_b.account_id(),
        done_a.account_id(),
        "B adopted A's account"
    );
    let audit = world.control().await.audit();
    let b_at_amazon = audit
        .accounts
        .iter()
        .find(|x| x.account_name.as_deref() == Some("Window B"))
        .expect("B was registered at Amazon");
    assert_eq!(
        done_b.account_id(),
        Some(b_at_amazon.ads_account_id.as_str())
    );
}

/// Opening the store while other connections open it and write must not set a healthy store aside
/// as corrupt (that loses every registration, in-flight ones included).
#[test]
fn opening_the_store_while_another_process_writes_keeps_it() {
    let dir = chaos::TempDir::new("store-race");
    let (first, _) = Store::open(dir.path()).unwrap();
    let engine_free = first.clone();
    let writer = std::thread::spawn(move || {
        for i in 0..300 {
            engine_free
                .save_details(&format!("writer {i}"), &details("Writer", false))
                .unwrap();
        }
    });
    let openers: Vec<_> = (0..2)
        .map(|_| {
            let dir = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let mut warnings = vec![];
                for _ in 0..200 {
                    let (s, w) = Store::open(&dir).unwrap();
                    warnings.extend(w.map(|w| w.to_string()));
                    drop(s);
                }
                warnings
            })
        })
        .collect();
    let warnings: Vec<String> = openers
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    writer.join().unwrap();
    assert!(warnings.is_empty(), "healthy store set aside: {warnings:?}");
    let (again, _) = Store::open(dir.path()).unwrap();
    assert_eq!(again.saved_details().unwrap().len(), 300, "nothing lost");
}

/// After a long outage the submit cap stops a run, and its message says to resume later;
/// resuming once Amazon answers again must then work (the cap guards one run from
/// hammering, reconciliation already guards against duplicates).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registration_stopped_by_the_submit_cap_resumes_after_the_outage() {
    use ads_onboard_core::registration::{EngineError, RegistrationEngine};
    let world = chaos::World::new(|c| c.auto_accept_terms = Some(Duration::ZERO)).await;
    let engine = || {
        let e = world.process().unwrap();
        let mut t = chaos::timings();
        t.max_submits = 2;
        RegistrationEngine::new(e.api().clone(), e.store().clone(), t)
    };
    let id = engine().create(details("Outage", false)).unwrap().id;
    world.control().await.add_fault(
        FaultRule::status(10, 503)
            .on_path("/adsAccounts")
            .on_method("POST"),
    );
    let err = engine().run(&id).await.unwrap_err();
    assert!(matches!(err, EngineError::TooManySubmits { .. }), "{err}");
    assert!(err.to_string().contains("resume later"));
    world.control().await.clear_faults();
    let done = engine()
        .run(&id)
        .await
        .expect("resumes once Amazon answers");
    assert_eq!(done.state, RegistrationState::Created);
    assert_eq!(world.control().await.audit().accounts.len(), 1);
}

/// A submit that stalls past the client timeout still commits at Amazon later. If the
/// resubmit (after reconciliation saw nothing yet) lands after that late commit, Amazon
/// refuses it because the terms token is spent: that refusal means "already registered",
/// not "rejected", and the account must be adopted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resubmit_refused_for_a_spent_token_adopts_the_late_commit() {
    let world = chaos::World::new(|c| c.auto_accept_terms = Some(Duration::ZERO)).await;
    let engine = world.process().unwrap();
    let id = engine.create(details("Late Commit", false)).unwrap().id;
    let mut state = RegistrationState::SignedIn;
    while state != RegistrationState::Registering {
        state = engine.step(&id).await.unwrap().state;
    }
    let control = world.control().await;
    // First submit: held past the client's timeout, then committed.
    control.add_fault(
        FaultRule::delay(1, chaos::STALL)
            .on_path("/adsAccounts")
            .on_method("POST"),
    );
    // The resubmit: held until after that late commit.
    control.add_fault(
        FaultRule::delay(1, Duration::from_millis(200))
            .on_path("/adsAccounts")
            .on_method("POST"),
    );
    let done = engine.run(&id).await.unwrap();
    let audit = world.control().await.audit();
    assert_eq!(audit.accounts.len(), 1, "one account at Amazon");
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
