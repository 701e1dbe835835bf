#![doc = include_str!("../README.md")]
#![deny(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::todo,
    clippy::indexing_slicing
)]

pub mod calendar;
pub mod change;
pub mod error;
pub mod incident;
pub mod kpi;
pub mod problem;
pub mod reference;
pub mod request;
pub mod sla;

pub use error::Error;
