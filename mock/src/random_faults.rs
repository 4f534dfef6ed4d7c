//! Faults drawn at random for soak tests: each API request is faulted with a
//! given probability, with one of a set of kinds, from a seeded generator so
//! that a run can be repeated exactly.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use hyper::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::generate::Prng;

/// What a random fault does to the request it hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RandomKind {
    /// 503 with a JSON error body and no `Retry-After`.
    Unavailable,
    /// 429 with `Retry-After: 0`.
    RateLimited,
    /// The connection is closed without a response.
    Drop,
    /// Served normally after `slow_ms`.
    Slow,
}

impl RandomKind {
    /// Every kind, in the order counters are reported.
    pub const ALL: [RandomKind; 4] = [
        RandomKind::Unavailable,
        RandomKind::RateLimited,
        RandomKind::Drop,
        RandomKind::Slow,
    ];

    /// The name used on the command line, in the admin API and in the log.
    pub fn name(self) -> &'static str {
        match self {
            RandomKind::Unavailable => "503",
            RandomKind::RateLimited => "429",
            RandomKind::Drop => "drop",
            RandomKind::Slow => "slow",
        }
    }

    /// Whether the client sees the attempt fail (and must retry).
    fn fails(self) -> bool {
        self != RandomKind::Slow
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl std::str::FromStr for RandomKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        RandomKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown fault kind {s:?} (expected 503, 429, drop or slow)"))
    }
}

impl fmt::Display for RandomKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The default delay of a `slow` fault: noticeable, yet far below any
/// sensible client timeout.
pub const DEFAULT_SLOW_MS: u64 = 50;

/// The longest `slow_ms` accepted, so a typo cannot stall a test for hours.
pub const MAX_SLOW_MS: u64 = 60_000;

/// Random faults as configured by flags or by `POST /__mock/random-faults`.
#[derive(Debug, Clone, PartialEq)]
pub struct RandomFaultConfig {
    /// Probability (0.0 to 1.0) that an API request is faulted.
    pub rate: f64,
    /// The kinds to choose from, uniformly.
    pub kinds: Vec<RandomKind>,
    /// Seed of the generator; the same seed gives the same sequence of decisions.
    pub seed: u64,
    /// How long a `slow` fault delays its response.
    pub slow_ms: u64,
    /// At most this many failing faults in a row for one method, path and
    /// query; `None` for no limit (each decision independent).
    pub max_consecutive: Option<u32>,
}

// `MockConfig` is `Eq`; a rate is always a validated finite number, for which
// `==` is an equivalence.
impl Eq for RandomFaultConfig {}

impl Default for RandomFaultConfig {
    fn default() -> Self {
        RandomFaultConfig {
            rate: 0.0,
            kinds: RandomKind::ALL.to_vec(),
            seed: 1,
            slow_ms: DEFAULT_SLOW_MS,
            max_consecutive: None,
        }
    }
}

impl RandomFaultConfig {
    /// Checks the ranges the flags and the admin API accept.
    pub fn validate(&self) -> Result<(), String> {
        if !(self.rate.is_finite() && (0.0..=1.0).contains(&self.rate)) {
            return Err(format!("rate must be between 0 and 1, not {}", self.rate));
        }
        if self.kinds.is_empty() {
            return Err("kinds must name at least one of 503, 429, drop, slow".into());
        }
        if self.slow_ms > MAX_SLOW_MS {
            return Err(format!("slow_ms is limited to {MAX_SLOW_MS}"));
        }
        Ok(())
    }

    /// Parses the body of `POST /__mock/random-faults`.
    pub fn parse(body: &[u8]) -> Result<Self, String> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Spec {
            rate: f64,
            kinds: Option<Vec<Value>>,
            seed: Option<u64>,
            slow_ms: Option<u64>,
            max_consecutive: Option<u32>,
        }
        let spec: Spec = serde_json::from_slice(body).map_err(|e| e.to_string())?;
        let defaults = RandomFaultConfig::default();
        let kinds = match spec.kinds {
            None => defaults.kinds,
            Some(kinds) => kinds
                .iter()
                .map(|k| match k {
                    Value::String(s) => s.parse(),
                    Value::Number(n) => n.to_string().parse(),
                    other => Err(format!("a fault kind must be a string, not {other}")),
                })
                .collect::<Result<Vec<_>, _>>()?,
        };
        let config = RandomFaultConfig {
            rate: spec.rate,
            kinds,
            seed: spec.seed.unwrap_or(defaults.seed),
            slow_ms: spec.slow_ms.unwrap_or(defaults.slow_ms),
            max_consecutive: spec.max_consecutive,
        };
        config.validate()?;
        Ok(config)
    }

    fn to_json(&self) -> Value {
        json!({
            "rate": self.rate,
            "kinds": self.kinds.iter().map(|k| k.name()).collect::<Vec<_>>(),
            "seed": self.seed,
            "slow_ms": self.slow_ms,
            "max_consecutive": self.max_consecutive,
        })
    }
}

/// A decision to fault one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RandomFault {
    /// What to do.
    pub kind: RandomKind,
    /// For `slow`, how long to wait before serving.
    pub delay: Duration,
}

/// Keys with a running streak are forgotten beyond this many, so clients that
/// give up mid-streak cannot grow the map without bound.
const MAX_STREAKS: usize = 100_000;

#[derive(Debug, Default)]
struct Counters {
    requests: u64,
    faulted: [u64; 4],
    spared: u64,
}

#[derive(Debug)]
struct Inner {
    active: bool,
    config: Option<RandomFaultConfig>,
    rng: Prng,
    /// Failing faults in a row per method, path and query; only kept with
    /// `max_consecutive`.
    streaks: HashMap<String, u32>,
    counters: Counters,
}

/// The random-fault state of a server.
#[derive(Debug)]
pub struct RandomFaults {
    /// Lets the common case (random faults off) skip the lock.
    active: AtomicBool,
    inner: Mutex<Inner>,
}

impl Default for RandomFaults {
    fn default() -> Self {
        RandomFaults {
            active: AtomicBool::new(false),
            inner: Mutex::new(Inner {
                active: false,
                config: None,
                rng: Prng::new(0),
                streaks: HashMap::new(),
                counters: Counters::default(),
            }),
        }
    }
}

impl RandomFaults {
    fn inner(&self) -> MutexGuard<'_, Inner> {
        // Every update below leaves the state consistent before it could panic.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Turns random faults on with `config`, from the start of its seed's
    /// sequence and with counters at zero.
    pub fn set(&self, config: RandomFaultConfig) {
        let mut inner = self.inner();
        inner.rng = Prng::new(config.seed);
        inner.config = Some(config);
        inner.active = true;
        inner.streaks.clear();
        inner.counters = Counters::default();
        self.active.store(true, Ordering::Release);
    }

    /// Turns random faults off; the counters stay readable.
    pub fn disable(&self) {
        let mut inner = self.inner();
        inner.active = false;
        inner.streaks.clear();
        self.active.store(false, Ordering::Release);
    }

    /// Goes back to a server's starting setting, counters at zero.
    pub fn restore(&self, start: Option<&RandomFaultConfig>) {
        match start {
            Some(config) => self.set(config.clone()),
            None => {
                self.disable();
                self.inner().counters = Counters::default();
            }
        }
    }

    /// Whether this request is faulted, and how. Every call while active
    /// draws the same amount of randomness whatever the outcome, so the
    /// n-th request always gets the n-th decision of the seed's sequence.
    pub fn decide(&self, method: &Method, path: &str, query: Option<&str>) -> Option<RandomFault> {
        if !self.active.load(Ordering::Acquire) {
            return None;
        }
        let mut guard = self.inner();
        let inner = &mut *guard;
        let config = inner.config.as_ref().filter(|_| inner.active)?;
        inner.counters.requests += 1;
        let roll = inner.rng.next_u64();
        let kind = *inner.rng.pick(&config.kinds);
        // 53 random bits as a float in [0, 1): a rate of 1.0 always hits, 0.0 never.
        let hit = ((roll >> 11) as f64) * (1.0 / (1u64 << 53) as f64) < config.rate;
        if let Some(max) = config.max_consecutive {
            let key = match query {
                Some(q) => format!("{method} {path}?{q}"),
                None => format!("{method} {path}"),
            };
            if hit && kind.fails() {
                let streak = inner.streaks.get(&key).copied().unwrap_or(0);
                if streak >= max {
                    // Served, which ends the streak.
                    inner.streaks.remove(&key);
                    inner.counters.spared += 1;
                    return None;
                }
                if streak == 0 && inner.streaks.len() >= MAX_STREAKS {
                    inner.streaks.clear();
                }
                inner.streaks.insert(key, streak + 1);
            } else {
                inner.streaks.remove(&key);
            }
        }
        if !hit {
            return None;
        }
        inner.counters.faulted[kind.index()] += 1;
        Some(RandomFault {
            kind,
            delay: match kind {
                RandomKind::Slow => Duration::from_millis(config.slow_ms),
                _ => Duration::ZERO,
            },
        })
    }

    /// The body of `GET /__mock/random-faults`.
    pub fn to_json(&self) -> Value {
        let inner = self.inner();
        let mut faulted = serde_json::Map::new();
        for kind in RandomKind::ALL {
            faulted.insert(
                kind.name().into(),
                inner.counters.faulted[kind.index()].into(),
            );
        }
        let mut out = match &inner.config {
            Some(config) => config.to_json(),
            None => json!({}),
        };
        out["enabled"] = inner.active.into();
        out["requests"] = inner.counters.requests.into();
        out["faulted"] = Value::Object(faulted);
        out["spared"] = inner.counters.spared.into();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(rate: f64, seed: u64) -> RandomFaultConfig {
        RandomFaultConfig {
            rate,
            seed,
            ..RandomFaultConfig::default()
        }
    }

    /// Faults of `kind` on every request, with the rest of the default
    /// configuration as `adjust` leaves it.
    fn always(kind: RandomKind, adjust: impl FnOnce(&mut RandomFaultConfig)) -> RandomFaults {
        let mut config = RandomFaultConfig {
            rate: 1.0,
            kinds: vec![kind],
            ..RandomFaultConfig::default()
        };
        adjust(&mut config);
        let faults = RandomFaults::default();
        faults.set(config);
        faults
    }

    fn decisions(faults: &RandomFaults, n: usize) -> Vec<Option<RandomKind>> {
        (0..n)
            .map(|i| {
                let path = format!("/directories/d{}", i % 7);
                faults
                    .decide(&Method::GET, &path, None)
                    .map(|fault| fault.kind)
            })
            .collect()
    }

    #[test]
    fn rate_one_faults_everything_rate_zero_nothing() {
        let faults = RandomFaults::default();
        assert_eq!(decisions(&faults, 10), vec![None; 10], "off by default");
        faults.set(config(1.0, 3));
        let all = decisions(&faults, 2_000);
        assert!(all.iter().all(Option::is_some));
        for kind in RandomKind::ALL {
            let n = all.iter().filter(|d| **d == Some(kind)).count();
            assert!((350..650).contains(&n), "{kind}: {n} of 2000");
        }
        faults.set(config(0.0, 3));
        assert_eq!(decisions(&faults, 1_000), vec![None; 1_000]);
        assert_eq!(faults.to_json()["requests"], 1_000);
    }

    #[test]
    fn rate_is_respected_and_counted() {
        let faults = RandomFaults::default();
        faults.set(config(0.1, 9));
        let hits = decisions(&faults, 20_000).iter().flatten().count();
        assert!((1_700..2_300).contains(&hits), "{hits}");
        let status = faults.to_json();
        let counted: u64 = RandomKind::ALL
            .iter()
            .map(|k| status["faulted"][k.name()].as_u64().unwrap())
            .sum();
        assert_eq!(counted, hits as u64);
        faults.disable();
        assert_eq!(decisions(&faults, 100), vec![None; 100]);
        assert_eq!(faults.to_json()["enabled"], false);
        assert_eq!(faults.to_json()["requests"], 20_000, "kept after disable");
    }

    #[test]
    fn same_seed_same_sequence() {
        let faults = RandomFaults::default();
        faults.set(config(0.3, 7));
        let first = decisions(&faults, 500);
        faults.set(config(0.3, 7));
        assert_eq!(decisions(&faults, 500), first);
        faults.set(config(0.3, 8));
        assert_ne!(decisions(&faults, 500), first);
    }

    #[test]
    fn only_chosen_kinds_and_slow_delay() {
        let faults = always(RandomKind::Slow, |c| c.slow_ms = 12);
        let fault = faults.decide(&Method::GET, "/directories", None).unwrap();
        assert_eq!(fault.kind, RandomKind::Slow);
        assert_eq!(fault.delay, Duration::from_millis(12));
    }

    #[test]
    fn streaks_are_capped_per_request_key() {
        let faults = always(RandomKind::Unavailable, |c| c.max_consecutive = Some(3));
        let get = |path: &str, query: Option<&str>| {
            faults
                .decide(&Method::GET, path, query)
                .map(|fault| fault.kind)
        };
        let fault = Some(RandomKind::Unavailable);
        for _ in 0..3 {
            assert_eq!(get("/directories/a", None), fault);
            // Other keys have streaks of their own.
            assert_eq!(get("/directories/b", None), fault);
            assert_eq!(get("/directories", Some("after=x")), fault);
        }
        assert_eq!(get("/directories/a", None), None);
        assert_eq!(get("/directories/a", None), fault, "a new streak");
        assert_eq!(get("/directories/b", None), None);
        assert_eq!(get("/directories", Some("after=x")), None);
        assert_eq!(get("/directories", Some("after=y")), fault);
        assert_eq!(faults.to_json()["spared"], 3);
    }

    #[test]
    fn slow_faults_do_not_count_towards_a_streak() {
        let faults = always(RandomKind::Slow, |c| {
            c.max_consecutive = Some(1);
            c.slow_ms = 0;
        });
        for _ in 0..5 {
            assert!(faults.decide(&Method::GET, "/directories", None).is_some());
        }
    }

    #[test]
    fn parses_and_validates() {
        let parsed = RandomFaultConfig::parse(
            br#"{"rate":0.1,"kinds":["503",429,"DROP","slow"],"seed":7,"slow_ms":20,"max_consecutive":3}"#,
        )
        .unwrap();
        assert_eq!(
            parsed,
            RandomFaultConfig {
                rate: 0.1,
                kinds: RandomKind::ALL.to_vec(),
                seed: 7,
                slow_ms: 20,
                max_consecutive: Some(3),
            }
        );
        assert_eq!(
            RandomFaultConfig::parse(br#"{"rate":1}"#).unwrap(),
            config(1.0, 1)
        );
        for bad in [
            r#"{}"#,
            r#"{"rate":1.5}"#,
            r#"{"rate":-0.1}"#,
            r#"{"rate":0.1,"kinds":[]}"#,
            r#"{"rate":0.1,"kinds":["500"]}"#,
            r#"{"rate":0.1,"kinds":[true]}"#,
            r#"{"rate":0.1,"slow_ms":60001}"#,
            r#"{"rate":0.1,"sead":7}"#,
            r#"{"rate":"0.1"}"#,
            r#"[]"#,
        ] {
            assert!(RandomFaultConfig::parse(bad.as_bytes()).is_err(), "{bad}");
        }
    }
}
