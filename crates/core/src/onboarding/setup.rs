//! One configuration and what is built from it, once: the endpoints (starting the
//! built-in sandbox when they call for it), sign-in, one Ads API client and the link
//! policy. Rebuilt when Settings are saved, never per call.

use std::any::Any;
use std::path::Path;
use std::sync::Arc;

use super::{Error, Options, Result};
use crate::api::{ApiClient, ApiOptions};
use crate::auth::{AccessTokens, Auth, AuthOptions, Keychain};
use crate::config::{
    Endpoints, Settings, Source, DEFAULT_REDIRECT_URI, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET,
};
use crate::links::LinkPolicy;

/// The built-in sandbox, kept running for as long as the layer lives.
pub struct EmbeddedSandbox {
    pub base_url: String,
    /// The running server; dropping it stops the sandbox.
    pub server: Box<dyn Any + Send + Sync>,
}

/// Starts the built-in sandbox from its configuration (the sandbox crate's own keys, as
/// JSON) and returns its base URL and the running server: plain types, the one seam
/// between core and the sandbox, which share no types. A configuration the sandbox
/// refuses is an `InvalidInput` error.
pub type SandboxStarter = Arc<
    dyn Fn(
            serde_json::Value,
        ) -> crate::auth::BoxFuture<
            'static,
            std::result::Result<(String, Box<dyn Any + Send + Sync>), std::io::Error>,
        > + Send
        + Sync,
>;

pub struct Setup {
    pub settings: Settings,
    pub source: Source,
    pub endpoints: Endpoints,
    /// The sandbox serving these endpoints, if one does (its pages: agreement, billing).
    pub sandbox_base: Option<String>,
    pub links: LinkPolicy,
    pub keychain: Arc<Keychain>,
    auth: std::result::Result<Auth, String>,
    api: Option<ApiClient>,
}

impl Setup {
    pub fn auth(&self) -> Result<&Auth> {
        self.auth.as_ref().map_err(|e| Error::Setup(e.clone()))
    }

    /// The Ads API as whoever is signed in now.
    pub fn api(&self) -> Result<&ApiClient> {
        self.auth()?;
        self.api
            .as_ref()
            .ok_or_else(|| Error::Setup("The Ads API client could not be set up.".into()))
    }

    /// The Ads API as the user signed in now, even if another is chosen later: a
    /// registration belongs to the user who started it.
    pub fn api_for_signed_in_user(&self) -> Result<ApiClient> {
        let tokens = self.auth()?.tokens()?;
        Ok(self.api()?.with_tokens(tokens))
    }

    pub fn signed_in(&self) -> bool {
        self.auth.as_ref().is_ok_and(|a| a.active_user().is_some())
    }

    pub fn uses_sandbox(&self) -> bool {
        self.settings.uses_sandbox()
    }
}

pub(super) async fn build(
    data_dir: &Path,
    options: &Options,
    keychain: &Arc<Keychain>,
    embedded: &tokio::sync::Mutex<Option<EmbeddedSandbox>>,
) -> Result<(Setup, Vec<String>)> {
    let effective = Settings::effective(data_dir, &options.overrides)?;
    let settings = effective.settings;
    let source = settings.source();
    let embedded_base = match source {
        Source::Embedded => Some(start_embedded(data_dir, options, &settings, embedded).await?),
        _ => None,
    };
    let endpoints = Endpoints::resolve(&settings, embedded_base.as_deref())
        .ok_or_else(|| Error::Setup("The built-in sandbox is not running.".into()))?;
    let sandbox_base = endpoints.sandbox_base(&settings);
    let links = LinkPolicy::new(
        endpoints
            .all()
            .into_iter()
            .chain([settings.billing_url.as_str()]),
        sandbox_base.as_deref(),
    );
    let mut auth_options = AuthOptions::default();
    if let Some(t) = options.sign_in_timeout {
        auth_options.sign_in_timeout = t;
    }
    let auth = Auth::new(
        settings.clone(),
        endpoints.clone(),
        None,
        data_dir,
        keychain.clone(),
        auth_options,
    )
    .map_err(|e| e.to_string());
    let api = match &auth {
        Ok(a) => Some(ApiClient::new(
            endpoints.clone(),
            settings.region,
            a.client_id(),
            Arc::new(a.active_user_tokens()) as Arc<dyn AccessTokens>,
            ApiOptions::default(),
        )?),
        Err(_) => None,
    };
    let setup = Setup {
        settings,
        source,
        endpoints,
        sandbox_base,
        links,
        keychain: keychain.clone(),
        auth,
        api,
    };
    Ok((setup, effective.warnings))
}

/// Starts the built-in sandbox the first time the settings need it, and keeps it: its
/// state persists in `<data folder>/sandbox`, so sign-ins and accounts outlive the process.
async fn start_embedded(
    data_dir: &Path,
    options: &Options,
    settings: &Settings,
    embedded: &tokio::sync::Mutex<Option<EmbeddedSandbox>>,
) -> Result<String> {
    let mut running = embedded.lock().await;
    if let Some(s) = running.as_ref() {
        return Ok(s.base_url.clone());
    }
    let starter = options.sandbox.as_ref().ok_or_else(|| {
        Error::Setup("No LwA client ID is configured and this program has no built-in sandbox: set a client ID, or ADS_ONBOARD_SANDBOX_URL.".into())
    })?;
    let config = sandbox_config(data_dir, settings)?;
    let (base_url, server) = starter(config).await.map_err(|e| match e.kind() {
        // Only the sandbox knows its keys; the knobs come from ADS_ONBOARD_SANDBOX.
        std::io::ErrorKind::InvalidInput => Error::Config(crate::config::ConfigError::InvalidEnv {
            name: "ADS_ONBOARD_SANDBOX",
            reason: e.to_string(),
        }),
        _ => Error::Setup(format!("The built-in sandbox could not start: {e}")),
    })?;
    *running = Some(EmbeddedSandbox {
        base_url: base_url.clone(),
        server,
    });
    Ok(base_url)
}

/// The built-in sandbox's configuration: the sandbox's LwA client, the return URLs in
/// use, state in `<data folder>/sandbox`, plus the knobs in `ADS_ONBOARD_SANDBOX` (a JSON
/// object; tests use it for zero delays) and `ADS_ONBOARD_SANDBOX_AUTO_APPROVE=1`.
pub fn sandbox_config(data_dir: &Path, settings: &Settings) -> Result<serde_json::Value> {
    let dir = data_dir.join("sandbox");
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut return_urls = vec![DEFAULT_REDIRECT_URI.to_string()];
    if settings.redirect_uri != DEFAULT_REDIRECT_URI {
        return_urls.push(settings.redirect_uri.clone());
    }
    let mut config = serde_json::json!({
        "client_id": SANDBOX_CLIENT_ID,
        "client_secret": SANDBOX_CLIENT_SECRET,
        "allowed_return_urls": return_urls,
        "data_dir": dir,
    });
    let on = |v: String| v == "1" || v.eq_ignore_ascii_case("true");
    if std::env::var("ADS_ONBOARD_SANDBOX_AUTO_APPROVE").is_ok_and(on) {
        config["auto_approve"] = true.into();
    }
    if let Some(text) = std::env::var("ADS_ONBOARD_SANDBOX")
        .ok()
        .filter(|t| !t.trim().is_empty())
    {
        let bad = |reason: String| {
            Error::Config(crate::config::ConfigError::InvalidEnv {
                name: "ADS_ONBOARD_SANDBOX",
                reason,
            })
        };
        let knobs: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| bad(format!("not JSON ({e})")))?;
        let serde_json::Value::Object(knobs) = knobs else {
            return Err(bad("use a JSON object of sandbox settings".into()));
        };
        for (k, v) in knobs {
            config[k] = v;
        }
    }
    Ok(config)
}
