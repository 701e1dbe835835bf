//! Properties over generated inputs: every parser refuses what it must
//! without panicking, no message repeats a secret, accepted values
//! round-trip through JSON, and the state machines keep their invariants
//! under random event sequences.

use chrono::{DateTime, Duration, TimeZone, Utc};
use itsm_auth::guard::csrf::{CsrfDecision, CsrfTokens};
use itsm_auth::guard::headers::{CookiePolicy, SecurityHeaders};
use itsm_auth::guard::input::{DisplayName, Email, Identifier, TicketText, TicketTitle};
use itsm_auth::guard::pinning::SpkiHash;
use itsm_auth::guard::rate_limit::{Quota, RateDecision};
use itsm_auth::guard::tls::CipherSuite;
use itsm_auth::jwt::{KeySet, NoRevocation, Scope, TokenVerifier};
use itsm_auth::lockout::{LockStatus, LockoutPolicy, LockoutState};
use itsm_auth::rbac::{Permission, RoleName, TeamId};
use itsm_auth::totp::{TotpConfig, TotpCredential, TotpMatch};
use itsm_auth::{HmacKey, KeyId, PasswordContext, PasswordPolicy};
use proptest::prelude::*;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap()
}

fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,80}",
        "[\\x00-\\x1f\\x7f]{1,20}",
        Just(String::new()),
        Just("a".repeat(100_000)),
        Just("\u{202e}\u{0}\u{feff}".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn password_messages_never_repeat_the_password(p in "[A-Za-z0-9!@#]{6,40}") {
        for policy in [PasswordPolicy::default(), PasswordPolicy::nist_800_63b()] {
            for v in policy.validate(&p, &PasswordContext::new().with_user_name("jdoe")) {
                prop_assert!(!v.to_string().contains(&p), "{} in {}", p, v);
            }
        }
    }

    #[test]
    fn validation_and_parsers_are_total(s in hostile()) {
        let _ = PasswordPolicy::default().validate(&s, &PasswordContext::new().with_email(&s).with_user_name(&s));
        for parsed in [
            s.parse::<Permission>().map(|p| serde_json::to_string(&p).unwrap()),
            s.parse::<RoleName>().map(|p| serde_json::to_string(&p).unwrap()),
            s.parse::<TeamId>().map(|p| serde_json::to_string(&p).unwrap()),
            KeyId::new(s.clone()).map(|k| serde_json::to_string(k.as_str()).unwrap()),
            CipherSuite::new(s.clone()).map(|c| serde_json::to_string(&c).unwrap()),
            s.parse::<SpkiHash>().map(|h| serde_json::to_string(&h).unwrap()),
        ]
        .into_iter()
        .flatten()
        {
            // Whatever parses serialises back to the same text.
            prop_assert_eq!(parsed, serde_json::to_string(&s).unwrap());
        }
        for text in [
            TicketTitle::new(&s).map(String::from),
            TicketText::new(&s).map(String::from),
            Identifier::new(&s).map(String::from),
            Email::new(&s).map(String::from),
            DisplayName::new(&s).map(String::from),
        ]
        .into_iter()
        .flatten()
        {
            prop_assert!(text.chars().count() <= 20_000);
        }
        let _ = CookiePolicy::default().check(&s);
        let _ = SecurityHeaders::default().check(&[("Strict-Transport-Security", s.as_str()), (s.as_str(), s.as_str())]);
    }

    #[test]
    fn tokens_from_anywhere_are_refused_without_panicking(s in hostile()) {
        let key = HmacKey::new(KeyId::new("k").unwrap(), vec![1; 32]).unwrap();
        let v = TokenVerifier::new(KeySet::new(key.clone()), "itsm-system");
        prop_assert!(v.verify(&s, Scope::Access, t0(), &NoRevocation).is_err());
        let csrf = CsrfTokens::new(key).verify(&s, "session", t0());
        prop_assert!(matches!(csrf, CsrfDecision::Invalid { .. }), "{:?}", csrf);
    }

    #[test]
    fn totp_codes_of_any_shape(code in hostile(), t in any::<u64>(), last in proptest::option::of(any::<u64>())) {
        let c = TotpConfig::default();
        let cred = TotpCredential::from_secret(&c, "user", b"12345678901234567890").unwrap();
        let m = cred.check(&c, &code, t, last);
        let well_formed = code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit());
        prop_assert_eq!(m == TotpMatch::Malformed, !well_formed);
    }

    /// Random failures, successes and waits: a lock only ever follows
    /// `max_failures` consecutive failures, lasts exactly its length, and the
    /// state round-trips through JSON at every step.
    #[test]
    fn lockout_keeps_its_invariants(events in prop::collection::vec((0u8..3, 0i64..1200), 1..60), max in 1u32..8) {
        let policy = LockoutPolicy::new(max, 15).unwrap();
        let mut state = LockoutState::default();
        let mut now = t0();
        let mut streak = 0u32;
        let mut locked_until: Option<DateTime<Utc>> = None;
        for (kind, wait) in events {
            now += Duration::seconds(wait);
            if locked_until.is_some_and(|u| now >= u) {
                locked_until = None;
                streak = 0;
            }
            match kind {
                0 => {
                    let status = state.register_failure(&policy, now);
                    if locked_until.is_none() {
                        streak += 1;
                        if streak >= max {
                            locked_until = Some(now + Duration::minutes(15));
                        }
                    }
                    prop_assert_eq!(matches!(status, LockStatus::Locked { .. }), locked_until.is_some());
                }
                1 if locked_until.is_none() => {
                    state.register_success();
                    streak = 0;
                }
                _ => {}
            }
            prop_assert_eq!(state.is_locked(&policy, now), locked_until.is_some_and(|u| now < u));
            let back: LockoutState = serde_json::from_str(&serde_json::to_string(&state).unwrap()).unwrap();
            prop_assert_eq!(back, state);
        }
    }

    /// GCRA's promise: in any interval of length d, at most burst + d / T
    /// requests pass, whatever the arrival pattern.
    #[test]
    fn rate_limits_hold_in_every_window(
        requests in 1u32..20,
        burst in 1u32..6,
        gaps in prop::collection::vec(0i64..400_000, 1..50),
    ) {
        let q = Quota::new(requests, 1_000, burst).unwrap();
        let interval = i64::try_from(q.emission_interval_micros()).unwrap();
        let mut state = None;
        let mut at = t0();
        let mut passed = Vec::new();
        for g in gaps {
            at += Duration::microseconds(g);
            let (d, s) = q.check(state, at);
            state = Some(s);
            if matches!(d, RateDecision::Allow { .. }) {
                passed.push(at);
            }
        }
        for (i, a) in passed.iter().enumerate() {
            for (j, b) in passed.iter().enumerate().skip(i) {
                let span = (*b - *a).num_microseconds().unwrap();
                let allowed = i64::from(burst) + span / interval;
                prop_assert!(i64::try_from(j - i + 1).unwrap() <= allowed, "{} in {} us", j - i + 1, span);
            }
        }
    }

    #[test]
    fn quotas_are_accepted_exactly_in_range(requests in any::<u32>(), period in any::<u64>(), burst in any::<u32>()) {
        let ok = requests >= 1 && (1..=1_000_000).contains(&burst) && (1..=86_400_000).contains(&period);
        let q = Quota::new(requests, period, burst);
        prop_assert_eq!(q.is_ok(), ok);
        if let Ok(q) = q {
            prop_assert_eq!(serde_json::from_str::<Quota>(&serde_json::to_string(&q).unwrap()).unwrap(), q);
        }
    }

    /// Policies read from JSON are checked where they are read: accepted
    /// exactly when in range, and then the same as what was written.
    #[test]
    fn policies_are_read_exactly_in_range(
        max_failures in prop_oneof![0u32..120, any::<u32>()],
        minutes in prop_oneof![0u32..600_000, any::<u32>()],
        digits in any::<u8>(),
        period in prop_oneof![0u64..400, any::<u64>()],
        min_length in 0usize..200,
        max_length in 0usize..200,
    ) {
        let lockout = serde_json::json!({ "max_failures": max_failures, "lockout_minutes": minutes });
        let ok = (1..=100).contains(&max_failures) && (1..=525_600).contains(&minutes);
        let read = serde_json::from_value::<LockoutPolicy>(lockout.clone());
        prop_assert_eq!(read.is_ok(), ok);
        if let Ok(p) = read {
            prop_assert_eq!(serde_json::to_value(p).unwrap(), lockout.clone());
        }
        let mut totp = serde_json::to_value(TotpConfig::default()).unwrap();
        totp["digits"] = digits.into();
        totp["period_seconds"] = period.into();
        let ok = (6..=8).contains(&digits) && (1..=300).contains(&period);
        prop_assert_eq!(serde_json::from_value::<TotpConfig>(totp).is_ok(), ok);
        let mut policy = serde_json::to_value(PasswordPolicy::default()).unwrap();
        policy["min_length"] = min_length.into();
        policy["max_length"] = max_length.into();
        policy["lockout"] = lockout;
        let ok = ok_lockout(max_failures, minutes) && min_length >= 1 && min_length <= max_length && max_length >= 64;
        prop_assert_eq!(serde_json::from_value::<PasswordPolicy>(policy).is_ok(), ok);
    }
}

fn ok_lockout(max_failures: u32, minutes: u32) -> bool {
    (1..=100).contains(&max_failures) && (1..=525_600).contains(&minutes)
}
