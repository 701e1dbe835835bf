#![doc = include_str!("../README.md")]
#![deny(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::todo,
    clippy::indexing_slicing
)]

#[doc(inline)]
pub use itsm_core as core;

/// The `chrono` version the API speaks: every policy function takes
/// `now: chrono::DateTime<Utc>`, so hosts can use this one and never mismatch.
#[doc(no_inline)]
pub use chrono;

/// The `serde` version the models implement `Serialize` and `Deserialize` of.
#[doc(no_inline)]
pub use serde;

/// The `serde_json` version the documents (registers, assessments,
/// policies, records) are read and written with.
#[doc(no_inline)]
pub use serde_json;

#[cfg(feature = "auth")]
#[doc(inline)]
pub use itsm_auth as auth;

#[cfg(feature = "risk")]
#[doc(inline)]
pub use itsm_risk as risk;

#[cfg(feature = "nist")]
#[doc(inline)]
pub use itsm_nist as nist;

#[cfg(feature = "itil")]
#[doc(inline)]
pub use itsm_itil as itil;

#[cfg(feature = "gdpr")]
#[doc(inline)]
pub use itsm_gdpr as gdpr;

#[cfg(feature = "audit")]
#[doc(inline)]
pub use itsm_audit as audit;

#[cfg(feature = "dr")]
#[doc(inline)]
pub use itsm_dr as dr;

#[cfg(all(feature = "risk", feature = "nist"))]
pub mod coverage;

#[cfg(all(feature = "risk", feature = "nist"))]
pub mod crosswalk;

#[cfg(feature = "full")]
pub mod posture;

#[cfg(feature = "full")]
pub mod schemas;

#[cfg(feature = "full")]
pub mod reference;
