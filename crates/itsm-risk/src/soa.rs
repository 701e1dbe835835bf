//! The Statement of Applicability (ISO/IEC 27001:2022 6.1.3 d): one entry per
//! Annex A control, applicable or not, with the justification, the
//! implementation status, linked risks, owner and evidence.
//!
//! [`StatementOfApplicability::validate`] returns every defect at once;
//! exports are JSON, CSV (RFC 4180) and a Markdown table.
//!
//! # Examples
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use itsm_core::ImplementationStatus;
//! use itsm_risk::assessment::RiskMatrix;
//! use itsm_risk::catalog::ControlId;
//! use itsm_risk::register::RiskRegister;
//! use itsm_risk::soa::{InclusionReason, SoaDefect, SoaEntry, StatementOfApplicability};
//!
//! let mut soa = StatementOfApplicability::new();
//! for id in ControlId::annex_a() {
//!     soa.set(SoaEntry::included(id, [InclusionReason::BestPractice], ImplementationStatus::Planned));
//! }
//! soa.set(SoaEntry::excluded("A.7.5".parse()?, "")); // no justification
//!
//! let now = Utc.with_ymd_and_hms(2026, 12, 3, 0, 0, 0).unwrap();
//! let defects = soa.validate(&RiskRegister::new(RiskMatrix::seed()), now);
//! assert_eq!(defects, [SoaDefect::ExclusionWithoutJustification { control: "A.7.5".parse()? }]);
//! assert!(soa.to_markdown().starts_with("| Control | Title |"));
//! # Ok::<(), itsm_risk::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use itsm_core::{EvidenceRef, ImplementationStatus};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::catalog::{self, ControlId};
use crate::register::{RegisterId, RiskRegister};

/// Why a control is included.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum InclusionReason {
    /// Selected to treat an assessed risk.
    RiskTreatment,
    /// Required by law, regulation or contract.
    LegalOrContractual,
    /// Required by the business.
    BusinessRequirement,
    /// Adopted as good practice.
    BestPractice,
}

impl InclusionReason {
    fn key(self) -> &'static str {
        match self {
            Self::RiskTreatment => "risk_treatment",
            Self::LegalOrContractual => "legal_or_contractual",
            Self::BusinessRequirement => "business_requirement",
            Self::BestPractice => "best_practice",
        }
    }
}

/// One control's line in the Statement of Applicability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SoaEntry {
    /// The Annex A control.
    pub control: ControlId,
    /// Whether it applies.
    pub applicable: bool,
    /// Why it is included (when applicable).
    #[serde(default)]
    pub inclusion_reasons: Vec<InclusionReason>,
    /// Why it is excluded (when not applicable).
    #[serde(default)]
    pub exclusion_justification: Option<String>,
    /// How far it is implemented.
    pub status: ImplementationStatus,
    /// Register risks it treats.
    #[serde(default)]
    pub linked_risks: Vec<RegisterId>,
    /// Who is responsible for it.
    #[serde(default)]
    pub owner: Option<String>,
    /// Evidence that it is in place.
    #[serde(default)]
    pub evidence: Vec<EvidenceRef>,
}

impl SoaEntry {
    /// An applicable control.
    #[must_use]
    pub fn included(
        control: ControlId,
        reasons: impl IntoIterator<Item = InclusionReason>,
        status: ImplementationStatus,
    ) -> Self {
        Self {
            control,
            applicable: true,
            inclusion_reasons: reasons.into_iter().collect(),
            exclusion_justification: None,
            status,
            linked_risks: Vec::new(),
            owner: None,
            evidence: Vec::new(),
        }
    }

    /// An excluded control with its justification.
    #[must_use]
    pub fn excluded(control: ControlId, justification: impl Into<String>) -> Self {
        Self {
            control,
            applicable: false,
            inclusion_reasons: Vec::new(),
            exclusion_justification: Some(justification.into()),
            status: ImplementationStatus::NotApplicable,
            linked_risks: Vec::new(),
            owner: None,
            evidence: Vec::new(),
        }
    }
}

/// A defect [`StatementOfApplicability::validate`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SoaDefect {
    /// An Annex A control has no entry.
    MissingDecision {
        /// The control.
        control: ControlId,
    },
    /// An entry names a clause, not an Annex A control.
    NotAnAnnexAControl {
        /// The id.
        control: ControlId,
    },
    /// An applicable control gives no reason for inclusion.
    InclusionWithoutJustification {
        /// The control.
        control: ControlId,
    },
    /// An excluded control gives no justification.
    ExclusionWithoutJustification {
        /// The control.
        control: ControlId,
    },
    /// A control a risk treatment selects is marked not applicable.
    SelectedButNotApplicable {
        /// The control.
        control: ControlId,
        /// A risk that selects it.
        risk: RegisterId,
    },
    /// An excluded control has a status other than not applicable, or an
    /// applicable one is marked not applicable.
    StatusContradictsDecision {
        /// The control.
        control: ControlId,
    },
    /// A linked risk is not in the register.
    UnknownRisk {
        /// The control.
        control: ControlId,
        /// The missing risk.
        risk: RegisterId,
    },
    /// Evidence that has expired at `now`.
    ExpiredEvidence {
        /// The control.
        control: ControlId,
        /// The evidence id.
        evidence: String,
        /// When it expired.
        expired_at: DateTime<Utc>,
    },
}

/// The Statement of Applicability: at most one entry per control.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct StatementOfApplicability {
    entries: BTreeMap<ControlId, SoaEntry>,
}

impl StatementOfApplicability {
    /// An empty statement.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a control's entry, replacing any earlier one.
    pub fn set(&mut self, entry: SoaEntry) {
        self.entries.insert(entry.control, entry);
    }

    /// The entries, in catalog order.
    pub fn entries(&self) -> impl Iterator<Item = &SoaEntry> {
        self.entries.values()
    }

    /// Every defect at `now`, against `register`: missing decisions,
    /// unjustified inclusions and exclusions, controls a risk selects but the
    /// statement excludes, contradictory statuses, unknown linked risks and
    /// expired evidence. Empty when the statement is complete.
    #[must_use]
    pub fn validate(&self, register: &RiskRegister, now: DateTime<Utc>) -> Vec<SoaDefect> {
        let mut out = Vec::new();
        for control in ControlId::annex_a() {
            if !self.entries.contains_key(&control) {
                out.push(SoaDefect::MissingDecision { control });
            }
        }
        let selected = register.selected_controls();
        for e in self.entries.values() {
            let control = e.control;
            if control.is_clause() {
                out.push(SoaDefect::NotAnAnnexAControl { control });
                continue;
            }
            if e.applicable {
                if e.inclusion_reasons.is_empty() {
                    out.push(SoaDefect::InclusionWithoutJustification { control });
                }
                if e.status == ImplementationStatus::NotApplicable {
                    out.push(SoaDefect::StatusContradictsDecision { control });
                }
            } else {
                if e.exclusion_justification
                    .as_deref()
                    .is_none_or(|j| j.trim().is_empty())
                {
                    out.push(SoaDefect::ExclusionWithoutJustification { control });
                }
                if e.status != ImplementationStatus::NotApplicable {
                    out.push(SoaDefect::StatusContradictsDecision { control });
                }
                if let Some(risk) = selected.get(&control).and_then(|risks| risks.iter().next()) {
                    out.push(SoaDefect::SelectedButNotApplicable {
                        control,
                        risk: risk.clone(),
                    });
                }
            }
            for risk in &e.linked_risks {
                if !register.contains_risk(risk) {
                    out.push(SoaDefect::UnknownRisk {
                        control,
                        risk: risk.clone(),
                    });
                }
            }
            for ev in &e.evidence {
                if let Some(expired_at) = ev.expires_at().filter(|_| !ev.is_current(now)) {
                    out.push(SoaDefect::ExpiredEvidence {
                        control,
                        evidence: ev.id().to_owned(),
                        expired_at,
                    });
                }
            }
        }
        out
    }

    /// The statement as pretty-printed JSON.
    ///
    /// # Errors
    ///
    /// [`Error::Export`] if serialization fails.
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(self).map_err(|e| Error::Export {
            reason: e.to_string(),
        })
    }

    fn rows(&self) -> impl Iterator<Item = [String; 9]> + '_ {
        self.entries.values().map(|e| {
            let join = |items: Vec<String>| items.join("; ");
            [
                e.control.to_string(),
                catalog::title(e.control).to_owned(),
                if e.applicable {
                    "yes".into()
                } else {
                    "no".into()
                },
                if e.applicable {
                    join(
                        e.inclusion_reasons
                            .iter()
                            .map(|r| r.key().to_owned())
                            .collect(),
                    )
                } else {
                    e.exclusion_justification.clone().unwrap_or_default()
                },
                e.status.key().to_owned(),
                join(e.linked_risks.iter().map(ToString::to_string).collect()),
                e.owner.clone().unwrap_or_default(),
                join(e.evidence.iter().map(|ev| ev.id().to_owned()).collect()),
                join(
                    e.evidence
                        .iter()
                        .filter_map(EvidenceRef::expires_at)
                        .map(|t| t.to_rfc3339())
                        .collect(),
                ),
            ]
        })
    }

    const HEADERS: [&'static str; 9] = [
        "Control",
        "Title",
        "Applicable",
        "Justification",
        "Status",
        "Linked risks",
        "Owner",
        "Evidence",
        "Evidence expires",
    ];

    /// The statement as CSV (RFC 4180: CRLF line ends, fields with commas,
    /// quotes or line breaks quoted, quotes doubled), with a header row.
    #[must_use]
    pub fn to_csv(&self) -> String {
        let field = |s: &str| {
            if s.contains([',', '"', '\r', '\n']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_owned()
            }
        };
        let mut out = Self::HEADERS.map(field).join(",");
        out.push_str("\r\n");
        for row in self.rows() {
            out.push_str(&row.iter().map(|f| field(f)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
        out
    }

    /// The statement as a Markdown table (pipes escaped, line breaks as spaces).
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let cell = |s: &str| s.replace('|', "\\|").replace(['\r', '\n'], " ");
        let mut out = String::new();
        let _ = writeln!(out, "| {} |", Self::HEADERS.join(" | "));
        let _ = writeln!(out, "|{}", "---|".repeat(Self::HEADERS.len()));
        for row in self.rows() {
            let _ = writeln!(
                out,
                "| {} |",
                row.iter().map(|f| cell(f)).collect::<Vec<_>>().join(" | ")
            );
        }
        out
    }
}
