//! Secret keys: HMAC keys for tokens and the peppers that key password and
//! backup-code hashing.

use std::fmt;

use itsm_core::{Entropy, InputExcerpt, fill_array};
use zeroize::Zeroizing;

use crate::Error;

/// The shortest key accepted: 32 bytes, the output size of SHA-256, as
/// RFC 7518 section 3.2 requires for HS256 keys.
pub const MIN_KEY_BYTES: usize = 32;

/// A key id (`kid`): 1 to 64 characters of `A-Z a-z 0-9 . _ -`.
///
/// # Examples
///
/// ```
/// use itsm_auth::KeyId;
///
/// assert!(KeyId::new("2026-12").is_ok());
/// assert!(KeyId::new("").is_err());
/// assert!(KeyId::new("a b").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId(String);

impl KeyId {
    /// Checks and wraps a key id.
    ///
    /// # Errors
    ///
    /// [`Error::KeyId`] when `id` is empty, longer than 64 characters or holds
    /// other characters than ASCII letters, digits, `.`, `_` and `-`.
    pub fn new(id: impl Into<String>) -> Result<Self, Error> {
        let id = id.into();
        let ok = !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if ok {
            Ok(Self(id))
        } else {
            Err(Error::KeyId {
                id: InputExcerpt::new(&id),
            })
        }
    }

    /// The id as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A secret key of at least [`MIN_KEY_BYTES`] bytes with its id.
///
/// Used as an HS256 signing key, as the pepper of password hashes and as the
/// key of backup-code hashes. The bytes it is built from are wiped once ring
/// has prepared its HMAC state, and its `Debug` output shows only the id.
///
/// # Examples
///
/// ```
/// use itsm_auth::{HmacKey, KeyId};
/// use itsm_core::SystemEntropy;
///
/// let key = HmacKey::generate(KeyId::new("k1")?, &SystemEntropy::new())?;
/// assert_eq!(format!("{key:?}"), "HmacKey { id: \"k1\", .. }");
/// assert!(HmacKey::new(KeyId::new("k0")?, vec![7; 31]).is_err());
/// # Ok::<(), itsm_auth::Error>(())
/// ```
#[derive(Clone)]
pub struct HmacKey {
    id: KeyId,
    /// ring's prepared HMAC state (the hash states of the padded key), built
    /// once so signing and verifying do not redo the key schedule. The raw
    /// bytes are wiped as soon as it is built; ring does not wipe this state.
    prepared: ring::hmac::Key,
}

impl HmacKey {
    /// Wraps key bytes the host holds (from its secret store).
    ///
    /// # Errors
    ///
    /// [`Error::KeyTooShort`] below [`MIN_KEY_BYTES`].
    pub fn new(id: KeyId, bytes: Vec<u8>) -> Result<Self, Error> {
        let bytes = Zeroizing::new(bytes);
        if bytes.len() < MIN_KEY_BYTES {
            return Err(Error::KeyTooShort {
                len: bytes.len(),
                min: MIN_KEY_BYTES,
            });
        }
        let prepared = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &bytes);
        Ok(Self { id, prepared })
    }

    /// A fresh 32-byte key from `entropy`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] when the entropy source fails.
    pub fn generate(id: KeyId, entropy: &(impl Entropy + ?Sized)) -> Result<Self, Error> {
        let bytes: Zeroizing<[u8; MIN_KEY_BYTES]> = Zeroizing::new(fill_array(entropy)?);
        Self::new(id, bytes.to_vec())
    }

    /// The key's id.
    #[must_use]
    pub fn id(&self) -> &KeyId {
        &self.id
    }

    pub(crate) fn hmac_key(&self) -> &ring::hmac::Key {
        &self.prepared
    }
}

impl fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacKey")
            .field("id", &self.id.as_str())
            .finish_non_exhaustive()
    }
}
