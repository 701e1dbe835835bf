//! DR drills: the seed's quarterly cadence, and drill records whose
//! pass or fail is computed from what was measured, never typed in.
//!
//! # Examples
//!
//! ```
//! use chrono::NaiveDate;
//! use itsm_dr::drill::{Cadence, DrillStatus, drill_status};
//!
//! let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
//! // A drill on 31 March (Q1) makes the next one due by 30 June (end of Q2).
//! assert_eq!(drill_status(Cadence::Quarterly, Some(day(3, 31)), day(6, 30)), DrillStatus::Due { by: day(6, 30) });
//! assert!(matches!(drill_status(Cadence::Quarterly, Some(day(3, 31)), day(7, 1)), DrillStatus::Overdue { .. }));
//! ```

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use itsm_core::InputExcerpt;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::model::Scenario;
use crate::plan::DrPlan;
use crate::span::{Loss, Span};

/// How often drills are due: once in every calendar period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    /// Every month.
    Monthly,
    /// Every calendar quarter (the seed's).
    #[default]
    Quarterly,
    /// Every half year.
    HalfYearly,
    /// Every year.
    Yearly,
}

impl Cadence {
    const fn months(self) -> i32 {
        match self {
            Self::Monthly => 1,
            Self::Quarterly => 3,
            Self::HalfYearly => 6,
            Self::Yearly => 12,
        }
    }

    /// The last day of the period after the one holding `date`.
    #[must_use]
    pub fn next_due(self, date: NaiveDate) -> NaiveDate {
        let months = self.months();
        let index = date.year() * 12 + date.month0().cast_signed();
        let period_start = index - index.rem_euclid(months);
        // The first day after the next period, minus one day.
        let after = period_start + 2 * months;
        NaiveDate::from_ymd_opt(
            after.div_euclid(12),
            after.rem_euclid(12).cast_unsigned() + 1,
            1,
        )
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX)
    }
}

/// Where the drill schedule stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum DrillStatus {
    /// No drill on record: one is due now.
    NeverDrilled,
    /// The next drill is due by this day (inclusive).
    Due {
        /// The last day to hold it.
        by: NaiveDate,
    },
    /// The due day has passed.
    Overdue {
        /// The day it was due.
        since: NaiveDate,
        /// Days late.
        days: i64,
    },
}

/// The schedule's state on `today`, given the last drill.
#[must_use]
pub fn drill_status(cadence: Cadence, last: Option<NaiveDate>, today: NaiveDate) -> DrillStatus {
    let Some(last) = last else {
        return DrillStatus::NeverDrilled;
    };
    let by = cadence.next_due(last);
    if today > by {
        DrillStatus::Overdue {
            since: by,
            days: (today - by).num_days(),
        }
    } else {
        DrillStatus::Due { by }
    }
}

/// The seed's drill objectives.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// Backups restore and the data is intact.
    VerifyBackupRestoration,
    /// Failover works and services run on the DR site.
    TestFailover,
    /// Every measured service met its RTO and RPO.
    ValidateRtoRpo,
    /// People took part and communications were exercised.
    TrainTeam,
}

impl Objective {
    /// The seed's four, in its order.
    pub const SEED: [Self; 4] = [
        Self::VerifyBackupRestoration,
        Self::TestFailover,
        Self::ValidateRtoRpo,
        Self::TrainTeam,
    ];
}

/// The seed's drill checklist.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistItem {
    /// A backup restore was tested.
    BackupRestoreTested,
    /// Failover was executed successfully.
    FailoverExecuted,
    /// Services were available on the DR site.
    ServicesAvailableOnDrSite,
    /// Data integrity was verified.
    DataIntegrityVerified,
    /// Communication procedures were tested.
    CommunicationTested,
    /// Issues were documented.
    IssuesDocumented,
}

/// What was measured for one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    /// The service.
    pub service: String,
    /// Time from the start of the scenario to the service being back.
    pub recovery_time: Span,
    /// How much data was lost (zero when none).
    pub data_loss: Loss,
}

/// An improvement action from a drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Improvement {
    /// What to do.
    pub action: String,
    /// Who does it.
    pub owner: String,
    /// By when.
    #[serde(default)]
    pub due: Option<NaiveDate>,
}

/// A drill as it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DrillRecord {
    /// When.
    pub date: NaiveDate,
    /// What was simulated.
    pub scenario: Scenario,
    /// What it set out to show.
    pub objectives: Vec<Objective>,
    /// Checklist items done.
    #[serde(default)]
    pub checked: BTreeSet<ChecklistItem>,
    /// Measurements per service.
    #[serde(default)]
    pub measurements: Vec<Measurement>,
    /// Who took part.
    #[serde(default)]
    pub participants: Vec<String>,
    /// Issues found.
    #[serde(default)]
    pub issues: Vec<String>,
    /// Actions agreed.
    #[serde(default)]
    pub improvements: Vec<Improvement>,
}

impl DrillRecord {
    /// The seed's drill: a data-centre failure with its four objectives,
    /// nothing checked or measured yet.
    #[must_use]
    pub fn seed(date: NaiveDate) -> Self {
        Self {
            date,
            scenario: Scenario::DataCentreFailure,
            objectives: Objective::SEED.to_vec(),
            checked: BTreeSet::new(),
            measurements: Vec::new(),
            participants: Vec::new(),
            issues: Vec::new(),
            improvements: Vec::new(),
        }
    }
}

/// One service's measured result against its objectives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ServiceResult {
    /// The service.
    pub service: String,
    /// Its RTO.
    pub rto: Span,
    /// Its RPO.
    pub rpo: Span,
    /// Measured recovery time.
    pub recovery_time: Span,
    /// Measured data loss.
    pub data_loss: Loss,
    /// Recovery time within the RTO (equal meets it).
    pub rto_met: bool,
    /// Data loss within the RPO (equal meets it).
    pub rpo_met: bool,
}

/// One objective's outcome and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ObjectiveResult {
    /// The objective.
    pub objective: Objective,
    /// Whether it passed.
    pub passed: bool,
    /// What decided it.
    pub reason: String,
}

/// A drill's evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DrillResult {
    /// Per measured service.
    pub services: Vec<ServiceResult>,
    /// Per objective.
    pub objectives: Vec<ObjectiveResult>,
    /// Every objective passed.
    pub passed: bool,
}

fn both(record: &DrillRecord, a: ChecklistItem, b: ChecklistItem, what: &str) -> (bool, String) {
    let missing: Vec<String> = [a, b]
        .into_iter()
        .filter(|i| !record.checked.contains(i))
        .map(|i| format!("{i:?}"))
        .collect();
    if missing.is_empty() {
        (true, format!("{what}: checked"))
    } else {
        (
            false,
            format!("{what}: not checked: {}", missing.join(", ")),
        )
    }
}

impl DrPlan {
    /// Evaluates a drill against this plan's objectives.
    ///
    /// - verify backup restoration: restore tested and data integrity verified;
    /// - test failover: failover executed and services available on the DR site;
    /// - validate RTO/RPO: at least one service measured, and every measured
    ///   service within both its RTO and RPO;
    /// - train team: at least one participant and communications tested.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownReference`] for a measurement of a service the plan
    /// does not hold.
    pub fn evaluate_drill(&self, record: &DrillRecord) -> Result<DrillResult, Error> {
        let mut services = Vec::with_capacity(record.measurements.len());
        for m in &record.measurements {
            let service = self
                .services
                .iter()
                .find(|s| s.id == m.service)
                .ok_or_else(|| Error::UnknownReference {
                    from: InputExcerpt::new("the drill record"),
                    kind: "service",
                    id: InputExcerpt::new(&m.service),
                })?;
            let o = self.objectives(service);
            services.push(ServiceResult {
                service: m.service.clone(),
                rto: o.rto,
                rpo: o.rpo,
                recovery_time: m.recovery_time,
                data_loss: m.data_loss,
                rto_met: m.recovery_time <= o.rto,
                rpo_met: m.data_loss.within(o.rpo),
            });
        }
        let objectives: Vec<ObjectiveResult> = record
            .objectives
            .iter()
            .map(|&objective| {
                use ChecklistItem as C;
                let (passed, reason) = match objective {
                    Objective::VerifyBackupRestoration => both(
                        record,
                        C::BackupRestoreTested,
                        C::DataIntegrityVerified,
                        "restore and integrity",
                    ),
                    Objective::TestFailover => both(
                        record,
                        C::FailoverExecuted,
                        C::ServicesAvailableOnDrSite,
                        "failover and DR site",
                    ),
                    Objective::ValidateRtoRpo => {
                        let missed: Vec<&str> = services
                            .iter()
                            .filter(|s| !(s.rto_met && s.rpo_met))
                            .map(|s| s.service.as_str())
                            .collect();
                        if services.is_empty() {
                            (false, "no service was measured".to_owned())
                        } else if missed.is_empty() {
                            (
                                true,
                                format!("{} services within RTO and RPO", services.len()),
                            )
                        } else {
                            (false, format!("outside RTO or RPO: {}", missed.join(", ")))
                        }
                    }
                    Objective::TrainTeam => {
                        if record.participants.is_empty() {
                            (false, "no participants recorded".to_owned())
                        } else {
                            both(
                                record,
                                C::CommunicationTested,
                                C::CommunicationTested,
                                "communications",
                            )
                        }
                    }
                };
                ObjectiveResult {
                    objective,
                    passed,
                    reason,
                }
            })
            .collect();
        let passed = !objectives.is_empty() && objectives.iter().all(|o| o.passed);
        Ok(DrillResult {
            services,
            objectives,
            passed,
        })
    }
}
