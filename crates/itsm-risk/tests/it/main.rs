//! `itsm-risk` as an ISMS team uses it: a register fixture, its summaries and
//! heat map, and a Statement of Applicability checked against it.

mod fixture;
mod props;
mod register;
mod soa;
