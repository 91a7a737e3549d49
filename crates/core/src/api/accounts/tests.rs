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
