//! Drives one registration through its states. `step` performs exactly one persisted
//! transition; `run` repeats it until a final state, so a crash between any two steps
//! resumes from the store.

use super::progress::{ProgressEvent, ProgressSender};
use super::{reconcile, Registration, RegistrationState};
use crate::api::accounts::AccountStatus;
use crate::api::terms::TermsTokenStatus;
use crate::api::{ApiClient, ApiError};
use crate::config::Settings;
use crate::details::{FieldError, RegistrationDetails};
use crate::store::{Store, StoreError};
use std::time::Duration;
use time::OffsetDateTime;
use tokio::time::Instant;

/// Every wait of the flow; milliseconds in tests.
#[derive(Debug, Clone, PartialEq)]
pub struct Timings {
    /// Terms-token polling while the user is on the agreement step (2 s).
    pub terms_poll: Duration,
    /// Account status polling (Amazon advises 3–5 s).
    pub status_poll: Duration,
    /// How long one `run` follows the registration before stopping as TimedOut.
    pub timeout: Duration,
    /// How long to keep polling after CREATED for profile IDs.
    pub profile_wait: Duration,
    /// Account-list checks after an uncertain submit whose token is already REDEEMED
    /// (the list may lag the commit).
    pub reconcile_attempts: u32,
    pub reconcile_delay: Duration,
    /// Submits of one registration before giving up (each preceded by reconciliation).
    pub max_submits: u32,
}

impl Timings {
    pub fn from_settings(s: &Settings) -> Timings {
        Timings {
            terms_poll: Duration::from_millis(s.terms_poll_interval_ms),
            status_poll: s.poll_interval(),
            timeout: Duration::from_secs(s.registration_timeout_secs),
            ..Timings::default()
        }
    }

    /// Millisecond intervals for tests.
    pub fn fast() -> Timings {
        Timings {
            terms_poll: Duration::from_millis(10),
            status_poll: Duration::from_millis(10),
            timeout: Duration::from_secs(10),
            profile_wait: Duration::from_secs(3),
            reconcile_attempts: 5,
            reconcile_delay: Duration::from_millis(20),
            max_submits: 5,
        }
    }
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            terms_poll: Duration::from_secs(2),
            status_poll: Duration::from_secs(4),
            timeout: Duration::from_secs(600),
            profile_wait: Duration::from_secs(60),
            reconcile_attempts: 6,
            reconcile_delay: Duration::from_secs(3),
            max_submits: 5,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("The details need fixing: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    #[error("The terms token was used but the new account is not in the account list yet; resume later to pick it up (registration {0})")]
    Unreconciled(String),
    #[error("Registration {id} was submitted {attempts} times without a definite answer; resume later (it will check the account list first)")]
    TooManySubmits { id: String, attempts: u32 },
    #[error("Registration {id} is {state}: {hint}")]
    Finished {
        id: String,
        state: RegistrationState,
        hint: String,
    },
}

pub struct RegistrationEngine {
    pub(super) api: ApiClient,
    pub(super) store: Store,
    pub(super) timings: Timings,
    progress: Option<ProgressSender>,
}

impl RegistrationEngine {
    pub fn new(api: ApiClient, store: Store, timings: Timings) -> Self {
        RegistrationEngine {
            api,
            store,
            timings,
            progress: None,
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
        let now = OffsetDateTime::now_utc();
        let reg = Registration {
            id: new_id(),
            state: RegistrationState::SignedIn,
            resume_state: None,
            region: self.api.region(),
            details,
            created_at: now,
            updated_at: now,
            terms: None,
            terms_status: None,
            known_account_ids: None,
            submitted: None,
            submitted_at: None,
            submit_attempts: 0,
            account: None,
            statuses_seen: vec![],
            profiles_settled: false,
            last_error: None,
            field_errors: vec![],
        };
        self.store.insert(&reg)?;
        self.emit(ProgressEvent::new(&reg, "state", "Registration started"));
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
        let mut reg = self.store.load(id)?;
        if reg.state == RegistrationState::TimedOut {
            reg = self.resume_timed_out(reg)?;
        }
        while !self.settled(&reg) {
            reg = self.step_locked(reg, deadline).await?;
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
        self.step_locked(reg, Instant::now() + self.timings.timeout)
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
    ) -> Result<Registration, EngineError> {
        match reg.state {
            RegistrationState::SignedIn => self.create_terms(reg).await,
            RegistrationState::TermsTokenCreated => self.await_acceptance(reg, deadline).await,
            RegistrationState::TermsAccepted => self.record_known_accounts(reg).await,
            RegistrationState::Registering => self.register(reg).await,
            RegistrationState::Pending | RegistrationState::PartiallyCreated => {
                self.poll_status(reg, deadline).await
            }
            RegistrationState::Created => self.await_profiles(reg).await,
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

    async fn register(&self, mut reg: Registration) -> Result<Registration, EngineError> {
        if reg.submit_attempts > 0 {
            match reconcile::find_committed(self, &reg).await? {
                reconcile::Finding::Adopted(account) => return self.adopt(reg, account, "adopted"),
                reconcile::Finding::NotCommitted => {}
                reconcile::Finding::TokenNotAccepted => {
                    reg.state = RegistrationState::TermsTokenCreated;
                    reg.terms_status = Some(TermsTokenStatus::Created);
                    self.persist(&mut reg, "transition", serde_json::json!({"note": "terms token not accepted; waiting for acceptance"}))?;
                    return Ok(reg);
                }
            }
        }
        if reg.submit_attempts >= self.timings.max_submits {
            return Err(EngineError::TooManySubmits {
                id: reg.id.clone(),
                attempts: reg.submit_attempts,
            });
        }
        let request = reg.submitted.clone().unwrap_or_else(|| {
            reg.details.to_request(
                reg.terms
                    .as_ref()
                    .map(|t| t.terms_token.as_str())
                    .unwrap_or(""),
            )
        });
        reg.submit_attempts += 1;
        reg.submitted_at = Some(OffsetDateTime::now_utc());
        reg.submitted = Some(request.clone());
        let detail = serde_json::json!({"attempt": reg.submit_attempts, "body": request});
        self.persist(&mut reg, "submitted", detail)?;
        match self.api.register_ads_account(&request).await {
            Ok(account) => self.adopt(reg, account, "registered"),
            Err(ApiError::Invalid(details)) => {
                reg.field_errors = details
                    .messages
                    .iter()
                    .filter_map(|m| {
                        m.field.clone().map(|field| FieldError {
                            field,
                            message: m.message.clone(),
                        })
                    })
                    .collect();
                reg.last_error = Some(details.summary());
                reg.state = RegistrationState::Rejected;
                self.persist(
                    &mut reg,
                    "rejected",
                    serde_json::to_value(&details).unwrap_or_default(),
                )?;
                self.emit(ProgressEvent::new(
                    &reg,
                    "state",
                    format!("Amazon refused the request: {}", details.summary()),
                ));
                Ok(reg)
            }
            Err(e) if e.outcome_unknown() || matches!(e, ApiError::Throttled { .. }) => {
                // The request may have been committed: next step reconciles before any resubmit.
                reg.last_error = Some(e.to_string());
                self.persist(
                    &mut reg,
                    "error",
                    serde_json::json!({"error": e.to_string(), "requestId": e.request_id()}),
                )?;
                let wait = match &e {
                    ApiError::Throttled {
                        retry_after: Some(ra),
                        ..
                    } => (*ra).min(self.api.options().retry.max_retry_after),
                    _ => self.timings.reconcile_delay,
                };
                let mut ev = ProgressEvent::new(&reg, "waiting", format!("No definite answer from Amazon ({e}); checking the account list before trying again"));
                ev.retry_in_ms = Some(wait.as_millis() as u64);
                self.emit(ev);
                tokio::time::sleep(wait).await;
                Ok(reg)
            }
            Err(e) => {
                reg.last_error = Some(e.to_string());
                self.persist(
                    &mut reg,
                    "error",
                    serde_json::json!({"error": e.to_string(), "requestId": e.request_id()}),
                )?;
                Err(e.into())
            }
        }
    }

    pub(super) fn adopt(
        &self,
        mut reg: Registration,
        account: crate::api::accounts::AdsAccount,
        how: &str,
    ) -> Result<Registration, EngineError> {
        let status = account.status.clone().unwrap_or(AccountStatus::Pending);
        reg.terms_status = Some(TermsTokenStatus::Redeemed);
        reg.state = RegistrationState::from_account_status(&status);
        if reg.statuses_seen.last() != Some(&status) {
            reg.statuses_seen.push(status.clone());
        }
        reg.last_error = None;
        let id = account.ads_account_id.clone();
        reg.account = Some(account);
        self.persist(
            &mut reg,
            how,
            serde_json::json!({"adsAccountId": id, "status": status}),
        )?;
        self.emit(ProgressEvent::new(
            &reg,
            "accountStatus",
            format!("Account {id} is {status}"),
        ));
        Ok(reg)
    }

    async fn poll_status(
        &self,
        mut reg: Registration,
        deadline: Instant,
    ) -> Result<Registration, EngineError> {
        let id = reg.account_id().unwrap_or_default().to_string();
        loop {
            if Instant::now() + self.timings.status_poll > deadline {
                return self.time_out(reg);
            }
            tokio::time::sleep(self.timings.status_poll).await;
            let account = match self.api.get_ads_account(&id).await {
                Ok(a) => a,
                Err(e) => {
                    self.transient_or_fail(&reg, e).await?;
                    continue;
                }
            };
            let status = account.status.clone().unwrap_or(AccountStatus::Pending);
            let next = RegistrationState::from_account_status(&status);
            let changed = next != reg.state || reg.account.as_ref() != Some(&account);
            if !changed {
                continue;
            }
            if reg.statuses_seen.last() != Some(&status) {
                reg.statuses_seen.push(status.clone());
            }
            reg.state = next;
            reg.account = Some(account);
            let detail = serde_json::json!({"status": status, "account": reg.account});
            self.persist(&mut reg, "status", detail)?;
            let msg = match next {
                RegistrationState::Disabled => format!("Amazon refused account {id}"),
                _ => format!("Account {id} is {status}"),
            };
            self.emit(ProgressEvent::new(&reg, "accountStatus", msg));
            return Ok(reg);
        }
    }

    /// After CREATED, keeps reading the account until every country has a profile ID,
    /// for at most `profile_wait`.
    async fn await_profiles(&self, mut reg: Registration) -> Result<Registration, EngineError> {
        let id = reg.account_id().unwrap_or_default().to_string();
        let until = Instant::now() + self.timings.profile_wait;
        loop {
            if reg.account.as_ref().is_some_and(|a| a.has_all_profiles()) {
                break;
            }
            if Instant::now() + self.timings.status_poll > until {
                let mut ev = ProgressEvent::new(
                    &reg,
                    "warning",
                    "Profile IDs are not assigned yet; they will show up in the account list later",
                );
                ev.kind = "warning";
                self.emit(ev);
                break;
            }
            tokio::time::sleep(self.timings.status_poll).await;
            match self.api.get_ads_account(&id).await {
                Ok(a) => reg.account = Some(a),
                Err(e) => self.transient_or_fail(&reg, e).await?,
            }
        }
        reg.profiles_settled = true;
        let detail = serde_json::json!({"account": reg.account});
        self.persist(&mut reg, "profiles", detail)?;
        self.emit(ProgressEvent::new(&reg, "profiles", "Account ready"));
        Ok(reg)
    }

    /// Waits out throttling and server trouble while polling; anything else ends the run
    /// (the state stays as stored, so it can be resumed).
    async fn transient_or_fail(&self, reg: &Registration, e: ApiError) -> Result<(), EngineError> {
        let wait = match &e {
            ApiError::Throttled { retry_after, .. } => retry_after
                .unwrap_or(self.timings.status_poll)
                .min(self.api.options().retry.max_retry_after),
            e if e.outcome_unknown() => self.timings.status_poll,
            _ => return Err(e.into()),
        };
        let mut ev = ProgressEvent::new(reg, "waiting", format!("{e}; trying again"));
        ev.retry_in_ms = Some(wait.as_millis() as u64);
        self.emit(ev);
        tokio::time::sleep(wait).await;
        Ok(())
    }

    fn time_out(&self, mut reg: Registration) -> Result<Registration, EngineError> {
        reg.resume_state = Some(reg.state);
        reg.state = RegistrationState::TimedOut;
        let detail = serde_json::json!({"resumeFrom": reg.resume_state});
        self.persist(&mut reg, "timedOut", detail)?;
        self.emit(ProgressEvent::new(&reg, "state", reg.next_step()));
        Ok(reg)
    }

    pub(super) fn persist(
        &self,
        reg: &mut Registration,
        kind: &str,
        detail: serde_json::Value,
    ) -> Result<(), EngineError> {
        reg.updated_at = OffsetDateTime::now_utc();
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
