//! `POST /billing/statuses`: best effort; a failure here never blocks the flow (sellers
//! manage billing in Seller Central).

use super::lenient;
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

/// One `error[]` entry. The spec's schema requires `advertiserId` without declaring it
/// as a property, so it is read both at the top level and in `advertiserMarketplace`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BillingStatusError {
    #[serde(default)]
    pub advertiser_marketplace: Option<AdvertiserMarketplace>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub advertiser_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub description: Option<String>,
    /// BAD_REQUEST, INTERNAL_ERROR, NOT_AUTHORIZED or NOT_FOUND (kept as sent).
    #[serde(default, deserialize_with = "lenient::text")]
    pub error_code: Option<String>,
    #[serde(default)]
    pub index: Option<i32>,
}

/// Both arrays are required by the spec; an entry that cannot be read is skipped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct BillingStatuses {
    #[serde(default, deserialize_with = "lenient::list")]
    pub success: Vec<BillingStatusSuccess>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub error: Vec<BillingStatusError>,
}

/// What Amazon said about one country's billing: a status, or an `error[]` entry.
#[derive(Debug, Clone, PartialEq)]
pub enum CountryBilling {
    Status(BillingStatusCode),
    Error {
        code: Option<String>,
        description: Option<String>,
    },
}

impl CountryBilling {
    pub fn status(&self) -> Option<&BillingStatusCode> {
        match self {
            CountryBilling::Status(s) => Some(s),
            CountryBilling::Error { .. } => None,
        }
    }
}

/// The status code, or `CODE: description` for an error, as exports and views show it.
impl std::fmt::Display for CountryBilling {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CountryBilling::Status(s) => f.write_str(s.as_str()),
            CountryBilling::Error { code, description } => {
                let code = code.as_deref().unwrap_or("ERROR");
                match description {
                    Some(d) => write!(f, "{code}: {d}"),
                    None => f.write_str(code),
                }
            }
        }
    }
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
    /// as errors; the caller treats billing as optional information. The operation
    /// declares no header beyond the common ones (no `Amazon-Ads-AccountId`), so none
    /// is sent.
    pub async fn billing_statuses(
        &self,
        advertisers: &[AdvertiserMarketplace],
    ) -> Result<BillingStatuses, ApiError> {
        let mut all = BillingStatuses::default();
        for (n, chunk) in advertisers.chunks(MAX_PER_REQUEST).enumerate() {
            let mut page: BillingStatuses = self
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
                    extra_headers: vec![],
                })
                .await?;
            // Indexes count within a request; make them count within `advertisers`.
            let offset = (n * MAX_PER_REQUEST) as i32;
            for s in &mut page.success {
                s.index = s.index.map(|i| i + offset);
            }
            for e in &mut page.error {
                e.index = e.index.map(|i| i + offset);
            }
            all.success.extend(page.success);
            all.error.extend(page.error);
        }
        Ok(all)
    }

    /// Billing per country of one account (keyed by country code), with Amazon's
    /// `error[]` entries kept as `CountryBilling::Error`. Best effort: callers show
    /// "unknown" when this fails.
    ///
    /// Which advertiser to name is the spec's open question: `advertiserId` is a string
    /// (example `A123C5343OPX47`, an entity-style ID) and `advertiserType` has no value
    /// for a global account or a business that does not sell on Amazon. A global account
    /// is one advertiser per country, named by that country's `entityId` in
    /// `alternateIds`, which is what Amazon's billing calls take as their per-country
    /// target; so that is asked first, without `advertiserType` (optional, and the
    /// account API does not say which type applies). A country with no entity ID yet, or
    /// whose entity ID Amazon does not find, is asked again by the ads account ID (the
    /// global ID the billing guide names). Either answer is accepted.
    pub async fn account_billing(
        &self,
        account: &crate::api::accounts::AdsAccount,
    ) -> Result<std::collections::BTreeMap<String, CountryBilling>, ApiError> {
        let countries: Vec<(String, &'static str)> = account
            .countries()
            .into_iter()
            .filter_map(|c| marketplace_id(&c).map(|m| (c, m)))
            .collect();
        let mut out = std::collections::BTreeMap::new();
        let by_entity: Vec<(String, AdvertiserMarketplace)> = countries
            .iter()
            .filter_map(|(c, m)| account.entity_id(c).map(|e| (c.clone(), ask(e, m))))
            .collect();
        if !by_entity.is_empty() {
            let asks: Vec<AdvertiserMarketplace> =
                by_entity.iter().map(|(_, a)| a.clone()).collect();
            let answer = self.billing_statuses(&asks).await?;
            collect(&by_entity, answer, &mut out);
        }
        let by_account: Vec<(String, AdvertiserMarketplace)> = countries
            .iter()
            .filter(|(c, _)| match out.get(c) {
                None => true,
                Some(CountryBilling::Error { code, .. }) => {
                    matches!(code.as_deref(), Some("NOT_FOUND" | "BAD_REQUEST"))
                }
                Some(CountryBilling::Status(_)) => false,
            })
            .map(|(c, m)| (c.clone(), ask(&account.ads_account_id, m)))
            .collect();
        if !by_account.is_empty() {
            let asks: Vec<AdvertiserMarketplace> =
                by_account.iter().map(|(_, a)| a.clone()).collect();
            let answer = self.billing_statuses(&asks).await?;
            collect(&by_account, answer, &mut out);
        }
        Ok(out)
    }
}

fn ask(advertiser_id: &str, marketplace: &str) -> AdvertiserMarketplace {
    AdvertiserMarketplace {
        advertiser_id: advertiser_id.to_string(),
        marketplace_id: marketplace.to_string(),
        advertiser_type: None,
    }
}

/// Files each answer under its country: by `index` (which the spec requires), else by
/// the advertiser and marketplace it echoes. A status replaces an earlier error.
fn collect(
    asked: &[(String, AdvertiserMarketplace)],
    answer: BillingStatuses,
    out: &mut std::collections::BTreeMap<String, CountryBilling>,
) {
    let country_of =
        |index: Option<i32>, echoed: Option<&AdvertiserMarketplace>, id: Option<&str>| {
            index
                .and_then(|i| usize::try_from(i).ok())
                .and_then(|i| asked.get(i))
                .or_else(|| {
                    let m = echoed?;
                    asked.iter().find(|(_, a)| {
                        a.marketplace_id == m.marketplace_id
                            && (a.advertiser_id == m.advertiser_id || id == Some(&a.advertiser_id))
                    })
                })
                .map(|(c, _)| c.clone())
        };
    for e in answer.error {
        let id = e.advertiser_id.as_deref();
        if let Some(c) = country_of(e.index, e.advertiser_marketplace.as_ref(), id) {
            out.insert(
                c,
                CountryBilling::Error {
                    code: e.error_code,
                    description: e.description,
                },
            );
        }
    }
    for s in answer.success {
        if let Some(c) = country_of(s.index, s.advertiser_marketplace.as_ref(), None) {
            out.insert(
                c,
                CountryBilling::Status(s.billing_status.billing_status_code),
            );
        }
    }
}
