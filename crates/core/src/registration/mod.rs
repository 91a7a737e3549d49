//! The registration flow as an explicit, persisted state machine:
//! signed in → terms token created → terms accepted → registering → pending →
//! partially created → created / disabled / timed out (plus rejected, when Amazon
//! refuses the details outright). Every transition is saved before the next network
//! call, so any crash resumes exactly where it stopped and never submits twice.

mod engine;
mod error;
mod poll;
mod progress;
mod reconcile;
mod submit;
mod timings;

pub use engine::{EngineError, RegistrationEngine, Timings};
pub use progress::{ProgressEvent, ProgressSender, Wait};

use crate::api::accounts::{AccountStatus, AdsAccount, RegisterAdsAccountRequest};
use crate::api::terms::{TermsToken, TermsTokenStatus};
use crate::api::ProfileId;
use crate::config::Region;
use crate::details::{FieldError, RegistrationDetails};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Where an advertiser refused by Amazon can ask for a manual review (from the guide).
pub const MANUAL_REVIEW_URL: &str =
    "https://advertising.amazon.com/contact-sales/sponsored-display-beta";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RegistrationState {
    SignedIn,
    TermsTokenCreated,
    TermsAccepted,
    /// The account IDs the user already had are recorded; a submit may be in flight.
    Registering,
    Pending,
    /// Still in progress per Amazon's guide: some countries are usable.
    PartiallyCreated,
    /// Final: PARTIALLY_CREATED with the other countries refused for good (per-country
    /// `errors`); the usable countries have their profile IDs.
    PartlyRefused,
    Created,
    Disabled,
    /// Followed for the configured time without an outcome; resumable.
    TimedOut,
    /// Amazon refused the request itself (400): fix the details and start again.
    Rejected,
}

impl RegistrationState {
    pub const ALL: [RegistrationState; 11] = [
        Self::SignedIn,
        Self::TermsTokenCreated,
        Self::TermsAccepted,
        Self::Registering,
        Self::Pending,
        Self::PartiallyCreated,
        Self::PartlyRefused,
        Self::Created,
        Self::Disabled,
        Self::TimedOut,
        Self::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignedIn => "signedIn",
            Self::TermsTokenCreated => "termsTokenCreated",
            Self::TermsAccepted => "termsAccepted",
            Self::Registering => "registering",
            Self::Pending => "pending",
            Self::PartiallyCreated => "partiallyCreated",
            Self::PartlyRefused => "partlyRefused",
            Self::Created => "created",
            Self::Disabled => "disabled",
            Self::TimedOut => "timedOut",
            Self::Rejected => "rejected",
        }
    }

    /// No further network work will change it (TimedOut is resumed explicitly).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Created | Self::PartlyRefused | Self::Disabled | Self::TimedOut | Self::Rejected
        )
    }

    fn from_account_status(s: &AccountStatus) -> RegistrationState {
        match s {
            AccountStatus::Created => Self::Created,
            AccountStatus::Disabled => Self::Disabled,
            AccountStatus::PartiallyCreated => Self::PartiallyCreated,
            // Unknown future statuses keep us polling.
            AccountStatus::Pending | AccountStatus::Unknown(_) => Self::Pending,
        }
    }
}

impl std::str::FromStr for RegistrationState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("unknown registration state {s:?}"))
    }
}

impl std::fmt::Display for RegistrationState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One registration as stored. Holds no OAuth token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Registration {
    pub id: String,
    pub state: RegistrationState,
    /// For TimedOut: the state to resume from.
    #[serde(default)]
    pub resume_state: Option<RegistrationState>,
    pub region: Region,
    pub details: RegistrationDetails,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Kept as Amazon advises; not a secret.
    #[serde(default)]
    pub terms: Option<TermsToken>,
    #[serde(default)]
    pub terms_status: Option<TermsTokenStatus>,
    /// Account IDs the user had before submitting: the reference for reconciliation.
    #[serde(default)]
    pub known_account_ids: Option<Vec<String>>,
    #[serde(default)]
    pub submitted: Option<RegisterAdsAccountRequest>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
    #[serde(default)]
    pub submit_attempts: u32,
    #[serde(default)]
    pub account: Option<AdsAccount>,
    /// Every distinct account status seen, in order.
    #[serde(default)]
    pub statuses_seen: Vec<AccountStatus>,
    /// True once profile IDs appeared, or their wait ran out.
    #[serde(default)]
    pub profiles_settled: bool,
    #[serde(default)]
    pub last_error: Option<String>,
    #[serde(default)]
    pub field_errors: Vec<FieldError>,
}

/// Per-country outcome for the result screen and exports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CountryOutcome {
    pub country: String,
    pub profile_id: Option<ProfileId>,
    pub entity_id: Option<String>,
    /// Amazon's reasons when this country was refused.
    pub reasons: Vec<String>,
}

impl Registration {
    /// A new registration, not yet started: signed in, nothing sent.
    pub fn new(id: String, region: Region, details: RegistrationDetails) -> Registration {
        let now = OffsetDateTime::now_utc();
        Registration {
            id,
            state: RegistrationState::SignedIn,
            resume_state: None,
            region,
            details,
            created_at: now,
            updated_at: now,
            terms: None,
            terms_status: None,
            known_account_ids: None,
            submitted: None,
            submitted_at: None,
            submit_attempts: 0,
            account: None,
            statuses_seen: vec![],
            profiles_settled: false,
            last_error: None,
            field_errors: vec![],
        }
    }

    pub fn account_id(&self) -> Option<&str> {
        self.account.as_ref().map(|a| a.ads_account_id.as_str())
    }

    pub fn terms_url(&self) -> Option<&str> {
        self.terms.as_ref().map(|t| t.terms_url.as_str())
    }

    pub fn countries(&self) -> Vec<CountryOutcome> {
        let Some(a) = &self.account else {
            return vec![];
        };
        a.countries()
            .into_iter()
            .map(|c| CountryOutcome {
                profile_id: a.profile_id(&c),
                entity_id: a.entity_id(&c).map(str::to_string),
                reasons: a
                    .errors
                    .get(&c)
                    .map(|errs| {
                        errs.iter()
                            .map(|e| match (&e.error_message, &e.error_code) {
                                (Some(m), Some(code)) => format!("{m} ({code})"),
                                (Some(m), None) => m.clone(),
                                (None, Some(code)) => code.clone(),
                                (None, None) => "No reason given".into(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                country: c,
            })
            .collect()
    }

    /// Worth following again: not yet at an outcome, timed out, or created with profile
    /// IDs still to come. The one rule History, the window and `resume` use.
    pub fn is_resumable(&self) -> bool {
        match self.state {
            RegistrationState::Created => !self.profiles_settled,
            RegistrationState::Disabled
            | RegistrationState::Rejected
            | RegistrationState::PartlyRefused => false,
            _ => true,
        }
    }

    /// Amazon's manual review page, offered when an account was refused.
    pub fn manual_review_url(&self) -> Option<&'static str> {
        matches!(
            self.state,
            RegistrationState::Disabled | RegistrationState::PartlyRefused
        )
        .then_some(MANUAL_REVIEW_URL)
    }

    /// What the user should do next, in one sentence.
    pub fn next_step(&self) -> String {
        match self.state {
            RegistrationState::TimedOut => format!(
                "Amazon has not finished yet. Resume registration {} later (in the app, or `ads-onboard-cli resume {}`); it continues where it stopped.",
                self.id, self.id
            ),
            RegistrationState::Disabled => format!(
                "Amazon refused this account. Fix the details and register again, or ask for a manual review at {MANUAL_REVIEW_URL}."
            ),
            RegistrationState::Rejected => "Amazon refused the details; correct the fields shown and register again.".into(),
            RegistrationState::PartlyRefused => {
                let a = self.account.as_ref();
                let refused = a.map(|a| a.refused_countries()).unwrap_or_default();
                let usable: Vec<String> = self
                    .countries()
                    .into_iter()
                    .filter(|c| c.profile_id.is_some() && !refused.contains(&c.country))
                    .map(|c| c.country)
                    .collect();
                format!(
                    "The account is ready in {} but Amazon refused {} (reasons shown per country). Use the ready countries now; for the others, fix the reasons or ask for a manual review at {MANUAL_REVIEW_URL}.",
                    usable.join(", "),
                    refused.join(", ")
                )
            }
            RegistrationState::Created if !self.profiles_settled => "The account is created; profile IDs are still being assigned.".into(),
            RegistrationState::Created => "The account is ready. Set up billing next.".into(),
            RegistrationState::TermsTokenCreated => "Open the Ads Agreement and click Accept and continue.".into(),
            _ => "Registration is in progress.".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one rule History, the window and `resume` use.
    #[test]
    fn what_may_be_resumed() {
        let details = RegistrationDetails {
            account_name: Some("Haven Hotel".into()),
            country_code: None,
            association: crate::api::accounts::Association::AmazonVendor {
                vendor_group: "6943231".into(),
            },
        };
        let mut r = Registration::new("reg-1".into(), Region::Na, details);
        for (state, settled, want) in [
            (RegistrationState::SignedIn, false, true),
            (RegistrationState::TermsTokenCreated, false, true),
            (RegistrationState::Registering, false, true),
            (RegistrationState::Pending, false, true),
            (RegistrationState::PartiallyCreated, false, true),
            (RegistrationState::TimedOut, false, true),
            (RegistrationState::Created, false, true),
            (RegistrationState::Created, true, false),
            (RegistrationState::Disabled, false, false),
            (RegistrationState::Rejected, false, false),
            (RegistrationState::PartlyRefused, true, false),
        ] {
            r.state = state;
            r.profiles_settled = settled;
            assert_eq!(
                r.is_resumable(),
                want,
                "{state} (profiles settled: {settled})"
            );
        }
    }

    #[test]
    fn states_round_trip_through_their_names() {
        for s in RegistrationState::ALL {
            assert_eq!(s.as_str().parse::<RegistrationState>().unwrap(), s);
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
    }
}
