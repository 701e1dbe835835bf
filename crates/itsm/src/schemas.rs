//! JSON Schemas for every model a host sends in or stores (policies,
//! registers, assessments, records), generated from the Rust types by
//! schemars, so services in other languages can validate payloads before
//! sending them.
//!
//! The repository keeps them in `docs/schemas/`, written by `cargo run
//! --example policy_reference`; a test fails when a committed schema differs
//! from the generated one. Each schema describes the checked form the type
//! accepts: ranges and patterns of validated values, `additionalProperties:
//! false` where the type refuses unknown fields.
//!
//! # Examples
//!
//! ```
//! let schemas = itsm::schemas::inbound();
//! let policy = schemas.iter().find(|s| s.name == "password-policy").unwrap();
//! assert_eq!(policy.schema.get("title").and_then(|t| t.as_str()), Some("PasswordPolicy"));
//! ```

use schemars::{JsonSchema, Schema, schema_for};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// One model's schema.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SchemaDoc {
    /// The file name without `.json` (`risk-register`).
    pub name: &'static str,
    /// The crate and type (`itsm-risk` `register::RiskRegister`).
    pub type_path: &'static str,
    /// What the document is.
    pub description: &'static str,
    /// The schema.
    pub schema: Schema,
    canonical: fn(&str) -> Result<serde_json::Value, serde_json::Error>,
}

impl SchemaDoc {
    /// Reads `json` as this model, with every check the Rust type applies
    /// (ranges, identifiers, unknown fields), and returns the model's own
    /// serialisation of what it read: the canonical form a host can store.
    ///
    /// Reading the canonical form again gives the same value; the
    /// workspace's property tests and the `models` fuzz target hold every
    /// model to that.
    ///
    /// # Errors
    ///
    /// The [`serde_json::Error`] saying where the document does not fit the
    /// model (it quotes at most the offending field name, never whole values
    /// of other fields).
    ///
    /// # Examples
    ///
    /// ```
    /// let schemas = itsm::schemas::inbound();
    /// let lockout = schemas.iter().find(|s| s.name == "lockout-policy").unwrap();
    /// let canonical = lockout
    ///     .canonical(r#"{"max_failures": 5, "lockout_minutes": 15}"#)
    ///     .unwrap();
    /// assert_eq!(lockout.canonical(&canonical.to_string()).unwrap(), canonical);
    /// assert!(lockout.canonical(r#"{"max_failures": 0, "lockout_minutes": 15}"#).is_err());
    /// assert!(lockout.canonical("[]").is_err());
    /// ```
    pub fn canonical(&self, json: &str) -> Result<serde_json::Value, serde_json::Error> {
        (self.canonical)(json)
    }
}

fn canonical<T: Serialize + DeserializeOwned>(
    json: &str,
) -> Result<serde_json::Value, serde_json::Error> {
    let value: T = serde_json::from_str(json)?;
    serde_json::to_value(&value)
}

fn doc<T: JsonSchema + Serialize + DeserializeOwned>(
    name: &'static str,
    type_path: &'static str,
    description: &'static str,
) -> SchemaDoc {
    SchemaDoc {
        name,
        type_path,
        description,
        schema: schema_for!(T),
        canonical: canonical::<T>,
    }
}

/// Every inbound model's schema, by crate.
#[must_use]
#[expect(
    clippy::too_many_lines,
    reason = "one entry per schema: a list, not logic"
)]
pub fn inbound() -> Vec<SchemaDoc> {
    use itsm_auth::guard::{headers, pinning, rate_limit, tls};
    vec![
        doc::<itsm_core::ControlRef>(
            "control-ref",
            "itsm-core ControlRef",
            "a reference to a control, clause, subcategory or article of a framework",
        ),
        doc::<itsm_core::EvidenceRef>(
            "evidence-ref",
            "itsm-core EvidenceRef",
            "a piece of evidence with its collection and expiry dates",
        ),
        doc::<itsm_auth::PasswordPolicy>(
            "password-policy",
            "itsm-auth PasswordPolicy",
            "the password rules",
        ),
        doc::<itsm_auth::lockout::LockoutPolicy>(
            "lockout-policy",
            "itsm-auth lockout::LockoutPolicy",
            "failed attempts before lockout and its duration",
        ),
        doc::<itsm_auth::lockout::LockoutState>(
            "lockout-state",
            "itsm-auth lockout::LockoutState",
            "an account's failed-attempt counter, as stored",
        ),
        doc::<itsm_auth::session::SessionPolicy>(
            "session-policy",
            "itsm-auth session::SessionPolicy",
            "idle and absolute session timeouts",
        ),
        doc::<itsm_auth::totp::TotpConfig>(
            "totp-config",
            "itsm-auth totp::TotpConfig",
            "TOTP parameters and verification window",
        ),
        doc::<itsm_auth::rbac::RbacDocument>(
            "rbac-document",
            "itsm-auth rbac::RbacDocument",
            "roles, MFA-required permissions and separation-of-duties rules",
        ),
        doc::<itsm_auth::jwt::Claims>(
            "token-claims",
            "itsm-auth jwt::Claims",
            "the claims of an access or refresh token",
        ),
        doc::<rate_limit::RatePolicy>(
            "rate-policy",
            "itsm-auth guard::rate_limit::RatePolicy",
            "rate limit quotas per route class",
        ),
        doc::<rate_limit::GcraState>(
            "rate-limit-state",
            "itsm-auth guard::rate_limit::GcraState",
            "one key's rate limiter state, as stored",
        ),
        doc::<tls::TlsPolicy>(
            "tls-policy",
            "itsm-auth guard::tls::TlsPolicy",
            "allowed TLS versions and cipher suites",
        ),
        doc::<tls::ListenerTls>(
            "tls-listener",
            "itsm-auth guard::tls::ListenerTls",
            "a listener's TLS configuration, as the host describes it",
        ),
        doc::<headers::SecurityHeaders>(
            "security-headers",
            "itsm-auth guard::headers::SecurityHeaders",
            "the security response headers to send",
        ),
        doc::<headers::CookiePolicy>(
            "cookie-policy",
            "itsm-auth guard::headers::CookiePolicy",
            "the flags cookies must carry",
        ),
        doc::<pinning::PinSet>(
            "pin-set",
            "itsm-auth guard::pinning::PinSet",
            "SPKI SHA-256 pins with backup pins and expiry",
        ),
        doc::<itsm_risk::RiskMatrix>(
            "risk-matrix",
            "itsm-risk RiskMatrix",
            "a likelihood x impact matrix with a level per cell",
        ),
        doc::<itsm_risk::register::RiskRegister>(
            "risk-register",
            "itsm-risk register::RiskRegister",
            "assets, threats, vulnerabilities and risk scenarios with treatment and decisions",
        ),
        doc::<itsm_risk::soa::StatementOfApplicability>(
            "statement-of-applicability",
            "itsm-risk soa::StatementOfApplicability",
            "one decision per Annex A control",
        ),
        doc::<itsm_nist::assessment::Assessment<itsm_nist::catalog::Csf2Id>>(
            "csf-2.0-assessment",
            "itsm-nist assessment::Assessment<Csf2Id>",
            "an assessment against CSF 2.0",
        ),
        doc::<itsm_nist::assessment::Assessment<itsm_nist::catalog::Csf11Id>>(
            "csf-1.1-assessment",
            "itsm-nist assessment::Assessment<Csf11Id>",
            "an assessment against CSF 1.1",
        ),
        doc::<itsm_nist::profile::TargetProfile>(
            "csf-target-profile",
            "itsm-nist profile::TargetProfile",
            "a CSF 2.0 target profile",
        ),
        doc::<itsm_nist::incident::IncidentRecord>(
            "security-incident",
            "itsm-nist incident::IncidentRecord",
            "a security incident through the SP 800-61 phases",
        ),
        doc::<itsm_nist::incident::ResponseTargets>(
            "response-targets",
            "itsm-nist incident::ResponseTargets",
            "incident response targets per severity",
        ),
        doc::<itsm_itil::incident::Incident>(
            "incident",
            "itsm-itil incident::Incident",
            "an ITIL incident record with its history",
        ),
        doc::<itsm_itil::incident::PriorityMatrix>(
            "priority-matrix",
            "itsm-itil incident::PriorityMatrix",
            "priority per impact and urgency",
        ),
        doc::<itsm_itil::problem::Problem>(
            "problem",
            "itsm-itil problem::Problem",
            "a problem record with root-cause analysis",
        ),
        doc::<itsm_itil::change::Change>(
            "change",
            "itsm-itil change::Change",
            "a change with its approval path and votes",
        ),
        doc::<itsm_itil::change::ChangeCalendar>(
            "change-calendar",
            "itsm-itil change::ChangeCalendar",
            "freeze and maintenance windows",
        ),
        doc::<itsm_itil::request::ServiceRequest>(
            "service-request",
            "itsm-itil request::ServiceRequest",
            "a service request through the seed's workflow",
        ),
        doc::<itsm_itil::request::ServiceCatalog>(
            "service-catalog",
            "itsm-itil request::ServiceCatalog",
            "request catalog items",
        ),
        doc::<itsm_itil::calendar::BusinessCalendar>(
            "business-calendar",
            "itsm-itil calendar::BusinessCalendar",
            "working hours, holidays and time zone",
        ),
        doc::<itsm_itil::sla::SlaPolicy>(
            "sla-policy",
            "itsm-itil sla::SlaPolicy",
            "SLA targets per priority, pausing states and reopen mode",
        ),
        doc::<itsm_gdpr::ropa::ProcessingRecord>(
            "processing-record",
            "itsm-gdpr ropa::ProcessingRecord",
            "a record of processing (Art. 30(1))",
        ),
        doc::<itsm_gdpr::dsr::SubjectRequest>(
            "subject-request",
            "itsm-gdpr dsr::SubjectRequest",
            "a data-subject request (Art. 15-22)",
        ),
        doc::<itsm_gdpr::dsr::HolidayCalendar>(
            "holiday-calendar",
            "itsm-gdpr dsr::HolidayCalendar",
            "public holidays for request deadlines",
        ),
        doc::<itsm_gdpr::breach::BreachRegister>(
            "breach-register",
            "itsm-gdpr breach::BreachRegister",
            "every personal data breach (Art. 33(5))",
        ),
        doc::<itsm_gdpr::dpia::Dpia>(
            "dpia",
            "itsm-gdpr dpia::Dpia",
            "a data protection impact assessment (Art. 35)",
        ),
        doc::<itsm_gdpr::retention::RetentionSchedule>(
            "retention-schedule",
            "itsm-gdpr retention::RetentionSchedule",
            "retention per record kind",
        ),
        doc::<itsm_audit::event::AuditEvent>(
            "audit-event",
            "itsm-audit event::AuditEvent",
            "one audit event, before sealing",
        ),
        doc::<itsm_audit::report::Rules>(
            "suspicious-activity-rules",
            "itsm-audit report::Rules",
            "the suspicious-activity rules of the audit report",
        ),
        doc::<itsm_audit::anomaly::AnomalyConfig>(
            "anomaly-config",
            "itsm-audit anomaly::AnomalyConfig",
            "buckets, baseline window and thresholds of anomaly detection",
        ),
        doc::<itsm_dr::plan::DrPlan>(
            "dr-plan",
            "itsm-dr plan::DrPlan",
            "tiers, services, protection mechanisms and runbooks",
        ),
        doc::<itsm_dr::drill::DrillRecord>(
            "drill-record",
            "itsm-dr drill::DrillRecord",
            "a DR drill with its measurements",
        ),
        doc::<crate::posture::PostureRules>(
            "posture-rules",
            "itsm posture::PostureRules",
            "the thresholds of the computed posture",
        ),
    ]
}
