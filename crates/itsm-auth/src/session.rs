//! Session timeouts as a decision at `now`.
//!
//! The seed sets no session limits. The defaults follow NIST SP 800-63B's
//! reauthentication rules for AAL2 (rev. 4, section 2.2.3): at most 30
//! minutes of inactivity and 12 hours in all, whatever the activity.
//!
//! # Examples
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use itsm_auth::session::{Session, SessionDecision, SessionPolicy, SessionEnd};
//!
//! let policy = SessionPolicy::default();
//! let start = Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, 0).unwrap();
//! let mut session = Session::new(start);
//! session.touch(start + Duration::minutes(20));
//!
//! assert!(matches!(policy.check(&session, start + Duration::minutes(49)), SessionDecision::Active { .. }));
//! assert_eq!(
//!     policy.check(&session, start + Duration::minutes(50)),
//!     SessionDecision::Expired { reason: SessionEnd::Idle, at: start + Duration::minutes(50) }
//! );
//! ```

use chrono::{DateTime, Utc};
use itsm_core::time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// Idle and absolute timeouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SessionPolicy {
    /// Minutes without activity that end a session (30).
    pub idle_timeout_minutes: u32,
    /// Hours after sign-in that end a session whatever the activity (12).
    pub absolute_timeout_hours: u32,
}

impl Default for SessionPolicy {
    /// NIST SP 800-63B AAL2: 30 minutes idle, 12 hours absolute.
    fn default() -> Self {
        Self {
            idle_timeout_minutes: 30,
            absolute_timeout_hours: 12,
        }
    }
}

/// A session's start and last activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// When the user signed in.
    pub created_at: DateTime<Utc>,
    /// The last request.
    pub last_activity_at: DateTime<Utc>,
}

impl Session {
    /// A session started at `now`.
    #[must_use]
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            created_at: now,
            last_activity_at: now,
        }
    }

    /// Records activity at `now` (never moving back in time).
    pub fn touch(&mut self, now: DateTime<Utc>) {
        self.last_activity_at = self.last_activity_at.max(now);
    }
}

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SessionEnd {
    /// Too long without activity.
    Idle,
    /// Too long since sign-in.
    Absolute,
}

/// Whether a session is still valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SessionDecision {
    /// Valid; it ends at `expires_at` unless there is activity before.
    Active {
        /// The earlier of the idle and the absolute deadline.
        expires_at: DateTime<Utc>,
    },
    /// Ended.
    Expired {
        /// Which limit ended it.
        reason: SessionEnd,
        /// When.
        at: DateTime<Utc>,
    },
}

impl SessionPolicy {
    /// Checks the numbers.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] when either timeout is 0, the idle timeout is longer
    /// than the absolute one, or the absolute one is over 30 days.
    pub fn check_settings(&self) -> Result<(), Error> {
        let idle = i64::from(self.idle_timeout_minutes);
        let absolute = i64::from(self.absolute_timeout_hours) * 60;
        if idle == 0 || absolute == 0 || idle > absolute || self.absolute_timeout_hours > 720 {
            return Err(Error::Policy {
                reason:
                    "session timeouts must be positive, idle <= absolute, absolute <= 720 hours"
                        .into(),
            });
        }
        Ok(())
    }

    /// The session's state at `now`: expired once `now` reaches either deadline.
    #[must_use]
    pub fn check(&self, session: &Session, now: DateTime<Utc>) -> SessionDecision {
        let idle_end = time::after(
            session.last_activity_at,
            time::minutes(i64::from(self.idle_timeout_minutes)),
        );
        let absolute_end = time::after(
            session.created_at,
            time::hours(i64::from(self.absolute_timeout_hours)),
        );
        if now >= absolute_end && absolute_end <= idle_end {
            SessionDecision::Expired {
                reason: SessionEnd::Absolute,
                at: absolute_end,
            }
        } else if now >= idle_end {
            SessionDecision::Expired {
                reason: SessionEnd::Idle,
                at: idle_end,
            }
        } else if now >= absolute_end {
            SessionDecision::Expired {
                reason: SessionEnd::Absolute,
                at: absolute_end,
            }
        } else {
            SessionDecision::Active {
                expires_at: idle_end.min(absolute_end),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, 0).unwrap()
    }

    #[test]
    fn idle_boundary() {
        let p = SessionPolicy::default();
        let s = Session::new(t0());
        assert_eq!(
            p.check(&s, t0() + Duration::minutes(30) - Duration::seconds(1)),
            SessionDecision::Active {
                expires_at: t0() + Duration::minutes(30)
            }
        );
        assert_eq!(
            p.check(&s, t0() + Duration::minutes(30)),
            SessionDecision::Expired {
                reason: SessionEnd::Idle,
                at: t0() + Duration::minutes(30)
            }
        );
    }

    #[test]
    fn absolute_boundary_despite_activity() {
        let p = SessionPolicy::default();
        let mut s = Session::new(t0());
        let end = t0() + Duration::hours(12);
        s.touch(end - Duration::minutes(1));
        assert_eq!(
            p.check(&s, end - Duration::seconds(1)),
            SessionDecision::Active { expires_at: end }
        );
        assert_eq!(
            p.check(&s, end),
            SessionDecision::Expired {
                reason: SessionEnd::Absolute,
                at: end
            }
        );
    }

    #[test]
    fn touch_never_goes_back() {
        let mut s = Session::new(t0());
        s.touch(t0() + Duration::minutes(5));
        s.touch(t0());
        assert_eq!(s.last_activity_at, t0() + Duration::minutes(5));
    }

    #[test]
    fn settings_bounds() {
        assert!(SessionPolicy::default().check_settings().is_ok());
        assert!(
            SessionPolicy {
                idle_timeout_minutes: 0,
                ..SessionPolicy::default()
            }
            .check_settings()
            .is_err()
        );
        assert!(
            SessionPolicy {
                idle_timeout_minutes: 13 * 60,
                ..SessionPolicy::default()
            }
            .check_settings()
            .is_err()
        );
        assert!(
            SessionPolicy {
                absolute_timeout_hours: 721,
                ..SessionPolicy::default()
            }
            .check_settings()
            .is_err()
        );
    }
}
