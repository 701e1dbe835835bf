//! `itsm-nist` as a host uses it: an assessment with roll-ups and a gap
//! analysis, a 1.1 assessment carried into 2.0, and incidents through their life.

mod assess;
mod incidents;
mod props;
