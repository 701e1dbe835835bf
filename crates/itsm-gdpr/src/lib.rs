#![doc = include_str!("../README.md")]
#![deny(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::todo,
    clippy::indexing_slicing
)]

pub mod anonymity;
pub mod breach;
pub mod classification;
pub mod dpia;
pub mod dsr;
pub mod encryption;
pub mod error;
pub mod masking;
pub mod pseudonym;
pub mod retention;
pub mod ropa;

pub use error::Error;
