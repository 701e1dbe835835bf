//! The coverage map: every crate, every id in the catalogs, both directions.

use std::collections::BTreeSet;
use std::path::Path;

use itsm::coverage::{self, DomainCrate};
use itsm::nist::catalog::Csf2Id;
use itsm::risk::catalog::ControlId;

#[test]
fn the_embedded_map_loads_whole() {
    // Parsing the file strictly (each id through its catalog) must give the
    // same count as the loaded data: nothing dropped.
    let raw: serde_json::Value =
        serde_json::from_str(include_str!("../../data/coverage.json")).unwrap();
    let entries = raw["capabilities"].as_array().unwrap();
    assert_eq!(coverage::capabilities().len(), entries.len());
    assert_eq!(entries.len(), 52);
    for e in entries {
        for m in e["iso"].as_array().unwrap() {
            let id = m["target"].as_str().unwrap();
            assert!(
                id.parse::<ControlId>().is_ok(),
                "{id} is not an ISO/IEC 27001:2022 id"
            );
        }
        for m in e["csf"].as_array().unwrap() {
            let id = m["target"].as_str().unwrap();
            assert!(
                id.parse::<Csf2Id>().is_ok(),
                "{id} is not a CSF 2.0 subcategory"
            );
        }
    }
}

#[test]
fn every_crate_is_covered_and_every_capability_maps_both_ways() {
    for krate in DomainCrate::ALL {
        assert!(coverage::by_crate(krate).count() >= 3, "{krate}");
    }
    let mut ids = BTreeSet::new();
    for c in coverage::capabilities() {
        assert!(ids.insert(c.id.as_str()), "{} appears twice", c.id);
        assert!(
            !c.iso.is_empty() && !c.csf.is_empty(),
            "{} maps to nothing",
            c.id
        );
        assert!(
            c.iso
                .iter()
                .map(|m| &m.rationale)
                .chain(c.csf.iter().map(|m| &m.rationale))
                .all(|r| !r.trim().is_empty()),
            "{} has an empty rationale",
            c.id
        );
        let mut targets = BTreeSet::new();
        assert!(
            c.iso.iter().all(|m| targets.insert(m.target.as_str())),
            "{} repeats a control",
            c.id
        );
    }
}

#[test]
fn each_capability_names_a_module_that_exists() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    for c in coverage::capabilities() {
        let file = crates
            .join(c.crate_.name())
            .join("src")
            .join(format!("{}.rs", c.module.replace("::", "/")));
        assert!(
            file.is_file(),
            "{}: {} does not exist",
            c.id,
            file.display()
        );
    }
}

#[test]
fn queries_both_ways_match_the_issue_examples() {
    let ids = |it: Vec<(&coverage::Capability, &str)>| {
        it.into_iter()
            .map(|(c, _)| c.id.clone())
            .collect::<Vec<_>>()
    };
    // TOTP MFA -> A.8.5 and PR.AA-03, and back.
    let mfa = coverage::capability("totp_mfa").unwrap();
    assert!(mfa.iso.iter().any(|m| m.target.as_str() == "A.8.5"));
    assert!(mfa.csf.iter().any(|m| m.target.as_str() == "PR.AA-03"));
    assert!(
        ids(coverage::by_iso("A.8.5".parse().unwrap()).collect()).contains(&"totp_mfa".to_owned())
    );
    assert!(
        ids(coverage::by_csf("PR.AA-03".parse().unwrap()).collect())
            .contains(&"totp_mfa".to_owned())
    );
    // The audit trail -> A.8.15, PR.PS; monitoring -> DE.CM.
    let trail = coverage::capability("audit_trail").unwrap();
    assert!(trail.iso.iter().any(|m| m.target.as_str() == "A.8.15"));
    assert!(trail.csf.iter().any(|m| m.target.category() == "PR.PS"));
    assert!(
        coverage::by_crate(DomainCrate::Audit)
            .any(|c| c.csf.iter().any(|m| m.target.category() == "DE.CM"))
    );
    // DR drills -> A.5.30, RC.RP.
    let drills = coverage::capability("dr_drills").unwrap();
    assert!(drills.iso.iter().any(|m| m.target.as_str() == "A.5.30"));
    assert!(drills.csf.iter().any(|m| m.target.category() == "RC.RP"));
    assert!(coverage::capability("nope").is_none());
}

#[test]
fn uncovered_controls_are_the_organisations_own() {
    let open: Vec<String> = coverage::uncovered_annex_a()
        .iter()
        .map(ToString::to_string)
        .collect();
    // Physical controls are never a library's.
    assert!(open.contains(&"A.7.1".to_owned()) && open.contains(&"A.7.14".to_owned()));
    assert!(!open.contains(&"A.8.15".to_owned()));
    let covered = 93 - open.len();
    assert!(covered >= 35, "only {covered} Annex A controls covered");
}
