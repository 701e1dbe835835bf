use chrono::{DateTime, Duration, TimeZone, Utc};
use itsm_itil::Error;
use itsm_itil::change::*;
use itsm_itil::problem::*;
use itsm_itil::request::*;

fn t(h: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 0, 0, 0).unwrap() + Duration::hours(h)
}

fn change(kind: ChangeType, impact: u8, likelihood: u8) -> Change {
    Change::new(
        "CHG",
        kind,
        RiskAssessment::new(impact, likelihood).unwrap(),
        t(0),
    )
    .unwrap()
}

#[test]
fn change_transitions_per_type() {
    use ChangeState as S;
    let states = [
        S::Submitted,
        S::Assessed,
        S::CabReview,
        S::Approved,
        S::Rejected,
        S::Implementing,
        S::Review,
        S::Closed,
        S::Canceled,
    ];
    let legal = |kind: ChangeType, high: bool| -> Vec<(S, S)> {
        let mut v = match kind {
            ChangeType::Standard => vec![(S::Submitted, S::Approved)],
            ChangeType::Normal if high => vec![
                (S::Submitted, S::Assessed),
                (S::Assessed, S::CabReview),
                (S::CabReview, S::Approved),
                (S::CabReview, S::Rejected),
            ],
            ChangeType::Normal => vec![
                (S::Submitted, S::Assessed),
                (S::Assessed, S::Approved),
                (S::Assessed, S::Rejected),
            ],
            ChangeType::Emergency => vec![
                (S::Submitted, S::CabReview),
                (S::CabReview, S::Approved),
                (S::CabReview, S::Rejected),
            ],
        };
        v.extend([(S::Approved, S::Implementing), (S::Implementing, S::Review)]);
        v.extend([S::Submitted, S::Assessed, S::CabReview, S::Approved].map(|s| (s, S::Canceled)));
        v
    };
    for (kind, impact, likelihood, high) in [
        (ChangeType::Standard, 1, 1, false),
        (ChangeType::Normal, 3, 3, true),
        (ChangeType::Normal, 1, 2, false),
        (ChangeType::Emergency, 3, 3, true),
    ] {
        let rules = legal(kind, high);
        for from in states {
            for to in states {
                let mut c = change(kind, impact, likelihood);
                c.state = from;
                let expected = rules.contains(&(from, to));
                assert_eq!(c.can_move_to(to), expected, "{kind:?} {from:?} -> {to:?}");
                let result = c.transition(to, t(1));
                assert_eq!(
                    result.is_ok(),
                    expected && to != S::Closed,
                    "{kind:?} {from:?} -> {to:?}"
                );
            }
        }
    }
    assert!(
        Change::new(
            "X",
            ChangeType::Standard,
            RiskAssessment::new(2, 2).unwrap(),
            t(0)
        )
        .is_err(),
        "a standard change must be low risk"
    );
    assert!(RiskAssessment::new(4, 1).is_err());
}

#[test]
fn approval_paths_quorum_review_and_close() {
    assert_eq!(
        change(ChangeType::Standard, 1, 1).approval_path(),
        ApprovalPath::PreApproved
    );
    assert_eq!(
        change(ChangeType::Normal, 1, 2).approval_path(),
        ApprovalPath::ChangeManager
    );
    assert_eq!(
        change(ChangeType::Normal, 2, 2).approval_path(),
        ApprovalPath::Cab
    );
    assert_eq!(
        change(ChangeType::Emergency, 1, 1).approval_path(),
        ApprovalPath::EmergencyCab
    );

    let mut c = change(ChangeType::Normal, 3, 2);
    assert!(
        c.vote("ann", Vote::Approve).is_err(),
        "no votes before CAB review"
    );
    c.transition(ChangeState::Assessed, t(1)).unwrap();
    c.transition(ChangeState::CabReview, t(2)).unwrap();
    c.vote("ann", Vote::Approve).unwrap();
    c.vote("bo", Vote::Reject).unwrap();
    assert_eq!(c.cab_outcome(4), None, "quorum for 4 members is 3");
    assert!(c.decide_by_cab(4, t(3)).is_err());
    c.vote("cy", Vote::Abstain).unwrap();
    assert_eq!(
        c.cab_outcome(4),
        Some(false),
        "1 approval, 1 rejection: no strict majority"
    );
    c.vote("cy", Vote::Approve).unwrap();
    assert_eq!(c.cab_outcome(4), Some(true));
    assert_eq!(c.cab_outcome(8), None, "quorum for 8 members is 4");
    c.decide_by_cab(4, t(3)).unwrap();
    assert!(c.cab_approved);
    assert!(
        c.close(CloseCode::Successful, t(4)).is_err(),
        "only a reviewed change closes"
    );
    c.transition(ChangeState::Implementing, t(5)).unwrap();
    c.transition(ChangeState::Review, t(6)).unwrap();
    c.close(CloseCode::RolledBack, t(7)).unwrap();
    assert_eq!(
        (c.state, c.close_code),
        (ChangeState::Closed, Some(CloseCode::RolledBack))
    );
    assert!(c.transition(ChangeState::Canceled, t(8)).is_err());
}

#[test]
fn change_calendar_conflicts() {
    let mut a = change(ChangeType::Normal, 1, 1);
    a.number = "CHG-A".into();
    a.configuration_items = vec!["db-1".into(), "web-1".into()];
    a.window = Some((t(20), t(22)));
    let mut b = change(ChangeType::Normal, 1, 1);
    b.number = "CHG-B".into();
    b.configuration_items = vec!["db-1".into()];
    b.window = Some((t(21), t(23)));
    let mut c = change(ChangeType::Normal, 1, 1);
    c.number = "CHG-C".into();
    c.configuration_items = vec!["db-1".into()];
    c.window = Some((t(22), t(23))); // touches A's end only: no overlap with A
    let calendar = ChangeCalendar {
        freezes: vec![Window {
            name: "year-end".into(),
            start: t(22) + Duration::minutes(30),
            end: t(48),
            configuration_items: vec![],
        }],
        maintenance: vec![Window {
            name: "nightly".into(),
            start: t(20),
            end: t(23),
            configuration_items: vec![],
        }],
    };
    let conflicts = calendar.conflicts(&[a.clone(), b.clone(), c.clone()]);
    assert!(conflicts.contains(&Conflict::Overlap {
        first: "CHG-A".into(),
        second: "CHG-B".into(),
        configuration_item: "db-1".into()
    }));
    assert!(conflicts.contains(&Conflict::Overlap {
        first: "CHG-B".into(),
        second: "CHG-C".into(),
        configuration_item: "db-1".into()
    }));
    assert!(!conflicts.iter().any(|x| matches!(x, Conflict::Overlap { first, second, .. } if first == "CHG-A" && second == "CHG-C")));
    assert!(conflicts.contains(&Conflict::InFreeze {
        change: "CHG-B".into(),
        freeze: "year-end".into()
    }));
    assert!(!conflicts.contains(&Conflict::InFreeze {
        change: "CHG-A".into(),
        freeze: "year-end".into()
    }));
    let mut late = c.clone();
    late.number = "CHG-D".into();
    late.configuration_items = vec!["app-9".into()];
    late.window = Some((t(22), t(24)));
    assert!(
        calendar
            .conflicts(&[late])
            .contains(&Conflict::OutsideMaintenance {
                change: "CHG-D".into(),
                configuration_item: "app-9".into()
            })
    );
}

#[test]
fn problem_transitions_and_kedb_search() {
    use ProblemState as S;
    let legal = [
        (S::New, S::UnderInvestigation),
        (S::New, S::Canceled),
        (S::UnderInvestigation, S::KnownError),
        (S::UnderInvestigation, S::Resolved),
        (S::UnderInvestigation, S::Canceled),
        (S::KnownError, S::Resolved),
        (S::KnownError, S::Canceled),
        (S::Resolved, S::Closed),
        (S::Resolved, S::UnderInvestigation),
    ];
    let all = [
        S::New,
        S::UnderInvestigation,
        S::KnownError,
        S::Resolved,
        S::Closed,
        S::Canceled,
    ];
    for from in all {
        for to in all {
            assert_eq!(
                from.can_move_to(to),
                legal.contains(&(from, to)),
                "{from:?} -> {to:?}"
            );
        }
    }
    let mut p = Problem::new("PRB1", "disk fills", t(0)).unwrap();
    assert!(p.transition(S::Closed, t(1)).is_err());
    assert_eq!(p.state, S::New, "unchanged after a refused move");
    p.transition(S::KnownError, t(1)).unwrap();
    p.transition(S::Resolved, t(5)).unwrap();
    assert_eq!(p.resolved_at, Some(t(5)));
    let mut kedb = KnownErrorDatabase::default();
    kedb.add(
        KnownError::new("KE1", "PRB1", "Disk fills with logs", "Rotate logs hourly")
            .unwrap()
            .for_ci("app-1")
            .in_category("storage"),
    );
    kedb.add(
        KnownError::new("KE2", "PRB2", "VPN drops", "Reconnect")
            .unwrap()
            .for_ci("vpn-1")
            .in_category("network"),
    );
    assert_eq!(kedb.search(None, None, &[]).len(), 2);
    assert_eq!(kedb.search(Some("app-1"), None, &[]).len(), 1);
    assert_eq!(kedb.search(None, Some("network"), &["RECONNECT"]).len(), 1);
    assert!(kedb.search(Some("app-1"), Some("network"), &[]).is_empty());
    assert!(
        KnownError::new("KE3", "P", "x", " ").is_err(),
        "a known error needs a workaround"
    );
}

#[test]
fn request_workflow() {
    let catalog = ServiceCatalog::seed();
    assert_eq!(catalog.items.len(), 5);
    let info = catalog.item("information_request").unwrap();
    let mut r = ServiceRequest::new("REQ1", info, t(0)).unwrap();
    assert!(r.fulfil(t(1)).is_err(), "not routed yet");
    r.route(t(1)).unwrap();
    assert_eq!(r.state, RequestState::Fulfilment, "no approval needed");
    assert!(r.approve("x", t(2)).is_err());
    r.fulfil(t(3)).unwrap();
    assert!(r.cancel().is_err());
    let mut hw =
        ServiceRequest::new("REQ2", catalog.item("hardware_provisioning").unwrap(), t(0)).unwrap();
    hw.route(t(1)).unwrap();
    hw.reject("budget owner", t(5)).unwrap();
    assert_eq!(hw.state, RequestState::Rejected);
    assert_eq!(
        hw.approval
            .as_ref()
            .map(|a| (a.decided_at - a.requested_at).num_hours()),
        Some(4)
    );
    assert!(matches!(
        hw.fulfil(t(6)),
        Err(Error::IllegalTransition { .. })
    ));
}

#[test]
fn every_request_operation_from_every_state() {
    use RequestState as S;
    // An operation, and the states it is legal from.
    type Op = fn(&mut ServiceRequest) -> Result<(), Error>;
    let catalog = ServiceCatalog::seed();
    let states = [
        S::Submitted,
        S::AwaitingApproval,
        S::Fulfilment,
        S::Closed,
        S::Rejected,
        S::Canceled,
    ];
    let ops: [(&str, Op, &[S]); 5] = [
        ("route", |r| r.route(t(1)), &[S::Submitted]),
        ("approve", |r| r.approve("a", t(1)), &[S::AwaitingApproval]),
        ("reject", |r| r.reject("a", t(1)), &[S::AwaitingApproval]),
        ("fulfil", |r| r.fulfil(t(1)), &[S::Fulfilment]),
        (
            "cancel",
            |r| r.cancel(),
            &[S::Submitted, S::AwaitingApproval, S::Fulfilment],
        ),
    ];
    for item in ["software_licence", "general_inquiry"] {
        for from in states {
            for (name, op, legal_from) in ops {
                let mut r = ServiceRequest::new("R", catalog.item(item).unwrap(), t(0)).unwrap();
                r.state = from;
                let result = op(&mut r);
                assert_eq!(
                    result.is_ok(),
                    legal_from.contains(&from),
                    "{item}: {name} from {from:?}"
                );
                if result.is_err() {
                    assert_eq!(r.state, from, "unchanged after a refused {name}");
                }
            }
        }
    }
}
