//! `itsm-audit` as an auditor uses it.

mod checkpoint;
mod export;
mod merkle;
mod reporting;
mod rotate;
mod storage;
mod tamper;
