//! Hostile input to every public parser and every check that reads
//! caller-supplied text or bytes: huge, empty, control characters, bidi
//! overrides, lookalike digits, invalid UTF-8 where bytes are taken, and
//! times at the ends of chrono's range. Each call must answer (accept or
//! refuse) without panicking; what it says about the input is bounded and
//! repeats no secret.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use itsm::audit::anomaly::{AnomalyConfig, AnomalyDetector};
use itsm::audit::event::{Action, AuditEvent, EventType, Outcome};
use itsm::audit::record::SealKey;
use itsm::audit::report::{Rules, WindowRule};
use itsm::audit::storage::{AuditLog, MemStorage};
use itsm::audit::verify::{Verifier, verify_lines, verify_reader};
use itsm::auth::backup_codes::BackupCode;
use itsm::auth::guard::csrf::CsrfTokens;
use itsm::auth::guard::headers::{CookiePolicy, SecurityHeaders};
use itsm::auth::guard::input::{DisplayName, Email, Identifier, TicketText, TicketTitle};
use itsm::auth::guard::pinning::SpkiHash;
use itsm::auth::guard::sanitize::escape_html;
use itsm::auth::guard::tls::CipherSuite;
use itsm::auth::jwt::{InMemoryRevocations, KeySet, Scope, TokenVerifier};
use itsm::auth::lockout::{LockStatus, LockoutPolicy, LockoutState};
use itsm::auth::password::PasswordContext;
use itsm::auth::password_hash::PasswordHash;
use itsm::auth::rbac::{Permission, RoleName, TeamId};
use itsm::auth::reset::{InMemoryResetTokens, ResetOutcome, ResetTokens};
use itsm::auth::session::{Session, SessionPolicy};
use itsm::auth::totp::{TotpConfig, TotpCredential, TotpMatch, TotpWindow};
use itsm::auth::{HmacKey, KeyId, PasswordHasher, PasswordPolicy};
use itsm::core::{
    Classification, ControlRef, Framework, ImplementationStatus, OrgId, SeededEntropy, UserId,
};
use itsm::dr::span::{Loss, Span, SpanRange};
use itsm::gdpr::anonymity::{age_band, truncate_postcode};
use itsm::gdpr::breach::Breach;
use itsm::gdpr::dsr::{DeadlineRule, HolidayCalendar};
use itsm::gdpr::encryption::{FieldCipher, FieldRef, InMemoryKeyStore, MasterKey};
use itsm::gdpr::masking::{mask_email, mask_ip, mask_name, mask_phone};
use itsm::gdpr::pseudonym::{PseudonymKey, Pseudonymiser};
use itsm::itil::calendar::BusinessCalendar;
use itsm::nist::catalog::{Csf2Id, Csf11Id};
use itsm::nist::incident::{IncidentRecord, ResponseTargets, Severity};
use itsm::risk::catalog::ControlId;

/// Longest message any error may print about an input, however long the
/// input (up to a megabyte here): errors quote excerpts of at most 64
/// characters, each escaped to at most 10 (`\u{10ffff}`, one more in
/// `Debug`), at most twice (an id and the format error that explains it),
/// plus their own fixed words; never the whole input.
const MAX_MESSAGE: usize = 2 * 64 * 11 + 400;

fn hostile() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        " ",
        "\0",
        "\u{0}\u{1}\u{7f}\u{9b}",
        "\r\n\t\u{b}\u{c}",
        "\u{202e}gnp.exe",
        "\u{200b}\u{feff}",
        "１２３４５６",
        "١٢٣٤٥٦",
        "A.5.1\0",
        "A.5.1 ",
        "GV.OC-01\n",
        "../../etc/passwd",
        "%00%ff",
        "{{}}",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "\u{10ffff}",
        "😀😀😀",
        "e\u{301}",
        "1e999",
        "-0",
        "NaN",
        "-9223372036854775809",
        "18446744073709551616",
        "a.b.c",
        "..",
        "eyJ.eyJ.",
        "v1..",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    v.push("a".repeat(1_000_000));
    v.push("é".repeat(300_000));
    v.push("9".repeat(400));
    v.push("\u{202e}".repeat(10_000));
    v.push(format!(
        "{}.{}.{}",
        "A".repeat(5000),
        "B".repeat(5000),
        "C".repeat(5000)
    ));
    v
}

fn bounded(what: &str, message: &str) {
    assert!(
        message.chars().count() <= MAX_MESSAGE,
        "{what}: a {}-character message",
        message.chars().count()
    );
}

fn check<T, E: std::fmt::Display + std::fmt::Debug>(what: &str, r: Result<T, E>) {
    if let Err(e) = r {
        bounded(what, &e.to_string());
        bounded(what, &format!("{e:?}"));
    }
}

fn t(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(s, 0).unwrap()
}

fn times() -> [DateTime<Utc>; 5] {
    [
        DateTime::<Utc>::MIN_UTC,
        t(-1),
        t(0),
        Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap(),
        DateTime::<Utc>::MAX_UTC,
    ]
}

#[test]
fn core_and_domain_identifiers() {
    for s in hostile() {
        check("ControlRef", s.parse::<ControlRef>());
        for f in Framework::ALL {
            check("ControlRef::new", ControlRef::new(f, &s));
        }
        check("Framework", s.parse::<Framework>());
        check("ImplementationStatus", s.parse::<ImplementationStatus>());
        check("Classification", s.parse::<Classification>());
        check("UserId", s.parse::<UserId>());
        check("OrgId", s.parse::<OrgId>());
        check("ControlId", s.parse::<ControlId>());
        check("Csf2Id", s.parse::<Csf2Id>());
        check("Csf11Id", s.parse::<Csf11Id>());
        check("Span", s.parse::<Span>());
        check("Loss", s.parse::<Loss>());
        check("SpanRange", s.parse::<SpanRange>());
        check("BusinessCalendar", BusinessCalendar::office_hours(&s));
        check(
            "IncidentRecord",
            IncidentRecord::new(s.clone(), Severity::High, t(0)),
        );
    }
}

#[test]
fn auth_text_parsers_and_checks() {
    let policy = PasswordPolicy::default();
    let nist = PasswordPolicy::nist_800_63b();
    for s in hostile() {
        check("Permission", s.parse::<Permission>());
        check("RoleName", s.parse::<RoleName>());
        check("TeamId", s.parse::<TeamId>());
        check("KeyId", KeyId::new(s.clone()));
        check("CipherSuite", CipherSuite::new(s.clone()));
        check("SpkiHash", s.parse::<SpkiHash>());
        check("PasswordHash", s.parse::<PasswordHash>());
        check("TicketTitle", TicketTitle::new(&s));
        check("TicketText", TicketText::new(&s));
        check("Identifier", Identifier::new(&s));
        check("Email", Email::new(&s));
        check("DisplayName", DisplayName::new(&s));
        let ctx = PasswordContext::new()
            .with_user_name(&s)
            .with_email(&s)
            .with_display_name(&s);
        for p in [&policy, &nist] {
            for v in p.validate(&s, &ctx) {
                bounded("PasswordViolation", &v.to_string());
            }
        }
        // A backup code's error quotes its length only.
        if let Err(e) = s.parse::<BackupCode>() {
            let shown = format!("{e} {e:?}");
            assert!(s.len() < 4 || !shown.contains(&s), "{shown}");
        }
        let escaped = escape_html(&s);
        assert!(!escaped.contains('<') && !escaped.contains('"'));
        let _ = CookiePolicy::default().check(&s);
        let _ = SecurityHeaders::default().check(&[(s.as_str(), s.as_str())]);
        check(
            "from_provisioning_uri",
            TotpCredential::from_provisioning_uri(&s, TotpWindow::SEED),
        );
        check(
            "from_base32",
            TotpCredential::from_base32(&TotpConfig::default(), "a", &s),
        );
    }
}

#[test]
fn tokens_codes_and_secrets_from_anywhere() {
    let e = SeededEntropy::new(11);
    let key = HmacKey::generate(KeyId::new("k1").unwrap(), &e).unwrap();
    let verifier = TokenVerifier::new(KeySet::new(key.clone()), "itsm-system");
    let revocations = InMemoryRevocations::default();
    let csrf = CsrfTokens::new(key.clone());
    let resets = InMemoryResetTokens::default();
    let config = TotpConfig::default();
    let totp = TotpCredential::generate(&config, "jdoe", &e).unwrap();
    let hasher = PasswordHasher::new(key.clone(), 12)
        .unwrap()
        .with_insecure_test_cost(4);
    let stored = hasher.hash("Glacier-Orbit-71!", &e).unwrap();
    for s in hostile() {
        for now in times() {
            for scope in [Scope::Access, Scope::Refresh] {
                let r = verifier.verify(&s, scope, now, &revocations);
                assert!(r.is_err());
                check("verify", r);
            }
            let _ = csrf.verify(&s, "session-1", now);
            let _ = csrf.verify("x", &s, now);
            assert_eq!(
                ResetTokens::redeem(&s, now, &resets).unwrap(),
                ResetOutcome::Invalid
            );
        }
        check("verify_signature", verifier.verify_signature(&s));
        for unix in [0, 1, u64::MAX] {
            let m = totp.check(&config, &s, unix, Some(u64::MAX));
            assert!(matches!(
                m,
                TotpMatch::Malformed | TotpMatch::NoMatch | TotpMatch::Replayed
            ));
        }
        if s.len() <= 10_000 {
            // bcrypt work per input: keep to the short ones.
            assert!(!hasher.verify(&s, &stored).unwrap());
        }
    }
}

#[test]
fn bytes_where_bytes_are_taken() {
    let blobs: Vec<Vec<u8>> = vec![
        vec![],
        vec![0xff; 16],
        vec![0xc3],
        b"\xed\xa0\x80".to_vec(),
        vec![0; 31],
        vec![0; 32],
        vec![0x80; 10_000],
        (0..=255).collect(),
    ];
    for b in &blobs {
        check("HmacKey", HmacKey::new(KeyId::new("k").unwrap(), b.clone()));
        check("SealKey", SealKey::new("k", b));
        check("MasterKey", MasterKey::new("mk", b));
        check("PseudonymKey", PseudonymKey::new("pk", b));
        check(
            "from_secret",
            TotpCredential::from_secret(&TotpConfig::default(), "a", b),
        );
        check(
            "ed25519_from_seed",
            itsm::audit::checkpoint::CheckpointSigner::ed25519_from_seed("k", b),
        );
        check(
            "ed25519_from_pkcs8",
            itsm::audit::checkpoint::CheckpointSigner::ed25519_from_pkcs8("k", b),
        );
        // The trail reader: any bytes open as an empty trail or are refused.
        match AuditLog::open(MemStorage::from_bytes(b.clone()), None) {
            Ok((log, _)) => assert!(log.is_empty()),
            Err(e) => bounded("AuditLog::open", &e.to_string()),
        }
        check(
            "verify_reader",
            verify_reader(&b[..], Verifier::new(None), None),
        );
    }
}

#[test]
fn audit_trails_and_ciphertexts_from_anywhere() {
    let e = SeededEntropy::new(5);
    let cipher = FieldCipher::new(MasterKey::generate("mk-1", &e).unwrap());
    let store = InMemoryKeyStore::default();
    let user = UserId::generate(&e).unwrap();
    let pseudonyms = Pseudonymiser::new(PseudonymKey::generate("pk-1", &e).unwrap());
    for s in hostile() {
        let r = verify_lines([s.as_str()], None);
        assert!(r.is_err());
        check("verify_lines", r);
        let mut v = Verifier::new(None);
        check("push", v.push(&s));
        check("push_record", Verifier::new(None).push_record(&s));
        let mut bytes = s.clone().into_bytes();
        bytes.push(b'\n');
        check(
            "AuditLog::open",
            AuditLog::open(MemStorage::from_bytes(bytes), None),
        );
        for f in [
            FieldRef::new(user, &s, "notes"),
            FieldRef::new(user, "INC1", &s),
        ] {
            let r = cipher.decrypt(&store, &f, &s);
            assert!(r.is_err());
            check("decrypt", r);
        }
        assert!(!pseudonyms.matches(&s, &s));
        let p = pseudonyms.pseudonymise(&s);
        assert!(
            p.len() < 200,
            "a pseudonym's length does not follow its input"
        );
        for m in [mask_email(&s), mask_phone(&s), mask_name(&s), mask_ip(&s)] {
            assert!(m.chars().count() <= s.chars().count().max(16));
        }
        let _ = truncate_postcode(&s, usize::MAX);
        let _ = age_band(u32::MAX, 0);
        check("Breach::new", Breach::new(s.clone(), t(0), s.clone()));
    }
}

/// Dates and spans at the ends of chrono's range, in documents a host
/// reads back from storage: answered, never a panic.
#[test]
fn times_at_the_ends_of_the_range() {
    for now in times() {
        for at in times() {
            // A lock, a session and a breach recorded at one end, checked at the other.
            let policy = LockoutPolicy::default();
            let mut lock = LockoutState::default();
            for _ in 0..6 {
                let _ = lock.register_failure(&policy, at);
            }
            let _ = lock.status(&policy, now);
            // Locked when checked where it was locked, unless the lock ends
            // at the end of time, which no clock can be before.
            assert!(
                matches!(lock.status(&policy, at), LockStatus::Locked { .. })
                    || at == DateTime::<Utc>::MAX_UTC
            );
            let session = Session::new(at);
            let _ = SessionPolicy::default().check(&session, now);
            let breach = Breach::new("BR-1", at, "lost laptop").unwrap();
            assert!(breach.notification_deadline() >= at);
            let _ = breach.is_overdue(now);
            let inc = IncidentRecord::new("SEC-1", Severity::High, at).unwrap();
            let huge = ResponseTargets {
                high_respond_seconds: i64::MAX,
                contain_seconds: Some(i64::MAX),
                recover_seconds: Some(i64::MAX),
                ..ResponseTargets::seed()
            };
            assert_eq!(huge.respond_within(Severity::High), chrono::TimeDelta::MAX);
            let _ = huge.missed(&inc, now);
            let mut detector = AnomalyDetector::new(AnomalyConfig::default());
            let ev = AuditEvent::new(
                at,
                "api",
                EventType::Access,
                Action::View,
                Outcome::Success,
                "x",
            );
            let _ = detector.observe(&ev);
            let _ = detector.prune(now);
            let rules = Rules {
                failed_logins: WindowRule {
                    threshold: 1,
                    window_minutes: i64::MAX,
                },
                access_denials: WindowRule {
                    threshold: 0,
                    window_minutes: i64::MIN,
                },
                ..Rules::default()
            };
            let mut report = itsm::audit::report::Report::new(at, now, rules);
            report.add(&ev);
            report.add(&ev);
        }
    }
    for day in [NaiveDate::MIN, NaiveDate::MAX] {
        for rule in [DeadlineRule::Regulation, DeadlineRule::SeedThirtyDays] {
            for extended in [false, true] {
                assert!(rule.due(day, extended, &HolidayCalendar::default()) >= day);
            }
        }
    }
}
