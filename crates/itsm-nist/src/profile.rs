//! Implementation Tiers, Current and Target Profiles, gap analysis and
//! progress between two assessments.
//!
//! # Gap priority
//!
//! A gap is a subcategory whose current status is less advanced than its
//! target ([`ImplementationStatus::progress`]). Gaps are ordered by:
//! 1. the size of the gap, largest first (target progress minus current);
//! 2. the function, in the order GV, ID, PR, DE, RS, RC (governance first,
//!    as CSF 2.0 places it at the centre of the others);
//! 3. NIST's catalog order.
//!
//! # Examples
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use itsm_core::ImplementationStatus as S;
//! use itsm_nist::assessment::{Assessment, SubcategoryAssessment};
//! use itsm_nist::catalog::Csf2Id;
//! use itsm_nist::profile::{TargetProfile, Tier};
//!
//! let at = Utc.with_ymd_and_hms(2026, 12, 3, 0, 0, 0).unwrap();
//! let mut current: Assessment<Csf2Id> = Assessment::new(at, Tier::Partial);
//! current.set("PR.AA-03".parse()?, SubcategoryAssessment::new(S::Planned));
//!
//! let mut target = TargetProfile::new(Tier::Repeatable);
//! target.require("PR.AA-03".parse()?, S::Implemented);
//! target.require("GV.OC-01".parse()?, S::Planned);
//!
//! let gaps = target.gaps(&current);
//! assert_eq!(gaps[0].subcategory.as_str(), "PR.AA-03"); // 1 -> 4 is larger than 0 -> 1
//! assert_eq!(gaps.len(), 2);
//! assert!(target.tier_gap(&current) > 0);
//! # Ok::<(), itsm_nist::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use itsm_core::ImplementationStatus;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::assessment::{Assessment, SubcategoryId};
use crate::catalog::Csf2Id;

/// The CSF Implementation Tiers: how rigorous the organisation's cybersecurity
/// risk governance and management practices are.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(try_from = "u8", into = "u8")]
#[schemars(extend("minimum" = 1, "maximum" = 4))]
pub enum Tier {
    /// Tier 1: ad hoc, reactive.
    Partial = 1,
    /// Tier 2: risk-informed, approved but not organisation-wide.
    RiskInformed = 2,
    /// Tier 3: formal policy, regularly updated.
    Repeatable = 3,
    /// Tier 4: adapts from lessons and indicators.
    Adaptive = 4,
}

impl TryFrom<u8> for Tier {
    type Error = Error;

    fn try_from(v: u8) -> Result<Self, Error> {
        match v {
            1 => Ok(Self::Partial),
            2 => Ok(Self::RiskInformed),
            3 => Ok(Self::Repeatable),
            4 => Ok(Self::Adaptive),
            value => Err(Error::Tier { value }),
        }
    }
}

impl From<Tier> for u8 {
    fn from(t: Tier) -> u8 {
        t as u8
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Self::Partial => "Partial",
            Self::RiskInformed => "Risk Informed",
            Self::Repeatable => "Repeatable",
            Self::Adaptive => "Adaptive",
        };
        write!(f, "Tier {} ({name})", *self as u8)
    }
}

/// A Target Profile: the status wanted for each chosen subcategory, and the
/// tier aimed at. The Current Profile is an [`Assessment`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetProfile {
    /// The tier aimed at.
    pub tier: Tier,
    /// Wanted status per subcategory.
    pub targets: BTreeMap<Csf2Id, ImplementationStatus>,
}

/// One subcategory below target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Gap {
    /// The subcategory.
    pub subcategory: Csf2Id,
    /// Its current status.
    pub current: ImplementationStatus,
    /// Its target.
    pub target: ImplementationStatus,
    /// Target progress minus current progress (1 to 4).
    pub size: u8,
}

fn function_rank(f: &str) -> usize {
    ["GV", "ID", "PR", "DE", "RS", "RC"]
        .iter()
        .position(|x| *x == f)
        .unwrap_or(usize::MAX)
}

impl TargetProfile {
    /// An empty target at `tier`.
    #[must_use]
    pub fn new(tier: Tier) -> Self {
        Self {
            tier,
            targets: BTreeMap::new(),
        }
    }

    /// Wants `status` for `id`.
    pub fn require(&mut self, id: Csf2Id, status: ImplementationStatus) {
        self.targets.insert(id, status);
    }

    /// Every subcategory below target in `current`, by the documented priority.
    /// Targets of not applicable ask for nothing.
    #[must_use]
    pub fn gaps(&self, current: &Assessment<Csf2Id>) -> Vec<Gap> {
        let mut gaps: Vec<Gap> = self
            .targets
            .iter()
            .filter_map(|(id, target)| {
                let now = current.status(*id);
                let want = target.progress()?;
                let have = now.progress().unwrap_or(want);
                (have < want).then(|| Gap {
                    subcategory: *id,
                    current: now,
                    target: *target,
                    size: want - have,
                })
            })
            .collect();
        gaps.sort_by(|a, b| {
            b.size
                .cmp(&a.size)
                .then(
                    function_rank(a.subcategory.function())
                        .cmp(&function_rank(b.subcategory.function())),
                )
                .then(a.subcategory.cmp(&b.subcategory))
        });
        gaps
    }

    /// How many tiers the current assessment is below the target tier.
    #[must_use]
    pub fn tier_gap(&self, current: &Assessment<Csf2Id>) -> u8 {
        (self.tier as u8).saturating_sub(current.tier as u8)
    }
}

/// How one subcategory changed between two assessments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Change<Id> {
    /// The subcategory.
    pub subcategory: Id,
    /// Status before.
    pub before: ImplementationStatus,
    /// Status after.
    pub after: ImplementationStatus,
}

/// Progress between two assessments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Progress<Id> {
    /// Subcategories that advanced.
    pub improved: Vec<Change<Id>>,
    /// Subcategories that went back.
    pub regressed: Vec<Change<Id>>,
    /// Subcategories whose applicability changed (to or from not applicable).
    pub rescoped: Vec<Change<Id>>,
    /// How many did not change.
    pub unchanged: usize,
}

/// What changed from `before` to `after`, over every subcategory.
#[must_use]
pub fn progress<Id: SubcategoryId>(
    before: &Assessment<Id>,
    after: &Assessment<Id>,
) -> Progress<Id> {
    let mut out = Progress {
        improved: Vec::new(),
        regressed: Vec::new(),
        rescoped: Vec::new(),
        unchanged: 0,
    };
    for id in Id::all() {
        let (was, now) = (before.status(id), after.status(id));
        let change = Change {
            subcategory: id,
            before: was,
            after: now,
        };
        match (was.progress(), now.progress()) {
            _ if now == was => out.unchanged += 1,
            (Some(old), Some(new)) if new > old => out.improved.push(change),
            (Some(old), Some(new)) if new < old => out.regressed.push(change),
            (Some(_), Some(_)) => out.unchanged += 1,
            _ => out.rescoped.push(change),
        }
    }
    out
}
