//! Submitting the registration: reconcile first when a submit may already have been
//! committed, then send, and adopt whatever account results.

use super::engine::RegistrationEngine;
use super::error::EngineError;
use super::progress::ProgressEvent;
use super::{reconcile, Registration, RegistrationState};
use crate::api::accounts::{AccountStatus, AdsAccount};
use crate::api::terms::TermsTokenStatus;
use crate::api::ApiError;
use crate::details::FieldError;
use time::OffsetDateTime;

impl RegistrationEngine {
    pub(super) async fn register(
        &self,
        mut reg: Registration,
    ) -> Result<Registration, EngineError> {
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
        {
            let mut runs = self
                .submits_this_run
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            let this_run = runs.entry(reg.id.clone()).or_default();
            if *this_run >= self.timings.max_submits {
                return Err(EngineError::TooManySubmits {
                    id: reg.id.clone(),
                    attempts: reg.submit_attempts,
                });
            }
            *this_run += 1;
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
            Ok(account) => {
                let account = self.with_reasons(account).await;
                self.adopt(reg, account, "registered")
            }
            Err(ApiError::Invalid(details)) if self.spent_by_earlier_submit(&reg).await => {
                // An earlier submit whose answer was lost committed after all (its token
                // is spent): not a refusal. The next step reconciles and adopts it.
                reg.last_error = Some(details.summary());
                self.persist(
                    &mut reg,
                    "error",
                    serde_json::json!({"error": details.summary(), "note": "terms token already redeemed by an earlier submit; reconciling"}),
                )?;
                Ok(reg)
            }
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
                self.record_error(&mut reg, &e)?;
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
                self.record_error(&mut reg, &e)?;
                Err(e.into())
            }
        }
    }

    /// After more than one submit, a refusal may only mean an earlier one committed late.
    /// Keeps the failure with the registration and in its history.
    fn record_error(&self, reg: &mut Registration, e: &ApiError) -> Result<(), EngineError> {
        reg.last_error = Some(e.to_string());
        self.persist(
            reg,
            "error",
            serde_json::json!({"error": e.to_string(), "requestId": e.request_id()}),
        )
    }

    async fn spent_by_earlier_submit(&self, reg: &Registration) -> bool {
        let Some(token) = reg.terms.as_ref().map(|t| t.terms_token.as_str()) else {
            return false;
        };
        reg.submit_attempts > 1
            && matches!(
                self.api.get_terms_token(token).await,
                Ok(s) if s.terms_token_status == TermsTokenStatus::Redeemed
            )
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

    /// The register answer has no `errors`: a DISABLED account's reasons are read with
    /// GET /adsAccounts/{id}. Best effort; polling would fetch them anyway.
    async fn with_reasons(&self, account: AdsAccount) -> AdsAccount {
        if account.status != Some(AccountStatus::Disabled) || !account.errors.is_empty() {
            return account;
        }
        match self.api.get_ads_account(&account.ads_account_id).await {
            Ok(full) => full,
            Err(e) => {
                tracing::warn!(error = %e, "could not read the reasons of a disabled account");
                account
            }
        }
    }
}
