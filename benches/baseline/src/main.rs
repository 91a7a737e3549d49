// The bare window: no commands, no plugins but the app's readiness probe (inert unless
// ADS_ONBOARD_BENCH_READY is set), so both sides report readiness the same way.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[path = "../../../src-tauri/bench.rs"]
mod bench;

fn main() {
    tauri::Builder::default()
        .plugin(bench::init())
        .run(tauri::generate_context!())
        .expect("error while running the bare window");
}
