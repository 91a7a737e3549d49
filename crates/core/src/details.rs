//! The registration details the user enters (or imports), validated the way Amazon
//! validates them and no stricter, and shared by the app and the CLI.

use crate::api::accounts::{Association, Business, RegisterAdsAccountRequest};
use serde::{Deserialize, Serialize};

/// What one registration submits, minus the terms token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_name: Option<String>,
    /// As the user typed it (`GB`, `us`); sent as Amazon spells it (`UK`, `US`).
    /// Required for a business (US only for now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    pub association: Association,
}

/// A problem with one field, named as in the request body (`business.zipCode`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

fn err(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

const US_STATES: &[(&str, &str)] = &[
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
    ("PR", "Puerto Rico"),
    ("GU", "Guam"),
    ("VI", "U.S. Virgin Islands"),
    ("AS", "American Samoa"),
    ("MP", "Northern Mariana Islands"),
];

/// A US state given by code or by name, any case.
pub fn is_us_state(s: &str) -> bool {
    let s = s.trim();
    US_STATES
        .iter()
        .any(|(code, name)| code.eq_ignore_ascii_case(s) || name.eq_ignore_ascii_case(s))
}

/// ZIP (12345) or ZIP+4 (12345-6789).
pub fn is_us_zip(s: &str) -> bool {
    let b = s.trim().as_bytes();
    let digits = |x: &[u8]| x.iter().all(u8::is_ascii_digit);
    match b.len() {
        5 => digits(b),
        10 => digits(&b[..5]) && b[5] == b'-' && digits(&b[6..]),
        _ => false,
    }
}

/// A phone number as people write it: digits with optional +, spaces, dots, dashes,
/// parentheses and an extension; 7 to 15 digits.
pub fn is_phone(s: &str) -> bool {
    let s = s.trim();
    let main = s.split(['x', 'X']).next().unwrap_or("");
    let main = main
        .trim_end_matches([' ', '.'])
        .trim_end_matches("ext")
        .trim();
    let ok_chars = main
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " .-()".contains(c) || (c == '+' && i == 0));
    let n = main.chars().filter(char::is_ascii_digit).count();
    ok_chars && (7..=15).contains(&n)
}

/// A website with or without `http(s)://`: a host with a dot and a plausible TLD.
pub fn is_website(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() || s.contains(char::is_whitespace) {
        return false;
    }
    let with_scheme = if s.contains("://") {
        s.to_string()
    } else {
        format!("https://{s}")
    };
    let Ok(u) = url::Url::parse(&with_scheme) else {
        return false;
    };
    if !matches!(u.scheme(), "http" | "https") {
        return false;
    }
    match u.host() {
        Some(url::Host::Domain(d)) => {
            let labels: Vec<&str> = d.split('.').collect();
            labels.len() >= 2
                && labels.iter().all(|l| !l.is_empty())
                && labels.last().is_some_and(|t| {
                    t.len() >= 2
                        && t.chars()
                            .all(|c| c.is_ascii_alphabetic() || c == '-' || c.is_ascii_digit())
                })
        }
        _ => false,
    }
}

/// Any syntactically valid address (the author's KDP email need not look corporate).
pub fn is_email(s: &str) -> bool {
    let s = s.trim();
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && !local.contains(char::is_whitespace)
        && !local.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

impl RegistrationDetails {
    /// Everything Amazon would refuse, field by field; empty when fine.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        let business = matches!(self.association, Association::Business(_));
        match self.account_name.as_deref().map(str::trim) {
            // The guide: "You must include the name of the ads account" for a business.
            None | Some("") if business => e.push(err(
                "accountName",
                "Enter a name for the ads account: Amazon requires one for a business.",
            )),
            Some("") => e.push(err(
                "accountName",
                "Leave the account name out or fill it in.",
            )),
            Some(n) if n.chars().count() > 200 => {
                e.push(err("accountName", "Use at most 200 characters."))
            }
            _ => {}
        }
        if let Some(c) = &self.country_code {
            if amazon_country(c).is_none() {
                e.push(err(
                    "countryCode",
                    "Use a two-letter country code such as US or UK.",
                ));
            }
        }
        match &self.association {
            Association::Business(b) => validate_business(b, self.country_code.as_deref(), &mut e),
            Association::AmazonSeller {
                seller_central_account: id,
            } => {
                if id.trim().is_empty() || !id.trim().chars().all(|c| c.is_ascii_alphanumeric()) {
                    e.push(err("amazonSeller.sellerCentralAccount", "Enter the Seller Central merchant ID (letters and digits, e.g. A6DEQ9LYHIBE8)."));
                }
            }
            Association::AmazonVendor { vendor_group } => {
                if vendor_group.trim().is_empty() {
                    e.push(err(
                        "amazonVendor.vendorGroup",
                        "Enter the vendor group ID.",
                    ));
                }
            }
            Association::AmazonAuthor { email } => {
                if !is_email(email) {
                    e.push(err(
                        "amazonAuthor.email",
                        "Enter the email address of the KDP or Author Central account.",
                    ));
                }
            }
        }
        e
    }

    /// The `POST /adsAccounts` body, with the terms token always included.
    pub fn to_request(&self, terms_token: &str) -> RegisterAdsAccountRequest {
        let mut association = self.association.clone();
        match &mut association {
            Association::Business(b) => trim_business(b),
            Association::AmazonSeller {
                seller_central_account: id,
            }
            | Association::AmazonVendor { vendor_group: id }
            | Association::AmazonAuthor { email: id } => *id = id.trim().to_string(),
        }
        RegisterAdsAccountRequest {
            account_name: self.account_name.as_ref().map(|s| s.trim().to_string()),
            associations: vec![association],
            country_codes: self.country_code.iter().map(|c| sent_country(c)).collect(),
            terms_token: Some(terms_token.to_string()),
        }
    }

    /// Details from a request body as in Amazon's guide (termsToken ignored).
    pub fn from_request(r: &RegisterAdsAccountRequest) -> Result<Self, String> {
        let association = match r.associations.as_slice() {
            [a] => a.clone(),
            [] => return Err("the request has no association (business, amazonSeller, amazonVendor or amazonAuthor)".into()),
            _ => return Err("Amazon accepts one association per registration".into()),
        };
        if r.country_codes.len() > 1 {
            return Err("Amazon accepts one country code per registration".into());
        }
        Ok(RegistrationDetails {
            account_name: r.account_name.clone(),
            country_code: r.country_codes.first().cloned(),
            association,
        })
    }

    /// A short label for lists ("Haven Hotel Inc. (business)").
    pub fn label(&self) -> String {
        let who = match &self.association {
            Association::Business(b) => b.name.clone(),
            Association::AmazonSeller {
                seller_central_account,
            } => seller_central_account.clone(),
            Association::AmazonVendor { vendor_group } => vendor_group.clone(),
            Association::AmazonAuthor { email } => email.clone(),
        };
        let name = self
            .account_name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(who);
        format!("{name} ({})", self.association.kind())
    }
}

/// Amazon's spelling of a country the user typed; what Amazon cannot be sent any better
/// goes as typed (trimmed), so its refusal names it.
fn sent_country(typed: &str) -> String {
    amazon_country(typed).unwrap_or_else(|| typed.trim().to_string())
}

fn trim_business(b: &mut Business) {
    for f in [
        &mut b.name,
        &mut b.phone,
        &mut b.website_url,
        &mut b.address_line1,
        &mut b.address_line2,
        &mut b.city,
        &mut b.state,
        &mut b.zip_code,
        &mut b.country_code,
    ] {
        *f = f.trim().to_string();
    }
    if !b.country_code.is_empty() {
        b.country_code = sent_country(&b.country_code);
    }
}

fn validate_business(b: &Business, country: Option<&str>, e: &mut Vec<FieldError>) {
    let required = [
        ("business.name", &b.name, "Enter the business's legal name."),
        (
            "business.phone",
            &b.phone,
            "Enter the business phone number.",
        ),
        (
            "business.websiteUrl",
            &b.website_url,
            "Enter the business website.",
        ),
        (
            "business.addressLine1",
            &b.address_line1,
            "Enter the street address.",
        ),
        ("business.city", &b.city, "Enter the city."),
        ("business.state", &b.state, "Enter the state."),
        ("business.zipCode", &b.zip_code, "Enter the ZIP code."),
    ];
    for (field, value, message) in required {
        if value.trim().is_empty() {
            e.push(err(field, message));
        }
    }
    let filled = |v: &str| !v.trim().is_empty();
    if filled(&b.phone) && !is_phone(&b.phone) {
        e.push(err(
            "business.phone",
            "Enter a phone number such as 555-555-5555 or +1 (555) 555-5555.",
        ));
    }
    if filled(&b.website_url) && !is_website(&b.website_url) {
        e.push(err(
            "business.websiteUrl",
            "Enter a website such as www.example.com or https://example.com.",
        ));
    }
    if filled(&b.state) && !is_us_state(&b.state) {
        e.push(err(
            "business.state",
            "Enter a US state by name (New York) or code (NY).",
        ));
    }
    if filled(&b.zip_code) && !is_us_zip(&b.zip_code) {
        e.push(err(
            "business.zipCode",
            "Enter a ZIP code such as 10001 or 10001-1234.",
        ));
    }
    if amazon_country(&b.country_code).as_deref() != Some(BUSINESS_COUNTRY) {
        e.push(err(
            "business.countryCode",
            "Amazon registers businesses that do not sell on Amazon in the US only: use US.",
        ));
    }
    if country.and_then(amazon_country).as_deref() != Some(BUSINESS_COUNTRY) {
        e.push(err(
            "countryCode",
            "Businesses that do not sell on Amazon are registered for US only: use US.",
        ));
    }
}

/// Businesses that do not sell on Amazon are registered in the US only, for now.
pub const BUSINESS_COUNTRY: &str = "US";

/// The four kinds of advertiser the wizard registers, as the form names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DetailsKind {
    Business,
    Seller,
    Vendor,
    Author,
}

impl DetailsKind {
    pub const ALL: [DetailsKind; 4] = [Self::Business, Self::Seller, Self::Vendor, Self::Author];

    /// The fields a user may leave empty, named as in the request body. A seller or
    /// vendor may name the one country to register (Amazon registers them per country;
    /// without one, in every country the seller is registered to sell in, or every country Ads serves for
    /// a vendor); a business is always US.
    pub fn optional_fields(self) -> &'static [&'static str] {
        match self {
            Self::Business => &["business.addressLine2"],
            Self::Seller | Self::Vendor => &["accountName", "countryCode"],
            Self::Author => &["accountName"],
        }
    }

    /// What Amazon registers when a seller or vendor names no country (its spec of
    /// `countryCodes`: "For vendors … all countries where Amazon Ads is available. For
    /// sellers … only countries where the seller is registered to sell"); None where the
    /// country is not the user's to leave out.
    pub fn without_country(self) -> Option<&'static str> {
        match self {
            Self::Seller => Some("every country the seller is registered to sell in"),
            Self::Vendor => Some("every country where Amazon Ads is available"),
            Self::Business | Self::Author => None,
        }
    }
}

/// The US states and territories Amazon accepts, as (code, name).
pub fn us_states() -> &'static [(&'static str, &'static str)] {
    US_STATES
}

impl RegistrationDetails {
    /// A business's details, in the one country Amazon registers them in.
    pub fn business(account_name: Option<String>, mut business: Business) -> Self {
        business.country_code = BUSINESS_COUNTRY.into();
        RegistrationDetails {
            account_name,
            country_code: Some(BUSINESS_COUNTRY.into()),
            association: Association::Business(business),
        }
    }

    pub fn kind(&self) -> DetailsKind {
        match self.association {
            Association::Business(_) => DetailsKind::Business,
            Association::AmazonSeller { .. } => DetailsKind::Seller,
            Association::AmazonVendor { .. } => DetailsKind::Vendor,
            Association::AmazonAuthor { .. } => DetailsKind::Author,
        }
    }
}

mod country;
mod import;
pub use country::amazon_country;
pub use import::{
    import_csv, import_file, import_json, import_reader, read_file, Format, ImportError,
    MAX_IMPORT_BYTES,
};

#[cfg(test)]
mod tests;
