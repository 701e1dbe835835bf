//! The crate's error type.

/// Everything that can go wrong in `itsm-audit`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A shared value was rejected by `itsm-core`.
    #[error(transparent)]
    Core(#[from] itsm_core::Error),
    /// A seal key shorter than 32 bytes or without an id.
    #[error("a seal key needs an id and at least 32 bytes")]
    Key,
    /// An event that does not serialize.
    #[error("the event could not be serialized")]
    Serialize,
    /// A trail that does not verify.
    #[error("the trail fails to verify at record {record}: {kind:?}")]
    Verification {
        /// The sequence position where it failed.
        record: u64,
        /// How.
        kind: crate::verify::FailureKind,
    },
    /// Storage failed.
    #[error("audit storage failed: {reason}")]
    Io {
        /// The I/O error.
        reason: String,
    },
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
    /// A proof or root that needs leaves pruned by retention.
    #[error("leaf {index} was pruned; this proof needs it")]
    Pruned {
        /// The first pruned leaf needed.
        index: usize,
    },
    /// A checkpoint whose signature, algorithm or key id does not match the key.
    #[error("the checkpoint's signature does not verify with this key")]
    Signature,
    /// A configuration value outside its range.
    #[error("invalid configuration: {reason}")]
    Config {
        /// What is wrong.
        reason: String,
    },
    /// An event earlier than one already counted for the same subject and action.
    #[error("event at {at} arrived after a later one; feed events in time order")]
    OutOfOrder {
        /// The event's time.
        at: chrono::DateTime<chrono::Utc>,
    },
}
