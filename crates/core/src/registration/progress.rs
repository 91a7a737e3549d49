//! Progress events: the app turns them into window events, the CLI into stderr lines.

use super::{CountryOutcome, Registration, RegistrationState};
use crate::api::accounts::AccountStatus;
use serde::Serialize;

pub type ProgressSender = tokio::sync::mpsc::UnboundedSender<ProgressEvent>;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressEvent {
    pub registration_id: String,
    pub state: RegistrationState,
    /// `state`, `termsUrl`, `termsStatus`, `accountStatus`, `profiles`, `waiting`, `warning`,
    /// `finished`.
    pub kind: &'static str,
    /// One human-readable line.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ads_account_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_status: Option<AccountStatus>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<CountryOutcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_in_ms: Option<u64>,
    /// Why following stopped early (kind `finished`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl ProgressEvent {
    pub fn new(reg: &Registration, kind: &'static str, message: impl Into<String>) -> Self {
        ProgressEvent {
            registration_id: reg.id.clone(),
            state: reg.state,
            kind,
            message: message.into(),
            terms_url: reg.terms_url().map(str::to_string),
            ads_account_id: reg.account_id().map(str::to_string),
            account_status: reg.account.as_ref().and_then(|a| a.status.clone()),
            countries: reg.countries(),
            retry_in_ms: None,
            error: None,
        }
    }

    /// Following `reg` has ended: at an outcome, the time limit, or an `error`.
    pub fn finished(reg: &Registration, error: Option<String>) -> Self {
        let message = error.clone().unwrap_or_else(|| reg.next_step());
        ProgressEvent {
            error,
            ..ProgressEvent::new(reg, "finished", message)
        }
    }
}
