//! The crate's error type.

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
}
