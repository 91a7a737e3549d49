//! Settings: what is in force, what the Settings screen shows, validating and saving
//! its changes, and "Check setup".

use serde::Serialize;

use super::{Error, Onboarding, Result};
use crate::auth::keychain::client_secret_key;
use crate::auth::{save_client_secret, Secret, SetupFinding};
use crate::config::{Region, Settings, SettingsInput, ENV_VARIABLES};
use crate::details::{DetailsKind, FieldError};

/// What every screen needs to know about the app, at start and after Settings change.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: &'static str,
    /// A sandbox serves sign-in and the Ads API (built in, or one given by URL).
    pub sandbox: bool,
    pub region: Region,
    pub redirect_uri: String,
    pub poll_interval_ms: u64,
    pub terms_poll_interval_ms: u64,
    /// Tokens are not in the system keychain (a file instead), or similar.
    pub storage_warning: Option<String>,
    /// What reading the data folder and settings had to say.
    pub warnings: Vec<String>,
    /// Set when sign-in cannot work with these settings (e.g. no client secret).
    pub setup_problem: Option<String>,
    pub details: DetailsRules,
}

/// The parts of the details rules a form needs before the user types: which fields
/// each kind may leave empty, what an empty country registers, and the US states Amazon
/// accepts.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DetailsRules {
    pub optional: Vec<(DetailsKind, Vec<String>)>,
    pub without_country: Vec<(DetailsKind, &'static str)>,
    pub us_states: Vec<(&'static str, &'static str)>,
}

/// The Settings screen's view of the settings.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    #[serde(flatten)]
    pub settings: Settings,
    pub has_client_secret: bool,
    pub data_dir: String,
    pub sandbox: bool,
    /// Variables that override the file right now, so the screen can say so.
    pub env_overrides: Vec<&'static str>,
}

impl Onboarding {
    pub fn app_info(&self) -> AppInfo {
        let setup = self.setup();
        let s = &setup.settings;
        AppInfo {
            version: env!("CARGO_PKG_VERSION"),
            sandbox: setup.uses_sandbox(),
            region: s.region,
            redirect_uri: s.redirect_uri.clone(),
            poll_interval_ms: s.poll_interval_ms,
            terms_poll_interval_ms: s.terms_poll_interval_ms,
            storage_warning: setup.keychain.warning().map(str::to_string),
            warnings: self.warnings().to_vec(),
            setup_problem: setup.auth().err().map(|e| e.to_string()),
            details: DetailsRules {
                optional: DetailsKind::ALL
                    .into_iter()
                    .map(|k| {
                        (
                            k,
                            k.optional_fields().iter().map(|f| f.to_string()).collect(),
                        )
                    })
                    .collect(),
                without_country: DetailsKind::ALL
                    .into_iter()
                    .filter_map(|k| k.without_country().map(|w| (k, w)))
                    .collect(),
                us_states: crate::details::us_states().to_vec(),
            },
        }
    }

    pub fn settings_view(&self) -> SettingsView {
        let setup = self.setup();
        let s = &setup.settings;
        let has_client_secret = match &s.client_id {
            Some(id) if !s.uses_sandbox() => setup
                .keychain
                .get(&client_secret_key(id.trim()))
                .ok()
                .flatten()
                .is_some(),
            _ => false,
        };
        SettingsView {
            settings: s.clone(),
            has_client_secret,
            data_dir: self.data_dir().display().to_string(),
            sandbox: setup.uses_sandbox(),
            env_overrides: ENV_VARIABLES
                .iter()
                .map(|(name, _)| *name)
                .filter(|k| std::env::var(k).is_ok_and(|v| !v.is_empty()))
                .collect(),
        }
    }

    /// What the Settings screen would save, checked field by field.
    pub fn check_settings(&self, input: &SettingsInput) -> Vec<FieldError> {
        match self.stored_settings().map(|s| s.with_input(input)) {
            Ok(Ok(_)) => vec![],
            Ok(Err(problems)) => problems,
            Err(e) => vec![FieldError {
                field: "settings".into(),
                message: e.to_string(),
            }],
        }
    }

    /// Saves the Settings screen's changes to the file the CLI reads too (untouched
    /// values stay as they were), the client secret to the keychain, then rebuilds what
    /// depends on them.
    pub async fn save_settings(
        &self,
        input: &SettingsInput,
        client_secret: Option<String>,
    ) -> Result<AppInfo> {
        let saved = self
            .stored_settings()?
            .with_input(input)
            .map_err(Error::Invalid)?;
        let secret = client_secret.filter(|s| !s.trim().is_empty());
        match (&saved.client_id, secret) {
            (Some(id), Some(secret)) => {
                save_client_secret(&self.setup().keychain, id, &Secret::new(secret.trim()))?
            }
            (None, Some(_)) => {
                return Err(Error::Invalid(vec![FieldError {
                    field: "clientId".into(),
                    message: "Enter the LwA client ID that this secret belongs to.".into(),
                }]))
            }
            _ => {}
        }
        saved.save(self.data_dir())?;
        self.reload().await?;
        Ok(self.app_info())
    }

    /// Chooses the region (the sign-in step offers it): saved, as Settings would.
    pub async fn choose_region(&self, region: Region) -> Result<()> {
        if self.setup().settings.region == region {
            return Ok(());
        }
        let input = SettingsInput {
            region: Some(region),
            ..SettingsInput::default()
        };
        self.save_settings(&input, None).await.map(|_| ())
    }

    /// Tries the configured LwA client against Amazon without signing in.
    pub async fn check_setup(&self) -> Vec<SetupFinding> {
        let setup = self.setup();
        match setup.auth() {
            Ok(auth) => auth.check_setup().await.findings,
            Err(e) => vec![SetupFinding {
                ok: false,
                topic: "client",
                message: e.to_string(),
            }],
        }
    }

    /// The file as stored, without the environment's overrides (which are not saved).
    fn stored_settings(&self) -> Result<Settings> {
        Ok(Settings::load(self.data_dir())?.0)
    }
}
