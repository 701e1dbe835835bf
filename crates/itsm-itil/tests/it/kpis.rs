//! KPI formulas against hand-computed fixtures, edge cases included.

use chrono::{DateTime, Duration, TimeZone, Utc};
use itsm_itil::calendar::BusinessCalendar;
use itsm_itil::change::{Change, ChangeState, ChangeType, CloseCode, RiskAssessment, Vote};
use itsm_itil::incident::{
    Impact, Incident, IncidentState, KnownErrorMatch, PriorityMatrix, Urgency,
};
use itsm_itil::kpi::*;
use itsm_itil::problem::{Problem, ProblemState, RcaMethod, RootCauseAnalysis};
use itsm_itil::request::{ServiceCatalog, ServiceRequest};
use itsm_itil::sla::SlaPolicy;

fn t(m: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap() + Duration::minutes(m) // Thursday 09:00 UTC
}

fn policy() -> SlaPolicy {
    SlaPolicy::with_defaults(BusinessCalendar::office_hours("UTC").unwrap())
}

fn p1(n: &str) -> Incident {
    Incident::new(
        n,
        "c",
        "phone",
        Impact::new(1).unwrap(),
        Urgency::new(1).unwrap(),
        &PriorityMatrix::default(),
        t(0),
    )
    .unwrap()
}

/// Four P1 incidents (24x7: response 15 min, resolution 4 h):
/// A: resolved at first contact after 10 min; CSAT 5.
/// B: in progress at 5, on hold 60-120, resolved at 180; CSAT 3.
/// C: in progress at 20 (response breached), resolved at 30, reopened at 40, resolved at 50.
/// D: canceled at 5.
fn fixture() -> Vec<Incident> {
    let mut a = p1("A");
    a.transition(IncidentState::Resolved, t(10)).unwrap();
    a.csat = Some(5);
    let mut b = p1("B");
    b.transition(IncidentState::InProgress, t(5)).unwrap();
    b.transition(IncidentState::OnHold, t(60)).unwrap();
    b.transition(IncidentState::InProgress, t(120)).unwrap();
    b.transition(IncidentState::Resolved, t(180)).unwrap();
    b.csat = Some(3);
    b.problem = Some("PRB1".into());
    b.known_error = Some(KnownErrorMatch {
        id: "KE1".into(),
        workaround_resolved: true,
    });
    let mut c = p1("C");
    c.transition(IncidentState::InProgress, t(20)).unwrap();
    c.transition(IncidentState::Resolved, t(30)).unwrap();
    c.transition(IncidentState::InProgress, t(40)).unwrap();
    c.transition(IncidentState::Resolved, t(50)).unwrap();
    c.known_error = Some(KnownErrorMatch {
        id: "KE1".into(),
        workaround_resolved: false,
    });
    c.caused_by_change = Some("CHG1".into());
    let mut d = p1("D");
    d.transition(IncidentState::Canceled, t(5)).unwrap();
    d.csat = Some(1);
    vec![a, b, c, d]
}

#[test]
fn incident_kpis_by_hand() {
    let k = incident_kpis(fixture(), &policy(), t(600)).unwrap();
    assert_eq!((k.incidents, k.canceled, k.resolved), (4, 1, 3));
    // Wall clock to last resolution: 10, 180, 50 minutes.
    assert_eq!(
        k.mttr_wall_seconds,
        Some((10.0 + 180.0 + 50.0) * 60.0 / 3.0)
    );
    // Business (24x7, on hold excluded, new cycle on reopen): 10, 120, 10 minutes.
    assert_eq!(
        k.mttr_business_seconds,
        Some((10.0 + 120.0 + 10.0) * 60.0 / 3.0)
    );
    // Acknowledge: 10, 5, 20 minutes (canceled D excluded).
    assert_eq!(k.mtta_seconds, Some((10.0 + 5.0 + 20.0) * 60.0 / 3.0));
    assert_eq!(k.first_contact_resolution_rate, Some(1.0 / 3.0));
    // C breached its 15-minute response: 2 of 3 decided incidents comply.
    assert!((k.sla_compliance_percent.unwrap() - 200.0 / 3.0).abs() < 1e-9);
    // CSAT counts every score given, canceled included: (5 + 3 + 1) / 3.
    assert_eq!(k.csat_mean, Some(3.0));
}

#[test]
fn empty_and_open_sets_are_defined() {
    let k = incident_kpis(std::iter::empty::<Incident>(), &policy(), t(0)).unwrap();
    assert_eq!(
        (
            k.incidents,
            k.mttr_wall_seconds,
            k.sla_compliance_percent,
            k.first_contact_resolution_rate
        ),
        (0, None, None, None)
    );
    // An open incident within its targets is undecided: no SLA figure yet.
    let open = p1("O");
    let k = incident_kpis([&open], &policy(), t(5)).unwrap();
    assert_eq!(k.sla_compliance_percent, None);
    // Once its response target has passed, it counts as a breach.
    let k = incident_kpis([&open], &policy(), t(16)).unwrap();
    assert_eq!(k.sla_compliance_percent, Some(0.0));
    let r = request_kpis(std::iter::empty::<ServiceRequest>());
    assert_eq!((r.fulfilment_seconds, r.automation_rate), (None, None));
}

#[test]
fn problem_kpis_by_hand() {
    let mut p1_ = Problem::new("PRB1", "x", t(0)).unwrap();
    p1_.record_rca(RootCauseAnalysis::new(RcaMethod::Fishbone, "cause", t(10)).unwrap());
    p1_.transition(ProblemState::UnderInvestigation, t(1))
        .unwrap();
    p1_.transition(ProblemState::Resolved, t(20)).unwrap();
    let p2 = Problem::new("PRB2", "y", t(0)).unwrap();
    let mut p3 = Problem::new("PRB3", "z", t(0)).unwrap();
    p3.transition(ProblemState::Canceled, t(1)).unwrap();
    let k = problem_kpis(fixture(), &[p1_, p2, p3]);
    assert_eq!(
        k.problem_identification_rate,
        Some(1.0 / 3.0),
        "B of A, B, C"
    );
    assert_eq!(
        k.kedb_accuracy,
        Some(0.5),
        "B's workaround worked, C's did not"
    );
    assert_eq!(k.rca_completion_rate, Some(0.5));
    assert_eq!(k.problem_resolution_rate, Some(0.5));
}

#[test]
fn change_kpis_by_hand() {
    let closed = |n: &str, code: CloseCode, cab: bool| {
        let mut c = Change::new(
            n,
            ChangeType::Normal,
            RiskAssessment::new(3, 3).unwrap(),
            t(0),
        )
        .unwrap();
        c.transition(ChangeState::Assessed, t(1)).unwrap();
        c.transition(ChangeState::CabReview, t(2)).unwrap();
        for m in ["a", "b", "c"] {
            c.vote(m, if cab { Vote::Approve } else { Vote::Reject })
                .unwrap();
        }
        c.decide_by_cab(3, t(3)).unwrap();
        if cab {
            c.transition(ChangeState::Implementing, t(4)).unwrap();
            c.transition(ChangeState::Review, t(5)).unwrap();
            c.close(code, t(6)).unwrap();
        }
        c
    };
    let changes = [
        closed("CHG1", CloseCode::Successful, true),
        closed("CHG2", CloseCode::SuccessfulWithIssues, true),
        closed("CHG3", CloseCode::RolledBack, true),
        closed("CHG4", CloseCode::Unsuccessful, true),
        closed("CHG5", CloseCode::Successful, false), // rejected: not counted
    ];
    let k = change_kpis(&changes, fixture(), &policy(), t(600)).unwrap();
    assert_eq!(k.closed, 4);
    assert_eq!(k.success_percent, Some(50.0));
    assert_eq!(k.rollback_percent, Some(25.0));
    assert_eq!(k.cab_effectiveness, Some(0.5));
    // C was caused by a change: one P1 (weight 5), 10 business minutes of resolution clock.
    assert_eq!(
        (
            k.caused_incidents,
            k.caused_incidents_weighted,
            k.caused_outage_business_seconds
        ),
        (1, 5, 600)
    );
}

#[test]
fn request_kpis_by_hand() {
    let catalog = ServiceCatalog::seed();
    let mut a = ServiceRequest::new("R1", catalog.item("account_access").unwrap(), t(0)).unwrap();
    a.route(t(10)).unwrap();
    a.approve("lead", t(40)).unwrap();
    a.fulfil(t(60)).unwrap();
    a.csat = Some(4);
    let mut b = ServiceRequest::new("R2", catalog.item("general_inquiry").unwrap(), t(0)).unwrap();
    b.route(t(5)).unwrap();
    b.fulfil(t(180)).unwrap();
    let mut c = ServiceRequest::new("R3", catalog.item("software_licence").unwrap(), t(0)).unwrap();
    c.route(t(5)).unwrap();
    c.reject("lead", t(65)).unwrap();
    let k = request_kpis(&[a, b, c]);
    assert_eq!(k.fulfilment_seconds, Some((60.0 + 180.0) * 60.0 / 2.0));
    assert_eq!(k.approval_seconds, Some((30.0 + 60.0) * 60.0 / 2.0));
    assert_eq!(k.automation_rate, Some(0.5), "account access is automated");
    assert_eq!(k.csat_mean, Some(4.0));
}
