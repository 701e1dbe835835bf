#![doc = include_str!("../README.md")]
#![deny(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::todo,
    clippy::indexing_slicing
)]

pub mod assessment;
pub mod catalog;
pub mod error;
pub mod incident;
pub mod lineage;
pub mod profile;
pub mod seed;

pub use catalog::{Csf2Id, Csf11Id};
pub use error::Error;
