//! Terms tokens (`/termsTokens`) and the agreement page their `termsUrl` opens.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use crate::http::{
    authenticate, check_accept, json_response, require_content_type, ApiError, ErrorStyle,
};
use crate::ids::{now_ms, uuid_v4};
use crate::model::TermsToken;
use crate::pages;
use crate::state::AppState;

pub const REQUEST_TYPE: &str =
    "application/vnd.GlobalRegistrationService.TermsTokenResource.v1.0+json";
pub const RESPONSE_TYPE: &str = "application/vnd.termstokenresource.v1+json";
const TERMS_TYPES: &[&str] = &["ADVERTISING", "ADSP", "MARKETING_CLOUD", "PARTNER_NETWORK"];

pub async fn create(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let style = ErrorStyle::V2;
    let caller = authenticate(&st, &headers, style)?;
    require_content_type(&headers, REQUEST_TYPE, style)?;
    check_accept(&headers, &[RESPONSE_TYPE, REQUEST_TYPE], style)?;
    let req: Value = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            ApiError::bad_request(style, "INVALID_INPUT", format!("Malformed JSON body: {e}"))
        })?
    };
    let terms_type = match req.get("termsType") {
        None | Some(Value::Null) => None,
        Some(Value::String(t)) if TERMS_TYPES.contains(&t.as_str()) => Some(t.clone()),
        Some(other) => {
            return Err(ApiError::bad_request(
                style,
                "INVALID_INPUT",
                format!("termsType {other} is not one of {}", TERMS_TYPES.join(", ")),
            ))
        }
    };
    let now = now_ms();
    let config = st.config();
    let auto = config.auto_accept_terms.map(|d| now + d.as_millis() as u64);
    let token = TermsToken {
        token: uuid_v4(),
        user_id: caller.user_id,
        status: "CREATED".into(),
        terms_type,
        created_ms: now,
        auto_accept_ms: auto,
        redeem_ms: None,
    };
    {
        let mut w = st.world();
        w.save_terms(&token);
        w.terms.push(token.clone());
    }
    let base = config.terms_url_base.as_deref().unwrap_or(&st.base_url);
    let url = format!(
        "{}/terms/agreement/{}",
        base.trim_end_matches('/'),
        token.token
    );
    Ok(json_response(
        StatusCode::CREATED,
        RESPONSE_TYPE,
        json!({"termsToken": token.token, "termsUrl": url}),
    ))
}

pub async fn get(
    State(st): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let style = ErrorStyle::V2;
    let caller = authenticate(&st, &headers, style)?;
    check_accept(&headers, &[RESPONSE_TYPE], style)?;
    let t = st
        .world()
        .terms_token(&token, now_ms())
        .filter(|t| t.user_id == caller.user_id)
        // The spec defines no 404 here: an unknown token is invalid input.
        .ok_or_else(|| ApiError::bad_request(style, "INVALID_INPUT", "Invalid terms token"))?;
    let mut body = json!({"termsTokenStatus": t.status});
    if let Some(tt) = t.terms_type {
        body["termsType"] = json!(tt);
    }
    Ok(json_response(StatusCode::OK, RESPONSE_TYPE, body))
}

/// The page `termsUrl` opens.
pub async fn page(State(st): State<AppState>, Path(token): Path<String>) -> Response {
    let Some(t) = st.world().terms_token(&token, now_ms()) else {
        return unknown_page();
    };
    let state_html = if t.status == "CREATED" {
        pages::fill(
            pages::TERMS_FORM,
            &[("action", &format!("/terms/agreement/{token}"))],
            &[],
        )
    } else {
        "<div class=\"ok\">This agreement has been accepted. You can close this window.</div>"
            .to_string()
    };
    let body = pages::fill(
        pages::TERMS,
        &[("token", &t.token), ("status", &t.status)],
        &[("state", &state_html)],
    );
    pages::page(StatusCode::OK, "Amazon Ads Agreement", body)
}

/// "Accept and continue" (a browser form or a plain POST from a test).
pub async fn accept(State(st): State<AppState>, Path(token): Path<String>) -> Response {
    match st.world().accept_terms(&token) {
        Some(_) => pages::done_page(
            "Agreement accepted",
            "Thanks. The app can now register your ads account.",
        ),
        None => unknown_page(),
    }
}

fn unknown_page() -> Response {
    pages::error_page(
        StatusCode::NOT_FOUND,
        "Agreement not found",
        "This agreement link is not valid. Start again from the app.",
        "terms-token-not-found",
    )
}
