//! The browser, the clipboard and the wizard's own UI state.

use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_opener::OpenerExt;
use tauri_plugin_store::StoreExt;

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
/// system's default through tauri-plugin-opener.
pub fn open_in_browser<R: Runtime>(app: &AppHandle<R>, state: &AppState, url: &str) -> Result<()> {
    let parsed = url::Url::parse(url).map_err(|e| Error::Other(format!("Not a link: {e}")))?;
    if !allowed(state, &parsed) {
        return Err(Error::Other(format!(
            "Ads Onboard opens only Amazon's pages, not {}",
            parsed.host_str().unwrap_or("this address")
        )));
    }
    if std::env::var("BROWSER").is_ok_and(|b| !b.trim().is_empty()) {
        return ads_onboard_core::auth::browser::open(url)
            .map_err(|e| Error::Other(format!("Could not start $BROWSER: {e}")));
    }
    app.opener().open_url(url, None::<&str>).map_err(|e| {
        Error::Other(format!(
            "Could not open the browser ({e}). Copy the link instead."
        ))
    })
}

#[tauri::command]
pub fn open_url<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    url: String,
) -> Result<()> {
    open_in_browser(&app, &state, &url)
}

#[tauri::command]
pub fn copy_text<R: Runtime>(app: AppHandle<R>, text: String) -> Result<()> {
    app.clipboard()
        .write_text(text)
        .map_err(|e| Error::Other(format!("Could not use the clipboard: {e}")))
}

const UI_STATE_KEY: &str = "wizard";

fn ui_store<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
) -> Result<std::sync::Arc<tauri_plugin_store::Store<R>>> {
    app.store(state.data_dir.join("ui-state.json"))
        .map_err(|e| Error::Other(format!("UI state: {e}")))
}

/// Where the wizard was left (step, draft, current registration): UI-only state.
#[tauri::command]
pub async fn ui_state_get<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<serde_json::Value> {
    Ok(ui_store(&app, &state)?
        .get(UI_STATE_KEY)
        .unwrap_or_default())
}

#[tauri::command]
pub async fn ui_state_set<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    state_value: serde_json::Value,
) -> Result<()> {
    let store = ui_store(&app, &state)?;
    store.set(UI_STATE_KEY, state_value);
    store
        .save()
        .map_err(|e| Error::Other(format!("UI state: {e}")))
}
