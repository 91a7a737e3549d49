//! `AdsAccountWithMetaData` as the spec shapes it, computed from an account at a given time.

use serde_json::{json, Map, Value};

use crate::model::{Account, AccountStatus};

pub fn with_metadata(a: &Account, now: u64) -> Value {
    let status = a.status(now);
    let mut v = json!({
        "adsAccountId": a.ads_account_id,
        "status": status.as_str(),
        "countryCodes": a.countries.iter().map(|c| c.country_code.clone()).collect::<Vec<_>>(),
    });
    if let Some(n) = &a.account_name {
        v["accountName"] = json!(n);
    }
    // One element per id, as Amazon's example shows: {profileId, countryCode} and {entityId, countryCode}.
    let mut alternate = Vec::new();
    for c in a.profiled_countries(now) {
        alternate.push(json!({"countryCode": c.country_code, "profileId": c.profile_id}));
        alternate.push(json!({"countryCode": c.country_code, "entityId": c.entity_id}));
    }
    if !alternate.is_empty() {
        v["alternateIds"] = json!(alternate);
    }
    let mut errors = Map::new();
    if status == AccountStatus::Disabled {
        let entries = a.disabled.clone().unwrap_or_default();
        for c in &a.countries {
            let list = if entries.is_empty() {
                c.errors.clone()
            } else {
                entries.clone()
            };
            errors.insert(c.country_code.clone(), json!(list));
        }
    } else if status != AccountStatus::Pending {
        for c in a.countries.iter().filter(|c| !c.errors.is_empty()) {
            errors.insert(c.country_code.clone(), json!(c.errors));
        }
    }
    if !errors.is_empty() {
        v["errors"] = Value::Object(errors);
    }
    v
}

/// The short `AdsAccount` of the register response: PENDING, or DISABLED when the
/// account was refused at once (`disabled_in_register_response`).
pub fn short(a: &Account, refused_at_once: bool) -> Value {
    let status = if refused_at_once {
        AccountStatus::Disabled
    } else {
        AccountStatus::Pending
    };
    let mut v = json!({"adsAccountId": a.ads_account_id, "status": status.as_str()});
    if let Some(n) = &a.account_name {
        v["accountName"] = json!(n);
    }
    v
}
