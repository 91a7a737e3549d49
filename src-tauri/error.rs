use ads_onboard_core::api::ApiError;
use ads_onboard_core::auth::AuthError;
use ads_onboard_core::registration::EngineError;
use serde::{ser::Serializer, Serialize};

/// One error type for every command, serialised for the UI as `{kind, message}` (plus
/// `fields`, keyed like the form's inputs, when Amazon or validation names fields).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] ads_onboard_core::config::ConfigError),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error(transparent)]
    Store(#[from] ads_onboard_core::store::StoreError),
    #[error(transparent)]
    Export(#[from] ads_onboard_core::export::ExportError),
    #[error("{0}")]
    Setup(String),
    #[error("{0}")]
    Other(String),
}

impl Error {
    fn kind(&self) -> &'static str {
        match self {
            Error::Config(_) => "config",
            Error::Auth(AuthError::Cancelled) => "cancelled",
            Error::Auth(_) => "auth",
            Error::Api(_) => "api",
            Error::Engine(EngineError::Invalid(_)) => "invalid",
            Error::Engine(_) => "registration",
            Error::Store(_) => "store",
            Error::Export(_) => "export",
            Error::Setup(_) => "setup",
            Error::Other(_) => "other",
        }
    }

    fn fields(&self) -> Option<serde_json::Map<String, serde_json::Value>> {
        let pairs: Vec<(String, String)> = match self {
            Error::Engine(EngineError::Invalid(errs)) => errs
                .iter()
                .map(|e| (e.field.clone(), e.message.clone()))
                .collect(),
            Error::Engine(EngineError::Api(e)) | Error::Api(e) => e.field_errors(),
            _ => return None,
        };
        if pairs.is_empty() {
            return None;
        }
        Some(
            pairs
                .into_iter()
                .map(|(f, m)| (crate::views::ui_field(&f), serde_json::Value::String(m)))
                .collect(),
        )
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let fields = self.fields();
        let mut st = s.serialize_struct("Error", 3)?;
        st.serialize_field("kind", self.kind())?;
        st.serialize_field("message", &self.to_string())?;
        st.serialize_field("fields", &fields)?;
        st.end()
    }
}

pub type Result<T> = std::result::Result<T, Error>;
