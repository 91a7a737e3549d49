//! Ads accounts: register (`POST /adsAccounts`), get, and list.

mod rules;
mod view;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Extension;
use base64::Engine;
use rand::Rng;
use serde_json::{json, Value};

use crate::http::{
    authenticate, check_accept, json_response, require_content_type, ApiError, ErrorStyle,
};
use crate::ids::{ads_account_id, entity_id, now_ms, profile_id};
use crate::model::{Account, CountryPlan, ErrorEntry};
use crate::server::ConnKiller;
use crate::state::AppState;

pub const REGISTER_TYPE: &str = "application/vnd.registeradsaccountresource.v1+json";
pub const ACCOUNT_TYPE: &str = "application/vnd.accountresource.v1+json";
pub const LIST_TYPE: &str = "application/vnd.listaccountsresource.v1+json";

fn parse_body(body: &[u8], style: ErrorStyle) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request(style, "INVALID_INPUT", format!("Malformed JSON body: {e}"))
    })
}

pub async fn register(
    State(st): State<AppState>,
    killer: Option<Extension<ConnKiller>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let style = ErrorStyle::V2;
    let caller = authenticate(&st, &headers, style)?;
    require_content_type(&headers, REGISTER_TYPE, style)?;
    check_accept(&headers, &[REGISTER_TYPE, ACCOUNT_TYPE], style)?;
    let cfg = st.config();
    let reg = rules::validate(&parse_body(&body, style)?, &cfg)?;
    let now = now_ms();
    let refused_at_once = cfg.disabled_in_register_response;
    let account = {
        let mut w = st.world();
        check_terms(&mut w, &caller.user_id, reg.terms_token.as_deref(), now)?;
        let email = w
            .users
            .get(&caller.user_id)
            .map(|u| u.email.clone())
            .unwrap_or_default();
        let disabled = rules::rejection(&reg, &email, &w.accounts, &cfg);
        let mut account = plan(&reg, &caller.user_id, disabled, &cfg, now);
        if account.disabled.is_some() && cfg.disabled_in_register_response {
            // Refused at once: the 201 itself says DISABLED.
            account.verified_ms = now;
        }
        if let Some(t) = &reg.terms_token {
            if let Some(tok) = w.terms.iter_mut().find(|x| x.token == *t) {
                if cfg.redeem_terms_when_verified {
                    tok.redeem_ms = Some(account.verified_ms);
                } else {
                    tok.status = "REDEEMED".into();
                }
                let tok = tok.clone();
                w.save_terms(&tok);
            }
        }
        w.save_account(&account);
        w.accounts.push(account.clone());
        account
    };
    let refused_at_once = refused_at_once && account.disabled.is_some();
    tracing::info!(ads_account_id = %account.ads_account_id, kind = %account.kind, "sandbox account registered");
    if st.faults().take_drop("POST", "/adsAccounts") {
        if let Some(Extension(k)) = killer {
            // Committed; now lose the response the way a broken network would.
            k.kill();
            std::future::pending::<()>().await;
        }
    }
    Ok(json_response(
        StatusCode::CREATED,
        "application/json",
        json!({"adsAccount": view::short(&account, refused_at_once)}),
    ))
}

fn check_terms(
    w: &mut crate::state::World,
    user_id: &str,
    token: Option<&str>,
    now: u64,
) -> Result<(), ApiError> {
    let bad = |code: &str, msg: &str| ApiError::bad_request(ErrorStyle::V2, code, msg);
    match token {
        Some(t) => {
            let tok = w
                .terms_token(t, now)
                .filter(|x| x.user_id == user_id)
                .ok_or_else(|| bad("INVALID_TERMS_TOKEN", "The terms token is not valid"))?;
            match tok.status.as_str() {
                // Used by a registration, though not yet marked REDEEMED.
                "ACCEPTED" if tok.redeem_ms.is_some() => Err(bad(
                    "TERMS_TOKEN_ALREADY_REDEEMED",
                    "The terms token is already used by a registration and cannot be used again",
                )),
                "ACCEPTED" => Ok(()),
                "REDEEMED" => Err(bad(
                    "TERMS_TOKEN_ALREADY_REDEEMED",
                    "The terms token was already used for a registration and cannot be used again",
                )),
                _ => Err(bad(
                    "TERMS_NOT_ACCEPTED",
                    "The advertiser has not accepted the terms: open termsUrl and accept the agreement",
                )),
            }
        }
        None if w.user_accepted_terms(user_id, now) => Ok(()),
        None => Err(bad(
            "TERMS_NOT_ACCEPTED",
            "The advertiser has not accepted the Amazon Ads Agreement: create a terms token and accept it",
        )),
    }
}

/// Decides the account's timeline now, from the current knobs.
fn plan(
    reg: &rules::Registration,
    user_id: &str,
    disabled: Option<Vec<ErrorEntry>>,
    cfg: &crate::config::SandboxConfig,
    now: u64,
) -> Account {
    let lo = cfg.verification_delay.as_millis() as u64;
    let hi = (cfg.verification_delay_max.as_millis() as u64).max(lo);
    let verified = now
        + if hi > lo {
            rand::thread_rng().gen_range(lo..=hi)
        } else {
            lo
        };
    let multi = reg.countries.len() > 1;
    let first_half = reg.countries.len().div_ceil(2);
    let later = if cfg.partially_created_stay {
        None
    } else {
        Some(verified + cfg.partial_phase.as_millis() as u64)
    };
    let countries = reg
        .countries
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let fails = multi
                && cfg
                    .partially_created_fail_countries
                    .iter()
                    .any(|f| f == code);
            CountryPlan {
                country_code: code.clone(),
                profile_id: profile_id(),
                entity_id: entity_id(),
                ready_ms: if !multi || i < first_half {
                    Some(verified)
                } else {
                    later
                },
                errors: if fails {
                    vec![ErrorEntry::new(
                        2001,
                        "COUNTRY_NOT_ELIGIBLE",
                        format!("The account could not be created in {code}"),
                    )]
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    Account {
        ads_account_id: ads_account_id(),
        user_id: user_id.to_string(),
        account_name: reg.account_name.clone(),
        kind: reg.kind.clone(),
        partner_id: reg.partner_id.clone(),
        association: reg.association.clone(),
        countries,
        created_ms: now,
        verified_ms: verified,
        profile_lag_ms: cfg.profile_lag.as_millis() as u64,
        disabled,
        terms_token: reg.terms_token.clone(),
        billing_complete: false,
    }
}

pub async fn get(
    State(st): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let style = ErrorStyle::Message;
    let caller = authenticate(&st, &headers, style)?;
    check_accept(&headers, &[ACCOUNT_TYPE], style)?;
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    {
        return Err(ApiError::bad_request(
            style,
            "INVALID_INPUT",
            format!("Invalid advertisingAccountId '{id}'"),
        ));
    }
    let now = now_ms();
    let hidden = st.config().not_found_after_register.as_millis() as u64;
    let w = st.world();
    let a = w
        .accounts
        .iter()
        // A new account is not visible to reads for a while after its 201.
        .find(|a| {
            a.ads_account_id == id
                && a.user_id == caller.user_id
                && now >= a.created_ms.saturating_add(hidden)
        })
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                style,
                "NOT_FOUND",
                format!("Advertising account {id} not found"),
            )
        })?;
    Ok(json_response(
        StatusCode::OK,
        ACCOUNT_TYPE,
        json!({"adsAccount": view::with_metadata(a, now)}),
    ))
}

pub async fn list(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let style = ErrorStyle::V2;
    let caller = authenticate(&st, &headers, style)?;
    require_content_type(&headers, LIST_TYPE, style)?;
    check_accept(&headers, &[LIST_TYPE], style)?;
    let req = parse_body(&body, style)?;
    let bad = |msg: String| ApiError::bad_request(style, "INVALID_INPUT", msg);
    let max = match req.get("maxResults") {
        None | Some(Value::Null) => 100.0,
        Some(Value::Number(n)) => n.as_f64().unwrap_or(0.0),
        Some(Value::String(s)) => s
            .trim()
            .parse::<f64>()
            .map_err(|_| bad(format!("maxResults '{s}' is not a number")))?,
        Some(v) => return Err(bad(format!("maxResults {v} is not a number"))),
    };
    if max.fract() != 0.0 || !(1.0..=100.0).contains(&max) {
        return Err(bad(format!(
            "maxResults must be between 1 and 100, got {max}"
        )));
    }
    let offset = match req.get("nextToken") {
        None | Some(Value::Null) => 0,
        Some(Value::String(t)) => decode_next(t).ok_or_else(|| bad("Invalid nextToken".into()))?,
        Some(_) => return Err(bad("nextToken must be a string".into())),
    };
    let now = now_ms();
    let w = st.world();
    let mine: Vec<&Account> = w
        .accounts
        .iter()
        .filter(|a| a.user_id == caller.user_id)
        .collect();
    if offset > mine.len() {
        return Err(bad("Invalid nextToken".into()));
    }
    let end = (offset + max as usize).min(mine.len());
    let mut page: Vec<Value> = mine[offset..end]
        .iter()
        .map(|a| view::with_metadata(a, now))
        .collect();
    if offset == 0 && st.config().malformed_list_account {
        // One item the spec does not allow: its required adsAccountId is a number.
        page.insert(
            0,
            json!({"adsAccountId": 4815162342u64, "accountName": "Malformed", "status": "CREATED"}),
        );
    }
    let mut body = json!({ "adsAccounts": page });
    if end < mine.len() {
        body["nextToken"] = json!(encode_next(end));
    }
    Ok(json_response(StatusCode::OK, LIST_TYPE, body))
}

fn encode_next(offset: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("sandbox-list:{offset}"))
}

fn decode_next(token: &str) -> Option<usize> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()?;
    String::from_utf8(raw)
        .ok()?
        .strip_prefix("sandbox-list:")?
        .parse()
        .ok()
}
