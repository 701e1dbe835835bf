use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use itsm_itil::calendar::{BusinessCalendar, Calendar, Day, DayHours, Segment};
use itsm_itil::incident::{Impact, Incident, IncidentState, PriorityMatrix, Urgency};
use itsm_itil::sla::{ClockState, ReopenMode, SlaPolicy};

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// London office hours, 09:00-12:00 and 13:00-17:00 on weekdays.
fn london() -> BusinessCalendar {
    BusinessCalendar::office_hours("Europe/London").unwrap()
}

/// A P3 (business clock: 4 h response, 24 h resolution) opened at `at`.
fn p3(at: DateTime<Utc>) -> Incident {
    Incident::new(
        "INC",
        "c",
        "portal",
        Impact::new(2).unwrap(),
        Urgency::new(2).unwrap(),
        &PriorityMatrix::default(),
        at,
    )
    .unwrap()
}

#[test]
fn opened_outside_business_hours_starts_counting_at_opening_time() {
    // Thursday 3 December 2026, 20:00 London (GMT = UTC).
    let policy = SlaPolicy::with_defaults(london());
    let inc = p3(utc(2026, 12, 3, 20, 0));
    let at_9 = policy.evaluate(&inc, utc(2026, 12, 4, 9, 0)).unwrap();
    assert_eq!(at_9.response.elapsed_business, Duration::zero());
    assert_eq!(at_9.response.elapsed_wall, Duration::hours(13));
    // Response due after 4 business hours: Friday 09-12 (3 h) and 13-14.
    assert_eq!(at_9.response.due_at, Some(utc(2026, 12, 4, 14, 0)));
}

#[test]
fn due_instant_exactly_on_a_segment_boundary_and_breach_at_the_boundary() {
    let policy = SlaPolicy::with_defaults(london());
    // Opened Friday 09:00: 3 business hours to 12:00; the fourth hour ends 14:00.
    let inc = p3(utc(2026, 12, 4, 9, 0));
    let s = policy.evaluate(&inc, utc(2026, 12, 4, 10, 0)).unwrap();
    assert_eq!(s.response.due_at, Some(utc(2026, 12, 4, 14, 0)));
    // A 3-hour target would end exactly at 12:00, the end of the morning segment.
    let cal = Calendar::Business(london());
    assert_eq!(
        cal.add_business_time(utc(2026, 12, 4, 9, 0), Duration::hours(3))
            .unwrap(),
        utc(2026, 12, 4, 12, 0)
    );
    // At the due instant: not breached; one second later: breached.
    let at_due = policy.evaluate(&inc, utc(2026, 12, 4, 14, 0)).unwrap();
    assert!(!at_due.response.breached);
    assert_eq!(at_due.response.warning, Some(100));
    let after = policy
        .evaluate(&inc, utc(2026, 12, 4, 14, 0) + Duration::seconds(1))
        .unwrap();
    assert!(after.response.breached);
    assert_eq!(after.response.remaining, Duration::seconds(-1));
    // Warnings at 50 and 75 %.
    assert_eq!(
        policy
            .evaluate(&inc, utc(2026, 12, 4, 11, 0))
            .unwrap()
            .response
            .warning,
        Some(50)
    );
    assert_eq!(
        policy
            .evaluate(&inc, utc(2026, 12, 4, 13, 0))
            .unwrap()
            .response
            .warning,
        Some(75)
    );
    assert_eq!(
        policy
            .evaluate(&inc, utc(2026, 12, 4, 10, 59))
            .unwrap()
            .response
            .warning,
        None
    );
}

#[test]
fn pause_across_a_weekend() {
    let policy = SlaPolicy::with_defaults(london());
    let mut inc = p3(utc(2026, 12, 4, 9, 0)); // Friday
    inc.transition(IncidentState::InProgress, utc(2026, 12, 4, 10, 0))
        .unwrap();
    inc.transition(IncidentState::OnHold, utc(2026, 12, 4, 15, 0))
        .unwrap(); // 5 business hours so far
    let paused = policy.evaluate(&inc, utc(2026, 12, 7, 11, 0)).unwrap(); // Monday 11:00
    assert_eq!(paused.resolution.state, ClockState::Paused);
    assert_eq!(paused.resolution.elapsed_business, Duration::hours(5));
    assert_eq!(paused.resolution.due_at, None);
    inc.transition(IncidentState::InProgress, utc(2026, 12, 7, 11, 0))
        .unwrap();
    let resumed = policy.evaluate(&inc, utc(2026, 12, 7, 14, 0)).unwrap();
    // 5 h + Monday 11-12 and 13-14.
    assert_eq!(resumed.resolution.elapsed_business, Duration::hours(7));
    assert_eq!(resumed.resolution.elapsed_wall, Duration::hours(6 + 3));
    assert_eq!(resumed.resolution.state, ClockState::Running);
}

#[test]
fn holiday_counts_no_time() {
    let cal = london().with_holidays([NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()]);
    let policy = SlaPolicy::with_defaults(cal);
    let mut inc = p3(utc(2026, 12, 24, 16, 0)); // Thursday 24 December
    inc.transition(IncidentState::InProgress, utc(2026, 12, 24, 16, 30))
        .unwrap();
    let s = policy.evaluate(&inc, utc(2026, 12, 28, 10, 0)).unwrap(); // Monday 28th
    // Thursday 16-17 (1 h), Friday 25th holiday, weekend, Monday 09-10 (1 h).
    assert_eq!(s.resolution.elapsed_business, Duration::hours(2));
}

#[test]
fn reopen_new_cycle_and_continue() {
    let mut inc = p3(utc(2026, 12, 7, 9, 0)); // Monday
    inc.transition(IncidentState::InProgress, utc(2026, 12, 7, 9, 0))
        .unwrap();
    inc.transition(IncidentState::Resolved, utc(2026, 12, 7, 11, 0))
        .unwrap(); // 2 h
    inc.transition(IncidentState::InProgress, utc(2026, 12, 7, 14, 0))
        .unwrap(); // reopened
    let now = utc(2026, 12, 7, 15, 0);
    let mut policy = SlaPolicy::with_defaults(london());
    let fresh = policy.evaluate(&inc, now).unwrap();
    assert_eq!(
        fresh.resolution.elapsed_business,
        Duration::hours(1),
        "new cycle from the reopen"
    );
    policy.reopen = ReopenMode::Continue;
    let carried = policy.evaluate(&inc, now).unwrap();
    assert_eq!(
        carried.resolution.elapsed_business,
        Duration::hours(3),
        "2 h before, 1 h after; resolved time not counted"
    );
    // Resolved: the clock stops.
    inc.transition(IncidentState::Resolved, now).unwrap();
    let stopped = policy.evaluate(&inc, utc(2026, 12, 9, 9, 0)).unwrap();
    assert_eq!(stopped.resolution.state, ClockState::Stopped);
    assert_eq!(stopped.resolution.elapsed_business, Duration::hours(3));
}

#[test]
fn daylight_saving_change() {
    // London moves from GMT to BST at 01:00 UTC on Sunday 29 March 2026.
    let cal = Calendar::Business(london());
    // Friday 27 March 16:00 GMT (16:00 UTC) to Monday 30 March 10:00 BST (09:00 UTC).
    assert_eq!(
        cal.business_time(utc(2026, 3, 27, 16, 0), utc(2026, 3, 30, 9, 0))
            .unwrap(),
        Duration::hours(2)
    );
    // Monday 09:00 local is 08:00 UTC after the change.
    assert_eq!(
        cal.add_business_time(utc(2026, 3, 27, 16, 0), Duration::hours(1))
            .unwrap(),
        utc(2026, 3, 27, 17, 0)
    );
    assert_eq!(
        cal.add_business_time(utc(2026, 3, 27, 16, 30), Duration::hours(1))
            .unwrap(),
        utc(2026, 3, 30, 8, 30)
    );
    // A night segment across the change counts its real length: 00:00-06:00
    // local on 29 March is five hours.
    let night = BusinessCalendar::new(
        "Europe/London",
        vec![DayHours {
            day: Day::Sunday,
            segments: vec![Segment {
                start: chrono::NaiveTime::from_hms_opt(0, 0, 0).unwrap(),
                end: chrono::NaiveTime::from_hms_opt(6, 0, 0).unwrap(),
            }],
        }],
        vec![],
    )
    .unwrap();
    let night = Calendar::Business(night);
    assert_eq!(
        night
            .business_time(utc(2026, 3, 28, 0, 0), utc(2026, 3, 30, 0, 0))
            .unwrap(),
        Duration::hours(5)
    );
    // And six hours in October, when the clocks go back (the hour repeats).
    assert_eq!(
        night
            .business_time(utc(2026, 10, 24, 0, 0), utc(2026, 10, 26, 0, 0))
            .unwrap(),
        Duration::hours(7)
    );
}

#[test]
fn twenty_four_seven_targets_and_bad_calendars() {
    let policy = SlaPolicy::with_defaults(london());
    let p1 = Incident::new(
        "INC",
        "c",
        "phone",
        Impact::new(1).unwrap(),
        Urgency::new(1).unwrap(),
        &PriorityMatrix::default(),
        utc(2026, 12, 5, 23, 0),
    )
    .unwrap(); // Saturday night
    let s = policy.evaluate(&p1, utc(2026, 12, 5, 23, 16)).unwrap();
    assert!(s.response.breached, "15 minutes, around the clock");
    assert_eq!(s.resolution.due_at, Some(utc(2026, 12, 6, 3, 0)));
    assert!(BusinessCalendar::new("Mars/Olympus", vec![], vec![]).is_err());
    assert!(
        BusinessCalendar::new("Europe/London", vec![], vec![]).is_err(),
        "no working time"
    );
    let t = |h| chrono::NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    assert!(
        BusinessCalendar::new(
            "UTC",
            vec![DayHours {
                day: Day::Monday,
                segments: vec![
                    Segment {
                        start: t(9),
                        end: t(12)
                    },
                    Segment {
                        start: t(11),
                        end: t(13)
                    }
                ]
            }],
            vec![]
        )
        .is_err()
    );
    let json = serde_json::to_string(&london()).unwrap();
    assert_eq!(
        serde_json::from_str::<BusinessCalendar>(&json).unwrap(),
        london()
    );
}

#[test]
fn a_history_out_of_order_spanning_all_of_time_is_answered_not_a_crash() {
    use itsm_itil::incident::StateChange;
    // A stored incident whose history jumps between the ends of chrono's
    // range: each running interval is half a million years, and two thousand
    // of them overflow a `Duration`.
    let (first, last) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    let mut inc = Incident::new(
        "INC",
        "c",
        "portal",
        Impact::new(1).unwrap(),
        Urgency::new(1).unwrap(),
        &PriorityMatrix::default(),
        first,
    )
    .unwrap();
    inc.history = (0..4000)
        .map(|i| StateChange {
            from: IncidentState::InProgress,
            to: IncidentState::InProgress,
            at: if i % 2 == 0 { last } else { first },
        })
        .collect();
    let policy = SlaPolicy::with_defaults(london());
    let s = policy.evaluate(&inc, last).unwrap();
    assert!(s.resolution.breached);
    assert_eq!(s.resolution.elapsed_wall, Duration::MAX);
    assert_eq!(s.resolution.elapsed_business, Duration::MAX);
}

#[test]
fn business_time_at_the_ends_of_the_range_is_refused_not_a_crash() {
    use itsm_itil::Error;
    let cal = Calendar::Business(london());
    let (first, last) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    let near_end = last - Duration::days(2);
    for (from, to) in [(first, first + Duration::hours(1)), (near_end, last)] {
        assert!(matches!(
            cal.business_time(from, to),
            Err(Error::OutOfRange { .. })
        ));
    }
    assert!(matches!(
        cal.add_business_time(near_end, Duration::hours(1)),
        Err(Error::OutOfRange { .. })
    ));
    // Walking towards the end from a placeable instant stops at the margin.
    assert!(matches!(
        cal.add_business_time(last - Duration::days(5), Duration::days(30)),
        Err(Error::OutOfRange { .. })
    ));
    // The 24/7 calendar has no local time to place and answers up to the end.
    let all = Calendar::TwentyFourSeven;
    assert_eq!(all.business_time(first, last).unwrap(), last - first);
    assert!(all.add_business_time(near_end, Duration::days(3)).is_err());
}
