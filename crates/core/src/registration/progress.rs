//! Progress events: the app turns them into window events, the CLI into stderr lines.

use super::{CountryOutcome, Registration, RegistrationState};
use crate::api::accounts::AccountStatus;
use crate::api::ApiError;
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
    /// Why the registration waits before its next try (kind `waiting`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait: Option<Wait>,
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
            wait: None,
            error: None,
        }
    }

    /// A pause before the next try, `retry_in_ms` from now, because of `wait`.
    pub fn waiting(reg: &Registration, wait: Wait, retry_in_ms: u64, message: String) -> Self {
        ProgressEvent {
            retry_in_ms: Some(retry_in_ms),
            wait: Some(wait),
            ..ProgressEvent::new(reg, "waiting", message)
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

/// Why a registration pauses before trying again: what Amazon did, as far as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Wait {
    /// Amazon answered 429: too many requests. It did not take this one.
    Busy,
    /// The new account is not readable yet (a 404 in the grace period after the 201).
    NotVisibleYet,
    /// No answer came: a timeout or a dropped connection.
    NoAnswer,
    /// Amazon answered with a server error, or with something that could not be read.
    Trouble,
}

impl Wait {
    /// The pause a passing error `e` calls for.
    pub fn of(e: &ApiError) -> Wait {
        match e {
            ApiError::Throttled { .. } => Wait::Busy,
            ApiError::NotFound(_) => Wait::NotVisibleYet,
            ApiError::Timeout { .. } | ApiError::Network { .. } => Wait::NoAnswer,
            _ => Wait::Trouble,
        }
    }
}
