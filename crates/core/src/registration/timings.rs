//! The knobs of the flow: every wait, in one place.

use crate::config::Settings;
use std::time::Duration;

/// Every wait of the flow; milliseconds in tests.
#[derive(Debug, Clone, PartialEq)]
pub struct Timings {
    /// Terms-token polling while the user is on the agreement step (2 s).
    pub terms_poll: Duration,
    /// Account status polling (Amazon advises 3–5 s).
    pub status_poll: Duration,
    /// How long one `run` follows the registration before stopping as TimedOut.
    pub timeout: Duration,
    /// How long to keep polling after CREATED for profile IDs.
    pub profile_wait: Duration,
    /// Account-list checks after an uncertain submit whose token is already REDEEMED
    /// (the list may lag the commit).
    pub reconcile_attempts: u32,
    pub reconcile_delay: Duration,
    /// Submits of one registration without a definite answer before giving up (each
    /// preceded by reconciliation). A 429 is definite, so it does not count.
    pub max_submits: u32,
    /// How long after the submit a 404 for the new account means "not visible yet"
    /// rather than an error (Amazon's reads can lag its 201).
    pub not_found_grace: Duration,
}

impl Timings {
    pub fn from_settings(s: &Settings) -> Timings {
        Timings {
            terms_poll: Duration::from_millis(s.terms_poll_interval_ms),
            status_poll: s.poll_interval(),
            timeout: Duration::from_secs(s.registration_timeout_secs),
            ..Timings::default()
        }
    }

    /// Millisecond intervals for tests.
    pub fn fast() -> Timings {
        Timings {
            terms_poll: Duration::from_millis(10),
            status_poll: Duration::from_millis(10),
            timeout: Duration::from_secs(10),
            profile_wait: Duration::from_secs(3),
            reconcile_attempts: 5,
            reconcile_delay: Duration::from_millis(20),
            max_submits: 5,
            not_found_grace: Duration::from_secs(2),
        }
    }
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            terms_poll: Duration::from_secs(2),
            status_poll: Duration::from_secs(4),
            timeout: Duration::from_secs(600),
            profile_wait: Duration::from_secs(60),
            reconcile_attempts: 6,
            reconcile_delay: Duration::from_secs(3),
            max_submits: 5,
            not_found_grace: Duration::from_secs(30),
        }
    }
}
