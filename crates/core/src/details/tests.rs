use super::*;

fn haven() -> RegistrationDetails {
    RegistrationDetails {
        account_name: Some("Haven Hotel".into()),
        country_code: Some("US".into()),
        association: Association::Business(Business {
            name: "Haven Hotel Inc.".into(),
            phone: "555-555-5555".into(),
            website_url: "www.havenhotel.com".into(),
            address_line1: "450 W 33rd St.".into(),
            address_line2: "7th Floor".into(),
            city: "New York".into(),
            state: "New York".into(),
            zip_code: "10001".into(),
            country_code: "US".into(),
        }),
    }
}

fn business(d: &mut RegistrationDetails) -> &mut Business {
    match &mut d.association {
        Association::Business(b) => b,
        _ => unreachable!(),
    }
}

#[test]
fn the_guides_example_is_valid() {
    assert_eq!(haven().validate(), vec![]);
}

#[test]
fn accepted_variants_are_not_refused() {
    let mut d = haven();
    for (state, zip, phone, site) in [
        (
            "NY",
            "10001-1234",
            "+1 (555) 555-5555",
            "https://havenhotel.com/about",
        ),
        (
            "ny",
            "10001",
            "555.555.5555 x12",
            "http://www.havenhotel.co.uk",
        ),
        (
            "district of columbia",
            "20001",
            "5555555555",
            "havenhotel.com",
        ),
    ] {
        let b = business(&mut d);
        b.state = state.into();
        b.zip_code = zip.into();
        b.phone = phone.into();
        b.website_url = site.into();
        assert_eq!(d.validate(), vec![], "{state} {zip} {phone} {site}");
    }
}

#[test]
fn what_amazon_refuses_is_named_by_field() {
    let mut d = haven();
    let b = business(&mut d);
    b.state = "Nowhere".into();
    b.zip_code = "1000".into();
    b.phone = "call me".into();
    b.website_url = "not a site".into();
    b.city = " ".into();
    let fields: Vec<String> = d.validate().into_iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        [
            "business.city",
            "business.phone",
            "business.websiteUrl",
            "business.state",
            "business.zipCode"
        ]
    );
    let mut d = haven();
    d.country_code = Some("UK".into());
    assert_eq!(d.validate()[0].field, "countryCode");
}

#[test]
fn any_valid_author_email_is_accepted() {
    for ok in [
        "email-I-used-for-my-author-account@gmail.com",
        "a.b+kdp@example.co.uk",
        "x@sub.domain.io",
    ] {
        let d = RegistrationDetails {
            account_name: None,
            country_code: None,
            association: Association::AmazonAuthor { email: ok.into() },
        };
        assert_eq!(d.validate(), vec![], "{ok}");
    }
    for bad in ["", "no-at-sign", "a@b", "a b@c.com", "a@.com"] {
        assert!(!is_email(bad), "{bad}");
    }
}

#[test]
fn request_body_from_the_guide_imports_and_round_trips() {
    let body = r#"{"accountName":"Haven Hotel","countryCodes":["US"],
      "associations":[{"business":{"name":"Haven Hotel Inc.","phone":"555-555-5555","websiteUrl":"www.havenhotel.com",
      "addressLine1":"450 W 33rd St.","addressLine2":"7th Floor","city":"New York","state":"New York",
      "zipCode":"10001","countryCode":"US"}}]}"#;
    let got = import_json(body).unwrap();
    assert_eq!(got, vec![haven()]);
    let req = got[0].to_request("tok");
    assert_eq!(req.terms_token.as_deref(), Some("tok"));
    assert_eq!(req.country_codes, vec!["US"]);
    let saved = serde_json::json!([{"label": "x", "details": serde_json::to_value(haven()).unwrap()},
        {"termsToken":"1b8bd385","associations":[{"amazonSeller":{"sellerCentralAccount":"A6DEQ9LYHIBE8"}}]}]);
    let got = import_json(&saved.to_string()).unwrap();
    assert_eq!(got[0], haven());
    assert_eq!(got[1].association.kind(), "amazonSeller");
    assert!(matches!(
        import_json("{\"foo\":1}"),
        Err(ImportError::Item { index: 1, .. })
    ));
    assert!(matches!(import_json("nope"), Err(ImportError::Json(_))));
}

#[test]
fn csv_imports_each_kind() {
    let csv = "type,accountName,countryCode,name,phone,websiteUrl,addressLine1,addressLine2,city,state,zipCode,sellerCentralAccount,vendorGroup,email\n\
business,Haven Hotel,US,Haven Hotel Inc.,555-555-5555,www.havenhotel.com,450 W 33rd St.,7th Floor,New York,New York,10001,,,\n\
seller,,,,,,,,,,,A6DEQ9LYHIBE8,,\n\
,,,,,,,,,,,,6943231,\n\
author,,,,,,,,,,,,,kdp@example.com\n";
    let got = import_csv(csv).unwrap();
    assert_eq!(got[0], haven());
    assert_eq!(
        got[1].association,
        Association::AmazonSeller {
            seller_central_account: "A6DEQ9LYHIBE8".into()
        }
    );
    assert_eq!(
        got[2].association,
        Association::AmazonVendor {
            vendor_group: "6943231".into()
        }
    );
    assert_eq!(
        got[3].association,
        Association::AmazonAuthor {
            email: "kdp@example.com".into()
        }
    );
    assert!(matches!(
        import_csv("type\nrobot\n"),
        Err(ImportError::Row { row: 2, .. })
    ));
}

#[test]
fn a_business_without_an_account_name_is_refused_naming_the_field() {
    for name in [None, Some(""), Some("   ")] {
        let mut d = haven();
        d.account_name = name.map(str::to_string);
        let errors = d.validate();
        assert_eq!(errors.len(), 1, "{name:?}: {errors:?}");
        assert_eq!(errors[0].field, "accountName");
        assert!(errors[0].message.contains("Amazon requires"), "{errors:?}");
    }
    // Sellers, vendors and authors may leave it out, as the guide's examples do.
    let seller = RegistrationDetails {
        account_name: None,
        country_code: None,
        association: Association::AmazonSeller {
            seller_central_account: "A6DEQ9LYHIBE8".into(),
        },
    };
    assert_eq!(seller.validate(), vec![]);
}

#[test]
fn country_codes_are_accepted_as_typed_and_sent_as_amazon_spells_them() {
    let vendor = |country: &str| RegistrationDetails {
        account_name: None,
        country_code: Some(country.into()),
        association: Association::AmazonVendor {
            vendor_group: "6943231".into(),
        },
    };
    for (typed, sent) in [
        ("GB", "UK"),
        ("gb", "UK"),
        ("United Kingdom", "UK"),
        ("de", "DE"),
    ] {
        let d = vendor(typed);
        assert_eq!(d.validate(), vec![], "{typed}");
        assert_eq!(d.to_request("t").country_codes, vec![sent], "{typed}");
    }
    assert_eq!(vendor("Narnia").validate()[0].field, "countryCode");
    // A business typed in lower case or as "USA" is the US.
    let mut d = haven();
    d.country_code = Some("usa".into());
    business(&mut d).country_code = "us".into();
    assert_eq!(d.validate(), vec![]);
    let req = d.to_request("t");
    assert_eq!(req.country_codes, vec!["US"]);
    match &req.associations[0] {
        Association::Business(b) => assert_eq!(b.country_code, "US"),
        other => panic!("{other:?}"),
    }
}

/// The form offers a country to sellers and vendors, optional: without one Amazon
/// registers every country they sell in, with one that country, as Amazon spells it.
#[test]
fn sellers_and_vendors_may_name_one_country_or_none() {
    for kind in [DetailsKind::Seller, DetailsKind::Vendor] {
        assert!(kind.optional_fields().contains(&"countryCode"), "{kind:?}");
    }
    // Every kind that may leave the country out says what that registers, and no other.
    for kind in DetailsKind::ALL {
        assert_eq!(
            kind.optional_fields().contains(&"countryCode"),
            kind.without_country().is_some(),
            "{kind:?}"
        );
    }
    let seller = |country: Option<&str>| RegistrationDetails {
        account_name: None,
        country_code: country.map(str::to_string),
        association: Association::AmazonSeller {
            seller_central_account: "A6DEQ9LYHIBE8".into(),
        },
    };
    assert_eq!(seller(None).validate(), vec![]);
    assert!(seller(None).to_request("t").country_codes.is_empty());
    assert_eq!(seller(Some("gb")).to_request("t").country_codes, vec!["UK"]);
}
