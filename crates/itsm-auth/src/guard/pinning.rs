//! Certificate pinning for API clients (seed layer 2): a set of
//! SHA-256 pins of subject public key info (SPKI) with backup pins and expiry.
//!
//! A pin is the SHA-256 of a certificate's DER-encoded subject public key info (SPKI),
//! written in base64 as in RFC 7469 (`pin-sha256`). Pinning the key rather
//! than the certificate survives renewals that keep the key. As RFC 7469
//! section 4.3 requires, a [`PinSet`] holds at least one backup pin for a
//! key that is not in the live chain yet, so the service can move to it
//! without locking clients out. A set expires: past `expires_at` it refuses
//! every connection until the client gets a fresh set (fail closed), and a
//! pin may also retire on its own date.
//!
//! The client extracts the SPKI of each certificate in the chain it
//! validated (after normal certificate validation, never instead of it) and
//! asks [`PinSet::check`].
//!
//! # Examples
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use itsm_auth::guard::pinning::{spki_sha256, Pin, PinDecision, PinSet, PinRefusal};
//!
//! let live_key = b"...DER SubjectPublicKeyInfo of the live key...";
//! let next_key = b"...DER SubjectPublicKeyInfo of the next key...";
//! let expires = Utc.with_ymd_and_hms(2027, 6, 1, 0, 0, 0).unwrap();
//! let pins = PinSet::new(
//!     vec![Pin::primary(spki_sha256(live_key)), Pin::backup(spki_sha256(next_key))],
//!     expires,
//! )?;
//!
//! let now = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//! assert!(matches!(pins.check(&[spki_sha256(live_key)], now), PinDecision::Match { .. }));
//! let other = spki_sha256(b"a key an interceptor made");
//! assert_eq!(pins.check(&[other], now), PinDecision::Refuse { reason: PinRefusal::NoPinMatches });
//! assert_eq!(pins.check(&[spki_sha256(live_key)], expires), PinDecision::Refuse { reason: PinRefusal::SetExpired });
//! # Ok::<(), itsm_auth::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use itsm_core::InputExcerpt;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// The SHA-256 of a DER-encoded subject public key info (SPKI).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "String", into = "String")]
#[schemars(extend("pattern" = "^[A-Za-z0-9+/]{43}=$"))]
pub struct SpkiHash([u8; 32]);

/// Hashes a DER-encoded subject public key info (SPKI).
#[must_use]
pub fn spki_sha256(spki_der: &[u8]) -> SpkiHash {
    let d = ring::digest::digest(&ring::digest::SHA256, spki_der);
    let mut out = [0u8; 32];
    out.copy_from_slice(d.as_ref());
    SpkiHash(out)
}

impl SpkiHash {
    /// The 32 bytes.
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for SpkiHash {
    /// Base64, as in `pin-sha256="..."`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&STANDARD.encode(self.0))
    }
}

impl fmt::Debug for SpkiHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SpkiHash({self})")
    }
}

impl FromStr for SpkiHash {
    type Err = Error;

    /// Parses the base64 form (44 characters, one `=` of padding).
    fn from_str(s: &str) -> Result<Self, Error> {
        let err = || Error::Pin {
            value: InputExcerpt::new(s),
        };
        let bytes = STANDARD.decode(s).map_err(|_| err())?;
        let hash: [u8; 32] = bytes.try_into().map_err(|_| err())?;
        Ok(Self(hash))
    }
}

impl TryFrom<String> for SpkiHash {
    type Error = Error;

    fn try_from(s: String) -> Result<Self, Error> {
        s.parse()
    }
}

impl From<SpkiHash> for String {
    fn from(h: SpkiHash) -> Self {
        h.to_string()
    }
}

/// Whether a pin is for the live key or a standby one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PinRole {
    /// A key in the live chain.
    Primary,
    /// A standby key kept offline, for moving without locking clients out.
    Backup,
}

/// One pin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    /// The SPKI hash.
    pub sha256: SpkiHash,
    /// Primary or backup.
    pub role: PinRole,
    /// When this pin stops being accepted, if before the set's expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_after: Option<DateTime<Utc>>,
}

impl Pin {
    /// A primary pin with no date of its own.
    #[must_use]
    pub const fn primary(sha256: SpkiHash) -> Self {
        Self {
            sha256,
            role: PinRole::Primary,
            not_after: None,
        }
    }

    /// A backup pin with no date of its own.
    #[must_use]
    pub const fn backup(sha256: SpkiHash) -> Self {
        Self {
            sha256,
            role: PinRole::Backup,
            not_after: None,
        }
    }

    /// The same pin, retiring at `at`.
    #[must_use]
    pub const fn retiring_at(mut self, at: DateTime<Utc>) -> Self {
        self.not_after = Some(at);
        self
    }
}

/// Pins with at least one primary and one backup, all distinct, and an
/// expiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "PinSetFields", into = "PinSetFields")]
pub struct PinSet {
    pins: Vec<Pin>,
    expires_at: DateTime<Utc>,
}

/// The serialised form of a [`PinSet`], checked on the way in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PinSetFields {
    /// The pins.
    pub pins: Vec<Pin>,
    /// When the whole set stops being accepted.
    pub expires_at: DateTime<Utc>,
}

impl TryFrom<PinSetFields> for PinSet {
    type Error = Error;

    fn try_from(f: PinSetFields) -> Result<Self, Error> {
        Self::new(f.pins, f.expires_at)
    }
}

impl From<PinSet> for PinSetFields {
    fn from(p: PinSet) -> Self {
        Self {
            pins: p.pins,
            expires_at: p.expires_at,
        }
    }
}

impl PinSet {
    /// Checks and builds a pin set.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] without a primary pin, without a backup pin
    /// (RFC 7469 section 4.3), with the same hash twice, or with more than
    /// 16 pins.
    pub fn new(pins: Vec<Pin>, expires_at: DateTime<Utc>) -> Result<Self, Error> {
        let bad = |reason: &str| {
            Err(Error::Policy {
                reason: format!("pin set: {reason}"),
            })
        };
        if !pins.iter().any(|p| p.role == PinRole::Primary) {
            return bad("needs a primary pin");
        }
        if !pins.iter().any(|p| p.role == PinRole::Backup) {
            return bad("needs a backup pin for a key not in the live chain");
        }
        if pins.len() > 16 {
            return bad("holds more than 16 pins");
        }
        let mut hashes: Vec<SpkiHash> = pins.iter().map(|p| p.sha256).collect();
        hashes.sort_unstable();
        if hashes.windows(2).any(|w| matches!(w, [a, b] if a == b)) {
            return bad("holds the same pin twice");
        }
        Ok(Self { pins, expires_at })
    }

    /// The pins.
    #[must_use]
    pub fn pins(&self) -> &[Pin] {
        &self.pins
    }

    /// When the set expires.
    #[must_use]
    pub const fn expires_at(&self) -> DateTime<Utc> {
        self.expires_at
    }

    /// Decides a connection from the SPKI hashes of the validated chain
    /// (leaf first, any order works) at `now`.
    #[must_use]
    pub fn check(&self, chain: &[SpkiHash], now: DateTime<Utc>) -> PinDecision {
        if now >= self.expires_at {
            return PinDecision::Refuse {
                reason: PinRefusal::SetExpired,
            };
        }
        let mut retired = false;
        for pin in &self.pins {
            if chain.contains(&pin.sha256) {
                if pin.not_after.is_some_and(|t| now >= t) {
                    retired = true;
                } else {
                    return PinDecision::Match {
                        pin: pin.sha256,
                        role: pin.role,
                    };
                }
            }
        }
        PinDecision::Refuse {
            reason: if retired {
                PinRefusal::PinRetired
            } else {
                PinRefusal::NoPinMatches
            },
        }
    }
}

/// Whether a connection may proceed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PinDecision {
    /// A pin matches a key in the chain.
    Match {
        /// The pin that matched.
        pin: SpkiHash,
        /// Its role: a match on a backup pin means the service has moved keys.
        role: PinRole,
    },
    /// Close the connection.
    Refuse {
        /// Why.
        reason: PinRefusal,
    },
}

/// Why a connection is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PinRefusal {
    /// No key in the chain is pinned: possibly an interception.
    NoPinMatches,
    /// The only matching pins are past their own date.
    PinRetired,
    /// The set itself expired; the client needs a fresh one.
    SetExpired,
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap()
    }

    fn set() -> (PinSet, SpkiHash, SpkiHash) {
        let live = spki_sha256(b"live");
        let next = spki_sha256(b"next");
        let set = PinSet::new(
            vec![Pin::primary(live), Pin::backup(next)],
            now() + Duration::days(60),
        )
        .unwrap();
        (set, live, next)
    }

    #[test]
    fn primary_and_backup_match_anywhere_in_the_chain() {
        let (set, live, next) = set();
        let ca = spki_sha256(b"intermediate");
        assert_eq!(
            set.check(&[ca, live], now()),
            PinDecision::Match {
                pin: live,
                role: PinRole::Primary
            }
        );
        assert_eq!(
            set.check(&[next], now()),
            PinDecision::Match {
                pin: next,
                role: PinRole::Backup
            }
        );
    }

    #[test]
    fn a_mismatch_is_refused() {
        let (set, ..) = set();
        let refused = PinDecision::Refuse {
            reason: PinRefusal::NoPinMatches,
        };
        assert_eq!(set.check(&[spki_sha256(b"interceptor")], now()), refused);
        assert_eq!(set.check(&[], now()), refused);
    }

    #[test]
    fn an_expired_set_refuses_from_its_expiry_on() {
        let (set, live, _) = set();
        let at = set.expires_at();
        assert!(matches!(
            set.check(&[live], at - Duration::seconds(1)),
            PinDecision::Match { .. }
        ));
        assert_eq!(
            set.check(&[live], at),
            PinDecision::Refuse {
                reason: PinRefusal::SetExpired
            }
        );
    }

    #[test]
    fn a_retired_pin_refuses_from_its_date_and_the_backup_takes_over() {
        let live = spki_sha256(b"live");
        let next = spki_sha256(b"next");
        let retire = now() + Duration::days(1);
        let set = PinSet::new(
            vec![Pin::primary(live).retiring_at(retire), Pin::backup(next)],
            now() + Duration::days(60),
        )
        .unwrap();
        assert!(matches!(
            set.check(&[live], retire - Duration::seconds(1)),
            PinDecision::Match { .. }
        ));
        assert_eq!(
            set.check(&[live], retire),
            PinDecision::Refuse {
                reason: PinRefusal::PinRetired
            }
        );
        assert!(matches!(
            set.check(&[live, next], retire),
            PinDecision::Match {
                role: PinRole::Backup,
                ..
            }
        ));
    }

    #[test]
    fn sets_need_a_primary_a_backup_and_distinct_pins() {
        let a = spki_sha256(b"a");
        let b = spki_sha256(b"b");
        let exp = now();
        assert!(PinSet::new(vec![Pin::primary(a)], exp).is_err());
        assert!(PinSet::new(vec![Pin::backup(a), Pin::backup(b)], exp).is_err());
        assert!(PinSet::new(vec![Pin::primary(a), Pin::backup(a)], exp).is_err());
        let many: Vec<Pin> = (0u8..17)
            .map(|i| Pin::backup(spki_sha256(&[i])))
            .chain([Pin::primary(a)])
            .collect();
        assert!(PinSet::new(many, exp).is_err());
        assert!(PinSet::new(vec![Pin::primary(a), Pin::backup(b)], exp).is_ok());
    }

    #[test]
    fn pins_parse_as_rfc_7469_base64_and_round_trip() {
        // SHA-256 of the empty string, in base64.
        let empty: SpkiHash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
            .parse()
            .unwrap();
        assert_eq!(empty, spki_sha256(b""));
        assert_eq!(
            empty.to_string(),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        for bad in [
            "",
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",
            "AAAA",
            "not base64!",
            "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU=",
        ] {
            assert!(bad.parse::<SpkiHash>().is_err(), "{bad}");
        }
        let (set, ..) = set();
        let json = serde_json::to_string(&set).unwrap();
        assert_eq!(serde_json::from_str::<PinSet>(&json).unwrap(), set);
        let single = json.replace("\"backup\"", "\"primary\"");
        assert!(serde_json::from_str::<PinSet>(&single).is_err());
    }
}
