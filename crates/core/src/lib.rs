//! Everything in Ads Onboard that is not UI: Login with Amazon, the Ads account API,
//! the registration flow, persistence and export. No Tauri here; the app and the CLI
//! are thin callers.

pub mod api;
pub mod auth;
pub mod config;
pub mod data_folder;
pub mod details;
pub mod export;
pub mod http;
pub mod links;
pub mod onboarding;
pub mod registration;
pub mod store;
pub mod wizard_state;
