//! SLA clocks computed from an incident's state history at any `now`.
//!
//! Two clocks per incident:
//!
//! - **Response** runs from logging until the incident first leaves New (it
//!   is taken up, or resolved at first contact, or canceled).
//! - **Resolution** runs from logging, pauses while the incident is in a
//!   pausing state (On Hold by default), and stops at Resolved (and at
//!   Closed or Canceled). On a reopen it either starts a **new cycle** (the
//!   elapsed time is reset at the reopen) or **continues** the same clock
//!   (time spent resolved is not counted), as the policy says.
//!
//! Each target runs on the policy's business calendar or around the clock.
//! A clock is breached when its elapsed time is *greater* than its target: at
//! the due instant itself the target is still met.
//!
//! Default targets (this project's, documented here; the seed sets none):
//!
//! | priority | response | resolution | clock |
//! |---|---|---|---|
//! | P1 | 15 min | 4 h | 24x7 |
//! | P2 | 30 min | 8 h | 24x7 |
//! | P3 | 4 business hours | 24 business hours | business |
//! | P4 | 8 business hours | 40 business hours | business |
//! | P5 | 16 business hours | 80 business hours | business |
//!
//! Warning thresholds default to 50, 75 and 100 % of the target used.
//!
//! # Examples
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use itsm_itil::calendar::BusinessCalendar;
//! use itsm_itil::incident::{Impact, Incident, IncidentState, PriorityMatrix, Urgency};
//! use itsm_itil::sla::{ClockState, SlaPolicy};
//!
//! let policy = SlaPolicy::with_defaults(BusinessCalendar::office_hours("Europe/London")?);
//! let t0 = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap(); // Thursday 09:00 London
//! let mut inc = Incident::new("INC1", "j.doe", "phone", Impact::new(2)?, Urgency::new(2)?, &PriorityMatrix::default(), t0)?; // P3
//! inc.transition(IncidentState::InProgress, t0 + Duration::hours(1))?;
//!
//! let s = policy.evaluate(&inc, t0 + Duration::hours(2))?;
//! assert!(!s.response.breached);
//! assert_eq!(s.resolution.state, ClockState::Running);
//! assert_eq!(s.resolution.elapsed_business, Duration::hours(2));
//! # Ok::<(), itsm_itil::Error>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use itsm_core::time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::calendar::{BusinessCalendar, Calendar};
use crate::incident::{Incident, IncidentState};

/// Which clock a target runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClockBasis {
    /// Every hour of every day.
    TwentyFourSeven,
    /// The policy's business calendar.
    Business,
}

/// The longest target a policy may set, on either clock: 366 days.
pub const MAX_TARGET_SECONDS: i64 = 366 * 86_400;

/// One priority's targets. Reading one from JSON applies the same check as
/// `SlaTarget::check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaTarget {
    /// Seconds to first response.
    #[schemars(range(min = 1, max = MAX_TARGET_SECONDS))]
    pub response_seconds: i64,
    /// Seconds to resolution.
    #[schemars(range(min = 1, max = MAX_TARGET_SECONDS))]
    pub resolution_seconds: i64,
    /// The clock both run on.
    pub basis: ClockBasis,
}

impl SlaTarget {
    /// Checks both targets are positive and at most [`MAX_TARGET_SECONDS`].
    ///
    /// # Errors
    ///
    /// [`Error::Sla`] naming the target and its value.
    pub fn check(&self) -> Result<(), Error> {
        for (what, seconds) in [
            ("response", self.response_seconds),
            ("resolution", self.resolution_seconds),
        ] {
            if !(1..=MAX_TARGET_SECONDS).contains(&seconds) {
                return Err(Error::Sla {
                    reason: format!(
                        "the {what} target must be 1..={MAX_TARGET_SECONDS} seconds, got {seconds}"
                    ),
                });
            }
        }
        Ok(())
    }
}

// Reading a `SlaTarget` runs its check: a stored or uploaded document out of
// range is refused where it enters, not where it is used.
itsm_core::deserialize_checked!(
    #[serde(deny_unknown_fields)]
    SlaTarget {
        response_seconds: i64,
        resolution_seconds: i64,
        basis: ClockBasis,
    } => SlaTarget::check
);

/// What a reopen does to the resolution clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReopenMode {
    /// Start again from zero at the reopen.
    #[default]
    NewCycle,
    /// Carry on from the time already used.
    Continue,
}

/// An SLA policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicy {
    /// Targets by priority number (1 = P1).
    pub targets: BTreeMap<u8, SlaTarget>,
    /// The business calendar for targets on the business clock.
    pub calendar: BusinessCalendar,
    /// States in which the resolution clock pauses.
    pub pausing_states: BTreeSet<IncidentState>,
    /// What a reopen does.
    pub reopen: ReopenMode,
    /// Warning thresholds, percent of the target used, ascending.
    pub warning_thresholds: Vec<u8>,
}

/// Whether a clock is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// Counting.
    Running,
    /// Paused (resolution clock in a pausing state).
    Paused,
    /// Done (responded, or resolved, closed or canceled).
    Stopped,
}

/// A clock's reading at `now`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClockStatus {
    /// Running, paused or stopped.
    pub state: ClockState,
    /// The target.
    #[schemars(with = "i64")]
    #[serde(with = "seconds")]
    pub target: Duration,
    /// Time counted on the clock's calendar.
    #[schemars(with = "i64")]
    #[serde(with = "seconds")]
    pub elapsed_business: Duration,
    /// Wall-clock time while the clock ran.
    #[schemars(with = "i64")]
    #[serde(with = "seconds")]
    pub elapsed_wall: Duration,
    /// Target minus elapsed (negative once breached).
    #[schemars(with = "i64")]
    #[serde(with = "seconds")]
    pub remaining: Duration,
    /// When the target is (or was) reached: known while running, or once reached.
    pub due_at: Option<DateTime<Utc>>,
    /// Elapsed as a percentage of the target.
    pub percent_used: f64,
    /// The highest warning threshold reached.
    pub warning: Option<u8>,
    /// Elapsed is greater than the target.
    pub breached: bool,
}

/// Both clocks of an incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SlaStatus {
    /// Time to first response.
    pub response: ClockStatus,
    /// Time to resolution.
    pub resolution: ClockStatus,
}

mod seconds {
    use chrono::Duration;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(d.num_seconds())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let seconds = i64::deserialize(d)?;
        Duration::try_seconds(seconds)
            .ok_or_else(|| serde::de::Error::custom("a duration beyond chrono's range"))
    }
}

const HOUR: i64 = 3600;

/// Wall-clock intervals a clock ran, `[start, end)`.
type Intervals = Vec<(DateTime<Utc>, DateTime<Utc>)>;

impl SlaPolicy {
    /// The documented default targets on `calendar`.
    #[must_use]
    pub fn with_defaults(calendar: BusinessCalendar) -> Self {
        let t = |response: i64, resolution: i64, basis| SlaTarget {
            response_seconds: response,
            resolution_seconds: resolution,
            basis,
        };
        let targets = [
            (1, t(15 * 60, 4 * HOUR, ClockBasis::TwentyFourSeven)),
            (2, t(30 * 60, 8 * HOUR, ClockBasis::TwentyFourSeven)),
            (3, t(4 * HOUR, 24 * HOUR, ClockBasis::Business)),
            (4, t(8 * HOUR, 40 * HOUR, ClockBasis::Business)),
            (5, t(16 * HOUR, 80 * HOUR, ClockBasis::Business)),
        ]
        .into_iter()
        .collect();
        Self {
            targets,
            calendar,
            pausing_states: [IncidentState::OnHold].into_iter().collect(),
            reopen: ReopenMode::NewCycle,
            warning_thresholds: vec![50, 75, 100],
        }
    }

    fn target(&self, priority: u8) -> Result<&SlaTarget, Error> {
        self.targets.get(&priority).ok_or_else(|| Error::Sla {
            reason: format!("no target for priority {priority}"),
        })
    }

    fn calendar_for(&self, basis: ClockBasis) -> Calendar {
        match basis {
            ClockBasis::TwentyFourSeven => Calendar::TwentyFourSeven,
            ClockBasis::Business => Calendar::Business(self.calendar.clone()),
        }
    }

    /// Both clocks of `incident` at `now`.
    ///
    /// # Errors
    ///
    /// [`Error::Sla`] when the policy has no target for the priority or the
    /// target fails [`SlaTarget::check`]; [`Error::SpanTooLong`] for spans
    /// the calendar does not walk; [`Error::OutOfRange`] for business time
    /// at the ends of chrono's range.
    pub fn evaluate(&self, incident: &Incident, now: DateTime<Utc>) -> Result<SlaStatus, Error> {
        let target = self.target(incident.priority.get())?;
        target.check()?;
        let calendar = self.calendar_for(target.basis);
        // Response: from logging until it first leaves New.
        let responded = incident.responded_at();
        let response_end = responded.unwrap_or(now).min(now.max(incident.opened_at));
        let response_state = if responded.is_some_and(|r| r <= now) {
            ClockState::Stopped
        } else {
            ClockState::Running
        };
        let response = self.reading(
            &calendar,
            Duration::seconds(target.response_seconds),
            &[(incident.opened_at, response_end)],
            response_state,
            now,
        )?;
        let (intervals, state) = self.resolution_intervals(incident, now);
        let resolution = self.reading(
            &calendar,
            Duration::seconds(target.resolution_seconds),
            &intervals,
            state,
            now,
        )?;
        Ok(SlaStatus {
            response,
            resolution,
        })
    }

    /// The intervals the resolution clock ran, and its state at `now`.
    fn resolution_intervals(
        &self,
        incident: &Incident,
        now: DateTime<Utc>,
    ) -> (Intervals, ClockState) {
        let runs = |s: IncidentState| {
            !self.pausing_states.contains(&s)
                && !matches!(
                    s,
                    IncidentState::Resolved | IncidentState::Closed | IncidentState::Canceled
                )
        };
        let mut intervals = Vec::new();
        let (mut state, mut since) = (IncidentState::New, incident.opened_at);
        for change in incident.history.iter().filter(|c| c.at <= now) {
            if runs(state) && change.at > since {
                intervals.push((since, change.at));
            }
            if change.from == IncidentState::Resolved
                && change.to == IncidentState::InProgress
                && self.reopen == ReopenMode::NewCycle
            {
                intervals.clear();
            }
            state = change.to;
            since = change.at;
        }
        let clock = if runs(state) {
            if now > since {
                intervals.push((since, now));
            }
            ClockState::Running
        } else if self.pausing_states.contains(&state) {
            ClockState::Paused
        } else {
            ClockState::Stopped
        };
        (intervals, clock)
    }

    fn reading(
        &self,
        calendar: &Calendar,
        target: Duration,
        intervals: &[(DateTime<Utc>, DateTime<Utc>)],
        state: ClockState,
        now: DateTime<Utc>,
    ) -> Result<ClockStatus, Error> {
        let (mut business, mut wall, mut due_at) = (Duration::zero(), Duration::zero(), None);
        for (a, b) in intervals {
            let part = calendar.business_time(*a, *b)?;
            // Saturating: a stored history out of order can repeat long spans.
            let total = time::sum(business, part);
            if due_at.is_none() && total >= target {
                due_at = Some(calendar.add_business_time(*a, target - business)?);
            }
            business = total;
            // A response recorded before the opening (a stored history says
            // what it says) counts as none, as the business time does.
            wall = time::sum(wall, (*b - *a).max(Duration::zero()));
        }
        if due_at.is_none() && state == ClockState::Running {
            due_at = Some(calendar.add_business_time(now, target - business)?);
        }
        #[expect(clippy::cast_precision_loss, reason = "seconds stay far below 2^52")]
        let percent_used = if target > Duration::zero() {
            100.0 * business.num_seconds() as f64 / target.num_seconds() as f64
        } else {
            100.0
        };
        let warning = self
            .warning_thresholds
            .iter()
            .copied()
            .filter(|t| percent_used >= f64::from(*t))
            .max();
        Ok(ClockStatus {
            state,
            target,
            elapsed_business: business,
            elapsed_wall: wall,
            remaining: target - business,
            due_at,
            percent_used,
            warning,
            breached: business > target,
        })
    }
}
