//! The crate's error type.

use chrono::{DateTime, Utc};

/// Everything that can go wrong in `itsm-itil`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A shared value was rejected by `itsm-core`.
    #[error(transparent)]
    Core(#[from] itsm_core::Error),
    /// A business calendar that cannot be used.
    #[error("invalid business calendar: {reason}")]
    Calendar {
        /// Why.
        reason: String,
    },
    /// A span longer than the calendar walks.
    #[error("time span exceeds {days} days")]
    SpanTooLong {
        /// The limit.
        days: i64,
    },
    /// An instant within three days of the ends of chrono's range, where a
    /// business calendar cannot place local working hours.
    #[error("business time at {at} runs into the ends of the supported date range")]
    OutOfRange {
        /// The instant.
        at: DateTime<Utc>,
    },
    /// An impact, urgency or priority outside its scale.
    #[error("{what} must be 1..={max}, got {value}")]
    Level {
        /// Which scale.
        what: &'static str,
        /// The rejected value.
        value: u8,
        /// The top of the scale.
        max: u8,
    },
    /// A priority matrix of the wrong shape.
    #[error("invalid matrix: {reason}")]
    Matrix {
        /// Why.
        reason: String,
    },
    /// A transition the workflow does not allow.
    #[error("a {workflow} cannot move from {from} to {to}")]
    IllegalTransition {
        /// Which workflow.
        workflow: &'static str,
        /// The current state.
        from: String,
        /// The requested state.
        to: String,
    },
    /// A change dated before the last one.
    #[error("a change at {at} is earlier than the last change at {last}")]
    TimeGoesBack {
        /// The requested time.
        at: DateTime<Utc>,
        /// The last change.
        last: DateTime<Utc>,
    },
    /// A required text field that is empty.
    #[error("{field} must not be empty")]
    Text {
        /// Which field.
        field: &'static str,
    },
    /// An SLA policy that cannot be used.
    #[error("invalid SLA policy: {reason}")]
    Sla {
        /// Why.
        reason: String,
    },
}
