use chrono::Duration;
use itsm_risk::Error;
use itsm_risk::assessment::{RiskLevel, RiskMatrix};
use itsm_risk::register::{RegisterFinding, RiskRegister, RiskScenario, TreatmentOption};

use crate::fixture::{id, rating, register, t0};

#[test]
fn summary_counts_by_level_and_treatment() {
    let s = register().summary().unwrap();
    assert_eq!(s.risks, 5);
    let inherent: Vec<usize> = RiskLevel::ALL
        .iter()
        .map(|l| s.inherent_by_level[l])
        .collect();
    assert_eq!(
        inherent,
        [1, 1, 1, 1, 1],
        "minimal, low, medium, high, critical"
    );
    let residual: Vec<usize> = RiskLevel::ALL
        .iter()
        .map(|l| s.residual_by_level[l])
        .collect();
    assert_eq!(residual, [1, 3, 0, 0, 0]);
    assert_eq!(s.by_treatment[&TreatmentOption::Mitigate], 3);
    assert_eq!(s.by_treatment[&TreatmentOption::Accept], 1);
    assert_eq!(s.by_treatment[&TreatmentOption::Transfer], 1);
    assert_eq!(s.by_treatment[&TreatmentOption::Avoid], 0);
}

#[test]
fn heat_map_has_the_matrix_dimensions() {
    let h = register().heat_map();
    assert_eq!((h.inherent.len(), h.inherent[0].len()), (5, 5));
    assert_eq!(h.likelihood[4], "almost certain");
    assert_eq!(h.inherent[4][4], 1, "R1 at 5x5");
    assert_eq!(h.inherent[0][4], 1, "R4 at 1x5");
    assert_eq!(h.inherent.iter().flatten().sum::<u32>(), 5);
    assert_eq!(
        h.residual.iter().flatten().sum::<u32>(),
        4,
        "R3 has no residual"
    );
    assert_eq!(h.residual[2][2], 1, "R5 residual at 3x3");
}

#[test]
fn findings_residual_above_inherent_and_overdue_reviews() {
    let f = register().findings(t0()).unwrap();
    assert_eq!(
        f,
        [
            RegisterFinding::ResidualAboveInherent { risk: id("R5") },
            RegisterFinding::ReviewOverdue {
                risk: id("R2"),
                due: t0() - Duration::days(10)
            },
            RegisterFinding::ReviewOverdue {
                risk: id("R5"),
                due: t0() - Duration::days(1)
            },
        ]
    );
    // Exactly at a review date it is due; a second before it is not.
    let r = register();
    assert_eq!(r.overdue_reviews(t0() + Duration::days(30)).len(), 3);
    assert_eq!(
        r.overdue_reviews(t0() + Duration::days(30) - Duration::seconds(1))
            .len(),
        2
    );
}

#[test]
fn approval_and_acceptance_are_recorded_separately_with_the_risk_state() {
    let mut r = register();
    r.approve_plan(&id("R1"), "ciso", t0() + Duration::days(1))
        .unwrap();
    let risk = r.risks().iter().find(|x| x.id == id("R1")).unwrap();
    let approval = risk.plan_approval.clone().unwrap();
    assert_eq!(approval.snapshot.inherent.level, RiskLevel::Critical);
    assert_eq!(approval.snapshot.residual.unwrap().level, RiskLevel::Low);
    assert!(
        risk.residual_acceptance.is_none(),
        "approving the plan is not accepting the residual risk"
    );
    r.accept_residual(&id("R1"), "cfo", t0() + Duration::days(40))
        .unwrap();
    let risk = r.risks().iter().find(|x| x.id == id("R1")).unwrap();
    let acceptance = risk.residual_acceptance.clone().unwrap();
    assert_eq!(
        (acceptance.by.as_str(), acceptance.at),
        ("cfo", t0() + Duration::days(40))
    );
    assert_eq!(risk.plan_approval.as_ref().unwrap().by, "ciso");
    assert!(r.approve_plan(&id("R9"), "ciso", t0()).is_err());
}

#[test]
fn register_round_trips_and_refuses_bad_documents() {
    let r = register();
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(
        serde_json::from_value::<RiskRegister>(json.clone()).unwrap(),
        r
    );

    let corrupt = |pointer: &str, value: serde_json::Value| {
        let mut doc = json.clone();
        *doc.pointer_mut(pointer).unwrap() = value;
        serde_json::from_value::<RiskRegister>(doc)
    };
    assert!(
        corrupt("/risks/0/inherent/likelihood", 6.into()).is_err(),
        "6 does not fit the 5x5 matrix"
    );
    assert!(corrupt("/risks/0/inherent/likelihood", 0.into()).is_err());
    assert!(corrupt("/risks/0/asset", "AST-9".into()).is_err());
    assert!(corrupt("/risks/1/id", "R1".into()).is_err(), "duplicate id");
    assert!(corrupt("/risks/0/controls/0", "A.12.3.1".into()).is_err());
    assert!(corrupt("/assets/0/classification", "top_secret".into()).is_err());
    let mut extra = json.clone();
    extra["risks"][0]["colour"] = "red".into();
    assert!(serde_json::from_value::<RiskRegister>(extra).is_err());
}

#[test]
fn ratings_must_fit_the_matrix_in_code_too() {
    let mut r = RiskRegister::new(RiskMatrix::seed());
    r.add_asset(itsm_risk::register::Asset::new(
        id("A"),
        "a",
        "o",
        itsm_core::Classification::Public,
    ))
    .unwrap();
    r.add_threat(itsm_risk::register::Threat::new(id("T"), "t"))
        .unwrap();
    r.add_vulnerability(itsm_risk::register::Vulnerability::new(id("V"), "v"))
        .unwrap();
    let s = RiskScenario::new(
        id("R"),
        id("A"),
        id("T"),
        id("V"),
        "o",
        t0(),
        rating(6, 1),
        t0(),
    );
    assert_eq!(
        r.add_risk(s),
        Err(Error::Rating {
            axis: "likelihood",
            value: 6,
            max: 5
        })
    );
}
