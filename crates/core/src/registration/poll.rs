//! Following an account after submit: status until an outcome, then profile IDs.

use super::engine::RegistrationEngine;
use super::error::EngineError;
use super::progress::{ProgressEvent, Wait};
use super::{Registration, RegistrationState};
use crate::api::accounts::AccountStatus;
use crate::api::ApiError;
use tokio::time::Instant;

impl RegistrationEngine {
    pub(super) async fn poll_status(
        &self,
        mut reg: Registration,
        deadline: Instant,
        check_now: bool,
    ) -> Result<Registration, EngineError> {
        let id = reg.account_id().unwrap_or_default().to_string();
        let mut wait = !check_now;
        loop {
            if wait && Instant::now() + self.timings.status_poll > deadline {
                return self.time_out(reg);
            }
            if std::mem::replace(&mut wait, true) {
                tokio::time::sleep(self.timings.status_poll).await;
            }
            let account = match self.api.get_ads_account(&id).await {
                Ok(a) => a,
                Err(e) => {
                    self.transient_or_fail(&reg, e).await?;
                    continue;
                }
            };
            let status = account.status.clone().unwrap_or(AccountStatus::Pending);
            let next = match RegistrationState::from_account_status(&status) {
                // The refused countries will not come: stop with what is usable.
                RegistrationState::PartiallyCreated if account.partly_refused() => {
                    reg.profiles_settled = true;
                    RegistrationState::PartlyRefused
                }
                next => next,
            };
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
                RegistrationState::PartlyRefused => format!(
                    "Account {id} is ready in part: Amazon refused {}",
                    reg.account
                        .as_ref()
                        .map(|a| a.refused_countries().join(", "))
                        .unwrap_or_default()
                ),
                _ => format!("Account {id} is {status}"),
            };
            self.emit(ProgressEvent::new(&reg, "accountStatus", msg));
            return Ok(reg);
        }
    }

    /// After CREATED, keeps reading the account until every country has a profile ID,
    /// for at most `profile_wait`.
    pub(super) async fn await_profiles(
        &self,
        mut reg: Registration,
        check_now: bool,
    ) -> Result<Registration, EngineError> {
        let id = reg.account_id().unwrap_or_default().to_string();
        let until = Instant::now() + self.timings.profile_wait;
        let mut wait = !check_now;
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
            if std::mem::replace(&mut wait, true) {
                tokio::time::sleep(self.timings.status_poll).await;
            }
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

    /// Waits out throttling and server trouble while polling, and a 404 for the new
    /// account during its grace period after the submit (Amazon's reads may lag its 201);
    /// anything else ends the run (the state stays as stored, so it can be resumed).
    pub(super) async fn transient_or_fail(
        &self,
        reg: &Registration,
        e: ApiError,
    ) -> Result<(), EngineError> {
        let wait = match &e {
            ApiError::Throttled { retry_after, .. } => retry_after
                .unwrap_or(self.timings.status_poll)
                .min(self.api.options().retry.max_retry_after),
            ApiError::NotFound(_) if self.not_visible_yet(reg) => {
                self.emit(ProgressEvent::waiting(
                    reg,
                    Wait::NotVisibleYet,
                    self.timings.status_poll.as_millis() as u64,
                    "Amazon does not show the new account yet; checking again".into(),
                ));
                tokio::time::sleep(self.timings.status_poll).await;
                return Ok(());
            }
            e if e.outcome_unknown() => self.timings.status_poll,
            _ => return Err(e.into()),
        };
        let said = match &e {
            ApiError::Throttled { .. } => {
                "Amazon is busy (too many requests); checking again".to_string()
            }
            e => format!("{e}; trying again"),
        };
        self.emit(ProgressEvent::waiting(
            reg,
            Wait::of(&e),
            wait.as_millis() as u64,
            said,
        ));
        tokio::time::sleep(wait).await;
        Ok(())
    }

    /// Within the grace period after the last submit, measured on the wall clock so it
    /// survives a restart.
    fn not_visible_yet(&self, reg: &Registration) -> bool {
        let Some(at) = reg.submitted_at.filter(|_| reg.account.is_some()) else {
            return false;
        };
        let grace =
            time::Duration::try_from(self.timings.not_found_grace).unwrap_or(time::Duration::MAX);
        at.checked_add(grace)
            .is_none_or(|end| time::OffsetDateTime::now_utc() < end)
    }

    pub(super) fn time_out(&self, mut reg: Registration) -> Result<Registration, EngineError> {
        reg.resume_state = Some(reg.state);
        reg.state = RegistrationState::TimedOut;
        let detail = serde_json::json!({"resumeFrom": reg.resume_state});
        self.persist(&mut reg, "timedOut", detail)?;
        self.emit(ProgressEvent::new(&reg, "state", reg.next_step()));
        Ok(reg)
    }
}
