//! Error bodies, media-type checks and bearer authentication shared by the Ads API handlers.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::ids::now_ms;
use crate::state::AppState;

/// The error body shape an endpoint uses, as its spec declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorStyle {
    /// `{errors:[{errorId, errorCode, errorMessage}]}` (terms tokens, register, list).
    V2,
    /// `{message}` (`GET /adsAccounts/{id}`).
    Message,
    /// `{message}` in the billing error media type.
    Billing,
    /// `{code, details}`, Amazon's general error format (profiles, 401s).
    CodeDetails,
    /// `{error, error_description}` (LwA).
    OAuth,
    /// Plain text (pages).
    Text,
}

pub const BILLING_ERROR_TYPE: &str = "application/vnd.bulkgetbillingstatuserrorresponse.v1+json";

/// Which error style answers a request to this path; used by the fault injector.
pub fn style_for(method: &str, path: &str) -> ErrorStyle {
    let p = strip_region(path);
    if p.starts_with("/adsAccounts/") && p != "/adsAccounts/list" && method == "GET" {
        ErrorStyle::Message
    } else if p.starts_with("/termsTokens") || p.starts_with("/adsAccounts") {
        ErrorStyle::V2
    } else if p.starts_with("/billing/") {
        ErrorStyle::Billing
    } else if p.starts_with("/v2/") {
        ErrorStyle::CodeDetails
    } else if p.starts_with("/auth/o2/") || p.starts_with("/user/profile") {
        ErrorStyle::OAuth
    } else {
        ErrorStyle::Text
    }
}

/// The path as the NA host would see it (`/eu/v2/profiles` -> `/v2/profiles`).
pub fn strip_region(path: &str) -> &str {
    for prefix in ["/eu", "/fe"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            if rest.starts_with('/') {
                return rest;
            }
        }
    }
    path
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub style: ErrorStyle,
    pub code: String,
    pub message: String,
    pub retry_after_secs: Option<u64>,
    /// Several `{errors:[...]}` entries at once (V2 style only).
    pub entries: Vec<crate::model::ErrorEntry>,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        style: ErrorStyle,
        code: &str,
        message: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            style,
            code: code.into(),
            message: message.into(),
            retry_after_secs: None,
            entries: Vec::new(),
        }
    }

    pub fn bad_request(style: ErrorStyle, code: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, style, code, message)
    }

    pub fn unauthorized(style: ErrorStyle, message: &str) -> Self {
        // Amazon answers 401s on the Ads hosts in its general {code, details} form.
        let style = if style == ErrorStyle::Billing {
            style
        } else {
            ErrorStyle::CodeDetails
        };
        Self::new(StatusCode::UNAUTHORIZED, style, "UNAUTHORIZED", message)
    }

    /// The error an injected fault produces for this status.
    pub fn injected(status: u16, style: ErrorStyle, retry_after_secs: Option<u64>) -> Self {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let (code, msg) = match status.as_u16() {
            429 => ("TOO_MANY_REQUESTS", "Too Many Requests"),
            503 => ("SERVICE_UNAVAILABLE", "Service Unavailable"),
            502 => ("BAD_GATEWAY", "Bad Gateway"),
            _ => ("INTERNAL_ERROR", "Internal Server Error"),
        };
        ApiError {
            retry_after_secs,
            ..ApiError::new(status, style, code, msg)
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (ctype, body) = match self.style {
            ErrorStyle::V2 if !self.entries.is_empty() => {
                ("application/json", json!({ "errors": self.entries }))
            }
            ErrorStyle::V2 => (
                "application/json",
                json!({"errors": [{"errorId": self.status.as_u16(), "errorCode": self.code, "errorMessage": self.message}]}),
            ),
            ErrorStyle::Message => ("application/json", json!({ "message": self.message })),
            ErrorStyle::Billing => (BILLING_ERROR_TYPE, json!({ "message": self.message })),
            ErrorStyle::CodeDetails => (
                "application/json",
                json!({"code": self.code, "details": self.message}),
            ),
            ErrorStyle::OAuth => (
                "application/json;charset=UTF-8",
                json!({"error": self.code, "error_description": self.message}),
            ),
            ErrorStyle::Text => {
                let mut r = (self.status, self.message).into_response();
                add_throttle_headers(&mut r, self.status, self.retry_after_secs);
                return r;
            }
        };
        let mut r = (self.status, body.to_string()).into_response();
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
        add_throttle_headers(&mut r, self.status, self.retry_after_secs);
        r
    }
}

fn add_throttle_headers(r: &mut Response, status: StatusCode, retry_after: Option<u64>) {
    if status == StatusCode::TOO_MANY_REQUESTS {
        let h = r.headers_mut();
        h.insert(
            "amazon-advertising-api-throttled",
            HeaderValue::from_static("true"),
        );
        if let Some(s) = retry_after {
            h.insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
    }
}

/// A JSON body with an exact media type.
pub fn json_response(
    status: StatusCode,
    media_type: &'static str,
    body: serde_json::Value,
) -> Response {
    let mut r = (status, body.to_string()).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    r
}

fn media_type(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// 415 unless the body's `Content-Type` is exactly the spec's type (parameters ignored).
pub fn require_content_type(
    headers: &HeaderMap,
    expected: &str,
    style: ErrorStyle,
) -> Result<(), ApiError> {
    let got = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(media_type)
        .unwrap_or_default();
    if got == expected.to_ascii_lowercase() {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            style,
            "UNSUPPORTED_MEDIA_TYPE",
            format!("Unsupported Content-Type '{got}'; expected '{expected}'"),
        ))
    }
}

/// 406 unless `Accept` is absent or admits one of `types`, `application/json` or `*/*`.
pub fn check_accept(
    headers: &HeaderMap,
    types: &[&str],
    style: ErrorStyle,
) -> Result<(), ApiError> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let ok = accept.split(',').map(media_type).any(|m| {
        m.is_empty()
            || m == "*/*"
            || m == "application/*"
            || m == "application/json"
            || types.iter().any(|t| t.eq_ignore_ascii_case(&m))
    });
    if ok {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::NOT_ACCEPTABLE,
            style,
            "NOT_ACCEPTABLE",
            format!("Cannot produce any media type in Accept '{accept}'"),
        ))
    }
}

/// The signed-in user behind a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: String,
}

/// Bearer token (live, with an advertising scope) and matching `Amazon-Advertising-API-ClientId`.
pub fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    style: ErrorStyle,
) -> Result<Caller, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .ok_or_else(|| ApiError::unauthorized(style, "Authorization header is missing"))?;
    let world = state.world();
    let t = world
        .access
        .get(token)
        .ok_or_else(|| ApiError::unauthorized(style, "Authentication failed"))?;
    if t.expires_ms <= now_ms() {
        return Err(ApiError::unauthorized(style, "Access token has expired"));
    }
    if !t.scope.split(' ').any(|s| {
        s == "advertising::campaign_management" || s == "cpc_advertising:campaign_management"
    }) {
        return Err(ApiError::unauthorized(
            style,
            "Not authorized: the token lacks an advertising scope",
        ));
    }
    let client = headers
        .get("Amazon-Advertising-API-ClientId")
        .and_then(|v| v.to_str().ok())
        .map(str::trim);
    match client {
        None => Err(ApiError::unauthorized(
            style,
            "Amazon-Advertising-API-ClientId header is missing",
        )),
        Some(c) if c != t.client_id => Err(ApiError::unauthorized(
            style,
            "Amazon-Advertising-API-ClientId does not match the access token's client",
        )),
        Some(_) => Ok(Caller {
            user_id: t.user_id.clone(),
        }),
    }
}
