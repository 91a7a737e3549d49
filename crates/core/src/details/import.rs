//! Importing registration details from JSON (a request body as in Amazon's guide, the
//! saved-details format, or a list of either) and from CSV (one registration a row).

use super::RegistrationDetails;
use crate::api::accounts::{Association, Business, RegisterAdsAccountRequest};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    #[error("The file is not valid JSON: {0}")]
    Json(String),
    #[error("Item {index}: {message}")]
    Item { index: usize, message: String },
    #[error("The CSV file could not be read: {0}")]
    Csv(String),
    #[error("CSV row {row}: {message}")]
    Row { row: usize, message: String },
    #[error("The file contains no registrations")]
    Empty,
    #[error("Could not read {path}: {reason}")]
    Read { path: String, reason: String },
}

/// Reads a details file the way the app's Import and the CLI's `--from` both do: JSON or
/// CSV by its extension, else by its first character; `-` is standard input.
pub fn read_file(path: &std::path::Path) -> Result<Vec<RegistrationDetails>, ImportError> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| ImportError::Read {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut text = String::new();
    if path == std::path::Path::new("-") {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(unreadable)?;
    } else {
        text = std::fs::read_to_string(path).map_err(unreadable)?;
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let first = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .next();
    let is_json = match ext.as_deref() {
        Some("json") => true,
        Some("csv") => false,
        _ => matches!(first, Some('{') | Some('[')),
    };
    if is_json {
        import_json(&text)
    } else {
        import_csv(&text)
    }
}

/// Reads one or more registrations. Validation is separate: imported details are shown
/// to the user with their field errors rather than refused wholesale.
pub fn import_json(text: &str) -> Result<Vec<RegistrationDetails>, ImportError> {
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ImportError::Json(e.to_string()))?;
    let items = match v {
        serde_json::Value::Array(items) => items,
        other => vec![other],
    };
    let out: Vec<RegistrationDetails> = items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            one_json(item).map_err(|message| ImportError::Item {
                index: index + 1,
                message,
            })
        })
        .collect::<Result<_, _>>()?;
    if out.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(out)
}

fn one_json(mut item: serde_json::Value) -> Result<RegistrationDetails, String> {
    // Saved-details format wraps the details with a label and time.
    if let Some(inner) = item.get_mut("details").map(serde_json::Value::take) {
        item = inner;
    }
    if item.get("associations").is_some() {
        let r: RegisterAdsAccountRequest =
            serde_json::from_value(item).map_err(|e| e.to_string())?;
        return RegistrationDetails::from_request(&r);
    }
    if item.get("association").is_some() {
        return serde_json::from_value(item).map_err(|e| e.to_string());
    }
    Err("expected a registration request (with \"associations\") or saved details (with \"association\")".into())
}

/// Columns, case-insensitive: type (business|seller|vendor|author; inferred when
/// absent), accountName, countryCode, name, phone, websiteUrl, addressLine1,
/// addressLine2, city, state, zipCode, sellerCentralAccount, vendorGroup, email.
pub fn import_csv(text: &str) -> Result<Vec<RegistrationDetails>, ImportError> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| ImportError::Csv(e.to_string()))?
        .iter()
        .map(|h| h.to_ascii_lowercase().replace([' ', '_'], ""))
        .collect();
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let row = i + 2;
        let rec = rec.map_err(|e| ImportError::Row {
            row,
            message: e.to_string(),
        })?;
        if rec.iter().all(str::is_empty) {
            continue;
        }
        let get = |name: &str| -> String {
            headers
                .iter()
                .position(|h| h == &name.to_ascii_lowercase())
                .and_then(|p| rec.get(p))
                .map(unneutralise)
                .unwrap_or_default()
        };
        let kind = get("type");
        let kind = if kind.is_empty() {
            if !get("sellerCentralAccount").is_empty() {
                "seller".to_string()
            } else if !get("vendorGroup").is_empty() {
                "vendor".to_string()
            } else if !get("email").is_empty() {
                "author".to_string()
            } else {
                "business".to_string()
            }
        } else {
            kind.to_ascii_lowercase()
        };
        let association = match kind.trim_start_matches("amazon") {
            "business" => Association::Business(Business {
                name: get("name"),
                phone: get("phone"),
                website_url: get("websiteUrl"),
                address_line1: get("addressLine1"),
                address_line2: get("addressLine2"),
                city: get("city"),
                state: get("state"),
                zip_code: get("zipCode"),
                country_code: {
                    let c = get("businessCountryCode");
                    if c.is_empty() {
                        get("countryCode")
                    } else {
                        c
                    }
                },
            }),
            "seller" => Association::AmazonSeller {
                seller_central_account: get("sellerCentralAccount"),
            },
            "vendor" => Association::AmazonVendor {
                vendor_group: get("vendorGroup"),
            },
            "author" => Association::AmazonAuthor {
                email: get("email"),
            },
            other => {
                return Err(ImportError::Row {
                    row,
                    message: format!(
                        "unknown type {other:?}: use business, seller, vendor or author"
                    ),
                })
            }
        };
        let opt = |s: String| Some(s).filter(|s| !s.is_empty());
        out.push(RegistrationDetails {
            account_name: opt(get("accountName")),
            country_code: opt(get("countryCode")),
            association,
        });
    }
    if out.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(out)
}

/// Undoes the quote that exports put before formula-like cells.
fn unneutralise(s: &str) -> String {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => s.to_string(),
    }
}
