//! Properties over generated inputs: any event, whatever its text, seals
//! into a line that verifies and reads back as the same event; arbitrary
//! bytes given to the reader are refused or read, never a panic; the
//! anomaly detector takes any stream of events.

use std::net::{IpAddr, Ipv4Addr};

use chrono::{DateTime, Duration, TimeZone, Utc};
use itsm_audit::Error;
use itsm_audit::anomaly::{AnomalyConfig, AnomalyDetector};
use itsm_audit::event::{Action, Actor, AuditEvent, EventType, Outcome};
use itsm_audit::record::{Chain, SealKey};
use itsm_audit::storage::{AuditLog, MemStorage};
use itsm_audit::verify::{Verifier, verify_lines};
use itsm_core::{SeededEntropy, UserId};
use proptest::prelude::*;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap()
}

prop_compose! {
    fn event()(
        offset in -1_000_000_000i64..1_000_000_000,
        source in any::<String>(),
        description in any::<String>(),
        action in 0usize..27,
        kind in 0usize..4,
        failed in any::<bool>(),
        user in proptest::option::of(any::<u64>()),
        ip in proptest::option::of(any::<[u8; 4]>()),
        agent in proptest::option::of("\\PC{0,40}"),
        entity in proptest::option::of(("[a-z]{1,10}", any::<String>())),
        error in proptest::option::of(any::<String>()),
    ) -> AuditEvent {
        let kinds = [EventType::Create, EventType::Update, EventType::Delete, EventType::Access];
        let outcome = if failed { Outcome::Failure } else { Outcome::Success };
        let mut e = AuditEvent::new(t0() + Duration::seconds(offset), source, kinds[kind], Action::ALL[action], outcome, description);
        e.actor = Actor {
            user_id: user.map(|s| UserId::generate(&SeededEntropy::new(s)).unwrap()),
            ip: ip.map(|b| IpAddr::V4(Ipv4Addr::from(b))),
            user_agent: agent,
        };
        if let Some((t, id)) = entity {
            e.entity_type = Some(t);
            e.entity_id = Some(id);
        }
        e.error_message = error;
        e
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_event_seals_verifies_and_reads_back(events in prop::collection::vec(event(), 1..12), keyed in any::<bool>()) {
        let key = keyed.then(|| SealKey::new("k1", &[7; 32]).unwrap());
        let mut chain = Chain::new(key.clone());
        let lines: Vec<String> = events.iter().map(|e| chain.seal(e).unwrap().line).collect();
        for line in &lines {
            prop_assert!(!line.contains('\n'), "one record, one line");
        }
        let mut v = Verifier::new(key.as_ref());
        for (line, e) in lines.iter().zip(&events) {
            let (_, body) = v.push_record(line).unwrap();
            prop_assert_eq!(&body.event, e);
        }
        prop_assert_eq!(v.finish(None).unwrap().records, u64::try_from(events.len()).unwrap());
        // The same events through the event schema.
        for e in &events {
            let back: AuditEvent = serde_json::from_str(&serde_json::to_string(e).unwrap()).unwrap();
            prop_assert_eq!(&back, e);
        }
    }

    #[test]
    fn arbitrary_lines_are_refused_not_panicked_on(lines in prop::collection::vec(any::<String>(), 1..6)) {
        let result = verify_lines(lines.iter().map(String::as_str), None);
        prop_assert!(matches!(result, Err(Error::Verification { record: 0, .. })), "{:?}", result);
    }

    #[test]
    fn arbitrary_bytes_open_or_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        match AuditLog::open(MemStorage::from_bytes(bytes.clone()), None) {
            Ok((log, recovery)) => {
                // Only a trail without a complete line opens: everything
                // before the last newline would have to be sealed records.
                prop_assert_eq!(recovery.records, 0);
                prop_assert!(log.is_empty());
                prop_assert!(!bytes.contains(&b'\n') || bytes.iter().rposition(|b| *b == b'\n').is_some_and(|i| bytes[..=i].iter().all(|b| *b == b'\n')));
            }
            Err(e) => prop_assert!(matches!(e, Error::Verification { .. }), "{:?}", e),
        }
    }

    #[test]
    fn real_trails_with_arbitrary_garbage_appended_keep_their_records(
        events in prop::collection::vec(event(), 1..6),
        garbage in prop::collection::vec(any::<u8>().prop_filter("no newline", |b| *b != b'\n'), 0..200),
    ) {
        let mut bytes = Vec::new();
        let mut chain = Chain::new(None);
        for e in &events {
            bytes.extend_from_slice(chain.seal(e).unwrap().line.as_bytes());
            bytes.push(b'\n');
        }
        let torn = garbage.len();
        bytes.extend_from_slice(&garbage);
        // A torn tail (no newline) is cut off, never read as a record.
        let (log, recovery) = AuditLog::open(MemStorage::from_bytes(bytes), None).unwrap();
        prop_assert_eq!(recovery.records, u64::try_from(events.len()).unwrap());
        prop_assert_eq!(recovery.torn_bytes, torn);
        prop_assert_eq!(log.len(), u64::try_from(events.len()).unwrap());
    }

    #[test]
    fn the_detector_takes_any_stream(events in prop::collection::vec(event(), 0..60)) {
        let mut d = AnomalyDetector::new(AnomalyConfig::default());
        let mut latest: Option<DateTime<Utc>> = None;
        for e in &events {
            match d.observe(e) {
                Ok(_) => {}
                // Time going back within one subject's series is refused,
                // and only then.
                Err(Error::OutOfOrder { at }) => {
                    prop_assert_eq!(at, e.timestamp);
                    prop_assert!(latest.is_some_and(|l| e.timestamp < l));
                }
                Err(other) => prop_assert!(false, "{:?}", other),
            }
            latest = latest.max(Some(e.timestamp));
        }
        let _ = d.prune(t0());
    }
}
