#![doc = include_str!("../README.md")]
#![deny(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::todo,
    clippy::indexing_slicing
)]

pub mod backup_codes;
pub mod error;
pub mod guard;
pub mod jwt;
pub mod key;
pub mod lockout;
pub mod mfa;
pub mod password;
pub mod password_hash;
pub mod rbac;
pub mod reset;
pub mod session;
pub mod totp;

pub use error::Error;
pub use key::{HmacKey, KeyId};
pub use password::{PasswordContext, PasswordPolicy, PasswordViolation};
pub use password_hash::{PasswordHash, PasswordHasher, PasswordRecord};
