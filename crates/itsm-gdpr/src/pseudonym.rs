//! Pseudonymisation (GDPR Art. 4(5), Art. 32(1)(a)): a keyed HMAC-SHA-256 of
//! a value, stable for a key, so records about one person can still be
//! joined without naming them. Whoever holds the key can re-identify by
//! recomputing, so pseudonymised data is still personal data (Recital 26);
//! keep the key apart from the data.
//!
//! Keys rotate: a [`Pseudonymiser`] derives with its current key and can
//! also answer "does this old pseudonym belong to this value?" for its
//! previous keys.
//!
//! # Examples
//!
//! ```
//! use itsm_core::SeededEntropy;
//! use itsm_gdpr::pseudonym::{PseudonymKey, Pseudonymiser};
//!
//! let p = Pseudonymiser::new(PseudonymKey::generate("pk-1", &SeededEntropy::new(1))?);
//! let a = p.pseudonymise("john.doe@example.com");
//! assert_eq!(a, p.pseudonymise("john.doe@example.com")); // stable
//! assert_ne!(a, p.pseudonymise("jane.doe@example.com"));
//! assert!(a.starts_with("pk-1:"));
//! # Ok::<(), itsm_gdpr::Error>(())
//! ```

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use itsm_core::{Entropy, fill_array};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::Error;

/// A pseudonymisation key. `Debug` shows only its id.
#[derive(Clone)]
pub struct PseudonymKey {
    id: String,
    key: ring::hmac::Key,
}

impl PseudonymKey {
    /// A key from at least 32 bytes.
    ///
    /// # Errors
    ///
    /// [`Error::Key`] for fewer bytes or an id that is empty, long or holds `:`.
    pub fn new(id: impl Into<String>, bytes: &[u8]) -> Result<Self, Error> {
        let id = id.into();
        if id.is_empty() || id.len() > 64 || id.contains(':') {
            return Err(Error::Key {
                reason: "pseudonym key id must be 1..=64 characters without `:`",
            });
        }
        if bytes.len() < 32 {
            return Err(Error::Key {
                reason: "a pseudonym key is at least 32 bytes",
            });
        }
        Ok(Self {
            id,
            key: ring::hmac::Key::new(ring::hmac::HMAC_SHA256, bytes),
        })
    }

    /// A fresh random key.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] when the entropy source fails.
    pub fn generate(
        id: impl Into<String>,
        entropy: &(impl Entropy + ?Sized),
    ) -> Result<Self, Error> {
        let bytes: Zeroizing<[u8; 32]> = Zeroizing::new(fill_array(entropy)?);
        Self::new(id, bytes.as_slice())
    }

    fn derive(&self, value: &str) -> String {
        let tag = ring::hmac::sign(&self.key, value.as_bytes());
        let mut out = String::with_capacity(self.id.len() + 44);
        out.push_str(&self.id);
        out.push(':');
        URL_SAFE_NO_PAD.encode_string(tag.as_ref(), &mut out);
        out
    }
}

impl fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PseudonymKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// Derives pseudonyms `key_id:base64url(HMAC-SHA-256(key, value))`.
#[derive(Debug, Clone)]
pub struct Pseudonymiser {
    current: PseudonymKey,
    previous: Vec<PseudonymKey>,
}

impl Pseudonymiser {
    /// A pseudonymiser with `current` as its key.
    #[must_use]
    pub fn new(current: PseudonymKey) -> Self {
        Self {
            current,
            previous: Vec::new(),
        }
    }

    /// The pseudonym of `value` under the current key.
    #[must_use]
    pub fn pseudonymise(&self, value: &str) -> String {
        self.current.derive(value)
    }

    /// Makes `next` current, keeping the old key for [`matches`](Self::matches).
    #[must_use]
    pub fn rotate(mut self, next: PseudonymKey) -> Self {
        let old = std::mem::replace(&mut self.current, next);
        self.previous.push(old);
        self
    }

    /// Whether `pseudonym` (under any key held) is `value`'s, compared in constant time.
    #[must_use]
    pub fn matches(&self, pseudonym: &str, value: &str) -> bool {
        let Some((id, _)) = pseudonym.split_once(':') else {
            return false;
        };
        std::iter::once(&self.current)
            .chain(&self.previous)
            .filter(|k| k.id == id)
            .any(|k| bool::from(k.derive(value).as_bytes().ct_eq(pseudonym.as_bytes())))
    }
}
