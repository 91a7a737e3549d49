//! Property tests (fixed seeds): each decoder is fed what the spec allows, not only what
//! the sandbox happens to send: floats wherever the type is `number`, optional fields
//! absent, enum values this version does not know, and fields it has never heard of.
//! Everything the spec allows decodes, and decodes to what was sent; one item the spec
//! does not allow costs only that item.

use ads_onboard_core::api::accounts::{parse_account_page, AccountStatus, AdsAccount};
use ads_onboard_core::api::billing::BillingStatuses;
use ads_onboard_core::api::terms::TermsTokenState;
use ads_onboard_core::api::ErrorDetails;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::{json, Map, Value};

fn config(seed: u64) -> Config {
    Config {
        cases: 256,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Any JSON `number`: integers of either sign, and floats (integral or not).
fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        (-1e15f64..1e15).prop_map(|f| json!(f)),
        (-1_000_000i64..1_000_000).prop_map(|n| json!(n as f64)),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        ".{0,20}".prop_map(Value::String),
    ]
}

/// Values of fields the spec does not have.
fn anything() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Adds fields the spec does not name (prefixed so they never shadow a real one).
fn with_extras(mut v: Value, extras: Vec<(String, Value)>) -> Value {
    let o = v.as_object_mut().unwrap();
    for (k, x) in extras {
        o.insert(format!("x{k}"), x);
    }
    v
}

fn extras() -> impl Strategy<Value = Vec<(String, Value)>> {
    prop::collection::vec(("[a-zA-Z]{1,10}", anything()), 0..3)
}

/// An enum value: one the spec lists, or one added later.
fn enum_value(known: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(known).prop_map(str::to_string),
        1 => "[A-Z][A-Z_]{0,24}",
    ]
}

fn opt<T: std::fmt::Debug + Clone + 'static>(
    s: impl Strategy<Value = T> + 'static,
) -> impl Strategy<Value = Option<T>> {
    proptest::option::of(s)
}

/// `Error`: every field optional; `errorId` any number.
fn error() -> impl Strategy<Value = Value> {
    (
        opt(number()),
        opt("[A-Z_]{1,30}"),
        opt("[ -~]{1,60}"),
        extras(),
    )
        .prop_map(|(id, code, message, extras)| {
            let mut o = Map::new();
            if let Some(id) = id {
                o.insert("errorId".into(), id);
            }
            if let Some(c) = code {
                o.insert("errorCode".into(), json!(c));
            }
            if let Some(m) = message {
                o.insert("errorMessage".into(), json!(m));
            }
            with_extras(Value::Object(o), extras)
        })
}

const STATUSES: &[&str] = &["PENDING", "PARTIALLY_CREATED", "CREATED", "DISABLED"];

/// `AdsAccountWithMetaData` as the spec allows it.
fn account() -> impl Strategy<Value = Value> {
    (
        "[A-Za-z0-9.-]{1,40}",
        opt("[ -~]{1,30}"),
        opt(enum_value(STATUSES)),
        opt(prop::collection::vec("[A-Z]{2}", 0..5)),
        opt(prop::collection::vec(
            (
                opt("[A-Z]{2}"),
                opt(-(1i64 << 52)..(1i64 << 52)),
                any::<bool>(),
                opt("ENTITY[A-Z0-9]{4,12}"),
            ),
            0..5,
        )),
        opt(prop::collection::btree_map(
            "[A-Z]{2}",
            prop::collection::vec(error(), 0..3),
            0..3,
        )),
        extras(),
    )
        .prop_map(|(id, name, status, codes, alternate, errors, extras)| {
            let mut o = Map::new();
            o.insert("adsAccountId".into(), json!(id));
            if let Some(n) = name {
                o.insert("accountName".into(), json!(n));
            }
            if let Some(s) = status {
                o.insert("status".into(), json!(s));
            }
            if let Some(c) = codes {
                o.insert("countryCodes".into(), json!(c));
            }
            if let Some(list) = alternate {
                let items: Vec<Value> = list
                    .into_iter()
                    .map(|(country, profile, as_float, entity)| {
                        let mut a = Map::new();
                        if let Some(c) = country {
                            a.insert("countryCode".into(), json!(c));
                        }
                        if let Some(p) = profile {
                            // `number` in the account spec: an integral float is the same ID.
                            let v = if as_float { json!(p as f64) } else { json!(p) };
                            a.insert("profileId".into(), v);
                        }
                        if let Some(e) = entity {
                            a.insert("entityId".into(), json!(e));
                        }
                        Value::Object(a)
                    })
                    .collect();
                o.insert("alternateIds".into(), Value::Array(items));
            }
            if let Some(e) = errors {
                o.insert("errors".into(), json!(e));
            }
            with_extras(Value::Object(o), extras)
        })
}

/// What the spec does not allow for a list item: no ID, an ID of the wrong type, or not
/// an object at all.
fn odd_item() -> impl Strategy<Value = Value> {
    prop_oneof![
        leaf(),
        prop::collection::vec(leaf(), 0..3).prop_map(Value::Array),
        (number(), opt("[ -~]{1,20}"))
            .prop_map(|(id, n)| json!({"adsAccountId": id, "accountName": n})),
        Just(json!({"accountName": "No ID", "status": "CREATED"})),
        Just(json!({"adsAccountId": null})),
        any::<bool>().prop_map(|b| json!({"adsAccountId": b})),
    ]
}

/// The same number, up to the last place of a float (JSON float text does not always
/// read back to the very same bits).
fn same_number(
    sent: Option<&Value>,
    got: Option<&serde_json::Number>,
) -> Result<(), TestCaseError> {
    match (
        sent.and_then(Value::as_f64),
        got.and_then(serde_json::Number::as_f64),
    ) {
        (Some(a), Some(b)) => {
            prop_assert!((a - b).abs() <= a.abs() * 4.0 * f64::EPSILON, "{a} vs {b}")
        }
        (a, b) => prop_assert_eq!(a, b),
    }
    Ok(())
}

/// Checks a decoded account against what was sent.
fn same_account(sent: &Value, got: &AdsAccount) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        sent["adsAccountId"].as_str(),
        Some(got.ads_account_id.as_str())
    );
    prop_assert_eq!(sent["accountName"].as_str(), got.account_name.as_deref());
    prop_assert_eq!(
        sent["status"].as_str(),
        got.status.as_ref().map(AccountStatus::as_str)
    );
    let codes: Vec<&str> = sent["countryCodes"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    prop_assert_eq!(
        codes,
        got.country_codes
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    let alternate = sent["alternateIds"].as_array().cloned().unwrap_or_default();
    prop_assert_eq!(alternate.len(), got.alternate_ids.len());
    for (s, g) in alternate.iter().zip(&got.alternate_ids) {
        prop_assert_eq!(
            s.get("profileId")
                .and_then(Value::as_f64)
                .map(|f| f.round() as i64),
            g.profile_id.map(|p| p.0)
        );
        prop_assert_eq!(s["entityId"].as_str(), g.entity_id.as_deref());
    }
    let errors = sent["errors"].as_object().cloned().unwrap_or_default();
    prop_assert_eq!(errors.len(), got.errors.len());
    for (country, list) in &errors {
        let list = list.as_array().unwrap();
        let decoded = &got.errors[country];
        prop_assert_eq!(list.len(), decoded.len());
        for (s, g) in list.iter().zip(decoded) {
            // The ID is kept as the number it was sent as.
            same_number(s.get("errorId"), g.error_id.as_ref())?;
            prop_assert_eq!(s["errorCode"].as_str(), g.error_code.as_deref());
            prop_assert_eq!(s["errorMessage"].as_str(), g.error_message.as_deref());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(0x0AD5_0014))]

    #[test]
    fn every_account_the_spec_allows_decodes_to_what_was_sent(a in account()) {
        let got: AdsAccount = serde_json::from_value(a.clone()).unwrap();
        same_account(&a, &got)?;
        // GetAccount wraps it in {adsAccount}; the short register answer is a subset.
        let page = parse_account_page(&serde_json::to_vec(&json!([{"adsAccount": a}])).unwrap()).unwrap();
        same_account(&a, &page.accounts[0])?;
    }

    #[test]
    fn every_list_the_spec_allows_decodes_whole(
        accounts in prop::collection::vec(account(), 0..6),
        next in opt("[A-Za-z0-9+/=]{1,30}"),
        extras in extras(),
    ) {
        let body = with_extras(json!({"adsAccounts": accounts, "nextToken": next}), extras);
        let page = parse_account_page(&serde_json::to_vec(&body).unwrap()).unwrap();
        prop_assert_eq!(page.unreadable, 0);
        prop_assert_eq!(page.accounts.len(), accounts.len());
        for (s, g) in accounts.iter().zip(&page.accounts) {
            same_account(s, g)?;
        }
        prop_assert_eq!(page.next_token, next);
    }

    #[test]
    fn one_item_the_spec_does_not_allow_costs_only_that_item(
        accounts in prop::collection::vec(account(), 0..6),
        odd in odd_item(),
        at in any::<prop::sample::Index>(),
    ) {
        let mut items = accounts.clone();
        items.insert(at.index(accounts.len() + 1), odd);
        let body = serde_json::to_vec(&json!({"adsAccounts": items})).unwrap();
        let page = parse_account_page(&body).unwrap();
        prop_assert_eq!(page.unreadable, 1);
        prop_assert_eq!(page.accounts.len(), accounts.len());
        for (s, g) in accounts.iter().zip(&page.accounts) {
            same_account(s, g)?;
        }
    }

    #[test]
    fn v2_error_bodies_keep_every_error_and_its_number(
        errors in prop::collection::vec(error(), 1..5),
        status in prop::sample::select(&[400u16, 403, 429, 500][..]),
    ) {
        let body = serde_json::to_vec(&json!({"errors": errors})).unwrap();
        let d = ErrorDetails::parse(status, None, &body);
        prop_assert_eq!(d.messages.len(), errors.len());
        for (s, m) in errors.iter().zip(&d.messages) {
            same_number(s.get("errorId"), m.error_id.as_ref())?;
            prop_assert_eq!(s["errorCode"].as_str(), m.code.as_deref());
        }
    }

    #[test]
    fn terms_token_states_decode_with_new_values_and_extra_fields(
        status in enum_value(&["CREATED", "ACCEPTED", "REDEEMED"]),
        terms_type in opt(enum_value(&["ADVERTISING", "ADSP", "MARKETING_CLOUD", "PARTNER_NETWORK"])),
        extras in extras(),
    ) {
        let body = with_extras(json!({"termsTokenStatus": status, "termsType": terms_type}), extras);
        let got: TermsTokenState = serde_json::from_value(body).unwrap();
        prop_assert_eq!(got.terms_token_status.as_str(), status.as_str());
        prop_assert_eq!(got.terms_type.as_ref().map(|t| t.as_str().to_string()), terms_type);
    }

    #[test]
    fn billing_answers_decode_with_new_codes_absent_fields_and_extras(
        codes in prop::collection::vec(enum_value(&["VALID_BILLING_STATUS", "PENDING_BILLING_REGISTRATION", "ACCOUNT_BILLING_ISSUE"]), 0..4),
        failures in prop::collection::vec((opt(enum_value(&["BAD_REQUEST", "INTERNAL_ERROR", "NOT_AUTHORIZED", "NOT_FOUND"])), opt(0i32..30), opt("[ -~]{1,30}")), 0..4),
        odd in odd_item(),
        extras in extras(),
    ) {
        let success: Vec<Value> = codes
            .iter()
            .enumerate()
            .map(|(i, c)| json!({"advertiserMarketplace": {"advertiserId": "ENTITY1", "marketplaceId": "ATVPDKIKX0DER"},
                                 "billingStatus": {"billingStatusCode": c}, "index": i}))
            .collect();
        let error: Vec<Value> = failures
            .iter()
            .map(|(code, index, description)| json!({"errorCode": code, "index": index, "description": description, "advertiserId": "A1"}))
            .collect();
        let mut with_odd = success.clone();
        with_odd.push(odd);
        let body = with_extras(json!({"success": with_odd, "error": error}), extras);
        let got: BillingStatuses = serde_json::from_value(body).unwrap();
        prop_assert_eq!(got.success.len(), codes.len(), "only the odd entry is dropped");
        for (c, s) in codes.iter().zip(&got.success) {
            prop_assert_eq!(s.billing_status.billing_status_code.as_str(), c.as_str());
        }
        prop_assert_eq!(got.error.len(), failures.len());
        for ((code, _, _), e) in failures.iter().zip(&got.error) {
            prop_assert_eq!(code.as_deref(), e.error_code.as_deref());
        }
    }
}
