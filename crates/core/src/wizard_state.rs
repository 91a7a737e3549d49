//! Where a front end's wizard was left (step, draft, current registration): an opaque
//! JSON value in one file of the data folder, so a restart opens where the user stopped.
//! The registration itself lives in the store; this only remembers the screen.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

const FILE: &str = "ui-state.json";
/// The file holds `{"wizard": …}` (the layout of the key-value file it replaced).
const KEY: &str = "wizard";

/// Serialises this process's writers; the temp file's name (pid, counter) keeps another
/// process's from mixing with them.
static WRITING: Mutex<()> = Mutex::new(());
static SAVES: AtomicU64 = AtomicU64::new(0);

pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE)
}

/// The saved value, or `null` when there is none or the file is unreadable: a lost
/// screen position is not worth an error, the wizard starts at its first step.
pub fn load(data_dir: &Path) -> serde_json::Value {
    std::fs::read(path(data_dir))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .and_then(|mut doc| doc.get_mut(KEY).map(serde_json::Value::take))
        .unwrap_or_default()
}

/// Replaces the saved value atomically (temp file, then rename).
pub fn save(data_dir: &Path, value: &serde_json::Value) -> std::io::Result<()> {
    let _guard = WRITING.lock().unwrap_or_else(|e| e.into_inner());
    crate::data_folder::create(data_dir)?;
    let target = path(data_dir);
    let n = SAVES.fetch_add(1, Ordering::Relaxed);
    let tmp = target.with_extension(format!("json.{}-{n}.tmp", std::process::id()));
    crate::data_folder::write_private(
        &tmp,
        &serde_json::to_vec(&serde_json::json!({ KEY: value }))?,
    )?;
    std::fs::rename(&tmp, &target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("ao-wizard-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn saves_and_loads_and_reads_the_earlier_layout() {
        let d = dir("roundtrip");
        assert_eq!(load(&d), serde_json::Value::Null, "nothing saved yet");
        let v = json!({"step": "details", "draft": {"name": "Haven Hotel"}});
        save(&d, &v).unwrap();
        assert_eq!(load(&d), v);
        // A file written by the store plugin this replaced: pretty-printed, same key.
        std::fs::write(path(&d), "{\n  \"wizard\": {\"step\": \"registration\"}\n}").unwrap();
        assert_eq!(load(&d), json!({"step": "registration"}));
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_corrupt_file_means_start_over_and_the_next_save_repairs_it() {
        let d = dir("corrupt");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(path(&d), b"{\"wizard\": {\"step\"").unwrap();
        assert_eq!(load(&d), serde_json::Value::Null);
        save(&d, &json!({"step": "agreement"})).unwrap();
        assert_eq!(load(&d), json!({"step": "agreement"}));
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn concurrent_saves_never_fail_and_leave_one_whole_value() {
        let d = dir("concurrent");
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let d = d.clone();
                std::thread::spawn(move || {
                    for j in 0..20 {
                        save(&d, &json!({"step": i, "n": j})).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(load(&d)["n"], json!(19));
        let _ = std::fs::remove_dir_all(&d);
    }
}
