//! The plan and the checks that find where it cannot work.
//!
//! [`DrPlan::check`] first refuses a plan that is not well formed (duplicate
//! ids, references to ids it does not hold) with an [`Error`], then returns
//! every [`Finding`]: each a typed value with a message and, where one
//! objective is missed by a measurable amount, the factor.
//!
//! | check | finding | source |
//! |---|---|---|
//! | RTO above MTD | [`Finding::RtoAboveMtd`] | NIST SP 800-34 Rev. 1 (defines MTD, RTO, RPO) |
//! | RTO + WRT above MTD | [`Finding::RtoPlusWrtAboveMtd`] | DRI / CISSP practice: SP 800-34 does not define WRT |
//! | depends on a service with a longer RTO | [`Finding::DependsOnSlowerService`] | |
//! | dependency cycle | [`Finding::DependencyCycle`] | |
//! | best surviving protection loses more than the RPO | [`Finding::RpoNotMet`] | |
//! | nothing protecting the data survives a scenario | [`Finding::NoSurvivingProtection`] | |
//! | runbook estimate above the RTO of a service it restores | [`Finding::RunbookTooSlow`] | |
//! | runbook with no estimate | [`Finding::RunbookWithoutEstimate`] | |
//!
//! A value exactly at its limit meets it. Findings about objectives are
//! grouped: services with the same objective missed through the same
//! mechanism or runbook, by the same amount, make one finding listing them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use itsm_core::InputExcerpt;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::model::{Mechanism, Objectives, Runbook, Scenario, Service, TierTable};
use crate::span::{Loss, Span};

/// A whole continuity plan.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DrPlan {
    /// Objectives per tier.
    #[serde(default)]
    pub tiers: TierTable,
    /// The service registry.
    pub services: Vec<Service>,
    /// What protects the services' data.
    #[serde(default)]
    pub mechanisms: Vec<Mechanism>,
    /// Recovery procedures.
    #[serde(default)]
    pub runbooks: Vec<Runbook>,
}

/// How many times an objective is missed, e.g. `48x`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize, JsonSchema)]
pub struct Factor(pub f64);

impl fmt::Display for Factor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = format!("{:.2}", self.0);
        let s = s.trim_end_matches('0').trim_end_matches('.');
        write!(f, "{s}x")
    }
}

/// Something in the plan that cannot work as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "finding", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Finding {
    /// The service may stay down longer than the business can tolerate.
    RtoAboveMtd {
        /// The service.
        service: String,
        /// Its RTO.
        rto: Span,
        /// Its MTD.
        mtd: Span,
        /// RTO / MTD.
        factor: Factor,
    },
    /// Recovery plus the work to catch up exceeds what is tolerable.
    RtoPlusWrtAboveMtd {
        /// The service.
        service: String,
        /// Its RTO.
        rto: Span,
        /// Its WRT.
        wrt: Span,
        /// Its MTD.
        mtd: Span,
        /// (RTO + WRT) / MTD.
        factor: Factor,
    },
    /// The service needs one that may take longer to come back.
    DependsOnSlowerService {
        /// The service.
        service: String,
        /// Its RTO.
        rto: Span,
        /// What it needs.
        dependency: String,
        /// That one's RTO.
        dependency_rto: Span,
        /// Dependency RTO / service RTO.
        factor: Factor,
    },
    /// Services that depend on each other in a circle: none can be
    /// restored first.
    DependencyCycle {
        /// The services in the cycle, sorted.
        services: Vec<String>,
    },
    /// The best protection that survives a scenario loses more data than
    /// the RPO allows.
    RpoNotMet {
        /// The services.
        services: Vec<String>,
        /// The scenarios in which this is the best protection left.
        scenarios: Vec<Scenario>,
        /// Their RPO.
        rpo: Span,
        /// The best surviving mechanism.
        mechanism: String,
        /// Its worst-case loss.
        loss: Loss,
        /// Loss / RPO.
        factor: Factor,
    },
    /// Nothing that protects the services' data survives the scenario.
    NoSurvivingProtection {
        /// The services.
        services: Vec<String>,
        /// The scenario.
        scenario: Scenario,
    },
    /// A runbook takes longer than the RTO of services it restores.
    RunbookTooSlow {
        /// The runbook.
        runbook: String,
        /// Its estimated total (upper bound).
        estimate: Span,
        /// The services.
        services: Vec<String>,
        /// Their RTO.
        rto: Span,
        /// Estimate / RTO.
        factor: Factor,
    },
    /// A runbook whose duration cannot be estimated: no estimate and a step
    /// without a duration.
    RunbookWithoutEstimate {
        /// The runbook.
        runbook: String,
    },
}

impl Finding {
    /// The factor by which an objective is missed, where there is one.
    #[must_use]
    pub fn factor(&self) -> Option<f64> {
        match self {
            Self::RtoAboveMtd { factor, .. }
            | Self::RtoPlusWrtAboveMtd { factor, .. }
            | Self::DependsOnSlowerService { factor, .. }
            | Self::RpoNotMet { factor, .. }
            | Self::RunbookTooSlow { factor, .. } => Some(factor.0),
            Self::DependencyCycle { .. }
            | Self::NoSurvivingProtection { .. }
            | Self::RunbookWithoutEstimate { .. } => None,
        }
    }
}

fn scenario_name(s: Scenario) -> &'static str {
    match s {
        Scenario::DataCentreFailure => "data-centre failure",
        Scenario::Ransomware => "ransomware",
        Scenario::ExtendedOutage => "extended outage",
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RtoAboveMtd {
                service,
                rto,
                mtd,
                factor,
            } => write!(
                f,
                "{service}: RTO {rto} is above its maximum tolerable downtime {mtd} ({factor})"
            ),
            Self::RtoPlusWrtAboveMtd {
                service,
                rto,
                wrt,
                mtd,
                factor,
            } => write!(
                f,
                "{service}: RTO {rto} plus work recovery time {wrt} is above its maximum tolerable downtime {mtd} ({factor})"
            ),
            Self::DependsOnSlowerService {
                service,
                rto,
                dependency,
                dependency_rto,
                factor,
            } => write!(
                f,
                "{service} (RTO {rto}) depends on {dependency}, whose RTO is {dependency_rto} ({factor})"
            ),
            Self::DependencyCycle { services } => {
                write!(f, "dependency cycle: {}", services.join(", "))
            }
            Self::RpoNotMet {
                services,
                scenarios,
                rpo,
                mechanism,
                loss,
                factor,
            } => write!(
                f,
                "RPO {rpo} of {} is not met in {}: the best protection left, {mechanism}, can lose {loss} ({factor})",
                services.join(", "),
                scenarios
                    .iter()
                    .map(|s| scenario_name(*s))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Self::NoSurvivingProtection { services, scenario } => write!(
                f,
                "nothing protecting the data of {} survives {}",
                services.join(", "),
                scenario_name(*scenario)
            ),
            Self::RunbookTooSlow {
                runbook,
                estimate,
                services,
                rto,
                factor,
            } => write!(
                f,
                "runbook {runbook} takes up to {estimate}, above the RTO {rto} of {} ({factor})",
                services.join(", ")
            ),
            Self::RunbookWithoutEstimate { runbook } => write!(
                f,
                "runbook {runbook} has no estimate and a step without a duration"
            ),
        }
    }
}

/// Services and scenarios of one missed objective.
type Group = (Vec<String>, BTreeSet<Scenario>);

/// Push `service` unless it is already the last one listed.
fn push_once(list: &mut Vec<String>, service: &str) {
    if list.last().is_none_or(|last| last != service) {
        list.push(service.to_owned());
    }
}

impl DrPlan {
    /// The objectives that apply to `service`.
    #[must_use]
    pub fn objectives(&self, service: &Service) -> Objectives {
        service
            .objectives
            .unwrap_or_else(|| self.tiers.get(service.tier))
    }

    fn validate(&self) -> Result<(), Error> {
        let mut services = BTreeMap::new();
        for s in &self.services {
            if s.id.is_empty() {
                return Err(Error::Empty {
                    what: "a service id",
                });
            }
            if services.insert(s.id.as_str(), s).is_some() {
                return Err(Error::DuplicateId {
                    kind: "services",
                    id: InputExcerpt::new(&s.id),
                });
            }
        }
        let mut mechanisms = BTreeMap::new();
        for m in &self.mechanisms {
            if m.id.is_empty() {
                return Err(Error::Empty {
                    what: "a mechanism id",
                });
            }
            if mechanisms.insert(m.id.as_str(), m).is_some() {
                return Err(Error::DuplicateId {
                    kind: "protection mechanisms",
                    id: InputExcerpt::new(&m.id),
                });
            }
            if let crate::model::Protection::Backup { copies: 0, .. } = m.protection {
                return Err(Error::NotPositive {
                    what: "a backup's copies",
                });
            }
        }
        let unknown = |from: &str, kind, id: &str| Error::UnknownReference {
            from: InputExcerpt::new(from),
            kind,
            id: InputExcerpt::new(id),
        };
        for s in &self.services {
            if let Some(d) = s
                .depends_on
                .iter()
                .find(|d| !services.contains_key(d.as_str()))
            {
                return Err(unknown(&s.id, "service", d));
            }
            if let Some(m) = s
                .protected_by
                .iter()
                .find(|m| !mechanisms.contains_key(m.as_str()))
            {
                return Err(unknown(&s.id, "protection mechanism", m));
            }
        }
        let mut runbooks = BTreeSet::new();
        for r in &self.runbooks {
            if !runbooks.insert(r.id.as_str()) {
                return Err(Error::DuplicateId {
                    kind: "runbooks",
                    id: InputExcerpt::new(&r.id),
                });
            }
            if let Some(s) = r
                .restores
                .iter()
                .find(|s| !services.contains_key(s.as_str()))
            {
                return Err(unknown(&r.id, "service", s));
            }
        }
        Ok(())
    }

    /// Checks the plan and returns every finding, in this order: business
    /// impact (per service), dependencies, cycles, data protection,
    /// runbooks.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateId`], [`Error::UnknownReference`],
    /// [`Error::Empty`] or [`Error::NotPositive`] for a plan that is not
    /// well formed.
    pub fn check(&self) -> Result<Vec<Finding>, Error> {
        self.validate()?;
        let mut out = Vec::new();
        let objectives: BTreeMap<&str, Objectives> = self
            .services
            .iter()
            .map(|s| (s.id.as_str(), self.objectives(s)))
            .collect();
        for s in &self.services {
            let rto = self.objectives(s).rto;
            if let Some(mtd) = s.mtd {
                if rto > mtd {
                    out.push(Finding::RtoAboveMtd {
                        service: s.id.clone(),
                        rto,
                        mtd,
                        factor: Factor(rto.factor_of(mtd)),
                    });
                }
                if let Some(wrt) = s.wrt {
                    let total = rto.saturating_add(wrt);
                    if total > mtd {
                        out.push(Finding::RtoPlusWrtAboveMtd {
                            service: s.id.clone(),
                            rto,
                            wrt,
                            mtd,
                            factor: Factor(total.factor_of(mtd)),
                        });
                    }
                }
            }
        }
        for s in &self.services {
            let rto = self.objectives(s).rto;
            for d in &s.depends_on {
                if let Some(dep) = objectives.get(d.as_str())
                    && dep.rto > rto
                {
                    out.push(Finding::DependsOnSlowerService {
                        service: s.id.clone(),
                        rto,
                        dependency: d.clone(),
                        dependency_rto: dep.rto,
                        factor: Factor(dep.rto.factor_of(rto)),
                    });
                }
            }
        }
        out.extend(
            crate::graph::cycles(&self.services)
                .into_iter()
                .map(|services| Finding::DependencyCycle { services }),
        );
        self.protection_findings(&mut out);
        self.runbook_findings(&objectives, &mut out);
        Ok(out)
    }

    fn protection_findings(&self, out: &mut Vec<Finding>) {
        let mechanisms: BTreeMap<&str, &Mechanism> =
            self.mechanisms.iter().map(|m| (m.id.as_str(), m)).collect();
        // (rpo, mechanism, loss) -> (services, scenarios)
        let mut missed: BTreeMap<(Span, &str, Loss), Group> = BTreeMap::new();
        let mut unprotected: BTreeMap<Scenario, Vec<String>> = BTreeMap::new();
        for s in &self.services {
            let rpo = self.objectives(s).rpo;
            for scenario in Scenario::ALL {
                let best = s
                    .protected_by
                    .iter()
                    .filter_map(|id| mechanisms.get(id.as_str()))
                    .filter(|m| m.survives(scenario))
                    .map(|m| (m.worst_case_loss(), m.id.as_str()))
                    .min();
                match best {
                    None => push_once(unprotected.entry(scenario).or_default(), &s.id),
                    Some((loss, _)) if loss.within(rpo) => {}
                    Some((loss, id)) => {
                        let (services, scenarios) = missed.entry((rpo, id, loss)).or_default();
                        push_once(services, &s.id);
                        scenarios.insert(scenario);
                    }
                }
            }
        }
        // Largest factor first.
        let mut groups: Vec<_> = missed.into_iter().collect();
        groups.sort_by(|a, b| {
            let fa = (a.0).2.factor_of((a.0).0);
            let fb = (b.0).2.factor_of((b.0).0);
            fb.total_cmp(&fa)
        });
        for ((rpo, id, loss), (services, scenarios)) in groups {
            out.push(Finding::RpoNotMet {
                services,
                scenarios: scenarios.into_iter().collect(),
                rpo,
                mechanism: id.to_owned(),
                loss,
                factor: Factor(loss.factor_of(rpo)),
            });
        }
        for (scenario, services) in unprotected {
            out.push(Finding::NoSurvivingProtection { services, scenario });
        }
    }

    fn runbook_findings(&self, objectives: &BTreeMap<&str, Objectives>, out: &mut Vec<Finding>) {
        for r in &self.runbooks {
            let Some(total) = r.total() else {
                out.push(Finding::RunbookWithoutEstimate {
                    runbook: r.id.clone(),
                });
                continue;
            };
            // Shortest RTO first: the worst miss leads.
            let mut by_rto: BTreeMap<Span, Vec<String>> = BTreeMap::new();
            for s in &r.restores {
                if let Some(o) = objectives.get(s.as_str())
                    && total > o.rto
                {
                    by_rto.entry(o.rto).or_default().push(s.clone());
                }
            }
            for (rto, services) in by_rto {
                out.push(Finding::RunbookTooSlow {
                    runbook: r.id.clone(),
                    estimate: total,
                    services,
                    rto,
                    factor: Factor(total.factor_of(rto)),
                });
            }
        }
    }
}
