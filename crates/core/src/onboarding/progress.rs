//! The one stream of everything that waits: sign-in, the agreement, a registration's
//! status and its profile IDs arriving. The app turns each item into a window event,
//! the CLI into a line on stderr.

use serde::Serialize;
use tokio::sync::mpsc;

use crate::api::terms::TermsTokenStatus;
use crate::auth::SignedInUser;
use crate::registration::ProgressEvent;

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "topic", rename_all = "camelCase")]
pub enum Progress {
    SignIn(SignInProgress),
    Agreement(AgreementProgress),
    /// A registration's status, a passing problem, or profile IDs arriving.
    Registration(ProgressEvent),
    /// An account at Amazon being watched (not necessarily registered here).
    Account(AccountProgress),
    /// A page for the user's browser: opened, or only to be shown (and why).
    Link(LinkProgress),
}

impl Progress {
    /// One line for a person: what happened or what is awaited.
    pub fn message(&self) -> &str {
        match self {
            Progress::SignIn(p) => &p.message,
            Progress::Agreement(p) => &p.message,
            Progress::Registration(p) => &p.message,
            Progress::Account(p) => &p.message,
            Progress::Link(p) => &p.url,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SignInPhase {
    Waiting,
    SignedIn,
    Failed,
    Cancelled,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInProgress {
    /// Which sign-in this is about (the number [`super::SignInStarted`] gave): a late word
    /// from a replaced attempt must not end the new one.
    pub attempt: u64,
    pub phase: SignInPhase,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<SignedInUser>,
    /// The error's kind (as [`super::Error::kind`]) when the sign-in failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_kind: Option<&'static str>,
    /// The failure in plain words (the message keeps the detail).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plain: Option<super::Plain>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgreementProgress {
    pub terms_token: String,
    pub terms_url: String,
    pub status: TermsTokenStatus,
    /// ACCEPTED, or REDEEMED (used for an account, so accepted): the step is done.
    pub accepted: bool,
    /// Amazon no longer knows this token: a new agreement is needed.
    pub expired: bool,
    /// RFC 3339: when Amazon was last asked.
    pub checked_at: String,
    pub message: String,
    /// Set while Amazon cannot be asked (the watch goes on).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// Accepted (or already used for an account, which means it was accepted).
pub(crate) fn is_accepted(status: &TermsTokenStatus) -> bool {
    matches!(
        status,
        TermsTokenStatus::Accepted | TermsTokenStatus::Redeemed
    )
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountProgress {
    pub ads_account_id: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LinkPurpose {
    SignIn,
    Agreement,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkProgress {
    pub purpose: LinkPurpose,
    pub url: String,
    pub opened: bool,
    /// Why it was not opened, when it should have been.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

impl LinkPurpose {
    /// The line shown above the link.
    pub fn invitation(self) -> &'static str {
        match self {
            LinkPurpose::SignIn => "Sign in with Amazon at this address:",
            LinkPurpose::Agreement => "Accept the Amazon Ads Agreement at this address:",
        }
    }
}

/// The receiving end a front end drains.
pub type ProgressStream = mpsc::UnboundedReceiver<Progress>;

#[derive(Clone)]
pub(crate) struct Sender(mpsc::UnboundedSender<Progress>);

impl Sender {
    /// Nobody listening is fine: the front end may have stopped reading.
    pub(crate) fn send(&self, p: Progress) {
        tracing::debug!(message = p.message(), "progress");
        let _ = self.0.send(p);
    }
}

pub(crate) fn channel() -> (Sender, ProgressStream) {
    let (tx, rx) = mpsc::unbounded_channel();
    (Sender(tx), rx)
}

pub(crate) fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
