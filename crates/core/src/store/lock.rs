//! A per-registration lock across processes: an OS file lock on `locks/<id>.lock`,
//! released when the guard drops or the process dies.

use super::StoreError;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct RegistrationLock {
    _file: File,
    path: PathBuf,
}

impl RegistrationLock {
    pub(crate) fn acquire(dir: &Path, id: &str) -> Result<RegistrationLock, StoreError> {
        let io = |source| StoreError::Io {
            path: dir.into(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let safe: String = id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = dir.join(format!("{safe}.lock"));
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| StoreError::Io {
                path: path.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Ok(RegistrationLock { _file: file, path }),
            Err(TryLockError::WouldBlock) => Err(StoreError::Locked(id.into())),
            Err(TryLockError::Error(source)) => Err(StoreError::Io { path, source }),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}
