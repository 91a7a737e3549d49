//! The real OS keychain. On Linux it needs a secret service (CI runs this under
//! gnome-keyring in `dbus-run-session`); where none is reachable the test says so and
//! skips, because the file fallback is what such a machine uses.

mod auth_support;

use ads_onboard_core::auth::keychain::refresh_token_key;
use ads_onboard_core::auth::{Auth, Keychain, StorageKind};
use ads_onboard_core::config::{Endpoints, Settings};
use auth_support::*;
use std::sync::Arc;

fn keychain(service: &str) -> Option<Keychain> {
    match Keychain::system(service) {
        Ok(s) => Some(s),
        Err(reason) => {
            println!("SKIPPED: no OS keychain reachable here ({reason}); run under a secret service to exercise it");
            None
        }
    }
}

#[tokio::test]
async fn keychain_keeps_the_sign_in_across_restarts_and_sign_out_deletes_it() {
    let service = format!("ads-onboard-test-{}", std::process::id());
    let Some(store) = keychain(&service) else {
        return;
    };
    assert!(matches!(store.kind(), StorageKind::Keychain { .. }));
    assert!(store.warning().is_none());
    store.set("probe-key", "Atzr|value").unwrap();
    assert_eq!(
        store.get("probe-key").unwrap().as_deref(),
        Some("Atzr|value")
    );
    store.delete("probe-key").unwrap();
    assert_eq!(store.get("probe-key").unwrap(), None);

    let h = harness(|_| {}).await;
    let settings = Settings {
        redirect_uri: h.redirect_uri.clone(),
        ..Settings::default()
    };
    let make = |store: Keychain| {
        Auth::new(
            settings.clone(),
            Endpoints::sandbox(&h.sandbox.base_url()),
            None,
            &h.dir,
            Arc::new(store),
            fast_options(),
        )
        .unwrap()
    };
    let auth = make(store);
    let s = auth.start_sign_in(true).unwrap();
    let target = redirect_target(s.authorize_url()).await;
    let user = s.complete_with_redirect_url(&target).await.unwrap();
    // Nothing secret went to the data folder.
    assert!(!h.dir.join("credentials.json").exists());

    let restarted = make(keychain(&service).unwrap());
    assert_eq!(restarted.active_user(), Some(user.clone()));
    let tokens = restarted.tokens().unwrap();
    tokens.refresh_after_unauthorized("expired").await.unwrap();

    restarted.sign_out(&user.user_id).unwrap();
    let key = refresh_token_key(restarted.client_id(), &user.user_id);
    assert_eq!(keychain(&service).unwrap().get(&key).unwrap(), None);
}
