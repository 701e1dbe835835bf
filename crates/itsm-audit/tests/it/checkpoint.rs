//! Signed checkpoints, proofs over a trail, truncation and retention.

use chrono::{Duration, TimeZone, Utc};
use itsm_audit::Error;
use itsm_audit::checkpoint::{
    Anchor, CheckpointKey, CheckpointSigner, SignedCheckpoint, inclusion, tree_from_lines,
    verify_extends, verify_record_inclusion,
};
use itsm_audit::event::{Action, AuditEvent, EventType, Outcome};
use itsm_audit::record::{Chain, SealKey};
use itsm_audit::verify::{FailureKind, Verifier, verify_lines};

fn events(from: usize, n: usize, tag: &str) -> Vec<AuditEvent> {
    let t0 = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
    (from..from + n)
        .map(|i| {
            AuditEvent::new(
                t0 + Duration::seconds(i64::try_from(i).unwrap()),
                "itsm-api",
                EventType::Access,
                Action::View,
                Outcome::Success,
                format!("{tag} {i}"),
            )
        })
        .collect()
}

fn seal_all(chain: &mut Chain, events: &[AuditEvent]) -> Vec<String> {
    events.iter().map(|e| chain.seal(e).unwrap().line).collect()
}

fn lines(n: usize) -> Vec<String> {
    seal_all(&mut Chain::new(None), &events(0, n, "view"))
}

fn strs(lines: &[String]) -> impl Iterator<Item = &str> {
    lines.iter().map(String::as_str)
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[i * 2..i * 2 + 2], 16).unwrap())
        .collect()
}

#[test]
fn ed25519_key_from_the_rfc8032_seed_has_the_published_public_key() {
    // RFC 8032 section 7.1, TEST 1.
    let seed = unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    let public = unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    let signer = CheckpointSigner::ed25519_from_seed("rfc8032", &seed).unwrap();
    match signer.verifying_key() {
        CheckpointKey::Ed25519 { public: p, kid } => {
            assert_eq!(p.to_vec(), public);
            assert_eq!(kid, "rfc8032");
        }
        CheckpointKey::Hmac(_) => panic!("expected an Ed25519 key"),
    }
    assert!(!format!("{signer:?}").contains("9d61"));
    assert!(CheckpointSigner::ed25519_from_seed("k", &seed[..31]).is_err());
    assert!(CheckpointSigner::ed25519_from_seed("", &seed).is_err());
}

#[test]
fn signatures_round_trip_and_reject_every_change() {
    let trail = lines(10);
    let head = verify_lines(strs(&trail), None).unwrap().checkpoint();
    let signers = [
        CheckpointSigner::ed25519_from_seed("ed-1", &[9; 32]).unwrap(),
        CheckpointSigner::Hmac(SealKey::new("mac-1", &[3; 32]).unwrap()),
    ];
    for signer in &signers {
        let key = signer.verifying_key();
        let signed = signer.sign(&head);
        assert_eq!(key.verify(&signed).unwrap(), head);
        let json = serde_json::to_string(&signed).unwrap();
        let back: SignedCheckpoint = serde_json::from_str(&json).unwrap();
        assert_eq!(back, signed);

        let mut fewer = signed.clone();
        fewer.checkpoint.records -= 1;
        assert_eq!(key.verify(&fewer), Err(Error::Signature));
        let mut other_root = signed.clone();
        other_root.checkpoint.root[0] ^= 1;
        assert_eq!(key.verify(&other_root), Err(Error::Signature));
        let mut other_last = signed.clone();
        other_last.checkpoint.last_hash[31] ^= 0x80;
        assert_eq!(key.verify(&other_last), Err(Error::Signature));
        let mut flipped = signed.clone();
        flipped.signature[5] ^= 4;
        assert_eq!(key.verify(&flipped), Err(Error::Signature));
        let mut other_kid = signed.clone();
        other_kid.kid.push('x');
        assert_eq!(key.verify(&other_kid), Err(Error::Signature));
    }
    // A signature by one key does not verify with the other kind.
    let ed = signers[0].sign(&head);
    assert_eq!(
        signers[1].verifying_key().verify(&ed),
        Err(Error::Signature)
    );
    assert!(
        serde_json::from_str::<SignedCheckpoint>(
            r#"{"records":1,"root":"zz","last_hash":"00","alg":"ed25519","kid":"k","signature":""}"#
        )
        .is_err()
    );
}

#[test]
fn truncation_and_rewritten_tails_are_caught_against_a_checkpoint() {
    let trail = lines(10);
    let head = verify_lines(strs(&trail), None).unwrap().checkpoint();

    let err = verify_lines(strs(&trail[..8]), Some(&head)).unwrap_err();
    assert_eq!(
        err,
        Error::Verification {
            record: 8,
            kind: FailureKind::Truncated
        }
    );

    // Cut the last two and append two others: the chain is valid, the head is not.
    let mut chain = Chain::new(None);
    let mut forged = seal_all(&mut chain, &events(0, 8, "view"));
    forged.extend(seal_all(&mut chain, &events(8, 2, "forged")));
    assert!(verify_lines(strs(&forged), None).is_ok());
    assert!(matches!(
        verify_lines(strs(&forged), Some(&head)),
        Err(Error::Verification {
            kind: FailureKind::Truncated,
            ..
        })
    ));

    // A trail that grew past the checkpoint must still pass through it.
    let mut chain = Chain::new(None);
    let mut grown = seal_all(&mut chain, &events(0, 10, "view"));
    grown.extend(seal_all(&mut chain, &events(10, 5, "view")));
    let mut v = Verifier::new(None).expecting(head);
    for l in &grown {
        v.push(l).unwrap();
    }
    assert_eq!(v.finish(None).unwrap().records, 15);

    // A trail re-sealed from record 4 onward diverges from the checkpoint.
    let mut chain = Chain::new(None);
    let mut rewritten = seal_all(&mut chain, &events(0, 4, "view"));
    rewritten.extend(seal_all(&mut chain, &events(4, 8, "edited")));
    let mut v = Verifier::new(None).expecting(head);
    let failure = rewritten.iter().find_map(|l| v.push(l).err());
    assert_eq!(
        failure,
        Some(Error::Verification {
            record: 9,
            kind: FailureKind::Modified
        })
    );
}

#[test]
fn every_record_has_an_inclusion_proof_and_checkpoints_are_consistent() {
    let trail = lines(13);
    let (tree, verified) = tree_from_lines(strs(&trail), None, None).unwrap();
    let head = verified.checkpoint();
    assert_eq!(tree.root(), head.root);
    for (seq, line) in trail.iter().enumerate() {
        let seq = u64::try_from(seq).unwrap();
        let proof = inclusion(&tree, seq, head.records).unwrap();
        assert!(verify_record_inclusion(line, seq, &proof, &head).unwrap());
        assert!(!verify_record_inclusion(line, seq, &proof[1..], &head).unwrap_or(false));
        if seq > 0 {
            // The right line under the wrong position is refused.
            assert!(verify_record_inclusion(line, seq - 1, &proof, &head).is_err());
        }
    }
    let edited = trail[6].replace("view 6", "view 7");
    let proof = inclusion(&tree, 6, head.records).unwrap();
    assert!(verify_record_inclusion(&edited, 6, &proof, &head).is_err());

    let (old_tree, old) = tree_from_lines(strs(&trail[..5]), None, None).unwrap();
    let old = old.checkpoint();
    assert_eq!(old_tree.root(), old.root);
    let proof = tree.consistency_proof(5, 13).unwrap();
    assert!(verify_extends(&old, &head, &proof));
    let mut bad = old;
    bad.root[3] ^= 1;
    assert!(!verify_extends(&bad, &head, &proof));
}

#[test]
fn retention_keeps_the_remainder_verifiable_and_provable() {
    let trail = lines(40);
    let full = verify_lines(strs(&trail), None).unwrap().checkpoint();
    for dropped in [1usize, 7, 16, 25, 39, 40] {
        let mut v = Verifier::new(None);
        for l in &trail[..dropped] {
            v.push(l).unwrap();
        }
        let anchor = v.anchor();
        assert_eq!(
            anchor.dropped.subtrees().len(),
            dropped.count_ones() as usize
        );
        let json = serde_json::to_string(&anchor).unwrap();
        let anchor: Anchor = serde_json::from_str(&json).unwrap();

        let rest = &trail[dropped..];
        let (tree, verified) = tree_from_lines(strs(rest), Some(&anchor), None).unwrap();
        assert_eq!(verified.checkpoint(), full, "dropped {dropped}");
        for (i, line) in rest.iter().enumerate() {
            let seq = u64::try_from(dropped + i).unwrap();
            let proof = inclusion(&tree, seq, full.records).unwrap();
            assert!(verify_record_inclusion(line, seq, &proof, &full).unwrap());
        }
        if dropped >= 2 {
            assert!(matches!(
                inclusion(&tree, 0, full.records),
                Err(Error::Pruned { .. })
            ));
        }
        // The remainder does not verify from a wrong anchor or from genesis.
        let mut wrong = anchor.clone();
        wrong.last_hash[0] ^= 1;
        if dropped < 40 {
            assert!(tree_from_lines(strs(rest), Some(&wrong), None).is_err());
            assert!(verify_lines(strs(rest), None).is_err());
        }
        let mut root_off = anchor.clone();
        if let Some(first) = root_off.dropped.subtrees().first().copied() {
            let mut subtrees = root_off.dropped.subtrees().to_vec();
            subtrees[0] = [first[0] ^ 1; 32];
            root_off.dropped =
                itsm_audit::merkle::CompactRange::from_parts(root_off.dropped.size(), subtrees)
                    .unwrap();
            let (_, v) = tree_from_lines(strs(rest), Some(&root_off), None).unwrap();
            assert!(
                verify_lines(strs(&trail), Some(&v.checkpoint())).is_err(),
                "a forged anchor yields another root"
            );
        }
    }
    assert!(
        serde_json::from_str::<Anchor>(r#"{"records":3,"last_hash":"00","subtrees":[]}"#).is_err()
    );
}
