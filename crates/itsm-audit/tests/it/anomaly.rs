//! The statistical anomaly detector: a spike is flagged, a steady rate is
//! not, each at its boundary.

use std::net::{IpAddr, Ipv4Addr};

use chrono::{DateTime, Duration, TimeZone, Utc};
use itsm_audit::Error;
use itsm_audit::anomaly::{
    AnomalyAlert, AnomalyConfig, AnomalyConfigFields, AnomalyDetector, Subject, detect,
};
use itsm_audit::event::{Action, Actor, AuditEvent, EventType, Outcome};
use itsm_core::{SeededEntropy, UserId};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap()
}

fn user(seed: u64) -> UserId {
    UserId::generate(&SeededEntropy::new(seed)).unwrap()
}

fn ev(at: DateTime<Utc>, action: Action, who: UserId) -> AuditEvent {
    let mut e = AuditEvent::new(at, "api", EventType::Access, action, Outcome::Success, "x");
    e.actor = Actor::user(who);
    e
}

/// Config with every bucket able to alert (`min_count` 1), so the statistics
/// alone decide.
fn stats_only() -> AnomalyConfig {
    AnomalyConfig::new(AnomalyConfigFields {
        min_count: 1,
        ..AnomalyConfig::default().fields()
    })
    .unwrap()
}

/// `counts[h]` events in hour `h`, spread over the hour.
fn hourly(counts: &[u32], action: Action, who: UserId) -> Vec<AuditEvent> {
    let mut out = Vec::new();
    for (h, &n) in counts.iter().enumerate() {
        for i in 0..n {
            let at =
                t0() + Duration::hours(i64::try_from(h).unwrap()) + Duration::seconds(i64::from(i));
            out.push(ev(at, action, who));
        }
    }
    out
}

fn alerts(events: &[AuditEvent], config: AnomalyConfig) -> Vec<AnomalyAlert> {
    detect(events, config).unwrap()
}

#[test]
fn a_steady_rate_is_never_flagged() {
    let u = user(1);
    // Flat, and alternating around the same mean, for three days.
    assert!(alerts(&hourly(&[5; 72], Action::View, u), stats_only()).is_empty());
    let alternating: Vec<u32> = (0..72).map(|h| if h % 2 == 0 { 3 } else { 7 }).collect();
    assert!(alerts(&hourly(&alternating, Action::View, u), stats_only()).is_empty());
    assert!(
        alerts(
            &hourly(&[200; 72], Action::View, u),
            AnomalyConfig::default()
        )
        .is_empty()
    );
}

#[test]
fn a_spike_is_flagged_once_at_exactly_mean_plus_three_sigma() {
    let u = user(1);
    // Baseline 4 an hour: mean 4, standard deviation 0, sigma = sqrt(4) = 2,
    // so 4 + 3 x 2 = 10 events flag the bucket and 9 do not.
    let mut counts = vec![4; 24];
    counts.push(9);
    assert!(alerts(&hourly(&counts, Action::Export, u), stats_only()).is_empty());
    counts.pop();
    counts.push(30);
    let found = alerts(&hourly(&counts, Action::Export, u), stats_only());
    assert_eq!(found.len(), 1, "once per bucket");
    let a = &found[0];
    assert_eq!(a.count, 10);
    assert_eq!(
        (a.baseline_mean, a.baseline_sigma, a.z_score),
        (4.0, 2.0, 3.0)
    );
    assert_eq!(a.baseline_buckets, 24);
    assert_eq!(a.subject, Subject::User(u));
    assert_eq!(a.action, Action::Export);
    assert_eq!(a.bucket_start, t0() + Duration::hours(24));
    assert_eq!(a.bucket_end, t0() + Duration::hours(25));
    let text = a.to_string();
    assert!(
        text.contains("10 times") && text.contains("baseline of 4.0") && text.contains("z = 3.0"),
        "{text}"
    );
}

#[test]
fn the_minimum_count_and_the_warm_up_hold_back_small_numbers() {
    let u = user(1);
    // Baseline 0 an hour: sigma 1, so 3 events reach z = 3, but the default
    // asks for 10 events in the bucket.
    let mut counts = vec![0; 24];
    counts[0] = 1;
    counts.push(9);
    assert!(
        alerts(
            &hourly(&counts, Action::Delete, u),
            AnomalyConfig::default()
        )
        .is_empty()
    );
    counts.pop();
    counts.push(10);
    assert_eq!(
        alerts(
            &hourly(&counts, Action::Delete, u),
            AnomalyConfig::default()
        )
        .len(),
        1
    );
    // With only 23 hours of history nothing is flagged, however large.
    let mut short = vec![1; 23];
    short.push(1_000);
    assert!(alerts(&hourly(&short, Action::Delete, u), AnomalyConfig::default()).is_empty());
}

#[test]
fn baselines_are_per_subject_and_per_action() {
    let (alice, bob) = (user(1), user(2));
    let mut events = hourly(&[2; 24], Action::Login, alice);
    events.extend(hourly(&[2; 24], Action::Login, bob));
    events.extend(hourly(&[2; 24], Action::Export, alice));
    // Hour 24: alice's exports spike; her logins and bob's stay at 2.
    let spike = t0() + Duration::hours(24);
    events.extend((0..2).map(|i| ev(spike + Duration::seconds(i), Action::Login, alice)));
    events.extend((0..2).map(|i| ev(spike + Duration::seconds(i), Action::Login, bob)));
    events.extend((0..50).map(|i| ev(spike + Duration::seconds(i), Action::Export, alice)));
    events.sort_by_key(|e| e.timestamp);
    let found = alerts(&events, AnomalyConfig::default());
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].subject, found[0].action),
        (Subject::User(alice), Action::Export)
    );
}

#[test]
fn quiet_hours_count_as_zeros_and_addresses_stand_in_for_missing_users() {
    // One login an hour from an address, then silence for 10 hours, then 10.
    let ip = IpAddr::V4(Ipv4Addr::new(203, 0, 113, 9));
    let at = |h: i64, s: i64| {
        let mut e = AuditEvent::new(
            t0() + Duration::hours(h) + Duration::seconds(s),
            "api",
            EventType::Access,
            Action::Login,
            Outcome::Failure,
            "x",
        );
        e.actor.ip = Some(ip);
        e
    };
    let mut events: Vec<AuditEvent> = (0..14).map(|h| at(h, 0)).collect();
    events.extend((0..10).map(|s| at(24, s)));
    let found = alerts(&events, AnomalyConfig::default());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].subject, Subject::Ip(ip));
    // 14 hours with one event and 10 with none: mean 14/24.
    assert!((found[0].baseline_mean - 14.0 / 24.0).abs() < 1e-12);
}

#[test]
fn out_of_order_events_are_an_error_and_idle_series_are_pruned() {
    let u = user(1);
    let mut d = AnomalyDetector::new(AnomalyConfig::default());
    d.observe(&ev(t0() + Duration::hours(5), Action::View, u))
        .unwrap();
    // The same bucket, earlier within it, is fine; an earlier bucket is not.
    d.observe(&ev(
        t0() + Duration::hours(5) - Duration::minutes(0),
        Action::View,
        u,
    ))
    .unwrap();
    assert!(matches!(
        d.observe(&ev(t0() + Duration::hours(4), Action::View, u)),
        Err(Error::OutOfOrder { .. })
    ));
    d.observe(&ev(t0(), Action::Login, u)).unwrap();
    assert_eq!(d.len(), 2);
    assert_eq!(d.prune(t0() + Duration::hours(24)), 0);
    assert_eq!(d.prune(t0() + Duration::hours(25)), 1);
    assert_eq!(d.prune(t0() + Duration::hours(30)), 1);
    assert!(d.is_empty());
}

#[test]
fn configurations_are_checked_in_code_and_json() {
    let base = AnomalyConfig::default().fields();
    let bad = [
        AnomalyConfigFields {
            bucket_minutes: 0,
            ..base
        },
        AnomalyConfigFields {
            bucket_minutes: 1441,
            ..base
        },
        AnomalyConfigFields {
            window_buckets: 1,
            ..base
        },
        AnomalyConfigFields {
            min_history_buckets: 25,
            ..base
        },
        AnomalyConfigFields {
            z_threshold: 0.0,
            ..base
        },
        AnomalyConfigFields {
            z_threshold: f64::NAN,
            ..base
        },
        AnomalyConfigFields {
            z_threshold: f64::INFINITY,
            ..base
        },
        AnomalyConfigFields {
            min_count: 0,
            ..base
        },
    ];
    for f in bad {
        assert!(
            matches!(AnomalyConfig::new(f), Err(Error::Config { .. })),
            "{f:?}"
        );
    }
    let json = serde_json::to_string(&AnomalyConfig::default()).unwrap();
    assert_eq!(
        serde_json::from_str::<AnomalyConfig>(&json).unwrap(),
        AnomalyConfig::default()
    );
    assert!(
        serde_json::from_str::<AnomalyConfig>(&json.replace("\"min_count\":10", "\"min_count\":0"))
            .is_err()
    );
    assert!(serde_json::from_str::<AnomalyConfig>(&json.replace("min_count", "minimum")).is_err());
    // Alerts serialise for routing.
    let mut counts = vec![4; 24];
    counts.push(10);
    let a = &alerts(&hourly(&counts, Action::Export, user(1)), stats_only())[0];
    let back: AnomalyAlert = serde_json::from_str(&serde_json::to_string(a).unwrap()).unwrap();
    assert_eq!(&back, a);
}
