//! Control coverage: for every capability of the domain crates, the
//! ISO/IEC 27001:2022 clauses and Annex A controls and the NIST CSF 2.0
//! subcategories it helps an organisation implement, each with a one-line
//! rationale.
//!
//! This is the project's own mapping (`data/coverage.json` in this crate),
//! not a standard's. "Helps implement" is meant literally: a capability is
//! a building block; the control is met by the organisation using it, with
//! the process and evidence the standard asks for. Identifiers are checked
//! against the catalogs of `itsm-risk` and `itsm-nist` as the data loads.
//!
//! Queries run both ways: [`capability`] and [`by_crate`] from capabilities
//! to controls, [`by_iso`] and [`by_csf`] from controls to capabilities.
//!
//! # Examples
//!
//! ```
//! use itsm::coverage;
//!
//! let mfa = coverage::capability("totp_mfa").unwrap();
//! assert!(mfa.iso.iter().any(|m| m.target.as_str() == "A.8.5"));
//! assert!(mfa.csf.iter().any(|m| m.target.as_str() == "PR.AA-03"));
//!
//! // Which capabilities help with logging?
//! let logging: Vec<&str> = coverage::by_iso("A.8.15".parse()?).map(|(c, _)| c.id.as_str()).collect();
//! assert!(logging.contains(&"audit_trail"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::sync::LazyLock;

use itsm_nist::catalog::Csf2Id;
use itsm_risk::catalog::ControlId;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The domain crates.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DomainCrate {
    /// `itsm-auth`.
    Auth,
    /// `itsm-risk`.
    Risk,
    /// `itsm-nist`.
    Nist,
    /// `itsm-itil`.
    Itil,
    /// `itsm-gdpr`.
    Gdpr,
    /// `itsm-audit`.
    Audit,
    /// `itsm-dr`.
    Dr,
}

impl DomainCrate {
    /// Every domain crate.
    pub const ALL: [Self; 7] = [
        Self::Auth,
        Self::Risk,
        Self::Nist,
        Self::Itil,
        Self::Gdpr,
        Self::Audit,
        Self::Dr,
    ];

    /// The crate's name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Auth => "itsm-auth",
            Self::Risk => "itsm-risk",
            Self::Nist => "itsm-nist",
            Self::Itil => "itsm-itil",
            Self::Gdpr => "itsm-gdpr",
            Self::Audit => "itsm-audit",
            Self::Dr => "itsm-dr",
        }
    }
}

impl fmt::Display for DomainCrate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One mapped control and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mapping<T> {
    /// The control or subcategory.
    pub target: T,
    /// Why the capability helps implement it.
    pub rationale: String,
}

/// A capability and what it helps implement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Capability {
    /// Its id (`totp_mfa`).
    pub id: String,
    /// The crate that provides it.
    #[serde(rename = "crate")]
    pub crate_: DomainCrate,
    /// The module, within the crate.
    pub module: String,
    /// What it does.
    pub title: String,
    /// ISO/IEC 27001:2022 clauses and Annex A controls.
    pub iso: Vec<Mapping<ControlId>>,
    /// NIST CSF 2.0 subcategories.
    pub csf: Vec<Mapping<Csf2Id>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    capabilities: Vec<Capability>,
}

static DATA: LazyLock<Vec<Capability>> = LazyLock::new(|| {
    // The embedded file is checked by the tests; a broken build is empty.
    serde_json::from_str::<File>(include_str!("../data/coverage.json"))
        .map(|f| f.capabilities)
        .unwrap_or_default()
});

/// Every capability, grouped by crate.
#[must_use]
pub fn capabilities() -> &'static [Capability] {
    &DATA
}

/// The capability with `id`.
#[must_use]
pub fn capability(id: &str) -> Option<&'static Capability> {
    DATA.iter().find(|c| c.id == id)
}

/// The capabilities of one crate.
pub fn by_crate(krate: DomainCrate) -> impl Iterator<Item = &'static Capability> {
    DATA.iter().filter(move |c| c.crate_ == krate)
}

/// The capabilities that help implement an ISO clause or control, each
/// with the rationale.
pub fn by_iso(id: ControlId) -> impl Iterator<Item = (&'static Capability, &'static str)> {
    DATA.iter().filter_map(move |c| {
        c.iso
            .iter()
            .find(|m| m.target == id)
            .map(|m| (c, m.rationale.as_str()))
    })
}

/// The capabilities that help implement a CSF 2.0 subcategory, each with
/// the rationale.
pub fn by_csf(id: Csf2Id) -> impl Iterator<Item = (&'static Capability, &'static str)> {
    DATA.iter().filter_map(move |c| {
        c.csf
            .iter()
            .find(|m| m.target == id)
            .map(|m| (c, m.rationale.as_str()))
    })
}

/// Annex A controls no capability helps with (physical security, human
/// resources and the like, which are the organisation's own), in order.
#[must_use]
pub fn uncovered_annex_a() -> Vec<ControlId> {
    ControlId::annex_a()
        .filter(|id| by_iso(*id).next().is_none())
        .collect()
}
