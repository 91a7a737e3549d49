//! Chaos suite: the registration engine against the sandbox through seeded fault
//! schedules (429 storms with and without Retry-After, on POST /adsAccounts too, one
//! call in two; terms tokens redeemed late in half the runs; 5xx bursts, slow and stalled
//! answers, connections dropped before and after the server commits, tokens expiring,
//! refresh failing, processes killed at random await points, the sandbox restarted from
//! its SQLite state), each run audited against the sandbox's records.
//!
//! `cargo test` runs a fixed set of seeds; `scripts/chaos.sh N` runs N seeds through the
//! ignored `chaos_many` test and prints the totals.

mod chaos;

use chaos::run::{run_seed, RunReport};
use std::collections::BTreeMap;
use std::time::Duration;

/// Seeds run by every `cargo test` (a few seconds in all).
const CI_SEEDS: std::ops::Range<u64> = 1..6;

#[derive(Default)]
struct Totals {
    runs: u32,
    registrations: u32,
    faults: u32,
    by_kind: BTreeMap<&'static str, u32>,
    accounts: u32,
    duplicates: u32,
    losses: u32,
    unfinished: u32,
    failed_runs: Vec<(u64, bool, Vec<String>)>,
    concurrent_runs: u32,
    late_redemption_runs: u32,
    slowest: Duration,
    total_time: Duration,
}

impl Totals {
    fn add(&mut self, r: &RunReport) {
        self.runs += 1;
        self.concurrent_runs += u32::from(r.concurrent);
        self.late_redemption_runs += u32::from(r.late_redemption);
        self.registrations += r.registrations;
        self.faults += r.faults_injected;
        for (k, v) in &r.faults_by_kind {
            *self.by_kind.entry(k).or_default() += v;
        }
        self.accounts += r.accounts_created;
        self.duplicates += r.duplicates;
        self.losses += r.losses;
        self.unfinished += r.unfinished;
        self.slowest = self.slowest.max(r.elapsed);
        self.total_time += r.elapsed;
        if !r.ok() {
            self.failed_runs
                .push((r.seed, r.concurrent, r.violations.clone()));
        }
    }

    fn print(&self) {
        println!("chaos totals");
        println!("  runs:                {}", self.runs);
        println!(
            "  registrations:       {} ({} runs with concurrent registrations)",
            self.registrations, self.concurrent_runs
        );
        println!(
            "  late redemption:     {} runs (terms token REDEEMED only once its account leaves PENDING)",
            self.late_redemption_runs
        );
        println!("  faults injected:     {}", self.faults);
        for (k, v) in &self.by_kind {
            println!("    {k:<50} {v}");
        }
        println!("  accounts created:    {}", self.accounts);
        println!("  duplicates:          {}", self.duplicates);
        println!("  losses:              {}", self.losses);
        println!("  unfinished:          {}", self.unfinished);
        println!("  runs with findings:  {}", self.failed_runs.len());
        println!(
            "  mean run time:       {:?}",
            self.total_time / self.runs.max(1)
        );
        println!("  slowest run:         {:?}", self.slowest);
        for (seed, concurrent, v) in &self.failed_runs {
            let how = if *concurrent {
                "concurrent"
            } else {
                "sequential"
            };
            println!("  seed {seed} ({how}):");
            for line in v {
                println!("    {line}");
            }
        }
    }
}

async fn run_seeds(seeds: impl Iterator<Item = u64>, concurrent: bool) -> Totals {
    if let Ok(filter) = std::env::var("CHAOS_LOG") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_test_writer()
            .try_init();
    }
    // Runs are mostly waiting, so several share the machine well; each has its own
    // sandbox, proxy and folders.
    let jobs: usize = std::env::var("CHAOS_JOBS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1);
    let mut totals = Totals::default();
    let mut running = tokio::task::JoinSet::new();
    let mut reports = Vec::new();
    for seed in seeds {
        if running.len() >= jobs {
            reports.push(running.join_next().await.unwrap().expect("chaos run"));
        }
        running.spawn(run_seed(seed, concurrent));
    }
    while let Some(r) = running.join_next().await {
        reports.push(r.expect("chaos run"));
    }
    reports.sort_by_key(|r| r.seed);
    for r in &reports {
        totals.add(r);
    }
    totals
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chaos_fixed_seeds_lose_nothing_and_duplicate_nothing() {
    let totals = run_seeds(CI_SEEDS, false).await;
    totals.print();
    assert!(totals.faults > 0, "faults were injected");
    assert!(totals.accounts > 0, "accounts were created");
    assert_eq!(totals.duplicates, 0);
    assert_eq!(totals.losses, 0);
    assert!(totals.failed_runs.is_empty(), "see the findings above");
}

/// `CHAOS_RUNS=500 CHAOS_FIRST_SEED=1000 cargo test -p ads-onboard-core --test chaos_engine -- --ignored --nocapture`
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "long: run through scripts/chaos.sh"]
async fn chaos_many() {
    let runs: u64 = std::env::var("CHAOS_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let concurrent = std::env::var("CHAOS_CONCURRENT").map_or(true, |v| v != "0");
    if let Some(list) = std::env::var("CHAOS_SEEDS").ok().filter(|s| !s.is_empty()) {
        let seeds: Vec<u64> = list
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect();
        let totals = run_seeds(seeds.into_iter(), concurrent).await;
        totals.print();
        assert!(totals.failed_runs.is_empty(), "see the findings above");
        return;
    }
    let first: u64 = std::env::var("CHAOS_FIRST_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let totals = run_seeds(first..first + runs, concurrent).await;
    totals.print();
    assert_eq!(totals.duplicates, 0);
    assert_eq!(totals.losses, 0);
    assert!(totals.failed_runs.is_empty(), "see the findings above");
}

/// The audit is only worth its zeros if it sees trouble: a second account under a
/// registration's name is a duplicate, an account nobody here asked for is a loss, and
/// polls or retries sooner than allowed are reported.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_catches_duplicates_orphans_and_hasty_requests() {
    use chaos::proxy::Hit;
    use chaos::run::{details, drive};
    use std::sync::Arc;
    use tokio::time::Instant;

    let world = Arc::new(chaos::World::new(|c| c.auto_accept_terms = Some(Duration::ZERO)).await);
    let done = drive(world.clone(), details("Audited", false), 7).await;
    assert!(done.outcome.is_some(), "{:?}", done.errors);
    let clean = chaos::audit::check(&world, std::slice::from_ref(&done), false).await;
    assert_eq!(
        (clean.duplicates, clean.losses),
        (0, 0),
        "{:?}",
        clean.violations
    );

    let api = world.process().unwrap().api().clone();
    let mut twin = details("Audited", false).to_request("");
    twin.terms_token = None;
    api.register_ads_account(&twin).await.unwrap();
    let mut stranger = details("Stranger", false).to_request("");
    stranger.terms_token = None;
    api.register_ads_account(&stranger).await.unwrap();
    let found = chaos::audit::check(&world, std::slice::from_ref(&done), false).await;
    assert_eq!(found.duplicates, 1, "{:?}", found.violations);
    assert_eq!(found.losses, 1, "{:?}", found.violations);

    let t0 = Instant::now();
    let ms = |n| t0 + Duration::from_millis(n);
    let hit = |at, method: &str, path: &str, status, ra: Option<u64>| Hit {
        at: ms(at),
        answered_at: ms(at),
        method: method.into(),
        path: path.into(),
        status: Some(status),
        retry_after: ra.map(Duration::from_millis),
        injected: None,
    };
    let poll = "/adsAccounts/amzn1.ads-account.g.x";
    let hasty = vec![
        hit(0, "POST", "/adsAccounts/list", 429, Some(30)),
        hit(5, "POST", "/adsAccounts/list", 200, None),
        hit(10, "GET", poll, 200, None),
        hit(12, "GET", poll, 200, None),
    ];
    let v = chaos::audit::rate_violations(&hasty, &[], true);
    assert_eq!(v.len(), 2, "{v:?}");
    let patient = vec![
        hit(0, "POST", "/adsAccounts/list", 429, Some(30)),
        hit(31, "POST", "/adsAccounts/list", 200, None),
        hit(40, "GET", poll, 200, None),
        hit(50, "GET", poll, 200, None),
    ];
    assert!(chaos::audit::rate_violations(&patient, &[], true).is_empty());
    // A process killed after the 429 owes nothing to its successor's timing.
    assert!(chaos::audit::rate_violations(&hasty[..2], &[ms(2)], true).is_empty());
}
