//! Rate limiting and throttling (seed layer 1) with the generic cell rate
//! algorithm (GCRA), as pure state and decision.
//!
//! A [`Quota`] allows `requests` per `period` on average, with bursts of up
//! to `burst` requests at once. GCRA keeps one instant per key, the
//! *theoretical arrival time* ([`GcraState`]): small, serialisable, and kept
//! wherever the host likes. Each request moves it one emission interval
//! (`period / requests`) later; a request is refused while it is more than
//! `burst` intervals ahead of `now`, and the refusal says exactly how long to
//! wait. Both limits hold at their boundaries: `burst` requests at one
//! instant pass and the next waits one interval; requests spaced exactly one
//! interval apart pass forever.
//!
//! The emission interval is rounded up to the microsecond, so a quota never
//! admits more than it says. Time is a parameter; no clock is read.
//!
//! [`RateLimiter`] adds keys (user, IP address or API client, per
//! [`RouteClass`]), a [`RatePolicy`] with a quota per route class, and a
//! [`RateStore`] the host implements (an in-memory one is included).
//!
//! # Examples
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use itsm_auth::guard::rate_limit::{Quota, RateDecision};
//!
//! let quota = Quota::per_second(10, 3)?; // 10 a second, bursts of 3
//! let t = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//! let mut state = None;
//! for _ in 0..3 {
//!     let (decision, next) = quota.check(state, t);
//!     assert!(matches!(decision, RateDecision::Allow { .. }));
//!     state = Some(next);
//! }
//! // The fourth at the same instant waits one interval (100 ms).
//! let (decision, _) = quota.check(state, t);
//! assert_eq!(decision, RateDecision::Deny { retry_after: std::time::Duration::from_millis(100) });
//! // One interval later, one more passes.
//! let (decision, _) = quota.check(state, t + Duration::milliseconds(100));
//! assert_eq!(decision, RateDecision::Allow { remaining: 0 });
//! # Ok::<(), itsm_auth::Error>(())
//! ```

use std::collections::BTreeMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// The longest period a quota may have: a day.
pub const MAX_PERIOD_MS: u64 = 86_400_000;
/// The largest burst a quota may allow.
pub const MAX_BURST: u32 = 1_000_000;

/// An average rate with a burst allowance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "QuotaFields", into = "QuotaFields")]
pub struct Quota {
    requests: u32,
    period_ms: u64,
    burst: u32,
}

/// The serialised form of a [`Quota`], checked on the way in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuotaFields {
    /// Requests allowed on average per period (at least 1).
    pub requests: u32,
    /// The period in milliseconds (1 to a day).
    pub period_ms: u64,
    /// Requests allowed at one instant (at least 1).
    pub burst: u32,
}

impl TryFrom<QuotaFields> for Quota {
    type Error = Error;

    fn try_from(f: QuotaFields) -> Result<Self, Error> {
        Self::new(f.requests, f.period_ms, f.burst)
    }
}

impl From<Quota> for QuotaFields {
    fn from(q: Quota) -> Self {
        Self {
            requests: q.requests,
            period_ms: q.period_ms,
            burst: q.burst,
        }
    }
}

impl Quota {
    /// `requests` per `period_ms` milliseconds, with bursts of `burst`.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] when `requests` or `burst` is 0, `burst` is above
    /// [`MAX_BURST`], or the period is 0 or longer than a day.
    ///
    /// # Examples
    ///
    /// ```
    /// use itsm_auth::guard::rate_limit::Quota;
    ///
    /// assert!(Quota::new(100, 60_000, 20).is_ok());
    /// assert!(Quota::new(0, 60_000, 20).is_err());
    /// ```
    pub fn new(requests: u32, period_ms: u64, burst: u32) -> Result<Self, Error> {
        let bad = |reason: &str| {
            Err(Error::Policy {
                reason: format!("rate limit quota: {reason}"),
            })
        };
        if requests == 0 {
            return bad("requests must be at least 1");
        }
        if burst == 0 || burst > MAX_BURST {
            return bad("burst must be 1..=1000000");
        }
        if period_ms == 0 || period_ms > MAX_PERIOD_MS {
            return bad("period must be 1 ms to a day");
        }
        Ok(Self {
            requests,
            period_ms,
            burst,
        })
    }

    /// `requests` a second, with bursts of `burst`.
    ///
    /// # Errors
    ///
    /// As [`Quota::new`].
    pub fn per_second(requests: u32, burst: u32) -> Result<Self, Error> {
        Self::new(requests, 1_000, burst)
    }

    /// `requests` a minute, with bursts of `burst`.
    ///
    /// # Errors
    ///
    /// As [`Quota::new`].
    pub fn per_minute(requests: u32, burst: u32) -> Result<Self, Error> {
        Self::new(requests, 60_000, burst)
    }

    /// Requests per period on average.
    #[must_use]
    pub const fn requests(&self) -> u32 {
        self.requests
    }

    /// The period in milliseconds.
    #[must_use]
    pub const fn period_ms(&self) -> u64 {
        self.period_ms
    }

    /// Requests allowed at one instant.
    #[must_use]
    pub const fn burst(&self) -> u32 {
        self.burst
    }

    /// Microseconds between requests at the sustained rate, rounded up.
    #[must_use]
    pub fn emission_interval_micros(&self) -> u64 {
        (self.period_ms * 1_000).div_ceil(u64::from(self.requests))
    }

    /// Decides a request at `now` given the key's state (`None` for a key
    /// not seen, or whose state was pruned), and returns the state to keep.
    /// A refused request leaves the state as it was.
    #[must_use]
    pub fn check(&self, state: Option<GcraState>, now: DateTime<Utc>) -> (RateDecision, GcraState) {
        let t = i128::from(now.timestamp_micros());
        let interval = i128::from(self.emission_interval_micros());
        // How far the theoretical arrival time may run ahead of now.
        let allowance = interval * i128::from(self.burst);
        let tat = state
            .map_or(t, |s| i128::from(s.tat.timestamp_micros()))
            .max(t);
        let next = tat + interval;
        let ahead = next - t;
        if ahead > allowance {
            let wait = u64::try_from(ahead - allowance).unwrap_or(u64::MAX);
            let kept = state.unwrap_or(GcraState { tat: now });
            return (
                RateDecision::Deny {
                    retry_after: std::time::Duration::from_micros(wait),
                },
                kept,
            );
        }
        let remaining = u32::try_from((allowance - ahead) / interval).unwrap_or(u32::MAX);
        let next = i64::try_from(next).unwrap_or(i64::MAX);
        let tat = DateTime::from_timestamp_micros(next).unwrap_or(DateTime::<Utc>::MAX_UTC);
        (RateDecision::Allow { remaining }, GcraState { tat })
    }
}

/// A key's limiter state: its theoretical arrival time. A state at or
/// before `now` is the same as no state (the key's full burst is available),
/// so it can be dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GcraState {
    /// When the key's allowance is next fully used up at the sustained rate.
    pub tat: DateTime<Utc>,
}

/// Whether a request may proceed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RateDecision {
    /// Proceed; `remaining` more requests would pass at this instant.
    Allow {
        /// Requests left in the burst at this instant.
        remaining: u32,
    },
    /// Refuse (HTTP 429) and ask the client to wait.
    Deny {
        /// How long until one request would pass.
        retry_after: std::time::Duration,
    },
}

impl RateDecision {
    /// The `Retry-After` header value for a refusal: whole seconds, rounded
    /// up (RFC 9110 section 10.2.3); `None` for an allowed request.
    #[must_use]
    pub fn retry_after_header(&self) -> Option<String> {
        match self {
            Self::Allow { .. } => None,
            Self::Deny { retry_after } => {
                let secs = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
                Some(secs.to_string())
            }
        }
    }
}

/// The kind of endpoint a request goes to; each has its own quota.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RouteClass {
    /// Sign-in, MFA and password reset.
    Login,
    /// API reads.
    Read,
    /// API writes.
    Write,
}

/// Who is being limited.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    /// A signed-in user (by user id).
    User,
    /// A client address (IP address, or a prefix such as an IPv6 /64).
    Ip,
    /// An API client (by client id or key id).
    Client,
}

/// What a limiter counts requests by: a route class and a subject.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct RateKey {
    /// The route class.
    pub class: RouteClass,
    /// The kind of subject.
    pub kind: KeyKind,
    /// The subject: a user id, an address, a client id (1 to 256 bytes).
    pub id: String,
}

impl RateKey {
    /// A key for `id` of `kind` on `class` routes.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] when `id` is empty or longer than 256 bytes.
    pub fn new(class: RouteClass, kind: KeyKind, id: impl Into<String>) -> Result<Self, Error> {
        let id = id.into();
        if id.is_empty() || id.len() > 256 {
            return Err(Error::Policy {
                reason: "rate limit key id must be 1..=256 bytes".into(),
            });
        }
        Ok(Self { class, kind, id })
    }
}

/// A quota per route class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RatePolicy {
    /// Sign-in, MFA and reset routes.
    pub login: Quota,
    /// API reads.
    pub read: Quota,
    /// API writes.
    pub write: Quota,
}

impl Default for RatePolicy {
    /// This library's defaults (the seed names rate limiting but gives no
    /// numbers): login 10 a minute with bursts of 5 per key, so an account
    /// or address cannot try passwords faster than the lockout counts them;
    /// reads 50 a second with bursts of 100; writes 10 a second with bursts
    /// of 20. Tune them to the service.
    fn default() -> Self {
        Self {
            login: Quota {
                requests: 10,
                period_ms: 60_000,
                burst: 5,
            },
            read: Quota {
                requests: 50,
                period_ms: 1_000,
                burst: 100,
            },
            write: Quota {
                requests: 10,
                period_ms: 1_000,
                burst: 20,
            },
        }
    }
}

impl RatePolicy {
    /// The quota for `class`.
    #[must_use]
    pub const fn quota(&self, class: RouteClass) -> &Quota {
        match class {
            RouteClass::Login => &self.login,
            RouteClass::Read => &self.read,
            RouteClass::Write => &self.write,
        }
    }
}

/// Where limiter states live. The host's store (Redis, a database) must run
/// `update`'s read, decide and write as one atomic step per key, or two
/// concurrent requests could both take the last slot.
pub trait RateStore {
    /// Reads the key's state, passes it to `decide`, and stores what
    /// `decide` returns, atomically for that key.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the store cannot answer.
    fn update(
        &self,
        key: &RateKey,
        decide: &mut dyn FnMut(Option<GcraState>) -> GcraState,
    ) -> Result<(), Error>;
}

/// Limiter states in memory, for one process.
#[derive(Debug, Default)]
pub struct InMemoryRateStore {
    states: Mutex<BTreeMap<RateKey, GcraState>>,
}

impl InMemoryRateStore {
    /// Drops states at or before `now` (keys with their whole burst back),
    /// which behave exactly as absent ones; returns how many were dropped.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the lock is poisoned.
    pub fn prune(&self, now: DateTime<Utc>) -> Result<usize, Error> {
        let mut states = self.states.lock().map_err(|_| Error::poisoned())?;
        let before = states.len();
        states.retain(|_, s| s.tat > now);
        Ok(before - states.len())
    }

    /// The number of keys held.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the lock is poisoned.
    pub fn len(&self) -> Result<usize, Error> {
        Ok(self.states.lock().map_err(|_| Error::poisoned())?.len())
    }

    /// Whether no key is held.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the lock is poisoned.
    pub fn is_empty(&self) -> Result<bool, Error> {
        self.len().map(|n| n == 0)
    }
}

impl RateStore for InMemoryRateStore {
    fn update(
        &self,
        key: &RateKey,
        decide: &mut dyn FnMut(Option<GcraState>) -> GcraState,
    ) -> Result<(), Error> {
        let mut states = self.states.lock().map_err(|_| Error::poisoned())?;
        let next = decide(states.get(key).copied());
        if let Some(s) = states.get_mut(key) {
            *s = next;
        } else {
            states.insert(key.clone(), next);
        }
        Ok(())
    }
}

/// A policy applied through a store.
#[derive(Debug)]
pub struct RateLimiter<S> {
    policy: RatePolicy,
    store: S,
}

impl<S: RateStore> RateLimiter<S> {
    /// A limiter applying `policy` with states in `store`.
    #[must_use]
    pub const fn new(policy: RatePolicy, store: S) -> Self {
        Self { policy, store }
    }

    /// The policy.
    #[must_use]
    pub const fn policy(&self) -> &RatePolicy {
        &self.policy
    }

    /// The store.
    #[must_use]
    pub const fn store(&self) -> &S {
        &self.store
    }

    /// Decides a request for `key` at `now` and records it.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the store cannot answer.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use itsm_auth::guard::rate_limit::*;
    ///
    /// let limiter = RateLimiter::new(RatePolicy::default(), InMemoryRateStore::default());
    /// let key = RateKey::new(RouteClass::Login, KeyKind::Ip, "203.0.113.7")?;
    /// let t = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
    /// for _ in 0..5 {
    ///     assert!(matches!(limiter.check(&key, t)?, RateDecision::Allow { .. }));
    /// }
    /// let refused = limiter.check(&key, t)?; // the sixth login attempt in the same instant
    /// assert_eq!(refused.retry_after_header().as_deref(), Some("6"));
    /// # Ok::<(), itsm_auth::Error>(())
    /// ```
    pub fn check(&self, key: &RateKey, now: DateTime<Utc>) -> Result<RateDecision, Error> {
        let quota = self.policy.quota(key.class);
        let mut decision = None;
        self.store.update(key, &mut |state| {
            let (d, next) = quota.check(state, now);
            decision = Some(d);
            next
        })?;
        decision.ok_or_else(|| Error::Store {
            reason: "the rate store did not run the decision".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};
    use std::time::Duration as Wait;

    use super::*;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap()
    }

    /// Runs requests at the given offsets (µs from t0); returns the decisions.
    fn run(quota: &Quota, offsets_micros: &[i64]) -> Vec<RateDecision> {
        let mut state = None;
        offsets_micros
            .iter()
            .map(|&us| {
                let (d, s) = quota.check(state, t0() + Duration::microseconds(us));
                state = Some(s);
                d
            })
            .collect()
    }

    #[test]
    fn burst_passes_at_one_instant_and_the_next_waits_one_interval() {
        let q = Quota::per_second(10, 4).unwrap();
        let d = run(&q, &[0, 0, 0, 0, 0]);
        assert_eq!(
            &d[..4],
            &[
                RateDecision::Allow { remaining: 3 },
                RateDecision::Allow { remaining: 2 },
                RateDecision::Allow { remaining: 1 },
                RateDecision::Allow { remaining: 0 },
            ]
        );
        assert_eq!(
            d[4],
            RateDecision::Deny {
                retry_after: Wait::from_millis(100)
            }
        );
    }

    #[test]
    fn after_a_burst_one_microsecond_early_is_refused_and_on_time_passes() {
        let q = Quota::per_second(10, 4).unwrap();
        let d = run(&q, &[0, 0, 0, 0, 99_999]);
        assert_eq!(
            d[4],
            RateDecision::Deny {
                retry_after: Wait::from_micros(1)
            }
        );
        let d = run(&q, &[0, 0, 0, 0, 100_000]);
        assert_eq!(d[4], RateDecision::Allow { remaining: 0 });
    }

    #[test]
    fn the_sustained_rate_holds_forever_and_faster_is_refused() {
        let q = Quota::per_second(10, 1).unwrap();
        let on_time: Vec<i64> = (0..1_000).map(|i| i * 100_000).collect();
        assert!(
            run(&q, &on_time)
                .iter()
                .all(|d| *d == RateDecision::Allow { remaining: 0 })
        );
        // One microsecond faster than the rate: every other request is refused.
        let fast: Vec<i64> = (0..10).map(|i| i * 99_999).collect();
        let d = run(&q, &fast);
        assert_eq!(d[0], RateDecision::Allow { remaining: 0 });
        assert_eq!(
            d[1],
            RateDecision::Deny {
                retry_after: Wait::from_micros(1)
            }
        );
    }

    #[test]
    fn a_refusal_does_not_use_up_the_allowance() {
        let q = Quota::per_second(1, 1).unwrap();
        // Hammering while refused does not push the next slot later.
        let mut offsets = vec![0];
        offsets.extend((1..100).map(|i| i * 1_000));
        offsets.push(1_000_000);
        let d = run(&q, &offsets);
        assert!(
            d[1..100]
                .iter()
                .all(|d| matches!(d, RateDecision::Deny { .. }))
        );
        assert_eq!(d[100], RateDecision::Allow { remaining: 0 });
    }

    #[test]
    fn idle_keys_get_their_whole_burst_back() {
        let q = Quota::per_minute(10, 5).unwrap();
        let d = run(&q, &[0, 0, 0, 0, 0, 0, 30_000_000]);
        assert!(matches!(d[5], RateDecision::Deny { .. }));
        // After 30 s, 5 intervals of 6 s have passed: the burst is back.
        assert_eq!(d[6], RateDecision::Allow { remaining: 4 });
    }

    #[test]
    fn intervals_round_up_so_a_quota_never_admits_more() {
        let q = Quota::per_second(3, 1).unwrap();
        assert_eq!(q.emission_interval_micros(), 333_334);
        let d = run(&q, &[0, 333_333]);
        assert_eq!(
            d[1],
            RateDecision::Deny {
                retry_after: Wait::from_micros(1)
            }
        );
        // Three a second is still three in any second.
        let d = run(&q, &[0, 333_334, 666_668, 999_999]);
        assert!(matches!(d[3], RateDecision::Deny { .. }));
    }

    #[test]
    fn quotas_are_checked_in_code_and_in_json() {
        assert!(Quota::new(0, 1_000, 1).is_err());
        assert!(Quota::new(1, 0, 1).is_err());
        assert!(Quota::new(1, MAX_PERIOD_MS + 1, 1).is_err());
        assert!(Quota::new(1, 1_000, 0).is_err());
        assert!(Quota::new(1, 1_000, MAX_BURST + 1).is_err());
        assert!(Quota::new(1, MAX_PERIOD_MS, MAX_BURST).is_ok());
        let q: Quota =
            serde_json::from_str(r#"{"requests":5,"period_ms":1000,"burst":2}"#).unwrap();
        assert_eq!(q, Quota::per_second(5, 2).unwrap());
        assert_eq!(
            serde_json::to_string(&q).unwrap(),
            r#"{"requests":5,"period_ms":1000,"burst":2}"#
        );
        assert!(
            serde_json::from_str::<Quota>(r#"{"requests":0,"period_ms":1000,"burst":2}"#).is_err()
        );
        assert!(
            serde_json::from_str::<Quota>(r#"{"requests":5,"period":1000,"burst":2}"#).is_err()
        );
        let policy: RatePolicy =
            serde_json::from_str(&serde_json::to_string(&RatePolicy::default()).unwrap()).unwrap();
        assert_eq!(policy, RatePolicy::default());
    }

    #[test]
    fn states_round_trip_and_extreme_instants_do_not_panic() {
        let q = Quota::per_second(1, 1).unwrap();
        let (_, s) = q.check(None, t0());
        let back: GcraState = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
        for now in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
            let (d, s) = q.check(None, now);
            assert!(matches!(d, RateDecision::Allow { .. }));
            let _ = q.check(Some(s), now);
        }
    }

    #[test]
    fn retry_after_header_rounds_up_to_whole_seconds() {
        let deny = |us| RateDecision::Deny {
            retry_after: Wait::from_micros(us),
        };
        assert_eq!(deny(1).retry_after_header().as_deref(), Some("1"));
        assert_eq!(deny(1_000_000).retry_after_header().as_deref(), Some("1"));
        assert_eq!(deny(1_000_001).retry_after_header().as_deref(), Some("2"));
        assert_eq!(
            RateDecision::Allow { remaining: 1 }.retry_after_header(),
            None
        );
    }

    #[test]
    fn keys_are_separate_per_subject_and_route_class() {
        let limiter = RateLimiter::new(RatePolicy::default(), InMemoryRateStore::default());
        let ip = |class, id: &str| RateKey::new(class, KeyKind::Ip, id).unwrap();
        let a = ip(RouteClass::Login, "198.51.100.1");
        for _ in 0..5 {
            assert!(matches!(
                limiter.check(&a, t0()).unwrap(),
                RateDecision::Allow { .. }
            ));
        }
        assert!(matches!(
            limiter.check(&a, t0()).unwrap(),
            RateDecision::Deny { .. }
        ));
        // Another address, and the same address on read routes, are untouched.
        let b = ip(RouteClass::Login, "198.51.100.2");
        assert_eq!(
            limiter.check(&b, t0()).unwrap(),
            RateDecision::Allow { remaining: 4 }
        );
        let reads = ip(RouteClass::Read, "198.51.100.1");
        assert_eq!(
            limiter.check(&reads, t0()).unwrap(),
            RateDecision::Allow { remaining: 99 }
        );
        assert!(RateKey::new(RouteClass::Read, KeyKind::User, "").is_err());
        assert!(RateKey::new(RouteClass::Read, KeyKind::User, "x".repeat(257)).is_err());
        // Pruning drops only keys whose burst is whole again.
        let store = limiter.store();
        assert_eq!(store.len().unwrap(), 3);
        assert_eq!(store.prune(t0() + Duration::seconds(3)).unwrap(), 1);
        assert_eq!(store.prune(t0() + Duration::minutes(1)).unwrap(), 2);
        assert!(store.is_empty().unwrap());
    }
}
