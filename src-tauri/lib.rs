//! The desktop shell: a thin layer of commands over `ads-onboard-core`, plus the
//! embedded sandbox when no LwA client is configured.

mod bench;
#[cfg(test)]
mod capability_tests;
mod commands;
mod error;
mod runner;
mod state;
#[cfg(test)]
mod ui_tests;
mod views;

pub use error::Error;

use commands::{flow, results, session, system};
use tauri::Manager;

pub fn run() {
    init_tracing();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(bench::init())
        .setup(|app| {
            let started = std::time::Instant::now();
            let data_dir = ads_onboard_core::config::data_dir();
            std::fs::create_dir_all(&data_dir)?;
            let settings = state::load_settings(&data_dir)?;
            let sandbox = if settings.uses_sandbox() {
                Some(tauri::async_runtime::block_on(state::start_sandbox(
                    &settings, &data_dir,
                ))?)
            } else {
                None
            };
            let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
            app.manage(state::AppState::new(data_dir, sandbox, tx)?);
            runner::forward_progress(app.handle().clone(), rx);
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
            session::app_info,
            session::settings_get,
            session::settings_save,
            session::check_setup,
            session::users_list,
            session::users_switch,
            session::users_sign_out,
            session::sign_in_start,
            session::sign_in_wait,
            session::sign_in_cancel,
            flow::terms_start,
            flow::terms_status,
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
            system::open_url,
            system::copy_text,
            system::ui_state_get,
            system::ui_state_set,
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
