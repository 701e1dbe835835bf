//! Assessments against CSF 2.0 (or 1.1) subcategories, their roll-ups per
//! category and function, and the seed's `assess_nist_function` and
//! `generate_nist_report` as computed, typed results.
//!
//! A subcategory not in an assessment counts as `not_started`. The share
//! implemented is `(implemented + alternative) / (all - not_applicable)`, and
//! 0 when everything is not applicable.
//!
//! # Examples
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use itsm_core::ImplementationStatus as S;
//! use itsm_nist::assessment::{Assessment, SubcategoryAssessment};
//! use itsm_nist::catalog::Csf2Id;
//! use itsm_nist::profile::Tier;
//!
//! let at = Utc.with_ymd_and_hms(2026, 12, 3, 0, 0, 0).unwrap();
//! let mut a: Assessment<Csf2Id> = Assessment::new(at, Tier::RiskInformed);
//! a.set("GV.OC-01".parse()?, SubcategoryAssessment::new(S::Implemented).with_owner("ciso"));
//! a.set("GV.OC-02".parse()?, SubcategoryAssessment::new(S::InProgress));
//!
//! let report = a.report();
//! let govern = &report.functions[0];
//! assert_eq!(govern.function, "GV");
//! assert_eq!(govern.rollup.total, 31);
//! assert_eq!(govern.rollup.implemented, 1);
//! assert_eq!(report.overall_maturity, Tier::RiskInformed);
//! # Ok::<(), itsm_nist::Error>(())
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use itsm_core::{EvidenceRef, ImplementationStatus};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::{Csf2Id, Csf11Id};
use crate::profile::Tier;

/// A subcategory id of either catalog.
pub trait SubcategoryId: Copy + Ord + std::fmt::Debug + 'static {
    /// Every subcategory of the version, in NIST's order.
    fn all() -> Box<dyn Iterator<Item = Self>>;
    /// The id text.
    fn id(self) -> &'static str;
    /// The function id.
    fn function_id(self) -> &'static str;
    /// The category id.
    fn category_id(self) -> &'static str;
}

impl SubcategoryId for Csf2Id {
    fn all() -> Box<dyn Iterator<Item = Self>> {
        Box::new(Csf2Id::all())
    }
    fn id(self) -> &'static str {
        self.as_str()
    }
    fn function_id(self) -> &'static str {
        self.function()
    }
    fn category_id(self) -> &'static str {
        self.category()
    }
}

impl SubcategoryId for Csf11Id {
    fn all() -> Box<dyn Iterator<Item = Self>> {
        Box::new(Csf11Id::all())
    }
    fn id(self) -> &'static str {
        self.as_str()
    }
    fn function_id(self) -> &'static str {
        self.function()
    }
    fn category_id(self) -> &'static str {
        self.category()
    }
}

/// The assessment of one subcategory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SubcategoryAssessment {
    /// How far it is implemented (the seed's Not Started, Planned, In
    /// Progress, Implemented, and OSCAL's partial, alternative, not applicable).
    pub status: ImplementationStatus,
    /// Who owns it.
    #[serde(default)]
    pub owner: Option<String>,
    /// Evidence that supports the status.
    #[serde(default)]
    pub evidence: Vec<EvidenceRef>,
    /// Free notes.
    #[serde(default)]
    pub notes: String,
}

impl SubcategoryAssessment {
    /// An assessment with just a status.
    #[must_use]
    pub fn new(status: ImplementationStatus) -> Self {
        Self {
            status,
            owner: None,
            evidence: Vec::new(),
            notes: String::new(),
        }
    }

    /// With an owner.
    #[must_use]
    pub fn with_owner(mut self, owner: impl Into<String>) -> Self {
        self.owner = Some(owner.into());
        self
    }

    /// With evidence.
    #[must_use]
    pub fn with_evidence(mut self, evidence: Vec<EvidenceRef>) -> Self {
        self.evidence = evidence;
        self
    }

    /// With notes.
    #[must_use]
    pub fn with_notes(mut self, notes: impl Into<String>) -> Self {
        self.notes = notes.into();
        self
    }
}

/// An assessment of an organisation against one CSF version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment<Id: Ord> {
    /// When it was made.
    pub assessed_at: DateTime<Utc>,
    /// The Implementation Tier the organisation rates itself at (the seed's
    /// `overall_maturity`).
    pub tier: Tier,
    /// Subcategories assessed; missing ones count as not started.
    pub entries: BTreeMap<Id, SubcategoryAssessment>,
}

/// Counts of statuses over a set of subcategories.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Rollup {
    /// Subcategories counted.
    pub total: usize,
    /// Not started (or not assessed).
    pub not_started: usize,
    /// Planned.
    pub planned: usize,
    /// In progress.
    pub in_progress: usize,
    /// Partial.
    pub partial: usize,
    /// Implemented as written.
    pub implemented: usize,
    /// Implemented by an alternative.
    pub alternative: usize,
    /// Not applicable.
    pub not_applicable: usize,
}

impl Rollup {
    fn add(&mut self, s: ImplementationStatus) {
        self.total += 1;
        let slot = match s {
            ImplementationStatus::NotStarted => &mut self.not_started,
            ImplementationStatus::Planned => &mut self.planned,
            ImplementationStatus::InProgress => &mut self.in_progress,
            ImplementationStatus::Partial => &mut self.partial,
            ImplementationStatus::Implemented => &mut self.implemented,
            ImplementationStatus::Alternative => &mut self.alternative,
            ImplementationStatus::NotApplicable => &mut self.not_applicable,
        };
        *slot += 1;
    }

    /// Percentage implemented (implemented or alternative) of the applicable
    /// subcategories, 0.0 to 100.0; 0.0 when none applies.
    #[must_use]
    #[expect(
        clippy::cast_precision_loss,
        reason = "counts are at most a few hundred"
    )]
    pub fn percent_implemented(&self) -> f64 {
        let applicable = self.total - self.not_applicable;
        if applicable == 0 {
            0.0
        } else {
            100.0 * (self.implemented + self.alternative) as f64 / applicable as f64
        }
    }
}

/// A category's roll-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CategoryReport {
    /// The category id.
    pub category: String,
    /// Its counts.
    pub rollup: Rollup,
    /// Percentage implemented.
    pub percent_implemented: f64,
}

/// A function's roll-up (the seed's `assess_nist_function`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FunctionReport {
    /// The function id.
    pub function: String,
    /// Its counts.
    pub rollup: Rollup,
    /// Percentage implemented.
    pub percent_implemented: f64,
    /// Per category, in NIST's order.
    pub categories: Vec<CategoryReport>,
}

/// The whole report (the seed's `generate_nist_report`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// When the assessment was made.
    pub assessed_at: DateTime<Utc>,
    /// The seed's `overall_maturity`: the Implementation Tier.
    pub overall_maturity: Tier,
    /// Counts over every subcategory.
    pub rollup: Rollup,
    /// Percentage implemented overall.
    pub percent_implemented: f64,
    /// Per function, in NIST's order.
    pub functions: Vec<FunctionReport>,
}

impl<Id: SubcategoryId> Assessment<Id> {
    /// An empty assessment at `assessed_at` and `tier`.
    #[must_use]
    pub fn new(assessed_at: DateTime<Utc>, tier: Tier) -> Self {
        Self {
            assessed_at,
            tier,
            entries: BTreeMap::new(),
        }
    }

    /// Sets one subcategory's assessment.
    pub fn set(&mut self, id: Id, entry: SubcategoryAssessment) {
        self.entries.insert(id, entry);
    }

    /// A subcategory's status; not started when not assessed.
    #[must_use]
    pub fn status(&self, id: Id) -> ImplementationStatus {
        self.entries
            .get(&id)
            .map_or(ImplementationStatus::NotStarted, |e| e.status)
    }

    /// The report: roll-ups per category, function and overall.
    #[must_use]
    pub fn report(&self) -> Report {
        let mut functions: Vec<FunctionReport> = Vec::new();
        let mut overall = Rollup::default();
        for id in Id::all() {
            let status = self.status(id);
            overall.add(status);
            if functions
                .last()
                .is_none_or(|f| f.function != id.function_id())
            {
                functions.push(FunctionReport {
                    function: id.function_id().to_owned(),
                    rollup: Rollup::default(),
                    percent_implemented: 0.0,
                    categories: Vec::new(),
                });
            }
            if let Some(f) = functions.last_mut() {
                f.rollup.add(status);
                if f.categories
                    .last()
                    .is_none_or(|c| c.category != id.category_id())
                {
                    f.categories.push(CategoryReport {
                        category: id.category_id().to_owned(),
                        rollup: Rollup::default(),
                        percent_implemented: 0.0,
                    });
                }
                if let Some(c) = f.categories.last_mut() {
                    c.rollup.add(status);
                }
            }
        }
        for f in &mut functions {
            f.percent_implemented = f.rollup.percent_implemented();
            for c in &mut f.categories {
                c.percent_implemented = c.rollup.percent_implemented();
            }
        }
        Report {
            assessed_at: self.assessed_at,
            overall_maturity: self.tier,
            rollup: overall,
            percent_implemented: overall.percent_implemented(),
            functions,
        }
    }
}
