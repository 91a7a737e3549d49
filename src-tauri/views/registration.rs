//! A registration (or an account found at Amazon) as the progress, account and History
//! screens show it.

use ads_onboard_core::api::accounts::{AdsAccount, Association};
use ads_onboard_core::config::Region;
use ads_onboard_core::onboarding::{Found, Record};
use ads_onboard_core::registration::{Registration, RegistrationState};
use ads_onboard_core::store::HistoryEntry;
use serde::Serialize;

use super::{rfc3339, ui_fields, UiDetails};

/// The API's status words, plus the app's own for the steps around them.
pub fn status_word(s: RegistrationState) -> &'static str {
    match s {
        RegistrationState::SignedIn
        | RegistrationState::TermsTokenCreated
        | RegistrationState::TermsAccepted
        | RegistrationState::Registering => "SUBMITTING",
        RegistrationState::Pending => "PENDING",
        RegistrationState::PartiallyCreated => "PARTIALLY_CREATED",
        // Final: some countries are usable, the others refused for good.
        RegistrationState::PartlyRefused => "PARTLY_REFUSED",
        RegistrationState::Created => "CREATED",
        RegistrationState::Disabled => "DISABLED",
        RegistrationState::TimedOut => "TIMED_OUT",
        RegistrationState::Rejected => "REJECTED",
    }
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventView {
    pub status: &'static str,
    pub at: String,
    pub kind: String,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CountryView {
    pub country_code: String,
    pub profile_id: Option<String>,
    pub entity_id: Option<String>,
    pub reasons: Vec<String>,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReasonView {
    pub country_code: String,
    pub error_id: Option<serde_json::Number>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationView {
    pub id: String,
    pub kind: String,
    pub account_name: Option<String>,
    pub region: String,
    pub status: &'static str,
    pub account_id: Option<String>,
    pub created_at: String,
    pub submitted_at: String,
    pub updated_at: String,
    pub finished_at: Option<String>,
    pub events: Vec<EventView>,
    pub countries: Vec<CountryView>,
    pub errors: Vec<ReasonView>,
    pub polling: bool,
    pub poll_interval_ms: u64,
    pub last_error: Option<String>,
    pub field_errors: serde_json::Map<String, serde_json::Value>,
    pub terms_token: Option<String>,
    /// Set while the engine waits for this registration's agreement to be accepted.
    pub awaiting_terms_url: Option<String>,
    /// A passing problem (throttling, Amazon unreachable) and when the next try is.
    pub notice: Option<String>,
    /// The notice in plain words (what Amazon did, why nothing needs doing); `notice`
    /// keeps the detail.
    pub notice_title: Option<&'static str>,
    pub notice_hint: Option<&'static str>,
    pub retry_in_ms: Option<u64>,
    /// Core's word on whether following it again makes sense.
    pub resumable: bool,
    /// Where Amazon takes a request for a manual review, when it refused.
    pub manual_review_url: Option<&'static str>,
    pub details: UiDetails,
}

pub fn record_view(r: &Record) -> RegistrationView {
    registration_view(&r.registration, &r.history, r.following, r.poll_interval_ms)
}

pub fn found_view(found: Found, region: Region) -> RegistrationView {
    match found {
        Found::Registration(r) => record_view(&r),
        Found::Account(a) => account_view(&a, region.code()),
    }
}

fn registration_view(
    r: &Registration,
    history: &[HistoryEntry],
    polling: bool,
    poll_interval_ms: u64,
) -> RegistrationView {
    let mut events: Vec<EventView> = Vec::new();
    for h in history {
        let status = status_word(h.state);
        if events.last().map(|e| e.status) != Some(status) {
            events.push(EventView {
                status,
                at: rfc3339(h.at),
                kind: h.kind.clone(),
            });
        }
    }
    let finished_at = history
        .iter()
        .find(|h| h.state == RegistrationState::Created)
        .map(|h| rfc3339(h.at));
    let errors = r.account.as_ref().map(reasons).unwrap_or_default();
    let details = UiDetails::from_core(&r.details);
    let account_name = r
        .account
        .as_ref()
        .and_then(|a| a.account_name.clone())
        .or_else(|| r.details.account_name.clone())
        .or_else(|| match &r.details.association {
            Association::Business(b) => Some(b.name.clone()),
            _ => None,
        });
    RegistrationView {
        id: r.id.clone(),
        kind: details.kind.clone(),
        account_name,
        region: r.region.code().into(),
        status: status_word(r.state),
        account_id: r.account_id().map(str::to_string),
        created_at: rfc3339(r.created_at),
        submitted_at: rfc3339(r.submitted_at.unwrap_or(r.created_at)),
        updated_at: rfc3339(r.updated_at),
        finished_at,
        events,
        countries: r
            .countries()
            .into_iter()
            .map(|c| CountryView {
                country_code: c.country,
                profile_id: c.profile_id.map(|p| p.0.to_string()),
                entity_id: c.entity_id,
                reasons: c.reasons,
            })
            .collect(),
        errors,
        polling,
        poll_interval_ms,
        last_error: r.last_error.clone(),
        field_errors: ui_fields(&r.field_errors).unwrap_or_default(),
        terms_token: r.terms.as_ref().map(|t| t.terms_token.clone()),
        awaiting_terms_url: (r.state == RegistrationState::TermsTokenCreated)
            .then(|| r.terms_url().map(str::to_string))
            .flatten(),
        notice: None,
        notice_title: None,
        notice_hint: None,
        retry_in_ms: None,
        resumable: r.is_resumable(),
        manual_review_url: r.manual_review_url(),
        details,
    }
}

/// One row of History: what the table shows and searches. 1,000 whole registrations were
/// 1.25 MB to send and parse; a row is about a third of that, and opening it loads the rest.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryRowView {
    pub id: String,
    pub kind: String,
    pub account_name: Option<String>,
    pub region: String,
    pub status: &'static str,
    pub account_id: Option<String>,
    pub submitted_at: String,
    pub countries: Vec<CountryView>,
    pub details: RowDetails,
}

/// The details History shows under the name and searches.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RowDetails {
    pub name: String,
    pub seller_central_account: String,
    pub vendor_group: String,
    pub author_email: String,
}

/// One query's row: no timeline, no reload per record.
pub fn history_row(r: &Registration) -> HistoryRowView {
    HistoryRowView::from(registration_view(r, &[], false, 0))
}

impl From<RegistrationView> for HistoryRowView {
    fn from(v: RegistrationView) -> Self {
        HistoryRowView {
            id: v.id,
            kind: v.kind,
            account_name: v.account_name,
            region: v.region,
            status: v.status,
            account_id: v.account_id,
            submitted_at: v.submitted_at,
            countries: v.countries,
            details: RowDetails {
                name: v.details.name,
                seller_central_account: v.details.seller_central_account,
                vendor_group: v.details.vendor_group,
                author_email: v.details.author_email,
            },
        }
    }
}

/// An account the signed-in user has at Amazon, shaped like a registration so the
/// account screen and exports can show it.
fn account_view(a: &AdsAccount, region: &str) -> RegistrationView {
    let status = match a.status.as_ref().map(|s| s.as_str()) {
        Some("CREATED") => "CREATED",
        Some("PARTIALLY_CREATED") => "PARTIALLY_CREATED",
        Some("DISABLED") => "DISABLED",
        _ => "PENDING",
    };
    RegistrationView {
        id: a.ads_account_id.clone(),
        kind: String::new(),
        account_name: a.account_name.clone(),
        region: region.into(),
        status,
        account_id: Some(a.ads_account_id.clone()),
        created_at: String::new(),
        submitted_at: String::new(),
        updated_at: String::new(),
        finished_at: None,
        events: vec![],
        countries: a
            .countries()
            .into_iter()
            .map(|c| CountryView {
                profile_id: a.profile_id(&c).map(|p| p.0.to_string()),
                entity_id: a.entity_id(&c).map(str::to_string),
                reasons: vec![],
                country_code: c,
            })
            .collect(),
        errors: reasons(a),
        polling: false,
        poll_interval_ms: 0,
        last_error: None,
        field_errors: serde_json::Map::new(),
        terms_token: None,
        awaiting_terms_url: None,
        notice: None,
        notice_title: None,
        notice_hint: None,
        retry_in_ms: None,
        resumable: false,
        manual_review_url: None,
        details: UiDetails::default(),
    }
}

/// Amazon's reasons, country by country.
fn reasons(a: &AdsAccount) -> Vec<ReasonView> {
    a.errors
        .iter()
        .flat_map(|(country, list)| {
            list.iter().map(move |e| ReasonView {
                country_code: country.clone(),
                error_id: e.error_id.clone(),
                error_code: e.error_code.clone(),
                error_message: e.error_message.clone(),
            })
        })
        .collect()
}
