//! App facts, settings, sign-in and the signed-in users.

use ads_onboard_core::auth::users::save_client_secret;
use ads_onboard_core::auth::{Keychain, Secret};
use ads_onboard_core::config::{Region, Settings};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::{Error, Result};
use crate::state::AppState;
use crate::views::UserView;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    version: &'static str,
    sandbox: bool,
    region: Region,
    redirect_uri: String,
    poll_interval_ms: u64,
    terms_poll_interval_ms: u64,
    restart_needed: bool,
    storage_warning: Option<String>,
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
    let ctx = state.ctx();
    let s = &ctx.settings;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        sandbox: state.started_with_sandbox,
        region: s.region,
        redirect_uri: s.redirect_uri.clone(),
        poll_interval_ms: s.poll_interval_ms,
        terms_poll_interval_ms: s.terms_poll_interval_ms,
        restart_needed: s.uses_sandbox() != state.started_with_sandbox,
        storage_warning: ctx.auth.as_ref().and_then(|a| a.storage_warning()),
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    region: Region,
    client_id: Option<String>,
    has_client_secret: bool,
    redirect_uri: String,
    poll_interval_ms: u64,
    billing_url: String,
    legacy_scope: bool,
    profile_scope: bool,
    data_dir: String,
    sandbox: bool,
    env_overrides: Vec<&'static str>,
}

const ENV_OVERRIDES: [&str; 5] = [
    "ADS_ONBOARD_REGION",
    "ADS_ONBOARD_CLIENT_ID",
    "ADS_ONBOARD_REDIRECT_URI",
    "ADS_ONBOARD_POLL_INTERVAL",
    "ADS_ONBOARD_CLIENT_SECRET",
];

#[tauri::command]
pub async fn settings_get(state: State<'_, AppState>) -> Result<SettingsView> {
    let ctx = state.ctx();
    let s = &ctx.settings;
    let has_secret = match &s.client_id {
        Some(id) if !s.uses_sandbox() => Keychain::open(&state.data_dir)
            .get(&ads_onboard_core::auth::keychain::client_secret_key(
                id.trim(),
            ))
            .ok()
            .flatten()
            .is_some(),
        _ => false,
    };
    Ok(SettingsView {
        region: s.region,
        client_id: s.client_id.clone(),
        has_client_secret: has_secret,
        redirect_uri: s.redirect_uri.clone(),
        poll_interval_ms: s.poll_interval_ms,
        billing_url: s.billing_url.clone(),
        legacy_scope: s.legacy_scope,
        profile_scope: s.profile_scope,
        data_dir: state.data_dir.display().to_string(),
        sandbox: s.uses_sandbox(),
        env_overrides: ENV_OVERRIDES
            .into_iter()
            .filter(|k| std::env::var(k).is_ok_and(|v| !v.is_empty()))
            .collect(),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingsInput {
    region: Region,
    client_id: Option<String>,
    redirect_uri: String,
    poll_interval_ms: u64,
    billing_url: String,
    /// Absent from older windows' calls: then the stored choice stays.
    legacy_scope: Option<bool>,
    profile_scope: Option<bool>,
}

/// Saves to the settings file core reads (so the CLI sees the same), the secret to the
/// keychain, then rebuilds the core objects.
#[tauri::command]
pub async fn settings_save(
    state: State<'_, AppState>,
    settings: SettingsInput,
    client_secret: Option<String>,
) -> Result<()> {
    let redirect = url::Url::parse(settings.redirect_uri.trim())
        .map_err(|e| Error::Other(format!("The redirect URI is not a URL: {e}")))?;
    if redirect.port().is_none() || redirect.scheme() != "http" {
        return Err(Error::Other(
            "Use a loopback redirect URI with a port, such as http://localhost:47615/callback."
                .into(),
        ));
    }
    if !(1000..=60_000).contains(&settings.poll_interval_ms) {
        return Err(Error::Other(
            "Choose a polling interval from 1 to 60 seconds.".into(),
        ));
    }
    let (mut s, _) = Settings::load(&state.data_dir)?;
    s.region = settings.region;
    s.client_id = settings
        .client_id
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    s.redirect_uri = settings.redirect_uri.trim().to_string();
    s.poll_interval_ms = settings.poll_interval_ms;
    s.legacy_scope = settings.legacy_scope.unwrap_or(s.legacy_scope);
    s.profile_scope = settings.profile_scope.unwrap_or(s.profile_scope);
    if !settings.billing_url.trim().is_empty() {
        s.billing_url = settings.billing_url.trim().to_string();
    }
    if let (Some(id), Some(secret)) = (&s.client_id, client_secret.filter(|x| !x.is_empty())) {
        save_client_secret(&Keychain::open(&state.data_dir), id, &Secret::new(secret))?;
    }
    s.save(&state.data_dir)?;
    state.reload()?;
    Ok(())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingView {
    level: &'static str,
    title: String,
    detail: Option<String>,
}

#[tauri::command]
pub async fn check_setup(state: State<'_, AppState>) -> Result<Vec<FindingView>> {
    let ctx = state.ctx();
    let auth = match ctx.auth() {
        Ok(a) => a.clone(),
        Err(e) => {
            return Ok(vec![FindingView {
                level: "error",
                title: e.to_string(),
                detail: None,
            }])
        }
    };
    let report = auth.check_setup().await;
    Ok(report
        .findings
        .into_iter()
        .map(|f| FindingView {
            level: if f.ok { "ok" } else { "error" },
            title: f.message,
            detail: Some(format!("Checked: {}", f.topic)),
        })
        .collect())
}

#[derive(Serialize)]
pub struct UsersView {
    current: Option<UserView>,
    users: Vec<UserView>,
}

#[tauri::command]
pub async fn users_list(state: State<'_, AppState>) -> Result<UsersView> {
    let ctx = state.ctx();
    let Some(auth) = ctx.auth.as_ref() else {
        return Ok(UsersView {
            current: None,
            users: vec![],
        });
    };
    Ok(UsersView {
        current: auth.active_user().as_ref().map(UserView::from),
        users: auth.users().iter().map(UserView::from).collect(),
    })
}

#[tauri::command]
pub async fn users_switch(state: State<'_, AppState>, user_id: String) -> Result<UserView> {
    Ok(UserView::from(&state.ctx().auth()?.switch_to(&user_id)?))
}

#[tauri::command]
pub async fn users_sign_out(state: State<'_, AppState>, user_id: String) -> Result<String> {
    Ok(state.ctx().auth()?.sign_out(&user_id)?.message)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInStarted {
    url: String,
    redirect_uri: String,
    started_at: String,
}

/// Binds the loopback listener, then opens Amazon's (or the sandbox's) sign-in page in
/// the user's browser. The window waits with `sign_in_wait`.
#[tauri::command]
pub async fn sign_in_start(
    state: State<'_, AppState>,
    region: Region,
    keep_signed_in: Option<bool>,
) -> Result<SignInStarted> {
    cancel_pending_sign_in(&state);
    let mut ctx = state.ctx();
    if ctx.settings.region != region {
        let (mut s, _) = Settings::load(&state.data_dir)?;
        s.region = region;
        s.save(&state.data_dir)?;
        ctx = state.reload()?;
    }
    let sign_in = ctx.auth()?.start_sign_in(keep_signed_in.unwrap_or(true))?;
    let started = SignInStarted {
        url: sign_in.authorize_url().to_string(),
        redirect_uri: sign_in.redirect_uri().to_string(),
        started_at: time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
    };
    *state.sign_in.lock().await = Some(sign_in);
    *state
        .sign_in_cancel
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = Some(ads_onboard_core::auth::CancelToken::new());
    crate::commands::system::open_in_browser(&state, &started.url)?;
    Ok(started)
}

#[tauri::command]
pub async fn sign_in_wait(state: State<'_, AppState>) -> Result<UserView> {
    let sign_in = state.sign_in.lock().await.take().ok_or_else(|| {
        Error::Other("No sign-in is in progress. Choose Sign in with Amazon.".into())
    })?;
    let cancel = state
        .sign_in_cancel
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
        .unwrap_or_default();
    let user = sign_in.wait(cancel).await?;
    Ok(UserView::from(&user))
}

#[tauri::command]
pub async fn sign_in_cancel(state: State<'_, AppState>) -> Result<()> {
    cancel_pending_sign_in(&state);
    Ok(())
}

/// Ends the sign-in in progress, if any (its listener frees the port).
fn cancel_pending_sign_in(state: &AppState) {
    if let Some(c) = state
        .sign_in_cancel
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take()
    {
        c.cancel();
    }
}
