//! Looking back and around: a registration with its timeline, History, the accounts
//! the user has at Amazon (linked to the registrations they answer), profiles, billing
//! and the details kept for reuse.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use tokio::time::Instant;

use serde::Serialize;

use super::progress::{AccountProgress, Progress};
use super::{Error, Onboarding, Result};
use crate::api::accounts::{AccountStatus, AdsAccount, Association};
use crate::api::billing::{BillingStatusCode, CountryBilling};
use crate::api::profiles::{Profile, ProfileFilter};
use crate::config::Region;
use crate::details::{FieldError, RegistrationDetails};
use crate::registration::{Registration, RegistrationState};
use crate::store::{HistoryEntry, SavedDetails};

/// A registration as stored, its timeline, and whether it is being followed now.
#[derive(Debug, Clone)]
pub struct Record {
    pub registration: Registration,
    pub history: Vec<HistoryEntry>,
    pub following: bool,
    pub poll_interval_ms: u64,
}

/// What an ID names: a registration made here, or an account at Amazon.
#[derive(Debug, Clone)]
pub enum Found {
    Registration(Box<Record>),
    Account(AdsAccount),
}

/// One of the user's accounts at Amazon, with what this computer knows of it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountAtAmazon {
    pub account: AdsAccount,
    /// The registration made here that created it.
    pub registration_id: Option<String>,
    /// A DISABLED registration made here that this account answers: Amazon created it
    /// after a manual review (same account ID, or same name and no longer DISABLED).
    pub answers_review_of: Option<String>,
}

impl AccountAtAmazon {
    /// Worth listing beside the registrations made here: made elsewhere, or the answer
    /// to a review of one made here.
    pub fn news(&self) -> bool {
        self.registration_id.is_none() || self.answers_review_of.is_some()
    }
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountsAtAmazon {
    pub accounts: Vec<AccountAtAmazon>,
    /// Items of Amazon's list that could not be read (logged, left out).
    pub unreadable: usize,
    /// Why the list could not be read (the registrations made here still show).
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BillingCountry {
    pub country_code: String,
    /// Amazon's billing status code, or its error code when it could not say.
    pub code: String,
    /// Set when Amazon answered with an error for this country: its description.
    pub error: Option<String>,
    /// Whether ads can run here as far as billing goes: a valid billing status says yes,
    /// every other known status needs something done first. None when Amazon gave no
    /// status, or one this version does not know.
    pub ready: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Billing {
    pub statuses: Vec<BillingCountry>,
    /// Where to set billing up: Seller Central for sellers, else the billing page.
    pub setup_url: String,
    /// Why there is no status, when there is none.
    pub note: Option<String>,
}

impl Onboarding {
    pub fn record(&self, id: &str) -> Result<Record> {
        let registration = self.store().load(id)?;
        Ok(Record {
            history: self.store().history(id)?,
            following: self.is_following(id),
            poll_interval_ms: self.setup().settings.poll_interval_ms,
            registration,
        })
    }

    /// Registrations made from this data folder, newest first.
    pub fn history(&self) -> Result<Vec<Registration>> {
        Ok(self.store().list()?)
    }

    /// The registration made here with this registration ID or ads account ID.
    pub fn find_registration(&self, id: &str) -> Result<Option<Registration>> {
        let id = id.trim();
        Ok(self
            .history()?
            .into_iter()
            .find(|r| r.id == id || r.account_id() == Some(id)))
    }

    /// A registration made here (by registration ID or ads account ID), else the account
    /// at Amazon with that ID.
    pub async fn find(&self, id: &str) -> Result<Found> {
        match self.find_registration(id)? {
            Some(r) => Ok(Found::Registration(Box::new(self.record(&r.id)?))),
            None => Ok(Found::Account(self.account_at_amazon(id).await?)),
        }
    }

    /// An account as Amazon has it now.
    pub async fn account_at_amazon(&self, ads_account_id: &str) -> Result<AdsAccount> {
        let setup = self.setup();
        Ok(setup.api()?.get_ads_account(ads_account_id.trim()).await?)
    }

    /// Every account of the signed-in user at Amazon (every page), each linked to the
    /// registration made here that it comes from or answers.
    pub async fn accounts_at_amazon(&self) -> Result<AccountsAtAmazon> {
        let list = self.setup().api()?.read_ads_accounts().await?;
        let regs = self.history()?;
        Ok(AccountsAtAmazon {
            accounts: list.accounts.into_iter().map(|a| link(a, &regs)).collect(),
            unreadable: list.unreadable,
            error: None,
        })
    }

    /// What History lists beside the registrations made here: the accounts at Amazon
    /// worth a row ([`AccountAtAmazon::news`]); none when nobody is signed in, and the
    /// reason when Amazon could not be asked (the local rows still show).
    pub async fn accounts_for_history(&self) -> Result<AccountsAtAmazon> {
        if !self.setup().signed_in() {
            return Ok(AccountsAtAmazon::default());
        }
        match self.accounts_at_amazon().await {
            Ok(mut all) => {
                all.accounts.retain(AccountAtAmazon::news);
                Ok(all)
            }
            Err(Error::Api(e)) => Ok(AccountsAtAmazon {
                error: Some(format!("Couldn't list the accounts at Amazon: {e}")),
                ..AccountsAtAmazon::default()
            }),
            Err(e) => Err(e),
        }
    }

    /// Follows an account at Amazon (made here or not) until CREATED with its profile IDs
    /// (or a short wait for them), DISABLED, or `limit`. Returns the last answer.
    pub async fn watch_account(&self, ads_account_id: &str, limit: Duration) -> Result<AdsAccount> {
        let setup = self.setup();
        let api = setup.api()?;
        let every = setup.settings.poll_interval();
        let started = Instant::now();
        let mut created_at: Option<Instant> = None;
        loop {
            let account = api.get_ads_account(ads_account_id.trim()).await?;
            self.emit(Progress::Account(AccountProgress {
                ads_account_id: account.ads_account_id.clone(),
                message: describe(&account),
            }));
            let out_of_time = started.elapsed() >= limit;
            match account.status {
                Some(AccountStatus::Disabled) => return Ok(account),
                Some(AccountStatus::Created) => {
                    let since = *created_at.get_or_insert_with(Instant::now);
                    if account.has_all_profiles() || since.elapsed() >= PROFILE_WAIT || out_of_time
                    {
                        return Ok(account);
                    }
                }
                _ if out_of_time => return Ok(account),
                _ => {}
            }
            // Never sleep past the limit: one last look when it ends.
            tokio::time::sleep(every.min(limit.saturating_sub(started.elapsed()))).await;
        }
    }

    /// Profiles on one regional host: by default the region the user signed in
    /// through, else the settings'.
    pub async fn profiles(&self, region: Option<Region>) -> Result<Vec<Profile>> {
        let setup = self.setup();
        let region = region
            .or_else(|| setup.auth().ok()?.active_user().map(|u| u.region))
            .unwrap_or(setup.settings.region);
        Ok(setup
            .api()?
            .list_profiles(region, &ProfileFilter::default())
            .await?)
    }

    /// Billing status where Amazon gives one, and where to set billing up. `id`: a
    /// registration made here, or an ads account ID.
    pub async fn billing(&self, id: &str) -> Result<Billing> {
        let setup = self.setup();
        let (account, seller, region) = match self.find_registration(id)? {
            Some(reg) => {
                let seller = matches!(reg.details.association, Association::AmazonSeller { .. });
                let account = reg
                    .account
                    .ok_or_else(|| Error::NotFound("No account has been created yet.".into()))?;
                (account, seller, reg.region)
            }
            None => (
                self.account_at_amazon(id).await?,
                false,
                setup.settings.region,
            ),
        };
        let setup_url = match (&setup.sandbox_base, seller) {
            (_, true) => region.seller_central_url().to_string(),
            (Some(base), false) => format!("{base}/billing/setup/{}", account.ads_account_id),
            (None, false) => setup.settings.billing_url.clone(),
        };
        let (statuses, note) = match setup.api()?.account_billing(&account).await {
            Ok(map) => (per_country(&account, map), None),
            Err(e) => (
                vec![],
                Some(format!("Amazon gave no billing status ({e}).")),
            ),
        };
        Ok(Billing {
            statuses,
            setup_url,
            note,
        })
    }

    pub fn saved_details(&self) -> Result<Vec<SavedDetails>> {
        Ok(self.store().saved_details()?)
    }

    /// Details from a JSON or CSV file, as the CLI's `register --from` reads them.
    pub fn import_details(&self, path: &Path) -> Result<Vec<RegistrationDetails>> {
        Ok(crate::details::read_file(path)?)
    }

    /// Everything Amazon would refuse in `details`, field by field.
    pub fn check_details(&self, details: &RegistrationDetails) -> Vec<FieldError> {
        details.validate()
    }
}

/// Each country's billing, in the account's own order of countries (as its countries are
/// listed everywhere else), not alphabetically; a country Amazon answered for but the
/// account does not list comes last.
fn per_country(
    account: &AdsAccount,
    mut map: BTreeMap<String, CountryBilling>,
) -> Vec<BillingCountry> {
    let mut order = account.countries();
    order.extend(
        map.keys()
            .filter(|c| !order.contains(c))
            .cloned()
            .collect::<Vec<_>>(),
    );
    order
        .into_iter()
        .filter_map(|country_code| {
            let billing = map.remove(&country_code)?;
            Some(match billing {
                CountryBilling::Status(s) => BillingCountry {
                    country_code,
                    ready: match s {
                        BillingStatusCode::Valid => Some(true),
                        BillingStatusCode::Unknown(_) => None,
                        _ => Some(false),
                    },
                    code: s.to_string(),
                    error: None,
                },
                CountryBilling::Error { code, description } => BillingCountry {
                    country_code,
                    code: code.unwrap_or_else(|| "ERROR".into()),
                    error: Some(description.unwrap_or_else(|| {
                        "Amazon gave no billing status for this country.".into()
                    })),
                    ready: None,
                },
            })
        })
        .collect()
}

/// After CREATED, profile IDs can take "up to a few seconds" to appear.
const PROFILE_WAIT: Duration = Duration::from_secs(30);

/// One line: the status and how many countries have a profile ID.
fn describe(a: &AdsAccount) -> String {
    let status = a.status.as_ref().map_or("unknown", |s| s.as_str());
    let countries = a.countries();
    let ready = countries
        .iter()
        .filter(|c| a.profile_id(c).is_some())
        .count();
    if countries.is_empty() {
        format!("{}: {status}", a.ads_account_id)
    } else {
        format!(
            "{}: {status} ({ready}/{} countries with a profile ID)",
            a.ads_account_id,
            countries.len()
        )
    }
}

fn link(account: AdsAccount, regs: &[Registration]) -> AccountAtAmazon {
    let id = account.ads_account_id.as_str();
    let registration_id = regs
        .iter()
        .find(|r| r.account_id() == Some(id))
        .map(|r| r.id.clone());
    let reviewed = account
        .status
        .as_ref()
        .is_some_and(|s| *s != AccountStatus::Disabled);
    let answers_review_of = regs
        .iter()
        .filter(|r| reviewed && r.state == RegistrationState::Disabled)
        .find(|r| {
            r.account_id() == Some(id)
                || (account.account_name.is_some()
                    && r.details.account_name == account.account_name)
        })
        .map(|r| r.id.clone());
    AccountAtAmazon {
        account,
        registration_id,
        answers_review_of,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::accounts::AccountStatus;

    fn registration(
        id: &str,
        name: &str,
        state: RegistrationState,
        account: Option<&str>,
    ) -> Registration {
        let details = RegistrationDetails {
            account_name: Some(name.into()),
            country_code: None,
            association: Association::AmazonVendor {
                vendor_group: "6943231".into(),
            },
        };
        let mut r = Registration::new(id.into(), Region::Na, details);
        r.state = state;
        r.account = account.map(|a| account_named(a, name, AccountStatus::Disabled));
        r
    }

    fn account_named(id: &str, name: &str, status: AccountStatus) -> AdsAccount {
        serde_json::from_value(serde_json::json!({
            "adsAccountId": id, "accountName": name, "status": status.as_str(),
        }))
        .unwrap()
    }

    /// Billing comes in the account's order of countries (US before DE, as Amazon lists
    /// them), an error keeps Amazon's code and description apart, and only a valid status
    /// is ready.
    #[test]
    fn billing_follows_the_accounts_countries_and_says_which_are_ready() {
        let account: AdsAccount = serde_json::from_value(serde_json::json!({
            "adsAccountId": "a-1", "status": "CREATED", "countryCodes": ["US", "DE", "CA", "MX"],
        }))
        .unwrap();
        let map = BTreeMap::from([
            (
                "CA".to_string(),
                CountryBilling::Status(BillingStatusCode::PendingPaymentRegistration),
            ),
            (
                "DE".to_string(),
                CountryBilling::Status(BillingStatusCode::Valid),
            ),
            (
                "US".to_string(),
                CountryBilling::Error {
                    code: Some("NOT_AUTHORIZED".into()),
                    description: Some("Not authorized for this advertiser".into()),
                },
            ),
            (
                "JP".to_string(),
                CountryBilling::Error {
                    code: None,
                    description: None,
                },
            ),
            (
                "MX".to_string(),
                CountryBilling::Status(BillingStatusCode::Unknown("NEW_STATUS".into())),
            ),
        ]);
        let shown = per_country(&account, map);
        let row = |b: &BillingCountry| {
            (
                b.country_code.clone(),
                b.code.clone(),
                b.error.clone(),
                b.ready,
            )
        };
        let want = |c: &str, code: &str, error: Option<&str>, ready| {
            (
                c.to_string(),
                code.to_string(),
                error.map(str::to_string),
                ready,
            )
        };
        assert_eq!(
            shown.iter().map(row).collect::<Vec<_>>(),
            [
                want(
                    "US",
                    "NOT_AUTHORIZED",
                    Some("Not authorized for this advertiser"),
                    None
                ),
                want("DE", "VALID_BILLING_STATUS", None, Some(true)),
                want("CA", "PENDING_PAYMENT_REGISTRATION", None, Some(false)),
                want("MX", "NEW_STATUS", None, None),
                want(
                    "JP",
                    "ERROR",
                    Some("Amazon gave no billing status for this country."),
                    None
                ),
            ]
        );
    }

    /// An account Amazon created after a manual review answers the refused registration
    /// made here: same account ID, or same name; a still-refused one answers nothing.
    #[test]
    fn accounts_at_amazon_are_linked_to_the_registrations_they_answer() {
        let regs = vec![
            registration(
                "reg-made",
                "Made Here",
                RegistrationState::Created,
                Some("a-made"),
            ),
            registration(
                "reg-refused",
                "Reviewed Co",
                RegistrationState::Disabled,
                Some("a-refused"),
            ),
            registration(
                "reg-by-name",
                "Renamed Co",
                RegistrationState::Disabled,
                None,
            ),
        ];
        let made = link(
            account_named("a-made", "Made Here", AccountStatus::Created),
            &regs,
        );
        assert_eq!(made.registration_id.as_deref(), Some("reg-made"));
        assert!(made.answers_review_of.is_none() && !made.news());

        let reviewed = link(
            account_named("a-refused", "Reviewed Co", AccountStatus::Created),
            &regs,
        );
        assert_eq!(reviewed.answers_review_of.as_deref(), Some("reg-refused"));
        assert!(reviewed.news(), "listed: it answers the refusal");

        let by_name = link(
            account_named("a-new", "Renamed Co", AccountStatus::Pending),
            &regs,
        );
        assert_eq!(by_name.answers_review_of.as_deref(), Some("reg-by-name"));

        let still_refused = link(
            account_named("a-refused", "Reviewed Co", AccountStatus::Disabled),
            &regs,
        );
        assert!(still_refused.answers_review_of.is_none() && !still_refused.news());

        let elsewhere = link(
            account_named("a-other", "Other Co", AccountStatus::Created),
            &regs,
        );
        assert!(elsewhere.registration_id.is_none() && elsewhere.news());
    }
}
