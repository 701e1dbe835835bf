//! Change enablement (seed section 4.2): standard, normal and emergency
//! changes through the seed's six steps, risk assessment deciding the
//! approval path, CAB votes, review and close codes, and a change calendar
//! with conflict detection.
//!
//! # The seed's six steps as states
//!
//! Step 1 is Submitted (change request submission); step 2 Assessed
//! (initial assessment); step 3 CAB review (if needed); step 4 Approved or
//! Rejected; step 5 Implementing; step 6 Review (post-implementation); then
//! Closed with a close code. Per type:
//!
//! - **standard**: pre-approved model, no CAB: Submitted to Approved, then
//!   Implementing, Review, Closed;
//! - **normal**: Submitted, Assessed, CAB review, Approved or Rejected,
//!   Implementing, Review, Closed;
//! - **emergency**: expedited, emergency CAB: Submitted, CAB review (the
//!   emergency CAB), Approved or Rejected, Implementing, Review, Closed.
//!
//! Any change may be canceled before it is implemented.
//!
//! # Risk and approval path
//!
//! Risk score = impact (1-3) x likelihood of failure (1-3); 1-2 low, 3-4
//! medium, 6-9 high. A standard change must be low risk. A normal change of
//! low risk may be approved by the change manager (no CAB); medium and high
//! go to the CAB. Emergency changes go to the emergency CAB.
//!
//! # CAB quorum
//!
//! A CAB decision needs a quorum: at least half the members, rounded up, and
//! no fewer than 3, must vote; it is approved when approvals are a strict
//! majority of the votes cast. Abstentions count toward the quorum, not the
//! majority.
//!
//! # Examples
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use itsm_itil::change::{Change, ChangeState, ChangeType, CloseCode, RiskAssessment, Vote};
//!
//! let t0 = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//! let mut c = Change::new("CHG1", ChangeType::Normal, RiskAssessment::new(2, 2)?, t0)?;
//! c.transition(ChangeState::Assessed, t0)?;
//! c.transition(ChangeState::CabReview, t0)?;
//! for (member, vote) in [("ann", Vote::Approve), ("bo", Vote::Approve), ("cy", Vote::Reject)] {
//!     c.vote(member, vote)?;
//! }
//! assert_eq!(c.cab_outcome(5), Some(true)); // quorum 3 of 5, 2 approvals of 3 votes
//! c.decide_by_cab(5, t0 + Duration::hours(1))?;
//! c.transition(ChangeState::Implementing, t0 + Duration::days(1))?;
//! c.transition(ChangeState::Review, t0 + Duration::days(1))?;
//! c.close(CloseCode::Successful, t0 + Duration::days(2))?;
//! # Ok::<(), itsm_itil::Error>(())
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// The three change types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeType {
    /// Pre-approved, low risk, follows a model; no CAB.
    Standard,
    /// Assessed and authorised through the CAB.
    Normal,
    /// Expedited through the emergency CAB.
    Emergency,
}

/// A change's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeState {
    /// Step 1: request submitted.
    Submitted,
    /// Step 2: initial assessment done.
    Assessed,
    /// Step 3: before the CAB (or emergency CAB).
    CabReview,
    /// Step 4: approved.
    Approved,
    /// Step 4: rejected (final).
    Rejected,
    /// Step 5: being implemented.
    Implementing,
    /// Step 6: post-implementation review.
    Review,
    /// Closed with a close code (final).
    Closed,
    /// Withdrawn before implementation (final).
    Canceled,
}

/// How a change ended.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CloseCode {
    /// Done as planned.
    Successful,
    /// Done, with issues.
    SuccessfulWithIssues,
    /// Not achieved.
    Unsuccessful,
    /// Backed out.
    RolledBack,
}

/// A CAB member's vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Vote {
    /// For.
    Approve,
    /// Against.
    Reject,
    /// Present, not voting either way.
    Abstain,
}

/// A change's risk rating. Reading one from JSON applies the same range
/// check as `RiskAssessment::new`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
pub struct RiskAssessment {
    /// Impact if it goes wrong, 1 (low) to 3 (high).
    #[schemars(range(min = 1, max = 3))]
    pub impact: u8,
    /// Likelihood of going wrong, 1 (low) to 3 (high).
    #[schemars(range(min = 1, max = 3))]
    pub likelihood: u8,
}

// Reading a `RiskAssessment` runs its check: a stored or uploaded document out of
// range is refused where it enters, not where it is used.
itsm_core::deserialize_checked!(
    RiskAssessment {
        impact: u8,
        likelihood: u8,
    } => RiskAssessment::check
);

/// The risk class of a change.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ChangeRisk {
    /// Score 1-2.
    Low,
    /// Score 3-4.
    Medium,
    /// Score 6-9.
    High,
}

impl RiskAssessment {
    /// A rating of impact and likelihood, each 1 to 3.
    ///
    /// # Errors
    ///
    /// [`Error::Level`] outside 1..=3.
    pub fn new(impact: u8, likelihood: u8) -> Result<Self, Error> {
        for (what, v) in [("change impact", impact), ("change likelihood", likelihood)] {
            if !(1..=3).contains(&v) {
                return Err(Error::Level {
                    what,
                    value: v,
                    max: 3,
                });
            }
        }
        Ok(Self { impact, likelihood })
    }

    #[expect(
        clippy::trivially_copy_pass_by_ref,
        reason = "the shape deserialize_checked! calls"
    )]
    fn check(&self) -> Result<(), Error> {
        Self::new(self.impact, self.likelihood).map(|_| ())
    }

    /// impact x likelihood.
    #[must_use]
    pub fn score(&self) -> u8 {
        self.impact.saturating_mul(self.likelihood)
    }

    /// The class (see the module docs).
    #[must_use]
    pub fn class(&self) -> ChangeRisk {
        match self.score() {
            0..=2 => ChangeRisk::Low,
            3..=4 => ChangeRisk::Medium,
            _ => ChangeRisk::High,
        }
    }
}

/// Who must approve a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalPath {
    /// Pre-approved by its model.
    PreApproved,
    /// The change manager alone.
    ChangeManager,
    /// The change advisory board.
    Cab,
    /// The emergency CAB.
    EmergencyCab,
}

/// A change record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct Change {
    /// Its number.
    pub number: String,
    /// Its type.
    pub change_type: ChangeType,
    /// Its risk.
    pub risk: RiskAssessment,
    /// The state.
    pub state: ChangeState,
    /// When it was submitted.
    pub submitted_at: DateTime<Utc>,
    /// Who approved (CAB, change manager or model) and when.
    pub approved_at: Option<DateTime<Utc>>,
    /// CAB votes by member.
    pub votes: BTreeMap<String, Vote>,
    /// Whether the CAB approved it.
    pub cab_approved: bool,
    /// How it ended.
    pub close_code: Option<CloseCode>,
    /// The post-implementation review's notes.
    pub review_notes: Option<String>,
    /// Configuration items it touches.
    pub configuration_items: Vec<String>,
    /// Planned window.
    pub window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// State history.
    pub history: Vec<(ChangeState, ChangeState, DateTime<Utc>)>,
}

impl Change {
    /// A submitted change.
    ///
    /// # Errors
    ///
    /// [`Error::Text`] for an empty number.
    /// A standard change must be low risk: [`Error::Level`] otherwise.
    pub fn new(
        number: impl Into<String>,
        change_type: ChangeType,
        risk: RiskAssessment,
        submitted_at: DateTime<Utc>,
    ) -> Result<Self, Error> {
        let number = number.into();
        if number.trim().is_empty() {
            return Err(Error::Text {
                field: "change number",
            });
        }
        if change_type == ChangeType::Standard && risk.class() != ChangeRisk::Low {
            return Err(Error::Level {
                what: "standard change risk score",
                value: risk.score(),
                max: 2,
            });
        }
        Ok(Self {
            number,
            change_type,
            risk,
            state: ChangeState::Submitted,
            submitted_at,
            approved_at: None,
            votes: BTreeMap::new(),
            cab_approved: false,
            close_code: None,
            review_notes: None,
            configuration_items: Vec::new(),
            window: None,
            history: Vec::new(),
        })
    }

    /// The approval path its type and risk call for.
    #[must_use]
    pub fn approval_path(&self) -> ApprovalPath {
        match (self.change_type, self.risk.class()) {
            (ChangeType::Standard, _) => ApprovalPath::PreApproved,
            (ChangeType::Emergency, _) => ApprovalPath::EmergencyCab,
            (ChangeType::Normal, ChangeRisk::Low) => ApprovalPath::ChangeManager,
            (ChangeType::Normal, _) => ApprovalPath::Cab,
        }
    }

    /// Whether `to` may follow the current state for this change's type and path.
    #[must_use]
    pub fn can_move_to(&self, to: ChangeState) -> bool {
        use ChangeState as S;
        let path = self.approval_path();
        let cancelable = !matches!(
            self.state,
            S::Implementing | S::Review | S::Closed | S::Rejected | S::Canceled
        );
        if to == S::Canceled {
            return cancelable;
        }
        match (self.change_type, self.state, to) {
            (ChangeType::Standard, S::Submitted, S::Approved)
            | (ChangeType::Normal, S::Submitted, S::Assessed)
            | (ChangeType::Emergency, S::Submitted, S::CabReview)
            | (_, S::Approved, S::Implementing)
            | (_, S::Implementing, S::Review) => true,
            (ChangeType::Normal, S::Assessed, S::CabReview) => path == ApprovalPath::Cab,
            (ChangeType::Normal, S::Assessed, S::Approved | S::Rejected) => {
                path == ApprovalPath::ChangeManager
            }
            (
                ChangeType::Normal | ChangeType::Emergency,
                S::CabReview,
                S::Approved | S::Rejected,
            ) => {
                matches!(path, ApprovalPath::Cab | ApprovalPath::EmergencyCab)
            }
            _ => false,
        }
    }

    /// Moves to `to` (not `Closed`: use [`close`](Self::close)).
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`].
    pub fn transition(&mut self, to: ChangeState, at: DateTime<Utc>) -> Result<(), Error> {
        if to == ChangeState::Closed || !self.can_move_to(to) {
            return Err(Error::IllegalTransition {
                workflow: "change",
                from: format!("{:?}", self.state),
                to: format!("{to:?}"),
            });
        }
        if to == ChangeState::Approved {
            self.approved_at = Some(at);
        }
        self.history.push((self.state, to, at));
        self.state = to;
        Ok(())
    }

    /// Records a CAB member's vote (in CAB review; a second vote replaces the first).
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`] outside CAB review.
    pub fn vote(&mut self, member: impl Into<String>, vote: Vote) -> Result<(), Error> {
        if self.state != ChangeState::CabReview {
            return Err(Error::IllegalTransition {
                workflow: "change",
                from: format!("{:?}", self.state),
                to: "a CAB vote".into(),
            });
        }
        self.votes.insert(member.into(), vote);
        Ok(())
    }

    /// The CAB's outcome with `members` on the board: `None` without quorum,
    /// else whether approved (see the module docs).
    #[must_use]
    pub fn cab_outcome(&self, members: usize) -> Option<bool> {
        let quorum = members.div_ceil(2).max(3);
        if self.votes.len() < quorum {
            return None;
        }
        let approve = self.votes.values().filter(|v| **v == Vote::Approve).count();
        let reject = self.votes.values().filter(|v| **v == Vote::Reject).count();
        Some(approve > reject)
    }

    /// Applies the CAB's outcome: Approved or Rejected.
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`] outside CAB review or
    /// without quorum.
    pub fn decide_by_cab(&mut self, members: usize, at: DateTime<Utc>) -> Result<(), Error> {
        let outcome = self
            .cab_outcome(members)
            .ok_or_else(|| Error::IllegalTransition {
                workflow: "change",
                from: "CAB review without quorum".into(),
                to: "a decision".into(),
            })?;
        self.transition(
            if outcome {
                ChangeState::Approved
            } else {
                ChangeState::Rejected
            },
            at,
        )?;
        self.cab_approved = outcome;
        Ok(())
    }

    /// Closes a reviewed change with its close code.
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`] unless in review.
    pub fn close(&mut self, code: CloseCode, at: DateTime<Utc>) -> Result<(), Error> {
        if self.state != ChangeState::Review {
            return Err(Error::IllegalTransition {
                workflow: "change",
                from: format!("{:?}", self.state),
                to: "Closed".into(),
            });
        }
        self.history.push((self.state, ChangeState::Closed, at));
        self.state = ChangeState::Closed;
        self.close_code = Some(code);
        Ok(())
    }
}

/// A window on the change calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Window {
    /// Its name.
    pub name: String,
    /// Start, inclusive.
    pub start: DateTime<Utc>,
    /// End, exclusive.
    pub end: DateTime<Utc>,
    /// Configuration items it covers; empty for all.
    pub configuration_items: Vec<String>,
}

impl Window {
    fn covers(&self, ci: &str) -> bool {
        self.configuration_items.is_empty() || self.configuration_items.iter().any(|c| c == ci)
    }
}

/// Freeze windows (no changes) and maintenance windows (changes go here).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ChangeCalendar {
    /// Freeze or blackout windows.
    pub freezes: Vec<Window>,
    /// Maintenance windows.
    pub maintenance: Vec<Window>,
}

/// A scheduling conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Conflict {
    /// Two changes touch the same configuration item in overlapping windows.
    Overlap {
        /// One change.
        first: String,
        /// The other.
        second: String,
        /// The item.
        configuration_item: String,
    },
    /// A change falls in a freeze.
    InFreeze {
        /// The change.
        change: String,
        /// The freeze.
        freeze: String,
    },
    /// A change is not inside a maintenance window covering each item it touches.
    OutsideMaintenance {
        /// The change.
        change: String,
        /// The item.
        configuration_item: String,
    },
}

impl ChangeCalendar {
    /// Every conflict among `changes` (those with a planned window and not
    /// rejected or canceled).
    #[must_use]
    pub fn conflicts(&self, changes: &[Change]) -> Vec<Conflict> {
        let planned: Vec<(&Change, DateTime<Utc>, DateTime<Utc>)> = changes
            .iter()
            .filter(|c| !matches!(c.state, ChangeState::Rejected | ChangeState::Canceled))
            .filter_map(|c| c.window.map(|(s, e)| (c, s, e)))
            .collect();
        let mut out = Vec::new();
        for (i, (a, a_start, a_end)) in planned.iter().enumerate() {
            for (b, b_start, b_end) in planned.iter().skip(i + 1) {
                if a_start < b_end && b_start < a_end {
                    for ci in a
                        .configuration_items
                        .iter()
                        .filter(|ci| b.configuration_items.contains(ci))
                    {
                        out.push(Conflict::Overlap {
                            first: a.number.clone(),
                            second: b.number.clone(),
                            configuration_item: ci.clone(),
                        });
                    }
                }
            }
            for f in &self.freezes {
                if *a_start < f.end
                    && f.start < *a_end
                    && a.configuration_items.iter().any(|ci| f.covers(ci))
                {
                    out.push(Conflict::InFreeze {
                        change: a.number.clone(),
                        freeze: f.name.clone(),
                    });
                }
            }
            if !self.maintenance.is_empty() {
                for ci in &a.configuration_items {
                    let inside = self
                        .maintenance
                        .iter()
                        .any(|m| m.covers(ci) && m.start <= *a_start && *a_end <= m.end);
                    if !inside {
                        out.push(Conflict::OutsideMaintenance {
                            change: a.number.clone(),
                            configuration_item: ci.clone(),
                        });
                    }
                }
            }
        }
        out
    }
}
