//! Service request management (seed section 4.2): a catalog of request
//! items and the seed's workflow (submission, categorisation and routing,
//! approval if required, fulfilment, closure) as states.
//!
//! # Examples
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use itsm_itil::request::{RequestState, ServiceCatalog, ServiceRequest};
//!
//! let t0 = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//! let catalog = ServiceCatalog::seed();
//! let item = catalog.item("software_licence").unwrap();
//! let mut r = ServiceRequest::new("REQ1", item, t0)?;
//! r.route(t0 + Duration::minutes(5))?;
//! assert_eq!(r.state, RequestState::AwaitingApproval); // licences need approval
//! r.approve("team lead", t0 + Duration::hours(1))?;
//! r.fulfil(t0 + Duration::hours(3))?;
//! assert_eq!(r.fulfilment_time(), Some(Duration::hours(3)));
//! # Ok::<(), itsm_itil::Error>(())
//! ```

use chrono::{DateTime, Duration, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// An item that can be requested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogItem {
    /// Its key.
    pub key: String,
    /// What it provides.
    pub name: String,
    /// Whether an approval is needed.
    pub approval_required: bool,
    /// Target fulfilment time, seconds.
    pub fulfilment_target_seconds: i64,
    /// Whether it is fulfilled automatically.
    pub automated: bool,
}

/// The request catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ServiceCatalog {
    /// Its items.
    pub items: Vec<CatalogItem>,
}

impl ServiceCatalog {
    /// The seed's scope as a catalog: account access, software licences,
    /// hardware provisioning, information requests, general inquiries (the
    /// approval flags and targets are this project's defaults).
    #[must_use]
    pub fn seed() -> Self {
        let item = |key: &str, name: &str, approval_required, hours: i64, automated| CatalogItem {
            key: key.into(),
            name: name.into(),
            approval_required,
            fulfilment_target_seconds: hours * 3600,
            automated,
        };
        Self {
            items: vec![
                item("account_access", "User account access", true, 8, true),
                item("software_licence", "Software licence", true, 24, false),
                item(
                    "hardware_provisioning",
                    "Hardware provisioning",
                    true,
                    120,
                    false,
                ),
                item(
                    "information_request",
                    "Information request",
                    false,
                    24,
                    false,
                ),
                item("general_inquiry", "General inquiry", false, 40, false),
            ],
        }
    }

    /// An item by key.
    #[must_use]
    pub fn item(&self, key: &str) -> Option<&CatalogItem> {
        self.items.iter().find(|i| i.key == key)
    }
}

/// A request's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Submitted.
    Submitted,
    /// Categorised and routed, awaiting approval.
    AwaitingApproval,
    /// Being fulfilled.
    Fulfilment,
    /// Fulfilled and closed (final).
    Closed,
    /// Approval refused (final).
    Rejected,
    /// Withdrawn (final).
    Canceled,
}

/// An approval decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Approval {
    /// Who decided.
    pub approver: String,
    /// When it was asked for.
    pub requested_at: DateTime<Utc>,
    /// When it was decided.
    pub decided_at: DateTime<Utc>,
    /// Whether approved.
    pub approved: bool,
}

/// A service request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct ServiceRequest {
    /// Its number.
    pub number: String,
    /// The catalog item.
    pub item: String,
    /// Whether the item needs approval.
    pub approval_required: bool,
    /// Whether it was fulfilled automatically.
    pub automated: bool,
    /// The state.
    pub state: RequestState,
    /// When it was submitted.
    pub submitted_at: DateTime<Utc>,
    /// When it was routed.
    pub routed_at: Option<DateTime<Utc>>,
    /// The approval, once decided.
    pub approval: Option<Approval>,
    /// When it was fulfilled.
    pub fulfilled_at: Option<DateTime<Utc>>,
    /// Requester satisfaction, 1 to 5.
    pub csat: Option<u8>,
}

impl ServiceRequest {
    /// A submitted request for `item`.
    ///
    /// # Errors
    ///
    /// [`Error::Text`] for an empty number.
    pub fn new(
        number: impl Into<String>,
        item: &CatalogItem,
        submitted_at: DateTime<Utc>,
    ) -> Result<Self, Error> {
        let number = number.into();
        if number.trim().is_empty() {
            return Err(Error::Text {
                field: "request number",
            });
        }
        Ok(Self {
            number,
            item: item.key.clone(),
            approval_required: item.approval_required,
            automated: item.automated,
            state: RequestState::Submitted,
            submitted_at,
            routed_at: None,
            approval: None,
            fulfilled_at: None,
            csat: None,
        })
    }

    fn illegal(&self, to: &str) -> Error {
        Error::IllegalTransition {
            workflow: "service request",
            from: format!("{:?}", self.state),
            to: to.into(),
        }
    }

    /// Categorises and routes: to approval if the item needs it, else to fulfilment.
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`] unless submitted.
    pub fn route(&mut self, at: DateTime<Utc>) -> Result<(), Error> {
        if self.state != RequestState::Submitted {
            return Err(self.illegal("routed"));
        }
        self.routed_at = Some(at);
        self.state = if self.approval_required {
            RequestState::AwaitingApproval
        } else {
            RequestState::Fulfilment
        };
        Ok(())
    }

    fn decide(&mut self, approver: &str, at: DateTime<Utc>, grant: bool) -> Result<(), Error> {
        if self.state != RequestState::AwaitingApproval {
            return Err(self.illegal(if grant { "approved" } else { "rejected" }));
        }
        let requested_at = self.routed_at.unwrap_or(self.submitted_at);
        self.approval = Some(Approval {
            approver: approver.into(),
            requested_at,
            decided_at: at,
            approved: grant,
        });
        self.state = if grant {
            RequestState::Fulfilment
        } else {
            RequestState::Rejected
        };
        Ok(())
    }

    /// Approves.
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`] unless awaiting approval.
    pub fn approve(&mut self, approver: &str, at: DateTime<Utc>) -> Result<(), Error> {
        self.decide(approver, at, true)
    }

    /// Rejects.
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`] unless awaiting approval.
    pub fn reject(&mut self, approver: &str, at: DateTime<Utc>) -> Result<(), Error> {
        self.decide(approver, at, false)
    }

    /// Fulfils and closes.
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`] unless in fulfilment.
    pub fn fulfil(&mut self, at: DateTime<Utc>) -> Result<(), Error> {
        if self.state != RequestState::Fulfilment {
            return Err(self.illegal("fulfilled"));
        }
        self.fulfilled_at = Some(at);
        self.state = RequestState::Closed;
        Ok(())
    }

    /// Withdraws a request not yet closed, rejected or canceled.
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`] from a final state.
    pub fn cancel(&mut self) -> Result<(), Error> {
        if matches!(
            self.state,
            RequestState::Closed | RequestState::Rejected | RequestState::Canceled
        ) {
            return Err(self.illegal("canceled"));
        }
        self.state = RequestState::Canceled;
        Ok(())
    }

    /// Submission to fulfilment.
    #[must_use]
    pub fn fulfilment_time(&self) -> Option<Duration> {
        self.fulfilled_at.map(|f| f - self.submitted_at)
    }
}
