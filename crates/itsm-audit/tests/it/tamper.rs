//! Any single change to a sealed trail is detected, with its kind.

use chrono::{Duration, TimeZone, Utc};
use itsm_audit::Error;
use itsm_audit::event::{Action, AuditEvent, EventType, Outcome, REDACTED, changes};
use itsm_audit::merkle::{CompactRange, MerkleTree};
use itsm_audit::record::{Chain, SealKey};
use itsm_audit::verify::{Checkpoint, FailureKind, Verifier, verify_lines};
use proptest::prelude::*;
use serde_json::json;

fn trail(n: usize, key: Option<SealKey>) -> (Vec<String>, Checkpoint) {
    let t0 = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
    let mut chain = Chain::new(key);
    let mut lines = Vec::new();
    let mut last = None;
    let mut tree = CompactRange::new();
    for i in 0..n {
        let e = AuditEvent::new(
            t0 + Duration::seconds(i64::try_from(i).unwrap()),
            "itsm-api",
            EventType::Access,
            Action::View,
            Outcome::Success,
            format!("viewed ticket {i}"),
        );
        let s = chain.seal(&e).unwrap();
        last = Some(s.hash);
        tree.push_leaf_hash(MerkleTree::leaf_hash(&s.hash));
        lines.push(s.line);
    }
    (
        lines,
        Checkpoint {
            records: u64::try_from(n).unwrap(),
            last_hash: last.unwrap_or([0; 32]),
            root: tree.root(),
        },
    )
}

fn kind(lines: &[String], cp: Option<&Checkpoint>) -> Option<(u64, FailureKind)> {
    match verify_lines(lines.iter().map(String::as_str), cp) {
        Ok(_) => None,
        Err(Error::Verification { record, kind }) => Some((record, kind)),
        Err(other) => panic!("unexpected {other:?}"),
    }
}

#[test]
fn each_kind_is_named() {
    let (lines, cp) = trail(6, None);
    assert_eq!(kind(&lines, Some(&cp)), None);
    let mut modified = lines.clone();
    modified[2] = modified[2].replace("ticket 2", "ticket 7");
    assert_eq!(kind(&modified, Some(&cp)), Some((2, FailureKind::Modified)));
    let mut missing = lines.clone();
    missing.remove(3);
    assert_eq!(kind(&missing, Some(&cp)), Some((3, FailureKind::Missing)));
    let mut reordered = lines.clone();
    reordered.swap(1, 3);
    assert_eq!(
        kind(&reordered, Some(&cp)),
        Some((1, FailureKind::Missing)),
        "a later record first reads as a gap"
    );
    let mut swapped_back = lines.clone();
    let moved = swapped_back.remove(1);
    swapped_back.insert(3, moved);
    assert_eq!(
        kind(&swapped_back, Some(&cp)),
        Some((1, FailureKind::Missing))
    );
    let mut repeated = lines.clone();
    repeated.insert(3, lines[2].clone());
    assert_eq!(kind(&repeated, Some(&cp)), Some((3, FailureKind::Inserted)));
    let mut older = lines.clone();
    older.insert(4, lines[1].clone());
    assert_eq!(kind(&older, Some(&cp)), Some((4, FailureKind::Reordered)));
    // A forged record, well sealed, at the right position but from another chain.
    let t0 = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
    let mut other = Chain::new(None);
    let alt: Vec<String> = (0..6)
        .map(|i| {
            other
                .seal(&AuditEvent::new(
                    t0,
                    "x",
                    EventType::Access,
                    Action::View,
                    Outcome::Success,
                    format!("{i}"),
                ))
                .unwrap()
                .line
        })
        .collect();
    let mut forged = lines.clone();
    forged[4] = alt[4].clone();
    assert_eq!(kind(&forged, Some(&cp)), Some((4, FailureKind::Inserted)));
    let truncated = lines[..4].to_vec();
    assert_eq!(
        kind(&truncated, None),
        None,
        "without a checkpoint a shorter trail still verifies"
    );
    assert_eq!(
        kind(&truncated, Some(&cp)),
        Some((4, FailureKind::Truncated))
    );
    assert_eq!(
        kind(&["not json".to_owned()], None),
        Some((0, FailureKind::Modified))
    );
}

#[test]
fn hmac_seals() {
    let key = SealKey::new("k1", &[7; 32]).unwrap();
    let (lines, _) = trail(3, Some(key.clone()));
    let mut v = Verifier::new(Some(&key));
    for l in &lines {
        v.push(l).unwrap();
    }
    let wrong = SealKey::new("k1", &[8; 32]).unwrap();
    let mut v = Verifier::new(Some(&wrong));
    assert!(matches!(
        v.push(&lines[0]),
        Err(Error::Verification {
            kind: FailureKind::Modified,
            ..
        })
    ));
    let (plain, _) = trail(1, None);
    let mut v = Verifier::new(Some(&key));
    assert!(
        v.push(&plain[0]).is_err(),
        "a record without an HMAC fails when a key is required"
    );
    assert!(SealKey::new("k", &[1; 31]).is_err());
}

#[test]
fn sensitive_fields_never_stored() {
    let c = changes(
        &json!({"name": "a", "token": "abc", "same": 1}),
        &json!({"name": "b", "token": "xyz", "same": 1}),
        &["TOKEN"],
    );
    assert_eq!(c.old.keys().collect::<Vec<_>>(), ["name", "token"]);
    assert_eq!(c.new["token"], json!(REDACTED));
    assert_eq!(c.old["name"], json!("a"));
    let added = changes(&json!({}), &json!({"x": 1}), &[]);
    assert_eq!(added.old["x"], serde_json::Value::Null);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_single_change_is_detected(n in 2usize..40, pick in 0usize..1000, op in 0u8..5, byte in 0usize..400) {
        let (lines, cp) = trail(n, None);
        let i = pick % n;
        let mut t = lines.clone();
        match op {
            0 => {
                // Modify one byte inside the body (not its seal).
                let line = &t[i];
                let start = line.find("\"description\":\"").unwrap() + 15;
                let pos = start + byte % 5;
                let mut bytes = line.clone().into_bytes();
                bytes[pos] = if bytes[pos] == b'a' { b'b' } else { b'a' };
                t[i] = String::from_utf8(bytes).unwrap();
            }
            1 => { t.remove(i); }
            2 => { let dup = t[i].clone(); t.insert(i, dup); }
            3 => { let j = (i + 1 + pick % (n - 1)) % n; t.swap(i, j); }
            _ => { t.truncate(i); }
        }
        prop_assert!(kind(&t, Some(&cp)).is_some(), "op {} at {} of {}", op, i, n);
    }
}

#[test]
fn the_outer_layout_may_change_but_the_body_bytes_may_not() {
    let (lines, cp) = trail(4, None);
    let split = |l: &str| {
        let body = l[8..l.len() - 77].to_owned();
        let sha = l[l.len() - 66..l.len() - 2].to_owned();
        (body, sha)
    };
    // Keys reordered and spaced: the same body bytes, so the same seals.
    let relaid: Vec<String> = lines
        .iter()
        .map(|l| {
            let (body, sha) = split(l);
            format!("{{ \"sha256\" : \"{sha}\" ,\n \"body\" : {body} }}")
        })
        .collect();
    assert_eq!(kind(&relaid, Some(&cp)), None);
    // Re-serialising the body (here: adding a space) breaks the seal.
    let mut spaced = lines.clone();
    spaced[2] = spaced[2].replacen("{\"seq\":2,", "{\"seq\": 2,", 1);
    assert_eq!(kind(&spaced, Some(&cp)), Some((2, FailureKind::Modified)));
    // Uppercase hex in the seal is not the seal.
    let mut upper = lines.clone();
    let (body, sha) = split(&upper[1]);
    upper[1] = format!("{{\"body\":{body},\"sha256\":\"{}\"}}", sha.to_uppercase());
    assert_eq!(kind(&upper, Some(&cp)), Some((1, FailureKind::Modified)));
}

#[test]
fn verification_checks_integrity_and_reading_checks_the_schema() {
    // A record whose event is well-formed JSON but not an audit event,
    // sealed correctly: the chain verifies, reading the record fails.
    let (lines, _) = trail(1, None);
    let body = "{\"seq\":1,\"prev\":\"PREV\",\"event\":{\"not\":\"an event\"}}";
    let prev = lines[0][lines[0].len() - 66..lines[0].len() - 2].to_owned();
    let body = body.replace("PREV", &prev);
    let digest = ring::digest::digest(&ring::digest::SHA256, body.as_bytes());
    let sha = digest
        .as_ref()
        .iter()
        .fold(String::new(), |s, b| s + &format!("{b:02x}"));
    let odd = format!("{{\"body\":{body},\"sha256\":\"{sha}\"}}");
    let mut v = Verifier::new(None);
    v.push(&lines[0]).unwrap();
    assert!(v.push(&odd).is_ok());
    let mut v = Verifier::new(None);
    v.push_record(&lines[0]).unwrap();
    assert!(v.push_record(&odd).is_err());

    // In the writer's layout the event's bytes are sealed, not parsed: a
    // sealed body whose event is not even JSON verifies (only the sealer
    // could have written it) and is refused by the reader.
    let garbage = format!("{{\"seq\":1,\"prev\":\"{prev}\",\"event\":{{not json}}}}");
    let digest = ring::digest::digest(&ring::digest::SHA256, garbage.as_bytes());
    let sha = digest
        .as_ref()
        .iter()
        .fold(String::new(), |s, b| s + &format!("{b:02x}"));
    let sealed = format!("{{\"body\":{garbage},\"sha256\":\"{sha}\"}}");
    let mut v = Verifier::new(None);
    v.push(&lines[0]).unwrap();
    assert!(v.push(&sealed).is_ok());
    let mut v = Verifier::new(None);
    v.push_record(&lines[0]).unwrap();
    assert!(v.push_record(&sealed).is_err());
    // Any change to those bytes still breaks the seal.
    let changed = sealed.replacen("not json", "not jsoN", 1);
    let mut v = Verifier::new(None);
    v.push(&lines[0]).unwrap();
    assert!(v.push(&changed).is_err());
}

#[test]
fn sealed_bodies_are_exactly_the_serialised_body() {
    let key = SealKey::new("k1", &[7; 32]).unwrap();
    for key in [None, Some(key)] {
        let (lines, _) = trail(3, key);
        for line in &lines {
            let outer: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(line).unwrap();
            let body: itsm_audit::record::Body =
                serde_json::from_value(outer["body"].clone()).unwrap();
            let expected = format!("{{\"body\":{}", serde_json::to_string(&body).unwrap());
            assert!(line.starts_with(&expected), "{line}");
        }
    }
}
