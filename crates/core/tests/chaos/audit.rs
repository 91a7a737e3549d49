//! The end-of-run audit against the sandbox's own records: one account per submitted
//! registration, no terms token redeemed twice, local history matching the server, and
//! no request sooner than the poll interval or `Retry-After` allow.

use super::proxy::Hit;
use super::run::{settled, Driven};
use super::{timings, World};
use ads_onboard_core::api::ProfileId;
use ads_onboard_core::registration::RegistrationState;
use ads_onboard_core::store::Store;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

#[derive(Debug, Default)]
pub struct Found {
    pub accounts: u32,
    pub duplicates: u32,
    pub losses: u32,
    pub violations: Vec<String>,
}

pub async fn check(world: &World, driven: &[Driven], concurrent: bool) -> Found {
    let audit = world.control().await.audit();
    let (store, _) = Store::open(world.app_dir.path()).expect("store opens");
    let local = store.list().expect("store lists");
    let mut f = Found {
        accounts: audit.accounts.len() as u32,
        ..Found::default()
    };
    for w in world.store_warnings.lock().unwrap().iter() {
        f.violations.push(format!("store warning: {w}"));
    }
    let names: BTreeSet<&str> = driven.iter().map(|d| d.name.as_str()).collect();
    for a in &audit.accounts {
        if !a.account_name.as_deref().is_some_and(|n| names.contains(n)) {
            f.losses += 1;
            f.violations.push(format!(
                "orphan account {} {:?}",
                a.ads_account_id, a.account_name
            ));
        }
    }
    for d in driven {
        if let Some(p) = &d.panicked {
            f.violations
                .push(format!("{}: engine panicked: {p}", d.name));
        }
        let ours: Vec<_> = audit
            .accounts
            .iter()
            .filter(|a| a.account_name.as_deref() == Some(d.name.as_str()))
            .collect();
        if ours.len() > 1 {
            f.duplicates += ours.len() as u32 - 1;
            f.violations
                .push(format!("{}: {} accounts at Amazon", d.name, ours.len()));
        }
        if d.outcome.is_none() {
            let last: Vec<_> = d.errors.iter().rev().take(3).collect();
            f.violations.push(format!(
                "{}: unfinished after {} errors, last {last:?}",
                d.name,
                d.errors.len()
            ));
        }
        let Some(id) = &d.id else { continue };
        let Some(reg) = local.iter().find(|r| &r.id == id) else {
            f.losses += 1;
            f.violations
                .push(format!("{}: missing from the store", d.name));
            continue;
        };
        match (ours.first(), reg.account_id()) {
            (Some(a), Some(mine)) if a.ads_account_id != mine => {
                f.losses += 1;
                f.violations.push(format!(
                    "{}: the app records {mine}, Amazon made {}",
                    d.name, a.ads_account_id
                ));
            }
            (Some(a), Some(_)) => {
                if settled(reg) {
                    let expect = match reg.state {
                        RegistrationState::Created => "CREATED",
                        RegistrationState::Disabled => "DISABLED",
                        RegistrationState::PartlyRefused => "PARTIALLY_CREATED",
                        _ => "?",
                    };
                    if a.status != expect {
                        f.violations.push(format!(
                            "{}: app says {}, Amazon says {}",
                            d.name, reg.state, a.status
                        ));
                    }
                }
                let account = reg.account.as_ref().expect("account");
                for c in a.countries.iter().filter(|c| !c.failed) {
                    let mine = account.profile_id(&c.country_code);
                    if mine.is_some_and(|p| p != ProfileId(c.profile_id)) {
                        f.violations.push(format!(
                            "{}: profile for {} is {:?} here, {} at Amazon",
                            d.name, c.country_code, mine, c.profile_id
                        ));
                    }
                }
            }
            (Some(a), None) => {
                f.losses += 1;
                f.violations.push(format!(
                    "{}: Amazon created {} but the app does not know it (state {}, errors {:?})",
                    d.name, a.ads_account_id, reg.state, d.errors
                ));
            }
            (None, Some(mine)) => {
                f.losses += 1;
                let other = audit.accounts.iter().find(|a| a.ads_account_id == mine);
                f.violations.push(match other {
                    Some(a) => format!(
                        "{}: adopted {mine}, which Amazon made for {:?} (own submits: {})",
                        d.name, a.account_name, reg.submit_attempts
                    ),
                    None => format!(
                        "{}: the app records {mine}, which Amazon does not have",
                        d.name
                    ),
                });
            }
            (None, None) if d.outcome.is_some() => {
                f.violations.push(format!(
                    "{}: finished as {} without any account",
                    d.name, reg.state
                ));
            }
            (None, None) => {}
        }
        history_matches(&store, reg, &mut f.violations);
    }
    let mut redeemed: BTreeMap<&str, u32> = BTreeMap::new();
    for a in &audit.accounts {
        if let Some(t) = &a.terms_token {
            *redeemed.entry(t.as_str()).or_default() += 1;
        }
    }
    for (t, n) in &redeemed {
        if *n > 1 {
            f.violations
                .push(format!("terms token {t} redeemed by {n} accounts"));
        }
    }
    for t in audit.terms_tokens.iter().filter(|t| t.status == "REDEEMED") {
        if !redeemed.contains_key(t.terms_token.as_str()) {
            f.violations.push(format!(
                "terms token {} REDEEMED without an account",
                t.terms_token
            ));
        }
    }
    let mut kills = world.kill_times.lock().unwrap().clone();
    kills.extend(world.life_starts.lock().unwrap().iter().copied());
    let shared_paths_too = !concurrent;
    f.violations.extend(rate_violations(
        &world.proxy.hits(),
        &kills,
        shared_paths_too,
    ));
    f
}

/// The stored history tells the same story as the record: it ends in the current state
/// and never names two different accounts.
fn history_matches(
    store: &Store,
    reg: &ads_onboard_core::registration::Registration,
    out: &mut Vec<String>,
) {
    let history = match store.history(&reg.id) {
        Ok(h) => h,
        Err(e) => return out.push(format!("{}: history unreadable: {e}", reg.id)),
    };
    if history.last().map(|h| h.state) != Some(reg.state) {
        out.push(format!(
            "{}: history ends in {:?}, record is {}",
            reg.id,
            history.last().map(|h| h.state),
            reg.state
        ));
    }
    let ids: BTreeSet<String> = history
        .iter()
        .filter_map(|h| h.detail.get("adsAccountId")?.as_str().map(str::to_string))
        .collect();
    if ids.len() > 1 || ids.iter().any(|i| Some(i.as_str()) != reg.account_id()) {
        out.push(format!(
            "{}: history names accounts {ids:?}, record {:?}",
            reg.id,
            reg.account_id()
        ));
    }
}

/// Status polls of one account are at least the poll interval apart, and after a 429
/// with `Retry-After` the same endpoint is not called again before it (capped as the
/// client caps it), unless a new process took over meanwhile (the earlier one was killed
/// or its run ended; a resume asks Amazon at once).
pub fn rate_violations(hits: &[Hit], kills: &[tokio::time::Instant], shared: bool) -> Vec<String> {
    let poll = timings().status_poll;
    let cap = super::api_options().retry.max_retry_after;
    let slack = Duration::from_millis(1);
    let mut by_endpoint: BTreeMap<(String, String), Vec<&Hit>> = BTreeMap::new();
    for h in hits {
        by_endpoint
            .entry((h.method.clone(), h.path.clone()))
            .or_default()
            .push(h);
    }
    let mut out = vec![];
    for ((method, path), mut list) in by_endpoint {
        list.sort_by_key(|h| h.at);
        let per_account = path.starts_with("/adsAccounts/amzn");
        for w in list.windows(2) {
            let (prev, next) = (w[0], w[1]);
            if next.at < prev.answered_at {
                // Overlapping: the client gave up on `prev` (timeout or kill) before the
                // server answered, so that answer paces nothing.
                continue;
            }
            let gap = next.at - prev.answered_at;
            // A process killed while `prev` was in flight or after its answer, or whose
            // run ended, paces nothing: its successor starts afresh.
            let killed = kills.iter().any(|k| *k >= prev.at && *k <= next.at);
            if let (Some(429), Some(ra)) = (prev.status, prev.retry_after) {
                if (per_account || shared) && !killed && gap + slack < ra.min(cap) {
                    out.push(format!(
                        "{method} {path} again after {gap:?}, Retry-After was {ra:?}"
                    ));
                }
            }
            let polled = method == "GET" && per_account;
            if polled && prev.status.is_some_and(|s| (200..300).contains(&s)) && gap + slack < poll
            {
                out.push(format!(
                    "{method} {path} polled again after {gap:?} (< {poll:?})"
                ));
            }
        }
    }
    out
}
