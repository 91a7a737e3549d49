//! SQLite persistence: every record is a JSON document keyed by kind and id, written
//! through on each change, so a restarted sandbox knows the accounts it created.

use rusqlite::{params, Connection};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::path::Path;

use crate::SandboxError;

pub struct Store {
    conn: Connection,
}

impl Store {
    pub fn open(dir: &Path) -> Result<Store, SandboxError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| SandboxError::Storage(format!("cannot create {}: {e}", dir.display())))?;
        let conn = Connection::open(dir.join("sandbox.sqlite3")).map_err(storage)?;
        conn.execute_batch(
            "PRAGMA journal_mode=WAL;
             CREATE TABLE IF NOT EXISTS records (
                kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL,
                seq INTEGER NOT NULL, PRIMARY KEY (kind, id));",
        )
        .map_err(storage)?;
        Ok(Store { conn })
    }

    /// All records of one kind, in insertion order.
    pub fn load<T: DeserializeOwned>(&self, kind: &str) -> Result<Vec<T>, SandboxError> {
        let mut stmt = self
            .conn
            .prepare("SELECT body FROM records WHERE kind = ?1 ORDER BY seq")
            .map_err(storage)?;
        let rows = stmt
            .query_map(params![kind], |r| r.get::<_, String>(0))
            .map_err(storage)?;
        let mut out = Vec::new();
        for body in rows {
            let body = body.map_err(storage)?;
            match serde_json::from_str(&body) {
                Ok(v) => out.push(v),
                Err(e) => tracing::warn!("skipping unreadable sandbox {kind} record: {e}"),
            }
        }
        Ok(out)
    }

    pub fn save<T: Serialize>(&self, kind: &str, id: &str, value: &T) {
        let body = match serde_json::to_string(value) {
            Ok(b) => b,
            Err(e) => return tracing::warn!("cannot encode sandbox {kind}: {e}"),
        };
        let res = self.conn.execute(
            "INSERT INTO records (kind, id, body, seq)
             VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(seq), 0) + 1 FROM records))
             ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body",
            params![kind, id, body],
        );
        if let Err(e) = res {
            tracing::warn!("cannot persist sandbox {kind}: {e}");
        }
    }
}

impl Store {
    /// Forgets every record (the `/__sandbox/reset` control).
    pub fn clear(&self) {
        if let Err(e) = self.conn.execute("DELETE FROM records", []) {
            tracing::warn!("cannot clear sandbox storage: {e}");
        }
    }
}

fn storage(e: rusqlite::Error) -> SandboxError {
    SandboxError::Storage(e.to_string())
}
