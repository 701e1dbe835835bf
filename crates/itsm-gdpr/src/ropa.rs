//! Records of processing activities (GDPR Art. 30(1)) and the security of
//! processing checklist (Art. 32(1)).
//!
//! # Examples
//!
//! ```
//! use itsm_gdpr::ropa::{LawfulBasis, ProcessingRecord};
//!
//! let mut r = ProcessingRecord::default();
//! r.controller = "Example GmbH, privacy@example.com".into();
//! r.purposes = vec!["IT service desk".into()];
//! let missing = r.missing_fields();
//! assert!(missing.contains(&"Art. 30(1)(c): categories of data subjects"));
//! assert!(missing.contains(&"Art. 6(1): lawful basis"));
//! r.lawful_basis = Some(LawfulBasis::Contract);
//! assert!(!r.missing_fields().contains(&"Art. 6(1): lawful basis"));
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::classification::SpecialCategory;

/// The lawful bases of Art. 6(1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LawfulBasis {
    /// (a) Consent.
    Consent,
    /// (b) Performance of a contract.
    Contract,
    /// (c) A legal obligation.
    LegalObligation,
    /// (d) Vital interests.
    VitalInterests,
    /// (e) A public-interest task or official authority.
    PublicTask,
    /// (f) Legitimate interests.
    LegitimateInterests,
}

/// The Art. 9(2) conditions for processing special categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Art9Condition {
    /// (a) Explicit consent.
    ExplicitConsent,
    /// (b) Employment and social security law.
    EmploymentLaw,
    /// (c) Vital interests where consent cannot be given.
    VitalInterests,
    /// (d) Not-for-profit bodies, for members.
    NotForProfit,
    /// (e) Made manifestly public by the subject.
    MadePublic,
    /// (f) Legal claims or courts.
    LegalClaims,
    /// (g) Substantial public interest.
    SubstantialPublicInterest,
    /// (h) Preventive or occupational medicine, health or social care.
    HealthOrSocialCare,
    /// (i) Public health.
    PublicHealth,
    /// (j) Archiving, research or statistics.
    ArchivingResearchStatistics,
}

/// A transfer to a third country or international organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Transfer {
    /// The country or organisation.
    pub destination: String,
    /// The safeguard (adequacy decision, standard contractual clauses, BCRs, derogation).
    pub safeguard: String,
}

/// One record of a processing activity, with every field of Art. 30(1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessingRecord {
    /// (a) Name and contact details of the controller (and joint controller,
    /// representative and DPO where there are any).
    pub controller: String,
    /// (b) The purposes.
    pub purposes: Vec<String>,
    /// (c) Categories of data subjects.
    pub subject_categories: Vec<String>,
    /// (c) Categories of personal data.
    pub data_categories: Vec<String>,
    /// Special categories processed, if any.
    pub special_categories: Vec<SpecialCategory>,
    /// (d) Categories of recipients, including in third countries.
    pub recipients: Vec<String>,
    /// (e) Transfers to third countries, with their safeguards.
    pub transfers: Vec<Transfer>,
    /// (f) Envisaged time limits for erasure.
    pub erasure_time_limits: String,
    /// (g) General description of the Art. 32(1) measures.
    pub security_measures: String,
    /// The Art. 6(1) lawful basis.
    pub lawful_basis: Option<LawfulBasis>,
    /// The Art. 9(2) condition, needed when special categories are processed.
    pub art9_condition: Option<Art9Condition>,
}

impl ProcessingRecord {
    /// Every missing field, named by its article.
    #[must_use]
    pub fn missing_fields(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let blank = |s: &str| s.trim().is_empty();
        let empty = |v: &[String]| v.iter().all(|s| blank(s));
        if blank(&self.controller) {
            out.push("Art. 30(1)(a): controller name and contact details");
        }
        if empty(&self.purposes) {
            out.push("Art. 30(1)(b): purposes");
        }
        if empty(&self.subject_categories) {
            out.push("Art. 30(1)(c): categories of data subjects");
        }
        if empty(&self.data_categories) {
            out.push("Art. 30(1)(c): categories of personal data");
        }
        if empty(&self.recipients) {
            out.push("Art. 30(1)(d): categories of recipients");
        }
        if self
            .transfers
            .iter()
            .any(|t| blank(&t.destination) || blank(&t.safeguard))
        {
            out.push("Art. 30(1)(e): transfer destination and safeguards");
        }
        if blank(&self.erasure_time_limits) {
            out.push("Art. 30(1)(f): time limits for erasure");
        }
        if blank(&self.security_measures) {
            out.push("Art. 30(1)(g): technical and organisational measures");
        }
        if self.lawful_basis.is_none() {
            out.push("Art. 6(1): lawful basis");
        }
        if !self.special_categories.is_empty() && self.art9_condition.is_none() {
            out.push("Art. 9(2): condition for special categories");
        }
        out
    }
}

/// The measures of Art. 32(1).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Art32Measure {
    /// (a) Pseudonymisation and encryption.
    PseudonymisationAndEncryption,
    /// (b) Ongoing confidentiality, integrity, availability and resilience.
    ConfidentialityIntegrityAvailabilityResilience,
    /// (c) Restoring availability and access in a timely manner after an incident.
    TimelyRestoration,
    /// (d) Regularly testing, assessing and evaluating the measures.
    RegularTesting,
}

impl Art32Measure {
    /// All four, in order.
    pub const ALL: [Self; 4] = [
        Self::PseudonymisationAndEncryption,
        Self::ConfidentialityIntegrityAvailabilityResilience,
        Self::TimelyRestoration,
        Self::RegularTesting,
    ];

    /// The `itsm` capabilities that help meet it.
    #[must_use]
    pub const fn capabilities(self) -> &'static [&'static str] {
        match self {
            Self::PseudonymisationAndEncryption => &[
                "itsm-gdpr pseudonym",
                "itsm-gdpr encryption (field level, crypto-shredding)",
            ],
            Self::ConfidentialityIntegrityAvailabilityResilience => &[
                "itsm-auth (passwords, MFA, tokens, RBAC)",
                "itsm-audit (tamper-evident trail)",
                "itsm-dr (continuity)",
            ],
            Self::TimelyRestoration => &["itsm-dr (RTO/RPO, backups, runbooks, drills)"],
            Self::RegularTesting => &[
                "itsm-nist assessments and gap analysis",
                "itsm-risk register and Statement of Applicability",
                "itsm-dr drills",
            ],
        }
    }
}

/// The seed's security measures list, compared with Art. 32(1): it adds
/// staff training, which Art. 32(1) does not list (it belongs to Art. 39(1)(b)
/// and to good practice), and omits resilience, which Art. 32(1)(b) requires.
pub const SEED_MEASURES_DEVIATION: &str =
    "the seed adds training (not in Art. 32(1)) and omits resilience (Art. 32(1)(b))";

/// Which Art. 32(1) measures are not yet covered by `covered`.
#[must_use]
pub fn uncovered(covered: &[Art32Measure]) -> Vec<Art32Measure> {
    Art32Measure::ALL
        .into_iter()
        .filter(|m| !covered.contains(m))
        .collect()
}
