//! The typed client against the sandbox: retries, errors, pagination, profiles, billing.

mod common;

use ads_onboard_core::api::accounts::{Association, RegisterAdsAccountRequest};
use ads_onboard_core::api::billing::BillingStatusCode;
use ads_onboard_core::api::profiles::{ProfileFilter, ProfileType};
use ads_onboard_core::api::terms::TermsTokenStatus;
use ads_onboard_core::api::{ApiError, ApiOptions};
use ads_onboard_core::config::Region;
use ads_onboard_sandbox::FaultRule;
use common::{business, fast_options, Harness};
use std::collections::BTreeSet;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

const LIST: &str = "/adsAccounts/list";

#[tokio::test]
async fn a_throttled_read_waits_as_long_as_retry_after_says() {
    let h = Harness::new().await;
    h.sandbox
        .control()
        .add_fault(FaultRule::throttle(1, Some(1)).on_path(LIST));
    let started = Instant::now();
    h.api().list_ads_accounts().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(h.sandbox.control().request_count(LIST), 2);
}

#[tokio::test]
async fn a_throttled_read_without_retry_after_backs_off_then_gives_up() {
    let h = Harness::new().await;
    let c = h.sandbox.control();
    c.add_fault(FaultRule::throttle(3, None).on_path(LIST));
    let started = Instant::now();
    h.api().list_ads_accounts().await.unwrap();
    assert!(started.elapsed() < Duration::from_millis(900));
    assert_eq!(c.request_count(LIST), 4);
    c.add_fault(FaultRule::throttle(50, None).on_path(LIST));
    let err = h.api().list_ads_accounts().await.unwrap_err();
    assert!(matches!(err, ApiError::Throttled { .. }), "{err}");
    assert_eq!(c.request_count(LIST), 4 + 6, "one try and five retries");
    assert!(err.to_string().contains("429"));
}

#[tokio::test]
async fn server_error_bursts_are_retried_on_reads_but_never_on_register() {
    let h = Harness::new().await;
    let c = h.sandbox.control();
    c.add_fault(FaultRule::status(3, 503).on_path(LIST));
    h.api().list_ads_accounts().await.unwrap();
    assert_eq!(c.request_count(LIST), 4);
    c.add_fault(
        FaultRule::status(1, 500)
            .on_path("/adsAccounts")
            .on_method("POST"),
    );
    let req = business("No Retry").to_request("unused-token");
    let err = h.api().register_ads_account(&req).await.unwrap_err();
    assert!(
        matches!(err, ApiError::Server(_)) && err.outcome_unknown(),
        "{err}"
    );
    assert_eq!(c.request_count("/adsAccounts"), 1);
}

#[tokio::test]
async fn other_client_errors_are_typed_and_not_retried() {
    let h = Harness::new().await;
    let api = h.api();
    let err = api
        .get_ads_account("amzn1.ads-account.g.doesnotexist")
        .await
        .unwrap_err();
    let ApiError::NotFound(d) = &err else {
        panic!("{err}")
    };
    assert!(!d.messages.is_empty(), "the {{message}} body is read");
    assert_eq!(
        h.sandbox
            .control()
            .request_count("/adsAccounts/amzn1.ads-account.g.doesnotexist"),
        1
    );
    // A {errors:[..]} validation answer maps to the field it concerns.
    let mut details = business("Missing Zip");
    if let Association::Business(b) = &mut details.association {
        b.zip_code.clear();
    }
    let err = api
        .register_ads_account(&details.to_request("t"))
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Invalid(_)), "{err}");
    let fields: Vec<String> = err.field_errors().into_iter().map(|(f, _)| f).collect();
    assert!(
        fields.contains(&"business.zipCode".to_string()),
        "{fields:?} from {err}"
    );
}

#[tokio::test]
async fn an_expired_token_is_refreshed_once_and_the_call_repeated() {
    let h = Harness::new().await;
    h.sandbox.control().expire_access_tokens();
    h.api().list_ads_accounts().await.unwrap();
    assert_eq!(h.tokens.refreshes.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn slow_reads_time_out_and_are_retried_and_big_bodies_refused() {
    let h = Harness::new().await;
    let c = h.sandbox.control();
    c.add_fault(FaultRule::delay(1, Duration::from_millis(800)).on_path(LIST));
    let api = h.api_with(ApiOptions {
        timeout: Duration::from_millis(200),
        ..fast_options()
    });
    api.list_ads_accounts().await.unwrap();
    assert_eq!(c.request_count(LIST), 2);
    let tiny = h.api_with(ApiOptions {
        max_body_bytes: 8,
        ..fast_options()
    });
    let err = tiny.create_terms_token(None).await.unwrap_err();
    assert!(matches!(err, ApiError::TooLarge { .. }), "{err}");
}

#[tokio::test]
async fn the_paginator_yields_every_one_of_more_than_250_accounts() {
    let h = Harness::new().await;
    let api = h.api();
    let terms = api.create_terms_token(None).await.unwrap();
    h.accept_terms(&terms.terms_url).await;
    assert_eq!(
        api.get_terms_token(&terms.terms_token)
            .await
            .unwrap()
            .terms_token_status,
        TermsTokenStatus::Accepted
    );
    let mut created = BTreeSet::new();
    for i in 0..260 {
        // Terms are accepted once per user: later registrations may omit the token.
        let mut req: RegisterAdsAccountRequest =
            business(&format!("Bulk {i}")).to_request(&terms.terms_token);
        if i > 0 {
            req.terms_token = None;
        }
        created.insert(api.register_ads_account(&req).await.unwrap().ads_account_id);
    }
    assert_eq!(
        api.get_terms_token(&terms.terms_token)
            .await
            .unwrap()
            .terms_token_status,
        TermsTokenStatus::Redeemed
    );
    let listed: BTreeSet<String> = api
        .list_ads_accounts()
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.ads_account_id)
        .collect();
    assert_eq!(listed, created);
    let mut pages = api.ads_account_pages().page_size(100);
    let mut sizes = vec![];
    while let Some(p) = pages.next_page().await.unwrap() {
        sizes.push(p.len());
    }
    assert_eq!(sizes, vec![100, 100, 60]);
}

#[tokio::test]
async fn profiles_are_found_on_every_regional_host_and_filtered() {
    let h = Harness::new().await;
    let details = ads_onboard_core::details::RegistrationDetails {
        account_name: None,
        country_code: None,
        association: Association::AmazonVendor {
            vendor_group: "6943231".into(),
        },
    };
    let (reg, _) = common::register(&h, details).await;
    let reg = reg.unwrap();
    let api = h.api();
    let (found, failed) = api
        .list_profiles_all_regions(&ProfileFilter::default())
        .await;
    assert!(failed.is_empty(), "{failed:?}");
    let account = reg.account.as_ref().unwrap();
    for c in account.countries() {
        let pid = account.profile_id(&c).unwrap();
        let p = found
            .iter()
            .find(|p| p.profile.profile_id == pid)
            .unwrap_or_else(|| panic!("{c} profile missing"));
        let expected = if ["UK", "DE", "FR", "IT", "ES"].contains(&c.as_str()) {
            Region::Eu
        } else {
            Region::Na
        };
        assert_eq!(p.region, expected, "{c}");
    }
    let sellers = api
        .list_profiles(
            Region::Na,
            &ProfileFilter {
                profile_types: vec![ProfileType::Seller],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(sellers.iter().all(
        |p| p.account_info.as_ref().and_then(|i| i.account_type.clone())
            == Some(ProfileType::Seller)
    ));
    assert!(sellers.len() < found.iter().filter(|p| p.region == Region::Na).count());
}

#[tokio::test]
async fn billing_status_is_pending_until_setup_then_valid() {
    let h = Harness::new().await;
    let (reg, _) = common::register(&h, business("Billing Co")).await;
    let account = reg.unwrap().account.unwrap();
    let api = h.api();
    let before = api.account_billing(&account).await.unwrap();
    assert_eq!(
        before.get("US").and_then(|b| b.status()),
        Some(&BillingStatusCode::PendingBillingRegistration),
        "{before:?}"
    );
    assert!(before.contains_key("US"));
    assert!(h
        .sandbox
        .control()
        .complete_billing(&account.ads_account_id));
    let after = api.account_billing(&account).await.unwrap();
    assert_eq!(
        after.get("US").and_then(|b| b.status()),
        Some(&BillingStatusCode::Valid)
    );
}
