//! Core benches (`cargo bench -p ads-onboard-core`): a full registration through the engine
//! against the zero-delay sandbox, with its request count against the protocol's minimum,
//! and the store/export work behind the history and export views at 1,000 registrations.

mod support;

use ads_onboard_core::api::ProfileId;
use ads_onboard_core::export::{self, ExportedAccount, ExportedCountry};
use ads_onboard_core::registration::RegistrationState;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use support::{business, zero_delay_timings, Bench};

/// Requests one registration cannot do without, per the issue: create terms, check terms,
/// register, one status read (zero delays: the first read is final), profiles. The token
/// request belongs to the sign-in, once per session, not to each registration.
const PROTOCOL_MINIMUM: u64 = 5;

static NEXT: AtomicU64 = AtomicU64::new(0);

fn unique_name() -> String {
    format!("Bench Hotel {}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Requests served so far, by "METHOD /path" with IDs folded into `{id}`.
fn requests(b: &Bench) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for (key, n) in b.sandbox.control().audit().requests_by_method {
        let folded = match key.rsplit_once('/') {
            Some((head, last))
                if last != "list"
                    && (head.ends_with("/adsAccounts") || head.ends_with("/termsTokens")) =>
            {
                format!("{head}/{{id}}")
            }
            _ => key,
        };
        *out.entry(folded).or_insert(0) += n;
    }
    out
}

/// One registration outside criterion, to print what it sent and check it ended CREATED.
fn report_requests(rt: &tokio::runtime::Runtime, b: &Bench) {
    let before = requests(b);
    let engine = b.engine(zero_delay_timings());
    let started = Instant::now();
    let reg = rt
        .block_on(engine.start(business(&unique_name())))
        .expect("registration runs");
    let took = started.elapsed();
    assert_eq!(reg.state, RegistrationState::Created, "{reg:?}");
    let after = requests(b);
    let mut total = 0;
    println!("requests of one registration (sandbox, zero delays):");
    for (path, n) in &after {
        let d = n - before.get(path).copied().unwrap_or(0);
        if d > 0 {
            println!("  {d:>3}  {path}");
            total += d;
        }
    }
    println!(
        "  total {total}, protocol minimum {PROTOCOL_MINIMUM}, ratio {:.2}; engine time {:.1} ms",
        total as f64 / PROTOCOL_MINIMUM as f64,
        took.as_secs_f64() * 1e3
    );
}

fn registration(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let b = rt.block_on(Bench::new());
    report_requests(&rt, &b);
    let engine = b.engine(zero_delay_timings());
    let mut g = c.benchmark_group("registration");
    g.sample_size(30).measurement_time(Duration::from_secs(10));
    g.bench_function("full_sandbox_zero_delays", |bench| {
        bench.iter(|| {
            let reg = rt
                .block_on(engine.start(business(&unique_name())))
                .expect("registration runs");
            assert_eq!(reg.state, RegistrationState::Created);
        })
    });
    g.finish();
}

fn accounts(n: usize) -> Vec<ExportedAccount> {
    (0..n)
        .map(|i| ExportedAccount {
            account_id: format!("amzn1.ads-account.g.{i:024}"),
            account_name: Some(format!("Haven Hotel {i}, \"Midtown\"")),
            status: Some("CREATED".into()),
            created_at: Some("2026-11-29T11:00:00Z".into()),
            terms_token: None,
            countries: ["US", "CA"]
                .iter()
                .enumerate()
                .map(|(k, c)| ExportedCountry {
                    country: (*c).into(),
                    profile_id: Some(ProfileId(3_000_000_000_000_000 + (i * 2 + k) as i64)),
                    entity_id: Some(format!("ENTITY{i}{k}")),
                    billing_status: Some("BILLING_COMPLETE".into()),
                    reasons: vec![],
                })
                .collect(),
        })
        .collect()
}

fn export_1000(c: &mut Criterion) {
    let list = accounts(1000);
    let mut g = c.benchmark_group("export_1000_accounts");
    g.bench_function("csv", |b| {
        b.iter(|| export::to_csv(black_box(&list)).expect("csv"))
    });
    g.bench_function("json", |b| {
        b.iter(|| export::to_json(black_box(&list)).expect("json"))
    });
    let csv = export::to_csv(&list).expect("csv");
    g.bench_function("csv_read_back", |b| {
        b.iter(|| export::from_csv(black_box(&csv)).expect("read"))
    });
    g.finish();
}

fn history_1000(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let b = rt.block_on(Bench::new());
    // Its own sandbox and data folder: only these 1,000 registrations are listed.
    let engine = b.engine(zero_delay_timings());
    for _ in 0..1000 {
        engine.create(business(&unique_name())).expect("create");
    }
    let store = engine.store();
    let mut g = c.benchmark_group("history_1000_registrations");
    g.bench_function("list", |bench| {
        bench.iter(|| assert_eq!(store.list().expect("list").len(), 1000))
    });
    // What the app's history_list does: the list, then each record's view by ID.
    g.bench_function("list_then_load_each", |bench| {
        bench.iter(|| {
            for r in store.list().expect("list") {
                black_box(store.load(&r.id).expect("load"));
            }
        })
    });
    g.bench_function("filter_by_name", |bench| {
        bench.iter_batched(
            || store.list().expect("list"),
            |regs| {
                regs.into_iter()
                    .filter(|r| {
                        r.details
                            .account_name
                            .as_deref()
                            .is_some_and(|n| n.contains("Hotel 99"))
                    })
                    .count()
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, registration, export_1000, history_1000);
criterion_main!(benches);
