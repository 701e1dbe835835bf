//! Tokens interoperate with jsonwebtoken 12 in both directions.

use chrono::{TimeZone, Utc};
use itsm_auth::jwt::{
    Claims, KeySet, NoRevocation, Scope, TokenIssuer, TokenRequest, TokenVerifier,
};
use itsm_auth::rbac::{RoleName, TeamId};
use itsm_auth::{HmacKey, KeyId};
use itsm_core::SeededEntropy;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};

const SECRET: [u8; 32] = [42; 32];

fn keys() -> KeySet {
    KeySet::new(HmacKey::new(KeyId::new("k1").unwrap(), SECRET.to_vec()).unwrap())
}

fn request() -> TokenRequest {
    TokenRequest::new(
        "550e8400-e29b-41d4-a716-446655440000".parse().unwrap(),
        "550e8400-e29b-41d4-a716-446655440001".parse().unwrap(),
        RoleName::new("agent").unwrap(),
    )
    .with_permissions(vec![
        "incident:read".parse().unwrap(),
        "problem:read".parse().unwrap(),
    ])
    .with_teams(vec![TeamId::new("team_001").unwrap()])
    .with_mfa_verified(true)
    .with_email("john.doe@example.com")
}

#[test]
fn ours_decode_with_jsonwebtoken() {
    // jsonwebtoken checks `exp` against the system clock, so issue at the real time.
    let now = Utc::now();
    let issued = TokenIssuer::new(keys(), "itsm-system")
        .issue(&request(), Scope::Access, now, &SeededEntropy::new(1))
        .unwrap();
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_issuer(&["itsm-system"]);
    let decoded = jsonwebtoken::decode::<Claims>(
        issued.token.expose(),
        &DecodingKey::from_secret(&SECRET).unwrap(),
        &validation,
    )
    .unwrap();
    assert_eq!(decoded.claims, issued.claims);
    assert_eq!(decoded.header.kid.as_deref(), Some("k1"));
    assert_eq!(decoded.header.typ.as_deref(), Some("JWT"));
}

#[test]
fn jsonwebtoken_tokens_verify_with_ours() {
    let now = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
    // Claims shaped by our issuer, signed by jsonwebtoken.
    let claims = TokenIssuer::new(keys(), "itsm-system")
        .issue(&request(), Scope::Access, now, &SeededEntropy::new(2))
        .unwrap()
        .claims;
    for kid in [None, Some("k1".to_owned())] {
        let mut header = Header::new(Algorithm::HS256);
        header.kid = kid.clone();
        let token = jsonwebtoken::encode(
            &header,
            &claims,
            &EncodingKey::from_secret(&SECRET).unwrap(),
        )
        .unwrap();
        let ours = TokenVerifier::new(keys(), "itsm-system")
            .verify(&token, Scope::Access, now, &NoRevocation)
            .unwrap();
        assert_eq!(ours, claims, "kid {kid:?}");
    }
    // jsonwebtoken's token signed with another secret fails with ours.
    let token = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(&[7; 32]).unwrap(),
    )
    .unwrap();
    assert!(
        TokenVerifier::new(keys(), "itsm-system")
            .verify(&token, Scope::Access, now, &NoRevocation)
            .is_err()
    );
}
