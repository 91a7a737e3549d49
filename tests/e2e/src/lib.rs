//! A small W3C WebDriver client and the harness that starts Xvfb, tauri-driver and the app.
