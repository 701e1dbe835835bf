//! `itsm-itil`: SLA business time over 30 days against a minute-stepping
//! reference written here, and incident KPIs over 100,000 and 1,000,000
//! synthetic incidents (time should grow linearly).

use std::hint::black_box;
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use criterion::{Criterion, criterion_group, criterion_main};
use itsm::itil::calendar::{BusinessCalendar, Calendar};
use itsm::itil::incident::{Impact, Incident, IncidentState, PriorityMatrix, Urgency};
use itsm::itil::kpi::incident_kpis;
use itsm::itil::sla::SlaPolicy;

mod common;

fn holidays() -> Vec<NaiveDate> {
    vec![
        NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(),
        NaiveDate::from_ymd_opt(2026, 12, 26).unwrap(),
    ]
}

/// The reference: step minute by minute and ask whether each is a working
/// minute (Monday to Friday, 09:00-12:00 and 13:00-17:00 Berlin time, not a
/// holiday).
fn minute_stepping(from: DateTime<Utc>, to: DateTime<Utc>, holidays: &[NaiveDate]) -> Duration {
    let tz: Tz = "Europe/Berlin".parse().unwrap();
    let mut t = from;
    let mut minutes = 0i64;
    while t < to {
        let local = t.with_timezone(&tz);
        let working_day = !matches!(local.weekday(), Weekday::Sat | Weekday::Sun)
            && !holidays.contains(&local.date_naive());
        let h = local.hour();
        if working_day && ((9..12).contains(&h) || (13..17).contains(&h)) {
            minutes += 1;
        }
        t += Duration::minutes(1);
    }
    Duration::minutes(minutes)
}

fn sla_business_time(c: &mut Criterion) {
    let cal = Calendar::Business(
        BusinessCalendar::office_hours("Europe/Berlin")
            .unwrap()
            .with_holidays(holidays()),
    );
    let from = Utc.with_ymd_and_hms(2026, 12, 3, 7, 13, 0).unwrap();
    let to = from + Duration::days(30);
    let hol = holidays();
    let ours = || cal.business_time(black_box(from), black_box(to)).unwrap();
    let reference = || minute_stepping(black_box(from), black_box(to), &hol);
    assert_eq!(ours(), reference(), "both count the same business time");
    let mut g = c.benchmark_group("sla_business_time_30_days");
    g.bench_function("itsm_calendar", |b| b.iter(ours));
    g.sample_size(10);
    g.bench_function("minute_stepping_reference", |b| b.iter(reference));
    g.finish();
    let ratio = common::report_ratio(
        "sla_business_time_30_days",
        "<= 0.01 (at least 100x faster)",
        ours,
        reference,
    );
    println!("SPEEDUP sla_business_time_30_days: {:.0}x", 1.0 / ratio);
}

fn synthetic(n: usize) -> Vec<Incident> {
    let matrix = PriorityMatrix::default();
    let t0 = Utc.with_ymd_and_hms(2026, 11, 2, 8, 0, 0).unwrap();
    (0..n)
        .map(|k| {
            let opened = t0 + Duration::minutes(i64::try_from(k % 20_000).unwrap());
            let impact = Impact::new(u8::try_from(k % 3 + 1).unwrap()).unwrap();
            let urgency = Urgency::new(u8::try_from(k / 3 % 3 + 1).unwrap()).unwrap();
            let mut inc = Incident::new(
                format!("INC{k:07}"),
                "caller",
                "portal",
                impact,
                urgency,
                &matrix,
                opened,
            )
            .unwrap();
            let step = |m: i64| opened + Duration::minutes(m);
            match k % 5 {
                0 => inc.transition(IncidentState::Resolved, step(8)).unwrap(),
                1 => {
                    inc.transition(IncidentState::InProgress, step(12)).unwrap();
                    inc.transition(IncidentState::Resolved, step(95)).unwrap();
                }
                2 => {
                    inc.transition(IncidentState::InProgress, step(30)).unwrap();
                    inc.transition(IncidentState::OnHold, step(60)).unwrap();
                    inc.transition(IncidentState::InProgress, step(300))
                        .unwrap();
                    inc.transition(IncidentState::Resolved, step(420)).unwrap();
                }
                3 => inc.transition(IncidentState::InProgress, step(5)).unwrap(),
                _ => inc.transition(IncidentState::Canceled, step(2)).unwrap(),
            }
            inc.csat = (k % 7 == 0).then_some(4);
            inc
        })
        .collect()
}

fn kpis(c: &mut Criterion) {
    let policy = SlaPolicy::with_defaults(BusinessCalendar::office_hours("Europe/Berlin").unwrap());
    let now = Utc.with_ymd_and_hms(2026, 12, 3, 12, 0, 0).unwrap();
    let small = synthetic(100_000);
    let large = synthetic(1_000_000);
    let mut g = c.benchmark_group("incident_kpis");
    g.sample_size(10)
        .measurement_time(StdDuration::from_secs(20));
    g.bench_function("100k", |b| {
        b.iter(|| incident_kpis(black_box(&small), &policy, now).unwrap());
    });
    g.bench_function("1m", |b| {
        b.iter(|| incident_kpis(black_box(&large), &policy, now).unwrap());
    });
    g.finish();
    // Growth from 100k to 1M, medians of 5 alternating runs.
    let (mut small_runs, mut large_runs) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let start = Instant::now();
        black_box(incident_kpis(&small, &policy, now).unwrap());
        small_runs.push(start.elapsed().as_secs_f64());
        let start = Instant::now();
        black_box(incident_kpis(&large, &policy, now).unwrap());
        large_runs.push(start.elapsed().as_secs_f64());
    }
    small_runs.sort_by(f64::total_cmp);
    large_runs.sort_by(f64::total_cmp);
    let (small_median, large_median) = (small_runs[2], large_runs[2]);
    println!(
        "GROWTH incident_kpis 100k -> 1m: {:.2}x ({:.1} ms -> {:.1} ms; target <= 11x)",
        large_median / small_median,
        small_median * 1e3,
        large_median * 1e3
    );
}

criterion_group!(benches, sla_business_time, kpis);
criterion_main!(benches);
