//! Personal data breaches (GDPR Art. 33-34).
//!
//! - Every breach goes in the register, notified or not (Art. 33(5)).
//! - The supervisory authority is notified unless the breach is unlikely to
//!   result in a risk to people's rights and freedoms (Art. 33(1)); when not
//!   notifying, the reasoning is kept.
//! - The deadline is 72 hours from awareness (Art. 33(1)); a later
//!   notification must give the reasons for the delay.
//! - The notification must hold the Art. 33(3) content: (a) the nature of the
//!   breach with the categories and approximate numbers of subjects and
//!   records, (b) the DPO or contact point, (c) likely consequences, (d)
//!   measures taken or proposed. It may come in phases (Art. 33(4)).
//! - Data subjects are told when the risk is high (Art. 34(1)), unless (Art.
//!   34(3)) the data was unintelligible to others (for example encrypted),
//!   later measures mean the high risk is no longer likely, or it would take
//!   disproportionate effort, in which case a public communication is made
//!   instead.
//!
//! # Examples
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use itsm_gdpr::breach::{Breach, RiskLevel, SubjectCommunication};
//!
//! let aware = Utc.with_ymd_and_hms(2026, 12, 3, 14, 0, 0).unwrap();
//! let mut b = Breach::new("BR-7", aware, "ticket export emailed to the wrong customer")?;
//! b.risk = RiskLevel::High;
//! assert_eq!(b.notification_deadline(), aware + Duration::hours(72));
//! assert!(!b.is_late(aware + Duration::hours(72)));
//! assert!(b.is_late(aware + Duration::hours(72) + Duration::seconds(1)));
//! assert_eq!(b.subject_communication(), SubjectCommunication::Required);
//! assert_eq!(b.missing_notification_content().len(), 4);
//! # Ok::<(), itsm_gdpr::Error>(())
//! ```

use chrono::{DateTime, Utc};
use itsm_core::time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// The risk a breach poses to people's rights and freedoms.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    /// Not yet assessed: treated as a risk (notify).
    #[default]
    Unassessed,
    /// Unlikely to result in a risk: no notification (reasoning kept).
    Unlikely,
    /// A risk: notify the authority.
    Risk,
    /// A high risk: notify the authority and tell the subjects.
    High,
}

/// An Art. 34(3) exception to telling subjects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Art34Exception {
    /// (a) The data was unintelligible to anyone unauthorised (encrypted).
    Unintelligible,
    /// (b) Later measures mean the high risk is no longer likely.
    RiskNoLongerLikely,
    /// (c) Disproportionate effort: a public communication instead.
    DisproportionateEffort,
}

/// Whether and how subjects are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", content = "exception", rename_all = "snake_case")]
pub enum SubjectCommunication {
    /// Not required: the risk is not high.
    NotRequired,
    /// Required, without undue delay.
    Required,
    /// High risk, but an Art. 34(3)(a) or (b) exception applies.
    Exempt(Art34Exception),
    /// High risk and disproportionate effort: a public communication.
    PublicCommunication,
}

/// A breach record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct Breach {
    /// Its id.
    pub id: String,
    /// When the controller became aware of it.
    pub aware_at: DateTime<Utc>,
    /// The nature of the breach.
    pub nature: String,
    /// Categories of data subjects concerned.
    pub subject_categories: Vec<String>,
    /// Approximate number of subjects.
    pub approx_subjects: Option<u64>,
    /// Categories of records concerned.
    pub record_categories: Vec<String>,
    /// Approximate number of records.
    pub approx_records: Option<u64>,
    /// Likely consequences.
    pub likely_consequences: Option<String>,
    /// Measures taken or proposed.
    pub measures: Option<String>,
    /// The DPO or contact point.
    pub dpo_contact: Option<String>,
    /// The risk assessment.
    pub risk: RiskLevel,
    /// Why it is unlikely to result in a risk, when not notifying.
    pub no_notification_reasoning: Option<String>,
    /// When the authority was notified (the first phase).
    pub notified_at: Option<DateTime<Utc>>,
    /// Reasons for a notification after 72 hours.
    pub delay_reasons: Option<String>,
    /// An Art. 34(3) exception claimed.
    pub art34_exception: Option<Art34Exception>,
}

impl Breach {
    /// A breach the controller became aware of at `aware_at`.
    ///
    /// # Errors
    ///
    /// [`Error::Text`] for an empty id or nature.
    pub fn new(
        id: impl Into<String>,
        aware_at: DateTime<Utc>,
        nature: impl Into<String>,
    ) -> Result<Self, Error> {
        let (id, nature) = (id.into(), nature.into());
        if id.trim().is_empty() || nature.trim().is_empty() {
            return Err(Error::Text {
                field: "breach id and nature",
            });
        }
        Ok(Self {
            id,
            aware_at,
            nature,
            subject_categories: Vec::new(),
            approx_subjects: None,
            record_categories: Vec::new(),
            approx_records: None,
            likely_consequences: None,
            measures: None,
            dpo_contact: None,
            risk: RiskLevel::Unassessed,
            no_notification_reasoning: None,
            notified_at: None,
            delay_reasons: None,
            art34_exception: None,
        })
    }

    /// 72 hours after awareness.
    #[must_use]
    pub fn notification_deadline(&self) -> DateTime<Utc> {
        time::after(self.aware_at, time::hours(72))
    }

    /// Whether the authority must be notified (anything but "unlikely").
    #[must_use]
    pub fn must_notify(&self) -> bool {
        self.risk != RiskLevel::Unlikely
    }

    /// Whether a notification at `at` would be late (after the 72 hours).
    #[must_use]
    pub fn is_late(&self, at: DateTime<Utc>) -> bool {
        at > self.notification_deadline()
    }

    /// Whether the breach is overdue at `now`: notifiable, not notified, past 72 hours.
    #[must_use]
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.must_notify() && self.notified_at.is_none() && self.is_late(now)
    }

    /// The Art. 33(3) items still missing: (a) nature with categories and
    /// numbers, (b) contact, (c) consequences, (d) measures.
    #[must_use]
    pub fn missing_notification_content(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let blank = |s: &Option<String>| s.as_deref().is_none_or(|v| v.trim().is_empty());
        if self.subject_categories.is_empty()
            || self.approx_subjects.is_none()
            || self.record_categories.is_empty()
            || self.approx_records.is_none()
        {
            out.push("Art. 33(3)(a): categories and approximate numbers of subjects and records");
        }
        if blank(&self.dpo_contact) {
            out.push("Art. 33(3)(b): DPO or contact point");
        }
        if blank(&self.likely_consequences) {
            out.push("Art. 33(3)(c): likely consequences");
        }
        if blank(&self.measures) {
            out.push("Art. 33(3)(d): measures taken or proposed");
        }
        out
    }

    /// Records the decision not to notify, with its reasoning (Art. 33(1), 33(5)).
    ///
    /// # Errors
    ///
    /// [`Error::Text`] for empty reasoning.
    pub fn decide_not_to_notify(&mut self, reasoning: impl Into<String>) -> Result<(), Error> {
        let reasoning = reasoning.into();
        if reasoning.trim().is_empty() {
            return Err(Error::Text {
                field: "reasoning for not notifying",
            });
        }
        self.risk = RiskLevel::Unlikely;
        self.no_notification_reasoning = Some(reasoning);
        Ok(())
    }

    /// Records the (first phase of the) notification at `at`. Content may be
    /// incomplete (Art. 33(4): in phases); a late one needs `delay_reasons`.
    ///
    /// # Errors
    ///
    /// [`Error::LateWithoutReasons`]; [`Error::NotNotifiable`] for a breach
    /// decided unlikely to result in a risk.
    pub fn notify(
        &mut self,
        at: DateTime<Utc>,
        delay_reasons: Option<String>,
    ) -> Result<(), Error> {
        if !self.must_notify() {
            return Err(Error::NotNotifiable);
        }
        if self.is_late(at) && delay_reasons.as_deref().is_none_or(|r| r.trim().is_empty()) {
            return Err(Error::LateWithoutReasons);
        }
        self.notified_at = Some(at);
        self.delay_reasons = delay_reasons;
        Ok(())
    }

    /// Whether and how the subjects are told (Art. 34).
    #[must_use]
    pub fn subject_communication(&self) -> SubjectCommunication {
        if self.risk != RiskLevel::High {
            return SubjectCommunication::NotRequired;
        }
        match self.art34_exception {
            None => SubjectCommunication::Required,
            Some(Art34Exception::DisproportionateEffort) => {
                SubjectCommunication::PublicCommunication
            }
            Some(e) => SubjectCommunication::Exempt(e),
        }
    }
}

/// The breach register: every breach, notified or not (Art. 33(5)).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BreachRegister {
    /// The breaches.
    pub breaches: Vec<Breach>,
}

impl BreachRegister {
    /// Records a breach.
    pub fn record(&mut self, breach: Breach) {
        self.breaches.push(breach);
    }

    /// Breaches that should have been notified by `now` and were not.
    #[must_use]
    pub fn overdue(&self, now: DateTime<Utc>) -> Vec<&Breach> {
        self.breaches.iter().filter(|b| b.is_overdue(now)).collect()
    }
}
