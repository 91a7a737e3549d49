//! Exports for the app and the CLI alike: which copy of each account is exported (the
//! live one when someone is signed in, else the one stored here), with billing, as JSON,
//! CSV or the text put on the clipboard, and under which file name.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Error, Onboarding, Result};
use crate::auth::AuthError;
use crate::export::{to_csv, to_json, with_billing, ExportedAccount};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Json,
    Csv,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
        }
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" => Ok(ExportFormat::Json),
            "csv" => Ok(ExportFormat::Csv),
            other => Err(Error::Invalid(vec![crate::details::FieldError {
                field: "format".into(),
                message: format!("Unknown export format {other:?}: use json or csv."),
            }])),
        }
    }
}

/// What an export holds, rendered.
#[derive(Debug, Clone)]
pub struct Export {
    pub accounts: Vec<ExportedAccount>,
    pub text: String,
    /// A file name to suggest: the account's name for one account.
    pub file_name: String,
    /// IDs left out or exported from the stored copy, and why.
    pub warnings: Vec<String>,
}

impl Onboarding {
    /// `ids`: registration IDs or ads account IDs. Registrations without an account yet
    /// are left out (with a warning); an export with nothing in it is an error.
    pub async fn export(&self, ids: &[String], format: ExportFormat) -> Result<Export> {
        let setup = self.setup();
        let api = setup.signed_in().then(|| setup.api()).transpose()?;
        let mut accounts = Vec::new();
        let mut warnings = Vec::new();
        for id in ids.iter().map(|i| i.trim()) {
            let reg = self.find_registration(id)?;
            let account_id = reg.as_ref().and_then(|r| r.account_id()).unwrap_or(id);
            let created = reg.as_ref().and_then(|r| {
                r.created_at
                    .format(&time::format_description::well_known::Rfc3339)
                    .ok()
            });
            // A registration without an account has nothing at Amazon to refresh.
            let live = match &api {
                Some(api) if reg.as_ref().is_none_or(|r| r.account.is_some()) => {
                    match api.get_ads_account(account_id).await {
                        Ok(a) => Some(with_billing(api, &a, created).await),
                        Err(e) if reg.is_some() => {
                            warnings.push(format!(
                                "Could not refresh {account_id} ({e}); exporting the stored copy."
                            ));
                            None
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
                _ => None,
            };
            let exported = match (live, &reg) {
                (Some(mut e), reg) => {
                    e.terms_token = reg
                        .as_ref()
                        .and_then(|r| r.terms.as_ref().map(|t| t.terms_token.clone()));
                    Some(e)
                }
                (None, Some(r)) => ExportedAccount::from_registration(r, &BTreeMap::new()),
                (None, None) => {
                    return Err(AuthError::Other(format!(
                        "{id} is not in this data folder's history, and nobody is signed in to look it up. Sign in first."
                    ))
                    .into())
                }
            };
            match exported {
                Some(e) => accounts.push(e),
                None => warnings.push(format!("Registration {id} has no account yet; left out.")),
            }
        }
        if accounts.is_empty() {
            return Err(Error::NotFound(match warnings.pop() {
                Some(w) => format!("Nothing to export: {w}"),
                None => "Nothing to export: choose at least one account.".into(),
            }));
        }
        let text = match format {
            ExportFormat::Json => to_json(&accounts)? + "\n",
            ExportFormat::Csv => to_csv(&accounts)?,
        };
        Ok(Export {
            file_name: format!("{}.{}", file_stem(&accounts), format.extension()),
            accounts,
            text,
            warnings,
        })
    }

    /// Writes an export where the user chose.
    pub fn write_export(&self, export: &Export, path: &Path) -> Result<()> {
        std::fs::write(path, export.text.as_bytes()).map_err(|e| Error::io(path, e))
    }
}

/// One account: its name (or ID) made safe for a file name; several: "ads-accounts".
fn file_stem(accounts: &[ExportedAccount]) -> String {
    let stem = match accounts {
        [one] => one
            .account_name
            .clone()
            .unwrap_or_else(|| one.account_id.clone()),
        _ => "ads-accounts".to_string(),
    };
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    match safe.trim_matches('-') {
        "" => "ads-account".into(),
        s => s.to_string(),
    }
}
