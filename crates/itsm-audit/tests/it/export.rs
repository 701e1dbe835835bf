use chrono::{TimeZone, Utc};
use itsm_audit::event::{Action, Actor, AuditEvent, Category, EventType, Outcome};
use itsm_audit::export::{cef_header, cef_value, ocsf_class, sd_value, to_cef, to_ocsf, to_syslog};

fn event(action: Action, outcome: Outcome, description: &str) -> AuditEvent {
    let at = Utc.with_ymd_and_hms(2026, 12, 3, 9, 30, 15).unwrap();
    AuditEvent::new(
        at,
        "itsm-api",
        EventType::Access,
        action,
        outcome,
        description,
    )
}

#[test]
fn every_action_has_a_documented_ocsf_class_and_type_uid() {
    for action in Action::ALL {
        let (class, activity) = ocsf_class(action);
        let expected_class = match action.category() {
            Category::Authentication if action == Action::PasswordChange => 3001,
            Category::Authentication => 3002,
            Category::Authorization if action == Action::AccessDenied => 6003,
            Category::Authorization => 3005,
            Category::DataModification => 3004,
            Category::System if action == Action::ConfigurationChange => 3004,
            Category::DataAccess | Category::System | Category::Compliance => 6003,
        };
        assert_eq!(class, expected_class, "{action:?}");
        let v = to_ocsf(&event(action, Outcome::Success, "x"), 1);
        assert_eq!(v["class_uid"], u64::from(class));
        assert_eq!(v["activity_id"], u64::from(activity));
        assert_eq!(
            v["type_uid"],
            u64::from(class) * 100 + u64::from(activity),
            "{action:?}"
        );
        assert_eq!(v["category_uid"], u64::from(class / 1000));
        assert_eq!(v["metadata"]["version"], "1.8.0");
    }
    assert_eq!(ocsf_class(Action::Login), (3002, 1));
    assert_eq!(ocsf_class(Action::Logout), (3002, 2));
    assert_eq!(ocsf_class(Action::PasswordChange), (3001, 3));
    assert_eq!(ocsf_class(Action::PermissionGrant), (3005, 1));
    assert_eq!(ocsf_class(Action::PermissionRevoke), (3005, 2));
    assert_eq!(ocsf_class(Action::Delete), (3004, 4));
    assert_eq!(ocsf_class(Action::View), (6003, 2));
}

#[test]
fn ocsf_carries_actor_source_status_and_time() {
    let mut e = event(Action::Login, Outcome::Failure, "bad password");
    e.actor = Actor {
        user_id: Some("550e8400-e29b-41d4-a716-446655440000".parse().unwrap()),
        ip: Some("192.0.2.7".parse().unwrap()),
        user_agent: Some("curl/8".into()),
    };
    e.error_message = Some("invalid credentials".into());
    let v = to_ocsf(&e, 42);
    assert_eq!(v["status_id"], 2);
    assert_eq!(v["status"], "Failure");
    assert_eq!(v["status_detail"], "invalid credentials");
    assert_eq!(
        v["actor"]["user"]["uid"],
        "550e8400-e29b-41d4-a716-446655440000"
    );
    assert_eq!(v["src_endpoint"]["ip"], "192.0.2.7");
    assert_eq!(v["http_request"]["user_agent"], "curl/8");
    assert_eq!(v["metadata"]["uid"], "42");
    assert_eq!(v["time"], e.timestamp.timestamp_millis());
    let ok = to_ocsf(&event(Action::Login, Outcome::Success, "ok"), 1);
    assert_eq!(ok["status_id"], 1);
    assert!(ok.get("actor").is_none());
}

/// Splits a CEF line into its header fields and extension, honouring `\|`.
fn cef_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        let in_header = fields.len() < 8;
        if in_header && c == '|' {
            fields.push(String::new());
            continue;
        }
        let last = fields.last_mut().unwrap();
        last.push(c);
        if in_header
            && c == '\\'
            && let Some(n) = chars.next()
        {
            last.push(n);
        }
    }
    fields
}

#[test]
fn cef_escapes_header_and_extension() {
    assert_eq!(cef_header(r"a|b\c"), r"a\|b\\c");
    assert_eq!(cef_header("line\nbreak"), "line break");
    assert_eq!(cef_value(r"k=v\x"), r"k\=v\\x");
    assert_eq!(cef_value("a\r\nb"), r"a\r\nb");
    assert_eq!(cef_value("pipes|stay"), "pipes|stay");

    let mut e = event(
        Action::Update,
        Outcome::Failure,
        "name|with\\pipe = and\nbreak",
    );
    e.entity_type = Some("ticket=1".into());
    e.entity_id = Some(r"INC\42".into());
    let line = to_cef(&e, 9);
    assert!(!line.contains('\n'));
    let fields = cef_fields(&line);
    assert_eq!(fields.len(), 8, "{line}");
    assert_eq!(fields[0], "CEF:0");
    assert_eq!(fields[1], "itsm");
    assert_eq!(fields[4], "300403");
    assert_eq!(fields[5], r"name\|with\\pipe = and break");
    assert_eq!(fields[6], "5");
    let ext = &fields[7];
    assert!(ext.contains(r"msg=name|with\\pipe \= and\nbreak"), "{ext}");
    assert!(ext.contains(r"cs1=ticket\=1"), "{ext}");
    assert!(ext.contains(r"cs2=INC\\42"), "{ext}");
    assert!(ext.contains("outcome=failure"));
    assert!(ext.contains("externalId=9"));
}

/// Reads one RFC 5424 SD-ELEMENT's parameters, unescaping `\"`, `\\`, `\]`.
fn sd_params(sd: &str) -> Vec<(String, String)> {
    let inner = sd.strip_prefix('[').unwrap();
    let (_, mut rest) = inner.split_once(' ').unwrap();
    let mut out = Vec::new();
    loop {
        let (name, after) = rest.split_once("=\"").unwrap();
        let mut value = String::new();
        let mut chars = after.char_indices();
        let end = loop {
            let (i, c) = chars.next().unwrap();
            match c {
                '\\' => {
                    let (_, n) = chars.next().unwrap();
                    assert!(matches!(n, '"' | '\\' | ']'), "bad escape \\{n}");
                    value.push(n);
                }
                '"' => break i,
                ']' => panic!("unescaped ] inside a value"),
                _ => value.push(c),
            }
        };
        out.push((name.trim().to_owned(), value));
        rest = &after[end + 1..];
        if rest.starts_with(']') {
            return out;
        }
    }
}

#[test]
fn syslog_line_is_rfc5424_with_escaped_structured_data() {
    assert_eq!(sd_value(r#"a"b\c]d"#), r#"a\"b\\c\]d"#);
    let mut e = event(Action::Delete, Outcome::Success, "deleted\nentity");
    e.source = "host with spaces".into();
    e.entity_type = Some("ticket".into());
    e.entity_id = Some(r#"x"]\y"#.into());
    let line = to_syslog(&e, 3);
    assert!(!line.contains('\n'));
    // <PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG
    let mut parts = line.splitn(7, ' ');
    assert_eq!(parts.next(), Some("<110>1"), "facility 13, informational");
    assert_eq!(parts.next(), Some("2026-12-03T09:30:15.000Z"));
    assert_eq!(parts.next(), Some("hostwithspaces"));
    assert_eq!(parts.next(), Some("itsm-audit"));
    assert_eq!(parts.next(), Some("-"));
    assert_eq!(parts.next(), Some("delete"));
    let rest = parts.next().unwrap();
    assert!(rest.starts_with("[itsm@32473 "));
    let params = sd_params(rest);
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("entityId"), Some(r#"x"]\y"#));
    assert_eq!(get("seq"), Some("3"));
    assert_eq!(get("outcome"), Some("success"));
    assert!(rest.ends_with("] deleted entity"));
    let failed = to_syslog(&event(Action::Login, Outcome::Failure, "no"), 1);
    assert!(failed.starts_with("<108>1 "), "facility 13, warning");
}
