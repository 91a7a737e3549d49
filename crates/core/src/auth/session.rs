//! One signed-in user's tokens: the access token lives in memory only and is refreshed
//! ahead of expiry or after a 401, one refresh at a time (the async mutex is held across
//! the refresh, so every waiter gets its result instead of starting another).

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::keychain::{refresh_token_key, Keychain};
use super::oauth::{LwaClient, TokenGrant};
use super::{AccessTokens, AuthError, BoxFuture, Secret};

/// Refresh this long before expiry (capped at half the lifetime for short-lived tokens).
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

pub struct Session {
    user_id: String,
    client: LwaClient,
    /// None for "don't keep me signed in": the refresh token stays in memory.
    store: Option<Arc<Keychain>>,
    refresh_margin: Duration,
    state: Mutex<TokenState>,
}

struct TokenState {
    access: Option<Issued>,
    refresh: Option<Secret>,
}

struct Issued {
    token: Secret,
    expires_at: Instant,
    lifetime: Duration,
}

impl Session {
    pub fn new(
        user_id: impl Into<String>,
        client: LwaClient,
        refresh_token: Secret,
        store: Option<Arc<Keychain>>,
        refresh_margin: Duration,
    ) -> Session {
        Session {
            user_id: user_id.into(),
            client,
            store,
            refresh_margin,
            state: Mutex::new(TokenState {
                access: None,
                refresh: Some(refresh_token),
            }),
        }
    }

    /// Seeds the access token just granted at sign-in (saves one refresh).
    pub async fn seed(&self, grant: &TokenGrant) {
        self.state.lock().await.access = Some(issued(grant));
    }

    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    fn fresh(&self, i: &Issued) -> bool {
        let margin = self.refresh_margin.min(i.lifetime / 2);
        Instant::now() + margin < i.expires_at
    }

    async fn current_or_refresh(&self, rejected: Option<&str>) -> Result<String, AuthError> {
        let mut st = self.state.lock().await;
        if let Some(i) = &st.access {
            let replaced = rejected.is_some_and(|r| r != i.token.expose());
            if self.fresh(i) && (rejected.is_none() || replaced) {
                return Ok(i.token.expose().to_string());
            }
        }
        let Some(refresh) = st.refresh.clone() else {
            return Err(AuthError::SignInRequired);
        };
        tracing::debug!(user = %self.user_id, "refreshing access token");
        let grant = match self.client.refresh(refresh.expose()).await {
            Ok(g) => g,
            Err(AuthError::InvalidGrant) => {
                // The grant is gone (revoked, or expired after a year): forget it.
                st.access = None;
                st.refresh = None;
                self.forget_stored().await;
                tracing::info!(user = %self.user_id, "refresh token no longer accepted; sign-in required");
                return Err(AuthError::InvalidGrant);
            }
            Err(e) => return Err(e),
        };
        if let Some(new) = grant.refresh_token.clone().filter(|n| *n != refresh) {
            self.persist(&new).await;
            st.refresh = Some(new);
        }
        let token = grant.access_token.expose().to_string();
        st.access = Some(issued(&grant));
        Ok(token)
    }

    async fn persist(&self, refresh: &Secret) {
        let Some(store) = self.store.clone() else {
            return;
        };
        let key = refresh_token_key(self.client.client_id(), &self.user_id);
        let value = refresh.clone();
        let res = tokio::task::spawn_blocking(move || store.set(&key, value.expose())).await;
        if !matches!(res, Ok(Ok(()))) {
            tracing::warn!(user = %self.user_id, "could not save the renewed sign-in; you may have to sign in again after restarting");
        }
    }

    async fn forget_stored(&self) {
        let Some(store) = self.store.clone() else {
            return;
        };
        let key = refresh_token_key(self.client.client_id(), &self.user_id);
        let _ = tokio::task::spawn_blocking(move || store.delete(&key)).await;
    }
}

/// LwA access tokens last an hour; a longer claim is not believed (and an absurd one
/// would overflow the clock).
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 3600);

fn issued(grant: &TokenGrant) -> Issued {
    let lifetime = grant.expires_in.min(MAX_LIFETIME);
    Issued {
        token: grant.access_token.clone(),
        expires_at: Instant::now() + lifetime,
        lifetime,
    }
}

impl AccessTokens for Session {
    fn access_token(&self) -> BoxFuture<'_, Result<String, AuthError>> {
        Box::pin(self.current_or_refresh(None))
    }

    fn refresh_after_unauthorized<'a>(
        &'a self,
        rejected: &'a str,
    ) -> BoxFuture<'a, Result<String, AuthError>> {
        Box::pin(self.current_or_refresh(Some(rejected)))
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("user_id", &self.user_id)
            .field("persistent", &self.store.is_some())
            .finish_non_exhaustive()
    }
}
