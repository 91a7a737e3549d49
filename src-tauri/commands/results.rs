//! What comes out of a registration: profiles, billing, history, export, saved details.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ads_onboard_core::api::profiles::ProfileFilter;
use ads_onboard_core::config::Region;
use ads_onboard_core::details::{import_csv, import_json};
use ads_onboard_core::export::{self, ExportedAccount};
use ads_onboard_core::registration::RegistrationState;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::{Error, Result};
use crate::state::AppState;
use crate::views::{registration_view, HistoryRowView, UiDetails, ACCOUNT_PREFIX};
use ads_onboard_core::api::accounts::AdsAccount;
use ads_onboard_core::api::ApiClient;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileView {
    profile_id: String,
    country_code: Option<String>,
    currency_code: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    name: Option<String>,
    account_id: Option<String>,
}

#[tauri::command]
pub async fn profiles_list(state: State<'_, AppState>, region: Region) -> Result<Vec<ProfileView>> {
    let list = state
        .ctx()
        .api()?
        .list_profiles(region, &ProfileFilter::default())
        .await?;
    Ok(list
        .into_iter()
        .map(|p| {
            let info = p.account_info.unwrap_or_default();
            ProfileView {
                profile_id: p.profile_id.0.to_string(),
                country_code: p.country_code,
                currency_code: p.currency_code,
                kind: info.account_type.map(|t| t.to_string()),
                name: info.name,
                account_id: info.id,
            }
        })
        .collect())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BillingStatusView {
    country_code: String,
    code: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BillingView {
    statuses: Vec<BillingStatusView>,
    setup_url: Option<String>,
    note: Option<String>,
}

fn seller_central(region: Region) -> &'static str {
    match region {
        Region::Na => "https://sellercentral.amazon.com/",
        Region::Eu => "https://sellercentral-europe.amazon.com/",
        Region::Fe => "https://sellercentral.amazon.co.jp/",
    }
}

/// Billing status where Amazon gives one, and where to set billing up: Seller Central
/// for sellers, else the configured page (the sandbox's own page in the sandbox).
#[tauri::command]
pub async fn billing_status(state: State<'_, AppState>, id: String) -> Result<BillingView> {
    let ctx = state.ctx();
    let (account, seller, region) = match id.strip_prefix(ACCOUNT_PREFIX) {
        Some(account_id) => (
            ctx.api()?.get_ads_account(account_id).await?,
            false,
            ctx.settings.region,
        ),
        None => {
            let reg = ctx.store.load(&id)?;
            let Some(account) = reg.account.clone() else {
                return Err(Error::Other("No account has been created yet.".into()));
            };
            let seller = matches!(
                reg.details.association,
                ads_onboard_core::api::accounts::Association::AmazonSeller { .. }
            );
            (account, seller, reg.region)
        }
    };
    let setup_url = match (state.sandbox_url(), seller) {
        (Some(base), false) if ctx.settings.uses_sandbox() => {
            Some(format!("{base}/billing/setup/{}", account.ads_account_id))
        }
        (_, true) => Some(seller_central(region).to_string()),
        _ => Some(ctx.settings.billing_url.clone()),
    };
    let (statuses, note) = match ctx.api()?.account_billing(&account).await {
        Ok(map) => (
            map.into_iter()
                .map(|(c, code)| BillingStatusView {
                    country_code: c,
                    code: code.to_string(),
                })
                .collect(),
            None,
        ),
        Err(e) => (
            vec![],
            Some(format!("Amazon gave no billing status ({e}).")),
        ),
    };
    Ok(BillingView {
        statuses,
        setup_url,
        note,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteAccountView {
    account_id: String,
    account_name: Option<String>,
    status: Option<String>,
    country_codes: Vec<String>,
    linked_registration_id: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryView {
    registrations: Vec<HistoryRowView>,
}

/// Registrations made here, newest first. Local only, so History draws at once; the
/// accounts at Amazon (a remote listing of every page) come from `history_accounts`.
#[tauri::command]
pub async fn history_list(state: State<'_, AppState>) -> Result<HistoryView> {
    let started = std::time::Instant::now();
    // One query, newest first; rows need neither the timeline nor a reload per record.
    let registrations: Vec<HistoryRowView> = state
        .ctx()
        .store
        .list()?
        .iter()
        .map(|r| registration_view(r, &[], false, 0).into())
        .collect();
    tracing::debug!(
        rows = registrations.len(),
        ms = started.elapsed().as_millis() as u64,
        "history listed"
    );
    Ok(HistoryView { registrations })
}

/// How many registrations History lists, for the rail: counted here rather than by
/// sending every row to the page (0.44 MB for 1,000) at each start and registration.
#[tauri::command]
pub async fn history_count(state: State<'_, AppState>) -> Result<usize> {
    Ok(state.ctx().store.list()?.len())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteAccountsView {
    accounts: Vec<RemoteAccountView>,
    accounts_error: Option<String>,
}

/// The accounts the signed-in user has at Amazon that are not among the registrations
/// made here. An account with the ID or name of a DISABLED registration is the answer
/// to a manual review: it is linked to that registration.
#[tauri::command]
pub async fn history_accounts(state: State<'_, AppState>) -> Result<RemoteAccountsView> {
    let ctx = state.ctx();
    let signed_in = ctx.auth.as_ref().is_some_and(|a| a.active_user().is_some());
    if !signed_in {
        return Ok(RemoteAccountsView {
            accounts: vec![],
            accounts_error: None,
        });
    }
    let remote = match ctx.api()?.list_ads_accounts().await {
        Ok(list) => list,
        Err(e) => {
            return Ok(RemoteAccountsView {
                accounts: vec![],
                accounts_error: Some(format!("Couldn't list the accounts at Amazon: {e}")),
            })
        }
    };
    let regs = ctx.store.list()?;
    let mut accounts = Vec::new();
    for a in remote {
        let same_id = regs
            .iter()
            .find(|r| r.account_id() == Some(a.ads_account_id.as_str()));
        let linked = regs
            .iter()
            .filter(|r| r.state == RegistrationState::Disabled)
            .find(|r| {
                r.account_id() == Some(a.ads_account_id.as_str())
                    || (a.account_name.is_some() && r.details.account_name == a.account_name)
            })
            .map(|r| r.id.clone());
        let answers_review =
            linked.is_some() && a.status.as_ref().is_some_and(|s| s.as_str() != "DISABLED");
        if same_id.is_some() && !answers_review {
            continue;
        }
        accounts.push(RemoteAccountView {
            country_codes: a.countries(),
            account_id: a.ads_account_id,
            account_name: a.account_name,
            status: a.status.map(|s| s.to_string()),
            linked_registration_id: if answers_review { linked } else { None },
        });
    }
    Ok(RemoteAccountsView {
        accounts,
        accounts_error: None,
    })
}

/// Best effort: an export without billing codes beats no export.
async fn billing_codes(api: &ApiClient, a: &AdsAccount) -> BTreeMap<String, String> {
    api.account_billing(a)
        .await
        .map(|m| m.into_iter().map(|(c, s)| (c, s.to_string())).collect())
        .unwrap_or_default()
}

async fn exported(state: &AppState, ids: &[String]) -> Result<Vec<ExportedAccount>> {
    let ctx = state.ctx();
    let api = ctx.api().ok();
    let mut out = Vec::new();
    for id in ids {
        if let Some(account_id) = id.strip_prefix(ACCOUNT_PREFIX) {
            let api = ctx.api()?;
            let a = api.get_ads_account(account_id).await?;
            let billing = billing_codes(&api, &a).await;
            out.push(ExportedAccount::from_account(&a, &billing, None));
            continue;
        }
        let reg = ctx.store.load(id)?;
        let mut billing = BTreeMap::new();
        if let (Some(api), Some(a)) = (&api, &reg.account) {
            billing = billing_codes(api, a).await;
        }
        if let Some(e) = ExportedAccount::from_registration(&reg, &billing) {
            out.push(e);
        }
    }
    if out.is_empty() {
        return Err(Error::Other(
            "Nothing to export yet: none of these registrations has an account.".into(),
        ));
    }
    Ok(out)
}

fn render(accounts: &[ExportedAccount], format: &str) -> Result<String> {
    match format {
        "csv" => Ok(export::to_csv(accounts)?),
        "json" => Ok(export::to_json(accounts)?),
        other => Err(Error::Other(format!(
            "Unknown export format {other:?}: use json or csv."
        ))),
    }
}

#[tauri::command]
pub async fn export_text(
    state: State<'_, AppState>,
    ids: Vec<String>,
    format: String,
) -> Result<String> {
    render(&exported(&state, &ids).await?, &format)
}

#[derive(Serialize)]
pub struct Saved {
    path: String,
}

/// Saves through the native dialog; `ADS_ONBOARD_EXPORT_DIR` skips the dialog (tests
/// cannot drive it). Returns None when the user cancels.
#[tauri::command]
pub async fn export_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    ids: Vec<String>,
    format: String,
) -> Result<Option<Saved>> {
    let accounts = exported(&state, &ids).await?;
    let text = render(&accounts, &format)?;
    let stem = match accounts.as_slice() {
        [one] => one
            .account_name
            .clone()
            .unwrap_or_else(|| one.account_id.clone()),
        _ => "ads-accounts".to_string(),
    };
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let name = format!("{}.{format}", safe.trim_matches('-'));
    let path: Option<PathBuf> = match std::env::var_os("ADS_ONBOARD_EXPORT_DIR") {
        Some(dir) => Some(PathBuf::from(dir).join(&name)),
        None => {
            let dialog = app
                .dialog()
                .file()
                .set_file_name(&name)
                .add_filter(format.to_uppercase(), &[format.as_str()]);
            tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
                .await
                .map_err(|e| Error::Other(e.to_string()))?
                .and_then(|p| p.into_path().ok())
        }
    };
    let Some(path) = path else { return Ok(None) };
    std::fs::write(&path, text)
        .map_err(|e| Error::Other(format!("Could not write {}: {e}", path.display())))?;
    Ok(Some(Saved {
        path: path.display().to_string(),
    }))
}

#[derive(Serialize)]
pub struct SavedDetailsView {
    label: String,
    details: UiDetails,
}

#[tauri::command]
pub async fn details_saved(state: State<'_, AppState>) -> Result<Vec<SavedDetailsView>> {
    Ok(state
        .ctx()
        .store
        .saved_details()?
        .into_iter()
        .map(|s| SavedDetailsView {
            label: s.label,
            details: UiDetails::from_core(&s.details),
        })
        .collect())
}

/// Picks a JSON or CSV file of details (as the CLI reads them) and returns its entries.
/// `ADS_ONBOARD_IMPORT_FILE` stands in for the dialog (tests cannot drive it).
#[tauri::command]
pub async fn details_import<R: Runtime>(app: AppHandle<R>) -> Result<Vec<UiDetails>> {
    let path = match std::env::var_os("ADS_ONBOARD_IMPORT_FILE") {
        Some(p) => Some(PathBuf::from(p)),
        None => {
            let dialog = app
                .dialog()
                .file()
                .add_filter("Details (JSON or CSV)", &["json", "csv"]);
            tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_file())
                .await
                .map_err(|e| Error::Other(e.to_string()))?
                .and_then(|p| p.into_path().ok())
        }
    };
    let Some(path) = path else {
        return Ok(vec![]);
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::Other(format!("Could not read {}: {e}", path.display())))?;
    let csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let list = if csv {
        import_csv(&text)
    } else {
        import_json(&text)
    }
    .map_err(|e| Error::Other(format!("{}: {e}", path.display())))?;
    Ok(list.iter().map(UiDetails::from_core).collect())
}
