//! The one entry point for the app and CLI: sign in, the list of signed-in Amazon users
//! (several can be kept and switched between), sign out, and token sources.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::keychain::{client_secret_key, refresh_token_key, Keychain};
use super::oauth::LwaClient;
use super::session::{Session, DEFAULT_REFRESH_MARGIN};
use super::signin::{SignIn, SignedInUser};
use super::{AccessTokens, AuthError, Secret};
use crate::config::{Endpoints, Settings, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET};

const USERS_FILE: &str = "users.json";

#[derive(Debug, Clone)]
pub struct AuthOptions {
    /// How long a sign-in waits for the browser (someone may be creating a login first).
    pub sign_in_timeout: Duration,
    pub refresh_margin: Duration,
}

impl Default for AuthOptions {
    fn default() -> Self {
        AuthOptions {
            sign_in_timeout: Duration::from_secs(15 * 60),
            refresh_margin: DEFAULT_REFRESH_MARGIN,
        }
    }
}

/// What sign-out did and what it cannot do (LwA has no revocation endpoint).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignOutNotice {
    pub user: SignedInUser,
    pub message: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct UsersFile {
    active: Option<String>,
    users: Vec<SignedInUser>,
}

#[derive(Default)]
struct Registry {
    active: Option<String>,
    /// Kept-signed-in users (mirrored in users.json) and memory-only ones.
    users: Vec<SignedInUser>,
    memory_tokens: HashMap<String, Secret>,
    sessions: HashMap<String, Arc<Session>>,
}

pub(crate) struct Inner {
    pub(crate) settings: Settings,
    pub(crate) endpoints: Endpoints,
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    pub(crate) data_dir: PathBuf,
    pub(crate) store: Arc<Keychain>,
    pub(crate) options: AuthOptions,
    registry: Mutex<Registry>,
}

/// Sign-in and signed-in users for one LwA client. Cheap to clone.
#[derive(Clone)]
pub struct Auth {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth")
            .field("client_id", &self.inner.client_id)
            .field("store", self.inner.store.kind())
            .finish_non_exhaustive()
    }
}

impl Auth {
    /// `client_secret`: None reads `ADS_ONBOARD_CLIENT_SECRET`, then the keychain (the
    /// sandbox's own secret when no client ID is configured). `store`: usually
    /// `Keychain::open(&data_dir)`.
    pub fn new(
        settings: Settings,
        endpoints: Endpoints,
        client_secret: Option<Secret>,
        data_dir: &Path,
        store: Arc<Keychain>,
        options: AuthOptions,
    ) -> Result<Auth, AuthError> {
        let client_id = match &settings.client_id {
            Some(c) if !settings.uses_sandbox() => c.trim().to_string(),
            _ => SANDBOX_CLIENT_ID.to_string(),
        };
        let client_secret = match client_secret {
            Some(s) => s,
            None if settings.uses_sandbox() => Secret::new(SANDBOX_CLIENT_SECRET),
            None => match std::env::var("ADS_ONBOARD_CLIENT_SECRET")
                .ok()
                .filter(|s| !s.trim().is_empty())
            {
                Some(s) => Secret::new(s.trim()),
                None => store
                    .get(&client_secret_key(&client_id))?
                    .map(Secret::new)
                    .ok_or_else(|| {
                        AuthError::Other(
                            "No client secret is configured for this LwA client. Enter it in Settings (it is kept in the system keychain) or set ADS_ONBOARD_CLIENT_SECRET.".into(),
                        )
                    })?,
            },
        };
        let file = read_users(data_dir);
        let registry = Registry {
            active: file.active,
            users: file.users,
            ..Registry::default()
        };
        Ok(Auth {
            inner: Arc::new(Inner {
                settings,
                endpoints,
                client_id,
                client_secret,
                data_dir: data_dir.to_path_buf(),
                store,
                options,
                registry: Mutex::new(registry),
            }),
        })
    }

    /// The usual way in: secrets in the keychain (or the file fallback), client secret
    /// from `ADS_ONBOARD_CLIENT_SECRET` or the keychain, a 15-minute sign-in wait.
    pub fn open(
        settings: Settings,
        endpoints: Endpoints,
        data_dir: &Path,
    ) -> Result<Auth, AuthError> {
        let store = Arc::new(Keychain::open(data_dir));
        Auth::new(
            settings,
            endpoints,
            None,
            data_dir,
            store,
            AuthOptions::default(),
        )
    }

    pub fn client_id(&self) -> &str {
        &self.inner.client_id
    }

    pub fn redirect_uri(&self) -> &str {
        &self.inner.settings.redirect_uri
    }

    pub fn uses_sandbox(&self) -> bool {
        self.inner.settings.uses_sandbox()
    }

    /// Set when tokens are not in the system keychain; show it in the UI.
    pub fn storage_warning(&self) -> Option<String> {
        self.inner.store.warning().map(str::to_string)
    }

    /// Starts a sign-in: binds the loopback listener now, so a port in use is reported
    /// before the browser opens. Must be called inside a tokio runtime.
    pub fn start_sign_in(&self, keep_signed_in: bool) -> Result<SignIn, AuthError> {
        SignIn::start(self.clone(), keep_signed_in)
    }

    /// Signed-in users of the configured LwA client, most recent first.
    pub fn users(&self) -> Vec<SignedInUser> {
        let reg = self.lock();
        let mut users: Vec<_> = reg
            .users
            .iter()
            .filter(|u| u.client_id == self.inner.client_id)
            .cloned()
            .collect();
        users.sort_by(|a, b| b.signed_in_at.cmp(&a.signed_in_at));
        users
    }

    pub fn active_user(&self) -> Option<SignedInUser> {
        let reg = self.lock();
        let id = reg.active.as_deref()?;
        reg.users
            .iter()
            .find(|u| u.user_id == id && u.client_id == self.inner.client_id)
            .cloned()
    }

    pub fn switch_to(&self, user_id: &str) -> Result<SignedInUser, AuthError> {
        let mut reg = self.lock();
        let user = reg
            .users
            .iter()
            .find(|u| u.user_id == user_id && u.client_id == self.inner.client_id)
            .cloned()
            .ok_or_else(|| AuthError::UnknownUser(user_id.into()))?;
        reg.active = Some(user_id.into());
        self.save_users(&reg)?;
        Ok(user)
    }

    /// Deletes the stored tokens of `user_id`. Nothing is revoked at Amazon.
    pub fn sign_out(&self, user_id: &str) -> Result<SignOutNotice, AuthError> {
        let mut reg = self.lock();
        let pos = reg
            .users
            .iter()
            .position(|u| u.user_id == user_id && u.client_id == self.inner.client_id)
            .ok_or_else(|| AuthError::UnknownUser(user_id.into()))?;
        let user = reg.users.remove(pos);
        reg.sessions.remove(user_id);
        reg.memory_tokens.remove(user_id);
        if reg.active.as_deref() == Some(user_id) {
            reg.active = None;
        }
        self.inner
            .store
            .delete(&refresh_token_key(&self.inner.client_id, user_id))?;
        self.save_users(&reg)?;
        tracing::info!(user = %user_id, "signed out");
        Ok(SignOutNotice {
            message: format!(
                "{} is signed out of Ads Onboard and its stored sign-in was deleted from this computer. Amazon still lists Ads Onboard as allowed: to remove its access, visit Your Account → Login with Amazon (amazon.com/ap/adam) and remove the app.",
                user.display_name()
            ),
            user,
        })
    }

    /// Token source for the active user.
    pub fn tokens(&self) -> Result<Arc<dyn AccessTokens>, AuthError> {
        let id = self
            .lock()
            .active
            .clone()
            .ok_or(AuthError::SignInRequired)?;
        self.tokens_for(&id)
    }

    /// Tokens of whoever is the active user at the time of each call, so one API client
    /// serves the app however often users switch.
    pub fn active_user_tokens(&self) -> ActiveUserTokens {
        ActiveUserTokens(self.clone())
    }

    pub fn tokens_for(&self, user_id: &str) -> Result<Arc<dyn AccessTokens>, AuthError> {
        Ok(self.session_for(user_id)?)
    }

    pub fn session_for(&self, user_id: &str) -> Result<Arc<Session>, AuthError> {
        let mut reg = self.lock();
        if let Some(s) = reg.sessions.get(user_id) {
            return Ok(s.clone());
        }
        if !reg
            .users
            .iter()
            .any(|u| u.user_id == user_id && u.client_id == self.inner.client_id)
        {
            return Err(AuthError::UnknownUser(user_id.into()));
        }
        let (refresh, store) = match reg.memory_tokens.get(user_id) {
            Some(t) => (t.clone(), None),
            None => {
                let key = refresh_token_key(&self.inner.client_id, user_id);
                let t = self
                    .inner
                    .store
                    .get(&key)?
                    .ok_or(AuthError::SignInRequired)?;
                (Secret::new(t), Some(self.inner.store.clone()))
            }
        };
        let session = Arc::new(Session::new(
            user_id,
            self.lwa_client()?,
            refresh,
            store,
            self.inner.options.refresh_margin,
        ));
        reg.sessions.insert(user_id.into(), session.clone());
        Ok(session)
    }

    pub(crate) fn lwa_client(&self) -> Result<LwaClient, AuthError> {
        LwaClient::new(
            &self.inner.client_id,
            &self.inner.client_secret,
            &self.inner.endpoints.token_url,
            &self.inner.settings.redirect_uri,
        )
    }

    /// Records a completed sign-in and makes it the active user.
    pub(crate) fn register(
        &self,
        user: &SignedInUser,
        refresh: &Secret,
        session: Arc<Session>,
    ) -> Result<(), AuthError> {
        let key = refresh_token_key(&self.inner.client_id, &user.user_id);
        if user.kept_signed_in {
            self.inner.store.set(&key, refresh.expose())?;
        } else {
            // A previous "keep me signed in" for the same person must not linger.
            self.inner.store.delete(&key)?;
        }
        let mut reg = self.lock();
        reg.users
            .retain(|u| !(u.user_id == user.user_id && u.client_id == user.client_id));
        reg.users.push(user.clone());
        if user.kept_signed_in {
            reg.memory_tokens.remove(&user.user_id);
        } else {
            reg.memory_tokens
                .insert(user.user_id.clone(), refresh.clone());
        }
        reg.sessions.insert(user.user_id.clone(), session);
        reg.active = Some(user.user_id.clone());
        self.save_users(&reg)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Registry> {
        self.inner
            .registry
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// Only kept-signed-in users reach the file; a memory-only active user is not saved.
    fn save_users(&self, reg: &Registry) -> Result<(), AuthError> {
        let kept: Vec<_> = reg
            .users
            .iter()
            .filter(|u| u.kept_signed_in)
            .cloned()
            .collect();
        let active = reg
            .active
            .clone()
            .filter(|a| kept.iter().any(|u| &u.user_id == a));
        let file = UsersFile {
            active,
            users: kept,
        };
        let path = self.inner.data_dir.join(USERS_FILE);
        let write = || -> std::io::Result<()> {
            crate::data_folder::create(&self.inner.data_dir)?;
            let tmp = path.with_extension("json.tmp");
            crate::data_folder::write_private(&tmp, &serde_json::to_vec_pretty(&file)?)?;
            std::fs::rename(&tmp, &path)
        };
        write().map_err(|e| AuthError::Storage(format!("{}: {e}", path.display())))
    }
}

/// See [`Auth::active_user_tokens`].
pub struct ActiveUserTokens(Auth);

impl AccessTokens for ActiveUserTokens {
    fn access_token(&self) -> super::BoxFuture<'_, Result<String, AuthError>> {
        Box::pin(async move { self.0.tokens()?.access_token().await })
    }

    fn refresh_after_unauthorized<'a>(
        &'a self,
        rejected: &'a str,
    ) -> super::BoxFuture<'a, Result<String, AuthError>> {
        Box::pin(async move { self.0.tokens()?.refresh_after_unauthorized(rejected).await })
    }
}

fn read_users(data_dir: &Path) -> UsersFile {
    let path = data_dir.join(USERS_FILE);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            tracing::warn!(path = %path.display(), error = %e, "users file unreadable; starting with no signed-in users");
            UsersFile::default()
        }),
        Err(_) => UsersFile::default(),
    }
}

/// Saves the LwA client secret in the secure store (Settings screen).
pub fn save_client_secret(
    store: &Keychain,
    client_id: &str,
    secret: &Secret,
) -> Result<(), AuthError> {
    store.set(&client_secret_key(client_id), secret.expose())
}
