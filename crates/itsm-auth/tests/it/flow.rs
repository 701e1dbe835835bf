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
