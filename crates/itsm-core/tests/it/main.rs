//! `itsm-core` as a host uses it: parse what users type, store it as JSON,
//! read it back, and make decisions at a fixed instant with fixed randomness.

mod host;
mod props;
mod schema;
