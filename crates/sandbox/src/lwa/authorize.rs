//! `GET /ap/oa`: the sandbox sign-in and consent page (no password, plainly marked Sandbox).

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use std::collections::HashMap;

use super::KNOWN_SCOPES;
use crate::ids::{auth_code, now_ms};
use crate::model::AuthCode;
use crate::pages;
use crate::state::AppState;

type Params = HashMap<String, String>;

const BAD_REDIRECT: &str = "The redirect URI you provided has not been whitelisted for your application. \
Please add your redirect URI in the 'Allowed Return URLs' section under 'Web Settings' for your application.";

/// A request that passed validation and may be answered by redirecting.
struct Valid {
    redirect_uri: String,
    scope: String,
    state: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: String,
}

pub async fn get(State(st): State<AppState>, Query(p): Query<Params>) -> Response {
    let v = match validate(&st, &p) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let cfg = st.config();
    if cfg.auto_approve {
        return approve(&st, &p, v, &cfg.test_user.name, &cfg.test_user.email);
    }
    consent_page(&p, &v.scope, "", &cfg.test_user.email, &cfg.test_user.name)
}

pub async fn post(State(st): State<AppState>, Form(p): Form<Params>) -> Response {
    let v = match validate(&st, &p) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    if p.get("decision").map(String::as_str) != Some("allow") {
        let mut q = vec![("error", "access_denied".to_string())];
        q.push(("error_description", "The user denied the request".into()));
        return redirect(&v.redirect_uri, q, v.state.as_deref());
    }
    let email = p.get("email").map(|s| s.trim()).unwrap_or("");
    let name = p.get("name").map(|s| s.trim()).unwrap_or("");
    if !looks_like_email(email) || name.is_empty() {
        let err =
            "<div class=\"error\">Enter an email address (like name@company.com) and a name.</div>";
        return consent_page(&p, &v.scope, err, email, name);
    }
    approve(&st, &p, v, name, email)
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
        }
        None => false,
    }
}

fn validate(st: &AppState, p: &Params) -> Result<Valid, Box<Response>> {
    let cfg = st.config();
    let client_ok = p.get("client_id").is_some_and(|c| *c == cfg.client_id);
    if !client_ok {
        return Err(Box::new(pages::error_page(
            StatusCode::BAD_REQUEST,
            "400 Bad Request",
            "The client_id is not a registered application.",
            "lwa-invalid-parameter-client-id",
        )));
    }
    let redirect_uri = p.get("redirect_uri").cloned().unwrap_or_default();
    if !cfg.allowed_return_urls.contains(&redirect_uri) {
        return Err(Box::new(pages::error_page(
            StatusCode::BAD_REQUEST,
            "400 Bad Request",
            BAD_REDIRECT,
            "lwa-invalid-parameter-bad-redirect-uri-vendor",
        )));
    }
    let state = p.get("state").cloned();
    let fail = |error: &str, desc: &str| {
        let q = vec![
            ("error", error.to_string()),
            ("error_description", desc.to_string()),
        ];
        Box::new(redirect(&redirect_uri, q, state.as_deref()))
    };
    if p.get("response_type").map(String::as_str) != Some("code") {
        return Err(fail(
            "unsupported_response_type",
            "The authorization server does not support obtaining an authorization code using this method",
        ));
    }
    let scope = p
        .get("scope")
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    if scope.is_empty() || scope.split_whitespace().any(|s| !KNOWN_SCOPES.contains(&s)) {
        return Err(fail("invalid_scope", "An unknown scope was requested"));
    }
    let code_challenge = p.get("code_challenge").filter(|c| !c.is_empty()).cloned();
    let method = p
        .get("code_challenge_method")
        .cloned()
        .unwrap_or_else(|| "plain".into());
    if method != "plain" && method != "S256" {
        return Err(fail("invalid_request", "Unsupported code_challenge_method"));
    }
    Ok(Valid {
        redirect_uri,
        scope,
        state,
        code_challenge,
        code_challenge_method: method,
    })
}

fn approve(st: &AppState, p: &Params, v: Valid, name: &str, email: &str) -> Response {
    let code = auth_code();
    {
        let mut w = st.world();
        let user_id = w.upsert_user(name, email);
        w.codes.insert(
            code.clone(),
            AuthCode {
                code: code.clone(),
                client_id: p.get("client_id").cloned().unwrap_or_default(),
                redirect_uri: v.redirect_uri.clone(),
                scope: v.scope.clone(),
                user_id,
                code_challenge: v.code_challenge.clone(),
                code_challenge_method: v.code_challenge_method.clone(),
                issued_ms: now_ms(),
                used: false,
            },
        );
    }
    redirect(
        &v.redirect_uri,
        vec![("code", code), ("scope", v.scope.clone())],
        v.state.as_deref(),
    )
}

/// 302 to the return URL with `query` (and the echoed `state`) appended.
fn redirect(redirect_uri: &str, mut query: Vec<(&str, String)>, state: Option<&str>) -> Response {
    if let Some(s) = state {
        query.push(("state", s.to_string()));
    }
    let location = match url::Url::parse(redirect_uri) {
        Ok(mut u) => {
            {
                let mut pairs = u.query_pairs_mut();
                for (k, v) in &query {
                    pairs.append_pair(k, v);
                }
            }
            u.to_string()
        }
        Err(_) => redirect_uri.to_string(),
    };
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}

fn consent_page(p: &Params, scope: &str, error_html: &str, email: &str, name: &str) -> Response {
    let keys = [
        "client_id",
        "scope",
        "response_type",
        "redirect_uri",
        "state",
        "code_challenge",
        "code_challenge_method",
    ];
    let hidden: String = keys
        .iter()
        .filter_map(|k| p.get(*k).map(|v| (k, v)))
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{k}\" value=\"{}\">",
                pages::escape(v)
            )
        })
        .collect();
    let body = pages::fill(
        pages::CONSENT,
        &[
            ("app", "Ads Onboard"),
            ("scope", scope),
            ("email", email),
            ("name", name),
            ("action", "/ap/oa"),
        ],
        &[("hidden", &hidden), ("error", error_html)],
    );
    pages::page(StatusCode::OK, "Sign in", body)
}
