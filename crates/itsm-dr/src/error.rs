//! The crate's error type.

use itsm_core::InputExcerpt;

/// Everything that can go wrong in `itsm-dr`.
///
/// Messages are lowercase, quote user input in backticks (bounded, through
/// [`itsm_core::InputExcerpt`]) and never carry a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A shared value (framework, control reference, id, evidence, entropy)
    /// was rejected by `itsm-core`.
    #[error(transparent)]
    Core(#[from] itsm_core::Error),
    /// A duration of zero where a positive one is needed.
    #[error("duration {input} must be greater than zero")]
    ZeroDuration {
        /// What was given.
        input: InputExcerpt,
    },
    /// A negative duration.
    #[error("duration {input} is negative; durations are zero or more")]
    NegativeDuration {
        /// What was given.
        input: InputExcerpt,
    },
    /// Text that is not a duration.
    #[error(
        "{input} is not a duration: write a whole number and a unit, such as `15 minutes`, `15m`, `2h` or `30 days`"
    )]
    MalformedDuration {
        /// What was given.
        input: InputExcerpt,
    },
    /// A range whose upper bound is below its lower bound.
    #[error("duration range {input} ends before it starts")]
    InvertedRange {
        /// What was given.
        input: InputExcerpt,
    },
    /// Two items of a plan with the same id.
    #[error("the plan has two {kind} with the id {id}")]
    DuplicateId {
        /// `services`, `protection mechanisms` or `runbooks`.
        kind: &'static str,
        /// The id.
        id: InputExcerpt,
    },
    /// A reference to an id the plan does not hold.
    #[error("{from} refers to the unknown {kind} {id}")]
    UnknownReference {
        /// Who refers.
        from: InputExcerpt,
        /// `service` or `protection mechanism`.
        kind: &'static str,
        /// The missing id.
        id: InputExcerpt,
    },
    /// A value that must be at least one.
    #[error("{what} must be at least 1")]
    NotPositive {
        /// Which value.
        what: &'static str,
    },
    /// An empty id or name.
    #[error("{what} must not be empty")]
    Empty {
        /// Which value.
        what: &'static str,
    },
}
