//! Property tests (fixed seeds) over every parser of a server response: arbitrary bytes,
//! arbitrary JSON built from the fields Amazon uses, and valid answers cut short or
//! corrupted. Each parser returns a value or an error; none panics.

use ads_onboard_core::api::accounts::{parse_account_page, AdsAccount};
use ads_onboard_core::api::billing::BillingStatuses;
use ads_onboard_core::api::profiles::Profile;
use ads_onboard_core::api::terms::{TermsToken, TermsTokenState};
use ads_onboard_core::api::{retry_after, ErrorDetails, ProfileId};
use ads_onboard_core::auth::oauth::LwaTokenResponse;
use ads_onboard_core::auth::LwaProfile;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::{json, Value};

fn config(seed: u64, cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Field names the real answers use, so generated objects hit the interesting paths.
const KEYS: &[&str] = &[
    "adsAccount",
    "adsAccounts",
    "adsAccountId",
    "accountName",
    "status",
    "countryCodes",
    "alternateIds",
    "countryCode",
    "profileId",
    "entityId",
    "errors",
    "errorCode",
    "errorMessage",
    "errorId",
    "nextToken",
    "termsToken",
    "termsUrl",
    "termsTokenStatus",
    "termsType",
    "code",
    "details",
    "message",
    "access_token",
    "refresh_token",
    "token_type",
    "expires_in",
    "scope",
    "user_id",
    "name",
    "email",
    "success",
    "error",
    "billingStatus",
    "billingStatusCode",
    "advertiserMarketplace",
    "accountInfo",
    "dailyBudget",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(KEYS).prop_map(str::to_string),
        1 => ".{0,12}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,40}".prop_map(Value::String),
        prop::sample::select(
            &[
                "CREATED",
                "PENDING",
                "PARTIALLY_CREATED",
                "DISABLED",
                "ACCEPTED",
                "REDEEMED",
                "US",
                "bearer",
                "3600",
                "-1",
                "9223372036854775808"
            ][..]
        )
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Valid answers as the sandbox (and Amazon) send them.
fn samples() -> Vec<Vec<u8>> {
    let account = json!({
        "adsAccountId": "amzn1.ads-account.g.8f3c2a1b9d",
        "accountName": "Haven Hotel",
        "status": "PARTIALLY_CREATED",
        "countryCodes": ["US", "CA"],
        "alternateIds": [{"countryCode": "US", "profileId": 3912775498246731u64, "entityId": "ENTITY1"},
                         {"countryCode": "CA", "profileId": "3912775498246732"}],
        "errors": {"CA": [{"errorId": 7, "errorCode": "COUNTRY_NOT_ELIGIBLE", "errorMessage": "Not eligible"}]}
    });
    [
        json!({"adsAccount": account}),
        json!({"adsAccounts": [account, {"adsAccountId": "amzn1.x"}], "nextToken": "abc"}),
        json!([{"adsAccount": account}]),
        json!({"termsToken": "4b1c7e0e-5f3a-4a0b-9d7e-0c1c2a3b4d5e", "termsUrl": "https://advertising.amazon.com/terms?token=x"}),
        json!({"termsTokenStatus": "ACCEPTED", "termsType": "ADS_AGREEMENT"}),
        json!([{"profileId": 1234567890123u64, "countryCode": "US", "currencyCode": "USD", "dailyBudget": 999999999.0,
                "timezone": "America/Los_Angeles", "accountInfo": {"marketplaceStringId": "ATVPDKIKX0DER", "id": "A1", "type": "seller", "name": "Haven", "validPaymentMethod": true}}]),
        json!({"success": [{"advertiserMarketplace": {"advertiserId": "A1", "marketplaceId": "ATVPDKIKX0DER"}, "billingStatus": {"billingStatusCode": "PENDING_BILLING_REGISTRATION"}, "index": 0}], "error": []}),
        json!({"access_token": "Atza|abc", "refresh_token": "Atzr|def", "token_type": "bearer", "expires_in": 3600}),
        json!({"user_id": "amzn1.account.X", "name": "Dana", "email": "dana@havenhotel.com"}),
        json!({"code": "400", "details": "Invalid zip code"}),
        json!({"errors": [{"errorCode": "INVALID_ARGUMENT", "errorMessage": "business.zipCode is invalid", "errorId": 3}]}),
    ]
    .iter()
    .map(|v| serde_json::to_vec(v).unwrap())
    .collect()
}

/// Every response parser the client has, fed the same bytes.
fn parse_everything(body: &[u8]) {
    let _ = parse_account_page(body);
    let _ = serde_json::from_slice::<AdsAccount>(body);
    let _ = serde_json::from_slice::<TermsToken>(body);
    let _ = serde_json::from_slice::<TermsTokenState>(body);
    let _ = serde_json::from_slice::<Vec<Profile>>(body);
    let _ = serde_json::from_slice::<Profile>(body);
    let _ = serde_json::from_slice::<BillingStatuses>(body);
    let _ = serde_json::from_slice::<LwaTokenResponse>(body);
    let _ = serde_json::from_slice::<LwaProfile>(body);
    let _ = serde_json::from_slice::<ProfileId>(body);
    for status in [400u16, 401, 403, 404, 429, 500, 502, 503] {
        let d = ErrorDetails::parse(status, Some("req-1".into()), body);
        let summary = d.summary();
        assert!(!summary.is_empty());
        assert!(summary.len() < 64 * 1024 + body.len(), "summary bounded");
    }
}

proptest! {
    #![proptest_config(config(0x0AD5_0001, 512))]

    #[test]
    fn arbitrary_bytes_never_panic_a_parser(body in prop::collection::vec(any::<u8>(), 0..512)) {
        parse_everything(&body);
    }

    #[test]
    fn arbitrary_json_never_panics_a_parser(v in json_value()) {
        parse_everything(&serde_json::to_vec(&v).unwrap());
    }

    #[test]
    fn valid_answers_cut_short_are_errors_not_panics(which in 0usize..11, cut in 0.0f64..1.0) {
        let all = samples();
        let body = &all[which];
        let at = ((body.len() as f64) * cut) as usize;
        parse_everything(&body[..at]);
        if which < 3 && at < body.len() {
            prop_assert!(parse_account_page(&body[..at]).is_err(), "a truncated list is refused");
        }
    }

    #[test]
    fn valid_answers_with_a_corrupted_byte_never_panic(which in 0usize..11, pos in 0.0f64..1.0, byte in any::<u8>()) {
        let mut body = samples()[which].clone();
        let i = ((body.len() as f64) * pos) as usize % body.len();
        body[i] = byte;
        parse_everything(&body);
    }

    #[test]
    fn profile_ids_read_as_number_or_string_agree(id in any::<i64>()) {
        let from_number: ProfileId = serde_json::from_str(&id.to_string()).unwrap();
        let from_string: ProfileId = serde_json::from_str(&format!("\" {id} \"")).unwrap();
        prop_assert_eq!(from_number, ProfileId(id));
        prop_assert_eq!(from_string, ProfileId(id));
        // Out to the UI always as a string, so JavaScript keeps every digit.
        prop_assert_eq!(serde_json::to_string(&from_number).unwrap(), format!("\"{id}\""));
    }

    #[test]
    fn retry_after_values_never_panic_and_stay_bounded(v in "[ -~]{0,40}", secs in any::<u64>(), frac in any::<f64>()) {
        use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
        for text in [v, secs.to_string(), frac.to_string()] {
            let Ok(value) = HeaderValue::from_str(&text) else { continue };
            let mut h = HeaderMap::new();
            h.insert(RETRY_AFTER, value);
            if let Some(d) = retry_after(&h) {
                prop_assert!(d <= std::time::Duration::from_secs(86_400), "{text:?} gave {d:?}");
            }
        }
    }

    #[test]
    fn account_pages_round_trip(ids in prop::collection::vec("[a-z0-9.]{1,30}", 0..20), next in proptest::option::of("[A-Za-z0-9+/=]{1,40}")) {
        let accounts: Vec<Value> = ids.iter().map(|i| json!({"adsAccountId": i, "status": "CREATED"})).collect();
        let body = serde_json::to_vec(&json!({"adsAccounts": accounts, "nextToken": next})).unwrap();
        let page = parse_account_page(&body).unwrap();
        prop_assert_eq!(page.accounts.iter().map(|a| a.ads_account_id.clone()).collect::<Vec<_>>(), ids);
        prop_assert_eq!(page.next_token, next);
    }
}

#[test]
fn a_deeply_nested_answer_is_an_error_not_a_stack_overflow() {
    let body = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    parse_everything(body.as_bytes());
    assert!(parse_account_page(body.as_bytes()).is_err());
}

#[test]
fn an_html_error_page_becomes_a_short_readable_message() {
    let html = format!(
        "<html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
        "x".repeat(5000)
    );
    let d = ErrorDetails::parse(502, None, html.as_bytes());
    assert!(d.summary().contains("502 Bad Gateway"), "{}", d.summary());
    assert!(d.summary().len() <= 400, "{}", d.summary().len());
    assert!(parse_account_page(html.as_bytes()).is_err());
}
