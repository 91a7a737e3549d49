//! Which addresses Ads Onboard hands to the user's browser, for the app and the CLI
//! alike: Amazon's own https pages, the configured endpoints and billing page, and the
//! sandbox in use. Anything else (another host named in a server's answer, a `file:`
//! link, a UNC path) is shown as text and never given to an opener: on Windows,
//! `rundll32 url.dll,FileProtocolHandler` runs whatever it is handed.

use url::{Host, Origin, Url};

/// Amazon's retail and advertising domains in the marketplaces the Ads API serves.
const AMAZON_SUFFIXES: [&str; 21] = [
    "com", "ca", "com.mx", "com.br", "co.uk", "de", "fr", "it", "es", "nl", "se", "pl", "com.tr",
    "ae", "sa", "eg", "in", "com.be", "co.jp", "com.au", "sg",
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("This is not a web address: {0}")]
    NotALink(String),
    #[error("Ads Onboard opens only Amazon's pages and the addresses in Settings, not {0}. The address is shown so you can check it yourself.")]
    Refused(String),
    #[error("Could not open the browser ({0}). Copy the link instead.")]
    Opener(String),
}

/// The addresses one configuration may open.
#[derive(Debug, Clone)]
pub struct LinkPolicy {
    origins: Vec<Origin>,
}

impl LinkPolicy {
    /// `configured`: the endpoints and billing page in force (each must be https, or
    /// plain http on loopback); `sandbox`: the base URL of the sandbox in use.
    pub fn new<'a>(
        configured: impl IntoIterator<Item = &'a str>,
        sandbox: Option<&'a str>,
    ) -> Self {
        let origins = configured
            .into_iter()
            .chain(sandbox)
            .filter_map(|u| Url::parse(u).ok())
            .filter(|u| u.scheme() == "https" || (u.scheme() == "http" && is_loopback_host(u)))
            .map(|u| u.origin())
            .collect();
        LinkPolicy { origins }
    }

    /// The address in normal form when it may be opened: no space or quote survives for
    /// an opener to reparse.
    pub fn check(&self, raw: &str) -> Result<Url, LinkError> {
        let url = Url::parse(raw.trim()).map_err(|_| LinkError::NotALink(raw.to_string()))?;
        let shown = || url.host_str().unwrap_or(raw).to_string();
        if !url.username().is_empty() || url.password().is_some() {
            return Err(LinkError::Refused(shown()));
        }
        if is_amazon_page(&url) || self.origins.contains(&url.origin()) {
            Ok(url)
        } else {
            Err(LinkError::Refused(shown()))
        }
    }

    /// Checks `raw`, then opens it in the user's browser; a sign-in address (its `state`
    /// and PKCE challenge must stay off command lines) through a private page in
    /// `data_dir`, which the sign-in deletes when it ends.
    pub fn open(&self, raw: &str, data_dir: &std::path::Path) -> Result<Url, LinkError> {
        use crate::auth::browser;
        let url = self.check(raw)?;
        let opened = match browser::carries_sign_in_secrets(url.as_str()) {
            true => browser::open_privately(url.as_str(), data_dir),
            false => browser::open(url.as_str()),
        };
        opened.map_err(|e| LinkError::Opener(e.to_string()))?;
        Ok(url)
    }
}

fn is_amazon_page(url: &Url) -> bool {
    let Some(Host::Domain(host)) = url.host() else {
        return false;
    };
    url.scheme() == "https"
        && url.port().is_none()
        && AMAZON_SUFFIXES.iter().any(|tld| {
            let apex = format!("amazon.{tld}");
            host == apex || host.ends_with(&format!(".{apex}"))
        })
}

/// `localhost`, 127.0.0.0/8 or ::1: this computer.
pub fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> LinkPolicy {
        LinkPolicy::new(
            [
                "https://advertising-api.amazon.com",
                "https://proxy.example.com:8443/auth/o2/token",
                "https://billing.example.org/setup",
                // Refused as a configured origin: plain http off this computer.
                "http://insecure.example.net/",
            ],
            Some("http://127.0.0.1:8765"),
        )
    }

    #[test]
    fn amazon_pages_the_configured_endpoints_and_the_sandbox_open() {
        let p = policy();
        for good in [
            "https://advertising.amazon.com/terms?token=x",
            "https://www.amazon.com/ap/oa?client_id=x",
            "https://eu.account.amazon.com/",
            "https://advertising.amazon.co.uk/billing",
            "https://amazon.co.jp/",
            "https://proxy.example.com:8443/ap/oa?x=1",
            "https://billing.example.org/other/page",
            "http://127.0.0.1:8765/terms/agreement/abc",
        ] {
            assert!(p.check(good).is_ok(), "{good} should open");
        }
    }

    #[test]
    fn hostile_schemes_look_alikes_userinfo_and_unc_paths_do_not() {
        let p = policy();
        for bad in [
            "http://advertising.amazon.com/",
            "https://amazon.com.evil.example/",
            "https://evilamazon.com/",
            "https://amazon.com@evil.example/",
            "https://user:pw@advertising.amazon.com/",
            "https://advertising.amazon.com:8443/",
            "https://evil.example/?u=https://amazon.com",
            "https://xn--amzon-hra.com/",
            "https://proxy.example.com/ap/oa",
            "http://insecure.example.net/",
            "file:///etc/passwd",
            "file://server/share/setup.exe",
            "\\\\server\\share\\setup.exe",
            "C:\\Windows\\System32\\calc.exe",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "ftp://amazon.com/",
            "ms-settings:privacy",
            "http://127.0.0.1:8766/terms",
            "http://localhost:8765/terms",
            "",
        ] {
            assert!(p.check(bad).is_err(), "{bad} must not open");
        }
    }

    #[test]
    fn what_is_opened_is_the_checked_address_in_normal_form() {
        let u = policy()
            .check("https://advertising.amazon.com/terms?x=a b\"c")
            .unwrap();
        assert_eq!(
            u.as_str(),
            "https://advertising.amazon.com/terms?x=a%20b%22c"
        );
    }
}
