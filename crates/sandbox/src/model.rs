//! The sandbox's records. Timestamps are wall-clock epoch milliseconds so that state
//! persisted in SQLite keeps its meaning after a restart.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct User {
    pub user_id: String,
    pub name: String,
    pub email: String,
    /// Amazon tracks acceptance of the Ads Agreement per LwA user.
    pub terms_accepted: bool,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct AuthCode {
    pub code: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: String,
    pub user_id: String,
    pub code_challenge: Option<String>,
    pub code_challenge_method: String,
    pub issued_ms: u64,
    pub used: bool,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct RefreshGrant {
    pub refresh_token: String,
    pub client_id: String,
    pub user_id: String,
    pub scope: String,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct AccessToken {
    pub token: String,
    pub client_id: String,
    pub user_id: String,
    pub scope: String,
    pub expires_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TermsToken {
    pub token: String,
    pub user_id: String,
    /// CREATED | ACCEPTED | REDEEMED
    pub status: String,
    pub terms_type: Option<String>,
    pub created_ms: u64,
    /// When set, the token turns ACCEPTED at this time without a visit (`auto_accept_terms`).
    pub auto_accept_ms: Option<u64>,
    /// Set when a registration used the token but it turns REDEEMED only later, at this
    /// time (`redeem_terms_when_verified`). From the registration on it cannot be reused.
    #[serde(default)]
    pub redeem_ms: Option<u64>,
}

/// One `{errorId, errorCode, errorMessage}` as Amazon's `Error` schema names it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ErrorEntry {
    pub error_id: i64,
    pub error_code: String,
    pub error_message: String,
}

impl ErrorEntry {
    pub fn new(error_id: i64, code: &str, message: impl Into<String>) -> Self {
        ErrorEntry {
            error_id,
            error_code: code.into(),
            error_message: message.into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CountryPlan {
    pub country_code: String,
    pub profile_id: i64,
    pub entity_id: String,
    /// Ready (usable) from this time; `None` = never (stays PARTIALLY_CREATED).
    pub ready_ms: Option<u64>,
    /// This country fails with these errors once verification ends.
    pub errors: Vec<ErrorEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub ads_account_id: String,
    pub user_id: String,
    pub account_name: Option<String>,
    /// business | amazonSeller | amazonVendor | amazonAuthor
    pub kind: String,
    /// Seller ID, vendor group or author email; None for businesses.
    pub partner_id: Option<String>,
    /// The association exactly as registered.
    pub association: serde_json::Value,
    pub countries: Vec<CountryPlan>,
    pub created_ms: u64,
    /// End of the PENDING phase.
    pub verified_ms: u64,
    pub profile_lag_ms: u64,
    /// Set when the registration is rejected: DISABLED with these errors.
    pub disabled: Option<Vec<ErrorEntry>>,
    pub terms_token: Option<String>,
    pub billing_complete: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountStatus {
    Pending,
    PartiallyCreated,
    Created,
    Disabled,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Pending => "PENDING",
            AccountStatus::PartiallyCreated => "PARTIALLY_CREATED",
            AccountStatus::Created => "CREATED",
            AccountStatus::Disabled => "DISABLED",
        }
    }
}

impl Account {
    pub fn status(&self, now: u64) -> AccountStatus {
        if now < self.verified_ms {
            return AccountStatus::Pending;
        }
        if self.disabled.is_some() {
            return AccountStatus::Disabled;
        }
        let ok: Vec<&CountryPlan> = self
            .countries
            .iter()
            .filter(|c| c.errors.is_empty())
            .collect();
        if ok.is_empty() {
            return AccountStatus::Disabled;
        }
        let all_ready = ok.iter().all(|c| c.ready_ms.is_some_and(|t| t <= now));
        if all_ready && ok.len() == self.countries.len() {
            AccountStatus::Created
        } else {
            AccountStatus::PartiallyCreated
        }
    }

    /// Countries usable now.
    pub fn ready_countries(&self, now: u64) -> Vec<&CountryPlan> {
        if now < self.verified_ms || self.disabled.is_some() {
            return Vec::new();
        }
        self.countries
            .iter()
            .filter(|c| c.errors.is_empty() && c.ready_ms.is_some_and(|t| t <= now))
            .collect()
    }

    /// Countries whose profile has appeared (ready plus the profile lag).
    pub fn profiled_countries(&self, now: u64) -> Vec<&CountryPlan> {
        self.ready_countries(now)
            .into_iter()
            .filter(|c| {
                c.ready_ms
                    .unwrap_or(u64::MAX)
                    .saturating_add(self.profile_lag_ms)
                    <= now
            })
            .collect()
    }
}
