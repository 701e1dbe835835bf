//! Single-use backup codes for when the authenticator is lost.
//!
//! The seed takes 6 characters of a base32 string (30 bits) and stores the
//! codes as they are. Here each code is 10 symbols of Crockford's base32
//! alphabet (digits and letters without `I L O U`): 50 bits, shown as
//! `XXXXX-XXXXX`. Reading what a user types follows Crockford's decoding:
//! any case, `O` read as `0`, `I` and `L` as `1`, dashes and spaces ignored.
//!
//! # Storage
//!
//! Only a digest is stored: HMAC-SHA-256 under a host-held key (kept apart
//! from the database, like the password pepper), over the user id and the
//! code. With 50 bits of entropy a code needs no slow hash as long as the key
//! is secret: without it a stolen table cannot be tested offline at all, and
//! a login checks ten codes in microseconds instead of ten bcrypt runs. The
//! user id in the message makes equal codes of two users differ. Comparison
//! is in constant time and redemption is atomic, so a code works once.
//!
//! # Examples
//!
//! ```
//! use itsm_auth::backup_codes::{BackupCode, BackupCodeHasher};
//! use itsm_auth::{HmacKey, KeyId};
//! use itsm_core::{SeededEntropy, UserId};
//!
//! let entropy = SeededEntropy::new(4);
//! let hasher = BackupCodeHasher::new(HmacKey::generate(KeyId::new("bc-1")?, &entropy)?);
//! let user = UserId::generate(&entropy)?;
//! let codes = BackupCode::generate_set(&entropy)?;
//! assert_eq!(codes.len(), 10);
//! let stored: Vec<_> = codes.iter().map(|c| hasher.digest(user, c)).collect();
//!
//! // What the user types is parsed leniently: case, spaces and the dash.
//! let typed: BackupCode = codes[0].expose().to_lowercase().replace('-', " ").parse()?;
//! assert_eq!(hasher.digest(user, &typed), stored[0]);
//! # Ok::<(), itsm_auth::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use itsm_core::{Entropy, UserId, fill_array};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::{Error, HmacKey};

/// Codes in a fresh set (the seed's 10).
pub const CODES_PER_SET: usize = 10;
/// Symbols in a code.
pub const CODE_CHARS: usize = 10;
/// Crockford's base32: 32 symbols, so each 5-bit value maps to one without bias.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A backup code in canonical form (`XXXXX-XXXXX`). `Debug` hides it; it is
/// wiped on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct BackupCode(Zeroizing<String>);

impl BackupCode {
    /// A fresh set of [`CODES_PER_SET`] codes.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] when the entropy source fails.
    pub fn generate_set(entropy: &(impl Entropy + ?Sized)) -> Result<Vec<Self>, Error> {
        (0..CODES_PER_SET)
            .map(|_| Self::generate(entropy))
            .collect()
    }

    /// One fresh code: 50 bits from `entropy`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] when the entropy source fails.
    pub fn generate(entropy: &(impl Entropy + ?Sized)) -> Result<Self, Error> {
        let bytes: Zeroizing<[u8; CODE_CHARS]> = Zeroizing::new(fill_array(entropy)?);
        let symbols: Zeroizing<String> = Zeroizing::new(
            bytes
                .iter()
                .map(|b| char::from(*ALPHABET.get(usize::from(b & 0x1f)).unwrap_or(&b'0')))
                .collect(),
        );
        Ok(Self::from_symbols(&symbols))
    }

    fn from_symbols(symbols: &str) -> Self {
        let (a, b) = symbols.split_at(symbols.len() / 2);
        Self(Zeroizing::new(format!("{a}-{b}")))
    }

    /// The code as shown to the user, once, at enrollment.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl FromStr for BackupCode {
    type Err = Error;

    /// Reads what a user types: any case, with or without the dash and
    /// spaces, `O` as `0` and `I`, `L` as `1` (Crockford's decoding).
    fn from_str(s: &str) -> Result<Self, Error> {
        let symbols: Zeroizing<String> = Zeroizing::new(
            s.chars()
                .filter(|c| !matches!(c, '-' | ' '))
                .map(|c| match c.to_ascii_uppercase() {
                    'O' => '0',
                    'I' | 'L' => '1',
                    c => c,
                })
                .collect(),
        );
        let valid = symbols.len() == CODE_CHARS && symbols.bytes().all(|b| ALPHABET.contains(&b));
        if valid {
            Ok(Self::from_symbols(&symbols))
        } else {
            // Only the length is reported: the text may be a mistyped real code.
            Err(Error::BackupCodeFormat {
                chars: s.chars().count(),
            })
        }
    }
}

impl fmt::Debug for BackupCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BackupCode(<redacted>)")
    }
}

/// The stored form of a backup code: 32 bytes of HMAC-SHA-256.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct BackupCodeDigest(pub [u8; 32]);

impl BackupCodeDigest {
    /// Constant-time equality.
    #[must_use]
    pub fn ct_eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl fmt::Debug for BackupCodeDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BackupCodeDigest(..)")
    }
}

/// Computes digests under the host's key (see the [module docs](self)).
#[derive(Debug, Clone)]
pub struct BackupCodeHasher {
    key: HmacKey,
}

impl BackupCodeHasher {
    /// A hasher under `key`.
    #[must_use]
    pub fn new(key: HmacKey) -> Self {
        Self { key }
    }

    /// HMAC-SHA-256(key, "itsm-backup-code-v1" || user id || code).
    #[must_use]
    pub fn digest(&self, user: UserId, code: &BackupCode) -> BackupCodeDigest {
        let mut ctx = ring::hmac::Context::with_key(self.key.hmac_key());
        ctx.update(b"itsm-backup-code-v1");
        ctx.update(user.as_uuid().as_bytes());
        ctx.update(code.expose().as_bytes());
        let tag = ctx.sign();
        let mut out = [0u8; 32];
        for (dst, src) in out.iter_mut().zip(tag.as_ref()) {
            *dst = *src;
        }
        BackupCodeDigest(out)
    }
}

#[cfg(test)]
mod tests {
    use itsm_core::SeededEntropy;

    use super::*;

    #[test]
    fn alphabet_is_32_distinct_unambiguous_symbols() {
        let mut sorted = ALPHABET.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 32);
        for confusable in b"ILOU" {
            assert!(!ALPHABET.contains(confusable));
        }
    }

    #[test]
    fn codes_have_50_bits_and_the_canonical_shape() {
        const { assert!(CODE_CHARS * 5 >= 20) };
        let e = SeededEntropy::new(1);
        let set = BackupCode::generate_set(&e).unwrap();
        assert_eq!(set.len(), 10);
        for c in &set {
            let s = c.expose();
            assert_eq!(s.len(), 11);
            assert_eq!(&s[5..6], "-");
        }
        let mut distinct: Vec<&str> = set.iter().map(BackupCode::expose).collect();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 10);
    }

    #[test]
    fn parsing_is_lenient_on_form_and_strict_on_content() {
        let c: BackupCode = "abcde-fghjk".parse().unwrap();
        assert_eq!(c.expose(), "ABCDE-FGHJK");
        assert_eq!("ABCDE FGHJK".parse::<BackupCode>().unwrap(), c);
        assert_eq!("abcdefghjk".parse::<BackupCode>().unwrap(), c);
        // Crockford's look-alikes.
        assert_eq!(
            "ABCDE-FGHJO".parse::<BackupCode>().unwrap().expose(),
            "ABCDE-FGHJ0"
        );
        assert_eq!(
            "ABCDE-FGHil".parse::<BackupCode>().unwrap().expose(),
            "ABCDE-FGH11"
        );
        for bad in [
            "",
            "ABCDE-FGHJ",
            "ABCDE-FGHJKM",
            "ABCDE-FGHJU",
            "ABCDE_FGHJK",
            "ABCDÉ-FGHJK",
        ] {
            assert!(bad.parse::<BackupCode>().is_err(), "{bad}");
        }
    }

    #[test]
    fn digests_differ_per_user_and_key_and_hide_in_debug() {
        let e = SeededEntropy::new(2);
        let (u1, u2) = (UserId::generate(&e).unwrap(), UserId::generate(&e).unwrap());
        let code = BackupCode::generate(&e).unwrap();
        let h1 = BackupCodeHasher::new(
            HmacKey::new(crate::KeyId::new("a").unwrap(), vec![1; 32]).unwrap(),
        );
        let h2 = BackupCodeHasher::new(
            HmacKey::new(crate::KeyId::new("b").unwrap(), vec![2; 32]).unwrap(),
        );
        assert!(h1.digest(u1, &code).ct_eq(&h1.digest(u1, &code)));
        assert!(!h1.digest(u1, &code).ct_eq(&h1.digest(u2, &code)));
        assert!(!h1.digest(u1, &code).ct_eq(&h2.digest(u1, &code)));
        assert_eq!(format!("{code:?}"), "BackupCode(<redacted>)");
        assert!(!format!("{:?}", h1.digest(u1, &code)).contains(code.expose()));
    }
}
