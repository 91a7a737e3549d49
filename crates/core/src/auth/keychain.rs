//! Where refresh tokens and the client secret are kept: the OS keychain (keyring), or,
//! where none is reachable or `ADS_ONBOARD_INSECURE_STORAGE=1` asks for it, a JSON file
//! readable only by the user, with a visible warning (as `gh` does).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::AuthError;

pub const KEYCHAIN_SERVICE: &str = "ads-onboard";
pub const INSECURE_STORAGE_ENV: &str = "ADS_ONBOARD_INSECURE_STORAGE";
const FILE_NAME: &str = "credentials.json";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageKind {
    Keychain { service: String },
    File { path: PathBuf },
}

#[derive(Debug)]
pub struct Keychain {
    kind: StorageKind,
    warning: Option<String>,
    file_lock: Mutex<()>,
}

pub fn refresh_token_key(client_id: &str, user_id: &str) -> String {
    format!("refresh-token/{client_id}/{user_id}")
}

pub fn client_secret_key(client_id: &str) -> String {
    format!("client-secret/{client_id}")
}

impl Keychain {
    /// The keychain when reachable, else the file in `data_dir` (with a warning).
    pub fn open(data_dir: &Path) -> Keychain {
        if std::env::var(INSECURE_STORAGE_ENV).is_ok_and(|v| v.trim() == "1") {
            let mut s = Keychain::file(data_dir);
            s.warning = Some(format!(
                "{INSECURE_STORAGE_ENV}=1: sign-in tokens are kept in {}, readable only by your user account, not in the system keychain.",
                file_path(data_dir).display()
            ));
            return s;
        }
        match Keychain::system(KEYCHAIN_SERVICE) {
            Ok(s) => s,
            Err(reason) => {
                let mut s = Keychain::file(data_dir);
                let warning = format!(
                    "No system keychain is available ({reason}), so sign-in tokens are kept in {}, readable only by your user account.",
                    file_path(data_dir).display()
                );
                tracing::warn!("{warning}");
                s.warning = Some(warning);
                s
            }
        }
    }

    /// The OS keychain, after a write/read/delete round trip proves it keeps things
    /// (keyring silently keeps nothing when no platform store is compiled in).
    pub fn system(service: &str) -> Result<Keychain, String> {
        let probe = keyring::Entry::new(service, "ads-onboard-probe").map_err(|e| e.to_string())?;
        probe.set_password("probe").map_err(|e| e.to_string())?;
        let read = probe.get_password().map_err(|e| e.to_string())?;
        let _ = probe.delete_credential();
        if read != "probe" {
            return Err("the keychain did not return what was stored".into());
        }
        Ok(Keychain {
            kind: StorageKind::Keychain {
                service: service.into(),
            },
            warning: None,
            file_lock: Mutex::new(()),
        })
    }

    pub fn file(data_dir: &Path) -> Keychain {
        Keychain {
            kind: StorageKind::File {
                path: file_path(data_dir),
            },
            warning: None,
            file_lock: Mutex::new(()),
        }
    }

    pub fn kind(&self) -> &StorageKind {
        &self.kind
    }

    /// Shown to the user when secrets are not in the keychain.
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    pub fn get(&self, key: &str) -> Result<Option<String>, AuthError> {
        match &self.kind {
            StorageKind::Keychain { service } => match entry(service, key)?.get_password() {
                Ok(v) => Ok(Some(v)),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(e) => Err(storage_err(e)),
            },
            StorageKind::File { path } => {
                let _g = self.file_lock.lock().unwrap_or_else(|p| p.into_inner());
                Ok(read_file(path)?.remove(key))
            }
        }
    }

    pub fn set(&self, key: &str, value: &str) -> Result<(), AuthError> {
        match &self.kind {
            StorageKind::Keychain { service } => entry(service, key)?
                .set_password(value)
                .map_err(storage_err),
            StorageKind::File { path } => {
                let _g = self.file_lock.lock().unwrap_or_else(|p| p.into_inner());
                let mut map = read_file(path)?;
                map.insert(key.to_string(), value.to_string());
                write_file(path, &map)
            }
        }
    }

    pub fn delete(&self, key: &str) -> Result<(), AuthError> {
        match &self.kind {
            StorageKind::Keychain { service } => match entry(service, key)?.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(e) => Err(storage_err(e)),
            },
            StorageKind::File { path } => {
                let _g = self.file_lock.lock().unwrap_or_else(|p| p.into_inner());
                let mut map = read_file(path)?;
                if map.remove(key).is_some() {
                    write_file(path, &map)?;
                }
                Ok(())
            }
        }
    }
}

fn file_path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

fn entry(service: &str, key: &str) -> Result<keyring::Entry, AuthError> {
    keyring::Entry::new(service, key).map_err(storage_err)
}

fn storage_err(e: keyring::Error) -> AuthError {
    // keyring's messages name the store and the failure, never the secret.
    AuthError::Storage(match e {
        keyring::Error::BadEncoding(_) => "a stored value is not text".into(),
        e => e.to_string(),
    })
}

fn read_file(path: &Path) -> Result<BTreeMap<String, String>, AuthError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(AuthError::Storage(format!("{}: {e}", path.display()))),
    };
    restrict(path)?;
    serde_json::from_str(&text).map_err(|_| {
        AuthError::Storage(format!(
            "{} is damaged; delete it and sign in again",
            path.display()
        ))
    })
}

fn write_file(path: &Path, map: &BTreeMap<String, String>) -> Result<(), AuthError> {
    let io = |e: std::io::Error| AuthError::Storage(format!("{}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let tmp = path.with_extension("json.tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    {
        use std::io::Write;
        let mut f = opts.open(&tmp).map_err(io)?;
        let body = serde_json::to_vec_pretty(map).map_err(|e| AuthError::Storage(e.to_string()))?;
        f.write_all(&body).map_err(io)?;
        f.sync_all().map_err(io)?;
    }
    std::fs::rename(&tmp, path).map_err(io)?;
    restrict(path)
}

/// Keeps the file at 0600 even if something widened it.
fn restrict(path: &Path) -> Result<(), AuthError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(path)
            .map_err(|e| AuthError::Storage(format!("{}: {e}", path.display())))?;
        if meta.permissions().mode() & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                .map_err(|e| AuthError::Storage(format!("{}: {e}", path.display())))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_store_round_trips_and_is_private() {
        let dir = std::env::temp_dir().join(format!("ao-store-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let s = Keychain::file(&dir);
        assert_eq!(s.get("k").unwrap(), None);
        s.set("k", "Atzr|secret").unwrap();
        s.set("other", "v").unwrap();
        assert_eq!(s.get("k").unwrap().as_deref(), Some("Atzr|secret"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(FILE_NAME))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        s.delete("k").unwrap();
        assert_eq!(s.get("k").unwrap(), None);
        assert_eq!(s.get("other").unwrap().as_deref(), Some("v"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
