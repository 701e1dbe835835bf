//! ITIL 4 as typed data (seed section 4.1): the guiding principles, the four
//! dimensions, the service value system's components, the value chain with
//! the seed's descriptions, the 34 practices in their three groups, the
//! seed's SVS diagram with its corrections, and practice profiles for
//! incident, problem, change and service request management.
//!
//! From `data/itil4.json`.
//!
//! # The seed's diagram, corrected
//!
//! - Its "value streams" (Request to Fulfil, Detect to Correct and the like)
//!   come from The Open Group's IT4IT, or from neither IT4IT nor ITIL 4;
//!   ITIL 4 lets each organisation define its own value streams.
//! - ITIL 4's service value system has no "Management" column; what the seed
//!   lists there are service management practices ("change control" is
//!   ITIL 4's change enablement).
//! - ITIL 4 groups its 34 practices as general (14), service (17) and
//!   technical (3) management practices; "service value chain practices" is
//!   not a group, capacity management is the service practice "capacity and
//!   performance management", and "software engineering" and "IT operations"
//!   are not practice names.
//!
//! # Examples
//!
//! ```
//! use itsm_itil::reference::{self, PracticeGroup};
//!
//! let r = reference::itil4();
//! assert_eq!(r.practices.len(), 34);
//! assert_eq!(r.practice("change control").map(|p| p.name.as_str()), Some("Change enablement"));
//! assert_eq!(r.practices.iter().filter(|p| p.group == PracticeGroup::Technical).count(), 3);
//! ```

use std::sync::LazyLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// ITIL 4's three practice groups.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PracticeGroup {
    /// General management practices (14).
    General,
    /// Service management practices (17).
    Service,
    /// Technical management practices (3).
    Technical,
}

/// A practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    /// A hyphenated key (`change-enablement`), as `itsm-core` ITIL references use.
    pub id: String,
    /// ITIL 4's name.
    pub name: String,
    /// Its group.
    pub group: PracticeGroup,
    /// Other names it goes by.
    pub aliases: Vec<String>,
}

/// A value chain activity, with the seed's description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueChainActivity {
    /// ITIL 4's name.
    pub activity: String,
    /// The seed's description.
    pub seed_description: String,
    /// The seed's processes.
    pub seed_processes: Vec<String>,
    /// The seed's outputs.
    pub seed_outputs: Vec<String>,
}

/// A typed practice profile (the seed's `implement_*_management`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PracticeProfile {
    /// The practice's id.
    pub practice: String,
    /// Its objective.
    pub objective: String,
    /// What it covers.
    pub scope: Vec<String>,
    /// Roles and what each is for.
    pub roles: Vec<(String, String)>,
    /// Its activities or steps.
    pub activities: Vec<String>,
    /// Its KPI keys (see [`crate::kpi`]).
    pub metrics: Vec<String>,
}

/// The reference model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Itil4 {
    /// The seven guiding principles.
    pub guiding_principles: Vec<String>,
    /// The four dimensions of service management.
    pub dimensions: Vec<String>,
    /// The service value system's components.
    pub svs_components: Vec<String>,
    /// The six value chain activities.
    pub value_chain: Vec<ValueChainActivity>,
    /// The 34 practices.
    pub practices: Vec<Practice>,
    /// The seed's SVS diagram, item by item, with corrections (as JSON).
    pub seed_diagram: serde_json::Value,
    /// Practice profiles.
    pub practice_profiles: Vec<PracticeProfile>,
}

#[derive(Deserialize)]
struct File {
    guiding_principles: Vec<String>,
    dimensions: Vec<String>,
    svs_components: Vec<String>,
    value_chain: Vec<ValueChainActivity>,
    practices: Vec<Practice>,
    seed_diagram: serde_json::Value,
    practice_profiles: Vec<PracticeProfile>,
}

// Checked by this module's tests (counts and groups).
static ITIL4: LazyLock<Itil4> =
    LazyLock::new(
        || match serde_json::from_str::<File>(include_str!("../data/itil4.json")) {
            Ok(f) => Itil4 {
                guiding_principles: f.guiding_principles,
                dimensions: f.dimensions,
                svs_components: f.svs_components,
                value_chain: f.value_chain,
                practices: f.practices,
                seed_diagram: f.seed_diagram,
                practice_profiles: f.practice_profiles,
            },
            Err(_) => Itil4 {
                guiding_principles: Vec::new(),
                dimensions: Vec::new(),
                svs_components: Vec::new(),
                value_chain: Vec::new(),
                practices: Vec::new(),
                seed_diagram: serde_json::Value::Null,
                practice_profiles: Vec::new(),
            },
        },
    );

/// The ITIL 4 reference model.
#[must_use]
pub fn itil4() -> &'static Itil4 {
    &ITIL4
}

impl Itil4 {
    /// A practice by id, name or alias (case-insensitive).
    #[must_use]
    pub fn practice(&self, key: &str) -> Option<&Practice> {
        let key = key.to_lowercase();
        self.practices.iter().find(|p| {
            p.id == key
                || p.name.to_lowercase() == key
                || p.aliases.iter().any(|a| a.to_lowercase() == key)
        })
    }

    /// A practice profile by practice id.
    #[must_use]
    pub fn profile(&self, practice: &str) -> Option<&PracticeProfile> {
        self.practice_profiles
            .iter()
            .find(|p| p.practice == practice)
    }
}

#[cfg(test)]
mod tests {
    use itsm_core::{ControlRef, Framework};

    use super::*;

    #[test]
    fn counts_and_groups() {
        let r = itil4();
        assert_eq!(r.guiding_principles.len(), 7);
        assert_eq!(r.dimensions.len(), 4);
        assert_eq!(r.svs_components.len(), 5);
        assert_eq!(r.value_chain.len(), 6);
        assert_eq!(r.practices.len(), 34);
        let count = |g| r.practices.iter().filter(|p| p.group == g).count();
        assert_eq!(
            (
                count(PracticeGroup::General),
                count(PracticeGroup::Service),
                count(PracticeGroup::Technical)
            ),
            (14, 17, 3)
        );
        for p in &r.practices {
            ControlRef::new(Framework::Itil4, p.id.as_str()).unwrap();
        }
        let mut ids: Vec<&str> = r.practices.iter().map(|p| p.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 34);
    }

    #[test]
    fn aliases_profiles_and_seed_corrections() {
        let r = itil4();
        assert_eq!(
            r.practice("Change Control").map(|p| p.id.as_str()),
            Some("change-enablement")
        );
        assert_eq!(
            r.practice("capacity-and-performance-management")
                .map(|p| p.group),
            Some(PracticeGroup::Service)
        );
        assert!(r.practice("software engineering").is_none());
        assert!(r.practice("it operations").is_none());
        for key in [
            "incident-management",
            "problem-management",
            "change-enablement",
            "service-request-management",
        ] {
            let p = r.profile(key).unwrap();
            assert!(!p.objective.is_empty() && !p.metrics.is_empty(), "{key}");
            assert!(r.practice(key).is_some());
        }
        let streams = r.seed_diagram["value_streams"].as_array().unwrap();
        assert_eq!(streams.len(), 5);
        assert!(streams.iter().all(|s| s["source"] != "itil4"));
        for m in r.seed_diagram["management"].as_array().unwrap() {
            assert!(r.practice(m["practice"].as_str().unwrap()).is_some(), "{m}");
        }
    }
}
