//! What the shell holds while it runs: the embedded sandbox (when used), the current
//! settings with the core objects built from them, the sign-in in progress and the
//! registrations being followed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use ads_onboard_core::api::{ApiClient, ApiOptions};
use ads_onboard_core::auth::{Auth, AuthOptions, CancelToken, Keychain, SignIn};
use ads_onboard_core::config::{Endpoints, Settings, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET};
use ads_onboard_core::registration::{ProgressSender, RegistrationEngine, Timings};
use ads_onboard_core::store::Store;
use ads_onboard_sandbox::{RunningSandbox, SandboxConfig};

use crate::error::{Error, Result};

/// Core objects for the settings in force; rebuilt when Settings are saved.
pub struct Ctx {
    pub settings: Settings,
    pub endpoints: Endpoints,
    /// None when the LwA client cannot be used yet (e.g. Amazon chosen, no secret).
    pub auth: Option<Auth>,
    pub auth_problem: Option<String>,
    pub store: Store,
}

pub struct AppState {
    pub data_dir: PathBuf,
    pub sandbox: Option<RunningSandbox>,
    /// The environment the app started in; switching needs a restart.
    pub started_with_sandbox: bool,
    ctx: RwLock<Arc<Ctx>>,
    pub sign_in: tokio::sync::Mutex<Option<SignIn>>,
    pub sign_in_cancel: Mutex<Option<CancelToken>>,
    /// Registrations being followed right now, by ID.
    pub runners: Mutex<HashMap<String, tauri::async_runtime::JoinHandle<()>>>,
    pub progress: ProgressSender,
}

pub fn load_settings(data_dir: &Path) -> Result<Settings> {
    let (mut settings, warning) = Settings::load(data_dir)?;
    if let Some(w) = warning {
        tracing::warn!("{w}");
    }
    settings.apply_env()?;
    Ok(settings)
}

fn env_on(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
}

/// Starts the built-in emulator on an ephemeral loopback port, accepting the configured
/// redirect URI. `ADS_ONBOARD_SANDBOX` may hold a JSON object of sandbox knobs (tests
/// use it for zero delays); `ADS_ONBOARD_SANDBOX_AUTO_APPROVE=1` skips its login page.
pub async fn start_sandbox(settings: &Settings, data_dir: &Path) -> Result<RunningSandbox> {
    let mut config = SandboxConfig {
        client_id: SANDBOX_CLIENT_ID.into(),
        client_secret: SANDBOX_CLIENT_SECRET.into(),
        allowed_return_urls: vec![settings.redirect_uri.clone()],
        data_dir: Some(data_dir.join("sandbox")),
        ..SandboxConfig::default()
    };
    if env_on("ADS_ONBOARD_SANDBOX_AUTO_APPROVE") {
        config.auto_approve = true;
    }
    if let Ok(text) = std::env::var("ADS_ONBOARD_SANDBOX") {
        let patch: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| Error::Setup(format!("ADS_ONBOARD_SANDBOX is not JSON: {e}")))?;
        config = config
            .merged(&patch)
            .map_err(|e| Error::Setup(format!("ADS_ONBOARD_SANDBOX: {e}")))?;
    }
    if let Some(dir) = &config.data_dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Setup(format!("{}: {e}", dir.display())))?;
    }
    ads_onboard_sandbox::start(config, ([127, 0, 0, 1], 0).into())
        .await
        .map_err(|e| Error::Setup(format!("The built-in sandbox could not start: {e}")))
}

impl AppState {
    pub fn new(
        data_dir: PathBuf,
        sandbox: Option<RunningSandbox>,
        progress: ProgressSender,
    ) -> Result<AppState> {
        let ctx = build_ctx(&data_dir, sandbox.as_ref())?;
        Ok(AppState {
            started_with_sandbox: sandbox.is_some(),
            data_dir,
            sandbox,
            ctx: RwLock::new(Arc::new(ctx)),
            sign_in: tokio::sync::Mutex::new(None),
            sign_in_cancel: Mutex::new(None),
            runners: Mutex::new(HashMap::new()),
            progress,
        })
    }

    pub fn ctx(&self) -> Arc<Ctx> {
        self.ctx.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Re-reads settings (after Settings were saved or the region changed).
    pub fn reload(&self) -> Result<Arc<Ctx>> {
        let ctx = Arc::new(build_ctx(&self.data_dir, self.sandbox.as_ref())?);
        *self.ctx.write().unwrap_or_else(|p| p.into_inner()) = ctx.clone();
        Ok(ctx)
    }

    pub fn sandbox_url(&self) -> Option<String> {
        self.sandbox.as_ref().map(|s| s.base_url())
    }

    pub fn is_following(&self, id: &str) -> bool {
        self.runners
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .is_some_and(|h| !h.inner().is_finished())
    }
}

impl Ctx {
    pub fn auth(&self) -> Result<&Auth> {
        self.auth.as_ref().ok_or_else(|| {
            Error::Setup(
                self.auth_problem
                    .clone()
                    .unwrap_or_else(|| "Sign-in is not configured.".into()),
            )
        })
    }

    /// The Ads API as the signed-in user sees it.
    pub fn api(&self) -> Result<ApiClient> {
        let auth = self.auth()?;
        let tokens = auth.tokens()?;
        Ok(ApiClient::new(
            self.endpoints.clone(),
            self.settings.region,
            auth.client_id(),
            tokens,
            ApiOptions::default(),
        )?)
    }

    pub fn engine(&self, progress: &ProgressSender) -> Result<RegistrationEngine> {
        Ok(RegistrationEngine::new(
            self.api()?,
            self.store.clone(),
            Timings::from_settings(&self.settings),
        )
        .with_progress(progress.clone()))
    }
}

fn build_ctx(data_dir: &Path, sandbox: Option<&RunningSandbox>) -> Result<Ctx> {
    let settings = load_settings(data_dir)?;
    let endpoints = match (settings.uses_sandbox(), sandbox) {
        (true, Some(sb)) => Endpoints::sandbox(&sb.base_url()),
        (true, None) => {
            return Err(Error::Setup(
                "The sandbox was chosen in Settings: restart Ads Onboard to start it.".into(),
            ))
        }
        (false, _) => Endpoints::amazon(&settings),
    };
    let (store, warning) = Store::open(data_dir)?;
    if let Some(w) = warning {
        tracing::warn!("{w:?}");
    }
    let secrets = Arc::new(Keychain::open(data_dir));
    let (auth, auth_problem) = match Auth::new(
        settings.clone(),
        endpoints.clone(),
        None,
        data_dir,
        secrets,
        AuthOptions::default(),
    ) {
        Ok(a) => (Some(a), None),
        Err(e) => (None, Some(e.to_string())),
    };
    Ok(Ctx {
        settings,
        endpoints,
        auth,
        auth_problem,
        store,
    })
}
