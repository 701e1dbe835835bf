//! The crate's error type.

/// Everything that can go wrong in `itsm-audit`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A shared value was rejected by `itsm-core`.
    #[error(transparent)]
    Core(#[from] itsm_core::Error),
    /// A tree size or leaf index beyond the tree.
    #[error(
        "tree size {size} is not available (the tree has {len} leaves) or the index is outside it"
    )]
    TreeSize {
        /// The size asked for.
        size: usize,
        /// The tree's size.
        len: usize,
    },
}
