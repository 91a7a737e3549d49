//! `GET /user/profile`: the signed-in sandbox user, for tokens with the `profile` scope.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::http::{ApiError, ErrorStyle};
use crate::ids::now_ms;
use crate::state::AppState;

pub async fn get(State(st): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let invalid = || {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorStyle::OAuth,
            "invalid_token",
            "The request has an invalid parameter : access_token",
        )
    };
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(invalid)?;
    let w = st.world();
    let t = w.access.get(token.trim()).ok_or_else(invalid)?;
    if t.expires_ms <= now_ms() {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorStyle::OAuth,
            "invalid_token",
            "The access token has expired",
        ));
    }
    if !t.scope.split(' ').any(|s| s == "profile") {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorStyle::OAuth,
            "insufficient_scope",
            "The access token does not carry the profile scope",
        ));
    }
    let u = w.users.get(&t.user_id).ok_or_else(invalid)?;
    Ok(crate::http::json_response(
        StatusCode::OK,
        "application/json",
        json!({"user_id": u.user_id, "name": u.name, "email": u.email}),
    ))
}
