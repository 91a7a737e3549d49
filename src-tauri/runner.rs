//! Follows registrations in the background and turns the engine's progress into window
//! events carrying the whole registration as the screens show it.

use ads_onboard_core::registration::ProgressEvent;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tokio::sync::mpsc::UnboundedReceiver;

use crate::error::Result;
use crate::state::AppState;
use crate::views::{registration_view, RegistrationView};

pub const PROGRESS_EVENT: &str = "registration://progress";

pub fn view(state: &AppState, id: &str) -> Result<RegistrationView> {
    let ctx = state.ctx();
    let reg = ctx.store.load(id)?;
    let history = ctx.store.history(id)?;
    Ok(registration_view(
        &reg,
        &history,
        state.is_following(id),
        ctx.settings.poll_interval_ms,
    ))
}

/// What a progress event adds to the stored registration: a passing problem to show.
#[derive(Default)]
struct Extra {
    error: Option<String>,
    notice: Option<String>,
    retry_in_ms: Option<u64>,
}

fn emit_view<R: Runtime>(app: &AppHandle<R>, id: &str, extra: Extra) {
    let state = app.state::<AppState>();
    match view(&state, id) {
        Ok(mut v) => {
            if extra.error.is_some() {
                v.last_error = extra.error;
            }
            v.notice = extra.notice;
            v.retry_in_ms = extra.retry_in_ms;
            let _ = app.emit(PROGRESS_EVENT, v);
        }
        Err(e) => tracing::warn!(registration = id, "cannot show progress: {e}"),
    }
}

/// Forwards every progress event for as long as the app runs.
pub fn forward_progress<R: Runtime>(app: AppHandle<R>, mut rx: UnboundedReceiver<ProgressEvent>) {
    tauri::async_runtime::spawn(async move {
        while let Some(ev) = rx.recv().await {
            tracing::info!(registration = %ev.registration_id, state = %ev.state, "{}", ev.message);
            // The engine asked for a new agreement: send the user to it, as the step does.
            if let (Some(url), "termsUrl") = (&ev.terms_url, ev.kind) {
                let state = app.state::<AppState>();
                if let Err(e) = crate::commands::system::open_in_browser(&state, url) {
                    tracing::warn!("{e}");
                }
            }
            let extra = match ev.kind {
                "waiting" | "warning" => Extra {
                    notice: Some(ev.message.clone()),
                    retry_in_ms: ev.retry_in_ms,
                    ..Extra::default()
                },
                _ => Extra::default(),
            };
            emit_view(&app, &ev.registration_id, extra);
        }
    });
}

/// Follows `id` until a final state or the time limit, unless it is already followed.
/// Closing the window ends the app and with it the polling; the UI resumes on reopen.
pub fn follow<R: Runtime>(app: &AppHandle<R>, id: &str) -> Result<()> {
    let state = app.state::<AppState>();
    let engine = state.ctx().engine(&state.progress)?;
    let mut runners = state.runners.lock().unwrap_or_else(|p| p.into_inner());
    if runners.get(id).is_some_and(|h| !h.inner().is_finished()) {
        return Ok(());
    }
    let (app2, id2) = (app.clone(), id.to_string());
    let handle = tauri::async_runtime::spawn(async move {
        let outcome = engine.run(&id2).await;
        let state = app2.state::<AppState>();
        state
            .runners
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&id2);
        let error = outcome.err().map(|e| e.to_string());
        if let Some(e) = &error {
            tracing::warn!(registration = %id2, "stopped: {e}");
        }
        emit_view(
            &app2,
            &id2,
            Extra {
                error,
                ..Extra::default()
            },
        );
    });
    runners.insert(id.to_string(), handle);
    Ok(())
}

/// Stops following `id` (the registration itself goes on at Amazon).
pub fn stop<R: Runtime>(app: &AppHandle<R>, id: &str) {
    let state = app.state::<AppState>();
    let handle = state
        .runners
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .remove(id);
    if let Some(h) = handle {
        h.abort();
    }
}
