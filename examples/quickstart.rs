//! Quick start: references to framework controls, checked as a host would check
//! what a user or a config file gives it; then a user signing up, enrolling in
//! MFA, getting a token and being authorized.
//!
//! Run with `cargo run --release --example quickstart`.

use std::error::Error;

use itsm::auth::jwt::{
    InMemoryRevocations, KeySet, Scope, TokenIssuer, TokenRequest, TokenVerifier,
};
use itsm::auth::mfa::{InMemoryMfaStore, Mfa, MfaDecision};
use itsm::auth::rbac::{Decision, Rbac, RecordAction, ResourceRef, RoleName, TeamId};
use itsm::auth::{HmacKey, KeyId, PasswordContext, PasswordHasher, PasswordPolicy};
use itsm::chrono::{DateTime, Duration, Utc};
use itsm::core::{ControlRef, Framework, ImplementationStatus, OrgId, SystemEntropy, UserId};

fn main() -> Result<(), Box<dyn Error>> {
    control_references();
    authentication()
}

fn control_references() {
    println!("itsm quick start: control references\n");

    // What a compliance officer might type into a host's settings. Some of these
    // come straight from the seed design, which cites ISO/IEC 27001:2013 numbers
    // and unpadded CSF ids; the 2022 edition and CSF 2.0 number them differently.
    let inputs = [
        "iso_27001_2022:A.8.15",
        "iso_27001_2022:6.1.3",
        "nist_csf_2_0:GV.OC-01",
        "nist_csf_1_1:ID.AM-1",
        "gdpr:Art. 33(3)",
        "itil_4:incident-management",
        "iso_27001_2022:A.12.4.1",
        "nist_csf_2_0:RS.MA-1",
        "gdpr:Article 33",
        "iso_27001_2013:A.12.4.1",
    ];

    let mut accepted = Vec::new();
    for input in inputs {
        match input.parse::<ControlRef>() {
            Ok(control) => {
                println!("  ok        {input:<28} -> {}", control.label());
                accepted.push(control);
            }
            Err(err) => println!("  rejected  {input:<28} -> {err}"),
        }
    }

    println!("\nAccepted references in their text form, which parses back to the same value:");
    for control in &accepted {
        let again: Result<ControlRef, _> = control.to_string().parse();
        let same = again.as_ref() == Ok(control);
        println!("  {:<28} round-trips: {same}", control.to_string());
    }

    println!("\nFrameworks and their identifier formats:");
    for framework in Framework::ALL {
        println!("  {:<24} {}", framework.to_string(), framework.id_format());
    }

    let statuses = [
        ImplementationStatus::Implemented,
        ImplementationStatus::Partial,
        ImplementationStatus::NotApplicable,
    ];
    if let Some(weakest) = ImplementationStatus::least_advanced(statuses) {
        println!("\nThree sources implemented, partial and not applicable combine to: {weakest}");
    }
}

fn authentication() -> Result<(), Box<dyn Error>> {
    println!("\nitsm quick start: authentication and authorization\n");
    let entropy = SystemEntropy::new();
    let now = Utc::now();
    let user = UserId::generate(&entropy)?;
    let org = OrgId::generate(&entropy)?;
    passwords(&entropy)?;
    mfa(user, now, &entropy)?;
    tokens_and_access(user, org, now, &entropy)
}

/// The seed's password policy, every violation with its reason, and hashing.
fn passwords(entropy: &SystemEntropy) -> Result<(), Box<dyn Error>> {
    let policy = PasswordPolicy::default();
    let ctx = PasswordContext::new()
        .with_user_name("jdoe")
        .with_email("john.doe@example.com");
    for candidate in ["password123", "jdoe-Winter-2026!", "Glacier-Orbit-71!"] {
        let violations = policy.validate(candidate, &ctx);
        if violations.is_empty() {
            println!("  password {candidate:?}: accepted");
        } else {
            let reasons: Vec<String> = violations.iter().map(ToString::to_string).collect();
            println!("  password {candidate:?}: refused: {}", reasons.join("; "));
        }
    }
    let pepper = HmacKey::generate(KeyId::new("pepper-1")?, entropy)?;
    let hasher = PasswordHasher::new(pepper, policy.bcrypt_cost)?;
    let stored = hasher.hash("Glacier-Orbit-71!", entropy)?;
    println!("  stored as {stored:?} (salt and hash not shown)");
    println!(
        "  verifies: {}",
        hasher.verify("Glacier-Orbit-71!", &stored)?
    );
    Ok(())
}

/// MFA enrollment, then a code accepted once and refused when replayed.
fn mfa(user: UserId, now: DateTime<Utc>, entropy: &SystemEntropy) -> Result<(), Box<dyn Error>> {
    let mfa = Mfa::new(HmacKey::generate(KeyId::new("backup-codes-1")?, entropy)?);
    let mfa_store = InMemoryMfaStore::default();
    let enrollment = mfa.enroll(user, "john.doe@example.com", &mfa_store, entropy)?;
    println!(
        "  MFA enrolled: {:?}, QR code {} bytes of PNG, {} backup codes",
        enrollment.provisioning_uri,
        enrollment.qr_png.len(),
        enrollment.backup_codes.len()
    );
    let code = enrollment
        .credential
        .code_at(u64::try_from(now.timestamp())?);
    for attempt in ["first use", "replay"] {
        match mfa.verify_totp(user, &enrollment.credential, &code, now, &mfa_store)? {
            MfaDecision::Accepted { step } => {
                println!("  TOTP {attempt}: accepted (step {step:?})");
            }
            other => println!("  TOTP {attempt}: {other:?}"),
        }
    }
    Ok(())
}

/// A token issued for an agent, verified at an explicit time, then used for
/// authorization decisions.
fn tokens_and_access(
    user: UserId,
    org: OrgId,
    now: DateTime<Utc>,
    entropy: &SystemEntropy,
) -> Result<(), Box<dyn Error>> {
    let rbac = Rbac::itsm_defaults()?;
    let role = RoleName::new("agent")?;
    let keys = KeySet::new(HmacKey::generate(KeyId::new("jwt-2026-12")?, entropy)?);
    let request = TokenRequest::new(user, org, role.clone())
        .with_permissions(rbac.role_permissions(&role)?)
        .with_teams(vec![TeamId::new("team_001")?])
        .with_mfa_verified(true);
    let issued = TokenIssuer::new(keys.clone(), "itsm-system").issue(
        &request,
        Scope::Access,
        now,
        &entropy,
    )?;
    let verifier = TokenVerifier::new(keys, "itsm-system");
    let revocations = InMemoryRevocations::default();
    let claims = verifier.verify(issued.token.expose(), Scope::Access, now, &revocations)?;
    println!(
        "  token: {} bytes, role {}, expires {}",
        issued.token.expose().len(),
        claims.role,
        claims.exp
    );
    let later = now + Duration::hours(2);
    if let Err(e) = verifier.verify(issued.token.expose(), Scope::Access, later, &revocations) {
        println!("  two hours later: {e}");
    }

    // Authorization from the verified claims.
    let principal = rbac.principal(
        claims.user_id,
        claims.org_id,
        &claims.role,
        claims.permissions,
        claims.teams,
        claims.mfa_verified,
    )?;
    let history = [RecordAction {
        user,
        permission: "change:request".parse()?,
    }];
    let checks = [
        (
            "incident:update",
            ResourceRef::new(org).owned_by(TeamId::new("team_001")?),
        ),
        (
            "incident:update",
            ResourceRef::new(org).owned_by(TeamId::new("team_002")?),
        ),
        ("incident:read", ResourceRef::new(OrgId::generate(entropy)?)),
        (
            "change:approve",
            ResourceRef::new(org).with_history(&history),
        ),
    ];
    for (permission, resource) in &checks {
        let decision = rbac.check(&principal, &permission.parse()?, resource);
        match decision {
            Decision::Allow => println!("  {permission:<16} allow"),
            Decision::Deny { reason } => println!("  {permission:<16} deny: {reason:?}"),
        }
    }
    Ok(())
}
