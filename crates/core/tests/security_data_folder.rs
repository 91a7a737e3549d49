//! The data folder on a computer with other users: it and every file in it are the
//! user's only (0700 and 0600), whether an older version left them with the umask or the
//! app writes them now. (Where the folder is, and that it is never the shared temporary
//! folder: `src/data_folder.rs::the_variable_wins_and_there_is_no_temp_fallback`.)
#![cfg(unix)]

mod auth_support;

use auth_support::*;

fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
}

fn set_mode(p: &std::path::Path, m: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
}

/// A folder and files as an earlier version left them, with the user's umask (0022).
#[test]
fn an_existing_data_folder_is_made_private_at_start() {
    use ads_onboard_core::data_folder;
    let dir = temp_dir("tighten");
    let outside = temp_dir("outside").join("someone-elses.txt");
    std::fs::write(&outside, "not ours to change").unwrap();
    set_mode(&outside, 0o644);
    set_mode(&dir, 0o755);
    for name in [
        "settings.json",
        "users.json",
        "ui-state.json",
        "ads-onboard.sqlite",
        "ads-onboard.sqlite-wal",
    ] {
        std::fs::write(dir.join(name), "{}").unwrap();
        set_mode(&dir.join(name), 0o644);
    }
    std::fs::create_dir(dir.join("locks")).unwrap();
    set_mode(&dir.join("locks"), 0o755);
    std::fs::write(dir.join("locks/r1.lock"), "").unwrap();
    set_mode(&dir.join("locks/r1.lock"), 0o666);
    std::os::unix::fs::symlink(&outside, dir.join("link")).unwrap();
    // A folder the user chose may hold things of theirs: those keep their modes.
    std::fs::write(dir.join("notes.sh"), "#!/bin/sh\n").unwrap();
    set_mode(&dir.join("notes.sh"), 0o755);
    std::fs::create_dir(dir.join("projects")).unwrap();
    set_mode(&dir.join("projects"), 0o755);

    data_folder::prepare(&dir).unwrap();

    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join("locks")), 0o700);
    for name in [
        "settings.json",
        "users.json",
        "ui-state.json",
        "ads-onboard.sqlite",
        "ads-onboard.sqlite-wal",
        "locks/r1.lock",
    ] {
        assert_eq!(mode(&dir.join(name)), 0o600, "{name}");
    }
    assert_eq!(mode(&outside), 0o644, "a link is not followed");
    assert_eq!(mode(&dir.join("notes.sh")), 0o755, "not ours");
    assert_eq!(mode(&dir.join("projects")), 0o755, "not ours");

    // A folder that does not exist yet is created private.
    let fresh = dir.join("new/data");
    data_folder::prepare(&fresh).unwrap();
    assert_eq!(mode(&fresh), 0o700);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(outside.parent().unwrap());
}

/// Files written while the app runs are private from the moment they exist, even in a
/// folder that was never tightened (the umask here is 0022).
#[tokio::test]
async fn every_file_the_app_writes_is_private() {
    use ads_onboard_core::{config::Settings, store::Store, wizard_state};
    let h = harness(|_| {}).await;
    set_mode(&h.dir, 0o755);
    let sign_in = h.auth.start_sign_in(true).unwrap();
    let target = redirect_target(sign_in.authorize_url()).await;
    sign_in.complete_with_redirect_url(&target).await.unwrap(); // users.json, credentials.json
    Settings::default().save(&h.dir).unwrap();
    wizard_state::save(&h.dir, &serde_json::json!({"step": "details"})).unwrap();
    let (store, _) = Store::open(&h.dir).unwrap();
    store.list().unwrap();
    let lock = store.lock("r1").unwrap();
    let mut seen = Vec::new();
    let mut folders = vec![h.dir.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                assert_eq!(mode(&path), 0o700, "{}", path.display());
                folders.push(path);
            } else {
                assert_eq!(mode(&path), 0o600, "{}", path.display());
                seen.push(path.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    seen.sort();
    for name in [
        "ads-onboard.sqlite",
        "credentials.json",
        "settings.json",
        "ui-state.json",
        "users.json",
        "r1.lock",
    ] {
        assert!(
            seen.iter().any(|s| s == name),
            "{name} not written: {seen:?}"
        );
    }
    drop((lock, store));
}
