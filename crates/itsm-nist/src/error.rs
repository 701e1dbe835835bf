//! The crate's error type.

use itsm_core::InputExcerpt;

use crate::incident::Phase;

/// Everything that can go wrong in `itsm-nist`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A shared value was rejected by `itsm-core`.
    #[error(transparent)]
    Core(#[from] itsm_core::Error),
    /// An id that is not a subcategory of the catalog.
    #[error("{id} is not a {version} subcategory{}", format.as_ref().map(|f| format!(" ({f})")).unwrap_or_default())]
    UnknownSubcategory {
        /// `NIST CSF 2.0` or `NIST CSF 1.1`.
        version: &'static str,
        /// The rejected id.
        id: InputExcerpt,
        /// The format error, when the id is not even well formed.
        format: Option<String>,
    },
    /// An implementation tier outside 1..=4.
    #[error("implementation tier must be 1..=4, got {value}")]
    Tier {
        /// The rejected value.
        value: u8,
    },
    /// An incident moved between phases the lifecycle does not connect.
    #[error("an incident cannot move from {from} to {to}")]
    IllegalTransition {
        /// The current phase.
        from: Phase,
        /// The requested phase.
        to: Phase,
    },
    /// A transition dated before the last one.
    #[error("a transition at {at} is earlier than the incident's last change at {last}")]
    TimeGoesBack {
        /// The requested time.
        at: chrono::DateTime<chrono::Utc>,
        /// The last change.
        last: chrono::DateTime<chrono::Utc>,
    },
    /// Closing a high-severity incident without a lessons-learned record.
    #[error("a high-severity incident needs a lessons-learned record before it is closed")]
    LessonsLearnedRequired,
    /// A checklist item that does not exist for the phase.
    #[error("phase {phase} has no checklist item {index}")]
    ChecklistItem {
        /// The phase.
        phase: Phase,
        /// The item's index.
        index: usize,
    },
    /// An operation on an incident that is already closed.
    #[error("the incident is closed")]
    Closed,
    /// A response target that is not positive.
    #[error("response targets must be positive, got {seconds} s for {severity}")]
    Target {
        /// The severity.
        severity: &'static str,
        /// The rejected target.
        seconds: i64,
    },
    /// A text field that is empty or over its bound.
    #[error("{field} must be 1..={max} characters")]
    Text {
        /// Which field.
        field: &'static str,
        /// The bound.
        max: usize,
    },
}
