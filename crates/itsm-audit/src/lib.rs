#![doc = include_str!("../README.md")]
#![deny(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::todo,
    clippy::indexing_slicing
)]

pub mod anomaly;
pub mod checkpoint;
pub mod error;
pub mod event;
pub mod export;
pub mod group;
pub mod merkle;
pub mod query;
pub mod record;
pub mod report;
pub mod rotate;
pub mod storage;
pub mod verify;

pub use error::Error;
