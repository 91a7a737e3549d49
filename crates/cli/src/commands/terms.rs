//! `terms [--wait]`: an Ads Agreement terms token and its termsUrl.

use ads_onboard_core::api::terms::{TermsToken, TermsTokenStatus};
use ads_onboard_core::api::ApiClient;
use ads_onboard_core::auth::browser;
use serde_json::json;
use std::time::{Duration, Instant};

use super::{print_json, sandbox_notice};
use crate::cli::{GlobalArgs, TermsArgs};
use crate::context::{Context, Overrides};
use crate::error::{CliError, CliResult, EXIT_OK};
use crate::progress::Progress;

pub async fn run(global: &GlobalArgs, args: TermsArgs) -> CliResult<u8> {
    let ctx = Context::open(global, Overrides::default()).await?;
    sandbox_notice(&ctx);
    let api = ctx.api(None)?;
    let token = api.create_terms_token(None).await?;
    show_terms_url(&token, args.open);
    if !args.wait {
        print_json(&json!({
            "termsToken": token.terms_token,
            "termsUrl": token.terms_url,
            "termsTokenStatus": "CREATED",
        }))?;
        return Ok(EXIT_OK);
    }
    let status = wait_accepted(
        &api,
        &token.terms_token,
        std::time::Duration::from_millis(ctx.settings.terms_poll_interval_ms),
        Duration::from_secs_f64(args.timeout),
    )
    .await?;
    print_json(&json!({
        "termsToken": token.terms_token,
        "termsUrl": token.terms_url,
        "termsTokenStatus": status.as_str(),
    }))?;
    Ok(EXIT_OK)
}

/// The termsUrl alone on its own stderr line (easy to copy), then opened if asked.
pub fn show_terms_url(token: &TermsToken, open: bool) {
    eprintln!("Accept the Amazon Ads Agreement at this address:");
    eprintln!("{}", token.terms_url);
    if open {
        if let Err(e) = browser::open(&token.terms_url) {
            eprintln!("Could not open a browser ({e}); open the address above yourself.");
        }
    }
}

/// Polls until the token is ACCEPTED (REDEEMED also means it was accepted).
pub async fn wait_accepted(
    api: &ApiClient,
    terms_token: &str,
    interval: Duration,
    timeout: Duration,
) -> CliResult<TermsTokenStatus> {
    let started = Instant::now();
    let mut progress = Progress::new();
    loop {
        let state = api.get_terms_token(terms_token).await?;
        match state.terms_token_status {
            s @ (TermsTokenStatus::Accepted | TermsTokenStatus::Redeemed) => {
                progress.update(format!("Ads Agreement: {}", s.as_str()));
                return Ok(s);
            }
            s => progress.update(format!(
                "Waiting for the Ads Agreement to be accepted (terms token {})",
                s.as_str()
            )),
        }
        if started.elapsed() >= timeout {
            return Err(CliError::with_code(
                "TERMS_NOT_ACCEPTED",
                format!(
                    "The Ads Agreement was not accepted within {} s. Accept it at the termsUrl, then pass --terms-token {terms_token} to `register`.",
                    (timeout.as_secs_f64() * 10.0).round() / 10.0
                ),
            ));
        }
        tokio::time::sleep(interval.min(timeout.saturating_sub(started.elapsed()))).await;
    }
}
