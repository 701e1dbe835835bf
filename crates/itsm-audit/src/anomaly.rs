//! Statistical anomaly detection (seed layer 5, "anomaly detection" and
//! "real-time alerting"), on top of the rule-based suspicious-activity
//! report in [`crate::report`].
//!
//! Events are counted per subject (the user, or the client address when
//! there is no user) and action in fixed windows of time ("buckets", an
//! hour by default). Each subject and action has its own baseline: the
//! counts of its last `window_buckets` buckets (a day by default), empty
//! buckets counting as 0. A bucket is flagged as soon as its running count
//! reaches
//!
//! > mean + `z_threshold` x sigma, with sigma = max(sample standard deviation, sqrt(mean), 1)
//!
//! and at least `min_count` events. The floor under sigma keeps a perfectly
//! steady rate (standard deviation 0) from flagging its first extra event:
//! sqrt(mean) is the spread a Poisson process with that mean would show, and
//! 1 covers a mean near 0. The defaults (z = 3, at least 10 events, a full
//! day of history before anything is flagged) are this library's, chosen so
//! a steady service stays quiet; tune them per deployment.
//!
//! Detection is deterministic (it depends on event timestamps only, never a
//! clock) and explainable: each [`AnomalyAlert`] carries the count, the
//! baseline it broke (mean, sigma, how many buckets) and by how much (z).
//! It fires once per subject, action and bucket, as the event that crosses
//! the line arrives, so a host can route it at once.
//!
//! # Examples
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use itsm_audit::anomaly::{AnomalyConfig, AnomalyDetector};
//! use itsm_audit::event::{Action, Actor, AuditEvent, EventType, Outcome};
//!
//! let user = "550e8400-e29b-41d4-a716-446655440000".parse()?;
//! let event = |at| {
//!     let mut e = AuditEvent::new(at, "api", EventType::Access, Action::Export, Outcome::Success, "export");
//!     e.actor = Actor::user(user);
//!     e
//! };
//! let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
//! let mut detector = AnomalyDetector::new(AnomalyConfig::default());
//! // Two exports an hour for a day: the baseline.
//! for hour in 0..24 {
//!     for n in 0..2 {
//!         assert!(detector.observe(&event(t0 + Duration::hours(hour) + Duration::minutes(n)))?.is_none());
//!     }
//! }
//! // Then 40 in one hour: the 10th is the first to reach mean + 3 sigma and the minimum count.
//! let spike = t0 + Duration::hours(24);
//! let alerts: Vec<_> = (0..40)
//!     .filter_map(|n| detector.observe(&event(spike + Duration::seconds(n))).transpose())
//!     .collect::<Result<_, _>>()?;
//! assert_eq!(alerts.len(), 1);
//! assert_eq!(alerts[0].count, 10);
//! println!("{}", alerts[0]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::net::IpAddr;

use chrono::{DateTime, Utc};
use itsm_core::UserId;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::event::{Action, AuditEvent};

/// How the detector counts and when it flags.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "AnomalyConfigFields", into = "AnomalyConfigFields")]
pub struct AnomalyConfig {
    bucket_minutes: u32,
    window_buckets: u32,
    min_history_buckets: u32,
    z_threshold: f64,
    min_count: u32,
}

/// The serialised form of an [`AnomalyConfig`], checked on the way in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnomalyConfigFields {
    /// Minutes per bucket (1 to 1440).
    pub bucket_minutes: u32,
    /// Buckets in the baseline (2 to 1000).
    pub window_buckets: u32,
    /// Buckets of history needed before anything is flagged (2 to `window_buckets`).
    pub min_history_buckets: u32,
    /// Standard deviations above the mean that flag a bucket (above 0, at most 100).
    pub z_threshold: f64,
    /// Events a bucket needs before it can be flagged (at least 1).
    pub min_count: u32,
}

impl TryFrom<AnomalyConfigFields> for AnomalyConfig {
    type Error = Error;

    fn try_from(f: AnomalyConfigFields) -> Result<Self, Error> {
        Self::new(f)
    }
}

impl From<AnomalyConfig> for AnomalyConfigFields {
    fn from(c: AnomalyConfig) -> Self {
        Self {
            bucket_minutes: c.bucket_minutes,
            window_buckets: c.window_buckets,
            min_history_buckets: c.min_history_buckets,
            z_threshold: c.z_threshold,
            min_count: c.min_count,
        }
    }
}

impl Default for AnomalyConfig {
    /// Hourly buckets, a day of baseline, a full day of history before
    /// anything is flagged, z = 3 and at least 10 events.
    fn default() -> Self {
        Self {
            bucket_minutes: 60,
            window_buckets: 24,
            min_history_buckets: 24,
            z_threshold: 3.0,
            min_count: 10,
        }
    }
}

impl AnomalyConfig {
    /// Checks and builds a configuration.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for any value outside the ranges on
    /// [`AnomalyConfigFields`].
    pub fn new(f: AnomalyConfigFields) -> Result<Self, Error> {
        let bad = |reason: &str| {
            Err(Error::Config {
                reason: format!("anomaly detection: {reason}"),
            })
        };
        if !(1..=1440).contains(&f.bucket_minutes) {
            return bad("bucket_minutes must be 1..=1440");
        }
        if !(2..=1000).contains(&f.window_buckets) {
            return bad("window_buckets must be 2..=1000");
        }
        if !(2..=f.window_buckets).contains(&f.min_history_buckets) {
            return bad("min_history_buckets must be 2..=window_buckets");
        }
        if !(f.z_threshold > 0.0 && f.z_threshold <= 100.0) {
            return bad("z_threshold must be above 0 and at most 100");
        }
        if f.min_count == 0 {
            return bad("min_count must be at least 1");
        }
        Ok(Self {
            bucket_minutes: f.bucket_minutes,
            window_buckets: f.window_buckets,
            min_history_buckets: f.min_history_buckets,
            z_threshold: f.z_threshold,
            min_count: f.min_count,
        })
    }

    /// The settings.
    #[must_use]
    pub fn fields(&self) -> AnomalyConfigFields {
        (*self).into()
    }

    fn bucket_seconds(&self) -> i64 {
        i64::from(self.bucket_minutes) * 60
    }
}

/// Whose activity a baseline follows.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Subject {
    /// A signed-in user.
    User(UserId),
    /// A client address, for events without a user.
    Ip(IpAddr),
    /// Neither is known.
    Unknown,
}

impl Subject {
    /// The subject of an event: its user, else its address.
    #[must_use]
    pub fn of(event: &AuditEvent) -> Self {
        match (event.actor.user_id, event.actor.ip) {
            (Some(user), _) => Self::User(user),
            (None, Some(ip)) => Self::Ip(ip),
            (None, None) => Self::Unknown,
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::User(u) => write!(f, "user {u}"),
            Self::Ip(ip) => write!(f, "address {ip}"),
            Self::Unknown => f.write_str("an unidentified client"),
        }
    }
}

/// A bucket whose count broke its baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AnomalyAlert {
    /// Whose activity.
    pub subject: Subject,
    /// Which action.
    pub action: Action,
    /// The bucket's start.
    pub bucket_start: DateTime<Utc>,
    /// The bucket's end (exclusive).
    pub bucket_end: DateTime<Utc>,
    /// The events counted in the bucket when the alert fired.
    pub count: u32,
    /// The baseline's mean per bucket.
    pub baseline_mean: f64,
    /// The baseline's sigma (after the floor).
    pub baseline_sigma: f64,
    /// Buckets in the baseline.
    pub baseline_buckets: u32,
    /// How many sigmas above the mean the count is.
    pub z_score: f64,
    /// The configured threshold it reached.
    pub z_threshold: f64,
}

impl fmt::Display for AnomalyAlert {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} did {:?} {} times from {} to {}, against a baseline of {:.1} (sigma {:.1}) per bucket over the last {} buckets: z = {:.1}, at or above {:.1}",
            self.subject,
            self.action,
            self.count,
            self.bucket_start.format("%Y-%m-%d %H:%M"),
            self.bucket_end.format("%Y-%m-%d %H:%M UTC"),
            self.baseline_mean,
            self.baseline_sigma,
            self.baseline_buckets,
            self.z_score,
            self.z_threshold
        )
    }
}

/// One subject and action's counts.
#[derive(Debug, Clone)]
struct Series {
    bucket: i64,
    count: u32,
    alerted: bool,
    history: VecDeque<u32>,
}

/// Counts events per subject and action and flags buckets that break their
/// baseline. Memory grows with the number of active subjects and actions
/// (a few hundred bytes each), never with the number of events.
#[derive(Debug, Clone)]
pub struct AnomalyDetector {
    config: AnomalyConfig,
    series: BTreeMap<(Subject, Action), Series>,
}

impl AnomalyDetector {
    /// A detector with no history.
    #[must_use]
    pub fn new(config: AnomalyConfig) -> Self {
        Self {
            config,
            series: BTreeMap::new(),
        }
    }

    /// The configuration.
    #[must_use]
    pub const fn config(&self) -> &AnomalyConfig {
        &self.config
    }

    /// Counts `event` and returns an alert if it makes its bucket anomalous
    /// (once per subject, action and bucket).
    ///
    /// # Errors
    ///
    /// [`Error::OutOfOrder`] for an event in an earlier bucket than one
    /// already seen for its subject and action: feed events in time order,
    /// as a trail holds them.
    pub fn observe(&mut self, event: &AuditEvent) -> Result<Option<AnomalyAlert>, Error> {
        let size = self.config.bucket_seconds();
        let bucket = event.timestamp.timestamp().div_euclid(size);
        let window = usize::try_from(self.config.window_buckets).unwrap_or(usize::MAX);
        let subject = Subject::of(event);
        let series = self
            .series
            .entry((subject, event.action))
            .or_insert_with(|| Series {
                bucket,
                count: 0,
                alerted: false,
                history: VecDeque::with_capacity(window),
            });
        if bucket < series.bucket {
            return Err(Error::OutOfOrder {
                at: event.timestamp,
            });
        }
        if bucket > series.bucket {
            let skipped = bucket - series.bucket - 1;
            series.history.push_back(series.count);
            let zeros = usize::try_from(skipped).unwrap_or(usize::MAX).min(window);
            series.history.extend(std::iter::repeat_n(0, zeros));
            while series.history.len() > window {
                series.history.pop_front();
            }
            series.bucket = bucket;
            series.count = 0;
            series.alerted = false;
        }
        series.count = series.count.saturating_add(1);
        let min_history = usize::try_from(self.config.min_history_buckets).unwrap_or(usize::MAX);
        if series.alerted
            || series.count < self.config.min_count
            || series.history.len() < min_history
        {
            return Ok(None);
        }
        let (mean, sigma) = baseline(&series.history);
        let z = (f64::from(series.count) - mean) / sigma;
        if z < self.config.z_threshold {
            return Ok(None);
        }
        series.alerted = true;
        let start =
            DateTime::from_timestamp(bucket.saturating_mul(size), 0).unwrap_or(event.timestamp);
        let end = DateTime::from_timestamp(bucket.saturating_add(1).saturating_mul(size), 0)
            .unwrap_or(event.timestamp);
        Ok(Some(AnomalyAlert {
            subject,
            action: event.action,
            bucket_start: start,
            bucket_end: end,
            count: series.count,
            baseline_mean: mean,
            baseline_sigma: sigma,
            baseline_buckets: u32::try_from(series.history.len()).unwrap_or(u32::MAX),
            z_score: z,
            z_threshold: self.config.z_threshold,
        }))
    }

    /// Forgets subjects and actions with no event for a whole baseline
    /// window before `now` (their baseline would be all zeros); returns how
    /// many were dropped.
    pub fn prune(&mut self, now: DateTime<Utc>) -> usize {
        let size = self.config.bucket_seconds();
        let current = now.timestamp().div_euclid(size);
        let window = i64::from(self.config.window_buckets);
        let before = self.series.len();
        self.series.retain(|_, s| current - s.bucket <= window);
        before - self.series.len()
    }

    /// Subjects and actions followed.
    #[must_use]
    pub fn len(&self) -> usize {
        self.series.len()
    }

    /// Whether nothing is followed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
    }
}

/// Mean and floored sigma of a baseline.
fn baseline(history: &VecDeque<u32>) -> (f64, f64) {
    let n = f64::from(u32::try_from(history.len()).unwrap_or(u32::MAX));
    let mean = history.iter().map(|&c| f64::from(c)).sum::<f64>() / n;
    let variance = history
        .iter()
        .map(|&c| (f64::from(c) - mean).powi(2))
        .sum::<f64>()
        / n;
    (mean, variance.sqrt().max(mean.sqrt()).max(1.0))
}

/// Runs a detector over events in time order and collects its alerts.
///
/// # Errors
///
/// As [`AnomalyDetector::observe`].
pub fn detect<'a>(
    events: impl IntoIterator<Item = &'a AuditEvent>,
    config: AnomalyConfig,
) -> Result<Vec<AnomalyAlert>, Error> {
    let mut detector = AnomalyDetector::new(config);
    let mut alerts = Vec::new();
    for e in events {
        alerts.extend(detector.observe(e)?);
    }
    Ok(alerts)
}
