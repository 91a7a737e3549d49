//! `status ID [--wait]`, and how an account is shown and followed.

use ads_onboard_core::api::accounts::{AccountStatus, AdsAccount};
use ads_onboard_core::api::ApiClient;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

use super::print_json;
use crate::cli::{GlobalArgs, StatusArgs};
use crate::context::{Context, Overrides};
use crate::error::{
    CliError, CliResult, EXIT_DISABLED, EXIT_OK, EXIT_PARTIALLY_CREATED, EXIT_PENDING_TIMEOUT,
};
use crate::progress::Progress;

/// After CREATED, profile IDs can take "up to a few seconds" to appear.
const PROFILE_WAIT: Duration = Duration::from_secs(30);

pub async fn run(global: &GlobalArgs, args: StatusArgs) -> CliResult<u8> {
    let id = args.id.trim();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    {
        return Err(CliError::bad_input(
            Some("ID"),
            format!("{id:?} is not an ads account ID (like amzn1.ads-account.g.…)"),
        ));
    }
    let ctx = Context::open(global, Overrides::default()).await?;
    let api = ctx.api(None)?;
    if !args.wait {
        let account = api.get_ads_account(id).await?;
        print_json(&account_view(&account, None))?;
        return Ok(EXIT_OK);
    }
    let timeout = args.timeout.map_or(
        Duration::from_secs(ctx.settings.registration_timeout_secs),
        Duration::from_secs_f64,
    );
    let (account, code) = follow(&api, id, ctx.settings.poll_interval(), timeout).await?;
    print_json(&account_view(&account, None))?;
    Ok(code)
}

/// Polls until CREATED (with profile IDs, or after waiting a little for them) or
/// DISABLED, or `timeout`. Returns the last account and the exit code it means.
pub async fn follow(
    api: &ApiClient,
    id: &str,
    interval: Duration,
    timeout: Duration,
) -> CliResult<(AdsAccount, u8)> {
    let started = Instant::now();
    let mut created_at: Option<Instant> = None;
    let mut progress = Progress::new();
    loop {
        let account = api.get_ads_account(id).await?;
        let status = account.status.clone();
        progress.update(describe(&account));
        match status {
            Some(AccountStatus::Disabled) => return Ok((account, EXIT_DISABLED)),
            Some(AccountStatus::Created) => {
                let since = *created_at.get_or_insert_with(Instant::now);
                if account.has_all_profiles()
                    || since.elapsed() >= PROFILE_WAIT
                    || started.elapsed() >= timeout
                {
                    return Ok((account, EXIT_OK));
                }
            }
            _ if started.elapsed() >= timeout => {
                let code = exit_for_unfinished(status.as_ref());
                return Ok((account, code));
            }
            _ => {}
        }
        // Never sleep past the time limit: one last look when it ends.
        let left = timeout.saturating_sub(started.elapsed());
        tokio::time::sleep(interval.min(left)).await;
    }
}

/// Exit code for an account still in progress when the time limit ended.
pub fn exit_for_unfinished(status: Option<&AccountStatus>) -> u8 {
    match status {
        Some(AccountStatus::PartiallyCreated) => EXIT_PARTIALLY_CREATED,
        Some(AccountStatus::Created) => EXIT_OK,
        Some(AccountStatus::Disabled) => EXIT_DISABLED,
        _ => EXIT_PENDING_TIMEOUT,
    }
}

/// One progress line: status and how many countries have profile IDs.
pub fn describe(a: &AdsAccount) -> String {
    let status = a.status.as_ref().map_or("unknown", |s| s.as_str());
    let countries = a.countries();
    let ready = countries
        .iter()
        .filter(|c| a.profile_id(c).is_some())
        .count();
    if countries.is_empty() {
        format!("{}: {status}", a.ads_account_id)
    } else {
        format!(
            "{}: {status} ({ready}/{} countries with a profile ID)",
            a.ads_account_id,
            countries.len()
        )
    }
}

/// The account as Amazon returns it plus `profiles`: one entry per country with its
/// profile ID, entity ID and any errors. `registration_id` links it to `history`.
pub fn account_view(a: &AdsAccount, registration_id: Option<&str>) -> Value {
    let mut v = serde_json::to_value(a).unwrap_or_else(|_| json!({}));
    let profiles: Vec<Value> = a
        .countries()
        .into_iter()
        .map(|c| {
            json!({
                "countryCode": c,
                "profileId": a.profile_id(&c),
                "entityId": a.entity_id(&c),
                "errors": a.errors.get(&c),
            })
        })
        .collect();
    if let Some(o) = v.as_object_mut() {
        o.insert("profiles".into(), Value::Array(profiles));
        if let Some(r) = registration_id {
            o.insert("registrationId".into(), Value::String(r.into()));
        }
    }
    v
}
