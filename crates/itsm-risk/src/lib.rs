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
pub mod register;
pub mod seed_table;
pub mod soa;

pub use assessment::{Assessment, Impact, Likelihood, RiskLevel, RiskMatrix};
pub use catalog::ControlId;
pub use error::Error;
pub use register::RiskRegister;
pub use soa::StatementOfApplicability;
