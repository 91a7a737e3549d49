//! The desktop shell: a thin layer of commands over `ads-onboard-core`.

mod commands;
mod error;

pub use error::Error;

pub fn run() {
    init_tracing();
    tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(tauri::generate_handler![commands::app_info])
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
