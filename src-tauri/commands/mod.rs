//! The commands the window may call; each is listed in build.rs and granted by name in
//! capabilities/main.json.

pub mod flow;
pub mod results;
pub mod session;
pub mod system;
