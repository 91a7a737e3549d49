//! Settings shared by the app and the CLI: one JSON file in the data folder, with
//! `ADS_ONBOARD_*` environment variables taking precedence.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

mod endpoints;
mod rules;

pub use endpoints::{Endpoints, Source};
pub use rules::{Effective, Overrides, SettingsInput, ENV_VARIABLES};

/// Default loopback redirect URI. LwA matches return URLs exactly, port included,
/// so users register this one as an Allowed Return URL.
pub const DEFAULT_REDIRECT_URI: &str = "http://localhost:47615/callback";

/// The LwA client the embedded sandbox is started with when no client ID is configured.
pub const SANDBOX_CLIENT_ID: &str = "amzn1.application-oa2-client.5a4d0b0c5a4d0b0c5a4d0b0c5a4d0b0c";
pub const SANDBOX_CLIENT_SECRET: &str = "sandbox-client-secret";

pub const SCOPE_CAMPAIGN_MANAGEMENT: &str = "advertising::campaign_management";
pub const SCOPE_LEGACY: &str = "cpc_advertising:campaign_management";
pub const SCOPE_PROFILE: &str = "profile";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "UPPERCASE")]
pub enum Region {
    #[default]
    Na,
    Eu,
    Fe,
}

impl Region {
    pub const ALL: [Region; 3] = [Region::Na, Region::Eu, Region::Fe];

    pub fn code(self) -> &'static str {
        match self {
            Region::Na => "NA",
            Region::Eu => "EU",
            Region::Fe => "FE",
        }
    }

    pub fn authorize_url(self) -> &'static str {
        match self {
            Region::Na => "https://www.amazon.com/ap/oa",
            Region::Eu => "https://eu.account.amazon.com/ap/oa",
            Region::Fe => "https://apac.account.amazon.com/ap/oa",
        }
    }

    pub fn token_url(self) -> &'static str {
        match self {
            Region::Na => "https://api.amazon.com/auth/o2/token",
            Region::Eu => "https://api.amazon.co.uk/auth/o2/token",
            Region::Fe => "https://api.amazon.co.jp/auth/o2/token",
        }
    }

    pub fn api_url(self) -> &'static str {
        match self {
            Region::Na => "https://advertising-api.amazon.com",
            Region::Eu => "https://advertising-api-eu.amazon.com",
            Region::Fe => "https://advertising-api-fe.amazon.com",
        }
    }

    /// Where a seller of this region sets up billing.
    pub fn seller_central_url(self) -> &'static str {
        match self {
            Region::Na => "https://sellercentral.amazon.com/",
            Region::Eu => "https://sellercentral-europe.amazon.com/",
            Region::Fe => "https://sellercentral.amazon.co.jp/",
        }
    }

    /// Path prefix under which the sandbox serves this region's Ads API host
    /// (its root behaves as the NA host).
    pub fn sandbox_prefix(self) -> &'static str {
        match self {
            Region::Na => "",
            Region::Eu => "/eu",
            Region::Fe => "/fe",
        }
    }
}

impl std::str::FromStr for Region {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "NA" => Ok(Region::Na),
            "EU" => Ok(Region::Eu),
            "FE" => Ok(Region::Fe),
            other => Err(format!("unknown region {other:?}: use NA, EU or FE")),
        }
    }
}

/// What the user can change in Settings (or the settings file). Secrets are not here:
/// the client secret lives in the keychain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    pub region: Region,
    /// LwA client ID. None means the embedded sandbox is used.
    pub client_id: Option<String>,
    pub redirect_uri: String,
    /// Overrides of Amazon's endpoints, for proxies and tests.
    pub auth_url: Option<String>,
    pub token_url: Option<String>,
    pub api_url: Option<String>,
    /// Request the legacy `cpc_advertising:campaign_management` scope instead.
    pub legacy_scope: bool,
    /// Ask for the `profile` scope (name and email of who signed in).
    pub profile_scope: bool,
    /// Status polling interval while an account is being created (Amazon advises 3–5 s).
    pub poll_interval_ms: u64,
    /// Terms-token polling interval while the user is on the agreement step.
    pub terms_poll_interval_ms: u64,
    /// How long to follow a registration before stopping in a resumable timed-out state.
    pub registration_timeout_secs: u64,
    /// Billing setup page for non-sellers (Amazon's guide names no URL).
    pub billing_url: String,
    /// A sandbox already running (`ads-onboard-cli sandbox` prints its URL), used when no
    /// client ID is configured; usually from `ADS_ONBOARD_SANDBOX_URL`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sandbox_url: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            region: Region::Na,
            client_id: None,
            redirect_uri: DEFAULT_REDIRECT_URI.to_string(),
            auth_url: None,
            token_url: None,
            api_url: None,
            legacy_scope: false,
            profile_scope: true,
            poll_interval_ms: 4000,
            terms_poll_interval_ms: 2000,
            registration_timeout_secs: 600,
            billing_url: "https://advertising.amazon.com/billing".to_string(),
            sandbox_url: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("Could not read settings file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Settings file {path} is not valid JSON ({source}); it was kept as {backup}")]
    Corrupt {
        path: PathBuf,
        backup: PathBuf,
        source: serde_json::Error,
    },
    #[error("Could not write settings file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// An environment variable or a command-line flag (`name`) holds a value the rules refuse.
    #[error("Invalid value for {name}: {reason}")]
    InvalidEnv { name: &'static str, reason: String },
}

/// Seconds as typed (`0.05`, `4`) to whole milliseconds; negative and NaN become 0,
/// which the rules then refuse with a message.
pub fn secs_to_ms(secs: f64) -> u64 {
    if secs.is_finite() && secs > 0.0 {
        (secs * 1000.0).round().min(u64::MAX as f64) as u64
    } else {
        0
    }
}

/// The data folder (`ADS_ONBOARD_DATA_DIR`, else the platform's per-user data folder),
/// made private to the user by [`crate::data_folder::open`]. When the system names no
/// data folder this exits with a clear message: the shared temporary folder is never
/// used instead. Callers that can show the message themselves call
/// `data_folder::open()` and handle its error.
pub fn data_dir() -> PathBuf {
    crate::data_folder::open().unwrap_or_else(|e| {
        eprintln!("Ads Onboard: {e}");
        std::process::exit(2)
    })
}

pub fn settings_path(data_dir: &Path) -> PathBuf {
    data_dir.join("settings.json")
}

impl Settings {
    /// Reads the settings file (defaults when absent). A corrupt file is set aside,
    /// never silently discarded, and defaults are used.
    pub fn load(data_dir: &Path) -> Result<(Settings, Option<ConfigError>), ConfigError> {
        let path = settings_path(data_dir);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Settings::default(), None))
            }
            Err(source) => return Err(ConfigError::Read { path, source }),
        };
        match serde_json::from_str(&text) {
            Ok(s) => Ok((s, None)),
            Err(source) => {
                let backup = path.with_extension(format!(
                    "corrupt-{}.json",
                    time::OffsetDateTime::now_utc().unix_timestamp()
                ));
                let _ = std::fs::rename(&path, &backup);
                tracing::warn!(path = %path.display(), backup = %backup.display(), "settings file was corrupt; set aside");
                Ok((
                    Settings::default(),
                    Some(ConfigError::Corrupt {
                        path,
                        backup,
                        source,
                    }),
                ))
            }
        }
    }

    /// Writes atomically (temp file then rename) so a crash never leaves half a file.
    pub fn save(&self, data_dir: &Path) -> Result<(), ConfigError> {
        let path = settings_path(data_dir);
        let write = || -> std::io::Result<()> {
            crate::data_folder::create(data_dir)?;
            let tmp = path.with_extension("json.tmp");
            crate::data_folder::write_private(
                &tmp,
                &serde_json::to_vec_pretty(self).expect("settings serialize"),
            )?;
            std::fs::rename(&tmp, &path)
        };
        write().map_err(|source| ConfigError::Write { path, source })
    }

    /// Applies `ADS_ONBOARD_*` overrides from the environment.
    pub fn apply_env(&mut self) -> Result<(), ConfigError> {
        self.apply_vars(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
    }

    pub fn apply_vars(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        if let Some(v) = var("ADS_ONBOARD_REGION") {
            self.region = v.parse().map_err(|reason| ConfigError::InvalidEnv {
                name: "ADS_ONBOARD_REGION",
                reason,
            })?;
        }
        if let Some(v) = var("ADS_ONBOARD_CLIENT_ID") {
            self.client_id = Some(v);
        }
        if let Some(v) = var("ADS_ONBOARD_REDIRECT_URI") {
            self.redirect_uri = v;
        }
        if let Some(v) = var("ADS_ONBOARD_AUTH_URL") {
            self.auth_url = Some(v);
        }
        if let Some(v) = var("ADS_ONBOARD_TOKEN_URL") {
            self.token_url = Some(v);
        }
        if let Some(v) = var("ADS_ONBOARD_API_URL") {
            self.api_url = Some(v);
        }
        if let Some(v) = var("ADS_ONBOARD_POLL_INTERVAL") {
            let secs: f64 = v.parse().map_err(|_| ConfigError::InvalidEnv {
                name: "ADS_ONBOARD_POLL_INTERVAL",
                reason: format!("{v:?} is not a number of seconds"),
            })?;
            self.poll_interval_ms = secs_to_ms(secs);
        }
        if let Some(v) = var("ADS_ONBOARD_SANDBOX_URL") {
            self.sandbox_url = Some(v);
        }
        Ok(())
    }

    /// True when no LwA client is configured: the embedded sandbox serves everything.
    pub fn uses_sandbox(&self) -> bool {
        self.client_id
            .as_deref()
            .is_none_or(|c| c.trim().is_empty())
    }

    pub fn poll_interval(&self) -> Duration {
        Duration::from_millis(self.poll_interval_ms)
    }

    pub fn scopes(&self) -> Vec<&'static str> {
        let mut s = vec![if self.legacy_scope {
            SCOPE_LEGACY
        } else {
            SCOPE_CAMPAIGN_MANAGEMENT
        }];
        if self.profile_scope {
            s.push(SCOPE_PROFILE);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_overrides_apply_and_bad_values_name_the_variable() {
        let mut s = Settings::default();
        s.apply_vars(|k| match k {
            "ADS_ONBOARD_REGION" => Some("eu".into()),
            "ADS_ONBOARD_POLL_INTERVAL" => Some("0.25".into()),
            "ADS_ONBOARD_CLIENT_ID" => Some("amzn1.application-oa2-client.x".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(s.region, Region::Eu);
        assert_eq!(s.poll_interval_ms, 250);
        assert!(!s.uses_sandbox());
        let err = Settings::default()
            .apply_vars(|k| (k == "ADS_ONBOARD_POLL_INTERVAL").then(|| "soon".into()))
            .unwrap_err();
        assert!(err.to_string().contains("ADS_ONBOARD_POLL_INTERVAL"));
    }

    #[test]
    fn corrupt_settings_are_set_aside_not_lost() {
        let dir = std::env::temp_dir().join(format!("ao-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(settings_path(&dir), b"{not json").unwrap();
        let (s, warn) = Settings::load(&dir).unwrap();
        assert_eq!(s, Settings::default());
        let Some(ConfigError::Corrupt { backup, .. }) = warn else {
            panic!("expected a corrupt warning")
        };
        assert_eq!(std::fs::read(&backup).unwrap(), b"{not json");
        s.save(&dir).unwrap();
        assert_eq!(Settings::load(&dir).unwrap().0, s);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
