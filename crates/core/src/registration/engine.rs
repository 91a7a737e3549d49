//! Drives one registration through its states. `step` performs exactly one persisted
//! transition; `run` repeats it until a final state, so a crash between any two steps
//! resumes from the store.

use super::progress::{ProgressEvent, ProgressSender};
use super::{Registration, RegistrationState};
use crate::api::terms::{TermsToken, TermsTokenStatus};
use crate::api::ApiClient;
use crate::details::RegistrationDetails;
use crate::store::Store;
use time::OffsetDateTime;
use tokio::time::Instant;

pub use super::error::EngineError;
pub use super::timings::Timings;

pub struct RegistrationEngine {
    pub(super) api: ApiClient,
    pub(super) store: Store,
    pub(super) timings: Timings,
    progress: Option<ProgressSender>,
    /// Submits per registration since its current `run` began: the cap stops one run
    /// from hammering Amazon, while a later resume may try again (it reconciles first).
    pub(super) submits_this_run: std::sync::Mutex<std::collections::HashMap<String, u32>>,
}

impl RegistrationEngine {
    pub fn new(api: ApiClient, store: Store, timings: Timings) -> Self {
        RegistrationEngine {
            api,
            store,
            timings,
            progress: None,
            submits_this_run: Default::default(),
        }
    }

    pub fn with_progress(mut self, tx: ProgressSender) -> Self {
        self.progress = Some(tx);
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn api(&self) -> &ApiClient {
        &self.api
    }

    /// Validates and stores a new registration in the SignedIn state (no network).
    pub fn create(&self, details: RegistrationDetails) -> Result<Registration, EngineError> {
        let errors = details.validate();
        if !errors.is_empty() {
            return Err(EngineError::Invalid(errors));
        }
        let reg = Registration::new(new_id(), self.api.region(), details);
        self.store.insert(&reg)?;
        self.emit(ProgressEvent::new(&reg, "state", "Registration started"));
        Ok(reg)
    }

    /// `create`, keeping the terms token of an agreement step that ran before the details
    /// (as Amazon advises storing it). `seen` is what the agreement step last heard of it:
    /// accepted is used as is, waiting is waited on; without it Amazon is asked once. A
    /// token Amazon refuses or already redeemed is left for a fresh agreement.
    pub async fn create_with_terms(
        &self,
        details: RegistrationDetails,
        terms: TermsToken,
        seen: Option<TermsTokenStatus>,
    ) -> Result<Registration, EngineError> {
        let mut reg = self.create(details)?;
        let status = match seen {
            Some(s) => s,
            None => match self.api.get_terms_token(&terms.terms_token).await {
                Ok(s) => s.terms_token_status,
                Err(e) if e.outcome_unknown() => return Err(e.into()),
                Err(_) => return Ok(reg),
            },
        };
        reg.state = match status {
            TermsTokenStatus::Accepted => RegistrationState::TermsAccepted,
            TermsTokenStatus::Created => RegistrationState::TermsTokenCreated,
            _ => return Ok(reg),
        };
        let detail = serde_json::json!({"termsToken": terms.terms_token, "termsTokenStatus": status, "from": "agreement step"});
        reg.terms = Some(terms);
        reg.terms_status = Some(status);
        self.persist(&mut reg, "transition", detail)?;
        Ok(reg)
    }

    /// `create` then `run`.
    pub async fn start(&self, details: RegistrationDetails) -> Result<Registration, EngineError> {
        let reg = self.create(details)?;
        self.run(&reg.id).await
    }

    /// Follows the registration until a final state or the time limit. Resumes from
    /// whatever state the store holds (a TimedOut one continues where it stopped).
    pub async fn run(&self, id: &str) -> Result<Registration, EngineError> {
        let _lock = self.store.lock(id)?;
        let deadline = Instant::now() + self.timings.timeout;
        self.submits_this_run
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(id);
        let mut reg = self.store.load(id)?;
        if reg.state == RegistrationState::TimedOut {
            reg = self.resume_timed_out(reg)?;
        }
        if reg.state == RegistrationState::TermsTokenCreated
            && reg.terms_url().is_some_and(|u| !u.is_empty())
        {
            // Still waiting for the agreement: offer its page again.
            self.emit(ProgressEvent::new(
                &reg,
                "termsUrl",
                "Open the Ads Agreement and accept it to continue",
            ));
        }
        // Resuming a submitted registration (or "check now") asks Amazon at once; right
        // after a submit the first check waits one interval, as nothing can have changed.
        let mut check_now = reg.submitted.is_some();
        while !self.settled(&reg) {
            reg = self
                .step_locked(reg, deadline, std::mem::take(&mut check_now))
                .await?;
        }
        Ok(reg)
    }

    /// Exactly one persisted transition (or poll round) from the stored state.
    pub async fn step(&self, id: &str) -> Result<Registration, EngineError> {
        let _lock = self.store.lock(id)?;
        let mut reg = self.store.load(id)?;
        if reg.state == RegistrationState::TimedOut {
            reg = self.resume_timed_out(reg)?;
            return Ok(reg);
        }
        if self.settled(&reg) {
            return Ok(reg);
        }
        self.step_locked(reg, Instant::now() + self.timings.timeout, true)
            .await
    }

    fn settled(&self, reg: &Registration) -> bool {
        match reg.state {
            RegistrationState::Created => reg.profiles_settled,
            s => s.is_final(),
        }
    }

    fn resume_timed_out(&self, mut reg: Registration) -> Result<Registration, EngineError> {
        let to = reg
            .resume_state
            .take()
            .unwrap_or(RegistrationState::Pending);
        reg.state = to;
        self.persist(&mut reg, "resumed", serde_json::json!({"from": "timedOut"}))?;
        self.emit(ProgressEvent::new(
            &reg,
            "state",
            format!("Resuming from {to}"),
        ));
        Ok(reg)
    }

    async fn step_locked(
        &self,
        reg: Registration,
        deadline: Instant,
        check_now: bool,
    ) -> Result<Registration, EngineError> {
        match reg.state {
            RegistrationState::SignedIn => self.create_terms(reg).await,
            RegistrationState::TermsTokenCreated => self.await_acceptance(reg, deadline).await,
            RegistrationState::TermsAccepted => self.record_known_accounts(reg).await,
            RegistrationState::Registering => self.register(reg, deadline).await,
            RegistrationState::Pending | RegistrationState::PartiallyCreated => {
                self.poll_status(reg, deadline, check_now).await
            }
            RegistrationState::Created => self.await_profiles(reg, check_now).await,
            _ => Ok(reg),
        }
    }

    async fn create_terms(&self, mut reg: Registration) -> Result<Registration, EngineError> {
        let token = self.api.create_terms_token(None).await?;
        reg.terms = Some(token.clone());
        reg.terms_status = Some(TermsTokenStatus::Created);
        reg.state = RegistrationState::TermsTokenCreated;
        self.persist(
            &mut reg,
            "transition",
            serde_json::json!({"termsToken": token.terms_token, "termsUrl": token.terms_url}),
        )?;
        self.emit(ProgressEvent::new(
            &reg,
            "termsUrl",
            "Open the Ads Agreement and accept it to continue",
        ));
        Ok(reg)
    }

    async fn await_acceptance(
        &self,
        mut reg: Registration,
        deadline: Instant,
    ) -> Result<Registration, EngineError> {
        let token = reg.terms.clone().map(|t| t.terms_token).unwrap_or_default();
        loop {
            match self.api.get_terms_token(&token).await {
                Ok(s) => match s.terms_token_status {
                    TermsTokenStatus::Accepted => {
                        reg.terms_status = Some(TermsTokenStatus::Accepted);
                        reg.state = RegistrationState::TermsAccepted;
                        self.persist(
                            &mut reg,
                            "transition",
                            serde_json::json!({"termsTokenStatus": "ACCEPTED"}),
                        )?;
                        self.emit(ProgressEvent::new(
                            &reg,
                            "termsStatus",
                            "Ads Agreement accepted",
                        ));
                        return Ok(reg);
                    }
                    TermsTokenStatus::Redeemed => {
                        // Nothing of ours was submitted with it (that state would be Registering):
                        // it cannot be reused, so ask for a fresh agreement.
                        reg.terms = None;
                        reg.terms_status = None;
                        reg.state = RegistrationState::SignedIn;
                        self.persist(&mut reg, "transition", serde_json::json!({"termsTokenStatus": "REDEEMED", "note": "token already used; requesting a new one"}))?;
                        return Ok(reg);
                    }
                    _ => {}
                },
                Err(crate::api::ApiError::Invalid(d) | crate::api::ApiError::NotFound(d)) => {
                    // Amazon no longer knows this token: start a fresh agreement.
                    reg.terms = None;
                    reg.terms_status = None;
                    reg.state = RegistrationState::SignedIn;
                    let detail = serde_json::json!({"note": "terms token refused; requesting a new one", "error": d.summary()});
                    self.persist(&mut reg, "transition", detail)?;
                    return Ok(reg);
                }
                Err(e) => self.transient_or_fail(&reg, e).await?,
            }
            if Instant::now() + self.timings.terms_poll > deadline {
                return self.time_out(reg);
            }
            tokio::time::sleep(self.timings.terms_poll).await;
        }
    }

    /// Records the accounts the user already has, then moves to Registering. The submit
    /// happens in the next step, after this record is safely stored.
    async fn record_known_accounts(
        &self,
        mut reg: Registration,
    ) -> Result<Registration, EngineError> {
        let ids: Vec<String> = self
            .api
            .list_ads_accounts()
            .await?
            .into_iter()
            .map(|a| a.ads_account_id)
            .collect();
        let token = reg
            .terms
            .as_ref()
            .map(|t| t.terms_token.clone())
            .unwrap_or_default();
        reg.submitted = Some(reg.details.to_request(&token));
        reg.known_account_ids = Some(ids.clone());
        reg.state = RegistrationState::Registering;
        self.persist(
            &mut reg,
            "transition",
            serde_json::json!({"knownAccounts": ids.len()}),
        )?;
        self.emit(ProgressEvent::new(
            &reg,
            "state",
            "Submitting the registration to Amazon",
        ));
        Ok(reg)
    }

    pub(super) fn persist(
        &self,
        reg: &mut Registration,
        kind: &str,
        detail: serde_json::Value,
    ) -> Result<(), EngineError> {
        reg.updated_at = OffsetDateTime::now_utc();
        // Once Amazon has named the account, the snapshot that would have found it after a
        // lost answer has done its job; kept, every record would carry every account ID
        // the user has (1,000 accounts: 49 KB a record, read back by History).
        if reg.account_id().is_some() {
            reg.known_account_ids = None;
        }
        self.store.save(reg, kind, detail)?;
        Ok(())
    }

    pub(super) fn emit(&self, ev: ProgressEvent) {
        tracing::info!(registration = %ev.registration_id, state = %ev.state, "{}", ev.message);
        if let Some(tx) = &self.progress {
            let _ = tx.send(ev);
        }
    }
}

fn new_id() -> String {
    let r: u128 = rand::random();
    format!("reg-{:032x}", r)
}
