//! Login with Amazon: authorization code grant with PKCE over a loopback redirect,
//! token storage and refresh.
//!
//! Callers (app, CLI) use [`Auth`]: `start_sign_in` → open [`SignIn::authorize_url`] in
//! the browser → [`SignIn::wait`]; then `users`, `switch_to`, `sign_out`, `tokens`
//! (an `Arc<dyn AccessTokens>` for the Ads API client) and `check_setup`.

use std::future::Future;
use std::pin::Pin;

pub mod browser;
pub mod cancel;
pub mod check;
pub mod keychain;
pub mod loopback;
pub mod oauth;
pub mod pages;
pub mod pkce;
pub mod profile;
pub mod session;
pub mod signin;
pub mod users;

pub use cancel::CancelToken;
pub use check::{SetupFinding, SetupReport};
pub use keychain::{Keychain, StorageKind};
pub use profile::{is_consumer_email, LwaProfile};
pub use session::Session;
pub use signin::{PasteHandle, SignIn, SignedInUser};
pub use users::{save_client_secret, Auth, AuthOptions, SignOutNotice};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why an access token could not be had. Messages never contain token values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
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
    /// The authorization code was refused at the token endpoint (expired, already used,
    /// or the redirect URI / PKCE verifier did not match).
    #[error("Amazon refused the sign-in code ({0}). Codes last 5 minutes and work once: please sign in again.")]
    CodeRejected(String),
    #[error("Amazon refused the requested permissions (invalid_scope): the LwA client may not be approved for the Amazon Ads API yet, or it was approved before October 2020 and needs the legacy scope (Settings → Legacy scope). If only the name-and-email request is refused, uncheck Settings → Name and email.")]
    InvalidScope,
    #[error("You declined the request on Amazon's page, so nothing was shared. Start sign-in again when you are ready.")]
    Denied,
    /// Any other `error=` LwA put on the redirect, explained in plain words.
    #[error("{explanation}")]
    Authorization { code: String, explanation: String },
    #[error("Port {port} on this computer is already in use, so Ads Onboard cannot receive Amazon's answer at {redirect_uri}. Close the program using port {port} (or a second Ads Onboard window) and try again, or set another port in Settings (and add that exact URL to Allowed Return URLs).")]
    PortInUse { port: u16, redirect_uri: String },
    #[error("Could not listen for Amazon's answer at {redirect_uri}: {reason}")]
    Listener {
        redirect_uri: String,
        reason: String,
    },
    #[error("No answer from Amazon after {waited}. If the browser showed \"The redirect URI you provided has not been whitelisted\", add {redirect_uri} exactly under Allowed Return URLs (LwA security profile → Web Settings) and try again.")]
    TimedOut {
        waited: String,
        redirect_uri: String,
    },
    #[error("Sign-in was canceled.")]
    Cancelled,
    #[error("This answer belongs to another sign-in attempt (state mismatch). Use the URL from the latest attempt.")]
    StateMismatch,
    #[error("That does not look like the address Amazon redirected to: {0}")]
    BadRedirect(String),
    #[error("Could not use secure storage: {0}")]
    Storage(String),
    #[error("Amazon's sign-in service answered unexpectedly: {0}")]
    Server(String),
    #[error("No signed-in Amazon user with ID {0}.")]
    UnknownUser(String),
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

/// A secret string whose Debug never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// "15 minutes", "1 minute", "30 seconds": for messages about how long we waited.
pub fn human_duration(d: std::time::Duration) -> String {
    let secs = d.as_secs();
    let (n, unit) = if secs >= 60 {
        (secs.div_ceil(60), "minute")
    } else {
        (secs.max(1), "second")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod duration_tests {
    #[test]
    fn waits_read_naturally() {
        use std::time::Duration;
        assert_eq!(
            super::human_duration(Duration::from_secs(900)),
            "15 minutes"
        );
        assert_eq!(super::human_duration(Duration::from_secs(60)), "1 minute");
        assert_eq!(
            super::human_duration(Duration::from_millis(150)),
            "1 second"
        );
        assert_eq!(super::human_duration(Duration::from_secs(30)), "30 seconds");
    }
}
