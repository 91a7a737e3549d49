//! The Ads Agreement and the registration itself. The agreement's status arrives as
//! `agreement://progress` events, the registration's as `registration://progress`.

use ads_onboard_core::api::terms::TermsToken;
use ads_onboard_core::onboarding::{AgreementProgress, Onboarding};
use tauri::State;

use crate::error::Result;
use crate::views::{found_view, record_view, ui_fields, FieldsView, RegistrationView, UiDetails};

/// Creates a terms token and opens its page in the user's browser, where they are
/// signed in to Amazon (an in-app view would share neither that sign-in nor trust).
#[tauri::command]
pub async fn agreement_start(ob: State<'_, Onboarding>) -> Result<AgreementProgress> {
    Ok(ob.start_agreement().await?)
}

/// Watches again a token the window had before it closed.
#[tauri::command]
pub async fn agreement_resume(
    ob: State<'_, Onboarding>,
    terms: TermsToken,
) -> Result<AgreementProgress> {
    Ok(ob.resume_agreement(terms)?)
}

#[tauri::command]
pub async fn agreement_check_now(ob: State<'_, Onboarding>) -> Result<()> {
    Ok(ob.check_agreement_now()?)
}

/// The details' field errors, as the user types (core's rules, nothing of the page's).
#[tauri::command]
pub async fn details_check(ob: State<'_, Onboarding>, details: UiDetails) -> Result<FieldsView> {
    Ok(ui_fields(&ob.check_details(&details.to_core())).unwrap_or_default())
}

/// Stores the registration with the agreement's token, then follows it in the
/// background. Returns at once.
#[tauri::command]
pub async fn registration_start(
    ob: State<'_, Onboarding>,
    details: UiDetails,
    terms: Option<TermsToken>,
) -> Result<RegistrationView> {
    let reg = ob.start_registration(details.to_core(), terms).await?;
    ob.follow(&reg.id)?;
    Ok(record_view(&ob.record(&reg.id)?))
}

/// A registration made here, or an account found at Amazon, by either's ID.
#[tauri::command]
pub async fn registration_get(ob: State<'_, Onboarding>, id: String) -> Result<RegistrationView> {
    Ok(found_view(ob.find(&id).await?, ob.setup().settings.region))
}

/// Asks Amazon again now (and resumes a timed-out registration).
#[tauri::command]
pub async fn registration_check_now(
    ob: State<'_, Onboarding>,
    id: String,
) -> Result<RegistrationView> {
    ob.check_now(&id).await?;
    Ok(record_view(&ob.record(&id)?))
}

#[tauri::command]
pub async fn registration_stop(ob: State<'_, Onboarding>, id: String) -> Result<RegistrationView> {
    ob.stop_following(&id);
    Ok(record_view(&ob.record(&id)?))
}

#[tauri::command]
pub async fn registration_resume(
    ob: State<'_, Onboarding>,
    id: String,
) -> Result<RegistrationView> {
    ob.follow(&id)?;
    Ok(record_view(&ob.record(&id)?))
}
