//! `status ID [--wait]`, and how an account is printed.

use ads_onboard_core::api::accounts::{AccountStatus, AdsAccount};
use serde_json::{json, Value};
use std::time::Duration;

use super::print_json;
use crate::cli::{GlobalArgs, StatusArgs};
use crate::error::{
    CliError, CliResult, EXIT_DISABLED, EXIT_OK, EXIT_PARTIALLY_CREATED, EXIT_PENDING_TIMEOUT,
};
use crate::open::{open, Open};

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
    let (ob, printer) = open(global, Open::default()).await?;
    let result = if args.wait {
        let limit = args.timeout.map_or(
            Duration::from_secs(ob.setup().settings.registration_timeout_secs),
            Duration::from_secs_f64,
        );
        ob.watch_account(id, limit).await
    } else {
        ob.account_at_amazon(id).await
    };
    printer.stop().await;
    let account = result?;
    print_json(&account_view(&account, None))?;
    Ok(match args.wait {
        true => exit_for_unfinished(account.status.as_ref()),
        false => EXIT_OK,
    })
}

/// Exit code for an account's status when following it ended.
pub fn exit_for_unfinished(status: Option<&AccountStatus>) -> u8 {
    match status {
        Some(AccountStatus::PartiallyCreated) => EXIT_PARTIALLY_CREATED,
        Some(AccountStatus::Created) => EXIT_OK,
        Some(AccountStatus::Disabled) => EXIT_DISABLED,
        _ => EXIT_PENDING_TIMEOUT,
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
