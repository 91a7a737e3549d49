//! Typed client for the Ads account-management API (terms tokens, accounts), profiles
//! and billing status. One module per resource; this one holds the request machinery:
//! headers, timeouts, bounded bodies, retries and the one-time refresh after a 401.

pub mod accounts;
pub mod billing;
mod error;
mod lenient;
pub mod models;
pub mod profiles;
mod retry;
pub mod terms;

pub use error::{field_for, ApiError, ApiMessage, ErrorDetails};
pub use models::ProfileId;
pub use retry::{retry_after, RetryPolicy};

use crate::auth::AccessTokens;
use crate::config::{Endpoints, Region};
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use std::sync::Arc;
use std::time::Duration;

pub const USER_AGENT: &str = concat!("AdsOnboard/", env!("CARGO_PKG_VERSION"));
pub const CLIENT_ID_HEADER: &str = "Amazon-Advertising-API-ClientId";

/// Knobs of the HTTP layer; defaults suit Amazon, tests shrink them.
#[derive(Debug, Clone)]
pub struct ApiOptions {
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub retry: RetryPolicy,
    pub max_body_bytes: usize,
}

impl Default for ApiOptions {
    fn default() -> Self {
        ApiOptions {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            max_body_bytes: 8 * 1024 * 1024,
        }
    }
}

/// The Ads API as one signed-in user sees it. Cheap to clone.
#[derive(Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    endpoints: Endpoints,
    region: Region,
    client_id: String,
    tokens: Arc<dyn AccessTokens>,
    options: ApiOptions,
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("region", &self.region)
            .field("client_id", &self.client_id)
            .field("api", &self.endpoints.api(self.region))
            .finish_non_exhaustive()
    }
}

/// When a call may be repeated automatically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retry {
    /// Reads: 429, 5xx and transport failures are retried.
    Read,
    /// Writes whose repetition is harmless only if the server surely did nothing: 429 only.
    ThrottleOnly,
    /// Never repeated automatically (registration).
    Never,
}

pub(crate) struct Call<'a> {
    pub operation: &'static str,
    pub method: Method,
    pub region: Region,
    pub path: String,
    pub query: Vec<(&'a str, String)>,
    pub content_type: Option<&'static str>,
    pub accept: &'static str,
    pub body: Option<Vec<u8>>,
    pub retry: Retry,
    pub extra_headers: Vec<(&'static str, String)>,
}

pub(crate) struct Reply {
    pub body: Vec<u8>,
}

impl ApiClient {
    /// `region` picks the host for account-management calls (accounts are global).
    pub fn new(
        endpoints: Endpoints,
        region: Region,
        client_id: impl Into<String>,
        tokens: Arc<dyn AccessTokens>,
        options: ApiOptions,
    ) -> Result<ApiClient, ApiError> {
        // rustls with the platform verifier and system proxies come from reqwest's features.
        let mut builder = crate::http::client_builder();
        if is_loopback(endpoints.api(region)) {
            // The embedded sandbox is never reached through a proxy.
            builder = builder.no_proxy();
        }
        let http = builder
            .user_agent(USER_AGENT)
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ApiError::Setup(e.to_string()))?;
        Ok(ApiClient {
            http,
            endpoints,
            region,
            client_id: client_id.into(),
            tokens,
            options,
        })
    }

    /// The same client (HTTP connections, TLS set-up) acting with other tokens: a
    /// registration keeps the user who started it.
    pub fn with_tokens(&self, tokens: Arc<dyn AccessTokens>) -> ApiClient {
        ApiClient {
            tokens,
            ..self.clone()
        }
    }

    pub fn region(&self) -> Region {
        self.region
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    pub fn options(&self) -> &ApiOptions {
        &self.options
    }

    pub(crate) async fn json<T: serde::de::DeserializeOwned>(
        &self,
        call: Call<'_>,
    ) -> Result<T, ApiError> {
        let op = call.operation;
        let reply = self.execute(call).await?;
        decode(op, &reply.body)
    }

    /// Sends `call`, refreshing the token once on 401 and retrying per `call.retry`.
    pub(crate) async fn execute(&self, call: Call<'_>) -> Result<Reply, ApiError> {
        let url = format!("{}{}", self.endpoints.api(call.region), call.path);
        let mut token = self.tokens.access_token().await?;
        let mut refreshed = false;
        let mut attempt = 0u32;
        loop {
            let outcome = self.send_once(&call, &url, &token).await;
            let (err, retry_after) = match outcome {
                Ok((status, _, body)) if status.is_success() => {
                    return Ok(Reply { body });
                }
                Ok((status, headers, body)) => {
                    let request_id = request_id(&headers);
                    let ra = retry::retry_after(&headers);
                    let details = ErrorDetails::parse(status.as_u16(), request_id, &body);
                    if status == StatusCode::UNAUTHORIZED && !refreshed {
                        refreshed = true;
                        token = self.tokens.refresh_after_unauthorized(&token).await?;
                        continue;
                    }
                    (ApiError::from_status(status.as_u16(), details, ra), ra)
                }
                Err(e) => (e, None),
            };
            let retryable = matches!(
                (&err, call.retry),
                (
                    ApiError::Throttled { .. },
                    Retry::Read | Retry::ThrottleOnly
                ) | (
                    ApiError::Server(_) | ApiError::Timeout { .. } | ApiError::Network { .. },
                    Retry::Read,
                )
            );
            if !retryable || attempt >= self.options.retry.max_retries {
                return Err(err);
            }
            let wait = self.options.retry.delay(attempt, retry_after);
            tracing::debug!(operation = call.operation, attempt, ?wait, error = %err, "retrying");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    async fn send_once(
        &self,
        call: &Call<'_>,
        url: &str,
        token: &str,
    ) -> Result<(StatusCode, HeaderMap, Vec<u8>), ApiError> {
        let mut req = self
            .http
            .request(call.method.clone(), url)
            .header(CLIENT_ID_HEADER, &self.client_id)
            .header(ACCEPT, call.accept);
        let mut auth = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
            ApiError::Auth(crate::auth::AuthError::Other(
                "The access token is not a valid header value".into(),
            ))
        })?;
        auth.set_sensitive(true);
        req = req.header(AUTHORIZATION, auth);
        for (k, v) in &call.extra_headers {
            req = req.header(*k, v);
        }
        if !call.query.is_empty() {
            req = req.query(&call.query);
        }
        if let Some(ct) = call.content_type {
            req = req.header(CONTENT_TYPE, ct);
        }
        if let Some(body) = &call.body {
            req = req.body(body.clone());
        }
        let op = call.operation;
        let mut resp = req.send().await.map_err(|e| transport(op, e))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let limit = self.options.max_body_bytes;
        if resp.content_length().is_some_and(|n| n as usize > limit) {
            return Err(ApiError::TooLarge {
                operation: op,
                limit,
            });
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| transport(op, e))? {
            if body.len() + chunk.len() > limit {
                return Err(ApiError::TooLarge {
                    operation: op,
                    limit,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok((status, headers, body))
    }
}

fn is_loopback(base: &str) -> bool {
    url::Url::parse(base).is_ok_and(|u| match u.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    })
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    ["x-amzn-RequestId", "x-amz-request-id", "x-amz-rid"]
        .iter()
        .find_map(|h| headers.get(*h))
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn transport(operation: &'static str, e: reqwest::Error) -> ApiError {
    if e.is_timeout() {
        ApiError::Timeout { operation }
    } else {
        // reqwest errors carry the URL, never headers, so no token can leak here.
        let mut message = e.to_string();
        let mut src = std::error::Error::source(&e);
        while let Some(s) = src {
            message.push_str(&format!(": {s}"));
            src = s.source();
        }
        ApiError::Network { operation, message }
    }
}

pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    operation: &'static str,
    body: &[u8],
) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::Decode {
        operation,
        message: e.to_string(),
    })
}

pub(crate) fn encode<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("API request models always serialize")
}
