//! `itsm-audit` as an auditor uses it.

mod anomaly;
mod checkpoint;
mod crash;
mod export;
mod group;
mod merkle;
mod props;
mod reporting;
mod rotate;
mod storage;
mod tamper;
