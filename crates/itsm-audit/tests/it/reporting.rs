//! Query filters and each suspicious-activity rule at its threshold.

use chrono::{DateTime, Duration, TimeZone, Utc};
use itsm_audit::event::{Action, Actor, AuditEvent, Category, EventType, Outcome};
use itsm_audit::query::{Filter, query};
use itsm_audit::record::Chain;
use itsm_audit::report::{Report, Rules, SuspiciousKind};
use itsm_core::{OrgId, SeededEntropy, UserId};

fn t(min: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap() + Duration::minutes(min) // Thursday 09:00 UTC
}

fn ev(at: DateTime<Utc>, action: Action, outcome: Outcome, user: UserId) -> AuditEvent {
    let mut e = AuditEvent::new(at, "api", EventType::Access, action, outcome, "x");
    e.actor = Actor::user(user);
    e
}

fn users() -> (UserId, UserId, OrgId) {
    let e = SeededEntropy::new(5);
    (
        UserId::generate(&e).unwrap(),
        UserId::generate(&e).unwrap(),
        OrgId::generate(&e).unwrap(),
    )
}

#[test]
fn every_filter() {
    let (alice, bob, org) = users();
    let mut a = ev(t(0), Action::Update, Outcome::Success, alice);
    a.event_type = EventType::Update;
    a.entity_type = Some("ticket".into());
    a.entity_id = Some("INC1".into());
    a.org_id = Some(org);
    let b = ev(t(10), Action::Login, Outcome::Failure, bob);
    let mut chain = Chain::new(None);
    let lines: Vec<String> = [&a, &b]
        .iter()
        .map(|e| chain.seal(e).unwrap().line)
        .collect();
    let run = |f: Filter| -> Vec<u64> {
        query(lines.iter().map(String::as_str), &f)
            .map(|r| r.unwrap().0)
            .collect::<Vec<_>>()
    };
    assert_eq!(run(Filter::default()), [0, 1]);
    assert_eq!(
        run(Filter {
            user_id: Some(bob),
            ..Filter::default()
        }),
        [1]
    );
    assert_eq!(
        run(Filter {
            entity_type: Some("ticket".into()),
            ..Filter::default()
        }),
        [0]
    );
    assert_eq!(
        run(Filter {
            entity_id: Some("INC2".into()),
            ..Filter::default()
        }),
        Vec::<u64>::new()
    );
    assert_eq!(
        run(Filter {
            from: Some(t(10)),
            ..Filter::default()
        }),
        [1],
        "from is inclusive"
    );
    assert_eq!(
        run(Filter {
            to: Some(t(10)),
            ..Filter::default()
        }),
        [0],
        "to is exclusive"
    );
    assert_eq!(
        run(Filter {
            event_type: Some(EventType::Update),
            ..Filter::default()
        }),
        [0]
    );
    assert_eq!(
        run(Filter {
            outcome: Some(Outcome::Failure),
            ..Filter::default()
        }),
        [1]
    );
    assert_eq!(
        run(Filter {
            category: Some(Category::Authentication),
            ..Filter::default()
        }),
        [1]
    );
    assert_eq!(
        run(Filter {
            org_id: Some(org),
            ..Filter::default()
        }),
        [0]
    );
}

fn count(r: &Report, kind: SuspiciousKind) -> usize {
    r.suspicious.iter().filter(|s| s.kind == kind).count()
}

#[test]
fn failed_logins_at_the_threshold_and_window_edge() {
    let (alice, _, _) = users();
    let mut r = Report::new(t(-60), t(1000), Rules::default());
    for i in 0..4 {
        r.add(&ev(t(i), Action::Login, Outcome::Failure, alice));
    }
    assert_eq!(count(&r, SuspiciousKind::RepeatedFailedLogins), 0, "4 of 5");
    r.add(&ev(t(4), Action::Login, Outcome::Failure, alice));
    assert_eq!(
        count(&r, SuspiciousKind::RepeatedFailedLogins),
        1,
        "the fifth fires"
    );
    r.add(&ev(t(5), Action::Login, Outcome::Failure, alice));
    assert_eq!(
        count(&r, SuspiciousKind::RepeatedFailedLogins),
        1,
        "once per burst"
    );
    // Five failures spread so that no 15 minutes hold five: nothing.
    let (_, bob, _) = users();
    let mut spread = Report::new(t(-60), t(1000), Rules::default());
    for i in 0..10 {
        spread.add(&ev(t(i * 4), Action::Login, Outcome::Failure, bob));
    }
    assert_eq!(
        count(&spread, SuspiciousKind::RepeatedFailedLogins),
        0,
        "at most 4 in any 15 minutes"
    );
    assert_eq!(spread.failed_events.len(), 10);
}

#[test]
fn access_denials_exports_privileges_and_hours() {
    let (alice, _, _) = users();
    let mut r = Report::new(t(-600), t(10_000), Rules::default());
    for i in 0..9 {
        r.add(&ev(
            t(0) + Duration::seconds(i * 10),
            Action::AccessDenied,
            Outcome::Failure,
            alice,
        ));
    }
    assert_eq!(count(&r, SuspiciousKind::AccessDenialBurst), 0);
    r.add(&ev(t(2), Action::AccessDenied, Outcome::Failure, alice));
    assert_eq!(
        count(&r, SuspiciousKind::AccessDenialBurst),
        1,
        "the tenth within 5 minutes"
    );
    for i in 0..99 {
        r.add(&ev(
            t(100) + Duration::seconds(i),
            Action::Export,
            Outcome::Success,
            alice,
        ));
    }
    assert_eq!(count(&r, SuspiciousKind::MassExport), 0);
    r.add(&ev(t(101), Action::Download, Outcome::Success, alice));
    assert_eq!(count(&r, SuspiciousKind::MassExport), 1);
    r.add(&ev(t(200), Action::RoleAssignment, Outcome::Success, alice));
    assert_eq!(count(&r, SuspiciousKind::PrivilegeChange), 1);
    assert_eq!(
        count(&r, SuspiciousKind::AdminOutsideHours),
        0,
        "12:20 on a Thursday"
    );
    // 17:59 is inside working hours, 18:00 outside; Saturday always outside.
    r.add(&ev(
        Utc.with_ymd_and_hms(2026, 12, 3, 17, 59, 0).unwrap(),
        Action::ConfigurationChange,
        Outcome::Success,
        alice,
    ));
    assert_eq!(count(&r, SuspiciousKind::AdminOutsideHours), 0);
    r.add(&ev(
        Utc.with_ymd_and_hms(2026, 12, 3, 18, 0, 0).unwrap(),
        Action::ConfigurationChange,
        Outcome::Success,
        alice,
    ));
    assert_eq!(count(&r, SuspiciousKind::AdminOutsideHours), 1);
    r.add(&ev(
        Utc.with_ymd_and_hms(2026, 12, 5, 12, 0, 0).unwrap(),
        Action::PolicyChange,
        Outcome::Success,
        alice,
    ));
    assert_eq!(count(&r, SuspiciousKind::AdminOutsideHours), 2);
    // Totals.
    assert_eq!(r.total, 9 + 1 + 99 + 1 + 1 + 3);
    assert_eq!(r.by_category[&Category::Authorization], 11);
    assert_eq!(r.by_user[&alice.to_string()], r.total);
    // Outside the period: ignored.
    r.add(&ev(t(20_000), Action::Login, Outcome::Failure, alice));
    assert_eq!(r.total, 114);
}

#[test]
fn query_reader_streams_a_file_and_refuses_a_line_that_is_not_a_record() {
    use itsm_audit::event::{Action, AuditEvent, EventType, Outcome};
    use itsm_audit::query::{Filter, query_reader};
    use itsm_audit::record::Chain;

    let at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, 3, 9, 0, 0).unwrap();
    let mut chain = Chain::new(None);
    let mut file = String::new();
    for i in 0..20 {
        let mut e = AuditEvent::new(
            at,
            "api",
            EventType::Update,
            Action::Update,
            Outcome::Success,
            "edit",
        );
        e.entity_id = Some(format!("INC{}", i % 4));
        file.push_str(&chain.seal(&e).unwrap().line);
        file.push('\n');
    }
    let filter = Filter {
        entity_id: Some("INC3".into()),
        ..Filter::default()
    };
    let mut seqs = Vec::new();
    query_reader(file.as_bytes(), &filter, |seq, e| {
        assert_eq!(e.entity_id.as_deref(), Some("INC3"));
        seqs.push(seq);
        Ok(())
    })
    .unwrap();
    assert_eq!(seqs, [3, 7, 11, 15, 19]);
    file.push_str("{\"not\":\"a record\"}\n");
    assert_eq!(
        query_reader(file.as_bytes(), &filter, |_, _| Ok(())),
        Err(itsm_audit::Error::Serialize)
    );
}
