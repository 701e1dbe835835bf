//! Failed-attempt counting and lockout, for passwords, TOTP codes and backup
//! codes alike (NIST SP 800-63B section 3.2.2, rate limiting).
//!
//! The state is a small serialisable value the host stores per account and
//! per factor; it changes only through [`LockoutState::register_failure`] and
//! [`LockoutState::register_success`], and is read at an explicit `now`.
//!
//! # Examples
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use itsm_auth::lockout::{LockStatus, LockoutPolicy, LockoutState};
//!
//! let policy = LockoutPolicy::default(); // 5 failures -> 15 minutes
//! let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
//! let mut state = LockoutState::default();
//! for i in 0..5 {
//!     state.register_failure(&policy, t0 + Duration::seconds(i));
//! }
//! let locked_at = t0 + Duration::seconds(4);
//! assert_eq!(
//!     state.status(&policy, locked_at + Duration::minutes(15) - Duration::seconds(1)),
//!     LockStatus::Locked { until: locked_at + Duration::minutes(15), remaining_seconds: 1 }
//! );
//! assert_eq!(
//!     state.status(&policy, locked_at + Duration::minutes(15)),
//!     LockStatus::Unlocked { remaining_attempts: 5 }
//! );
//! ```

use chrono::{DateTime, Duration, Utc};
use itsm_core::time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// How many consecutive failures lock an account, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LockoutPolicy {
    /// Consecutive failures that lock the account (seed: 5; NIST SP 800-63B
    /// allows at most 100).
    #[schemars(range(min = 1, max = 100))]
    pub max_failures: u32,
    /// How long the lock lasts, in minutes (seed: 15).
    #[schemars(range(min = 1, max = 525_600))]
    pub lockout_minutes: u32,
}

// Reading a `LockoutPolicy` runs its check: a stored or uploaded document out of
// range is refused where it enters, not where it is used.
itsm_core::deserialize_checked!(
    #[serde(deny_unknown_fields)]
    LockoutPolicy {
        max_failures: u32,
        lockout_minutes: u32,
    } => LockoutPolicy::check
);

impl Default for LockoutPolicy {
    /// The seed's 5 attempts and 15 minutes.
    fn default() -> Self {
        Self {
            max_failures: 5,
            lockout_minutes: 15,
        }
    }
}

impl LockoutPolicy {
    /// A policy with the given numbers.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] as for [`check`](Self::check).
    pub fn new(max_failures: u32, lockout_minutes: u32) -> Result<Self, Error> {
        let policy = Self {
            max_failures,
            lockout_minutes,
        };
        policy.check()?;
        Ok(policy)
    }

    /// Checks the numbers.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] when `max_failures` is 0 or above 100 (NIST SP
    /// 800-63B's ceiling), or `lockout_minutes` is 0 or longer than a year.
    pub fn check(&self) -> Result<(), Error> {
        if !(1..=100).contains(&self.max_failures) {
            return Err(Error::Policy {
                reason: "max_failures must be 1..=100".into(),
            });
        }
        if !(1..=525_600).contains(&self.lockout_minutes) {
            return Err(Error::Policy {
                reason: "lockout_minutes must be 1..=525600".into(),
            });
        }
        Ok(())
    }

    fn duration(self) -> Duration {
        Duration::minutes(i64::from(self.lockout_minutes))
    }
}

/// Whether further attempts are allowed at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LockStatus {
    /// Attempts are allowed.
    Unlocked {
        /// Failures left before the lock.
        remaining_attempts: u32,
    },
    /// Attempts are refused until `until`.
    Locked {
        /// When the lock ends.
        until: DateTime<Utc>,
        /// Whole seconds until then, rounded up.
        remaining_seconds: i64,
    },
}

/// The per-account failure counter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LockoutState {
    /// Consecutive failures since the last success or the last lock's end.
    pub consecutive_failures: u32,
    /// The end of the current or last lock.
    pub locked_until: Option<DateTime<Utc>>,
}

impl LockoutState {
    /// Status at `now`. A lock holds while `now < locked_until`; when it has
    /// passed, the counter starts again from zero.
    #[must_use]
    pub fn status(&self, policy: &LockoutPolicy, now: DateTime<Utc>) -> LockStatus {
        match self.locked_until {
            Some(until) if now < until => LockStatus::Locked {
                until,
                remaining_seconds: ceil_seconds(until - now),
            },
            Some(_) => LockStatus::Unlocked {
                remaining_attempts: policy.max_failures,
            },
            None => LockStatus::Unlocked {
                remaining_attempts: policy
                    .max_failures
                    .saturating_sub(self.consecutive_failures),
            },
        }
    }

    /// Whether attempts are refused at `now`.
    #[must_use]
    pub fn is_locked(&self, policy: &LockoutPolicy, now: DateTime<Utc>) -> bool {
        matches!(self.status(policy, now), LockStatus::Locked { .. })
    }

    /// Records a failed attempt at `now` and returns the status after it.
    /// Failures while locked do not extend the lock (the attempt should not
    /// have been checked at all).
    pub fn register_failure(&mut self, policy: &LockoutPolicy, now: DateTime<Utc>) -> LockStatus {
        match self.locked_until {
            Some(until) if now < until => return self.status(policy, now),
            Some(_) => *self = Self::default(),
            None => {}
        }
        self.consecutive_failures = self.consecutive_failures.saturating_add(1);
        if self.consecutive_failures >= policy.max_failures {
            self.locked_until = Some(time::after(now, policy.duration()));
        }
        self.status(policy, now)
    }

    /// Records a successful attempt: the counter starts again.
    pub fn register_success(&mut self) {
        *self = Self::default();
    }
}

fn ceil_seconds(d: Duration) -> i64 {
    let secs = d.num_seconds();
    if d > Duration::seconds(secs) {
        secs + 1
    } else {
        secs
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn t(s: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::seconds(s)
    }

    #[test]
    fn four_failures_do_not_lock_the_fifth_does() {
        let p = LockoutPolicy::default();
        let mut s = LockoutState::default();
        for i in 1..=4 {
            assert_eq!(
                s.register_failure(&p, t(i)),
                LockStatus::Unlocked {
                    remaining_attempts: 5 - u32::try_from(i).unwrap()
                }
            );
        }
        assert!(!s.is_locked(&p, t(4)));
        assert_eq!(
            s.register_failure(&p, t(5)),
            LockStatus::Locked {
                until: t(5 + 900),
                remaining_seconds: 900
            }
        );
    }

    #[test]
    fn lock_ends_exactly_at_its_end() {
        let p = LockoutPolicy::default();
        let mut s = LockoutState::default();
        for i in 0..5 {
            s.register_failure(&p, t(i));
        }
        assert!(s.is_locked(&p, t(4 + 899)));
        assert!(s.is_locked(&p, t(4 + 900) - Duration::milliseconds(1)));
        assert_eq!(
            s.status(&p, t(4 + 900) - Duration::milliseconds(1)),
            LockStatus::Locked {
                until: t(904),
                remaining_seconds: 1
            }
        );
        assert!(!s.is_locked(&p, t(4 + 900)));
    }

    #[test]
    fn failures_while_locked_do_not_extend_and_after_the_lock_the_count_restarts() {
        let p = LockoutPolicy::default();
        let mut s = LockoutState::default();
        for i in 0..5 {
            s.register_failure(&p, t(i));
        }
        s.register_failure(&p, t(100));
        assert_eq!(s.locked_until, Some(t(904)));
        assert_eq!(
            s.register_failure(&p, t(904)),
            LockStatus::Unlocked {
                remaining_attempts: 4
            }
        );
    }

    #[test]
    fn success_resets() {
        let p = LockoutPolicy::default();
        let mut s = LockoutState::default();
        for i in 0..4 {
            s.register_failure(&p, t(i));
        }
        s.register_success();
        assert_eq!(
            s.status(&p, t(10)),
            LockStatus::Unlocked {
                remaining_attempts: 5
            }
        );
    }

    #[test]
    fn policy_bounds() {
        assert!(LockoutPolicy::new(0, 15).is_err());
        assert!(LockoutPolicy::new(101, 15).is_err());
        assert!(LockoutPolicy::new(100, 15).is_ok());
        assert!(LockoutPolicy::new(5, 0).is_err());
    }

    #[test]
    fn state_round_trips() {
        let s = LockoutState {
            consecutive_failures: 3,
            locked_until: Some(t(9)),
        };
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<LockoutState>(&json).unwrap(), s);
    }
}
