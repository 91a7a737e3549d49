//! CSV exports read the way spreadsheets in other locales read them: Excel in German,
//! French and many other locales splits a CSV on `;`, some imports split on tab, and
//! naive readers ignore quoting. None of those readings may find a cell that starts a
//! formula, and our own reading gives back every value exactly. (A comma reader that
//! ignores quotes is left out: it splits every name with a comma, which no spreadsheet
//! does.)

use ads_onboard_core::api::ProfileId;
use ads_onboard_core::export::{self, ExportedAccount, ExportedCountry};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Text dense in separators, quotes and formula starts.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[;\t\r\n ,\"'=+@a1-]{0,14}",
        1 => prop::sample::select(&[
            "Acme;=1+1;",
            "Acme\t=1+1",
            "x;\"=HYPERLINK(\"\"http://evil\"\")\"",
            "a;  =cmd|' /C calc'!A0",
            "'=already quoted",
            "Acme;'=1",
            "Line one\n=2+3",
            "Haven Hotel; Inc.",
        ][..])
        .prop_map(str::to_string),
    ]
}

fn accounts() -> impl Strategy<Value = Vec<ExportedAccount>> {
    let country = (
        cell(),
        proptest::option::of(any::<i64>()),
        proptest::option::of(cell()),
        proptest::option::of(cell()),
    )
        .prop_map(|(country, p, entity_id, billing_status)| ExportedCountry {
            country,
            profile_id: p.map(ProfileId),
            entity_id,
            billing_status,
            reasons: vec![],
        });
    let account = (
        "[a-z0-9.]{1,12}",
        proptest::option::of(cell()),
        proptest::option::of(cell()),
        proptest::option::of(cell()),
        prop::collection::vec(country, 1..3),
    )
        .prop_map(
            |(account_id, account_name, status, created_at, countries)| ExportedAccount {
                account_id,
                account_name,
                status,
                created_at,
                terms_token: None,
                countries,
            },
        );
    prop::collection::vec(account, 1..3).prop_map(|mut v| {
        // Account IDs group rows on the way back: keep them distinct.
        for (i, a) in v.iter_mut().enumerate() {
            a.account_id = format!("{}{i}", a.account_id);
        }
        v
    })
}

/// Every cell a reader with this separator and quoting finds.
fn cells_as_read(csv: &str, separator: u8, quoting: bool) -> Vec<String> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(separator)
        .quoting(quoting)
        .flexible(true)
        .has_headers(false)
        .from_reader(csv.as_bytes());
    rdr.records()
        .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// Empty cells come back as absent.
fn normal(mut a: Vec<ExportedAccount>) -> Vec<ExportedAccount> {
    let some = |o: &mut Option<String>| *o = o.take().filter(|s| !s.is_empty());
    for acc in &mut a {
        some(&mut acc.account_name);
        some(&mut acc.status);
        some(&mut acc.created_at);
        acc.countries.retain(|c| !c.country.is_empty());
        for c in &mut acc.countries {
            some(&mut c.entity_id);
            some(&mut c.billing_status);
        }
    }
    a
}

proptest! {
    #![proptest_config(Config {
        cases: 1000,
        rng_seed: RngSeed::Fixed(0x5e31_c010),
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn no_locale_finds_a_formula_and_every_value_comes_back(accounts in accounts()) {
        let csv = export::to_csv(&accounts).unwrap();
        // Our own reading (comma, quoted), and `;` and tab with quotes honoured or not.
        for (separator, quoting) in [(b',', true), (b';', true), (b';', false), (b'\t', true), (b'\t', false)] {
            for cell in cells_as_read(&csv, separator, quoting) {
                prop_assert!(
                    !cell.trim_start_matches(' ').starts_with(FORMULA_STARTS),
                    "split on {:?} (quoting {}), a spreadsheet sees the formula {:?} in\n{}",
                    separator as char, quoting, cell, csv
                );
            }
        }
        let back = export::from_csv(&csv).unwrap();
        prop_assert_eq!(normal(back), normal(accounts));
    }
}

#[test]
fn a_semicolon_in_an_account_name_does_not_make_a_formula() {
    let a = ExportedAccount {
        account_id: "amzn1.ads-account.g.1".into(),
        account_name: Some("Acme;=1+1;".into()),
        status: Some("CREATED".into()),
        created_at: None,
        terms_token: None,
        countries: vec![],
    };
    let csv = export::to_csv(std::slice::from_ref(&a)).unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert_eq!(
        row, "amzn1.ads-account.g.1,Acme;'=1+1;,CREATED,,,,,",
        "{csv}"
    );
    let german: Vec<String> = cells_as_read(&csv, b';', true);
    assert!(german.contains(&"'=1+1".to_string()), "{german:?}");
    assert_eq!(
        export::from_csv(&csv).unwrap()[0].account_name,
        a.account_name
    );
}
