//! `itsm-audit` as an auditor uses it.

mod merkle;
mod reporting;
mod storage;
mod tamper;
