//! A sign-up and sign-in flow through the public API: policy, hashing,
//! history, lockout, token, permission.

use chrono::{Duration, TimeZone, Utc};
use itsm_auth::jwt::{
    InMemoryRevocations, KeySet, RevocationStore, Scope, TokenIssuer, TokenRequest, TokenVerifier,
};
use itsm_auth::lockout::{LockStatus, LockoutState};
use itsm_auth::password::PasswordContext;
use itsm_auth::password_hash::{InMemoryPasswordHistory, PasswordHistoryStore};
use itsm_auth::rbac::{Decision, Rbac, ResourceRef, RoleName, TeamId};
use itsm_auth::{Error, HmacKey, KeyId, PasswordHasher, PasswordPolicy};
use itsm_core::{OrgId, SeededEntropy, UserId};

#[test]
fn sign_up_sign_in_and_authorize() {
    let entropy = SeededEntropy::new(2026);
    let policy = PasswordPolicy::default();
    let hasher = PasswordHasher::new(
        HmacKey::generate(KeyId::new("pepper-1").unwrap(), &entropy).unwrap(),
        policy.bcrypt_cost,
    )
    .unwrap()
    .with_insecure_test_cost(4);
    let user = UserId::generate(&entropy).unwrap();
    let org = OrgId::generate(&entropy).unwrap();
    let ctx = PasswordContext::new()
        .with_user_name("jdoe")
        .with_email("john.doe@example.com");
    let t0 = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();

    // Sign-up: the weak password is refused with reasons, the strong one stored.
    assert!(!policy.validate("jdoe2026", &ctx).is_empty());
    let password = "Glacier-Orbit-71!";
    assert!(policy.validate(password, &ctx).is_empty());
    let history = InMemoryPasswordHistory::default();
    let stored = hasher.hash(password, &entropy).unwrap();
    history
        .record(user, stored.clone(), policy.history_count)
        .unwrap();

    // Sign-in with lockout: four wrong, one right.
    let mut lock = LockoutState::default();
    for i in 0..4 {
        assert!(!hasher.verify("wrong", &stored).unwrap());
        lock.register_failure(&policy.lockout, t0 + Duration::seconds(i));
    }
    assert!(!lock.is_locked(&policy.lockout, t0 + Duration::seconds(5)));
    assert!(hasher.verify(password, &stored).unwrap());
    lock.register_success();
    assert_eq!(
        lock.status(&policy.lockout, t0),
        LockStatus::Unlocked {
            remaining_attempts: 5
        }
    );

    // Changing to the same password is refused by history.
    let recent = history.recent(user).unwrap();
    assert!(
        hasher
            .is_reused(password, &recent, &policy)
            .unwrap()
            .is_some()
    );

    // Token, then authorization from verified claims.
    let rbac = Rbac::itsm_defaults().unwrap();
    let keys = KeySet::new(HmacKey::generate(KeyId::new("jwt-1").unwrap(), &entropy).unwrap());
    let role = RoleName::new("agent").unwrap();
    let request = TokenRequest::new(user, org, role.clone())
        .with_permissions(rbac.role_permissions(&role).unwrap())
        .with_teams(vec![TeamId::new("team_001").unwrap()]);
    let issued = TokenIssuer::new(keys.clone(), "itsm-system")
        .issue(&request, Scope::Access, t0, &entropy)
        .unwrap();
    let revocations = InMemoryRevocations::default();
    let verifier = TokenVerifier::new(keys, "itsm-system");
    let claims = verifier
        .verify(issued.token.expose(), Scope::Access, t0, &revocations)
        .unwrap();
    let principal = rbac
        .principal(
            claims.user_id,
            claims.org_id,
            &claims.role,
            claims.permissions.clone(),
            claims.teams.clone(),
            claims.mfa_verified,
        )
        .unwrap();
    let ticket = ResourceRef::new(org).owned_by(TeamId::new("team_001").unwrap());
    assert_eq!(
        rbac.check(&principal, &"incident:update".parse().unwrap(), &ticket),
        Decision::Allow
    );

    // Logout revokes the token.
    revocations.revoke(&claims.jti, claims.exp).unwrap();
    assert_eq!(
        verifier.verify(issued.token.expose(), Scope::Access, t0, &revocations),
        Err(Error::Revoked)
    );
}

/// Passwords of 71, 72 and 73 bytes, and two long ones sharing their first 72
/// bytes, under both presets: validation accepts them and hashing tells every
/// one of them from its neighbours.
#[test]
fn bcrypt_length_edges_under_both_presets() {
    let entropy = SeededEntropy::new(72);
    let hasher = PasswordHasher::new(
        HmacKey::generate(KeyId::new("p").unwrap(), &entropy).unwrap(),
        12,
    )
    .unwrap()
    .with_insecure_test_cost(4);
    // A varied, valid base (upper, lower, digit, special, no patterns).
    let base = "Vq7#xLm2$Rtz9&Kw4!Hd8*Pn3^Bf6@Jc5%Gs1+Yt0=Zr";
    let of_len = |n: usize| -> String { base.chars().cycle().take(n).collect() };
    let ctx = PasswordContext::new().with_user_name("jdoe");
    for policy in [PasswordPolicy::default(), PasswordPolicy::nist_800_63b()] {
        let mut stored = Vec::new();
        for n in [71, 72, 73] {
            let pw = of_len(n);
            assert_eq!(pw.len(), n);
            assert!(
                policy.validate(&pw, &ctx).is_empty(),
                "{n} bytes: {:?}",
                policy.validate(&pw, &ctx)
            );
            stored.push((pw.clone(), hasher.hash(&pw, &entropy).unwrap()));
        }
        for (i, (pw, hash)) in stored.iter().enumerate() {
            for (j, (other, _)) in stored.iter().enumerate() {
                assert_eq!(
                    hasher.verify(other, hash).unwrap(),
                    i == j,
                    "{} vs {} bytes",
                    pw.len(),
                    other.len()
                );
            }
        }
        let prefix = of_len(72);
        let (a, b) = (format!("{prefix}-north-Q"), format!("{prefix}-south-Q"));
        assert!(policy.validate(&a, &ctx).is_empty() && policy.validate(&b, &ctx).is_empty());
        let ha = hasher.hash(&a, &entropy).unwrap();
        assert!(hasher.verify(&a, &ha).unwrap());
        assert!(
            !hasher.verify(&b, &ha).unwrap(),
            "shared 72-byte prefix must not match"
        );
    }
}

/// The seed preset also carries the blocklist, guessability and context checks.
#[test]
fn seed_preset_has_blocklist_and_context_checks() {
    use itsm_auth::password::{ContextField, PasswordViolation};
    let policy = PasswordPolicy::default();
    // Meets every composition rule and dodges the seed's substrings, yet is a
    // l33t listed password followed by a sequence: refused as guessable.
    let v = policy.validate("P@ssw0rd1234", &PasswordContext::new());
    assert_eq!(
        v,
        [PasswordViolation::TooGuessable {
            min_guesses_log10: 6
        }]
    );
    let v = policy.validate(
        "Margaret#2026!x",
        &PasswordContext::new().with_display_name("Margaret Hamilton"),
    );
    assert!(
        v.contains(&PasswordViolation::ContainsContext {
            field: ContextField::DisplayName
        }),
        "{v:?}"
    );
    let v = policy.validate("Aa1!Aa1!Aa1!Aa1!", &PasswordContext::new());
    assert!(
        v.iter().any(|x| matches!(
            x,
            PasswordViolation::TooGuessable { .. } | PasswordViolation::CommonPassword
        )),
        "{v:?}"
    );
}
