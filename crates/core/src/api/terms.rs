//! `/termsTokens`: the Ads Agreement the user accepts before registering.

use super::models::string_enum;
use super::{encode, ApiClient, ApiError, Call, Retry};
use reqwest::Method;
use serde::{Deserialize, Serialize};

pub const CREATE_CONTENT_TYPE: &str =
    "application/vnd.GlobalRegistrationService.TermsTokenResource.v1.0+json";
pub const MEDIA_TYPE: &str = "application/vnd.termstokenresource.v1+json";

string_enum!(
    /// CREATED (issued), ACCEPTED (user accepted on termsUrl), REDEEMED (used by a registration).
    TermsTokenStatus { Created = "CREATED", Accepted = "ACCEPTED", Redeemed = "REDEEMED" }
);

string_enum!(TermsType {
    Advertising = "ADVERTISING",
    Adsp = "ADSP",
    MarketingCloud = "MARKETING_CLOUD",
    PartnerNetwork = "PARTNER_NETWORK",
});

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct CreateTermsTokenRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms_type: Option<TermsType>,
}

/// A terms token is not a secret: Amazon advises keeping it, and exports may show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TermsToken {
    pub terms_token: String,
    pub terms_url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TermsTokenState {
    pub terms_token_status: TermsTokenStatus,
    #[serde(default)]
    pub terms_type: Option<TermsType>,
}

impl ApiClient {
    /// `POST /termsTokens`. A repeat only costs an unused token, but 5xx is not retried
    /// so the caller decides.
    pub async fn create_terms_token(
        &self,
        terms_type: Option<TermsType>,
    ) -> Result<TermsToken, ApiError> {
        self.json(Call {
            operation: "create terms token",
            method: Method::POST,
            region: self.region(),
            path: "/termsTokens".into(),
            query: vec![],
            content_type: Some(CREATE_CONTENT_TYPE),
            accept: MEDIA_TYPE,
            body: Some(encode(&CreateTermsTokenRequest { terms_type })),
            retry: Retry::ThrottleOnly,
            extra_headers: vec![],
        })
        .await
    }

    /// `GET /termsTokens/{termsToken}`.
    pub async fn get_terms_token(&self, terms_token: &str) -> Result<TermsTokenState, ApiError> {
        self.json(Call {
            operation: "get terms token",
            method: Method::GET,
            region: self.region(),
            path: format!("/termsTokens/{}", path_segment(terms_token)),
            query: vec![],
            content_type: None,
            accept: MEDIA_TYPE,
            body: None,
            retry: Retry::Read,
            extra_headers: vec![],
        })
        .await
    }
}

/// Percent-encodes one path segment so an ID can never change the path.
pub(crate) fn path_segment(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}
