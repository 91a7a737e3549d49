//! `GET /v2/profiles` and `GET /v2/profiles/{id}`: one profile per usable country of the
//! user's accounts, limited to the host's region.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Extension;
use serde_json::{json, Value};
use std::collections::HashMap;

use crate::countries;
use crate::http::{authenticate, check_accept, json_response, ApiError, ErrorStyle};
use crate::ids::now_ms;
use crate::model::Account;
use crate::state::AppState;

/// The Ads host a request came to: "NA" (root), "EU" (`/eu`) or "FE" (`/fe`).
#[derive(Debug, Clone, Copy)]
pub struct HostRegion(pub &'static str);

const API_PROGRAMS: &[&str] = &[
    "billing",
    "campaign",
    "paymentMethod",
    "store",
    "report",
    "account",
    "posts",
];

fn profile_type(a: &Account) -> &'static str {
    if a.kind == "amazonSeller" {
        "seller"
    } else {
        "vendor"
    }
}

fn profiles_for(
    st: &AppState,
    user_id: &str,
    region: &str,
) -> Vec<(Value, &'static str, Option<bool>)> {
    let now = now_ms();
    let w = st.world();
    let mut out = Vec::new();
    for a in w.accounts.iter().filter(|a| a.user_id == user_id) {
        for c in a.profiled_countries(now) {
            let Some(country) = countries::lookup(&c.country_code).filter(|x| x.region == region)
            else {
                continue;
            };
            let ptype = profile_type(a);
            let name = a
                .account_name
                .clone()
                .or(a.partner_id.clone())
                .unwrap_or_default();
            let id = if ptype == "seller" {
                a.partner_id.clone().unwrap_or_default()
            } else {
                c.entity_id.clone()
            };
            let mut info = json!({"marketplaceStringId": country.marketplace_id, "id": id, "type": ptype, "name": name});
            let mut valid_payment = None;
            if ptype == "vendor" {
                valid_payment = Some(a.billing_complete);
                info["validPaymentMethod"] = json!(a.billing_complete);
            }
            if a.kind == "amazonAuthor" {
                info["subType"] = json!("KDP_AUTHOR");
            }
            let mut p = json!({
                "profileId": c.profile_id,
                "countryCode": country.code,
                "currencyCode": country.currency,
                "timezone": country.timezone,
                "accountInfo": info,
            });
            if ptype == "seller" {
                p["dailyBudget"] = json!(999999999.0);
            }
            out.push((p, ptype, valid_payment));
        }
    }
    out
}

pub async fn list(
    State(st): State<AppState>,
    Extension(region): Extension<HostRegion>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let style = ErrorStyle::CodeDetails;
    let caller = authenticate(&st, &headers, style)?;
    check_accept(&headers, &[], style)?;
    let bad = |m: String| ApiError::bad_request(style, "INVALID_ARGUMENT", m);
    if let Some(p) = q
        .get("apiProgram")
        .filter(|p| !API_PROGRAMS.contains(&p.as_str()))
    {
        return Err(bad(format!(
            "apiProgram '{p}' is not one of {}",
            API_PROGRAMS.join(", ")
        )));
    }
    if let Some(l) = q
        .get("accessLevel")
        .filter(|l| *l != "edit" && *l != "view")
    {
        return Err(bad(format!("accessLevel '{l}' is not one of edit, view")));
    }
    let types: Option<Vec<String>> = q.get("profileTypeFilter").map(|f| {
        f.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    });
    if let Some(t) = types
        .iter()
        .flatten()
        .find(|t| !["seller", "vendor", "agency"].contains(&t.as_str()))
    {
        return Err(bad(format!(
            "profileTypeFilter '{t}' is not one of seller, vendor, agency"
        )));
    }
    let payment = match q.get("validPaymentMethodFilter").map(String::as_str) {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(o) => {
            return Err(bad(format!(
                "validPaymentMethodFilter '{o}' is not true or false"
            )))
        }
    };
    // The owner holds every permission, so apiProgram and accessLevel never exclude a profile.
    let out: Vec<Value> = profiles_for(&st, &caller.user_id, region.0)
        .into_iter()
        .filter(|(_, t, _)| types.as_ref().is_none_or(|ts| ts.iter().any(|x| x == t)))
        .filter(|(_, _, valid)| match payment {
            None => true,
            Some(true) => valid.unwrap_or(true),
            Some(false) => *valid == Some(false),
        })
        .map(|(p, _, _)| p)
        .take(5000)
        .collect();
    Ok(json_response(
        StatusCode::OK,
        "application/json",
        Value::Array(out),
    ))
}

pub async fn get(
    State(st): State<AppState>,
    Extension(region): Extension<HostRegion>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let style = ErrorStyle::CodeDetails;
    let caller = authenticate(&st, &headers, style)?;
    let id: i64 = id.parse().map_err(|_| {
        ApiError::bad_request(
            style,
            "INVALID_ARGUMENT",
            format!("profileId '{id}' is not a number"),
        )
    })?;
    profiles_for(&st, &caller.user_id, region.0)
        .into_iter()
        .map(|(p, _, _)| p)
        .find(|p| p["profileId"].as_i64() == Some(id))
        .map(|p| json_response(StatusCode::OK, "application/json", p))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                style,
                "NOT_FOUND",
                format!("Profile {id} not found"),
            )
        })
}
