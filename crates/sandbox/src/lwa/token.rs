//! `POST /auth/o2/token`: authorization-code and refresh-token grants with LwA's error bodies.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

use crate::ids::{access_token, now_ms, refresh_token};
use crate::model::{AccessToken, RefreshGrant};
use crate::state::AppState;

const BAD_CODE: &str = "The request has an invalid grant parameter : code";
const BAD_VERIFIER: &str = "The request has an invalid grant parameter : code_verifier";
const BAD_REFRESH: &str =
    "The request has an invalid grant parameter : refresh_token. User may have revoked or didn't grant the permission.";

struct OAuthError {
    status: StatusCode,
    error: &'static str,
    description: String,
    amzn_type: &'static str,
}

fn invalid_grant(description: &str) -> OAuthError {
    OAuthError {
        status: StatusCode::BAD_REQUEST,
        error: "invalid_grant",
        description: description.into(),
        amzn_type: "OA2InvalidGrantException",
    }
}

fn invalid_request(description: String) -> OAuthError {
    OAuthError {
        status: StatusCode::BAD_REQUEST,
        error: "invalid_request",
        description,
        amzn_type: "OA2InvalidRequestException",
    }
}

fn missing(param: &str) -> OAuthError {
    invalid_request(format!(
        "The request is missing a required parameter : {param}"
    ))
}

fn invalid_client() -> OAuthError {
    OAuthError {
        status: StatusCode::UNAUTHORIZED,
        error: "invalid_client",
        description: "Client authentication failed".into(),
        amzn_type: "OA2InvalidClientException",
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = json!({"error": self.error, "error_description": self.description});
        let mut r = oauth_json(self.status, body);
        r.headers_mut()
            .insert("x-amzn-ErrorType", HeaderValue::from_static(self.amzn_type));
        r
    }
}

fn oauth_json(status: StatusCode, body: serde_json::Value) -> Response {
    let mut r = (status, body.to_string()).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store, must-revalidate"),
    );
    r
}

pub async fn post(State(st): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    match exchange(&st, &headers, &body) {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

fn exchange(st: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<Response, OAuthError> {
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !ctype
        .to_ascii_lowercase()
        .starts_with("application/x-www-form-urlencoded")
    {
        return Err(invalid_request(
            "The request must be form-encoded (application/x-www-form-urlencoded)".into(),
        ));
    }
    let form: HashMap<String, String> = url::form_urlencoded::parse(body).into_owned().collect();
    let grant_type = form
        .get("grant_type")
        .ok_or_else(|| missing("grant_type"))?;
    let (client_id, secret) = client_credentials(headers, &form)?;
    let cfg = st.config();
    if client_id != cfg.client_id {
        return Err(invalid_client());
    }
    if secret.as_deref().is_some_and(|s| s != cfg.client_secret) {
        return Err(invalid_client());
    }
    match grant_type.as_str() {
        "authorization_code" => code_grant(st, &form, &client_id, secret.is_some()),
        "refresh_token" => {
            if secret.is_none() {
                return Err(invalid_client());
            }
            refresh_grant(st, &form, &client_id)
        }
        _ => Err(OAuthError {
            status: StatusCode::BAD_REQUEST,
            error: "unsupported_grant_type",
            description:
                "The authorization grant type is not supported by the authorization server".into(),
            amzn_type: "OA2UnsupportedGrantTypeException",
        }),
    }
}

/// Client ID and secret from HTTP Basic or the body; the secret may be absent (PKCE clients).
fn client_credentials(
    headers: &HeaderMap,
    form: &HashMap<String, String>,
) -> Result<(String, Option<String>), OAuthError> {
    if let Some(basic) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
    {
        let raw = base64::engine::general_purpose::STANDARD
            .decode(basic.trim())
            .map_err(|_| invalid_client())?;
        let text = String::from_utf8(raw).map_err(|_| invalid_client())?;
        let (id, secret) = text.split_once(':').ok_or_else(invalid_client)?;
        let id = url::form_urlencoded::parse(format!("a={id}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        return Ok((id, Some(secret.to_string())));
    }
    let id = form
        .get("client_id")
        .cloned()
        .ok_or_else(|| missing("client_id"))?;
    Ok((id, form.get("client_secret").cloned()))
}

fn code_grant(
    st: &AppState,
    form: &HashMap<String, String>,
    client_id: &str,
    has_secret: bool,
) -> Result<Response, OAuthError> {
    let code = form.get("code").ok_or_else(|| missing("code"))?;
    let redirect_uri = form
        .get("redirect_uri")
        .ok_or_else(|| missing("redirect_uri"))?;
    let now = now_ms();
    let code_lifetime = st.config().auth_code_lifetime.as_millis() as u64;
    let mut w = st.world();
    let c = w
        .codes
        .get_mut(code)
        .ok_or_else(|| invalid_grant(BAD_CODE))?;
    if c.used || c.client_id != client_id || now >= c.issued_ms + code_lifetime {
        return Err(invalid_grant(BAD_CODE));
    }
    if c.redirect_uri != *redirect_uri {
        return Err(invalid_grant(BAD_CODE));
    }
    // Single use: a failed PKCE check also burns the code.
    c.used = true;
    let c = c.clone();
    match &c.code_challenge {
        Some(challenge) => {
            let verifier = form
                .get("code_verifier")
                .ok_or_else(|| missing("code_verifier"))?;
            let computed = if c.code_challenge_method == "S256" {
                base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .encode(Sha256::digest(verifier.as_bytes()))
            } else {
                verifier.clone()
            };
            if computed != *challenge {
                return Err(invalid_grant(BAD_VERIFIER));
            }
        }
        None if !has_secret => return Err(invalid_client()),
        None => {}
    }
    let lifetime = st.config().access_token_lifetime;
    let access = issue_access(&mut w, client_id, &c.user_id, &c.scope, lifetime);
    let mut body = json!({
        "access_token": access,
        "token_type": "bearer",
        "expires_in": expires_in(lifetime),
    });
    // As LwA does for public clients: no secret, no refresh token.
    if has_secret {
        let grant = RefreshGrant {
            refresh_token: refresh_token(),
            client_id: client_id.to_string(),
            user_id: c.user_id.clone(),
            scope: c.scope.clone(),
        };
        w.save_refresh(&grant);
        body["refresh_token"] = json!(grant.refresh_token);
        w.refresh.insert(grant.refresh_token.clone(), grant);
    }
    Ok(oauth_json(StatusCode::OK, body))
}

fn refresh_grant(
    st: &AppState,
    form: &HashMap<String, String>,
    client_id: &str,
) -> Result<Response, OAuthError> {
    let token = form
        .get("refresh_token")
        .ok_or_else(|| missing("refresh_token"))?;
    let mut w = st.world();
    let grant = w
        .refresh
        .get(token)
        .filter(|g| g.client_id == client_id)
        .cloned()
        .ok_or_else(|| invalid_grant(BAD_REFRESH))?;
    let lifetime = st.config().access_token_lifetime;
    let access = issue_access(&mut w, client_id, &grant.user_id, &grant.scope, lifetime);
    Ok(oauth_json(
        StatusCode::OK,
        json!({
            "access_token": access,
            "refresh_token": grant.refresh_token,
            "token_type": "bearer",
            "expires_in": expires_in(lifetime),
        }),
    ))
}

fn issue_access(
    w: &mut crate::state::World,
    client_id: &str,
    user_id: &str,
    scope: &str,
    lifetime: std::time::Duration,
) -> String {
    let t = AccessToken {
        token: access_token(),
        client_id: client_id.to_string(),
        user_id: user_id.to_string(),
        scope: scope.to_string(),
        expires_ms: now_ms() + lifetime.as_millis() as u64,
    };
    w.save_access(&t);
    let token = t.token.clone();
    w.access.insert(token.clone(), t);
    token
}

/// Whole seconds, rounded up so a short test lifetime is not reported as 0.
fn expires_in(lifetime: std::time::Duration) -> u64 {
    lifetime.as_millis().div_ceil(1000) as u64
}
