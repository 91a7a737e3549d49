//! Registering and following: start (with the agreement's token), follow in the
//! background or in line, resume, stop and check now. What may be resumed is decided
//! here, once.

use std::time::Duration;

use super::progress::{LinkPurpose, Progress};
use super::{lock, Error, Onboarding, Result};
use crate::api::terms::TermsToken;
use crate::details::RegistrationDetails;
use crate::registration::{ProgressEvent, Registration, RegistrationEngine, Timings};

impl Onboarding {
    /// Validates and stores a new registration. `terms`: the agreement step's token
    /// (the step's watch hands over what it saw, so the token is not asked about twice);
    /// without one, the registration creates its own agreement first.
    pub async fn start_registration(
        &self,
        details: RegistrationDetails,
        terms: Option<TermsToken>,
    ) -> Result<Registration> {
        let engine = self.engine(None)?;
        let terms = terms.filter(|t| !t.terms_token.trim().is_empty());
        let reg = match terms {
            Some(t) => {
                let seen = self.take_agreement(&t.terms_token);
                engine.create_with_terms(details, t, seen).await?
            }
            None => engine.create(details)?,
        };
        // Kept for "Use saved details"; losing it must not stop the registration.
        if let Err(e) = self.store().save_details("", &reg.details) {
            tracing::warn!("could not keep the details for reuse: {e}");
        }
        Ok(reg)
    }

    /// Follows `id` in the background until an outcome or the time limit, unless it is
    /// followed already. Its progress and its end arrive on the progress stream.
    pub fn follow(&self, id: &str) -> Result<()> {
        let engine = self.engine(None)?;
        let mut followers = lock(&self.inner.followers);
        if followers.get(id).is_some_and(|h| !h.is_finished()) {
            return Ok(());
        }
        let (me, id2) = (self.clone(), id.to_string());
        let task = tokio::spawn(async move {
            let outcome = engine.run(&id2).await;
            lock(&me.inner.followers).remove(&id2);
            me.report_end(&id2, outcome.err().map(|e| Error::from(e).to_string()));
        });
        followers.insert(id.to_string(), task);
        Ok(())
    }

    /// Follows `id` in line (the CLI), at most `limit` (default: the settings').
    pub async fn run_registration(
        &self,
        id: &str,
        limit: Option<Duration>,
    ) -> Result<Registration> {
        Ok(self.engine(limit)?.run(id).await?)
    }

    /// One persisted step at a time until Amazon has answered the submit (`--no-wait`).
    pub async fn run_until_submitted(&self, id: &str) -> Result<Registration> {
        let engine = self.engine(None)?;
        loop {
            let reg = engine.step(id).await?;
            if reg.account.is_some() || reg.state.is_final() {
                return Ok(reg);
            }
        }
    }

    /// Asks Amazon again now: restarts the follower (which resumes a timed-out one).
    pub async fn check_now(&self, id: &str) -> Result<()> {
        let old = lock(&self.inner.followers).remove(id);
        if let Some(task) = old {
            task.abort();
            let _ = task.await;
        }
        self.follow(id)
    }

    /// Stops following `id`; the registration itself goes on at Amazon.
    pub fn stop_following(&self, id: &str) {
        if let Some(task) = lock(&self.inner.followers).remove(id) {
            task.abort();
        }
    }

    pub fn is_following(&self, id: &str) -> bool {
        lock(&self.inner.followers)
            .get(id)
            .is_some_and(|h| !h.is_finished())
    }

    /// The registration to resume: by registration ID or ads account ID, else the newest
    /// one that can be resumed.
    pub fn resumable(&self, id: Option<&str>) -> Result<Registration> {
        let all = self.store().list()?;
        match id.map(str::trim).filter(|i| !i.is_empty()) {
            Some(id) => all
                .into_iter()
                .find(|r| r.id == id || r.account_id() == Some(id))
                .ok_or_else(|| {
                    Error::NotFound(format!("No registration {id:?} in this data folder."))
                }),
            None => all
                .into_iter()
                .find(Registration::is_resumable)
                .ok_or_else(|| {
                    Error::NotFound("There is no unfinished registration to resume.".into())
                }),
        }
    }

    /// The engine for the user signed in now. Its events pass through [`Self::relay`].
    fn engine(&self, limit: Option<Duration>) -> Result<RegistrationEngine> {
        let setup = self.setup();
        let mut timings = Timings::from_settings(&setup.settings);
        if let Some(limit) = limit {
            timings.timeout = limit;
        }
        // Profile IDs follow CREATED within seconds; never wait for them past the limit.
        timings.profile_wait = timings.profile_wait.min(timings.timeout);
        Ok(RegistrationEngine::new(
            setup.api_for_signed_in_user()?,
            self.store().clone(),
            timings,
        )
        .with_progress(self.inner.engine_events.clone()))
    }

    /// An engine event on its way out: a registration that needs an agreement offers its
    /// page, as the agreement step does.
    pub(super) fn relay(&self, ev: ProgressEvent) {
        if ev.kind == "termsUrl" {
            if let Some(url) = ev.terms_url.as_deref().filter(|u| !u.is_empty()) {
                self.offer_link(LinkPurpose::Agreement, url);
            }
        }
        self.emit(Progress::Registration(ev));
    }

    /// The follower ended: say how, with the registration as stored.
    fn report_end(&self, id: &str, error: Option<String>) {
        if let Some(e) = &error {
            tracing::warn!(registration = %id, "stopped: {e}");
        }
        match self.store().load(id) {
            Ok(reg) => self.emit(Progress::Registration(ProgressEvent::finished(&reg, error))),
            Err(e) => tracing::warn!(registration = %id, "cannot report the end: {e}"),
        }
    }
}
