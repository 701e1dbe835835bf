//! From NIST CSF 2.0 to ISO/IEC 27001:2022: NIST's informative references
//! as typed data, and what a CSF assessment says about ISO targets ("assess
//! once, comply many"), never more than the relationship allows.
//!
//! NIST publishes, for each CSF 2.0 subcategory, the ISO/IEC 27001:2022
//! clauses and Annex A controls it relates to, every pair with the
//! set-theory relationship "intersects with" (NIST IR 8477): the two share
//! some content and neither contains the other. So a CSF subcategory that is
//! implemented is *evidence toward* each ISO target it intersects with, and
//! never proof that the target is met. [`supported_iso`] reports exactly
//! that: per ISO target, the CSF subcategories that bear on it with their
//! status, and a [`Claim`] that can only be [`Claim::Satisfied`] for a
//! relationship that would carry it (equal to, equivalent to, or a CSF
//! subcategory that is a superset of the target), which none of NIST's pairs
//! is.
//!
//! NIST's list has 343 rows, two of them repeated (GV.OC-03 and GV.OC-04
//! to clause 4.2 each appear twice); the 341 distinct pairs are kept.
//!
//! Relationships use OSCAL's mapping vocabulary; [`Relationship::oscal`]
//! gives OSCAL's spelling for export.
//!
//! # Examples
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use itsm::core::ImplementationStatus as S;
//! use itsm::crosswalk::{self, Claim};
//! use itsm::nist::assessment::{Assessment, SubcategoryAssessment};
//! use itsm::nist::catalog::Csf2Id;
//! use itsm::nist::profile::Tier;
//!
//! assert_eq!(crosswalk::references().len(), 341);
//!
//! let mut csf: Assessment<Csf2Id> = Assessment::new(Utc.with_ymd_and_hms(2026, 12, 3, 0, 0, 0).unwrap(), Tier::Repeatable);
//! csf.set("PR.AA-03".parse()?, SubcategoryAssessment::new(S::Implemented));
//! let support = crosswalk::supported_iso(&csf);
//! let a85 = support.iter().find(|s| s.target.as_str() == "A.8.5").unwrap();
//! // Implemented on the CSF side is evidence toward A.8.5, not A.8.5 met.
//! assert!(matches!(a85.claim, Claim::Supports { .. }));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::sync::LazyLock;

use itsm_core::ImplementationStatus;
use itsm_nist::assessment::Assessment;
use itsm_nist::catalog::Csf2Id;
use itsm_risk::catalog::ControlId;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How a source element relates to a target, in OSCAL's mapping vocabulary
/// (after the set-theory relationships of NIST IR 8477).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    /// Same content, same wording.
    EqualTo,
    /// Same content, different wording.
    EquivalentTo,
    /// The source is contained in the target.
    SubsetOf,
    /// The source contains the target.
    SupersetOf,
    /// Some content in common; neither contains the other.
    IntersectsWith,
}

impl Relationship {
    /// OSCAL's spelling, for export.
    #[must_use]
    pub const fn oscal(self) -> &'static str {
        match self {
            Self::EqualTo => "equal-to",
            Self::EquivalentTo => "equivalent-to",
            Self::SubsetOf => "subset-of",
            Self::SupersetOf => "superset-of",
            Self::IntersectsWith => "intersects-with",
        }
    }

    /// Whether implementing the source fully covers the target.
    #[must_use]
    pub const fn source_covers_target(self) -> bool {
        matches!(self, Self::EqualTo | Self::EquivalentTo | Self::SupersetOf)
    }
}

/// Where the mapping comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The publication the pairs come from.
    pub source: String,
    /// The relationship every pair has.
    pub relationship: Relationship,
    /// What the relationship means and what is reproduced.
    pub note: String,
}

/// One informative reference.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub struct InformativeReference {
    /// The CSF 2.0 subcategory.
    pub csf: Csf2Id,
    /// The ISO/IEC 27001:2022 clause or Annex A control.
    pub iso: ControlId,
    /// How they relate.
    pub relationship: Relationship,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    provenance: Provenance,
    references: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    csf: Csf2Id,
    iso: Vec<ControlId>,
}

struct Crosswalk {
    provenance: Option<Provenance>,
    references: Vec<InformativeReference>,
}

static DATA: LazyLock<Crosswalk> = LazyLock::new(|| {
    match serde_json::from_str::<File>(include_str!("../data/csf-2.0-to-iso-27001-2022.json")) {
        Ok(f) => {
            let relationship = f.provenance.relationship;
            let references = f
                .references
                .into_iter()
                .flat_map(|e| {
                    e.iso.into_iter().map(move |iso| InformativeReference {
                        csf: e.csf,
                        iso,
                        relationship,
                    })
                })
                .collect();
            Crosswalk {
                provenance: Some(f.provenance),
                references,
            }
        }
        // The embedded file is checked by the tests; a broken build is empty.
        Err(_) => Crosswalk {
            provenance: None,
            references: Vec::new(),
        },
    }
});

/// Every informative reference, in CSF order.
#[must_use]
pub fn references() -> &'static [InformativeReference] {
    &DATA.references
}

/// Where the references come from.
#[must_use]
pub fn provenance() -> Option<&'static Provenance> {
    DATA.provenance.as_ref()
}

/// The ISO targets a CSF subcategory relates to.
pub fn iso_for(csf: Csf2Id) -> impl Iterator<Item = &'static InformativeReference> {
    DATA.references.iter().filter(move |r| r.csf == csf)
}

/// The CSF subcategories that relate to an ISO target.
pub fn csf_for(iso: ControlId) -> impl Iterator<Item = &'static InformativeReference> {
    DATA.references.iter().filter(move |r| r.iso == iso)
}

/// What a CSF assessment may say about one ISO target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Claim {
    /// No related subcategory is implemented: nothing to reuse.
    NoEvidence,
    /// Related subcategories are implemented and their evidence bears on
    /// the target, which still needs its own assessment.
    Supports {
        /// Related subcategories implemented (or met by an alternative).
        implemented: usize,
        /// Related subcategories in all.
        of: usize,
    },
    /// Every related subcategory is implemented and each relationship
    /// covers the target: the target is met as far as the mapping goes.
    Satisfied,
}

/// The CSF side of one ISO target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IsoSupport {
    /// The ISO clause or control.
    pub target: ControlId,
    /// The related subcategories, each with its relationship and status.
    pub sources: Vec<(Csf2Id, Relationship, ImplementationStatus)>,
    /// What the assessment may claim.
    pub claim: Claim,
}

/// For every ISO target with informative references, what `assessment`
/// may claim about it, in catalog order.
#[must_use]
pub fn supported_iso(assessment: &Assessment<Csf2Id>) -> Vec<IsoSupport> {
    supported_iso_with(references(), assessment)
}

/// As [`supported_iso`] over any set of references (a host's own mapping).
#[must_use]
pub fn supported_iso_with(
    references: &[InformativeReference],
    assessment: &Assessment<Csf2Id>,
) -> Vec<IsoSupport> {
    let mut by_target: BTreeMap<ControlId, Vec<(Csf2Id, Relationship, ImplementationStatus)>> =
        BTreeMap::new();
    for r in references {
        by_target
            .entry(r.iso)
            .or_default()
            .push((r.csf, r.relationship, assessment.status(r.csf)));
    }
    by_target
        .into_iter()
        .map(|(target, sources)| {
            let implemented = sources
                .iter()
                .filter(|(_, _, s)| s.is_implemented())
                .count();
            let claim = if implemented == 0 {
                Claim::NoEvidence
            } else if implemented == sources.len()
                && sources.iter().all(|(_, r, _)| r.source_covers_target())
            {
                Claim::Satisfied
            } else {
                Claim::Supports {
                    implemented,
                    of: sources.len(),
                }
            };
            IsoSupport {
                target,
                sources,
                claim,
            }
        })
        .collect()
}
