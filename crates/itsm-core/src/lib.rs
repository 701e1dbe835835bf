#![doc = include_str!("../README.md")]
#![deny(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::todo,
    clippy::indexing_slicing
)]

pub mod checked;
pub mod classification;
pub mod control_ref;
pub mod entropy;
pub mod error;
pub mod evidence;
pub mod framework;
pub mod id;
pub mod status;
pub mod time;

pub use classification::Classification;
pub use control_ref::ControlRef;
#[cfg(feature = "test-util")]
pub use entropy::SeededEntropy;
pub use entropy::{Entropy, SystemEntropy, fill_array};
pub use error::{Error, InputExcerpt};
pub use evidence::EvidenceRef;
pub use framework::Framework;
pub use id::{OrgId, UserId};
pub use status::ImplementationStatus;
