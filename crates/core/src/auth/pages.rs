//! What the browser shows after Amazon redirects to the loopback listener, and the
//! plain-words explanation of LwA's `error` values.

use super::AuthError;

/// Maps LwA's `error` / `error_description` on the redirect to what the user is told.
pub fn authorization_error(code: &str, description: Option<&str>) -> AuthError {
    let detail = description
        .filter(|d| !d.trim().is_empty())
        .map(|d| format!(" Amazon said: \"{}\".", d.trim()))
        .unwrap_or_default();
    let explained = |text: &str| AuthError::Authorization {
        code: code.to_string(),
        explanation: format!("{text}{detail}"),
    };
    match code {
        "access_denied" => AuthError::Denied,
        "invalid_scope" => AuthError::InvalidScope,
        "unauthorized_client" => explained(
            "This Login with Amazon client may not ask for sign-ins this way (unauthorized_client). Check the client ID in Settings and that its security profile is enabled.",
        ),
        "invalid_request" => explained(
            "Amazon found the sign-in request invalid (invalid_request). Check the client ID and that the redirect URI is listed exactly under Allowed Return URLs.",
        ),
        "unsupported_response_type" => explained(
            "Amazon does not allow this kind of sign-in for the client (unsupported_response_type).",
        ),
        "server_error" | "temporarily_unavailable" => explained(
            "Amazon's sign-in service had a temporary problem. Wait a minute and try again.",
        ),
        other => explained(&format!("Amazon could not complete the sign-in ({other}).")),
    }
}

pub fn success_page(who: Option<&str>) -> String {
    let who = who
        .map(|w| format!("<p>Signed in as <strong>{}</strong>.</p>", escape(w)))
        .unwrap_or_default();
    page(
        "Signed in to Ads Onboard",
        &format!("{who}<p>You can close this tab and return to Ads Onboard.</p>"),
    )
}

pub fn failure_page(err: &AuthError) -> String {
    page(
        "Sign-in did not complete",
        &format!(
            "<p>{}</p><p>You can close this tab and return to Ads Onboard.</p>",
            escape(&err.to_string())
        ),
    )
}

/// Shown to a callback from another (older) attempt; the real one is still awaited.
pub fn stale_page() -> String {
    page(
        "This sign-in link is out of date",
        "<p>This answer belongs to an earlier sign-in attempt, so it was ignored. Ads Onboard is still waiting: finish the sign-in from the latest link it opened.</p>",
    )
}

pub fn not_found_page() -> String {
    page("Not found", "<p>Nothing here.</p>")
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}}</style>\
</head><body><h1>{t}</h1>{body}</body></html>",
        t = escape(title)
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lwa_errors_are_explained_and_escaped() {
        assert_eq!(
            authorization_error("access_denied", None),
            AuthError::Denied
        );
        assert_eq!(
            authorization_error("invalid_scope", Some("An unknown scope was requested")),
            AuthError::InvalidScope
        );
        let e = authorization_error("server_error", Some("<script>x</script>"));
        assert!(e.to_string().contains("temporary problem"));
        let html = failure_page(&e);
        assert!(!html.contains("<script>"));
        assert!(html.contains("close this tab"));
        assert!(success_page(Some("Dana")).contains("Dana"));
    }
}
