//! Properties over generated inputs: incidents, changes and requests never
//! leave their legal graphs under random event sequences, count reopens
//! exactly, and round-trip through JSON; levels are accepted exactly in range;
//! SLA clocks answer any stored history.

use chrono::{Duration, TimeZone, Utc};
use itsm_itil::change::{Change, ChangeState, ChangeType, CloseCode, RiskAssessment, Vote};
use itsm_itil::incident::{Impact, Incident, IncidentState, PriorityMatrix, Urgency};
use itsm_itil::request::{RequestState, ServiceCatalog, ServiceRequest};
use proptest::prelude::*;

const STATES: [IncidentState; 6] = [
    IncidentState::New,
    IncidentState::InProgress,
    IncidentState::OnHold,
    IncidentState::Resolved,
    IncidentState::Closed,
    IncidentState::Canceled,
];

const CHANGE_STATES: [ChangeState; 9] = [
    ChangeState::Submitted,
    ChangeState::Assessed,
    ChangeState::CabReview,
    ChangeState::Approved,
    ChangeState::Rejected,
    ChangeState::Implementing,
    ChangeState::Review,
    ChangeState::Closed,
    ChangeState::Canceled,
];

/// The incident graph written out edge by edge, independent of the library's
/// own `can_move_to`, so a change to either is caught.
const INCIDENT_EDGES: [(IncidentState, IncidentState); 11] = {
    use IncidentState as S;
    [
        (S::New, S::InProgress),
        (S::New, S::Resolved),
        (S::New, S::Canceled),
        (S::InProgress, S::OnHold),
        (S::InProgress, S::Resolved),
        (S::InProgress, S::Canceled),
        (S::OnHold, S::InProgress),
        (S::OnHold, S::Resolved),
        (S::OnHold, S::Canceled),
        (S::Resolved, S::InProgress),
        (S::Resolved, S::Closed),
    ]
};

/// Every move a change may make, of any type and approval path.
fn change_edge(before: ChangeState, after: ChangeState, kind: ChangeType) -> bool {
    use ChangeState as S;
    matches!(
        (kind, before, after),
        (ChangeType::Standard, S::Submitted, S::Approved)
            | (ChangeType::Normal, S::Submitted, S::Assessed)
            | (ChangeType::Emergency, S::Submitted, S::CabReview)
            | (
                ChangeType::Normal,
                S::Assessed,
                S::CabReview | S::Approved | S::Rejected
            )
            | (
                ChangeType::Normal | ChangeType::Emergency,
                S::CabReview,
                S::Approved | S::Rejected
            )
            | (_, S::Approved, S::Implementing)
            | (_, S::Implementing, S::Review)
            | (_, S::Review, S::Closed)
            | (
                _,
                S::Submitted | S::Assessed | S::CabReview | S::Approved,
                S::Canceled
            )
    )
}

#[test]
fn the_incident_graph_is_exactly_the_written_one() {
    for from in STATES {
        for to in STATES {
            let written = INCIDENT_EDGES.contains(&(from, to));
            assert_eq!(from.can_move_to(to), written, "{from:?} -> {to:?}");
        }
    }
}

proptest! {
    #[test]
    fn incidents_stay_on_their_graph(impact in 1u8..=3, urgency in 1u8..=3, steps in prop::collection::vec((0usize..6, 0i64..500), 0..40)) {
        let t0 = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
        let mut inc = Incident::new("INC1", "caller", "phone", Impact::new(impact).unwrap(), Urgency::new(urgency).unwrap(), &PriorityMatrix::default(), t0).unwrap();
        let mut at = t0;
        let mut reopens = 0;
        for (to, wait) in steps {
            at += Duration::minutes(wait);
            let (before, to) = (inc.state, STATES[to]);
            if inc.transition(to, at).is_ok() {
                let legal = INCIDENT_EDGES.contains(&(before, to));
                prop_assert!(legal, "{:?} -> {:?}", before, to);
                if before == IncidentState::Resolved && to == IncidentState::InProgress {
                    reopens += 1;
                }
            } else {
                // Refused: an edge not on the graph (or a move to the same state).
                prop_assert!(!INCIDENT_EDGES.contains(&(before, to)) || before == to);
                prop_assert_eq!(inc.state, before);
            }
            prop_assert!(!before.is_final() || inc.state == before, "a final state never moves");
        }
        prop_assert_eq!(inc.reopen_count, reopens);
        let back: Incident = serde_json::from_str(&serde_json::to_string(&inc).unwrap()).unwrap();
        prop_assert_eq!(back, inc);
    }

    #[test]
    fn changes_stay_on_their_graph(kind in 0usize..3, impact in 1u8..=3, likelihood in 1u8..=3, steps in prop::collection::vec((0usize..12, 0i64..600), 0..40)) {
        let t0 = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
        let kind = [ChangeType::Standard, ChangeType::Normal, ChangeType::Emergency][kind];
        let Ok(mut c) = Change::new("CHG1", kind, RiskAssessment::new(impact, likelihood).unwrap(), t0) else {
            // Only low risk may be standard.
            prop_assert_eq!(kind, ChangeType::Standard);
            return Ok(());
        };
        let mut at = t0;
        for (op, wait) in steps {
            at += Duration::minutes(wait);
            let before = c.state;
            let result = match op {
                0..=8 => {
                    let to = CHANGE_STATES[op];
                    let allowed = c.can_move_to(to);
                    let r = c.transition(to, at);
                    prop_assert_eq!(r.is_ok(), allowed && to != ChangeState::Closed);
                    r
                }
                9 => c.vote(format!("member{wait}"), if wait % 3 == 0 { Vote::Reject } else { Vote::Approve }),
                10 => c.decide_by_cab(5, at),
                _ => c.close(CloseCode::Successful, at),
            };
            if result.is_err() && op != 9 {
                prop_assert_eq!(c.state, before);
            }
            if c.state != before {
                prop_assert!(change_edge(before, c.state, kind), "{:?}: {:?} -> {:?}", kind, before, c.state);
            }
            if matches!(before, ChangeState::Closed | ChangeState::Rejected | ChangeState::Canceled) {
                prop_assert_eq!(c.state, before, "a final state never moves");
            }
        }
        let back: Change = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        prop_assert_eq!(back, c);
    }

    #[test]
    fn requests_follow_the_seed_workflow(item in 0usize..5, ops in prop::collection::vec(0u8..5, 0..20)) {
        let t0 = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
        let catalog = ServiceCatalog::seed();
        let item = &catalog.items[item % catalog.items.len()];
        let mut r = ServiceRequest::new("REQ1", item, t0).unwrap();
        for (n, op) in ops.into_iter().enumerate() {
            let at = t0 + Duration::hours(i64::try_from(n).unwrap());
            let before = r.state;
            let result = match op {
                0 => r.route(at),
                1 => r.approve("manager", at),
                2 => r.reject("manager", at),
                3 => r.fulfil(at),
                _ => r.cancel(),
            };
            if result.is_err() {
                prop_assert_eq!(r.state, before);
            }
            if matches!(before, RequestState::Closed | RequestState::Rejected | RequestState::Canceled) {
                prop_assert_eq!(r.state, before);
            }
            // Approval only where the item asks for it.
            if r.state == RequestState::AwaitingApproval {
                prop_assert!(item.approval_required);
            }
        }
        let back: ServiceRequest = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        prop_assert_eq!(back, r);
    }

    #[test]
    fn levels_are_accepted_exactly_in_range(i in any::<u8>(), u in any::<u8>()) {
        prop_assert_eq!(Impact::new(i).is_ok(), (1..=9).contains(&i));
        prop_assert_eq!(serde_json::from_str::<Urgency>(&u.to_string()).is_ok(), (1..=9).contains(&u));
        if let (Ok(i2), Ok(u2)) = (Impact::new(i), Urgency::new(u)) {
            // The default matrix is 3x3.
            prop_assert_eq!(PriorityMatrix::default().priority(i2, u2).is_ok(), i <= 3 && u <= 3);
        }
    }

    /// SLA targets and change ratings read from JSON are checked where they
    /// are read.
    #[test]
    fn targets_and_ratings_are_read_exactly_in_range(
        response in prop_oneof![-5i64..5, any::<i64>(), 31_622_390i64..31_622_410],
        resolution in prop_oneof![-5i64..5, any::<i64>()],
        impact in any::<u8>(),
        likelihood in 0u8..6,
    ) {
        let target = serde_json::json!({ "response_seconds": response, "resolution_seconds": resolution, "basis": "business" });
        let in_range = |s: i64| (1..=itsm_itil::sla::MAX_TARGET_SECONDS).contains(&s);
        prop_assert_eq!(serde_json::from_value::<itsm_itil::sla::SlaTarget>(target).is_ok(), in_range(response) && in_range(resolution));
        let risk = serde_json::json!({ "impact": impact, "likelihood": likelihood });
        let read = serde_json::from_value::<RiskAssessment>(risk);
        prop_assert_eq!(read.is_ok(), (1..=3).contains(&impact) && (1..=3).contains(&likelihood));
        if let Ok(r) = read {
            prop_assert_eq!(r.score(), impact * likelihood);
        }
    }

    /// A stored incident's history is whatever the document says: out of
    /// order, at the ends of chrono's range, through any states. Both clocks
    /// are answered (or refused as too long for the business calendar), and
    /// what they report is consistent.
    #[test]
    fn sla_clocks_answer_any_stored_history(
        impact in 1u8..=3,
        urgency in 1u8..=3,
        opened in any_instant(),
        now in any_instant(),
        changes in prop::collection::vec((0usize..6, 0usize..6, any_instant()), 0..24),
    ) {
        use itsm_itil::calendar::{BusinessCalendar, Calendar};
        use itsm_itil::incident::StateChange;
        let mut inc = Incident::new("INC", "c", "portal", Impact::new(impact).unwrap(), Urgency::new(urgency).unwrap(), &PriorityMatrix::default(), opened).unwrap();
        inc.history = changes.into_iter().map(|(f, t, at)| StateChange { from: STATES[f], to: STATES[t], at }).collect();
        let policy = itsm_itil::sla::SlaPolicy::with_defaults(BusinessCalendar::office_hours("Europe/London").unwrap());
        match policy.evaluate(&inc, now) {
            Ok(status) => {
                for clock in [status.response, status.resolution] {
                    prop_assert!(clock.elapsed_business >= Duration::zero());
                    prop_assert!(clock.elapsed_business <= clock.elapsed_wall);
                    prop_assert!(clock.percent_used >= 0.0);
                    prop_assert_eq!(clock.breached, clock.elapsed_business > clock.target);
                }
            }
            Err(e) => prop_assert!(matches!(e, itsm_itil::Error::SpanTooLong { .. } | itsm_itil::Error::OutOfRange { .. }), "{e}"),
        }
        // Spans over the whole range are answered by the 24/7 calendar, never refused.
        let t = Calendar::TwentyFourSeven.business_time(opened, now).unwrap();
        prop_assert_eq!(t, if now > opened { now - opened } else { Duration::zero() });
    }
}

/// An instant near a fixed day, or at either end of chrono's range.
fn any_instant() -> impl Strategy<Value = chrono::DateTime<Utc>> {
    let base = Utc.with_ymd_and_hms(2026, 12, 4, 9, 0, 0).unwrap();
    prop_oneof![
        4 => (-86_400i64 * 14..86_400 * 14).prop_map(move |s| base + Duration::seconds(s)),
        1 => Just(chrono::DateTime::<Utc>::MIN_UTC),
        1 => Just(chrono::DateTime::<Utc>::MAX_UTC),
    ]
}
