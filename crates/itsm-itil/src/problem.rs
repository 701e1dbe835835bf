//! Problem management (seed section 4.2): problems linked to incidents, root
//! cause analysis with the seed's methods, and known errors in a searchable
//! known-error database.
//!
//! A known error, in ITIL 4's sense, is a problem that has been analysed but
//! not resolved; it usually carries a workaround.
//!
//! # Examples
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use itsm_itil::problem::{KnownError, KnownErrorDatabase, Problem, ProblemState, RcaMethod, RootCauseAnalysis};
//!
//! let t0 = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//! let mut p = Problem::new("PRB1", "VPN drops every hour", t0)?;
//! p.link_incident("INC7");
//! p.record_rca(RootCauseAnalysis::new(RcaMethod::FiveWhys, "certificate renewal restarts the gateway", t0)?);
//! p.transition(ProblemState::KnownError, t0)?;
//!
//! let mut kedb = KnownErrorDatabase::default();
//! kedb.add(KnownError::new("KE1", "PRB1", "VPN drops hourly", "reconnect; renewal moved to night")?.for_ci("vpn-gw-1").in_category("network"));
//! assert_eq!(kedb.search(Some("vpn-gw-1"), None, &["drops"]).len(), 1);
//! # Ok::<(), itsm_itil::Error>(())
//! ```

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// The seed's root-cause analysis methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RcaMethod {
    /// Asking why until the cause is reached.
    FiveWhys,
    /// Cause-and-effect (Ishikawa) diagram.
    Fishbone,
    /// Fault tree analysis.
    FaultTree,
    /// Timeline analysis.
    Timeline,
}

/// A root-cause analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RootCauseAnalysis {
    /// The method used.
    pub method: RcaMethod,
    /// The root cause found.
    pub root_cause: String,
    /// When it was completed.
    pub completed_at: DateTime<Utc>,
}

impl RootCauseAnalysis {
    /// An analysis.
    ///
    /// # Errors
    ///
    /// [`Error::Text`] for an empty root cause.
    pub fn new(
        method: RcaMethod,
        root_cause: impl Into<String>,
        completed_at: DateTime<Utc>,
    ) -> Result<Self, Error> {
        let root_cause = root_cause.into();
        if root_cause.trim().is_empty() {
            return Err(Error::Text {
                field: "root cause",
            });
        }
        Ok(Self {
            method,
            root_cause,
            completed_at,
        })
    }
}

/// A problem's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProblemState {
    /// Logged.
    New,
    /// Being analysed.
    UnderInvestigation,
    /// Analysed, not resolved (usually with a workaround).
    KnownError,
    /// Fixed, typically through a change.
    Resolved,
    /// Closed: final.
    Closed,
    /// Withdrawn: final.
    Canceled,
}

impl ProblemState {
    /// Whether `self -> to` is allowed.
    #[must_use]
    pub const fn can_move_to(self, to: Self) -> bool {
        use ProblemState as S;
        matches!(
            (self, to),
            (S::New, S::UnderInvestigation | S::Canceled)
                | (
                    S::UnderInvestigation,
                    S::KnownError | S::Resolved | S::Canceled
                )
                | (S::KnownError, S::Resolved | S::Canceled)
                | (S::Resolved, S::Closed | S::UnderInvestigation)
        )
    }
}

/// A problem record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct Problem {
    /// Its number.
    pub number: String,
    /// What it is.
    pub summary: String,
    /// The current state.
    pub state: ProblemState,
    /// When it was logged.
    pub opened_at: DateTime<Utc>,
    /// When it was last resolved.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Linked incident numbers.
    pub incidents: Vec<String>,
    /// The root-cause analysis, once done.
    pub rca: Option<RootCauseAnalysis>,
}

impl Problem {
    /// A new problem.
    ///
    /// # Errors
    ///
    /// [`Error::Text`] for an empty number or summary.
    pub fn new(
        number: impl Into<String>,
        summary: impl Into<String>,
        opened_at: DateTime<Utc>,
    ) -> Result<Self, Error> {
        let (number, summary) = (number.into(), summary.into());
        if number.trim().is_empty() || summary.trim().is_empty() {
            return Err(Error::Text {
                field: "problem number and summary",
            });
        }
        Ok(Self {
            number,
            summary,
            state: ProblemState::New,
            opened_at,
            resolved_at: None,
            incidents: Vec::new(),
            rca: None,
        })
    }

    /// Links an incident (once).
    pub fn link_incident(&mut self, incident: impl Into<String>) {
        let incident = incident.into();
        if !self.incidents.contains(&incident) {
            self.incidents.push(incident);
        }
    }

    /// Records the root-cause analysis.
    pub fn record_rca(&mut self, rca: RootCauseAnalysis) {
        self.rca = Some(rca);
    }

    /// Moves to `to`. A New problem moves to Under Investigation on its way
    /// to a known error.
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`].
    pub fn transition(&mut self, to: ProblemState, at: DateTime<Utc>) -> Result<(), Error> {
        let from = self.state;
        let path: &[ProblemState] = if from == ProblemState::New && to == ProblemState::KnownError {
            &[ProblemState::UnderInvestigation, ProblemState::KnownError]
        } else {
            &[to]
        };
        for step in path {
            if !self.state.can_move_to(*step) {
                self.state = from;
                return Err(Error::IllegalTransition {
                    workflow: "problem",
                    from: format!("{from:?}"),
                    to: format!("{to:?}"),
                });
            }
            self.state = *step;
        }
        if to == ProblemState::Resolved {
            self.resolved_at = Some(at);
        }
        Ok(())
    }
}

/// A known error: analysed, not resolved, with a workaround.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct KnownError {
    /// Its id.
    pub id: String,
    /// The problem it comes from.
    pub problem: String,
    /// What goes wrong.
    pub description: String,
    /// How to restore service meanwhile.
    pub workaround: String,
    /// Configuration items affected.
    pub configuration_items: Vec<String>,
    /// Its category.
    pub category: Option<String>,
}

impl KnownError {
    /// A known error.
    ///
    /// # Errors
    ///
    /// [`Error::Text`] for an empty id, description or workaround.
    pub fn new(
        id: impl Into<String>,
        problem: impl Into<String>,
        description: impl Into<String>,
        workaround: impl Into<String>,
    ) -> Result<Self, Error> {
        let (id, description, workaround) = (id.into(), description.into(), workaround.into());
        if id.trim().is_empty() || description.trim().is_empty() || workaround.trim().is_empty() {
            return Err(Error::Text {
                field: "known error id, description and workaround",
            });
        }
        Ok(Self {
            id,
            problem: problem.into(),
            description,
            workaround,
            configuration_items: Vec::new(),
            category: None,
        })
    }

    /// Affects configuration item `ci`.
    #[must_use]
    pub fn for_ci(mut self, ci: impl Into<String>) -> Self {
        self.configuration_items.push(ci.into());
        self
    }

    /// In category `category`.
    #[must_use]
    pub fn in_category(mut self, category: impl Into<String>) -> Self {
        self.category = Some(category.into());
        self
    }
}

/// The known-error database.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct KnownErrorDatabase {
    entries: Vec<KnownError>,
}

impl KnownErrorDatabase {
    /// Adds an entry.
    pub fn add(&mut self, entry: KnownError) {
        self.entries.push(entry);
    }

    /// Entries matching every given criterion: the configuration item, the
    /// category, and every keyword (case-insensitive, in the description or
    /// workaround). `None` and no keywords match everything.
    #[must_use]
    pub fn search(
        &self,
        ci: Option<&str>,
        category: Option<&str>,
        keywords: &[&str],
    ) -> Vec<&KnownError> {
        let keywords: Vec<String> = keywords.iter().map(|k| k.to_lowercase()).collect();
        self.entries
            .iter()
            .filter(|e| ci.is_none_or(|c| e.configuration_items.iter().any(|x| x == c)))
            .filter(|e| category.is_none_or(|c| e.category.as_deref() == Some(c)))
            .filter(|e| {
                let text = format!("{} {}", e.description, e.workaround).to_lowercase();
                keywords.iter().all(|k| text.contains(k))
            })
            .collect()
    }
}
