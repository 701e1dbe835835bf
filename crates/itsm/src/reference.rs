//! The policy reference and the seed deviations, as Markdown generated from
//! the values in the code.
//!
//! [`policy_reference`] renders every default policy of the workspace (the
//! numbers compliance officers ask about) with its source: the standard and
//! clause, or the seed design. [`seed_deviations`] gathers every place the
//! seed departs from the standard it cites, what the library does instead,
//! and the test that shows it. `cargo run --example policy_reference`
//! writes both to `docs/`, with the JSON Schemas of [`crate::schemas`]; a
//! test fails when a committed file differs from what the code generates,
//! so a default cannot change without its reference changing too.

use std::fmt::Write as _;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use schemars::{JsonSchema, schema_for};
use serde::Serialize;
use serde_json::Value;

/// A Markdown document under construction.
struct Md(String);

impl Md {
    fn line(&mut self, text: &str) {
        self.0.push_str(text);
        self.0.push('\n');
    }

    fn para(&mut self, text: &str) {
        self.line(text);
        self.line("");
    }

    fn h2(&mut self, text: &str) {
        self.para(&format!("## {text}"));
    }

    fn h3(&mut self, text: &str) {
        self.para(&format!("### {text}"));
    }

    fn source(&mut self, text: &str) {
        self.para(&format!("Source: {text}"));
    }

    fn table(&mut self, headers: &[&str], rows: &[Vec<String>]) {
        self.line(&format!("| {} |", headers.join(" | ")));
        self.line(&format!("|{}", "---|".repeat(headers.len())));
        for row in rows {
            let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
            self.line(&format!("| {} |", cells.join(" | ")));
        }
        self.line("");
    }
}

/// A table cell: rustdoc links reduced to their text, pipes escaped, line
/// breaks folded.
fn cell(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut rest = text;
    // `[text](Target)` where the target is an intra-doc path, not a URL.
    while let Some(open) = rest.find('[') {
        let (before, from) = rest.split_at(open);
        plain.push_str(before);
        let link = from.find("](").and_then(|mid| {
            let close = from.get(mid..)?.find(')')? + mid;
            let target = from.get(mid + 2..close)?;
            (!target.contains("://")).then(|| (from.get(1..mid).unwrap_or_default(), close))
        });
        if let Some((label, close)) = link {
            plain.push_str(label);
            rest = from.get(close + 1..).unwrap_or_default();
        } else {
            plain.push('[');
            rest = from.get(1..).unwrap_or_default();
        }
    }
    plain.push_str(rest);
    plain.replace('|', "\\|").replace('\n', " ")
}

/// A JSON value as a cell: scalars bare, the rest compact JSON.
fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        Value::Null => "none".into(),
        Value::Bool(_) | Value::Number(_) => v.to_string(),
        other => format!("`{other}`"),
    }
}

fn json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The top-level fields of `value`: name, value, and the doc comment of the
/// field as schemars carries it.
fn fields<T: Serialize + JsonSchema>(value: &T) -> Vec<Vec<String>> {
    let schema = schema_for!(T);
    let props = schema.get("properties").and_then(Value::as_object);
    match json(value) {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| {
                let meaning = props
                    .and_then(|p| p.get(k))
                    .and_then(|p| p.get("description"))
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                vec![format!("`{k}`"), show(v), meaning.to_owned()]
            })
            .collect(),
        other => vec![vec!["value".into(), show(&other), String::new()]],
    }
}

/// A unit enum's variants with their doc comments, from its schema.
fn variants<T: JsonSchema>() -> Vec<(String, String)> {
    let schema = schema_for!(T);
    if let Some(one_of) = schema.get("oneOf").and_then(Value::as_array) {
        return one_of
            .iter()
            .flat_map(|v| {
                let description = v
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                let names: Vec<String> = match (v.get("const"), v.get("enum")) {
                    (Some(c), _) => c.as_str().map(str::to_owned).into_iter().collect(),
                    (None, Some(Value::Array(e))) => e
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect(),
                    _ => Vec::new(),
                };
                names.into_iter().map(move |n| (n, description.clone()))
            })
            .collect();
    }
    schema
        .get("enum")
        .and_then(Value::as_array)
        .map(|e| {
            e.iter()
                .filter_map(Value::as_str)
                .map(|n| (n.to_owned(), String::new()))
                .collect()
        })
        .unwrap_or_default()
}

/// Seconds in words: days from two days up, then hours, minutes, seconds.
fn duration_words(seconds: i64) -> String {
    let (n, unit) = match seconds {
        s if s % 86_400 == 0 && s >= 2 * 86_400 => (s / 86_400, "day"),
        s if s % 3600 == 0 && s >= 3600 => (s / 3600, "hour"),
        s if s % 60 == 0 && s >= 60 => (s / 60, "minute"),
        s => (s, "second"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// The policy reference: every default policy with its source.
#[must_use]
pub fn policy_reference() -> String {
    let mut md = Md(String::new());
    md.para("# Policy reference");
    md.para(
        "Every default policy of the `itsm` crates, generated from the values in the code by \
         `cargo run --example policy_reference`; a test fails when this file and the code disagree. \
         Each section names its source: the standard and clause, or the seed design \
         (`shared/seed`, \"the seed\"). Where the seed and a standard differ, the seed's value is \
         the default and the standard's is a preset, unless the section says otherwise; \
         `docs/seed-deviations.md` lists every difference. All values are configurable.",
    );
    authentication(&mut md);
    guards(&mut md);
    risk(&mut md);
    nist(&mut md);
    itil(&mut md);
    gdpr(&mut md);
    audit(&mut md);
    dr(&mut md);
    posture(&mut md);
    md.0.trim_end().to_owned() + "\n"
}

fn authentication(md: &mut Md) {
    use itsm_auth::PasswordPolicy;
    use itsm_auth::password;
    md.h2("Authentication (`itsm-auth`)");

    md.h3("Password policy");
    md.source(
        "the seed, section 1.3 (`PasswordPolicy::default()`); NIST SP 800-63B section 3.1.1.2 and \
         OWASP ASVS 5.0 V6 (`PasswordPolicy::nist_800_63b()`). The seed's composition rules and \
         90-day expiry are what NIST SP 800-63B tells verifiers not to impose.",
    );
    let seed = json(&PasswordPolicy::default());
    let nist = json(&PasswordPolicy::nist_800_63b());
    let schema = schema_for!(PasswordPolicy);
    let props = schema.get("properties").and_then(Value::as_object);
    let rows: Vec<Vec<String>> = seed
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let meaning = props
                        .and_then(|p| p.get(k))
                        .and_then(|p| p.get("description"))
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    vec![
                        format!("`{k}`"),
                        show(v),
                        show(nist.get(k).unwrap_or(&Value::Null)),
                        meaning.to_owned(),
                    ]
                })
                .collect()
        })
        .unwrap_or_default();
    md.table(
        &[
            "field",
            "seed (default)",
            "NIST SP 800-63B preset",
            "meaning",
        ],
        &rows,
    );
    md.para(&format!(
        "The seed's special characters: `{}`. Its common patterns, refused anywhere in a password: {}.",
        password::SEED_SPECIAL_CHARS,
        password::SEED_COMMON_PATTERNS.map(|p| format!("`{p}`")).join(", ")
    ));

    auth_factors(md);
}

fn auth_factors(md: &mut Md) {
    use itsm_auth::{backup_codes, lockout, totp};
    md.h3("Lockout");
    md.source("the seed (5 failed attempts, 15 minutes); NIST SP 800-63B section 3.2.2 caps consecutive failures at 100. The same policy throttles TOTP and backup-code attempts.");
    md.table(
        &["field", "value", "meaning"],
        &fields(&lockout::LockoutPolicy::default()),
    );

    md.h3("TOTP and backup codes");
    md.source(
        "the seed (issuer `ITSM-System`, a window of one step each side, 10 backup codes); \
         RFC 6238 section 5.2 (at most one step back) and ASVS 5.0 (current step only) as presets; \
         RFC 4226 section 4 (at least 128-bit secrets, 160 recommended).",
    );
    md.table(
        &["field", "value", "meaning"],
        &fields(&totp::TotpConfig::default()),
    );
    let window = |w: totp::TotpWindow| format!("{} back, {} forward", w.back, w.forward);
    md.table(
        &["window preset", "steps accepted"],
        &[
            vec![
                "`TotpWindow::SEED` (default)".into(),
                window(totp::TotpWindow::SEED),
            ],
            vec![
                "`TotpWindow::RFC_6238_BACKWARD`".into(),
                window(totp::TotpWindow::RFC_6238_BACKWARD),
            ],
            vec![
                "`TotpWindow::CURRENT_ONLY`".into(),
                window(totp::TotpWindow::CURRENT_ONLY),
            ],
        ],
    );
    md.para(&format!(
        "Secrets are {} bytes ({} bits) from the entropy source. {} backup codes per set, {} Crockford base32 symbols each ({} bits), stored as HMAC-SHA-256 digests and usable once.",
        totp::SECRET_BYTES,
        totp::SECRET_BYTES * 8,
        backup_codes::CODES_PER_SET,
        backup_codes::CODE_CHARS,
        backup_codes::CODE_CHARS * 5
    ));

    auth_tokens(md);
}

fn auth_tokens(md: &mut Md) {
    use itsm_auth::{jwt, reset, session};
    md.h3("Tokens and sessions");
    md.source("the seed's token example (`exp - iat` = 1 hour); RFC 7519; NIST SP 800-63B AAL2 reauthentication (sessions); refresh, leeway, size and reset lifetimes are this library's.");
    md.table(
        &["setting", "value"],
        &[
            vec![
                "access token lifetime".into(),
                duration_words(jwt::DEFAULT_ACCESS_LIFETIME_SECONDS),
            ],
            vec![
                "refresh token lifetime".into(),
                duration_words(jwt::DEFAULT_REFRESH_LIFETIME_SECONDS),
            ],
            vec![
                "longest lifetime issued".into(),
                duration_words(jwt::MAX_LIFETIME_SECONDS),
            ],
            vec![
                "clock leeway on `exp`, `nbf`, `iat`".into(),
                duration_words(i64::from(jwt::DEFAULT_LEEWAY_SECONDS)),
            ],
            vec![
                "largest token accepted".into(),
                format!("{} bytes", jwt::MAX_TOKEN_BYTES),
            ],
            vec![
                "password reset token lifetime".into(),
                duration_words(i64::from(reset::DEFAULT_RESET_LIFETIME_MINUTES) * 60),
            ],
        ],
    );
    md.table(
        &["field", "value", "meaning"],
        &fields(&session::SessionPolicy::default()),
    );

    md.h3("Roles and permissions");
    md.source("this library's default ITSM roles (`itsm-auth/data/default-roles.json`); separation of duties per ISO/IEC 27001:2022 A.5.3; access reviews every 90 days, the seed's quarterly review.");
    match itsm_auth::rbac::RbacDocument::itsm_defaults() {
        Ok(doc) => {
            let rows: Vec<Vec<String>> = doc
                .roles
                .iter()
                .map(|r| {
                    let perms: Vec<String> =
                        r.permissions.iter().map(|p| format!("`{p}`")).collect();
                    vec![
                        format!("`{}`", r.name),
                        r.description.clone(),
                        perms.join(", "),
                    ]
                })
                .collect();
            md.table(&["role", "for", "permissions"], &rows);
            let mfa: Vec<String> = doc.mfa_required.iter().map(|p| format!("`{p}`")).collect();
            md.para(&format!("MFA required for: {}.", mfa.join(", ")));
            let sod: Vec<Vec<String>> = doc
                .separation_of_duties
                .iter()
                .map(|r| {
                    vec![
                        r.name.clone(),
                        format!("`{}`", r.first),
                        format!("`{}`", r.second),
                        if r.exclusive_roles {
                            "holding both through roles"
                        } else {
                            "both on one record"
                        }
                        .into(),
                    ]
                })
                .collect();
            md.table(
                &[
                    "separation of duties",
                    "one side",
                    "other side",
                    "conflict when",
                ],
                &sod,
            );
        }
        Err(e) => md.para(&format!("(the bundled roles do not parse: {e})")),
    }
    md.para(&format!(
        "Access reviews are due every {} days.",
        itsm_auth::rbac::SEED_REVIEW_INTERVAL_DAYS
    ));
}

fn guards(md: &mut Md) {
    use itsm_auth::guard::{csrf, headers, rate_limit, tls};
    md.h2("Request guards (`itsm-auth::guard`)");
    md.h3("Rate limits");
    md.source("this library's defaults (the seed names rate limiting without numbers); GCRA, emission intervals rounded up.");
    let p = rate_limit::RatePolicy::default();
    let rows: Vec<Vec<String>> = [
        ("login", rate_limit::RouteClass::Login),
        ("read", rate_limit::RouteClass::Read),
        ("write", rate_limit::RouteClass::Write),
    ]
    .iter()
    .map(|(name, class)| {
        let q = p.quota(*class);
        vec![
            (*name).to_owned(),
            format!("{} per {} ms", q.requests(), q.period_ms()),
            q.burst().to_string(),
        ]
    })
    .collect();
    md.table(&["route class", "sustained rate", "burst"], &rows);
    md.h3("TLS");
    md.source("the seed (TLS 1.3 on all communications) as the default; NIST SP 800-52 Rev. 2 as a preset; suites named as IANA registers them.");
    for (name, policy) in [
        ("default (the seed's)", tls::TlsPolicy::default()),
        (
            "`TlsPolicy::nist_sp_800_52r2()`",
            tls::TlsPolicy::nist_sp_800_52r2(),
        ),
    ] {
        let suites: Vec<String> = policy
            .allowed_cipher_suites
            .iter()
            .map(|s| format!("`{s}`"))
            .collect();
        md.para(&format!(
            "{name}: minimum {}; suites {}.",
            policy.min_version,
            suites.join(", ")
        ));
    }
    md.h3("Security headers and cookies");
    md.source("OWASP Secure Headers Project, OWASP ASVS 5.0 V3, RFC 6797 (HSTS), RFC 6265bis (cookie prefixes); CSRF token lifetime equals the absolute session timeout.");
    let h = headers::SecurityHeaders::default();
    let rows: Vec<Vec<String>> = h
        .headers()
        .into_iter()
        .map(|(n, v)| vec![format!("`{n}`"), format!("`{v}`")])
        .collect();
    md.table(&["header", "value"], &rows);
    md.table(
        &["cookie flag", "value", "meaning"],
        &fields(&headers::CookiePolicy::default()),
    );
    md.para(&format!(
        "CSRF tokens live {}.",
        duration_words(i64::from(csrf::DEFAULT_LIFETIME_MINUTES) * 60)
    ));
}

fn risk(md: &mut Md) {
    use itsm_risk::assessment::{Deadline, Impact, Likelihood, RiskLevel};
    md.h2("Risk (`itsm-risk`)");
    md.h3("Risk matrix");
    md.source("the seed, section 2 (`RiskMatrix::seed()`): score = likelihood x impact; >= 20 critical, >= 15 high, >= 10 medium, >= 5 low, else minimal. ISO/IEC 27001:2022 6.1.2 asks for a defined method; ISO/IEC 27005 gives matrices as examples.");
    let m = itsm_risk::RiskMatrix::seed();
    let mut headers = vec!["likelihood \\ impact".to_owned()];
    headers.extend(
        m.impact_labels()
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{} {l}", i + 1)),
    );
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = m
        .likelihood_labels()
        .iter()
        .enumerate()
        .map(|(li, label)| {
            let mut row = vec![format!("{} {label}", li + 1)];
            for ii in 0..m.impact_labels().len() {
                let cell = u8::try_from(li + 1)
                    .ok()
                    .zip(u8::try_from(ii + 1).ok())
                    .and_then(|(l, i)| Likelihood::new(l).ok().zip(Impact::new(i).ok()))
                    .and_then(|(l, i)| m.assess(l, i).ok())
                    .map(|a| format!("{} ({:?})", a.score, a.level))
                    .unwrap_or_default();
                row.push(cell);
            }
            row
        })
        .collect();
    md.table(&header_refs, &rows);
    md.h3("Required actions and treatment deadlines");
    md.source("the seed, section 2; months are calendar months from the assessment date. Shown for an assessment on 31 January 2026.");
    let assessed = Utc
        .with_ymd_and_hms(2026, 1, 31, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let actions = variants::<itsm_risk::assessment::RequiredAction>();
    let rows: Vec<Vec<String>> = RiskLevel::ALL
        .iter()
        .map(|level| {
            let deadline = match level.deadline(assessed) {
                Ok(Deadline::By(at)) => format!("by {}", at.format("%Y-%m-%d")),
                Ok(Deadline::PeriodicReview) => "periodic review".into(),
                Ok(Deadline::AcceptAndMonitor) => "accept and monitor".into(),
                Err(e) => e.to_string(),
            };
            let acts: Vec<String> = level
                .required_actions()
                .iter()
                .map(|a| {
                    let key = json(a).as_str().unwrap_or_default().to_owned();
                    actions
                        .iter()
                        .find(|(n, _)| *n == key)
                        .map_or(key, |(_, d)| d.clone())
                })
                .collect();
            vec![format!("{level:?}"), deadline, acts.join("; ")]
        })
        .collect();
    md.table(&["level", "treatment due", "required actions"], &rows);
}

fn nist(md: &mut Md) {
    use itsm_nist::incident::{Phase, ResponseTargets};
    use itsm_nist::profile::Tier;
    md.h2("NIST (`itsm-nist`)");
    md.h3("Implementation Tiers");
    md.source("NIST CSF 2.0 section 3 (Tiers); the seed's `overall_maturity` is the Tier.");
    let rows: Vec<Vec<String>> = (1u8..=4)
        .filter_map(|n| {
            Tier::try_from(n)
                .ok()
                .map(|t| vec![n.to_string(), t.to_string()])
        })
        .collect();
    md.table(&["tier", "name"], &rows);
    md.h3("Incident response targets");
    md.source("the seed's words made numbers: High \"immediate\" = 15 minutes, Medium \"within hours\" = 4 hours, Low \"1-2 days\" = 2 days (the upper bound); no containment or recovery targets unless set.");
    let t = ResponseTargets::seed();
    let rows: Vec<Vec<String>> = fields(&t)
        .into_iter()
        .map(|mut r| {
            if let Some(value) = r.get_mut(1)
                && let Ok(secs) = value.parse::<i64>()
            {
                *value = format!("{secs} ({})", duration_words(secs));
            }
            r
        })
        .collect();
    md.table(&["field", "value (seconds)", "meaning"], &rows);
    md.h3("Incident lifecycle");
    md.source("NIST SP 800-61 Rev. 2's four phases, as the seed describes them (Rev. 2 was withdrawn in April 2025); each mapped to the CSF 2.0 functions that SP 800-61 Rev. 3 organises response by.");
    let rows: Vec<Vec<String>> = Phase::LIFECYCLE
        .iter()
        .map(|p| {
            vec![
                p.to_string(),
                p.csf_2_0_functions().join(", "),
                p.checklist().len().to_string(),
            ]
        })
        .collect();
    md.table(
        &["phase", "CSF 2.0 functions (Rev. 3)", "checklist items"],
        &rows,
    );
}

fn itil(md: &mut Md) {
    use itsm_itil::incident::{Impact, PriorityMatrix, Urgency};
    md.h2("ITIL 4 (`itsm-itil`)");
    md.h3("Priority matrix");
    md.source("this library's default (ITIL 4 leaves the matrix to the organisation): impact x urgency, 1 highest.");
    let m = PriorityMatrix::default();
    let rows: Vec<Vec<String>> = (1u8..=3)
        .map(|i| {
            let mut row = vec![format!("impact {i}")];
            for u in 1u8..=3 {
                let p = Impact::new(i)
                    .ok()
                    .zip(Urgency::new(u).ok())
                    .and_then(|(i, u)| m.priority(i, u).ok())
                    .map(|p| format!("P{}", p.get()))
                    .unwrap_or_default();
                row.push(p);
            }
            row
        })
        .collect();
    md.table(&["", "urgency 1", "urgency 2", "urgency 3"], &rows);
    md.h3("SLA targets");
    md.source("this library's defaults (the seed sets none); business-time targets run on the host's calendar (`BusinessCalendar::office_hours`: Monday to Friday, 09:00-12:00 and 13:00-17:00).");
    match itsm_itil::calendar::BusinessCalendar::office_hours("UTC") {
        Ok(cal) => {
            let p = itsm_itil::sla::SlaPolicy::with_defaults(cal);
            let rows: Vec<Vec<String>> = p
                .targets
                .iter()
                .map(|(prio, t)| {
                    vec![
                        format!("P{prio}"),
                        duration_words(t.response_seconds),
                        duration_words(t.resolution_seconds),
                        show(&json(&t.basis)),
                    ]
                })
                .collect();
            md.table(&["priority", "response", "resolution", "clock"], &rows);
            let pausing: Vec<String> = p.pausing_states.iter().map(|s| show(&json(s))).collect();
            md.para(&format!(
                "The resolution clock pauses in {}; a reopen {}; warnings at {}% of the target used.",
                pausing.join(", "),
                show(&json(&p.reopen)),
                p.warning_thresholds.iter().map(ToString::to_string).collect::<Vec<_>>().join("%, ")
            ));
        }
        Err(e) => md.para(&format!("(the default calendar does not build: {e})")),
    }
    md.h3("KPI definitions");
    md.source("the seed's `ITIL_KPIS`, which names them without formulas; each formula and its edge cases (canceled and reopened tickets, paused time, empty periods) are written in `itsm-itil`'s `kpi` module documentation.");
    for (name, schema) in [
        ("incident", schema_for!(itsm_itil::kpi::IncidentKpis)),
        ("problem", schema_for!(itsm_itil::kpi::ProblemKpis)),
        ("change", schema_for!(itsm_itil::kpi::ChangeKpis)),
        ("service request", schema_for!(itsm_itil::kpi::RequestKpis)),
    ] {
        let rows: Vec<Vec<String>> = schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| {
                p.iter()
                    .map(|(k, v)| {
                        vec![
                            name.to_owned(),
                            format!("`{k}`"),
                            v.get("description")
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                                .to_owned(),
                        ]
                    })
                    .collect()
            })
            .unwrap_or_default();
        md.table(&["practice", "KPI", "definition"], &rows);
    }
}

fn gdpr(md: &mut Md) {
    use itsm_core::Classification;
    use itsm_gdpr::{classification, retention};
    md.h2("GDPR (`itsm-gdpr`)");
    md.h3("Classification handling");
    md.source("the seed, section 5; the deletion method for secret data is cryptographic erase (NIST SP 800-88 Rev. 1 purge) rather than the seed's multi-pass shredding, which stays available.");
    let rows: Vec<Vec<String>> = Classification::ALL
        .iter()
        .map(|c| {
            let h = classification::handling(*c);
            vec![
                c.to_string(),
                h.encryption_at_rest.to_string(),
                h.access_control.to_string(),
                show(&json(&h.widest_recipient)),
                show(&json(&h.deletion)),
            ]
        })
        .collect();
    md.table(
        &[
            "classification",
            "encrypt at rest",
            "access control",
            "widest recipient",
            "deletion",
        ],
        &rows,
    );
    md.h3("Retention schedule");
    md.source("the seed, section 5 (incident tickets 5 years, user activity logs 1 year, backups 30 days, audit logs 7 years, personal data as needed); GDPR Art. 5(1)(e).");
    let rows: Vec<Vec<String>> = retention::RetentionSchedule::seed()
        .rules
        .iter()
        .map(|r| {
            vec![
                show(&json(&r.kind)),
                show(&json(&r.period)),
                show(&json(&r.method)),
            ]
        })
        .collect();
    md.table(&["record kind", "period", "deletion"], &rows);
    gdpr_duties(md);
}

fn gdpr_duties(md: &mut Md) {
    use itsm_gdpr::{breach, dpia, dsr, ropa};
    md.h3("Data-subject request deadlines");
    md.source("GDPR Art. 12(3): one month, extendable by two further months; counted per Regulation (EEC, Euratom) No 1182/71 as the EDPB applies it. The seed's 30 days is a preset.");
    let received = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap_or_default();
    let cal = dsr::HolidayCalendar::default();
    let rows: Vec<Vec<String>> = variants::<dsr::DeadlineRule>()
        .into_iter()
        .filter_map(|(name, description)| {
            let rule: dsr::DeadlineRule =
                serde_json::from_value(Value::String(name.clone())).ok()?;
            Some(vec![
                format!("`{name}`"),
                description,
                rule.due(received, false, &cal).to_string(),
                rule.due(received, true, &cal).to_string(),
            ])
        })
        .collect();
    md.table(
        &[
            "rule",
            "meaning",
            "due, received 2026-01-31",
            "due if extended",
        ],
        &rows,
    );
    let rights: Vec<String> = dsr::Right::ALL
        .iter()
        .map(|r| format!("Art. {}", r.article()))
        .collect();
    md.para(&format!("Rights handled: {}.", rights.join(", ")));
    md.h3("Breach notification");
    md.source("GDPR Art. 33(1) (72 hours from awareness), Art. 33(3) (content, in phases), Art. 34 (telling data subjects), Art. 33(5) (every breach documented).");
    let aware = Utc
        .with_ymd_and_hms(2026, 12, 3, 14, 0, 0)
        .single()
        .unwrap_or_default();
    let clock = breach::Breach::new("x", aware, "x")
        .map_or_else(|_| Duration::zero(), |b| b.notification_deadline() - aware);
    md.para(&format!(
        "The authority must be notified within {} hours of awareness, unless the breach is unlikely to result in a risk (the reasoning is kept); a later notification must carry its reasons.",
        clock.num_hours()
    ));
    md.h3("DPIA screening");
    md.source("the nine criteria of the WP248 rev.01 guidelines (endorsed by the EDPB): two or more mean a DPIA in most cases, and one can suffice; the Art. 35(3) cases always require one.");
    let rows: Vec<Vec<String>> = variants::<dpia::Criterion>()
        .into_iter()
        .map(|(n, d)| vec![format!("`{n}`"), d])
        .collect();
    md.table(&["criterion", "meaning"], &rows);
    let rows: Vec<Vec<String>> = variants::<dpia::Art35_3>()
        .into_iter()
        .map(|(n, d)| vec![format!("`{n}`"), d])
        .collect();
    md.table(&["Art. 35(3) case", "meaning"], &rows);
    let one = dpia::screen(&[dpia::Criterion::LargeScale], &[]);
    let two = dpia::screen(
        &[dpia::Criterion::LargeScale, dpia::Criterion::SensitiveData],
        &[],
    );
    md.para(&format!(
        "One criterion gives {}; two give {}.",
        show(&json(&one)),
        show(&json(&two))
    ));
    md.h3("Security of processing");
    md.source(&format!(
        "GDPR Art. 32(1)(a)-(d); {}.",
        ropa::SEED_MEASURES_DEVIATION
    ));
    let rows: Vec<Vec<String>> = ropa::Art32Measure::ALL
        .iter()
        .map(|m| vec![show(&json(m)), m.capabilities().join(", ")])
        .collect();
    md.table(&["measure", "library capabilities"], &rows);
}

fn audit(md: &mut Md) {
    md.h2("Audit (`itsm-audit`)");
    md.h3("Suspicious-activity rules");
    md.source("the seed, section 6 (failed logins, access denials, privilege changes, off-hours administration, mass export); the numbers are this library's defaults.");
    md.table(
        &["field", "value", "meaning"],
        &fields(&itsm_audit::report::Rules::default()),
    );
    md.h3("Anomaly detection");
    md.source("this library's defaults (the seed says \"ML-based\" without a method); sigma = max(sample standard deviation, sqrt(mean), 1).");
    md.table(
        &["field", "value", "meaning"],
        &fields(&itsm_audit::anomaly::AnomalyConfig::default().fields()),
    );
}

fn dr(md: &mut Md) {
    use itsm_dr::drill::{Cadence, ChecklistItem, Objective};
    use itsm_dr::model::{Tier, TierTable};
    md.h2("Disaster recovery (`itsm-dr`)");
    md.h3("RTO and RPO tiers");
    md.source("the seed, section 7. RTO, RPO and MTD are NIST SP 800-34 Rev. 1's terms.");
    let t = TierTable::default();
    let rows: Vec<Vec<String>> = [Tier::Critical, Tier::Important, Tier::Standard]
        .iter()
        .map(|tier| {
            let o = t.get(*tier);
            vec![show(&json(tier)), o.rto.to_string(), o.rpo.to_string()]
        })
        .collect();
    md.table(&["tier", "RTO", "RPO"], &rows);
    md.h3("Backup strategy");
    md.source("the seed, section 7 (`DrPlan::seed()`).");
    let rows: Vec<Vec<String>> = itsm_dr::plan::DrPlan::seed()
        .mechanisms
        .iter()
        .map(|m| vec![format!("`{}`", m.id), show(&json(&m.protection))])
        .collect();
    md.table(&["mechanism", "protection"], &rows);
    md.h3("DR drills");
    md.source("the seed, section 7 (quarterly drills, four objectives, six checklist items); pass or fail is computed from measurements, never typed in.");
    md.para(&format!("Cadence: {}.", show(&json(&Cadence::default()))));
    let objectives: Vec<(String, String)> = variants::<Objective>();
    let rows: Vec<Vec<String>> = Objective::SEED
        .iter()
        .map(|o| {
            let key = json(o).as_str().unwrap_or_default().to_owned();
            let d = objectives
                .iter()
                .find(|(n, _)| *n == key)
                .map(|(_, d)| d.clone())
                .unwrap_or_default();
            vec![format!("`{key}`"), d]
        })
        .collect();
    md.table(&["objective", "meaning"], &rows);
    let rows: Vec<Vec<String>> = variants::<ChecklistItem>()
        .into_iter()
        .map(|(n, d)| vec![format!("`{n}`"), d])
        .collect();
    md.table(&["checklist item", "meaning"], &rows);
}

fn posture(md: &mut Md) {
    use crate::posture::{PostureRules, RULES};
    md.h2("Compliance posture (`itsm`)");
    md.source("the seed's closing checklist, computed instead of ticked; thresholds are this library's. Rules are checked in the order not assessed, not met, partial; an area none of them hits is met.");
    let rows: Vec<Vec<String>> = RULES
        .iter()
        .map(|r| vec![r.area.to_string(), r.status.to_string(), r.when.to_owned()])
        .collect();
    md.table(&["area", "status", "when"], &rows);
    md.table(
        &["threshold", "value", "meaning"],
        &fields(&PostureRules::default()),
    );
}

/// One place the seed departs from the standard it cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Deviation {
    /// What it is about.
    pub topic: &'static str,
    /// What the seed says.
    pub seed: &'static str,
    /// What the standard says.
    pub standard: &'static str,
    /// What the library does.
    pub library: &'static str,
    /// The test that shows it: a file of the repository and a test function.
    pub test: (&'static str, &'static str),
}

/// Every deviation, by crate.
pub const DEVIATIONS: &[Deviation] = &[
    Deviation {
        topic: "password composition and expiry",
        seed: "upper, lower, digit and special character; expiry after 90 days",
        standard: "NIST SP 800-63B 3.1.1.2: no composition rules, no periodic expiry, at least 15 characters when the password is the only factor; ASVS 5.0 V6 agrees",
        library: "the seed's rules are `PasswordPolicy::default()`; `PasswordPolicy::nist_800_63b()` follows NIST",
        test: (
            "crates/itsm-auth/src/password.rs",
            "presets_are_valid_and_hold_the_documented_numbers",
        ),
    },
    Deviation {
        topic: "password length limit",
        seed: "`bcrypt.hashpw` of the password, which compares only its first 72 bytes",
        standard: "NIST SP 800-63B 3.1.1.2: verifiers accept at least 64 characters and do not truncate",
        library: "HMAC-SHA-256 pre-hash under a pepper before bcrypt: every byte counts",
        test: (
            "crates/itsm-auth/src/password_hash.rs",
            "no_truncation_at_71_72_73_bytes_or_beyond",
        ),
    },
    Deviation {
        topic: "TOTP window",
        seed: "one step on each side",
        standard: "RFC 6238 section 5.2 recommends at most one step backward; ASVS 5.0 prefers the current step only",
        library: "the seed's window is the default; both stricter windows are presets",
        test: (
            "crates/itsm-auth/src/totp.rs",
            "window_edges_for_each_preset",
        ),
    },
    Deviation {
        topic: "TOTP replay",
        seed: "a code is accepted again within its window",
        standard: "RFC 6238 section 5.2: the verifier must not accept a code twice",
        library: "every accepted step is remembered and a code at or below it is refused",
        test: (
            "crates/itsm-auth/src/totp.rs",
            "replay_of_the_same_or_an_older_step_is_refused",
        ),
    },
    Deviation {
        topic: "backup codes",
        seed: "6 base32 characters (30 bits), kept in clear",
        standard: "NIST SP 800-63B 5.1.2: look-up secrets of at least 20 bits, stored hashed",
        library: "10 Crockford base32 symbols (50 bits) stored as HMAC-SHA-256 digests, redeemed atomically",
        test: (
            "crates/itsm-auth/src/backup_codes.rs",
            "codes_have_50_bits_and_the_canonical_shape",
        ),
    },
    Deviation {
        topic: "email in tokens",
        seed: "every token carries the email address",
        standard: "GDPR Art. 5(1)(c), data minimisation",
        library: "`email` is optional and left out unless a service needs it",
        test: ("crates/itsm-auth/src/jwt.rs", "missing_claims_are_named"),
    },
    Deviation {
        topic: "reset tokens",
        seed: "reset tokens hashed with bcrypt",
        standard: "NIST SP 800-63B: secrets of sufficient entropy; a fast hash suffices for 256-bit random tokens",
        library: "256-bit tokens stored as SHA-256, single use, 30-minute lifetime",
        test: (
            "crates/itsm-auth/src/reset.rs",
            "tokens_are_256_bit_base64url_and_stored_only_as_digests",
        ),
    },
    Deviation {
        topic: "ISO control table",
        seed: "13 rows A.5 to A.17 with 2013-era names, each from the second on one clause off even for 2013",
        standard: "ISO/IEC 27001:2022 Annex A: four themes, A.5 to A.8, 93 controls",
        library: "the seed's rows kept as data and mapped to the 2022 controls; the catalog carries the 2022 ids",
        test: (
            "crates/itsm-risk/src/seed_table.rs",
            "thirteen_rows_a5_to_a17_each_one_off_from_2013",
        ),
    },
    Deviation {
        topic: "\"17 control categories\"",
        seed: "the checklist claims 17 ISO 27001 control categories implemented",
        standard: "ISO/IEC 27001:2022 Annex A has 4 themes and 93 controls",
        library: "the catalog has the 93 controls in 4 themes; compliance is computed per area, never ticked",
        test: (
            "crates/itsm-risk/src/catalog.rs",
            "annex_a_counts_and_exact_ids",
        ),
    },
    Deviation {
        topic: "audit logging citation",
        seed: "ISO 27001 A.12.4.1",
        standard: "ISO/IEC 27001:2022: A.8.15 logging and A.8.17 clock synchronisation",
        library: "2013 ids are refused with a hint naming the 2022 control",
        test: ("crates/itsm-core/src/control_ref.rs", "iso_annex_a_edges"),
    },
    Deviation {
        topic: "risk owner decisions",
        seed: "the register stops at a level and a list of actions",
        standard: "ISO/IEC 27001:2022 6.1.3 f): the risk owners approve the treatment plan and accept the residual risk",
        library: "approval and acceptance recorded separately, each with who, when and the risk as it stood",
        test: (
            "crates/itsm-risk/tests/it/register.rs",
            "approval_and_acceptance_are_recorded_separately_with_the_risk_state",
        ),
    },
    Deviation {
        topic: "CSF identifiers that do not exist",
        seed: "RS.RP-2 and RC.RP-2",
        standard: "NIST CSF 1.1: RS.RP and RC.RP each have one subcategory",
        library: "the seed's entries kept with their deviation; the catalogs carry NIST's ids only",
        test: (
            "crates/itsm-nist/src/seed.rs",
            "the_documented_deviations_exactly",
        ),
    },
    Deviation {
        topic: "CSF meanings that are not NIST's",
        seed: "ID.GV-2, PR.DS-1, PR.PT-2, RS.CO-2, RS.AN-1, RS.AN-2, RC.RP-1, RC.IM-1 and RC.IM-2 described otherwise",
        standard: "NIST CSF 1.1's subcategory texts",
        library: "each entry states the difference",
        test: (
            "crates/itsm-nist/src/seed.rs",
            "the_documented_deviations_exactly",
        ),
    },
    Deviation {
        topic: "CSF version",
        seed: "CSF 1.1's five functions",
        standard: "NIST CSF 2.0 (2024): six functions with Govern, zero-padded ids",
        library: "both catalogs; 1.1 assessments carried into 2.0 by NIST's lineage",
        test: (
            "crates/itsm-nist/src/catalog.rs",
            "csf_2_0_counts_per_function_and_category",
        ),
    },
    Deviation {
        topic: "maturity",
        seed: "an `overall_maturity` score",
        standard: "NIST CSF Implementation Tiers 1 to 4",
        library: "the report's `overall_maturity` is the Tier",
        test: (
            "crates/itsm-nist/tests/it/assess.rs",
            "rollups_per_category_function_and_overall",
        ),
    },
    Deviation {
        topic: "incident response revision",
        seed: "NIST SP 800-61 Rev. 2's four phases",
        standard: "SP 800-61 Rev. 2 was withdrawn in April 2025; Rev. 3 organises response by the CSF 2.0 functions",
        library: "the four phases kept and each mapped to the CSF 2.0 functions of Rev. 3",
        test: (
            "crates/itsm-nist/tests/it/incidents.rs",
            "checklists_and_chain_of_custody",
        ),
    },
    Deviation {
        topic: "severity targets",
        seed: "High \"immediate\", Medium \"within hours\", Low \"1-2 days\"",
        standard: "SP 800-61 sets no numbers",
        library: "15 minutes, 4 hours and 2 days (the upper bound), configurable",
        test: (
            "crates/itsm-nist/tests/it/incidents.rs",
            "response_targets_at_their_boundaries",
        ),
    },
    Deviation {
        topic: "IT4IT value streams",
        seed: "\"Request to Fulfil\", \"Detect to Correct\" and the like as ITIL 4 value streams",
        standard: "ITIL 4's value streams are the organisation's own; these names are IT4IT's",
        library: "the seed's diagram kept as data with each item marked and corrected",
        test: (
            "crates/itsm-itil/src/reference.rs",
            "aliases_profiles_and_seed_corrections",
        ),
    },
    Deviation {
        topic: "ITIL practice groups",
        seed: "\"service value chain practices\", \"software engineering\", \"IT operations\"",
        standard: "ITIL 4: 34 practices in general (14), service (17) and technical (3) management",
        library: "the 34 practices in their three groups; change control is an alias of change enablement",
        test: ("crates/itsm-itil/src/reference.rs", "counts_and_groups"),
    },
    Deviation {
        topic: "request deadline",
        seed: "30 days",
        standard: "GDPR Art. 12(3): one month, extendable by two, counted per Regulation 1182/71",
        library: "calendar months moved off weekends and holidays; the seed's 30 days is a preset",
        test: (
            "crates/itsm-gdpr/tests/it/duties.rs",
            "deadlines_at_month_ends_weekends_holidays_and_extension",
        ),
    },
    Deviation {
        topic: "data-subject rights",
        seed: "five rights",
        standard: "GDPR Art. 15-22: eight, with Art. 19, 21 and 22",
        library: "all eight",
        test: (
            "crates/itsm-gdpr/tests/it/duties.rs",
            "request_lifecycle_extension_window_and_overdue",
        ),
    },
    Deviation {
        topic: "\"sensitive\" data",
        seed: "location and financial data called sensitive",
        standard: "GDPR Art. 9(1): a closed list of special categories without them",
        library: "the seed's categories and the Art. 9(1) special categories are separate types",
        test: (
            "crates/itsm-gdpr/tests/it/duties.rs",
            "retention_boundaries_and_legal_hold",
        ),
    },
    Deviation {
        topic: "shredding",
        seed: "multiple pass shredding for secret data",
        standard: "NIST SP 800-88 Rev. 1: one overwrite (clear) or cryptographic erase (purge) suffices for modern media",
        library: "cryptographic erase for secret data; multi-pass kept as a method",
        test: (
            "crates/itsm-gdpr/tests/it/duties.rs",
            "retention_boundaries_and_legal_hold",
        ),
    },
    Deviation {
        topic: "security of processing",
        seed: "adds training, omits resilience",
        standard: "GDPR Art. 32(1)(a)-(d): training is not listed; resilience is in (b)",
        library: "the four measures of Art. 32(1), each tied to library capabilities",
        test: (
            "crates/itsm-gdpr/tests/it/duties.rs",
            "every_art30_missing_field",
        ),
    },
    Deviation {
        topic: "RPO against backups",
        seed: "critical RPO 5 minutes and important 30 minutes, with database backups every 4 hours",
        standard: "NIST SP 800-34 Rev. 1: the RPO bounds the data loss; a 4-hourly backup can lose 4 hours",
        library: "the plan check finds both (48x and 8x)",
        test: (
            "crates/itsm-dr/tests/it/plan.rs",
            "the_seed_plan_has_exactly_the_expected_findings",
        ),
    },
    Deviation {
        topic: "runbooks against RTO",
        seed: "runbooks of up to 30 minutes, 4 hours and 6 hours for services with a 15-minute or 2-hour RTO",
        standard: "NIST SP 800-34 Rev. 1: recovery within the RTO",
        library: "each runbook's upper bound checked against every RTO it restores (2x to 24x)",
        test: (
            "crates/itsm-dr/tests/it/plan.rs",
            "the_seed_plan_has_exactly_the_expected_findings",
        ),
    },
    Deviation {
        topic: "estimate ranges",
        seed: "\"15-30 minutes\", \"2-4 hours\", \"2-6 hours\"",
        standard: "a plan is as good as its worst case",
        library: "the upper bound is checked",
        test: (
            "crates/itsm-dr/tests/it/spans.rs",
            "ranges_count_their_upper_bound",
        ),
    },
    Deviation {
        topic: "work recovery time",
        seed: "not mentioned",
        standard: "SP 800-34 defines MTD, RTO and RPO; WRT and RTO + WRT <= MTD come from DRI and CISSP practice",
        library: "both checks, each named for its source",
        test: (
            "crates/itsm-dr/tests/it/plan.rs",
            "bia_checks_hold_at_their_boundaries",
        ),
    },
    Deviation {
        topic: "anomaly detection",
        seed: "\"ML-based\"",
        standard: "ISO/IEC 27001:2022 A.8.16 asks for monitoring for anomalous behaviour, not a method",
        library: "a deterministic statistical baseline whose alerts explain themselves",
        test: (
            "crates/itsm-audit/tests/it/anomaly.rs",
            "a_spike_is_flagged_once_at_exactly_mean_plus_three_sigma",
        ),
    },
    Deviation {
        topic: "compliance checklist",
        seed: "eight boxes ticked in advance",
        standard: "each standard asks for evidence",
        library: "each area computed from the organisation's records; no input means not assessed",
        test: (
            "crates/itsm/tests/it/posture.rs",
            "no_input_is_not_assessed_never_met",
        ),
    },
];

/// The seed deviations page.
#[must_use]
pub fn seed_deviations() -> String {
    let mut md = Md(String::new());
    md.para("# Where the seed departs from the standards");
    md.para(
        "Every place the seed design (`shared/seed`) departs from the standard it cites, what the \
         library does instead, and the test that shows it. Generated by `cargo run --example \
         policy_reference`; the domain crates document each deviation where it lives, and this page \
         gathers them.",
    );
    md.h2("Summary");
    let rows: Vec<Vec<String>> = DEVIATIONS
        .iter()
        .map(|d| {
            vec![
                d.topic.to_owned(),
                d.seed.to_owned(),
                d.standard.to_owned(),
                d.library.to_owned(),
                format!("`{}` `{}`", d.test.0, d.test.1),
            ]
        })
        .collect();
    md.table(
        &["topic", "the seed", "the standard", "the library", "test"],
        &rows,
    );

    md.h2("The seed's ISO control table, row by row");
    md.source("`itsm-risk` `seed_table::rows()`.");
    let rows: Vec<Vec<String>> = itsm_risk::seed_table::rows()
        .iter()
        .map(|r| {
            let ids: Vec<&str> = r.controls_2022.iter().map(|c| c.as_str()).collect();
            vec![
                format!("{} {}", r.seed_id, r.seed_name),
                r.iso_2013_clauses.join(", "),
                ids.join(", "),
                r.deviation.clone(),
            ]
        })
        .collect();
    md.table(
        &[
            "seed row",
            "2013 clauses it describes",
            "2022 controls",
            "deviation",
        ],
        &rows,
    );

    md.h2("The seed's CSF entries that deviate");
    md.source("`itsm-nist` `seed::entries()`.");
    let rows: Vec<Vec<String>> = itsm_nist::seed::entries()
        .iter()
        .filter_map(|e| {
            e.deviation
                .as_ref()
                .map(|d| vec![format!("`{}`", e.id), e.seed_text.clone(), d.clone()])
        })
        .collect();
    md.table(&["seed id", "the seed's text", "deviation"], &rows);

    let mut out = md.0.trim_end().to_owned();
    let _ = writeln!(out);
    out
}

/// The files of `docs/schemas/`: one `<name>.json` per inbound model, and
/// a `README.md` index.
#[must_use]
pub fn schema_files() -> Vec<(String, String)> {
    let schemas = crate::schemas::inbound();
    let mut index = Md(String::new());
    index.para("# JSON Schemas");
    index.para(
        "One schema per model a host sends in or stores, generated from the Rust types by schemars \
         (`cargo run --example policy_reference`); a test fails when a file here differs from the \
         generated one. Each describes the checked form its type accepts.",
    );
    let rows: Vec<Vec<String>> = schemas
        .iter()
        .map(|s| {
            vec![
                format!("[`{0}.json`]({0}.json)", s.name),
                format!("`{}`", s.type_path),
                s.description.to_owned(),
            ]
        })
        .collect();
    index.table(&["schema", "type", "what"], &rows);
    let mut files: Vec<(String, String)> = schemas
        .iter()
        .map(|s| {
            let text = serde_json::to_string_pretty(&s.schema).unwrap_or_default();
            (format!("{}.json", s.name), text + "\n")
        })
        .collect();
    files.push(("README.md".into(), index.0.trim_end().to_owned() + "\n"));
    files
}
