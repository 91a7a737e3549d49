//! What every command but `sandbox` needs: settings (file, then `ADS_ONBOARD_*`, then
//! flags), the endpoints (Amazon's, a running sandbox's, or an embedded one), sign-in
//! state and an Ads API client for the signed-in user.

use ads_onboard_core::api::{ApiClient, ApiOptions};
use ads_onboard_core::auth::{Auth, AuthOptions, Keychain};
use ads_onboard_core::config::{self, Endpoints, Region, Settings, SANDBOX_CLIENT_ID};
use ads_onboard_sandbox::{RunningSandbox, SandboxConfig};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::cli::GlobalArgs;
use crate::commands::sandbox::state_dir;
use crate::error::{CliError, CliResult};

pub struct Context {
    pub settings: Settings,
    pub data_dir: PathBuf,
    pub endpoints: Endpoints,
    pub auth: Auth,
    /// Kept alive for the command's lifetime when no sandbox URL was given.
    embedded: Option<RunningSandbox>,
}

/// Per-command overrides of the settings.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub region: Option<Region>,
    pub sign_in_timeout: Option<Duration>,
}

impl Context {
    pub async fn open(global: &GlobalArgs, over: Overrides) -> CliResult<Context> {
        let data_dir = config::data_dir();
        let (mut settings, warning) = Settings::load(&data_dir)?;
        if let Some(w) = warning {
            eprintln!("warning: {w}");
        }
        settings.apply_env()?;
        if let Some(secs) = global.poll_interval {
            let ms = (secs * 1000.0).round() as u64;
            settings.poll_interval_ms = ms;
            settings.terms_poll_interval_ms = ms;
        }
        if let Some(region) = over.region {
            settings.region = region;
        }
        let (endpoints, embedded) = resolve_endpoints(global, &settings, &data_dir).await?;
        let store = Arc::new(Keychain::open(&data_dir));
        let mut options = AuthOptions::default();
        if let Some(t) = over.sign_in_timeout {
            options.sign_in_timeout = t;
        }
        let auth = Auth::new(
            settings.clone(),
            endpoints.clone(),
            None,
            &data_dir,
            store,
            options,
        )?;
        Ok(Context {
            settings,
            data_dir,
            endpoints,
            auth,
            embedded,
        })
    }

    /// True when an embedded sandbox serves this command (it ends with the process).
    pub fn embedded_sandbox(&self) -> Option<String> {
        self.embedded.as_ref().map(|s| s.base_url())
    }

    /// The Ads API as the active user, on `region`'s host (default: the settings' region).
    pub fn api(&self, region: Option<Region>) -> CliResult<ApiClient> {
        let tokens = self.auth.tokens()?;
        ApiClient::new(
            self.endpoints.clone(),
            region.unwrap_or(self.settings.region),
            self.auth.client_id(),
            tokens,
            ApiOptions::default(),
        )
        .map_err(CliError::from)
    }
}

/// Amazon (a client ID is configured), a running sandbox (`--sandbox-url` /
/// `ADS_ONBOARD_SANDBOX_URL`), explicit endpoint overrides, or else a sandbox embedded
/// in this process whose state persists in `<data dir>/sandbox` (as the app's does), so
/// sign-ins and accounts outlive the command.
async fn resolve_endpoints(
    global: &GlobalArgs,
    settings: &Settings,
    data_dir: &std::path::Path,
) -> CliResult<(Endpoints, Option<RunningSandbox>)> {
    if !settings.uses_sandbox() {
        return Ok((overridden(settings), None));
    }
    if let Some(url) = global
        .sandbox_url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
    {
        let parsed = url::Url::parse(url.trim()).map_err(|e| {
            CliError::bad_input(
                Some("ADS_ONBOARD_SANDBOX_URL"),
                format!("ADS_ONBOARD_SANDBOX_URL {url:?} is not a URL: {e}"),
            )
        })?;
        return Ok((Endpoints::sandbox(parsed.as_str()), None));
    }
    if settings.auth_url.is_some() || settings.token_url.is_some() || settings.api_url.is_some() {
        return Ok((overridden(settings), None));
    }
    let mut config = SandboxConfig {
        client_id: SANDBOX_CLIENT_ID.to_string(),
        data_dir: Some(state_dir(data_dir)),
        ..SandboxConfig::default()
    };
    if !config.allowed_return_urls.contains(&settings.redirect_uri) {
        config
            .allowed_return_urls
            .push(settings.redirect_uri.clone());
    }
    // The same knobs the app's built-in sandbox reads.
    if std::env::var("ADS_ONBOARD_SANDBOX_AUTO_APPROVE")
        .is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
    {
        config.auto_approve = true;
    }
    if let Some(text) = std::env::var("ADS_ONBOARD_SANDBOX")
        .ok()
        .filter(|t| !t.trim().is_empty())
    {
        let bad = |reason: String| {
            CliError::bad_input(
                Some("ADS_ONBOARD_SANDBOX"),
                format!("ADS_ONBOARD_SANDBOX: {reason}"),
            )
        };
        let patch: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| bad(format!("not JSON ({e})")))?;
        config = config.merged(&patch).map_err(bad)?;
    }
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let running = ads_onboard_sandbox::start(config, addr)
        .await
        .map_err(|e| CliError::other(format!("cannot start the embedded sandbox: {e}")))?;
    Ok((Endpoints::sandbox(&running.base_url()), Some(running)))
}

/// Amazon's endpoints with the `ADS_ONBOARD_*_URL` overrides. The LwA profile endpoint
/// lives beside the token endpoint (same origin at Amazon), so an overridden token URL
/// moves it too; core's `Endpoints::amazon` keeps Amazon's.
fn overridden(settings: &Settings) -> Endpoints {
    let mut e = Endpoints::amazon(settings);
    if let Some(token) = settings.token_url.as_deref() {
        if let Ok(mut u) = url::Url::parse(token) {
            u.set_path("/user/profile");
            u.set_query(None);
            e.profile_url = u.to_string();
        }
    }
    e
}
