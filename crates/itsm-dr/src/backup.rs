//! Backup hygiene: the 3-2-1-1-0 rule as a scored check, and backup health
//! at `now`.
//!
//! 3-2-1-1-0: at least **3** copies of the data (the live data and two
//! backup copies), on **2** different media, **1** of them off-site, **1**
//! immutable or offline, and **0** errors in the last verified restore. It
//! is industry practice (it extends the older 3-2-1 rule), not a clause of
//! a standard. A backup whose media are not stated counts as disk.
//!
//! # Examples
//!
//! ```
//! use itsm_dr::backup::{RestoreTest, score_3_2_1_1_0};
//! use itsm_dr::plan::DrPlan;
//!
//! let plan = DrPlan::seed();
//! let db: Vec<_> = plan.mechanisms.iter().filter(|m| m.id == "database").collect();
//! let score = score_3_2_1_1_0(&db, None);
//! // Three copies and one off-site; one medium, nothing immutable, no verified restore.
//! assert_eq!(score.score(), 2);
//! ```

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{Mechanism, Medium, Protection};
use crate::plan::{DrPlan, Factor};
use crate::span::{Loss, Span};

/// A restore test and what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RestoreTest {
    /// When it ran.
    pub at: DateTime<Utc>,
    /// Errors found verifying the restored data.
    pub errors: u32,
}

/// Each criterion of 3-2-1-1-0, met or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Score32110 {
    /// Copies of the data, the live data included.
    pub copies: u32,
    /// Distinct media, the live data's disk included.
    pub media: u32,
    /// At least one copy off-site.
    pub off_site: bool,
    /// At least one copy immutable or offline.
    pub immutable_or_offline: bool,
    /// The last verified restore found no errors.
    pub zero_errors: bool,
}

impl Score32110 {
    /// Criteria met, 0 to 5.
    #[must_use]
    pub fn score(&self) -> u8 {
        [
            self.copies >= 3,
            self.media >= 2,
            self.off_site,
            self.immutable_or_offline,
            self.zero_errors,
        ]
        .into_iter()
        .map(u8::from)
        .sum()
    }

    /// What is missing, one line per criterion not met.
    #[must_use]
    pub fn gaps(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.copies < 3 {
            out.push(format!(
                "{} copies of the data; keep at least 3",
                self.copies
            ));
        }
        if self.media < 2 {
            out.push(format!("{} medium; use at least 2", self.media));
        }
        if !self.off_site {
            out.push("no copy off-site".to_owned());
        }
        if !self.immutable_or_offline {
            out.push("no copy immutable or offline".to_owned());
        }
        if !self.zero_errors {
            out.push("no restore verified without errors".to_owned());
        }
        out
    }
}

/// Scores the backups among `mechanisms` (replicas and log shipping are
/// not backups and do not count) with the last verified restore.
#[must_use]
pub fn score_3_2_1_1_0(
    mechanisms: &[&Mechanism],
    last_restore: Option<&RestoreTest>,
) -> Score32110 {
    let mut copies = 1u32;
    let mut media = vec![Medium::Disk];
    let mut off_site = false;
    let mut immutable_or_offline = false;
    for m in mechanisms {
        if let Protection::Backup {
            locations,
            copies: c,
            media: m_media,
            immutable,
            ..
        } = &m.protection
        {
            copies = copies.saturating_add(u32::from(*c));
            if m_media.is_empty() {
                media.push(Medium::Disk);
            }
            media.extend(m_media.iter().copied());
            off_site |= locations.iter().any(|l| l.outside_primary());
            immutable_or_offline |= *immutable;
        }
    }
    media.sort_unstable();
    media.dedup();
    Score32110 {
        copies,
        media: u32::try_from(media.len()).unwrap_or(u32::MAX),
        off_site,
        immutable_or_offline,
        zero_errors: last_restore.is_some_and(|t| t.errors == 0),
    }
}

/// What a host knows about one mechanism's runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BackupStatus {
    /// The mechanism's id.
    pub mechanism: String,
    /// The last successful run.
    #[serde(default)]
    pub last_success: Option<DateTime<Utc>>,
    /// The last restore test.
    #[serde(default)]
    pub last_restore_test: Option<RestoreTest>,
}

/// A problem with a mechanism's health at `now`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "finding", rename_all = "snake_case")]
#[non_exhaustive]
pub enum HealthFinding {
    /// No successful run on record.
    NeverSucceeded {
        /// The mechanism.
        mechanism: String,
    },
    /// The last good copy is older than the strictest RPO it serves: a
    /// failure now would lose more than allowed.
    Stale {
        /// The mechanism.
        mechanism: String,
        /// Time since the last success.
        age: Loss,
        /// The strictest RPO among the services it protects.
        rpo: Span,
        /// Age / RPO.
        factor: Factor,
    },
    /// No restore test, or the last is older than allowed.
    RestoreTestOverdue {
        /// The mechanism.
        mechanism: String,
        /// Time since the last test, if there was one.
        age: Option<Loss>,
        /// The most a test may be apart.
        max_age: Span,
    },
    /// The last restore test found errors.
    RestoreTestFailed {
        /// The mechanism.
        mechanism: String,
        /// How many.
        errors: u32,
    },
}

fn age(now: DateTime<Utc>, then: DateTime<Utc>) -> Loss {
    Loss::from_seconds(u64::try_from((now - then).num_seconds()).unwrap_or(0))
}

impl DrPlan {
    /// Backup health at `now` for every mechanism with a status: the last
    /// success against the strictest RPO of the services it protects (a
    /// mechanism that protects none is not held to an RPO), and the last
    /// restore test against `max_restore_test_age`. Ages equal to the limit
    /// meet it; timestamps after `now` count as age zero.
    #[must_use]
    pub fn backup_health(
        &self,
        statuses: &[BackupStatus],
        now: DateTime<Utc>,
        max_restore_test_age: Span,
    ) -> Vec<HealthFinding> {
        let mut out = Vec::new();
        for st in statuses {
            let rpo = self
                .services
                .iter()
                .filter(|s| s.protected_by.contains(&st.mechanism))
                .map(|s| self.objectives(s).rpo)
                .min();
            match (st.last_success, rpo) {
                (None, _) => out.push(HealthFinding::NeverSucceeded {
                    mechanism: st.mechanism.clone(),
                }),
                (Some(at), Some(rpo)) => {
                    let a = age(now, at);
                    if !a.within(rpo) {
                        out.push(HealthFinding::Stale {
                            mechanism: st.mechanism.clone(),
                            age: a,
                            rpo,
                            factor: Factor(a.factor_of(rpo)),
                        });
                    }
                }
                (Some(_), None) => {}
            }
            match st.last_restore_test {
                None => out.push(HealthFinding::RestoreTestOverdue {
                    mechanism: st.mechanism.clone(),
                    age: None,
                    max_age: max_restore_test_age,
                }),
                Some(t) => {
                    let a = age(now, t.at);
                    if !a.within(max_restore_test_age) {
                        out.push(HealthFinding::RestoreTestOverdue {
                            mechanism: st.mechanism.clone(),
                            age: Some(a),
                            max_age: max_restore_test_age,
                        });
                    }
                    if t.errors > 0 {
                        out.push(HealthFinding::RestoreTestFailed {
                            mechanism: st.mechanism.clone(),
                            errors: t.errors,
                        });
                    }
                }
            }
        }
        out
    }
}
