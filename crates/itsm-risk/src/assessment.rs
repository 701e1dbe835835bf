//! Risk assessment (the seed's `RiskAssessment`, section 2.2): likelihood x
//! impact on a risk matrix, the level it gives, and what each level requires.
//!
//! The default matrix is the seed's: likelihood 1 (rare) to 5 (almost
//! certain), impact 1 (insignificant) to 5 (catastrophic), score = likelihood
//! x impact, level by the seed's thresholds (score >= 20 critical, >= 15
//! high, >= 10 medium, >= 5 low, else minimal). It is stored like any other
//! matrix, as a level per cell; matrices of 3 to 6 levels per axis, such as
//! the examples of ISO/IEC 27005, are data of the same shape.
//!
//! # Examples
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use itsm_risk::assessment::{Deadline, Impact, Likelihood, RiskLevel, RiskMatrix};
//!
//! let matrix = RiskMatrix::seed();
//! let a = matrix.assess(Likelihood::new(4)?, Impact::new(4)?)?;
//! assert_eq!((a.score, a.level), (16, RiskLevel::High));
//!
//! let assessed = Utc.with_ymd_and_hms(2026, 12, 3, 0, 0, 0).unwrap();
//! assert_eq!(a.level.deadline(assessed)?, Deadline::By(Utc.with_ymd_and_hms(2027, 3, 3, 0, 0, 0).unwrap()));
//!
//! // A 6 is a valid rating, but not on the seed's 5x5 matrix.
//! assert!(matrix.assess(Likelihood::new(6)?, Impact::new(1)?).is_err());
//! assert!(Likelihood::new(7).is_err());
//! # Ok::<(), itsm_risk::Error>(())
//! ```

use std::fmt;

use chrono::{DateTime, Months, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// The most levels an axis may have.
pub const MAX_LEVELS: u8 = 6;
/// The fewest levels an axis may have.
pub const MIN_LEVELS: u8 = 3;

macro_rules! rating {
    ($(#[$doc:meta])* $name:ident, $axis:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        #[serde(try_from = "u8", into = "u8")]
        #[schemars(extend("minimum" = 1, "maximum" = 6))]
        pub struct $name(u8);

        impl $name {
            /// A rating of 1 to [`MAX_LEVELS`]; whether it fits a given
            /// matrix is checked when the matrix uses it.
            ///
            /// # Errors
            ///
            /// [`Error::Rating`] outside 1..=6.
            pub fn new(value: u8) -> Result<Self, Error> {
                if (1..=MAX_LEVELS).contains(&value) {
                    Ok(Self(value))
                } else {
                    Err(Error::Rating { axis: $axis, value, max: MAX_LEVELS })
                }
            }

            /// The rating.
            #[must_use]
            pub const fn get(self) -> u8 {
                self.0
            }
        }

        impl TryFrom<u8> for $name {
            type Error = Error;

            fn try_from(v: u8) -> Result<Self, Error> {
                Self::new(v)
            }
        }

        impl From<$name> for u8 {
            fn from(r: $name) -> u8 {
                r.0
            }
        }
    };
}

rating!(
    /// How likely a risk is to materialise, 1 (least) upward.
    Likelihood,
    "likelihood"
);
rating!(
    /// How bad the consequences would be, 1 (least) upward.
    Impact,
    "impact"
);

/// The seed's five risk levels, from least to most severe.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    /// Accept and monitor.
    Minimal,
    /// Monitor and review periodically.
    Low,
    /// Plan controls within 6 months.
    Medium,
    /// Implement controls within 3 months.
    High,
    /// Implement controls immediately.
    Critical,
}

impl RiskLevel {
    /// All five, least severe first.
    pub const ALL: [Self; 5] = [
        Self::Minimal,
        Self::Low,
        Self::Medium,
        Self::High,
        Self::Critical,
    ];

    /// The seed's level for a likelihood x impact score.
    #[must_use]
    pub const fn from_seed_score(score: u8) -> Self {
        match score {
            20.. => Self::Critical,
            15..=19 => Self::High,
            10..=14 => Self::Medium,
            5..=9 => Self::Low,
            _ => Self::Minimal,
        }
    }

    /// What the seed requires at this level (`identify_controls`).
    #[must_use]
    pub const fn required_actions(self) -> &'static [RequiredAction] {
        use RequiredAction as A;
        match self {
            Self::Critical => &[
                A::ImplementControlsImmediately,
                A::AssignResourcesAndBudget,
                A::ExecutiveOversight,
                A::RegularMonitoringAndReviews,
            ],
            Self::High => &[
                A::ImplementControlsWithin3Months,
                A::ProjectManagementOversight,
                A::MonthlyProgressReviews,
            ],
            Self::Medium => &[
                A::PlanImplementationWithin6Months,
                A::ScheduleImplementation,
            ],
            Self::Low => &[
                A::MonitorAndReviewPeriodically,
                A::IncludeInImprovementRoadmap,
            ],
            Self::Minimal => &[A::AcceptAndMonitor],
        }
    }

    /// When treatment is due for a risk assessed at `assessed_at`: at once
    /// for critical, 3 months later for high, 6 for medium (calendar months,
    /// clamped to the month's last day); periodic review for low; accept and
    /// monitor for minimal.
    ///
    /// # Errors
    ///
    /// [`Error::DateRange`] if the date overflows.
    pub fn deadline(self, assessed_at: DateTime<Utc>) -> Result<Deadline, Error> {
        let months = |m| {
            assessed_at
                .checked_add_months(Months::new(m))
                .map(Deadline::By)
                .ok_or(Error::DateRange)
        };
        match self {
            Self::Critical => Ok(Deadline::By(assessed_at)),
            Self::High => months(3),
            Self::Medium => months(6),
            Self::Low => Ok(Deadline::PeriodicReview),
            Self::Minimal => Ok(Deadline::AcceptAndMonitor),
        }
    }
}

impl fmt::Display for RiskLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Minimal => "minimal",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        })
    }
}

/// One of the seed's required actions per level.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RequiredAction {
    /// Critical: put controls in place now.
    ImplementControlsImmediately,
    /// Critical: give the treatment people and money.
    AssignResourcesAndBudget,
    /// Critical: executives oversee the treatment.
    ExecutiveOversight,
    /// Critical: monitor and review regularly.
    RegularMonitoringAndReviews,
    /// High: controls in place within 3 months.
    ImplementControlsWithin3Months,
    /// High: run the treatment as a managed project.
    ProjectManagementOversight,
    /// High: review progress monthly.
    MonthlyProgressReviews,
    /// Medium: plan the controls within 6 months.
    PlanImplementationWithin6Months,
    /// Medium: put the work on the schedule.
    ScheduleImplementation,
    /// Low: watch and review from time to time.
    MonitorAndReviewPeriodically,
    /// Low: add to the improvement roadmap.
    IncludeInImprovementRoadmap,
    /// Minimal: accept the risk and keep watching it.
    AcceptAndMonitor,
}

/// When a level's treatment is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", content = "at", rename_all = "snake_case")]
pub enum Deadline {
    /// Treatment due by this instant.
    By(DateTime<Utc>),
    /// No deadline; reviewed periodically.
    PeriodicReview,
    /// No treatment; the risk is accepted and monitored.
    AcceptAndMonitor,
}

/// A matrix: labels for each likelihood and impact level, and the risk
/// level of every cell (rows by likelihood, columns by impact).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "RawMatrix")]
pub struct RiskMatrix {
    likelihood: Vec<String>,
    impact: Vec<String>,
    cells: Vec<Vec<RiskLevel>>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawMatrix {
    likelihood: Vec<String>,
    impact: Vec<String>,
    cells: Vec<Vec<RiskLevel>>,
}

impl TryFrom<RawMatrix> for RiskMatrix {
    type Error = Error;

    fn try_from(raw: RawMatrix) -> Result<Self, Error> {
        Self::new(raw.likelihood, raw.impact, raw.cells)
    }
}

impl Default for RiskMatrix {
    fn default() -> Self {
        Self::seed()
    }
}

impl RiskMatrix {
    /// A matrix from labels and cells.
    ///
    /// # Errors
    ///
    /// [`Error::Matrix`] unless each axis has 3 to 6 non-empty labels and
    /// `cells` has one row per likelihood level with one level per impact
    /// level.
    pub fn new(
        likelihood: Vec<String>,
        impact: Vec<String>,
        cells: Vec<Vec<RiskLevel>>,
    ) -> Result<Self, Error> {
        let fail = |reason: String| Err(Error::Matrix { reason });
        let levels = usize::from(MIN_LEVELS)..=usize::from(MAX_LEVELS);
        for (axis, labels) in [("likelihood", &likelihood), ("impact", &impact)] {
            if !levels.contains(&labels.len()) {
                return fail(format!(
                    "{axis} has {} levels; 3 to 6 are allowed",
                    labels.len()
                ));
            }
            if labels.iter().any(|l| l.trim().is_empty()) {
                return fail(format!("{axis} has an empty label"));
            }
        }
        if cells.len() != likelihood.len() || cells.iter().any(|row| row.len() != impact.len()) {
            return fail(format!(
                "cells must be {} rows of {} levels",
                likelihood.len(),
                impact.len()
            ));
        }
        Ok(Self {
            likelihood,
            impact,
            cells,
        })
    }

    /// The seed's 5x5 matrix (see the [module docs](self)).
    #[must_use]
    pub fn seed() -> Self {
        let labels = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let cells = (1..=5u8)
            .map(|l| {
                (1..=5u8)
                    .map(|i| RiskLevel::from_seed_score(l * i))
                    .collect()
            })
            .collect();
        Self {
            likelihood: labels(&["rare", "unlikely", "possible", "likely", "almost certain"]),
            impact: labels(&[
                "insignificant",
                "minor",
                "moderate",
                "major",
                "catastrophic",
            ]),
            cells,
        }
    }

    /// Likelihood level labels, lowest first.
    #[must_use]
    pub fn likelihood_labels(&self) -> &[String] {
        &self.likelihood
    }

    /// Impact level labels, lowest first.
    #[must_use]
    pub fn impact_labels(&self) -> &[String] {
        &self.impact
    }

    fn top(labels: &[String]) -> u8 {
        u8::try_from(labels.len()).unwrap_or(MAX_LEVELS)
    }

    /// Checks that both ratings fit this matrix.
    ///
    /// # Errors
    ///
    /// [`Error::Rating`] for a rating above this matrix's levels.
    pub fn check(&self, likelihood: Likelihood, impact: Impact) -> Result<(), Error> {
        let (likelihood_top, impact_top) = (Self::top(&self.likelihood), Self::top(&self.impact));
        if likelihood.get() > likelihood_top {
            return Err(Error::Rating {
                axis: "likelihood",
                value: likelihood.get(),
                max: likelihood_top,
            });
        }
        if impact.get() > impact_top {
            return Err(Error::Rating {
                axis: "impact",
                value: impact.get(),
                max: impact_top,
            });
        }
        Ok(())
    }

    /// The assessment of a likelihood and an impact on this matrix.
    ///
    /// # Errors
    ///
    /// [`Error::Rating`] for a rating above this matrix's levels.
    pub fn assess(&self, likelihood: Likelihood, impact: Impact) -> Result<Assessment, Error> {
        self.check(likelihood, impact)?;
        let level = self
            .cells
            .get(usize::from(likelihood.get() - 1))
            .and_then(|row| row.get(usize::from(impact.get() - 1)))
            .copied()
            .ok_or(Error::Rating {
                axis: "likelihood",
                value: likelihood.get(),
                max: Self::top(&self.likelihood),
            })?;
        Ok(Assessment {
            likelihood,
            impact,
            score: likelihood.get() * impact.get(),
            level,
        })
    }
}

/// A likelihood, an impact, their product and the matrix's level for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct Assessment {
    /// The likelihood rating.
    pub likelihood: Likelihood,
    /// The impact rating.
    pub impact: Impact,
    /// likelihood x impact.
    pub score: u8,
    /// The matrix's level for the cell.
    pub level: RiskLevel,
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn l(v: u8) -> Likelihood {
        Likelihood::new(v).unwrap()
    }

    fn i(v: u8) -> Impact {
        Impact::new(v).unwrap()
    }

    #[test]
    fn every_score_from_1_to_25_gets_the_seed_level() {
        for score in 1..=25u8 {
            let expected = if score >= 20 {
                RiskLevel::Critical
            } else if score >= 15 {
                RiskLevel::High
            } else if score >= 10 {
                RiskLevel::Medium
            } else if score >= 5 {
                RiskLevel::Low
            } else {
                RiskLevel::Minimal
            };
            assert_eq!(RiskLevel::from_seed_score(score), expected, "{score}");
        }
    }

    #[test]
    fn reachable_boundaries_on_the_seed_matrix() {
        let m = RiskMatrix::seed();
        let cases = [
            (2, 2, 4, RiskLevel::Minimal),
            (1, 5, 5, RiskLevel::Low),
            (3, 3, 9, RiskLevel::Low),
            (2, 5, 10, RiskLevel::Medium),
            (3, 4, 12, RiskLevel::Medium),
            (3, 5, 15, RiskLevel::High),
            (4, 4, 16, RiskLevel::High),
            (4, 5, 20, RiskLevel::Critical),
            (5, 5, 25, RiskLevel::Critical),
            (1, 1, 1, RiskLevel::Minimal),
        ];
        for (li, im, score, level) in cases {
            let a = m.assess(l(li), i(im)).unwrap();
            assert_eq!((a.score, a.level), (score, level), "{li}x{im}");
        }
        // Scores 13, 14, 17, 18, 19, 21..24 are not products of 1..=5 ratings.
        let reachable: std::collections::BTreeSet<u8> = (1..=5u8)
            .flat_map(|a| (1..=5u8).map(move |b| a * b))
            .collect();
        for unreachable in [7, 11, 13, 14, 17, 18, 19, 21, 22, 23, 24] {
            assert!(!reachable.contains(&unreachable));
        }
    }

    #[test]
    fn out_of_range_ratings_in_code_and_json() {
        assert_eq!(
            Likelihood::new(0),
            Err(Error::Rating {
                axis: "likelihood",
                value: 0,
                max: 6
            })
        );
        assert!(Impact::new(7).is_err());
        let m = RiskMatrix::seed();
        assert_eq!(
            m.assess(l(6), i(1)),
            Err(Error::Rating {
                axis: "likelihood",
                value: 6,
                max: 5
            })
        );
        assert_eq!(
            m.assess(l(1), i(6)),
            Err(Error::Rating {
                axis: "impact",
                value: 6,
                max: 5
            })
        );
        assert!(serde_json::from_str::<Likelihood>("0").is_err());
        assert!(serde_json::from_str::<Likelihood>("7").is_err());
        assert!(serde_json::from_str::<Likelihood>("\"3\"").is_err());
        assert_eq!(serde_json::from_str::<Likelihood>("6").unwrap().get(), 6);
    }

    #[test]
    fn a_6x6_custom_matrix() {
        let labels: Vec<String> = (1..=6).map(|n| format!("level {n}")).collect();
        // A banded matrix as ISO/IEC 27005 examples draw them: the sum of the
        // two ratings picks the band.
        let cells = (1..=6u8)
            .map(|a| {
                (1..=6u8)
                    .map(|b| match a + b {
                        2..=4 => RiskLevel::Minimal,
                        5..=6 => RiskLevel::Low,
                        7..=8 => RiskLevel::Medium,
                        9..=10 => RiskLevel::High,
                        _ => RiskLevel::Critical,
                    })
                    .collect()
            })
            .collect();
        let m = RiskMatrix::new(labels.clone(), labels, cells).unwrap();
        assert_eq!(m.assess(l(6), i(6)).unwrap().level, RiskLevel::Critical);
        assert_eq!(m.assess(l(6), i(6)).unwrap().score, 36);
        assert_eq!(m.assess(l(1), i(6)).unwrap().level, RiskLevel::Medium);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<RiskMatrix>(&json).unwrap(), m);
    }

    #[test]
    fn malformed_matrices_are_refused() {
        let three: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let seven: Vec<String> = (0..7).map(|n| n.to_string()).collect();
        let row = |n| vec![RiskLevel::Low; n];
        assert!(RiskMatrix::new(three.clone(), three.clone(), vec![row(3); 3]).is_ok());
        assert!(RiskMatrix::new(three[..2].to_vec(), three.clone(), vec![row(3); 2]).is_err());
        assert!(RiskMatrix::new(seven.clone(), three.clone(), vec![row(3); 7]).is_err());
        assert!(RiskMatrix::new(three.clone(), three.clone(), vec![row(3); 2]).is_err());
        assert!(
            RiskMatrix::new(three.clone(), three.clone(), vec![row(3), row(2), row(3)]).is_err()
        );
        assert!(
            RiskMatrix::new(
                vec!["a".into(), " ".into(), "c".into()],
                three,
                vec![row(3); 3]
            )
            .is_err()
        );
        let json = serde_json::to_value(RiskMatrix::seed()).unwrap();
        let mut extra = json.clone();
        extra["colour"] = "red".into();
        assert!(serde_json::from_value::<RiskMatrix>(extra).is_err());
    }

    #[test]
    fn deadlines_per_level() {
        let t = Utc.with_ymd_and_hms(2026, 8, 31, 12, 0, 0).unwrap();
        assert_eq!(RiskLevel::Critical.deadline(t).unwrap(), Deadline::By(t));
        // Calendar months, clamped: 31 August + 3 months = 30 November.
        assert_eq!(
            RiskLevel::High.deadline(t).unwrap(),
            Deadline::By(Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap())
        );
        assert_eq!(
            RiskLevel::Medium.deadline(t).unwrap(),
            Deadline::By(Utc.with_ymd_and_hms(2027, 2, 28, 12, 0, 0).unwrap())
        );
        assert_eq!(
            RiskLevel::Low.deadline(t).unwrap(),
            Deadline::PeriodicReview
        );
        assert_eq!(
            RiskLevel::Minimal.deadline(t).unwrap(),
            Deadline::AcceptAndMonitor
        );
        assert_eq!(RiskLevel::Critical.required_actions().len(), 4);
        assert_eq!(
            RiskLevel::Minimal.required_actions(),
            [RequiredAction::AcceptAndMonitor]
        );
    }
}
