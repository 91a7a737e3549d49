//! What a setting may hold, checked in one place for every way a value arrives: the
//! settings file, `ADS_ONBOARD_*` variables, the CLI's flags and the Settings screen.

use std::path::Path;

use super::{secs_to_ms, ConfigError, Region, Settings};
use crate::details::FieldError;
use crate::links::is_loopback_host;

/// The fastest status checks: Amazon throttles clients that poll faster than about once
/// a second (it advises 3–5 s); a sandbox or test double on loopback may go faster.
const POLL_FLOOR_AMAZON_MS: u64 = 1_000;
const POLL_FLOOR_LOCAL_MS: u64 = 10;
const POLL_CEILING_MS: u64 = 60_000;

/// The environment variables that override the file, with the setting each one sets.
pub const ENV_VARIABLES: [(&str, &str); 9] = [
    ("ADS_ONBOARD_REGION", "region"),
    ("ADS_ONBOARD_CLIENT_ID", "clientId"),
    ("ADS_ONBOARD_CLIENT_SECRET", "clientSecret"),
    ("ADS_ONBOARD_REDIRECT_URI", "redirectUri"),
    ("ADS_ONBOARD_AUTH_URL", "authUrl"),
    ("ADS_ONBOARD_TOKEN_URL", "tokenUrl"),
    ("ADS_ONBOARD_API_URL", "apiUrl"),
    ("ADS_ONBOARD_POLL_INTERVAL", "pollIntervalMs"),
    ("ADS_ONBOARD_SANDBOX_URL", "sandboxUrl"),
];

/// A front end's own overrides (the CLI's flags), applied after the environment.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub region: Option<Region>,
    /// Seconds between checks, of both the agreement and the account (`--poll-interval`).
    pub poll_interval_secs: Option<f64>,
    /// `--sandbox-url`.
    pub sandbox_url: Option<String>,
}

/// The settings in force and what the user should hear about how they were read.
#[derive(Debug, Clone)]
pub struct Effective {
    pub settings: Settings,
    pub warnings: Vec<String>,
}

/// What the Settings screen saves. Absent choices keep what is stored, so a value the
/// user did not touch is never reset.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SettingsInput {
    /// The environment chosen on the screen: Amazon needs a client ID, the sandbox has
    /// none. Absent: decided by whether a client ID is given.
    pub use_amazon: Option<bool>,
    pub region: Option<Region>,
    /// `Some("")` removes the client ID (back to the sandbox).
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub poll_interval_ms: Option<u64>,
    pub billing_url: Option<String>,
    pub legacy_scope: Option<bool>,
    pub profile_scope: Option<bool>,
    /// `Some("")` removes an override.
    pub auth_url: Option<String>,
    pub token_url: Option<String>,
    pub api_url: Option<String>,
}

impl Settings {
    /// Every value the rules refuse, named as in the settings file.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        let mut add = |field: &str, message: String| {
            out.push(FieldError {
                field: field.into(),
                message,
            })
        };
        if let Err(m) = check_redirect_uri(&self.redirect_uri) {
            add("redirectUri", m);
        }
        let floor = self.poll_floor_ms();
        if !(floor..=POLL_CEILING_MS).contains(&self.poll_interval_ms) {
            add("pollIntervalMs", poll_message(floor));
        }
        if !(POLL_FLOOR_LOCAL_MS..=POLL_CEILING_MS).contains(&self.terms_poll_interval_ms) {
            add("termsPollIntervalMs", poll_message(POLL_FLOOR_LOCAL_MS));
        }
        if !(1..=86_400).contains(&self.registration_timeout_secs) {
            add(
                "registrationTimeoutSecs",
                "Follow a registration for 1 second to 24 hours.".into(),
            );
        }
        if let Err(m) = check_endpoint(&self.billing_url) {
            add("billingUrl", m);
        }
        for (field, value) in [
            ("authUrl", &self.auth_url),
            ("tokenUrl", &self.token_url),
            ("apiUrl", &self.api_url),
            ("sandboxUrl", &self.sandbox_url),
        ] {
            if let Some(Err(m)) = value.as_deref().map(check_endpoint) {
                add(field, m);
            }
        }
        out
    }

    /// Loopback endpoints (a sandbox, a test double) may be polled faster than Amazon.
    fn poll_floor_ms(&self) -> u64 {
        let local = |u: &Option<String>| u.as_deref().is_some_and(is_loopback_url);
        if self.uses_sandbox() || local(&self.api_url) {
            POLL_FLOOR_LOCAL_MS
        } else {
            POLL_FLOOR_AMAZON_MS
        }
    }

    /// The settings in force: the file (a refused value there is put back to its default,
    /// with a warning, so a bad file never locks anyone out), then the environment, then
    /// the front end's overrides; a refused value from either of those is an error naming
    /// the variable or flag.
    pub fn effective(data_dir: &Path, overrides: &Overrides) -> Result<Effective, ConfigError> {
        Settings::effective_with(data_dir, overrides, |k| {
            std::env::var(k).ok().filter(|v| !v.is_empty())
        })
    }

    pub fn effective_with(
        data_dir: &Path,
        overrides: &Overrides,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Effective, ConfigError> {
        let (mut settings, corrupt) = Settings::load(data_dir)?;
        let mut warnings: Vec<String> = corrupt.iter().map(ToString::to_string).collect();
        settings.reset_refused("the settings file", &mut warnings);
        settings.apply_vars(&var)?;
        for p in settings.problems() {
            if let Some((name, _)) = ENV_VARIABLES
                .iter()
                .find(|(name, field)| *field == p.field && var(name).is_some())
            {
                return Err(ConfigError::InvalidEnv {
                    name,
                    reason: p.message,
                });
            }
        }
        settings.reset_refused("the settings file", &mut warnings);
        settings.apply_overrides(overrides);
        if let Some(p) = settings.problems().into_iter().next() {
            let name = match p.field.as_str() {
                "pollIntervalMs" | "termsPollIntervalMs" => "--poll-interval",
                "sandboxUrl" => "--sandbox-url",
                _ => "--region",
            };
            return Err(ConfigError::InvalidEnv {
                name,
                reason: p.message,
            });
        }
        Ok(Effective { settings, warnings })
    }

    fn apply_overrides(&mut self, o: &Overrides) {
        if let Some(r) = o.region {
            self.region = r;
        }
        if let Some(secs) = o.poll_interval_secs {
            self.poll_interval_ms = secs_to_ms(secs);
            self.terms_poll_interval_ms = self.poll_interval_ms;
        }
        if let Some(u) = o.sandbox_url.as_deref().filter(|u| !u.trim().is_empty()) {
            self.sandbox_url = Some(u.trim().to_string());
        }
    }

    /// Puts each refused value back to its default.
    fn reset_refused(&mut self, source: &str, warnings: &mut Vec<String>) {
        let defaults = Settings::default();
        for p in self.problems() {
            match p.field.as_str() {
                "redirectUri" => self.redirect_uri = defaults.redirect_uri.clone(),
                "pollIntervalMs" => self.poll_interval_ms = defaults.poll_interval_ms,
                "termsPollIntervalMs" => {
                    self.terms_poll_interval_ms = defaults.terms_poll_interval_ms
                }
                "registrationTimeoutSecs" => {
                    self.registration_timeout_secs = defaults.registration_timeout_secs
                }
                "billingUrl" => self.billing_url = defaults.billing_url.clone(),
                "authUrl" => self.auth_url = None,
                "tokenUrl" => self.token_url = None,
                "apiUrl" => self.api_url = None,
                "sandboxUrl" => self.sandbox_url = None,
                _ => continue,
            }
            let w = format!("{} in {source} was not used: {}", p.field, p.message);
            tracing::warn!("{w}");
            warnings.push(w);
        }
    }

    /// These settings with the Settings screen's changes, or every field it must fix.
    pub fn with_input(&self, input: &SettingsInput) -> Result<Settings, Vec<FieldError>> {
        let mut s = self.clone();
        let text = |v: &Option<String>| v.as_deref().map(str::trim).map(str::to_string);
        let optional = |v: String| Some(v).filter(|v| !v.is_empty());
        if let Some(r) = input.region {
            s.region = r;
        }
        if let Some(id) = text(&input.client_id) {
            s.client_id = optional(id);
        }
        if let Some(u) = text(&input.redirect_uri) {
            s.redirect_uri = u;
        }
        if let Some(ms) = input.poll_interval_ms {
            s.poll_interval_ms = ms;
        }
        if let Some(u) = text(&input.billing_url).and_then(optional) {
            s.billing_url = u;
        }
        s.legacy_scope = input.legacy_scope.unwrap_or(s.legacy_scope);
        s.profile_scope = input.profile_scope.unwrap_or(s.profile_scope);
        for (value, slot) in [
            (&input.auth_url, &mut s.auth_url),
            (&input.token_url, &mut s.token_url),
            (&input.api_url, &mut s.api_url),
        ] {
            if let Some(u) = text(value) {
                *slot = optional(u);
            }
        }
        let mut problems = s.problems();
        match input.use_amazon {
            Some(false) => s.client_id = None,
            Some(true) if s.uses_sandbox() => problems.insert(
                0,
                FieldError {
                    field: "clientId".into(),
                    message: "Enter the LwA client ID of your security profile to use Amazon."
                        .into(),
                },
            ),
            _ => {}
        }
        if problems.is_empty() {
            Ok(s)
        } else {
            Err(problems)
        }
    }
}

fn poll_message(floor_ms: u64) -> String {
    let floor = if floor_ms >= 1000 {
        format!("{}", floor_ms / 1000)
    } else {
        format!("{}", floor_ms as f64 / 1000.0)
    };
    format!(
        "Choose a checking interval from {floor} to {} seconds (Amazon advises 3 to 5).",
        POLL_CEILING_MS / 1000
    )
}

fn is_loopback_url(u: &str) -> bool {
    url::Url::parse(u).is_ok_and(|u| is_loopback_host(&u))
}

/// Where Amazon sends the browser back to: a loopback `http://` address with a port
/// (the app listens there), or an `https://` page whose address is pasted back.
pub fn check_redirect_uri(uri: &str) -> Result<url::Url, String> {
    let hint = "Use a loopback return URL with a port, such as http://localhost:47615/callback.";
    let u = url::Url::parse(uri.trim()).map_err(|_| format!("This is not a URL. {hint}"))?;
    match u.scheme() {
        "http" if is_loopback_host(&u) && u.port().is_some() => Ok(u),
        "http" if is_loopback_host(&u) => Err(format!("Add the port. {hint}")),
        "http" => Err(format!(
            "Plain http:// is for this computer only (localhost). {hint}"
        )),
        "https" if u.host_str().is_some() => Ok(u),
        _ => Err(hint.into()),
    }
}

/// An endpoint the client secret, tokens or the user's browser will be sent to: https,
/// or plain http on this computer only (a sandbox or a test double).
pub fn check_endpoint(uri: &str) -> Result<url::Url, String> {
    let u = url::Url::parse(uri.trim())
        .map_err(|_| format!("{uri:?} is not a URL such as https://example.com."))?;
    if !u.username().is_empty() || u.password().is_some() {
        return Err("Leave the user name and password out of the URL.".into());
    }
    match u.scheme() {
        "https" if u.host_str().is_some() => Ok(u),
        "http" if is_loopback_host(&u) => Ok(u),
        "http" => Err("Use https://: tokens and the client secret must not travel unencrypted (plain http:// is allowed for this computer only).".into()),
        other => Err(format!("Use an https:// address, not {other}:.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    fn dir() -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!(
            "ao-rules-{}-{}",
            std::process::id(),
            rand::random::<u64>()
        ));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn one_poll_rule_for_file_environment_flag_and_screen() {
        let d = dir();
        // The screen: 0.4 s against Amazon is refused, with the range.
        let amazon = Settings {
            client_id: Some("amzn1.application-oa2-client.x".into()),
            ..Settings::default()
        };
        let err = amazon
            .with_input(&SettingsInput {
                poll_interval_ms: Some(400),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err[0].field, "pollIntervalMs");
        assert!(
            err[0].message.contains("1 to 60 seconds"),
            "{}",
            err[0].message
        );
        // The sandbox may go as fast as 10 ms, from the environment or a flag.
        let e = Settings::effective_with(
            &d,
            &Overrides::default(),
            vars(&[("ADS_ONBOARD_POLL_INTERVAL", "0.02")]),
        )
        .unwrap();
        assert_eq!(e.settings.poll_interval_ms, 20);
        let flag = Overrides {
            poll_interval_secs: Some(0.001),
            ..Default::default()
        };
        let err = Settings::effective_with(&d, &flag, vars(&[])).unwrap_err();
        assert!(err.to_string().contains("--poll-interval"), "{err}");
        // The environment: named, never silently clamped.
        let err = Settings::effective_with(
            &d,
            &Overrides::default(),
            vars(&[
                ("ADS_ONBOARD_CLIENT_ID", "amzn1.application-oa2-client.x"),
                ("ADS_ONBOARD_POLL_INTERVAL", "0.2"),
            ]),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("ADS_ONBOARD_POLL_INTERVAL"),
            "{err}"
        );
        // The file: a refused value falls back to the default, with a warning.
        std::fs::write(
            d.join("settings.json"),
            r#"{"clientId":"amzn1.application-oa2-client.x","pollIntervalMs":5}"#,
        )
        .unwrap();
        let e = Settings::effective_with(&d, &Overrides::default(), vars(&[])).unwrap();
        assert_eq!(
            e.settings.poll_interval_ms,
            Settings::default().poll_interval_ms
        );
        assert!(e.warnings[0].contains("pollIntervalMs"), "{:?}", e.warnings);
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn endpoints_need_https_except_on_this_computer() {
        for ok in [
            "https://api.example.com/auth/o2/token",
            "http://127.0.0.1:8765",
            "http://localhost:9/x",
            "http://[::1]:9/",
        ] {
            assert!(check_endpoint(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://api.example.com/auth/o2/token",
            "http://127.0.0.1.evil.example/",
            "ftp://example.com/",
            "file:///etc/passwd",
            "https://user:pw@example.com/",
            "example.com",
        ] {
            assert!(check_endpoint(bad).is_err(), "{bad}");
        }
        let d = dir();
        let err = Settings::effective_with(
            &d,
            &Overrides::default(),
            vars(&[(
                "ADS_ONBOARD_TOKEN_URL",
                "http://tokens.example.com/auth/o2/token",
            )]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("ADS_ONBOARD_TOKEN_URL"), "{err}");
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn redirect_uris_are_loopback_with_a_port_or_https() {
        assert!(check_redirect_uri("http://localhost:47615/callback").is_ok());
        assert!(check_redirect_uri("http://127.0.0.1:1/cb").is_ok());
        assert!(check_redirect_uri("https://example.com/cb").is_ok());
        assert!(check_redirect_uri("http://localhost/callback").is_err());
        assert!(check_redirect_uri("http://example.com:80/cb").is_err());
        assert!(check_redirect_uri("localhost:1").is_err());
    }

    #[test]
    fn the_screen_keeps_what_it_did_not_send() {
        let s = Settings {
            region: Region::Eu,
            legacy_scope: true,
            poll_interval_ms: 3000,
            ..Settings::default()
        };
        let saved = s
            .with_input(&SettingsInput {
                billing_url: Some("https://advertising.amazon.co.uk/billing".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(saved.region, Region::Eu);
        assert!(saved.legacy_scope);
        assert_eq!(saved.poll_interval_ms, 3000);
        assert_eq!(
            saved.billing_url,
            "https://advertising.amazon.co.uk/billing"
        );
        let no_client = saved
            .with_input(&SettingsInput {
                use_amazon: Some(true),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(no_client[0].field, "clientId");
        let cleared = saved
            .with_input(&SettingsInput {
                client_id: Some(" ".into()),
                api_url: Some(String::new()),
                ..Default::default()
            })
            .unwrap();
        assert!(cleared.uses_sandbox());
        assert_eq!(cleared.api_url, None);
    }
}
