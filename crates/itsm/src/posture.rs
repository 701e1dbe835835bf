//! The seed's closing "compliance checklist" as a computed posture: from an
//! organisation's actual records, a status per area with the reasons.
//!
//! The seed ends with eight ticked boxes (ISO 27001, NIST CSF, NIST SP
//! 800-61, ITIL, GDPR, data protection, audit and logging, disaster
//! recovery). Nothing here is ticked in advance: each [`Area`] is computed
//! from inputs the host passes, by the rules in [`RULES`], checked in the
//! order *not assessed*, *not met*, *partial*, *met*, the first that applies
//! winning. An area without inputs is [`Status::NotAssessed`], never met.
//! The thresholds for ITIL and incident response are this library's
//! defaults ([`PostureRules`]), not the standards' (which set none).
//!
//! | area | not assessed | not met | partial | met |
//! |---|---|---|---|---|
//! | ISO/IEC 27001:2022 | no Statement of Applicability | the Statement of Applicability has a defect other than expired evidence (a control without a decision or justification, a treatment control marked not applicable, a contradiction, an unknown risk) | an applicable control is not implemented, evidence has expired, or the risk register has a finding (review overdue, residual above inherent) | otherwise |
//! | NIST CSF 2.0 | no assessment and target profile | more than half of the target's subcategories are below target, or the tier is two or more below the target tier | a subcategory is below target, or the tier is below the target tier | otherwise |
//! | NIST SP 800-61 | no incident records | an open incident has missed a response target at `now`, or fewer than `incident_effectiveness_partial` of incidents met every target | an incident missed a target | otherwise |
//! | ITIL 4 | no SLA compliance and no change success figure | SLA compliance below `sla_partial_percent` or change success below `change_partial_percent` | SLA compliance below `sla_met_percent` or change success below `change_met_percent` | otherwise |
//! | GDPR | no records of processing | a data-subject request is overdue, or a notifiable breach is past 72 hours without notification | a record of processing lacks an Art. 30(1) field, or a notified breach lacks Art. 33(3) content | otherwise |
//! | data protection | no data stores and no retention decisions | a store lacks what its classification requires (encryption at rest, access control) | a record is past its retention and not yet deleted | otherwise |
//! | audit and logging | no verification of the trail | the trail fails to verify | it verified, but not against a checkpoint kept elsewhere (a cut tail cannot be ruled out) | it verified against a checkpoint |
//! | disaster recovery | no DR plan check given | an RPO not met, nothing surviving a scenario, an RTO (or RTO + WRT) above the MTD, or a dependency cycle | any other finding, or the drill is overdue or never held | otherwise |
//!
//! # Examples
//!
//! ```
//! use chrono::{NaiveDate, TimeZone, Utc};
//! use itsm::dr::drill::DrillStatus;
//! use itsm::dr::plan::DrPlan;
//! use itsm::posture::{posture, Area, DrInputs, PostureInputs, PostureRules, Status};
//!
//! let now = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//! let findings = DrPlan::seed().check()?;
//! let mut inputs = PostureInputs::new(now);
//! inputs.dr = Some(DrInputs { findings: &findings, drill: DrillStatus::Due { by: NaiveDate::from_ymd_opt(2027, 1, 31).unwrap() } });
//! let result = posture(&inputs, &PostureRules::default());
//! let dr = result.iter().find(|p| p.area == Area::DisasterRecovery).unwrap();
//! assert_eq!(dr.status, Status::NotMet); // the seed's RPOs cannot be met by 4-hourly backups
//! let iso = result.iter().find(|p| p.area == Area::Iso27001).unwrap();
//! assert_eq!(iso.status, Status::NotAssessed); // no SoA given: never assumed
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use chrono::{DateTime, Utc};
use itsm_audit::verify::{FailureKind, Verified};
use itsm_core::Classification;
use itsm_dr::drill::DrillStatus;
use itsm_dr::plan::Finding;
use itsm_gdpr::breach::BreachRegister;
use itsm_gdpr::classification::{StoreSettings, handling};
use itsm_gdpr::dsr::{DeadlineRule, HolidayCalendar, SubjectRequest};
use itsm_gdpr::retention::RetentionDecision;
use itsm_gdpr::ropa::ProcessingRecord;
use itsm_itil::kpi::{ChangeKpis, IncidentKpis};
use itsm_nist::assessment::Assessment;
use itsm_nist::catalog::Csf2Id;
use itsm_nist::incident::{IncidentRecord, Phase, ResponseTargets};
use itsm_nist::profile::TargetProfile;
use itsm_risk::register::{RegisterFinding, RiskRegister};
use itsm_risk::soa::{SoaDefect, StatementOfApplicability};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The seed checklist's eight lines.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// ISO/IEC 27001:2022 (the seed: "17 control categories implemented").
    Iso27001,
    /// NIST CSF 2.0 (the seed: "5 functions", CSF 1.1's count).
    NistCsf,
    /// NIST SP 800-61 incident response.
    IncidentResponse,
    /// ITIL 4 practices.
    Itil,
    /// GDPR duties.
    Gdpr,
    /// Classification, encryption and retention.
    DataProtection,
    /// The audit trail.
    AuditLogging,
    /// Continuity and disaster recovery.
    DisasterRecovery,
}

impl Area {
    /// Every area, in the seed's order.
    pub const ALL: [Self; 8] = [
        Self::Iso27001,
        Self::NistCsf,
        Self::IncidentResponse,
        Self::Itil,
        Self::Gdpr,
        Self::DataProtection,
        Self::AuditLogging,
        Self::DisasterRecovery,
    ];

    /// A short name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Iso27001 => "ISO/IEC 27001:2022",
            Self::NistCsf => "NIST CSF 2.0",
            Self::IncidentResponse => "NIST SP 800-61 incident response",
            Self::Itil => "ITIL 4",
            Self::Gdpr => "GDPR",
            Self::DataProtection => "data protection",
            Self::AuditLogging => "audit and logging",
            Self::DisasterRecovery => "disaster recovery",
        }
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An area's status.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// No input was given for the area.
    NotAssessed,
    /// A rule for "not met" applies.
    NotMet,
    /// A rule for "partial" applies.
    Partial,
    /// No rule against it applies.
    Met,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotAssessed => "not assessed",
            Self::NotMet => "not met",
            Self::Partial => "partial",
            Self::Met => "met",
        })
    }
}

/// One row of the rules table: which inputs give which status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// The area.
    pub area: Area,
    /// The status the rule gives.
    pub status: Status,
    /// When it applies.
    pub when: &'static str,
}

/// The rules, as the module docs tabulate them.
pub const RULES: &[Rule] = &[
    Rule {
        area: Area::Iso27001,
        status: Status::NotAssessed,
        when: "no Statement of Applicability",
    },
    Rule {
        area: Area::Iso27001,
        status: Status::NotMet,
        when: "the Statement of Applicability has a defect other than expired evidence",
    },
    Rule {
        area: Area::Iso27001,
        status: Status::Partial,
        when: "an applicable control is not implemented, evidence has expired, or the risk register has a finding",
    },
    Rule {
        area: Area::NistCsf,
        status: Status::NotAssessed,
        when: "no assessment and target profile",
    },
    Rule {
        area: Area::NistCsf,
        status: Status::NotMet,
        when: "more than half of the target's subcategories are below target, or the tier is two or more below the target tier",
    },
    Rule {
        area: Area::NistCsf,
        status: Status::Partial,
        when: "a subcategory is below target, or the tier is below the target tier",
    },
    Rule {
        area: Area::IncidentResponse,
        status: Status::NotAssessed,
        when: "no incident records",
    },
    Rule {
        area: Area::IncidentResponse,
        status: Status::NotMet,
        when: "an open incident has missed a response target, or fewer than `incident_effectiveness_partial` of incidents met every target",
    },
    Rule {
        area: Area::IncidentResponse,
        status: Status::Partial,
        when: "an incident missed a target",
    },
    Rule {
        area: Area::Itil,
        status: Status::NotAssessed,
        when: "no SLA compliance and no change success figure",
    },
    Rule {
        area: Area::Itil,
        status: Status::NotMet,
        when: "SLA compliance below `sla_partial_percent` or change success below `change_partial_percent`",
    },
    Rule {
        area: Area::Itil,
        status: Status::Partial,
        when: "SLA compliance below `sla_met_percent` or change success below `change_met_percent`",
    },
    Rule {
        area: Area::Gdpr,
        status: Status::NotAssessed,
        when: "no records of processing",
    },
    Rule {
        area: Area::Gdpr,
        status: Status::NotMet,
        when: "a data-subject request is overdue, or a notifiable breach is past 72 hours without notification",
    },
    Rule {
        area: Area::Gdpr,
        status: Status::Partial,
        when: "a record of processing lacks an Art. 30(1) field, or a notified breach lacks Art. 33(3) content",
    },
    Rule {
        area: Area::DataProtection,
        status: Status::NotAssessed,
        when: "no data stores and no retention decisions",
    },
    Rule {
        area: Area::DataProtection,
        status: Status::NotMet,
        when: "a store lacks what its classification requires",
    },
    Rule {
        area: Area::DataProtection,
        status: Status::Partial,
        when: "a record is past its retention and not yet deleted",
    },
    Rule {
        area: Area::AuditLogging,
        status: Status::NotAssessed,
        when: "no verification of the trail",
    },
    Rule {
        area: Area::AuditLogging,
        status: Status::NotMet,
        when: "the trail fails to verify",
    },
    Rule {
        area: Area::AuditLogging,
        status: Status::Partial,
        when: "it verified, but not against a checkpoint kept elsewhere",
    },
    Rule {
        area: Area::DisasterRecovery,
        status: Status::NotAssessed,
        when: "no DR plan check given",
    },
    Rule {
        area: Area::DisasterRecovery,
        status: Status::NotMet,
        when: "an RPO not met, nothing surviving a scenario, an RTO (or RTO + WRT) above the MTD, or a dependency cycle",
    },
    Rule {
        area: Area::DisasterRecovery,
        status: Status::Partial,
        when: "any other finding, or the drill is overdue or never held",
    },
];

/// The thresholds of the ITIL and incident-response rules. The standards
/// set none; these are this library's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PostureRules {
    /// SLA compliance at or above which ITIL can be met (95).
    pub sla_met_percent: f64,
    /// SLA compliance below which ITIL is not met (80).
    pub sla_partial_percent: f64,
    /// Change success at or above which ITIL can be met (90).
    pub change_met_percent: f64,
    /// Change success below which ITIL is not met (75).
    pub change_partial_percent: f64,
    /// Share of incidents meeting every target below which incident
    /// response is not met (0.8).
    pub incident_effectiveness_partial: f64,
}

impl Default for PostureRules {
    fn default() -> Self {
        Self {
            sla_met_percent: 95.0,
            sla_partial_percent: 80.0,
            change_met_percent: 90.0,
            change_partial_percent: 75.0,
            incident_effectiveness_partial: 0.8,
        }
    }
}

/// ISO inputs.
#[derive(Debug, Clone, Copy)]
pub struct IsoInputs<'a> {
    /// The Statement of Applicability.
    pub soa: &'a StatementOfApplicability,
    /// The risk register it is validated against.
    pub register: &'a RiskRegister,
}

/// CSF inputs.
#[derive(Debug, Clone, Copy)]
pub struct CsfInputs<'a> {
    /// The current assessment.
    pub current: &'a Assessment<Csf2Id>,
    /// The target profile.
    pub target: &'a TargetProfile,
}

/// Incident-response inputs.
#[derive(Debug, Clone, Copy)]
pub struct IncidentInputs<'a> {
    /// Security incidents of the period.
    pub incidents: &'a [IncidentRecord],
    /// Their response targets.
    pub targets: &'a ResponseTargets,
}

/// ITIL inputs: KPIs the host computed with `itsm::itil::kpi`.
#[derive(Debug, Clone, Copy)]
pub struct ItilInputs<'a> {
    /// Incident KPIs.
    pub incidents: &'a IncidentKpis,
    /// Change KPIs.
    pub changes: &'a ChangeKpis,
}

/// GDPR inputs.
#[derive(Debug, Clone, Copy)]
pub struct GdprInputs<'a> {
    /// Records of processing.
    pub records: &'a [ProcessingRecord],
    /// Data-subject requests.
    pub requests: &'a [SubjectRequest],
    /// How request deadlines are counted.
    pub deadline_rule: DeadlineRule,
    /// Public holidays for deadlines.
    pub holidays: &'a HolidayCalendar,
    /// The breach register.
    pub breaches: &'a BreachRegister,
}

/// Data-protection inputs.
#[derive(Debug, Clone, Copy)]
pub struct DataProtectionInputs<'a> {
    /// Data stores: name, the classification of what they hold, their settings.
    pub stores: &'a [(&'a str, Classification, StoreSettings)],
    /// Retention decisions for the records the host holds.
    pub retention: &'a [RetentionDecision],
}

/// Audit inputs: the result of verifying the trail.
#[derive(Debug, Clone, Copy)]
pub struct AuditInputs {
    /// What verification found: the verified head, or the first failure
    /// (record and kind).
    pub verification: Result<Verified, (u64, FailureKind)>,
    /// Whether it was verified against a checkpoint kept elsewhere.
    pub against_checkpoint: bool,
}

/// Disaster-recovery inputs.
#[derive(Debug, Clone, Copy)]
pub struct DrInputs<'a> {
    /// `DrPlan::check`'s findings.
    pub findings: &'a [Finding],
    /// Where the drill schedule stands.
    pub drill: DrillStatus,
}

/// Everything the posture reads: start from [`PostureInputs::new`] and set
/// the areas you have; an area left `None` is reported as not assessed.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct PostureInputs<'a> {
    /// When the posture is computed.
    pub now: DateTime<Utc>,
    /// ISO/IEC 27001.
    pub iso: Option<IsoInputs<'a>>,
    /// NIST CSF.
    pub csf: Option<CsfInputs<'a>>,
    /// SP 800-61.
    pub incident_response: Option<IncidentInputs<'a>>,
    /// ITIL 4.
    pub itil: Option<ItilInputs<'a>>,
    /// GDPR.
    pub gdpr: Option<GdprInputs<'a>>,
    /// Data protection.
    pub data_protection: Option<DataProtectionInputs<'a>>,
    /// Audit and logging.
    pub audit: Option<AuditInputs>,
    /// Disaster recovery.
    pub dr: Option<DrInputs<'a>>,
}

impl PostureInputs<'_> {
    /// No inputs at `now`: every area not assessed.
    #[must_use]
    pub const fn new(now: DateTime<Utc>) -> Self {
        Self {
            now,
            iso: None,
            csf: None,
            incident_response: None,
            itil: None,
            gdpr: None,
            data_protection: None,
            audit: None,
            dr: None,
        }
    }
}

/// One area's computed status and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AreaPosture {
    /// The area.
    pub area: Area,
    /// Its status.
    pub status: Status,
    /// The facts behind it, worst first.
    pub reasons: Vec<String>,
}

/// Collects reasons under the status they support.
struct Verdict {
    not_met: Vec<String>,
    partial: Vec<String>,
    met: Vec<String>,
}

impl Verdict {
    const fn new() -> Self {
        Self {
            not_met: Vec::new(),
            partial: Vec::new(),
            met: Vec::new(),
        }
    }

    fn into_posture(self, area: Area) -> AreaPosture {
        let (status, mut reasons) = if !self.not_met.is_empty() {
            (Status::NotMet, self.not_met)
        } else if !self.partial.is_empty() {
            (Status::Partial, self.partial)
        } else {
            (Status::Met, Vec::new())
        };
        if status != Status::NotMet {
            reasons.extend(self.met);
        }
        AreaPosture {
            area,
            status,
            reasons,
        }
    }
}

fn not_assessed(area: Area, why: &str) -> AreaPosture {
    AreaPosture {
        area,
        status: Status::NotAssessed,
        reasons: vec![why.to_owned()],
    }
}

/// Computes every area's status from `inputs` by [`RULES`].
#[must_use]
pub fn posture(inputs: &PostureInputs<'_>, rules: &PostureRules) -> Vec<AreaPosture> {
    let now = inputs.now;
    vec![
        inputs.iso.map_or_else(
            || not_assessed(Area::Iso27001, "no Statement of Applicability given"),
            |i| iso(i, now),
        ),
        inputs.csf.map_or_else(
            || not_assessed(Area::NistCsf, "no CSF assessment and target profile given"),
            csf,
        ),
        inputs.incident_response.map_or_else(
            || not_assessed(Area::IncidentResponse, "no incident records given"),
            |i| incident_response(i, now, rules),
        ),
        inputs.itil.map_or_else(
            || not_assessed(Area::Itil, "no ITIL KPIs given"),
            |i| itil(i, rules),
        ),
        inputs.gdpr.map_or_else(
            || not_assessed(Area::Gdpr, "no records of processing given"),
            |i| gdpr(i, now),
        ),
        inputs.data_protection.map_or_else(
            || {
                not_assessed(
                    Area::DataProtection,
                    "no data stores or retention decisions given",
                )
            },
            data_protection,
        ),
        inputs.audit.map_or_else(
            || not_assessed(Area::AuditLogging, "the trail was not verified"),
            audit,
        ),
        inputs.dr.map_or_else(
            || not_assessed(Area::DisasterRecovery, "no DR plan findings given"),
            dr,
        ),
    ]
}

fn iso(i: IsoInputs<'_>, now: DateTime<Utc>) -> AreaPosture {
    let mut v = Verdict::new();
    let defects = i.soa.validate(i.register, now);
    let (expired, structural): (Vec<&SoaDefect>, Vec<&SoaDefect>) = defects
        .iter()
        .partition(|d| matches!(d, SoaDefect::ExpiredEvidence { .. }));
    if let Some(first) = structural.first() {
        v.not_met.push(format!(
            "the Statement of Applicability has {} defect(s), first: {}",
            structural.len(),
            describe_defect(first)
        ));
    }
    if !expired.is_empty() {
        v.partial.push(format!(
            "{} piece(s) of control evidence have expired",
            expired.len()
        ));
    }
    let open: Vec<String> = i
        .soa
        .entries()
        .filter(|e| e.applicable && !e.status.is_implemented())
        .map(|e| e.control.to_string())
        .collect();
    if !open.is_empty() {
        v.partial.push(format!(
            "{} applicable control(s) not yet implemented, first {}",
            open.len(),
            open.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    match i.register.findings(now) {
        Ok(findings) if !findings.is_empty() => {
            let overdue = findings
                .iter()
                .filter(|f| matches!(f, RegisterFinding::ReviewOverdue { .. }))
                .count();
            let worse = findings.len() - overdue;
            v.partial.push(format!(
                "the risk register has {overdue} overdue review(s) and {worse} risk(s) with residual above inherent"
            ));
        }
        Ok(_) => {}
        Err(e) => v
            .not_met
            .push(format!("the risk register cannot be evaluated: {e}")),
    }
    let applicable = i.soa.entries().filter(|e| e.applicable).count();
    v.met.push(format!(
        "{applicable} applicable Annex A controls decided and justified"
    ));
    v.into_posture(Area::Iso27001)
}

fn describe_defect(d: &SoaDefect) -> String {
    match d {
        SoaDefect::MissingDecision { control } => format!("{control} has no decision"),
        SoaDefect::NotAnAnnexAControl { control } => format!("{control} is not an Annex A control"),
        SoaDefect::InclusionWithoutJustification { control } => {
            format!("{control} is included without a reason")
        }
        SoaDefect::ExclusionWithoutJustification { control } => {
            format!("{control} is excluded without a justification")
        }
        SoaDefect::SelectedButNotApplicable { control, risk } => {
            format!(
                "{control} treats risk {} but is marked not applicable",
                risk.as_str()
            )
        }
        SoaDefect::StatusContradictsDecision { control } => {
            format!("{control}'s status contradicts its decision")
        }
        SoaDefect::UnknownRisk { control, risk } => {
            format!("{control} links unknown risk {}", risk.as_str())
        }
        SoaDefect::ExpiredEvidence {
            control, evidence, ..
        } => format!("{control}'s evidence {evidence} expired"),
    }
}

fn csf(i: CsfInputs<'_>) -> AreaPosture {
    let mut v = Verdict::new();
    let gaps = i.target.gaps(i.current);
    let wanted = i.target.targets.len();
    let tier_gap = i.target.tier_gap(i.current);
    if wanted > 0 && gaps.len() * 2 > wanted {
        v.not_met.push(format!(
            "{} of {wanted} target subcategories are below target",
            gaps.len()
        ));
    } else if let Some(first) = gaps.first() {
        v.partial.push(format!(
            "{} of {wanted} target subcategories are below target, first {} ({}, target {})",
            gaps.len(),
            first.subcategory,
            first.current,
            first.target
        ));
    }
    if tier_gap >= 2 {
        v.not_met.push(format!(
            "the tier is {tier_gap} below the target tier {}",
            i.target.tier
        ));
    } else if tier_gap == 1 {
        v.partial.push(format!(
            "the tier is one below the target tier {}",
            i.target.tier
        ));
    }
    v.met.push(format!(
        "{} of {wanted} target subcategories at target",
        wanted.saturating_sub(gaps.len())
    ));
    v.into_posture(Area::NistCsf)
}

fn incident_response(
    i: IncidentInputs<'_>,
    now: DateTime<Utc>,
    rules: &PostureRules,
) -> AreaPosture {
    if i.incidents.is_empty() {
        return not_assessed(
            Area::IncidentResponse,
            "no incidents in the period: the targets alone do not show the process works",
        );
    }
    let mut v = Verdict::new();
    let open_missed: Vec<&str> = i
        .incidents
        .iter()
        .filter(|inc| !matches!(inc.phase(), Phase::PostIncidentActivity | Phase::Closed))
        .filter(|inc| !i.targets.met_all(inc, now))
        .map(IncidentRecord::id)
        .collect();
    let missed = i
        .incidents
        .iter()
        .filter(|inc| !i.targets.met_all(inc, now))
        .count();
    let met = i.incidents.len() - missed;
    #[expect(
        clippy::cast_precision_loss,
        reason = "incident counts stay far below 2^52"
    )]
    let share = met as f64 / i.incidents.len() as f64;
    if let Some(first) = open_missed.first() {
        v.not_met.push(format!(
            "{} open incident(s) past a response target, first {first}",
            open_missed.len()
        ));
    }
    if share < rules.incident_effectiveness_partial {
        v.not_met.push(format!(
            "{met} of {} incidents met every target, below {:.0}%",
            i.incidents.len(),
            rules.incident_effectiveness_partial * 100.0
        ));
    } else if missed > 0 {
        v.partial.push(format!(
            "{missed} of {} incidents missed a target",
            i.incidents.len()
        ));
    }
    v.met.push(format!(
        "{met} of {} incidents met every response target",
        i.incidents.len()
    ));
    v.into_posture(Area::IncidentResponse)
}

fn itil(i: ItilInputs<'_>, rules: &PostureRules) -> AreaPosture {
    let sla = i.incidents.sla_compliance_percent;
    let change = i.changes.success_percent;
    if sla.is_none() && change.is_none() {
        return not_assessed(
            Area::Itil,
            "no resolved incidents and no closed changes to measure",
        );
    }
    let mut v = Verdict::new();
    let mut judge = |name: &str, value: Option<f64>, met: f64, partial: f64| match value {
        None => v
            .partial
            .push(format!("{name} is not measured (no records)")),
        Some(x) if x < partial => v
            .not_met
            .push(format!("{name} {x:.1}% is below {partial:.0}%")),
        Some(x) if x < met => v.partial.push(format!("{name} {x:.1}% is below {met:.0}%")),
        Some(x) => v.met.push(format!("{name} {x:.1}%")),
    };
    judge(
        "SLA compliance",
        sla,
        rules.sla_met_percent,
        rules.sla_partial_percent,
    );
    judge(
        "change success",
        change,
        rules.change_met_percent,
        rules.change_partial_percent,
    );
    v.into_posture(Area::Itil)
}

fn gdpr(i: GdprInputs<'_>, now: DateTime<Utc>) -> AreaPosture {
    if i.records.is_empty() {
        return not_assessed(Area::Gdpr, "no records of processing (Art. 30) given");
    }
    let mut v = Verdict::new();
    let overdue = i
        .requests
        .iter()
        .filter(|r| r.is_overdue(now, i.deadline_rule, i.holidays))
        .count();
    if overdue > 0 {
        v.not_met.push(format!(
            "{overdue} data-subject request(s) overdue (Art. 12(3))"
        ));
    }
    let late = i.breaches.overdue(now);
    if let Some(first) = late.first() {
        v.not_met.push(format!(
            "{} breach(es) past the 72 hours without notification (Art. 33(1)), first {}",
            late.len(),
            first.id
        ));
    }
    let incomplete = i
        .records
        .iter()
        .filter(|r| !r.missing_fields().is_empty())
        .count();
    if incomplete > 0 {
        v.partial.push(format!(
            "{incomplete} record(s) of processing lack Art. 30(1) fields"
        ));
    }
    let thin = i
        .breaches
        .breaches
        .iter()
        .filter(|b| b.notified_at.is_some() && !b.missing_notification_content().is_empty())
        .count();
    if thin > 0 {
        v.partial.push(format!(
            "{thin} notified breach(es) lack Art. 33(3) content"
        ));
    }
    v.met.push(format!(
        "{} records of processing complete, {} requests on time, {} breaches recorded",
        i.records.len() - incomplete,
        i.requests.len() - overdue,
        i.breaches.breaches.len()
    ));
    v.into_posture(Area::Gdpr)
}

fn data_protection(i: DataProtectionInputs<'_>) -> AreaPosture {
    if i.stores.is_empty() && i.retention.is_empty() {
        return not_assessed(
            Area::DataProtection,
            "no data stores or retention decisions given",
        );
    }
    let mut v = Verdict::new();
    for (name, class, settings) in i.stores {
        let gaps = handling(*class).store_gaps(settings);
        if !gaps.is_empty() {
            v.not_met.push(format!(
                "store {name} holds {class} data without {}",
                gaps.join(" and ")
            ));
        }
    }
    let due = i
        .retention
        .iter()
        .filter(|d| matches!(d, RetentionDecision::Delete { .. }))
        .count();
    if due > 0 {
        v.partial
            .push(format!("{due} record(s) past retention not yet deleted"));
    }
    v.met.push(format!(
        "{} store(s) meet their classification; {} retention decision(s) checked",
        i.stores.len(),
        i.retention.len()
    ));
    v.into_posture(Area::DataProtection)
}

fn audit(i: AuditInputs) -> AreaPosture {
    let mut v = Verdict::new();
    match i.verification {
        Err((record, kind)) => v.not_met.push(format!(
            "the trail fails to verify at record {record}: {kind:?}"
        )),
        Ok(verified) => {
            if !i.against_checkpoint {
                v.partial.push(format!(
                    "{} records verified, but not against a checkpoint kept elsewhere",
                    verified.records
                ));
            }
            v.met.push(format!("{} records verified", verified.records));
        }
    }
    v.into_posture(Area::AuditLogging)
}

fn dr(i: DrInputs<'_>) -> AreaPosture {
    let mut v = Verdict::new();
    for f in i.findings {
        let hard = matches!(
            f,
            Finding::RpoNotMet { .. }
                | Finding::NoSurvivingProtection { .. }
                | Finding::RtoAboveMtd { .. }
                | Finding::RtoPlusWrtAboveMtd { .. }
                | Finding::DependencyCycle { .. }
        );
        if hard {
            v.not_met.push(f.to_string());
        } else {
            v.partial.push(f.to_string());
        }
    }
    match i.drill {
        DrillStatus::NeverDrilled => v.partial.push("no DR drill on record".into()),
        DrillStatus::Overdue { since, days } => {
            v.partial
                .push(format!("the DR drill was due {since}, {days} days ago"));
        }
        DrillStatus::Due { by } => v.met.push(format!("next DR drill due by {by}")),
    }
    v.into_posture(Area::DisasterRecovery)
}
