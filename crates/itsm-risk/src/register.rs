//! The risk register: assets, threats, vulnerabilities and the risk
//! scenarios linking them, with inherent and residual risk, treatment, the
//! risk owner's approval and acceptance (ISO/IEC 27001:2022 6.1.3 f), reviews,
//! a heat map and summaries.
//!
//! A register is checked as a whole when it is built or deserialized: ids are
//! unique, every reference resolves, and every rating fits its matrix.
//!
//! # Examples
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use itsm_core::Classification;
//! use itsm_risk::assessment::{Impact, Likelihood, RiskLevel, RiskMatrix};
//! use itsm_risk::register::*;
//!
//! let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
//! let mut register = RiskRegister::new(RiskMatrix::seed());
//! register.add_asset(Asset::new(RegisterId::new("AST-1")?, "service desk database", "dba team", Classification::Confidential))?;
//! register.add_threat(Threat::new(RegisterId::new("THR-1")?, "ransomware"))?;
//! register.add_vulnerability(Vulnerability::new(RegisterId::new("VUL-1")?, "backups reachable from the domain"))?;
//!
//! let mut risk = RiskScenario::new(
//!     RegisterId::new("RSK-1")?, RegisterId::new("AST-1")?, RegisterId::new("THR-1")?, RegisterId::new("VUL-1")?,
//!     "ciso", t0, Rating::new(Likelihood::new(4)?, Impact::new(5)?), t0 + Duration::days(90),
//! );
//! risk.controls = vec!["A.8.13".parse()?, "A.8.7".parse()?];
//! risk.residual = Some(Rating::new(Likelihood::new(2)?, Impact::new(4)?));
//! risk.treatment = TreatmentOption::Mitigate;
//! register.add_risk(risk)?;
//!
//! let view = register.assess(&RegisterId::new("RSK-1")?)?;
//! assert_eq!(view.inherent.level, RiskLevel::Critical);
//! assert_eq!(view.residual.map(|r| r.level), Some(RiskLevel::Low));
//!
//! // The owner approves the plan and, separately, accepts the residual risk.
//! register.approve_plan(&RegisterId::new("RSK-1")?, "ciso", t0 + Duration::days(1))?;
//! register.accept_residual(&RegisterId::new("RSK-1")?, "ciso", t0 + Duration::days(30))?;
//! assert_eq!(register.summary()?.inherent_by_level[&RiskLevel::Critical], 1);
//! # Ok::<(), itsm_risk::Error>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{DateTime, Utc};
use itsm_core::{Classification, InputExcerpt};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::assessment::{Assessment, Impact, Likelihood, RiskLevel, RiskMatrix};
use crate::catalog::ControlId;

/// An id in a register (`AST-1`, `RSK-042`): 1 to 64 characters, no control
/// characters, no surrounding spaces.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(try_from = "String", into = "String")]
pub struct RegisterId(String);

impl RegisterId {
    /// Checks and wraps an id.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidId`].
    pub fn new(id: impl Into<String>) -> Result<Self, Error> {
        let id = id.into();
        let ok = !id.is_empty()
            && id.chars().count() <= 64
            && id.trim() == id
            && !id.chars().any(char::is_control);
        if ok {
            Ok(Self(id))
        } else {
            Err(Error::InvalidId {
                kind: "register",
                id: InputExcerpt::new(&id),
            })
        }
    }

    /// The id.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for RegisterId {
    type Error = Error;

    fn try_from(s: String) -> Result<Self, Error> {
        Self::new(s)
    }
}

impl From<RegisterId> for String {
    fn from(id: RegisterId) -> String {
        id.0
    }
}

impl fmt::Display for RegisterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How much a security property of an asset matters.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CiaValue {
    /// Little harm if lost.
    Low,
    /// Noticeable harm.
    #[default]
    Medium,
    /// Serious harm.
    High,
}

/// Something of value to protect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Asset {
    /// Its id.
    pub id: RegisterId,
    /// What it is.
    pub name: String,
    /// Who is accountable for it.
    pub owner: String,
    /// Its classification.
    pub classification: Classification,
    /// How much its confidentiality matters.
    pub confidentiality: CiaValue,
    /// How much its integrity matters.
    pub integrity: CiaValue,
    /// How much its availability matters.
    pub availability: CiaValue,
}

impl Asset {
    /// An asset with medium CIA values.
    #[must_use]
    pub fn new(
        id: RegisterId,
        name: impl Into<String>,
        owner: impl Into<String>,
        classification: Classification,
    ) -> Self {
        Self {
            id,
            name: name.into(),
            owner: owner.into(),
            classification,
            confidentiality: CiaValue::Medium,
            integrity: CiaValue::Medium,
            availability: CiaValue::Medium,
        }
    }
}

/// A potential cause of harm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Threat {
    /// Its id.
    pub id: RegisterId,
    /// What it is.
    pub name: String,
}

impl Threat {
    /// A threat.
    #[must_use]
    pub fn new(id: RegisterId, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
        }
    }
}

/// A weakness a threat can exploit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Vulnerability {
    /// Its id.
    pub id: RegisterId,
    /// What it is.
    pub name: String,
}

impl Vulnerability {
    /// A vulnerability.
    #[must_use]
    pub fn new(id: RegisterId, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
        }
    }
}

/// A likelihood and impact pair, checked against the register's matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    /// Likelihood.
    pub likelihood: Likelihood,
    /// Impact.
    pub impact: Impact,
}

impl Rating {
    /// A rating pair.
    #[must_use]
    pub fn new(likelihood: Likelihood, impact: Impact) -> Self {
        Self { likelihood, impact }
    }
}

/// The four risk treatment options (ISO/IEC 27005).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TreatmentOption {
    /// Reduce the risk with controls (not yet decided counts as this).
    #[default]
    Mitigate,
    /// Retain the risk as it is.
    Accept,
    /// Share it with another party (insurance, a supplier).
    Transfer,
    /// Stop the activity that causes it.
    Avoid,
}

/// The plan to treat a risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TreatmentPlan {
    /// What will be done.
    pub description: String,
    /// Who carries it out.
    pub owner: String,
    /// When it is due.
    pub due: DateTime<Utc>,
}

/// The risk as it stood when its owner decided: the record of what was
/// approved or accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskSnapshot {
    /// The inherent assessment then.
    pub inherent: Assessment,
    /// The residual assessment then, if one was made.
    pub residual: Option<Assessment>,
    /// The treatment option then.
    pub treatment: TreatmentOption,
}

/// A risk owner's decision, with who, when and the risk at that moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnerDecision {
    /// Who decided.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The risk as it stood.
    pub snapshot: RiskSnapshot,
}

/// A risk scenario: a threat exploiting a vulnerability of an asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RiskScenario {
    /// Its id.
    pub id: RegisterId,
    /// The asset at risk.
    pub asset: RegisterId,
    /// The threat.
    pub threat: RegisterId,
    /// The vulnerability.
    pub vulnerability: RegisterId,
    /// The risk owner.
    pub owner: String,
    /// When it was assessed.
    pub assessed_at: DateTime<Utc>,
    /// Likelihood and impact before treatment.
    pub inherent: Rating,
    /// Annex A controls applied or planned.
    #[serde(default)]
    pub controls: Vec<ControlId>,
    /// Likelihood and impact after treatment, once estimated.
    #[serde(default)]
    pub residual: Option<Rating>,
    /// The treatment option.
    #[serde(default)]
    pub treatment: TreatmentOption,
    /// The treatment plan.
    #[serde(default)]
    pub plan: Option<TreatmentPlan>,
    /// The owner's approval of the treatment plan (6.1.3 f).
    #[serde(default)]
    pub plan_approval: Option<OwnerDecision>,
    /// The owner's acceptance of the residual risk (6.1.3 f).
    #[serde(default)]
    pub residual_acceptance: Option<OwnerDecision>,
    /// When the risk must next be reviewed.
    pub next_review_at: DateTime<Utc>,
}

impl RiskScenario {
    /// A scenario with its inherent rating, no controls or residual yet.
    #[expect(
        clippy::too_many_arguments,
        reason = "each is a required field of the scenario; a builder would only hide them"
    )]
    #[must_use]
    pub fn new(
        id: RegisterId,
        asset: RegisterId,
        threat: RegisterId,
        vulnerability: RegisterId,
        owner: impl Into<String>,
        assessed_at: DateTime<Utc>,
        inherent: Rating,
        next_review_at: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            asset,
            threat,
            vulnerability,
            owner: owner.into(),
            assessed_at,
            inherent,
            controls: Vec::new(),
            residual: None,
            treatment: TreatmentOption::Mitigate,
            plan: None,
            plan_approval: None,
            residual_acceptance: None,
            next_review_at,
        }
    }
}

/// A scenario's assessments on the register's matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RiskView {
    /// Before treatment.
    pub inherent: Assessment,
    /// After treatment, if estimated.
    pub residual: Option<Assessment>,
}

/// Something in the register that needs attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RegisterFinding {
    /// The residual score is above the inherent one: the treatment made it worse, or a rating is wrong.
    ResidualAboveInherent {
        /// The risk.
        risk: RegisterId,
    },
    /// The review date has passed.
    ReviewOverdue {
        /// The risk.
        risk: RegisterId,
        /// When the review was due.
        due: DateTime<Utc>,
    },
}

/// Counts of risks at each matrix cell, for plotting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct HeatMap {
    /// Likelihood labels, row order.
    pub likelihood: Vec<String>,
    /// Impact labels, column order.
    pub impact: Vec<String>,
    /// Inherent risks per cell: `inherent[likelihood - 1][impact - 1]`.
    pub inherent: Vec<Vec<u32>>,
    /// Residual risks per cell (risks without a residual estimate are left out).
    pub residual: Vec<Vec<u32>>,
}

/// Counts by level and by treatment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RegisterSummary {
    /// All risks.
    pub risks: usize,
    /// Inherent risks per level (every level present, zero included).
    pub inherent_by_level: BTreeMap<RiskLevel, usize>,
    /// Residual risks per level, for risks with a residual estimate.
    pub residual_by_level: BTreeMap<RiskLevel, usize>,
    /// Risks per treatment option (every option present).
    pub by_treatment: BTreeMap<TreatmentOption, usize>,
}

/// The register. Lookups by id use indexes, so building and querying a
/// register of n risks costs O(n log n).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "RawRegister")]
pub struct RiskRegister {
    matrix: RiskMatrix,
    assets: Vec<Asset>,
    threats: Vec<Threat>,
    vulnerabilities: Vec<Vulnerability>,
    risks: Vec<RiskScenario>,
    #[serde(skip)]
    index: Index,
}

/// Ids to positions, rebuilt as entries are added.
#[derive(Debug, Clone, Default, PartialEq, Eq, JsonSchema)]
struct Index {
    assets: BTreeSet<RegisterId>,
    threats: BTreeSet<RegisterId>,
    vulnerabilities: BTreeSet<RegisterId>,
    risks: BTreeMap<RegisterId, usize>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawRegister {
    matrix: RiskMatrix,
    #[serde(default)]
    assets: Vec<Asset>,
    #[serde(default)]
    threats: Vec<Threat>,
    #[serde(default)]
    vulnerabilities: Vec<Vulnerability>,
    #[serde(default)]
    risks: Vec<RiskScenario>,
}

impl TryFrom<RawRegister> for RiskRegister {
    type Error = Error;

    fn try_from(raw: RawRegister) -> Result<Self, Error> {
        let mut r = RiskRegister::new(raw.matrix);
        for a in raw.assets {
            r.add_asset(a)?;
        }
        for t in raw.threats {
            r.add_threat(t)?;
        }
        for v in raw.vulnerabilities {
            r.add_vulnerability(v)?;
        }
        for s in raw.risks {
            r.add_risk(s)?;
        }
        Ok(r)
    }
}

fn unique(kind: &'static str, taken: bool, id: &RegisterId) -> Result<(), Error> {
    if taken {
        Err(Error::DuplicateId {
            kind,
            id: InputExcerpt::new(id.as_str()),
        })
    } else {
        Ok(())
    }
}

fn present(kind: &'static str, found: bool, id: &RegisterId) -> Result<(), Error> {
    if found {
        Ok(())
    } else {
        Err(Error::MissingReference {
            kind,
            id: InputExcerpt::new(id.as_str()),
        })
    }
}

impl RiskRegister {
    /// An empty register on `matrix`.
    #[must_use]
    pub fn new(matrix: RiskMatrix) -> Self {
        Self {
            matrix,
            assets: Vec::new(),
            threats: Vec::new(),
            vulnerabilities: Vec::new(),
            risks: Vec::new(),
            index: Index::default(),
        }
    }

    /// The matrix ratings are assessed on.
    #[must_use]
    pub fn matrix(&self) -> &RiskMatrix {
        &self.matrix
    }

    /// The assets.
    #[must_use]
    pub fn assets(&self) -> &[Asset] {
        &self.assets
    }

    /// The risk scenarios.
    #[must_use]
    pub fn risks(&self) -> &[RiskScenario] {
        &self.risks
    }

    /// Adds an asset.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateId`].
    pub fn add_asset(&mut self, asset: Asset) -> Result<(), Error> {
        unique("asset", self.index.assets.contains(&asset.id), &asset.id)?;
        self.index.assets.insert(asset.id.clone());
        self.assets.push(asset);
        Ok(())
    }

    /// Adds a threat.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateId`].
    pub fn add_threat(&mut self, threat: Threat) -> Result<(), Error> {
        unique(
            "threat",
            self.index.threats.contains(&threat.id),
            &threat.id,
        )?;
        self.index.threats.insert(threat.id.clone());
        self.threats.push(threat);
        Ok(())
    }

    /// Adds a vulnerability.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateId`].
    pub fn add_vulnerability(&mut self, vulnerability: Vulnerability) -> Result<(), Error> {
        let taken = self.index.vulnerabilities.contains(&vulnerability.id);
        unique("vulnerability", taken, &vulnerability.id)?;
        self.index.vulnerabilities.insert(vulnerability.id.clone());
        self.vulnerabilities.push(vulnerability);
        Ok(())
    }

    /// Adds a risk scenario after checking its references and ratings.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateId`], [`Error::MissingReference`], or
    /// [`Error::Rating`] for a rating that does not fit the matrix.
    pub fn add_risk(&mut self, risk: RiskScenario) -> Result<(), Error> {
        unique("risk", self.index.risks.contains_key(&risk.id), &risk.id)?;
        present(
            "asset",
            self.index.assets.contains(&risk.asset),
            &risk.asset,
        )?;
        present(
            "threat",
            self.index.threats.contains(&risk.threat),
            &risk.threat,
        )?;
        let vulnerability_known = self.index.vulnerabilities.contains(&risk.vulnerability);
        present("vulnerability", vulnerability_known, &risk.vulnerability)?;
        self.matrix
            .check(risk.inherent.likelihood, risk.inherent.impact)?;
        if let Some(r) = risk.residual {
            self.matrix.check(r.likelihood, r.impact)?;
        }
        self.index.risks.insert(risk.id.clone(), self.risks.len());
        self.risks.push(risk);
        Ok(())
    }

    /// Whether the register has a risk with this id.
    #[must_use]
    pub fn contains_risk(&self, id: &RegisterId) -> bool {
        self.index.risks.contains_key(id)
    }

    fn missing(id: &RegisterId) -> Error {
        Error::MissingReference {
            kind: "risk",
            id: InputExcerpt::new(id.as_str()),
        }
    }

    fn find(&self, id: &RegisterId) -> Result<&RiskScenario, Error> {
        self.index
            .risks
            .get(id)
            .and_then(|i| self.risks.get(*i))
            .ok_or_else(|| Self::missing(id))
    }

    fn find_mut(&mut self, id: &RegisterId) -> Result<&mut RiskScenario, Error> {
        let i = *self.index.risks.get(id).ok_or_else(|| Self::missing(id))?;
        self.risks.get_mut(i).ok_or_else(|| Self::missing(id))
    }

    fn view_of(&self, r: &RiskScenario) -> Result<RiskView, Error> {
        Ok(RiskView {
            inherent: self
                .matrix
                .assess(r.inherent.likelihood, r.inherent.impact)?,
            residual: r
                .residual
                .map(|x| self.matrix.assess(x.likelihood, x.impact))
                .transpose()?,
        })
    }

    /// The assessments of one risk.
    ///
    /// # Errors
    ///
    /// [`Error::MissingReference`] for an unknown id.
    pub fn assess(&self, id: &RegisterId) -> Result<RiskView, Error> {
        self.view_of(self.find(id)?)
    }

    fn snapshot(&self, id: &RegisterId) -> Result<RiskSnapshot, Error> {
        let r = self.find(id)?;
        let v = self.view_of(r)?;
        Ok(RiskSnapshot {
            inherent: v.inherent,
            residual: v.residual,
            treatment: r.treatment,
        })
    }

    /// Records the risk owner's approval of the treatment plan, with the
    /// risk as it stands now.
    ///
    /// # Errors
    ///
    /// [`Error::MissingReference`] for an unknown id.
    pub fn approve_plan(
        &mut self,
        id: &RegisterId,
        by: impl Into<String>,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        let snapshot = self.snapshot(id)?;
        self.find_mut(id)?.plan_approval = Some(OwnerDecision {
            by: by.into(),
            at,
            snapshot,
        });
        Ok(())
    }

    /// Records the risk owner's acceptance of the residual risk, with the
    /// risk as it stands now; separate from the plan approval.
    ///
    /// # Errors
    ///
    /// [`Error::MissingReference`] for an unknown id.
    pub fn accept_residual(
        &mut self,
        id: &RegisterId,
        by: impl Into<String>,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        let snapshot = self.snapshot(id)?;
        self.find_mut(id)?.residual_acceptance = Some(OwnerDecision {
            by: by.into(),
            at,
            snapshot,
        });
        Ok(())
    }

    /// Risks whose review is due at `now` (`now >= next_review_at`), earliest first.
    #[must_use]
    pub fn overdue_reviews(&self, now: DateTime<Utc>) -> Vec<&RiskScenario> {
        let mut due: Vec<&RiskScenario> = self
            .risks
            .iter()
            .filter(|r| now >= r.next_review_at)
            .collect();
        due.sort_by_key(|r| r.next_review_at);
        due
    }

    /// Every finding at `now`: residual above inherent, overdue reviews.
    ///
    /// # Errors
    ///
    /// Never for a register that was checked on the way in.
    pub fn findings(&self, now: DateTime<Utc>) -> Result<Vec<RegisterFinding>, Error> {
        let mut out = Vec::new();
        for r in &self.risks {
            let v = self.view_of(r)?;
            if v.residual.is_some_and(|res| res.score > v.inherent.score) {
                out.push(RegisterFinding::ResidualAboveInherent { risk: r.id.clone() });
            }
        }
        out.extend(
            self.overdue_reviews(now)
                .into_iter()
                .map(|r| RegisterFinding::ReviewOverdue {
                    risk: r.id.clone(),
                    due: r.next_review_at,
                }),
        );
        Ok(out)
    }

    /// Counts per matrix cell, inherent and residual.
    #[must_use]
    pub fn heat_map(&self) -> HeatMap {
        let (rows, cols) = (
            self.matrix.likelihood_labels().len(),
            self.matrix.impact_labels().len(),
        );
        let mut inherent = vec![vec![0u32; cols]; rows];
        let mut residual = vec![vec![0u32; cols]; rows];
        let count = |grid: &mut Vec<Vec<u32>>, r: Rating| {
            if let Some(cell) = grid
                .get_mut(usize::from(r.likelihood.get() - 1))
                .and_then(|row| row.get_mut(usize::from(r.impact.get() - 1)))
            {
                *cell = cell.saturating_add(1);
            }
        };
        for r in &self.risks {
            count(&mut inherent, r.inherent);
            if let Some(res) = r.residual {
                count(&mut residual, res);
            }
        }
        HeatMap {
            likelihood: self.matrix.likelihood_labels().to_vec(),
            impact: self.matrix.impact_labels().to_vec(),
            inherent,
            residual,
        }
    }

    /// Counts by level and by treatment.
    ///
    /// # Errors
    ///
    /// Never for a register that was checked on the way in.
    pub fn summary(&self) -> Result<RegisterSummary, Error> {
        let zero_levels = || {
            RiskLevel::ALL
                .iter()
                .map(|l| (*l, 0usize))
                .collect::<BTreeMap<_, _>>()
        };
        let mut s = RegisterSummary {
            risks: self.risks.len(),
            inherent_by_level: zero_levels(),
            residual_by_level: zero_levels(),
            by_treatment: [
                TreatmentOption::Mitigate,
                TreatmentOption::Accept,
                TreatmentOption::Transfer,
                TreatmentOption::Avoid,
            ]
            .into_iter()
            .map(|t| (t, 0))
            .collect(),
        };
        for r in &self.risks {
            let v = self.view_of(r)?;
            *s.inherent_by_level.entry(v.inherent.level).or_default() += 1;
            if let Some(res) = v.residual {
                *s.residual_by_level.entry(res.level).or_default() += 1;
            }
            *s.by_treatment.entry(r.treatment).or_default() += 1;
        }
        Ok(s)
    }

    /// Annex A controls named by the register's risks, with the risks naming
    /// each (what a Statement of Applicability must include).
    #[must_use]
    pub fn selected_controls(&self) -> BTreeMap<ControlId, BTreeSet<RegisterId>> {
        let mut out: BTreeMap<ControlId, BTreeSet<RegisterId>> = BTreeMap::new();
        for r in &self.risks {
            for c in &r.controls {
                out.entry(*c).or_default().insert(r.id.clone());
            }
        }
        out
    }
}
