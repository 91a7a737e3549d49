//! What comes out of registrations: profiles, billing, History, export, saved details.

use std::path::PathBuf;

use ads_onboard_core::config::Region;
use ads_onboard_core::onboarding::{Billing, ExportFormat, Onboarding};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::{Error, Result};
use crate::views::{
    history_row, AccountsView, HistoryView, ProfileView, SavedDetailsView, UiDetails,
};

#[tauri::command]
pub async fn profiles_list(ob: State<'_, Onboarding>, region: Region) -> Result<Vec<ProfileView>> {
    Ok(ob
        .profiles(Some(region))
        .await?
        .into_iter()
        .map(ProfileView::from)
        .collect())
}

#[tauri::command]
pub async fn billing_status(ob: State<'_, Onboarding>, id: String) -> Result<Billing> {
    Ok(ob.billing(&id).await?)
}

/// Registrations made here, newest first: local only, so History draws at once.
#[tauri::command]
pub async fn history_list(ob: State<'_, Onboarding>) -> Result<HistoryView> {
    Ok(HistoryView {
        registrations: ob.history()?.iter().map(history_row).collect(),
    })
}

/// The signed-in user's accounts at Amazon worth listing beside them.
#[tauri::command]
pub async fn history_accounts(ob: State<'_, Onboarding>) -> Result<AccountsView> {
    Ok(AccountsView::from(ob.accounts_for_history().await?))
}

/// How many registrations History lists, for the rail.
#[tauri::command]
pub async fn history_count(ob: State<'_, Onboarding>) -> Result<usize> {
    Ok(ob.history()?.len())
}

#[tauri::command]
pub async fn export_text(
    ob: State<'_, Onboarding>,
    ids: Vec<String>,
    format: ExportFormat,
) -> Result<String> {
    Ok(ob.export(&ids, format).await?.text)
}

#[derive(Serialize)]
pub struct Saved {
    path: String,
    warnings: Vec<String>,
}

/// Saves where the user chooses; None when they cancel.
#[tauri::command]
pub async fn export_save<R: Runtime>(
    app: AppHandle<R>,
    ob: State<'_, Onboarding>,
    ids: Vec<String>,
    format: ExportFormat,
) -> Result<Option<Saved>> {
    let export = ob.export(&ids, format).await?;
    let Some(path) = save_path(&app, &export.file_name, format).await? else {
        return Ok(None);
    };
    ob.write_export(&export, &path)?;
    Ok(Some(Saved {
        path: path.display().to_string(),
        warnings: export.warnings,
    }))
}

#[tauri::command]
pub async fn details_saved(ob: State<'_, Onboarding>) -> Result<Vec<SavedDetailsView>> {
    Ok(ob
        .saved_details()?
        .iter()
        .map(SavedDetailsView::from)
        .collect())
}

/// A JSON or CSV file of details, read as the CLI reads them; empty when cancelled.
#[tauri::command]
pub async fn details_import<R: Runtime>(
    app: AppHandle<R>,
    ob: State<'_, Onboarding>,
) -> Result<Vec<UiDetails>> {
    let Some(path) = open_path(&app).await? else {
        return Ok(vec![]);
    };
    Ok(ob
        .import_details(&path)?
        .iter()
        .map(UiDetails::from_core)
        .collect())
}

/// The native save dialog; `ADS_ONBOARD_EXPORT_DIR` stands in for it (tests cannot
/// drive a native dialog).
async fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    name: &str,
    format: ExportFormat,
) -> Result<Option<PathBuf>> {
    if let Some(dir) = std::env::var_os("ADS_ONBOARD_EXPORT_DIR") {
        return Ok(Some(PathBuf::from(dir).join(name)));
    }
    let ext = format.extension();
    let dialog = app
        .dialog()
        .file()
        .set_file_name(name)
        .add_filter(ext.to_uppercase(), &[ext]);
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file()).await;
    Ok(picked
        .map_err(|e| Error::Shell(e.to_string()))?
        .and_then(|p| p.into_path().ok()))
}

/// The native open dialog; `ADS_ONBOARD_IMPORT_FILE` stands in for it.
async fn open_path<R: Runtime>(app: &AppHandle<R>) -> Result<Option<PathBuf>> {
    if let Some(p) = std::env::var_os("ADS_ONBOARD_IMPORT_FILE") {
        return Ok(Some(PathBuf::from(p)));
    }
    let dialog = app
        .dialog()
        .file()
        .add_filter("Details (JSON or CSV)", &["json", "csv"]);
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_file()).await;
    Ok(picked
        .map_err(|e| Error::Shell(e.to_string()))?
        .and_then(|p| p.into_path().ok()))
}
