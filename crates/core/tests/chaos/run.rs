//! One seeded chaos run: a few registrations driven to the end through faults, process
//! kills and sandbox restarts, then audited against the sandbox's records.

use super::{audit, monkey, World};
use ads_onboard_core::api::accounts::{Association, Business};
use ads_onboard_core::api::ApiError;
use ads_onboard_core::details::RegistrationDetails;
use ads_onboard_core::registration::{EngineError, Registration, RegistrationState};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// Restarts of the "process" allowed per registration before it counts as unfinished.
const MAX_LIVES: u32 = 25;
const MAX_KILLS: u32 = 4;

#[derive(Debug, Default, Clone)]
pub struct RunReport {
    pub seed: u64,
    pub registrations: u32,
    pub concurrent: bool,
    /// The sandbox redeemed terms tokens only once their account left PENDING.
    pub late_redemption: bool,
    pub faults_injected: u32,
    pub faults_by_kind: BTreeMap<&'static str, u32>,
    pub kills: u32,
    pub accounts_created: u32,
    pub duplicates: u32,
    pub losses: u32,
    /// Registrations that did not reach an outcome within MAX_LIVES restarts.
    pub unfinished: u32,
    pub violations: Vec<String>,
    pub elapsed: Duration,
}

impl RunReport {
    pub fn ok(&self) -> bool {
        self.duplicates == 0 && self.losses == 0 && self.violations.is_empty()
    }
}

/// How one registration ended, seen from the app.
#[derive(Debug)]
pub struct Driven {
    pub name: String,
    pub id: Option<String>,
    pub outcome: Option<Registration>,
    pub errors: Vec<String>,
    pub panicked: Option<String>,
}

pub fn details(name: &str, refused: bool) -> RegistrationDetails {
    RegistrationDetails {
        account_name: Some(name.into()),
        country_code: Some("US".into()),
        association: Association::Business(Business {
            name: format!("{name} LLC"),
            phone: "555-555-0100".into(),
            website_url: if refused {
                "www.counterfeit-deals.com".into()
            } else {
                "www.havenhotel.com".into()
            },
            address_line1: "450 W 33rd St.".into(),
            address_line2: String::new(),
            city: "New York".into(),
            state: "NY".into(),
            zip_code: "10001".into(),
            country_code: "US".into(),
        }),
    }
}

pub fn settled(r: &Registration) -> bool {
    match r.state {
        RegistrationState::Created => r.profiles_settled,
        RegistrationState::PartlyRefused
        | RegistrationState::Disabled
        | RegistrationState::Rejected => true,
        _ => false,
    }
}

/// Drives one registration like a user who restarts the app until it is done: each life
/// is a new process; some are killed at a random moment.
pub async fn drive(world: Arc<World>, details: RegistrationDetails, seed: u64) -> Driven {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut d = Driven {
        name: details.account_name.clone().unwrap_or_default(),
        id: None,
        outcome: None,
        errors: vec![],
        panicked: None,
    };
    let mut kills = 0;
    for _ in 0..MAX_LIVES {
        let engine = match world.process() {
            Ok(e) => e,
            Err(e) => {
                d.errors.push(e);
                tokio::time::sleep(Duration::from_millis(5)).await;
                continue;
            }
        };
        let id = match &d.id {
            Some(id) => id.clone(),
            None => {
                let id = engine.create(details.clone()).expect("valid details").id;
                d.id = Some(id.clone());
                id
            }
        };
        let kill_at = (kills < MAX_KILLS && rng.gen_bool(0.35))
            .then(|| Duration::from_millis(rng.gen_range(0..150)));
        let mut task = tokio::spawn(async move { engine.run(&id).await });
        let joined = match kill_at {
            Some(at) => tokio::select! {
                r = &mut task => Some(r),
                _ = tokio::time::sleep(at) => {
                    task.abort();
                    let late = task.await;
                    if late.as_ref().is_ok() {
                        // It finished just as the kill came: keep its answer.
                        Some(late)
                    } else {
                        kills += 1;
                        world.count_kill();
                        None
                    }
                }
            },
            None => Some(task.await),
        };
        match joined {
            None => {}
            Some(Ok(Ok(reg))) if settled(&reg) => {
                d.outcome = Some(reg);
                return d;
            }
            // TimedOut: the user resumes it.
            Some(Ok(Ok(_))) => {}
            Some(Ok(Err(e))) => {
                // Like the app's Resume button: not before Amazon's Retry-After.
                let wait = match &e {
                    EngineError::Api(ApiError::Throttled {
                        retry_after: Some(ra),
                        ..
                    }) => *ra,
                    _ => Duration::from_millis(5),
                };
                d.errors.push(e.to_string());
                tokio::time::sleep(wait).await;
            }
            Some(Err(e)) if e.is_panic() => {
                d.panicked = Some(format!("{e:?}"));
                return d;
            }
            Some(Err(_)) => {}
        }
    }
    d
}

/// `concurrent`: whether a run may drive its registrations at the same time (as two
/// processes for one user would), or always one after another.
pub async fn run_seed(seed: u64, concurrent_allowed: bool) -> RunReport {
    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(seed);
    let accept_ms = rng.gen_range(0..30);
    let verify_ms = rng.gen_range(5..40);
    let verify_max_ms = verify_ms + rng.gen_range(0..40);
    let profile_lag_ms = rng.gen_range(0..30);
    let token_life_ms = rng.gen_bool(0.5).then(|| rng.gen_range(80..400));
    let late_redemption = rng.gen_bool(0.5);
    let world = Arc::new(
        World::new(|c| {
            c.auto_accept_terms = Some(Duration::from_millis(accept_ms));
            c.verification_delay = Duration::from_millis(verify_ms);
            c.verification_delay_max = Duration::from_millis(verify_max_ms);
            c.profile_lag = Duration::from_millis(profile_lag_ms);
            c.redeem_terms_when_verified = late_redemption;
            if let Some(ms) = token_life_ms {
                c.access_token_lifetime = Duration::from_millis(ms);
            }
        })
        .await,
    );
    let count = rng.gen_range(1..=3u32);
    let concurrent = count > 1 && rng.gen_bool(0.3) && concurrent_allowed;
    let all: Vec<RegistrationDetails> = (0..count)
        .map(|i| details(&format!("Chaos {seed} #{i}"), rng.gen_ratio(1, 6)))
        .collect();

    let stop = Arc::new(AtomicBool::new(false));
    let budget = rng.gen_range(2..=10);
    let monkey = tokio::spawn(monkey::run(
        world.clone(),
        StdRng::seed_from_u64(rng.gen()),
        budget,
        stop.clone(),
    ));
    let mut driven = Vec::new();
    if concurrent {
        let tasks: Vec<_> = all
            .into_iter()
            .map(|d| tokio::spawn(drive(world.clone(), d, rng.gen())))
            .collect();
        for t in tasks {
            driven.push(t.await.expect("driver"));
        }
    } else {
        for d in all {
            driven.push(drive(world.clone(), d, rng.gen()).await);
        }
    }
    stop.store(true, Ordering::SeqCst);
    let tally = monkey.await.expect("monkey");
    let control = world.control().await;
    let unused: u32 =
        world.proxy.clear_faults() + control.faults().iter().map(|f| f.count).sum::<u32>();
    control.clear_faults();

    let armed: u32 = tally.armed.values().sum();
    let kills = world.kills.load(Ordering::SeqCst);
    let mut by_kind = tally.armed.clone();
    if kills > 0 {
        by_kind.insert("process killed", kills);
    }
    let found = audit::check(&world, &driven, concurrent).await;
    RunReport {
        seed,
        registrations: count,
        concurrent,
        late_redemption,
        faults_injected: (armed + kills).saturating_sub(unused + tally.lost_in_restart),
        faults_by_kind: by_kind,
        kills,
        accounts_created: found.accounts,
        duplicates: found.duplicates,
        losses: found.losses,
        unfinished: driven.iter().filter(|d| d.outcome.is_none()).count() as u32,
        violations: found.violations,
        elapsed: started.elapsed(),
    }
}
