//! Where the data folder is on each platform, checked on the platform the tests run on
//! (Linux and macOS natively, Windows under Wine in `scripts/windows.sh`). One test in its
//! own binary because it changes an environment variable.

use ads_onboard_core::config::data_dir;
use std::path::PathBuf;

#[test]
fn the_data_folder_is_the_platforms_unless_ads_onboard_data_dir_names_another() {
    std::env::remove_var("ADS_ONBOARD_DATA_DIR");
    let var = |name: &str| std::env::var_os(name).map(PathBuf::from);
    // What the README promises.
    let platform = if cfg!(windows) {
        // %APPDATA%: the roaming profile, which the user's account alone can read by default.
        var("APPDATA").expect("Windows sets APPDATA")
    } else if cfg!(target_os = "macos") {
        var("HOME").unwrap().join("Library/Application Support")
    } else {
        var("XDG_DATA_HOME")
            .filter(|p| p.is_absolute())
            .unwrap_or_else(|| var("HOME").unwrap().join(".local/share"))
    };
    assert_eq!(data_dir(), platform.join("ads-onboard"));

    let chosen = std::env::temp_dir().join("Ads Onboard – data");
    std::env::set_var("ADS_ONBOARD_DATA_DIR", &chosen);
    assert_eq!(data_dir(), chosen);
    // Empty is unset, not the working folder.
    std::env::set_var("ADS_ONBOARD_DATA_DIR", "");
    assert_eq!(data_dir(), platform.join("ads-onboard"));
}
