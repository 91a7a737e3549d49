use super::*;

#[test]
fn list_accepts_the_spec_object_and_the_guide_array() {
    let obj = br#"{"adsAccounts":[{"adsAccountId":"a.1","status":"CREATED","alternateIds":[{"countryCode":"US","profileId":123123},{"countryCode":"US","entityId":"ENTITY1"}]}],"nextToken":"n2"}"#;
    let p = parse_account_page(obj).unwrap();
    assert_eq!(p.next_token.as_deref(), Some("n2"));
    assert_eq!(p.accounts[0].profile_id("US"), Some(ProfileId(123123)));
    assert_eq!(p.accounts[0].entity_id("US"), Some("ENTITY1"));
    let arr = br#"[{"adsAccount":{"adsAccountId":"a.2","status":"SOMETHING_NEW"}}]"#;
    let p = parse_account_page(arr).unwrap();
    assert_eq!(
        p.accounts[0].status,
        Some(AccountStatus::Unknown("SOMETHING_NEW".into()))
    );
    assert_eq!(p.next_token, None);
}

#[test]
fn associations_serialise_as_the_spec_variants() {
    let req = RegisterAdsAccountRequest {
        terms_token: Some("t".into()),
        associations: vec![Association::AmazonSeller {
            seller_central_account: "A6DEQ9LYHIBE8".into(),
        }],
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_string(&req).unwrap(),
        r#"{"associations":[{"amazonSeller":{"sellerCentralAccount":"A6DEQ9LYHIBE8"}}],"termsToken":"t"}"#
    );
    let a: Association = serde_json::from_str(r#"{"amazonAuthor":{"email":"a@b.co"}}"#).unwrap();
    assert_eq!(a.kind(), "amazonAuthor");
}

#[test]
fn disabled_reasons_and_profiles_are_read_per_country() {
    let a: AdsAccount = serde_json::from_str(
        r#"{"adsAccountId":"x","status":"DISABLED","countryCodes":["US"],"errors":{"US":[{"errorId":1,"errorCode":"NOT_ELIGIBLE","errorMessage":"Not eligible"}]}}"#,
    )
    .unwrap();
    assert_eq!(
        a.errors["US"][0].error_code.as_deref(),
        Some("NOT_ELIGIBLE")
    );
    assert!(!a.has_all_profiles());
}

#[test]
fn error_ids_are_numbers_as_the_spec_types_them() {
    let a: AdsAccount = serde_json::from_str(
        r#"{"adsAccountId":"x","status":"DISABLED","errors":{"US":[{"errorId":7.0,"errorCode":"NOT_ELIGIBLE","errorMessage":"Not eligible"}]}}"#,
    )
    .unwrap();
    let e = &a.errors["US"][0];
    assert_eq!(e.error_id.as_ref().and_then(|n| n.as_f64()), Some(7.0));
    assert_eq!(e.reason(), "Not eligible (NOT_ELIGIBLE)");
    // Kept as sent, so a stored account reads back the same.
    assert!(serde_json::to_string(&a)
        .unwrap()
        .contains(r#""errorId":7.0"#));
}

#[test]
fn one_odd_item_never_breaks_the_list() {
    let body = br#"{"adsAccounts":[
        {"adsAccountId":"a.1","status":"CREATED"},
        {"adsAccountId":4815162342,"accountName":"Malformed"},
        "not an account",
        {"adsAccountId":"a.2","errors":{"US":[{"errorId":"oops"},{"errorCode":"X"}],"CA":{"errorCode":"Y"}},
         "alternateIds":[{"countryCode":"US","profileId":1.5},{"countryCode":"US","profileId":12}],
         "countryCodes":["US",7]}
    ]}"#;
    let p = parse_account_page(body).unwrap();
    assert_eq!(p.unreadable, 2);
    let ids: Vec<&str> = p
        .accounts
        .iter()
        .map(|a| a.ads_account_id.as_str())
        .collect();
    assert_eq!(ids, ["a.1", "a.2"]);
    let a2 = &p.accounts[1];
    // Inside an account, odd entries are dropped and the rest kept.
    assert_eq!(a2.country_codes, ["US"]);
    assert_eq!(a2.profile_id("US"), Some(ProfileId(12)));
    assert_eq!(a2.errors["US"].len(), 2);
    assert_eq!(a2.errors["US"][0].error_id, None);
    assert_eq!(a2.errors["CA"][0].error_code.as_deref(), Some("Y"));
    // The page itself must still be a list answer.
    assert!(parse_account_page(br#"{"adsAccounts":"nope"}"#).is_err());
    assert!(parse_account_page(b"42").is_err());
}

#[test]
fn partly_refused_means_every_other_country_is_usable() {
    let a: AdsAccount = serde_json::from_str(
        r#"{"adsAccountId":"x","status":"PARTIALLY_CREATED","countryCodes":["US","CA","UK"],
            "alternateIds":[{"countryCode":"US","profileId":1},{"countryCode":"CA","profileId":2}],
            "errors":{"UK":[{"errorCode":"COUNTRY_NOT_ELIGIBLE"}]}}"#,
    )
    .unwrap();
    assert_eq!(a.refused_countries(), ["UK"]);
    assert!(a.partly_refused());
    let mut waiting = a.clone();
    waiting.alternate_ids.pop();
    assert!(!waiting.partly_refused(), "CA may still come");
    let mut none_refused = a.clone();
    none_refused.errors.clear();
    assert!(!none_refused.partly_refused());
}
