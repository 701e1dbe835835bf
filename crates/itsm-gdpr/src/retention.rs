//! Retention decisions over the seed's schedule (seed section 5;
//! GDPR Art. 5(1)(e), storage limitation).
//!
//! The seed's schedule: incident tickets 5 years, user activity logs 1 year,
//! backups 30 days, audit logs 7 years, personal data "as needed" (kept while
//! the purpose lasts, decided by the host). Years and days are calendar
//! years and days from the record's creation.
//!
//! # Examples
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use itsm_gdpr::retention::{RecordKind, RetentionDecision, RetentionSchedule};
//!
//! let schedule = RetentionSchedule::seed();
//! let created = Utc.with_ymd_and_hms(2021, 1, 15, 0, 0, 0).unwrap();
//! let now = Utc.with_ymd_and_hms(2026, 1, 15, 0, 0, 0).unwrap();
//! assert!(matches!(schedule.decide(RecordKind::IncidentTicket, created, false, now)?, RetentionDecision::Delete { .. }));
//! assert_eq!(schedule.decide(RecordKind::IncidentTicket, created, true, now)?, RetentionDecision::Held);
//! # Ok::<(), itsm_gdpr::Error>(())
//! ```

use chrono::{DateTime, Duration, Months, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::classification::DeletionMethod;

/// The kinds of record the seed's schedule covers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// Incident tickets: 5 years.
    IncidentTicket,
    /// User activity logs: 1 year.
    UserActivityLog,
    /// Backups: 30 days.
    Backup,
    /// Audit logs: 7 years.
    AuditLog,
    /// Other personal data: as long as its purpose needs (host decides).
    PersonalData,
}

/// How long a kind is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "unit", content = "value", rename_all = "snake_case")]
pub enum Period {
    /// Calendar years.
    Years(u32),
    /// Days.
    Days(u32),
    /// While the purpose lasts: the host decides; never deleted by schedule.
    AsNeeded,
}

/// One kind's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RetentionRule {
    /// The kind.
    pub kind: RecordKind,
    /// How long.
    pub period: Period,
    /// How to delete when due.
    pub method: DeletionMethod,
}

/// A retention schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RetentionSchedule {
    /// The rules.
    pub rules: Vec<RetentionRule>,
}

/// What to do with a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RetentionDecision {
    /// Keep until `until` (exclusive).
    Keep {
        /// When it becomes due.
        until: DateTime<Utc>,
    },
    /// Keep for as long as its purpose needs; review it.
    KeepWhileNeeded,
    /// Delete now, this way.
    Delete {
        /// How.
        method: DeletionMethod,
    },
    /// Under legal hold: keep whatever the schedule says.
    Held,
}

impl RetentionSchedule {
    /// The seed's schedule.
    #[must_use]
    pub fn seed() -> Self {
        let rule = |kind, period, method| RetentionRule {
            kind,
            period,
            method,
        };
        Self {
            rules: vec![
                rule(
                    RecordKind::IncidentTicket,
                    Period::Years(5),
                    DeletionMethod::StandardDelete,
                ),
                rule(
                    RecordKind::UserActivityLog,
                    Period::Years(1),
                    DeletionMethod::StandardDelete,
                ),
                rule(
                    RecordKind::Backup,
                    Period::Days(30),
                    DeletionMethod::CryptographicErase,
                ),
                rule(
                    RecordKind::AuditLog,
                    Period::Years(7),
                    DeletionMethod::StandardDelete,
                ),
                rule(
                    RecordKind::PersonalData,
                    Period::AsNeeded,
                    DeletionMethod::StandardDelete,
                ),
            ],
        }
    }

    /// The decision for a record of `kind` created at `created_at`, at `now`.
    /// A legal hold wins; otherwise the record is due at creation plus the
    /// period, and deleted from that instant on.
    ///
    /// # Errors
    ///
    /// [`Error::Retention`] for a kind the schedule lacks, or a date out of range.
    pub fn decide(
        &self,
        kind: RecordKind,
        created_at: DateTime<Utc>,
        legal_hold: bool,
        now: DateTime<Utc>,
    ) -> Result<RetentionDecision, Error> {
        if legal_hold {
            return Ok(RetentionDecision::Held);
        }
        let rule = self
            .rules
            .iter()
            .find(|r| r.kind == kind)
            .ok_or(Error::Retention {
                reason: "no rule for this record kind",
            })?;
        let until = match rule.period {
            Period::AsNeeded => return Ok(RetentionDecision::KeepWhileNeeded),
            Period::Years(y) => created_at.checked_add_months(Months::new(y.saturating_mul(12))),
            Period::Days(d) => created_at.checked_add_signed(Duration::days(i64::from(d))),
        }
        .ok_or(Error::Retention {
            reason: "date out of range",
        })?;
        Ok(if now >= until {
            RetentionDecision::Delete {
                method: rule.method,
            }
        } else {
            RetentionDecision::Keep { until }
        })
    }

    /// Decisions for a batch, in order: `(kind, created_at, legal_hold)` items.
    ///
    /// # Errors
    ///
    /// As [`decide`](Self::decide), for the first item that fails.
    pub fn decide_all<'a>(
        &'a self,
        items: impl IntoIterator<Item = (RecordKind, DateTime<Utc>, bool)> + 'a,
        now: DateTime<Utc>,
    ) -> impl Iterator<Item = Result<RetentionDecision, Error>> + 'a {
        items
            .into_iter()
            .map(move |(k, c, h)| self.decide(k, c, h, now))
    }
}
