//! JWT verification. The first byte picks the mode:
//!
//! - even: the rest is a token, verified as it is (the signature layer and
//!   everything before it);
//! - odd: the rest is a header and a payload, split at the first 0xff,
//!   base64url-encoded and signed with the verifier's key, so the claims
//!   reader and every claim check behind the signature see arbitrary bytes.
//!
//! Verification must answer; an accepted token's claims must be within the
//! checks the verifier applies.
#![no_main]

use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use itsm::auth::jwt::{KeySet, NoRevocation, Scope, TokenVerifier};
use itsm::auth::{HmacKey, KeyId};
use itsm::chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;

const KEY: [u8; 32] = *b"fuzzing key, 32 bytes, not real!";

fn verifier() -> &'static TokenVerifier {
    static V: OnceLock<TokenVerifier> = OnceLock::new();
    V.get_or_init(|| {
        let key = HmacKey::new(KeyId::new("k1").unwrap(), KEY.to_vec()).unwrap();
        TokenVerifier::new(KeySet::new(key), "itsm-system")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let token = if mode % 2 == 0 {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        let cut = rest.iter().position(|b| *b == 0xff).unwrap_or(rest.len());
        let (header, payload) = rest.split_at(cut);
        let payload = payload.get(1..).unwrap_or_default();
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(payload)
        );
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &KEY);
        let tag = ring::hmac::sign(&key, signing_input.as_bytes());
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()))
    };
    let now = DateTime::<Utc>::from_timestamp(1_796_288_400, 0).unwrap();
    for scope in [Scope::Access, Scope::Refresh] {
        if let Ok(claims) = verifier().verify(&token, scope, now, &NoRevocation) {
            assert_eq!(claims.iss, "itsm-system");
            assert_eq!(claims.scope, scope);
            assert_eq!(claims.sub, claims.user_id);
            assert!(now < claims.exp + itsm::chrono::Duration::seconds(300));
        }
    }
    let _ = verifier().verify_signature(&token);
});
