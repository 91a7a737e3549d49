//! The token endpoint through the `oauth2` crate: code exchange (with PKCE verifier,
//! client secret and the identical redirect URI) and refresh. LwA's token response gets
//! its own type because some LwA hosts send `expires_in` as a string.

use oauth2::basic::{
    BasicErrorResponse, BasicErrorResponseType, BasicRevocationErrorResponse,
    BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AccessToken, AuthType, AuthorizationCode, ClientId, ClientSecret, EndpointNotSet, EndpointSet,
    PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, Scope, StandardRevocableToken,
    TokenResponse, TokenUrl,
};
use serde::{Deserialize, Deserializer, Serialize};
use std::time::Duration;

use super::{AuthError, Secret};

/// LwA's token response: `expires_in` as a number or a string, `token_type` in any case.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct LwaTokenResponse {
    access_token: AccessToken,
    #[serde(default = "bearer", deserialize_with = "token_type")]
    token_type: BasicTokenType,
    #[serde(default, deserialize_with = "number_or_string")]
    expires_in: Option<u64>,
    #[serde(default)]
    refresh_token: Option<RefreshToken>,
    #[serde(default, deserialize_with = "space_separated")]
    scope: Option<Vec<Scope>>,
}

fn bearer() -> BasicTokenType {
    BasicTokenType::Bearer
}

fn token_type<'de, D: Deserializer<'de>>(d: D) -> Result<BasicTokenType, D::Error> {
    let s = String::deserialize(d)?;
    Ok(match s.to_ascii_lowercase().as_str() {
        "bearer" => BasicTokenType::Bearer,
        "mac" => BasicTokenType::Mac,
        _ => BasicTokenType::Extension(s),
    })
}

fn number_or_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum N {
        Num(u64),
        Float(f64),
        Str(String),
    }
    match Option::<N>::deserialize(d)? {
        None => Ok(None),
        Some(N::Num(n)) => Ok(Some(n)),
        Some(N::Float(f)) if f >= 0.0 => Ok(Some(f as u64)),
        Some(N::Float(_)) => Err(serde::de::Error::custom("negative expires_in")),
        Some(N::Str(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom("expires_in is not a number")),
    }
}

fn space_separated<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Scope>>, D::Error> {
    Ok(Option::<String>::deserialize(d)?
        .map(|s| s.split_whitespace().map(|p| Scope::new(p.into())).collect()))
}

impl TokenResponse for LwaTokenResponse {
    type TokenType = BasicTokenType;
    fn access_token(&self) -> &AccessToken {
        &self.access_token
    }
    fn token_type(&self) -> &BasicTokenType {
        &self.token_type
    }
    fn expires_in(&self) -> Option<Duration> {
        self.expires_in.map(Duration::from_secs)
    }
    fn refresh_token(&self) -> Option<&RefreshToken> {
        self.refresh_token.as_ref()
    }
    fn scopes(&self) -> Option<&Vec<Scope>> {
        self.scope.as_ref()
    }
}

type BaseClient = oauth2::Client<
    BasicErrorResponse,
    LwaTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
>;

type OAuthClient = oauth2::Client<
    BasicErrorResponse,
    LwaTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// What the token endpoint granted. Debug hides the tokens.
#[derive(Debug, Clone)]
pub struct TokenGrant {
    pub access_token: Secret,
    /// LwA's default (3600 s) when the response omits it.
    pub expires_in: Duration,
    pub refresh_token: Option<Secret>,
}

/// An error answer from the token endpoint, before it is put in the user's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenFailure {
    Refused {
        error: String,
        description: Option<String>,
    },
    Other(AuthError),
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HttpError(String);

/// The LwA client (one client ID / secret / token endpoint / redirect URI).
#[derive(Clone)]
pub struct LwaClient {
    oauth: OAuthClient,
    http: reqwest::Client,
}

impl std::fmt::Debug for LwaClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LwaClient")
            .field("client_id", &self.oauth.client_id().as_str())
            .field("token_url", &self.oauth.token_uri().as_str())
            .finish_non_exhaustive()
    }
}

/// HTTP client for LwA: never follows redirects (a redirected token request could leak
/// the code or secret), bounded timeouts.
pub fn http_client() -> Result<reqwest::Client, AuthError> {
    crate::http::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(15))
        .timeout(Duration::from_secs(60))
        .user_agent(concat!("AdsOnboard/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| AuthError::Other(format!("could not set up HTTP: {e}")))
}

impl LwaClient {
    pub fn new(
        client_id: &str,
        client_secret: &Secret,
        token_url: &str,
        redirect_uri: &str,
    ) -> Result<LwaClient, AuthError> {
        let token_url = TokenUrl::new(token_url.to_string())
            .map_err(|e| AuthError::Other(format!("invalid token URL {token_url:?}: {e}")))?;
        let redirect = RedirectUrl::new(redirect_uri.to_string())
            .map_err(|e| AuthError::Other(format!("invalid redirect URI {redirect_uri:?}: {e}")))?;
        let oauth: OAuthClient = BaseClient::new(ClientId::new(client_id.to_string()))
            .set_client_secret(ClientSecret::new(client_secret.expose().to_string()))
            // The Ads docs send the secret as a form field; LwA accepts both.
            .set_auth_type(AuthType::RequestBody)
            .set_token_uri(token_url)
            .set_redirect_uri(redirect);
        Ok(LwaClient {
            oauth,
            http: http_client()?,
        })
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub fn client_id(&self) -> &str {
        self.oauth.client_id().as_str()
    }

    /// Exchanges an authorization code. `invalid_grant` here means the code expired,
    /// was already used, or the verifier / redirect URI did not match.
    pub async fn exchange_code(&self, code: &str, verifier: &str) -> Result<TokenGrant, AuthError> {
        let http = self.http.clone();
        let call = move |req| execute(http.clone(), req);
        let res = self
            .oauth
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_string()))
            .request_async(&call)
            .await;
        match res {
            Ok(r) => Ok(grant(r)),
            Err(e) => Err(match classify(e) {
                TokenFailure::Refused { error, description } => match error.as_str() {
                    "invalid_grant" => AuthError::CodeRejected(
                        description.unwrap_or_else(|| "invalid_grant".into()),
                    ),
                    _ => refused(&error, description),
                },
                TokenFailure::Other(e) => e,
            }),
        }
    }

    /// Uses a refresh token; the raw failure lets "Check setup" read it too.
    pub async fn refresh_raw(&self, refresh_token: &str) -> Result<TokenGrant, TokenFailure> {
        let http = self.http.clone();
        let call = move |req| execute(http.clone(), req);
        let token = RefreshToken::new(refresh_token.to_string());
        self.oauth
            .exchange_refresh_token(&token)
            .request_async(&call)
            .await
            .map(grant)
            .map_err(classify)
    }

    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenGrant, AuthError> {
        self.refresh_raw(refresh_token).await.map_err(|f| match f {
            TokenFailure::Refused { error, description } => refused(&error, description),
            TokenFailure::Other(e) => e,
        })
    }
}

fn grant(r: LwaTokenResponse) -> TokenGrant {
    TokenGrant {
        access_token: Secret::new(r.access_token.secret().clone()),
        expires_in: r.expires_in().unwrap_or(Duration::from_secs(3600)),
        refresh_token: r.refresh_token.map(|t| Secret::new(t.secret().clone())),
    }
}

/// Puts a token-endpoint refusal in the user's words.
pub fn refused(error: &str, description: Option<String>) -> AuthError {
    match error {
        "invalid_grant" => AuthError::InvalidGrant,
        "invalid_client" | "unauthorized_client" => AuthError::InvalidClient,
        "invalid_scope" => AuthError::InvalidScope,
        other => AuthError::Server(match description {
            Some(d) => format!("{other}: {d}"),
            None => other.to_string(),
        }),
    }
}

fn classify(e: RequestTokenError<HttpError, BasicErrorResponse>) -> TokenFailure {
    match e {
        RequestTokenError::ServerResponse(r) => TokenFailure::Refused {
            error: match r.error() {
                BasicErrorResponseType::Extension(s) => s.clone(),
                other => other.as_ref().to_string(),
            },
            description: r.error_description().cloned(),
        },
        RequestTokenError::Request(e) => TokenFailure::Other(AuthError::Network(e.0)),
        // The body is never echoed: it may hold a token.
        RequestTokenError::Parse(_, _) => TokenFailure::Other(AuthError::Server(
            "the token endpoint's answer could not be read".into(),
        )),
        RequestTokenError::Other(m) => TokenFailure::Other(AuthError::Server(m)),
    }
}

async fn execute(
    http: reqwest::Client,
    req: oauth2::HttpRequest,
) -> Result<oauth2::HttpResponse, HttpError> {
    let (parts, body) = req.into_parts();
    let mut resp = http
        .request(parts.method, parts.uri.to_string())
        .headers(parts.headers)
        .body(body)
        .send()
        .await
        .map_err(|e| HttpError(e.without_url().to_string()))?;
    let mut builder = oauth2::http::Response::builder().status(resp.status());
    for (k, v) in resp.headers() {
        builder = builder.header(k, v);
    }
    let bytes = read_bounded(&mut resp).await?;
    builder.body(bytes).map_err(|e| HttpError(e.to_string()))
}

/// Token answers are a few hundred bytes: anything past this is refused, not buffered.
pub(crate) const MAX_LWA_BODY: usize = 256 * 1024;

pub(crate) async fn read_bounded(resp: &mut reqwest::Response) -> Result<Vec<u8>, HttpError> {
    let too_big = || HttpError(format!("the answer is larger than {MAX_LWA_BODY} bytes"));
    if resp
        .content_length()
        .is_some_and(|n| n > MAX_LWA_BODY as u64)
    {
        return Err(too_big());
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| HttpError(e.without_url().to_string()))?
    {
        if body.len() + chunk.len() > MAX_LWA_BODY {
            return Err(too_big());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expires_in_number_or_string_and_debug_redacts() {
        for body in [
            r#"{"access_token":"Atza|abc","token_type":"bearer","expires_in":3600,"refresh_token":"Atzr|def"}"#,
            r#"{"access_token":"Atza|abc","token_type":"Bearer","expires_in":"3600","refresh_token":"Atzr|def"}"#,
        ] {
            let r: LwaTokenResponse = serde_json::from_str(body).unwrap();
            assert_eq!(r.expires_in(), Some(Duration::from_secs(3600)));
            assert_eq!(r.token_type(), &BasicTokenType::Bearer);
            let g = grant(r);
            let dbg = format!("{g:?}");
            assert!(
                !dbg.contains("Atza|abc") && !dbg.contains("Atzr|def"),
                "{dbg}"
            );
        }
        let bad = r#"{"access_token":"a","token_type":"bearer","expires_in":"soon"}"#;
        assert!(serde_json::from_str::<LwaTokenResponse>(bad).is_err());
    }

    #[test]
    fn refusals_name_the_cause() {
        assert_eq!(refused("invalid_grant", None), AuthError::InvalidGrant);
        assert_eq!(refused("invalid_client", None), AuthError::InvalidClient);
        assert!(refused("invalid_scope", None)
            .to_string()
            .contains("legacy"));
    }
}
