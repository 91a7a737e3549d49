//! Knobs of the sandbox. Every delay is configurable down to milliseconds so tests never
//! wait real seconds. Serialized with snake_case keys and `_ms` durations for config files.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::faults::FaultRule;
use crate::SandboxError;

pub const DEFAULT_CLIENT_ID: &str = "amzn1.application-oa2-client.5a4d0b0c5a4d0b0c5a4d0b0c5a4d0b0c";
pub const DEFAULT_CLIENT_SECRET: &str = "sandbox-client-secret";
pub const DEFAULT_RETURN_URL: &str = "http://localhost:47615/callback";
pub const DEFAULT_USER_NAME: &str = "Dana Whitfield";
pub const DEFAULT_USER_EMAIL: &str = "dana@havenhotel.com";

/// The identity the sandbox signs in as when `auto_approve` is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxUser {
    pub name: String,
    pub email: String,
}

impl Default for SandboxUser {
    fn default() -> Self {
        SandboxUser {
            name: DEFAULT_USER_NAME.into(),
            email: DEFAULT_USER_EMAIL.into(),
        }
    }
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SandboxConfig {
    pub client_id: String,
    pub client_secret: String,
    pub allowed_return_urls: Vec<String>,
    /// Approve `/ap/oa` at once as `test_user` and redirect immediately.
    pub auto_approve: bool,
    pub test_user: SandboxUser,
    /// Turn each new terms token ACCEPTED this long after it is created.
    #[serde(rename = "auto_accept_terms_ms", with = "opt_millis")]
    pub auto_accept_terms: Option<Duration>,
    /// Time an account stays PENDING; a random value in
    /// `verification_delay..=verification_delay_max` when the max is larger.
    #[serde(rename = "verification_delay_ms", with = "millis")]
    pub verification_delay: Duration,
    #[serde(rename = "verification_delay_max_ms", with = "millis")]
    pub verification_delay_max: Duration,
    /// How long a multi-country account stays PARTIALLY_CREATED before CREATED.
    #[serde(rename = "partial_phase_ms", with = "millis")]
    pub partial_phase: Duration,
    /// Keep multi-country accounts in PARTIALLY_CREATED forever.
    pub partially_created_stay: bool,
    /// Countries that fail (with per-country errors) in multi-country registrations.
    pub partially_created_fail_countries: Vec<String>,
    /// Lag between a country becoming ready and its profileId/entityId appearing.
    #[serde(rename = "profile_lag_ms", with = "millis")]
    pub profile_lag: Duration,
    #[serde(rename = "access_token_lifetime_ms", with = "millis")]
    pub access_token_lifetime: Duration,
    /// Authorization codes expire after this (5 minutes, as LwA documents).
    #[serde(rename = "auth_code_lifetime_ms", with = "millis")]
    pub auth_code_lifetime: Duration,
    /// Added before every response (except `/__sandbox/`).
    #[serde(rename = "response_delay_ms", with = "millis")]
    pub response_delay: Duration,
    /// Business websites (host names) that end DISABLED for a policy violation.
    pub blocked_websites: Vec<String>,
    /// Email domains treated as unprofessional for business registrations.
    pub consumer_email_domains: Vec<String>,
    /// Seller IDs that are already registered for Sponsored Ads elsewhere.
    pub registered_sellers: Vec<String>,
    /// Countries a vendor registration spans when no country code is given.
    pub vendor_countries: Vec<String>,
    /// Countries a seller registration spans when no country code is given (the
    /// countries the seller sells in).
    pub seller_countries: Vec<String>,
    /// Seller IDs the signed-in user has no access to: registering one answers 403.
    pub inaccessible_sellers: Vec<String>,
    /// Fault rules armed when the sandbox starts (same shape as `POST /__sandbox/faults`).
    pub faults: Vec<FaultRule>,
    /// Send every `errorId` as a JSON float (`7.0`), which the spec's `number` allows.
    pub error_ids_as_floats: bool,
    /// The account list holds one extra item that is not a valid account.
    pub malformed_list_account: bool,
    /// For this long after the 201, `GET /adsAccounts/{id}` of the new account is 404.
    #[serde(rename = "not_found_after_register_ms", with = "millis")]
    pub not_found_after_register: Duration,
    /// A registration that will be refused says DISABLED in the 201 itself.
    pub disabled_in_register_response: bool,
    /// The terms token turns REDEEMED only once the account leaves PENDING, not at the
    /// 201; until then it reads ACCEPTED but cannot be used again.
    pub redeem_terms_when_verified: bool,
    /// Country code to a billing `errorCode` (BAD_REQUEST, INTERNAL_ERROR,
    /// NOT_AUTHORIZED, NOT_FOUND) that `POST /billing/statuses` answers in `error[]`.
    pub billing_errors: BTreeMap<String, String>,
    /// Persist state in `<data_dir>/sandbox.sqlite3` when set.
    pub data_dir: Option<PathBuf>,
    /// Where each `termsUrl` points instead of this sandbox's own agreement page: tests
    /// of what a client does with a link from an answer that it must not open.
    pub terms_url_base: Option<String>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            client_id: DEFAULT_CLIENT_ID.into(),
            client_secret: DEFAULT_CLIENT_SECRET.into(),
            allowed_return_urls: vec![DEFAULT_RETURN_URL.into()],
            auto_approve: false,
            test_user: SandboxUser::default(),
            auto_accept_terms: None,
            verification_delay: Duration::from_secs(2),
            verification_delay_max: Duration::from_secs(10),
            partial_phase: Duration::from_secs(4),
            partially_created_stay: false,
            partially_created_fail_countries: Vec::new(),
            profile_lag: Duration::from_secs(3),
            access_token_lifetime: Duration::from_secs(3600),
            auth_code_lifetime: Duration::from_secs(300),
            response_delay: Duration::ZERO,
            blocked_websites: vec![
                "counterfeit-deals.com".into(),
                "blocklisted.example.com".into(),
            ],
            consumer_email_domains: [
                "gmail.com",
                "googlemail.com",
                "yahoo.com",
                "hotmail.com",
                "outlook.com",
                "live.com",
                "msn.com",
                "aol.com",
                "icloud.com",
                "me.com",
                "proton.me",
                "protonmail.com",
                "gmx.com",
                "mail.com",
                "yandex.com",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            registered_sellers: vec!["A1REGISTERED0SELLER".into()],
            vendor_countries: vec!["US".into(), "CA".into(), "UK".into(), "DE".into()],
            seller_countries: vec!["US".into()],
            inaccessible_sellers: vec!["A0NOACCESS0SELLER".into()],
            faults: Vec::new(),
            error_ids_as_floats: false,
            malformed_list_account: false,
            not_found_after_register: Duration::ZERO,
            disabled_in_register_response: false,
            redeem_terms_when_verified: false,
            billing_errors: BTreeMap::new(),
            terms_url_base: None,
            data_dir: None,
        }
    }
}

impl SandboxConfig {
    /// Zero delays, auto-approve, terms NOT auto-accepted, default client and return URL.
    pub fn for_tests() -> Self {
        SandboxConfig {
            auto_approve: true,
            verification_delay: Duration::ZERO,
            verification_delay_max: Duration::ZERO,
            partial_phase: Duration::ZERO,
            profile_lag: Duration::ZERO,
            ..SandboxConfig::default()
        }
    }

    /// Reads a JSON config file; missing keys keep their defaults.
    pub fn from_file(path: &Path) -> Result<Self, SandboxError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| SandboxError::Config(format!("cannot read {}: {e}", path.display())))?;
        serde_json::from_str(&text)
            .map_err(|e| SandboxError::Config(format!("invalid config {}: {e}", path.display())))
    }

    /// Applies a partial JSON object (same keys as the config file) on top of this config.
    pub fn merged(&self, patch: &serde_json::Value) -> Result<Self, String> {
        let mut current = serde_json::to_value(self).map_err(|e| e.to_string())?;
        let (Some(obj), Some(p)) = (current.as_object_mut(), patch.as_object()) else {
            return Err("config patch must be a JSON object".into());
        };
        for (k, v) in p {
            if !obj.contains_key(k) {
                return Err(format!("unknown config key `{k}`"));
            }
            obj.insert(k.clone(), v.clone());
        }
        serde_json::from_value(current).map_err(|e| e.to_string())
    }
}

impl std::fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut v = serde_json::to_value(self).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.insert("client_secret".into(), "<redacted>".into());
        }
        write!(f, "SandboxConfig({v})")
    }
}

mod millis {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;
    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(d.as_millis() as u64)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        Ok(Duration::from_millis(u64::deserialize(d)?))
    }
}

mod opt_millis {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;
    pub fn serialize<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_some(&(d.as_millis() as u64)),
            None => s.serialize_none(),
        }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
        Ok(Option::<u64>::deserialize(d)?.map(Duration::from_millis))
    }
}
