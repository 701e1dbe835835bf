//! Single-use password reset tokens (seed section 1.3).
//!
//! The seed draws 32 bytes with `secrets.token_urlsafe` and stores a bcrypt
//! hash. Here the token is 256 bits from the entropy source, base64url
//! encoded, and only its SHA-256 is stored: with 256 bits of entropy a fast
//! hash cannot be reversed, and a lookup by digest needs no per-row bcrypt.
//! Tokens expire ([`DEFAULT_RESET_LIFETIME_MINUTES`]), are used once, and are
//! compared in constant time. They are not UUIDs.
//!
//! # Examples
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use itsm_auth::reset::{InMemoryResetTokens, ResetOutcome, ResetTokens};
//! use itsm_core::{SeededEntropy, UserId};
//!
//! let entropy = SeededEntropy::new(8);
//! let store = InMemoryResetTokens::default();
//! let user = UserId::generate(&entropy)?;
//! let now = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//!
//! let token = ResetTokens::default().issue(user, now, &store, &entropy)?;
//! // Sent to the user by email; they come back with it.
//! let link_text = token.expose().to_owned();
//! assert_eq!(ResetTokens::redeem(&link_text, now + Duration::minutes(5), &store)?, ResetOutcome::Valid { user });
//! assert_eq!(ResetTokens::redeem(&link_text, now + Duration::minutes(6), &store)?, ResetOutcome::Invalid);
//! # Ok::<(), itsm_auth::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use itsm_core::{Entropy, UserId, fill_array, time};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::Error;

/// How long a reset token is valid by default: 30 minutes.
pub const DEFAULT_RESET_LIFETIME_MINUTES: u32 = 30;

/// A reset token in clear, to send to the user once. `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct ResetToken(Zeroizing<String>);

impl ResetToken {
    /// The token text (43 base64url characters).
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ResetToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ResetToken(<redacted>)")
    }
}

/// What is stored for a token: its SHA-256, owner, expiry and use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetTokenRecord {
    /// SHA-256 of the token text.
    pub digest: [u8; 32],
    /// Whose password it resets.
    pub user: UserId,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// Whether it was used.
    pub used: bool,
}

/// The outcome of presenting a token. Wrong, expired and used tokens look the
/// same to the caller, so the answer tells an attacker nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResetOutcome {
    /// The token is valid and now used up: let `user` set a new password.
    Valid {
        /// The user.
        user: UserId,
    },
    /// Unknown, expired, already used or malformed.
    Invalid,
}

/// Where reset tokens are kept.
pub trait ResetTokenStore {
    /// Stores a new record.
    ///
    /// # Errors
    ///
    /// [`Error::Store`].
    fn insert(&self, record: ResetTokenRecord) -> Result<(), Error>;

    /// Atomically finds the record whose digest equals `digest` (compared in
    /// constant time), and if it is unused and `now < expires_at`, marks it
    /// used and returns its user.
    ///
    /// # Errors
    ///
    /// [`Error::Store`].
    fn take(&self, digest: &[u8; 32], now: DateTime<Utc>) -> Result<Option<UserId>, Error>;
}

/// An in-memory [`ResetTokenStore`].
#[derive(Debug, Default)]
pub struct InMemoryResetTokens {
    records: Mutex<BTreeMap<[u8; 32], ResetTokenRecord>>,
}

impl ResetTokenStore for InMemoryResetTokens {
    fn insert(&self, record: ResetTokenRecord) -> Result<(), Error> {
        self.records
            .lock()
            .map_err(|_| Error::poisoned())?
            .insert(record.digest, record);
        Ok(())
    }

    fn take(&self, digest: &[u8; 32], now: DateTime<Utc>) -> Result<Option<UserId>, Error> {
        let mut map = self.records.lock().map_err(|_| Error::poisoned())?;
        // The map lookup orders by digest; the digest of a 256-bit secret
        // reveals nothing usable through timing. The match is confirmed in
        // constant time.
        Ok(match map.get_mut(digest) {
            Some(r) if bool::from(r.digest.ct_eq(digest)) && !r.used && now < r.expires_at => {
                r.used = true;
                Some(r.user)
            }
            _ => None,
        })
    }
}

/// Issues and redeems reset tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResetTokens {
    /// Minutes a token is valid.
    pub lifetime_minutes: u32,
}

impl Default for ResetTokens {
    fn default() -> Self {
        Self {
            lifetime_minutes: DEFAULT_RESET_LIFETIME_MINUTES,
        }
    }
}

fn digest(token: &str) -> [u8; 32] {
    let d = ring::digest::digest(&ring::digest::SHA256, token.as_bytes());
    let mut out = [0u8; 32];
    for (dst, src) in out.iter_mut().zip(d.as_ref()) {
        *dst = *src;
    }
    out
}

impl ResetTokens {
    /// Issues a token for `user` at `now` and stores its digest.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] when the entropy source fails; [`Error::Store`].
    pub fn issue(
        &self,
        user: UserId,
        now: DateTime<Utc>,
        store: &(impl ResetTokenStore + ?Sized),
        entropy: &(impl Entropy + ?Sized),
    ) -> Result<ResetToken, Error> {
        let bytes: Zeroizing<[u8; 32]> = Zeroizing::new(fill_array(entropy)?);
        let token = ResetToken(Zeroizing::new(URL_SAFE_NO_PAD.encode(bytes.as_slice())));
        let expires_at = time::after(now, time::minutes(i64::from(self.lifetime_minutes)));
        store.insert(ResetTokenRecord {
            digest: digest(token.expose()),
            user,
            expires_at,
            used: false,
        })?;
        Ok(token)
    }

    /// Redeems a presented token at `now`.
    ///
    /// # Errors
    ///
    /// [`Error::Store`]; malformed tokens are an `Invalid` outcome, not an error.
    pub fn redeem(
        presented: &str,
        now: DateTime<Utc>,
        store: &(impl ResetTokenStore + ?Sized),
    ) -> Result<ResetOutcome, Error> {
        if presented.len() != 43 || URL_SAFE_NO_PAD.decode(presented).is_err() {
            return Ok(ResetOutcome::Invalid);
        }
        Ok(match store.take(&digest(presented), now)? {
            Some(user) => ResetOutcome::Valid { user },
            None => ResetOutcome::Invalid,
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};
    use itsm_core::SeededEntropy;

    use super::*;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap()
    }

    #[test]
    fn expiry_boundary_and_single_use() {
        let e = SeededEntropy::new(1);
        let store = InMemoryResetTokens::default();
        let user = UserId::generate(&e).unwrap();
        let tok = ResetTokens::default()
            .issue(user, t0(), &store, &e)
            .unwrap();
        let end = t0() + Duration::minutes(30);
        let tok2 = ResetTokens::default()
            .issue(user, t0(), &store, &e)
            .unwrap();
        assert_eq!(
            ResetTokens::redeem(tok2.expose(), end, &store).unwrap(),
            ResetOutcome::Invalid,
            "expired at its end"
        );
        assert_eq!(
            ResetTokens::redeem(tok.expose(), end - Duration::seconds(1), &store).unwrap(),
            ResetOutcome::Valid { user }
        );
        assert_eq!(
            ResetTokens::redeem(tok.expose(), end - Duration::seconds(1), &store).unwrap(),
            ResetOutcome::Invalid,
            "used"
        );
    }

    #[test]
    fn tokens_are_256_bit_base64url_and_stored_only_as_digests() {
        let e = SeededEntropy::new(2);
        let store = InMemoryResetTokens::default();
        let user = UserId::generate(&e).unwrap();
        let tok = ResetTokens::default()
            .issue(user, t0(), &store, &e)
            .unwrap();
        assert_eq!(URL_SAFE_NO_PAD.decode(tok.expose()).unwrap().len(), 32);
        assert!(uuid::Uuid::try_parse(tok.expose()).is_err());
        let stored = format!("{store:?}");
        assert!(!stored.contains(tok.expose()));
        assert_eq!(format!("{tok:?}"), "ResetToken(<redacted>)");
    }

    #[test]
    fn malformed_and_unknown_tokens_are_invalid() {
        let store = InMemoryResetTokens::default();
        for bad in [
            "",
            "short",
            &"A".repeat(43),
            &"+".repeat(43),
            &"A".repeat(44),
        ] {
            assert_eq!(
                ResetTokens::redeem(bad, t0(), &store).unwrap(),
                ResetOutcome::Invalid,
                "{bad}"
            );
        }
    }
}
