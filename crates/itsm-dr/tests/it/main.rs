//! `itsm-dr` as a continuity planner uses it.

mod drills;
mod plan;
mod props;
mod spans;
