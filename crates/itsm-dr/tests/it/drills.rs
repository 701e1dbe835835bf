use chrono::NaiveDate;
use itsm_dr::Error;
use itsm_dr::drill::{
    Cadence, ChecklistItem, DrillRecord, DrillStatus, Improvement, Measurement, Objective,
    drill_status,
};
use itsm_dr::plan::DrPlan;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn quarterly_due_and_overdue_at_quarter_boundaries() {
    let q = Cadence::Quarterly;
    assert_eq!(q.next_due(day(2026, 1, 1)), day(2026, 6, 30));
    assert_eq!(q.next_due(day(2026, 3, 31)), day(2026, 6, 30));
    assert_eq!(q.next_due(day(2026, 4, 1)), day(2026, 9, 30));
    assert_eq!(q.next_due(day(2026, 10, 1)), day(2027, 3, 31));
    assert_eq!(q.next_due(day(2026, 12, 31)), day(2027, 3, 31));
    assert_eq!(
        drill_status(q, Some(day(2026, 12, 31)), day(2027, 3, 31)),
        DrillStatus::Due {
            by: day(2027, 3, 31)
        }
    );
    assert_eq!(
        drill_status(q, Some(day(2026, 12, 31)), day(2027, 4, 1)),
        DrillStatus::Overdue {
            since: day(2027, 3, 31),
            days: 1
        }
    );
    assert_eq!(
        drill_status(q, None, day(2026, 1, 1)),
        DrillStatus::NeverDrilled
    );
    assert_eq!(
        Cadence::Monthly.next_due(day(2028, 1, 15)),
        day(2028, 2, 29)
    );
    assert_eq!(
        Cadence::HalfYearly.next_due(day(2026, 6, 30)),
        day(2026, 12, 31)
    );
    assert_eq!(
        Cadence::Yearly.next_due(day(2026, 6, 30)),
        day(2027, 12, 31)
    );
}

fn measured(service: &str, recovery: &str, loss: &str) -> Measurement {
    Measurement {
        service: service.into(),
        recovery_time: recovery.parse().unwrap(),
        data_loss: loss.parse().unwrap(),
    }
}

fn passing_drill() -> DrillRecord {
    let mut d = DrillRecord::seed(day(2026, 11, 20));
    d.checked = [
        ChecklistItem::BackupRestoreTested,
        ChecklistItem::FailoverExecuted,
        ChecklistItem::ServicesAvailableOnDrSite,
        ChecklistItem::DataIntegrityVerified,
        ChecklistItem::CommunicationTested,
        ChecklistItem::IssuesDocumented,
    ]
    .into_iter()
    .collect();
    // Exactly at the critical tier's RTO 15m and RPO 5m: met.
    d.measurements = vec![
        measured("email", "15m", "5m"),
        measured("reporting", "20h", "0s"),
    ];
    d.participants = vec!["service desk".into(), "infrastructure".into()];
    d
}

#[test]
fn a_drill_passes_only_on_its_measurements_and_checklist() {
    let plan = DrPlan::seed();
    let result = plan.evaluate_drill(&passing_drill()).unwrap();
    assert!(result.passed, "{result:#?}");
    assert!(result.services.iter().all(|s| s.rto_met && s.rpo_met));

    let mut slow = passing_drill();
    slow.measurements[0] = measured("email", "16m", "0s");
    slow.issues = vec!["DNS change took 20 minutes".into()];
    slow.improvements = vec![Improvement {
        action: "lower DNS TTLs".into(),
        owner: "network".into(),
        due: Some(day(2027, 1, 31)),
    }];
    let result = plan.evaluate_drill(&slow).unwrap();
    assert!(!result.passed);
    let rto = result
        .objectives
        .iter()
        .find(|o| o.objective == Objective::ValidateRtoRpo)
        .unwrap();
    assert!(!rto.passed && rto.reason.contains("email"), "{rto:?}");
    assert!(
        result
            .objectives
            .iter()
            .filter(|o| o.objective != Objective::ValidateRtoRpo)
            .all(|o| o.passed)
    );

    let mut lossy = passing_drill();
    lossy.measurements[0] = measured("email", "10m", "6m");
    assert!(!plan.evaluate_drill(&lossy).unwrap().passed);

    let mut unchecked = passing_drill();
    unchecked
        .checked
        .remove(&ChecklistItem::ServicesAvailableOnDrSite);
    let result = plan.evaluate_drill(&unchecked).unwrap();
    let failover = &result.objectives[1];
    assert_eq!(failover.objective, Objective::TestFailover);
    assert!(!failover.passed);

    let mut nobody = passing_drill();
    nobody.participants.clear();
    assert!(!plan.evaluate_drill(&nobody).unwrap().passed);

    let empty = DrillRecord::seed(day(2026, 11, 20));
    assert!(!plan.evaluate_drill(&empty).unwrap().passed);

    let mut ghost = passing_drill();
    ghost.measurements.push(measured("ghost", "1m", "0s"));
    assert!(matches!(
        plan.evaluate_drill(&ghost),
        Err(Error::UnknownReference { .. })
    ));
}

#[test]
fn drill_records_refuse_zero_recovery_times_from_json() {
    let json = serde_json::to_string(&passing_drill()).unwrap();
    let back: DrillRecord = serde_json::from_str(&json).unwrap();
    assert_eq!(back, passing_drill());
    let zero = json.replacen("\"recovery_time\":\"15m\"", "\"recovery_time\":\"0m\"", 1);
    assert_ne!(zero, json);
    assert!(serde_json::from_str::<DrillRecord>(&zero).is_err());
    let negative = json.replacen("\"data_loss\":\"5m\"", "\"data_loss\":\"-5m\"", 1);
    assert_ne!(negative, json);
    assert!(serde_json::from_str::<DrillRecord>(&negative).is_err());
}
