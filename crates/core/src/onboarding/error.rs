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
use crate::registration::{EngineError, Wait};
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

/// An error in an account manager's words: what happened, and what to do about it. The
/// error's message keeps the technical detail (codes, HTTP statuses) for a disclosure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Plain {
    pub title: &'static str,
    pub hint: &'static str,
}

const fn plain(title: &'static str, hint: &'static str) -> Plain {
    Plain { title, hint }
}

const AGAIN: &str = "Sign in with Amazon again; nothing you entered is lost.";
const LATER: &str =
    "Try again in a minute. If it keeps happening, copy the technical details for support.";
const NETWORK: &str = "Check this computer's internet connection, then try again.";

fn auth_plain(e: &AuthError) -> Plain {
    match e {
        AuthError::Cancelled => plain("Sign-in was canceled", "Start sign-in again when you're ready."),
        AuthError::SignInRequired | AuthError::InvalidGrant | AuthError::CodeRejected(_) => {
            plain("Amazon needs you to sign in again", AGAIN)
        }
        AuthError::Network(_) => plain("Couldn't reach Amazon's sign-in", NETWORK),
        AuthError::InvalidClient | AuthError::InvalidScope => plain(
            "Amazon refused this app's sign-in settings",
            "Open Settings and choose Check setup: it says which setting to change.",
        ),
        AuthError::Denied => plain(
            "Access wasn't allowed on Amazon's page",
            "Start sign-in again and choose Allow on Amazon's page.",
        ),
        AuthError::PortInUse { .. } | AuthError::Listener { .. } => plain(
            "Ads Onboard can't receive Amazon's answer",
            "Close the other program (or second Ads Onboard window) using this address, or set another redirect URI in Settings.",
        ),
        AuthError::TimedOut { .. } => plain(
            "No answer from Amazon's sign-in",
            "Start sign-in again. If Amazon's page showed an error, see the technical details.",
        ),
        AuthError::StateMismatch | AuthError::BadRedirect(_) => plain(
            "That answer belongs to another sign-in",
            "Start sign-in again and use the newest link.",
        ),
        AuthError::Storage(_) => plain(
            "Ads Onboard couldn't use the system keychain",
            "Unlock the keychain, or uncheck Keep me signed in, then sign in again.",
        ),
        AuthError::UnknownUser(_) => plain("That login isn't signed in here", AGAIN),
        AuthError::Authorization { .. } | AuthError::Server(_) | AuthError::Other(_) => plain(
            "Sign-in didn't finish",
            "Try again. If it keeps failing, open Settings and choose Check setup.",
        ),
    }
}

fn api_plain(e: &ApiError) -> Plain {
    match e {
        ApiError::Auth(a) => auth_plain(a),
        ApiError::Unauthorized(_) => plain("Amazon needs you to sign in again", AGAIN),
        ApiError::Forbidden(_) => plain(
            "This Amazon login isn't allowed to do that",
            "Sign in with a login that has access to this account, then try again.",
        ),
        ApiError::NotFound(_) => plain(
            "Amazon doesn't know this item",
            "It may belong to another login or region. Check both, then try again.",
        ),
        ApiError::Invalid(_) => plain(
            "Amazon didn't accept the request",
            "Fix what Amazon names below, then try again.",
        ),
        ApiError::Throttled { .. } => plain(BUSY, LATER),
        ApiError::Timeout { .. } | ApiError::Network { .. } => plain(UNREACHABLE, NETWORK),
        ApiError::Server(_)
        | ApiError::Http(_)
        | ApiError::TooLarge { .. }
        | ApiError::Decode { .. }
        | ApiError::Setup(_) => plain(TROUBLE, LATER),
    }
}

const BUSY: &str = "Amazon is busy right now";
const UNREACHABLE: &str = "Couldn't reach Amazon";
const TROUBLE: &str = "Amazon had a problem answering";

/// A registration's notice while it waits to try again: what Amazon did, in the words
/// its errors use (the page adds when the next try is), and why nothing needs doing.
pub fn notice_words(wait: Wait) -> Plain {
    const ALONE: &str = "Ads Onboard tries again by itself; nothing is registered twice.";
    match wait {
        // Said while sending and while checking alike: by then Amazon may already have
        // the registration, so this says nothing of whether it does.
        Wait::Busy => plain(
            BUSY,
            "Amazon asked for fewer requests for a moment. Ads Onboard tries again by itself; nothing is registered twice.",
        ),
        Wait::NotVisibleYet => plain(
            "Amazon doesn't show the new account yet",
            "Amazon took the registration; its records can take a few seconds to show a new account. Ads Onboard checks again by itself.",
        ),
        Wait::NoAnswer => plain(UNREACHABLE, ALONE),
        Wait::Trouble => plain(TROUBLE, ALONE),
    }
}

impl Error {
    /// What happened and what to do, in plain words (the message has the detail).
    pub fn plain(&self) -> Plain {
        match self {
            Error::Config(_) => plain(
                "Ads Onboard couldn't read its settings",
                "Open Settings, check the values and save them again.",
            ),
            Error::Auth(a) => auth_plain(a),
            Error::Api(a) | Error::Registration(EngineError::Api(a)) => api_plain(a),
            Error::Registration(_) => plain(
                "The registration couldn't go on",
                "Open it again from History later: it resumes where it left off.",
            ),
            Error::Store(_) | Error::Io(_) => plain(
                "Ads Onboard couldn't use its data folder",
                "Check that the data folder shown in Settings exists and can be written, then try again.",
            ),
            Error::Export(_) => plain("The export couldn't be written", LATER),
            Error::Import(_) => plain(
                "That file couldn't be read",
                "Use a JSON or CSV file laid out like the samples, then import it again.",
            ),
            Error::Link(LinkError::Opener(_)) => plain(
                "The browser didn't open",
                "Copy the link and paste it into your browser.",
            ),
            Error::Link(_) => plain(
                "Ads Onboard doesn't open that address",
                "Check the address in the technical details, and copy it if you trust it.",
            ),
            Error::Invalid(_) => plain("Some values need fixing", "Fix the fields marked below."),
            Error::NotFound(_) => plain(
                "It isn't there any more",
                "Refresh the list and try again.",
            ),
            Error::Setup(_) => plain(
                "Ads Onboard isn't set up for this yet",
                "Open Settings and choose Check setup.",
            ),
        }
    }

    /// Amazon's request ID, for support, when Amazon answered with one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(a) | Error::Registration(EngineError::Api(a)) => a.request_id(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod plain_tests {
    use super::*;
    use crate::api::ErrorDetails;

    #[test]
    fn a_server_error_has_plain_words_and_keeps_its_request_id() {
        let e = Error::Api(ApiError::Http(ErrorDetails {
            status: 500,
            messages: vec![],
            request_id: Some("R-42".into()),
        }));
        let p = e.plain();
        assert_eq!(p.title, "Amazon had a problem answering");
        assert!(!p.title.contains("500") && !p.hint.contains("HTTP"));
        assert_eq!(e.request_id(), Some("R-42"));
        assert!(
            e.to_string().contains("500"),
            "the message keeps the detail"
        );
    }

    /// A 429 is an answer: its notice says Amazon is busy, as its error does, never
    /// that Amazon didn't answer; a timeout says it could not be reached.
    #[test]
    fn a_waiting_registration_is_titled_by_what_amazon_did() {
        let title = |e: &ApiError| notice_words(Wait::of(e)).title;
        let busy = ApiError::Throttled {
            retry_after: None,
            details: ErrorDetails::default(),
        };
        assert_eq!(title(&busy), "Amazon is busy right now");
        let hint = notice_words(Wait::Busy).hint;
        assert!(!hint.contains("429"), "the code stays in the detail");
        // A 429 while checking comes after Amazon took the registration: the words must
        // be true then too.
        assert!(!hint.contains("took nothing"), "{hint}");
        assert_eq!(title(&busy), Error::Api(busy).plain().title);
        let timeout = ApiError::Timeout {
            operation: "register",
        };
        assert_eq!(title(&timeout), "Couldn't reach Amazon");
        let lagging = ApiError::NotFound(ErrorDetails::default());
        assert_eq!(title(&lagging), "Amazon doesn't show the new account yet");
        let server = ApiError::Server(ErrorDetails::default());
        assert_eq!(title(&server), "Amazon had a problem answering");
    }

    #[test]
    fn no_plain_words_carry_an_oauth_code() {
        for e in [
            AuthError::InvalidGrant,
            AuthError::CodeRejected("invalid_grant".into()),
            AuthError::InvalidScope,
            AuthError::InvalidClient,
        ] {
            let p = Error::Auth(e).plain();
            for words in [p.title, p.hint] {
                assert!(!words.contains("invalid_"), "{words}");
            }
        }
    }
}
