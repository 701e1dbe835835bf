//! `itsm-audit` as an auditor uses it.

mod export;
mod merkle;
mod reporting;
mod storage;
mod tamper;
