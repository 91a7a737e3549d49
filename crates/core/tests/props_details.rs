//! Property tests (fixed seeds) over what users type and import: Unicode, right-to-left
//! text, emoji, very long values and injection attempts are validated without panics,
//! imported CSV/JSON either parses or gives a clear error, and CSV exports never hand a
//! spreadsheet a formula.

use ads_onboard_core::api::accounts::{Association, Business};
use ads_onboard_core::api::ProfileId;
use ads_onboard_core::details::{import_csv, import_json, RegistrationDetails};
use ads_onboard_core::export::{self, ExportedAccount, ExportedCountry};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

fn config(seed: u64, cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..Config::default()
    }
}

const HOSTILE: &[&str] = &[
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "'; DROP TABLE registrations; --",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\u{202E}gnp.exe",
    "مرحبا بالعالم",
    "שלום",
    "👩‍👩‍👧‍👦🏨✨",
    "Zoë Ångström Łódź",
    "\0\u{1}\u{7f}",
    "${jndi:ldap://x}",
    "{{7*7}}",
    "../../etc/passwd",
    "\"quoted\",with,commas\nand newline",
];

/// Any text a user might type or paste, hostile and long included.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => ".{0,40}",
        2 => prop::sample::select(HOSTILE).prop_map(str::to_string),
        1 => (prop::sample::select(HOSTILE), 0usize..3000).prop_map(|(s, n)| format!("{s}{}", "ا".repeat(n))),
        1 => "[\\p{Arabic}\\p{Hebrew}\u{200F}\u{202B}]{0,30}",
        1 => "[\u{1F300}-\u{1FAFF}\u{200D}\u{FE0F}]{0,20}",
    ]
}

fn business_details() -> impl Strategy<Value = RegistrationDetails> {
    (
        proptest::option::of(text()),
        proptest::option::of(text()),
        prop::collection::vec(text(), 9),
    )
        .prop_map(|(account_name, country_code, f)| RegistrationDetails {
            account_name,
            country_code,
            association: Association::Business(Business {
                name: f[0].clone(),
                phone: f[1].clone(),
                website_url: f[2].clone(),
                address_line1: f[3].clone(),
                address_line2: f[4].clone(),
                city: f[5].clone(),
                state: f[6].clone(),
                zip_code: f[7].clone(),
                country_code: f[8].clone(),
            }),
        })
}

fn any_details() -> impl Strategy<Value = RegistrationDetails> {
    prop_oneof![
        3 => business_details(),
        1 => (proptest::option::of(text()), text()).prop_map(|(n, id)| RegistrationDetails {
            account_name: n,
            country_code: None,
            association: Association::AmazonSeller { seller_central_account: id },
        }),
        1 => text().prop_map(|g| RegistrationDetails {
            account_name: None,
            country_code: None,
            association: Association::AmazonVendor { vendor_group: g },
        }),
        1 => text().prop_map(|e| RegistrationDetails {
            account_name: None,
            country_code: None,
            association: Association::AmazonAuthor { email: e },
        }),
    ]
}

fn formula_start(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn exported() -> impl Strategy<Value = ExportedAccount> {
    (
        "[a-z0-9.]{1,20}",
        proptest::option::of(text()),
        proptest::option::of(text()),
        prop::collection::vec(
            (
                "[A-Z]{2}",
                proptest::option::of(any::<i64>()),
                proptest::option::of(text()),
                proptest::option::of(text()),
            ),
            0..4,
        ),
    )
        .prop_map(|(id, name, status, countries)| ExportedAccount {
            account_id: id,
            account_name: name,
            status,
            created_at: Some("2026-11-29T10:00:00Z".into()),
            terms_token: None,
            countries: countries
                .into_iter()
                .map(|(country, p, entity, billing)| ExportedCountry {
                    country,
                    profile_id: p.map(ProfileId),
                    entity_id: entity,
                    billing_status: billing,
                    reasons: vec![],
                })
                .collect(),
        })
}

proptest! {
    #![proptest_config(config(0x0AD5_0002, 384))]

    #[test]
    fn validation_never_panics_and_names_real_fields(d in any_details()) {
        let errors = d.validate();
        for e in &errors {
            prop_assert!(!e.field.is_empty() && !e.message.is_empty());
            // Messages are ours: the user's text is never echoed into them.
            for hostile in HOSTILE {
                prop_assert!(!e.message.contains(hostile), "{} echoes input", e.message);
            }
        }
        // Whatever passes validation serialises into a request body.
        let body = serde_json::to_string(&d.to_request("token")).unwrap();
        prop_assert!(!body.is_empty());
    }

    #[test]
    fn very_long_account_names_are_refused(n in 201usize..5000, c in prop::sample::select(&["a", "ا", "👩‍👩‍👧"][..])) {
        let mut d = RegistrationDetails {
            account_name: Some(c.repeat(n)),
            country_code: Some("US".into()),
            association: Association::AmazonVendor { vendor_group: "V1".into() },
        };
        prop_assert!(d.validate().iter().any(|e| e.field == "accountName"));
        d.account_name = Some(c.repeat(200.min(n) / c.chars().count().max(1)));
        prop_assert!(!d.validate().iter().any(|e| e.field == "accountName"));
    }

    #[test]
    fn imported_json_never_panics(s in ".{0,200}") {
        let _ = import_json(&s);
    }

    #[test]
    fn imported_csv_never_panics(rows in prop::collection::vec(prop::collection::vec(text(), 0..8), 0..5)) {
        let mut csv = String::from("type,accountName,name,phone,websiteUrl,city,zipCode,email\n");
        for r in rows {
            csv.push_str(&r.join(","));
            csv.push('\n');
        }
        match import_csv(&csv) {
            Ok(list) => for d in list { let _ = d.validate(); },
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn details_survive_a_json_round_trip(d in any_details()) {
        let text = serde_json::to_string(&vec![&d]).unwrap();
        let back = import_json(&text).unwrap();
        prop_assert_eq!(back, vec![d]);
    }

    #[test]
    fn csv_exports_never_start_a_cell_with_a_formula(accounts in prop::collection::vec(exported(), 1..4)) {
        let csv = export::to_csv(&accounts).unwrap();
        let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_reader(csv.as_bytes());
        for rec in rdr.records() {
            for cell in rec.unwrap().iter() {
                prop_assert!(!formula_start(cell), "formula reached the sheet: {cell:?}");
            }
        }
        // And reading the export back gives the original values.
        let back = export::from_csv(&csv).unwrap();
        prop_assert_eq!(back.len(), accounts.len());
        for (a, b) in accounts.iter().zip(&back) {
            prop_assert_eq!(&a.account_id, &b.account_id);
            prop_assert_eq!(a.account_name.clone().filter(|s| !s.is_empty()), b.account_name.clone().filter(|s| !s.is_empty()));
        }
    }
}

#[test]
fn formula_injection_in_every_exported_column_is_neutralised() {
    let evil = "=HYPERLINK(\"http://evil.example\")";
    let a = ExportedAccount {
        account_id: "+1".into(),
        account_name: Some(evil.into()),
        status: Some("@SUM(A1)".into()),
        created_at: Some("-1".into()),
        terms_token: None,
        countries: vec![ExportedCountry {
            country: "\t=1".into(),
            profile_id: Some(ProfileId(-5)),
            entity_id: Some("=cmd".into()),
            billing_status: Some("\r=2".into()),
            reasons: vec![],
        }],
    };
    let csv = export::to_csv(std::slice::from_ref(&a)).unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert!(row.contains("'=HYPERLINK"), "{row}");
    assert!(row.starts_with("'+1,"), "{row}");
    assert!(row.contains("'-5"), "negative profile ID quoted: {row}");
    let back = export::from_csv(&csv).unwrap();
    assert_eq!(back[0].account_name.as_deref(), Some(evil));
    assert_eq!(back[0].countries[0].profile_id, Some(ProfileId(-5)));
}
