//! `itsm-itil` as an ITSM backend uses it.

mod incidents;
mod kpis;
mod props;
mod sla;
mod workflows;
