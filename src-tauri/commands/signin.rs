//! Sign-in and the signed-in users. The outcome of a sign-in arrives as a
//! `signin://progress` event.

use ads_onboard_core::config::Region;
use ads_onboard_core::onboarding::{Onboarding, SignInStarted};
use tauri::State;

use crate::error::Result;
use crate::views::{UserView, UsersView};

#[tauri::command]
pub async fn users_list(ob: State<'_, Onboarding>) -> Result<UsersView> {
    Ok(UsersView::from(ob.users()))
}

#[tauri::command]
pub async fn users_switch(ob: State<'_, Onboarding>, user_id: String) -> Result<UserView> {
    Ok(UserView::from(&ob.switch_user(&user_id)?))
}

#[tauri::command]
pub async fn users_sign_out(ob: State<'_, Onboarding>, user_id: String) -> Result<String> {
    Ok(ob.sign_out(Some(&user_id))?.message)
}

#[tauri::command]
pub async fn sign_in_start(
    ob: State<'_, Onboarding>,
    region: Region,
    keep_signed_in: Option<bool>,
) -> Result<SignInStarted> {
    Ok(ob
        .start_sign_in(region, keep_signed_in.unwrap_or(true))
        .await?)
}

#[tauri::command]
pub async fn sign_in_cancel(ob: State<'_, Onboarding>) -> Result<()> {
    ob.cancel_sign_in();
    Ok(())
}
