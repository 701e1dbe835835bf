//! The compliance dashboard of a demo organisation, run through every crate.
//!
//! Nordlicht IT, a German company, runs a service desk. Its registers, assessments and
//! records are in `examples/data/` (JSON that validates against the schemas
//! in `docs/schemas/`); its tickets are generated here. Everything runs at a
//! fixed `now` with seeded randomness, so the output is the same on every
//! run:
//!
//! ```sh
//! cargo run --release --example compliance_report
//! ```
//!
//! Seeded entropy (feature `test-util`) is for demos and tests only; a host
//! passes `SystemEntropy`.

use std::error::Error;
use std::fmt::Write as _;

use itsm::audit::event::{Action, Actor, AuditEvent, EventType, Outcome};
use itsm::audit::storage::{AuditLog, MemStorage};
use itsm::audit::verify::verify_lines;
use itsm::auth::jwt::{
    InMemoryRevocations, KeySet, Scope, TokenIssuer, TokenRequest, TokenVerifier,
};
use itsm::auth::mfa::{InMemoryMfaStore, Mfa, MfaDecision};
use itsm::auth::rbac::{Decision, Rbac, RecordAction, ResourceRef, RoleName, TeamId};
use itsm::auth::{HmacKey, KeyId, PasswordContext, PasswordHasher, PasswordPolicy};
use itsm::chrono::{DateTime, Duration, TimeZone, Utc};
use itsm::core::{Classification, Entropy, OrgId, SeededEntropy, UserId};
use itsm::crosswalk::{self, Claim};
use itsm::dr::drill::{Cadence, drill_status};
use itsm::dr::plan::DrPlan;
use itsm::gdpr::breach::BreachRegister;
use itsm::gdpr::classification::StoreSettings;
use itsm::gdpr::dsr::{DeadlineRule, HolidayCalendar, RequestState, SubjectRequest};
use itsm::gdpr::retention::{RecordKind, RetentionSchedule};
use itsm::gdpr::ropa::ProcessingRecord;
use itsm::itil::calendar::BusinessCalendar;
use itsm::itil::change::{Change, ChangeState, ChangeType, CloseCode, RiskAssessment, Vote};
use itsm::itil::incident::{Impact, Incident, IncidentState, PriorityMatrix, Urgency};
use itsm::itil::kpi::{ChangeKpis, IncidentKpis, change_kpis, incident_kpis};
use itsm::itil::sla::SlaPolicy;
use itsm::nist::assessment::Assessment;
use itsm::nist::catalog::Csf2Id;
use itsm::nist::incident::{IncidentRecord, Phase, ResponseTargets, Severity};
use itsm::nist::profile::TargetProfile;
use itsm::posture::{
    AuditInputs, CsfInputs, DataProtectionInputs, DrInputs, GdprInputs, IncidentInputs, IsoInputs,
    ItilInputs, PostureInputs, PostureRules, Status, posture,
};
use itsm::risk::register::RiskRegister;
use itsm::risk::soa::StatementOfApplicability;
use itsm::serde_json;

type Res<T = ()> = Result<T, Box<dyn Error>>;

/// Thursday 3 December 2026, 09:00 UTC.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

fn load<T: itsm::serde::de::DeserializeOwned>(name: &str) -> Res<T> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{name}: {e}").into())
}

fn section(title: &str) {
    println!(
        "\n== {title} {}",
        "=".repeat(70usize.saturating_sub(title.len()))
    );
}

/// A deterministic number stream from the seeded entropy source.
struct Draws<'a>(&'a SeededEntropy);

impl Draws<'_> {
    fn below(&self, n: u64) -> u64 {
        let mut b = [0u8; 8];
        if self.0.fill(&mut b).is_err() {
            return 0;
        }
        u64::from_le_bytes(b) % n.max(1)
    }
}

/// What the later sections need from the earlier ones, for the posture.
struct Facts {
    register: RiskRegister,
    soa: StatementOfApplicability,
    csf: Assessment<Csf2Id>,
    target: TargetProfile,
    security_incidents: Vec<IncidentRecord>,
    incident_kpis: IncidentKpis,
    change_kpis: ChangeKpis,
    records: Vec<ProcessingRecord>,
    requests: Vec<SubjectRequest>,
    holidays: HolidayCalendar,
    breaches: BreachRegister,
    trail: itsm::audit::verify::Verified,
    dr_findings: Vec<itsm::dr::plan::Finding>,
}

fn main() -> Res {
    let entropy = SeededEntropy::new(2026);
    println!(
        "Nordlicht IT GmbH: compliance dashboard at {}",
        now().format("%Y-%m-%d %H:%M UTC")
    );
    println!("(demo organisation; data in examples/data, tickets generated, randomness seeded)");
    authentication(&entropy)?;
    let (register, soa) = risk()?;
    let (csf, target) = csf()?;
    let security_incidents = incident_response()?;
    let (incident_kpis, change_kpis) = itil(&entropy)?;
    let (records, requests, holidays, breaches) = gdpr()?;
    let trail = audit(&entropy)?;
    let dr_findings = dr()?;
    let facts = Facts {
        register,
        soa,
        csf,
        target,
        security_incidents,
        incident_kpis,
        change_kpis,
        records,
        requests,
        holidays,
        breaches,
        trail,
        dr_findings,
    };
    cross_framework(&facts);
    Ok(())
}

fn authentication(entropy: &SeededEntropy) -> Res {
    section("Passwords (seed policy; NIST SP 800-63B preset)");
    let seed = PasswordPolicy::default();
    let nist = PasswordPolicy::nist_800_63b();
    let ctx = PasswordContext::new()
        .with_user_name("mkoch")
        .with_email("maria.koch@nordlicht.example");
    for candidate in [
        "Winter2026!",
        "mkoch-Nordlicht-1!",
        "correct horse battery staple",
        "Glacier-Orbit-71!",
    ] {
        let verdict = |p: &PasswordPolicy| {
            let v = p.validate(candidate, &ctx);
            if v.is_empty() {
                "accepted".to_owned()
            } else {
                format!(
                    "refused ({})",
                    v.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            }
        };
        println!("  {candidate:<30} seed: {}", verdict(&seed));
        println!("  {:<30} NIST: {}", "", verdict(&nist));
    }
    let hasher = PasswordHasher::new(
        HmacKey::generate(KeyId::new("pepper-2026")?, entropy)?,
        seed.bcrypt_cost,
    )?;
    let stored = hasher.hash("Glacier-Orbit-71!", entropy)?;
    println!(
        "  stored with bcrypt cost {} behind a peppered HMAC; verifies: {}",
        seed.bcrypt_cost,
        hasher.verify("Glacier-Orbit-71!", &stored)?
    );

    let user = UserId::generate(entropy)?;
    let org = OrgId::generate(entropy)?;
    mfa(user, entropy)?;
    tokens(user, org, entropy)
}

fn mfa(user: UserId, entropy: &SeededEntropy) -> Res {
    section("MFA enrollment and verification");
    let mfa = Mfa::new(HmacKey::generate(
        KeyId::new("backup-codes-2026")?,
        entropy,
    )?);
    let store = InMemoryMfaStore::default();
    let enrolled = mfa.enroll(user, "maria.koch@nordlicht.example", &store, entropy)?;
    println!(
        "  enrolled: provisioning URI {:?}, QR code {} bytes of PNG, {} backup codes",
        enrolled.provisioning_uri,
        enrolled.qr_png.len(),
        enrolled.backup_codes.len()
    );
    let code = enrolled
        .credential
        .code_at(u64::try_from(now().timestamp())?);
    for attempt in ["code from the app", "the same code again"] {
        let decision = mfa.verify_totp(user, &enrolled.credential, &code, now(), &store)?;
        let shown = match decision {
            MfaDecision::Accepted { step } => format!("accepted (step {step:?})"),
            other => format!("{other:?}"),
        };
        println!("  {attempt:<22} {shown}");
    }

    Ok(())
}

fn tokens(user: UserId, org: OrgId, entropy: &SeededEntropy) -> Res {
    section("Tokens (HS256) and access decisions");
    let rbac = Rbac::itsm_defaults()?;
    let role = RoleName::new("agent")?;
    let keys = KeySet::new(HmacKey::generate(KeyId::new("jwt-2026-12")?, entropy)?);
    let request = TokenRequest::new(user, org, role.clone())
        .with_permissions(rbac.role_permissions(&role)?)
        .with_teams(vec![TeamId::new("network")?])
        .with_mfa_verified(true);
    let issued = TokenIssuer::new(keys.clone(), "itsm-system").issue(
        &request,
        Scope::Access,
        now(),
        entropy,
    )?;
    let verifier = TokenVerifier::new(keys, "itsm-system");
    let revoked = InMemoryRevocations::default();
    let claims = verifier.verify(issued.token.expose(), Scope::Access, now(), &revoked)?;
    println!(
        "  issued {} bytes for role {}, {} permissions, expires {}",
        issued.token.expose().len(),
        claims.role,
        claims.permissions.len(),
        claims.exp.format("%H:%M UTC")
    );
    // Tamper: change one character of the payload, keep the signature.
    let mut parts: Vec<String> = issued
        .token
        .expose()
        .split('.')
        .map(str::to_owned)
        .collect();
    if let Some(payload) = parts.get_mut(1) {
        let flipped: String = payload
            .char_indices()
            .map(|(i, c)| {
                if i == 40 {
                    if c == 'A' { 'B' } else { 'A' }
                } else {
                    c
                }
            })
            .collect();
        *payload = flipped;
    }
    match verifier.verify(&parts.join("."), Scope::Access, now(), &revoked) {
        Ok(_) => println!("  tampered token: ACCEPTED (this must not happen)"),
        Err(e) => println!("  the same token with one payload character changed: rejected: {e}"),
    }
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
            "an incident of her own team",
            ResourceRef::new(org).owned_by(TeamId::new("network")?),
        ),
        (
            "incident:update",
            "another team's incident",
            ResourceRef::new(org).owned_by(TeamId::new("payroll")?),
        ),
        (
            "incident:read",
            "another tenant's incident",
            ResourceRef::new(OrgId::generate(entropy)?),
        ),
        (
            "change:approve",
            "a change she requested",
            ResourceRef::new(org).with_history(&history),
        ),
    ];
    for (permission, what, resource) in &checks {
        let shown = match rbac.check(&principal, &permission.parse()?, resource) {
            Decision::Allow => "allow".to_owned(),
            Decision::Deny { reason } => format!("deny ({reason:?})"),
        };
        println!("  {permission:<16} on {what:<28} {shown}");
    }
    Ok(())
}

fn risk() -> Res<(RiskRegister, StatementOfApplicability)> {
    section("ISO/IEC 27001:2022: risk register and Statement of Applicability");
    let register: RiskRegister = load("risk-register.json")?;
    let heat = register.heat_map();
    println!("  heat map, inherent | residual (rows: likelihood 5 to 1; columns: impact 1 to 5)");
    for li in (0..heat.likelihood.len()).rev() {
        let row = |cells: &Vec<Vec<u32>>| -> String {
            cells.get(li).map_or_else(String::new, |r| {
                r.iter()
                    .map(|n| {
                        if *n == 0 {
                            " .".to_owned()
                        } else {
                            format!("{n:>2}")
                        }
                    })
                    .collect::<String>()
            })
        };
        println!(
            "  {:>16} {} | {}",
            heat.likelihood.get(li).map_or("", String::as_str),
            row(&heat.inherent),
            row(&heat.residual)
        );
    }
    let summary = register.summary()?;
    let levels: Vec<String> = summary
        .inherent_by_level
        .iter()
        .rev()
        .filter(|(_, n)| **n > 0)
        .map(|(l, n)| format!("{l:?} {n}"))
        .collect();
    println!("  {} risks; inherent: {}", summary.risks, levels.join(", "));
    for f in register.findings(now())? {
        println!("  register finding: {f:?}");
    }
    let soa: StatementOfApplicability = load("statement-of-applicability.json")?;
    let applicable = soa.entries().filter(|e| e.applicable).count();
    let implemented = soa
        .entries()
        .filter(|e| e.applicable && e.status.is_implemented())
        .count();
    println!("  SoA: {applicable} of 93 controls applicable, {implemented} implemented");
    for d in soa.validate(&register, now()) {
        println!("  SoA defect: {d:?}");
    }
    Ok((register, soa))
}

fn csf() -> Res<(Assessment<Csf2Id>, TargetProfile)> {
    section("NIST CSF 2.0: current profile against target");
    let current: Assessment<Csf2Id> = load("csf-2.0-assessment.json")?;
    let target: TargetProfile = load("csf-target-profile.json")?;
    let report = current.report();
    let mut line = String::new();
    for f in &report.functions {
        let _ = write!(line, "{} {:.0}%  ", f.function, f.percent_implemented);
    }
    println!("  implemented per function: {line}");
    println!(
        "  current tier: {}; target tier: {} ({} below)",
        report.overall_maturity,
        target.tier,
        target.tier_gap(&current)
    );
    let gaps = target.gaps(&current);
    println!(
        "  {} of {} target subcategories below target; the first by priority:",
        gaps.len(),
        target.targets.len()
    );
    for g in gaps.iter().take(6) {
        println!(
            "    {:<9} {:<12} -> {:<12} {}",
            g.subcategory.as_str(),
            g.current.to_string(),
            g.target.to_string(),
            g.subcategory.title()
        );
    }
    Ok((current, target))
}

fn incident_response() -> Res<Vec<IncidentRecord>> {
    section("NIST SP 800-61: security incidents");
    let targets = ResponseTargets::seed();
    let t = |h: i64| now() - Duration::hours(h);
    let mut out = Vec::new();
    for (id, sev, detected_h, respond_min, closed) in [
        ("SEC-2026-031", Severity::Medium, 240, 90, true),
        ("SEC-2026-032", Severity::Low, 200, 600, true),
        ("SEC-2026-033", Severity::High, 120, 10, true),
        ("SEC-2026-034", Severity::Medium, 30, 360, false),
        ("SEC-2026-035", Severity::High, 2, 0, false),
    ] {
        let mut r = IncidentRecord::new(id, sev, t(detected_h))?;
        r.transition(Phase::DetectionAndAnalysis, t(detected_h))?;
        if respond_min > 0 {
            r.mark_responded(t(detected_h) + Duration::minutes(respond_min))?;
            r.transition(
                Phase::ContainmentEradicationRecovery,
                t(detected_h) + Duration::minutes(respond_min),
            )?;
        }
        if closed {
            r.transition(
                Phase::PostIncidentActivity,
                t(detected_h) + Duration::hours(24),
            )?;
            if sev == Severity::High {
                r.record_lessons(itsm::nist::incident::LessonsLearned::new(
                    "phishing kit reused an old campaign; block its sender domains at the gateway",
                    "incident manager",
                    t(detected_h) + Duration::hours(30),
                )?)?;
            }
            r.transition(Phase::Closed, t(detected_h) + Duration::hours(48))?;
        }
        let missed = targets.missed(&r, now());
        let state = if missed.is_empty() {
            "on target".to_owned()
        } else {
            format!(
                "missed {:?}",
                missed.iter().map(|m| m.kind).collect::<Vec<_>>()
            )
        };
        println!(
            "  {id} {:<7} {:<38} {state}",
            format!("{sev:?}"),
            r.phase().to_string()
        );
        out.push(r);
    }
    Ok(out)
}

/// A month of generated tickets and changes, their SLA clocks and KPIs.
fn itil(entropy: &SeededEntropy) -> Res<(IncidentKpis, ChangeKpis)> {
    section("ITIL 4: incidents, SLA clocks and KPIs");
    let calendar: BusinessCalendar = load("business-calendar.json")?;
    let policy = SlaPolicy::with_defaults(calendar);
    let draw = Draws(entropy);
    let start = Utc
        .with_ymd_and_hms(2026, 11, 2, 6, 0, 0)
        .single()
        .unwrap_or_default();
    let incidents = generate_incidents(&draw, start)?;
    report_itil(&incidents, &policy, start, &draw)
}

/// A month of tickets from `start`: most resolved (a fifth at first
/// contact), some put on hold, the last day and a half still open.
fn generate_incidents(draw: &Draws<'_>, start: DateTime<Utc>) -> Res<Vec<Incident>> {
    let matrix = PriorityMatrix::default();
    let mut incidents = Vec::new();
    for i in 0..320u64 {
        let opened = start + Duration::minutes(i64::try_from(i * 138 + draw.below(90))?);
        let impact = Impact::new(u8::try_from(1 + draw.below(3))?)?;
        let urgency = Urgency::new(u8::try_from(1 + draw.below(3))?)?;
        let channel = ["portal", "phone", "email", "chat"][usize::try_from(draw.below(4))?];
        let mut inc = Incident::new(
            format!("INC{:07}", 4100 + i),
            "caller",
            channel,
            impact,
            urgency,
            &matrix,
            opened,
        )?;
        let p = i64::from(inc.priority.get());
        let mut at = opened + Duration::minutes(i64::try_from(2 + draw.below(14))? * p);
        // The last day and a half of tickets is still being worked.
        let recent = now() - opened < Duration::hours(36);
        if at >= now() {
            incidents.push(inc);
            continue;
        }
        if draw.below(5) == 0 && !recent {
            inc.transition(IncidentState::Resolved, at)?; // first contact
        } else {
            inc.transition(IncidentState::InProgress, at)?;
            if draw.below(4) == 0 {
                at += Duration::hours(i64::try_from(1 + draw.below(20))?);
                if at < now() {
                    inc.transition(IncidentState::OnHold, at)?;
                    at += Duration::hours(i64::try_from(2 + draw.below(30))?);
                    if at < now() {
                        inc.transition(IncidentState::InProgress, at)?;
                    }
                }
            }
            at += Duration::minutes(i64::try_from(20 + draw.below(200))? * p);
            if !recent && at < now() && inc.state == IncidentState::InProgress {
                inc.transition(IncidentState::Resolved, at)?;
            }
        }
        if inc.state == IncidentState::Resolved && at + Duration::days(3) < now() {
            inc.transition(IncidentState::Closed, at + Duration::days(3))?;
            inc.csat = Some(u8::try_from(3 + draw.below(3))?);
        }
        incidents.push(inc);
    }
    Ok(incidents)
}

fn report_itil(
    incidents: &[Incident],
    policy: &SlaPolicy,
    start: DateTime<Utc>,
    draw: &Draws<'_>,
) -> Res<(IncidentKpis, ChangeKpis)> {
    let open: Vec<&Incident> = incidents
        .iter()
        .filter(|i| {
            !matches!(
                i.state,
                IncidentState::Resolved | IncidentState::Closed | IncidentState::Canceled
            )
        })
        .collect();
    println!(
        "  {} incidents since {}; {} open. The open ones nearest their resolution deadline:",
        incidents.len(),
        start.format("%Y-%m-%d"),
        open.len()
    );
    let mut clocks = Vec::new();
    for inc in &open {
        clocks.push((policy.evaluate(inc, now())?, *inc));
    }
    clocks.sort_by(|a, b| {
        b.0.resolution
            .percent_used
            .total_cmp(&a.0.resolution.percent_used)
    });
    for (s, inc) in clocks.iter().take(5) {
        let due = s.resolution.due_at.map_or_else(
            || "paused".to_owned(),
            |d| d.format("%m-%d %H:%M").to_string(),
        );
        println!(
            "    {} P{} {:<11} resolution {:>5.0}% used, due {due}{}",
            inc.number,
            inc.priority.get(),
            format!("{:?}", inc.state),
            s.resolution.percent_used,
            if s.resolution.breached {
                ", BREACHED"
            } else {
                ""
            }
        );
    }
    let k = incident_kpis(incidents, policy, now())?;
    let mins =
        |s: Option<f64>| s.map_or_else(|| "n/a".to_owned(), |v| format!("{:.0} min", v / 60.0));
    let pct = |s: Option<f64>| s.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.1}%"));
    println!(
        "  KPIs: MTTA {}, MTTR {} wall / {} business, first-contact resolution {}, SLA compliance {}, CSAT {}",
        mins(k.mtta_seconds),
        mins(k.mttr_wall_seconds),
        mins(k.mttr_business_seconds),
        pct(k.first_contact_resolution_rate.map(|r| r * 100.0)),
        pct(k.sla_compliance_percent),
        k.csat_mean
            .map_or_else(|| "n/a".to_owned(), |c| format!("{c:.2}/5"))
    );
    let changes = changes(draw)?;
    let c = change_kpis(&changes, incidents, policy, now())?;
    println!(
        "  changes: {} closed, success {}, rollback {}, CAB effectiveness {}",
        c.closed,
        pct(c.success_percent),
        pct(c.rollback_percent),
        pct(c.cab_effectiveness.map(|r| r * 100.0))
    );
    Ok((k, c))
}

fn changes(draw: &Draws<'_>) -> Res<Vec<Change>> {
    let start = Utc
        .with_ymd_and_hms(2026, 11, 2, 8, 0, 0)
        .single()
        .unwrap_or_default();
    let mut out = Vec::new();
    for i in 0..24u64 {
        let at = start + Duration::hours(i64::try_from(i * 26)?);
        let (kind, risk) = match i % 8 {
            0..=3 => (ChangeType::Standard, RiskAssessment::new(1, 1)?),
            7 if i == 23 => (ChangeType::Emergency, RiskAssessment::new(3, 3)?),
            _ => (ChangeType::Normal, RiskAssessment::new(3, 2)?),
        };
        let mut c = Change::new(format!("CHG{:06}", 700 + i), kind, risk, at)?;
        match kind {
            ChangeType::Standard => c.transition(ChangeState::Approved, at)?,
            ChangeType::Normal => {
                c.transition(ChangeState::Assessed, at)?;
                c.transition(ChangeState::CabReview, at)?;
                for m in ["ann", "bo", "cy"] {
                    c.vote(m, Vote::Approve)?;
                }
                c.decide_by_cab(5, at + Duration::hours(4))?;
            }
            ChangeType::Emergency => {
                // The emergency CAB: three members, all reached by phone.
                c.transition(ChangeState::CabReview, at)?;
                for m in ["ann", "bo", "cy"] {
                    c.vote(m, Vote::Approve)?;
                }
                c.decide_by_cab(3, at + Duration::hours(1))?;
            }
        }
        c.transition(ChangeState::Implementing, at + Duration::hours(6))?;
        c.transition(ChangeState::Review, at + Duration::hours(8))?;
        let code = match draw.below(12) {
            0 => CloseCode::RolledBack,
            1 => CloseCode::SuccessfulWithIssues,
            _ => CloseCode::Successful,
        };
        c.close(code, at + Duration::hours(10))?;
        out.push(c);
    }
    Ok(out)
}

type Gdpr = (
    Vec<ProcessingRecord>,
    Vec<SubjectRequest>,
    HolidayCalendar,
    BreachRegister,
);

fn gdpr() -> Res<Gdpr> {
    section("GDPR: data-subject requests and breaches");
    let records: Vec<ProcessingRecord> = load("processing-records.json")?;
    for r in &records {
        let missing = r.missing_fields();
        if !missing.is_empty() {
            println!(
                "  record of processing {:?} lacks {}",
                r.purposes.first().map_or("", String::as_str),
                missing.join(", ")
            );
        }
    }
    let requests: Vec<SubjectRequest> = load("subject-requests.json")?;
    let holidays: HolidayCalendar = load("holiday-calendar.json")?;
    println!(
        "  request queue (deadline per Art. 12(3) and Regulation 1182/71; the seed's 30 days for comparison):"
    );
    for r in &requests {
        let due = r.due(DeadlineRule::Regulation, &holidays);
        let seed_due = r.due(DeadlineRule::SeedThirtyDays, &holidays);
        let open = !matches!(r.state, RequestState::Completed | RequestState::Refused);
        let left = if open {
            let days = (due - now().date_naive()).num_days();
            if r.is_overdue(now(), DeadlineRule::Regulation, &holidays) {
                format!("OVERDUE by {} days", -days)
            } else {
                format!("{days} days left")
            }
        } else {
            "answered".to_owned()
        };
        println!(
            "    {:<13} received {} {:<16} due {due} ({left}; seed's rule: {seed_due})",
            format!("{:?}", r.right),
            r.received_at.format("%Y-%m-%d"),
            format!("{:?}", r.state),
        );
    }
    let breaches: BreachRegister = load("breach-register.json")?;
    for b in &breaches.breaches {
        if b.notified_at.is_some() {
            println!(
                "  breach {}: notified {}",
                b.id,
                b.notified_at
                    .map(|t| t.format("%Y-%m-%d").to_string())
                    .unwrap_or_default()
            );
            continue;
        }
        let left = b.notification_deadline() - now();
        println!(
            "  breach {} OPEN: aware {}, notify the authority by {} ({}h {}m left); Art. 33(3) content still missing: {}",
            b.id,
            b.aware_at.format("%m-%d %H:%M"),
            b.notification_deadline().format("%m-%d %H:%M UTC"),
            left.num_hours(),
            left.num_minutes() % 60,
            b.missing_notification_content().join(", ")
        );
    }
    Ok((records, requests, holidays, breaches))
}

fn audit(entropy: &SeededEntropy) -> Res<itsm::audit::verify::Verified> {
    section("Audit trail: sealed, verified, tampered, caught");
    let (mut log, _) = AuditLog::open(MemStorage::default(), None)?;
    let user = UserId::generate(entropy)?;
    let mut events = Vec::new();
    for i in 0..200i64 {
        let (kind, action, outcome) = match i % 10 {
            0 => (EventType::Access, Action::Login, Outcome::Success),
            1 => (EventType::Access, Action::Login, Outcome::Failure),
            2 | 3 => (EventType::Access, Action::View, Outcome::Success),
            _ => (EventType::Update, Action::Update, Outcome::Success),
        };
        let mut e = AuditEvent::new(
            now() - Duration::minutes(400 - 2 * i),
            "itsm-api",
            kind,
            action,
            outcome,
            format!("INC{:07} touched", 4100 + i),
        );
        e.actor = Actor::user(user);
        e.entity_type = Some("incident".into());
        e.entity_id = Some(format!("INC{:07}", 4100 + i));
        events.push(e);
    }
    for batch in events.chunks(50) {
        log.append_batch(batch)?;
    }
    let checkpoint = log.checkpoint();
    let text = String::from_utf8(log.into_storage().durable().to_vec())?;
    let lines: Vec<&str> = text.lines().collect();
    let verified = verify_lines(lines.iter().copied(), Some(&checkpoint))?;
    println!(
        "  {} records sealed and verified against the checkpoint (root {})",
        verified.records,
        hex(&verified.root[..8])
    );
    let mut forged: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    if let Some(l) = forged.get_mut(120) {
        *l = l.replacen("INC0004220 touched", "INC0004220 closed", 1);
    }
    report_tamper(
        "one record's description edited",
        forged.iter().map(String::as_str),
        &checkpoint,
    );
    let mut dropped: Vec<&str> = lines.clone();
    dropped.remove(77);
    report_tamper("one record deleted", dropped.iter().copied(), &checkpoint);
    report_tamper(
        "the last 20 records cut off",
        lines.iter().copied().take(180),
        &checkpoint,
    );
    Ok(verified)
}

fn report_tamper<'a>(
    what: &str,
    lines: impl IntoIterator<Item = &'a str>,
    checkpoint: &itsm::audit::verify::Checkpoint,
) {
    match verify_lines(lines, Some(checkpoint)) {
        Ok(_) => println!("  {what}: NOT DETECTED (this must not happen)"),
        Err(e) => println!("  {what}: caught: {e}"),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn dr() -> Res<Vec<itsm::dr::plan::Finding>> {
    section("Disaster recovery: the plan, checked");
    let plan: DrPlan = load("dr-plan.json")?;
    let findings = plan.check()?;
    println!(
        "  {} services, {} runbooks; {} findings:",
        plan.services.len(),
        plan.runbooks.len(),
        findings.len()
    );
    for f in &findings {
        println!("    {f}");
    }
    let last = now().date_naive() - Duration::days(95);
    println!(
        "  last drill {last}: {:?}",
        drill_status(Cadence::default(), Some(last), now().date_naive())
    );
    Ok(findings)
}

fn cross_framework(f: &Facts) {
    section("Assess once, comply many: CSF 2.0 evidence toward ISO/IEC 27001:2022");
    let support = crosswalk::supported_iso(&f.csf);
    let (mut none, mut some, mut all) = (0, 0, 0);
    for s in &support {
        match s.claim {
            Claim::NoEvidence => none += 1,
            Claim::Supports { implemented, of } if implemented == of => all += 1,
            Claim::Supports { .. } => some += 1,
            Claim::Satisfied => {}
        }
    }
    println!(
        "  of {} ISO targets with NIST informative references: {all} have every related subcategory implemented, {some} some, {none} none",
        support.len()
    );
    println!(
        "  (NIST's pairs are \"intersects with\": evidence to reuse, never proof that the ISO control is met)"
    );

    posture_section(f);
}

fn posture_section(f: &Facts) {
    section("Compliance posture (the seed's checklist, computed)");
    let stores = [
        (
            "ticket database",
            Classification::Confidential,
            StoreSettings {
                encrypted_at_rest: true,
                access_controlled: true,
            },
        ),
        (
            "identity provider",
            Classification::Secret,
            StoreSettings {
                encrypted_at_rest: true,
                access_controlled: true,
            },
        ),
        (
            "survey exports bucket",
            Classification::Confidential,
            StoreSettings {
                encrypted_at_rest: false,
                access_controlled: true,
            },
        ),
    ];
    let schedule = RetentionSchedule::seed();
    let retention: Vec<_> = [
        (
            RecordKind::IncidentTicket,
            now() - Duration::days(6 * 365),
            false,
        ),
        (
            RecordKind::IncidentTicket,
            now() - Duration::days(400),
            false,
        ),
        (RecordKind::AuditLog, now() - Duration::days(3 * 365), false),
        (RecordKind::Backup, now() - Duration::days(45), true),
    ]
    .into_iter()
    .filter_map(|(kind, created, hold)| schedule.decide(kind, created, hold, now()).ok())
    .collect();
    let targets = ResponseTargets::seed();
    let mut inputs = PostureInputs::new(now());
    inputs.iso = Some(IsoInputs {
        soa: &f.soa,
        register: &f.register,
    });
    inputs.csf = Some(CsfInputs {
        current: &f.csf,
        target: &f.target,
    });
    inputs.incident_response = Some(IncidentInputs {
        incidents: &f.security_incidents,
        targets: &targets,
    });
    inputs.itil = Some(ItilInputs {
        incidents: &f.incident_kpis,
        changes: &f.change_kpis,
    });
    inputs.gdpr = Some(GdprInputs {
        records: &f.records,
        requests: &f.requests,
        deadline_rule: DeadlineRule::Regulation,
        holidays: &f.holidays,
        breaches: &f.breaches,
    });
    inputs.data_protection = Some(DataProtectionInputs {
        stores: &stores,
        retention: &retention,
    });
    inputs.audit = Some(AuditInputs {
        verification: Ok(f.trail),
        against_checkpoint: true,
    });
    let last_drill = now().date_naive() - Duration::days(95);
    inputs.dr = Some(DrInputs {
        findings: &f.dr_findings,
        drill: drill_status(Cadence::default(), Some(last_drill), now().date_naive()),
    });
    for area in posture(&inputs, &PostureRules::default()) {
        let mark = match area.status {
            Status::Met => "[met]        ",
            Status::Partial => "[partial]    ",
            Status::NotMet => "[not met]    ",
            Status::NotAssessed => "[not assessed]",
        };
        println!("  {mark} {}", area.area);
        for reason in area.reasons.iter().take(3) {
            println!("                 - {reason}");
        }
    }
}
