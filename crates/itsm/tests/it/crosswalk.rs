//! NIST's informative references and what an assessment may claim from them.

use std::collections::BTreeSet;

use chrono::{TimeZone, Utc};
use itsm::core::ImplementationStatus as S;
use itsm::crosswalk::{self, Claim, InformativeReference, Relationship};
use itsm::nist::assessment::{Assessment, SubcategoryAssessment};
use itsm::nist::catalog::Csf2Id;
use itsm::nist::profile::Tier;
use itsm::risk::catalog::ControlId;

fn assessment(status: S) -> Assessment<Csf2Id> {
    let mut a = Assessment::new(
        Utc.with_ymd_and_hms(2026, 12, 3, 0, 0, 0).unwrap(),
        Tier::Repeatable,
    );
    for id in Csf2Id::all() {
        a.set(id, SubcategoryAssessment::new(status));
    }
    a
}

#[test]
fn the_references_are_nists_pairs() {
    let refs = crosswalk::references();
    // NIST's 343 rows repeat two pairs (GV.OC-03 and GV.OC-04 to 4.2).
    assert_eq!(refs.len(), 341);
    let sources: BTreeSet<Csf2Id> = refs.iter().map(|r| r.csf).collect();
    assert_eq!(
        sources.len(),
        106,
        "every CSF 2.0 subcategory has a reference"
    );
    let targets: BTreeSet<ControlId> = refs.iter().map(|r| r.iso).collect();
    let (clauses, controls): (Vec<ControlId>, Vec<ControlId>) =
        targets.iter().partition(|t| t.is_clause());
    assert_eq!((controls.len(), clauses.len()), (67, 23));
    let clause_ids: Vec<&str> = clauses.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        clause_ids,
        [
            "4.1", "4.2", "4.4", "5.2", "5.3", "6.1.1", "6.1.2", "6.1.3", "7.1", "7.2", "7.3",
            "7.4", "8.1", "8.2", "8.3", "9.1", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3", "10.1",
            "10.2"
        ]
    );
    assert!(
        refs.iter()
            .all(|r| r.relationship == Relationship::IntersectsWith)
    );
    let unique: BTreeSet<(Csf2Id, ControlId)> = refs.iter().map(|r| (r.csf, r.iso)).collect();
    assert_eq!(unique.len(), 341, "no pair twice");
    let p = crosswalk::provenance().unwrap();
    assert_eq!(p.relationship, Relationship::IntersectsWith);
    assert_eq!(p.relationship.oscal(), "intersects-with");
    let first: Vec<&str> = crosswalk::iso_for("GV.OC-01".parse().unwrap())
        .map(|r| r.iso.as_str())
        .collect();
    assert_eq!(first[0], "4.1");
    assert!(crosswalk::csf_for("A.8.15".parse().unwrap()).any(|r| r.csf.as_str() == "PR.PS-04"));
}

#[test]
fn intersecting_evidence_supports_but_never_satisfies() {
    // Even with every CSF subcategory implemented, "intersects with" only supports.
    let all = crosswalk::supported_iso(&assessment(S::Implemented));
    assert_eq!(all.len(), 90);
    for s in &all {
        assert!(
            matches!(s.claim, Claim::Supports { implemented, of } if implemented == of),
            "{:?}",
            s.target
        );
    }
    let none = crosswalk::supported_iso(&assessment(S::Planned));
    assert!(none.iter().all(|s| s.claim == Claim::NoEvidence));
    // Half-way: one of A.8.15's sources implemented.
    let mut a = assessment(S::Planned);
    a.set(
        "PR.PS-04".parse().unwrap(),
        SubcategoryAssessment::new(S::Implemented),
    );
    let logging = crosswalk::supported_iso(&a)
        .into_iter()
        .find(|s| s.target.as_str() == "A.8.15")
        .unwrap();
    assert!(
        matches!(logging.claim, Claim::Supports { implemented: 1, .. }),
        "{logging:?}"
    );
}

#[test]
fn only_a_covering_relationship_can_satisfy() {
    let csf: Csf2Id = "PR.AA-03".parse().unwrap();
    let iso: ControlId = "A.8.5".parse().unwrap();
    let claim = |relationship| {
        let refs = [InformativeReference {
            csf,
            iso,
            relationship,
        }];
        crosswalk::supported_iso_with(&refs, &assessment(S::Implemented))[0].claim
    };
    assert_eq!(claim(Relationship::EqualTo), Claim::Satisfied);
    assert_eq!(claim(Relationship::EquivalentTo), Claim::Satisfied);
    assert_eq!(claim(Relationship::SupersetOf), Claim::Satisfied);
    assert_eq!(
        claim(Relationship::SubsetOf),
        Claim::Supports {
            implemented: 1,
            of: 1
        }
    );
    assert_eq!(
        claim(Relationship::IntersectsWith),
        Claim::Supports {
            implemented: 1,
            of: 1
        }
    );
}
