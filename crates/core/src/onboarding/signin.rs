//! Sign in, sign out and switch users. A sign-in runs in the background from the moment
//! its listener is bound: its outcome arrives on the progress stream (and, for a front
//! end that waits in line, from [`Onboarding::wait_sign_in`]).

use serde::Serialize;
use tokio::sync::oneshot;

use super::progress::{now, LinkPurpose, Progress, SignInPhase, SignInProgress};
use super::{lock, Error, Onboarding, Result};
use crate::auth::{AuthError, CancelToken, PasteHandle, SignOutNotice, SignedInUser};
use crate::config::Region;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInStarted {
    /// This attempt's number; its progress items carry it.
    pub attempt: u64,
    /// Amazon's (or the sandbox's) sign-in page, to show and copy.
    pub url: String,
    pub redirect_uri: String,
    pub started_at: String,
    pub region: Region,
    /// Finishes the sign-in with the address the browser was sent back to (for a
    /// browser on another machine).
    #[serde(skip)]
    pub paste: PasteHandle,
}

pub(super) struct Pending {
    cancel: CancelToken,
    outcome: Option<oneshot::Receiver<std::result::Result<SignedInUser, AuthError>>>,
}

/// Who is signed in, and who else can be switched to.
#[derive(Debug, Clone, Serialize)]
pub struct Users {
    pub current: Option<SignedInUser>,
    pub users: Vec<SignedInUser>,
}

impl Onboarding {
    /// Starts signing in through `region`'s sign-in page (saved as the region in use):
    /// binds the loopback listener, opens the page in the browser and waits for Amazon's
    /// answer in the background. A sign-in already waiting is cancelled first.
    pub async fn start_sign_in(
        &self,
        region: Region,
        keep_signed_in: bool,
    ) -> Result<SignInStarted> {
        self.cancel_sign_in();
        self.choose_region(region).await?;
        let setup = self.setup();
        let sign_in = setup.auth()?.start_sign_in(keep_signed_in)?;
        let attempt = ATTEMPTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let started = SignInStarted {
            attempt,
            url: sign_in.authorize_url().to_string(),
            redirect_uri: sign_in.redirect_uri().to_string(),
            started_at: now(),
            region,
            paste: sign_in.paste_handle(),
        };
        let cancel = CancelToken::new();
        let (tx, rx) = oneshot::channel();
        *lock(&self.inner.sign_in) = Some(Pending {
            cancel: cancel.clone(),
            outcome: Some(rx),
        });
        self.emit(Progress::SignIn(SignInProgress {
            attempt,
            phase: SignInPhase::Waiting,
            message: format!("Waiting for Amazon's answer at {}", started.redirect_uri),
            user: None,
            error_kind: None,
            plain: None,
        }));
        let me = self.clone();
        tokio::spawn(async move {
            let outcome = sign_in.wait(cancel).await;
            me.emit(Progress::SignIn(finished(attempt, &outcome)));
            let _ = tx.send(outcome);
        });
        self.offer_link(LinkPurpose::SignIn, &started.url);
        Ok(started)
    }

    /// The outcome of the sign-in started last.
    pub async fn wait_sign_in(&self) -> Result<SignedInUser> {
        let rx = lock(&self.inner.sign_in)
            .as_mut()
            .and_then(|p| p.outcome.take())
            .ok_or_else(|| Error::NotFound("No sign-in is in progress.".into()))?;
        match rx.await {
            Ok(outcome) => Ok(outcome?),
            Err(_) => Err(AuthError::Cancelled.into()),
        }
    }

    /// Ends the sign-in in progress, if any; its listener frees the port.
    pub fn cancel_sign_in(&self) {
        if let Some(p) = lock(&self.inner.sign_in).take() {
            p.cancel.cancel();
        }
    }

    pub fn users(&self) -> Users {
        match self.setup().auth() {
            Ok(auth) => Users {
                current: auth.active_user(),
                users: auth.users(),
            },
            Err(_) => Users {
                current: None,
                users: vec![],
            },
        }
    }

    /// Makes another signed-in user the current one. An agreement being watched was the
    /// previous user's: the watch ends.
    pub fn switch_user(&self, user_id: &str) -> Result<SignedInUser> {
        let user = self.setup().auth()?.switch_to(user_id)?;
        self.stop_agreement();
        Ok(user)
    }

    /// Forgets the stored sign-in of `user_id`, or of the current user.
    pub fn sign_out(&self, user_id: Option<&str>) -> Result<SignOutNotice> {
        let setup = self.setup();
        let auth = setup.auth()?;
        let id = match user_id {
            Some(id) => id.to_string(),
            None => auth.active_user().ok_or(AuthError::SignInRequired)?.user_id,
        };
        let current = auth.active_user().is_some_and(|u| u.user_id == id);
        let notice = auth.sign_out(&id)?;
        if current {
            // The agreement being watched was theirs.
            self.stop_agreement();
        }
        Ok(notice)
    }
}

/// Numbers sign-in attempts within this process.
static ATTEMPTS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn finished(
    attempt: u64,
    outcome: &std::result::Result<SignedInUser, AuthError>,
) -> SignInProgress {
    let p = match outcome {
        Ok(user) => SignInProgress {
            attempt: 0,
            phase: SignInPhase::SignedIn,
            message: format!("Signed in as {}.", user.display_name()),
            user: Some(user.clone()),
            error_kind: None,
            plain: None,
        },
        Err(AuthError::Cancelled) => SignInProgress {
            attempt: 0,
            phase: SignInPhase::Cancelled,
            message: AuthError::Cancelled.to_string(),
            user: None,
            error_kind: Some("cancelled"),
            plain: None,
        },
        Err(e) => SignInProgress {
            attempt: 0,
            phase: SignInPhase::Failed,
            message: e.to_string(),
            user: None,
            error_kind: Some(Error::Auth(e.clone()).kind()),
            plain: Some(Error::Auth(e.clone()).plain()),
        },
    };
    SignInProgress { attempt, ..p }
}
