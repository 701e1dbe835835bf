//! The seed's `ITIL_KPIS`, each with an exact formula, computed in one pass
//! over any iterator of records with memory independent of their number.
//!
//! A rate or mean over an empty set is `None` ("no data"), never a division
//! by zero. Rates are fractions from 0.0 to 1.0; percentages are 0.0 to 100.0.
//!
//! # Incident management
//!
//! - **Population**: every incident given. Canceled incidents count in
//!   `incidents` and `canceled` and in nothing else.
//! - **MTTR, wall clock**: mean of (last resolution - logging) over incidents
//!   resolved or closed at `now`. A reopened incident counts once, to its
//!   last resolution, including the time it sat resolved before the reopen
//!   and any time on hold.
//! - **MTTR, business time**: mean of the SLA resolution clock's elapsed
//!   business time over the same incidents: on-hold time excluded, the
//!   policy's calendar applied, reopens per the policy's reopen mode.
//! - **MTTA**: mean of (first response - logging) over non-canceled
//!   incidents that have had a response.
//! - **First-contact resolution rate**: resolved incidents that went straight
//!   from New to Resolved and were never reopened, over resolved incidents.
//! - **SLA compliance %**: over incidents whose outcome is decided at `now`
//!   (resolved or closed, or still open with a clock already breached), the
//!   share with neither clock breached.
//! - **CSAT**: mean of the survey scores given (1 to 5).
//!
//! # Problem management
//!
//! - **Problem identification rate**: non-canceled incidents linked to a
//!   problem, over non-canceled incidents.
//! - **RCA completion**: non-canceled problems with a root-cause analysis,
//!   over non-canceled problems.
//! - **KEDB accuracy**: incidents matched to a known error whose workaround
//!   resolved them, over incidents matched to a known error.
//! - **Problem resolution rate**: problems resolved or closed, over
//!   non-canceled problems.
//!
//! # Change enablement
//!
//! Over closed changes (rejected and canceled ones are not counted):
//! **success %** (closed successful or successful with issues), **rollback
//! %** (closed rolled back), **CAB effectiveness** (of CAB-approved closed
//! changes, the share closed successful or successful with issues).
//! **Business impact**: incidents caused by a change, their count, their
//! priority-weighted count (P1 = 5 down to P5 = 1), and the business time of
//! their resolution clocks (outage) summed.
//!
//! # Service request management
//!
//! Over closed (fulfilled) requests: **fulfilment time** mean (submission to
//! fulfilment), **automation rate** (automated items). **Approval time**: mean
//! of (decision - request for approval) over decided approvals. **CSAT**: mean
//! score given.
//!
//! # Examples
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use itsm_itil::calendar::BusinessCalendar;
//! use itsm_itil::incident::{Impact, Incident, IncidentState, PriorityMatrix, Urgency};
//! use itsm_itil::kpi::incident_kpis;
//! use itsm_itil::sla::SlaPolicy;
//!
//! let policy = SlaPolicy::with_defaults(BusinessCalendar::office_hours("UTC")?);
//! let t0 = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//! let mut a = Incident::new("INC1", "c", "phone", Impact::new(1)?, Urgency::new(1)?, &PriorityMatrix::default(), t0)?;
//! a.transition(IncidentState::Resolved, t0 + Duration::minutes(10))?;
//!
//! let k = incident_kpis([&a], &policy, t0 + Duration::hours(1))?;
//! assert_eq!(k.mttr_wall_seconds, Some(600.0));
//! assert_eq!(k.first_contact_resolution_rate, Some(1.0));
//! assert_eq!(k.csat_mean, None); // no surveys: no data, not zero
//! # Ok::<(), itsm_itil::Error>(())
//! ```

use std::borrow::Borrow;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::change::{Change, ChangeState, CloseCode};
use crate::incident::{Incident, IncidentState};
use crate::problem::{Problem, ProblemState};
use crate::request::{RequestState, ServiceRequest};
use crate::sla::SlaPolicy;

/// A running mean.
#[derive(Debug, Clone, Copy, Default)]
struct Mean {
    sum: f64,
    n: u64,
}

impl Mean {
    #[expect(clippy::cast_precision_loss, reason = "values are seconds or scores")]
    fn add(&mut self, v: i64) {
        self.sum += v as f64;
        self.n += 1;
    }

    #[expect(clippy::cast_precision_loss, reason = "counts stay far below 2^52")]
    fn get(self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }
}

/// A running rate.
#[derive(Debug, Clone, Copy, Default)]
struct Rate {
    hits: u64,
    of: u64,
}

impl Rate {
    fn add(&mut self, hit: bool) {
        self.of += 1;
        self.hits += u64::from(hit);
    }

    #[expect(clippy::cast_precision_loss, reason = "counts stay far below 2^52")]
    fn get(self) -> Option<f64> {
        (self.of > 0).then(|| self.hits as f64 / self.of as f64)
    }
}

/// Incident management KPIs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IncidentKpis {
    /// Incidents given.
    pub incidents: u64,
    /// Of which canceled.
    pub canceled: u64,
    /// Resolved or closed at `now`.
    pub resolved: u64,
    /// Mean time to resolve, wall clock, seconds.
    pub mttr_wall_seconds: Option<f64>,
    /// Mean time to resolve, business time, seconds.
    pub mttr_business_seconds: Option<f64>,
    /// Mean time to acknowledge, seconds.
    pub mtta_seconds: Option<f64>,
    /// First-contact resolution rate.
    pub first_contact_resolution_rate: Option<f64>,
    /// SLA compliance, percent.
    pub sla_compliance_percent: Option<f64>,
    /// Mean satisfaction score.
    pub csat_mean: Option<f64>,
}

/// The incident KPIs of `incidents` at `now` (formulas in the module docs).
///
/// # Errors
///
/// As [`SlaPolicy::evaluate`].
pub fn incident_kpis(
    incidents: impl IntoIterator<Item = impl Borrow<Incident>>,
    policy: &SlaPolicy,
    now: DateTime<Utc>,
) -> Result<IncidentKpis, Error> {
    let (mut count, mut canceled, mut resolved) = (0u64, 0u64, 0u64);
    let (mut wall, mut business, mut ack, mut csat) = (
        Mean::default(),
        Mean::default(),
        Mean::default(),
        Mean::default(),
    );
    let (mut fcr, mut sla) = (Rate::default(), Rate::default());
    for inc in incidents {
        let inc: &Incident = inc.borrow();
        count += 1;
        if let Some(score) = inc.csat {
            csat.add(i64::from(score));
        }
        if inc.state == IncidentState::Canceled {
            canceled += 1;
            continue;
        }
        if let Some(r) = inc.responded_at().filter(|r| *r <= now) {
            ack.add((r - inc.opened_at).num_seconds());
        }
        let status = policy.evaluate(inc, now)?;
        let breached = status.response.breached || status.resolution.breached;
        let is_resolved = matches!(inc.state, IncidentState::Resolved | IncidentState::Closed);
        if is_resolved {
            resolved += 1;
            if let Some(at) = inc.resolved_at() {
                wall.add((at - inc.opened_at).num_seconds());
            }
            business.add(status.resolution.elapsed_business.num_seconds());
            fcr.add(inc.first_contact_resolution());
        }
        if is_resolved || breached {
            sla.add(!breached);
        }
    }
    Ok(IncidentKpis {
        incidents: count,
        canceled,
        resolved,
        mttr_wall_seconds: wall.get(),
        mttr_business_seconds: business.get(),
        mtta_seconds: ack.get(),
        first_contact_resolution_rate: fcr.get(),
        sla_compliance_percent: sla.get().map(|r| r * 100.0),
        csat_mean: csat.get(),
    })
}

/// Problem management KPIs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProblemKpis {
    /// Non-canceled incidents linked to a problem, as a fraction.
    pub problem_identification_rate: Option<f64>,
    /// Problems with an RCA, as a fraction.
    pub rca_completion_rate: Option<f64>,
    /// Known-error matches whose workaround worked, as a fraction.
    pub kedb_accuracy: Option<f64>,
    /// Problems resolved or closed, as a fraction.
    pub problem_resolution_rate: Option<f64>,
}

/// The problem KPIs (formulas in the module docs).
pub fn problem_kpis(
    incidents: impl IntoIterator<Item = impl Borrow<Incident>>,
    problems: impl IntoIterator<Item = impl Borrow<Problem>>,
) -> ProblemKpis {
    let (mut linked, mut kedb, mut rca, mut resolved) = (
        Rate::default(),
        Rate::default(),
        Rate::default(),
        Rate::default(),
    );
    for inc in incidents {
        let inc: &Incident = inc.borrow();
        if inc.state == IncidentState::Canceled {
            continue;
        }
        linked.add(inc.problem.is_some());
        if let Some(m) = &inc.known_error {
            kedb.add(m.workaround_resolved);
        }
    }
    for p in problems {
        let p: &Problem = p.borrow();
        if p.state == ProblemState::Canceled {
            continue;
        }
        rca.add(p.rca.is_some());
        resolved.add(matches!(
            p.state,
            ProblemState::Resolved | ProblemState::Closed
        ));
    }
    ProblemKpis {
        problem_identification_rate: linked.get(),
        rca_completion_rate: rca.get(),
        kedb_accuracy: kedb.get(),
        problem_resolution_rate: resolved.get(),
    }
}

/// Change enablement KPIs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ChangeKpis {
    /// Closed changes.
    pub closed: u64,
    /// Successful (with or without issues), percent of closed.
    pub success_percent: Option<f64>,
    /// Rolled back, percent of closed.
    pub rollback_percent: Option<f64>,
    /// Of CAB-approved closed changes, the share successful (with or without issues).
    pub cab_effectiveness: Option<f64>,
    /// Incidents caused by changes.
    pub caused_incidents: u64,
    /// Those incidents weighted by priority (P1 = 5 ... P5 = 1).
    pub caused_incidents_weighted: u64,
    /// Their resolution clocks' business time, summed, seconds.
    pub caused_outage_business_seconds: i64,
}

/// The change KPIs (formulas in the module docs).
///
/// # Errors
///
/// As [`SlaPolicy::evaluate`].
pub fn change_kpis(
    changes: impl IntoIterator<Item = impl Borrow<Change>>,
    incidents: impl IntoIterator<Item = impl Borrow<Incident>>,
    policy: &SlaPolicy,
    now: DateTime<Utc>,
) -> Result<ChangeKpis, Error> {
    let (mut closed, mut success, mut rollback, mut cab) =
        (0u64, Rate::default(), Rate::default(), Rate::default());
    for c in changes {
        let c: &Change = c.borrow();
        if c.state != ChangeState::Closed {
            continue;
        }
        closed += 1;
        let ok = matches!(
            c.close_code,
            Some(CloseCode::Successful | CloseCode::SuccessfulWithIssues)
        );
        success.add(ok);
        rollback.add(c.close_code == Some(CloseCode::RolledBack));
        if c.cab_approved {
            cab.add(ok);
        }
    }
    let (mut caused, mut weighted, mut outage) = (0u64, 0u64, 0i64);
    for inc in incidents {
        let inc: &Incident = inc.borrow();
        if inc.caused_by_change.is_none() || inc.state == IncidentState::Canceled {
            continue;
        }
        caused += 1;
        weighted += u64::from(6u8.saturating_sub(inc.priority.get()).max(1));
        outage += policy
            .evaluate(inc, now)?
            .resolution
            .elapsed_business
            .num_seconds();
    }
    Ok(ChangeKpis {
        closed,
        success_percent: success.get().map(|r| r * 100.0),
        rollback_percent: rollback.get().map(|r| r * 100.0),
        cab_effectiveness: cab.get(),
        caused_incidents: caused,
        caused_incidents_weighted: weighted,
        caused_outage_business_seconds: outage,
    })
}

/// Service request KPIs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RequestKpis {
    /// Mean fulfilment time, seconds.
    pub fulfilment_seconds: Option<f64>,
    /// Mean approval time, seconds.
    pub approval_seconds: Option<f64>,
    /// Mean satisfaction score.
    pub csat_mean: Option<f64>,
    /// Automated share of fulfilled requests.
    pub automation_rate: Option<f64>,
}

/// The request KPIs (formulas in the module docs).
pub fn request_kpis(
    requests: impl IntoIterator<Item = impl Borrow<ServiceRequest>>,
) -> RequestKpis {
    let (mut fulfil, mut approval, mut csat, mut auto) = (
        Mean::default(),
        Mean::default(),
        Mean::default(),
        Rate::default(),
    );
    for r in requests {
        let r: &ServiceRequest = r.borrow();
        if let Some(score) = r.csat {
            csat.add(i64::from(score));
        }
        if let Some(a) = &r.approval {
            approval.add((a.decided_at - a.requested_at).num_seconds());
        }
        if r.state == RequestState::Closed {
            if let Some(t) = r.fulfilment_time() {
                fulfil.add(t.num_seconds());
            }
            auto.add(r.automated);
        }
    }
    RequestKpis {
        fulfilment_seconds: fulfil.get(),
        approval_seconds: approval.get(),
        csat_mean: csat.get(),
        automation_rate: auto.get(),
    }
}
