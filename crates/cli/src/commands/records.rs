//! `history` (registrations made from this data folder), `export ID...`, `accounts`
//! (every page) and `profiles`.

use ads_onboard_core::onboarding::ExportFormat as Format;
use ads_onboard_core::registration::Registration;
use serde_json::{json, Value};
use std::io::Write;
use time::format_description::well_known::Rfc3339;

use super::status::account_view;
use crate::cli::{ExportArgs, ExportFormat, FormatArgs, GlobalArgs, ProfilesArgs};
use crate::error::{CliError, CliResult, EXIT_OK};
use crate::open::{open, Open};
use crate::output::print_list;

fn when(t: time::OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

fn history_entry(r: &Registration) -> Value {
    json!({
        "registrationId": r.id,
        "state": r.state,
        "label": r.details.label(),
        "region": r.region,
        "adsAccountId": r.account_id(),
        "accountStatus": r.account.as_ref().and_then(|a| a.status.clone()),
        "termsToken": r.terms.as_ref().map(|t| &t.terms_token),
        "createdAt": when(r.created_at),
        "updatedAt": when(r.updated_at),
        "lastError": r.last_error,
        "nextStep": r.next_step(),
        "resumable": r.is_resumable(),
    })
}

pub async fn history(global: &GlobalArgs, args: FormatArgs) -> CliResult<u8> {
    let (ob, printer) = open(global, Open::default()).await?;
    printer.stop().await;
    let regs = ob.history()?;
    let entries: Vec<Value> = regs.iter().map(history_entry).collect();
    let headers = [
        "registrationId",
        "state",
        "label",
        "adsAccountId",
        "createdAt",
    ];
    print_list(args.format, &entries, &headers, || {
        regs.iter()
            .map(|r| {
                vec![
                    r.id.clone(),
                    r.state.to_string(),
                    r.details.label(),
                    r.account_id().unwrap_or_default().to_string(),
                    when(r.created_at),
                ]
            })
            .collect()
    })?;
    Ok(EXIT_OK)
}

/// Each ID is an ads account ID or a registration ID; core decides which copy is
/// exported (the live one when someone is signed in).
pub async fn export(global: &GlobalArgs, args: ExportArgs) -> CliResult<u8> {
    let (ob, printer) = open(global, Open::default()).await?;
    printer.stop().await;
    let format = match args.format {
        ExportFormat::Json => Format::Json,
        ExportFormat::Csv => Format::Csv,
    };
    let export = ob.export(&args.ids, format).await?;
    for w in &export.warnings {
        eprintln!("warning: {w}");
    }
    match &args.output {
        Some(path) => {
            ob.write_export(&export, path)
                .map_err(|e| CliError::bad_input(Some("--output"), e.to_string()))?;
            eprintln!(
                "Exported {} account(s) to {}.",
                export.accounts.len(),
                path.display()
            );
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(export.text.as_bytes())?;
            stdout.flush()?;
        }
    }
    Ok(EXIT_OK)
}

pub async fn accounts(global: &GlobalArgs, args: FormatArgs) -> CliResult<u8> {
    let (ob, printer) = open(global, Open::default()).await?;
    printer.stop().await;
    let list = ob.accounts_at_amazon().await?;
    match list.unreadable {
        0 => {}
        1 => eprintln!("warning: 1 account could not be read from Amazon's list; it is left out."),
        n => eprintln!(
            "warning: {n} accounts could not be read from Amazon's list; they are left out."
        ),
    }
    let accounts = list.accounts;
    let views: Vec<_> = accounts
        .iter()
        .map(|a| account_view(&a.account, a.registration_id.as_deref()))
        .collect();
    let headers = [
        "adsAccountId",
        "accountName",
        "status",
        "countries",
        "profileIds",
    ];
    print_list(args.format, &views, &headers, || {
        accounts
            .iter()
            .map(|a| {
                let a = &a.account;
                let countries = a.countries();
                let profiles: Vec<String> = countries
                    .iter()
                    .filter_map(|c| a.profile_id(c).map(|p| format!("{c}:{}", p.0)))
                    .collect();
                vec![
                    a.ads_account_id.clone(),
                    a.account_name.clone().unwrap_or_default(),
                    a.status.as_ref().map(|s| s.to_string()).unwrap_or_default(),
                    countries.join(";"),
                    profiles.join(";"),
                ]
            })
            .collect()
    })?;
    Ok(EXIT_OK)
}

pub async fn profiles(global: &GlobalArgs, args: ProfilesArgs) -> CliResult<u8> {
    let (ob, printer) = open(global, Open::default()).await?;
    printer.stop().await;
    let profiles = ob.profiles(args.region).await?;
    let headers = [
        "profileId",
        "countryCode",
        "currencyCode",
        "timezone",
        "type",
        "accountName",
        "accountId",
    ];
    print_list(args.format, &profiles, &headers, || {
        profiles
            .iter()
            .map(|p| {
                let info = p.account_info.clone().unwrap_or_default();
                vec![
                    p.profile_id.0.to_string(),
                    p.country_code.clone().unwrap_or_default(),
                    p.currency_code.clone().unwrap_or_default(),
                    p.timezone.clone().unwrap_or_default(),
                    info.account_type.map(|t| t.to_string()).unwrap_or_default(),
                    info.name.unwrap_or_default(),
                    info.id.unwrap_or_default(),
                ]
            })
            .collect()
    })?;
    Ok(EXIT_OK)
}
