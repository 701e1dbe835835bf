//! `itsm-auth`: JWT verification against jsonwebtoken, TOTP verification with
//! replay check against bare totp-rs, a permission check for a role with 200
//! permissions, bcrypt at the production cost, and the request guards: the
//! rate limiter's decision and the CSRF token check.

use std::fmt::Write as _;
use std::hint::black_box;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use itsm::auth::guard::csrf::{CsrfDecision, CsrfTokens};
use itsm::auth::guard::rate_limit::{
    InMemoryRateStore, KeyKind, Quota, RateDecision, RateKey, RateLimiter, RatePolicy, RouteClass,
};
use itsm::auth::jwt::{
    Claims, KeySet, NoRevocation, Scope, TokenIssuer, TokenRequest, TokenVerifier,
};
use itsm::auth::rbac::{
    Permission, Rbac, RbacDocument, ResourceRef, RoleDefinition, RoleName, TeamId,
};
use itsm::auth::totp::{TotpConfig, TotpCredential};
use itsm::auth::{HmacKey, KeyId, PasswordHasher};
use itsm::core::{OrgId, SystemEntropy, UserId};

mod common;

const SECRET: [u8; 32] = [42; 32];

fn jwt(c: &mut Criterion) {
    let entropy = SystemEntropy::new();
    let keys = KeySet::new(HmacKey::new(KeyId::new("k1").unwrap(), SECRET.to_vec()).unwrap());
    // jsonwebtoken reads the system clock, so the token is issued now.
    let now = Utc::now();
    let role = RoleName::new("agent").unwrap();
    let rbac = Rbac::itsm_defaults().unwrap();
    let request = TokenRequest::new(
        UserId::generate(&entropy).unwrap(),
        OrgId::generate(&entropy).unwrap(),
        role.clone(),
    )
    .with_permissions(rbac.role_permissions(&role).unwrap())
    .with_teams(vec![
        TeamId::new("team_001").unwrap(),
        TeamId::new("team_002").unwrap(),
    ])
    .with_mfa_verified(true)
    .with_email("john.doe@example.com");
    let token = TokenIssuer::new(keys.clone(), "itsm-system")
        .issue(&request, Scope::Access, now, &entropy)
        .unwrap()
        .token;
    let token = token.expose().to_owned();
    let verifier = TokenVerifier::new(keys, "itsm-system");
    let decoding = jsonwebtoken::DecodingKey::from_secret(&SECRET).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.set_issuer(&["itsm-system"]);
    validation.set_required_spec_claims(&["exp", "iss", "sub"]);

    let ours = || {
        verifier
            .verify(black_box(&token), Scope::Access, now, &NoRevocation)
            .unwrap()
    };
    let peer =
        || jsonwebtoken::decode::<Claims>(black_box(&token), &decoding, &validation).unwrap();
    assert_eq!(ours(), peer().claims, "both read the same claims");

    let mut g = c.benchmark_group("jwt_verify_hs256");
    // The part both sides share in kind (size check, base64url, header,
    // HMAC-SHA-256): it bounds how low the ratio can go.
    g.bench_function("itsm_signature_layer_only", |b| {
        b.iter(|| verifier.verify_signature(black_box(&token)).unwrap());
    });
    g.bench_function("itsm", |b| b.iter(ours));
    g.bench_function("jsonwebtoken", |b| b.iter(peer));
    g.finish();
    common::report_ratio("jwt_verify_hs256", "<= 0.5", ours, peer);
}

fn totp(c: &mut Criterion) {
    let secret = b"12345678901234567890";
    let config = TotpConfig::default();
    let ours_cred = TotpCredential::from_secret(&config, "bench", secret).unwrap();
    let bare = totp_rs::Builder::new()
        .with_secret(secret.to_vec())
        .with_skew(1)
        .build()
        .unwrap();
    let t = 1_764_000_015u64;
    let code = ours_cred.code_at(t);
    let last = Some(t / 30 - 5);

    let ours = || ours_cred.check(&config, black_box(&code), t, last);
    let peer = || bare.check(black_box(&code), t);
    assert!(matches!(
        ours(),
        itsm::auth::totp::TotpMatch::Accepted { .. }
    ));
    assert_eq!(peer(), Some(t / 30));

    let mut g = c.benchmark_group("totp_verify");
    g.bench_function("itsm_with_replay_check", |b| b.iter(ours));
    g.bench_function("totp_rs_bare", |b| b.iter(peer));
    g.finish();
    common::report_ratio("totp_verify", "<= 1.2", ours, peer);
}

fn permission(c: &mut Criterion) {
    let entropy = SystemEntropy::new();
    // A role with 200 permissions: 20 resources x 10 actions.
    let permissions: Vec<Permission> = (0..20)
        .flat_map(|r| (0..10).map(move |a| format!("res{r}:act{a}").parse().unwrap()))
        .collect();
    assert_eq!(permissions.len(), 200);
    let big = RoleName::new("big").unwrap();
    let doc = RbacDocument {
        roles: vec![RoleDefinition {
            name: big.clone(),
            description: "200 permissions".into(),
            permissions: permissions.clone(),
        }],
        mfa_required: vec!["res19:act9".parse().unwrap()],
        separation_of_duties: vec![],
    };
    let rbac = Rbac::from_document(doc);
    let org = OrgId::generate(&entropy).unwrap();
    let team = TeamId::new("team_001").unwrap();
    let principal = rbac
        .principal(
            UserId::generate(&entropy).unwrap(),
            org,
            &big,
            permissions,
            [team.clone()],
            true,
        )
        .unwrap();
    let wanted: Permission = "res10:act5".parse().unwrap();
    let resource = ResourceRef::new(org).owned_by(team);
    assert_eq!(
        rbac.check(&principal, &wanted, &resource),
        itsm::auth::rbac::Decision::Allow
    );

    // The peer: casbin enforcing the same grants as RBAC with domains (the
    // tenant as the domain), 200 policy lines for the role. Its enforcer is
    // built asynchronously, once, outside the timed loop; only `enforce` is
    // timed. casbin has no team scope, so our side does a little more.
    let user = principal.user().to_string();
    let domain = org.to_string();
    let mut policy = String::new();
    for p in &rbac.role_permissions(&big).unwrap() {
        writeln!(policy, "p, big, {domain}, {}, {}", p.resource(), p.action()).unwrap();
    }
    writeln!(policy, "g, {user}, big, {domain}").unwrap();
    let model = block_on(casbin::DefaultModel::from_str(CASBIN_RBAC_WITH_DOMAINS)).unwrap();
    let enforcer = block_on(<casbin::Enforcer as casbin::CoreApi>::new(
        model,
        casbin::StringAdapter::new(policy),
    ))
    .unwrap();
    let request = (user.as_str(), domain.as_str(), "res10", "act5");
    assert!(casbin::CoreApi::enforce(&enforcer, request).unwrap());
    assert!(
        !casbin::CoreApi::enforce(
            &enforcer,
            (user.as_str(), domain.as_str(), "res10", "act99")
        )
        .unwrap()
    );

    let ours = || {
        rbac.check(
            black_box(&principal),
            black_box(&wanted),
            black_box(&resource),
        )
    };
    let peer = || casbin::CoreApi::enforce(&enforcer, black_box(request)).unwrap();
    let mut g = c.benchmark_group("permission_check_200");
    g.bench_function("itsm", |b| b.iter(ours));
    g.bench_function("casbin_rbac_with_domains", |b| b.iter(peer));
    g.finish();
    common::report_ratio(
        "permission_check_200",
        "<= 0.1 (at least 10x faster)",
        ours,
        peer,
    );
}

/// casbin's RBAC-with-domains model, as in its own examples.
const CASBIN_RBAC_WITH_DOMAINS: &str = "\
[request_definition]
r = sub, dom, obj, act

[policy_definition]
p = sub, dom, obj, act

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub, r.dom) && r.dom == p.dom && r.obj == p.obj && r.act == p.act
";

/// A minimal executor for casbin's constructors, which do no I/O here: polls
/// until ready, yielding between polls.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::yield_now();
    }
}

fn bcrypt_cost_12(c: &mut Criterion) {
    let entropy = SystemEntropy::new();
    let hasher = PasswordHasher::new(
        HmacKey::generate(KeyId::new("p").unwrap(), &entropy).unwrap(),
        12,
    )
    .unwrap();
    let stored = hasher.hash("Glacier-Orbit-71!", &entropy).unwrap();
    let mut g = c.benchmark_group("password");
    g.sample_size(10)
        .measurement_time(std::time::Duration::from_secs(4));
    g.bench_function("hash_cost_12", |b| {
        b.iter(|| {
            hasher
                .hash(black_box("Glacier-Orbit-71!"), &entropy)
                .unwrap()
        });
    });
    g.bench_function("verify_cost_12", |b| {
        b.iter(|| {
            hasher
                .verify(black_box("Glacier-Orbit-71!"), &stored)
                .unwrap()
        });
    });
    g.finish();
}

fn guards(c: &mut Criterion) {
    let mut g = c.benchmark_group("guard");
    let t0 = Utc::now();

    // The pure GCRA decision: one quota, one state.
    let quota = Quota::per_second(50, 100).unwrap();
    let (_, state) = quota.check(None, t0);
    g.bench_function("gcra_decision", |b| {
        b.iter(|| quota.check(black_box(Some(state)), black_box(t0)));
    });

    // Through the in-memory store holding 10,000 keys, requests spaced at
    // the sustained rate so every one is allowed.
    let limiter = RateLimiter::new(RatePolicy::default(), InMemoryRateStore::default());
    for i in 0..10_000 {
        let key = RateKey::new(RouteClass::Read, KeyKind::User, format!("user-{i:05}")).unwrap();
        limiter.check(&key, t0).unwrap();
    }
    let key = RateKey::new(RouteClass::Read, KeyKind::User, "user-05000").unwrap();
    let step = chrono::Duration::milliseconds(20);
    let mut now = t0;
    g.bench_function("rate_limiter_in_memory_10k_keys", |b| {
        b.iter(|| {
            now += step;
            let d = limiter.check(black_box(&key), now).unwrap();
            debug_assert!(matches!(d, RateDecision::Allow { .. }));
            d
        });
    });

    let entropy = SystemEntropy::new();
    let csrf = CsrfTokens::new(HmacKey::new(KeyId::new("csrf").unwrap(), SECRET.to_vec()).unwrap());
    let session = "3f9c1a7e-session-id-of-typical-length-0042";
    let token = csrf.issue(session, t0, &entropy).unwrap();
    assert!(matches!(
        csrf.verify(token.expose(), session, t0),
        CsrfDecision::Valid { .. }
    ));
    g.bench_function("csrf_verify", |b| {
        b.iter(|| csrf.verify(black_box(token.expose()), black_box(session), t0));
    });
    g.bench_function("csrf_issue", |b| {
        b.iter(|| csrf.issue(session, t0, &entropy).unwrap());
    });
    g.finish();
}

criterion_group!(benches, jwt, totp, permission, bcrypt_cost_12, guards);
criterion_main!(benches);
