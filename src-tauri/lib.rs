//! The desktop shell: window commands of a few lines each over `ads_onboard_core`'s
//! [`Onboarding`], and its progress stream turned into window events. Nothing here
//! decides anything about Amazon, registrations or settings.

mod bench;
#[cfg(test)]
mod capability_tests;
mod commands;
mod error;
mod events;
#[cfg(test)]
mod ui_tests;
mod views;

pub use error::Error;

use ads_onboard_core::onboarding::{Onboarding, Options};
use commands::{app, flow, results, signin};
use tauri::Manager;

pub fn run() {
    init_tracing();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(bench::init())
        .setup(|app| {
            let started = std::time::Instant::now();
            let options = Options {
                sandbox: Some(std::sync::Arc::new(ads_onboard_sandbox::start_embedded)),
                open_browser: true,
                ..Options::default()
            };
            let data_dir = ads_onboard_core::config::data_dir();
            let (onboarding, progress) =
                tauri::async_runtime::block_on(Onboarding::open(&data_dir, options))?;
            app.manage(onboarding);
            events::forward(app.handle().clone(), progress);
            tracing::debug!(ms = started.elapsed().as_millis() as u64, "setup done");
            // The window is created here, after the state its page asks for, not before
            // setup as Tauri does for windows in the config ("create": false there): the page
            // can never call a command before the state exists, and the new webview is not
            // kept waiting while this hook works (see BENCHMARKS.md, cold start).
            for config in app.config().app.windows.clone() {
                tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?.build()?;
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            app::app_info,
            app::settings_get,
            app::settings_check,
            app::settings_save,
            app::check_setup,
            app::open_url,
            app::copy_text,
            app::ui_state_get,
            app::ui_state_set,
            signin::users_list,
            signin::users_switch,
            signin::users_sign_out,
            signin::sign_in_start,
            signin::sign_in_cancel,
            flow::agreement_start,
            flow::agreement_resume,
            flow::agreement_check_now,
            flow::details_check,
            flow::registration_start,
            flow::registration_get,
            flow::registration_check_now,
            flow::registration_stop,
            flow::registration_resume,
            results::profiles_list,
            results::billing_status,
            results::history_list,
            results::history_accounts,
            results::history_count,
            results::export_save,
            results::export_text,
            results::details_saved,
            results::details_import,
        ])
        .run(tauri::generate_context!())
        .expect("error while running Ads Onboard");
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ADS_ONBOARD_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
