//! `itsm-risk`: assessing 100,000 risk scenarios on the seed matrix and
//! summarising the register. No peer crate does this; absolute figures.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use itsm::chrono::{Duration as Span, TimeZone, Utc};
use itsm::core::Classification;
use itsm::risk::RiskMatrix;
use itsm::risk::assessment::{Impact, Likelihood};
use itsm::risk::register::{
    Asset, Rating, RegisterId, RiskRegister, RiskScenario, Threat, TreatmentOption, Vulnerability,
};

const N: usize = 100_000;

fn scenarios() -> Vec<RiskScenario> {
    let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let id = |s: String| RegisterId::new(s).unwrap();
    let r = |l: usize, i: usize| {
        Rating::new(
            Likelihood::new(u8::try_from(l % 5 + 1).unwrap()).unwrap(),
            Impact::new(u8::try_from(i % 5 + 1).unwrap()).unwrap(),
        )
    };
    (0..N)
        .map(|n| {
            let mut s = RiskScenario::new(
                id(format!("RSK-{n:06}")),
                id(format!("AST-{}", n % 100)),
                id(format!("THR-{}", n % 20)),
                id(format!("VUL-{}", n % 50)),
                "owner",
                t0,
                r(n, n / 5),
                t0 + Span::days(i64::try_from(n % 365).unwrap()),
            );
            s.residual = (n % 3 != 0).then(|| r(n / 7, n / 11));
            s.treatment = [
                TreatmentOption::Mitigate,
                TreatmentOption::Accept,
                TreatmentOption::Transfer,
                TreatmentOption::Avoid,
            ][n % 4];
            s
        })
        .collect()
}

fn build(scenarios: &[RiskScenario]) -> RiskRegister {
    let mut reg = RiskRegister::new(RiskMatrix::seed());
    for a in 0..100 {
        reg.add_asset(Asset::new(
            RegisterId::new(format!("AST-{a}")).unwrap(),
            "asset",
            "owner",
            Classification::Internal,
        ))
        .unwrap();
    }
    for t in 0..20 {
        reg.add_threat(Threat::new(
            RegisterId::new(format!("THR-{t}")).unwrap(),
            "threat",
        ))
        .unwrap();
    }
    for v in 0..50 {
        reg.add_vulnerability(Vulnerability::new(
            RegisterId::new(format!("VUL-{v}")).unwrap(),
            "vulnerability",
        ))
        .unwrap();
    }
    for s in scenarios {
        reg.add_risk(s.clone()).unwrap();
    }
    reg
}

fn register_100k(c: &mut Criterion) {
    let scenarios = scenarios();
    let reg = build(&scenarios);
    let matrix = RiskMatrix::seed();
    let mut g = c.benchmark_group("risk_register_100k");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("assess_all_scenarios", |b| {
        b.iter(|| {
            let mut critical = 0usize;
            for s in reg.risks() {
                let a = matrix
                    .assess(s.inherent.likelihood, s.inherent.impact)
                    .unwrap();
                critical += usize::from(a.level == itsm::risk::RiskLevel::Critical);
            }
            black_box(critical)
        });
    });
    g.bench_function("summary", |b| b.iter(|| black_box(reg.summary().unwrap())));
    g.bench_function("heat_map", |b| b.iter(|| black_box(reg.heat_map())));
    g.bench_function("findings_at_now", |b| {
        let now = Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).unwrap();
        b.iter(|| black_box(reg.findings(now).unwrap().len()));
    });
    g.bench_function("build_register", |b| {
        b.iter(|| black_box(build(&scenarios)));
    });
    g.finish();
}

criterion_group!(benches, register_100k);
criterion_main!(benches);
