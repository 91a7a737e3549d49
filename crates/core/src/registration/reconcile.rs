//! After a submit whose answer was lost, decide from Amazon's own records whether it
//! was committed. Two records speak: the terms token and the account list.
//!
//! - Token REDEEMED: committed. The new account (not in the recorded list) that is ours
//!   is adopted, even if the list takes a while to show it.
//! - Token ACCEPTED: usually proof that nothing was committed, whatever new accounts
//!   another window or process made meanwhile. But Amazon does not document when a
//!   token turns REDEEMED, and it may do so only once the account leaves PENDING; so a
//!   new account with our name is ours, and while an unnamed registration sees a new
//!   account still PENDING the answer is "not yet known" rather than "not committed".
//! - Token CREATED: never accepted, so never usable.

use super::engine::{EngineError, RegistrationEngine};
use super::Registration;
use crate::api::accounts::{AccountStatus, AdsAccount};
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
    let name = our_name(reg);
    for attempt in 0..=engine.timings.reconcile_attempts {
        let status = match &token {
            Some(t) => Some(engine.api.get_terms_token(t).await?.terms_token_status),
            None => None,
        };
        if status == Some(TermsTokenStatus::Created) {
            return Ok(Finding::TokenNotAccepted);
        }
        let fresh = new_accounts(engine, &known).await?;
        let redeemed = status == Some(TermsTokenStatus::Redeemed);
        match (ours(reg, name, fresh.clone()), redeemed, name) {
            (Some(account), true, _) | (Some(account), false, Some(_)) => {
                return Ok(Finding::Adopted(account))
            }
            // Committed, but the list has not caught up yet.
            (None, true, _) => {}
            (_, false, Some(_)) => return Ok(Finding::NotCommitted),
            // Unnamed and the token not spent: only a new account still PENDING (whose
            // token may turn REDEEMED when it leaves PENDING) keeps the question open.
            (_, false, None) => {
                let undecided = fresh
                    .iter()
                    .any(|a| matches!(a.status, None | Some(AccountStatus::Pending)));
                if !undecided {
                    return Ok(Finding::NotCommitted);
                }
            }
        }
        if attempt < engine.timings.reconcile_attempts {
            tokio::time::sleep(engine.timings.reconcile_delay).await;
        }
    }
    Err(EngineError::Unreconciled(reg.id.clone()))
}

fn our_name(reg: &Registration) -> Option<&str> {
    reg.details
        .account_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
}

/// Accounts the user has now that were not there before the first submit.
async fn new_accounts(
    engine: &RegistrationEngine,
    known: &[String],
) -> Result<Vec<AdsAccount>, EngineError> {
    Ok(engine
        .api
        .list_ads_accounts()
        .await?
        .into_iter()
        .filter(|a| !known.contains(&a.ads_account_id))
        .collect())
}

/// The new account that is ours: the one with our name when we gave one, else the only
/// new one. Never a guess between several.
fn ours(reg: &Registration, name: Option<&str>, fresh: Vec<AdsAccount>) -> Option<AdsAccount> {
    match name {
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
    }
}
