//! `itsm-gdpr` as a privacy engine uses it.

mod crypto;
mod duties;
mod props;
