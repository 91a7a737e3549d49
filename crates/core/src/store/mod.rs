//! SQLite persistence in the data folder, shared by the app and the CLI: registrations
//! with their full history, and saved business details. Every change is one transaction;
//! a corrupt file is set aside (never deleted) and a fresh store created.

mod lock;

pub use lock::RegistrationLock;

use crate::details::RegistrationDetails;
use crate::registration::{Registration, RegistrationState};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use time::OffsetDateTime;

pub const FILE_NAME: &str = "ads-onboard.sqlite";
const SCHEMA_VERSION: i64 = 1;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("The registration store failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("The registration store could not use {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("A stored record could not be read: {0}")]
    Record(String),
    #[error("Registration {0} is not in the store")]
    UnknownRegistration(String),
    #[error("Registration {0} is being worked on by another window or process; try again when it finishes")]
    Locked(String),
}

/// Something the user should be told about, though the app carries on.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreWarning {
    CorruptSetAside {
        path: PathBuf,
        backup: PathBuf,
        reason: String,
    },
}

impl std::fmt::Display for StoreWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreWarning::CorruptSetAside { path, backup, reason } => write!(
                f,
                "The registration store {} could not be read ({reason}); it was kept as {} and a new one started.",
                path.display(),
                backup.display()
            ),
        }
    }
}

/// One line of a registration's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub state: RegistrationState,
    /// `created`, `transition`, `status`, `submitted`, `error`, ...
    pub kind: String,
    pub detail: serde_json::Value,
}

/// Business details on file for reuse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedDetails {
    pub id: i64,
    pub label: String,
    #[serde(with = "time::serde::rfc3339")]
    pub saved_at: OffsetDateTime,
    pub details: RegistrationDetails,
}

#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    dir: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("dir", &self.dir).finish()
    }
}

impl Store {
    /// Opens (or creates) the store in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<(Store, Option<StoreWarning>), StoreError> {
        let path = data_dir.join(FILE_NAME);
        // Advertisers' details: private from the moment the file exists.
        crate::data_folder::create(data_dir)
            .and_then(|()| crate::data_folder::create_private(&path))
            .map_err(|source| StoreError::Io {
                path: data_dir.into(),
                source,
            })?;
        match open_checked(&path) {
            Ok(conn) => Ok((Store::wrap(conn, data_dir), None)),
            Err(e) if path.exists() && is_corrupt(&e) => {
                let backup = data_dir.join(format!(
                    "{FILE_NAME}.corrupt-{}",
                    OffsetDateTime::now_utc().unix_timestamp_nanos()
                ));
                std::fs::rename(&path, &backup).map_err(|source| StoreError::Io {
                    path: path.clone(),
                    source,
                })?;
                for ext in ["-wal", "-shm"] {
                    let side = PathBuf::from(format!("{}{ext}", path.display()));
                    if side.exists() {
                        let _ = std::fs::rename(&side, format!("{}{ext}", backup.display()));
                    }
                }
                tracing::warn!(path = %path.display(), backup = %backup.display(), error = %e, "registration store unreadable; set aside");
                let conn = open_checked(&path)?;
                Ok((
                    Store::wrap(conn, data_dir),
                    Some(StoreWarning::CorruptSetAside {
                        path,
                        backup,
                        reason: e.to_string(),
                    }),
                ))
            }
            Err(e) => Err(e),
        }
    }

    fn wrap(conn: Connection, dir: &Path) -> Store {
        Store {
            conn: Arc::new(Mutex::new(conn)),
            dir: dir.into(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut conn)
    }

    /// Takes the cross-process lock of one registration (released on drop).
    pub fn lock(&self, id: &str) -> Result<RegistrationLock, StoreError> {
        RegistrationLock::acquire(&self.dir.join("locks"), id)
    }

    /// Inserts a new registration with its first history line.
    pub fn insert(&self, reg: &Registration) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO registrations (id, state, account_id, created_at, updated_at, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![reg.id, reg.state.as_str(), reg.account_id(), ts(reg.created_at), ts(reg.updated_at), to_json(reg)?],
            )?;
            add_history(&tx, &reg.id, reg.state, "created", &serde_json::json!({"details": reg.details}))?;
            tx.commit()?;
            Ok(())
        })
    }

    /// Saves `reg` and one history line atomically.
    pub fn save(
        &self,
        reg: &Registration,
        kind: &str,
        detail: serde_json::Value,
    ) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            let n = tx.execute(
                "UPDATE registrations SET state = ?2, account_id = ?3, updated_at = ?4, record = ?5 WHERE id = ?1",
                params![reg.id, reg.state.as_str(), reg.account_id(), ts(reg.updated_at), to_json(reg)?],
            )?;
            if n == 0 {
                return Err(StoreError::UnknownRegistration(reg.id.clone()));
            }
            add_history(&tx, &reg.id, reg.state, kind, &detail)?;
            tx.commit()?;
            Ok(())
        })
    }

    pub fn load(&self, id: &str) -> Result<Registration, StoreError> {
        self.with(|c| {
            let rec: Option<String> = c
                .query_row(
                    "SELECT record FROM registrations WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            let rec = rec.ok_or_else(|| StoreError::UnknownRegistration(id.into()))?;
            serde_json::from_str(&rec)
                .map_err(|e| StoreError::Record(format!("registration {id}: {e}")))
        })
    }

    /// All registrations, newest first. Unreadable records are skipped with a warning.
    pub fn list(&self) -> Result<Vec<Registration>, StoreError> {
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT id, record FROM registrations ORDER BY created_at DESC, rowid DESC",
            )?;
            let rows =
                st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            let mut out = Vec::new();
            for row in rows {
                let (id, rec) = row?;
                match serde_json::from_str(&rec) {
                    Ok(r) => out.push(r),
                    Err(e) => {
                        tracing::warn!(%id, error = %e, "skipping unreadable registration record")
                    }
                }
            }
            Ok(out)
        })
    }

    /// Registrations a restart should offer to resume.
    pub fn unfinished(&self) -> Result<Vec<Registration>, StoreError> {
        Ok(self
            .list()?
            .into_iter()
            .filter(Registration::is_resumable)
            .collect())
    }

    pub fn history(&self, id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        self.with(|c| {
            let mut st = c.prepare("SELECT at, state, kind, detail FROM history WHERE registration_id = ?1 ORDER BY seq")?;
            let rows = st.query_map([id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (at, state, kind, detail) = row?;
                out.push(HistoryEntry {
                    at: OffsetDateTime::parse(&at, &time::format_description::well_known::Rfc3339)
                        .map_err(|e| StoreError::Record(e.to_string()))?,
                    state: state.parse().map_err(StoreError::Record)?,
                    kind,
                    detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
                });
            }
            Ok(out)
        })
    }

    /// Keeps details on file; the same label replaces the older entry.
    pub fn save_details(
        &self,
        label: &str,
        details: &RegistrationDetails,
    ) -> Result<SavedDetails, StoreError> {
        let now = OffsetDateTime::now_utc();
        let label = label.trim();
        let label = if label.is_empty() {
            details.label()
        } else {
            label.to_string()
        };
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute("DELETE FROM saved_details WHERE label = ?1", [&label])?;
            tx.execute(
                "INSERT INTO saved_details (label, saved_at, details) VALUES (?1, ?2, ?3)",
                params![label, ts(now), to_json(details)?],
            )?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            Ok(SavedDetails {
                id,
                label,
                saved_at: now,
                details: details.clone(),
            })
        })
    }

    pub fn saved_details(&self) -> Result<Vec<SavedDetails>, StoreError> {
        self.with(|c| {
            let mut st = c.prepare("SELECT id, label, saved_at, details FROM saved_details ORDER BY saved_at DESC, id DESC")?;
            let rows = st.query_map([], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (id, label, at, details) = row?;
                let (Ok(saved_at), Ok(details)) = (
                    OffsetDateTime::parse(&at, &time::format_description::well_known::Rfc3339),
                    serde_json::from_str(&details),
                ) else {
                    tracing::warn!(id, "skipping unreadable saved details");
                    continue;
                };
                out.push(SavedDetails { id, label, saved_at, details });
            }
            Ok(out)
        })
    }

    pub fn delete_saved_details(&self, id: i64) -> Result<bool, StoreError> {
        self.with(|c| Ok(c.execute("DELETE FROM saved_details WHERE id = ?1", [id])? > 0))
    }
}

/// Only a damaged file is set aside: "busy" or "locked" means another window or process
/// is using a healthy store, and a newer schema must not be thrown away by an older app.
fn is_corrupt(e: &StoreError) -> bool {
    match e {
        StoreError::Record(m) => m.starts_with("integrity check"),
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => matches!(
            f.code,
            rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
        ),
        _ => false,
    }
}

fn open_checked(path: &Path) -> Result<Connection, StoreError> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(StoreError::Record(format!("integrity check: {check}")));
    }
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::Record(format!(
            "the store was written by a newer Ads Onboard (schema {version})"
        )));
    }
    // IMMEDIATE takes the write lock up front, so a concurrent writer makes this wait
    // (busy timeout) instead of failing on a stale read snapshot.
    conn.execute_batch(
        "BEGIN IMMEDIATE;
         CREATE TABLE IF NOT EXISTS registrations (
             id TEXT PRIMARY KEY, state TEXT NOT NULL, account_id TEXT,
             created_at TEXT NOT NULL, updated_at TEXT NOT NULL, record TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS history (
             seq INTEGER PRIMARY KEY AUTOINCREMENT, registration_id TEXT NOT NULL REFERENCES registrations(id),
             at TEXT NOT NULL, state TEXT NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL);
         CREATE INDEX IF NOT EXISTS history_by_registration ON history(registration_id, seq);
         CREATE TABLE IF NOT EXISTS saved_details (
             id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT NOT NULL, saved_at TEXT NOT NULL, details TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
         PRAGMA user_version = 1;
         COMMIT;",
    )?;
    // A clean-up, not a format change: older builds read the store as before.
    if let Err(e) = drop_spent_snapshots(&mut conn) {
        tracing::warn!(error = %e, "old account snapshots not dropped yet; trying again next start");
    }
    Ok(conn)
}

/// Records written before the engine dropped the snapshot of known accounts once Amazon
/// named the account keep it for good: every account ID the user had (49 KB a record with
/// 1,000 accounts), read back by every listing. Dropped once, in Rust rather than with
/// SQLite's JSON functions (a system SQLite may lack them); a record that does not parse is
/// left as it is (`list` skips it).
fn drop_spent_snapshots(conn: &mut Connection) -> Result<(), StoreError> {
    const DONE: &str = "spent-account-snapshots-dropped";
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let done: Option<String> = tx
        .query_row("SELECT value FROM meta WHERE key = ?1", [DONE], |r| {
            r.get(0)
        })
        .optional()?;
    if done.is_none() {
        let rows: Vec<(String, String)> = {
            let mut st =
                tx.prepare("SELECT id, record FROM registrations WHERE account_id IS NOT NULL")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        for (id, record) in rows {
            let Ok(mut value) = serde_json::from_str::<serde_json::Value>(&record) else {
                continue;
            };
            if let Some(fields) = value.as_object_mut() {
                if fields.remove("knownAccountIds").is_some() {
                    tx.execute(
                        "UPDATE registrations SET record = ?1 WHERE id = ?2",
                        params![value.to_string(), id],
                    )?;
                }
            }
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)",
            params![DONE, ts(OffsetDateTime::now_utc())],
        )?;
    }
    tx.commit()?;
    // Give the space back once a quarter of the file is free; if another process holds the
    // store now, the next start tries again.
    let free: i64 = conn.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    if free > 0 && free * 4 > pages {
        if let Err(e) = conn.execute_batch("VACUUM") {
            tracing::debug!(error = %e, "store not compacted this time");
        }
    }
    Ok(())
}

fn add_history(
    tx: &rusqlite::Transaction<'_>,
    id: &str,
    state: RegistrationState,
    kind: &str,
    detail: &serde_json::Value,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO history (registration_id, at, state, kind, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, ts(OffsetDateTime::now_utc()), state.as_str(), kind, detail.to_string()],
    )?;
    Ok(())
}

fn ts(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn to_json<T: Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Record(e.to_string()))
}
