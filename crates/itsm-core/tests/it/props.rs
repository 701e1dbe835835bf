//! Properties over generated inputs: every value round-trips through JSON,
//! and any input, however hostile, is either accepted or refused with an
//! error, never a panic.

use chrono::{DateTime, Utc};
use itsm_core::{
    Classification, ControlRef, EvidenceRef, Framework, ImplementationStatus, OrgId, SeededEntropy,
    UserId,
};
use proptest::prelude::*;

fn framework() -> impl Strategy<Value = Framework> {
    prop::sample::select(Framework::ALL.to_vec())
}

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..4_102_444_800).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
}

/// Strings that look like ids, and strings that do not.
fn id_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "A\\.[5-8]\\.[0-9]{1,2}",
        "[0-9]{1,2}(\\.[0-9]){0,2}",
        "[A-Z]{2}\\.[A-Z]{2}-[0-9]{1,2}",
        "Art\\. [0-9]{1,2}(\\([0-9]\\))?(\\([a-f]\\))?",
        "[a-z-]{1,30}",
        "\\PC{0,40}",
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn control_refs_parse_or_err_and_accepted_ones_round_trip(f in framework(), id in id_like()) {
        if let Ok(r) = ControlRef::new(f, &id) {
            let json = serde_json::to_string(&r).unwrap();
            prop_assert_eq!(serde_json::from_str::<ControlRef>(&json).unwrap(), r.clone());
            prop_assert_eq!(r.to_string().parse::<ControlRef>().unwrap(), r);
        }
    }

    #[test]
    fn text_forms_never_panic(s in any::<String>()) {
        let _ = s.parse::<ControlRef>();
        let _ = s.parse::<Framework>();
        let _ = s.parse::<ImplementationStatus>();
        let _ = s.parse::<Classification>();
        let _ = s.parse::<UserId>();
        let _ = s.parse::<OrgId>();
        let _ = serde_json::from_str::<ControlRef>(&s);
        let _ = serde_json::from_str::<EvidenceRef>(&s);
    }

    #[test]
    fn evidence_round_trips_and_expiry_follows_collection(
        id in "[A-Za-z0-9-]{1,20}",
        description in "\\PC{0,80}",
        collected in instant(),
        later in 0i64..10_000_000,
        earlier in 1i64..10_000_000,
    ) {
        let e = EvidenceRef::new(id, description, collected).unwrap();
        let json = serde_json::to_string(&e).unwrap();
        prop_assert_eq!(serde_json::from_str::<EvidenceRef>(&json).unwrap(), e.clone());
        let expiring = e.clone().with_expiry(collected + chrono::Duration::seconds(later));
        if later == 0 {
            prop_assert!(expiring.is_err());
        } else {
            let x = expiring.unwrap();
            prop_assert!(x.is_current(collected));
            prop_assert!(!x.is_current(collected + chrono::Duration::seconds(later)));
            let back: EvidenceRef = serde_json::from_str(&serde_json::to_string(&x).unwrap()).unwrap();
            prop_assert_eq!(back, x);
        }
        prop_assert!(e.with_expiry(collected - chrono::Duration::seconds(earlier)).is_err());
    }

    #[test]
    fn ids_statuses_and_classifications_round_trip(seed in any::<u64>(), status in 0usize..7, class in 0usize..4) {
        let e = SeededEntropy::new(seed);
        let (u, o) = (UserId::generate(&e).unwrap(), OrgId::generate(&e).unwrap());
        prop_assert_eq!(serde_json::from_str::<UserId>(&serde_json::to_string(&u).unwrap()).unwrap(), u);
        prop_assert_eq!(o.to_string().parse::<OrgId>().unwrap(), o);
        let s = ImplementationStatus::ALL[status];
        prop_assert_eq!(serde_json::from_str::<ImplementationStatus>(&serde_json::to_string(&s).unwrap()).unwrap(), s);
        let c = Classification::ALL[class];
        prop_assert_eq!(serde_json::from_str::<Classification>(&serde_json::to_string(&c).unwrap()).unwrap(), c);
    }
}
