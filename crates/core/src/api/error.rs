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
    pub error_id: Option<i64>,
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
                        error_id: e.get("errorId").and_then(|i| i.as_i64()),
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

/// Maps an error code or message to the registration field it concerns, so the
/// details form can show it next to the right input.
pub fn field_for(code: Option<&str>, message: &str) -> Option<String> {
    const FIELDS: &[(&[&str], &str)] = &[
        (&["ZIP", "POSTAL"], "business.zipCode"),
        (&["EMAIL", "AUTHOR"], "amazonAuthor.email"),
        (&["WEBSITE", "URL"], "business.websiteUrl"),
        (&["PHONE"], "business.phone"),
        (
            &["ADDRESS_LINE_TWO", "ADDRESSLINE2"],
            "business.addressLine2",
        ),
        (
            &["ADDRESS_LINE_ONE", "ADDRESSLINE1", "ADDRESS"],
            "business.addressLine1",
        ),
        (&["CITY"], "business.city"),
        (&["STATE", "REGION"], "business.state"),
        (&["BUSINESS_NAME", "BUSINESS NAME"], "business.name"),
        (
            &["SELLER", "SELLING_ACCOUNT", "SELLERCENTRAL"],
            "amazonSeller.sellerCentralAccount",
        ),
        (&["VENDOR"], "amazonVendor.vendorGroup"),
        (&["ACCOUNT_NAME", "ACCOUNTNAME"], "accountName"),
        (&["COUNTRY"], "countryCode"),
        (&["TERMS"], "termsToken"),
    ];
    let hay = format!("{} {}", code.unwrap_or(""), message).to_ascii_uppercase();
    let hay_compact = hay.replace(' ', "_");
    FIELDS
        .iter()
        .find(|(keys, _)| {
            keys.iter()
                .any(|k| hay.contains(k) || hay_compact.contains(k))
        })
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
        assert_eq!(d.messages[0].error_id, Some(7));
        assert_eq!(d.messages[0].field.as_deref(), Some("business.zipCode"));
        assert!(d.summary().contains("[request R1]"));
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
}
