//! Importing registration details from JSON (a request body as in Amazon's guide, the
//! saved-details format, or a list of either) and from CSV (one registration a row).

use std::io::Read;
use std::path::Path;

use super::RegistrationDetails;
use crate::api::accounts::{Association, Business, RegisterAdsAccountRequest};

/// The largest file imported. A details file is a few KB; a CSV of a thousand
/// registrations is well under 1 MB. Anything bigger is the wrong file, or hostile.
pub const MAX_IMPORT_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    #[error("The file is larger than {} MB, the most Ads Onboard imports (a details file is a few KB). Check that this is the right file.", MAX_IMPORT_BYTES / (1024 * 1024))]
    TooLarge,
    #[error("The file could not be read: {0}")]
    Read(String),
    #[error("The file is not text (UTF-8): save it as UTF-8 JSON or CSV.")]
    NotText,
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
}

/// Reads a details file the way the app's Import and the CLI's `--from` both do (JSON or
/// CSV, at most [`MAX_IMPORT_BYTES`]); `-` is standard input.
pub fn read_file(path: &Path) -> Result<Vec<RegistrationDetails>, ImportError> {
    if path == Path::new("-") {
        return import_reader(std::io::stdin().lock(), None);
    }
    import_file(path)
}

/// JSON or CSV: by the file's extension, else by its first character (`{` or `[`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

impl Format {
    pub fn detect(extension: Option<&str>, text: &str) -> Format {
        match extension.map(str::to_ascii_lowercase).as_deref() {
            Some("json") => Format::Json,
            Some("csv") => Format::Csv,
            _ => match text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .chars()
                .next()
            {
                Some('{' | '[') => Format::Json,
                _ => Format::Csv,
            },
        }
    }
}

/// Reads and imports a details file (JSON or CSV, see [`Format::detect`]), refusing one
/// larger than [`MAX_IMPORT_BYTES`] before reading it.
pub fn import_file(path: &Path) -> Result<Vec<RegistrationDetails>, ImportError> {
    let file = std::fs::File::open(path).map_err(|e| ImportError::Read(e.to_string()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge);
    }
    let extension = path.extension().and_then(|e| e.to_str());
    import_reader(file, extension)
}

/// Imports details from `reader` (standard input, a file): reads at most
/// [`MAX_IMPORT_BYTES`], so a stream of any length is refused without being held.
pub fn import_reader(
    reader: impl Read,
    extension: Option<&str>,
) -> Result<Vec<RegistrationDetails>, ImportError> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::Read(e.to_string()))?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge);
    }
    let text = String::from_utf8(bytes).map_err(|_| ImportError::NotText)?;
    match Format::detect(extension, &text) {
        Format::Json => import_json(&text),
        Format::Csv => import_csv(&text),
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

/// Undoes the quotes that exports put before formulas.
fn unneutralise(s: &str) -> String {
    crate::export::unneutralise(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HAVEN: &str = r#"{"accountName":"Haven Hotel","countryCodes":["US"],"associations":[{"business":{"name":"Haven Hotel Inc.","phone":"555-555-5555","websiteUrl":"www.havenhotel.com","addressLine1":"450 W 33rd St.","city":"New York","state":"New York","zipCode":"10001","countryCode":"US"}}]}"#;

    #[test]
    fn a_stream_larger_than_the_cap_is_refused_without_being_held() {
        // Endless input: only the cap (plus one byte) is ever read.
        let err = import_reader(std::io::repeat(b' '), Some("json")).unwrap_err();
        assert_eq!(err, ImportError::TooLarge);
        assert!(err.to_string().contains("4 MB"), "{err}");
        // Exactly at the cap it is read (and judged on its content).
        let mut at_cap = vec![b' '; MAX_IMPORT_BYTES as usize - HAVEN.len()];
        at_cap.extend_from_slice(HAVEN.as_bytes());
        assert_eq!(import_reader(&at_cap[..], None).unwrap().len(), 1);
    }

    #[test]
    fn files_are_capped_and_json_or_csv_is_chosen() {
        let dir = std::env::temp_dir().join(format!("ao-import-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big = dir.join("big.csv");
        let file = std::fs::File::create(&big).unwrap();
        file.set_len(MAX_IMPORT_BYTES + 1).unwrap();
        // Closed now: Windows will not remove a folder holding an open file.
        drop(file);
        assert_eq!(import_file(&big).unwrap_err(), ImportError::TooLarge);

        let json = dir.join("haven.json");
        std::fs::write(&json, HAVEN).unwrap();
        assert_eq!(
            import_file(&json).unwrap()[0].account_name.as_deref(),
            Some("Haven Hotel")
        );
        let csv = dir.join("sellers.txt");
        std::fs::write(
            &csv,
            "type,accountName,sellerCentralAccount\nseller,Acme,A1B2C3\n",
        )
        .unwrap();
        assert!(matches!(
            import_file(&csv).unwrap()[0].association,
            Association::AmazonSeller { .. }
        ));
        let binary = dir.join("photo.json");
        std::fs::write(&binary, [0xff, 0xd8, 0xff, 0xe0]).unwrap();
        assert_eq!(import_file(&binary).unwrap_err(), ImportError::NotText);
        assert!(matches!(
            import_file(&dir.join("missing.json")),
            Err(ImportError::Read(_))
        ));
        std::fs::remove_dir_all(&dir).unwrap();

        assert_eq!(Format::detect(Some("CSV"), "{"), Format::Csv);
        assert_eq!(Format::detect(None, "\u{feff}  [{}]"), Format::Json);
        assert_eq!(Format::detect(Some("txt"), "accountName"), Format::Csv);
    }
}
