//! Published test vectors, kept as data in `tests/data/`, each run in one loop
//! that names the failing vector.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use itsm_auth::jwt::{KeySet, NoRevocation, Scope, TokenVerifier};
use itsm_auth::totp::{TotpAlgorithm, TotpConfig, TotpCredential, TotpMatch, TotpWindow};
use itsm_auth::{Error, HmacKey, KeyId};
use serde::Deserialize;

#[derive(Deserialize)]
struct OtpVectors {
    totp: Vec<TotpVector>,
    hotp: Vec<HotpVector>,
}

#[derive(Deserialize)]
struct TotpVector {
    algorithm: TotpAlgorithm,
    secret_ascii: String,
    unix_time: u64,
    period_seconds: u64,
    digits: u8,
    code: String,
}

#[derive(Deserialize)]
struct HotpVector {
    secret_ascii: String,
    counter: u64,
    digits: u8,
    code: String,
}

fn vectors() -> OtpVectors {
    serde_json::from_str(include_str!("../data/otp-vectors.json")).unwrap()
}

fn config(algorithm: TotpAlgorithm, digits: u8, period_seconds: u64) -> TotpConfig {
    let mut c = TotpConfig::default().with_window(TotpWindow::CURRENT_ONLY);
    c.algorithm = algorithm;
    c.digits = digits;
    c.period_seconds = period_seconds;
    c
}

#[test]
fn rfc_6238_all_vectors() {
    let v = vectors();
    assert_eq!(v.totp.len(), 18, "6 times x 3 algorithms");
    for (i, t) in v.totp.iter().enumerate() {
        let c = config(t.algorithm, t.digits, t.period_seconds);
        let cred = TotpCredential::from_secret(&c, "vector", t.secret_ascii.as_bytes()).unwrap();
        assert_eq!(
            cred.code_at(t.unix_time),
            t.code,
            "vector {i}: {:?} at {}",
            t.algorithm,
            t.unix_time
        );
        assert_eq!(
            cred.check(&c, &t.code, t.unix_time, None),
            TotpMatch::Accepted {
                step: t.unix_time / t.period_seconds
            },
            "vector {i} verifies"
        );
    }
}

#[test]
fn rfc_6238_seed_lengths_match_the_errata() {
    for t in vectors().totp {
        let expected = match t.algorithm {
            TotpAlgorithm::Sha1 => 20,
            TotpAlgorithm::Sha256 => 32,
            TotpAlgorithm::Sha512 => 64,
        };
        assert_eq!(t.secret_ascii.len(), expected);
    }
}

#[test]
fn rfc_4226_hotp_vectors_as_one_second_steps() {
    // HOTP is TOTP with the counter as the time step: a 1-second period at
    // unix time = counter.
    let v = vectors();
    assert_eq!(v.hotp.len(), 10);
    for h in &v.hotp {
        let c = config(TotpAlgorithm::Sha1, h.digits, 1);
        let cred = TotpCredential::from_secret(&c, "vector", h.secret_ascii.as_bytes()).unwrap();
        assert_eq!(cred.code_at(h.counter), h.code, "counter {}", h.counter);
        assert_eq!(
            cred.check(&c, &h.code, h.counter, None),
            TotpMatch::Accepted { step: h.counter }
        );
    }
}

#[derive(Deserialize)]
struct JwsVector {
    key_base64url: String,
    token: String,
    payload_exp: i64,
}

#[test]
fn rfc_7515_a1_signature_over_the_raw_segments() {
    let v: JwsVector = serde_json::from_str(include_str!("../data/rfc7515-a1.json")).unwrap();
    let key = HmacKey::new(
        KeyId::new("rfc7515").unwrap(),
        URL_SAFE_NO_PAD.decode(&v.key_base64url).unwrap(),
    )
    .unwrap();
    let verifier = TokenVerifier::new(KeySet::new(key), "joe");
    // The header has no kid, so the current key is used; the signed bytes
    // include CRLFs that re-serialised JSON would lose.
    let jws = verifier.verify_signature(&v.token).unwrap();
    let header = String::from_utf8(jws.header).unwrap();
    assert!(header.contains("\r\n"), "{header:?}");
    let payload: serde_json::Value = serde_json::from_slice(&jws.payload).unwrap();
    assert_eq!(payload["exp"], v.payload_exp);
    assert_eq!(payload["iss"], "joe");
    // The vector's claims are not the seed's: full verification names what is missing.
    let at = chrono::DateTime::from_timestamp(v.payload_exp - 60, 0).unwrap();
    assert_eq!(
        verifier.verify(&v.token, Scope::Access, at, &NoRevocation),
        Err(Error::MissingClaim { claim: "sub" })
    );
    // One flipped signature character fails.
    let mut forged = v.token.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == 'k' { 'j' } else { 'k' });
    assert!(verifier.verify_signature(&forged).is_err());
}
