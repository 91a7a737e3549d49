//! The chaos world: a sandbox keeping its state in SQLite behind a fault-injecting proxy,
//! one signed-in user whose sign-in lives in a data folder, and "processes" (a fresh
//! `Auth`, store and engine each) that can be killed at any await point and restarted.
#![allow(dead_code)]

pub mod audit;
pub mod monkey;
pub mod proxy;
pub mod run;

use ads_onboard_core::api::{ApiClient, ApiOptions, RetryPolicy};
use ads_onboard_core::auth::{Auth, AuthOptions, CancelToken, Keychain};
use ads_onboard_core::config::{self, Endpoints, Region, Settings};
use ads_onboard_core::registration::{RegistrationEngine, Timings};
use ads_onboard_core::store::Store;
use ads_onboard_sandbox::{RunningSandbox, SandboxConfig, SandboxControl};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

static OPENING: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[path = "../fixtures/mod.rs"]
mod fixtures;
pub use fixtures::TempDir;

/// Every wait of the flow, in milliseconds, as the chaos runs use them.
pub fn timings() -> Timings {
    Timings {
        terms_poll: Duration::from_millis(5),
        status_poll: Duration::from_millis(8),
        timeout: Duration::from_secs(3),
        profile_wait: Duration::from_millis(600),
        reconcile_attempts: 8,
        reconcile_delay: Duration::from_millis(10),
        max_submits: 8,
        not_found_grace: Duration::from_millis(300),
    }
}

/// Client timeout well under the "stall" fault so stalls end in a timeout.
pub const CLIENT_TIMEOUT: Duration = Duration::from_millis(250);
pub const STALL: Duration = Duration::from_millis(400);

pub fn api_options() -> ApiOptions {
    ApiOptions {
        timeout: CLIENT_TIMEOUT,
        connect_timeout: CLIENT_TIMEOUT,
        retry: RetryPolicy {
            max_retries: 4,
            base_delay: Duration::from_millis(3),
            max_delay: Duration::from_millis(20),
            max_retry_after: Duration::from_millis(100),
        },
        max_body_bytes: 1024 * 1024,
    }
}

/// The sandbox, swappable when it restarts.
pub struct Server {
    pub running: Option<RunningSandbox>,
    pub control: SandboxControl,
}

pub struct World {
    pub config: SandboxConfig,
    pub server: tokio::sync::Mutex<Server>,
    pub proxy: proxy::Proxy,
    pub app_dir: TempDir,
    pub sandbox_dir: TempDir,
    /// The sign-in's loopback return URL (its port is picked again if taken meanwhile).
    pub redirect_uri: std::sync::Mutex<String>,
    pub kills: AtomicU32,
    /// When each kill happened: a new process owes nothing to its predecessor's 429s.
    pub kill_times: std::sync::Mutex<Vec<tokio::time::Instant>>,
    /// When each process began (a user's resume asks Amazon at once, by design).
    pub life_starts: std::sync::Mutex<Vec<tokio::time::Instant>>,
    /// Warnings the store gave on opening (a set-aside store loses history).
    pub store_warnings: std::sync::Mutex<Vec<String>>,
}

use ads_onboard_test_support::free_port;

impl World {
    /// Starts the sandbox (SQLite state in its own folder) behind the proxy and signs the
    /// user in through the real loopback flow.
    pub async fn new(tweak: impl FnOnce(&mut SandboxConfig)) -> World {
        let sandbox_dir = TempDir::new("sandbox");
        let app_dir = TempDir::new("app");
        let redirect_uri = format!("http://127.0.0.1:{}/callback", free_port());
        let mut cfg = SandboxConfig::for_tests();
        cfg.allowed_return_urls = vec![redirect_uri.clone()];
        cfg.data_dir = Some(sandbox_dir.path().to_path_buf());
        tweak(&mut cfg);
        let running = ads_onboard_sandbox::start(cfg.clone(), "127.0.0.1:0".parse().unwrap())
            .await
            .expect("sandbox starts");
        let proxy = proxy::Proxy::start(running.local_addr()).await;
        let world = World {
            config: cfg,
            server: tokio::sync::Mutex::new(Server {
                control: running.control(),
                running: Some(running),
            }),
            proxy,
            app_dir,
            sandbox_dir,
            redirect_uri: std::sync::Mutex::new(redirect_uri),
            kills: AtomicU32::new(0),
            kill_times: std::sync::Mutex::new(vec![]),
            life_starts: std::sync::Mutex::new(vec![]),
            store_warnings: std::sync::Mutex::new(vec![]),
        };
        world.sign_in().await;
        world
    }

    pub fn endpoints(&self) -> Endpoints {
        Endpoints::sandbox(&self.proxy.base_url())
    }

    /// A fresh `Auth` over the data folder, as a newly started process builds it.
    pub fn auth(&self) -> Auth {
        let settings = Settings {
            redirect_uri: self.redirect_uri.lock().unwrap().clone(),
            ..Settings::default()
        };
        Auth::new(
            settings,
            self.endpoints(),
            None,
            self.app_dir.path(),
            Arc::new(Keychain::file(self.app_dir.path())),
            AuthOptions {
                sign_in_timeout: Duration::from_secs(10),
                ..AuthOptions::default()
            },
        )
        .expect("auth opens")
    }

    async fn sign_in(&self) {
        let auth = self.auth();
        let mut sign_in = auth.start_sign_in(true);
        // The free port was picked by binding and releasing it; on a busy machine another
        // test can take it before the loopback listener does. Pick another one.
        for _ in 0..5 {
            if !matches!(
                sign_in,
                Err(ads_onboard_core::auth::AuthError::PortInUse { .. })
            ) {
                break;
            }
            let uri = format!("http://127.0.0.1:{}/callback", free_port());
            *self.redirect_uri.lock().unwrap() = uri.clone();
            self.control()
                .await
                .update_config(|c| c.allowed_return_urls = vec![uri.clone()]);
            sign_in = self.auth().start_sign_in(true);
        }
        let sign_in = sign_in.unwrap();
        let url = sign_in.authorize_url().to_string();
        let waiting = tokio::spawn(sign_in.wait(CancelToken::new()));
        let browser = ads_onboard_core::http::client_builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        let page = browser.get(&url).send().await.unwrap();
        assert!(page.status().is_success(), "{}", page.status());
        waiting.await.unwrap().expect("signed in");
    }

    /// A new "process": everything rebuilt from the data folder.
    pub fn process(&self) -> Result<RegistrationEngine, String> {
        self.life_starts
            .lock()
            .unwrap()
            .push(tokio::time::Instant::now());
        let tokens = self.auth().tokens().map_err(|e| e.to_string())?;
        let api = ApiClient::new(
            self.endpoints(),
            Region::Na,
            config::SANDBOX_CLIENT_ID,
            tokens,
            api_options(),
        )
        .map_err(|e| e.to_string())?;
        let (store, warning) = {
            // CHAOS_SERIAL_STORE=1 opens one store at a time, to look past the known race in
            // Store::open (a healthy store opened concurrently is set aside as corrupt).
            let _one = std::env::var_os("CHAOS_SERIAL_STORE")
                .map(|_| OPENING.lock().unwrap_or_else(|e| e.into_inner()));
            Store::open(self.app_dir.path()).map_err(|e| e.to_string())?
        };
        if let Some(w) = warning {
            self.store_warnings.lock().unwrap().push(w.to_string());
        }
        Ok(RegistrationEngine::new(api, store, timings()))
    }

    pub async fn control(&self) -> SandboxControl {
        self.server.lock().await.control.clone()
    }

    /// Stops the sandbox (open connections are cut), waits `gap`, then starts it again
    /// from its SQLite state on a new port behind the same proxy. Returns the fault
    /// units that were armed in the old instance and are lost with it.
    pub async fn restart_sandbox(&self, gap: Duration) -> u32 {
        let mut server = self.server.lock().await;
        self.proxy.set_upstream(None);
        let lost = server.control.faults().iter().map(|f| f.count).sum();
        if let Some(old) = server.running.take() {
            old.shutdown().await;
        }
        tokio::time::sleep(gap).await;
        let running =
            ads_onboard_sandbox::start(self.config.clone(), "127.0.0.1:0".parse().unwrap())
                .await
                .expect("sandbox restarts");
        self.proxy.set_upstream(Some(running.local_addr()));
        server.control = running.control();
        server.running = Some(running);
        lost
    }

    pub fn count_kill(&self) {
        self.kills.fetch_add(1, Ordering::SeqCst);
        self.kill_times
            .lock()
            .unwrap()
            .push(tokio::time::Instant::now());
    }
}
