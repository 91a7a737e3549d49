//! What the window sees: core's types reshaped for the screens (flat form fields, the
//! API's upper-case statuses, profile IDs as strings so JavaScript keeps every digit).

mod registration;

pub use registration::{found_view, history_row, record_view, HistoryRowView, RegistrationView};

use ads_onboard_core::api::accounts::{Association, Business};
use ads_onboard_core::api::profiles::Profile;
use ads_onboard_core::auth::{SetupFinding, SignedInUser};
use ads_onboard_core::details::{FieldError, RegistrationDetails};
use ads_onboard_core::onboarding::{AccountsAtAmazon, AppInfo, Users};
use ads_onboard_core::store::SavedDetails;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub(crate) fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// Core names fields as in the request body (`business.zipCode`); the form by input.
pub fn ui_field(core: &str) -> String {
    match core {
        "amazonSeller.sellerCentralAccount" => "sellerCentralAccount".into(),
        "amazonVendor.vendorGroup" => "vendorGroup".into(),
        "amazonAuthor.email" => "authorEmail".into(),
        other => other.strip_prefix("business.").unwrap_or(other).to_string(),
    }
}

/// The app's facts with the details rules' field names as the form's inputs.
pub fn app_info(mut info: AppInfo) -> AppInfo {
    for (_, fields) in &mut info.details.optional {
        for f in fields.iter_mut() {
            *f = ui_field(f);
        }
    }
    info
}

/// Field errors keyed like the form's inputs; None when there are none.
pub type FieldsView = serde_json::Map<String, serde_json::Value>;

pub fn ui_fields(errors: &[FieldError]) -> Option<FieldsView> {
    (!errors.is_empty()).then(|| {
        errors
            .iter()
            .map(|e| {
                (
                    ui_field(&e.field),
                    serde_json::Value::String(e.message.clone()),
                )
            })
            .collect()
    })
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UiDetails {
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    pub name: String,
    pub phone: String,
    pub website_url: String,
    pub address_line1: String,
    pub address_line2: String,
    pub city: String,
    pub state: String,
    pub zip_code: String,
    pub seller_central_account: String,
    pub vendor_group: String,
    pub author_email: String,
}

impl UiDetails {
    pub fn to_core(&self) -> RegistrationDetails {
        let account_name = self.account_name.clone().filter(|n| !n.trim().is_empty());
        let association = match self.kind.as_str() {
            "seller" => Association::AmazonSeller {
                seller_central_account: self.seller_central_account.clone(),
            },
            "vendor" => Association::AmazonVendor {
                vendor_group: self.vendor_group.clone(),
            },
            "author" => Association::AmazonAuthor {
                email: self.author_email.clone(),
            },
            _ => {
                let business = Business {
                    name: self.name.clone(),
                    phone: self.phone.clone(),
                    website_url: self.website_url.clone(),
                    address_line1: self.address_line1.clone(),
                    address_line2: self.address_line2.clone(),
                    city: self.city.clone(),
                    state: self.state.clone(),
                    zip_code: self.zip_code.clone(),
                    country_code: String::new(),
                };
                return RegistrationDetails::business(account_name, business);
            }
        };
        RegistrationDetails {
            account_name,
            country_code: self.country_code.clone().filter(|c| !c.is_empty()),
            association,
        }
    }

    pub fn from_core(d: &RegistrationDetails) -> UiDetails {
        let mut u = UiDetails {
            account_name: d.account_name.clone(),
            country_code: d.country_code.clone(),
            ..UiDetails::default()
        };
        match &d.association {
            Association::Business(b) => {
                u.kind = "business".into();
                u.name = b.name.clone();
                u.phone = b.phone.clone();
                u.website_url = b.website_url.clone();
                u.address_line1 = b.address_line1.clone();
                u.address_line2 = b.address_line2.clone();
                u.city = b.city.clone();
                u.state = b.state.clone();
                u.zip_code = b.zip_code.clone();
            }
            Association::AmazonSeller {
                seller_central_account,
            } => {
                u.kind = "seller".into();
                u.seller_central_account = seller_central_account.clone();
            }
            Association::AmazonVendor { vendor_group } => {
                u.kind = "vendor".into();
                u.vendor_group = vendor_group.clone();
            }
            Association::AmazonAuthor { email } => {
                u.kind = "author".into();
                u.author_email = email.clone();
            }
        }
        u
    }
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub region: String,
    pub consumer_email: bool,
}

impl From<&SignedInUser> for UserView {
    fn from(u: &SignedInUser) -> Self {
        UserView {
            id: u.user_id.clone(),
            name: u.name.clone(),
            email: u.email.clone(),
            region: u.region.code().into(),
            consumer_email: u.has_consumer_email(),
        }
    }
}

#[derive(Serialize)]
pub struct UsersView {
    current: Option<UserView>,
    users: Vec<UserView>,
}

impl From<Users> for UsersView {
    fn from(u: Users) -> Self {
        UsersView {
            current: u.current.as_ref().map(UserView::from),
            users: u.users.iter().map(UserView::from).collect(),
        }
    }
}

/// One line of "Check setup".
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingView {
    level: &'static str,
    title: String,
    detail: Option<String>,
}

impl From<SetupFinding> for FindingView {
    fn from(f: SetupFinding) -> Self {
        FindingView {
            level: if f.ok { "ok" } else { "error" },
            title: f.message,
            detail: Some(format!("Checked: {}", f.topic)),
        }
    }
}

/// A profile, its ID as a string so JavaScript keeps every digit.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileView {
    profile_id: String,
    country_code: Option<String>,
    currency_code: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    name: Option<String>,
    account_id: Option<String>,
}

impl From<Profile> for ProfileView {
    fn from(p: Profile) -> Self {
        let info = p.account_info.unwrap_or_default();
        ProfileView {
            profile_id: p.profile_id.0.to_string(),
            country_code: p.country_code,
            currency_code: p.currency_code,
            kind: info.account_type.map(|t| t.to_string()),
            name: info.name,
            account_id: info.id,
        }
    }
}

#[derive(Serialize)]
pub struct SavedDetailsView {
    label: String,
    details: UiDetails,
}

impl From<&SavedDetails> for SavedDetailsView {
    fn from(s: &SavedDetails) -> Self {
        SavedDetailsView {
            label: s.label.clone(),
            details: UiDetails::from_core(&s.details),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteAccountView {
    account_id: String,
    account_name: Option<String>,
    status: Option<String>,
    country_codes: Vec<String>,
    linked_registration_id: Option<String>,
}

/// History's second table: the accounts at Amazon that were not made here, or that
/// answer a review of one made here.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountsView {
    accounts: Vec<RemoteAccountView>,
    /// Items of Amazon's list that could not be read, to say so.
    unreadable: usize,
    accounts_error: Option<String>,
}

impl From<AccountsAtAmazon> for AccountsView {
    fn from(list: AccountsAtAmazon) -> Self {
        let accounts = list
            .accounts
            .into_iter()
            .map(|a| RemoteAccountView {
                country_codes: a.account.countries(),
                account_id: a.account.ads_account_id,
                account_name: a.account.account_name,
                status: a.account.status.map(|s| s.to_string()),
                linked_registration_id: a.answers_review_of,
            })
            .collect();
        AccountsView {
            accounts,
            unreadable: list.unreadable,
            accounts_error: list.error,
        }
    }
}

#[derive(Serialize)]
pub struct HistoryView {
    pub registrations: Vec<HistoryRowView>,
}
