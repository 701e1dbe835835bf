//! Every inbound model, through the same door a host uses
//! ([`SchemaDoc::canonical`]): a real value round-trips exactly, and any
//! edit of it, however hostile, is refused with an error or read into a
//! value whose canonical form reads back unchanged. Never a panic.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use itsm::auth::guard::{headers, pinning, rate_limit, tls};
use itsm::core::{ControlRef, EvidenceRef, Framework, SeededEntropy};
use itsm::schemas::{SchemaDoc, inbound};
use proptest::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap()
}

fn value(v: impl Serialize) -> Value {
    serde_json::to_value(v).unwrap()
}

fn example(file: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/data")
        .join(file);
    let v: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    match v {
        Value::Array(mut items) => items.remove(0),
        other => other,
    }
}

/// One real document per inbound model, made by the library itself (or
/// taken from the demo data), keyed by schema name.
fn samples() -> BTreeMap<&'static str, Value> {
    use itsm::{audit, auth, dr, gdpr, itil, nist, risk};
    let e = SeededEntropy::new(7);
    let user = itsm::core::UserId::generate(&e).unwrap();
    let org = itsm::core::OrgId::generate(&e).unwrap();
    let catalog = itil::request::ServiceCatalog::seed();
    let matrix = itil::incident::PriorityMatrix::default();
    let hash: pinning::SpkiHash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        .parse()
        .unwrap();
    [
        ("control-ref", value(ControlRef::new(Framework::Iso27001_2022, "A.5.1").unwrap())),
        ("evidence-ref", value(EvidenceRef::new("EV-1", "access review export", t0()).unwrap())),
        ("password-policy", value(auth::PasswordPolicy::default())),
        ("lockout-policy", value(auth::lockout::LockoutPolicy::default())),
        ("lockout-state", value(auth::lockout::LockoutState::default())),
        ("session-policy", value(auth::session::SessionPolicy::default())),
        ("totp-config", value(auth::totp::TotpConfig::default())),
        ("rbac-document", value(auth::rbac::RbacDocument::itsm_defaults().unwrap())),
        (
            "token-claims",
            json!({
                "iss": "itsm-system", "sub": user, "exp": 1_796_292_000, "iat": 1_796_288_400,
                "jti": "t-1", "org_id": org, "user_id": user, "role": "agent",
                "permissions": ["tickets:read", "tickets:*"], "teams": ["service-desk"],
                "mfa_verified": true, "scope": "access", "aud": ["api", "admin"], "nbf": 1_796_288_400,
            }),
        ),
        ("rate-policy", value(rate_limit::RatePolicy::default())),
        ("rate-limit-state", value(rate_limit::GcraState { tat: t0() })),
        ("tls-policy", value(tls::TlsPolicy::default())),
        (
            "tls-listener",
            value(tls::ListenerTls {
                name: "api".into(),
                versions: vec![tls::TlsVersion::Tls1_2, tls::TlsVersion::Tls1_3],
                cipher_suites: vec![tls::CipherSuite::new("TLS_AES_128_GCM_SHA256").unwrap()],
            }),
        ),
        ("security-headers", value(headers::SecurityHeaders::default())),
        ("cookie-policy", value(headers::CookiePolicy::default())),
        (
            "pin-set",
            value(pinning::PinSet::new(vec![pinning::Pin::primary(hash), pinning::Pin::backup("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".parse().unwrap())], t0()).unwrap()),
        ),
        ("risk-matrix", value(risk::RiskMatrix::default())),
        ("risk-register", example("risk-register.json")),
        ("statement-of-applicability", example("statement-of-applicability.json")),
        ("csf-2.0-assessment", example("csf-2.0-assessment.json")),
        (
            "csf-1.1-assessment",
            value(nist::assessment::Assessment::<nist::catalog::Csf11Id>::new(t0(), nist::profile::Tier::RiskInformed)),
        ),
        ("csf-target-profile", example("csf-target-profile.json")),
        ("security-incident", value(nist::incident::IncidentRecord::new("SEC-1", nist::incident::Severity::High, t0()).unwrap())),
        ("response-targets", value(nist::incident::ResponseTargets::default())),
        (
            "incident",
            value(itil::incident::Incident::new("INC1", "caller", "phone", itil::incident::Impact::new(2).unwrap(), itil::incident::Urgency::new(1).unwrap(), &matrix, t0()).unwrap()),
        ),
        ("priority-matrix", value(matrix.clone())),
        ("problem", value(itil::problem::Problem::new("PRB1", "mail outages", t0()).unwrap())),
        (
            "change",
            value(itil::change::Change::new("CHG1", itil::change::ChangeType::Normal, itil::change::RiskAssessment::new(2, 3).unwrap(), t0()).unwrap()),
        ),
        ("change-calendar", value(itil::change::ChangeCalendar::default())),
        ("service-request", value(itil::request::ServiceRequest::new("REQ1", &catalog.items[0], t0()).unwrap())),
        ("service-catalog", value(catalog.clone())),
        ("business-calendar", example("business-calendar.json")),
        (
            "sla-policy",
            value(itil::sla::SlaPolicy::with_defaults(itil::calendar::BusinessCalendar::office_hours("Europe/Berlin").unwrap())),
        ),
        ("processing-record", example("processing-records.json")),
        ("subject-request", example("subject-requests.json")),
        ("holiday-calendar", example("holiday-calendar.json")),
        ("breach-register", example("breach-register.json")),
        ("dpia", value(gdpr::dpia::Dpia::new("ticket triage with ML", "needed to meet SLAs").unwrap())),
        ("retention-schedule", value(gdpr::retention::RetentionSchedule::seed())),
        (
            "audit-event",
            value(audit::event::AuditEvent::new(t0(), "api", audit::event::EventType::Access, audit::event::Action::View, audit::event::Outcome::Success, "viewed INC1")),
        ),
        ("suspicious-activity-rules", value(audit::report::Rules::default())),
        ("anomaly-config", value(audit::anomaly::AnomalyConfig::default())),
        ("dr-plan", example("dr-plan.json")),
        ("drill-record", value(dr::drill::DrillRecord::seed(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()))),
        ("posture-rules", value(itsm::posture::PostureRules::default())),
    ]
    .into_iter()
    .collect()
}

fn doc(name: &str) -> SchemaDoc {
    inbound()
        .into_iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("{name}"))
}

#[test]
fn every_inbound_model_has_a_sample_and_it_round_trips_exactly() {
    let samples = samples();
    let docs = inbound();
    let names: Vec<&str> = docs.iter().map(|d| d.name).collect();
    assert_eq!(samples.keys().copied().collect::<Vec<_>>(), {
        let mut n = names.clone();
        n.sort_unstable();
        n
    });
    for d in &docs {
        let sample = &samples[d.name];
        let read = d
            .canonical(&sample.to_string())
            .unwrap_or_else(|e| panic!("{}: {e}", d.name));
        assert_eq!(&read, sample, "{}", d.name);
        // Pretty-printed and re-keyed text reads the same.
        let pretty = serde_json::to_string_pretty(sample).unwrap();
        assert_eq!(d.canonical(&pretty).unwrap(), read, "{}", d.name);
    }
}

#[test]
fn documents_of_the_wrong_shape_are_refused_by_every_model() {
    for d in inbound() {
        for bad in [
            "",
            " ",
            "nul",
            "[",
            "{",
            "}",
            "\"",
            "\u{0}",
            "{\"a\":",
            "1e999999",
            "\u{feff}{}",
        ] {
            assert!(d.canonical(bad).is_err(), "{} took {bad:?}", d.name);
        }
        // Deeply nested input is refused by serde_json's depth limit, not by the stack.
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(d.canonical(&deep).is_err(), "{}", d.name);
        let deep = format!("{}1{}", "{\"a\":".repeat(50_000), "}".repeat(50_000));
        assert!(d.canonical(&deep).is_err(), "{}", d.name);
    }
}

/// Out-of-range settings each model checks, refused where the document is
/// read rather than where it is used.
#[test]
fn out_of_range_policies_are_refused_when_read() {
    let cases: [(&str, &str, Value); 17] = [
        ("lockout-policy", "/max_failures", json!(0)),
        ("lockout-policy", "/max_failures", json!(101)),
        ("lockout-policy", "/lockout_minutes", json!(0)),
        ("password-policy", "/min_length", json!(0)),
        ("password-policy", "/max_length", json!(10)),
        ("password-policy", "/lockout/max_failures", json!(0)),
        ("totp-config", "/digits", json!(9)),
        ("totp-config", "/period_seconds", json!(0)),
        ("totp-config", "/issuer", json!("a:b")),
        ("response-targets", "/high_respond_seconds", json!(0)),
        ("response-targets", "/contain_seconds", json!(-5)),
        ("sla-policy", "/targets/1/response_seconds", json!(0)),
        (
            "sla-policy",
            "/targets/3/resolution_seconds",
            json!(i64::MAX),
        ),
        ("change", "/risk/impact", json!(200)),
        ("change", "/risk/likelihood", json!(0)),
        ("suspicious-activity-rules", "/start_hour", json!("8")),
        ("token-claims", "/exp", json!(i64::MAX)),
    ];
    let samples = samples();
    for (name, pointer, bad) in cases {
        let mut v = samples[name].clone();
        *v.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{name} {pointer}")) = bad.clone();
        let err = doc(name).canonical(&v.to_string());
        assert!(err.is_err(), "{name} {pointer} = {bad} was read");
    }
}

fn hostile_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(null)),
        Just(json!(0)),
        Just(json!(-1)),
        Just(json!(1)),
        Just(json!(i64::MAX)),
        Just(json!(i64::MIN)),
        Just(json!(u64::MAX)),
        Just(json!(1e308)),
        Just(json!(-0.5)),
        Just(json!(true)),
        Just(json!("")),
        Just(json!("\u{0}\u{1b}[2J\r\n")),
        Just(json!("x".repeat(70_000))),
        Just(json!("../../etc/passwd")),
        Just(json!("2026-02-30T25:61:00Z")),
        Just(json!("9999-12-31T23:59:59Z")),
        Just(json!("+262143-12-31T23:59:59Z")),
        Just(json!("-262143-01-01T00:00:00Z")),
        Just(json!("00000000-0000-0000-0000-000000000000")),
        Just(json!([])),
        Just(json!({})),
        any::<String>().prop_map(Value::String),
        any::<i64>().prop_map(|n| json!(n)),
    ]
}

/// Replaces the `pick`-th node (in a walk of the document) by `leaf`, or
/// removes it, or adds an unknown key next to it.
fn mutate(v: &mut Value, pick: &mut usize, op: u8, leaf: &Value) -> bool {
    if *pick == 0 {
        match op {
            0 => *v = leaf.clone(),
            1 => match v {
                Value::Object(m) => {
                    m.insert("unexpected".into(), leaf.clone());
                }
                Value::Array(a) => a.push(leaf.clone()),
                _ => *v = leaf.clone(),
            },
            _ => match v {
                Value::Object(m) => {
                    if let Some(k) = m.keys().next().cloned() {
                        m.remove(&k);
                    }
                }
                Value::Array(a) => {
                    a.pop();
                }
                _ => *v = Value::Null,
            },
        }
        return true;
    }
    *pick -= 1;
    match v {
        Value::Object(m) => m.values_mut().any(|c| mutate(c, pick, op, leaf)),
        Value::Array(a) => a.iter_mut().any(|c| mutate(c, pick, op, leaf)),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_edit_is_refused_or_read_into_a_stable_form(
        model in 0usize..45,
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, hostile_leaf()), 1..4),
    ) {
        let docs = inbound();
        let d = &docs[model % docs.len()];
        let mut v = samples()[d.name].clone();
        for (index, op, leaf) in edits {
            let mut pick = index.index(4096);
            // Walk until the pick lands inside the document.
            let mut total = 0usize;
            count(&v, &mut total);
            pick %= total;
            mutate(&mut v, &mut pick, op, &leaf);
        }
        if let Ok(read) = d.canonical(&v.to_string()) {
            prop_assert_eq!(d.canonical(&read.to_string()).ok(), Some(read), "{}", d.name);
        }
    }
}

fn count(v: &Value, n: &mut usize) {
    *n += 1;
    match v {
        Value::Object(m) => m.values().for_each(|c| count(c, n)),
        Value::Array(a) => a.iter().for_each(|c| count(c, n)),
        _ => {}
    }
}
