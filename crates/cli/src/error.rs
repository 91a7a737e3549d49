//! Errors as the user and scripts see them: a message, a stable code, an exit status,
//! and the input field at fault when there is one.

use serde_json::json;

pub const EXIT_OK: u8 = 0;
pub const EXIT_OTHER: u8 = 1;
pub const EXIT_BAD_INPUT: u8 = 2;
pub const EXIT_PARTIALLY_CREATED: u8 = 10;
pub const EXIT_DISABLED: u8 = 11;
pub const EXIT_PENDING_TIMEOUT: u8 = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    pub exit: u8,
    /// Stable machine code, e.g. BAD_INPUT, SIGN_IN_REQUIRED.
    pub code: &'static str,
    pub message: String,
    /// The input field at fault (bad input only).
    pub field: Option<String>,
}

impl CliError {
    pub fn other(message: impl Into<String>) -> CliError {
        CliError {
            exit: EXIT_OTHER,
            code: "ERROR",
            message: message.into(),
            field: None,
        }
    }

    pub fn with_code(code: &'static str, message: impl Into<String>) -> CliError {
        CliError {
            code,
            ..CliError::other(message)
        }
    }

    /// Bad input from the user; `field` names what to fix.
    pub fn bad_input(field: Option<&str>, message: impl Into<String>) -> CliError {
        CliError {
            exit: EXIT_BAD_INPUT,
            code: "BAD_INPUT",
            message: message.into(),
            field: field.map(str::to_string),
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        json!({"error": {
            "code": self.code,
            "exitCode": self.exit,
            "message": self.message,
            "field": self.field,
        }})
    }

    /// Human form: the message, with the field named when the message does not already.
    pub fn human(&self) -> String {
        match &self.field {
            Some(f) if !self.message.contains(f.as_str()) => {
                format!("error: {} (field: {f})", self.message)
            }
            _ => format!("error: {}", self.message),
        }
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.human())
    }
}

impl std::error::Error for CliError {}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::other(e.to_string())
    }
}

impl From<ads_onboard_core::config::ConfigError> for CliError {
    fn from(e: ads_onboard_core::config::ConfigError) -> Self {
        use ads_onboard_core::config::ConfigError;
        match &e {
            ConfigError::InvalidEnv { name, .. } => CliError::bad_input(Some(name), e.to_string()),
            _ => CliError::with_code("CONFIG", e.to_string()),
        }
    }
}

impl From<ads_onboard_core::auth::AuthError> for CliError {
    fn from(e: ads_onboard_core::auth::AuthError) -> Self {
        use ads_onboard_core::auth::AuthError;
        let code = match &e {
            AuthError::SignInRequired | AuthError::InvalidGrant => "SIGN_IN_REQUIRED",
            AuthError::Network(_) => "NETWORK",
            _ => "AUTH",
        };
        CliError::with_code(code, e.to_string())
    }
}

impl From<ads_onboard_core::api::ApiError> for CliError {
    fn from(e: ads_onboard_core::api::ApiError) -> Self {
        use ads_onboard_core::api::ApiError;
        let code = match &e {
            ApiError::Auth(a) => return CliError::from(a.clone()),
            ApiError::Invalid(_) => {
                let field = e.field_errors().into_iter().next().map(|(f, _)| f);
                return CliError {
                    code: "REJECTED",
                    ..CliError::bad_input(field.as_deref(), e.to_string())
                };
            }
            ApiError::Unauthorized(_) => "UNAUTHORIZED",
            ApiError::Forbidden(_) => "FORBIDDEN",
            ApiError::NotFound(_) => "NOT_FOUND",
            ApiError::Throttled { .. } => "THROTTLED",
            ApiError::Timeout { .. } | ApiError::Network { .. } => "NETWORK",
            _ => "API",
        };
        CliError::with_code(code, e.to_string())
    }
}

impl From<ads_onboard_core::onboarding::Error> for CliError {
    fn from(e: ads_onboard_core::onboarding::Error) -> Self {
        use ads_onboard_core::onboarding::Error;
        match e {
            Error::Config(c) => c.into(),
            Error::Auth(a) => a.into(),
            Error::Api(a) => a.into(),
            Error::Invalid(ref errors) => {
                let field = errors.first().map(|f| f.field.clone());
                CliError::bad_input(field.as_deref(), e.to_string())
            }
            Error::NotFound(m) => CliError::with_code("NOT_FOUND", m),
            Error::Setup(m) => CliError::with_code("CONFIG", m),
            other => CliError::with_code(
                match other.kind() {
                    "store" => "STORE",
                    "registration" => "REGISTRATION",
                    "link" => "LINK",
                    "import" => "IMPORT",
                    "export" => "EXPORT",
                    _ => "ERROR",
                },
                other.to_string(),
            ),
        }
    }
}

pub type CliResult<T> = Result<T, CliError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_input_names_the_field_in_both_forms() {
        let e = CliError::bad_input(
            Some("associations[0].business.zipCode"),
            "ZIP code is empty",
        );
        assert_eq!(e.exit, EXIT_BAD_INPUT);
        assert!(e.human().contains("associations[0].business.zipCode"));
        let j = e.to_json();
        assert_eq!(j["error"]["field"], "associations[0].business.zipCode");
        assert_eq!(j["error"]["exitCode"], 2);
        assert_eq!(j["error"]["code"], "BAD_INPUT");
    }
}
