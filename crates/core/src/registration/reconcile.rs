//! After a submit whose answer was lost, decide from Amazon's own records whether it
//! was committed: a new account (not in the recorded list) is ours; a REDEEMED token
//! proves a commit even while the list lags.

use super::engine::{EngineError, RegistrationEngine};
use super::Registration;
use crate::api::accounts::AdsAccount;
use crate::api::terms::TermsTokenStatus;

pub(super) enum Finding {
    Adopted(AdsAccount),
    NotCommitted,
    TokenNotAccepted,
}

pub(super) async fn find_committed(
    engine: &RegistrationEngine,
    reg: &Registration,
) -> Result<Finding, EngineError> {
    let known = reg.known_account_ids.clone().unwrap_or_default();
    let token = reg.terms.as_ref().map(|t| t.terms_token.clone());
    for attempt in 0..=engine.timings.reconcile_attempts {
        if let Some(account) = new_account(engine, reg, &known).await? {
            return Ok(Finding::Adopted(account));
        }
        let status = match &token {
            Some(t) => Some(engine.api.get_terms_token(t).await?.terms_token_status),
            None => None,
        };
        match status {
            Some(TermsTokenStatus::Redeemed) => {
                // Committed, but the list has not caught up yet.
                if attempt < engine.timings.reconcile_attempts {
                    tokio::time::sleep(engine.timings.reconcile_delay).await;
                }
            }
            Some(TermsTokenStatus::Created) => return Ok(Finding::TokenNotAccepted),
            _ => return Ok(Finding::NotCommitted),
        }
    }
    Err(EngineError::Unreconciled(reg.id.clone()))
}

async fn new_account(
    engine: &RegistrationEngine,
    reg: &Registration,
    known: &[String],
) -> Result<Option<AdsAccount>, EngineError> {
    let fresh: Vec<AdsAccount> = engine
        .api
        .list_ads_accounts()
        .await?
        .into_iter()
        .filter(|a| !known.contains(&a.ads_account_id))
        .collect();
    let wanted = reg.details.account_name.as_deref();
    let by_name = fresh
        .iter()
        .position(|a| wanted.is_some() && a.account_name.as_deref() == wanted);
    if fresh.len() > 1 && by_name.is_none() {
        tracing::warn!(registration = %reg.id, count = fresh.len(), "several new accounts; adopting the first");
    }
    Ok(by_name
        .or((!fresh.is_empty()).then_some(0))
        .map(|i| fresh[i].clone()))
}
