//! `itsm-nist`: computing the CSF 2.0 report (roll-ups per category, function
//! and overall) for 10,000 assessments. No peer crate; absolute figures.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use itsm::chrono::{TimeZone, Utc};
use itsm::core::ImplementationStatus;
use itsm::nist::assessment::{Assessment, SubcategoryAssessment};
use itsm::nist::catalog::Csf2Id;
use itsm::nist::profile::Tier;

fn assessments(n: usize) -> Vec<Assessment<Csf2Id>> {
    let at = Utc.with_ymd_and_hms(2026, 12, 3, 0, 0, 0).unwrap();
    (0..n)
        .map(|k| {
            let mut a = Assessment::new(at, Tier::RiskInformed);
            for (i, id) in Csf2Id::all().enumerate() {
                let status = ImplementationStatus::ALL[(i + k) % ImplementationStatus::ALL.len()];
                a.set(id, SubcategoryAssessment::new(status));
            }
            a
        })
        .collect()
}

fn reports(c: &mut Criterion) {
    let all = assessments(10_000);
    let mut g = c.benchmark_group("nist");
    g.sample_size(10);
    g.bench_function("report_10k_assessments", |b| {
        b.iter(|| {
            all.iter()
                .map(|a| black_box(a.report()).rollup.implemented)
                .sum::<usize>()
        });
    });
    g.bench_function("report_one_assessment", |b| {
        b.iter(|| black_box(all[0].report()));
    });
    g.finish();
}

criterion_group!(benches, reports);
criterion_main!(benches);
