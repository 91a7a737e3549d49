//! The browser, the clipboard and the wizard's own UI state.

use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;

use crate::error::{Error, Result};
use crate::state::AppState;

const AMAZON_SUFFIXES: [&str; 21] = [
    "com", "ca", "com.mx", "com.br", "co.uk", "de", "fr", "it", "es", "nl", "se", "pl", "com.tr",
    "ae", "sa", "eg", "in", "com.be", "co.jp", "com.au", "sg",
];

/// Only Amazon's own https pages, the configured billing page and the embedded sandbox.
fn allowed(state: &AppState, url: &url::Url) -> bool {
    if let Some(base) = state.sandbox_url() {
        if url.as_str().starts_with(&format!("{base}/")) {
            return true;
        }
    }
    let Some(host) = url.host_str() else {
        return false;
    };
    if url.scheme() != "https" {
        return false;
    }
    let billing = url::Url::parse(&state.ctx().settings.billing_url).ok();
    if billing.as_ref().and_then(|b| b.host_str()) == Some(host) {
        return true;
    }
    AMAZON_SUFFIXES.iter().any(|tld| {
        let apex = format!("amazon.{tld}");
        host == apex || host.ends_with(&format!(".{apex}"))
    })
}

/// Opens `url` in the user's browser: `$BROWSER` when set (tests script it), else the
/// system's opener (`xdg-open`, `open`, the URL handler on Windows), as the CLI does.
pub fn open_in_browser(state: &AppState, url: &str) -> Result<()> {
    let parsed = url::Url::parse(url).map_err(|e| Error::Other(format!("Not a link: {e}")))?;
    if !allowed(state, &parsed) {
        return Err(Error::Other(format!(
            "Ads Onboard opens only Amazon's pages, not {}",
            parsed.host_str().unwrap_or("this address")
        )));
    }
    // The normalised form of what was checked: no spaces or quotes for an opener to reparse.
    ads_onboard_core::auth::browser::open(parsed.as_str()).map_err(|e| {
        Error::Other(format!(
            "Could not open the browser ({e}). Copy the link instead."
        ))
    })
}

#[tauri::command]
pub async fn open_url(state: State<'_, AppState>, url: String) -> Result<()> {
    open_in_browser(&state, &url)
}

#[tauri::command]
pub async fn copy_text<R: Runtime>(app: AppHandle<R>, text: String) -> Result<()> {
    app.clipboard()
        .write_text(text)
        .map_err(|e| Error::Other(format!("Could not use the clipboard: {e}")))
}

/// Where the wizard was left (step, draft, current registration): UI-only state, one
/// JSON file beside the store.
#[tauri::command]
pub async fn ui_state_get(state: State<'_, AppState>) -> Result<serde_json::Value> {
    Ok(ads_onboard_core::wizard_state::load(&state.data_dir))
}

#[tauri::command]
pub async fn ui_state_set(
    state: State<'_, AppState>,
    state_value: serde_json::Value,
) -> Result<()> {
    ads_onboard_core::wizard_state::save(&state.data_dir, &state_value)
        .map_err(|e| Error::Other(format!("Could not save where the wizard was: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page can ask to open any string; only Amazon's https pages, the configured
    /// billing host and the embedded sandbox's own URLs get through.
    #[tokio::test]
    async fn only_amazon_https_pages_billing_and_the_sandbox_are_opened() {
        let dir = std::env::temp_dir().join(format!(
            "ao-opener-{}-{:x}",
            std::process::id(),
            rand_suffix()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let sandbox = ads_onboard_sandbox::start(
            ads_onboard_sandbox::SandboxConfig::for_tests(),
            "127.0.0.1:0".parse().unwrap(),
        )
        .await
        .unwrap();
        let base = sandbox.base_url();
        let port = sandbox.local_addr().port();
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let state = AppState::new(dir.clone(), Some(sandbox), tx).unwrap();
        let ok = |u: &str| allowed(&state, &url::Url::parse(u).unwrap());
        for good in [
            "https://advertising.amazon.com/terms?token=x",
            "https://www.amazon.com/ap/oa?client_id=x",
            "https://eu.account.amazon.com/",
            "https://advertising.amazon.co.uk/billing",
            "https://amazon.co.jp/",
            &format!("{base}/terms/agreement/abc"),
        ] {
            assert!(ok(good), "{good} should open");
        }
        for bad in [
            "http://advertising.amazon.com/",
            "https://amazon.com.evil.example/",
            "https://evilamazon.com/",
            "https://amazon.com@evil.example/",
            "https://evil.example/?u=https://amazon.com",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "ftp://amazon.com/",
            &format!("http://127.0.0.1:{}/terms", port.wrapping_add(1)),
            "http://127.0.0.1:1/",
        ] {
            assert!(!ok(bad), "{bad} must not open");
        }

        // What reaches the browser is the checked URL in its normal form, not the raw
        // string: no space or quote for an opener (rundll32 on Windows) to reparse.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let script = dir.join("browser.sh");
            let seen = dir.join("seen.txt");
            std::fs::write(
                &script,
                format!("#!/bin/sh\nprintf %s \"$1\" > {}\n", seen.display()),
            )
            .unwrap();
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
            std::env::set_var("BROWSER", format!("{} %s", script.display()));
            open_in_browser(&state, "https://advertising.amazon.com/terms?x=a b\"c").unwrap();
            std::env::remove_var("BROWSER");
            let start = std::time::Instant::now();
            while !seen.exists() && start.elapsed() < std::time::Duration::from_secs(10) {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert_eq!(
                std::fs::read_to_string(&seen).unwrap(),
                "https://advertising.amazon.com/terms?x=a%20b%22c"
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn rand_suffix() -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
    }
}
