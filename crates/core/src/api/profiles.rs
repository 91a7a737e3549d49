//! `GET /v2/profiles`: the per-country profiles an account's campaigns run under.

use super::models::{string_enum, ProfileId};
use super::{ApiClient, ApiError, Call, Retry};
use crate::config::Region;
use reqwest::Method;
use serde::{Deserialize, Serialize};

string_enum!(ProfileType { Seller = "seller", Vendor = "vendor", Agency = "agency" });
string_enum!(ApiProgram {
    Billing = "billing",
    Campaign = "campaign",
    PaymentMethod = "paymentMethod",
    Store = "store",
    Report = "report",
    Account = "account",
    Posts = "posts",
});
string_enum!(AccessLevel { Edit = "edit", View = "view" });

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AccountInfo {
    #[serde(default)]
    pub marketplace_string_id: Option<String>,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default, rename = "type")]
    pub account_type: Option<ProfileType>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub sub_type: Option<String>,
    #[serde(default)]
    pub valid_payment_method: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub profile_id: ProfileId,
    #[serde(default)]
    pub country_code: Option<String>,
    #[serde(default)]
    pub currency_code: Option<String>,
    #[serde(default)]
    pub daily_budget: Option<f64>,
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default)]
    pub account_info: Option<AccountInfo>,
}

/// The query filters of `listProfiles`; unset means Amazon's default.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProfileFilter {
    pub api_program: Option<ApiProgram>,
    pub access_level: Option<AccessLevel>,
    pub profile_types: Vec<ProfileType>,
    pub valid_payment_method: Option<bool>,
}

impl ProfileFilter {
    fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        if let Some(p) = &self.api_program {
            q.push(("apiProgram", p.to_string()));
        }
        if let Some(a) = &self.access_level {
            q.push(("accessLevel", a.to_string()));
        }
        if !self.profile_types.is_empty() {
            let types: Vec<&str> = self.profile_types.iter().map(|t| t.as_str()).collect();
            q.push(("profileTypeFilter", types.join(",")));
        }
        if let Some(v) = self.valid_payment_method {
            q.push(("validPaymentMethodFilter", v.to_string()));
        }
        q
    }
}

/// A profile and the regional host it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegionalProfile {
    pub region: Region,
    #[serde(flatten)]
    pub profile: Profile,
}

impl ApiClient {
    /// `GET /v2/profiles` on one regional host.
    pub async fn list_profiles(
        &self,
        region: Region,
        filter: &ProfileFilter,
    ) -> Result<Vec<Profile>, ApiError> {
        self.json(Call {
            operation: "list profiles",
            method: Method::GET,
            region,
            path: "/v2/profiles".into(),
            query: filter.query(),
            content_type: None,
            accept: "application/json",
            body: None,
            retry: Retry::Read,
            extra_headers: vec![],
        })
        .await
    }

    /// Profiles on all three hosts (access tokens are global; each host returns only its
    /// region's marketplaces). A host that fails is reported next to the others' results.
    pub async fn list_profiles_all_regions(
        &self,
        filter: &ProfileFilter,
    ) -> (Vec<RegionalProfile>, Vec<(Region, ApiError)>) {
        let (na, eu, fe) = tokio::join!(
            self.list_profiles(Region::Na, filter),
            self.list_profiles(Region::Eu, filter),
            self.list_profiles(Region::Fe, filter),
        );
        let mut found = Vec::new();
        let mut failed = Vec::new();
        for (region, r) in [(Region::Na, na), (Region::Eu, eu), (Region::Fe, fe)] {
            match r {
                Ok(list) => found.extend(
                    list.into_iter()
                        .map(|profile| RegionalProfile { region, profile }),
                ),
                Err(e) => failed.push((region, e)),
            }
        }
        (found, failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_become_the_spec_query() {
        let f = ProfileFilter {
            api_program: Some(ApiProgram::Billing),
            access_level: Some(AccessLevel::View),
            profile_types: vec![ProfileType::Seller, ProfileType::Vendor],
            valid_payment_method: Some(false),
        };
        assert_eq!(
            f.query(),
            vec![
                ("apiProgram", "billing".to_string()),
                ("accessLevel", "view".to_string()),
                ("profileTypeFilter", "seller,vendor".to_string()),
                ("validPaymentMethodFilter", "false".to_string()),
            ]
        );
        let p: Profile = serde_json::from_str(
            r#"{"profileId":3302946451811111,"countryCode":"US","accountInfo":{"type":"seller","marketplaceStringId":"ATVPDKIKX0DER"}}"#,
        )
        .unwrap();
        assert_eq!(
            p.account_info.unwrap().account_type,
            Some(ProfileType::Seller)
        );
    }
}
