//! `itsm-audit` as an auditor uses it.

mod merkle;
mod tamper;
