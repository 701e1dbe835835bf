//! The crate's error type.

use itsm_core::InputExcerpt;

/// Everything that can go wrong in `itsm-risk`.
///
/// Messages are lowercase and quote user input in backticks through
/// [`itsm_core::InputExcerpt`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A shared value was rejected by `itsm-core`.
    #[error(transparent)]
    Core(#[from] itsm_core::Error),
    /// An id that is not in the ISO/IEC 27001:2022 catalog.
    #[error("{id} is not an ISO/IEC 27001:2022 Annex A control or clause{}", format.as_ref().map(|f| format!(" ({f})")).unwrap_or_default())]
    UnknownControl {
        /// The rejected id.
        id: InputExcerpt,
        /// The format error, when the id is not even well formed.
        format: Option<String>,
    },
    /// A likelihood or impact rating outside the scale it is used with.
    #[error("{axis} rating must be 1..={max}, got {value}")]
    Rating {
        /// `likelihood` or `impact`.
        axis: &'static str,
        /// The rejected value.
        value: u8,
        /// The scale's top.
        max: u8,
    },
    /// A risk matrix that is not 3 to 6 levels per axis with a level per cell.
    #[error("invalid risk matrix: {reason}")]
    Matrix {
        /// What is wrong.
        reason: String,
    },
    /// A register entry that refers to something the register lacks.
    #[error("register {kind} {id} is not defined")]
    MissingReference {
        /// `asset`, `threat`, `vulnerability` or `risk`.
        kind: &'static str,
        /// The missing id.
        id: InputExcerpt,
    },
    /// An id used twice in a register.
    #[error("register {kind} id {id} is used twice")]
    DuplicateId {
        /// `asset`, `threat`, `vulnerability` or `risk`.
        kind: &'static str,
        /// The id.
        id: InputExcerpt,
    },
    /// A register id that is empty, too long or holds control characters.
    #[error(
        "{kind} id {id} must be 1..=64 characters without control characters or surrounding spaces"
    )]
    InvalidId {
        /// What kind of id.
        kind: &'static str,
        /// The rejected id.
        id: InputExcerpt,
    },
    /// A date computation that overflowed the calendar.
    #[error("date is out of range")]
    DateRange,
    /// Writing an export failed.
    #[error("export failed: {reason}")]
    Export {
        /// Why.
        reason: String,
    },
}
