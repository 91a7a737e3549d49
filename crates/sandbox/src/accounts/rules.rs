//! Registration rules: request validation (400s) and the outcome a valid request will reach
//! (scenario seeds: blocklisted website, consumer email, already-registered partner).

use serde_json::Value;

use axum::http::StatusCode;

use crate::config::SandboxConfig;
use crate::http::{ApiError, ErrorStyle};
use crate::model::{Account, ErrorEntry};

const BUSINESS_FIELDS: &[(&str, &str)] = &[
    ("name", "MISSING_BUSINESS_NAME"),
    ("phone", "MISSING_PHONE_NUMBER"),
    ("websiteUrl", "MISSING_WEBSITE_URL"),
    ("addressLine1", "MISSING_ADDRESS_LINE_ONE"),
    ("city", "MISSING_CITY"),
    ("state", "MISSING_STATE"),
    ("zipCode", "MISSING_ZIP_CODE"),
    ("countryCode", "MISSING_COUNTRY_CODE"),
];

/// A register request that passed validation.
pub struct Registration {
    pub account_name: Option<String>,
    pub kind: String,
    pub partner_id: Option<String>,
    pub association: Value,
    pub countries: Vec<String>,
    pub terms_token: Option<String>,
}

fn invalid(errors: Vec<ErrorEntry>) -> ApiError {
    let mut e = ApiError::bad_request(ErrorStyle::V2, "INVALID_INPUT", "Invalid business details");
    e.entries = errors;
    e
}

fn one(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::bad_request(ErrorStyle::V2, code, message)
}

fn string_field<'a>(obj: &'a Value, key: &str) -> Result<Option<&'a str>, ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(one(
            "FIELD_VALUE_INVALID",
            format!("{key} must be a string"),
        )),
    }
}

fn string_list(body: &Value, key: &str) -> Result<Vec<Value>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => Ok(a.clone()),
        Some(_) => Err(one(
            "FIELD_VALUE_INVALID",
            format!("{key} must be an array"),
        )),
    }
}

pub fn validate(body: &Value, cfg: &SandboxConfig) -> Result<Registration, ApiError> {
    if !body.is_object() {
        return Err(one(
            "INVALID_INPUT",
            "The request body must be a JSON object",
        ));
    }
    let account_name = string_field(body, "accountName")?.map(str::to_string);
    let terms_token = string_field(body, "termsToken")?.map(str::to_string);
    let codes = string_list(body, "countryCodes")?;
    if codes.len() > 1 {
        return Err(one(
            "FIELD_VALUE_INVALID",
            "countryCodes accepts at most 1 item",
        ));
    }
    let mut countries = Vec::new();
    for c in codes {
        let c = c.as_str().unwrap_or("");
        if crate::countries::lookup(c).is_none() {
            return Err(one(
                "INVALID_COUNTRY_CODE",
                format!("'{c}' is not a supported country code"),
            ));
        }
        countries.push(c.to_string());
    }
    let assocs = string_list(body, "associations")?;
    if assocs.len() > 1 {
        return Err(one(
            "FIELD_VALUE_INVALID",
            "associations accepts at most 1 item",
        ));
    }
    let Some(assoc) = assocs.into_iter().next() else {
        return Err(one("MISSING_ASSOCIATION", "An association is required"));
    };
    let keys: Vec<&String> = assoc
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    if keys.len() != 1 {
        return Err(one(
            "FIELD_VALUE_INVALID",
            "An association must have exactly one of business, amazonSeller, amazonVendor, amazonAuthor",
        ));
    }
    let kind = keys[0].clone();
    let inner = &assoc[&kind];
    let (partner_id, countries) = match kind.as_str() {
        "business" => (None, business(inner, countries)?),
        "amazonSeller" => {
            let seller = required(inner, "sellerCentralAccount")?;
            if cfg.inaccessible_sellers.contains(&seller) {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    ErrorStyle::V2,
                    "FORBIDDEN",
                    format!(
                        "The signed-in user has no access to the selling partner account {seller}"
                    ),
                ));
            }
            let sold_in: Vec<&str> = cfg.seller_countries.iter().map(String::as_str).collect();
            (Some(seller), or_default(countries, &sold_in))
        }
        "amazonVendor" => (
            Some(required(inner, "vendorGroup")?),
            if countries.is_empty() {
                cfg.vendor_countries.clone()
            } else {
                countries
            },
        ),
        "amazonAuthor" => (
            Some(required(inner, "email")?),
            or_default(countries, &["US"]),
        ),
        other => {
            return Err(one(
                "FIELD_VALUE_INVALID",
                format!("Unknown association type '{other}'"),
            ))
        }
    };
    let account_name = account_name.or_else(|| {
        inner
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    Ok(Registration {
        account_name,
        kind,
        partner_id,
        association: assoc.clone(),
        countries,
        terms_token,
    })
}

fn or_default(countries: Vec<String>, default: &[&str]) -> Vec<String> {
    if countries.is_empty() {
        default.iter().map(|s| s.to_string()).collect()
    } else {
        countries
    }
}

fn required(obj: &Value, key: &str) -> Result<String, ApiError> {
    match string_field(obj, key)? {
        Some(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        _ => Err(one("FIELD_VALUE_MISSING", format!("{key} is required"))),
    }
}

/// Non-endemic businesses: US only, every business field present.
fn business(b: &Value, countries: Vec<String>) -> Result<Vec<String>, ApiError> {
    if !b.is_object() {
        return Err(one("FIELD_VALUE_INVALID", "business must be an object"));
    }
    if countries != ["US"] {
        return Err(one(
            "INVALID_COUNTRY_CODE",
            "Businesses that do not sell on Amazon can only register with countryCodes [\"US\"]",
        ));
    }
    let mut errors = Vec::new();
    for (i, (field, code)) in BUSINESS_FIELDS.iter().enumerate() {
        if string_field(b, field)?.is_none_or(|s| s.trim().is_empty()) {
            errors.push(ErrorEntry::new(
                400 + i as i64,
                code,
                format!("business.{field} is required"),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    if string_field(b, "countryCode")? != Some("US") {
        return Err(one(
            "INVALID_COUNTRY_CODE",
            "business.countryCode must be US",
        ));
    }
    Ok(countries)
}

/// Why a valid registration ends DISABLED, if it does.
pub fn rejection(
    reg: &Registration,
    user_email: &str,
    existing: &[Account],
    cfg: &SandboxConfig,
) -> Option<Vec<ErrorEntry>> {
    if reg.kind == "business" {
        let domain = user_email
            .rsplit('@')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if cfg
            .consumer_email_domains
            .iter()
            .any(|d| d.eq_ignore_ascii_case(&domain))
        {
            return Some(vec![ErrorEntry::new(
                1001,
                "UNPROFESSIONAL_EMAIL_ADDRESS",
                format!(
                    "Registrations for a business must come from a work email address; {domain} is a personal email domain. Sign in with your company email and try again."
                ),
            )]);
        }
        let site = reg.association["business"]["websiteUrl"]
            .as_str()
            .unwrap_or("");
        let host = website_host(site);
        if cfg.blocked_websites.iter().any(|b| {
            host == b.to_ascii_lowercase()
                || host.ends_with(&format!(".{}", b.to_ascii_lowercase()))
        }) {
            return Some(vec![ErrorEntry::new(
                1002,
                "BUSINESS_NOT_ELIGIBLE",
                format!("The website {host} violates Amazon Ads policies. The business is not eligible to advertise."),
            )]);
        }
        return None;
    }
    let partner = reg.partner_id.as_deref().unwrap_or("");
    let taken = (reg.kind == "amazonSeller" && cfg.registered_sellers.iter().any(|s| s == partner))
        || existing.iter().any(|a| {
            a.kind == reg.kind && a.partner_id.as_deref() == Some(partner) && a.disabled.is_none()
        });
    if taken {
        let code = match reg.kind.as_str() {
            "amazonSeller" => "ACCOUNT_ALREADY_EXISTS_FOR_SELLING_ACCOUNT",
            "amazonVendor" => "ACCOUNT_ALREADY_EXISTS_FOR_VENDOR",
            _ => "ACCOUNT_ALREADY_EXISTS_FOR_AUTHOR",
        };
        return Some(vec![ErrorEntry::new(
            1003,
            code,
            format!("The selling partner {partner} is already registered for Sponsored Ads and cannot register a second account."),
        )]);
    }
    None
}

/// `https://www.Example.com/shop` -> `example.com`
fn website_host(url: &str) -> String {
    let s = url.trim().to_ascii_lowercase();
    let s = s.split("://").nth(1).unwrap_or(&s).to_string();
    let host = s.split(['/', ':', '?', '#']).next().unwrap_or("");
    host.strip_prefix("www.").unwrap_or(host).to_string()
}
