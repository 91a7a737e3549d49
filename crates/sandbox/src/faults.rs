//! Injected faults: throttling, 5xx bursts, slow responses and "commit then drop the
//! connection" on `POST /adsAccounts`. Each rule applies to the next `count` matching
//! requests, or with `every` to one matching request in `every` (a storm that lets some
//! calls through).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FaultRule {
    /// Path to match: exact (`/adsAccounts`), also matching under `/eu` and `/fe`;
    /// a trailing `*` matches a prefix. `None` matches every path except `/__sandbox/`.
    pub path: Option<String>,
    /// HTTP method to match (`POST`); `None` matches any.
    pub method: Option<String>,
    /// How many matching requests this rule affects.
    pub count: u32,
    /// Answer with this status (429, 500, 503, ...) instead of handling the request.
    pub status: Option<u16>,
    /// With a 429: send `Retry-After: <secs>`; `None` omits the header.
    pub retry_after_secs: Option<u64>,
    /// Wait this long before answering.
    pub delay_ms: Option<u64>,
    /// Only for `POST /adsAccounts`: create the account, then close the TCP connection
    /// without a response.
    pub drop_after_commit: bool,
    /// Affect one matching request in this many (the first, then every `every`-th after
    /// it); the others pass untouched and do not use up `count`. `None` or 1: every one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub every: Option<u32>,
    /// Matching requests seen so far (for `every`).
    #[serde(skip)]
    seen: u32,
}

impl FaultRule {
    pub fn throttle(count: u32, retry_after_secs: Option<u64>) -> Self {
        FaultRule {
            count,
            status: Some(429),
            retry_after_secs,
            ..Default::default()
        }
    }

    pub fn status(count: u32, status: u16) -> Self {
        FaultRule {
            count,
            status: Some(status),
            ..Default::default()
        }
    }

    pub fn delay(count: u32, delay: std::time::Duration) -> Self {
        FaultRule {
            count,
            delay_ms: Some(delay.as_millis() as u64),
            ..Default::default()
        }
    }

    pub fn drop_after_commit(count: u32) -> Self {
        FaultRule {
            count,
            path: Some("/adsAccounts".into()),
            method: Some("POST".into()),
            drop_after_commit: true,
            ..Default::default()
        }
    }

    /// Affects one matching request in `n` (see `every`).
    pub fn every(mut self, n: u32) -> Self {
        self.every = Some(n);
        self
    }

    /// Restricts the rule to one path (see `path`).
    pub fn on_path(mut self, path: &str) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn on_method(mut self, method: &str) -> Self {
        self.method = Some(method.to_ascii_uppercase());
        self
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        if let Some(m) = &self.method {
            if !m.eq_ignore_ascii_case(method) {
                return false;
            }
        }
        let Some(p) = &self.path else { return true };
        let bare = crate::http::strip_region(path);
        match p.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix) || bare.starts_with(prefix),
            None => p == path || p == bare,
        }
    }
}

/// What the request envelope must do for one request.
#[derive(Debug, Default)]
pub struct FaultAction {
    pub delay_ms: u64,
    pub status: Option<u16>,
    pub retry_after_secs: Option<u64>,
}

#[derive(Debug, Default)]
pub struct Faults {
    pub rules: Vec<FaultRule>,
}

impl Faults {
    pub fn add(&mut self, rule: FaultRule) {
        if rule.count > 0 {
            self.rules.push(rule);
        }
    }

    /// Consumes the first matching status/delay rule whose turn it is.
    pub fn take(&mut self, method: &str, path: &str) -> FaultAction {
        let mut hit = None;
        for (i, r) in self.rules.iter_mut().enumerate() {
            if r.drop_after_commit || !r.matches(method, path) {
                continue;
            }
            let every = r.every.unwrap_or(1).max(1);
            let turn = r.seen % every == 0;
            r.seen = r.seen.wrapping_add(1);
            if turn {
                hit = Some(i);
                break;
            }
        }
        let Some(i) = hit else {
            return FaultAction::default();
        };
        let rule = self.rules[i].clone();
        self.consume(i);
        FaultAction {
            delay_ms: rule.delay_ms.unwrap_or(0),
            status: rule.status,
            retry_after_secs: rule.retry_after_secs,
        }
    }

    /// Consumes a drop-after-commit rule for this request, if any.
    pub fn take_drop(&mut self, method: &str, path: &str) -> bool {
        match self
            .rules
            .iter()
            .position(|r| r.drop_after_commit && r.matches(method, path))
        {
            Some(i) => {
                self.consume(i);
                true
            }
            None => false,
        }
    }

    fn consume(&mut self, i: usize) {
        self.rules[i].count -= 1;
        if self.rules[i].count == 0 {
            self.rules.remove(i);
        }
    }
}
