//! `itsm-dr`: checking a plan of 10,000 services, each depending on up to
//! three others, protected by a mix of backups and replicas, with three
//! runbooks that restore every service.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use itsm::dr::model::{Location, Mechanism, Protection, Service, Tier};
use itsm::dr::plan::DrPlan;
use itsm::dr::span::Loss;

fn plan(n: usize) -> DrPlan {
    let mut plan = DrPlan::seed();
    plan.mechanisms.push(Mechanism {
        id: "replica".into(),
        protection: Protection::Replication {
            lag: Loss::from_seconds(30),
            location: Location::SeparateDataCentre,
        },
    });
    let tiers = [Tier::Critical, Tier::Important, Tier::Standard];
    plan.services = (0..n)
        .map(|i| {
            let mut s = Service::new(&format!("svc-{i:05}"), "service", tiers[i % 3], "ops");
            // Up to three dependencies on earlier services: acyclic, as real plans should be.
            s.depends_on = [i / 2, i / 3, i.saturating_sub(7)]
                .into_iter()
                .filter(|d| *d < i)
                .map(|d| format!("svc-{d:05}"))
                .collect();
            s.depends_on.dedup();
            s.protected_by = if i % 4 == 0 {
                vec!["database".into(), "replica".into()]
            } else {
                vec!["database".into()]
            };
            s
        })
        .collect();
    let all: Vec<String> = plan.services.iter().map(|s| s.id.clone()).collect();
    for r in &mut plan.runbooks {
        r.restores.clone_from(&all);
    }
    plan
}

fn check(c: &mut Criterion) {
    let p = plan(10_000);
    let findings = p.check().unwrap();
    println!(
        "FINDINGS 10000 services, {} dependencies: {} findings",
        p.services.iter().map(|s| s.depends_on.len()).sum::<usize>(),
        findings.len()
    );
    let mut g = c.benchmark_group("dr_check");
    g.throughput(Throughput::Elements(10_000));
    g.sample_size(20);
    g.bench_function("10000_services", |b| {
        b.iter(|| black_box(&p).check().unwrap().len());
    });
    g.finish();
}

criterion_group!(benches, check);
criterion_main!(benches);
