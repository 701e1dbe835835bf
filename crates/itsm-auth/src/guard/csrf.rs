//! CSRF protection (seed layer 3): tokens bound to a session with an HMAC
//! and an expiry, after OWASP's CSRF Prevention Cheat Sheet ("signed double
//! submit" and synchronizer tokens).
//!
//! A token is 57 bytes, base64url (76 characters): a version byte, a
//! 128-bit nonce from the entropy source, the expiry (Unix seconds) and an
//! HMAC-SHA-256 tag over those and the session id. Nothing is stored: a
//! token checks out only with the key, for the session it was issued to and
//! before its expiry. The tag is checked with `ring::hmac::verify` (constant
//! time) before the expiry is read. A token for another session, under
//! another key, or altered in any byte is [`CsrfRejection::Forged`].
//!
//! Tokens live 12 hours by default, the absolute session timeout of
//! [`crate::session::SessionPolicy::default`]; a token never needs to outlive
//! its session. Send it in a form field or header, never in a URL, and check
//! it on every state-changing request.
//!
//! # Examples
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use itsm_auth::guard::csrf::{CsrfDecision, CsrfRejection, CsrfTokens};
//! use itsm_auth::{HmacKey, KeyId};
//! use itsm_core::SystemEntropy;
//!
//! let entropy = SystemEntropy::new();
//! let csrf = CsrfTokens::new(HmacKey::generate(KeyId::new("csrf-1")?, &entropy)?);
//! let now = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//!
//! let token = csrf.issue("session-7f3a", now, &entropy)?;
//! assert!(matches!(csrf.verify(token.expose(), "session-7f3a", now), CsrfDecision::Valid { .. }));
//! // Another session's token, and an old one, are refused.
//! assert_eq!(csrf.verify(token.expose(), "session-0000", now), CsrfDecision::Invalid { reason: CsrfRejection::Forged });
//! assert_eq!(csrf.verify(token.expose(), "session-7f3a", now + Duration::hours(12)), CsrfDecision::Invalid { reason: CsrfRejection::Expired });
//! # Ok::<(), itsm_auth::Error>(())
//! ```

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use itsm_core::{Entropy, fill_array};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{Error, HmacKey};

/// Default token lifetime: 12 hours, the default absolute session timeout.
pub const DEFAULT_LIFETIME_MINUTES: u32 = 12 * 60;
/// The longest lifetime accepted: 7 days.
pub const MAX_LIFETIME_MINUTES: u32 = 7 * 24 * 60;

const VERSION: u8 = 1;
const NONCE: usize = 16;
const BODY: usize = 1 + NONCE + 8;
const TOKEN_BYTES: usize = BODY + 32;
/// The length of a token's text.
pub const TOKEN_CHARS: usize = 76;
const DOMAIN: &[u8] = b"itsm-csrf-v1";

/// A CSRF token's text. `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct CsrfToken(Zeroizing<String>);

impl CsrfToken {
    /// The token, for the form field or header.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for CsrfToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CsrfToken(<redacted>)")
    }
}

/// Whether a submitted token may pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CsrfDecision {
    /// The token was issued for this session and has not expired.
    Valid {
        /// When it expires.
        expires_at: DateTime<Utc>,
    },
    /// Refuse the request (HTTP 403).
    Invalid {
        /// Why.
        reason: CsrfRejection,
    },
}

/// Why a token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CsrfRejection {
    /// Absent, of the wrong length, or not base64url.
    Malformed,
    /// The tag does not check out: another session's token, another key's,
    /// or altered.
    Forged,
    /// Genuine, but past its expiry.
    Expired,
}

/// Issues and checks CSRF tokens under a key.
#[derive(Debug, Clone)]
pub struct CsrfTokens {
    key: HmacKey,
    previous: Option<HmacKey>,
    lifetime: Duration,
}

impl CsrfTokens {
    /// Tokens under `key`, living [`DEFAULT_LIFETIME_MINUTES`].
    #[must_use]
    pub fn new(key: HmacKey) -> Self {
        Self {
            key,
            previous: None,
            lifetime: Duration::minutes(i64::from(DEFAULT_LIFETIME_MINUTES)),
        }
    }

    /// Also accepts tokens under `previous`, while a key rotation settles.
    #[must_use]
    pub fn with_previous_key(mut self, previous: HmacKey) -> Self {
        self.previous = Some(previous);
        self
    }

    /// Sets the lifetime.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] outside 1..=[`MAX_LIFETIME_MINUTES`].
    pub fn with_lifetime_minutes(mut self, minutes: u32) -> Result<Self, Error> {
        if minutes == 0 || minutes > MAX_LIFETIME_MINUTES {
            return Err(Error::Policy {
                reason: format!("CSRF token lifetime must be 1..={MAX_LIFETIME_MINUTES} minutes"),
            });
        }
        self.lifetime = Duration::minutes(i64::from(minutes));
        Ok(self)
    }

    /// A token for `session_id`, issued at `now`.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] for an empty session id; [`Error::TimeRange`] when
    /// the expiry cannot be expressed; [`Error::Core`] when the entropy
    /// source fails.
    pub fn issue(
        &self,
        session_id: &str,
        now: DateTime<Utc>,
        entropy: &(impl Entropy + ?Sized),
    ) -> Result<CsrfToken, Error> {
        if session_id.is_empty() {
            return Err(Error::Policy {
                reason: "a CSRF token needs a session id to be bound to".into(),
            });
        }
        let expires = now
            .checked_add_signed(self.lifetime)
            .ok_or(Error::TimeRange)?
            .timestamp();
        let nonce: [u8; NONCE] = fill_array(entropy)?;
        let mut raw = Zeroizing::new([0u8; TOKEN_BYTES]);
        let (body, tag_out) = raw.split_at_mut(BODY);
        let (version, rest) = body.split_at_mut(1);
        let (nonce_out, expiry_out) = rest.split_at_mut(NONCE);
        version.copy_from_slice(&[VERSION]);
        nonce_out.copy_from_slice(&nonce);
        expiry_out.copy_from_slice(&expires.to_be_bytes());
        let tag = ring::hmac::sign(self.key.hmac_key(), &signed_input(body, session_id));
        tag_out.copy_from_slice(tag.as_ref());
        Ok(CsrfToken(Zeroizing::new(
            URL_SAFE_NO_PAD.encode(raw.as_slice()),
        )))
    }

    /// Decides a submitted `token` for `session_id` at `now`.
    #[must_use]
    pub fn verify(&self, token: &str, session_id: &str, now: DateTime<Utc>) -> CsrfDecision {
        let invalid = |reason| CsrfDecision::Invalid { reason };
        if token.len() != TOKEN_CHARS || session_id.is_empty() {
            return invalid(CsrfRejection::Malformed);
        }
        let Ok(raw) = URL_SAFE_NO_PAD.decode(token) else {
            return invalid(CsrfRejection::Malformed);
        };
        let raw = Zeroizing::new(raw);
        let (Some(body), Some(tag)) = (raw.get(..BODY), raw.get(BODY..)) else {
            return invalid(CsrfRejection::Malformed);
        };
        let input = signed_input(body, session_id);
        let genuine = std::iter::once(&self.key)
            .chain(self.previous.as_ref())
            .any(|k| ring::hmac::verify(k.hmac_key(), &input, tag).is_ok());
        if !genuine || body.first() != Some(&VERSION) {
            return invalid(CsrfRejection::Forged);
        }
        let mut expiry = [0u8; 8];
        if let Some(bytes) = body.get(1 + NONCE..) {
            expiry.copy_from_slice(bytes);
        }
        let Some(expires_at) = DateTime::from_timestamp(i64::from_be_bytes(expiry), 0) else {
            return invalid(CsrfRejection::Forged);
        };
        if now >= expires_at {
            invalid(CsrfRejection::Expired)
        } else {
            CsrfDecision::Valid { expires_at }
        }
    }
}

/// What the tag covers: a domain label, the body, and the session id with
/// its length, so no two (body, session) pairs share an input.
fn signed_input(body: &[u8], session_id: &str) -> Vec<u8> {
    let mut input = Vec::with_capacity(DOMAIN.len() + body.len() + 8 + session_id.len());
    input.extend_from_slice(DOMAIN);
    input.extend_from_slice(body);
    input.extend_from_slice(&(session_id.len() as u64).to_be_bytes());
    input.extend_from_slice(session_id.as_bytes());
    input
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use itsm_core::SeededEntropy;

    use super::*;
    use crate::KeyId;

    fn key(byte: u8) -> HmacKey {
        HmacKey::new(KeyId::new("csrf").unwrap(), vec![byte; 32]).unwrap()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap()
    }

    fn issue(csrf: &CsrfTokens, session: &str) -> String {
        csrf.issue(session, now(), &SeededEntropy::new(3))
            .unwrap()
            .expose()
            .to_owned()
    }

    #[test]
    fn valid_until_one_second_before_expiry() {
        let csrf = CsrfTokens::new(key(1));
        let t = issue(&csrf, "s1");
        assert_eq!(t.len(), TOKEN_CHARS);
        let exp = now() + Duration::hours(12);
        assert_eq!(
            csrf.verify(&t, "s1", now()),
            CsrfDecision::Valid { expires_at: exp }
        );
        assert_eq!(
            csrf.verify(&t, "s1", exp - Duration::seconds(1)),
            CsrfDecision::Valid { expires_at: exp }
        );
        assert_eq!(
            csrf.verify(&t, "s1", exp),
            CsrfDecision::Invalid {
                reason: CsrfRejection::Expired
            }
        );
    }

    #[test]
    fn another_session_another_key_or_any_changed_byte_is_forged() {
        let csrf = CsrfTokens::new(key(1));
        let t = issue(&csrf, "s1");
        let forged = CsrfDecision::Invalid {
            reason: CsrfRejection::Forged,
        };
        assert_eq!(csrf.verify(&t, "s2", now()), forged);
        assert_eq!(csrf.verify(&t, "s1 ", now()), forged);
        assert_eq!(CsrfTokens::new(key(2)).verify(&t, "s1", now()), forged);
        let raw = URL_SAFE_NO_PAD.decode(&t).unwrap();
        for i in 0..raw.len() {
            let mut changed = raw.clone();
            changed[i] ^= 0x01;
            let text = URL_SAFE_NO_PAD.encode(&changed);
            assert_eq!(csrf.verify(&text, "s1", now()), forged, "byte {i}");
        }
        // Pushing the expiry later is a changed byte too.
        let mut later = raw.clone();
        later[1 + NONCE..BODY].copy_from_slice(&i64::MAX.to_be_bytes());
        assert_eq!(
            csrf.verify(&URL_SAFE_NO_PAD.encode(&later), "s1", now()),
            forged
        );
    }

    #[test]
    fn malformed_tokens_are_refused_without_panicking() {
        let csrf = CsrfTokens::new(key(1));
        let t = issue(&csrf, "s1");
        let malformed = CsrfDecision::Invalid {
            reason: CsrfRejection::Malformed,
        };
        for bad in [
            "",
            "x",
            &t[..75],
            &format!("{t}A"),
            &t.replace(|c: char| c.is_ascii_alphabetic(), "+"),
            &"é".repeat(38),
        ] {
            assert_eq!(csrf.verify(bad, "s1", now()), malformed, "{bad}");
        }
        assert_eq!(csrf.verify(&t, "", now()), malformed);
        assert!(csrf.issue("", now(), &SeededEntropy::new(1)).is_err());
    }

    #[test]
    fn rotation_accepts_the_previous_key_and_tokens_differ_each_time() {
        let old = CsrfTokens::new(key(1));
        let t = issue(&old, "s1");
        let rotated = CsrfTokens::new(key(2)).with_previous_key(key(1));
        assert!(matches!(
            rotated.verify(&t, "s1", now()),
            CsrfDecision::Valid { .. }
        ));
        let e = SeededEntropy::new(9);
        let a = old.issue("s1", now(), &e).unwrap();
        let b = old.issue("s1", now(), &e).unwrap();
        assert_ne!(a, b);
        assert_eq!(format!("{a:?}"), "CsrfToken(<redacted>)");
    }

    #[test]
    fn lifetimes_are_bounded() {
        assert!(CsrfTokens::new(key(1)).with_lifetime_minutes(0).is_err());
        assert!(
            CsrfTokens::new(key(1))
                .with_lifetime_minutes(MAX_LIFETIME_MINUTES + 1)
                .is_err()
        );
        let short = CsrfTokens::new(key(1)).with_lifetime_minutes(15).unwrap();
        let t = issue(&short, "s1");
        assert_eq!(
            short.verify(&t, "s1", now() + Duration::minutes(15)),
            CsrfDecision::Invalid {
                reason: CsrfRejection::Expired
            }
        );
        assert!(
            CsrfTokens::new(key(1))
                .issue("s", DateTime::<Utc>::MAX_UTC, &SeededEntropy::new(1))
                .is_err()
        );
    }
}
