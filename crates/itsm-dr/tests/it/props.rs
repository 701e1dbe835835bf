//! Properties over generated inputs: plans with any dependency graph, tiers
//! and spans are checked without panicking, and what a check reports holds
//! of the plan; plans and drills round-trip through JSON; drill schedules
//! work for any date chrono can hold.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use itsm_dr::Error;
use itsm_dr::backup::{BackupStatus, HealthFinding, RestoreTest};
use itsm_dr::drill::{Cadence, ChecklistItem, DrillRecord, DrillStatus, Measurement, drill_status};
use itsm_dr::model::Tier;
use itsm_dr::plan::{DrPlan, Finding};
use itsm_dr::span::{Loss, Span};
use proptest::prelude::*;

const TIERS: [Tier; 3] = [Tier::Critical, Tier::Important, Tier::Standard];

fn span() -> impl Strategy<Value = Option<Span>> {
    proptest::option::of(
        prop_oneof![1u64..100_000, Just(u64::MAX), 1u64..u64::MAX]
            .prop_map(|s| Span::from_seconds(s).unwrap()),
    )
}

prop_compose! {
    /// The seed plan with every service's tier, dependencies, MTD and WRT
    /// replaced at random: cycles, self-loops and unknown names included.
    fn plan()(
        edits in prop::collection::vec(
            (0usize..3, prop::collection::vec(0usize..12, 0..4), span(), span(), any::<bool>()),
            20,
        ),
    ) -> DrPlan {
        let mut plan = DrPlan::seed();
        let ids: Vec<String> = plan.services.iter().map(|s| s.id.clone()).collect();
        for (s, (tier, deps, mtd, wrt, unknown)) in plan.services.iter_mut().zip(edits) {
            s.tier = TIERS[tier];
            s.depends_on = deps
                .into_iter()
                .filter_map(|d| ids.get(d).cloned())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            if unknown && s.depends_on.is_empty() {
                s.depends_on.push("no-such-service".into());
            }
            s.mtd = mtd;
            s.wrt = wrt;
        }
        plan
    }
}

/// The services `from` reaches through one or more dependencies.
fn reachable(plan: &DrPlan, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from.to_owned()];
    while let Some(id) = todo.pop() {
        if let Some(s) = plan.services.iter().find(|s| s.id == id) {
            for d in &s.depends_on {
                if seen.insert(d.clone()) {
                    todo.push(d.clone());
                }
            }
        }
    }
    seen
}

fn date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        (-100_000i64..100_000)
            .prop_map(|d| NaiveDate::from_ymd_opt(2026, 12, 3).unwrap() + Duration::days(d)),
        Just(NaiveDate::MAX),
        Just(NaiveDate::MIN),
    ]
}

proptest! {
    #[test]
    fn any_plan_is_checked_and_its_findings_hold(plan in plan()) {
        let back: DrPlan = serde_json::from_str(&serde_json::to_string(&plan).unwrap()).unwrap();
        prop_assert_eq!(&back, &plan);
        let unknown = plan.services.iter().any(|s| s.depends_on.iter().any(|d| d == "no-such-service"));
        match plan.check() {
            Err(Error::UnknownReference { .. }) => prop_assert!(unknown),
            Err(other) => prop_assert!(false, "{:?}", other),
            Ok(findings) => {
                prop_assert!(!unknown);
                let mut cycles: Vec<Vec<String>> = Vec::new();
                for f in findings {
                    match f {
                        Finding::RtoAboveMtd { service, rto, mtd, .. } => {
                            let s = plan.services.iter().find(|s| s.id == service).unwrap();
                            prop_assert_eq!(s.mtd, Some(mtd));
                            prop_assert!(rto > mtd);
                        }
                        Finding::DependsOnSlowerService { service, rto, dependency, dependency_rto, .. } => {
                            let s = plan.services.iter().find(|s| s.id == service).unwrap();
                            prop_assert!(s.depends_on.contains(&dependency));
                            prop_assert!(dependency_rto > rto);
                        }
                        Finding::DependencyCycle { services } => {
                            // Every member reaches every member, itself included.
                            prop_assert!(!services.is_empty());
                            for a in &services {
                                let r = reachable(&plan, a);
                                for b in &services {
                                    prop_assert!(r.contains(b), "{} does not reach {} in {:?}", a, b, services);
                                }
                            }
                            cycles.push(services);
                        }
                        _ => {}
                    }
                }
                // And every service on a cycle is reported in one.
                for svc in &plan.services {
                    if reachable(&plan, &svc.id).contains(&svc.id) {
                        prop_assert!(cycles.iter().any(|c| c.contains(&svc.id)), "{} is on a cycle", svc.id);
                    }
                }
            }
        }
    }

    #[test]
    fn drills_of_any_shape_are_evaluated(
        plan in plan(),
        checked in prop::collection::btree_set(0usize..8, 0..8),
        measured in prop::collection::vec((0usize..12, span(), any::<u64>()), 0..6),
        day in date(),
    ) {
        let all = [
            ChecklistItem::BackupRestoreTested,
            ChecklistItem::FailoverExecuted,
            ChecklistItem::ServicesAvailableOnDrSite,
            ChecklistItem::DataIntegrityVerified,
            ChecklistItem::CommunicationTested,
            ChecklistItem::IssuesDocumented,
        ];
        let mut record = DrillRecord::seed(day);
        record.checked = checked.into_iter().filter_map(|i| all.get(i).copied()).collect();
        let ids: Vec<String> = plan.services.iter().map(|s| s.id.clone()).chain(["ghost".to_owned()]).collect();
        record.measurements = measured
            .into_iter()
            .map(|(i, rto, loss)| Measurement {
                service: ids[i % ids.len()].clone(),
                recovery_time: rto.unwrap_or(Span::from_seconds(1).unwrap()),
                data_loss: Loss::from_seconds(loss),
            })
            .collect();
        let back: DrillRecord = serde_json::from_str(&serde_json::to_string(&record).unwrap()).unwrap();
        prop_assert_eq!(&back, &record);
        let ghost = record.measurements.iter().any(|m| m.service == "ghost");
        match plan.evaluate_drill(&record) {
            Err(Error::UnknownReference { .. }) => prop_assert!(ghost),
            Err(other) => prop_assert!(false, "{:?}", other),
            Ok(_) => prop_assert!(!ghost),
        }
    }

    #[test]
    fn schedules_hold_for_any_date(last in date(), today in date(), cadence in 0usize..4) {
        let cadence = [Cadence::Monthly, Cadence::Quarterly, Cadence::HalfYearly, Cadence::Yearly][cadence];
        let due = cadence.next_due(last);
        prop_assert!(due >= last);
        match drill_status(cadence, Some(last), today) {
            DrillStatus::Due { by } => prop_assert!(today <= by && by == due),
            DrillStatus::Overdue { since, days } => {
                prop_assert!(today > since && since == due);
                prop_assert_eq!(days, (today - since).num_days());
            }
            DrillStatus::NeverDrilled => prop_assert!(false),
        }
    }

    #[test]
    fn backup_health_for_any_timestamps(
        success in proptest::option::of(any::<i64>()),
        restore in proptest::option::of((any::<i64>(), any::<u32>())),
        now in any::<i64>(),
        max_age in 1u64..u64::MAX,
    ) {
        let at = |s: i64| Utc.timestamp_opt(s.clamp(-8_000_000_000_000, 8_000_000_000_000), 0).single();
        let plan = DrPlan::seed();
        let status = BackupStatus {
            mechanism: plan.mechanisms[0].id.clone(),
            last_success: success.and_then(at),
            last_restore_test: restore.and_then(|(s, errors)| Some(RestoreTest { at: at(s)?, errors })),
        };
        let now = at(now).unwrap_or_else(Utc::now);
        let findings = plan.backup_health(std::slice::from_ref(&status), now, Span::from_seconds(max_age).unwrap());
        // Worked out here, independently: ages in whole seconds, later than
        // `now` counting as zero, the limit itself met.
        let age = |then: chrono::DateTime<Utc>| u64::try_from((now - then).num_seconds()).unwrap_or(0);
        prop_assert_eq!(
            findings.iter().any(|f| matches!(f, HealthFinding::NeverSucceeded { .. })),
            status.last_success.is_none()
        );
        let overdue = status.last_restore_test.as_ref().is_none_or(|t| age(t.at) > max_age);
        prop_assert_eq!(
            findings.iter().any(|f| matches!(f, HealthFinding::RestoreTestOverdue { .. })),
            overdue
        );
        let failed = status.last_restore_test.as_ref().is_some_and(|t| t.errors > 0);
        prop_assert_eq!(
            findings.iter().any(|f| matches!(f, HealthFinding::RestoreTestFailed { .. })),
            failed
        );
    }
}
