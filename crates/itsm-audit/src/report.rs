//! The seed's audit report (period, totals, by category, by user, failed
//! events, suspicious activities) with suspicious-activity rules as data.
//!
//! Rules, each configurable (defaults in [`Rules::default`]):
//!
//! - **repeated failed logins**: a user with `threshold` failed logins
//!   within `window_minutes` (default 5 in 15 minutes);
//! - **access denial burst**: a user with `threshold` access denials within
//!   `window_minutes` (default 10 in 5 minutes);
//! - **privilege change**: every permission grant, permission revoke or role
//!   assignment;
//! - **administrative action outside working hours**: configuration changes,
//!   policy changes, permission and role changes outside `start_hour` to
//!   `end_hour` (UTC, default 08:00-18:00) or at weekends;
//! - **mass export or download**: a user with `threshold` exports or
//!   downloads within `window_minutes` (default 100 in 60 minutes).
//!
//! Windowed rules fire once when the threshold is reached, then again only
//! after the window has emptied. Events are expected in time order, as a
//! trail records them; memory grows with the number of users, not events.
//!
//! # Examples
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use itsm_audit::event::{Action, Actor, AuditEvent, EventType, Outcome};
//! use itsm_audit::report::{Report, Rules, SuspiciousKind};
//!
//! let t0 = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//! let user = "550e8400-e29b-41d4-a716-446655440000".parse()?;
//! let mut report = Report::new(t0, t0 + Duration::days(1), Rules::default());
//! for i in 0..5 {
//!     let mut e = AuditEvent::new(t0 + Duration::minutes(i), "api", EventType::Access, Action::Login, Outcome::Failure, "bad password");
//!     e.actor = Actor::user(user);
//!     report.add(&e);
//! }
//! assert_eq!(report.total, 5);
//! assert_eq!(report.suspicious[0].kind, SuspiciousKind::RepeatedFailedLogins);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, VecDeque};

use chrono::{DateTime, Datelike, Timelike, Utc, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use itsm_core::time;

use crate::event::{Action, AuditEvent, Category, Outcome};

/// A windowed count rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct WindowRule {
    /// Events that trigger the rule.
    pub threshold: usize,
    /// The window, minutes.
    pub window_minutes: i64,
}

/// The suspicious-activity rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Rules {
    /// Failed logins per user.
    pub failed_logins: WindowRule,
    /// Access denials per user.
    pub access_denials: WindowRule,
    /// Exports and downloads per user.
    pub mass_export: WindowRule,
    /// Working hours start (UTC hour, inclusive).
    pub start_hour: u32,
    /// Working hours end (UTC hour, exclusive).
    pub end_hour: u32,
    /// Flag every privilege change.
    pub privilege_changes: bool,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            failed_logins: WindowRule {
                threshold: 5,
                window_minutes: 15,
            },
            access_denials: WindowRule {
                threshold: 10,
                window_minutes: 5,
            },
            mass_export: WindowRule {
                threshold: 100,
                window_minutes: 60,
            },
            start_hour: 8,
            end_hour: 18,
            privilege_changes: true,
        }
    }
}

/// Which rule fired.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SuspiciousKind {
    /// Repeated failed logins.
    RepeatedFailedLogins,
    /// A burst of access denials.
    AccessDenialBurst,
    /// A privilege change.
    PrivilegeChange,
    /// An administrative action outside working hours.
    AdminOutsideHours,
    /// Mass export or download.
    MassExport,
}

/// A suspicious activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Suspicious {
    /// Which rule.
    pub kind: SuspiciousKind,
    /// The user, if known (`unknown` otherwise).
    pub user: String,
    /// When it fired.
    pub at: DateTime<Utc>,
}

/// A failed event, summarised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FailedEvent {
    /// When.
    pub at: DateTime<Utc>,
    /// What.
    pub action: Action,
    /// Who.
    pub user: String,
    /// The error, if recorded.
    pub error_message: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Window {
    times: VecDeque<DateTime<Utc>>,
    fired: bool,
}

impl Window {
    /// Adds `at`; true when this event reaches the threshold.
    fn hit(&mut self, at: DateTime<Utc>, rule: WindowRule) -> bool {
        let start = time::before(at, time::minutes(rule.window_minutes));
        while self.times.front().is_some_and(|t| *t <= start) {
            self.times.pop_front();
        }
        if self.times.is_empty() {
            self.fired = false;
        }
        self.times.push_back(at);
        if self.times.len() > rule.threshold {
            self.times.pop_front();
        }
        if !self.fired && self.times.len() >= rule.threshold {
            self.fired = true;
            return true;
        }
        false
    }
}

/// The report, built one event at a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// Start of the period, inclusive.
    pub from: DateTime<Utc>,
    /// End of the period, exclusive.
    pub to: DateTime<Utc>,
    /// Events in the period.
    pub total: u64,
    /// Per category.
    pub by_category: BTreeMap<Category, u64>,
    /// Per user (`unknown` when no user).
    pub by_user: BTreeMap<String, u64>,
    /// Every failed event.
    pub failed_events: Vec<FailedEvent>,
    /// Every suspicious activity.
    pub suspicious: Vec<Suspicious>,
    #[serde(skip)]
    #[schemars(skip)]
    rules: Rules,
    #[serde(skip)]
    #[schemars(skip)]
    windows: BTreeMap<(SuspiciousKind, String), Window>,
}

impl Report {
    /// An empty report for `[from, to)` with `rules`.
    #[must_use]
    pub fn new(from: DateTime<Utc>, to: DateTime<Utc>, rules: Rules) -> Self {
        Self {
            from,
            to,
            total: 0,
            by_category: BTreeMap::new(),
            by_user: BTreeMap::new(),
            failed_events: Vec::new(),
            suspicious: Vec::new(),
            rules,
            windows: BTreeMap::new(),
        }
    }

    fn window(&mut self, kind: SuspiciousKind, user: &str, at: DateTime<Utc>, rule: WindowRule) {
        let w = self.windows.entry((kind, user.to_owned())).or_default();
        if w.hit(at, rule) {
            self.suspicious.push(Suspicious {
                kind,
                user: user.to_owned(),
                at,
            });
        }
    }

    /// Adds one event (ignored outside the period).
    pub fn add(&mut self, e: &AuditEvent) {
        if e.timestamp < self.from || e.timestamp >= self.to {
            return;
        }
        let user = e
            .actor
            .user_id
            .map_or_else(|| "unknown".to_owned(), |u| u.to_string());
        self.total += 1;
        *self.by_category.entry(e.category()).or_default() += 1;
        *self.by_user.entry(user.clone()).or_default() += 1;
        if e.outcome == Outcome::Failure {
            self.failed_events.push(FailedEvent {
                at: e.timestamp,
                action: e.action,
                user: user.clone(),
                error_message: e.error_message.clone(),
            });
        }
        let rules = self.rules.clone();
        if e.action == Action::Login && e.outcome == Outcome::Failure {
            self.window(
                SuspiciousKind::RepeatedFailedLogins,
                &user,
                e.timestamp,
                rules.failed_logins,
            );
        }
        if e.action == Action::AccessDenied {
            self.window(
                SuspiciousKind::AccessDenialBurst,
                &user,
                e.timestamp,
                rules.access_denials,
            );
        }
        if matches!(e.action, Action::Export | Action::Download) {
            self.window(
                SuspiciousKind::MassExport,
                &user,
                e.timestamp,
                rules.mass_export,
            );
        }
        let privilege = matches!(
            e.action,
            Action::PermissionGrant | Action::PermissionRevoke | Action::RoleAssignment
        );
        if privilege && rules.privilege_changes {
            self.suspicious.push(Suspicious {
                kind: SuspiciousKind::PrivilegeChange,
                user: user.clone(),
                at: e.timestamp,
            });
        }
        let admin =
            privilege || matches!(e.action, Action::ConfigurationChange | Action::PolicyChange);
        let weekend = matches!(e.timestamp.weekday(), Weekday::Sat | Weekday::Sun);
        let hour = e.timestamp.hour();
        if admin && (weekend || hour < rules.start_hour || hour >= rules.end_hour) {
            self.suspicious.push(Suspicious {
                kind: SuspiciousKind::AdminOutsideHours,
                user,
                at: e.timestamp,
            });
        }
    }
}
