//! Password hashing with bcrypt that never truncates, password history and
//! expiry.
//!
//! # The hashing scheme
//!
//! bcrypt reads at most 72 bytes of its input and silently ignores the rest,
//! and it stops at a NUL byte in many implementations. So no password goes to
//! bcrypt as it is. Instead:
//!
//! 1. the password is NFKC-normalised (NIST SP 800-63B),
//! 2. HMAC-SHA-256 is computed over it under a host-held **pepper** (a 32-byte
//!    key that never sits beside the hashes, for example in a secrets
//!    manager),
//! 3. the 32-byte MAC is base64-encoded (44 ASCII characters, no NUL), and
//! 4. that goes to bcrypt at the configured cost with a 16-byte salt from the
//!    entropy source.
//!
//! Every password therefore reaches bcrypt whole, whatever its length, and a
//! stolen hash database is useless without the pepper. The stored form is
//! `$itsm-bcrypt-hmac$v=1$k=<pepper id>$<bcrypt hash>`; the pepper id lets
//! peppers rotate: hashes under an old pepper still verify, and
//! [`PasswordHasher::needs_rehash`] says to rehash them at the next login.
//!
//! Plain bcrypt hashes (`$2a$`, `$2b$`, `$2y$`) from a previous system are
//! verified too, but only for passwords of at most 72 bytes: a longer one is
//! an error, never a comparison of a prefix. They always need a rehash.
//!
//! # Examples
//!
//! ```
//! use itsm_auth::{HmacKey, KeyId, PasswordHasher};
//! use itsm_core::SystemEntropy;
//!
//! let entropy = SystemEntropy::new();
//! let pepper = HmacKey::generate(KeyId::new("pepper-2026")?, &entropy)?;
//! let hasher = PasswordHasher::new(pepper, 12)?;
//! # let hasher = hasher.with_insecure_test_cost(4);
//!
//! let stored = hasher.hash("correct horse battery staple", &entropy)?;
//! assert!(hasher.verify("correct horse battery staple", &stored)?);
//! assert!(!hasher.verify("correct horse battery stapler", &stored)?);
//! assert!(PasswordHasher::new(HmacKey::generate(KeyId::new("p")?, &entropy)?, 9).is_err());
//! # Ok::<(), itsm_auth::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;

use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use itsm_core::{Entropy, UserId, fill_array};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::password::{PasswordPolicy, PasswordViolation, normalise};
use crate::{Error, HmacKey, KeyId};

/// The lowest bcrypt cost accepted outside tests.
pub const MIN_BCRYPT_COST: u32 = 10;
const PREFIX: &str = "$itsm-bcrypt-hmac$v=1$k=";
const BCRYPT_MAX_BYTES: usize = 72;

/// A stored password hash, in the scheme described in the [module docs](self)
/// or a legacy plain bcrypt hash. Parsing checks the format only.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "String", into = "String")]
pub struct PasswordHash {
    text: String,
}

impl PasswordHash {
    /// The stored text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    fn parts(&self) -> Result<Parts<'_>, Error> {
        if let Some(rest) = self.text.strip_prefix(PREFIX) {
            let (kid, bcrypt) = rest.split_once('$').ok_or(Error::MalformedPasswordHash)?;
            check_bcrypt(Parts {
                kid: Some(kid),
                bcrypt,
            })
        } else {
            check_bcrypt(Parts {
                kid: None,
                bcrypt: &self.text,
            })
        }
    }
}

#[derive(Clone, Copy)]
struct Parts<'a> {
    kid: Option<&'a str>,
    /// `$2b$12$` + 53 characters.
    bcrypt: &'a str,
}

impl Parts<'_> {
    fn cost(&self) -> Option<u32> {
        self.bcrypt.get(4..6).and_then(|c| c.parse().ok())
    }
}

fn check_bcrypt(parts: Parts<'_>) -> Result<Parts<'_>, Error> {
    let b = parts.bcrypt;
    let version_ok = ["$2a$", "$2b$", "$2y$", "$2x$"]
        .iter()
        .any(|v| b.starts_with(v));
    let shape_ok = b.len() == 60 && b.get(6..7) == Some("$") && parts.cost().is_some();
    let kid_ok = parts.kid.is_none_or(|k| KeyId::new(k).is_ok());
    if version_ok && shape_ok && kid_ok {
        Ok(parts)
    } else {
        Err(Error::MalformedPasswordHash)
    }
}

impl TryFrom<String> for PasswordHash {
    type Error = Error;

    fn try_from(text: String) -> Result<Self, Error> {
        let hash = Self { text };
        hash.parts()?;
        Ok(hash)
    }
}

impl FromStr for PasswordHash {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::try_from(s.to_owned())
    }
}

impl From<PasswordHash> for String {
    fn from(hash: PasswordHash) -> String {
        hash.text
    }
}

impl fmt::Debug for PasswordHash {
    /// Shows the scheme and cost, not the salt and hash.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = self.parts().ok();
        f.debug_struct("PasswordHash")
            .field("pepper", &parts.and_then(|p| p.kid))
            .field("cost", &parts.and_then(|p| p.cost()))
            .finish_non_exhaustive()
    }
}

/// Hashes and verifies passwords under a pepper (see the [module docs](self)).
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    pepper: HmacKey,
    old_peppers: BTreeMap<KeyId, HmacKey>,
    cost: u32,
}

impl PasswordHasher {
    /// A hasher that makes new hashes under `pepper` at bcrypt `cost`.
    ///
    /// # Errors
    ///
    /// [`Error::BcryptCost`] for a cost below [`MIN_BCRYPT_COST`] or above 31.
    pub fn new(pepper: HmacKey, cost: u32) -> Result<Self, Error> {
        if !(MIN_BCRYPT_COST..=31).contains(&cost) {
            return Err(Error::BcryptCost {
                cost,
                min: MIN_BCRYPT_COST,
            });
        }
        Ok(Self {
            pepper,
            old_peppers: BTreeMap::new(),
            cost,
        })
    }

    /// The same hasher at a cost below the production floor, so tests run
    /// fast. Only with the `test-util` feature or in this crate's tests;
    /// never use it in production.
    #[cfg(any(test, feature = "test-util"))]
    #[must_use]
    pub fn with_insecure_test_cost(mut self, cost: u32) -> Self {
        self.cost = cost.clamp(4, 31);
        self
    }

    /// Also verify hashes made under an earlier pepper (rotation).
    #[must_use]
    pub fn with_old_pepper(mut self, pepper: HmacKey) -> Self {
        self.old_peppers.insert(pepper.id().clone(), pepper);
        self
    }

    /// The cost of new hashes.
    #[must_use]
    pub fn cost(&self) -> u32 {
        self.cost
    }

    /// Hashes `password` with a fresh salt.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] when the entropy source fails; [`Error::Bcrypt`] if
    /// bcrypt itself fails.
    pub fn hash(
        &self,
        password: &str,
        entropy: &(impl Entropy + ?Sized),
    ) -> Result<PasswordHash, Error> {
        let salt: [u8; 16] = fill_array(entropy)?;
        let input = prehash(&self.pepper, password);
        let parts = bcrypt::hash_with_salt(input.as_bytes(), self.cost, salt).map_err(|e| {
            Error::Bcrypt {
                reason: e.to_string(),
            }
        })?;
        let text = format!(
            "{PREFIX}{}${}",
            self.pepper.id(),
            parts.format_for_version(bcrypt::Version::TwoB)
        );
        Ok(PasswordHash { text })
    }

    /// Whether `password` matches `stored`, in constant time (bcrypt compares
    /// with `subtle`).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownPepper`] for a hash under a pepper this hasher does not
    /// hold; [`Error::LegacyHashTruncation`] for a legacy bcrypt hash and a
    /// password over 72 bytes; [`Error::Bcrypt`] if bcrypt fails.
    pub fn verify(&self, password: &str, stored: &PasswordHash) -> Result<bool, Error> {
        let parts = stored.parts()?;
        let input = if let Some(kid) = parts.kid {
            prehash(self.pepper_for(kid)?, password)
        } else {
            let normalised = Zeroizing::new(normalise(password));
            if normalised.len() > BCRYPT_MAX_BYTES {
                return Err(Error::LegacyHashTruncation {
                    len: normalised.len(),
                });
            }
            normalised
        };
        bcrypt::non_truncating_verify(input.as_bytes(), parts.bcrypt).map_err(|e| Error::Bcrypt {
            reason: e.to_string(),
        })
    }

    /// Whether `stored` should be replaced by a fresh hash at the next
    /// successful login: a legacy bcrypt hash, a lower cost than this
    /// hasher's, or an old pepper.
    ///
    /// # Errors
    ///
    /// [`Error::MalformedPasswordHash`] cannot happen for a parsed hash; kept
    /// for hashes built by hand.
    pub fn needs_rehash(&self, stored: &PasswordHash) -> Result<bool, Error> {
        let parts = stored.parts()?;
        Ok(match parts.kid {
            None => true,
            Some(kid) => {
                kid != self.pepper.id().as_str() || parts.cost().is_none_or(|c| c < self.cost)
            }
        })
    }

    /// Whether `password` matches any of `history` (the last passwords, most
    /// recent first); checks at most `policy.history_count` of them.
    ///
    /// # Errors
    ///
    /// As [`verify`](Self::verify).
    pub fn is_reused(
        &self,
        password: &str,
        history: &[PasswordHash],
        policy: &PasswordPolicy,
    ) -> Result<Option<PasswordViolation>, Error> {
        for old in history.iter().take(policy.history_count) {
            if self.verify(password, old)? {
                return Ok(Some(PasswordViolation::Reused {
                    history_count: policy.history_count,
                }));
            }
        }
        Ok(None)
    }

    fn pepper_for(&self, kid: &str) -> Result<&HmacKey, Error> {
        if kid == self.pepper.id().as_str() {
            return Ok(&self.pepper);
        }
        self.old_peppers
            .iter()
            .find(|(id, _)| id.as_str() == kid)
            .map(|(_, key)| key)
            .ok_or_else(|| Error::UnknownPepper {
                kid: kid.to_owned(),
            })
    }
}

/// base64(HMAC-SHA-256(pepper, NFKC(password))): 44 ASCII bytes, no NUL.
fn prehash(pepper: &HmacKey, password: &str) -> Zeroizing<String> {
    let normalised = Zeroizing::new(normalise(password));
    let tag = ring::hmac::sign(pepper.hmac_key(), normalised.as_bytes());
    Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(tag.as_ref()))
}

/// A user's current password: its hash, when it was set, and whether a change
/// is forced (after a suspected compromise, as NIST SP 800-63B requires).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PasswordRecord {
    /// The stored hash.
    pub hash: PasswordHash,
    /// When the password was set.
    pub changed_at: DateTime<Utc>,
    /// A change is required at the next login, whatever the expiry.
    pub force_change: bool,
}

impl PasswordRecord {
    /// A password set at `changed_at`.
    #[must_use]
    pub fn new(hash: PasswordHash, changed_at: DateTime<Utc>) -> Self {
        Self {
            hash,
            changed_at,
            force_change: false,
        }
    }

    /// Marks the password as compromised: it must be changed.
    pub fn force_change(&mut self) {
        self.force_change = true;
    }

    /// When the password expires under `policy`; `None` without periodic
    /// expiry.
    #[must_use]
    pub fn expires_at(&self, policy: &PasswordPolicy) -> Option<DateTime<Utc>> {
        policy.expiry_days.and_then(|days| {
            self.changed_at
                .checked_add_signed(Duration::days(i64::from(days)))
        })
    }

    /// Whether the user must change the password at `now`: forced, or expired
    /// (`now >= expires_at`).
    #[must_use]
    pub fn must_change(&self, policy: &PasswordPolicy, now: DateTime<Utc>) -> bool {
        self.force_change || self.expires_at(policy).is_some_and(|at| now >= at)
    }
}

/// Where a host keeps each user's previous password hashes.
///
/// `record` must be atomic with the password change it belongs to: store the
/// new hash and trim the history in the same transaction.
pub trait PasswordHistoryStore {
    /// The user's previous hashes, most recent first.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the store cannot answer.
    fn recent(&self, user: UserId) -> Result<Vec<PasswordHash>, Error>;

    /// Adds `hash` as the most recent and keeps at most `keep` hashes.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the store cannot answer.
    fn record(&self, user: UserId, hash: PasswordHash, keep: usize) -> Result<(), Error>;
}

/// An in-memory [`PasswordHistoryStore`], for tests and single-process hosts.
#[derive(Debug, Default)]
pub struct InMemoryPasswordHistory {
    hashes: Mutex<BTreeMap<UserId, Vec<PasswordHash>>>,
}

impl PasswordHistoryStore for InMemoryPasswordHistory {
    fn recent(&self, user: UserId) -> Result<Vec<PasswordHash>, Error> {
        let map = self.hashes.lock().map_err(|_| Error::poisoned())?;
        Ok(map.get(&user).cloned().unwrap_or_default())
    }

    fn record(&self, user: UserId, hash: PasswordHash, keep: usize) -> Result<(), Error> {
        let mut map = self.hashes.lock().map_err(|_| Error::poisoned())?;
        let list = map.entry(user).or_default();
        list.insert(0, hash);
        list.truncate(keep);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use itsm_core::SeededEntropy;

    use super::*;

    fn hasher() -> PasswordHasher {
        let pepper = HmacKey::new(KeyId::new("p1").unwrap(), vec![7; 32]).unwrap();
        PasswordHasher::new(pepper, 12)
            .unwrap()
            .with_insecure_test_cost(4)
    }

    #[test]
    fn hash_format_and_round_trip() {
        let e = SeededEntropy::new(1);
        let h = hasher().hash("Vq7#xLm2$Rtz", &e).unwrap();
        assert!(
            h.as_str().starts_with("$itsm-bcrypt-hmac$v=1$k=p1$$2b$04$"),
            "{}",
            h.as_str()
        );
        assert!(hasher().verify("Vq7#xLm2$Rtz", &h).unwrap());
        assert!(!hasher().verify("Vq7#xLm2$Rty", &h).unwrap());
        let parsed: PasswordHash = h.as_str().parse().unwrap();
        assert_eq!(parsed, h);
    }

    #[test]
    fn no_truncation_at_71_72_73_bytes_or_beyond() {
        let e = SeededEntropy::new(2);
        let h = hasher();
        for len in [71, 72, 73, 200] {
            let pw = "a".repeat(len);
            let stored = h.hash(&pw, &e).unwrap();
            assert!(h.verify(&pw, &stored).unwrap(), "{len}");
            // One byte fewer, or one more, never matches.
            assert!(!h.verify(&"a".repeat(len - 1), &stored).unwrap(), "{len}-1");
            assert!(!h.verify(&"a".repeat(len + 1), &stored).unwrap(), "{len}+1");
        }
    }

    #[test]
    fn long_passwords_sharing_their_first_72_bytes_differ() {
        let e = SeededEntropy::new(3);
        let prefix = "x".repeat(72);
        let a = format!("{prefix}-first-ending");
        let b = format!("{prefix}-second-ending");
        let stored = hasher().hash(&a, &e).unwrap();
        assert!(hasher().verify(&a, &stored).unwrap());
        assert!(!hasher().verify(&b, &stored).unwrap());
    }

    #[test]
    fn nfkc_forms_verify_alike() {
        let e = SeededEntropy::new(4);
        // "é" precomposed and decomposed; the ligature and its letters.
        let stored = hasher().hash("caf\u{e9}-\u{FB03}", &e).unwrap();
        assert!(hasher().verify("cafe\u{301}-ffi", &stored).unwrap());
    }

    #[test]
    fn legacy_bcrypt_verifies_short_passwords_and_refuses_long_ones() {
        let legacy: PasswordHash = bcrypt::hash_with_salt("hunter2-legacy", 4, [9; 16])
            .unwrap()
            .format_for_version(bcrypt::Version::TwoB)
            .parse()
            .unwrap();
        assert!(hasher().verify("hunter2-legacy", &legacy).unwrap());
        assert!(!hasher().verify("hunter2-legacz", &legacy).unwrap());
        assert!(hasher().needs_rehash(&legacy).unwrap());
        let long = "y".repeat(73);
        assert_eq!(
            hasher().verify(&long, &legacy),
            Err(Error::LegacyHashTruncation { len: 73 })
        );
    }

    #[test]
    fn rehash_when_cost_or_pepper_changes() {
        let e = SeededEntropy::new(5);
        let h = hasher();
        let stored = h.hash("pw-one", &e).unwrap();
        assert!(!h.needs_rehash(&stored).unwrap());
        let higher = h.clone().with_insecure_test_cost(5);
        assert!(higher.needs_rehash(&stored).unwrap());
        let new_pepper = HmacKey::new(KeyId::new("p2").unwrap(), vec![8; 32]).unwrap();
        let rotated = PasswordHasher::new(new_pepper, 12)
            .unwrap()
            .with_insecure_test_cost(4);
        assert_eq!(
            rotated.verify("pw-one", &stored),
            Err(Error::UnknownPepper { kid: "p1".into() })
        );
        let rotated =
            rotated.with_old_pepper(HmacKey::new(KeyId::new("p1").unwrap(), vec![7; 32]).unwrap());
        assert!(rotated.verify("pw-one", &stored).unwrap());
        assert!(rotated.needs_rehash(&stored).unwrap());
    }

    #[test]
    fn cost_floor_in_production() {
        let pepper = HmacKey::new(KeyId::new("p").unwrap(), vec![1; 32]).unwrap();
        assert_eq!(
            PasswordHasher::new(pepper.clone(), 9).unwrap_err(),
            Error::BcryptCost { cost: 9, min: 10 }
        );
        assert!(PasswordHasher::new(pepper.clone(), 32).is_err());
        assert_eq!(PasswordHasher::new(pepper, 10).unwrap().cost(), 10);
    }

    #[test]
    fn malformed_hashes_are_refused() {
        for bad in [
            "",
            "$2b$12$short",
            "$itsm-bcrypt-hmac$v=1$k=p1$",
            "$itsm-bcrypt-hmac$v=1$k=bad kid$$2b$04$abcdefghijklmnopqrstuu5YQ2gUQm0v0p5o0oJVz6ZqLk0yQm4qW",
            "plaintext",
        ] {
            assert!(bad.parse::<PasswordHash>().is_err(), "{bad}");
        }
    }

    #[test]
    fn debug_hides_salt_and_hash() {
        let e = SeededEntropy::new(6);
        let stored = hasher().hash("pw", &e).unwrap();
        let shown = format!("{stored:?}");
        assert_eq!(
            shown,
            "PasswordHash { pepper: Some(\"p1\"), cost: Some(4), .. }"
        );
    }

    #[test]
    fn history_blocks_reuse_of_the_last_n() {
        let e = SeededEntropy::new(7);
        let h = hasher();
        let store = InMemoryPasswordHistory::default();
        let user = UserId::generate(&e).unwrap();
        let policy = PasswordPolicy {
            history_count: 2,
            ..PasswordPolicy::default()
        };
        for pw in ["first-pw", "second-pw", "third-pw"] {
            store
                .record(user, h.hash(pw, &e).unwrap(), policy.history_count)
                .unwrap();
        }
        let recent = store.recent(user).unwrap();
        assert_eq!(recent.len(), 2);
        assert_eq!(
            h.is_reused("third-pw", &recent, &policy).unwrap(),
            Some(PasswordViolation::Reused { history_count: 2 })
        );
        assert!(
            h.is_reused("second-pw", &recent, &policy)
                .unwrap()
                .is_some()
        );
        assert_eq!(h.is_reused("first-pw", &recent, &policy).unwrap(), None);
    }

    #[test]
    fn expiry_boundary_and_forced_change() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let stored: PasswordHash = bcrypt::hash_with_salt("x", 4, [1; 16])
            .unwrap()
            .format_for_version(bcrypt::Version::TwoB)
            .parse()
            .unwrap();
        let mut rec = PasswordRecord::new(stored, t0);
        let seed = PasswordPolicy::default();
        let at = t0 + Duration::days(90);
        assert_eq!(rec.expires_at(&seed), Some(at));
        assert!(!rec.must_change(&seed, at - Duration::seconds(1)));
        assert!(rec.must_change(&seed, at));
        let nist = PasswordPolicy::nist_800_63b();
        assert_eq!(rec.expires_at(&nist), None);
        assert!(!rec.must_change(&nist, t0 + Duration::days(10_000)));
        rec.force_change();
        assert!(rec.must_change(&nist, t0));
    }
}
