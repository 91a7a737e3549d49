//! Routes, exactly as Amazon names the paths, plus the envelope every request passes:
//! request id, counting, injected faults and delays, and a redacted trace line.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

use crate::http::{style_for, ApiError};
use crate::profiles::HostRegion;
use crate::state::AppState;
use crate::{accounts, billing, control, lwa, pages, profiles, terms};

/// The Ads API host routes; mounted at the root (NA), `/eu` and `/fe`.
fn ads_host(region: &'static str) -> Router<AppState> {
    Router::new()
        .route("/termsTokens", post(terms::create))
        .route("/termsTokens/{token}", get(terms::get))
        .route("/adsAccounts", post(accounts::register))
        .route("/adsAccounts/list", post(accounts::list))
        .route("/adsAccounts/{id}", get(accounts::get))
        .route("/v2/profiles", get(profiles::list))
        .route("/v2/profiles/{id}", get(profiles::get))
        .route("/billing/statuses", post(billing::statuses))
        .layer(Extension(HostRegion(region)))
}

pub fn build(state: AppState) -> Router {
    let sandbox = Router::new()
        .route("/audit", get(control::get_audit))
        .route(
            "/config",
            get(control::get_config).post(control::post_config),
        )
        .route(
            "/faults",
            get(control::get_faults)
                .post(control::post_faults)
                .delete(control::delete_faults),
        )
        .route("/expire-tokens", post(control::expire_tokens))
        .route("/reset", post(control::reset))
        .route("/terms/{token}/accept", post(control::accept_terms))
        .route("/billing/{id}/complete", post(control::complete_billing));
    Router::new()
        .route("/", get(index))
        .route(
            "/ap/oa",
            get(lwa::authorize::get).post(lwa::authorize::post),
        )
        .route("/auth/o2/token", post(lwa::token::post))
        .route("/user/profile", get(lwa::profile::get))
        .route(
            "/terms/agreement/{token}",
            get(terms::page).post(terms::accept),
        )
        .route(
            "/billing/setup/{id}",
            get(billing::setup_page).post(billing::complete),
        )
        .merge(ads_host("NA"))
        .nest("/eu", ads_host("EU"))
        .nest("/fe", ads_host("FE"))
        .nest("/__sandbox", sandbox)
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), envelope))
        .with_state(state)
}

async fn index(State(st): State<AppState>) -> Response {
    let body = pages::fill(pages::INDEX, &[("base", &st.base_url)], &[]);
    pages::page(StatusCode::OK, "Sandbox", body)
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, Html("Not Found")).into_response()
}

/// axum's own default limit on a request body, applied here to every route.
const BODY_LIMIT: usize = 2 * 1024 * 1024;

async fn envelope(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    // A route that refuses a request before reading it (media type, token) leaves the body
    // unread, and hyper then closes the connection under a client still sending: that
    // client sees a broken pipe, or a dead pooled connection next time, not the 4xx.
    // Reading every body first lets each request get its answer.
    let (parts, body) = req.into_parts();
    let req = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => Request::from_parts(parts, Body::from(bytes)),
        Err(_) => return (StatusCode::PAYLOAD_TOO_LARGE, "Request body too large").into_response(),
    };
    let request_id = crate::ids::request_id();
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let control = path.starts_with("/__sandbox/");
    let mut resp = if control {
        next.run(req).await
    } else {
        *st.counts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(format!("{method} {path}"))
            .or_insert(0) += 1;
        let fault = st.faults().take(&method, &path);
        let delay = st.config().response_delay + Duration::from_millis(fault.delay_ms);
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        match fault.status {
            Some(s) => ApiError::injected(s, style_for(&method, &path), fault.retry_after_secs)
                .into_response(),
            None => next.run(req).await,
        }
    };
    if !control && st.config().error_ids_as_floats {
        resp = with_float_error_ids(resp).await;
    }
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        resp.headers_mut().insert("x-amzn-RequestId", v);
    }
    // Only method, redacted path and status: never headers, query strings or bodies,
    // which carry codes, tokens and secrets.
    tracing::info!(
        target: "ads_onboard_sandbox::request",
        request_id = %request_id,
        method = %method,
        path = %redact_path(&path),
        status = resp.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "sandbox request"
    );
    resp
}

/// Rewrites every integer `errorId` in a JSON body as a float (`7` -> `7.0`): the spec
/// types it `number`, and a client must read both.
async fn with_float_error_ids(resp: Response) -> Response {
    let json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.contains("json"));
    if !json {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, 16 << 20)
        .await
        .unwrap_or_default();
    let out = match serde_json::from_slice::<Value>(&bytes) {
        Ok(mut v) => {
            float_error_ids(&mut v);
            v.to_string().into_bytes()
        }
        Err(_) => bytes.to_vec(),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(out))
}

fn float_error_ids(v: &mut Value) {
    match v {
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                match x.as_i64() {
                    Some(n) if k == "errorId" => *x = json!(n as f64),
                    _ => float_error_ids(x),
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(float_error_ids),
        _ => {}
    }
}

/// Hides terms tokens in paths (`/termsTokens/<redacted>`).
pub fn redact_path(path: &str) -> String {
    let mut out = Vec::new();
    let mut hide_next = false;
    for seg in path.split('/') {
        if hide_next && !seg.is_empty() {
            out.push("<redacted>");
        } else {
            out.push(seg);
        }
        hide_next = matches!(seg, "termsTokens" | "agreement" | "terms");
    }
    out.join("/")
}
