//! Shared server state: the config (changeable at run time), the world of records,
//! the fault queue and per-path request counters.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use crate::config::SandboxConfig;
use crate::faults::Faults;
use crate::model::*;
use crate::store::Store;
use crate::SandboxError;

pub type AppState = Arc<Shared>;

pub struct Shared {
    pub base_url: String,
    config: RwLock<SandboxConfig>,
    world: Mutex<World>,
    pub faults: Mutex<Faults>,
    pub counts: Mutex<BTreeMap<String, u64>>,
}

impl Shared {
    pub fn new(config: SandboxConfig, base_url: String) -> Result<Shared, SandboxError> {
        let world = World::open(config.data_dir.as_deref())?;
        let mut faults = Faults::default();
        for rule in &config.faults {
            faults.add(rule.clone());
        }
        Ok(Shared {
            base_url,
            config: RwLock::new(config),
            world: Mutex::new(world),
            faults: Mutex::new(faults),
            counts: Mutex::new(BTreeMap::new()),
        })
    }

    pub fn config(&self) -> SandboxConfig {
        self.config
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn set_config(&self, config: SandboxConfig) {
        *self.config.write().unwrap_or_else(|e| e.into_inner()) = config;
    }

    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn faults(&self) -> MutexGuard<'_, Faults> {
        self.faults.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[derive(Default)]
pub struct World {
    pub users: HashMap<String, User>,
    pub codes: HashMap<String, AuthCode>,
    pub refresh: HashMap<String, RefreshGrant>,
    pub access: HashMap<String, AccessToken>,
    pub terms: Vec<TermsToken>,
    pub accounts: Vec<Account>,
    store: Option<Store>,
}

impl World {
    fn open(dir: Option<&std::path::Path>) -> Result<World, SandboxError> {
        let Some(dir) = dir else {
            return Ok(World::default());
        };
        let store = Store::open(dir)?;
        let mut w = World::default();
        for u in store.load::<User>("user")? {
            w.users.insert(u.user_id.clone(), u);
        }
        for g in store.load::<RefreshGrant>("refresh")? {
            w.refresh.insert(g.refresh_token.clone(), g);
        }
        for t in store.load::<AccessToken>("access")? {
            w.access.insert(t.token.clone(), t);
        }
        w.terms = store.load("terms")?;
        w.accounts = store.load("account")?;
        w.store = Some(store);
        Ok(w)
    }

    /// Forgets all users, tokens, terms and accounts, in memory and on disk.
    pub fn reset(&mut self) {
        let store = self.store.take();
        if let Some(s) = &store {
            s.clear();
        }
        *self = World {
            store,
            ..World::default()
        };
    }

    pub fn save_user(&self, u: &User) {
        if let Some(s) = &self.store {
            s.save("user", &u.user_id, u);
        }
    }
    pub fn save_refresh(&self, g: &RefreshGrant) {
        if let Some(s) = &self.store {
            s.save("refresh", &g.refresh_token, g);
        }
    }
    pub fn save_access(&self, t: &AccessToken) {
        if let Some(s) = &self.store {
            s.save("access", &t.token, t);
        }
    }
    pub fn save_terms(&self, t: &TermsToken) {
        if let Some(s) = &self.store {
            s.save("terms", &t.token, t);
        }
    }
    pub fn save_account(&self, a: &Account) {
        if let Some(s) = &self.store {
            s.save("account", &a.ads_account_id, a);
        }
    }

    /// Signs a user in (creating or renaming them), returning their id.
    pub fn upsert_user(&mut self, name: &str, email: &str) -> String {
        let user_id = crate::ids::user_id_for(email);
        let user = self.users.entry(user_id.clone()).or_insert_with(|| User {
            user_id: user_id.clone(),
            name: name.to_string(),
            email: email.trim().to_string(),
            terms_accepted: false,
        });
        user.name = name.to_string();
        let user = user.clone();
        self.save_user(&user);
        user_id
    }

    /// Applies auto-acceptance and late redemption that have come due, then returns
    /// the token.
    pub fn terms_token(&mut self, token: &str, now: u64) -> Option<TermsToken> {
        let idx = self.terms.iter().position(|t| t.token == token)?;
        let due = {
            let t = &self.terms[idx];
            t.status == "CREATED" && t.auto_accept_ms.is_some_and(|at| at <= now)
        };
        if due {
            self.accept_terms_at(idx);
        }
        let t = &mut self.terms[idx];
        if t.status == "ACCEPTED" && t.redeem_ms.is_some_and(|at| at <= now) {
            t.status = "REDEEMED".into();
            let t = t.clone();
            self.save_terms(&t);
        }
        Some(self.terms[idx].clone())
    }

    /// CREATED -> ACCEPTED; the user has now accepted the agreement.
    pub fn accept_terms(&mut self, token: &str) -> Option<TermsToken> {
        let idx = self.terms.iter().position(|t| t.token == token)?;
        if self.terms[idx].status == "CREATED" {
            self.accept_terms_at(idx);
        }
        Some(self.terms[idx].clone())
    }

    fn accept_terms_at(&mut self, idx: usize) {
        self.terms[idx].status = "ACCEPTED".into();
        let t = self.terms[idx].clone();
        self.save_terms(&t);
        if let Some(u) = self.users.get_mut(&t.user_id) {
            u.terms_accepted = true;
            let u = u.clone();
            self.save_user(&u);
        }
    }

    /// Whether the user accepted the agreement, counting auto-acceptance that came due.
    pub fn user_accepted_terms(&mut self, user_id: &str, now: u64) -> bool {
        let tokens: Vec<String> = self
            .terms
            .iter()
            .filter(|t| t.user_id == user_id)
            .map(|t| t.token.clone())
            .collect();
        for t in tokens {
            self.terms_token(&t, now);
        }
        self.users.get(user_id).is_some_and(|u| u.terms_accepted)
    }
}
