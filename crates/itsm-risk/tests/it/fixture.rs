use chrono::{DateTime, Duration, TimeZone, Utc};
use itsm_core::Classification;
use itsm_risk::assessment::{Impact, Likelihood, RiskMatrix};
use itsm_risk::register::{
    Asset, Rating, RegisterId, RiskRegister, RiskScenario, Threat, TreatmentOption, Vulnerability,
};

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

pub fn id(s: &str) -> RegisterId {
    RegisterId::new(s).unwrap()
}

pub fn rating(l: u8, i: u8) -> Rating {
    Rating::new(Likelihood::new(l).unwrap(), Impact::new(i).unwrap())
}

/// Five risks on the seed matrix:
///
/// | risk | inherent | residual | treatment | review |
/// |---|---|---|---|---|
/// | R1 | 5x5 critical | 2x3 low | mitigate (A.8.13, A.8.7) | in 30 days |
/// | R2 | 4x4 high | 2x2 minimal | mitigate (A.5.15) | 10 days ago |
/// | R3 | 3x4 medium | none | accept | in 60 days |
/// | R4 | 1x5 low | 1x5 low | transfer | in 90 days |
/// | R5 | 2x2 minimal | 3x3 low | mitigate (A.8.13) | 1 day ago |
pub fn register() -> RiskRegister {
    let mut r = RiskRegister::new(RiskMatrix::seed());
    r.add_asset(Asset::new(
        id("AST-1"),
        "ticket database",
        "dba team",
        Classification::Confidential,
    ))
    .unwrap();
    r.add_asset(Asset::new(
        id("AST-2"),
        "service portal",
        "web team",
        Classification::Internal,
    ))
    .unwrap();
    r.add_threat(Threat::new(id("THR-1"), "ransomware"))
        .unwrap();
    r.add_threat(Threat::new(id("THR-2"), "credential stuffing"))
        .unwrap();
    r.add_vulnerability(Vulnerability::new(id("VUL-1"), "backups online"))
        .unwrap();
    r.add_vulnerability(Vulnerability::new(id("VUL-2"), "no MFA on the portal"))
        .unwrap();
    let rows = [
        (
            "R1",
            "AST-1",
            "THR-1",
            "VUL-1",
            (5, 5),
            Some((2, 3)),
            TreatmentOption::Mitigate,
            vec!["A.8.13", "A.8.7"],
            30,
        ),
        (
            "R2",
            "AST-2",
            "THR-2",
            "VUL-2",
            (4, 4),
            Some((2, 2)),
            TreatmentOption::Mitigate,
            vec!["A.5.15"],
            -10,
        ),
        (
            "R3",
            "AST-2",
            "THR-1",
            "VUL-2",
            (3, 4),
            None,
            TreatmentOption::Accept,
            vec![],
            60,
        ),
        (
            "R4",
            "AST-1",
            "THR-2",
            "VUL-1",
            (1, 5),
            Some((1, 5)),
            TreatmentOption::Transfer,
            vec![],
            90,
        ),
        (
            "R5",
            "AST-1",
            "THR-1",
            "VUL-2",
            (2, 2),
            Some((3, 3)),
            TreatmentOption::Mitigate,
            vec!["A.8.13"],
            -1,
        ),
    ];
    for (rid, asset, threat, vuln, inh, res, treatment, controls, review_days) in rows {
        let mut s = RiskScenario::new(
            id(rid),
            id(asset),
            id(threat),
            id(vuln),
            "ciso",
            t0(),
            rating(inh.0, inh.1),
            t0() + Duration::days(review_days),
        );
        s.residual = res.map(|(l, i)| rating(l, i));
        s.treatment = treatment;
        s.controls = controls.iter().map(|c| c.parse().unwrap()).collect();
        r.add_risk(s).unwrap();
    }
    r
}
