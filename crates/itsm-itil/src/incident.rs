//! Incident management records (seed section 4.2): priority from impact and
//! urgency, and a state machine with legal transitions only.
//!
//! States and their only transitions: New to In Progress, Resolved (at first
//! contact) or Canceled; In Progress to On Hold, Resolved or Canceled; On
//! Hold to In Progress, Resolved or Canceled; Resolved to Closed or back to
//! In Progress (a reopen, counted); Closed and Canceled are final.
//!
//! # Examples
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use itsm_itil::incident::{Impact, Incident, IncidentState, PriorityMatrix, Urgency};
//!
//! let t0 = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//! let matrix = PriorityMatrix::default();
//! let mut inc = Incident::new("INC0001", "j.doe", "email", Impact::new(1)?, Urgency::new(2)?, &matrix, t0)?;
//! assert_eq!(inc.priority.get(), 2);
//! inc.transition(IncidentState::InProgress, t0 + Duration::minutes(5))?;
//! inc.transition(IncidentState::Resolved, t0 + Duration::hours(2))?;
//! inc.transition(IncidentState::InProgress, t0 + Duration::hours(3))?; // reopened
//! assert_eq!(inc.reopen_count, 1);
//! assert!(inc.transition(IncidentState::New, t0 + Duration::hours(4)).is_err());
//! # Ok::<(), itsm_itil::Error>(())
//! ```

use std::fmt;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

macro_rules! level {
    ($(#[$doc:meta])* $name:ident, $what:literal, $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        #[serde(try_from = "u8", into = "u8")]
        pub struct $name(u8);

        impl $name {
            /// A level from 1 (highest) upward; checked against a matrix when used.
            ///
            /// # Errors
            ///
            /// [`Error::Level`] outside 1..=9.
            pub fn new(v: u8) -> Result<Self, Error> {
                if (1..=$max).contains(&v) { Ok(Self(v)) } else { Err(Error::Level { what: $what, value: v, max: $max }) }
            }

            /// The level.
            #[must_use]
            pub const fn get(self) -> u8 {
                self.0
            }
        }

        impl TryFrom<u8> for $name {
            type Error = Error;
            fn try_from(v: u8) -> Result<Self, Error> {
                Self::new(v)
            }
        }

        impl From<$name> for u8 {
            fn from(x: $name) -> u8 {
                x.0
            }
        }
    };
}

level!(
    /// How widely the incident affects the business: 1 (widest) upward.
    Impact,
    "impact",
    9
);
level!(
    /// How soon it must be resolved: 1 (most urgent) upward.
    Urgency,
    "urgency",
    9
);
level!(
    /// Priority: 1 (P1, most urgent) upward.
    Priority,
    "priority",
    9
);

/// Priority by impact (rows) and urgency (columns), as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "Vec<Vec<Priority>>", into = "Vec<Vec<Priority>>")]
pub struct PriorityMatrix(Vec<Vec<Priority>>);

impl Default for PriorityMatrix {
    /// The common 3x3: 1/1 P1; 1/2, 2/1 P2; 1/3, 2/2, 3/1 P3; 2/3, 3/2 P4; 3/3 P5.
    fn default() -> Self {
        Self(
            (1..=3u8)
                .map(|i| (1..=3u8).map(|u| Priority(i + u - 1)).collect())
                .collect(),
        )
    }
}

impl TryFrom<Vec<Vec<Priority>>> for PriorityMatrix {
    type Error = Error;
    fn try_from(rows: Vec<Vec<Priority>>) -> Result<Self, Error> {
        Self::new(rows)
    }
}

impl From<PriorityMatrix> for Vec<Vec<Priority>> {
    fn from(m: PriorityMatrix) -> Self {
        m.0
    }
}

impl PriorityMatrix {
    /// A matrix with one row per impact level and one column per urgency level.
    ///
    /// # Errors
    ///
    /// [`Error::Matrix`] unless it is rectangular with 2 to 9 rows and columns.
    pub fn new(rows: Vec<Vec<Priority>>) -> Result<Self, Error> {
        let width = rows.first().map_or(0, Vec::len);
        if !(2..=9).contains(&rows.len())
            || !(2..=9).contains(&width)
            || rows.iter().any(|r| r.len() != width)
        {
            return Err(Error::Matrix {
                reason: "a priority matrix is 2 to 9 rows of 2 to 9 equal-length columns".into(),
            });
        }
        Ok(Self(rows))
    }

    /// The priority of `impact` and `urgency`.
    ///
    /// # Errors
    ///
    /// [`Error::Level`] when either is beyond the matrix.
    pub fn priority(&self, impact: Impact, urgency: Urgency) -> Result<Priority, Error> {
        let row = self.0.get(usize::from(impact.0 - 1)).ok_or(Error::Level {
            what: "impact",
            value: impact.0,
            max: u8::try_from(self.0.len()).unwrap_or(9),
        })?;
        row.get(usize::from(urgency.0 - 1))
            .copied()
            .ok_or(Error::Level {
                what: "urgency",
                value: urgency.0,
                max: u8::try_from(row.len()).unwrap_or(9),
            })
    }
}

/// An incident's state.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum IncidentState {
    /// Logged, not yet worked.
    New,
    /// Being worked.
    InProgress,
    /// Waiting (on the caller, a supplier, a change).
    OnHold,
    /// Service restored; awaiting confirmation.
    Resolved,
    /// Confirmed and closed: final.
    Closed,
    /// Withdrawn or logged in error: final.
    Canceled,
}

impl IncidentState {
    /// Every state.
    pub const ALL: [Self; 6] = [
        Self::New,
        Self::InProgress,
        Self::OnHold,
        Self::Resolved,
        Self::Closed,
        Self::Canceled,
    ];

    /// Whether `self -> to` is allowed.
    #[must_use]
    pub const fn can_move_to(self, to: Self) -> bool {
        use IncidentState as S;
        matches!(
            (self, to),
            (S::New, S::InProgress | S::Resolved | S::Canceled)
                | (S::InProgress | S::OnHold, S::Resolved | S::Canceled)
                | (S::InProgress, S::OnHold)
                | (S::OnHold, S::InProgress)
                | (S::Resolved, S::Closed | S::InProgress)
        )
    }

    /// Whether no transition leaves this state.
    #[must_use]
    pub const fn is_final(self) -> bool {
        matches!(self, Self::Closed | Self::Canceled)
    }
}

impl fmt::Display for IncidentState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::New => "new",
            Self::InProgress => "in progress",
            Self::OnHold => "on hold",
            Self::Resolved => "resolved",
            Self::Closed => "closed",
            Self::Canceled => "canceled",
        })
    }
}

/// A state change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StateChange {
    /// From.
    pub from: IncidentState,
    /// To.
    pub to: IncidentState,
    /// When.
    pub at: DateTime<Utc>,
}

/// Why an incident is on hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OnHoldReason {
    /// Waiting for the caller.
    AwaitingCaller,
    /// Waiting for a supplier.
    AwaitingSupplier,
    /// Waiting for a change.
    AwaitingChange,
    /// Waiting for a problem's fix.
    AwaitingProblem,
}

/// An incident matched to a known error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct KnownErrorMatch {
    /// The known error's id.
    pub id: String,
    /// Whether its workaround resolved the incident.
    pub workaround_resolved: bool,
}

/// An incident record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct Incident {
    /// Its number.
    pub number: String,
    /// Who reported it.
    pub caller: String,
    /// Its category.
    pub category: Option<String>,
    /// The affected configuration item.
    pub configuration_item: Option<String>,
    /// Impact.
    pub impact: Impact,
    /// Urgency.
    pub urgency: Urgency,
    /// Priority from the matrix.
    pub priority: Priority,
    /// The current state.
    pub state: IncidentState,
    /// The assignment group.
    pub assignment_group: Option<String>,
    /// How it was reported (phone, email, portal, chat, monitoring).
    pub contact_channel: String,
    /// Why it is on hold, while it is.
    pub on_hold_reason: Option<OnHoldReason>,
    /// How it was resolved.
    pub resolution_code: Option<String>,
    /// Times reopened.
    pub reopen_count: u32,
    /// Whether it is a major incident.
    pub major: bool,
    /// When it was logged.
    pub opened_at: DateTime<Utc>,
    /// Every state change, in order.
    pub history: Vec<StateChange>,
    /// Caller satisfaction, 1 to 5, if surveyed.
    pub csat: Option<u8>,
    /// The known error it was matched to, if any, and whether its workaround resolved it.
    pub known_error: Option<KnownErrorMatch>,
    /// The change that caused it, if any.
    pub caused_by_change: Option<String>,
    /// The problem it is linked to, if any.
    pub problem: Option<String>,
}

impl Incident {
    /// A new incident, priority from `matrix`.
    ///
    /// # Errors
    ///
    /// [`Error::Level`] for levels beyond the matrix; [`Error::Text`] for an
    /// empty number or caller.
    pub fn new(
        number: impl Into<String>,
        caller: impl Into<String>,
        contact_channel: impl Into<String>,
        impact: Impact,
        urgency: Urgency,
        matrix: &PriorityMatrix,
        opened_at: DateTime<Utc>,
    ) -> Result<Self, Error> {
        let (number, caller) = (number.into(), caller.into());
        if number.trim().is_empty() || caller.trim().is_empty() {
            return Err(Error::Text {
                field: "incident number and caller",
            });
        }
        Ok(Self {
            number,
            caller,
            category: None,
            configuration_item: None,
            impact,
            urgency,
            priority: matrix.priority(impact, urgency)?,
            state: IncidentState::New,
            assignment_group: None,
            contact_channel: contact_channel.into(),
            on_hold_reason: None,
            resolution_code: None,
            reopen_count: 0,
            major: false,
            opened_at,
            history: Vec::new(),
            csat: None,
            known_error: None,
            caused_by_change: None,
            problem: None,
        })
    }

    /// Moves to `to` at `at`, keeping the history; a move from Resolved back
    /// to In Progress counts as a reopen.
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`]; [`Error::TimeGoesBack`] before the last change.
    pub fn transition(&mut self, to: IncidentState, at: DateTime<Utc>) -> Result<(), Error> {
        if !self.state.can_move_to(to) {
            return Err(Error::IllegalTransition {
                workflow: "incident",
                from: self.state.to_string(),
                to: to.to_string(),
            });
        }
        let last = self.history.last().map_or(self.opened_at, |c| c.at);
        if at < last {
            return Err(Error::TimeGoesBack { at, last });
        }
        if self.state == IncidentState::Resolved && to == IncidentState::InProgress {
            self.reopen_count += 1;
        }
        if to != IncidentState::OnHold {
            self.on_hold_reason = None;
        }
        self.history.push(StateChange {
            from: self.state,
            to,
            at,
        });
        self.state = to;
        Ok(())
    }

    /// First response: when it first left New.
    #[must_use]
    pub fn responded_at(&self) -> Option<DateTime<Utc>> {
        self.history
            .iter()
            .find(|c| c.from == IncidentState::New)
            .map(|c| c.at)
    }

    /// The last time it was resolved.
    #[must_use]
    pub fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.history
            .iter()
            .rev()
            .find(|c| c.to == IncidentState::Resolved)
            .map(|c| c.at)
    }

    /// Whether it was resolved at first contact: New straight to Resolved,
    /// never reopened.
    #[must_use]
    pub fn first_contact_resolution(&self) -> bool {
        self.history
            .first()
            .is_some_and(|c| c.from == IncidentState::New && c.to == IncidentState::Resolved)
            && self.reopen_count == 0
    }
}
