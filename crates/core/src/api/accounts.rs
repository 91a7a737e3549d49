//! `/adsAccounts`: register, get and list advertising accounts.

use super::models::{string_enum, ProfileId};
use super::terms::path_segment;
use super::{decode, encode, ApiClient, ApiError, Call, Retry};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const REGISTER_CONTENT_TYPE: &str = "application/vnd.registeradsaccountresource.v1+json";
pub const LIST_MEDIA_TYPE: &str = "application/vnd.listaccountsresource.v1+json";
pub const ACCOUNT_MEDIA_TYPE: &str = "application/vnd.accountresource.v1+json";
/// Largest page the spec allows.
pub const MAX_PAGE: u32 = 100;

string_enum!(
    /// PARTIALLY_CREATED is still in progress per Amazon's guide.
    AccountStatus {
        Pending = "PENDING",
        PartiallyCreated = "PARTIALLY_CREATED",
        Created = "CREATED",
        Disabled = "DISABLED",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Business {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub website_url: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub address_line1: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub address_line2: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub city: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub state: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub zip_code: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub country_code: String,
}

/// Who the account is for: one of the spec's association variants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Association {
    /// A business that does not sell on Amazon (non-endemic; US only for now).
    Business(Business),
    AmazonSeller {
        #[serde(rename = "sellerCentralAccount")]
        seller_central_account: String,
    },
    AmazonVendor {
        #[serde(rename = "vendorGroup")]
        vendor_group: String,
    },
    AmazonAuthor {
        email: String,
    },
}

impl Association {
    pub fn kind(&self) -> &'static str {
        match self {
            Association::Business(_) => "business",
            Association::AmazonSeller { .. } => "amazonSeller",
            Association::AmazonVendor { .. } => "amazonVendor",
            Association::AmazonAuthor { .. } => "amazonAuthor",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RegisterAdsAccountRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub associations: Vec<Association>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub country_codes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_token: Option<String>,
}

/// One `errors` entry: Amazon's reason for a country being refused. The spec types
/// `errorId` as `number`, so `7` and `7.0` are both valid and kept as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AccountError {
    #[serde(default, deserialize_with = "lenient::number")]
    pub error_id: Option<serde_json::Number>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub error_code: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub error_message: Option<String>,
}

impl AccountError {
    /// "Message (CODE)", or whichever of the two Amazon gave.
    pub fn reason(&self) -> String {
        match (&self.error_message, &self.error_code) {
            (Some(m), Some(code)) => format!("{m} ({code})"),
            (Some(m), None) => m.clone(),
            (None, Some(code)) => code.clone(),
            (None, None) => "No reason given".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AlternateId {
    #[serde(default)]
    pub country_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_id: Option<ProfileId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
}

/// `AdsAccount` and `AdsAccountWithMetaData` in one: the short form just leaves the
/// metadata empty. The ID is required; in the lists and the error map one odd entry is
/// dropped (and logged) rather than losing the whole account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdsAccount {
    pub ads_account_id: String,
    #[serde(default)]
    pub account_name: Option<String>,
    #[serde(default)]
    pub status: Option<AccountStatus>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub country_codes: Vec<String>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub alternate_ids: Vec<AlternateId>,
    #[serde(
        default,
        deserialize_with = "lenient::error_map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub errors: BTreeMap<String, Vec<AccountError>>,
}

use super::lenient;

impl AdsAccount {
    pub fn profile_id(&self, country: &str) -> Option<ProfileId> {
        self.alternate_ids
            .iter()
            .find(|a| a.country_code.as_deref() == Some(country) && a.profile_id.is_some())
            .and_then(|a| a.profile_id)
    }

    pub fn entity_id(&self, country: &str) -> Option<&str> {
        self.alternate_ids
            .iter()
            .find(|a| a.country_code.as_deref() == Some(country) && a.entity_id.is_some())
            .and_then(|a| a.entity_id.as_deref())
    }

    /// Countries of the account, including those only named in `alternateIds` or `errors`.
    pub fn countries(&self) -> Vec<String> {
        let mut c: Vec<String> = self.country_codes.clone();
        let more = self
            .alternate_ids
            .iter()
            .filter_map(|a| a.country_code.clone())
            .chain(self.errors.keys().cloned());
        for x in more {
            if !c.contains(&x) {
                c.push(x);
            }
        }
        c
    }

    /// Countries Amazon refused for this account: those its `errors` name.
    pub fn refused_countries(&self) -> Vec<String> {
        self.errors
            .iter()
            .filter(|(_, e)| !e.is_empty())
            .map(|(c, _)| c.clone())
            .collect()
    }

    /// PARTIALLY_CREATED for good: some countries are refused and every other one is
    /// usable, with its profile ID. Nothing more will come, so waiting is pointless.
    pub fn partly_refused(&self) -> bool {
        let refused = self.refused_countries();
        !refused.is_empty()
            && self
                .countries()
                .iter()
                .all(|c| refused.contains(c) || self.profile_id(c).is_some())
    }

    /// True once every country (at least one) has a profile ID.
    pub fn has_all_profiles(&self) -> bool {
        let countries = self.countries();
        !countries.is_empty()
            && countries
                .iter()
                .all(|c| self.profile_id(c).is_some() || self.errors.contains_key(c))
            && self.alternate_ids.iter().any(|a| a.profile_id.is_some())
    }
}

#[derive(Debug, Clone, Deserialize)]
struct RegisterResponse {
    #[serde(rename = "adsAccount")]
    ads_account: Option<AdsAccount>,
}

#[derive(Debug, Clone, Deserialize)]
struct GetResponse {
    #[serde(rename = "adsAccount")]
    ads_account: Option<AdsAccount>,
}

impl ApiClient {
    /// `POST /adsAccounts`. Never retried here, not even on 429: whether to send it again
    /// is the registration engine's call, after reconciling with the account list.
    pub async fn register_ads_account(
        &self,
        request: &RegisterAdsAccountRequest,
    ) -> Result<AdsAccount, ApiError> {
        let reply = self
            .execute(Call {
                operation: "register ads account",
                method: Method::POST,
                region: self.region(),
                path: "/adsAccounts".into(),
                query: vec![],
                content_type: Some(REGISTER_CONTENT_TYPE),
                accept: "application/json",
                body: Some(encode(request)),
                retry: Retry::Never,
                extra_headers: vec![],
            })
            .await?;
        let r: RegisterResponse = decode("register ads account", &reply.body)?;
        r.ads_account.ok_or_else(|| ApiError::Decode {
            operation: "register ads account",
            message: "the response has no adsAccount".into(),
        })
    }

    /// `GET /adsAccounts/{id}`: the full account, with per-country errors and alternate IDs.
    pub async fn get_ads_account(&self, ads_account_id: &str) -> Result<AdsAccount, ApiError> {
        let r: GetResponse = self
            .json(Call {
                operation: "get ads account",
                method: Method::GET,
                region: self.region(),
                path: format!("/adsAccounts/{}", path_segment(ads_account_id)),
                query: vec![],
                content_type: None,
                accept: ACCOUNT_MEDIA_TYPE,
                body: None,
                retry: Retry::Read,
                extra_headers: vec![],
            })
            .await?;
        r.ads_account.ok_or_else(|| ApiError::Decode {
            operation: "get ads account",
            message: "the response has no adsAccount".into(),
        })
    }
}

mod list;
pub use list::{parse_account_page, AccountList, AccountPage, AccountPages};

#[cfg(test)]
mod tests;
