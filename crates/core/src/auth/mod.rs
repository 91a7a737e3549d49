//! Login with Amazon: authorization code grant with PKCE over a loopback redirect,
//! token storage and refresh.

use std::future::Future;
use std::pin::Pin;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why an access token could not be had. Messages never contain token values.
#[derive(Debug, Clone, thiserror::Error)]
pub enum AuthError {
    #[error("You are signed out. Sign in with Amazon again.")]
    SignInRequired,
    #[error("Amazon no longer accepts this sign-in (invalid_grant). Sign in with Amazon again.")]
    InvalidGrant,
    #[error("Amazon refused the app's client credentials (invalid_client): the client secret may have changed. Check Settings.")]
    InvalidClient,
    #[error("Could not reach Login with Amazon: {0}")]
    Network(String),
    #[error("{0}")]
    Other(String),
}

/// Source of bearer tokens for the Ads API. Implementations refresh ahead of expiry and
/// make sure only one refresh runs at a time however many requests wait on it.
pub trait AccessTokens: Send + Sync {
    /// A currently valid access token.
    fn access_token(&self) -> BoxFuture<'_, Result<String, AuthError>>;
    /// The API answered 401 to `rejected`: refresh (once, shared by all waiters) unless
    /// another caller already replaced it, and return the new token.
    fn refresh_after_unauthorized<'a>(
        &'a self,
        rejected: &'a str,
    ) -> BoxFuture<'a, Result<String, AuthError>>;
}
