//! The facade as a host uses it: coverage, crosswalk, posture, and the
//! generated documents and schemas.

mod adversarial;
mod coverage;
mod crosswalk;
mod docs;
mod example_data;
mod models;
mod posture;
