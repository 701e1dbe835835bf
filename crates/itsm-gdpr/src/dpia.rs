//! Data protection impact assessment (GDPR Art. 35-36).
//!
//! Screening uses the nine criteria of the Article 29 Working Party's
//! guidelines WP248 rev.01, endorsed by the EDPB: processing meeting two or
//! more criteria needs a DPIA in most cases. WP248 also says one criterion
//! can suffice in some cases, so one criterion is reported as "assess", not
//! "not required". The Art. 35(3) cases always need one.
//!
//! A DPIA (following the seed: description, necessity, risks, mitigations)
//! whose residual risk stays high requires prior consultation of the
//! supervisory authority (Art. 36(1)).
//!
//! # Examples
//!
//! ```
//! use itsm_gdpr::dpia::{screen, Criterion, Screening};
//!
//! assert_eq!(screen(&[Criterion::SystematicMonitoring], &[]), Screening::Assess);
//! assert_eq!(screen(&[Criterion::SystematicMonitoring, Criterion::LargeScale], &[]), Screening::Required);
//! assert_eq!(screen(&[], &[]), Screening::NotIndicated);
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// WP248's nine criteria.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// 1. Evaluation or scoring, including profiling and predicting.
    EvaluationOrScoring,
    /// 2. Automated decisions with legal or similar significant effect.
    AutomatedDecisionWithLegalEffect,
    /// 3. Systematic monitoring.
    SystematicMonitoring,
    /// 4. Sensitive data or data of a highly personal nature.
    SensitiveData,
    /// 5. Data processed on a large scale.
    LargeScale,
    /// 6. Matching or combining data sets.
    MatchingOrCombining,
    /// 7. Data concerning vulnerable data subjects.
    VulnerableSubjects,
    /// 8. Innovative use or new technological or organisational solutions.
    InnovativeTechnology,
    /// 9. Processing that prevents subjects from exercising a right or using a service or contract.
    PreventsExerciseOfRights,
}

/// The Art. 35(3) cases where a DPIA is always required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Art35_3 {
    /// (a) Systematic, extensive evaluation by automated processing with legal or similar effects.
    SystematicEvaluation,
    /// (b) Large-scale special categories (Art. 9(1)) or criminal data (Art. 10).
    LargeScaleSpecialCategories,
    /// (c) Systematic large-scale monitoring of a publicly accessible area.
    PublicAreaMonitoring,
}

/// The screening result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Screening {
    /// No criterion met: no DPIA indicated (record the screening).
    NotIndicated,
    /// One criterion: assess whether the risk is high; one can suffice.
    Assess,
    /// Two or more criteria, or an Art. 35(3) case: carry out a DPIA.
    Required,
}

/// Screens processing that meets `criteria` and falls under `cases`.
#[must_use]
pub fn screen(criteria: &[Criterion], cases: &[Art35_3]) -> Screening {
    let mut distinct = criteria.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if !cases.is_empty() || distinct.len() >= 2 {
        Screening::Required
    } else if distinct.len() == 1 {
        Screening::Assess
    } else {
        Screening::NotIndicated
    }
}

/// A risk found by a DPIA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DpiaRisk {
    /// What could happen to people.
    pub description: String,
    /// Whether it is high before mitigation.
    pub high: bool,
    /// The mitigations.
    pub mitigations: Vec<String>,
    /// Whether it stays high after them.
    pub residual_high: bool,
}

/// A DPIA record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct Dpia {
    /// Systematic description of the processing and its purposes (Art. 35(7)(a)).
    pub description: String,
    /// Necessity and proportionality (Art. 35(7)(b)).
    pub necessity: String,
    /// Risks, mitigations and residual risk (Art. 35(7)(c), (d)).
    pub risks: Vec<DpiaRisk>,
}

impl Dpia {
    /// A DPIA.
    ///
    /// # Errors
    ///
    /// [`Error::Text`] for an empty description or necessity assessment.
    pub fn new(
        description: impl Into<String>,
        necessity: impl Into<String>,
    ) -> Result<Self, Error> {
        let (description, necessity) = (description.into(), necessity.into());
        if description.trim().is_empty() || necessity.trim().is_empty() {
            return Err(Error::Text {
                field: "DPIA description and necessity",
            });
        }
        Ok(Self {
            description,
            necessity,
            risks: Vec::new(),
        })
    }

    /// Whether prior consultation of the authority is required (Art. 36(1)):
    /// some risk stays high after mitigation.
    #[must_use]
    pub fn prior_consultation_required(&self) -> bool {
        self.risks.iter().any(|r| r.residual_high)
    }
}
