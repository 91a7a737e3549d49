//! Exports of created accounts as JSON and as CSV (one row per country). Neither ever
//! contains an OAuth token or the client secret: they are built only from account data
//! (the terms token is not a secret). Wherever a spreadsheet could find a formula in a
//! CSV cell, whichever separator its locale uses, a quote is put before it.

use crate::api::accounts::AdsAccount;
use crate::api::ProfileId;
use crate::registration::Registration;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const CSV_HEADERS: [&str; 8] = [
    "accountId",
    "accountName",
    "status",
    "country",
    "profileId",
    "entityId",
    "billingStatus",
    "createdAt",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportedCountry {
    pub country: String,
    pub profile_id: Option<ProfileId>,
    pub entity_id: Option<String>,
    pub billing_status: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportedAccount {
    pub account_id: String,
    pub account_name: Option<String>,
    pub status: Option<String>,
    /// RFC 3339, when the registration was started here (unknown for listed accounts).
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_token: Option<String>,
    pub countries: Vec<ExportedCountry>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("CSV row {row}: {message}")]
    Row { row: usize, message: String },
}

impl ExportedAccount {
    /// `billing` maps country code to billing status code (best effort; may be empty).
    pub fn from_account(
        a: &AdsAccount,
        billing: &BTreeMap<String, String>,
        created_at: Option<String>,
    ) -> Self {
        ExportedAccount {
            account_id: a.ads_account_id.clone(),
            account_name: a.account_name.clone(),
            status: a.status.as_ref().map(|s| s.to_string()),
            created_at,
            terms_token: None,
            countries: a
                .countries()
                .into_iter()
                .map(|c| ExportedCountry {
                    profile_id: a.profile_id(&c),
                    entity_id: a.entity_id(&c).map(str::to_string),
                    billing_status: billing.get(&c).cloned(),
                    reasons: a
                        .errors
                        .get(&c)
                        .map(|v| {
                            v.iter()
                                .filter_map(|e| e.error_message.clone().or(e.error_code.clone()))
                                .collect()
                        })
                        .unwrap_or_default(),
                    country: c,
                })
                .collect(),
        }
    }

    /// None while no account exists yet.
    pub fn from_registration(r: &Registration, billing: &BTreeMap<String, String>) -> Option<Self> {
        let a = r.account.as_ref()?;
        let created = r
            .created_at
            .format(&time::format_description::well_known::Rfc3339)
            .ok();
        let mut e = Self::from_account(a, billing, created);
        e.terms_token = r.terms.as_ref().map(|t| t.terms_token.clone());
        Some(e)
    }
}

/// An account with its billing status per country, for the result screen and exports.
/// Billing is best effort: when it cannot be read the column stays empty.
pub async fn with_billing(
    api: &crate::api::ApiClient,
    account: &AdsAccount,
    created_at: Option<String>,
) -> ExportedAccount {
    let billing = match api.account_billing(account).await {
        Ok(b) => b.into_iter().map(|(c, s)| (c, s.to_string())).collect(),
        Err(e) => {
            tracing::warn!(error = %e, "billing status unavailable");
            BTreeMap::new()
        }
    };
    ExportedAccount::from_account(account, &billing, created_at)
}

pub fn to_json(accounts: &[ExportedAccount]) -> Result<String, ExportError> {
    Ok(serde_json::to_string_pretty(accounts)?)
}

pub fn from_json(text: &str) -> Result<Vec<ExportedAccount>, ExportError> {
    Ok(serde_json::from_str(text)?)
}

/// One row per country (one row with an empty country for an account without any).
pub fn to_csv(accounts: &[ExportedAccount]) -> Result<String, ExportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADERS)?;
    for a in accounts {
        let none = [ExportedCountry {
            country: String::new(),
            profile_id: None,
            entity_id: None,
            billing_status: None,
            reasons: vec![],
        }];
        let rows = if a.countries.is_empty() {
            &none[..]
        } else {
            &a.countries[..]
        };
        for c in rows {
            let cells = [
                a.account_id.clone(),
                a.account_name.clone().unwrap_or_default(),
                a.status.clone().unwrap_or_default(),
                c.country.clone(),
                c.profile_id.map(|p| p.to_string()).unwrap_or_default(),
                c.entity_id.clone().unwrap_or_default(),
                c.billing_status.clone().unwrap_or_default(),
                a.created_at.clone().unwrap_or_default(),
            ];
            w.write_record(cells.iter().map(|s| neutralise(s).into_owned()))?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8"))
}

/// Reads an export back, regrouping rows by account.
pub fn from_csv(text: &str) -> Result<Vec<ExportedAccount>, ExportError> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let mut out: Vec<ExportedAccount> = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec?;
        let cell = |n: usize| unneutralise(rec.get(n).unwrap_or(""));
        let opt = |n: usize| Some(cell(n)).filter(|s| !s.is_empty());
        let account_id = cell(0);
        let profile_id = match opt(4) {
            Some(p) => Some(ProfileId(p.parse().map_err(|_| ExportError::Row {
                row: i + 2,
                message: format!("profile ID {p:?} is not a number"),
            })?)),
            None => None,
        };
        let pos = out.iter().position(|a| a.account_id == account_id);
        let idx = match pos {
            Some(idx) => idx,
            None => {
                out.push(ExportedAccount {
                    account_id,
                    account_name: opt(1),
                    status: opt(2),
                    created_at: opt(7),
                    terms_token: None,
                    countries: vec![],
                });
                out.len() - 1
            }
        };
        if let Some(country) = opt(3) {
            out[idx].countries.push(ExportedCountry {
                country,
                profile_id,
                entity_id: opt(5),
                billing_status: opt(6),
                reasons: vec![],
            });
        }
    }
    Ok(out)
}

/// What makes a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
/// Where a spreadsheet may begin a cell inside one of ours: Excel in German, French and
/// other locales splits on `;`, some imports on tab, and a reader that disagrees with us
/// about quoting breaks rows at line ends.
const CELL_BREAKS: [char; 4] = [';', '\t', '\n', '\r'];
/// Skipped before the first character a spreadsheet would look at.
const LEADING: [char; 2] = [' ', '"'];

/// Where a quote goes: at each place a spreadsheet may begin a cell (the start, and
/// after `;`, tab or a line break), past spaces and double quotes, when what follows is
/// `'`s and then a formula start. One quote more for cells that already had some, so
/// [`unneutralise`] restores every cell exactly.
fn formula_starts(cell: &str) -> Vec<usize> {
    let starts = std::iter::once(0).chain(
        cell.char_indices()
            .filter(|(_, c)| CELL_BREAKS.contains(c))
            .map(|(i, c)| i + c.len_utf8()),
    );
    starts
        .filter_map(|s| {
            let p = s + (cell.len() - s - cell[s..].trim_start_matches(LEADING).len());
            let rest = cell[p..].trim_start_matches('\'');
            rest.starts_with(FORMULA_STARTS).then_some(p)
        })
        .collect()
}

/// Puts a `'` before every formula a spreadsheet could find in `cell`, in any locale:
/// `Acme;=1+1` becomes `Acme;'=1+1`.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let at = formula_starts(cell);
    if at.is_empty() {
        return cell.into();
    }
    let mut out = String::with_capacity(cell.len() + at.len());
    let mut last = 0;
    for p in at {
        out.push_str(&cell[last..p]);
        out.push('\'');
        last = p;
    }
    out.push_str(&cell[last..]);
    out.into()
}

/// Undoes [`neutralise`]: removes the quote it put at each place a cell may begin.
pub fn unneutralise(cell: &str) -> String {
    let mut out = cell.to_string();
    for p in formula_starts(cell).into_iter().rev() {
        if cell[p..].starts_with('\'') {
            out.remove(p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<ExportedAccount> {
        vec![
            ExportedAccount {
                account_id: "amzn1.ads-account.g.abc".into(),
                account_name: Some("=HYPERLINK(\"http://evil\")".into()),
                status: Some("CREATED".into()),
                created_at: Some("2026-11-29T10:00:00Z".into()),
                terms_token: None,
                countries: vec![
                    ExportedCountry {
                        country: "US".into(),
                        profile_id: Some(ProfileId(9_007_199_254_740_993)),
                        entity_id: Some("ENTITY1".into()),
                        billing_status: Some("PENDING_BILLING_REGISTRATION".into()),
                        reasons: vec![],
                    },
                    ExportedCountry {
                        country: "UK".into(),
                        profile_id: Some(ProfileId(456456)),
                        entity_id: Some("-ENTITY2".into()),
                        billing_status: None,
                        reasons: vec![],
                    },
                ],
            },
            ExportedAccount {
                account_id: "amzn1.ads-account.g.def".into(),
                account_name: None,
                status: Some("PENDING".into()),
                created_at: None,
                terms_token: None,
                countries: vec![],
            },
        ]
    }

    #[test]
    fn csv_has_one_row_per_country_and_round_trips() {
        let csv = to_csv(&sample()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], CSV_HEADERS.join(","));
        assert_eq!(lines.len(), 4);
        assert!(lines[1].contains("9007199254740993"));
        assert!(lines[1].contains("'=HYPERLINK"), "{}", lines[1]);
        assert!(lines[2].contains("'-ENTITY2"));
        assert_eq!(from_csv(&csv).unwrap(), sample());
    }

    #[test]
    fn json_round_trips_with_profile_ids_as_strings() {
        let j = to_json(&sample()).unwrap();
        assert!(j.contains("\"profileId\": \"9007199254740993\""));
        assert_eq!(from_json(&j).unwrap(), sample());
    }
}
