//! Properties over generated inputs: data-subject requests never leave
//! their lifecycle under random event sequences and round-trip through
//! JSON; deadlines fall where Art. 12(3) puts them for any receipt date;
//! masking, generalisation and pseudonyms are total on any text.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use itsm_core::{SeededEntropy, UserId};
use itsm_gdpr::anonymity::{age_band, truncate_postcode};
use itsm_gdpr::dsr::{
    DeadlineRule, HolidayCalendar, RefusalGround, RequestState, Right, SubjectRequest,
};
use itsm_gdpr::masking::{mask_email, mask_ip, mask_name, mask_phone};
use itsm_gdpr::pseudonym::{PseudonymKey, Pseudonymiser};
use proptest::prelude::*;

/// The request lifecycle written out edge by edge, independent of the
/// library's own table: refusal is possible until the request is answered.
const DSR_EDGES: [(RequestState, RequestState); 9] = {
    use RequestState as S;
    [
        (S::Received, S::IdentityVerified),
        (S::Received, S::Refused),
        (S::IdentityVerified, S::InProgress),
        (S::IdentityVerified, S::Refused),
        (S::InProgress, S::Extended),
        (S::InProgress, S::Completed),
        (S::InProgress, S::Refused),
        (S::Extended, S::Completed),
        (S::Extended, S::Refused),
    ]
};

proptest! {
    #[test]
    fn requests_stay_on_their_lifecycle(right in 0usize..8, ops in prop::collection::vec((0u8..6, 0i64..20), 0..20)) {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 30, 9, 0, 0).unwrap();
        let subject = UserId::generate(&SeededEntropy::new(1)).unwrap();
        let cal = HolidayCalendar::default();
        let mut r = SubjectRequest::new(subject, Right::ALL[right], t0);
        let mut at = t0;
        for (op, days) in ops {
            at += Duration::days(days);
            let before = r.state;
            let result = match op {
                0 => r.verify_identity(at),
                1 => r.start(at),
                2 => r.extend("complex", at, DeadlineRule::Regulation, &cal),
                3 => r.complete(at),
                4 => r.refuse(RefusalGround::Excessive, at),
                _ => Ok(()),
            };
            if result.is_err() {
                prop_assert_eq!(r.state, before);
            }
            if r.state != before {
                prop_assert!(DSR_EDGES.contains(&(before, r.state)), "{:?} -> {:?}", before, r.state);
            }
            if matches!(before, RequestState::Completed | RequestState::Refused) {
                prop_assert_eq!(r.state, before, "a final state never moves");
            }
            // An extension is only possible within the first month.
            if before != RequestState::Extended && r.state == RequestState::Extended {
                prop_assert!(at.date_naive() <= DeadlineRule::Regulation.due(t0.date_naive(), false, &cal));
            }
        }
        let back: SubjectRequest = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        prop_assert_eq!(back, r);
    }

    /// One month later in the calendar (the month's last day when it has no
    /// such date), moved to the next working day: never before 28 days,
    /// never more than 3 days past the calendar date without holidays.
    #[test]
    fn deadlines_for_any_receipt_date(days in 0i64..20_000) {
        let received = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + Duration::days(days);
        let cal = HolidayCalendar::default();
        let due = DeadlineRule::Regulation.due(received, false, &cal);
        prop_assert!((due - received).num_days() >= 28);
        prop_assert!((due - received).num_days() <= 31 + 2);
        prop_assert!(!matches!(due.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun));
        let extended = DeadlineRule::Regulation.due(received, true, &cal);
        prop_assert!(extended > due);
        prop_assert_eq!(DeadlineRule::SeedThirtyDays.due(received, false, &cal), received + Duration::days(30));
    }

    #[test]
    fn masking_and_generalisation_are_total(s in any::<String>(), age in any::<u32>(), width in any::<u32>(), keep in 0usize..20) {
        for masked in [mask_email(&s), mask_phone(&s), mask_name(&s), mask_ip(&s)] {
            // Never longer than the input's characters plus a fixed marker.
            prop_assert!(masked.chars().count() <= s.chars().count().max(1) + 16, "{:?} -> {:?}", s, masked);
        }
        let _ = age_band(age, width);
        let t = truncate_postcode(&s, keep);
        prop_assert!(t.chars().count() <= s.chars().count().max(keep) + 1);
    }

    #[test]
    fn pseudonyms_are_stable_keyed_and_total(s in any::<String>(), other in any::<String>()) {
        let e = SeededEntropy::new(3);
        let p = Pseudonymiser::new(PseudonymKey::generate("k1", &e).unwrap());
        let a = p.pseudonymise(&s);
        prop_assert_eq!(&a, &p.pseudonymise(&s));
        prop_assert!(p.matches(&a, &s));
        if s != other {
            prop_assert_ne!(a, p.pseudonymise(&other));
        }
    }
}
