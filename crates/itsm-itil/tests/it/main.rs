//! `itsm-itil` as an ITSM backend uses it.

mod incidents;
mod kpis;
mod sla;
mod workflows;
