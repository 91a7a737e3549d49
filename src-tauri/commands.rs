use serde::Serialize;

use crate::error::Result;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    version: &'static str,
    sandbox: bool,
    region: ads_onboard_core::config::Region,
}

#[tauri::command]
pub fn app_info() -> Result<AppInfo> {
    let dir = ads_onboard_core::config::data_dir();
    let (mut settings, _) = ads_onboard_core::config::Settings::load(&dir)?;
    settings.apply_env()?;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        sandbox: settings.uses_sandbox(),
        region: settings.region,
    })
}
