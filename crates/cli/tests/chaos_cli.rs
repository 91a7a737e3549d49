//! Chaos for the real `ads-onboard-cli` binary: `register`, then `resume` until done, each
//! process killed (SIGKILL; TerminateProcess on Windows) at a random moment while the sandbox expires tokens, throttles reads
//! and drops the answer to a committed registration. Audited against the sandbox: one
//! account per registration, and `history` agrees with it.
//!
//! `cargo test` runs two seeds; `CHAOS_CLI_RUNS=50 cargo test -p ads-onboard-cli --test
//! chaos_cli -- --ignored --nocapture` runs more (after `cargo build -p ads-onboard-cli
//! --example stand-in-browser`, which a plain `cargo test` builds).

#[allow(dead_code)]
#[path = "cli/common.rs"]
mod common;

use common::{json, Env, Running, HAVEN_HOTEL};
use std::time::Duration;

/// SplitMix64: a seeded PRNG small enough not to need a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn gen_range(&mut self, r: std::ops::Range<u64>) -> u64 {
        r.start + self.next() % (r.end - r.start)
    }
    fn gen_bool(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}

#[derive(Default, Debug)]
struct Tally {
    runs: u32,
    registrations: u32,
    kills: u32,
    faults: u32,
    accounts: u32,
    duplicates: u32,
    losses: u32,
    findings: Vec<String>,
}

fn history(env: &Env) -> Vec<serde_json::Value> {
    let out = env.cli().args(["history"]).output().unwrap();
    json(&out.stdout).as_array().cloned().unwrap_or_default()
}

fn run_seed(seed: u64, t: &mut Tally) {
    let mut rng = Rng(seed);
    let accept = rng.gen_range(0..40);
    let verify = rng.gen_range(50..300);
    let env = Env::new(&format!("chaos-{seed}"), |c| {
        c.auto_accept_terms = Some(Duration::from_millis(accept));
        c.verification_delay = Duration::from_millis(verify);
        c.verification_delay_max = Duration::from_millis(verify + 100);
        c.profile_lag = Duration::from_millis(20);
    });
    env.sign_in();
    let control = env.sandbox.control();
    let count = rng.gen_range(1..3);
    let mut names = vec![];
    for i in 0..count {
        let name = format!("CLI Chaos {seed} #{i}");
        let file = env.write(
            &format!("r{i}.json"),
            &HAVEN_HOTEL.replace("\"Haven Hotel\"", &format!("\"{name}\"")),
        );
        t.registrations += 1;
        let mut dropped_once = false;
        let mut done = false;
        let mut last = String::new();
        for life in 0..12 {
            let record = history(&env)
                .into_iter()
                .find(|r| r["label"].as_str().is_some_and(|l| l.contains(&name)));
            let state = record
                .as_ref()
                .and_then(|r| r["state"].as_str().map(str::to_string));
            if matches!(state.as_deref(), Some("created" | "disabled")) {
                // A process may finish just before its kill: the store tells.
                done = true;
                break;
            }
            let started = record.is_some();
            let mut cmd = env.command();
            if started {
                cmd.args(["resume"]);
            } else {
                cmd.args(["register", "--no-browser", "--from"]).arg(&file);
            }
            match rng.gen_range(0..4) {
                0 => {
                    control.expire_access_tokens();
                    t.faults += 1;
                }
                1 => {
                    let n = rng.gen_range(1..4) as u32;
                    control.add_fault(
                        ads_onboard_sandbox::FaultRule::throttle(n, Some(0))
                            .on_path("/adsAccounts/*")
                            .on_method("GET"),
                    );
                    t.faults += n;
                }
                2 if !dropped_once && rng.gen_bool(0.3) => {
                    control.drop_after_commit_next(1);
                    dropped_once = true;
                    t.faults += 1;
                }
                _ => {}
            }
            let run = Running::spawn(cmd);
            let kill = (life < 4 && rng.gen_bool(0.5)).then(|| rng.gen_range(0..700));
            if let Some(ms) = kill {
                std::thread::sleep(Duration::from_millis(ms));
                let mut run = run;
                if run.child.try_wait().unwrap().is_none() {
                    run.child.kill().unwrap();
                    t.kills += 1;
                }
                let _ = run.finish();
                continue;
            }
            let stderr = run.stderr.clone();
            let (code, stdout) = run.finish();
            last = format!("{code:?} {stdout} {}", stderr.lock().unwrap());
            if code == Some(0) {
                let a = json(stdout.as_bytes());
                if a["status"] == "CREATED" || a["status"] == "DISABLED" {
                    done = true;
                    break;
                }
            }
        }
        control.clear_faults();
        if !done {
            t.findings
                .push(format!("seed {seed}: {name} unfinished: {last}"));
        }
        names.push(name);
    }
    // The audit: one account per registration, and history names exactly that one.
    let audit = env.audit();
    t.accounts += audit.accounts.len() as u32;
    let hist = history(&env);
    for name in &names {
        let ours: Vec<_> = audit
            .accounts
            .iter()
            .filter(|a| a.account_name.as_deref() == Some(name.as_str()))
            .collect();
        if ours.len() > 1 {
            t.duplicates += ours.len() as u32 - 1;
            t.findings
                .push(format!("seed {seed}: {name} has {} accounts", ours.len()));
        }
        let recorded = hist.iter().find(|r| {
            r["label"]
                .as_str()
                .is_some_and(|l| l.contains(name.as_str()))
        });
        let mine = recorded.and_then(|r| r["adsAccountId"].as_str());
        match (ours.first(), mine) {
            (Some(a), Some(m)) if a.ads_account_id == m => {}
            (None, None) => {}
            (a, m) => {
                t.losses += 1;
                t.findings.push(format!(
                    "seed {seed}: {name}: Amazon {:?}, history {m:?}",
                    a.map(|a| &a.ads_account_id)
                ));
            }
        }
    }
    if audit.accounts.len() > names.len() {
        t.losses += (audit.accounts.len() - names.len()) as u32;
        t.findings
            .push(format!("seed {seed}: accounts nobody asked for"));
    }
    t.runs += 1;
}

fn check(t: &Tally) {
    println!("{t:#?}");
    assert!(t.accounts > 0);
    assert_eq!(t.duplicates, 0, "{:?}", t.findings);
    assert_eq!(t.losses, 0, "{:?}", t.findings);
    assert!(t.findings.is_empty(), "{:?}", t.findings);
}

#[test]
fn the_cli_killed_and_resumed_under_faults_loses_and_duplicates_nothing() {
    let mut t = Tally::default();
    for seed in [11, 12] {
        run_seed(seed, &mut t);
    }
    assert!(t.kills + t.faults > 0, "chaos happened: {t:?}");
    check(&t);
}

#[test]
#[ignore = "long: CHAOS_CLI_RUNS seeds"]
fn the_cli_under_many_seeds() {
    let runs: u64 = std::env::var("CHAOS_CLI_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let mut t = Tally::default();
    for seed in 100..100 + runs {
        run_seed(seed, &mut t);
    }
    check(&t);
}
