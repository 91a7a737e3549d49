//! A faithful local emulator of Login with Amazon and the Ads account-management API.
//! Written from Amazon's spec on its own: it shares no API types with the client.
//!
//! One base URL serves every path as Amazon names it; the root is the NA Ads host and
//! `/eu`, `/fe` are the EU and FE hosts. Test controls live under `/__sandbox/`.

mod accounts;
mod billing;
mod config;
mod control;
mod countries;
mod faults;
mod http;
mod ids;
mod lwa;
mod model;
mod pages;
mod profiles;
mod router;
mod server;
mod state;
mod store;
mod terms;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use config::{
    SandboxConfig, SandboxUser, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_RETURN_URL,
    DEFAULT_USER_EMAIL, DEFAULT_USER_NAME,
};
pub use control::{Audit, AuditAccount, AuditCountry, AuditTermsToken, AuditUser, SandboxControl};
pub use faults::FaultRule;

/// Media types the sandbox checks, as the spec names them.
pub mod media_types {
    pub use crate::accounts::{ACCOUNT_TYPE, LIST_TYPE, REGISTER_TYPE};
    pub use crate::billing::{
        REQUEST_TYPE as BILLING_STATUS_REQUEST, RESPONSE_TYPE as BILLING_STATUS_RESPONSE,
    };
    pub use crate::terms::{REQUEST_TYPE as TERMS_REQUEST, RESPONSE_TYPE as TERMS_RESPONSE};
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("the sandbox binds loopback addresses only, not {0}")]
    NotLoopback(SocketAddr),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("sandbox storage: {0}")]
    Storage(String),
    #[error("sandbox config: {0}")]
    Config(String),
}

pub struct RunningSandbox {
    base_url: String,
    addr: SocketAddr,
    control: SandboxControl,
    shutdown: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

/// Starts the sandbox on `addr` (port 0 = ephemeral). Only loopback addresses are allowed.
pub async fn start(
    config: SandboxConfig,
    addr: SocketAddr,
) -> Result<RunningSandbox, SandboxError> {
    if !addr.ip().is_loopback() {
        return Err(SandboxError::NotLoopback(addr));
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| SandboxError::Bind { addr, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| SandboxError::Bind { addr, source })?;
    let base_url = format!("http://{addr}");
    let state = Arc::new(state::Shared::new(config, base_url.clone())?);
    let app = router::build(state.clone());
    let (tx, rx) = watch::channel(false);
    let task = tokio::spawn(server::run(listener, app, rx));
    tracing::info!(%base_url, "sandbox listening (NA at /, EU at /eu, FE at /fe)");
    Ok(RunningSandbox {
        base_url,
        addr,
        control: SandboxControl { state },
        shutdown: tx,
        task: Some(task),
    })
}

impl RunningSandbox {
    /// `http://127.0.0.1:PORT`, no trailing slash. Also the NA Ads host and the LwA host.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }
    /// Base URL of the Ads host for a region: "NA" (root), "EU" (`/eu`), "FE" (`/fe`).
    pub fn ads_host_url(&self, region: &str) -> String {
        match region.to_ascii_uppercase().as_str() {
            "EU" => format!("{}/eu", self.base_url),
            "FE" => format!("{}/fe", self.base_url),
            _ => self.base_url.clone(),
        }
    }
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }
    pub fn control(&self) -> SandboxControl {
        self.control.clone()
    }
    /// Stops accepting, closes open connections and waits for the server task.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

/// A running sandbox as an embedding program keeps it: its base URL and the server,
/// which stops when dropped.
pub type Embedded = (String, Box<dyn std::any::Any + Send + Sync>);

/// Starts the sandbox built into an app or a CLI command, from its configuration given as
/// JSON (this crate's own keys, over the defaults), on an ephemeral loopback port. Plain
/// types only, so the embedding program's core needs none of this crate's: a refused
/// configuration is an `InvalidInput` error, anything else another kind.
pub fn start_embedded(
    config: serde_json::Value,
) -> std::pin::Pin<Box<dyn Future<Output = Result<Embedded, std::io::Error>> + Send>> {
    Box::pin(async move {
        let config = SandboxConfig::default()
            .merged(&config)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        let running = start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .map_err(std::io::Error::other)?;
        Ok((
            running.base_url(),
            Box::new(running) as Box<dyn std::any::Any + Send + Sync>,
        ))
    })
}

/// Runs the sandbox until `until` completes (e.g. Ctrl-C), calling `on_start` once listening
/// (to print the URLs).
pub async fn serve_until_shutdown(
    config: SandboxConfig,
    addr: SocketAddr,
    on_start: impl FnOnce(&RunningSandbox),
    until: impl Future<Output = ()>,
) -> Result<(), SandboxError> {
    let running = start(config, addr).await?;
    on_start(&running);
    until.await;
    running.shutdown().await;
    Ok(())
}
