//! Core's progress stream as window events: one event name per topic, each carrying
//! what the screen shows (a registration as a whole view, reread from the store).

use ads_onboard_core::onboarding::{notice_words, Onboarding, Progress, ProgressStream};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::views::{record_view, UserView};

pub const SIGN_IN: &str = "signin://progress";
pub const AGREEMENT: &str = "agreement://progress";
pub const REGISTRATION: &str = "registration://progress";

/// Forwards every progress item for as long as the app runs.
pub fn forward<R: Runtime>(app: AppHandle<R>, mut stream: ProgressStream) {
    tauri::async_runtime::spawn(async move {
        while let Some(p) = stream.recv().await {
            if let Err(e) = emit(&app, p) {
                tracing::warn!("cannot show progress: {e}");
            }
        }
    });
}

fn emit<R: Runtime>(app: &AppHandle<R>, p: Progress) -> Result<(), String> {
    let sent = match p {
        Progress::SignIn(s) => {
            let user = s.user.as_ref().map(UserView::from);
            let payload = serde_json::json!({
                "attempt": s.attempt, "phase": s.phase, "message": s.message,
                "errorKind": s.error_kind, "user": user,
                "title": s.plain.map(|p| p.title), "hint": s.plain.map(|p| p.hint),
            });
            app.emit(SIGN_IN, payload)
        }
        Progress::Agreement(a) => app.emit(AGREEMENT, a),
        Progress::Registration(ev) => {
            let ob = app.state::<Onboarding>();
            let mut view = record_view(&ob.record(&ev.registration_id).map_err(|e| e.to_string())?);
            if let Some(e) = ev.error {
                view.last_error = Some(e);
            }
            if matches!(ev.kind, "waiting" | "warning") {
                view.notice = Some(ev.message);
                let words = ev.wait.map(notice_words);
                view.notice_title = words.map(|w| w.title);
                view.notice_hint = words.map(|w| w.hint);
                view.retry_in_ms = ev.retry_in_ms;
            }
            app.emit(REGISTRATION, view)
        }
        // The screens show their links themselves; an account watch is the CLI's.
        Progress::Link(_) | Progress::Account(_) => return Ok(()),
    };
    sent.map_err(|e| e.to_string())
}
