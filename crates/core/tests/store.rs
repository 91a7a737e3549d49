//! The registration store: history, saved details, corrupt files, the cross-process lock.

mod common;

use ads_onboard_core::api::ApiClient;
use ads_onboard_core::config::{self, Endpoints, Region};
use ads_onboard_core::registration::{RegistrationEngine, RegistrationState, Timings};
use ads_onboard_core::store::{Store, StoreError, StoreWarning, FILE_NAME};
use common::{business, fast_options, StaticTokens, TempDir};
use std::sync::Arc;

fn offline_engine(dir: &TempDir) -> RegistrationEngine {
    let api = ApiClient::new(
        Endpoints::sandbox("http://127.0.0.1:9"),
        Region::Na,
        config::SANDBOX_CLIENT_ID,
        Arc::new(StaticTokens),
        fast_options(),
    )
    .unwrap();
    let (store, _) = Store::open(dir.path()).unwrap();
    RegistrationEngine::new(api, store, Timings::fast())
}

#[test]
fn registrations_and_history_survive_reopening() {
    let dir = TempDir::new("store");
    let reg = offline_engine(&dir)
        .create(business("Haven Hotel"))
        .unwrap();
    let (store, warning) = Store::open(dir.path()).unwrap();
    assert!(warning.is_none());
    let back = store.load(&reg.id).unwrap();
    assert_eq!(back, reg);
    assert_eq!(back.state, RegistrationState::SignedIn);
    let h = store.history(&reg.id).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].kind, "created");
    assert_eq!(h[0].detail["details"]["accountName"], "Haven Hotel");
    assert_eq!(store.list().unwrap().len(), 1);
    assert_eq!(store.unfinished().unwrap()[0].id, reg.id);
    assert!(matches!(
        store.load("nope"),
        Err(StoreError::UnknownRegistration(_))
    ));
}

#[test]
fn invalid_details_are_refused_before_anything_is_stored() {
    let dir = TempDir::new("store");
    let engine = offline_engine(&dir);
    let mut d = business("X");
    d.country_code = Some("DE".into());
    let err = engine.create(d).unwrap_err();
    assert!(err.to_string().contains("countryCode"), "{err}");
    assert!(engine.store().list().unwrap().is_empty());
}

#[test]
fn a_corrupt_store_is_set_aside_and_a_fresh_one_started() {
    let dir = TempDir::new("store");
    let garbage = b"this is not a database, just bytes that look nothing like SQLite".repeat(100);
    std::fs::write(dir.path().join(FILE_NAME), &garbage).unwrap();
    let (store, warning) = Store::open(dir.path()).unwrap();
    let Some(StoreWarning::CorruptSetAside { backup, .. }) = &warning else {
        panic!("expected a warning, got {warning:?}")
    };
    assert_eq!(
        std::fs::read(backup).unwrap(),
        garbage,
        "the old file is kept byte for byte"
    );
    assert!(warning.unwrap().to_string().contains("kept as"));
    assert!(store.list().unwrap().is_empty());
    store.save_details("", &business("Fresh")).unwrap();
    assert_eq!(
        Store::open(dir.path())
            .unwrap()
            .0
            .saved_details()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn saved_details_are_reused_and_replaced_by_label() {
    let dir = TempDir::new("store");
    let (store, _) = Store::open(dir.path()).unwrap();
    let a = store
        .save_details("Haven", &business("Haven Hotel"))
        .unwrap();
    store.save_details("Other", &business("Other Co")).unwrap();
    let newer = store
        .save_details("Haven", &business("Haven Hotel 2"))
        .unwrap();
    let all = store.saved_details().unwrap();
    assert_eq!(all.len(), 2);
    let haven = all.iter().find(|s| s.label == "Haven").unwrap();
    assert_eq!(haven.details.account_name.as_deref(), Some("Haven Hotel 2"));
    assert_ne!(a.id, newer.id);
    assert!(store.delete_saved_details(newer.id).unwrap());
    assert_eq!(store.saved_details().unwrap().len(), 1);
    let unnamed = store.save_details(" ", &business("Label Me")).unwrap();
    assert_eq!(unnamed.label, "Label Me (business)");
}

#[test]
fn one_registration_is_worked_on_by_one_holder_at_a_time() {
    let dir = TempDir::new("store");
    let (a, _) = Store::open(dir.path()).unwrap();
    let (b, _) = Store::open(dir.path()).unwrap();
    let held = a.lock("reg-1").unwrap();
    assert!(matches!(b.lock("reg-1"), Err(StoreError::Locked(_))));
    let other = b.lock("reg-2").unwrap();
    drop(held);
    let again = b.lock("reg-1").unwrap();
    drop((other, again));
}

#[tokio::test]
async fn a_locked_registration_is_not_run_twice() {
    let dir = TempDir::new("store");
    let engine = offline_engine(&dir);
    let reg = engine.create(business("Locked")).unwrap();
    let (other, _) = Store::open(dir.path()).unwrap();
    let _held = other.lock(&reg.id).unwrap();
    let err = engine.run(&reg.id).await.unwrap_err();
    assert!(
        err.to_string().contains("another window or process"),
        "{err}"
    );
}

/// Run as a child process by the test below: holds a registration's lock until its
/// standard input closes.
#[test]
#[ignore = "child process of another_process_holding_the_lock_keeps_this_one_out"]
fn hold_lock_child() {
    let spec = std::env::var("AO_HOLD_LOCK").expect("run by the lock test");
    let (dir, id) = spec.split_once('|').unwrap();
    let (store, _) = Store::open(std::path::Path::new(dir)).unwrap();
    let _lock = store.lock(id).unwrap();
    println!("LOCKED");
    use std::io::Read;
    let _ = std::io::stdin().read(&mut [0u8; 1]);
}

#[test]
fn another_process_holding_the_lock_keeps_this_one_out() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let dir = TempDir::new("store");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "hold_lock_child", "--ignored", "--nocapture"])
        .env(
            "AO_HOLD_LOCK",
            format!("{}|reg-shared", dir.path().display()),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("LOCKED") {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "child exited before locking"
        );
    }
    let (store, _) = Store::open(dir.path()).unwrap();
    assert!(matches!(
        store.lock("reg-shared"),
        Err(StoreError::Locked(_))
    ));
    drop(child.stdin.take()); // let the child finish
    assert!(child.wait().unwrap().success());
    store
        .lock("reg-shared")
        .expect("free once the other process is gone");
}

/// Stores from before the engine dropped the snapshot kept, in every record, the IDs of all
/// the accounts the user had before submitting. Opening one drops them once where Amazon has
/// named the account, keeps them where a lost answer may still need them, leaves a record
/// that does not parse alone, and stays readable by older builds (same schema version).
#[test]
fn opening_an_older_store_drops_snapshots_no_longer_needed() {
    let dir = TempDir::new("store-old");
    let engine = offline_engine(&dir);
    let named = engine.create(business("Haven Hotel")).unwrap();
    let unsure = engine.create(business("Harbor Inn")).unwrap();
    let broken = engine.create(business("Broken Record")).unwrap();
    drop(engine);
    let known: Vec<String> = (0..500)
        .map(|i| format!("amzn1.ads-account.g.{i:025}"))
        .collect();
    let conn = rusqlite::Connection::open(dir.path().join(FILE_NAME)).unwrap();
    for (reg, account) in [(&named, Some("amzn1.ads-account.g.ours")), (&unsure, None)] {
        let mut record = serde_json::to_value(reg).unwrap();
        record["knownAccountIds"] = serde_json::json!(known);
        if let Some(id) = account {
            record["account"] = serde_json::json!({"adsAccountId": id, "status": "CREATED"});
        }
        conn.execute(
            "UPDATE registrations SET record = ?1, account_id = ?2 WHERE id = ?3",
            rusqlite::params![record.to_string(), account, reg.id],
        )
        .unwrap();
    }
    conn.execute(
        "UPDATE registrations SET record = '{\"knownAccountIds\": [', account_id = 'x' WHERE id = ?1",
        [&broken.id],
    )
    .unwrap();
    // As an older build leaves it: the clean-up not yet done.
    conn.execute("DELETE FROM meta", []).unwrap();
    drop(conn);

    let (store, warning) = Store::open(dir.path()).unwrap();
    assert!(warning.is_none());
    let named = store.load(&named.id).unwrap();
    assert_eq!(named.account_id(), Some("amzn1.ads-account.g.ours"));
    assert_eq!(named.known_account_ids, None);
    assert_eq!(
        store.load(&unsure.id).unwrap().known_account_ids,
        Some(known)
    );
    assert_eq!(
        store.list().unwrap().len(),
        2,
        "the broken record is skipped, not lost"
    );
    let conn = rusqlite::Connection::open(dir.path().join(FILE_NAME)).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1, "older builds still open the store");
    let raw: String = conn
        .query_row(
            "SELECT record FROM registrations WHERE id = ?1",
            [&broken.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(raw, "{\"knownAccountIds\": [");
    let done: i64 = conn
        .query_row("SELECT count(*) FROM meta", [], |r| r.get(0))
        .unwrap();
    assert_eq!(done, 1, "done once");
}
