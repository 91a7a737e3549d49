//! Which secret store `Keychain::open` picks. One test in its own binary because it
//! changes environment variables.

use ads_onboard_core::auth::{save_client_secret, Auth, Keychain, Secret, StorageKind};
use ads_onboard_core::config::{Endpoints, Settings};

#[test]
fn storage_choice_warns_visibly_and_client_secret_comes_from_env_or_store() {
    let dir = std::env::temp_dir().join(format!("ao-open-{}", std::process::id()));
    std::env::set_var("ADS_ONBOARD_INSECURE_STORAGE", "1");
    let s = Keychain::open(&dir);
    assert_eq!(
        s.kind(),
        &StorageKind::File {
            path: dir.join("credentials.json")
        }
    );
    assert!(s
        .warning()
        .unwrap()
        .contains("ADS_ONBOARD_INSECURE_STORAGE=1"));

    // No reachable keychain: the file, with a warning that says where and why.
    std::env::remove_var("ADS_ONBOARD_INSECURE_STORAGE");
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/ads-onboard-bus",
    );
    let s = Keychain::open(&dir);
    if let StorageKind::File { path } = s.kind() {
        let w = s.warning().unwrap();
        assert!(w.contains("No system keychain"), "{w}");
        assert!(w.contains(&path.display().to_string()));
        assert!(w.contains("readable only by your user account"));
    } else {
        // A keychain without D-Bus is fine on macOS and Windows, never on Linux.
        #[cfg(target_os = "linux")]
        panic!("expected the file fallback on Linux");
    }

    // A real client needs its secret: from the environment, else the secure store.
    std::env::set_var("ADS_ONBOARD_INSECURE_STORAGE", "1");
    let settings = Settings {
        client_id: Some("amzn1.application-oa2-client.real".into()),
        ..Settings::default()
    };
    let endpoints = Endpoints::amazon(&settings);
    let err = Auth::open(settings.clone(), endpoints.clone(), &dir).unwrap_err();
    assert!(
        err.to_string().contains("No client secret is configured"),
        "{err}"
    );
    let store = Keychain::open(&dir);
    save_client_secret(
        &store,
        "amzn1.application-oa2-client.real",
        &Secret::new("from-settings"),
    )
    .unwrap();
    let auth = Auth::open(settings.clone(), endpoints.clone(), &dir).unwrap();
    assert!(!auth.uses_sandbox());
    assert!(auth.storage_warning().is_some());
    assert!(!format!("{auth:?}").contains("from-settings"));
    std::env::set_var("ADS_ONBOARD_CLIENT_SECRET", "from-env");
    assert!(Auth::open(settings, endpoints, &dir).is_ok());
    std::env::remove_var("ADS_ONBOARD_CLIENT_SECRET");
    // No client ID: the embedded sandbox's client.
    let sandbox = Auth::open(
        Settings::default(),
        Endpoints::sandbox("http://127.0.0.1:9"),
        &dir,
    )
    .unwrap();
    assert!(sandbox.uses_sandbox());
    assert_eq!(
        sandbox.client_id(),
        ads_onboard_core::config::SANDBOX_CLIENT_ID
    );
    let _ = std::fs::remove_dir_all(&dir);
}
