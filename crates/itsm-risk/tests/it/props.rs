//! Properties over generated inputs: ratings are accepted exactly in range,
//! in code and in JSON; any register built from valid scenarios round-trips
//! through JSON, and its summaries and heat map count every risk once.

use chrono::{Duration, TimeZone, Utc};
use itsm_core::Classification;
use itsm_risk::RiskMatrix;
use itsm_risk::assessment::{Impact, Likelihood, RiskLevel};
use itsm_risk::catalog::ControlId;
use itsm_risk::register::{
    Asset, Rating, RegisterId, RiskRegister, RiskScenario, Threat, Vulnerability,
};
use proptest::prelude::*;

proptest! {
    #[test]
    fn ratings_in_range_only(v in any::<u8>()) {
        prop_assert_eq!(Likelihood::new(v).is_ok(), (1..=6).contains(&v));
        prop_assert_eq!(Impact::new(v).is_ok(), (1..=6).contains(&v));
        prop_assert_eq!(serde_json::from_str::<Likelihood>(&v.to_string()).is_ok(), (1..=6).contains(&v));
        let seed = RiskMatrix::seed();
        if let (Ok(l), Ok(i)) = (Likelihood::new(v), Impact::new(1)) {
            // The seed's matrix is 5x5: a 6 is refused by it.
            let a = seed.assess(l, i);
            prop_assert_eq!(a.is_ok(), v <= 5);
            if let Ok(a) = a {
                prop_assert_eq!(a.level, RiskLevel::from_seed_score(a.score));
            }
        }
    }

    #[test]
    fn ids_and_control_ids_of_any_text(s in any::<String>()) {
        let _ = RegisterId::new(s.clone());
        if let Ok(c) = s.parse::<ControlId>() {
            prop_assert_eq!(c.as_str(), s.as_str());
        }
        let _ = serde_json::from_str::<RiskRegister>(&s);
    }

    #[test]
    fn registers_round_trip_and_count_every_risk_once(
        ratings in prop::collection::vec((1u8..=5, 1u8..=5, prop::option::of((1u8..=5, 1u8..=5))), 1..40),
    ) {
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
        let id = |s: String| RegisterId::new(s).unwrap();
        let mut reg = RiskRegister::new(RiskMatrix::seed());
        reg.add_asset(Asset::new(id("AST-1".into()), "db", "owner", Classification::Confidential)).unwrap();
        reg.add_threat(Threat::new(id("THR-1".into()), "t")).unwrap();
        reg.add_vulnerability(Vulnerability::new(id("VUL-1".into()), "v")).unwrap();
        let rating = |l, i| Rating::new(Likelihood::new(l).unwrap(), Impact::new(i).unwrap());
        for (n, (l, i, residual)) in ratings.iter().enumerate() {
            let mut r = RiskScenario::new(
                id(format!("RSK-{n}")), id("AST-1".into()), id("THR-1".into()), id("VUL-1".into()),
                "owner", now, rating(*l, *i), now + Duration::days(30),
            );
            r.residual = residual.map(|(l, i)| rating(l, i));
            reg.add_risk(r).unwrap();
        }
        let back: RiskRegister = serde_json::from_str(&serde_json::to_string(&reg).unwrap()).unwrap();
        prop_assert_eq!(&back, &reg);
        let summary = reg.summary().unwrap();
        prop_assert_eq!(summary.inherent_by_level.values().sum::<usize>(), ratings.len());
        prop_assert_eq!(summary.residual_by_level.values().sum::<usize>(), ratings.iter().filter(|r| r.2.is_some()).count());
        let heat = reg.heat_map();
        let total: u32 = heat.inherent.iter().flatten().sum();
        prop_assert_eq!(total as usize, ratings.len());
        // Residual above inherent is flagged exactly when it is.
        let flagged = reg.findings(now).unwrap().len();
        let expected = ratings.iter().filter(|(l, i, r)| r.is_some_and(|(rl, ri)| u16::from(rl) * u16::from(ri) > u16::from(*l) * u16::from(*i))).count();
        prop_assert_eq!(flagged, expected);
    }
}
