//! Audit events (seed section 6.1), typed, carrying what NIST SP 800-53
//! AU-3 asks of every record: what happened (`event_type`, `action`), when
//! (`timestamp`, UTC), where (`source`, the service or host), the source of
//! the event (`actor.ip`, `actor.user_agent`), the outcome, and the identity
//! of the subject (`actor.user_id`).
//!
//! # Examples
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use itsm_audit::event::{Action, Actor, AuditEvent, Category, EventType, Outcome};
//! use serde_json::json;
//!
//! let at = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//! let mut e = AuditEvent::new(at, "itsm-api", EventType::Update, Action::Update, Outcome::Success, "ticket edited");
//! e.actor = Actor::user("550e8400-e29b-41d4-a716-446655440000".parse()?);
//! e.changes = Some(itsm_audit::event::changes(
//!     &json!({"state": "new", "password": "old-secret"}),
//!     &json!({"state": "in_progress", "password": "new-secret"}),
//!     &["password"],
//! ));
//! assert_eq!(e.category(), Category::DataModification);
//! let stored = serde_json::to_string(&e).unwrap();
//! assert!(!stored.contains("secret"), "sensitive values never stored in clear");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::net::IpAddr;

use chrono::{DateTime, Utc};
use itsm_core::{OrgId, UserId};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The seed's six audit categories.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Login, logout, MFA, password change, session timeout.
    Authentication,
    /// Permission grant or revoke, role assignment, access denied.
    Authorization,
    /// View, download, export, search, API access.
    DataAccess,
    /// Create, update, delete, restore, archive.
    DataModification,
    /// Configuration change, start or stop, error, alert.
    System,
    /// Audit event, policy change, control test, compliance check.
    Compliance,
}

/// The seed's actions, each in one category.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[expect(
    missing_docs,
    reason = "each variant is the seed's action of the same name"
)]
pub enum Action {
    Login,
    Logout,
    Mfa,
    PasswordChange,
    SessionTimeout,
    PermissionGrant,
    PermissionRevoke,
    RoleAssignment,
    AccessDenied,
    View,
    Download,
    Export,
    Search,
    ApiAccess,
    Create,
    Update,
    Delete,
    Restore,
    Archive,
    ConfigurationChange,
    SystemStartStop,
    Error,
    Alert,
    AuditEvent,
    PolicyChange,
    ControlTest,
    ComplianceCheck,
}

impl Action {
    /// Every action, in the seed's order.
    pub const ALL: [Self; 27] = [
        Self::Login,
        Self::Logout,
        Self::Mfa,
        Self::PasswordChange,
        Self::SessionTimeout,
        Self::PermissionGrant,
        Self::PermissionRevoke,
        Self::RoleAssignment,
        Self::AccessDenied,
        Self::View,
        Self::Download,
        Self::Export,
        Self::Search,
        Self::ApiAccess,
        Self::Create,
        Self::Update,
        Self::Delete,
        Self::Restore,
        Self::Archive,
        Self::ConfigurationChange,
        Self::SystemStartStop,
        Self::Error,
        Self::Alert,
        Self::AuditEvent,
        Self::PolicyChange,
        Self::ControlTest,
        Self::ComplianceCheck,
    ];

    /// The action's category.
    #[must_use]
    pub const fn category(self) -> Category {
        use Action as A;
        match self {
            A::Login | A::Logout | A::Mfa | A::PasswordChange | A::SessionTimeout => {
                Category::Authentication
            }
            A::PermissionGrant | A::PermissionRevoke | A::RoleAssignment | A::AccessDenied => {
                Category::Authorization
            }
            A::View | A::Download | A::Export | A::Search | A::ApiAccess => Category::DataAccess,
            A::Create | A::Update | A::Delete | A::Restore | A::Archive => {
                Category::DataModification
            }
            A::ConfigurationChange | A::SystemStartStop | A::Error | A::Alert => Category::System,
            A::AuditEvent | A::PolicyChange | A::ControlTest | A::ComplianceCheck => {
                Category::Compliance
            }
        }
    }
}

/// The seed's event types.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// Something was created.
    Create,
    /// Something was changed.
    Update,
    /// Something was deleted.
    Delete,
    /// Something was accessed (including sign-ins).
    Access,
}

/// Success or failure.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// It worked.
    Success,
    /// It failed.
    Failure,
}

/// Who acted, and from where.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Actor {
    /// The user, if known.
    pub user_id: Option<UserId>,
    /// The client's address.
    pub ip: Option<IpAddr>,
    /// The client's user agent.
    pub user_agent: Option<String>,
}

impl Actor {
    /// A known user, address and agent unknown.
    #[must_use]
    pub fn user(user_id: UserId) -> Self {
        Self {
            user_id: Some(user_id),
            ip: None,
            user_agent: None,
        }
    }
}

/// Old and new values of the fields that changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Changes {
    /// Old values, by field.
    pub old: BTreeMap<String, Value>,
    /// New values, by field.
    pub new: BTreeMap<String, Value>,
}

/// The marker stored instead of a sensitive value.
pub const REDACTED: &str = "[redacted]";

/// The fields of two versions of an entity (JSON objects) that differ, with
/// their old and new values; fields named in `sensitive` are recorded as
/// changed but their values are replaced by [`REDACTED`]. Non-objects count
/// as one field named `value`.
#[must_use]
pub fn changes(old: &Value, new: &Value, sensitive: &[&str]) -> Changes {
    let as_map = |value: &Value| -> BTreeMap<String, Value> {
        match value {
            Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            other => [("value".to_owned(), other.clone())].into_iter().collect(),
        }
    };
    let (before, after) = (as_map(old), as_map(new));
    let mut out = Changes::default();
    let fields: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for field in fields {
        let (was, now) = (before.get(field), after.get(field));
        if was == now {
            continue;
        }
        let hide = sensitive
            .iter()
            .any(|name| name.eq_ignore_ascii_case(field));
        let shown = |value: Option<&Value>| match value {
            None => Value::Null,
            Some(_) if hide => Value::String(REDACTED.into()),
            Some(v) => v.clone(),
        };
        out.old.insert(field.clone(), shown(was));
        out.new.insert(field.clone(), shown(now));
    }
    out
}

/// An audit event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct AuditEvent {
    /// When (UTC).
    pub timestamp: DateTime<Utc>,
    /// Where: the service or host that recorded it.
    pub source: String,
    /// The seed's event type.
    pub event_type: EventType,
    /// What was done.
    pub action: Action,
    /// Who and from where.
    pub actor: Actor,
    /// The organisation (tenant).
    pub org_id: Option<OrgId>,
    /// The kind of entity acted on (`ticket`, `user`, `change`).
    pub entity_type: Option<String>,
    /// Its id.
    pub entity_id: Option<String>,
    /// A description of the action.
    pub description: String,
    /// Success or failure.
    pub outcome: Outcome,
    /// Old and new values.
    pub changes: Option<Changes>,
    /// The error, for failures.
    pub error_message: Option<String>,
}

impl AuditEvent {
    /// An event with the required fields.
    #[must_use]
    pub fn new(
        timestamp: DateTime<Utc>,
        source: impl Into<String>,
        event_type: EventType,
        action: Action,
        outcome: Outcome,
        description: impl Into<String>,
    ) -> Self {
        Self {
            timestamp,
            source: source.into(),
            event_type,
            action,
            actor: Actor::default(),
            org_id: None,
            entity_type: None,
            entity_id: None,
            description: description.into(),
            outcome,
            changes: None,
            error_message: None,
        }
    }

    /// The category, from the action.
    #[must_use]
    pub fn category(&self) -> Category {
        self.action.category()
    }
}
