//! End-to-end harness: starts Xvfb and a D-Bus session when missing, tauri-driver (which
//! drives WebKitWebDriver), then the real app binary, and talks W3C WebDriver to it.
//! The client is a few dozen lines over std so it adds nothing to the app's build.

mod http;
mod processes;
mod webdriver;

pub use processes::{app_binary, Harness, HarnessOptions};
pub use webdriver::{keys, Element, Session};

use std::sync::Mutex;

/// WebKitWebDriver runs one session at a time: every test holds this while it drives.
pub static ONE_WINDOW_AT_A_TIME: Mutex<()> = Mutex::new(());

pub type Result<T> = std::result::Result<T, String>;
