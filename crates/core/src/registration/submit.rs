//! Submitting the registration: reconcile first when a submit may already have been
//! committed, then send, and adopt whatever account results.
//!
//! Amazon's answers sort into three kinds. Definite "not processed": 429 (throttled),
//! which is waited out and sent again within the time limit, without counting as a
//! submit or reconciling. Definite refusals: 400 and 403, which end Rejected (after a
//! reconcile when an earlier submit may have committed late). Uncertain: timeouts,
//! dropped connections, 5xx and unreadable answers, after which the account list and
//! the terms token decide before anything is sent again.

use super::engine::RegistrationEngine;
use super::error::EngineError;
use super::progress::{ProgressEvent, Wait};
use super::{reconcile, Registration, RegistrationState};
use crate::api::accounts::{AccountStatus, AdsAccount, Association};
use crate::api::terms::TermsTokenStatus;
use crate::api::{ApiError, ErrorDetails};
use crate::details::FieldError;
use std::time::Duration;
use time::OffsetDateTime;
use tokio::time::Instant;

impl RegistrationEngine {
    pub(super) async fn register(
        &self,
        mut reg: Registration,
        deadline: Instant,
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
        let mut throttled = 0u32;
        loop {
            self.count_submit(&reg, 1)?;
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
                    return self.adopt(reg, account, "registered");
                }
                Err(ApiError::Throttled {
                    retry_after,
                    details,
                }) => {
                    // Not processed: this send neither counts nor needs reconciling.
                    reg.submit_attempts -= 1;
                    self.count_submit(&reg, -1)?;
                    let wait = self.api.options().retry.delay(throttled, retry_after);
                    throttled += 1;
                    reg.last_error = Some(format!(
                        "Amazon is busy and did not take the registration (429, {} in a row){}",
                        throttled,
                        request_note(&details)
                    ));
                    let detail = serde_json::json!({"error": details.summary(), "retryInMs": wait.as_millis() as u64, "inARow": throttled});
                    self.persist(&mut reg, "throttled", detail)?;
                    if Instant::now() + wait > deadline {
                        return self.time_out(reg);
                    }
                    self.emit(ProgressEvent::waiting(
                        &reg,
                        Wait::Busy,
                        wait.as_millis() as u64,
                        format!(
                            "Amazon is busy (too many requests); sending the registration again in {}",
                            seconds(wait)
                        ),
                    ));
                    tokio::time::sleep(wait).await;
                }
                Err(e @ (ApiError::Invalid(_) | ApiError::Forbidden(_))) => {
                    return self.refused(reg, e).await;
                }
                Err(e) if e.outcome_unknown() => {
                    // The request may have been committed: next step reconciles before any resubmit.
                    self.record_error(&mut reg, &e)?;
                    let wait = self.timings.reconcile_delay;
                    self.emit(ProgressEvent::waiting(
                        &reg,
                        Wait::of(&e),
                        wait.as_millis() as u64,
                        format!("No definite answer from Amazon ({e}); checking the account list before trying again"),
                    ));
                    tokio::time::sleep(wait).await;
                    return Ok(reg);
                }
                Err(e) => {
                    self.record_error(&mut reg, &e)?;
                    return Err(e.into());
                }
            }
        }
    }

    /// Counts a submit towards this run's cap of sends without a definite answer
    /// (`step` of -1 takes one back after a 429).
    fn count_submit(&self, reg: &Registration, step: i32) -> Result<(), EngineError> {
        let mut runs = self
            .submits_this_run
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let this_run = runs.entry(reg.id.clone()).or_default();
        if step < 0 {
            *this_run = this_run.saturating_sub(1);
            return Ok(());
        }
        if *this_run >= self.timings.max_submits {
            return Err(EngineError::TooManySubmits {
                id: reg.id.clone(),
                attempts: reg.submit_attempts,
            });
        }
        *this_run += 1;
        Ok(())
    }

    /// A 400 or 403. After more than one submit it may only mean an earlier one committed
    /// late (its terms token spent or bound to that account), so Amazon's records decide
    /// first; otherwise it is Amazon refusing the details.
    async fn refused(
        &self,
        mut reg: Registration,
        e: ApiError,
    ) -> Result<Registration, EngineError> {
        let details = e.details().cloned().unwrap_or_default();
        if reg.submit_attempts > 1 {
            reg.last_error = Some(details.summary());
            self.persist(
                &mut reg,
                "error",
                serde_json::json!({"error": details.summary(), "note": "refused after an earlier submit without an answer; checking whether that one committed"}),
            )?;
            if let reconcile::Finding::Adopted(account) =
                reconcile::find_committed(self, &reg).await?
            {
                return self.adopt(reg, account, "adopted");
            }
        }
        reg.field_errors = field_errors(&details, &reg.details.association, &e);
        reg.last_error = Some(match e {
            ApiError::Forbidden(_) => format!(
                "Amazon says this sign-in may not register this account (403): {}",
                details.summary()
            ),
            _ => details.summary(),
        });
        reg.state = RegistrationState::Rejected;
        self.persist(
            &mut reg,
            "rejected",
            serde_json::to_value(&details).unwrap_or_default(),
        )?;
        self.emit(ProgressEvent::new(
            &reg,
            "state",
            format!(
                "Amazon refused the request: {}",
                reg.last_error.as_deref().unwrap_or("")
            ),
        ));
        Ok(reg)
    }

    /// Keeps the failure with the registration and in its history.
    fn record_error(&self, reg: &mut Registration, e: &ApiError) -> Result<(), EngineError> {
        reg.last_error = Some(e.to_string());
        self.persist(
            reg,
            "error",
            serde_json::json!({"error": e.to_string(), "requestId": e.request_id()}),
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
    /// GET /adsAccounts/{id}, waiting out a 404 during its grace period (the read may lag
    /// the 201). Best effort: without them the account still ends DISABLED.
    async fn with_reasons(&self, account: AdsAccount) -> AdsAccount {
        if account.status != Some(AccountStatus::Disabled) || !account.errors.is_empty() {
            return account;
        }
        let until = Instant::now() + self.timings.not_found_grace;
        loop {
            match self.api.get_ads_account(&account.ads_account_id).await {
                Ok(full) => return full,
                Err(ApiError::NotFound(_)) if Instant::now() + self.timings.status_poll < until => {
                    tokio::time::sleep(self.timings.status_poll).await;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "could not read the reasons of a disabled account");
                    return account;
                }
            }
        }
    }
}

/// Amazon's messages placed on the fields they concern. A 403 that names no field is
/// about who the account is for: it goes on the seller, vendor or author field.
fn field_errors(
    details: &ErrorDetails,
    association: &Association,
    e: &ApiError,
) -> Vec<FieldError> {
    let mut out: Vec<FieldError> = details
        .messages
        .iter()
        .filter_map(|m| {
            m.field.clone().map(|field| FieldError {
                field,
                message: m.message.clone(),
            })
        })
        .collect();
    if out.is_empty() && matches!(e, ApiError::Forbidden(_)) {
        let field = match association {
            Association::AmazonSeller { .. } => Some("amazonSeller.sellerCentralAccount"),
            Association::AmazonVendor { .. } => Some("amazonVendor.vendorGroup"),
            Association::AmazonAuthor { .. } => Some("amazonAuthor.email"),
            Association::Business(_) => None,
        };
        if let Some(field) = field {
            out.push(FieldError {
                field: field.into(),
                message: format!(
                    "Amazon says the signed-in user cannot act for this account: {}",
                    details.summary()
                ),
            });
        }
    }
    out
}

fn request_note(details: &ErrorDetails) -> String {
    details
        .request_id
        .as_ref()
        .map(|id| format!(" [request {id}]"))
        .unwrap_or_default()
}

fn seconds(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.0} s", d.as_secs_f64().ceil())
    }
}
