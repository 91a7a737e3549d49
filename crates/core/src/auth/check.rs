//! "Check setup": tries the configured LwA client against the token endpoint (client ID
//! and secret) and the authorize endpoint (return URL and scopes) without signing in.

use serde::Serialize;

use super::oauth::{http_client, TokenFailure};
use super::pkce::{new_state, Pkce};
use super::signin::authorize_url;
use super::users::Auth;
use super::AuthError;

/// A refresh token no one was issued: the token endpoint then judges only the client.
const PROBE_REFRESH_TOKEN: &str = "Atzr|ads-onboard-setup-check";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetupFinding {
    pub ok: bool,
    /// "client", "returnUrl" or "scope".
    pub topic: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetupReport {
    pub findings: Vec<SetupFinding>,
}

impl SetupReport {
    pub fn all_ok(&self) -> bool {
        self.findings.iter().all(|f| f.ok)
    }
}

fn finding(ok: bool, topic: &'static str, message: String) -> SetupFinding {
    SetupFinding { ok, topic, message }
}

impl Auth {
    pub async fn check_setup(&self) -> SetupReport {
        let mut findings = vec![self.check_client().await];
        findings.extend(self.check_authorize().await);
        SetupReport { findings }
    }

    async fn check_client(&self) -> SetupFinding {
        let id = self.client_id().to_string();
        let client = match self.lwa_client() {
            Ok(c) => c,
            Err(e) => return finding(false, "client", e.to_string()),
        };
        match client.refresh_raw(PROBE_REFRESH_TOKEN).await {
            Ok(_) => finding(
                true,
                "client",
                format!("Amazon accepted client ID {id} and its secret."),
            ),
            Err(TokenFailure::Refused { error, description }) => {
                let desc = description.unwrap_or_default();
                let lower = desc.to_ascii_lowercase();
                match error.as_str() {
                    // The client authenticated; only the made-up grant was refused.
                    "invalid_grant" => finding(true, "client", format!("Amazon knows client ID {id} and accepted its secret.")),
                    "invalid_client" if lower.contains("unknown") || lower.contains("not found") || lower.contains("does not exist") => finding(false, "client", format!(
                        "Amazon does not know client ID {id} (\"{desc}\"). Copy the client ID again from your LwA security profile (Web Settings)."
                    )),
                    "invalid_client" => finding(false, "client", format!(
                        "Amazon refused client ID {id} with this secret (\"{desc}\"). The client secret is wrong or was rotated, or the client ID is unknown: copy both again from your LwA security profile (Web Settings)."
                    )),
                    "unauthorized_client" => finding(false, "client", format!(
                        "Client ID {id} is not allowed to use refresh tokens (\"{desc}\"). Check that its security profile is enabled."
                    )),
                    "invalid_scope" => finding(false, "scope", AuthError::InvalidScope.to_string()),
                    other => finding(false, "client", format!("The token endpoint answered {other}: {desc}")),
                }
            }
            Err(TokenFailure::Other(e)) => finding(false, "client", e.to_string()),
        }
    }

    /// Asks the authorize endpoint without following its redirect: Amazon validates the
    /// return URL at once; scopes too, unless it first shows its sign-in page.
    async fn check_authorize(&self) -> Vec<SetupFinding> {
        let inner = &self.inner;
        let redirect = inner.settings.redirect_uri.clone();
        let url = match authorize_url(
            &inner.endpoints.authorize_url,
            &inner.client_id,
            &inner.settings.scopes(),
            &redirect,
            &new_state(),
            &Pkce::new(),
        ) {
            Ok(u) => u,
            Err(e) => return vec![finding(false, "returnUrl", e.to_string())],
        };
        let http = match http_client() {
            Ok(h) => h,
            Err(e) => return vec![finding(false, "returnUrl", e.to_string())],
        };
        let resp = match http.get(&url).send().await {
            Ok(r) => r,
            Err(e) => {
                return vec![finding(
                    false,
                    "returnUrl",
                    AuthError::Network(e.without_url().to_string()).to_string(),
                )]
            }
        };
        let status = resp.status();
        let location = resp
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .map(str::to_string);
        if status.is_redirection() {
            let loc = location.unwrap_or_default();
            if !loc.starts_with(redirect.as_str()) {
                return vec![finding(true, "returnUrl", "Amazon showed its sign-in page for this client, so the request is accepted so far; scope approval is checked when you sign in.".into())];
            }
            let params: Vec<(String, String)> = url::Url::parse(&loc)
                .map(|u| u.query_pairs().into_owned().collect())
                .unwrap_or_default();
            let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
            let ok_return = finding(
                true,
                "returnUrl",
                format!("Amazon accepts {redirect} as a return URL."),
            );
            return match get("error").as_deref() {
                None => vec![
                    ok_return,
                    finding(
                        true,
                        "scope",
                        format!(
                            "Amazon accepts the requested scopes ({}).",
                            inner.settings.scopes().join(" ")
                        ),
                    ),
                ],
                Some("invalid_scope") => vec![
                    ok_return,
                    finding(false, "scope", AuthError::InvalidScope.to_string()),
                ],
                Some(e) => vec![
                    ok_return,
                    finding(
                        false,
                        "client",
                        super::pages::authorization_error(e, get("error_description").as_deref())
                            .to_string(),
                    ),
                ],
            };
        }
        if status.is_success() {
            return vec![finding(true, "returnUrl", "Amazon showed its sign-in page for this client; the return URL and scopes are checked when you sign in.".into())];
        }
        let body = resp.text().await.unwrap_or_default().to_ascii_lowercase();
        let redirect_refused = format!("Amazon does not accept {redirect} as a return URL (\"not whitelisted\"). Add it exactly, port and path included, under Allowed Return URLs in your LwA security profile (Web Settings).");
        let message = if body.contains("whitelisted") || body.contains("return url") {
            redirect_refused
        } else if body.contains("client") {
            format!("Amazon's sign-in page refused client ID {} (HTTP {}). Copy it again from your LwA security profile.", inner.client_id, status.as_u16())
        } else if body.contains("redirect") {
            redirect_refused
        } else {
            format!(
                "Amazon's sign-in page refused the request (HTTP {}).",
                status.as_u16()
            )
        };
        vec![finding(false, "returnUrl", message)]
    }
}
