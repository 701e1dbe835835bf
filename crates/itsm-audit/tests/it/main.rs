//! `itsm-audit` as an auditor uses it.

mod merkle;
mod storage;
mod tamper;
