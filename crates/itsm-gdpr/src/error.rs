//! The crate's error type.

use chrono::NaiveDate;

/// Everything that can go wrong in `itsm-gdpr`. No message carries personal
/// data, a key or a plaintext.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A shared value was rejected by `itsm-core`, or the entropy source failed.
    #[error(transparent)]
    Core(#[from] itsm_core::Error),
    /// A key that cannot be used.
    #[error("key error: {reason}")]
    Key {
        /// Why.
        reason: &'static str,
    },
    /// Sealing failed.
    #[error("encryption failed")]
    Crypto,
    /// A ciphertext that does not open: tampered, moved to another field or
    /// record, malformed, or its key was shredded.
    #[error("the value cannot be decrypted")]
    Decrypt,
    /// A key store could not answer.
    #[error("key store failed: {reason}")]
    Store {
        /// Why.
        reason: String,
    },
    /// A step the request lifecycle does not allow.
    #[error("a request cannot move from {from} to {to}")]
    IllegalTransition {
        /// From.
        from: String,
        /// To.
        to: String,
    },
    /// An extension announced after the first month (Art. 12(3)).
    #[error("an extension must be announced by {deadline}, within the first month")]
    ExtensionTooLate {
        /// The first month's last day.
        deadline: NaiveDate,
    },
    /// An export bundle asked for a right that does not produce one.
    #[error("only access (Art. 15) and portability (Art. 20) produce an export")]
    NotAnExportRight,
    /// Serializing an export failed.
    #[error("export failed: {reason}")]
    Export {
        /// Why.
        reason: String,
    },
    /// A required text that is empty.
    #[error("{field} must not be empty")]
    Text {
        /// Which.
        field: &'static str,
    },
    /// A notification after 72 hours without reasons (Art. 33(1)).
    #[error("a notification after 72 hours must give the reasons for the delay")]
    LateWithoutReasons,
    /// Notifying a breach decided unlikely to result in a risk.
    #[error("the breach was decided unlikely to result in a risk; change that decision first")]
    NotNotifiable,
    /// A retention question the schedule cannot answer.
    #[error("retention: {reason}")]
    Retention {
        /// Why.
        reason: &'static str,
    },
}
