//! Which secret store `SecretStore::open` picks. One test in its own binary because it
//! changes environment variables.

use ads_onboard_core::auth::{SecretStore, StorageKind};

#[test]
fn insecure_storage_on_purpose_and_fallback_both_warn_visibly() {
    let dir = std::env::temp_dir().join(format!("ao-open-{}", std::process::id()));
    std::env::set_var("ADS_ONBOARD_INSECURE_STORAGE", "1");
    let s = SecretStore::open(&dir);
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
    let s = SecretStore::open(&dir);
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
    let _ = std::fs::remove_dir_all(&dir);
}
