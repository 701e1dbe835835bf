//! Password policy and validation (seed section 1.3).
//!
//! Two presets:
//!
//! - [`PasswordPolicy::default()`] is the seed's policy: at least 12
//!   characters with an upper-case letter, a lower-case letter, a digit and a
//!   special character from `!@#$%^&*()_+-=[]{}|;:,.<>?`; expiry after 90
//!   days; the last 5 passwords may not be reused; 5 failed attempts lock the
//!   account for 15 minutes; passwords containing `password`, `123456`,
//!   `qwerty`, `admin` or `letmein` are refused.
//! - [`PasswordPolicy::nist_800_63b()`] follows NIST SP 800-63B (rev. 4,
//!   section 3.1.1.2): at least 15 characters, no composition rules, no
//!   periodic expiry, a blocklist of common and guessable passwords, and
//!   context checks.
//!
//! # Where the seed's policy conflicts with the standards
//!
//! | seed rule | NIST SP 800-63B | OWASP ASVS 5.0 |
//! |---|---|---|
//! | composition rules (upper, lower, digit, special) | verifiers SHALL NOT impose them | V6.2: no composition rules |
//! | expiry every 90 days | SHALL NOT require periodic change; force a change on evidence of compromise | V6.2: no periodic rotation |
//! | minimum 12 characters | 15 when the password is the only factor, 8 with MFA | V6.2.1: at least 8, 15 recommended |
//! | substring patterns (`admin`, ...) | compare against a blocklist of breached, common and context-specific values | V6.2.4, V6.2.11: check a list of the top 3000 passwords and context words |
//!
//! Both presets also share what the seed leaves out: a blocklist of common
//! passwords (the lists bundled with the `zxcvbn` crate), a floor on
//! guessability, and checks against the user's name and email. Lengths are
//! counted in Unicode scalar values after NFKC normalisation, so any script
//! works and `ﬃ` counts as the `ffi` it normalises to.
//!
//! # Examples
//!
//! ```
//! use itsm_auth::password::{PasswordContext, PasswordPolicy, PasswordViolation};
//!
//! let policy = PasswordPolicy::default();
//! let ctx = PasswordContext::new().with_user_name("jdoe").with_email("john.doe@example.com");
//!
//! assert!(policy.validate("Glacier-Orbit-71!", &ctx).is_empty());
//!
//! let violations = policy.validate("password", &ctx);
//! assert!(violations.contains(&PasswordViolation::TooShort { min: 12, actual: 8 }));
//! assert!(violations.contains(&PasswordViolation::CommonPassword));
//! // Every violation carries a message for the user.
//! assert_eq!(violations[0].to_string(), "use at least 12 characters (this has 8)");
//! ```

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::Error;
use crate::lockout::LockoutPolicy;

/// The seed's special characters.
pub const SEED_SPECIAL_CHARS: &str = "!@#$%^&*()_+-=[]{}|;:,.<>?";
/// The seed's common patterns, refused anywhere in a password (case-insensitive).
pub const SEED_COMMON_PATTERNS: [&str; 5] = ["password", "123456", "qwerty", "admin", "letmein"];

/// Every rule of a password policy, as named fields.
///
/// See the [module docs](self) for the two presets and where they differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each flag is one named rule of the seed's policy, switched on and off independently"
)]
pub struct PasswordPolicy {
    /// Fewest Unicode scalar values after NFKC normalisation.
    #[schemars(range(min = 1))]
    pub min_length: usize,
    /// Most Unicode scalar values after NFKC normalisation. Both presets
    /// accept 128, well above the 64 NIST asks verifiers to permit.
    #[schemars(range(min = 64))]
    pub max_length: usize,
    /// Require an upper-case letter (seed: yes; NIST: no).
    pub require_uppercase: bool,
    /// Require a lower-case letter (seed: yes; NIST: no).
    pub require_lowercase: bool,
    /// Require a digit (seed: yes; NIST: no).
    pub require_digit: bool,
    /// Require one of [`special_chars`](Self::special_chars) (seed: yes; NIST: no).
    pub require_special: bool,
    /// The characters that count as special.
    pub special_chars: String,
    /// Substrings refused anywhere in a password, compared in lower case.
    pub common_patterns: Vec<String>,
    /// Refuse passwords on the bundled list of common passwords, including
    /// their l33t, reversed and capitalised variants.
    pub blocklist: bool,
    /// Refuse passwords an attacker would guess in fewer than
    /// 10^`min_guesses_log10` attempts (zxcvbn's estimate over the first 100
    /// characters); 6 refuses what falls to an online attack. `None` turns
    /// the check off.
    pub min_guesses_log10: Option<u8>,
    /// Refuse passwords containing the user's name, email local part or
    /// display name (parts of 4 characters or more).
    pub context_check: bool,
    /// Days after a change when the password expires; `None` for no periodic
    /// expiry (NIST).
    pub expiry_days: Option<u32>,
    /// How many previous passwords may not be reused.
    pub history_count: usize,
    /// Failed attempts and lockout.
    pub lockout: LockoutPolicy,
    /// bcrypt cost of new hashes (12: 2^12 rounds of the key schedule).
    pub bcrypt_cost: u32,
}

// Reading a `PasswordPolicy` runs its check: a stored or uploaded document out of
// range is refused where it enters, not where it is used.
itsm_core::deserialize_checked!(
    #[serde(deny_unknown_fields)]
    PasswordPolicy {
        min_length: usize,
        max_length: usize,
        require_uppercase: bool,
        require_lowercase: bool,
        require_digit: bool,
        require_special: bool,
        special_chars: String,
        common_patterns: Vec<String>,
        blocklist: bool,
        min_guesses_log10: Option<u8>,
        context_check: bool,
        expiry_days: Option<u32>,
        history_count: usize,
        lockout: LockoutPolicy,
        bcrypt_cost: u32,
    } => PasswordPolicy::check
);

impl Default for PasswordPolicy {
    /// The seed's policy (see the [module docs](self)), plus the blocklist,
    /// guessability and context checks the seed lacks.
    fn default() -> Self {
        Self {
            min_length: 12,
            max_length: 128,
            require_uppercase: true,
            require_lowercase: true,
            require_digit: true,
            require_special: true,
            special_chars: SEED_SPECIAL_CHARS.to_owned(),
            common_patterns: SEED_COMMON_PATTERNS.iter().map(|&p| p.to_owned()).collect(),
            blocklist: true,
            min_guesses_log10: Some(6),
            context_check: true,
            expiry_days: Some(90),
            history_count: 5,
            lockout: LockoutPolicy::default(),
            bcrypt_cost: 12,
        }
    }
}

impl PasswordPolicy {
    /// NIST SP 800-63B: minimum 15, maximum 128, no composition rules, no
    /// periodic expiry, blocklist, guessability and context checks; the
    /// seed's history and lockout settings (5 attempts is well inside NIST's
    /// limit of 100 consecutive failures).
    #[must_use]
    pub fn nist_800_63b() -> Self {
        Self {
            min_length: 15,
            require_uppercase: false,
            require_lowercase: false,
            require_digit: false,
            require_special: false,
            common_patterns: Vec::new(),
            expiry_days: None,
            ..Self::default()
        }
    }

    /// Checks the policy's own settings.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] when the minimum length is 0 or above the maximum,
    /// the maximum is below 64 (NIST's floor for what verifiers must accept),
    /// a composition rule needs special characters but none are listed, or
    /// the lockout policy is invalid.
    pub fn check(&self) -> Result<(), Error> {
        let fail = |reason: &str| {
            Err(Error::Policy {
                reason: reason.into(),
            })
        };
        if self.min_length == 0 || self.min_length > self.max_length {
            return fail("min_length must be at least 1 and at most max_length");
        }
        if self.max_length < 64 {
            return fail("max_length must be at least 64 (NIST SP 800-63B)");
        }
        if self.require_special && self.special_chars.is_empty() {
            return fail("require_special needs at least one special character");
        }
        self.lockout.check()
    }

    /// Every rule `password` breaks, in a fixed order; empty when it passes.
    ///
    /// The password is NFKC-normalised first; `context` holds what must not
    /// appear in it. Reuse of earlier passwords is checked by
    /// [`PasswordHasher::is_reused`](crate::PasswordHasher::is_reused), which
    /// needs the stored hashes.
    #[must_use]
    pub fn validate(&self, password: &str, context: &PasswordContext) -> Vec<PasswordViolation> {
        let normalised = normalise(password);
        let mut out = Vec::new();
        let length = normalised.chars().count();
        if length < self.min_length {
            out.push(PasswordViolation::TooShort {
                min: self.min_length,
                actual: length,
            });
        }
        if length > self.max_length {
            // Nothing else is computed over an over-long input.
            out.push(PasswordViolation::TooLong {
                max: self.max_length,
                actual: length,
            });
            return out;
        }
        if self.require_uppercase && !normalised.chars().any(char::is_uppercase) {
            out.push(PasswordViolation::MissingUppercase);
        }
        if self.require_lowercase && !normalised.chars().any(char::is_lowercase) {
            out.push(PasswordViolation::MissingLowercase);
        }
        if self.require_digit && !normalised.chars().any(char::is_numeric) {
            out.push(PasswordViolation::MissingDigit);
        }
        if self.require_special && !normalised.chars().any(|c| self.special_chars.contains(c)) {
            out.push(PasswordViolation::MissingSpecial {
                allowed: self.special_chars.clone(),
            });
        }
        let lower = normalised.to_lowercase();
        for pattern in &self.common_patterns {
            let pattern = pattern.to_lowercase();
            if !pattern.is_empty() && lower.contains(&pattern) {
                out.push(PasswordViolation::CommonPattern { pattern });
            }
        }
        let context_words = if self.context_check {
            context.words()
        } else {
            Vec::new()
        };
        for (field, word) in &context_words {
            if lower.contains(word.as_str()) {
                out.push(PasswordViolation::ContainsContext { field: *field });
            }
        }
        if !normalised.is_empty() && (self.blocklist || self.min_guesses_log10.is_some()) {
            let inputs: Vec<&str> = context_words.iter().map(|(_, w)| w.as_str()).collect();
            let estimate = zxcvbn::zxcvbn(&normalised, &inputs);
            if self.blocklist && is_common_password(&estimate) {
                out.push(PasswordViolation::CommonPassword);
            } else if let Some(min) = self.min_guesses_log10
                && estimate.guesses_log10() < f64::from(min)
            {
                out.push(PasswordViolation::TooGuessable {
                    min_guesses_log10: min,
                });
            }
        }
        out
    }
}

/// A whole-password match in zxcvbn's common-password dictionary (with its
/// case, l33t and reversal variants).
fn is_common_password(estimate: &zxcvbn::Entropy) -> bool {
    match estimate.sequence() {
        [only] => match &only.pattern {
            // zxcvbn does not export its dictionary type; its default variant
            // is the common-password list (pinned by a test below).
            zxcvbn::matching::patterns::MatchPattern::Dictionary(d) => {
                #[expect(
                    clippy::default_trait_access,
                    reason = "zxcvbn does not export the type"
                )]
                let passwords = Default::default();
                d.dictionary_name == passwords
            }
            _ => false,
        },
        _ => false,
    }
}

/// NFKC normalisation, as NIST SP 800-63B asks before hashing and counting.
#[must_use]
pub fn normalise(password: &str) -> String {
    password.nfkc().collect()
}

/// What a password must not contain: the user's own identifiers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PasswordContext {
    user_name: Option<String>,
    email: Option<String>,
    display_name: Option<String>,
}

impl PasswordContext {
    /// An empty context.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The user's login name.
    #[must_use]
    pub fn with_user_name(mut self, user_name: impl Into<String>) -> Self {
        self.user_name = Some(user_name.into());
        self
    }

    /// The user's email; its local part and the parts of that are checked.
    #[must_use]
    pub fn with_email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// The user's display name; each of its words is checked.
    #[must_use]
    pub fn with_display_name(mut self, display_name: impl Into<String>) -> Self {
        self.display_name = Some(display_name.into());
        self
    }

    /// Lower-case words of 4 or more characters, with the field they came from.
    fn words(&self) -> Vec<(ContextField, String)> {
        const MIN_CHARS: usize = 4;
        let mut out: Vec<(ContextField, String)> = Vec::new();
        let mut push = |field, word: &str| {
            let word = normalise(word).to_lowercase();
            if word.chars().count() >= MIN_CHARS && !out.iter().any(|(_, w)| *w == word) {
                out.push((field, word));
            }
        };
        if let Some(name) = &self.user_name {
            push(ContextField::UserName, name);
        }
        if let Some(email) = &self.email {
            let local = email.split('@').next().unwrap_or_default();
            push(ContextField::Email, local);
            for part in local.split(['.', '_', '-', '+']) {
                push(ContextField::Email, part);
            }
        }
        if let Some(display) = &self.display_name {
            for part in display.split_whitespace() {
                push(ContextField::DisplayName, part);
            }
        }
        out
    }
}

/// Which context value a password contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContextField {
    /// The login name.
    UserName,
    /// The email address or a part of its local part.
    Email,
    /// A word of the display name.
    DisplayName,
}

/// One rule a password breaks. Its `Display` is a message for the user, as
/// NIST SP 800-63B asks verifiers to say why a password was refused; no
/// message repeats the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PasswordViolation {
    /// Shorter than the minimum.
    TooShort {
        /// The minimum.
        min: usize,
        /// The password's length.
        actual: usize,
    },
    /// Longer than the maximum.
    TooLong {
        /// The maximum.
        max: usize,
        /// The password's length.
        actual: usize,
    },
    /// No upper-case letter.
    MissingUppercase,
    /// No lower-case letter.
    MissingLowercase,
    /// No digit.
    MissingDigit,
    /// None of the special characters.
    MissingSpecial {
        /// The characters that count.
        allowed: String,
    },
    /// Contains one of the policy's common patterns.
    CommonPattern {
        /// The pattern found.
        pattern: String,
    },
    /// Contains the user's own name or email.
    ContainsContext {
        /// Which value.
        field: ContextField,
    },
    /// On the list of common passwords.
    CommonPassword,
    /// Too easy to guess (repeats, sequences, keyboard walks, dictionary words).
    TooGuessable {
        /// The policy's floor, as a power of ten.
        min_guesses_log10: u8,
    },
    /// The same as one of the last passwords.
    Reused {
        /// How many previous passwords are checked.
        history_count: usize,
    },
}

impl fmt::Display for PasswordViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooShort { min, actual } => {
                write!(f, "use at least {min} characters (this has {actual})")
            }
            Self::TooLong { max, actual } => {
                write!(f, "use at most {max} characters (this has {actual})")
            }
            Self::MissingUppercase => f.write_str("include an upper-case letter"),
            Self::MissingLowercase => f.write_str("include a lower-case letter"),
            Self::MissingDigit => f.write_str("include a digit"),
            Self::MissingSpecial { allowed } => {
                write!(f, "include one of these characters: {allowed}")
            }
            Self::CommonPattern { pattern } => {
                write!(f, "avoid the common pattern \"{pattern}\"")
            }
            Self::ContainsContext { field } => f.write_str(match field {
                ContextField::UserName => "do not include your user name",
                ContextField::Email => "do not include your email address",
                ContextField::DisplayName => "do not include your name",
            }),
            Self::CommonPassword => f.write_str("this is a commonly used password; choose another"),
            Self::TooGuessable { .. } => f.write_str(
                "this is too easy to guess; avoid repeats, sequences, keyboard patterns and single words",
            ),
            Self::Reused { history_count } => {
                write!(f, "do not reuse any of your last {history_count} passwords")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> PasswordPolicy {
        PasswordPolicy::default()
    }

    fn nist() -> PasswordPolicy {
        PasswordPolicy::nist_800_63b()
    }

    fn none() -> PasswordContext {
        PasswordContext::new()
    }

    #[test]
    fn presets_are_valid_and_hold_the_documented_numbers() {
        let s = seed();
        s.check().unwrap();
        assert_eq!(
            (s.min_length, s.expiry_days, s.history_count, s.bcrypt_cost),
            (12, Some(90), 5, 12)
        );
        assert_eq!((s.lockout.max_failures, s.lockout.lockout_minutes), (5, 15));
        assert_eq!(s.special_chars, "!@#$%^&*()_+-=[]{}|;:,.<>?");
        let n = nist();
        n.check().unwrap();
        assert_eq!((n.min_length, n.expiry_days), (15, None));
        assert!(
            !(n.require_uppercase || n.require_lowercase || n.require_digit || n.require_special)
        );
    }

    #[test]
    fn seed_length_boundary() {
        // 11 and 12 characters, otherwise compliant and unguessable.
        assert_eq!(
            seed().validate("Vq7#xLm2$Rt", &none()),
            [PasswordViolation::TooShort {
                min: 12,
                actual: 11
            }]
        );
        assert!(seed().validate("Vq7#xLm2$Rtz", &none()).is_empty());
    }

    #[test]
    fn nist_length_boundary() {
        assert_eq!(
            nist().validate("vqxlmrtzkpwhjdn"[..14].as_ref(), &none()),
            [PasswordViolation::TooShort {
                min: 15,
                actual: 14
            }]
        );
        assert!(nist().validate("vqxlmrtzkpwhjdn", &none()).is_empty());
    }

    #[test]
    fn max_length_boundary_in_both_presets() {
        for p in [seed(), nist()] {
            let base = "Vq7#xLm2$Rtz";
            let at_max: String = base.chars().cycle().take(128).collect();
            let over: String = base.chars().cycle().take(129).collect();
            assert!(p.validate(&at_max, &none()).is_empty(), "{at_max}");
            assert_eq!(
                p.validate(&over, &none()),
                [PasswordViolation::TooLong {
                    max: 128,
                    actual: 129
                }]
            );
        }
    }

    #[test]
    fn sixty_four_characters_in_any_script_are_accepted() {
        // 64 scalar values of 4-byte UTF-8 (256 bytes) and of CJK and Cyrillic.
        let emoji: String = "🦀🌍🎻🚲🧭🪐🥝🛶".chars().cycle().take(64).collect();
        assert_eq!(emoji.len(), 256);
        assert!(nist().validate(&emoji, &none()).is_empty());
        let cjk: String = "雪山小川风林火月".chars().cycle().take(64).collect();
        assert!(nist().validate(&cjk, &none()).is_empty());
        // The seed's composition rules apply per script: Cyrillic has case, and
        // digits and specials are added.
        let cyr: String = "ЖурналПоляКрай"
            .chars()
            .cycle()
            .take(60)
            .collect::<String>()
            + "7!Ыы";
        assert!(
            seed().validate(&cyr, &none()).is_empty(),
            "{:?}",
            seed().validate(&cyr, &none())
        );
    }

    #[test]
    fn length_counts_scalar_values_after_nfkc() {
        // U+FB03 LATIN SMALL LIGATURE FFI normalises to three characters.
        let p = PasswordPolicy {
            min_length: 3,
            ..nist()
        };
        let p = PasswordPolicy {
            min_guesses_log10: None,
            blocklist: false,
            ..p
        };
        assert!(p.validate("\u{FB03}", &none()).is_empty());
        assert_eq!(
            p.validate("é", &none()),
            [PasswordViolation::TooShort { min: 3, actual: 1 }]
        );
        // "e" + combining acute composes to one scalar value.
        assert_eq!(
            p.validate("e\u{301}", &none()),
            [PasswordViolation::TooShort { min: 3, actual: 1 }]
        );
    }

    #[test]
    fn each_composition_rule_at_its_boundary() {
        let s = seed();
        let cases = [
            ("vq7#xlm2$rtz", PasswordViolation::MissingUppercase),
            ("VQ7#XLM2$RTZ", PasswordViolation::MissingLowercase),
            ("Vqx#xLmk$Rtz", PasswordViolation::MissingDigit),
            (
                "Vq7kxLm2pRtz",
                PasswordViolation::MissingSpecial {
                    allowed: SEED_SPECIAL_CHARS.into(),
                },
            ),
        ];
        for (pw, expected) in cases {
            assert_eq!(s.validate(pw, &none()), vec![expected], "{pw}");
            assert!(
                nist().validate(&format!("{pw}abc"), &none()).is_empty(),
                "NIST has no composition rules"
            );
        }
        // A special character outside the seed's set does not count.
        assert_eq!(
            s.validate("Vq7~xLm2'Rtz", &none()),
            [PasswordViolation::MissingSpecial {
                allowed: SEED_SPECIAL_CHARS.into()
            }]
        );
    }

    #[test]
    fn seed_common_patterns_are_refused_anywhere() {
        for pattern in SEED_COMMON_PATTERNS {
            let pw = format!("Zk9!{}Xr", pattern.to_uppercase());
            let v = seed().validate(&pw, &none());
            assert!(
                v.contains(&PasswordViolation::CommonPattern {
                    pattern: pattern.into()
                }),
                "{pw}: {v:?}"
            );
        }
    }

    #[test]
    fn blocklist_catches_common_passwords_and_variants() {
        let p = PasswordPolicy {
            min_length: 1,
            min_guesses_log10: None,
            ..nist()
        };
        for pw in [
            "password", "letmein", "P@ssw0rd", "drowssap", "trustno1", "iloveyou",
        ] {
            assert_eq!(
                p.validate(pw, &none()),
                [PasswordViolation::CommonPassword],
                "{pw}"
            );
        }
        assert!(p.validate("vqxlmrtzkpwhjdn", &none()).is_empty());
    }

    #[test]
    fn guessability_floor_catches_repeats_sequences_and_keyboard_walks() {
        for pw in [
            "aaaaaaaaaaaaaaaaaaaa",
            "abcdefghijklmnopqrst",
            "qwertyuiopasdfghjkl",
            "1234567890123456",
        ] {
            let v = nist().validate(pw, &none());
            assert!(
                v.contains(&PasswordViolation::TooGuessable {
                    min_guesses_log10: 6
                }) || v.contains(&PasswordViolation::CommonPassword),
                "{pw}: {v:?}"
            );
        }
    }

    #[test]
    fn context_words_are_refused() {
        let ctx = PasswordContext::new()
            .with_user_name("jdoe")
            .with_email("margaret.hamilton@example.com")
            .with_display_name("Margaret Hamilton");
        let v = nist().validate("xq-JDOE-vlkwpz-rt", &ctx);
        assert!(
            v.contains(&PasswordViolation::ContainsContext {
                field: ContextField::UserName
            }),
            "{v:?}"
        );
        let v = nist().validate("zx-hamilton-rocket-pq", &ctx);
        assert!(
            v.contains(&PasswordViolation::ContainsContext {
                field: ContextField::Email
            }),
            "{v:?}"
        );
        let ctx2 = PasswordContext::new().with_display_name("Ada Lovelace");
        let v = nist().validate("qq-lovelace-engine-zz", &ctx2);
        assert!(
            v.contains(&PasswordViolation::ContainsContext {
                field: ContextField::DisplayName
            }),
            "{v:?}"
        );
        // Short parts (under 4 characters) are not checked.
        assert!(nist().validate("ada-vqxlmrtzkpwhjdn", &ctx2).is_empty());
        // Turned off, the same password passes that check.
        let off = PasswordPolicy {
            context_check: false,
            ..nist()
        };
        assert!(
            !off.validate("qq-lovelace-engine-zz", &ctx2)
                .iter()
                .any(|v| matches!(v, PasswordViolation::ContainsContext { .. }))
        );
    }

    #[test]
    fn messages_never_repeat_the_password() {
        let pw = "password";
        for v in seed().validate(pw, &PasswordContext::new().with_user_name("password")) {
            let msg = v.to_string();
            if let PasswordViolation::CommonPattern { .. } = v {
                continue; // names the pattern, which is public policy
            }
            assert!(!msg.contains(pw), "{msg}");
        }
    }

    #[test]
    fn invalid_policies_are_refused() {
        assert!(
            PasswordPolicy {
                min_length: 0,
                ..seed()
            }
            .check()
            .is_err()
        );
        assert!(
            PasswordPolicy {
                min_length: 200,
                ..seed()
            }
            .check()
            .is_err()
        );
        assert!(
            PasswordPolicy {
                max_length: 63,
                min_length: 8,
                ..seed()
            }
            .check()
            .is_err()
        );
        assert!(
            PasswordPolicy {
                special_chars: String::new(),
                ..seed()
            }
            .check()
            .is_err()
        );
    }

    #[test]
    fn policy_serde_round_trips_and_refuses_typos() {
        let json = serde_json::to_string(&seed()).unwrap();
        assert_eq!(
            serde_json::from_str::<PasswordPolicy>(&json).unwrap(),
            seed()
        );
        let typo = json.replace("\"min_length\"", "\"min_lenght\"");
        assert!(serde_json::from_str::<PasswordPolicy>(&typo).is_err());
    }
}
