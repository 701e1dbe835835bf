//! Properties over generated inputs: incident records never leave the
//! SP 800-61 phase graph under random event sequences and always
//! round-trip through JSON; assessments of random statuses roll up to
//! consistent counts; identifiers parse only from the catalogs.

use chrono::{Duration, TimeZone, Utc};
use itsm_core::ImplementationStatus;
use itsm_nist::assessment::{Assessment, SubcategoryAssessment};
use itsm_nist::catalog::{Csf2Id, Csf11Id};
use itsm_nist::incident::{IncidentRecord, LessonsLearned, Phase, Severity};
use itsm_nist::profile::Tier;
use proptest::prelude::*;

const PHASES: [Phase; 5] = [
    Phase::Preparation,
    Phase::DetectionAndAnalysis,
    Phase::ContainmentEradicationRecovery,
    Phase::PostIncidentActivity,
    Phase::Closed,
];

/// The SP 800-61 lifecycle written out edge by edge (containment may send
/// the team back to analysis), independent of the library's own table.
const PHASE_EDGES: [(Phase, Phase); 5] = [
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

#[test]
fn the_phase_graph_is_exactly_the_written_one() {
    for from in PHASES {
        for to in PHASES {
            assert_eq!(
                from.can_move_to(to),
                PHASE_EDGES.contains(&(from, to)),
                "{from} -> {to}"
            );
        }
    }
}

proptest! {
    #[test]
    fn incidents_stay_on_the_phase_graph(
        severity in 0usize..3,
        steps in prop::collection::vec((0usize..5, 0i64..600, any::<bool>()), 0..40),
    ) {
        let sev = [Severity::High, Severity::Medium, Severity::Low][severity];
        let t0 = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
        let mut inc = IncidentRecord::new("SEC-1", sev, t0).unwrap();
        let mut at = t0;
        for (to, wait, lessons) in steps {
            at += Duration::minutes(wait);
            let to = PHASES[to];
            let before = inc.phase();
            if lessons && before == Phase::PostIncidentActivity {
                let _ = inc.record_lessons(LessonsLearned::new("what we learned", "lead", at).unwrap());
            }
            if inc.transition(to, at).is_ok() {
                prop_assert!(PHASE_EDGES.contains(&(before, to)), "{before} -> {to} accepted");
                prop_assert_eq!(inc.phase(), to);
            } else {
                prop_assert_eq!(inc.phase(), before);
            }
            let _ = inc.mark_responded(at);
        }
        // The history is a walk on the graph, in time order.
        let mut phase = Phase::Preparation;
        let mut last = t0;
        for t in inc.history() {
            prop_assert_eq!(t.from, phase);
            prop_assert!(PHASE_EDGES.contains(&(t.from, t.to)));
            prop_assert!(t.at >= last);
            phase = t.to;
            last = t.at;
        }
        prop_assert_eq!(phase, inc.phase());
        let back: IncidentRecord = serde_json::from_str(&serde_json::to_string(&inc).unwrap()).unwrap();
        prop_assert_eq!(back, inc);
    }

    #[test]
    fn assessments_roll_up_consistently(statuses in prop::collection::vec(0usize..7, 106), tier in 1u8..=4) {
        let mut a: Assessment<Csf2Id> = Assessment::new(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(), Tier::try_from(tier).unwrap());
        for (id, s) in Csf2Id::all().zip(&statuses) {
            a.set(id, SubcategoryAssessment::new(ImplementationStatus::ALL[*s]));
        }
        let r = a.report();
        prop_assert_eq!(r.rollup.total, 106);
        prop_assert_eq!(r.functions.iter().map(|f| f.rollup.total).sum::<usize>(), 106);
        prop_assert!((0.0..=100.0).contains(&r.percent_implemented));
        let back: Assessment<Csf2Id> = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        prop_assert_eq!(back.report(), r);
    }

    #[test]
    fn identifiers_parse_only_from_the_catalogs(s in prop_oneof![any::<String>(), "[A-Z]{2}\\.[A-Z]{2}-[0-9]{1,3}"]) {
        if let Ok(id) = s.parse::<Csf2Id>() {
            prop_assert_eq!(id.as_str(), s.as_str());
        }
        if let Ok(id) = s.parse::<Csf11Id>() {
            prop_assert_eq!(id.as_str(), s.as_str());
        }
        prop_assert_eq!(s.parse::<Csf2Id>().is_ok(), Csf2Id::all().any(|i| i.as_str() == s));
    }

    #[test]
    fn tiers_in_range_only(v in any::<u8>()) {
        prop_assert_eq!(Tier::try_from(v).is_ok(), (1..=4).contains(&v));
        prop_assert_eq!(serde_json::from_str::<Tier>(&v.to_string()).is_ok(), (1..=4).contains(&v));
    }

    /// Response targets read from JSON are checked where they are read.
    #[test]
    fn response_targets_are_read_exactly_when_positive(
        targets in prop::collection::vec(prop_oneof![-5i64..5, any::<i64>()], 3),
        contain in proptest::option::of(prop_oneof![-5i64..5, any::<i64>()]),
    ) {
        let json = serde_json::json!({
            "high_respond_seconds": targets[0],
            "medium_respond_seconds": targets[1],
            "low_respond_seconds": targets[2],
            "contain_seconds": contain,
            "recover_seconds": null,
        });
        let ok = targets.iter().all(|t| *t > 0) && contain.is_none_or(|c| c > 0);
        let read = serde_json::from_value::<itsm_nist::incident::ResponseTargets>(json.clone());
        prop_assert_eq!(read.is_ok(), ok);
        if let Ok(t) = read {
            prop_assert_eq!(serde_json::to_value(t).unwrap(), json);
            // Even the longest targets give a deadline, not a panic.
            let inc = IncidentRecord::new("SEC-9", Severity::High, Utc::now()).unwrap();
            let _ = t.missed(&inc, chrono::DateTime::<Utc>::MAX_UTC);
        }
    }
}
