//! The ISO/IEC 27001:2022 catalog: the 93 Annex A controls in their four
//! themes and the requirement clauses 4 to 10, with lookups.
//!
//! The data lives in `data/annex-a.json` and `data/clauses.json`, embedded
//! and parsed once. Identifiers are the standard's; titles are short
//! descriptions in this project's words, not the standard's text.
//!
//! # Examples
//!
//! ```
//! use itsm_risk::catalog::{self, ControlId, Theme};
//!
//! let logging: ControlId = "A.8.15".parse()?;
//! assert_eq!(catalog::control(logging).map(|c| c.theme), Some(Theme::Technological));
//! assert!("A.12.4.1".parse::<ControlId>().is_err()); // a 2013 number
//! assert!("A.8.35".parse::<ControlId>().is_err());   // well-formed, not in the catalog
//! assert_eq!(catalog::by_theme(Theme::People).count(), 8);
//! let risk_treatment: ControlId = "6.1.3".parse()?;
//! assert!(risk_treatment.is_clause());
//! # Ok::<(), itsm_risk::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use itsm_core::{ControlRef, Framework, InputExcerpt};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// The four themes of Annex A.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// A.5, 37 controls.
    Organizational,
    /// A.6, 8 controls.
    People,
    /// A.7, 14 controls.
    Physical,
    /// A.8, 34 controls.
    Technological,
}

impl Theme {
    /// All four, in Annex A order.
    pub const ALL: [Self; 4] = [
        Self::Organizational,
        Self::People,
        Self::Physical,
        Self::Technological,
    ];
}

/// An Annex A control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// `A.5.1` ... `A.8.34`.
    pub id: String,
    /// Its theme.
    pub theme: Theme,
    /// A short description in this project's words.
    pub title: String,
}

/// A requirement clause or sub-clause of clauses 4 to 10.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    /// `4`, `6.1.3`, `10.2`.
    pub id: String,
    /// A short description in this project's words.
    pub title: String,
}

#[derive(Deserialize)]
struct AnnexFile {
    controls: Vec<Control>,
}

#[derive(Deserialize)]
struct ClauseFile {
    clauses: Vec<Clause>,
}

struct Catalog {
    controls: Vec<Control>,
    clauses: Vec<Clause>,
}

// The embedded files are checked by this module's tests (counts, ids equal to
// the published list, order), so a parse failure cannot ship; if it did, the
// catalog would be empty and every lookup would fail with an error.
static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog {
    controls: serde_json::from_str::<AnnexFile>(include_str!("../data/annex-a.json"))
        .map(|f| f.controls)
        .unwrap_or_default(),
    clauses: serde_json::from_str::<ClauseFile>(include_str!("../data/clauses.json"))
        .map(|f| f.clauses)
        .unwrap_or_default(),
});

/// A catalog identifier: an Annex A control or a clause. Only ids in the
/// catalog parse. Ordered as the catalog lists them (Annex A first).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ControlId(u16);

impl ControlId {
    fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The identifier text: `A.5.15`, `6.1.3`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        let cat = &*CATALOG;
        let i = self.index();
        cat.controls
            .get(i)
            .map(|c| c.id.as_str())
            .or_else(|| {
                i.checked_sub(cat.controls.len())
                    .and_then(|j| cat.clauses.get(j))
                    .map(|c| c.id.as_str())
            })
            .unwrap_or_default()
    }

    /// Whether this is a clause rather than an Annex A control.
    #[must_use]
    pub fn is_clause(self) -> bool {
        self.index() >= CATALOG.controls.len()
    }

    /// The `itsm-core` reference for this id.
    ///
    /// # Errors
    ///
    /// Never for a catalog id; the format check is `itsm-core`'s.
    pub fn to_control_ref(self) -> Result<ControlRef, Error> {
        Ok(ControlRef::new(Framework::Iso27001_2022, self.as_str())?)
    }

    /// Every Annex A control id, in order.
    pub fn annex_a() -> impl Iterator<Item = Self> {
        (0..CATALOG.controls.len()).filter_map(|i| u16::try_from(i).ok().map(Self))
    }
}

impl FromStr for ControlId {
    type Err = Error;

    /// Accepts exactly the catalog's ids.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownControl`], with the format error from `itsm-core`
    /// when the id is not even well formed (such as a 2013 number).
    fn from_str(s: &str) -> Result<Self, Error> {
        let cat = &*CATALOG;
        let position = cat
            .controls
            .iter()
            .map(|c| c.id.as_str())
            .chain(cat.clauses.iter().map(|c| c.id.as_str()))
            .position(|id| id == s);
        if let Some(p) = position.and_then(|p| u16::try_from(p).ok()) {
            return Ok(Self(p));
        }
        let format = ControlRef::new(Framework::Iso27001_2022, s)
            .err()
            .map(|e| e.to_string());
        Err(Error::UnknownControl {
            id: InputExcerpt::new(s),
            format,
        })
    }
}

impl fmt::Display for ControlId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ControlId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ControlId({})", self.as_str())
    }
}

impl Serialize for ControlId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ControlId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for ControlId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Iso27001ControlId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let ids: Vec<&str> = CATALOG
            .controls
            .iter()
            .map(|c| c.id.as_str())
            .chain(CATALOG.clauses.iter().map(|c| c.id.as_str()))
            .collect();
        schemars::json_schema!({
            "type": "string",
            "description": "an ISO/IEC 27001:2022 Annex A control or clause id",
            "enum": ids
        })
    }
}

/// The Annex A control `id` names, if `id` is one.
#[must_use]
pub fn control(id: ControlId) -> Option<&'static Control> {
    CATALOG.controls.get(id.index())
}

/// The clause `id` names, if `id` is one.
#[must_use]
pub fn clause(id: ControlId) -> Option<&'static Clause> {
    let n = CATALOG.controls.len();
    id.index()
        .checked_sub(n)
        .and_then(|i| CATALOG.clauses.get(i))
}

/// The title of any catalog id.
#[must_use]
pub fn title(id: ControlId) -> &'static str {
    control(id)
        .map(|c| c.title.as_str())
        .or_else(|| clause(id).map(|c| c.title.as_str()))
        .unwrap_or_default()
}

/// All 93 Annex A controls, in order.
#[must_use]
pub fn annex_a() -> &'static [Control] {
    &CATALOG.controls
}

/// The clauses and sub-clauses of 4 to 10, in order.
#[must_use]
pub fn clauses() -> &'static [Clause] {
    &CATALOG.clauses
}

/// The controls of one theme, in order.
pub fn by_theme(theme: Theme) -> impl Iterator<Item = &'static Control> {
    CATALOG.controls.iter().filter(move |c| c.theme == theme)
}

/// ISO/IEC 27002:2022 control attributes (its section 4.2), as vocabularies a
/// host can tag controls with. The standard assigns values to each control;
/// this crate carries the vocabularies only.
pub mod attributes {
    use schemars::JsonSchema;
    use serde::{Deserialize, Serialize};

    /// When a control acts relative to an incident.
    #[derive(
        Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
    )]
    #[serde(rename_all = "snake_case")]
    pub enum ControlType {
        /// Stops an incident from happening.
        Preventive,
        /// Notices an incident happening.
        Detective,
        /// Acts after an incident.
        Corrective,
    }

    /// The property a control preserves.
    #[derive(
        Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
    )]
    #[serde(rename_all = "snake_case")]
    pub enum SecurityProperty {
        /// Only those authorised can read.
        Confidentiality,
        /// Accurate and complete.
        Integrity,
        /// Usable when needed.
        Availability,
    }

    /// The cybersecurity concept (the NIST CSF 1.1 functions, as 27002 uses them).
    #[derive(
        Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
    )]
    #[serde(rename_all = "snake_case")]
    pub enum CybersecurityConcept {
        /// Know the assets and risks.
        Identify,
        /// Safeguard.
        Protect,
        /// Notice events.
        Detect,
        /// Act on incidents.
        Respond,
        /// Restore.
        Recover,
    }

    /// The operational capability a control belongs to.
    #[derive(
        Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
    )]
    #[serde(rename_all = "snake_case")]
    pub enum OperationalCapability {
        /// Governance.
        Governance,
        /// Asset management.
        AssetManagement,
        /// Information protection.
        InformationProtection,
        /// Human resource security.
        HumanResourceSecurity,
        /// Physical security.
        PhysicalSecurity,
        /// System and network security.
        SystemAndNetworkSecurity,
        /// Application security.
        ApplicationSecurity,
        /// Secure configuration.
        SecureConfiguration,
        /// Identity and access management.
        IdentityAndAccessManagement,
        /// Threat and vulnerability management.
        ThreatAndVulnerabilityManagement,
        /// Continuity.
        Continuity,
        /// Supplier relationships security.
        SupplierRelationshipsSecurity,
        /// Legal and compliance.
        LegalAndCompliance,
        /// Information security event management.
        InformationSecurityEventManagement,
        /// Information security assurance.
        InformationSecurityAssurance,
    }

    /// The security domain a control serves.
    #[derive(
        Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
    )]
    #[serde(rename_all = "snake_case")]
    pub enum SecurityDomain {
        /// Governance and ecosystem.
        GovernanceAndEcosystem,
        /// Protection.
        Protection,
        /// Defence.
        Defence,
        /// Resilience.
        Resilience,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annex_a_counts_and_exact_ids() {
        assert_eq!(annex_a().len(), 93);
        let counts: Vec<usize> = Theme::ALL.iter().map(|t| by_theme(*t).count()).collect();
        assert_eq!(counts, [37, 8, 14, 34]);
        let expected: Vec<String> = [(5, 37), (6, 8), (7, 14), (8, 34)]
            .iter()
            .flat_map(|(t, n)| (1..=*n).map(move |i| format!("A.{t}.{i}")))
            .collect();
        let ids: Vec<&str> = annex_a().iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, expected);
        for c in annex_a() {
            let theme_digit = c.id.get(2..3).unwrap();
            let expect = match theme_digit {
                "5" => Theme::Organizational,
                "6" => Theme::People,
                "7" => Theme::Physical,
                _ => Theme::Technological,
            };
            assert_eq!(c.theme, expect, "{}", c.id);
            assert!(!c.title.is_empty() && c.title.len() < 80, "{}", c.id);
        }
    }

    #[test]
    fn clause_list() {
        let ids: Vec<&str> = clauses().iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids.len(), 41);
        for must in [
            "4.1", "4.4", "5.3", "6.1.1", "6.1.2", "6.1.3", "6.3", "7.5.3", "8.3", "9.2.1",
            "9.2.2", "9.3.1", "9.3.2", "9.3.3", "10.1", "10.2",
        ] {
            assert!(ids.contains(&must), "{must}");
        }
        // Every id is well formed, unique, and its parent is listed before it.
        for (i, id) in ids.iter().enumerate() {
            ControlRef::new(Framework::Iso27001_2022, *id).unwrap();
            assert!(!ids[..i].contains(id), "duplicate {id}");
            if let Some((parent, _)) = id.rsplit_once('.') {
                assert!(ids[..i].contains(&parent), "{id} before its parent");
            }
        }
    }

    #[test]
    fn control_ids_accept_only_catalog_entries() {
        let c: ControlId = "A.5.15".parse().unwrap();
        assert_eq!(c.as_str(), "A.5.15");
        assert!(!c.is_clause());
        assert_eq!(control(c).unwrap().theme, Theme::Organizational);
        let cl: ControlId = "9.3.3".parse().unwrap();
        assert!(cl.is_clause());
        assert!(clause(cl).is_some() && control(cl).is_none());
        assert!(!title(cl).is_empty());
        for bad in [
            "A.5.38", "A.6.9", "A.7.15", "A.8.35", "A.12.4.1", "11", "6.1.4", "", "a.5.1",
        ] {
            assert!(bad.parse::<ControlId>().is_err(), "{bad}");
        }
        let err = "A.12.4.1".parse::<ControlId>().unwrap_err().to_string();
        assert!(err.contains("2013"), "{err}");
        assert_eq!(ControlId::annex_a().count(), 93);
        assert!(c < cl, "Annex A sorts before clauses");
    }

    #[test]
    fn serde_and_schema() {
        let c: ControlId = "A.8.15".parse().unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"A.8.15\"");
        assert_eq!(serde_json::from_str::<ControlId>("\"A.8.15\"").unwrap(), c);
        assert!(serde_json::from_str::<ControlId>("\"A.8.99\"").is_err());
        let schema = serde_json::to_value(schemars::schema_for!(ControlId)).unwrap();
        assert_eq!(schema["enum"].as_array().unwrap().len(), 93 + 41);
    }

    #[test]
    fn every_csf_2_0_iso_target_resolves() {
        // The ISO ids NIST's CSF 2.0 informative references point to.
        let targets = [
            "4.1", "4.2", "4.4", "5.2", "5.3", "6.1.1", "6.1.2", "6.1.3", "7.1", "7.2", "7.3",
            "7.4", "8.1", "8.2", "8.3", "9.1", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3", "10.1",
            "10.2",
        ];
        for t in targets {
            assert!(t.parse::<ControlId>().is_ok(), "{t}");
        }
    }
}
