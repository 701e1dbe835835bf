//! The seed design's `NIST_CONTROLS` (section 3.1), kept as data with each
//! entry checked against CSF 1.1.
//!
//! The seed uses CSF 1.1 identifiers. Two of them do not exist (RS.RP-2,
//! RC.RP-2), and nine carry a meaning that is not NIST's (ID.GV-2, PR.DS-1,
//! PR.PT-2, RS.CO-2, RS.AN-1, RS.AN-2, RC.RP-1, RC.IM-1, RC.IM-2); the seed
//! also calls CSF 1.1's "Identity Management, Authentication and Access
//! Control" category "Access Control". Each entry here keeps the seed's text
//! and says how it deviates.
//!
//! # Examples
//!
//! ```
//! use itsm_nist::seed;
//!
//! let wrong: Vec<&str> = seed::entries().iter().filter(|e| e.deviation.is_some()).map(|e| e.id.as_str()).collect();
//! assert_eq!(wrong.len(), 11);
//! assert!(seed::entries().iter().any(|e| e.id == "RS.RP-2" && e.csf_1_1().is_none()));
//! ```

use std::sync::LazyLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::Csf11Id;

/// One entry of the seed's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeedEntry {
    /// The seed's function key.
    pub function: String,
    /// The seed's category name.
    pub category: String,
    /// The identifier as the seed writes it.
    pub id: String,
    /// The seed's description.
    pub seed_text: String,
    /// How it deviates from CSF 1.1, if it does.
    pub deviation: Option<String>,
}

impl SeedEntry {
    /// The CSF 1.1 subcategory the id names, if it exists.
    #[must_use]
    pub fn csf_1_1(&self) -> Option<Csf11Id> {
        self.id.parse().ok()
    }
}

#[derive(Deserialize)]
struct SeedFile {
    entries: Vec<SeedEntry>,
}

static ENTRIES: LazyLock<Vec<SeedEntry>> = LazyLock::new(|| {
    serde_json::from_str::<SeedFile>(include_str!("../data/seed-nist-controls.json"))
        .map(|f| f.entries)
        .unwrap_or_default()
});

/// The seed's 31 entries, in its order.
#[must_use]
pub fn entries() -> &'static [SeedEntry] {
    &ENTRIES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_deviations_exactly() {
        assert_eq!(entries().len(), 31);
        let missing: Vec<&str> = entries()
            .iter()
            .filter(|e| e.csf_1_1().is_none())
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(missing, ["RS.RP-2", "RC.RP-2"]);
        let wrong: Vec<&str> = entries()
            .iter()
            .filter(|e| e.csf_1_1().is_some() && e.deviation.is_some())
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(
            wrong,
            [
                "ID.GV-2", "PR.DS-1", "PR.PT-2", "RS.CO-2", "RS.AN-1", "RS.AN-2", "RC.RP-1",
                "RC.IM-1", "RC.IM-2"
            ]
        );
        for e in entries().iter().filter(|e| e.csf_1_1().is_none()) {
            assert!(
                e.deviation
                    .as_deref()
                    .is_some_and(|d| d.starts_with("does not exist"))
            );
        }
    }
}
