//! The registration flow end to end against the sandbox, one test per outcome.

mod common;

use ads_onboard_core::api::accounts::{AccountStatus, Association};
use ads_onboard_core::export::{self, ExportedAccount};
use ads_onboard_core::registration::{RegistrationState, MANUAL_REVIEW_URL};
use ads_onboard_sandbox::SandboxConfig;
use common::{business, register, Harness};
use std::collections::BTreeMap;
use std::time::Duration;

#[tokio::test]
async fn business_registration_ends_created_with_profile_ids() {
    let h = Harness::new().await;
    let (reg, events) = register(&h, business("Haven Hotel")).await;
    let reg = reg.unwrap();
    assert_eq!(reg.state, RegistrationState::Created);
    assert!(reg.profiles_settled);
    let countries = reg.countries();
    assert_eq!(countries.len(), 1);
    assert_eq!(countries[0].country, "US");
    assert!(countries[0].profile_id.is_some(), "{countries:?}");
    assert!(countries[0].entity_id.is_some());
    // What was sent carries the terms token, which is now redeemed.
    let sent = reg.submitted.as_ref().unwrap();
    assert_eq!(
        sent.terms_token.as_deref(),
        Some(reg.terms.as_ref().unwrap().terms_token.as_str())
    );
    let audit = h.sandbox.control().audit();
    assert_eq!(audit.accounts.len(), 1);
    assert_eq!(audit.accounts[0].ads_account_id, reg.account_id().unwrap());
    assert_eq!(audit.terms_tokens[0].status, "REDEEMED");
    // The UI and CLI saw every stage.
    let kinds: Vec<&str> = events.iter().map(|e| e.kind).collect();
    for k in ["termsUrl", "termsStatus", "accountStatus", "profiles"] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
    // Events reach the UI with profile IDs as strings (JavaScript loses 64-bit precision).
    let last = serde_json::to_value(events.last().unwrap()).unwrap();
    assert!(last["countries"][0]["profileId"].is_string(), "{last}");
    assert_eq!(last["state"], "created");
    // History keeps each transition, in order.
    let history = h.engine().store().history(&reg.id).unwrap();
    let states: Vec<RegistrationState> = history.iter().map(|e| e.state).collect();
    let pos = |s| {
        states
            .iter()
            .position(|x| *x == s)
            .unwrap_or_else(|| panic!("{s} not in {states:?}"))
    };
    assert!(pos(RegistrationState::SignedIn) < pos(RegistrationState::TermsTokenCreated));
    assert!(pos(RegistrationState::TermsAccepted) < pos(RegistrationState::Registering));
    assert!(pos(RegistrationState::Registering) < pos(RegistrationState::Created));
    // The snapshot of accounts known before submitting was recorded, then dropped once
    // Amazon named the account: stored records do not grow with the user's account count.
    let registering = history
        .iter()
        .find(|e| e.state == RegistrationState::Registering)
        .unwrap();
    assert!(registering.detail.get("knownAccounts").is_some());
    let stored = h.engine().store().load(&reg.id).unwrap();
    assert_eq!(stored.known_account_ids, None);
}

#[tokio::test]
async fn vendor_goes_through_partially_created_to_created() {
    let mut cfg = SandboxConfig::for_tests();
    cfg.verification_delay = Duration::from_millis(40);
    cfg.verification_delay_max = Duration::from_millis(40);
    cfg.partial_phase = Duration::from_millis(150);
    let h = Harness::with_config(cfg).await;
    let details = ads_onboard_core::details::RegistrationDetails {
        account_name: None,
        country_code: None,
        association: Association::AmazonVendor {
            vendor_group: "6943231".into(),
        },
    };
    let (reg, _) = register(&h, details).await;
    let reg = reg.unwrap();
    assert_eq!(
        reg.state,
        RegistrationState::Created,
        "{:?}",
        reg.last_error
    );
    assert!(
        reg.statuses_seen.contains(&AccountStatus::PartiallyCreated),
        "{:?}",
        reg.statuses_seen
    );
    assert_eq!(reg.statuses_seen.last(), Some(&AccountStatus::Created));
    let countries = reg.countries();
    assert!(countries.len() > 1, "{countries:?}");
    assert!(
        countries.iter().all(|c| c.profile_id.is_some()),
        "{countries:?}"
    );
}

#[tokio::test]
async fn partially_created_that_never_finishes_times_out_resumably() {
    let mut cfg = SandboxConfig::for_tests();
    cfg.partially_created_stay = true;
    cfg.partially_created_fail_countries = vec!["DE".into()];
    let mut h = Harness::with_config(cfg).await;
    h.timings.timeout = Duration::from_millis(400);
    let details = ads_onboard_core::details::RegistrationDetails {
        account_name: None,
        country_code: None,
        association: Association::AmazonVendor {
            vendor_group: "555".into(),
        },
    };
    let (reg, _) = register(&h, details).await;
    let reg = reg.unwrap();
    assert_eq!(reg.state, RegistrationState::TimedOut);
    assert_eq!(reg.resume_state, Some(RegistrationState::PartiallyCreated));
    assert!(reg.next_step().contains(&reg.id));
    // Some countries are usable meanwhile.
    assert!(reg.countries().iter().any(|c| c.profile_id.is_some()));
    // Resuming carries on polling the same account; no second account appears.
    let again = h.engine().run(&reg.id).await.unwrap();
    assert_eq!(again.state, RegistrationState::TimedOut);
    assert_eq!(again.account_id(), reg.account_id());
    assert_eq!(h.sandbox.control().audit().accounts.len(), 1);
}

#[tokio::test]
async fn disabled_carries_per_country_reasons_and_the_review_link() {
    let h = Harness::new().await;
    let mut details = business("Blocked Co");
    if let Association::Business(b) = &mut details.association {
        b.website_url = "blocklisted.example.com".into();
    }
    let (reg, events) = register(&h, details).await;
    let reg = reg.unwrap();
    assert_eq!(reg.state, RegistrationState::Disabled);
    let us = reg
        .countries()
        .into_iter()
        .find(|c| c.country == "US")
        .expect("US outcome");
    assert!(
        !us.reasons.is_empty(),
        "reasons come from GET /adsAccounts/{{id}}"
    );
    assert!(reg.next_step().contains(MANUAL_REVIEW_URL));
    assert_eq!(reg.manual_review_url(), Some(MANUAL_REVIEW_URL));
    assert!(events
        .iter()
        .any(|e| e.state == RegistrationState::Disabled));
}

#[tokio::test]
async fn profile_ids_arriving_late_are_waited_for() {
    let mut cfg = SandboxConfig::for_tests();
    cfg.profile_lag = Duration::from_millis(300);
    let h = Harness::with_config(cfg).await;
    let (reg, _) = register(&h, business("Late Profiles")).await;
    let reg = reg.unwrap();
    assert_eq!(reg.state, RegistrationState::Created);
    assert!(reg.countries()[0].profile_id.is_some());
    let history = h.engine().store().history(&reg.id).unwrap();
    let created_without = history.iter().any(|e| {
        e.state == RegistrationState::Created
            && e.detail["account"]["alternateIds"]
                .as_array()
                .is_none_or(|a| a.iter().all(|x| x.get("profileId").is_none()))
    });
    assert!(
        created_without,
        "CREATED was first seen without profile IDs"
    );
    assert_eq!(history.last().unwrap().kind, "profiles");
}

#[tokio::test]
async fn profile_wait_is_bounded() {
    let mut cfg = SandboxConfig::for_tests();
    cfg.profile_lag = Duration::from_secs(30);
    let mut h = Harness::with_config(cfg).await;
    h.timings.profile_wait = Duration::from_millis(150);
    let started = std::time::Instant::now();
    let (reg, events) = register(&h, business("No Profiles Yet")).await;
    let reg = reg.unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(reg.state, RegistrationState::Created);
    assert!(reg.profiles_settled);
    assert!(reg.countries()[0].profile_id.is_none());
    assert!(events.iter().any(|e| e.kind == "warning"));
}

#[tokio::test]
async fn exports_round_trip_and_hold_no_secrets() {
    let h = Harness::new().await;
    let (reg, _) = register(&h, business("=Export Co")).await;
    let reg = reg.unwrap();
    let api = h.api();
    let billing: BTreeMap<String, String> = api
        .account_billing(reg.account.as_ref().unwrap())
        .await
        .unwrap()
        .into_iter()
        .map(|(c, s)| (c, s.to_string()))
        .collect();
    assert!(billing.contains_key("US"), "{billing:?}");
    let exported = vec![ExportedAccount::from_registration(&reg, &billing).unwrap()];
    let overview = export::with_billing(&api, reg.account.as_ref().unwrap(), None).await;
    assert_eq!(
        overview.countries[0].billing_status,
        billing.get("US").cloned()
    );
    assert!(h.engine().store().unfinished().unwrap().is_empty());
    let csv = export::to_csv(&exported).unwrap();
    let json = export::to_json(&exported).unwrap();
    assert!(csv.contains("'=Export Co"), "formula neutralised: {csv}");
    let mut back = export::from_csv(&csv).unwrap();
    back[0].terms_token = exported[0].terms_token.clone(); // CSV has no terms token column
    assert_eq!(back, exported);
    assert_eq!(export::from_json(&json).unwrap(), exported);
    let access = ads_onboard_core::auth::AccessTokens::access_token(&*h.tokens)
        .await
        .unwrap();
    for text in [&csv, &json] {
        assert!(!text.contains(&access));
        assert!(!text.contains(ads_onboard_core::config::SANDBOX_CLIENT_SECRET));
        assert!(!text.contains("Atz"));
    }
}

#[tokio::test]
async fn details_amazon_refuses_end_rejected_with_field_errors() {
    let h = Harness::new().await;
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let engine = h.engine().with_progress(tx);
    let mut reg = engine.create(business("Bad Zip")).unwrap();
    // Details edited outside validation (e.g. an old record): Amazon's 400 decides.
    if let Association::Business(b) = &mut reg.details.association {
        b.zip_code.clear();
    }
    engine
        .store()
        .save(&reg, "edited", serde_json::json!({}))
        .unwrap();
    let browser = common::accept_from_events(rx);
    let done = engine.run(&reg.id).await.unwrap();
    drop(engine);
    browser.await.unwrap();
    assert_eq!(done.state, RegistrationState::Rejected);
    assert!(
        done.field_errors
            .iter()
            .any(|e| e.field == "business.zipCode"),
        "{:?}",
        done.field_errors
    );
    assert!(
        done.last_error
            .as_deref()
            .unwrap_or("")
            .contains("MISSING_ZIP_CODE"),
        "{:?}",
        done.last_error
    );
    assert!(h.sandbox.control().audit().accounts.is_empty());
}
