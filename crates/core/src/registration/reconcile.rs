//! After a submit whose answer was lost, decide from Amazon's own records whether it
//! was committed. The terms token decides first: still ACCEPTED proves our submit never
//! committed (whatever new accounts another window or process made meanwhile); REDEEMED
//! proves it did, and the new account (not in the recorded list) with our name is ours,
//! even if the list takes a while to show it.

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
        let status = match &token {
            Some(t) => Some(engine.api.get_terms_token(t).await?.terms_token_status),
            None => None,
        };
        match status {
            Some(TermsTokenStatus::Created) => return Ok(Finding::TokenNotAccepted),
            Some(TermsTokenStatus::Accepted) => return Ok(Finding::NotCommitted),
            _ => {}
        }
        if let Some(account) = new_account(engine, reg, &known).await? {
            return Ok(Finding::Adopted(account));
        }
        match status {
            // Committed, but the list has not caught up yet.
            Some(TermsTokenStatus::Redeemed) => {
                if attempt < engine.timings.reconcile_attempts {
                    tokio::time::sleep(engine.timings.reconcile_delay).await;
                }
            }
            _ => return Ok(Finding::NotCommitted),
        }
    }
    Err(EngineError::Unreconciled(reg.id.clone()))
}

/// The new account that is ours: the one with our name when we gave one, else the only
/// new one. Never a guess between several.
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
    let wanted = reg
        .details
        .account_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    Ok(match wanted {
        Some(name) => fresh
            .into_iter()
            .find(|a| a.account_name.as_deref().map(str::trim) == Some(name)),
        None if fresh.len() == 1 => fresh.into_iter().next(),
        None => {
            if fresh.len() > 1 {
                tracing::warn!(registration = %reg.id, count = fresh.len(), "several new unnamed accounts; not guessing which is ours");
            }
            None
        }
    })
}
