use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use itsm_core::{SeededEntropy, UserId};
use itsm_gdpr::Error;
use itsm_gdpr::anonymity::{age_band, k_anonymity, month_of, truncate_postcode};
use itsm_gdpr::encryption::{FieldCipher, FieldRef, InMemoryKeyStore, KeyStore, MasterKey};
use itsm_gdpr::masking::{mask_email, mask_ip, mask_name, mask_phone};
use itsm_gdpr::pseudonym::{PseudonymKey, Pseudonymiser};

fn setup() -> (SeededEntropy, FieldCipher, InMemoryKeyStore, UserId, UserId) {
    let e = SeededEntropy::new(42);
    let cipher = FieldCipher::new(MasterKey::generate("mk-1", &e).unwrap());
    let (a, b) = (UserId::generate(&e).unwrap(), UserId::generate(&e).unwrap());
    (e, cipher, InMemoryKeyStore::default(), a, b)
}

#[test]
fn encryption_round_trip_including_empty_and_large_values() {
    let (e, cipher, store, a, _) = setup();
    for value in [
        &b""[..],
        b"x",
        "Zoë Łukasiewicz, +49 30 1234".as_bytes(),
        &[0u8; 4096],
    ] {
        let f = FieldRef::new(a, "INC1", "notes");
        let sealed = cipher.encrypt(&store, &f, value, &e).unwrap();
        assert_eq!(
            cipher.decrypt(&store, &f, &sealed).unwrap().as_slice(),
            value
        );
    }
    // Same value twice: different ciphertexts (fresh nonces).
    let f = FieldRef::new(a, "INC1", "phone");
    assert_ne!(
        cipher.encrypt(&store, &f, b"same", &e).unwrap(),
        cipher.encrypt(&store, &f, b"same", &e).unwrap()
    );
}

#[test]
fn tampering_wrong_binding_and_swaps_are_rejected() {
    let (e, cipher, store, a, b) = setup();
    let f = FieldRef::new(a, "INC1", "phone");
    let sealed = cipher.encrypt(&store, &f, b"+49 30 1234567", &e).unwrap();
    // Flip one bit of the ciphertext.
    let parts: Vec<&str> = sealed.split('.').collect();
    let mut ct = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    ct[0] ^= 1;
    let tampered = format!("v1.{}.{}", parts[1], URL_SAFE_NO_PAD.encode(&ct));
    assert_eq!(cipher.decrypt(&store, &f, &tampered), Err(Error::Decrypt));
    // Wrong associated data: another field, record or subject.
    assert_eq!(
        cipher.decrypt(&store, &FieldRef::new(a, "INC1", "email"), &sealed),
        Err(Error::Decrypt)
    );
    assert_eq!(
        cipher.decrypt(&store, &FieldRef::new(a, "INC2", "phone"), &sealed),
        Err(Error::Decrypt)
    );
    let _ = cipher
        .encrypt(&store, &FieldRef::new(b, "INC1", "phone"), b"other", &e)
        .unwrap();
    assert_eq!(
        cipher.decrypt(&store, &FieldRef::new(b, "INC1", "phone"), &sealed),
        Err(Error::Decrypt)
    );
    // Two records' values swapped: each fails in the other's place.
    let f2 = FieldRef::new(a, "INC2", "phone");
    let sealed2 = cipher.encrypt(&store, &f2, b"+33 1 2345", &e).unwrap();
    assert_eq!(cipher.decrypt(&store, &f, &sealed2), Err(Error::Decrypt));
    assert_eq!(cipher.decrypt(&store, &f2, &sealed), Err(Error::Decrypt));
    // Malformed forms.
    for bad in [
        "",
        "v1",
        "v2.AAAA.AAAA",
        "v1.!!.AAAA",
        &format!("v1.{}", parts[1]),
        &format!("{sealed}.x"),
    ] {
        assert_eq!(
            cipher.decrypt(&store, &f, bad),
            Err(Error::Decrypt),
            "{bad}"
        );
    }
}

#[test]
fn rotation_keeps_data_readable_and_shredding_makes_it_unrecoverable() {
    let (e, mut cipher, store, a, b) = setup();
    let fa = FieldRef::new(a, "INC1", "phone");
    let fb = FieldRef::new(b, "INC1", "phone");
    let sa = cipher.encrypt(&store, &fa, b"aaa", &e).unwrap();
    let sb = cipher.encrypt(&store, &fb, b"bbb", &e).unwrap();
    assert_eq!(
        cipher
            .rotate(MasterKey::generate("mk-2", &e).unwrap(), &store, &e)
            .unwrap(),
        2
    );
    assert_eq!(store.get(a).unwrap().unwrap().master_id, "mk-2");
    cipher.retire("mk-1");
    assert_eq!(cipher.decrypt(&store, &fa, &sa).unwrap().as_slice(), b"aaa");
    assert!(cipher.shred(&store, a).unwrap());
    assert_eq!(cipher.decrypt(&store, &fa, &sa), Err(Error::Decrypt));
    assert_eq!(
        cipher.decrypt(&store, &fb, &sb).unwrap().as_slice(),
        b"bbb",
        "other subjects unaffected"
    );
    // A new key for the shredded subject does not bring the old data back.
    let _ = cipher.encrypt(&store, &fa, b"new", &e).unwrap();
    assert_eq!(cipher.decrypt(&store, &fa, &sa), Err(Error::Decrypt));
    assert!(MasterKey::new("k", &[0u8; 16]).is_err());
    assert!(
        !format!("{cipher:?}").contains("key: "),
        "no key material in Debug"
    );
}

#[test]
fn pseudonyms_are_stable_keyed_and_rotate() {
    let e = SeededEntropy::new(7);
    let p1 = Pseudonymiser::new(PseudonymKey::generate("k1", &e).unwrap());
    let x = p1.pseudonymise("jdoe");
    assert_eq!(x, p1.pseudonymise("jdoe"));
    let other = Pseudonymiser::new(PseudonymKey::generate("k1", &SeededEntropy::new(8)).unwrap());
    assert_ne!(
        x,
        other.pseudonymise("jdoe"),
        "another key, another pseudonym"
    );
    let p2 = p1.clone().rotate(PseudonymKey::generate("k2", &e).unwrap());
    assert!(p2.pseudonymise("jdoe").starts_with("k2:"));
    assert!(p2.matches(&x, "jdoe"), "old pseudonyms still recognised");
    assert!(!p2.matches(&x, "jdoe2"));
    assert!(!p2.matches("k9:abc", "jdoe"));
    assert!(PseudonymKey::new("a:b", &[1; 32]).is_err());
    assert!(PseudonymKey::new("k", &[1; 31]).is_err());
}

#[test]
fn masking_on_multibyte_and_hostile_input() {
    assert_eq!(mask_email("émilie@exämple.de"), "é*****@exämple.de");
    assert_eq!(mask_email("@"), "@", "not an email: masked like a name");
    assert_eq!(mask_email(""), "");
    assert_eq!(mask_name("李小龍"), "李**");
    assert_eq!(mask_name("  "), "  ");
    assert_eq!(
        mask_phone("٠١٢٣"),
        "٠١٢٣",
        "non-ASCII digits are not counted as digits"
    );
    assert_eq!(
        mask_phone("123"),
        "123",
        "fewer than four digits: nothing to hide"
    );
    assert_eq!(mask_ip("::1"), "::");
    assert_eq!(mask_ip("10.0.0.300"), "*");
    let huge = "ä".repeat(100_000);
    assert_eq!(mask_name(&huge).chars().count(), 100_000);
}

#[test]
fn k_anonymity_before_and_after_generalisation() {
    // (age, postcode, visit month)
    let rows = [
        (23, "10115", 1),
        (27, "10117", 1),
        (25, "10119", 2),
        (41, "80331", 3),
        (44, "80333", 3),
        (48, "80335", 3),
    ];
    let raw = k_anonymity(
        rows.iter()
            .map(|(a, p, m)| vec![a.to_string(), p.to_string(), m.to_string()]),
    );
    assert_eq!(raw, Some(1));
    let t = |m: u32| chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, m, 1, 0, 0, 0).unwrap();
    let generalised = k_anonymity(
        rows.iter()
            .map(|(a, p, _)| vec![age_band(*a, 10), truncate_postcode(p, 2)]),
    );
    assert_eq!(generalised, Some(3), "two groups of three");
    let with_month = k_anonymity(
        rows.iter()
            .map(|(a, p, m)| vec![age_band(*a, 10), truncate_postcode(p, 2), month_of(t(*m))]),
    );
    assert_eq!(with_month, Some(1), "the February visit stands alone");
    assert_eq!(k_anonymity(Vec::<Vec<String>>::new()), None);
    assert_eq!(age_band(7, 0), "7-7");
    assert_eq!(truncate_postcode("SW1A 1AA", 3), "SW1*****");
}

#[test]
fn binary_form_round_trips_and_rejects_tampering() {
    let (e, cipher, store, a, _) = setup();
    let f = FieldRef::new(a, "INC9", "notes");
    let key = cipher.key_for(&store, a, &e).unwrap();
    let sealed = key.encrypt_bytes(&f, &[7u8; 1024], &e).unwrap();
    assert_eq!(sealed.len(), 1 + 12 + 1024 + 16);
    assert_eq!(
        key.decrypt_bytes(&f, &sealed).unwrap().as_slice(),
        &[7u8; 1024][..]
    );
    let mut bad = sealed.clone();
    bad[20] ^= 1;
    assert_eq!(key.decrypt_bytes(&f, &bad), Err(Error::Decrypt));
    assert_eq!(
        key.decrypt_bytes(&FieldRef::new(a, "INC9", "other"), &sealed),
        Err(Error::Decrypt)
    );
    assert_eq!(key.decrypt_bytes(&f, &sealed[..10]), Err(Error::Decrypt));
    let mut v2 = sealed;
    v2[0] = 2;
    assert_eq!(key.decrypt_bytes(&f, &v2), Err(Error::Decrypt));
}

#[test]
fn in_place_decryption_matches_and_rejects() {
    let (e, cipher, store, a, _) = setup();
    let f = FieldRef::new(a, "INC10", "notes");
    let key = cipher.key_for(&store, a, &e).unwrap();
    let sealed = key.encrypt_bytes(&f, b"in place", &e).unwrap();
    let mut buf = sealed.clone();
    assert_eq!(key.decrypt_in_place(&f, &mut buf).unwrap(), b"in place");
    let mut buf = sealed.clone();
    buf[15] ^= 0x80;
    assert_eq!(key.decrypt_in_place(&f, &mut buf), Err(Error::Decrypt));
    let mut short = vec![1u8; 5];
    assert_eq!(key.decrypt_in_place(&f, &mut short), Err(Error::Decrypt));
    let mut empty: Vec<u8> = Vec::new();
    assert_eq!(key.decrypt_in_place(&f, &mut empty), Err(Error::Decrypt));
}
