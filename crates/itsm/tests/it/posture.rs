//! The computed posture: one baseline where every area is met, then one
//! input changed at a time to flip each area to partial, not met and not
//! assessed.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use itsm::audit::verify::{FailureKind, Verified};
use itsm::core::{Classification, ImplementationStatus as S, SeededEntropy, UserId};
use itsm::dr::drill::DrillStatus;
use itsm::dr::plan::{DrPlan, Finding};
use itsm::gdpr::breach::{Breach, BreachRegister, RiskLevel};
use itsm::gdpr::classification::{DeletionMethod, StoreSettings};
use itsm::gdpr::dsr::{DeadlineRule, HolidayCalendar, Right, SubjectRequest};
use itsm::gdpr::retention::RetentionDecision;
use itsm::gdpr::ropa::{LawfulBasis, ProcessingRecord};
use itsm::itil::kpi::{ChangeKpis, IncidentKpis};
use itsm::nist::assessment::{Assessment, SubcategoryAssessment};
use itsm::nist::catalog::Csf2Id;
use itsm::nist::incident::{IncidentRecord, Phase, ResponseTargets, Severity};
use itsm::nist::profile::{TargetProfile, Tier};
use itsm::posture::*;
use itsm::risk::RiskMatrix;
use itsm::risk::catalog::ControlId;
use itsm::risk::register::RiskRegister;
use itsm::risk::soa::{InclusionReason, SoaEntry, StatementOfApplicability};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap()
}

/// Everything an organisation in good standing would pass.
struct World {
    soa: StatementOfApplicability,
    register: RiskRegister,
    csf: Assessment<Csf2Id>,
    target: TargetProfile,
    incidents: Vec<IncidentRecord>,
    targets: ResponseTargets,
    incident_kpis: IncidentKpis,
    change_kpis: ChangeKpis,
    records: Vec<ProcessingRecord>,
    requests: Vec<SubjectRequest>,
    holidays: HolidayCalendar,
    breaches: BreachRegister,
    stores: Vec<(&'static str, Classification, StoreSettings)>,
    retention: Vec<RetentionDecision>,
    verification: Result<Verified, (u64, FailureKind)>,
    against_checkpoint: bool,
    findings: Vec<Finding>,
    drill: DrillStatus,
}

fn closed_incident(id: &str, respond_after_minutes: i64) -> IncidentRecord {
    let t0 = now() - Duration::days(3);
    let mut i = IncidentRecord::new(id, Severity::Low, t0).unwrap();
    i.transition(Phase::DetectionAndAnalysis, t0).unwrap();
    i.mark_responded(t0 + Duration::minutes(respond_after_minutes))
        .unwrap();
    i.transition(
        Phase::ContainmentEradicationRecovery,
        t0 + Duration::minutes(respond_after_minutes),
    )
    .unwrap();
    i.transition(Phase::PostIncidentActivity, t0 + Duration::hours(60))
        .unwrap();
    i.transition(Phase::Closed, t0 + Duration::hours(61))
        .unwrap();
    i
}

fn record() -> ProcessingRecord {
    ProcessingRecord {
        controller: "Example GmbH, dpo@example.com".into(),
        purposes: vec!["service desk".into()],
        subject_categories: vec!["employees".into()],
        data_categories: vec!["contact details".into()],
        recipients: vec!["IT support".into()],
        erasure_time_limits: "5 years after closure".into(),
        security_measures: "encryption, RBAC, MFA".into(),
        lawful_basis: Some(LawfulBasis::Contract),
        ..ProcessingRecord::default()
    }
}

fn world() -> World {
    let mut soa = StatementOfApplicability::new();
    for control in ControlId::annex_a() {
        soa.set(SoaEntry::included(
            control,
            [InclusionReason::BestPractice],
            S::Implemented,
        ));
    }
    let mut csf = Assessment::new(now(), Tier::Repeatable);
    let mut target = TargetProfile::new(Tier::Repeatable);
    for id in ["PR.AA-03", "DE.CM-01", "RS.MA-01", "GV.OC-01"] {
        let id: Csf2Id = id.parse().unwrap();
        csf.set(id, SubcategoryAssessment::new(S::Implemented));
        target.require(id, S::Implemented);
    }
    let findings = DrPlan::seed()
        .check()
        .unwrap()
        .into_iter()
        .filter(|_| false)
        .collect();
    World {
        soa,
        register: RiskRegister::new(RiskMatrix::seed()),
        csf,
        target,
        incidents: (0..5)
            .map(|i| closed_incident(&format!("SEC-{i}"), 30))
            .collect(),
        targets: ResponseTargets::default(),
        incident_kpis: IncidentKpis {
            incidents: 100,
            canceled: 0,
            resolved: 100,
            mttr_wall_seconds: Some(3600.0),
            mttr_business_seconds: Some(3000.0),
            mtta_seconds: Some(300.0),
            first_contact_resolution_rate: Some(0.4),
            sla_compliance_percent: Some(97.0),
            csat_mean: None,
        },
        change_kpis: ChangeKpis {
            closed: 20,
            success_percent: Some(95.0),
            rollback_percent: Some(5.0),
            cab_effectiveness: Some(1.0),
            caused_incidents: 0,
            caused_incidents_weighted: 0,
            caused_outage_business_seconds: 0,
        },
        records: vec![record()],
        requests: vec![],
        holidays: HolidayCalendar::default(),
        breaches: BreachRegister::default(),
        stores: vec![(
            "tickets",
            Classification::Confidential,
            StoreSettings {
                encrypted_at_rest: true,
                access_controlled: true,
            },
        )],
        retention: vec![RetentionDecision::KeepWhileNeeded],
        verification: Ok(Verified {
            records: 10,
            last_hash: [1; 32],
            root: [2; 32],
        }),
        against_checkpoint: true,
        findings,
        drill: DrillStatus::Due {
            by: NaiveDate::from_ymd_opt(2027, 1, 31).unwrap(),
        },
    }
}

fn status(w: &World, area: Area) -> (Status, Vec<String>) {
    let mut inputs = PostureInputs::new(now());
    inputs.iso = Some(IsoInputs {
        soa: &w.soa,
        register: &w.register,
    });
    inputs.csf = Some(CsfInputs {
        current: &w.csf,
        target: &w.target,
    });
    inputs.incident_response = Some(IncidentInputs {
        incidents: &w.incidents,
        targets: &w.targets,
    });
    inputs.itil = Some(ItilInputs {
        incidents: &w.incident_kpis,
        changes: &w.change_kpis,
    });
    inputs.gdpr = Some(GdprInputs {
        records: &w.records,
        requests: &w.requests,
        deadline_rule: DeadlineRule::Regulation,
        holidays: &w.holidays,
        breaches: &w.breaches,
    });
    inputs.data_protection = Some(DataProtectionInputs {
        stores: &w.stores,
        retention: &w.retention,
    });
    inputs.audit = Some(AuditInputs {
        verification: w.verification,
        against_checkpoint: w.against_checkpoint,
    });
    inputs.dr = Some(DrInputs {
        findings: &w.findings,
        drill: w.drill,
    });
    let all = posture(&inputs, &PostureRules::default());
    assert_eq!(all.iter().map(|p| p.area).collect::<Vec<_>>(), Area::ALL);
    let p = all.into_iter().find(|p| p.area == area).unwrap();
    (p.status, p.reasons)
}

fn assert_flip(area: Area, expected: Status, change: impl FnOnce(&mut World)) {
    let mut w = world();
    change(&mut w);
    let (got, reasons) = status(&w, area);
    assert_eq!(got, expected, "{area}: {reasons:?}");
    assert!(
        !reasons.is_empty() || expected == Status::Met,
        "{area} gives no reason"
    );
}

#[test]
fn the_baseline_meets_every_area() {
    let w = world();
    for area in Area::ALL {
        assert_eq!(
            status(&w, area).0,
            Status::Met,
            "{area}: {:?}",
            status(&w, area).1
        );
    }
}

#[test]
fn no_input_is_not_assessed_never_met() {
    let all = posture(&PostureInputs::new(now()), &PostureRules::default());
    assert_eq!(all.len(), 8);
    assert!(
        all.iter()
            .all(|p| p.status == Status::NotAssessed && !p.reasons.is_empty())
    );
    // Inputs given but empty where emptiness proves nothing.
    assert_flip(Area::IncidentResponse, Status::NotAssessed, |w| {
        w.incidents.clear();
    });
    assert_flip(Area::Gdpr, Status::NotAssessed, |w| w.records.clear());
    assert_flip(Area::DataProtection, Status::NotAssessed, |w| {
        w.stores.clear();
        w.retention.clear();
    });
    assert_flip(Area::Itil, Status::NotAssessed, |w| {
        w.incident_kpis.sla_compliance_percent = None;
        w.change_kpis.success_percent = None;
    });
}

#[test]
fn iso_flips_on_one_control() {
    let a85: ControlId = "A.8.5".parse().unwrap();
    assert_flip(Area::Iso27001, Status::Partial, |w| {
        w.soa.set(SoaEntry::included(
            a85,
            [InclusionReason::BestPractice],
            S::InProgress,
        ));
    });
    assert_flip(Area::Iso27001, Status::NotMet, |w| {
        w.soa.set(SoaEntry::excluded(a85, ""));
    });
}

#[test]
fn csf_flips_on_gaps_and_tier() {
    assert_flip(Area::NistCsf, Status::Partial, |w| {
        w.csf.set(
            "PR.AA-03".parse().unwrap(),
            SubcategoryAssessment::new(S::InProgress),
        );
    });
    assert_flip(Area::NistCsf, Status::Partial, |w| {
        w.target.tier = Tier::Adaptive;
    });
    assert_flip(Area::NistCsf, Status::NotMet, |w| {
        for id in ["PR.AA-03", "DE.CM-01", "RS.MA-01"] {
            w.csf
                .set(id.parse().unwrap(), SubcategoryAssessment::new(S::Planned));
        }
    });
    assert_flip(Area::NistCsf, Status::NotMet, |w| {
        w.csf = {
            let mut a = Assessment::new(now(), Tier::Partial);
            for id in w.target.targets.keys() {
                a.set(*id, SubcategoryAssessment::new(S::Implemented));
            }
            a
        };
    });
}

#[test]
fn incident_response_flips_on_missed_targets() {
    // Low severity: 2 days to respond. One of five late (80% on time):
    // partial. Two of five: not met.
    assert_flip(Area::IncidentResponse, Status::Partial, |w| {
        w.incidents[0] = closed_incident("SEC-0", 50 * 60);
    });
    assert_flip(Area::IncidentResponse, Status::NotMet, |w| {
        w.incidents[0] = closed_incident("SEC-0", 50 * 60);
        w.incidents[1] = closed_incident("SEC-1", 50 * 60);
    });
    // An open High incident past its 15 minutes, the rest fine: not met.
    assert_flip(Area::IncidentResponse, Status::NotMet, |w| {
        let mut open =
            IncidentRecord::new("SEC-9", Severity::High, now() - Duration::hours(1)).unwrap();
        open.transition(Phase::DetectionAndAnalysis, now() - Duration::hours(1))
            .unwrap();
        w.incidents
            .extend((10..20).map(|i| closed_incident(&format!("SEC-{i}"), 30)));
        w.incidents.push(open);
    });
}

#[test]
fn itil_flips_on_its_thresholds() {
    assert_flip(Area::Itil, Status::Partial, |w| {
        w.incident_kpis.sla_compliance_percent = Some(94.9);
    });
    assert_flip(Area::Itil, Status::Met, |w| {
        w.incident_kpis.sla_compliance_percent = Some(95.0);
    });
    assert_flip(Area::Itil, Status::NotMet, |w| {
        w.incident_kpis.sla_compliance_percent = Some(79.9);
    });
    assert_flip(Area::Itil, Status::Partial, |w| {
        w.change_kpis.success_percent = Some(89.0);
    });
    assert_flip(Area::Itil, Status::NotMet, |w| {
        w.change_kpis.success_percent = Some(74.0);
    });
    assert_flip(Area::Itil, Status::Partial, |w| {
        w.change_kpis.success_percent = None;
    });
}

#[test]
fn gdpr_flips_on_requests_breaches_and_records() {
    let subject = UserId::generate(&SeededEntropy::new(1)).unwrap();
    assert_flip(Area::Gdpr, Status::NotMet, |w| {
        w.requests.push(SubjectRequest::new(
            subject,
            Right::Access,
            now() - Duration::days(40),
        ));
    });
    assert_flip(Area::Gdpr, Status::Met, |w| {
        w.requests.push(SubjectRequest::new(
            subject,
            Right::Access,
            now() - Duration::days(10),
        ));
    });
    assert_flip(Area::Gdpr, Status::NotMet, |w| {
        w.breaches.record(
            Breach::new("BR-1", now() - Duration::hours(73), "misdirected export").unwrap(),
        );
    });
    assert_flip(Area::Gdpr, Status::Met, |w| {
        let mut b = Breach::new("BR-1", now() - Duration::hours(73), "misdirected export").unwrap();
        b.risk = RiskLevel::Unlikely;
        b.decide_not_to_notify("only an internal address book entry")
            .unwrap();
        w.breaches.record(b);
    });
    assert_flip(Area::Gdpr, Status::Partial, |w| {
        w.records[0].lawful_basis = None;
    });
    assert_flip(Area::Gdpr, Status::Partial, |w| {
        let mut b = Breach::new("BR-2", now() - Duration::hours(10), "lost laptop").unwrap();
        b.risk = RiskLevel::Risk;
        b.notify(now() - Duration::hours(9), None).unwrap();
        w.breaches.record(b);
    });
}

#[test]
fn data_protection_flips_on_stores_and_retention() {
    assert_flip(Area::DataProtection, Status::NotMet, |w| {
        w.stores[0].2.encrypted_at_rest = false;
    });
    assert_flip(Area::DataProtection, Status::Met, |w| {
        w.stores.push((
            "website",
            Classification::Public,
            StoreSettings {
                encrypted_at_rest: false,
                access_controlled: false,
            },
        ));
    });
    assert_flip(Area::DataProtection, Status::Partial, |w| {
        w.retention.push(RetentionDecision::Delete {
            method: DeletionMethod::StandardDelete,
        });
    });
}

#[test]
fn audit_flips_on_verification() {
    assert_flip(Area::AuditLogging, Status::NotMet, |w| {
        w.verification = Err((4, FailureKind::Modified));
    });
    assert_flip(Area::AuditLogging, Status::Partial, |w| {
        w.against_checkpoint = false;
    });
}

#[test]
fn dr_flips_on_findings_and_drills() {
    let seed = DrPlan::seed().check().unwrap();
    let pick = |want: fn(&Finding) -> bool| seed.iter().find(|f| want(f)).cloned().unwrap();
    let slow = pick(|f| matches!(f, Finding::RunbookTooSlow { .. }));
    let rpo = pick(|f| matches!(f, Finding::RpoNotMet { .. }));
    assert_flip(Area::DisasterRecovery, Status::Partial, |w| {
        w.findings.push(slow);
    });
    assert_flip(Area::DisasterRecovery, Status::NotMet, |w| {
        w.findings.push(rpo);
    });
    assert_flip(Area::DisasterRecovery, Status::Partial, |w| {
        w.drill = DrillStatus::NeverDrilled;
    });
    assert_flip(Area::DisasterRecovery, Status::Partial, |w| {
        w.drill = DrillStatus::Overdue {
            since: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            days: 32,
        };
    });
}

#[test]
fn the_rules_table_has_every_area_and_status() {
    for area in Area::ALL {
        for status in [Status::NotAssessed, Status::NotMet, Status::Partial] {
            assert!(
                RULES.iter().any(|r| r.area == area && r.status == status),
                "{area} {status}"
            );
        }
    }
}
