//! The app itself: facts, settings, links, the clipboard and where the wizard was left.

use ads_onboard_core::config::SettingsInput;
use ads_onboard_core::onboarding::{AppInfo, Onboarding, SettingsView};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;

use crate::error::{Error, Result};
use crate::views::{self, ui_fields, FieldsView, FindingView};

#[tauri::command]
pub async fn app_info(ob: State<'_, Onboarding>) -> Result<AppInfo> {
    Ok(views::app_info(ob.app_info()))
}

#[tauri::command]
pub async fn settings_get(ob: State<'_, Onboarding>) -> Result<SettingsView> {
    Ok(ob.settings_view())
}

/// Checks what Settings would save, as the user types.
#[tauri::command]
pub async fn settings_check(
    ob: State<'_, Onboarding>,
    settings: SettingsInput,
) -> Result<FieldsView> {
    Ok(ui_fields(&ob.check_settings(&settings)).unwrap_or_default())
}

#[tauri::command]
pub async fn settings_save(
    ob: State<'_, Onboarding>,
    settings: SettingsInput,
    client_secret: Option<String>,
) -> Result<AppInfo> {
    Ok(views::app_info(
        ob.save_settings(&settings, client_secret).await?,
    ))
}

#[tauri::command]
pub async fn check_setup(ob: State<'_, Onboarding>) -> Result<Vec<FindingView>> {
    Ok(ob
        .check_setup()
        .await
        .into_iter()
        .map(FindingView::from)
        .collect())
}

#[tauri::command]
pub async fn open_url(ob: State<'_, Onboarding>, url: String) -> Result<()> {
    Ok(ob.open_url(&url)?)
}

#[tauri::command]
pub async fn copy_text<R: Runtime>(app: AppHandle<R>, text: String) -> Result<()> {
    app.clipboard()
        .write_text(text)
        .map_err(|e| Error::Shell(format!("Could not use the clipboard: {e}")))
}

#[tauri::command]
pub async fn ui_state_get(ob: State<'_, Onboarding>) -> Result<serde_json::Value> {
    Ok(ob.wizard_state())
}

#[tauri::command]
pub async fn ui_state_set(ob: State<'_, Onboarding>, state_value: serde_json::Value) -> Result<()> {
    Ok(ob.save_wizard_state(&state_value)?)
}
