//! The Ads Agreement and the registration itself.

use ads_onboard_core::api::terms::{TermsToken, TermsTokenStatus};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::error::Result;
use crate::runner;
use crate::state::AppState;
use crate::views::{RegistrationView, UiDetails};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TermsView {
    terms_token: String,
    terms_url: String,
    status: String,
}

/// Creates a terms token and opens its `termsUrl` in the user's browser, where they are
/// signed in to Amazon (an in-app view would share neither that sign-in nor trust).
#[tauri::command]
pub async fn terms_start(state: State<'_, AppState>) -> Result<TermsView> {
    let token = state.ctx().api()?.create_terms_token(None).await?;
    // The link is on screen to copy even if no browser could be started.
    if let Err(e) = crate::commands::system::open_in_browser(&state, &token.terms_url) {
        tracing::warn!("{e}");
    }
    Ok(TermsView {
        terms_token: token.terms_token,
        terms_url: token.terms_url,
        status: TermsTokenStatus::Created.to_string(),
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TermsStatusView {
    status: String,
    checked_at: String,
}

#[tauri::command]
pub async fn terms_status(
    state: State<'_, AppState>,
    terms_token: String,
) -> Result<TermsStatusView> {
    let s = state.ctx().api()?.get_terms_token(&terms_token).await?;
    Ok(TermsStatusView {
        status: s.terms_token_status.to_string(),
        checked_at: now(),
    })
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Validates and stores the registration with the agreement's token (kept with it, as
/// Amazon advises), then follows it in the background. Returns at once.
#[tauri::command]
pub async fn registration_start<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    details: UiDetails,
    terms: Option<TermsToken>,
) -> Result<RegistrationView> {
    let ctx = state.ctx();
    let engine = ctx.engine(&state.progress)?;
    let reg = match terms.filter(|t| !t.terms_token.is_empty()) {
        Some(terms) => engine.create_with_terms(details.to_core(), terms).await?,
        None => engine.create(details.to_core())?,
    };
    // Kept for the "Use saved details" list; losing it must not stop the registration.
    if let Err(e) = ctx.store.save_details("", &reg.details) {
        tracing::warn!("could not keep the details for reuse: {e}");
    }
    runner::follow(&app, &reg.id)?;
    runner::view(&state, &reg.id)
}

/// A registration made here, or (`account:<id>`) an account found at Amazon.
#[tauri::command]
pub async fn registration_get(state: State<'_, AppState>, id: String) -> Result<RegistrationView> {
    match id.strip_prefix(crate::views::ACCOUNT_PREFIX) {
        Some(account_id) => {
            let ctx = state.ctx();
            let a = ctx.api()?.get_ads_account(account_id).await?;
            Ok(crate::views::account_view(&a, ctx.settings.region.code()))
        }
        None => runner::view(&state, &id),
    }
}

/// Asks Amazon again now: restarts the follower (which resumes a timed-out one).
#[tauri::command]
pub async fn registration_check_now<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
) -> Result<RegistrationView> {
    let old = state
        .runners
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .remove(&id);
    if let Some(h) = old {
        h.abort();
        let _ = h.await;
    }
    runner::follow(&app, &id)?;
    runner::view(&state, &id)
}

#[tauri::command]
pub async fn registration_stop<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
) -> Result<RegistrationView> {
    runner::stop(&app, &id);
    runner::view(&state, &id)
}

#[tauri::command]
pub async fn registration_resume<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
) -> Result<RegistrationView> {
    runner::follow(&app, &id)?;
    runner::view(&state, &id)
}
