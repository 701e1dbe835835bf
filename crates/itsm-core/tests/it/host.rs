use chrono::{TimeZone, Utc};
use itsm_core::{
    ControlRef, Entropy, EvidenceRef, Framework, ImplementationStatus, OrgId, SeededEntropy,
    UserId, fill_array,
};
use serde::{Deserialize, Serialize};

/// A row of a host's own assessment table, built from core types.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AssessmentRow {
    org: OrgId,
    owner: UserId,
    control: ControlRef,
    status: ImplementationStatus,
    evidence: Vec<EvidenceRef>,
}

#[test]
fn a_host_document_round_trips_and_bad_fields_are_refused() {
    let entropy = SeededEntropy::new(2026);
    let collected = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    let row = AssessmentRow {
        org: OrgId::generate(&entropy).unwrap(),
        owner: UserId::generate(&entropy).unwrap(),
        control: ControlRef::new(Framework::Iso27001_2022, "A.8.15").unwrap(),
        status: ImplementationStatus::Partial,
        evidence: vec![
            EvidenceRef::new("EV-1", "log retention settings", collected)
                .unwrap()
                .with_expiry(Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).unwrap())
                .unwrap(),
        ],
    };
    let json = serde_json::to_string_pretty(&row).unwrap();
    assert_eq!(serde_json::from_str::<AssessmentRow>(&json).unwrap(), row);

    // The same document with one bad value at a time is refused.
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let corruptions: [(&str, serde_json::Value); 5] = [
        ("/control/id", "A.12.4.1".into()),
        ("/control/framework", "iso_27001_2013".into()),
        ("/status", "done".into()),
        ("/org", "00000000-0000-0000-0000-000000000000".into()),
        ("/evidence/0/expires_at", "2026-03-01T00:00:00Z".into()),
    ];
    for (pointer, bad) in corruptions {
        let mut doc = value.clone();
        *doc.pointer_mut(pointer).unwrap() = bad;
        assert!(
            serde_json::from_value::<AssessmentRow>(doc).is_err(),
            "{pointer}"
        );
    }
}

#[test]
fn seeded_entropy_gives_reproducible_ids() {
    let a = UserId::generate(&SeededEntropy::new(5)).unwrap();
    let b = UserId::generate(&SeededEntropy::new(5)).unwrap();
    let c = UserId::generate(&SeededEntropy::new(6)).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn entropy_can_be_a_host_implementation() {
    /// A host generator that always fails, as an exhausted HSM would.
    struct Broken;
    impl Entropy for Broken {
        fn fill(&self, _: &mut [u8]) -> Result<(), itsm_core::Error> {
            Err(itsm_core::Error::Entropy)
        }
    }
    assert_eq!(OrgId::generate(&Broken), Err(itsm_core::Error::Entropy));
    assert!(fill_array::<4>(&Broken).is_err());
}

#[test]
fn every_framework_accepts_its_documented_examples() {
    let examples = [
        (Framework::Iso27001_2022, "A.5.15"),
        (Framework::Iso27001_2022, "6.1.3"),
        (Framework::NistCsf2_0, "GV.OC-01"),
        (Framework::NistCsf1_1, "ID.AM-1"),
        (Framework::NistSp800_61Rev2, "3.2.4"),
        (Framework::NistSp800_61Rev3, "RS.MA-01"),
        (Framework::Itil4, "incident-management"),
        (Framework::Gdpr, "Art. 33(3)"),
    ];
    for (framework, id) in examples {
        let r = ControlRef::new(framework, id).unwrap();
        assert_eq!(r.to_string().parse::<ControlRef>().unwrap(), r);
        assert!(framework.id_format().contains('`'));
    }
}
