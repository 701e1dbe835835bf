//! The plan's parts: tiers and their objectives, services, the mechanisms
//! that protect their data, failure scenarios and runbooks.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::span::{Loss, Span, SpanRange};

/// The seed's three recovery tiers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// The seed's critical services (email, authentication, ERP).
    Critical,
    /// The seed's important services (file sharing, database).
    Important,
    /// The seed's standard services (web portals, reporting).
    Standard,
}

/// A recovery time and point objective (NIST SP 800-34 Rev. 1: RTO is how
/// long a system may stay down, RPO how far back its data may be restored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objectives {
    /// Recovery time objective.
    pub rto: Span,
    /// Recovery point objective.
    pub rpo: Span,
}

/// Objectives per tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TierTable {
    /// Critical.
    pub critical: Objectives,
    /// Important.
    pub important: Objectives,
    /// Standard.
    pub standard: Objectives,
}

impl TierTable {
    /// The objectives of `tier`.
    #[must_use]
    pub const fn get(&self, tier: Tier) -> Objectives {
        match tier {
            Tier::Critical => self.critical,
            Tier::Important => self.important,
            Tier::Standard => self.standard,
        }
    }
}

impl Default for TierTable {
    /// The seed's: critical 15 minutes / 5 minutes, important 2 hours /
    /// 30 minutes, standard 24 hours / 4 hours.
    fn default() -> Self {
        Self {
            critical: Objectives {
                rto: Span::from_const(15 * 60),
                rpo: Span::from_const(5 * 60),
            },
            important: Objectives {
                rto: Span::from_const(2 * 3600),
                rpo: Span::from_const(30 * 60),
            },
            standard: Objectives {
                rto: Span::from_const(24 * 3600),
                rpo: Span::from_const(4 * 3600),
            },
        }
    }
}

/// A service in the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Recovery tier.
    pub tier: Tier,
    /// Who answers for it.
    pub owner: String,
    /// Services it needs to run.
    #[serde(default)]
    pub depends_on: Vec<String>,
    /// Mechanisms (backups, replicas, log shipping) that protect its data.
    #[serde(default)]
    pub protected_by: Vec<String>,
    /// Maximum tolerable downtime (NIST SP 800-34 Rev. 1).
    #[serde(default)]
    pub mtd: Option<Span>,
    /// Work recovery time: verifying and catching up after the system is
    /// back (DRI / CISSP practice; SP 800-34 does not define it).
    #[serde(default)]
    pub wrt: Option<Span>,
    /// Objectives for this service instead of its tier's.
    #[serde(default)]
    pub objectives: Option<Objectives>,
}

impl Service {
    /// A service with no dependencies, protection or MTD yet.
    #[must_use]
    pub fn new(id: &str, name: &str, tier: Tier, owner: &str) -> Self {
        Self {
            id: id.to_owned(),
            name: name.to_owned(),
            tier,
            owner: owner.to_owned(),
            depends_on: Vec::new(),
            protected_by: Vec::new(),
            mtd: None,
            wrt: None,
            objectives: None,
        }
    }
}

/// Where a copy is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// In the primary site.
    OnSite,
    /// Outside the primary site.
    OffSite,
    /// In a second data centre.
    SeparateDataCentre,
    /// Spread over several sites.
    Distributed,
}

impl Location {
    /// Whether a copy here survives losing the primary site.
    #[must_use]
    pub const fn outside_primary(self) -> bool {
        !matches!(self, Self::OnSite)
    }
}

/// The medium a copy is on (for the "2 media" of 3-2-1-1-0).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Medium {
    /// Disk or SSD storage.
    Disk,
    /// Tape.
    Tape,
    /// Object storage.
    Object,
}

/// How often a backup runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Schedule {
    /// At this interval.
    Every(Span),
    /// Continuously, copies lagging at most this much.
    Continuous(Loss),
}

/// What protects data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Protection {
    /// Point-in-time backups.
    Backup {
        /// How often.
        schedule: Schedule,
        /// How long copies are kept.
        retention: Span,
        /// Where copies are kept.
        locations: Vec<Location>,
        /// Copies of each backup.
        copies: u8,
        /// The media copies are on.
        #[serde(default)]
        media: Vec<Medium>,
        /// Whether at least one copy is immutable or offline.
        #[serde(default)]
        immutable: bool,
        /// The encryption applied, as the plan names it (`AES-256`).
        #[serde(default)]
        encryption: Option<String>,
    },
    /// A live replica, behind the primary by at most `lag` (zero:
    /// synchronous).
    Replication {
        /// The replica's lag.
        lag: Loss,
        /// Where the replica runs.
        location: Location,
    },
    /// Transaction logs shipped to a standby every `interval`.
    LogShipping {
        /// Shipping interval.
        interval: Span,
        /// Where the standby runs.
        location: Location,
    },
}

/// A named protection mechanism.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mechanism {
    /// Unique id.
    pub id: String,
    /// What it is.
    pub protection: Protection,
}

/// The seed's failure scenarios.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    /// The primary data centre is lost.
    DataCentreFailure,
    /// Ransomware encrypts or deletes data on reachable systems.
    Ransomware,
    /// The primary site is unavailable for a long time.
    ExtendedOutage,
}

impl Scenario {
    /// All three, in the seed's order.
    pub const ALL: [Self; 3] = [
        Self::DataCentreFailure,
        Self::Ransomware,
        Self::ExtendedOutage,
    ];
}

impl Mechanism {
    /// The most data this mechanism can lose: the backup interval, the
    /// replica's lag, the log-shipping interval.
    #[must_use]
    pub fn worst_case_loss(&self) -> Loss {
        match &self.protection {
            Protection::Backup {
                schedule: Schedule::Every(every),
                ..
            } => (*every).into(),
            Protection::Backup {
                schedule: Schedule::Continuous(lag),
                ..
            }
            | Protection::Replication { lag, .. } => *lag,
            Protection::LogShipping { interval, .. } => (*interval).into(),
        }
    }

    /// Whether the mechanism still has good data after `scenario`.
    ///
    /// Losing the primary site spares copies kept anywhere else. Ransomware
    /// spares point-in-time backups, whose older restore points stay clean,
    /// and nothing that mirrors the primary live: a replica or a log-shipped
    /// standby applies the encryption and deletions too. Whether attackers
    /// could also delete the backups is what the 3-2-1-1-0 check's
    /// immutable-or-offline criterion scores.
    #[must_use]
    pub fn survives(&self, scenario: Scenario) -> bool {
        match (&self.protection, scenario) {
            (Protection::Backup { .. }, Scenario::Ransomware) => true,
            (
                Protection::Replication { .. } | Protection::LogShipping { .. },
                Scenario::Ransomware,
            ) => false,
            (Protection::Backup { locations, .. }, _) => {
                locations.iter().any(|l| l.outside_primary())
            }
            (
                Protection::Replication { location, .. } | Protection::LogShipping { location, .. },
                _,
            ) => location.outside_primary(),
        }
    }
}

/// One step of a runbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// What to do.
    pub action: String,
    /// The role that does it.
    pub owner_role: String,
    /// How long it takes, where known.
    #[serde(default)]
    pub duration: Option<SpanRange>,
}

/// A recovery procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Runbook {
    /// Unique id.
    pub id: String,
    /// The scenario it answers.
    pub scenario: Scenario,
    /// Steps, in order.
    pub steps: Vec<Step>,
    /// The whole procedure's estimate, when the plan gives one.
    #[serde(default)]
    pub estimate: Option<SpanRange>,
    /// The services it brings back.
    pub restores: Vec<String>,
}

impl Runbook {
    /// The estimated total: the plan's estimate's upper bound, or else the
    /// sum of the steps' upper bounds; `None` when neither is known (a step
    /// without a duration makes the sum unknown).
    #[must_use]
    pub fn total(&self) -> Option<Span> {
        if let Some(e) = self.estimate {
            return Some(e.upper());
        }
        let mut steps = self.steps.iter().map(|s| s.duration.map(SpanRange::upper));
        let first = steps.next()??;
        steps.try_fold(first, |acc, d| d.map(|d| acc.saturating_add(d)))
    }
}
