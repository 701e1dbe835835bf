//! Role-based access control (seed section 1.1, layer 3): permissions, the
//! default ITSM roles, tenant and team isolation, MFA-required permissions,
//! separation of duties (ISO/IEC 27001:2022 A.5.3) and access reviews
//! (A.5.18; the seed reviews quarterly).
//!
//! Every decision is deny by default, and a denial is an `Ok` value with its
//! reason.
//!
//! # What a permission check compares
//!
//! A [`Principal`] is built once per request from verified token claims: its
//! permissions are those its role grants **now** in the [`Rbac`] policy and
//! that the token also lists. A grant removed from a role takes effect at
//! once, and a token issued with fewer permissions than its role stays
//! narrowed.
//!
//! # Examples
//!
//! ```
//! use itsm_auth::rbac::{Decision, DenyReason, Permission, Principal, Rbac, ResourceRef, RoleName, TeamId};
//! use itsm_core::{OrgId, UserId};
//!
//! let rbac = Rbac::itsm_defaults()?;
//! let org: OrgId = "550e8400-e29b-41d4-a716-446655440001".parse()?;
//! let user: UserId = "550e8400-e29b-41d4-a716-446655440000".parse()?;
//! let agent = rbac.principal(
//!     user, org, &RoleName::new("agent")?,
//!     rbac.role_permissions(&RoleName::new("agent")?)?,
//!     [TeamId::new("team_001")?], true,
//! )?;
//!
//! let read: Permission = "incident:read".parse()?;
//! let own_team = ResourceRef::new(org).owned_by(TeamId::new("team_001")?);
//! assert_eq!(rbac.check(&agent, &read, &own_team), Decision::Allow);
//!
//! let other_tenant = ResourceRef::new("550e8400-e29b-41d4-a716-446655440999".parse()?);
//! assert_eq!(rbac.check(&agent, &read, &other_tenant), Decision::Deny { reason: DenyReason::TenantMismatch });
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use compact_str::CompactString;
use itsm_core::{InputExcerpt, OrgId, UserId};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// A permission `resource:action`, or `resource:*` for every action on a
/// resource. Both parts are 1 to 64 characters of `a-z 0-9 _ -`.
///
/// The action `all_teams` is special: `incident:all_teams` lets a holder act
/// on incidents owned by teams they are not in. `incident:*` includes it.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Permission {
    text: CompactString,
    colon: usize,
}

impl Permission {
    /// The action that grants access across teams.
    pub const ALL_TEAMS: &'static str = "all_teams";

    /// The resource part.
    #[must_use]
    pub fn resource(&self) -> &str {
        self.text.get(..self.colon).unwrap_or_default()
    }

    /// The action part (`*` for the wildcard).
    #[must_use]
    pub fn action(&self) -> &str {
        self.text.get(self.colon + 1..).unwrap_or_default()
    }

    /// Whether this is `resource:*`.
    #[must_use]
    pub fn is_wildcard(&self) -> bool {
        self.action() == "*"
    }

    /// The text form.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl FromStr for Permission {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let err = || Error::Permission {
            value: InputExcerpt::new(s),
        };
        // One pass: the resource's characters up to the colon, then the
        // action's (or `*`).
        let bytes = s.as_bytes();
        let ident =
            |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_' || *b == b'-';
        let colon = bytes.iter().position(|b| !ident(b)).ok_or_else(err)?;
        let action = bytes.get(colon + 1..).ok_or_else(err)?;
        let valid = bytes.get(colon) == Some(&b':')
            && (1..=64).contains(&colon)
            && (action == b"*" || ((1..=64).contains(&action.len()) && action.iter().all(ident)));
        if !valid {
            return Err(err());
        }
        Ok(Self {
            text: CompactString::new(s),
            colon,
        })
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Permission({})", self.text)
    }
}

impl Serialize for Permission {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Permission {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(ParseVisitor::<Self>::new("a permission `resource:action`"))
    }
}

impl JsonSchema for Permission {
    fn schema_name() -> Cow<'static, str> {
        "Permission".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "`resource:action` or `resource:*`",
            "pattern": "^[a-z0-9_-]{1,64}:([a-z0-9_-]{1,64}|\\*)$"
        })
    }
}

/// Deserializes any `FromStr` type from a borrowed or owned string without
/// an intermediate `String`.
struct ParseVisitor<T> {
    expecting: &'static str,
    marker: std::marker::PhantomData<T>,
}

impl<T> ParseVisitor<T> {
    fn new(expecting: &'static str) -> Self {
        Self {
            expecting,
            marker: std::marker::PhantomData,
        }
    }
}

impl<T: FromStr<Err = Error>> serde::de::Visitor<'_> for ParseVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }
}

macro_rules! ident_newtype {
    ($(#[$doc:meta])* $name:ident, $err:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(CompactString);

        impl $name {
            /// Checks and wraps a name.
            ///
            /// # Errors
            ///
            /// When the name is not 1..=64 characters of `a-z 0-9 _ -`.
            pub fn new(name: impl AsRef<str>) -> Result<Self, Error> {
                name.as_ref().parse()
            }

            /// The name.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = Error;

            fn from_str(s: &str) -> Result<Self, Error> {
                if is_ident(s) {
                    Ok(Self(CompactString::new(s)))
                } else {
                    Err(Error::$err { value: InputExcerpt::new(s) })
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str(ParseVisitor::<Self>::new($what))
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "pattern": "^[a-z0-9_-]{1,64}$" })
            }
        }
    };
}

ident_newtype!(
    /// A role's name: `agent`, `change_manager`.
    RoleName,
    RoleName,
    "a role name"
);
ident_newtype!(
    /// A team's id, as in the seed's `teams` claim (`team_001`).
    TeamId,
    TeamId,
    "a team id"
);

/// A permission set compiled for lookups: exact grants and wildcard resources.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Grants {
    exact: BTreeSet<String>,
    wildcard: BTreeSet<String>,
}

impl Grants {
    fn from_permissions<'a>(perms: impl IntoIterator<Item = &'a Permission>) -> Self {
        let mut g = Self::default();
        for p in perms {
            if p.is_wildcard() {
                g.wildcard.insert(p.resource().to_owned());
            } else {
                g.exact.insert(p.as_str().to_owned());
            }
        }
        g
    }

    fn allows(&self, p: &Permission) -> bool {
        self.wildcard.contains(p.resource())
            || (!p.is_wildcard() && self.exact.contains(p.as_str()))
    }

    fn allows_parts(&self, resource: &str, action: &str) -> bool {
        self.wildcard.contains(resource)
            || self
                .exact
                .iter()
                .any(|e| e.split_once(':') == Some((resource, action)))
    }
}

/// A request's subject, built by [`Rbac::principal`] from verified claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    user: UserId,
    org: OrgId,
    role: RoleName,
    teams: BTreeSet<TeamId>,
    mfa_verified: bool,
    grants: Grants,
}

impl Principal {
    /// The user.
    #[must_use]
    pub fn user(&self) -> UserId {
        self.user
    }

    /// The user's organisation (tenant).
    #[must_use]
    pub fn org(&self) -> OrgId {
        self.org
    }

    /// The user's role.
    #[must_use]
    pub fn role(&self) -> &RoleName {
        &self.role
    }
}

/// An action performed earlier on a record, for separation-of-duties checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RecordAction {
    /// Who acted.
    pub user: UserId,
    /// What they did.
    pub permission: Permission,
}

/// The resource a permission is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceRef<'a> {
    org: OrgId,
    owner_team: Option<TeamId>,
    history: &'a [RecordAction],
}

impl<'a> ResourceRef<'a> {
    /// A resource of organisation `org`, not owned by a team.
    #[must_use]
    pub fn new(org: OrgId) -> Self {
        Self {
            org,
            owner_team: None,
            history: &[],
        }
    }

    /// The resource is owned by `team`.
    #[must_use]
    pub fn owned_by(mut self, team: TeamId) -> Self {
        self.owner_team = Some(team);
        self
    }

    /// What was already done on the record, for separation of duties.
    #[must_use]
    pub fn with_history(mut self, history: &'a [RecordAction]) -> Self {
        self.history = history;
        self
    }
}

/// Why a request was denied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DenyReason {
    /// The resource belongs to another organisation.
    TenantMismatch,
    /// Neither the role nor the token grants the permission.
    MissingPermission {
        /// The permission asked for.
        permission: Permission,
    },
    /// The permission needs a session that passed MFA.
    MfaRequired {
        /// The permission asked for.
        permission: Permission,
    },
    /// The resource is owned by a team the user is not in.
    TeamScope {
        /// The owning team.
        team: TeamId,
    },
    /// The user did something on this record that this action must not
    /// follow (a change's requester approving it).
    SeparationOfDuties {
        /// The earlier action that conflicts.
        earlier: Permission,
    },
}

/// An authorization decision. Not `#[non_exhaustive]`: handle both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Decision {
    /// Allowed.
    Allow,
    /// Denied, with the reason.
    Deny {
        /// Why.
        reason: DenyReason,
    },
}

/// Two permissions one person must not hold together, or must not exercise
/// in sequence on one record (ISO/IEC 27001:2022 A.5.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SodRule {
    /// A short name for reports.
    pub name: String,
    /// One side.
    pub first: Permission,
    /// The other side.
    pub second: Permission,
    /// Whether holding both through roles is a conflict (checked on role
    /// assignment); otherwise only exercising both on one record is.
    pub exclusive_roles: bool,
}

/// A role's definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleDefinition {
    /// The role.
    pub name: RoleName,
    /// What it is for.
    pub description: String,
    /// What it grants.
    pub permissions: Vec<Permission>,
}

/// A separation-of-duties conflict found on role assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SodConflict {
    /// The rule broken.
    pub rule: String,
    /// The two permissions held together.
    pub permissions: (Permission, Permission),
}

const DEFAULT_ROLES: &str = include_str!("../data/default-roles.json");

/// An authorization policy as a document: what [`Rbac::from_document`] reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RbacDocument {
    /// The roles.
    pub roles: Vec<RoleDefinition>,
    /// Permissions that need a session that passed MFA.
    pub mfa_required: Vec<Permission>,
    /// Separation-of-duties rules.
    pub separation_of_duties: Vec<SodRule>,
}

impl RbacDocument {
    /// The bundled default document (`data/default-roles.json`), as
    /// [`Rbac::itsm_defaults`] applies it.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] if the bundled document does not parse, which the
    /// crate's tests rule out.
    pub fn itsm_defaults() -> Result<Self, Error> {
        serde_json::from_str(DEFAULT_ROLES).map_err(|e| Error::Policy {
            reason: format!("bundled default roles: {e}"),
        })
    }
}

/// The authorization policy: roles, MFA-required permissions and
/// separation-of-duties rules.
#[derive(Debug, Clone)]
pub struct Rbac {
    roles: BTreeMap<RoleName, (RoleDefinition, Grants)>,
    mfa_required: Grants,
    sod: Vec<SodRule>,
}

impl Rbac {
    /// A policy from role definitions, MFA-required permissions and
    /// separation-of-duties rules.
    #[must_use]
    pub fn new(roles: Vec<RoleDefinition>, mfa_required: &[Permission], sod: Vec<SodRule>) -> Self {
        let roles = roles
            .into_iter()
            .map(|r| {
                let grants = Grants::from_permissions(&r.permissions);
                (r.name.clone(), (r, grants))
            })
            .collect();
        Self {
            roles,
            mfa_required: Grants::from_permissions(mfa_required),
            sod,
        }
    }

    /// A policy from a document (JSON or any serde format), such as a
    /// host's own copy of `data/default-roles.json`.
    #[must_use]
    pub fn from_document(doc: RbacDocument) -> Self {
        Self::new(doc.roles, &doc.mfa_required, doc.separation_of_duties)
    }

    /// The default ITSM roles (`data/default-roles.json`, tabled in the crate
    /// README): `end_user`, `agent`, `team_lead`, `problem_manager`,
    /// `change_manager`, `cab_member`, `auditor`, `administrator`; MFA
    /// required for approving changes, managing users and roles, exporting
    /// the audit trail and changing settings; and two separation-of-duties
    /// rules: a change's requester may not approve it, and no one may both
    /// approve and implement changes.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] if the bundled document does not parse, which the
    /// crate's tests rule out.
    pub fn itsm_defaults() -> Result<Self, Error> {
        RbacDocument::itsm_defaults().map(Self::from_document)
    }

    /// The role definitions.
    pub fn roles(&self) -> impl Iterator<Item = &RoleDefinition> {
        self.roles.values().map(|(r, _)| r)
    }

    /// A role's permissions, as put in tokens at issuance.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownRole`].
    pub fn role_permissions(&self, role: &RoleName) -> Result<Vec<Permission>, Error> {
        self.roles
            .get(role)
            .map(|(r, _)| r.permissions.clone())
            .ok_or_else(|| Error::UnknownRole {
                role: role.to_string(),
            })
    }

    /// The request's principal: the permissions both the role (now) and the
    /// token grant.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownRole`] for a role this policy does not define.
    pub fn principal(
        &self,
        user: UserId,
        org: OrgId,
        role: &RoleName,
        token_permissions: impl IntoIterator<Item = Permission>,
        teams: impl IntoIterator<Item = TeamId>,
        mfa_verified: bool,
    ) -> Result<Principal, Error> {
        let (_, role_grants) = self.roles.get(role).ok_or_else(|| Error::UnknownRole {
            role: role.to_string(),
        })?;
        let token: Vec<Permission> = token_permissions.into_iter().collect();
        // Keep what both grant: a token wildcard narrows to the role's grants
        // on that resource, and the other way round.
        let mut grants = Grants::default();
        for p in &token {
            if p.is_wildcard() {
                if role_grants.wildcard.contains(p.resource()) {
                    grants.wildcard.insert(p.resource().to_owned());
                } else {
                    grants.exact.extend(
                        role_grants
                            .exact
                            .iter()
                            .filter(|e| e.split_once(':').is_some_and(|(r, _)| r == p.resource()))
                            .cloned(),
                    );
                }
            } else if role_grants.allows(p) {
                grants.exact.insert(p.as_str().to_owned());
            }
        }
        Ok(Principal {
            user,
            org,
            role: role.clone(),
            teams: teams.into_iter().collect(),
            mfa_verified,
            grants,
        })
    }

    /// Decides whether `principal` may exercise `permission` on `resource`.
    /// Checks, in order: tenant, permission, MFA, team scope, separation of
    /// duties. Deny by default.
    #[must_use]
    pub fn check(
        &self,
        principal: &Principal,
        permission: &Permission,
        resource: &ResourceRef<'_>,
    ) -> Decision {
        let deny = |reason| Decision::Deny { reason };
        if resource.org != principal.org {
            return deny(DenyReason::TenantMismatch);
        }
        if !principal.grants.allows(permission) {
            return deny(DenyReason::MissingPermission {
                permission: permission.clone(),
            });
        }
        if !principal.mfa_verified && self.mfa_required.allows(permission) {
            return deny(DenyReason::MfaRequired {
                permission: permission.clone(),
            });
        }
        if let Some(team) = &resource.owner_team
            && !principal.teams.contains(team)
            && !principal
                .grants
                .allows_parts(permission.resource(), Permission::ALL_TEAMS)
        {
            return deny(DenyReason::TeamScope { team: team.clone() });
        }
        for rule in &self.sod {
            let earlier = if *permission == rule.second {
                &rule.first
            } else if *permission == rule.first {
                &rule.second
            } else {
                continue;
            };
            if resource
                .history
                .iter()
                .any(|a| a.user == principal.user && a.permission == *earlier)
            {
                return deny(DenyReason::SeparationOfDuties {
                    earlier: earlier.clone(),
                });
            }
        }
        Decision::Allow
    }

    /// Separation-of-duties conflicts a user would have holding all of
    /// `roles` (their current roles plus one to assign).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownRole`].
    pub fn assignment_conflicts(&self, roles: &[RoleName]) -> Result<Vec<SodConflict>, Error> {
        let mut all = Vec::new();
        for role in roles {
            all.extend(self.role_permissions(role)?);
        }
        let held = Grants::from_permissions(&all);
        Ok(self
            .sod
            .iter()
            .filter(|r| r.exclusive_roles && held.allows(&r.first) && held.allows(&r.second))
            .map(|r| SodConflict {
                rule: r.name.clone(),
                permissions: (r.first.clone(), r.second.clone()),
            })
            .collect())
    }
}

/// A role granted to a user, with its last access review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleGrant {
    /// The user.
    pub user: UserId,
    /// The role.
    pub role: RoleName,
    /// When it was granted.
    pub granted_at: DateTime<Utc>,
    /// When it was last reviewed, if ever.
    pub last_reviewed_at: Option<DateTime<Utc>>,
}

/// The seed's review interval: quarterly, taken as 90 days.
pub const SEED_REVIEW_INTERVAL_DAYS: u32 = 90;

impl RoleGrant {
    /// When the next review is due: `interval_days` after the last review, or
    /// after the grant if never reviewed.
    #[must_use]
    pub fn review_due_at(&self, interval_days: u32) -> DateTime<Utc> {
        let base = self.last_reviewed_at.unwrap_or(self.granted_at);
        base.checked_add_signed(Duration::days(i64::from(interval_days)))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
}

/// The grants whose review is due at `now` (`now >= due`), oldest due first.
#[must_use]
pub fn overdue_reviews(
    grants: &[RoleGrant],
    interval_days: u32,
    now: DateTime<Utc>,
) -> Vec<&RoleGrant> {
    let mut due: Vec<&RoleGrant> = grants
        .iter()
        .filter(|g| now >= g.review_due_at(interval_days))
        .collect();
    due.sort_by_key(|g| g.review_due_at(interval_days));
    due
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use itsm_core::SeededEntropy;

    use super::*;

    fn p(s: &str) -> Permission {
        s.parse().unwrap()
    }

    fn ids() -> (UserId, UserId, OrgId, OrgId) {
        let e = SeededEntropy::new(9);
        (
            UserId::generate(&e).unwrap(),
            UserId::generate(&e).unwrap(),
            OrgId::generate(&e).unwrap(),
            OrgId::generate(&e).unwrap(),
        )
    }

    fn principal(
        rbac: &Rbac,
        user: UserId,
        org: OrgId,
        role: &str,
        teams: &[&str],
        mfa: bool,
    ) -> Principal {
        let role = RoleName::new(role).unwrap();
        let perms = rbac.role_permissions(&role).unwrap();
        rbac.principal(
            user,
            org,
            &role,
            perms,
            teams.iter().map(|t| TeamId::new(*t).unwrap()),
            mfa,
        )
        .unwrap()
    }

    #[test]
    fn permission_parsing() {
        let x = p("incident:read");
        assert_eq!(
            (x.resource(), x.action(), x.is_wildcard()),
            ("incident", "read", false)
        );
        assert!(p("incident:*").is_wildcard());
        for bad in [
            "",
            "incident",
            "incident:",
            ":read",
            "Incident:read",
            "incident:read:x",
            "*:*",
            "incident:re ad",
            "incident:**",
        ] {
            assert!(bad.parse::<Permission>().is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<Permission>("\"incident:READ\"").is_err());
    }

    #[test]
    fn tenant_isolation_comes_first() {
        let rbac = Rbac::itsm_defaults().unwrap();
        let (u, _, org, other) = ids();
        let admin = principal(&rbac, u, org, "administrator", &[], true);
        assert_eq!(
            rbac.check(&admin, &p("user:update"), &ResourceRef::new(other)),
            Decision::Deny {
                reason: DenyReason::TenantMismatch
            }
        );
        assert_eq!(
            rbac.check(&admin, &p("user:update"), &ResourceRef::new(org)),
            Decision::Allow
        );
    }

    #[test]
    fn deny_by_default_and_wildcards() {
        let rbac = Rbac::itsm_defaults().unwrap();
        let (u, _, org, _) = ids();
        let agent = principal(&rbac, u, org, "agent", &["t1"], false);
        let r = ResourceRef::new(org).owned_by(TeamId::new("t1").unwrap());
        assert_eq!(
            rbac.check(&agent, &p("incident:delete"), &r),
            Decision::Deny {
                reason: DenyReason::MissingPermission {
                    permission: p("incident:delete")
                }
            }
        );
        assert!(
            matches!(
                rbac.check(&agent, &p("incident:*"), &r),
                Decision::Deny { .. }
            ),
            "holding actions is not holding the wildcard"
        );
        let lead = principal(&rbac, u, org, "team_lead", &["t1"], false);
        assert_eq!(
            rbac.check(&lead, &p("incident:delete"), &r),
            Decision::Allow
        );
        assert_eq!(
            rbac.check(&lead, &p("incident:anything_new"), &r),
            Decision::Allow
        );
        assert!(matches!(
            rbac.check(&lead, &p("change:approve"), &r),
            Decision::Deny { .. }
        ));
    }

    #[test]
    fn team_scope() {
        let rbac = Rbac::itsm_defaults().unwrap();
        let (u, _, org, _) = ids();
        let agent = principal(&rbac, u, org, "agent", &["t1"], false);
        let other_team = ResourceRef::new(org).owned_by(TeamId::new("t2").unwrap());
        assert_eq!(
            rbac.check(&agent, &p("incident:read"), &other_team),
            Decision::Deny {
                reason: DenyReason::TeamScope {
                    team: TeamId::new("t2").unwrap()
                }
            }
        );
        assert_eq!(
            rbac.check(&agent, &p("incident:read"), &ResourceRef::new(org)),
            Decision::Allow,
            "unowned resources have no team scope"
        );
        // incident:all_teams grants across teams; so does incident:* (team lead).
        let pm = principal(&rbac, u, org, "problem_manager", &[], false);
        assert_eq!(
            rbac.check(&pm, &p("incident:read"), &other_team),
            Decision::Allow
        );
        let lead = principal(&rbac, u, org, "team_lead", &["t1"], false);
        assert_eq!(
            rbac.check(&lead, &p("incident:update"), &other_team),
            Decision::Allow
        );
    }

    #[test]
    fn mfa_required_permissions() {
        let rbac = Rbac::itsm_defaults().unwrap();
        let (u, _, org, _) = ids();
        let cab_no_mfa = principal(&rbac, u, org, "cab_member", &[], false);
        assert_eq!(
            rbac.check(&cab_no_mfa, &p("change:approve"), &ResourceRef::new(org)),
            Decision::Deny {
                reason: DenyReason::MfaRequired {
                    permission: p("change:approve")
                }
            }
        );
        assert_eq!(
            rbac.check(&cab_no_mfa, &p("change:read"), &ResourceRef::new(org)),
            Decision::Allow
        );
        let cab = principal(&rbac, u, org, "cab_member", &[], true);
        assert_eq!(
            rbac.check(&cab, &p("change:approve"), &ResourceRef::new(org)),
            Decision::Allow
        );
        let admin_no_mfa = principal(&rbac, u, org, "administrator", &[], false);
        assert!(matches!(
            rbac.check(&admin_no_mfa, &p("role:assign"), &ResourceRef::new(org)),
            Decision::Deny {
                reason: DenyReason::MfaRequired { .. }
            }
        ));
    }

    #[test]
    fn token_narrows_and_role_changes_apply_at_once() {
        let rbac = Rbac::itsm_defaults().unwrap();
        let (u, _, org, _) = ids();
        let role = RoleName::new("team_lead").unwrap();
        // A token listing only incident:read for a team lead.
        let narrow = rbac
            .principal(u, org, &role, [p("incident:read")], [], true)
            .unwrap();
        assert_eq!(
            rbac.check(&narrow, &p("incident:read"), &ResourceRef::new(org)),
            Decision::Allow
        );
        assert!(matches!(
            rbac.check(&narrow, &p("incident:update"), &ResourceRef::new(org)),
            Decision::Deny { .. }
        ));
        // A token claiming more than the role grants gets only the role's part.
        let agent = RoleName::new("agent").unwrap();
        let inflated = rbac
            .principal(
                u,
                org,
                &agent,
                [p("incident:*"), p("user:delete")],
                [],
                true,
            )
            .unwrap();
        assert_eq!(
            rbac.check(&inflated, &p("incident:update"), &ResourceRef::new(org)),
            Decision::Allow
        );
        assert!(matches!(
            rbac.check(&inflated, &p("incident:delete"), &ResourceRef::new(org)),
            Decision::Deny { .. }
        ));
        assert!(matches!(
            rbac.check(&inflated, &p("user:delete"), &ResourceRef::new(org)),
            Decision::Deny { .. }
        ));
        assert!(
            rbac.principal(u, org, &RoleName::new("ghost").unwrap(), [], [], true)
                .is_err()
        );
    }

    #[test]
    fn separation_of_duties_on_a_record_and_on_assignment() {
        let rbac = Rbac::itsm_defaults().unwrap();
        let (requester, other, org, _) = ids();
        let history = [RecordAction {
            user: requester,
            permission: p("change:request"),
        }];
        let change = ResourceRef::new(org).with_history(&history);
        let cab_requester = principal(&rbac, requester, org, "cab_member", &[], true);
        assert_eq!(
            rbac.check(&cab_requester, &p("change:approve"), &change),
            Decision::Deny {
                reason: DenyReason::SeparationOfDuties {
                    earlier: p("change:request")
                }
            }
        );
        let cab_other = principal(&rbac, other, org, "cab_member", &[], true);
        assert_eq!(
            rbac.check(&cab_other, &p("change:approve"), &change),
            Decision::Allow
        );

        let roles = |names: &[&str]| {
            names
                .iter()
                .map(|n| RoleName::new(*n).unwrap())
                .collect::<Vec<_>>()
        };
        let conflicts = rbac
            .assignment_conflicts(&roles(&["change_manager", "cab_member"]))
            .unwrap();
        assert_eq!(conflicts.len(), 1);
        assert_eq!(
            conflicts[0].permissions,
            (p("change:approve"), p("change:implement"))
        );
        assert!(
            rbac.assignment_conflicts(&roles(&["agent", "cab_member"]))
                .unwrap()
                .is_empty()
        );
        // No default role conflicts with itself.
        for r in rbac.roles() {
            assert!(
                rbac.assignment_conflicts(std::slice::from_ref(&r.name))
                    .unwrap()
                    .is_empty(),
                "{}",
                r.name
            );
        }
    }

    #[test]
    fn bundled_document_parses_whole_and_refuses_typos() {
        let doc: RbacDocument = serde_json::from_str(DEFAULT_ROLES).unwrap();
        assert_eq!(doc.roles.len(), 8);
        assert_eq!(doc.mfa_required.len(), 5);
        assert_eq!(doc.separation_of_duties.len(), 2);
        let total: usize = doc.roles.iter().map(|r| r.permissions.len()).sum();
        assert_eq!(total, 5 + 11 + 9 + 8 + 9 + 4 + 9 + 6);
        let typo = DEFAULT_ROLES.replace("\"mfa_required\"", "\"mfa_requird\"");
        assert!(serde_json::from_str::<RbacDocument>(&typo).is_err());
        let bad_permission = DEFAULT_ROLES.replace("\"incident:create\"", "\"Incident:create\"");
        assert!(serde_json::from_str::<RbacDocument>(&bad_permission).is_err());
    }

    #[test]
    fn default_roles_are_the_documented_eight() {
        let rbac = Rbac::itsm_defaults().unwrap();
        let names: Vec<&str> = rbac.roles().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "administrator",
                "agent",
                "auditor",
                "cab_member",
                "change_manager",
                "end_user",
                "problem_manager",
                "team_lead"
            ]
        );
        for r in Rbac::itsm_defaults().unwrap().roles() {
            assert!(!r.permissions.is_empty());
        }
    }

    #[test]
    fn access_reviews_overdue_at_the_boundary() {
        let (u, _, _, _) = ids();
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let g = |granted_days: i64, reviewed_days: Option<i64>| RoleGrant {
            user: u,
            role: RoleName::new("agent").unwrap(),
            granted_at: t0 + Duration::days(granted_days),
            last_reviewed_at: reviewed_days.map(|d| t0 + Duration::days(d)),
        };
        let grants = [g(0, None), g(0, Some(30)), g(10, None)];
        let now = t0 + Duration::days(90);
        let due = overdue_reviews(&grants, SEED_REVIEW_INTERVAL_DAYS, now);
        assert_eq!(due, [&grants[0]]);
        assert!(overdue_reviews(&grants, 90, now - Duration::seconds(1)).is_empty());
        assert_eq!(
            overdue_reviews(&grants, 90, t0 + Duration::days(120)).len(),
            3
        );
    }
}
