//! `sandbox`: the LwA and Ads API emulator alone, for scripted flows across several
//! CLI invocations (each of which would otherwise start its own embedded sandbox).

use ads_onboard_sandbox::SandboxConfig;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cli::SandboxArgs;
use crate::error::{CliError, CliResult, EXIT_OK};

/// The sandbox's own state lives beside the app's data, never mixed with it.
pub fn state_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("sandbox")
}

pub fn config_from_args(args: &SandboxArgs, data_dir: Option<&Path>) -> CliResult<SandboxConfig> {
    let mut config = match &args.config {
        Some(path) => SandboxConfig::from_file(path)
            .map_err(|e| CliError::bad_input(Some("--config"), e.to_string()))?,
        None => SandboxConfig::default(),
    };
    if let Some(dir) = data_dir {
        config.data_dir = Some(state_dir(dir));
    }
    if args.auto_approve {
        config.auto_approve = true;
    }
    if let Some(secs) = args.auto_accept_terms {
        config.auto_accept_terms = Some(Duration::from_secs_f64(secs));
    }
    if let Some(secs) = args.verification_delay {
        config.verification_delay = Duration::from_secs_f64(secs);
        config.verification_delay_max = Duration::from_secs_f64(secs);
    }
    if let Some(id) = &args.client_id {
        config.client_id = id.clone();
    }
    if let Some(secret) = &args.client_secret {
        config.client_secret = secret.clone();
    }
    if !args.allowed_return_urls.is_empty() {
        config.allowed_return_urls = args.allowed_return_urls.clone();
    }
    Ok(config)
}

/// Serves until Ctrl-C or SIGTERM. State persists under `<data_dir>/sandbox` when a data
/// folder is given (flag or ADS_ONBOARD_DATA_DIR), else it lives in memory.
pub async fn run(args: SandboxArgs, data_dir: Option<&Path>) -> CliResult<u8> {
    let config = config_from_args(&args, data_dir)?;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let running = ads_onboard_sandbox::start(config, addr)
        .await
        .map_err(|e| CliError::other(format!("cannot start the sandbox on {addr}: {e}")))?;
    let base = running.base_url().trim_end_matches('/').to_string();
    // The base URL alone on the first stdout line, so scripts can read it.
    let mut out = std::io::stdout().lock();
    writeln!(out, "{base}")?;
    out.flush()?;
    drop(out);
    eprintln!("Sandbox running. Ads API: NA {base}  EU {base}/eu  FE {base}/fe");
    eprintln!("Sign-in (LwA): {base}/ap/oa   token: {base}/auth/o2/token");
    eprintln!("Use it from other commands: export ADS_ONBOARD_SANDBOX_URL={base}");
    eprintln!("Press Ctrl-C to stop.");
    shutdown_signal().await;
    eprintln!("Stopping the sandbox.");
    running.shutdown().await;
    Ok(EXIT_OK)
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
