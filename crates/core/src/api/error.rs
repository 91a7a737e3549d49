//! Typed failures of the Ads API, carrying what Amazon said (messages, codes, request ID).

use crate::auth::AuthError;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// One message from Amazon, whichever body shape it came in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiMessage {
    pub code: Option<String>,
    pub message: String,
    /// A JSON number, as the spec types it (`7` and `7.0` alike).
    pub error_id: Option<serde_json::Number>,
    /// The registration field this message concerns, e.g. `business.zipCode`.
    pub field: Option<String>,
}

/// What came back with a failed call.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetails {
    pub status: u16,
    pub messages: Vec<ApiMessage>,
    pub request_id: Option<String>,
}

impl ErrorDetails {
    /// Parses `{errors:[..]}`, `{message}` and `{code, details}` bodies; anything else
    /// becomes a short excerpt so the user still sees what the server said.
    pub fn parse(status: u16, request_id: Option<String>, body: &[u8]) -> ErrorDetails {
        let mut messages = Vec::new();
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) {
            if let Some(errors) = v.get("errors").and_then(|e| e.as_array()) {
                for e in errors {
                    let code = str_field(e, &["errorCode", "code"]);
                    let message = str_field(e, &["errorMessage", "message", "details"])
                        .or_else(|| code.clone())
                        .unwrap_or_else(|| "(no message)".into());
                    messages.push(ApiMessage {
                        field: field_for(code.as_deref(), &message),
                        code,
                        message,
                        error_id: error_id(e.get("errorId")),
                    });
                }
            } else if v.is_object() {
                let code = str_field(&v, &["code", "errorCode"]);
                if let Some(message) = str_field(&v, &["details", "message", "errorMessage"]) {
                    let message = message.trim().to_string();
                    messages.push(ApiMessage {
                        field: field_for(code.as_deref(), &message),
                        code,
                        message,
                        error_id: None,
                    });
                }
            }
        }
        if messages.is_empty() && !body.is_empty() {
            let text = String::from_utf8_lossy(&body[..body.len().min(300)])
                .trim()
                .to_string();
            if !text.is_empty() {
                messages.push(ApiMessage {
                    code: None,
                    message: text,
                    error_id: None,
                    field: None,
                });
            }
        }
        ErrorDetails {
            status,
            messages,
            request_id,
        }
    }

    pub fn summary(&self) -> String {
        let mut s = if self.messages.is_empty() {
            format!("HTTP {}", self.status)
        } else {
            self.messages
                .iter()
                .map(|m| match &m.code {
                    Some(c) if c != &m.message => format!("{} ({c})", m.message),
                    _ => m.message.clone(),
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        if let Some(id) = &self.request_id {
            s.push_str(&format!(" [request {id}]"));
        }
        s
    }
}

fn str_field(v: &serde_json::Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| v.get(*k)).and_then(|x| match x {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn error_id(v: Option<&serde_json::Value>) -> Option<serde_json::Number> {
    match v? {
        serde_json::Value::Number(n) => Some(n.clone()),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Amazon's error codes and the registration field each concerns, matched on the whole
/// code. From the account-registration vocabulary (`ErrorCode` of the Ads API v1
/// registration spec) and the codes the sandbox answers with.
const CODE_FIELDS: &[(&str, &str)] = &[
    ("ACCOUNT_ALREADY_EXISTS_FOR_ACCOUNT_NAME", "accountName"),
    ("MISSING_ACCOUNT_NAME", "accountName"),
    ("INVALID_ACCOUNT_NAME", "accountName"),
    (
        "ACCOUNT_ALREADY_EXISTS_FOR_SELLING_ACCOUNT",
        "amazonSeller.sellerCentralAccount",
    ),
    (
        "ACCOUNT_ALREADY_EXISTS_FOR_VENDOR",
        "amazonVendor.vendorGroup",
    ),
    ("ACCOUNT_ALREADY_EXISTS_FOR_AUTHOR", "amazonAuthor.email"),
    ("ADDRESS_BUSINESS_NAME_TOO_LONG", "business.name"),
    ("MISSING_BUSINESS_NAME", "business.name"),
    ("MISSING_PHONE_NUMBER", "business.phone"),
    ("INVALID_PHONE_NUMBER", "business.phone"),
    ("MISSING_WEBSITE_URL", "business.websiteUrl"),
    ("INVALID_WEBSITE_URL", "business.websiteUrl"),
    ("MISSING_ADDRESS_LINE_ONE", "business.addressLine1"),
    ("INVALID_ADDRESS_LINE_ONE", "business.addressLine1"),
    ("INVALID_ADDRESS_LINE_TWO", "business.addressLine2"),
    ("MISSING_CITY", "business.city"),
    ("INVALID_CITY", "business.city"),
    ("MISSING_STATE", "business.state"),
    ("ADDRESS_INVALID_STATE", "business.state"),
    ("INVALID_STATE_OR_REGION", "business.state"),
    ("MISSING_ZIP_CODE", "business.zipCode"),
    ("INVALID_ZIP_CODE", "business.zipCode"),
    ("MISSING_COUNTRY_CODE", "business.countryCode"),
    ("INVALID_COUNTRY_CODE", "countryCode"),
    ("TERMS_NOT_ACCEPTED", "termsToken"),
    ("INVALID_TERMS_TOKEN", "termsToken"),
    ("TERMS_TOKEN_ALREADY_REDEEMED", "termsToken"),
];

/// Request fields as a message may name them (`business.zipCode is required`), and the
/// form field each is shown next to.
const NAMED_FIELDS: &[(&str, &str)] = &[
    ("accountName", "accountName"),
    ("countryCodes", "countryCode"),
    ("countryCode", "countryCode"),
    ("termsToken", "termsToken"),
    ("business.name", "business.name"),
    ("business.phone", "business.phone"),
    ("business.websiteUrl", "business.websiteUrl"),
    ("websiteUrl", "business.websiteUrl"),
    ("business.addressLine1", "business.addressLine1"),
    ("addressLine1", "business.addressLine1"),
    ("business.addressLine2", "business.addressLine2"),
    ("addressLine2", "business.addressLine2"),
    ("business.city", "business.city"),
    ("business.state", "business.state"),
    ("business.zipCode", "business.zipCode"),
    ("zipCode", "business.zipCode"),
    ("business.countryCode", "business.countryCode"),
    ("sellerCentralAccount", "amazonSeller.sellerCentralAccount"),
    (
        "amazonSeller.sellerCentralAccount",
        "amazonSeller.sellerCentralAccount",
    ),
    ("vendorGroup", "amazonVendor.vendorGroup"),
    ("amazonVendor.vendorGroup", "amazonVendor.vendorGroup"),
    ("amazonAuthor.email", "amazonAuthor.email"),
];

/// The registration field an error concerns, so the details form can show it next to
/// the right input. A field the message names exactly wins (Amazon's generic codes, such
/// as `INVALID_COUNTRY_CODE` for `business.countryCode`, say which one there); else the
/// whole code decides. Never a guess from part of a code: `ADDRESS_INVALID_STATE` is
/// the state, not the address line.
pub fn field_for(code: Option<&str>, message: &str) -> Option<String> {
    let named = message
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .map(|w| w.trim_end_matches('.'))
        .find_map(|w| NAMED_FIELDS.iter().find(|(name, _)| *name == w));
    if let Some((_, field)) = named {
        return Some(field.to_string());
    }
    let code = code?.trim().to_ascii_uppercase();
    CODE_FIELDS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, f)| f.to_string())
}

/// Why an API call failed. Messages never contain tokens.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error("Amazon did not accept the sign-in (401): {}", .0.summary())]
    Unauthorized(ErrorDetails),
    #[error("Not allowed (403): {}", .0.summary())]
    Forbidden(ErrorDetails),
    #[error("Not found (404): {}", .0.summary())]
    NotFound(ErrorDetails),
    #[error("Amazon refused the request ({}): {}", .0.status, .0.summary())]
    Invalid(ErrorDetails),
    #[error("Amazon is throttling requests (429); try again later: {}", .details.summary())]
    Throttled {
        retry_after: Option<Duration>,
        details: ErrorDetails,
    },
    #[error("Amazon had a server error ({}): {}", .0.status, .0.summary())]
    Server(ErrorDetails),
    #[error("Unexpected HTTP {}: {}", .0.status, .0.summary())]
    Http(ErrorDetails),
    #[error("The request to {operation} timed out")]
    Timeout { operation: &'static str },
    #[error("Could not reach the Ads API for {operation}: {message}")]
    Network {
        operation: &'static str,
        message: String,
    },
    #[error("The response to {operation} was larger than {limit} bytes")]
    TooLarge {
        operation: &'static str,
        limit: usize,
    },
    #[error("Could not read the response to {operation}: {message}")]
    Decode {
        operation: &'static str,
        message: String,
    },
    #[error("Could not build the HTTP client: {0}")]
    Setup(String),
}

impl ApiError {
    pub fn details(&self) -> Option<&ErrorDetails> {
        match self {
            ApiError::Unauthorized(d)
            | ApiError::Forbidden(d)
            | ApiError::NotFound(d)
            | ApiError::Invalid(d)
            | ApiError::Server(d)
            | ApiError::Http(d)
            | ApiError::Throttled { details: d, .. } => Some(d),
            _ => None,
        }
    }

    pub fn request_id(&self) -> Option<&str> {
        self.details().and_then(|d| d.request_id.as_deref())
    }

    /// True when the server may have acted on the request even though no answer
    /// arrived (lost connection, timeout, 5xx): writes must be reconciled, not repeated.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            ApiError::Timeout { .. }
                | ApiError::Network { .. }
                | ApiError::Server(_)
                | ApiError::Decode { .. }
                | ApiError::TooLarge { .. }
        )
    }

    /// Field-level messages, for showing next to inputs.
    pub fn field_errors(&self) -> Vec<(String, String)> {
        self.details()
            .map(|d| {
                d.messages
                    .iter()
                    .filter_map(|m| m.field.clone().map(|f| (f, m.message.clone())))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub(crate) fn from_status(
        status: u16,
        details: ErrorDetails,
        retry_after: Option<Duration>,
    ) -> Self {
        match status {
            401 => ApiError::Unauthorized(details),
            403 => ApiError::Forbidden(details),
            404 => ApiError::NotFound(details),
            400 | 406 | 409 | 415 | 422 => ApiError::Invalid(details),
            429 => ApiError::Throttled {
                retry_after,
                details,
            },
            500..=599 => ApiError::Server(details),
            _ => ApiError::Http(details),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_three_body_shapes_parse() {
        let d = ErrorDetails::parse(
            400,
            Some("R1".into()),
            br#"{"errors":[{"errorId":7,"errorCode":"INVALID_ZIP_CODE","errorMessage":"Zip code is invalid"}]}"#,
        );
        assert_eq!(d.messages[0].code.as_deref(), Some("INVALID_ZIP_CODE"));
        assert_eq!(d.messages[0].error_id, Some(7.into()));
        assert_eq!(d.messages[0].field.as_deref(), Some("business.zipCode"));
        assert!(d.summary().contains("[request R1]"));
        let d = ErrorDetails::parse(
            400,
            None,
            br#"{"errors":[{"errorId":7.0,"errorCode":"MISSING_CITY","errorMessage":"City is missing"}]}"#,
        );
        assert_eq!(
            d.messages[0].error_id.as_ref().and_then(|n| n.as_f64()),
            Some(7.0)
        );
        assert_eq!(d.messages[0].field.as_deref(), Some("business.city"));
        let d = ErrorDetails::parse(404, None, br#"{"message":"Account not found"}"#);
        assert_eq!(d.messages[0].message, "Account not found");
        let d = ErrorDetails::parse(
            401,
            None,
            br#"{"code":"401","details":" Authentication failed","requestId":"X"}"#,
        );
        assert_eq!(d.messages[0].message, "Authentication failed");
        assert_eq!(d.messages[0].code.as_deref(), Some("401"));
        let d = ErrorDetails::parse(502, None, b"<html>Bad gateway</html>");
        assert!(d.messages[0].message.contains("Bad gateway"));
    }

    #[test]
    fn messages_map_to_fields() {
        assert_eq!(
            field_for(Some("MISSING_PHONE_NUMBER"), "").as_deref(),
            Some("business.phone")
        );
        assert_eq!(
            field_for(None, "websiteUrl is not valid").as_deref(),
            Some("business.websiteUrl")
        );
        assert_eq!(field_for(None, "Something else"), None);
    }

    /// Each code Amazon's registration vocabulary names, with the field it lands on.
    #[test]
    fn every_code_maps_by_its_whole_name() {
        let cases = [
            ("ADDRESS_INVALID_STATE", "business.state"),
            ("INVALID_STATE_OR_REGION", "business.state"),
            ("MISSING_STATE", "business.state"),
            ("MISSING_COUNTRY_CODE", "business.countryCode"),
            ("INVALID_COUNTRY_CODE", "countryCode"),
            ("ADDRESS_BUSINESS_NAME_TOO_LONG", "business.name"),
            ("MISSING_BUSINESS_NAME", "business.name"),
            ("MISSING_ADDRESS_LINE_ONE", "business.addressLine1"),
            ("INVALID_ADDRESS_LINE_ONE", "business.addressLine1"),
            ("INVALID_ADDRESS_LINE_TWO", "business.addressLine2"),
            ("MISSING_CITY", "business.city"),
            ("INVALID_CITY", "business.city"),
            ("MISSING_PHONE_NUMBER", "business.phone"),
            ("INVALID_PHONE_NUMBER", "business.phone"),
            ("MISSING_WEBSITE_URL", "business.websiteUrl"),
            ("INVALID_WEBSITE_URL", "business.websiteUrl"),
            ("MISSING_ZIP_CODE", "business.zipCode"),
            ("INVALID_ZIP_CODE", "business.zipCode"),
            ("ACCOUNT_ALREADY_EXISTS_FOR_ACCOUNT_NAME", "accountName"),
            ("MISSING_ACCOUNT_NAME", "accountName"),
            ("INVALID_ACCOUNT_NAME", "accountName"),
            (
                "ACCOUNT_ALREADY_EXISTS_FOR_SELLING_ACCOUNT",
                "amazonSeller.sellerCentralAccount",
            ),
            (
                "ACCOUNT_ALREADY_EXISTS_FOR_VENDOR",
                "amazonVendor.vendorGroup",
            ),
            ("ACCOUNT_ALREADY_EXISTS_FOR_AUTHOR", "amazonAuthor.email"),
            ("TERMS_NOT_ACCEPTED", "termsToken"),
            ("INVALID_TERMS_TOKEN", "termsToken"),
            ("TERMS_TOKEN_ALREADY_REDEEMED", "termsToken"),
        ];
        for (code, field) in cases {
            // The message says nothing about a field: the code alone decides.
            assert_eq!(
                field_for(Some(code), "The request is invalid").as_deref(),
                Some(field),
                "{code}"
            );
        }
        // Codes that only contain a field's word are not guessed at.
        for code in [
            "ADDRESS_VERIFICATION_FAILED",
            "UNPROFESSIONAL_EMAIL_ADDRESS",
            "BUSINESS_NOT_ELIGIBLE",
            "TOO_MANY_REQUESTS",
            "FIELD_VALUE_INVALID",
        ] {
            assert_eq!(field_for(Some(code), "Not accepted"), None, "{code}");
        }
    }

    #[test]
    fn a_field_the_message_names_wins_over_a_generic_code() {
        assert_eq!(
            field_for(
                Some("INVALID_COUNTRY_CODE"),
                "business.countryCode must be US"
            )
            .as_deref(),
            Some("business.countryCode")
        );
        assert_eq!(
            field_for(
                Some("FIELD_VALUE_MISSING"),
                "sellerCentralAccount is required"
            )
            .as_deref(),
            Some("amazonSeller.sellerCentralAccount")
        );
        assert_eq!(
            field_for(
                Some("FIELD_VALUE_INVALID"),
                "countryCodes accepts at most 1 item"
            )
            .as_deref(),
            Some("countryCode")
        );
        // Words inside other words do not count.
        assert_eq!(field_for(None, "The business address is unknown"), None);
    }
}
