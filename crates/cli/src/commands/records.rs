//! `history` (registrations made from this data folder) and `export ID...`.

use ads_onboard_core::export::{self, ExportedAccount};
use ads_onboard_core::registration::Registration;
use ads_onboard_core::store::Store;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;
use time::format_description::well_known::Rfc3339;

use crate::cli::{ExportArgs, ExportFormat, FormatArgs, GlobalArgs};
use crate::context::{Context, Overrides};
use crate::error::{CliError, CliResult, EXIT_OK};
use crate::output::print_list;

fn open_store(ctx: &Context) -> CliResult<Store> {
    let (store, warning) =
        Store::open(&ctx.data_dir).map_err(|e| CliError::with_code("STORE", e.to_string()))?;
    if let Some(w) = warning {
        eprintln!("warning: {w}");
    }
    Ok(store)
}

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
    })
}

pub async fn history(global: &GlobalArgs, args: FormatArgs) -> CliResult<u8> {
    let ctx = Context::open(global, Overrides::default()).await?;
    let store = open_store(&ctx)?;
    let regs = store
        .list()
        .map_err(|e| CliError::with_code("STORE", e.to_string()))?;
    let entries: Vec<Value> = regs.iter().map(history_entry).collect();
    print_list(
        args.format,
        &entries,
        &[
            "registrationId",
            "state",
            "label",
            "adsAccountId",
            "createdAt",
        ],
        || {
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
        },
    )?;
    Ok(EXIT_OK)
}

/// Each ID is an ads account ID or a registration ID. The live account (and billing
/// status) is asked for when signed in; otherwise the stored copy is exported.
pub async fn export(global: &GlobalArgs, args: ExportArgs) -> CliResult<u8> {
    let ctx = Context::open(global, Overrides::default()).await?;
    let store = open_store(&ctx)?;
    let regs = store
        .list()
        .map_err(|e| CliError::with_code("STORE", e.to_string()))?;
    let api = ctx.api(None).ok();
    let mut out: Vec<ExportedAccount> = Vec::new();
    for id in &args.ids {
        let id = id.trim();
        let reg = regs
            .iter()
            .find(|r| r.id == id || r.account_id() == Some(id));
        let account_id = reg.and_then(|r| r.account_id()).unwrap_or(id);
        let live = match &api {
            Some(api) => {
                match api.get_ads_account(account_id).await {
                    Ok(a) => Some(a),
                    Err(e) if reg.is_some() => {
                        eprintln!("warning: could not refresh {account_id} ({e}); exporting the stored copy");
                        None
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            None => None,
        };
        let billing: BTreeMap<String, String> = match (&api, &live) {
            (Some(api), Some(a)) => api
                .account_billing(a)
                .await
                .map(|m| m.into_iter().map(|(c, s)| (c, s.to_string())).collect())
                .unwrap_or_default(),
            _ => BTreeMap::new(),
        };
        let exported = match (live, reg) {
            (Some(a), reg) => {
                let mut e =
                    ExportedAccount::from_account(&a, &billing, reg.map(|r| when(r.created_at)));
                e.terms_token = reg.and_then(|r| r.terms.as_ref().map(|t| t.terms_token.clone()));
                Some(e)
            }
            (None, Some(r)) => ExportedAccount::from_registration(r, &billing),
            (None, None) => None,
        };
        match exported {
            Some(e) => out.push(e),
            None if api.is_none() => {
                return Err(CliError::with_code(
                    "SIGN_IN_REQUIRED",
                    format!("{id} is not in this data folder's history, and nobody is signed in to look it up. Run `ads-onboard-cli sign-in`."),
                ))
            }
            None => {
                return Err(CliError::bad_input(
                    Some("ID"),
                    format!("Registration {id} has no account yet (see `ads-onboard-cli history`)."),
                ))
            }
        }
    }
    let text = match args.format {
        ExportFormat::Json => export::to_json(&out).map(|t| t + "\n"),
        ExportFormat::Csv => export::to_csv(&out),
    }
    .map_err(|e| CliError::other(format!("cannot export: {e}")))?;
    match &args.output {
        Some(path) => {
            std::fs::write(path, text.as_bytes()).map_err(|e| {
                CliError::bad_input(
                    Some("--output"),
                    format!("cannot write {}: {e}", path.display()),
                )
            })?;
            eprintln!("Exported {} account(s) to {}.", out.len(), path.display());
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
        }
    }
    Ok(EXIT_OK)
}
