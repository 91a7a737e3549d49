//! The data folder, private to the user who runs Ads Onboard: it holds the SQLite store
//! (advertisers' details), `users.json` (names and e-mail addresses), the wizard's draft
//! and `settings.json` (which says where the client secret is sent).
//!
//! The app and the CLI call [`open`] once at start. It never falls back to the shared
//! temporary folder: another user could plant a `settings.json` there with a token
//! endpoint of their own and collect the client secret.
//!
//! On Unix the folder is 0700 and every file in it 0600. On Windows the per-user
//! application data folder is already private to its user (its ACL is inherited).

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Overrides where the data folder is (tests, portable use).
pub const ENV: &str = "ADS_ONBOARD_DATA_DIR";
/// The folder's name inside the platform's per-user data folder.
const NAME: &str = "ads-onboard";
/// What Ads Onboard keeps in the folder (with their backups and temporary files). Only
/// these are tightened: a folder the user chose with `ADS_ONBOARD_DATA_DIR` may hold
/// other things, which keep their modes.
const OUR_FILES: [&str; 5] = [
    "settings.",
    "users.",
    "ui-state.",
    "credentials.",
    "ads-onboard.",
];
/// Ours entirely: registration locks, sign-in forwarding pages, the sandbox's state.
const OUR_FOLDERS: [&str; 3] = ["locks", "browser", "sandbox"];

#[derive(Debug, thiserror::Error)]
pub enum DataFolderError {
    #[error("Ads Onboard cannot tell where to keep its data: this system names no data folder for your user. Set {ENV} to a folder only you can read. (It never uses the shared temporary folder, where other users could read or plant its files.)")]
    NotFound,
    #[error("Could not make the data folder {} private to you: {source}. Check that you own it, or set {ENV} to a folder of your own.", path.display())]
    NotPrivate {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Where the data folder is: `ADS_ONBOARD_DATA_DIR`, else the platform's per-user data
/// folder. Creates nothing.
pub fn locate() -> Result<PathBuf, DataFolderError> {
    locate_with(std::env::var_os(ENV), dirs::data_dir())
}

/// [`locate`] with its inputs given: the variable's value and the platform's folder.
pub fn locate_with(
    var: Option<OsString>,
    platform: Option<PathBuf>,
) -> Result<PathBuf, DataFolderError> {
    if let Some(dir) = var.filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    platform
        .map(|d| d.join(NAME))
        .ok_or(DataFolderError::NotFound)
}

/// Locates the data folder, creates it private to the user and tightens what is already
/// in it. Call once when the app or the CLI starts.
pub fn open() -> Result<PathBuf, DataFolderError> {
    let dir = locate()?;
    prepare(&dir)?;
    Ok(dir)
}

/// Creates `dir` (0700) or makes an existing one 0700, with Ads Onboard's files in it
/// 0600 and its folders 0700 (everything in them). Symbolic links are never followed.
pub fn prepare(dir: &Path) -> Result<(), DataFolderError> {
    let fail = |path: &Path, source| DataFolderError::NotPrivate {
        path: path.to_path_buf(),
        source,
    };
    create(dir).map_err(|e| fail(dir, e))?;
    tighten(dir, true).map_err(|(p, e)| fail(&p, e))
}

/// Creates `dir` 0700 if it is missing (its parents as the system makes them).
pub fn create(dir: &Path) -> std::io::Result<()> {
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    // 0700 where files have modes; on Windows the folder inherits its parent's ACL
    // (SECURITY.md says what that guarantees).
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    match builder.create(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        other => other,
    }
}

/// Writes `bytes` to a new or replaced file that only its owner can read, from the
/// moment it exists (not chmod after the fact).
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut file = opts.open(path)?;
    set_mode(path, 0o600)?; // an existing file keeps its old mode on open
    file.write_all(bytes)?;
    file.sync_all()
}

/// Creates an empty private file if none is there (SQLite gives its journal and WAL
/// files the database file's mode).
pub fn create_private(path: &Path) -> std::io::Result<()> {
    if path.exists() {
        return Ok(());
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    match opts.open(path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        other => other.map(drop),
    }
}

/// `top`: the data folder itself, where only our own entries are touched.
fn tighten(dir: &Path, top: bool) -> Result<(), (PathBuf, std::io::Error)> {
    set_mode(dir, 0o700).map_err(|e| (dir.to_path_buf(), e))?;
    let entries = std::fs::read_dir(dir).map_err(|e| (dir.to_path_buf(), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| (dir.to_path_buf(), e))?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let kind = entry.file_type().map_err(|e| (path.clone(), e))?;
        if kind.is_dir() && (!top || OUR_FOLDERS.contains(&name.as_ref())) {
            tighten(&path, false)?;
        } else if kind.is_file() && (!top || OUR_FILES.iter().any(|p| name.starts_with(p))) {
            set_mode(&path, 0o600).map_err(|e| (path, e))?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::symlink_metadata(path)?;
    if meta.permissions().mode() & 0o777 != mode {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variable_wins_and_there_is_no_temp_fallback() {
        let platform = Some(PathBuf::from("/home/dana/.local/share"));
        assert_eq!(
            locate_with(Some("/srv/ao".into()), platform.clone()).unwrap(),
            PathBuf::from("/srv/ao")
        );
        assert_eq!(
            locate_with(Some("".into()), platform).unwrap(),
            PathBuf::from("/home/dana/.local/share/ads-onboard")
        );
        let err = locate_with(None, None).unwrap_err();
        assert!(matches!(err, DataFolderError::NotFound));
        assert!(err.to_string().contains(ENV), "{err}");
        assert!(locate_with(Some("".into()), None).is_err());
    }
}
