//! How a registration run fails (as opposed to how Amazon answers: see the states).

use super::RegistrationState;
use crate::api::ApiError;
use crate::details::FieldError;
use crate::store::StoreError;

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
    #[error("Registration {id} was submitted {attempts} times without a definite answer from Amazon; resume later (it will check the account list first)")]
    TooManySubmits { id: String, attempts: u32 },
    #[error("The Ads Agreement (terms token {terms_token}) was not accepted within {}. Accept it at its address, then register with that terms token.", crate::auth::human_duration(*.waited))]
    TermsNotAccepted {
        terms_token: String,
        waited: std::time::Duration,
    },
    #[error("Registration {id} is {state}: {hint}")]
    Finished {
        id: String,
        state: RegistrationState,
        hint: String,
    },
}
