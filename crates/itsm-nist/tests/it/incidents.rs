use chrono::{DateTime, Duration, TimeZone, Utc};
use itsm_nist::Error;
use itsm_nist::incident::*;

fn t(min: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap() + Duration::minutes(min)
}

fn detected(sev: Severity) -> IncidentRecord {
    let mut i = IncidentRecord::new("INC-1", sev, t(0)).unwrap();
    i.transition(Phase::DetectionAndAnalysis, t(10)).unwrap();
    i
}

#[test]
fn every_legal_transition_and_illegal_ones() {
    let all = [
        Phase::Preparation,
        Phase::DetectionAndAnalysis,
        Phase::ContainmentEradicationRecovery,
        Phase::PostIncidentActivity,
        Phase::Closed,
    ];
    let legal = [
        (Phase::Preparation, Phase::DetectionAndAnalysis),
        (
            Phase::DetectionAndAnalysis,
            Phase::ContainmentEradicationRecovery,
        ),
        (
            Phase::ContainmentEradicationRecovery,
            Phase::DetectionAndAnalysis,
        ),
        (
            Phase::ContainmentEradicationRecovery,
            Phase::PostIncidentActivity,
        ),
        (Phase::PostIncidentActivity, Phase::Closed),
    ];
    for from in all {
        for to in all {
            assert_eq!(
                from.can_move_to(to),
                legal.contains(&(from, to)),
                "{from} -> {to}"
            );
        }
    }
    // Walk every legal edge on a record, including the loop back to analysis.
    let mut i = IncidentRecord::new("INC-2", Severity::Low, t(0)).unwrap();
    for (n, to) in [
        Phase::DetectionAndAnalysis,
        Phase::ContainmentEradicationRecovery,
        Phase::DetectionAndAnalysis,
        Phase::ContainmentEradicationRecovery,
        Phase::PostIncidentActivity,
        Phase::Closed,
    ]
    .into_iter()
    .enumerate()
    {
        i.transition(to, t(i64::try_from(n).unwrap() * 10)).unwrap();
    }
    assert_eq!(i.history().len(), 6);
    assert_eq!(i.phase(), Phase::Closed);
    assert_eq!(
        i.transition(Phase::Preparation, t(100)),
        Err(Error::IllegalTransition {
            from: Phase::Closed,
            to: Phase::Preparation
        })
    );
    // Samples of illegal moves.
    let mut j = IncidentRecord::new("INC-3", Severity::Low, t(0)).unwrap();
    assert!(matches!(
        j.transition(Phase::ContainmentEradicationRecovery, t(1)),
        Err(Error::IllegalTransition { .. })
    ));
    assert!(matches!(
        j.transition(Phase::Closed, t(1)),
        Err(Error::IllegalTransition { .. })
    ));
    j.transition(Phase::DetectionAndAnalysis, t(5)).unwrap();
    assert!(matches!(
        j.transition(Phase::PostIncidentActivity, t(6)),
        Err(Error::IllegalTransition { .. })
    ));
    assert!(matches!(
        j.transition(Phase::ContainmentEradicationRecovery, t(4)),
        Err(Error::TimeGoesBack { .. })
    ));
}

#[test]
fn high_severity_needs_lessons_learned_to_close() {
    let mut i = detected(Severity::High);
    i.transition(Phase::ContainmentEradicationRecovery, t(20))
        .unwrap();
    i.transition(Phase::PostIncidentActivity, t(30)).unwrap();
    assert_eq!(
        i.transition(Phase::Closed, t(40)),
        Err(Error::LessonsLearnedRequired)
    );
    i.record_lessons(LessonsLearned::new("segment the backup network", "irt", t(35)).unwrap())
        .unwrap();
    i.transition(Phase::Closed, t(40)).unwrap();
    let mut low = detected(Severity::Low);
    low.transition(Phase::ContainmentEradicationRecovery, t(20))
        .unwrap();
    low.transition(Phase::PostIncidentActivity, t(30)).unwrap();
    low.transition(Phase::Closed, t(40)).unwrap();
    assert!(LessonsLearned::new("  ", "irt", t(0)).is_err());
}

#[test]
fn response_targets_at_their_boundaries() {
    let targets = ResponseTargets::seed();
    for (sev, minutes) in [
        (Severity::High, 15),
        (Severity::Medium, 240),
        (Severity::Low, 2880),
    ] {
        let i = detected(sev);
        // Unresponded: not missed at the deadline, missed a moment after.
        assert!(targets.met_all(&i, t(10 + minutes)), "{sev}");
        assert_eq!(
            targets.missed(&i, t(10 + minutes) + Duration::seconds(1)),
            [MissedTarget {
                kind: TargetKind::Respond,
                deadline: t(10 + minutes)
            }]
        );
        // Responded exactly at the deadline: met; a second later: missed.
        let mut on_time = detected(sev);
        on_time.mark_responded(t(10 + minutes)).unwrap();
        assert!(targets.met_all(&on_time, t(100_000)));
        let mut late = detected(sev);
        late.mark_responded(t(10 + minutes) + Duration::seconds(1))
            .unwrap();
        assert!(!targets.met_all(&late, t(100_000)));
    }
    let custom = ResponseTargets {
        contain_seconds: Some(3600),
        ..ResponseTargets::seed()
    };
    let mut i = detected(Severity::High);
    i.mark_responded(t(11)).unwrap();
    i.transition(Phase::ContainmentEradicationRecovery, t(12))
        .unwrap();
    i.mark_contained(t(71)).unwrap();
    assert_eq!(
        custom
            .missed(&i, t(200))
            .iter()
            .map(|m| m.kind)
            .collect::<Vec<_>>(),
        [TargetKind::Contain]
    );
    assert!(
        ResponseTargets {
            low_respond_seconds: 0,
            ..ResponseTargets::seed()
        }
        .check()
        .is_err()
    );
}

#[test]
fn metrics_and_aggregates() {
    let targets = ResponseTargets::seed();
    let mut incidents = Vec::new();
    for (n, respond_after) in [5i64, 10, 20, 30].into_iter().enumerate() {
        let mut i = detected(Severity::High);
        i.set_occurred_at(t(0));
        i.mark_responded(t(10 + respond_after)).unwrap();
        i.transition(Phase::ContainmentEradicationRecovery, t(50))
            .unwrap();
        i.mark_contained(t(60)).unwrap();
        i.mark_recovered(t(130)).unwrap();
        i.set_cost(100 * u64::try_from(n + 1).unwrap());
        incidents.push(i);
    }
    let m = incidents[0].metrics();
    assert_eq!(
        (
            m.time_to_detect,
            m.time_to_respond,
            m.time_to_contain,
            m.time_to_recover
        ),
        (
            Some(Duration::minutes(10)),
            Some(Duration::minutes(5)),
            Some(Duration::minutes(50)),
            Some(Duration::minutes(120))
        )
    );
    let agg = aggregate(&incidents, &targets, t(1000));
    assert_eq!(agg.incidents, 4);
    assert_eq!(agg.time_to_respond.count, 4);
    assert_eq!(agg.time_to_respond.mean_seconds, Some(16.25 * 60.0));
    assert_eq!(agg.time_to_respond.median_seconds, Some(15.0 * 60.0));
    assert_eq!(
        agg.share_within_targets,
        Some(0.5),
        "20 and 30 minutes miss the 15-minute target"
    );
    assert_eq!(agg.total_cost_minor_units, 1000);
    assert_eq!(aggregate(&[], &targets, t(0)).share_within_targets, None);
}

#[test]
fn checklists_and_chain_of_custody() {
    let mut i = detected(Severity::Medium);
    assert_eq!(i.checklist_progress(Phase::DetectionAndAnalysis), (0, 5));
    i.complete_item(Phase::DetectionAndAnalysis, 0, "analyst", t(11))
        .unwrap();
    i.complete_item(Phase::DetectionAndAnalysis, 0, "analyst", t(12))
        .unwrap();
    assert_eq!(i.checklist_progress(Phase::DetectionAndAnalysis), (1, 5));
    assert_eq!(
        i.complete_item(Phase::DetectionAndAnalysis, 5, "analyst", t(12)),
        Err(Error::ChecklistItem {
            phase: Phase::DetectionAndAnalysis,
            index: 5
        })
    );
    assert_eq!(Phase::Preparation.checklist().len(), 9);
    let artifact = b"abc";
    let ev = i
        .collect_evidence("EV-1", "memory image of host-7", artifact, "analyst", t(15))
        .unwrap();
    // SHA-256("abc"), the FIPS 180-2 example.
    assert_eq!(
        ev.sha256,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert!(ev.verify(artifact));
    assert!(!ev.verify(b"abd"));
    i.transition_evidence_chain();
    assert_eq!(i.evidence()[0].custodian(), "forensics lab");
    assert!(i.transfer_evidence("EV-9", "x", "y", t(30)).is_err());
    assert_eq!(
        Phase::ContainmentEradicationRecovery.csf_2_0_functions(),
        ["RS", "RC"]
    );
}

trait Chain {
    fn transition_evidence_chain(&mut self);
}

impl Chain for IncidentRecord {
    fn transition_evidence_chain(&mut self) {
        self.transfer_evidence("EV-1", "irt lead", "review", t(20))
            .unwrap();
        self.transfer_evidence("EV-1", "forensics lab", "analysis", t(25))
            .unwrap();
        let custody = &self.evidence()[0].custody;
        assert_eq!(
            (custody[0].from.as_str(), custody[1].from.as_str()),
            ("analyst", "irt lead")
        );
    }
}
