//! `itsm-auth` as a host uses it: published test vectors, interoperability
//! with jsonwebtoken, concurrency of single-use codes, and a login flow.

mod flow;
mod interop;
mod props;
mod race;
mod vectors;
