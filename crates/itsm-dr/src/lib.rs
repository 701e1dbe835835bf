#![doc = include_str!("../README.md")]
#![deny(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::todo,
    clippy::indexing_slicing
)]

pub mod backup;
pub mod drill;
pub mod error;
mod graph;
pub mod model;
pub mod plan;
mod seed;
pub mod span;

pub use error::Error;
