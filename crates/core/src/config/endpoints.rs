//! Where sign-in and the Ads API are reached: Amazon's hosts (with any overrides), a
//! sandbox given by URL, or the sandbox built into this process.

use super::{Region, Settings};

/// Who serves sign-in and the Ads API for a set of settings: one rule for the app and
/// the CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Amazon (a client ID is configured), with any endpoint overrides.
    Amazon,
    /// No client ID, and a sandbox already running at this base URL.
    SandboxAt(String),
    /// No client ID, and endpoint overrides: a sandbox or test double reached through them.
    Overridden,
    /// No client ID and nothing else said: the sandbox built into this process.
    Embedded,
}

impl Settings {
    pub fn source(&self) -> Source {
        if !self.uses_sandbox() {
            return Source::Amazon;
        }
        if let Some(url) = self.sandbox_url.as_deref().filter(|u| !u.trim().is_empty()) {
            return Source::SandboxAt(url.trim().trim_end_matches('/').to_string());
        }
        if self.auth_url.is_some() || self.token_url.is_some() || self.api_url.is_some() {
            return Source::Overridden;
        }
        Source::Embedded
    }
}

/// The concrete endpoints one sign-in and its API calls use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub authorize_url: String,
    pub token_url: String,
    pub profile_url: String,
    /// Ads API base per region (access tokens are global).
    pub api_na: String,
    pub api_eu: String,
    pub api_fe: String,
}

impl Endpoints {
    pub fn api(&self, region: Region) -> &str {
        match region {
            Region::Na => &self.api_na,
            Region::Eu => &self.api_eu,
            Region::Fe => &self.api_fe,
        }
    }

    /// Amazon's endpoints for `settings.region`, with any overrides applied.
    pub fn amazon(settings: &Settings) -> Endpoints {
        let r = settings.region;
        let api = |region: Region| match (&settings.api_url, region == r) {
            (Some(u), true) => u.trim_end_matches('/').to_string(),
            _ => region.api_url().to_string(),
        };
        let token_url = settings
            .token_url
            .clone()
            .unwrap_or_else(|| r.token_url().into());
        // LwA serves the profile on the token host, so an overridden token URL moves it too.
        let profile_url = match url::Url::parse(&token_url) {
            Ok(mut u) => {
                u.set_path("/user/profile");
                u.set_query(None);
                u.to_string()
            }
            Err(_) => "https://api.amazon.com/user/profile".into(),
        };
        Endpoints {
            authorize_url: settings
                .auth_url
                .clone()
                .unwrap_or_else(|| r.authorize_url().into()),
            token_url,
            profile_url,
            api_na: api(Region::Na),
            api_eu: api(Region::Eu),
            api_fe: api(Region::Fe),
        }
    }

    /// The endpoints for `settings`; `embedded` is the built-in sandbox's base URL, needed
    /// only when the source is [`Source::Embedded`].
    pub fn resolve(settings: &Settings, embedded: Option<&str>) -> Option<Endpoints> {
        match settings.source() {
            Source::Amazon | Source::Overridden => Some(Endpoints::amazon(settings)),
            Source::SandboxAt(base) => Some(Endpoints::sandbox(&base)),
            Source::Embedded => embedded.map(Endpoints::sandbox),
        }
    }

    /// The sandbox's own base URL (its agreement and billing pages live there), when a
    /// sandbox serves these endpoints: the origin of its token endpoint.
    pub fn sandbox_base(&self, settings: &Settings) -> Option<String> {
        if !settings.uses_sandbox() {
            return None;
        }
        let u = url::Url::parse(&self.token_url).ok()?;
        Some(u.origin().ascii_serialization())
    }

    /// Every endpoint, for the link policy.
    pub fn all(&self) -> [&str; 6] {
        [
            &self.authorize_url,
            &self.token_url,
            &self.profile_url,
            &self.api_na,
            &self.api_eu,
            &self.api_fe,
        ]
    }

    /// Everything served by one sandbox base URL (e.g. `http://127.0.0.1:PORT`).
    pub fn sandbox(base: &str) -> Endpoints {
        let base = base.trim_end_matches('/');
        Endpoints {
            authorize_url: format!("{base}/ap/oa"),
            token_url: format!("{base}/auth/o2/token"),
            profile_url: format!("{base}/user/profile"),
            api_na: format!("{base}{}", Region::Na.sandbox_prefix()),
            api_eu: format!("{base}{}", Region::Eu.sandbox_prefix()),
            api_fe: format!("{base}{}", Region::Fe.sandbox_prefix()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_follow_region_and_overrides() {
        let mut s = Settings {
            region: Region::Eu,
            ..Settings::default()
        };
        let e = Endpoints::amazon(&s);
        assert_eq!(e.authorize_url, "https://eu.account.amazon.com/ap/oa");
        assert_eq!(e.token_url, "https://api.amazon.co.uk/auth/o2/token");
        assert_eq!(e.profile_url, "https://api.amazon.co.uk/user/profile");
        s.token_url = Some("http://127.0.0.1:7/auth/o2/token".into());
        assert_eq!(
            Endpoints::amazon(&s).profile_url,
            "http://127.0.0.1:7/user/profile"
        );
        s.api_url = Some("http://127.0.0.1:9/".into());
        assert_eq!(Endpoints::amazon(&s).api(Region::Eu), "http://127.0.0.1:9");
        assert_eq!(Endpoints::amazon(&s).api(Region::Na), Region::Na.api_url());
        let sb = Endpoints::sandbox("http://127.0.0.1:5/");
        assert_eq!(sb.api(Region::Fe), "http://127.0.0.1:5/fe");
        assert_eq!(sb.api(Region::Na), "http://127.0.0.1:5");
    }
}
