//! Carrying an assessment made against CSF 1.1 into CSF 2.0 terms, along
//! NIST's record of where each 1.1 element went (`data/lineage-1.1-to-2.0.json`).
//!
//! Each 2.0 subcategory that a 1.1 subcategory moved into inherits that
//! source's status and evidence. When several 1.1 sources feed one 2.0
//! subcategory it takes the least advanced of their statuses
//! ([`ImplementationStatus::least_advanced`]) and lists every source. The
//! 16 subcategories new in 2.0, with no 1.1 source, are listed as needing a
//! fresh assessment. Five 1.1 subcategories moved into a 2.0 category as a
//! whole rather than into one subcategory (ID.GV-1, ID.GV-2, PR.IP-7,
//! DE.DP-2, DE.DP-5); they are reported with their target category, and
//! RC.CO-2 was withdrawn without a successor.
//!
//! # Examples
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use itsm_core::ImplementationStatus as S;
//! use itsm_nist::assessment::{Assessment, SubcategoryAssessment};
//! use itsm_nist::catalog::Csf11Id;
//! use itsm_nist::lineage::translate;
//! use itsm_nist::profile::Tier;
//!
//! let at = Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0).unwrap();
//! let mut old: Assessment<Csf11Id> = Assessment::new(at, Tier::RiskInformed);
//! old.set("ID.BE-2".parse()?, SubcategoryAssessment::new(S::Implemented));
//! old.set("ID.BE-3".parse()?, SubcategoryAssessment::new(S::Planned));
//!
//! let t = translate(&old);
//! let oc01 = &t.inherited[&"GV.OC-01".parse()?];
//! assert_eq!(oc01.status, S::Planned); // the least advanced of its sources
//! assert_eq!(t.needs_fresh_assessment.len(), 16);
//! # Ok::<(), itsm_nist::Error>(())
//! ```

use std::collections::BTreeMap;
use std::sync::LazyLock;

use itsm_core::{EvidenceRef, ImplementationStatus};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::assessment::{Assessment, SubcategoryAssessment};
use crate::catalog::{Csf2Id, Csf11Id};

#[derive(Deserialize)]
struct LineageFile {
    lineage: Vec<LineageRow>,
}

#[derive(Deserialize)]
struct LineageRow {
    from: String,
    to: Vec<String>,
}

/// Where a 1.1 subcategory went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Successors {
    /// 2.0 subcategories it moved into.
    pub subcategories: Vec<Csf2Id>,
    /// 2.0 categories or functions it was folded into as a whole.
    pub groups: Vec<String>,
}

// Checked by this module's tests against the published counts.
static LINEAGE: LazyLock<BTreeMap<Csf11Id, Successors>> = LazyLock::new(|| {
    let rows = serde_json::from_str::<LineageFile>(include_str!("../data/lineage-1.1-to-2.0.json"))
        .map(|f| f.lineage)
        .unwrap_or_default();
    let mut map = BTreeMap::new();
    for row in rows {
        let Ok(from) = row.from.parse::<Csf11Id>() else {
            continue;
        }; // category- and function-level rows
        let mut s = Successors {
            subcategories: Vec::new(),
            groups: Vec::new(),
        };
        for to in row.to {
            match to.parse::<Csf2Id>() {
                Ok(id) => s.subcategories.push(id),
                Err(_) => s.groups.push(to),
            }
        }
        map.insert(from, s);
    }
    map
});

/// Where `id` went in CSF 2.0; `None` if it was withdrawn without a successor.
#[must_use]
pub fn successors(id: Csf11Id) -> Option<&'static Successors> {
    LINEAGE.get(&id)
}

/// A 2.0 subcategory's inherited assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Inherited {
    /// The least advanced status of its sources.
    pub status: ImplementationStatus,
    /// The 1.1 subcategories it came from.
    pub sources: Vec<Csf11Id>,
    /// The sources' evidence, combined.
    pub evidence: Vec<EvidenceRef>,
}

/// A 1.1 assessment in 2.0 terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Translation {
    /// 2.0 subcategories with at least one 1.1 source.
    pub inherited: BTreeMap<Csf2Id, Inherited>,
    /// 2.0 subcategories with no 1.1 source: assess them afresh.
    pub needs_fresh_assessment: Vec<Csf2Id>,
    /// 1.1 subcategories folded into a 2.0 category or function, with where.
    pub folded_into_groups: BTreeMap<Csf11Id, Vec<String>>,
    /// 1.1 subcategories withdrawn without a successor.
    pub withdrawn: Vec<Csf11Id>,
}

/// Translates `old` into CSF 2.0 terms (see the [module docs](self)).
#[must_use]
pub fn translate(old: &Assessment<Csf11Id>) -> Translation {
    let mut sources: BTreeMap<Csf2Id, Vec<Csf11Id>> = BTreeMap::new();
    let mut folded = BTreeMap::new();
    let mut withdrawn = Vec::new();
    for from in Csf11Id::all() {
        match successors(from) {
            Some(s) => {
                for to in &s.subcategories {
                    sources.entry(*to).or_default().push(from);
                }
                if !s.groups.is_empty() {
                    folded.insert(from, s.groups.clone());
                }
            }
            None => withdrawn.push(from),
        }
    }
    let inherited: BTreeMap<Csf2Id, Inherited> = sources
        .into_iter()
        .map(|(to, from)| {
            let status = ImplementationStatus::least_advanced(from.iter().map(|f| old.status(*f)))
                .unwrap_or(ImplementationStatus::NotStarted);
            let mut evidence: Vec<EvidenceRef> = Vec::new();
            for e in from
                .iter()
                .filter_map(|f| old.entries.get(f))
                .flat_map(|e: &SubcategoryAssessment| e.evidence.iter())
            {
                if !evidence.contains(e) {
                    evidence.push(e.clone());
                }
            }
            (
                to,
                Inherited {
                    status,
                    sources: from,
                    evidence,
                },
            )
        })
        .collect();
    let needs_fresh_assessment = Csf2Id::all()
        .filter(|id| !inherited.contains_key(id))
        .collect();
    Translation {
        inherited,
        needs_fresh_assessment,
        folded_into_groups: folded,
        withdrawn,
    }
}

/// The translation as a 2.0 assessment to continue from: inherited statuses,
/// evidence and a note naming the sources; fresh subcategories left out (not
/// started).
#[must_use]
pub fn to_csf_2_0(old: &Assessment<Csf11Id>) -> Assessment<Csf2Id> {
    let t = translate(old);
    let mut new = Assessment::new(old.assessed_at, old.tier);
    for (id, inh) in t.inherited {
        let names: Vec<&str> = inh.sources.iter().map(|s| s.as_str()).collect();
        new.set(
            id,
            SubcategoryAssessment::new(inh.status)
                .with_evidence(inh.evidence)
                .with_notes(format!("carried over from CSF 1.1 {}", names.join(", "))),
        );
    }
    new
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_1_1_subcategory_but_rc_co_2_has_a_successor() {
        let missing: Vec<&str> = Csf11Id::all()
            .filter(|id| successors(*id).is_none())
            .map(Csf11Id::as_str)
            .collect();
        assert_eq!(missing, ["RC.CO-2"]);
    }

    #[test]
    fn sixteen_new_subcategories_need_fresh_assessment() {
        let t = translate(&Assessment::new(
            chrono::DateTime::UNIX_EPOCH,
            crate::profile::Tier::Partial,
        ));
        let fresh: Vec<&str> = t
            .needs_fresh_assessment
            .iter()
            .map(|i| i.as_str())
            .collect();
        assert_eq!(
            fresh,
            [
                "GV.RM-07", "GV.RR-01", "GV.OV-01", "GV.OV-02", "GV.OV-03", "ID.AM-07", "ID.IM-01",
                "PR.AA-04", "PR.PS-05", "RS.MA-05", "RS.AN-07", "RS.AN-08", "RC.RP-03", "RC.RP-04",
                "RC.RP-05", "RC.RP-06",
            ]
        );
        assert_eq!(t.inherited.len(), 106 - 16);
        let folded: Vec<&str> = t.folded_into_groups.keys().map(|k| k.as_str()).collect();
        assert_eq!(
            folded,
            ["ID.GV-1", "ID.GV-2", "PR.IP-7", "DE.DP-2", "DE.DP-5"]
        );
        assert_eq!(t.withdrawn.len(), 1);
    }
}
