//! The commands the window may call; each is listed in build.rs and granted by name in
//! capabilities/main.json. Each takes its arguments, calls core and maps the error:
//! about ten lines at most, which `capability_tests` checks.

pub mod app;
pub mod flow;
pub mod results;
pub mod signin;
