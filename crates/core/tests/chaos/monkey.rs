//! The fault schedule: from a seed, arms one fault after another at random moments while
//! registrations run, drawn from what a flaky network, a throttling API and a crashing
//! server do.

use super::proxy::{ProxyFault, ProxyFaultKind};
use super::{World, STALL};
use ads_onboard_sandbox::FaultRule;
use rand::rngs::StdRng;
use rand::Rng;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Endpoints the flow calls: (method, sandbox rule path, proxy path prefix).
const TARGETS: &[(&str, &str, &str)] = &[
    ("POST", "/termsTokens", "/termsTokens"),
    ("GET", "/termsTokens/*", "/termsTokens/"),
    ("POST", "/adsAccounts/list", "/adsAccounts/list"),
    ("POST", "/adsAccounts", "/adsAccounts"),
    ("GET", "/adsAccounts/*", "/adsAccounts/"),
    ("POST", "/auth/o2/token", "/auth/o2/token"),
];

#[derive(Debug, Default, Clone)]
pub struct FaultTally {
    /// Fault units armed, by kind (a storm of 4 throttles counts 4).
    pub armed: BTreeMap<&'static str, u32>,
    /// Units armed in a sandbox instance that was restarted before they fired.
    pub lost_in_restart: u32,
}

impl FaultTally {
    fn add(&mut self, kind: &'static str, n: u32) {
        *self.armed.entry(kind).or_default() += n;
    }
}

fn target(rng: &mut StdRng, api_only: bool) -> (&'static str, &'static str, &'static str) {
    let n = if api_only {
        TARGETS.len() - 1
    } else {
        TARGETS.len()
    };
    TARGETS[rng.gen_range(0..n)]
}

fn rule(mut r: FaultRule, (method, path, _): (&str, &str, &str)) -> FaultRule {
    r = r.on_path(path).on_method(method);
    r
}

/// Arms `budget` faults, one every few milliseconds, until done or `stop` is set.
pub async fn run(
    world: Arc<World>,
    mut rng: StdRng,
    budget: u32,
    stop: Arc<AtomicBool>,
) -> FaultTally {
    let mut tally = FaultTally::default();
    for _ in 0..budget {
        let pause = rng.gen_range(3..40);
        tokio::time::sleep(Duration::from_millis(pause)).await;
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let control = world.control().await;
        match rng.gen_range(0..13) {
            0 => {
                let n = rng.gen_range(1..=6);
                control.add_fault(rule(FaultRule::throttle(n, None), target(&mut rng, false)));
                tally.add("429 storm (no Retry-After)", n);
            }
            1 => {
                let n = rng.gen_range(1..=5);
                let (method, _, prefix) = target(&mut rng, false);
                let ra = Duration::from_millis(rng.gen_range(5..=40));
                world.proxy.add_fault(ProxyFault {
                    method: Some(method),
                    path_prefix: prefix.into(),
                    count: n,
                    kind: ProxyFaultKind::Throttle(ra),
                });
                tally.add("429 storm (Retry-After)", n);
            }
            2 => {
                let n = rng.gen_range(1..=4);
                let status = [500, 502, 503, 504][rng.gen_range(0..4)];
                control.add_fault(rule(FaultRule::status(n, status), target(&mut rng, true)));
                tally.add("5xx burst", n);
            }
            3 => {
                let n = rng.gen_range(1..=3);
                let d = Duration::from_millis(rng.gen_range(10..=60));
                control.add_fault(rule(FaultRule::delay(n, d), target(&mut rng, false)));
                tally.add("slow response", n);
            }
            4 => {
                control.add_fault(rule(FaultRule::delay(1, STALL), target(&mut rng, true)));
                tally.add("stalled response (client timeout)", 1);
            }
            5 => {
                let (method, _, prefix) = target(&mut rng, false);
                world.proxy.add_fault(ProxyFault {
                    method: Some(method),
                    path_prefix: prefix.into(),
                    count: 1,
                    kind: ProxyFaultKind::DropBeforeForward,
                });
                tally.add("connection dropped before the server", 1);
            }
            6 => {
                control.drop_after_commit_next(1);
                tally.add("connection dropped after commit", 1);
            }
            7 => {
                control.expire_access_tokens();
                tally.add("access tokens expired", 1);
            }
            8 => {
                let n = rng.gen_range(1..=3);
                let status = [500, 503][rng.gen_range(0..2)];
                control.add_fault(
                    FaultRule::status(n, status)
                        .on_path("/auth/o2/token")
                        .on_method("POST"),
                );
                control.expire_access_tokens();
                tally.add("refresh failing transiently", n);
            }
            9 => {
                control.add_fault(
                    FaultRule::status(1, 503)
                        .on_path("/adsAccounts")
                        .on_method("POST"),
                );
                tally.add("5xx burst", 1);
            }
            10 => {
                // A submit held past the client timeout commits late; the resubmit after
                // reconciliation is held until after that commit.
                for d in [STALL, Duration::from_millis(200)] {
                    control.add_fault(
                        FaultRule::delay(1, d)
                            .on_path("/adsAccounts")
                            .on_method("POST"),
                    );
                }
                tally.add("late commit racing the resubmit", 2);
            }
            11 => {
                // One call in two, at most: the storm Amazon's throttling most resembles.
                let n = rng.gen_range(1..=8);
                let retry_after = rng.gen_bool(0.5).then_some(1);
                control.add_fault(
                    FaultRule::throttle(n, retry_after)
                        .on_path("/adsAccounts")
                        .on_method("POST")
                        .every(2),
                );
                let kind = if retry_after.is_some() {
                    "429 on POST /adsAccounts, 1 in 2 (Retry-After)"
                } else {
                    "429 on POST /adsAccounts, 1 in 2 (no Retry-After)"
                };
                tally.add(kind, n);
            }
            _ => {
                let gap = Duration::from_millis(rng.gen_range(0..=25));
                tally.lost_in_restart += world.restart_sandbox(gap).await;
                tally.add("sandbox restarted", 1);
            }
        }
    }
    tally
}
