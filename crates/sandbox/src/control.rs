//! Runtime test controls: `SandboxControl` in Rust, mirrored over HTTP under `/__sandbox/`
//! so other processes (CLI, e2e tests) can drive faults and read the audit too.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::Duration;

use crate::config::SandboxConfig;
use crate::faults::FaultRule;
use crate::ids::now_ms;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditUser {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub terms_accepted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditTermsToken {
    pub terms_token: String,
    pub user_id: String,
    /// CREATED | ACCEPTED | REDEEMED
    pub status: String,
    pub created_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditCountry {
    pub country_code: String,
    pub profile_id: i64,
    pub entity_id: String,
    pub failed: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditAccount {
    pub ads_account_id: String,
    pub user_id: String,
    pub account_name: Option<String>,
    /// business | amazonSeller | amazonVendor | amazonAuthor
    pub kind: String,
    pub partner_id: Option<String>,
    /// Status right now: PENDING | PARTIALLY_CREATED | CREATED | DISABLED
    pub status: String,
    pub countries: Vec<AuditCountry>,
    pub terms_token: Option<String>,
    pub billing_complete: bool,
    pub created_ms: u64,
    pub association: Value,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Audit {
    pub accounts: Vec<AuditAccount>,
    pub terms_tokens: Vec<AuditTermsToken>,
    pub users: Vec<AuditUser>,
    /// Requests served per path (`/adsAccounts`, `/eu/v2/profiles`, ...), `/__sandbox/` excluded.
    pub requests: BTreeMap<String, u64>,
    /// Same, keyed `"METHOD /path"`.
    pub requests_by_method: BTreeMap<String, u64>,
    pub faults: Vec<FaultRule>,
}

/// Handle on a running sandbox's knobs and records. Cheap to clone.
#[derive(Clone)]
pub struct SandboxControl {
    pub(crate) state: AppState,
}

impl SandboxControl {
    pub fn config(&self) -> SandboxConfig {
        self.state.config()
    }

    /// Changes knobs at run time; new values apply to requests from now on.
    pub fn update_config(&self, f: impl FnOnce(&mut SandboxConfig)) {
        let mut c = self.state.config();
        f(&mut c);
        self.state.set_config(c);
    }

    pub fn set_auto_approve(&self, on: bool) {
        self.update_config(|c| c.auto_approve = on);
    }
    pub fn set_auto_accept_terms(&self, after: Option<Duration>) {
        self.update_config(|c| c.auto_accept_terms = after);
    }
    /// Fixed verification delay (PENDING time) for accounts registered from now on.
    pub fn set_verification_delay(&self, d: Duration) {
        self.update_config(|c| {
            c.verification_delay = d;
            c.verification_delay_max = d;
        });
    }
    pub fn set_profile_lag(&self, d: Duration) {
        self.update_config(|c| c.profile_lag = d);
    }
    /// Lifetime of access tokens issued from now on (ms granularity).
    pub fn set_access_token_lifetime(&self, d: Duration) {
        self.update_config(|c| c.access_token_lifetime = d);
    }
    pub fn set_response_delay(&self, d: Duration) {
        self.update_config(|c| c.response_delay = d);
    }
    /// Multi-country registrations stay PARTIALLY_CREATED, with `fail` countries failing.
    pub fn set_partially_created(&self, stay: bool, fail: Vec<String>) {
        self.update_config(|c| {
            c.partially_created_stay = stay;
            c.partially_created_fail_countries = fail;
        });
    }
    pub fn set_test_user(&self, name: &str, email: &str) {
        self.update_config(|c| {
            c.test_user.name = name.into();
            c.test_user.email = email.into();
        });
    }

    pub fn add_fault(&self, rule: FaultRule) {
        self.state.faults().add(rule);
    }
    /// Next `n` requests (any path unless narrowed with `add_fault`) answer 429.
    pub fn throttle_next(&self, n: u32, retry_after_secs: Option<u64>) {
        self.add_fault(FaultRule::throttle(n, retry_after_secs));
    }
    /// Next `n` requests answer `status` (500, 503, ...).
    pub fn fail_next(&self, n: u32, status: u16) {
        self.add_fault(FaultRule::status(n, status));
    }
    pub fn delay_next(&self, n: u32, d: Duration) {
        self.add_fault(FaultRule::delay(n, d));
    }
    /// Next `n` `POST /adsAccounts` create the account, then drop the connection unanswered.
    pub fn drop_after_commit_next(&self, n: u32) {
        self.add_fault(FaultRule::drop_after_commit(n));
    }
    pub fn faults(&self) -> Vec<FaultRule> {
        self.state.faults().rules.clone()
    }
    pub fn clear_faults(&self) {
        self.state.faults().rules.clear();
    }

    /// Accepts a terms token as the agreement page's button would.
    pub fn accept_terms(&self, terms_token: &str) -> bool {
        self.state.world().accept_terms(terms_token).is_some()
    }
    /// Completes the simulated billing setup of an account.
    pub fn complete_billing(&self, ads_account_id: &str) -> bool {
        crate::billing::complete_billing(&self.state, ads_account_id)
    }
    /// Expires every access token issued so far (refresh tokens stay valid).
    pub fn expire_access_tokens(&self) {
        let mut w = self.state.world();
        let now = now_ms();
        let expired: Vec<_> = w
            .access
            .values_mut()
            .map(|t| {
                t.expires_ms = t.expires_ms.min(now);
                t.clone()
            })
            .collect();
        for t in &expired {
            w.save_access(t);
        }
    }

    /// Forgets every user, token, terms token and account, the request counts and the faults;
    /// the config stays.
    pub fn reset(&self) {
        self.state.world().reset();
        self.state
            .counts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.clear_faults();
    }

    /// Requests served so far on `path` (e.g. `/adsAccounts`), any method.
    pub fn request_count(&self, path: &str) -> u64 {
        self.audit().requests.get(path).copied().unwrap_or(0)
    }

    pub fn audit(&self) -> Audit {
        let now = now_ms();
        let (requests, requests_by_method) = {
            let counts = self.state.counts.lock().unwrap_or_else(|e| e.into_inner());
            let mut by_path = BTreeMap::new();
            for (k, v) in counts.iter() {
                let path = k.split_once(' ').map(|(_, p)| p).unwrap_or(k);
                *by_path.entry(path.to_string()).or_insert(0) += v;
            }
            (by_path, counts.clone())
        };
        let mut w = self.state.world();
        let tokens: Vec<String> = w.terms.iter().map(|t| t.token.clone()).collect();
        for t in tokens {
            w.terms_token(&t, now);
        }
        Audit {
            accounts: w
                .accounts
                .iter()
                .map(|a| AuditAccount {
                    ads_account_id: a.ads_account_id.clone(),
                    user_id: a.user_id.clone(),
                    account_name: a.account_name.clone(),
                    kind: a.kind.clone(),
                    partner_id: a.partner_id.clone(),
                    status: a.status(now).as_str().into(),
                    countries: a
                        .countries
                        .iter()
                        .map(|c| AuditCountry {
                            country_code: c.country_code.clone(),
                            profile_id: c.profile_id,
                            entity_id: c.entity_id.clone(),
                            failed: !c.errors.is_empty(),
                        })
                        .collect(),
                    terms_token: a.terms_token.clone(),
                    billing_complete: a.billing_complete,
                    created_ms: a.created_ms,
                    association: a.association.clone(),
                })
                .collect(),
            terms_tokens: w
                .terms
                .iter()
                .map(|t| AuditTermsToken {
                    terms_token: t.token.clone(),
                    user_id: t.user_id.clone(),
                    status: t.status.clone(),
                    created_ms: t.created_ms,
                })
                .collect(),
            users: w
                .users
                .values()
                .map(|u| AuditUser {
                    user_id: u.user_id.clone(),
                    name: u.name.clone(),
                    email: u.email.clone(),
                    terms_accepted: u.terms_accepted,
                })
                .collect(),
            requests,
            requests_by_method,
            faults: self.faults(),
        }
    }
}

// ---- HTTP mirror ----

fn ctl(st: &AppState) -> SandboxControl {
    SandboxControl { state: st.clone() }
}

fn redacted(c: &SandboxConfig) -> Value {
    let mut v = serde_json::to_value(c).unwrap_or_default();
    v["client_secret"] = json!("<redacted>");
    v
}

pub async fn get_audit(State(st): State<AppState>) -> Json<Audit> {
    Json(ctl(&st).audit())
}

pub async fn get_config(State(st): State<AppState>) -> Json<Value> {
    Json(redacted(&st.config()))
}

/// `POST /__sandbox/config` with a partial config object (config-file keys).
pub async fn post_config(State(st): State<AppState>, Json(patch): Json<Value>) -> Response {
    match st.config().merged(&patch) {
        Ok(c) => {
            // Rules given here are armed now, as at start.
            if patch.get("faults").is_some() {
                for rule in &c.faults {
                    st.faults().add(rule.clone());
                }
            }
            st.set_config(c.clone());
            Json(redacted(&c)).into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, Json(json!({"error": e}))).into_response(),
    }
}

pub async fn get_faults(State(st): State<AppState>) -> Json<Vec<FaultRule>> {
    Json(ctl(&st).faults())
}

/// `POST /__sandbox/faults` with one `FaultRule` object, or `{"rules": [FaultRule, ...]}`.
pub async fn post_faults(State(st): State<AppState>, Json(body): Json<Value>) -> Response {
    let rules: Result<Vec<FaultRule>, _> = match body.get("rules") {
        Some(r) => serde_json::from_value(r.clone()),
        None => serde_json::from_value(body).map(|r| vec![r]),
    };
    match rules {
        Ok(rules) => {
            let c = ctl(&st);
            for r in rules {
                c.add_fault(r);
            }
            Json(c.faults()).into_response()
        }
        Err(e) => (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": e.to_string()})),
        )
            .into_response(),
    }
}

pub async fn delete_faults(State(st): State<AppState>) -> StatusCode {
    ctl(&st).clear_faults();
    StatusCode::NO_CONTENT
}

pub async fn reset(State(st): State<AppState>) -> StatusCode {
    ctl(&st).reset();
    StatusCode::NO_CONTENT
}

pub async fn expire_tokens(State(st): State<AppState>) -> StatusCode {
    ctl(&st).expire_access_tokens();
    StatusCode::NO_CONTENT
}

pub async fn accept_terms(State(st): State<AppState>, Path(token): Path<String>) -> StatusCode {
    if ctl(&st).accept_terms(&token) {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::NOT_FOUND
    }
}

pub async fn complete_billing(State(st): State<AppState>, Path(id): Path<String>) -> StatusCode {
    if ctl(&st).complete_billing(&id) {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::NOT_FOUND
    }
}
