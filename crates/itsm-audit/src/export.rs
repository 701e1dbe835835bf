//! Export to the formats security tools read: OCSF 1.8.0 JSON, `ArcSight` CEF
//! and RFC 5424 syslog.
//!
//! # OCSF classes
//!
//! `type_uid = class_uid * 100 + activity_id`, `category_uid = class_uid / 1000`.
//!
//! | our action | OCSF class | activity |
//! |---|---|---|
//! | login, logout, session timeout, MFA | Authentication (3002) | Logon 1, Logoff 2, Logoff 2, Other 99 |
//! | password change | Account Change (3001) | Password Change 3 |
//! | permission grant, role assignment, permission revoke | User Access Management (3005) | Assign Privileges 1, Assign Privileges 1, Revoke Privileges 2 |
//! | create, update, delete, restore, archive, configuration change | Entity Management (3004) | Create 1, Update 3, Delete 4, Other 99, Other 99, Update 3 |
//! | view, search, download, export, API access, access denied, system start/stop, error, alert, and the compliance actions | API Activity (6003) | Read 2 for the data access actions, Other 99 for the rest |
//!
//! Failures carry `status_id` 2; an access denial is an API Activity with
//! that status.
//!
//! # Examples
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use itsm_audit::event::{Action, AuditEvent, EventType, Outcome};
//! use itsm_audit::export::{to_cef, to_ocsf, to_syslog};
//!
//! let at = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//! let e = AuditEvent::new(at, "itsm-api", EventType::Access, Action::Login, Outcome::Failure, "bad password");
//! let ocsf = to_ocsf(&e, 7);
//! assert_eq!((ocsf["class_uid"].as_u64(), ocsf["type_uid"].as_u64()), (Some(3002), Some(300201)));
//! assert!(to_cef(&e, 7).starts_with("CEF:0|itsm|itsm-audit|"));
//! assert!(to_syslog(&e, 7).starts_with("<108>1 2026-12-03T09:00:00.000Z itsm-api itsm-audit - login"));
//! ```

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::event::{Action, AuditEvent, Outcome};

/// OCSF schema version written.
pub const OCSF_VERSION: &str = "1.8.0";

/// The OCSF class and activity for an action (see the module docs).
#[must_use]
pub const fn ocsf_class(action: Action) -> (u32, u32) {
    use Action as A;
    match action {
        A::Login => (3002, 1),
        A::Logout | A::SessionTimeout => (3002, 2),
        A::Mfa => (3002, 99),
        A::PasswordChange => (3001, 3),
        A::PermissionGrant | A::RoleAssignment => (3005, 1),
        A::PermissionRevoke => (3005, 2),
        A::Create => (3004, 1),
        A::Update | A::ConfigurationChange => (3004, 3),
        A::Delete => (3004, 4),
        A::Restore | A::Archive => (3004, 99),
        A::View | A::Search | A::Download | A::Export | A::ApiAccess => (6003, 2),
        A::AccessDenied
        | A::SystemStartStop
        | A::Error
        | A::Alert
        | A::AuditEvent
        | A::PolicyChange
        | A::ControlTest
        | A::ComplianceCheck => (6003, 99),
    }
}

fn action_name(a: Action) -> String {
    serde_json::to_value(a)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The event as an OCSF 1.8.0 JSON object.
#[must_use]
pub fn to_ocsf(e: &AuditEvent, seq: u64) -> Value {
    let (class_uid, activity_id) = ocsf_class(e.action);
    let failed = e.outcome == Outcome::Failure;
    let mut v = json!({
        "class_uid": class_uid,
        "category_uid": class_uid / 1000,
        "activity_id": activity_id,
        "type_uid": u64::from(class_uid) * 100 + u64::from(activity_id),
        "time": e.timestamp.timestamp_millis(),
        "severity_id": if failed { 3 } else { 1 },
        "status_id": if failed { 2 } else { 1 },
        "status": if failed { "Failure" } else { "Success" },
        "message": e.description,
        "metadata": {
            "version": OCSF_VERSION,
            "uid": seq.to_string(),
            "product": { "name": "itsm-audit", "vendor_name": "itsm" },
            "log_name": e.source,
        },
        "unmapped": { "itsm_action": action_name(e.action) },
    });
    if let Some(obj) = v.as_object_mut() {
        if let Some(u) = e.actor.user_id {
            obj.insert("actor".into(), json!({ "user": { "uid": u.to_string() } }));
        }
        if let Some(ip) = e.actor.ip {
            obj.insert("src_endpoint".into(), json!({ "ip": ip.to_string() }));
        }
        if let Some(ua) = &e.actor.user_agent {
            obj.insert("http_request".into(), json!({ "user_agent": ua }));
        }
        if let Some(err) = &e.error_message {
            obj.insert("status_detail".into(), json!(err));
        }
    }
    v
}

/// CEF header field escaping: backslash and pipe.
#[must_use]
pub fn cef_header(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

/// CEF extension value escaping: backslash, equals sign, line breaks.
#[must_use]
pub fn cef_value(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('=', "\\=")
        .replace('\r', "\\r")
        .replace('\n', "\\n")
}

/// The event as an `ArcSight` CEF line.
#[must_use]
pub fn to_cef(e: &AuditEvent, seq: u64) -> String {
    let (class_uid, activity_id) = ocsf_class(e.action);
    let severity = if e.outcome == Outcome::Failure { 5 } else { 3 };
    let mut ext = vec![
        format!("rt={}", e.timestamp.timestamp_millis()),
        format!("act={}", cef_value(&action_name(e.action))),
        format!(
            "outcome={}",
            if e.outcome == Outcome::Failure {
                "failure"
            } else {
                "success"
            }
        ),
        format!("msg={}", cef_value(&e.description)),
        format!("externalId={seq}"),
        format!("dvchost={}", cef_value(&e.source)),
    ];
    if let Some(u) = e.actor.user_id {
        ext.push(format!("suser={u}"));
    }
    if let Some(ip) = e.actor.ip {
        ext.push(format!("src={ip}"));
    }
    if let Some(t) = &e.entity_type {
        ext.push(format!("cs1Label=entityType cs1={}", cef_value(t)));
    }
    if let Some(i) = &e.entity_id {
        ext.push(format!("cs2Label=entityId cs2={}", cef_value(i)));
    }
    format!(
        "CEF:0|itsm|itsm-audit|{}|{}|{}|{severity}|{}",
        cef_header(env!("CARGO_PKG_VERSION")),
        u64::from(class_uid) * 100 + u64::from(activity_id),
        cef_header(&e.description),
        ext.join(" ")
    )
}

/// RFC 5424 structured-data parameter value escaping: `"`, `\` and `]`.
#[must_use]
pub fn sd_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '"' | '\\' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// RFC 5424 header fields are printable US-ASCII without spaces, 1 to `max`
/// characters, or `-` (the nil value).
fn header_field(s: &str, max: usize) -> String {
    let cleaned: String = s.chars().filter(char::is_ascii_graphic).take(max).collect();
    if cleaned.is_empty() {
        "-".to_owned()
    } else {
        cleaned
    }
}

/// The event as an RFC 5424 syslog line: facility 13 (log audit), severity
/// informational (6) or warning (4) for failures, structured data under the
/// documentation enterprise number 32473 (RFC 5612).
#[must_use]
pub fn to_syslog(e: &AuditEvent, seq: u64) -> String {
    let severity = if e.outcome == Outcome::Failure { 4 } else { 6 };
    let pri = 13 * 8 + severity;
    let mut sd = format!(
        "[itsm@32473 seq=\"{seq}\" action=\"{}\" outcome=\"{}\"",
        sd_value(&action_name(e.action)),
        if e.outcome == Outcome::Failure {
            "failure"
        } else {
            "success"
        }
    );
    if let Some(u) = e.actor.user_id {
        let _ = write!(sd, " user=\"{u}\"");
    }
    if let Some(t) = &e.entity_type {
        let _ = write!(sd, " entityType=\"{}\"", sd_value(t));
    }
    if let Some(i) = &e.entity_id {
        let _ = write!(sd, " entityId=\"{}\"", sd_value(i));
    }
    sd.push(']');
    format!(
        "<{pri}>1 {} {} itsm-audit - {} {sd} {}",
        e.timestamp.format("%Y-%m-%dT%H:%M:%S%.3fZ"),
        header_field(&e.source, 255),
        header_field(&action_name(e.action), 32),
        e.description.replace(['\r', '\n'], " ")
    )
}
