//! The Ads Agreement step: a terms token is created, its page opened in the user's
//! browser, and the token watched (one watcher, here) until Amazon says ACCEPTED. A
//! registration started with the token takes the watch over, so the same token is
//! never asked about by two pollers at once.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{watch, Notify};

use super::progress::{is_accepted, now, AgreementProgress, LinkPurpose, Progress};
use super::{lock, Error, Onboarding, Result};
use crate::api::terms::{TermsToken, TermsTokenStatus};
use crate::api::{ApiClient, ApiError};

/// Nobody reads an agreement for hours: after this the watch stops (Check now resumes it).
const WATCH_LIMIT: Duration = Duration::from_secs(3600);

pub(super) struct Watch {
    token: TermsToken,
    latest: watch::Receiver<AgreementProgress>,
    check_now: Arc<Notify>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Onboarding {
    /// Creates a terms token for the signed-in user, opens its page, and watches it.
    pub async fn start_agreement(&self) -> Result<AgreementProgress> {
        let setup = self.setup();
        let api = setup.api_for_signed_in_user()?;
        let token = api.create_terms_token(None).await?;
        self.offer_link(LinkPurpose::Agreement, &token.terms_url);
        Ok(self.watch_agreement(token, api, TermsTokenStatus::Created))
    }

    /// Watches a token created earlier (the window reopened on the agreement step).
    pub fn resume_agreement(&self, token: TermsToken) -> Result<AgreementProgress> {
        if let Some(p) = self.agreement_if(&token.terms_token) {
            return Ok(p);
        }
        let api = self.setup().api_for_signed_in_user()?;
        Ok(self.watch_agreement(token, api, TermsTokenStatus::Created))
    }

    /// Asks Amazon about the watched token now instead of at the next tick.
    pub fn check_agreement_now(&self) -> Result<()> {
        let guard = lock(&self.inner.agreement);
        let w = guard
            .as_ref()
            .ok_or_else(|| Error::NotFound("No agreement is waiting.".into()))?;
        if w.task.is_finished() {
            let token = w.token.clone();
            drop(guard);
            self.resume_agreement_fresh(token)?;
        } else {
            w.check_now.notify_one();
        }
        Ok(())
    }

    /// Waits until the watched token is accepted, for at most `limit`.
    pub async fn wait_agreement(&self, limit: Duration) -> Result<AgreementProgress> {
        let mut rx = lock(&self.inner.agreement)
            .as_ref()
            .map(|w| w.latest.clone())
            .ok_or_else(|| Error::NotFound("No agreement is waiting.".into()))?;
        let accepted = tokio::time::timeout(limit, rx.wait_for(|p| p.accepted))
            .await
            .map(|r| r.map(|p| p.clone()));
        match accepted {
            Ok(Ok(p)) => Ok(p),
            _ => Err(Error::Registration(
                crate::registration::EngineError::TermsNotAccepted {
                    terms_token: rx.borrow().terms_token.clone(),
                    waited: limit,
                },
            )),
        }
    }

    /// Ends the watch and says what it last saw of `terms_token`, so the registration
    /// that uses it starts from there.
    pub(super) fn take_agreement(&self, terms_token: &str) -> Option<TermsTokenStatus> {
        let mut guard = lock(&self.inner.agreement);
        let seen = guard
            .as_ref()
            .filter(|w| w.token.terms_token == terms_token)
            .map(|w| w.latest.borrow().status.clone());
        if seen.is_some() {
            guard.take();
        }
        seen
    }

    pub(super) fn stop_agreement(&self) {
        lock(&self.inner.agreement).take();
    }

    fn agreement_if(&self, terms_token: &str) -> Option<AgreementProgress> {
        lock(&self.inner.agreement)
            .as_ref()
            .filter(|w| w.token.terms_token == terms_token && !w.task.is_finished())
            .map(|w| w.latest.borrow().clone())
    }

    fn resume_agreement_fresh(&self, token: TermsToken) -> Result<AgreementProgress> {
        self.stop_agreement();
        self.resume_agreement(token)
    }

    fn watch_agreement(
        &self,
        token: TermsToken,
        api: ApiClient,
        status: TermsTokenStatus,
    ) -> AgreementProgress {
        let first = progress(&token, status, None);
        let (tx, latest) = watch::channel(first.clone());
        let check_now = Arc::new(Notify::new());
        let every = Duration::from_millis(self.setup().settings.terms_poll_interval_ms);
        let me = self.clone();
        let (t, nudge) = (token.clone(), check_now.clone());
        let task = tokio::spawn(async move {
            let started = tokio::time::Instant::now();
            loop {
                let p = match api.get_terms_token(&t.terms_token).await {
                    Ok(s) => progress(&t, s.terms_token_status, None),
                    Err(e @ (ApiError::Invalid(_) | ApiError::NotFound(_))) => {
                        let gone = "Amazon no longer knows this agreement; start it again to get a new one.";
                        tracing::warn!(error = %e, "{gone}");
                        let mut p = progress(&t, tx.borrow().status.clone(), Some(gone.into()));
                        p.expired = true;
                        me.emit(Progress::Agreement(p.clone()));
                        tx.send_replace(p);
                        return;
                    }
                    Err(e) => progress(
                        &t,
                        tx.borrow().status.clone(),
                        Some(format!("Couldn't check just now ({e}); trying again.")),
                    ),
                };
                let done = p.accepted;
                me.emit(Progress::Agreement(p.clone()));
                tx.send_replace(p);
                if done || started.elapsed() >= WATCH_LIMIT {
                    return;
                }
                tokio::select! {
                    _ = tokio::time::sleep(every) => {}
                    _ = nudge.notified() => {}
                }
            }
        });
        *lock(&self.inner.agreement) = Some(Watch {
            token,
            latest,
            check_now,
            task,
        });
        first
    }
}

fn progress(
    token: &TermsToken,
    status: TermsTokenStatus,
    problem: Option<String>,
) -> AgreementProgress {
    let message = match (&problem, &status) {
        (Some(p), _) => p.clone(),
        (None, TermsTokenStatus::Accepted | TermsTokenStatus::Redeemed) => {
            "Ads Agreement accepted".to_string()
        }
        (None, s) => format!("Waiting for the Ads Agreement to be accepted (terms token {s})"),
    };
    AgreementProgress {
        terms_token: token.terms_token.clone(),
        terms_url: token.terms_url.clone(),
        accepted: is_accepted(&status),
        expired: false,
        status,
        checked_at: now(),
        message,
        problem,
    }
}
