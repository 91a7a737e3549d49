//! Where Amazon's documents are silent, against the sandbox knob that plays each case:
//! float `errorId`s, one unreadable account in the list, a 404 right after the 201, a
//! business DISABLED in the 201, a terms token redeemed late, a 403 for a seller, and
//! multi-country accounts that end partly created and partly refused.

mod common;

use ads_onboard_core::api::accounts::{AccountStatus, Association};
use ads_onboard_core::api::ApiError;
use ads_onboard_core::details::RegistrationDetails;
use ads_onboard_core::registration::{EngineError, RegistrationState, Wait, MANUAL_REVIEW_URL};
use ads_onboard_sandbox::SandboxConfig;
use common::{business, register, Harness};
use std::time::Duration;

fn config(tweak: impl FnOnce(&mut SandboxConfig)) -> SandboxConfig {
    let mut c = SandboxConfig::for_tests();
    tweak(&mut c);
    c
}

fn seller(id: &str) -> RegistrationDetails {
    RegistrationDetails {
        account_name: None,
        country_code: None,
        association: Association::AmazonSeller {
            seller_central_account: id.into(),
        },
    }
}

fn refused_business(name: &str) -> RegistrationDetails {
    let mut d = business(name);
    if let Association::Business(b) = &mut d.association {
        b.website_url = "blocklisted.example.com".into();
    }
    d
}

#[tokio::test]
async fn float_error_ids_keep_the_reasons_and_never_break_later_registrations() {
    let h = Harness::with_config(config(|c| c.error_ids_as_floats = true)).await;
    let (refused, _) = register(&h, refused_business("Float Co")).await;
    let refused = refused.unwrap();
    assert_eq!(refused.state, RegistrationState::Disabled);
    let errors = &refused.account.as_ref().unwrap().errors["US"];
    assert_eq!(
        errors[0].error_code.as_deref(),
        Some("BUSINESS_NOT_ELIGIBLE")
    );
    assert_eq!(
        errors[0].error_id.as_ref().and_then(|n| n.as_f64()),
        Some(1002.0)
    );
    assert!(
        !refused.countries()[0].reasons.is_empty(),
        "the rejection reaches the user with its reason"
    );
    // That account is now in the list, which is read before every submit.
    let (next, _) = register(&h, business("After Float Co")).await;
    assert_eq!(next.unwrap().state, RegistrationState::Created);
    let listed = h.api().read_ads_accounts().await.unwrap();
    assert_eq!((listed.accounts.len(), listed.unreadable), (2, 0));
}

#[tokio::test]
async fn one_unreadable_account_in_the_list_is_counted_and_the_rest_kept() {
    let h = Harness::with_config(config(|c| c.malformed_list_account = true)).await;
    let (first, _) = register(&h, business("First Co")).await;
    let first = first.unwrap();
    assert_eq!(first.state, RegistrationState::Created);
    let (second, _) = register(&h, business("Second Co")).await;
    assert_eq!(second.unwrap().state, RegistrationState::Created);
    let listed = h.api().read_ads_accounts().await.unwrap();
    assert_eq!(
        listed.unreadable, 1,
        "front ends say one account could not be read"
    );
    assert_eq!(listed.accounts.len(), 2);
    assert!(listed
        .accounts
        .iter()
        .any(|a| Some(a.ads_account_id.as_str()) == first.account_id()));
}

#[tokio::test]
async fn a_404_right_after_the_201_is_waited_out() {
    let h = Harness::with_config(config(|c| {
        c.not_found_after_register = Duration::from_millis(250)
    }))
    .await;
    let (reg, events) = register(&h, business("Slow Read Co")).await;
    let reg = reg.unwrap();
    assert_eq!(
        reg.state,
        RegistrationState::Created,
        "{:?}",
        reg.last_error
    );
    assert!(events
        .iter()
        .any(|e| e.message.contains("does not show the new account yet")
            && e.wait == Some(Wait::NotVisibleYet)));
}

#[tokio::test]
async fn a_404_past_the_grace_period_stops_resumably() {
    let mut h = Harness::with_config(config(|c| {
        c.not_found_after_register = Duration::from_millis(600)
    }))
    .await;
    h.timings.not_found_grace = Duration::from_millis(100);
    let (reg, _) = register(&h, business("Gone Co")).await;
    let err = reg.unwrap_err();
    assert!(
        matches!(err, EngineError::Api(ApiError::NotFound(_))),
        "{err}"
    );
    let id = h.engine().store().list().unwrap()[0].id.clone();
    let stored = h.engine().store().load(&id).unwrap();
    assert_eq!(stored.state, RegistrationState::Pending, "resumable");
    tokio::time::sleep(Duration::from_millis(600)).await;
    let done = h.engine().run(&id).await.unwrap();
    assert_eq!(done.state, RegistrationState::Created);
    assert_eq!(h.sandbox.control().audit().accounts.len(), 1);
}

#[tokio::test]
async fn a_business_disabled_in_the_201_ends_disabled_with_its_reasons() {
    let h = Harness::with_config(config(|c| {
        c.disabled_in_register_response = true;
        // Reads of the new account lag too: the reasons are read once it shows.
        c.not_found_after_register = Duration::from_millis(100);
    }))
    .await;
    let (reg, _) = register(&h, refused_business("At Once Co")).await;
    let reg = reg.unwrap();
    assert_eq!(reg.state, RegistrationState::Disabled);
    assert_eq!(reg.statuses_seen, vec![AccountStatus::Disabled]);
    let history = h.engine().store().history(&reg.id).unwrap();
    assert_eq!(
        history
            .iter()
            .find(|e| e.kind == "registered")
            .unwrap()
            .detail["status"],
        "DISABLED"
    );
    assert!(
        reg.countries()[0].reasons[0].contains("BUSINESS_NOT_ELIGIBLE"),
        "{:?}",
        reg.countries()
    );
    assert_eq!(reg.manual_review_url(), Some(MANUAL_REVIEW_URL));
}

#[tokio::test]
async fn a_token_redeemed_late_never_leads_to_a_second_account() {
    let h = Harness::with_config(config(|c| {
        c.redeem_terms_when_verified = true;
        c.verification_delay = Duration::from_millis(150);
        c.verification_delay_max = Duration::from_millis(150);
    }))
    .await;
    // The answer to the submit is lost; the token still reads ACCEPTED.
    h.sandbox.control().drop_after_commit_next(1);
    let (reg, _) = register(&h, business("Late Token Co")).await;
    let reg = reg.unwrap();
    assert_eq!(
        reg.state,
        RegistrationState::Created,
        "{:?}",
        reg.last_error
    );
    let audit = h.sandbox.control().audit();
    assert_eq!(audit.accounts.len(), 1);
    assert_eq!(
        reg.account_id(),
        Some(audit.accounts[0].ads_account_id.as_str())
    );
    assert_eq!(audit.terms_tokens[0].status, "REDEEMED");
}

#[tokio::test]
async fn an_unnamed_registration_waits_for_a_late_redemption_before_adopting() {
    let h = Harness::with_config(config(|c| {
        c.redeem_terms_when_verified = true;
        c.verification_delay = Duration::from_millis(60);
        c.verification_delay_max = Duration::from_millis(60);
    }))
    .await;
    h.sandbox.control().drop_after_commit_next(1);
    let (reg, _) = register(&h, seller("A6DEQ9LYHIBE8")).await;
    let reg = reg.unwrap();
    assert_eq!(
        reg.state,
        RegistrationState::Created,
        "{:?}",
        reg.last_error
    );
    assert_eq!(reg.submit_attempts, 1, "adopted, never sent again");
    assert_eq!(h.sandbox.control().audit().accounts.len(), 1);
}

#[tokio::test]
async fn a_seller_the_user_cannot_act_for_is_rejected_on_the_seller_field() {
    let h = Harness::new().await;
    let (reg, _) = register(&h, seller("A0NOACCESS0SELLER")).await;
    let reg = reg.unwrap();
    assert_eq!(reg.state, RegistrationState::Rejected);
    assert_eq!(reg.field_errors.len(), 1, "{:?}", reg.field_errors);
    assert_eq!(
        reg.field_errors[0].field,
        "amazonSeller.sellerCentralAccount"
    );
    assert!(reg.last_error.as_deref().unwrap().contains("403"));
    assert!(h.sandbox.control().audit().accounts.is_empty());
    assert_eq!(reg.submit_attempts, 1, "a definite refusal: not sent again");
}

#[tokio::test]
async fn a_multi_country_seller_partly_refused_stops_with_what_is_usable() {
    let h = Harness::with_config(config(|c| {
        c.seller_countries = vec!["US".into(), "CA".into(), "UK".into()];
        c.partially_created_fail_countries = vec!["UK".into()];
        c.verification_delay = Duration::from_millis(30);
        c.verification_delay_max = Duration::from_millis(30);
        c.profile_lag = Duration::from_millis(60);
    }))
    .await;
    let started = std::time::Instant::now();
    let (reg, events) = register(&h, seller("A6DEQ9LYHIBE8")).await;
    let reg = reg.unwrap();
    assert!(
        started.elapsed() < h.timings.timeout,
        "stopped, not timed out"
    );
    assert_eq!(reg.state, RegistrationState::PartlyRefused);
    assert!(reg.state.is_final());
    let countries = reg.countries();
    let by = |c: &str| countries.iter().find(|x| x.country == c).unwrap();
    assert!(by("US").profile_id.is_some() && by("CA").profile_id.is_some());
    assert!(by("UK").profile_id.is_none());
    assert!(
        by("UK").reasons[0].contains("COUNTRY_NOT_ELIGIBLE"),
        "{countries:?}"
    );
    let step = reg.next_step();
    assert!(step.contains("US, CA") && step.contains("UK"), "{step}");
    assert!(events
        .iter()
        .any(|e| e.state == RegistrationState::PartlyRefused));
    // Nothing left to do: a resume returns it as it is, and it is not "unfinished".
    assert!(h.engine().store().unfinished().unwrap().is_empty());
    let again = h.engine().run(&reg.id).await.unwrap();
    assert_eq!(again.state, RegistrationState::PartlyRefused);
}

#[tokio::test]
async fn a_vendor_partly_refused_stops_too() {
    let h = Harness::with_config(config(|c| {
        c.partially_created_fail_countries = vec!["DE".into()];
        c.partial_phase = Duration::from_millis(50);
    }))
    .await;
    let vendor = RegistrationDetails {
        account_name: None,
        country_code: None,
        association: Association::AmazonVendor {
            vendor_group: "6943231".into(),
        },
    };
    let (reg, _) = register(&h, vendor).await;
    let reg = reg.unwrap();
    assert_eq!(reg.state, RegistrationState::PartlyRefused);
    let usable: Vec<String> = reg
        .countries()
        .into_iter()
        .filter(|c| c.profile_id.is_some())
        .map(|c| c.country)
        .collect();
    assert_eq!(usable, ["US", "CA", "UK"]);
}

#[tokio::test]
async fn billing_is_asked_per_country_by_entity_id_and_errors_are_shown() {
    let h = Harness::with_config(config(|c| {
        c.vendor_countries = vec!["US".into(), "CA".into()];
        c.billing_errors = [("CA".to_string(), "NOT_AUTHORIZED".to_string())].into();
    }))
    .await;
    let vendor = RegistrationDetails {
        account_name: None,
        country_code: None,
        association: Association::AmazonVendor {
            vendor_group: "6943231".into(),
        },
    };
    let (reg, _) = register(&h, vendor).await;
    let account = reg.unwrap().account.unwrap();
    let api = h.api();
    let billing = api.account_billing(&account).await.unwrap();
    assert_eq!(billing["US"].to_string(), "PENDING_BILLING_REGISTRATION");
    assert!(billing["CA"].status().is_none());
    assert!(
        billing["CA"].to_string().starts_with("NOT_AUTHORIZED: "),
        "{}",
        billing["CA"]
    );
    // The entity IDs alone identify the advertiser (the account ID here is unknown).
    let mut by_entity = account.clone();
    by_entity.ads_account_id = "amzn1.ads-account.g.unknown".into();
    let billing = api.account_billing(&by_entity).await.unwrap();
    assert_eq!(billing["US"].to_string(), "PENDING_BILLING_REGISTRATION");
    // No entity ID yet (or one Amazon does not know): asked again by the account ID.
    let mut by_account = account.clone();
    by_account.alternate_ids.iter_mut().for_each(|a| {
        if a.entity_id.is_some() {
            a.entity_id = Some("ENTITYUNKNOWN".into());
        }
    });
    let billing = api.account_billing(&by_account).await.unwrap();
    assert_eq!(billing["US"].to_string(), "PENDING_BILLING_REGISTRATION");
    by_account.alternate_ids.clear();
    let billing = api.account_billing(&by_account).await.unwrap();
    assert_eq!(billing["US"].to_string(), "PENDING_BILLING_REGISTRATION");
}
