//! `POST /billing/statuses` and the simulated billing setup page that completes billing.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use crate::countries;
use crate::http::{
    authenticate, check_accept, json_response, require_content_type, ApiError, ErrorStyle,
};
use crate::ids::now_ms;
use crate::model::AccountStatus;
use crate::pages;
use crate::state::AppState;

pub const REQUEST_TYPE: &str = "application/vnd.bulkgetbillingstatusrequestbody.v1+json";
pub const RESPONSE_TYPE: &str = "application/vnd.bulkgetbillingstatusresponse.v1+json";

pub async fn statuses(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let style = ErrorStyle::Billing;
    let caller = authenticate(&st, &headers, style)?;
    require_content_type(&headers, REQUEST_TYPE, style)?;
    check_accept(&headers, &[RESPONSE_TYPE], style)?;
    let bad = |m: &str| ApiError::bad_request(style, "BAD_REQUEST", m);
    let req: Value = serde_json::from_slice(&body).map_err(|_| bad("Malformed JSON body"))?;
    let items = req
        .get("advertiserMarketplaces")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("advertiserMarketplaces is required"))?;
    if items.is_empty() || items.len() > 30 {
        return Err(bad("advertiserMarketplaces must hold 1 to 30 items"));
    }
    let now = now_ms();
    let forced = st.config().billing_errors;
    let w = st.world();
    let (mut success, mut error) = (Vec::new(), Vec::new());
    for (index, item) in items.iter().enumerate() {
        let advertiser = item
            .get("advertiserId")
            .and_then(Value::as_str)
            .unwrap_or("");
        let marketplace = item
            .get("marketplaceId")
            .and_then(Value::as_str)
            .unwrap_or("");
        let fail = |code: &str, description: String| {
            json!({"advertiserMarketplace": item, "advertiserId": advertiser, "description": description,
                   "errorCode": code, "index": index})
        };
        if advertiser.is_empty() || marketplace.is_empty() {
            error.push(fail(
                "BAD_REQUEST",
                "advertiserId and marketplaceId are required".into(),
            ));
            continue;
        }
        let country = countries::by_marketplace(marketplace);
        let account = w.accounts.iter().find(|a| {
            a.user_id == caller.user_id
                && (a.ads_account_id == advertiser
                    || a.countries.iter().any(|c| {
                        c.entity_id == advertiser || c.profile_id.to_string() == advertiser
                    }))
        });
        let Some(a) = account else {
            error.push(fail(
                "NOT_FOUND",
                format!("Advertiser {advertiser} was not found"),
            ));
            continue;
        };
        let in_market = country.is_some_and(|c| {
            a.ready_countries(now)
                .iter()
                .any(|r| r.country_code == c.code)
        });
        if !in_market
            || matches!(
                a.status(now),
                AccountStatus::Disabled | AccountStatus::Pending
            )
        {
            error.push(fail(
                "NOT_FOUND",
                format!("Advertiser {advertiser} has no account in marketplace {marketplace}"),
            ));
            continue;
        }
        if let Some(code) = country.and_then(|c| forced.get(c.code)) {
            error.push(fail(
                code,
                format!("Billing status of {advertiser} in {marketplace} is unavailable ({code})"),
            ));
            continue;
        }
        let (code, message) = if a.kind == "amazonSeller" {
            (
                "VALID_BILLING_STATUS",
                "Billing is managed in Seller Central",
            )
        } else if a.billing_complete {
            ("VALID_BILLING_STATUS", "Billing is set up")
        } else {
            (
                "PENDING_BILLING_REGISTRATION",
                "Set up billing before campaigns can run",
            )
        };
        success.push(json!({"advertiserMarketplace": item, "billingStatus": {"billingStatusCode": code, "message": message}, "index": index}));
    }
    Ok(json_response(
        StatusCode::OK,
        RESPONSE_TYPE,
        json!({"success": success, "error": error}),
    ))
}

/// The sandbox's stand-in for Amazon's billing setup page: `{base}/billing/setup/{adsAccountId}`.
pub async fn setup_page(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    let w = st.world();
    let Some(a) = w.accounts.iter().find(|a| a.ads_account_id == id) else {
        return not_found();
    };
    if a.billing_complete {
        return pages::done_page(
            "Billing is set up",
            "This account's billing setup is complete.",
        );
    }
    let payer = w
        .users
        .get(&a.user_id)
        .map(|u| u.name.clone())
        .unwrap_or_default();
    let name = a.account_name.clone().unwrap_or_default();
    let body = pages::fill(
        pages::BILLING,
        &[
            ("account", &id),
            ("name", &name),
            ("payer", &payer),
            ("action", &format!("/billing/setup/{id}")),
        ],
        &[],
    );
    pages::page(StatusCode::OK, "Set up billing", body)
}

pub async fn complete(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    if complete_billing(&st, &id) {
        pages::done_page(
            "Billing is set up",
            "Billing setup is complete. Campaigns can now run.",
        )
    } else {
        not_found()
    }
}

pub fn complete_billing(st: &AppState, id: &str) -> bool {
    let mut w = st.world();
    let Some(a) = w.accounts.iter_mut().find(|a| a.ads_account_id == id) else {
        return false;
    };
    a.billing_complete = true;
    let a = a.clone();
    w.save_account(&a);
    true
}

fn not_found() -> Response {
    pages::error_page(
        StatusCode::NOT_FOUND,
        "Account not found",
        "No sandbox ads account has this ID.",
        "account-not-found",
    )
}
