//! Data-subject requests (GDPR Art. 12-22).
//!
//! # Deadline
//!
//! Art. 12(3): one month from receipt, extendable by two further months
//! where necessary, provided the subject is told of the extension (and why)
//! within the first month. Periods follow Regulation (EEC, Euratom) No
//! 1182/71, as the EDPB applies it: a period in months ends on the same date
//! of the last month, or on that month's last day if it has no such date (a
//! request received on 31 January is due on 28 February, or 29 in a leap
//! year); when that day is a Saturday, Sunday or public holiday, the period
//! ends on the next working day.
//!
//! The seed's flat "30 days" is kept as [`DeadlineRule::SeedThirtyDays`]; it
//! is shorter than the Regulation's month in 31-day months and does not
//! move off weekends, so it is a deviation.
//!
//! # Examples
//!
//! ```
//! use chrono::NaiveDate;
//! use itsm_gdpr::dsr::{DeadlineRule, HolidayCalendar};
//!
//! let cal = HolidayCalendar::default();
//! let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
//! // Received 31 January 2026: one month ends 28 February, a Saturday; due Monday 2 March.
//! assert_eq!(DeadlineRule::Regulation.due(d(2026, 1, 31), false, &cal), d(2026, 3, 2));
//! // Received 2 March 2026: the Regulation gives 2 April, the seed's 30 days 1 April.
//! assert_eq!(DeadlineRule::Regulation.due(d(2026, 3, 2), false, &cal), d(2026, 4, 2));
//! assert_eq!(DeadlineRule::SeedThirtyDays.due(d(2026, 3, 2), false, &cal), d(2026, 4, 1));
//! ```

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc, Weekday};
use itsm_core::UserId;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// The rights of Art. 15-22.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Right {
    /// Art. 15: access.
    Access,
    /// Art. 16: rectification.
    Rectification,
    /// Art. 17: erasure.
    Erasure,
    /// Art. 18: restriction of processing.
    Restriction,
    /// Art. 19: to have recipients told of rectification, erasure or restriction.
    NotificationOfRecipients,
    /// Art. 20: data portability.
    Portability,
    /// Art. 21: to object.
    Objection,
    /// Art. 22: not to be subject to a decision based solely on automated processing.
    AutomatedDecisionMaking,
}

impl Right {
    /// All eight, in article order.
    pub const ALL: [Self; 8] = [
        Self::Access,
        Self::Rectification,
        Self::Erasure,
        Self::Restriction,
        Self::NotificationOfRecipients,
        Self::Portability,
        Self::Objection,
        Self::AutomatedDecisionMaking,
    ];

    /// The article.
    #[must_use]
    pub const fn article(self) -> u8 {
        self as u8 + 15
    }
}

/// Public holidays of the controller's jurisdiction; weekends are always off.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct HolidayCalendar {
    /// The holidays.
    pub holidays: BTreeSet<NaiveDate>,
}

impl HolidayCalendar {
    fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&d)
    }

    fn next_working_day(&self, mut d: NaiveDate) -> NaiveDate {
        for _ in 0..400 {
            if self.is_working_day(d) {
                return d;
            }
            match d.succ_opt() {
                Some(n) => d = n,
                None => return d,
            }
        }
        d
    }
}

/// How the deadline is computed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineRule {
    /// Art. 12(3) with Regulation 1182/71 (see the module docs).
    #[default]
    Regulation,
    /// The seed's flat 30 days (or 90 when extended), not moved off weekends.
    SeedThirtyDays,
}

impl DeadlineRule {
    /// The last day to answer a request received on `received`.
    #[must_use]
    pub fn due(self, received: NaiveDate, extended: bool, calendar: &HolidayCalendar) -> NaiveDate {
        match self {
            Self::Regulation => {
                let months = if extended { 3 } else { 1 };
                let end = received
                    .checked_add_months(Months::new(months))
                    .unwrap_or(NaiveDate::MAX);
                calendar.next_working_day(end)
            }
            Self::SeedThirtyDays => received
                .checked_add_days(Days::new(if extended { 90 } else { 30 }))
                .unwrap_or(NaiveDate::MAX),
        }
    }
}

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RefusalGround {
    /// Art. 12(5)(b): manifestly unfounded.
    ManifestlyUnfounded,
    /// Art. 12(5)(b): excessive, in particular repetitive.
    Excessive,
    /// Art. 11(2), 12(2): the controller cannot identify the subject.
    CannotIdentify,
}

/// A request's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Received.
    Received,
    /// The subject's identity is verified.
    IdentityVerified,
    /// Being handled.
    InProgress,
    /// Extended by up to two months (Art. 12(3)).
    Extended,
    /// Answered (final).
    Completed,
    /// Refused (final).
    Refused,
}

/// A data-subject request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct SubjectRequest {
    /// The subject.
    pub subject: UserId,
    /// The right exercised.
    pub right: Right,
    /// The state.
    pub state: RequestState,
    /// When it was received (the day counts as day of receipt).
    pub received_at: DateTime<Utc>,
    /// Each step, timestamped.
    pub history: Vec<(RequestState, DateTime<Utc>)>,
    /// When the subject was told of an extension, with the reasons.
    pub extension_notice: Option<(DateTime<Utc>, String)>,
    /// The refusal ground, if refused.
    pub refusal: Option<RefusalGround>,
}

impl SubjectRequest {
    /// A request received at `received_at`.
    #[must_use]
    pub fn new(subject: UserId, right: Right, received_at: DateTime<Utc>) -> Self {
        Self {
            subject,
            right,
            state: RequestState::Received,
            received_at,
            history: vec![(RequestState::Received, received_at)],
            extension_notice: None,
            refusal: None,
        }
    }

    fn go(&mut self, to: RequestState, at: DateTime<Utc>) -> Result<(), Error> {
        use RequestState as S;
        let ok = matches!(
            (self.state, to),
            (S::Received, S::IdentityVerified | S::Refused)
                | (S::IdentityVerified, S::InProgress | S::Refused)
                | (S::InProgress, S::Extended | S::Completed | S::Refused)
                | (S::Extended, S::Completed | S::Refused)
        );
        if !ok {
            return Err(Error::IllegalTransition {
                from: format!("{:?}", self.state),
                to: format!("{to:?}"),
            });
        }
        self.history.push((to, at));
        self.state = to;
        Ok(())
    }

    /// Identity verified.
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`].
    pub fn verify_identity(&mut self, at: DateTime<Utc>) -> Result<(), Error> {
        self.go(RequestState::IdentityVerified, at)
    }

    /// Work started.
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`].
    pub fn start(&mut self, at: DateTime<Utc>) -> Result<(), Error> {
        self.go(RequestState::InProgress, at)
    }

    /// Extends the deadline, telling the subject at `at` with `reasons`.
    ///
    /// # Errors
    ///
    /// [`Error::ExtensionTooLate`] when `at` is after the first month's
    /// deadline; [`Error::IllegalTransition`].
    pub fn extend(
        &mut self,
        reasons: impl Into<String>,
        at: DateTime<Utc>,
        rule: DeadlineRule,
        calendar: &HolidayCalendar,
    ) -> Result<(), Error> {
        let first = rule.due(self.received_at.date_naive(), false, calendar);
        if at.date_naive() > first {
            return Err(Error::ExtensionTooLate { deadline: first });
        }
        self.go(RequestState::Extended, at)?;
        self.extension_notice = Some((at, reasons.into()));
        Ok(())
    }

    /// Answered.
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`].
    pub fn complete(&mut self, at: DateTime<Utc>) -> Result<(), Error> {
        self.go(RequestState::Completed, at)
    }

    /// Refused on `ground`.
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`].
    pub fn refuse(&mut self, ground: RefusalGround, at: DateTime<Utc>) -> Result<(), Error> {
        self.go(RequestState::Refused, at)?;
        self.refusal = Some(ground);
        Ok(())
    }

    /// The last day to answer.
    #[must_use]
    pub fn due(&self, rule: DeadlineRule, calendar: &HolidayCalendar) -> NaiveDate {
        rule.due(
            self.received_at.date_naive(),
            self.extension_notice.is_some(),
            calendar,
        )
    }

    /// Whether the request is open past its last day at `now` (UTC dates).
    #[must_use]
    pub fn is_overdue(
        &self,
        now: DateTime<Utc>,
        rule: DeadlineRule,
        calendar: &HolidayCalendar,
    ) -> bool {
        !matches!(self.state, RequestState::Completed | RequestState::Refused)
            && now.date_naive() > self.due(rule, calendar)
    }
}

/// The Art. 17(3) exemptions to erasure.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ErasureExemption {
    /// (a) Freedom of expression and information.
    FreedomOfExpression,
    /// (b) A legal obligation, a public-interest task or official authority.
    LegalObligation,
    /// (c) Public health (Art. 9(2)(h) and (i), 9(3)).
    PublicHealth,
    /// (d) Archiving, research or statistics (Art. 89(1)) that erasure would seriously impair.
    ArchivingResearchStatistics,
    /// (e) Establishing, exercising or defending legal claims.
    LegalClaims,
}

/// The answer to an erasure request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ErasureDecision {
    /// Erase (crypto-shred where fields are encrypted).
    Erase,
    /// Keep what the exemptions cover, telling the subject which.
    Withhold {
        /// The exemptions that apply.
        exemptions: Vec<ErasureExemption>,
    },
}

/// Decides an erasure request from the exemptions the controller finds to apply.
#[must_use]
pub fn decide_erasure(applicable: &[ErasureExemption]) -> ErasureDecision {
    if applicable.is_empty() {
        ErasureDecision::Erase
    } else {
        let mut exemptions = applicable.to_vec();
        exemptions.sort_unstable();
        exemptions.dedup();
        ErasureDecision::Withhold { exemptions }
    }
}

/// A structured, machine-readable export for access (Art. 15) and
/// portability (Art. 20).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ExportBundle {
    /// The subject.
    pub subject: UserId,
    /// The right answered.
    pub right: Right,
    /// When it was produced.
    pub generated_at: DateTime<Utc>,
    /// The data, by source (`tickets`, `audit_events`, ...).
    pub sections: BTreeMap<String, serde_json::Value>,
}

impl ExportBundle {
    /// An empty bundle.
    ///
    /// # Errors
    ///
    /// [`Error::NotAnExportRight`] for rights other than access and portability.
    pub fn new(subject: UserId, right: Right, generated_at: DateTime<Utc>) -> Result<Self, Error> {
        if !matches!(right, Right::Access | Right::Portability) {
            return Err(Error::NotAnExportRight);
        }
        Ok(Self {
            subject,
            right,
            generated_at,
            sections: BTreeMap::new(),
        })
    }

    /// Adds a section of records, serialized to JSON.
    ///
    /// # Errors
    ///
    /// [`Error::Export`] if they do not serialize.
    pub fn add<T: Serialize>(
        &mut self,
        name: impl Into<String>,
        records: &[T],
    ) -> Result<(), Error> {
        let value = serde_json::to_value(records).map_err(|e| Error::Export {
            reason: e.to_string(),
        })?;
        self.sections.insert(name.into(), value);
        Ok(())
    }

    /// The bundle as JSON (UTF-8), the machine-readable format.
    ///
    /// # Errors
    ///
    /// [`Error::Export`].
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(self).map_err(|e| Error::Export {
            reason: e.to_string(),
        })
    }
}
