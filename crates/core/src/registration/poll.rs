//! Following an account after submit: status until an outcome, then profile IDs.

use super::engine::RegistrationEngine;
use super::error::EngineError;
use super::progress::ProgressEvent;
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

    /// Waits out throttling and server trouble while polling; anything else ends the run
    /// (the state stays as stored, so it can be resumed).
    pub(super) async fn transient_or_fail(
        &self,
        reg: &Registration,
        e: ApiError,
    ) -> Result<(), EngineError> {
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

    pub(super) fn time_out(&self, mut reg: Registration) -> Result<Registration, EngineError> {
        reg.resume_state = Some(reg.state);
        reg.state = RegistrationState::TimedOut;
        let detail = serde_json::json!({"resumeFrom": reg.resume_state});
        self.persist(&mut reg, "timedOut", detail)?;
        self.emit(ProgressEvent::new(&reg, "state", reg.next_step()));
        Ok(reg)
    }
}
