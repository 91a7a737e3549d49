//! One sign-in attempt: authorize URL (PKCE S256 + state), the loopback wait (or a
//! pasted redirect URL for SSH users), the immediate code exchange and the profile.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

use super::loopback::{Limits, LoopbackListener};
use super::pkce::{new_state, Pkce};
use super::profile::{fetch_profile_with, is_consumer_email};
use super::session::Session;
use super::users::Auth;
use super::{pages, AuthError, CancelToken};
use crate::config::{Region, SCOPE_PROFILE};

/// Who is signed in. Holds no token, so Debug and serialization are safe to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedInUser {
    /// LwA's `amzn1.account.…` ID (or a local ID when the profile was not shared).
    pub user_id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    /// The region whose sign-in page was used (tokens work in every region).
    pub region: Region,
    pub client_id: String,
    /// False for "Don't keep me signed in": forgotten when the app closes.
    pub kept_signed_in: bool,
    /// RFC 3339, UTC.
    pub signed_in_at: String,
}

impl SignedInUser {
    pub fn display_name(&self) -> String {
        match (&self.name, &self.email) {
            (Some(n), Some(e)) => format!("{n} <{e}>"),
            (Some(n), None) => n.clone(),
            (None, Some(e)) => e.clone(),
            (None, None) => "This Amazon user".into(),
        }
    }

    /// Amazon rejects consumer addresses (gmail.com, …) for business registrations.
    pub fn has_consumer_email(&self) -> bool {
        self.email.as_deref().is_some_and(is_consumer_email)
    }
}

/// The LwA consent URL: `code_challenge_method=S256` is always explicit (LwA would
/// otherwise assume `plain`).
pub fn authorize_url(
    authorize_endpoint: &str,
    client_id: &str,
    scopes: &[&str],
    redirect_uri: &str,
    state: &str,
    pkce: &Pkce,
) -> Result<String, AuthError> {
    let mut url = url::Url::parse(authorize_endpoint).map_err(|e| {
        AuthError::Other(format!("invalid authorize URL {authorize_endpoint:?}: {e}"))
    })?;
    url.query_pairs_mut()
        .append_pair("client_id", client_id)
        .append_pair("scope", &scopes.join(" "))
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("state", state)
        .append_pair("code_challenge", pkce.challenge())
        .append_pair("code_challenge_method", Pkce::METHOD);
    // Multiple scopes are separated by %20, not '+'.
    Ok(url.as_str().replace('+', "%20"))
}

/// Lets a CLI user paste the address Amazon redirected to while `wait` runs.
#[derive(Clone, Debug)]
pub struct PasteHandle(mpsc::Sender<String>);

impl PasteHandle {
    /// False when the sign-in is already over.
    pub async fn submit(&self, redirected_url: impl Into<String>) -> bool {
        self.0.send(redirected_url.into()).await.is_ok()
    }
}

/// A sign-in in progress. Dropping it closes the listener.
pub struct SignIn {
    auth: Auth,
    url: String,
    state: String,
    pkce: Pkce,
    listener: Option<LoopbackListener>,
    listener_error: Option<AuthError>,
    keep_signed_in: bool,
    timeout: Duration,
    paste_tx: mpsc::Sender<String>,
    paste_rx: mpsc::Receiver<String>,
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl Drop for SignIn {
    fn drop(&mut self) {
        // Its forwarding page holds this attempt's state and challenge.
        super::browser::remove_page(&self.auth.inner.data_dir, &self.url);
    }
}

enum Judged {
    Stale,
    Failed(AuthError),
    Code(String, Option<String>),
}

impl SignIn {
    pub(crate) fn start(auth: Auth, keep_signed_in: bool) -> Result<SignIn, AuthError> {
        let inner = &auth.inner;
        let (pkce, state) = (Pkce::new(), new_state());
        let url = authorize_url(
            &inner.endpoints.authorize_url,
            &inner.client_id,
            &inner.settings.scopes(),
            &inner.settings.redirect_uri,
            &state,
            &pkce,
        )?;
        // A non-loopback redirect URI can still be finished by pasting; a busy port cannot
        // be waited on and is reported now, before the browser opens.
        // The listener's deadline starts now: a sign-in nobody waits for frees the port.
        let limits = Limits {
            lifetime: inner.options.sign_in_timeout,
            ..Limits::default()
        };
        let (listener, listener_error) =
            match LoopbackListener::bind(&inner.settings.redirect_uri, limits) {
                Ok(l) => (Some(l), None),
                Err(e @ AuthError::Listener { .. }) => (None, Some(e)),
                Err(e) => return Err(e),
            };
        let (paste_tx, paste_rx) = mpsc::channel(4);
        tracing::info!(redirect_uri = %inner.settings.redirect_uri, "sign-in started");
        Ok(SignIn {
            timeout: inner.options.sign_in_timeout,
            auth,
            url,
            state,
            pkce,
            listener,
            listener_error,
            keep_signed_in,
            paste_tx,
            paste_rx,
        })
    }

    /// Show this so it can be copied; open it with [`SignIn::open_in_browser`].
    pub fn authorize_url(&self) -> &str {
        &self.url
    }

    /// Opens the authorize URL in the user's browser through a private page in the data
    /// folder, so its `state` and PKCE challenge are on no command line. The page is
    /// deleted when this sign-in ends.
    pub fn open_in_browser(&self) -> std::io::Result<()> {
        super::browser::open_privately(&self.url, &self.auth.inner.data_dir)
    }

    pub fn redirect_uri(&self) -> &str {
        &self.auth.inner.settings.redirect_uri
    }

    pub fn paste_handle(&self) -> PasteHandle {
        PasteHandle(self.paste_tx.clone())
    }

    /// For the waiting panel: the most common reason nothing arrives.
    pub fn waiting_hint(&self) -> String {
        format!(
            "Waiting for Amazon. If the browser shows \"The redirect URI you provided has not been whitelisted\", add {} exactly under Allowed Return URLs in your LwA security profile (Web Settings), then try again.",
            self.redirect_uri()
        )
    }

    /// Waits for the browser (up to the sign-in timeout) or a pasted URL; callbacks of
    /// other attempts are answered with a "stale" page and waiting goes on.
    pub async fn wait(mut self, cancel: CancelToken) -> Result<SignedInUser, AuthError> {
        let Some(mut listener) = self.listener.take() else {
            // Only a pasted URL can finish this one.
            let err = self.listener_error.clone();
            return tokio::select! {
                _ = cancel.cancelled() => Err(AuthError::Cancelled),
                p = self.paste_rx.recv() => match p {
                    Some(p) => self.complete_with_redirect_url(&p).await,
                    None => Err(err.unwrap_or(AuthError::Cancelled)),
                },
            };
        };
        let deadline = tokio::time::sleep_until(listener.deadline());
        tokio::pin!(deadline);
        loop {
            tokio::select! {
                _ = cancel.cancelled() => {
                    tracing::info!("sign-in cancelled");
                    return Err(AuthError::Cancelled);
                }
                _ = &mut deadline => return Err(self.timed_out()),
                Some(pasted) = self.paste_rx.recv() => {
                    drop(listener);
                    return self.complete_with_redirect_url(&pasted).await;
                }
                cb = listener.next_callback() => {
                    // The listener closes by itself only at its deadline.
                    let Some(cb) = cb else {
                        return Err(self.timed_out());
                    };
                    match self.judge(&cb.params) {
                        Judged::Stale => {
                            tracing::warn!("ignored a sign-in callback with a mismatched state");
                            cb.respond(pages::stale_page()).await;
                        }
                        Judged::Failed(e) => {
                            cb.respond(pages::failure_page(&e)).await;
                            return Err(e);
                        }
                        Judged::Code(code, scope) => {
                            let result = self.finish(&code, scope.as_deref()).await;
                            cb.respond(match &result {
                                Ok(u) => pages::success_page(Some(&u.display_name())),
                                Err(e) => pages::failure_page(e),
                            })
                            .await;
                            return result;
                        }
                    }
                }
            }
        }
    }

    fn timed_out(&self) -> AuthError {
        tracing::info!("sign-in timed out");
        AuthError::TimedOut {
            waited: super::human_duration(self.timeout),
            redirect_uri: self.redirect_uri().to_string(),
        }
    }

    /// Finishes with the address the browser was redirected to (pasted by the user when
    /// the browser runs on another machine). A mismatched `state` is refused.
    pub async fn complete_with_redirect_url(self, pasted: &str) -> Result<SignedInUser, AuthError> {
        let pasted = pasted.trim();
        let query = match url::Url::parse(pasted) {
            Ok(u) => u.query().unwrap_or("").to_string(),
            Err(_) => pasted.trim_start_matches('?').to_string(),
        };
        let params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        if !params.iter().any(|(k, _)| k == "code" || k == "error") {
            return Err(AuthError::BadRedirect(
                "it has neither a code nor an error from Amazon".into(),
            ));
        }
        match self.judge(&params) {
            Judged::Stale => Err(AuthError::StateMismatch),
            Judged::Failed(e) => Err(e),
            Judged::Code(code, scope) => self.finish(&code, scope.as_deref()).await,
        }
    }

    fn judge(&self, params: &[(String, String)]) -> Judged {
        let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let state_ok = get("state") == Some(self.state.as_str());
        // LwA echoes `state` on errors too. Without it, any local process or web page
        // could end the sign-in and put its own words in the window as Amazon's.
        if !state_ok {
            return Judged::Stale;
        }
        if let Some(error) = get("error") {
            return Judged::Failed(pages::authorization_error(error, get("error_description")));
        }
        match get("code") {
            Some(code) if !code.is_empty() => {
                Judged::Code(code.to_string(), get("scope").map(str::to_string))
            }
            _ => Judged::Stale,
        }
    }

    async fn finish(&self, code: &str, granted: Option<&str>) -> Result<SignedInUser, AuthError> {
        let inner = &self.auth.inner;
        let client = self.auth.lwa_client()?;
        let grant = client.exchange_code(code, self.pkce.verifier()).await?;
        let refresh = grant.refresh_token.clone().ok_or_else(|| {
            AuthError::Server(
                "Amazon issued no refresh token; check that the client secret is configured".into(),
            )
        })?;
        let wants_profile = inner.settings.scopes().contains(&SCOPE_PROFILE)
            && granted.is_none_or(|g| g.split_whitespace().any(|s| s == SCOPE_PROFILE));
        let profile = if wants_profile {
            fetch_profile_with(
                client.http(),
                &inner.endpoints.profile_url,
                grant.access_token.expose(),
            )
            .await
            .map_err(|e| tracing::warn!(error = %e, "could not read the LwA profile"))
            .ok()
        } else {
            None
        };
        let user = SignedInUser {
            user_id: profile
                .as_ref()
                .map(|p| p.user_id.clone())
                .unwrap_or_else(|| local_user_id(refresh.expose())),
            name: profile.as_ref().and_then(|p| p.name.clone()),
            email: profile.as_ref().and_then(|p| p.email.clone()),
            region: inner.settings.region,
            client_id: inner.client_id.clone(),
            kept_signed_in: self.keep_signed_in,
            signed_in_at: now_rfc3339(),
        };
        let session = Arc::new(Session::new(
            user.user_id.clone(),
            client,
            refresh.clone(),
            self.keep_signed_in.then(|| inner.store.clone()),
            inner.options.refresh_margin,
        ));
        session.seed(&grant).await;
        self.auth.register(&user, &refresh, session)?;
        tracing::info!(user = %user.user_id, kept = user.kept_signed_in, "signed in");
        Ok(user)
    }
}

/// A stable local ID when the profile was not shared (never reveals the token).
fn local_user_id(refresh: &str) -> String {
    let digest = Sha256::digest(refresh.as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("local-{hex}")
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorize_url_carries_pkce_s256_state_and_scopes() {
        let pkce = Pkce::new();
        let url = authorize_url(
            "https://www.amazon.com/ap/oa",
            "amzn1.application-oa2-client.x",
            &["advertising::campaign_management", "profile"],
            "http://localhost:47615/callback",
            "st4te",
            &pkce,
        )
        .unwrap();
        assert!(url.contains("scope=advertising%3A%3Acampaign_management%20profile"));
        assert!(url.contains("code_challenge_method=S256"));
        assert!(url.contains("response_type=code"));
        assert!(url.contains("state=st4te"));
        assert!(url.contains("redirect_uri=http%3A%2F%2Flocalhost%3A47615%2Fcallback"));
        let parsed = url::Url::parse(&url).unwrap();
        let q: std::collections::HashMap<_, _> = parsed.query_pairs().into_owned().collect();
        assert_eq!(q["code_challenge"], pkce.challenge());
        assert_eq!(q["scope"], "advertising::campaign_management profile");
        assert!(!url.contains(pkce.verifier()));
    }
}
