//! Opening core for one command: the global flags become core's overrides, the built-in
//! sandbox is the sandbox crate's, and core's progress stream becomes lines on stderr.

use ads_onboard_core::config::{self, Overrides, Region, Source};
use ads_onboard_core::onboarding::{Onboarding, Options};
use std::sync::Arc;
use std::time::Duration;

use crate::cli::GlobalArgs;
use crate::error::CliResult;
use crate::progress::Printer;

/// What a command asks of core beyond the global flags.
#[derive(Debug, Clone, Copy)]
pub struct Open {
    pub region: Option<Region>,
    pub sign_in_timeout: Option<Duration>,
    /// Open the links the flow produces in the browser (`--no-browser` turns this off).
    pub browser: bool,
}

impl Default for Open {
    fn default() -> Self {
        Open {
            region: None,
            sign_in_timeout: None,
            browser: true,
        }
    }
}

pub async fn open(global: &GlobalArgs, how: Open) -> CliResult<(Onboarding, Printer)> {
    let options = Options {
        overrides: Overrides {
            region: how.region,
            poll_interval_secs: global.poll_interval,
            sandbox_url: global.sandbox_url.clone(),
        },
        sandbox: Some(Arc::new(ads_onboard_sandbox::start_embedded)),
        open_browser: how.browser,
        sign_in_timeout: how.sign_in_timeout,
    };
    let (ob, stream) = Onboarding::open(&config::data_dir(), options).await?;
    for w in ob.warnings() {
        eprintln!("warning: {w}");
    }
    if let (Source::Embedded, Some(url)) = (&ob.setup().source, &ob.setup().sandbox_base) {
        // Its pages (sign-in, agreement) exist only while the command runs.
        eprintln!("Using a sandbox embedded in this command at {url} (no LwA client ID is configured; set ADS_ONBOARD_SANDBOX_URL to use a running `ads-onboard-cli sandbox`).");
    }
    Ok((ob, Printer::start(stream)))
}
