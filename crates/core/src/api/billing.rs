//! `POST /billing/statuses`: best effort; a failure here never blocks the flow (sellers
//! manage billing in Seller Central).

use super::models::string_enum;
use super::{encode, ApiClient, ApiError, Call, Retry};
use reqwest::Method;
use serde::{Deserialize, Serialize};

pub const REQUEST_CONTENT_TYPE: &str = "application/vnd.bulkgetbillingstatusrequestbody.v1+json";
pub const RESPONSE_MEDIA_TYPE: &str = "application/vnd.bulkgetbillingstatusresponse.v1+json";
/// The spec's `maxItems` for one request.
pub const MAX_PER_REQUEST: usize = 30;

string_enum!(BillingStatusCode {
    Valid = "VALID_BILLING_STATUS",
    PendingBillingRegistration = "PENDING_BILLING_REGISTRATION",
    PendingPaymentRegistration = "PENDING_PAYMENT_REGISTRATION",
    PendingTaxRegistration = "PENDING_TAX_REGISTRATION",
    InvalidPaymentRegistration = "INVALID_PAYMENT_REGISTRATION",
    PaymentMethodExpired = "PAYMENT_METHOD_EXPIRED",
    PaymentMethodVerificationFailed = "PAYMENT_METHOD_VERIFICATION_FAILED",
    AccountBillingIssue = "ACCOUNT_BILLING_ISSUE",
    ReserveOrderBalanceTooLow = "RESERVE_ORDER_BALANCE_TOO_LOW",
    StoredValueBalanceTooLow = "STORED_VALUE_BALANCE_TOO_LOW",
});

string_enum!(AdvertiserType {
    Agency = "AGENCY",
    DspAdvertisingAccount = "DSP_ADVERTISING_ACCOUNT",
    Seller = "SELLER",
    Vendor = "VENDOR",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdvertiserMarketplace {
    pub advertiser_id: String,
    pub marketplace_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advertiser_type: Option<AdvertiserType>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BillingStatus {
    pub billing_status_code: BillingStatusCode,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BillingStatusSuccess {
    pub advertiser_marketplace: Option<AdvertiserMarketplace>,
    pub billing_status: BillingStatus,
    #[serde(default)]
    pub index: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BillingStatusError {
    #[serde(default)]
    pub advertiser_marketplace: Option<AdvertiserMarketplace>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub index: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct BillingStatuses {
    #[serde(default)]
    pub success: Vec<BillingStatusSuccess>,
    #[serde(default)]
    pub error: Vec<BillingStatusError>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Request<'a> {
    advertiser_marketplaces: &'a [AdvertiserMarketplace],
    #[serde(skip_serializing_if = "Option::is_none")]
    locale: Option<&'a str>,
}

/// Amazon's marketplace ID for a country code (the ones the Profiles spec lists).
pub fn marketplace_id(country: &str) -> Option<&'static str> {
    Some(match country {
        "US" => "ATVPDKIKX0DER",
        "CA" => "A2EUQ1WTGCTBG2",
        "MX" => "A1AM78C64UM0Y8",
        "BR" => "A2Q3Y263D00KWC",
        "UK" | "GB" => "A1F83G8C2ARO7P",
        "DE" => "A1PA6795UKMFR9",
        "FR" => "A13V1IB3VIYZZH",
        "IT" => "APJ6JRA9NG5V4",
        "ES" => "A1RKKUPIHCS9HS",
        "NL" => "A1805IZSGTT6HS",
        "SE" => "A2NODRKZP88ZB9",
        "PL" => "A1C3SOZRARQ6R3",
        "BE" => "AMEN7PMS3EDWL",
        "TR" => "A33AVAJ2PDY3EV",
        "AE" => "A2VIGQ35RCS4UG",
        "SA" => "A17E79C6D8DWNP",
        "EG" => "ARBP9OOSHTCHU",
        "IN" => "A21TJRUUN4KGV",
        "ZA" => "AE08WJ6YKNBMC",
        "IE" => "A28R8C7NBKEWEA",
        "JP" => "A1VC38T7YXB528",
        "AU" => "A39IBJ37TRP1C6",
        "SG" => "A19VAU5U5O7RUS",
        _ => return None,
    })
}

impl ApiClient {
    /// `POST /billing/statuses`, in chunks of 30. Errors from later chunks are returned
    /// as errors; the caller treats billing as optional information.
    pub async fn billing_statuses(
        &self,
        advertisers: &[AdvertiserMarketplace],
        ads_account_id: Option<&str>,
    ) -> Result<BillingStatuses, ApiError> {
        let mut all = BillingStatuses::default();
        for chunk in advertisers.chunks(MAX_PER_REQUEST) {
            let mut extra = vec![];
            if let Some(id) = ads_account_id {
                extra.push(("Amazon-Ads-AccountId", id.to_string()));
            }
            let page: BillingStatuses = self
                .json(Call {
                    operation: "billing statuses",
                    method: Method::POST,
                    region: self.region(),
                    path: "/billing/statuses".into(),
                    query: vec![],
                    content_type: Some(REQUEST_CONTENT_TYPE),
                    accept: RESPONSE_MEDIA_TYPE,
                    body: Some(encode(&Request {
                        advertiser_marketplaces: chunk,
                        locale: None,
                    })),
                    retry: Retry::Read,
                    extra_headers: extra,
                })
                .await?;
            all.success.extend(page.success);
            all.error.extend(page.error);
        }
        Ok(all)
    }
}

impl ApiClient {
    /// Billing status per country of one account (keyed by country code). Best effort:
    /// callers show "unknown" when this fails.
    pub async fn account_billing(
        &self,
        account: &crate::api::accounts::AdsAccount,
    ) -> Result<std::collections::BTreeMap<String, BillingStatusCode>, ApiError> {
        let countries: Vec<(String, &'static str)> = account
            .countries()
            .into_iter()
            .filter_map(|c| marketplace_id(&c).map(|m| (c, m)))
            .collect();
        if countries.is_empty() {
            return Ok(Default::default());
        }
        let asks: Vec<AdvertiserMarketplace> = countries
            .iter()
            .map(|(_, m)| AdvertiserMarketplace {
                advertiser_id: account.ads_account_id.clone(),
                marketplace_id: m.to_string(),
                advertiser_type: None,
            })
            .collect();
        let r = self
            .billing_statuses(&asks, Some(&account.ads_account_id))
            .await?;
        let mut out = std::collections::BTreeMap::new();
        for s in r.success {
            let market = s
                .advertiser_marketplace
                .as_ref()
                .map(|m| m.marketplace_id.clone())
                .or_else(|| {
                    s.index
                        .and_then(|i| asks.get(i as usize))
                        .map(|a| a.marketplace_id.clone())
                });
            if let Some((country, _)) = countries
                .iter()
                .find(|(_, m)| Some(*m) == market.as_deref())
            {
                out.insert(country.clone(), s.billing_status.billing_status_code);
            }
        }
        Ok(out)
    }
}
