use chrono::{Duration, TimeZone, Utc};
use itsm_itil::Error;
use itsm_itil::incident::*;

#[test]
fn default_priority_matrix_cell_by_cell() {
    let m = PriorityMatrix::default();
    let expected = [[1, 2, 3], [2, 3, 4], [3, 4, 5]];
    for (i, row) in expected.iter().enumerate() {
        for (u, p) in row.iter().enumerate() {
            let got = m
                .priority(
                    Impact::new(u8::try_from(i + 1).unwrap()).unwrap(),
                    Urgency::new(u8::try_from(u + 1).unwrap()).unwrap(),
                )
                .unwrap();
            assert_eq!(got.get(), *p, "impact {} urgency {}", i + 1, u + 1);
        }
    }
    assert!(
        m.priority(Impact::new(4).unwrap(), Urgency::new(1).unwrap())
            .is_err()
    );
    assert!(Impact::new(0).is_err());
    // Another size: 4x4, as data.
    let four: Vec<Vec<Priority>> = (1..=4u8)
        .map(|i| {
            (1..=4u8)
                .map(|u| Priority::new((i + u - 1).min(5)).unwrap())
                .collect()
        })
        .collect();
    let m4 = PriorityMatrix::new(four).unwrap();
    assert_eq!(
        m4.priority(Impact::new(4).unwrap(), Urgency::new(4).unwrap())
            .unwrap()
            .get(),
        5
    );
    assert!(PriorityMatrix::new(vec![vec![Priority::new(1).unwrap()]]).is_err());
    assert!(serde_json::from_str::<PriorityMatrix>("[[1,2],[2]]").is_err());
}

#[test]
fn every_legal_and_illegal_transition() {
    use IncidentState as S;
    let legal = [
        (S::New, S::InProgress),
        (S::New, S::Resolved),
        (S::New, S::Canceled),
        (S::InProgress, S::OnHold),
        (S::InProgress, S::Resolved),
        (S::InProgress, S::Canceled),
        (S::OnHold, S::InProgress),
        (S::OnHold, S::Resolved),
        (S::OnHold, S::Canceled),
        (S::Resolved, S::Closed),
        (S::Resolved, S::InProgress),
    ];
    let t0 = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
    // The shortest path to each state, to test its transitions on a real record.
    let path = |s: S| -> Vec<S> {
        match s {
            S::New => vec![],
            S::InProgress => vec![S::InProgress],
            S::OnHold => vec![S::InProgress, S::OnHold],
            S::Resolved => vec![S::Resolved],
            S::Closed => vec![S::Resolved, S::Closed],
            S::Canceled => vec![S::Canceled],
        }
    };
    for from in S::ALL {
        for to in S::ALL {
            assert_eq!(
                from.can_move_to(to),
                legal.contains(&(from, to)),
                "{from} -> {to}"
            );
            let mut inc = Incident::new(
                "INC1",
                "c",
                "phone",
                Impact::new(3).unwrap(),
                Urgency::new(3).unwrap(),
                &PriorityMatrix::default(),
                t0,
            )
            .unwrap();
            for (n, step) in path(from).into_iter().enumerate() {
                inc.transition(step, t0 + Duration::minutes(i64::try_from(n).unwrap()))
                    .unwrap();
            }
            let result = inc.transition(to, t0 + Duration::hours(1));
            if legal.contains(&(from, to)) {
                assert!(result.is_ok(), "{from} -> {to}");
                assert_eq!(inc.history.last().unwrap().to, to);
            } else {
                assert!(
                    matches!(
                        result,
                        Err(Error::IllegalTransition {
                            workflow: "incident",
                            ..
                        })
                    ),
                    "{from} -> {to}"
                );
                assert_eq!(inc.state, from, "state unchanged after a refused move");
            }
        }
    }
    assert!(S::Closed.is_final() && S::Canceled.is_final() && !S::Resolved.is_final());
}

#[test]
fn reopen_counting_first_contact_and_time_order() {
    let t0 = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
    let mut inc = Incident::new(
        "INC2",
        "c",
        "chat",
        Impact::new(2).unwrap(),
        Urgency::new(2).unwrap(),
        &PriorityMatrix::default(),
        t0,
    )
    .unwrap();
    inc.transition(IncidentState::Resolved, t0 + Duration::minutes(3))
        .unwrap();
    assert!(inc.first_contact_resolution());
    inc.transition(IncidentState::InProgress, t0 + Duration::minutes(30))
        .unwrap();
    inc.transition(IncidentState::Resolved, t0 + Duration::minutes(40))
        .unwrap();
    inc.transition(IncidentState::InProgress, t0 + Duration::minutes(50))
        .unwrap();
    assert_eq!(inc.reopen_count, 2);
    assert!(!inc.first_contact_resolution(), "reopened");
    assert!(matches!(
        inc.transition(IncidentState::OnHold, t0),
        Err(Error::TimeGoesBack { .. })
    ));
    assert_eq!(inc.responded_at(), Some(t0 + Duration::minutes(3)));
}
