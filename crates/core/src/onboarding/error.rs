//! One error for every operation, with a stable kind and the fields at fault, so the
//! app can serialise it for the page and the CLI can pick its exit code. Messages never
//! contain a token or the client secret.

use std::path::Path;

use crate::api::ApiError;
use crate::auth::AuthError;
use crate::config::ConfigError;
use crate::details::{FieldError, ImportError};
use crate::export::ExportError;
use crate::links::LinkError;
use crate::registration::EngineError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Registration(EngineError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Link(#[from] LinkError),
    /// Input the rules refuse, field by field (details or settings).
    #[error("{}", invalid_message(.0))]
    Invalid(Vec<FieldError>),
    /// Something the user asked for that is not there (a registration, a sign-in).
    #[error("{0}")]
    NotFound(String),
    /// The configuration cannot do this (no client secret, no sandbox).
    #[error("{0}")]
    Setup(String),
    #[error("{0}")]
    Io(String),
}

pub type Result<T> = std::result::Result<T, Error>;

fn invalid_message(errors: &[FieldError]) -> String {
    let all: Vec<String> = errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect();
    format!("Please fix: {}", all.join("; "))
}

impl From<EngineError> for Error {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::Invalid(errors) => Error::Invalid(errors),
            EngineError::Api(a) => Error::Api(a),
            EngineError::Store(s) => Error::Store(s),
            other => Error::Registration(other),
        }
    }
}

impl Error {
    pub(crate) fn io(path: &Path, e: std::io::Error) -> Error {
        Error::Io(format!("{}: {e}", path.display()))
    }

    /// A stable word for what went wrong, for the page and for scripts.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Config(_) => "config",
            Error::Auth(AuthError::Cancelled) => "cancelled",
            Error::Auth(AuthError::SignInRequired | AuthError::InvalidGrant)
            | Error::Api(ApiError::Auth(AuthError::SignInRequired | AuthError::InvalidGrant)) => {
                "signInRequired"
            }
            Error::Auth(_) => "auth",
            Error::Api(ApiError::Invalid(_)) => "rejected",
            Error::Api(_) => "api",
            Error::Registration(_) => "registration",
            Error::Store(_) => "store",
            Error::Export(_) => "export",
            Error::Import(_) => "import",
            Error::Link(_) => "link",
            Error::Invalid(_) => "invalid",
            Error::NotFound(_) => "notFound",
            Error::Setup(_) => "setup",
            Error::Io(_) => "io",
        }
    }

    /// The fields at fault, named as in Amazon's request body (`business.zipCode`) or the
    /// settings file (`pollIntervalMs`).
    pub fn fields(&self) -> Vec<FieldError> {
        match self {
            Error::Invalid(errors) => errors.clone(),
            Error::Api(e) => e
                .field_errors()
                .into_iter()
                .map(|(field, message)| FieldError { field, message })
                .collect(),
            _ => vec![],
        }
    }
}
