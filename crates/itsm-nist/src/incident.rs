//! Security incident handling after NIST SP 800-61 (seed section 3.2).
//!
//! The seed follows SP 800-61 Rev. 2, whose lifecycle has four phases:
//! Preparation; Detection and Analysis; Containment, Eradication and
//! Recovery; Post-Incident Activity. Rev. 2 was withdrawn in April 2025;
//! Rev. 3 organises incident response around the CSF 2.0 functions instead.
//! This module carries the Rev. 2 lifecycle the seed describes and maps each
//! phase to the CSF 2.0 functions Rev. 3 uses ([`Phase::csf_2_0_functions`]).
//!
//! A record moves only along the lifecycle's edges: Preparation to Detection
//! and Analysis; Detection and Analysis to Containment, Eradication and
//! Recovery; from there back to Detection and Analysis (new findings) or on
//! to Post-Incident Activity; then to Closed. Every transition is
//! timestamped; anything else is [`Error::IllegalTransition`].
//!
//! # Examples
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use itsm_nist::incident::{IncidentRecord, LessonsLearned, Phase, ResponseTargets, Severity};
//!
//! let t0 = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//! let targets = ResponseTargets::seed();
//! let mut inc = IncidentRecord::new("INC-7", Severity::High, t0)?;
//! inc.transition(Phase::DetectionAndAnalysis, t0 + Duration::minutes(5))?; // detected
//! inc.mark_responded(t0 + Duration::minutes(12))?;
//! inc.transition(Phase::ContainmentEradicationRecovery, t0 + Duration::minutes(20))?;
//! inc.mark_contained(t0 + Duration::hours(1))?;
//! inc.mark_recovered(t0 + Duration::hours(6))?;
//! inc.transition(Phase::PostIncidentActivity, t0 + Duration::hours(7))?;
//! // High severity: no closing without lessons learned.
//! assert!(inc.transition(Phase::Closed, t0 + Duration::days(2)).is_err());
//! inc.record_lessons(LessonsLearned::new("patch cadence too slow", "irt lead", t0 + Duration::days(1))?)?;
//! inc.transition(Phase::Closed, t0 + Duration::days(2))?;
//!
//! let m = inc.metrics();
//! assert_eq!(m.time_to_respond, Some(Duration::minutes(7)));
//! assert!(targets.met_all(&inc, t0 + Duration::days(3)));
//! # Ok::<(), itsm_nist::Error>(())
//! ```

use std::fmt;

use chrono::{DateTime, Duration, Utc};
use itsm_core::time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// A phase of the SP 800-61 Rev. 2 lifecycle, plus `Closed`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Getting ready to handle incidents.
    Preparation,
    /// Recognising and understanding an incident.
    DetectionAndAnalysis,
    /// Stopping it, removing its cause and restoring service.
    ContainmentEradicationRecovery,
    /// Learning from it.
    PostIncidentActivity,
    /// Done; nothing further changes.
    Closed,
}

impl Phase {
    /// The four lifecycle phases in order (not `Closed`).
    pub const LIFECYCLE: [Self; 4] = [
        Self::Preparation,
        Self::DetectionAndAnalysis,
        Self::ContainmentEradicationRecovery,
        Self::PostIncidentActivity,
    ];

    /// Whether the lifecycle allows `self -> to`.
    #[must_use]
    pub const fn can_move_to(self, to: Self) -> bool {
        matches!(
            (self, to),
            (Self::Preparation, Self::DetectionAndAnalysis)
                | (
                    Self::DetectionAndAnalysis,
                    Self::ContainmentEradicationRecovery
                )
                | (
                    Self::ContainmentEradicationRecovery,
                    Self::DetectionAndAnalysis | Self::PostIncidentActivity
                )
                | (Self::PostIncidentActivity, Self::Closed)
        )
    }

    /// The CSF 2.0 functions SP 800-61 Rev. 3 places this phase's work under:
    /// preparation is Govern, Identify and Protect; detection and analysis
    /// is Detect and Respond (incident management and analysis); containment,
    /// eradication and recovery is Respond (mitigation) and Recover;
    /// post-incident activity is Identify (improvement).
    #[must_use]
    pub const fn csf_2_0_functions(self) -> &'static [&'static str] {
        match self {
            Self::Preparation => &["GV", "ID", "PR"],
            Self::DetectionAndAnalysis => &["DE", "RS"],
            Self::ContainmentEradicationRecovery => &["RS", "RC"],
            Self::PostIncidentActivity => &["ID"],
            Self::Closed => &[],
        }
    }

    /// The seed's activities, steps and deliverables for the phase, as a checklist.
    #[must_use]
    pub const fn checklist(self) -> &'static [&'static str] {
        match self {
            Self::Preparation => &[
                "Acquire and install tools (monitoring, forensics)",
                "Implement security controls",
                "Develop policies and procedures",
                "Establish incident response team",
                "Conduct training and tabletop exercises",
                "Deliverable: incident response team contact list",
                "Deliverable: incident handling procedures",
                "Deliverable: tools and resources inventory",
                "Deliverable: training completion records",
            ],
            Self::DetectionAndAnalysis => &[
                "Analyze alert/event",
                "Determine if it is actually a security incident",
                "Classify incident severity",
                "Open incident ticket",
                "Begin data collection",
            ],
            Self::ContainmentEradicationRecovery => &[
                "Implement containment measures",
                "Preserve evidence for forensics",
                "Eradicate root cause",
                "Rebuild/restore systems",
                "Verify systems are clean",
                "Restore to production",
            ],
            Self::PostIncidentActivity => &[
                "Collect incident artifacts",
                "Conduct lessons-learned meeting",
                "Update systems and procedures",
                "Identify metrics",
                "Share knowledge across organization",
            ],
            Self::Closed => &[],
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Preparation => "preparation",
            Self::DetectionAndAnalysis => "detection and analysis",
            Self::ContainmentEradicationRecovery => "containment, eradication and recovery",
            Self::PostIncidentActivity => "post-incident activity",
            Self::Closed => "closed",
        })
    }
}

/// The seed's three severities.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Standard response within 1-2 days.
    Low,
    /// Prompt response within hours.
    Medium,
    /// Immediate response; affects critical systems.
    High,
}

impl Severity {
    fn key(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

/// A phase change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Transition {
    /// From.
    pub from: Phase,
    /// To.
    pub to: Phase,
    /// When.
    pub at: DateTime<Utc>,
}

/// The seed's containment strategy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContainmentStrategy {
    /// Short term: stop the attack, prevent further damage.
    pub short_term: String,
    /// Long term: restore systems to normal, prevent recurrence.
    pub long_term: String,
}

/// What was learned, recorded after the lessons-learned meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LessonsLearned {
    /// The findings and actions.
    pub summary: String,
    /// Who recorded them.
    pub recorded_by: String,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

impl LessonsLearned {
    /// A lessons-learned record.
    ///
    /// # Errors
    ///
    /// [`Error::Text`] for an empty summary or author, or a summary over
    /// 20,000 characters.
    pub fn new(
        summary: impl Into<String>,
        recorded_by: impl Into<String>,
        recorded_at: DateTime<Utc>,
    ) -> Result<Self, Error> {
        let (summary, recorded_by) = (summary.into(), recorded_by.into());
        if summary.trim().is_empty() || summary.chars().count() > 20_000 {
            return Err(Error::Text {
                field: "lessons-learned summary",
                max: 20_000,
            });
        }
        if recorded_by.trim().is_empty() || recorded_by.chars().count() > 200 {
            return Err(Error::Text {
                field: "lessons-learned author",
                max: 200,
            });
        }
        Ok(Self {
            summary,
            recorded_by,
            recorded_at,
        })
    }
}

/// A checklist item done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ChecklistDone {
    /// The phase.
    pub phase: Phase,
    /// The item's index in [`Phase::checklist`].
    pub index: usize,
    /// When.
    pub at: DateTime<Utc>,
    /// By whom.
    pub by: String,
}

/// A piece of evidence and its chain of custody.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EvidenceItem {
    /// The host's id for it.
    pub id: String,
    /// What it is.
    pub description: String,
    /// SHA-256 of the artifact, lowercase hex.
    pub sha256: String,
    /// Who collected it.
    pub collected_by: String,
    /// When.
    pub collected_at: DateTime<Utc>,
    /// Hand-overs since.
    pub custody: Vec<CustodyTransfer>,
}

/// A hand-over of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CustodyTransfer {
    /// Who gave it.
    pub from: String,
    /// Who received it.
    pub to: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Why.
    pub purpose: String,
}

fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    digest
        .as_ref()
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

impl EvidenceItem {
    /// Whether `artifact` is the collected artifact (its SHA-256 matches).
    #[must_use]
    pub fn verify(&self, artifact: &[u8]) -> bool {
        sha256_hex(artifact) == self.sha256
    }

    /// The current custodian.
    #[must_use]
    pub fn custodian(&self) -> &str {
        self.custody
            .last()
            .map_or(self.collected_by.as_str(), |t| t.to.as_str())
    }
}

/// A security incident record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IncidentRecord {
    id: String,
    severity: Severity,
    phase: Phase,
    opened_at: DateTime<Utc>,
    occurred_at: Option<DateTime<Utc>>,
    history: Vec<Transition>,
    responded_at: Option<DateTime<Utc>>,
    contained_at: Option<DateTime<Utc>>,
    recovered_at: Option<DateTime<Utc>>,
    containment: Option<ContainmentStrategy>,
    lessons: Option<LessonsLearned>,
    checklist: Vec<ChecklistDone>,
    evidence: Vec<EvidenceItem>,
    cost_minor_units: Option<u64>,
}

impl IncidentRecord {
    /// A record opened at `opened_at` in the Preparation phase.
    ///
    /// # Errors
    ///
    /// [`Error::Text`] for an empty id or one over 64 characters.
    pub fn new(
        id: impl Into<String>,
        severity: Severity,
        opened_at: DateTime<Utc>,
    ) -> Result<Self, Error> {
        let id = id.into();
        if id.trim().is_empty() || id.chars().count() > 64 {
            return Err(Error::Text {
                field: "incident id",
                max: 64,
            });
        }
        Ok(Self {
            id,
            severity,
            phase: Phase::Preparation,
            opened_at,
            occurred_at: None,
            history: Vec::new(),
            responded_at: None,
            contained_at: None,
            recovered_at: None,
            containment: None,
            lessons: None,
            checklist: Vec::new(),
            evidence: Vec::new(),
            cost_minor_units: None,
        })
    }

    /// Its id.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Its severity.
    #[must_use]
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// Its phase.
    #[must_use]
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Every transition, in order.
    #[must_use]
    pub fn history(&self) -> &[Transition] {
        &self.history
    }

    fn last_change(&self) -> DateTime<Utc> {
        self.history.last().map_or(self.opened_at, |t| t.at)
    }

    fn check_time(&self, at: DateTime<Utc>) -> Result<(), Error> {
        let last = self.last_change();
        if at < last {
            Err(Error::TimeGoesBack { at, last })
        } else {
            Ok(())
        }
    }

    fn open(&self) -> Result<(), Error> {
        if self.phase == Phase::Closed {
            Err(Error::Closed)
        } else {
            Ok(())
        }
    }

    /// Moves to `to` at `at`.
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`] off the lifecycle's edges;
    /// [`Error::TimeGoesBack`] before the last change;
    /// [`Error::LessonsLearnedRequired`] closing a high-severity incident
    /// without lessons learned.
    pub fn transition(&mut self, to: Phase, at: DateTime<Utc>) -> Result<(), Error> {
        if !self.phase.can_move_to(to) {
            return Err(Error::IllegalTransition {
                from: self.phase,
                to,
            });
        }
        self.check_time(at)?;
        if to == Phase::Closed && self.severity == Severity::High && self.lessons.is_none() {
            return Err(Error::LessonsLearnedRequired);
        }
        self.history.push(Transition {
            from: self.phase,
            to,
            at,
        });
        self.phase = to;
        Ok(())
    }

    /// When the incident was detected: its first entry into Detection and Analysis.
    #[must_use]
    pub fn detected_at(&self) -> Option<DateTime<Utc>> {
        self.history
            .iter()
            .find(|t| t.to == Phase::DetectionAndAnalysis)
            .map(|t| t.at)
    }

    /// Records when the incident actually began, if known (for time to detect).
    pub fn set_occurred_at(&mut self, at: DateTime<Utc>) {
        self.occurred_at = Some(at);
    }

    fn mark(slot: &mut Option<DateTime<Utc>>, at: DateTime<Utc>) {
        if slot.is_none() {
            *slot = Some(at);
        }
    }

    /// The first response (an analyst acting on it); the first call counts.
    ///
    /// # Errors
    ///
    /// [`Error::Closed`]; [`Error::IllegalTransition`] before detection.
    pub fn mark_responded(&mut self, at: DateTime<Utc>) -> Result<(), Error> {
        self.open()?;
        if self.detected_at().is_none() {
            return Err(Error::IllegalTransition {
                from: self.phase,
                to: Phase::DetectionAndAnalysis,
            });
        }
        Self::mark(&mut self.responded_at, at);
        Ok(())
    }

    fn in_cer(&self) -> Result<(), Error> {
        self.open()?;
        if self.phase == Phase::ContainmentEradicationRecovery {
            Ok(())
        } else {
            Err(Error::IllegalTransition {
                from: self.phase,
                to: Phase::ContainmentEradicationRecovery,
            })
        }
    }

    /// Containment achieved (first call counts).
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`] outside containment, eradication and recovery.
    pub fn mark_contained(&mut self, at: DateTime<Utc>) -> Result<(), Error> {
        self.in_cer()?;
        Self::mark(&mut self.contained_at, at);
        Ok(())
    }

    /// Recovery achieved (first call counts).
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`] outside containment, eradication and recovery.
    pub fn mark_recovered(&mut self, at: DateTime<Utc>) -> Result<(), Error> {
        self.in_cer()?;
        Self::mark(&mut self.recovered_at, at);
        Ok(())
    }

    /// Records the short- and long-term containment strategy.
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`] outside containment, eradication and recovery.
    pub fn set_containment(&mut self, strategy: ContainmentStrategy) -> Result<(), Error> {
        self.in_cer()?;
        self.containment = Some(strategy);
        Ok(())
    }

    /// The containment strategy, if recorded.
    #[must_use]
    pub fn containment(&self) -> Option<&ContainmentStrategy> {
        self.containment.as_ref()
    }

    /// Records lessons learned (in post-incident activity).
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`] outside post-incident activity.
    pub fn record_lessons(&mut self, lessons: LessonsLearned) -> Result<(), Error> {
        if self.phase != Phase::PostIncidentActivity {
            return Err(Error::IllegalTransition {
                from: self.phase,
                to: Phase::PostIncidentActivity,
            });
        }
        self.lessons = Some(lessons);
        Ok(())
    }

    /// Records the incident's cost, in the host's currency's minor units.
    pub fn set_cost(&mut self, minor_units: u64) {
        self.cost_minor_units = Some(minor_units);
    }

    /// Marks checklist item `index` of `phase` done.
    ///
    /// # Errors
    ///
    /// [`Error::ChecklistItem`] for an item the phase does not have; [`Error::Closed`].
    pub fn complete_item(
        &mut self,
        phase: Phase,
        index: usize,
        by: impl Into<String>,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.open()?;
        if index >= phase.checklist().len() {
            return Err(Error::ChecklistItem { phase, index });
        }
        if !self
            .checklist
            .iter()
            .any(|d| d.phase == phase && d.index == index)
        {
            self.checklist.push(ChecklistDone {
                phase,
                index,
                at,
                by: by.into(),
            });
        }
        Ok(())
    }

    /// Items of `phase` done and in all.
    #[must_use]
    pub fn checklist_progress(&self, phase: Phase) -> (usize, usize) {
        (
            self.checklist.iter().filter(|d| d.phase == phase).count(),
            phase.checklist().len(),
        )
    }

    /// Collects evidence: hashes `artifact` with SHA-256 and starts its chain of custody.
    ///
    /// # Errors
    ///
    /// [`Error::Closed`]; [`Error::Text`] for an empty id or collector.
    pub fn collect_evidence(
        &mut self,
        id: impl Into<String>,
        description: impl Into<String>,
        artifact: &[u8],
        by: impl Into<String>,
        at: DateTime<Utc>,
    ) -> Result<&EvidenceItem, Error> {
        self.open()?;
        let (id, by) = (id.into(), by.into());
        if id.trim().is_empty() || by.trim().is_empty() {
            return Err(Error::Text {
                field: "evidence id and collector",
                max: 200,
            });
        }
        self.evidence.push(EvidenceItem {
            id,
            description: description.into(),
            sha256: sha256_hex(artifact),
            collected_by: by,
            collected_at: at,
            custody: Vec::new(),
        });
        self.evidence.last().ok_or(Error::Closed)
    }

    /// Hands evidence `id` from its current custodian to `to`.
    ///
    /// # Errors
    ///
    /// [`Error::Text`] for an unknown evidence id.
    pub fn transfer_evidence(
        &mut self,
        id: &str,
        to: impl Into<String>,
        purpose: impl Into<String>,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        let item = self
            .evidence
            .iter_mut()
            .find(|e| e.id == id)
            .ok_or(Error::Text {
                field: "known evidence id",
                max: 64,
            })?;
        let from = item.custodian().to_owned();
        item.custody.push(CustodyTransfer {
            from,
            to: to.into(),
            at,
            purpose: purpose.into(),
        });
        Ok(())
    }

    /// The evidence collected.
    #[must_use]
    pub fn evidence(&self) -> &[EvidenceItem] {
        &self.evidence
    }

    /// The seed's metrics from the record's timestamps.
    #[must_use]
    pub fn metrics(&self) -> IncidentMetrics {
        let detected = self.detected_at();
        let since = |end: Option<DateTime<Utc>>| detected.zip(end).map(|(d, e)| e - d);
        IncidentMetrics {
            time_to_detect: self.occurred_at.zip(detected).map(|(o, d)| d - o),
            time_to_respond: since(self.responded_at),
            time_to_contain: since(self.contained_at),
            time_to_recover: since(self.recovered_at),
            cost_minor_units: self.cost_minor_units,
        }
    }
}

/// The seed's per-incident metrics. A `None` is a step not reached (or, for
/// time to detect, an unknown start).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IncidentMetrics {
    /// From the incident's start to detection.
    #[schemars(with = "Option<i64>")]
    #[serde(with = "opt_seconds")]
    pub time_to_detect: Option<Duration>,
    /// From detection to first response.
    #[schemars(with = "Option<i64>")]
    #[serde(with = "opt_seconds")]
    pub time_to_respond: Option<Duration>,
    /// From detection to containment.
    #[schemars(with = "Option<i64>")]
    #[serde(with = "opt_seconds")]
    pub time_to_contain: Option<Duration>,
    /// From detection to recovery.
    #[schemars(with = "Option<i64>")]
    #[serde(with = "opt_seconds")]
    pub time_to_recover: Option<Duration>,
    /// Cost in minor currency units.
    pub cost_minor_units: Option<u64>,
}

mod opt_seconds {
    use chrono::Duration;
    use serde::{Deserialize, Deserializer, Serializer};

    #[expect(
        clippy::ref_option,
        reason = "serde's `with` passes a reference to the field"
    )]
    pub fn serialize<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_some(&d.num_seconds()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
        Ok(Option::<i64>::deserialize(d)?.map(Duration::seconds))
    }
}

/// Response targets per severity (time from detection to first response),
/// with optional containment and recovery targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseTargets {
    /// High: seconds to first response.
    #[schemars(range(min = 1))]
    pub high_respond_seconds: i64,
    /// Medium: seconds to first response.
    #[schemars(range(min = 1))]
    pub medium_respond_seconds: i64,
    /// Low: seconds to first response.
    #[schemars(range(min = 1))]
    pub low_respond_seconds: i64,
    /// Seconds from detection to containment, for every severity, if set.
    #[schemars(range(min = 1))]
    pub contain_seconds: Option<i64>,
    /// Seconds from detection to recovery, for every severity, if set.
    #[schemars(range(min = 1))]
    pub recover_seconds: Option<i64>,
}

// Reading a `ResponseTargets` runs its check: a stored or uploaded document out of
// range is refused where it enters, not where it is used.
itsm_core::deserialize_checked!(
    #[serde(deny_unknown_fields)]
    ResponseTargets {
        high_respond_seconds: i64,
        medium_respond_seconds: i64,
        low_respond_seconds: i64,
        contain_seconds: Option<i64>,
        recover_seconds: Option<i64>,
    } => ResponseTargets::check
);

impl Default for ResponseTargets {
    fn default() -> Self {
        Self::seed()
    }
}

impl ResponseTargets {
    /// The seed's words made numbers: High "immediate" = 15 minutes, Medium
    /// "within hours" = 4 hours, Low "1-2 days" = 2 days; no containment or
    /// recovery targets.
    #[must_use]
    pub const fn seed() -> Self {
        Self {
            high_respond_seconds: 15 * 60,
            medium_respond_seconds: 4 * 3600,
            low_respond_seconds: 2 * 86_400,
            contain_seconds: None,
            recover_seconds: None,
        }
    }

    /// Checks every target is positive.
    ///
    /// # Errors
    ///
    /// [`Error::Target`].
    pub fn check(&self) -> Result<(), Error> {
        for (severity, s) in [
            ("high", self.high_respond_seconds),
            ("medium", self.medium_respond_seconds),
            ("low", self.low_respond_seconds),
        ] {
            if s <= 0 {
                return Err(Error::Target {
                    severity,
                    seconds: s,
                });
            }
        }
        for s in [self.contain_seconds, self.recover_seconds]
            .into_iter()
            .flatten()
        {
            if s <= 0 {
                return Err(Error::Target {
                    severity: "all",
                    seconds: s,
                });
            }
        }
        Ok(())
    }

    /// The response target for `severity`.
    #[must_use]
    pub fn respond_within(&self, severity: Severity) -> Duration {
        time::seconds(match severity {
            Severity::High => self.high_respond_seconds,
            Severity::Medium => self.medium_respond_seconds,
            Severity::Low => self.low_respond_seconds,
        })
    }

    fn each(&self, inc: &IncidentRecord) -> [(Option<Duration>, Option<DateTime<Utc>>); 3] {
        [
            (Some(self.respond_within(inc.severity)), inc.responded_at),
            (self.contain_seconds.map(time::seconds), inc.contained_at),
            (self.recover_seconds.map(time::seconds), inc.recovered_at),
        ]
    }

    /// Targets missed at `now`: a step done after its deadline, or not done
    /// and its deadline passed (`now > detected + target`). Nothing is missed
    /// before detection.
    #[must_use]
    pub fn missed(&self, inc: &IncidentRecord, now: DateTime<Utc>) -> Vec<MissedTarget> {
        let Some(detected) = inc.detected_at() else {
            return Vec::new();
        };
        let kinds = [
            TargetKind::Respond,
            TargetKind::Contain,
            TargetKind::Recover,
        ];
        self.each(inc)
            .into_iter()
            .zip(kinds)
            .filter_map(|((target, done), kind)| {
                let deadline = time::after(detected, target?);
                let late = match done {
                    Some(at) => at > deadline,
                    None => now > deadline,
                };
                late.then_some(MissedTarget { kind, deadline })
            })
            .collect()
    }

    /// Whether no target is missed at `now`.
    #[must_use]
    pub fn met_all(&self, inc: &IncidentRecord, now: DateTime<Utc>) -> bool {
        self.missed(inc, now).is_empty()
    }
}

/// Which target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// First response.
    Respond,
    /// Containment.
    Contain,
    /// Recovery.
    Recover,
}

/// A missed target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MissedTarget {
    /// Which.
    pub kind: TargetKind,
    /// Its deadline.
    pub deadline: DateTime<Utc>,
}

/// Mean, median and share within target of one duration over many incidents.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DurationStats {
    /// Incidents with a value.
    pub count: usize,
    /// Mean, in seconds.
    pub mean_seconds: Option<f64>,
    /// Median, in seconds (the mean of the middle two for an even count).
    pub median_seconds: Option<f64>,
}

/// Aggregates over many incidents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IncidentAggregates {
    /// Incidents considered.
    pub incidents: usize,
    /// Time to detect.
    pub time_to_detect: DurationStats,
    /// Time to respond.
    pub time_to_respond: DurationStats,
    /// Time to contain.
    pub time_to_contain: DurationStats,
    /// Time to recover.
    pub time_to_recover: DurationStats,
    /// Share of incidents meeting every target at `now` (the seed's
    /// "effectiveness of response"), 0.0 to 1.0; `None` for no incidents.
    pub share_within_targets: Option<f64>,
    /// Summed cost, minor units.
    pub total_cost_minor_units: u64,
}

#[expect(
    clippy::cast_precision_loss,
    reason = "seconds and counts stay far below 2^52"
)]
fn stats(mut values: Vec<i64>) -> DurationStats {
    values.sort_unstable();
    let count = values.len();
    if count == 0 {
        return DurationStats {
            count,
            mean_seconds: None,
            median_seconds: None,
        };
    }
    let sum: i128 = values.iter().map(|v| i128::from(*v)).sum();
    let mid = count / 2;
    let median = if count % 2 == 1 {
        values.get(mid).map(|v| *v as f64)
    } else {
        values
            .get(mid - 1)
            .zip(values.get(mid))
            .map(|(a, b)| f64::midpoint(*a as f64, *b as f64))
    };
    DurationStats {
        count,
        mean_seconds: Some(sum as f64 / count as f64),
        median_seconds: median,
    }
}

/// Aggregates the seed's metrics over `incidents` at `now`.
#[must_use]
#[expect(clippy::cast_precision_loss, reason = "counts stay far below 2^52")]
pub fn aggregate(
    incidents: &[IncidentRecord],
    targets: &ResponseTargets,
    now: DateTime<Utc>,
) -> IncidentAggregates {
    let metrics: Vec<IncidentMetrics> = incidents.iter().map(IncidentRecord::metrics).collect();
    let pick = |f: fn(&IncidentMetrics) -> Option<Duration>| {
        stats(
            metrics
                .iter()
                .filter_map(f)
                .map(|d| d.num_seconds())
                .collect(),
        )
    };
    let within = incidents.iter().filter(|i| targets.met_all(i, now)).count();
    IncidentAggregates {
        incidents: incidents.len(),
        time_to_detect: pick(|m| m.time_to_detect),
        time_to_respond: pick(|m| m.time_to_respond),
        time_to_contain: pick(|m| m.time_to_contain),
        time_to_recover: pick(|m| m.time_to_recover),
        share_within_targets: (!incidents.is_empty())
            .then(|| within as f64 / incidents.len() as f64),
        total_cost_minor_units: metrics
            .iter()
            .filter_map(|m| m.cost_minor_units)
            .fold(0u64, u64::saturating_add),
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}
