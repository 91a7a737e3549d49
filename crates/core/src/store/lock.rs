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
        crate::data_folder::create(dir).map_err(io)?;
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
        let mut opts = OpenOptions::new();
        opts.create(true).truncate(false).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        let file = opts.open(&path).map_err(|source| StoreError::Io {
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
